//! Message templates: the pack holds every rule's messages in Chinese and English with
//! `{name}` placeholders. A placeholder written `{name%}` asks for a share as a percentage
//! (`0.15` → `15%`). This module knows the template syntax only; what a name is filled with
//! is the caller's (a finding's facts, `report::Finding::message`), so it imports nothing.

/// Fills each `{name}` and `{name%}` placeholder with `fill(name, percent)`; a name `fill`
/// does not know (`None`) is left as written.
pub fn render(template: &str, fill: impl Fn(&str, bool) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let name = after.get(1..close).unwrap_or("");
        let (name, percent) = match name.strip_suffix('%') {
            Some(n) => (n, true),
            None => (name, false),
        };
        match fill(name, percent) {
            Some(text) => out.push_str(&text),
            None => out.push_str(after.get(..=close).unwrap_or("")),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The placeholder names a template uses.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else { break };
        let name = after.get(..close).unwrap_or("");
        names.push(name.strip_suffix('%').unwrap_or(name));
        rest = after.get(close + 1..).unwrap_or("");
    }
    names
}

/// The user's value as a message quotes it: whole up to 80 characters, else its first 60 and
/// an ellipsis, so a 100 KB string does not make a 100 KB message (the path stays exact).
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(80) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => {
            let cut = text.char_indices().nth(60).map_or(text.len(), |(i, _)| i);
            std::borrow::Cow::Owned(format!("{}…", text.get(..cut).unwrap_or(text)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_what_it_is_given_and_leaves_the_rest() {
        let fill = |name: &str, percent: bool| match (name, percent) {
            ("who", false) => Some("申请单位".to_string()),
            ("share", true) => Some("50%".to_string()),
            ("share", false) => Some("0.5000".to_string()),
            _ => None,
        };
        assert_eq!(
            render("{who}超过 {share%}（{share}）{unknown}，{open", fill),
            "申请单位超过 50%（0.5000）{unknown}，{open"
        );
        assert_eq!(placeholders("a {x} b {y%}"), vec!["x", "y"]);
    }

    #[test]
    fn a_long_value_is_cut_to_sixty_characters_and_an_ellipsis() {
        assert_eq!(shown(&"x".repeat(80)), "x".repeat(80));
        assert_eq!(shown(&"字".repeat(81)), format!("{}…", "字".repeat(60)));
    }
}
