//! A pack cannot make a report grow without end: message templates are bounded at lint.
//! (Packs written in TOML: without the `toml` feature there is nothing to test here.)
#![cfg(feature = "toml")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use fundcheck::Pack;

#[test]
fn a_message_with_thousands_of_placeholders_is_a_pack_error_naming_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let text = std::fs::read_to_string(root.join("yanshi-2019.toml")).unwrap();
    let blown = "{value}".repeat(2000);
    let hostile = text.replacen(
        "messages.fail = { zh = \"申请单位注册地 {value} 不在本市（应为 {allowed_labels}）\"",
        &format!("messages.fail = {{ zh = \"{blown}\""),
        1,
    );
    assert_ne!(hostile, text);
    let read = |name: &str| std::fs::read_to_string(root.join(name)).map_err(|e| e.to_string());
    let errors = Pack::from_toml(&hostile, &read).expect_err("the pack must not build");
    let places: Vec<String> = errors.0.iter().filter_map(|e| e.place.clone()).collect();
    assert!(
        places.contains(&"rules.eligibility.registered_locally.messages.fail.zh".to_string()),
        "{places:?}"
    );
}

#[test]
fn an_id_with_white_space_around_it_is_a_pack_error_naming_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let text = std::fs::read_to_string(root.join("yanshi-2019.toml")).unwrap();
    let read = |name: &str| std::fs::read_to_string(root.join(name)).map_err(|e| e.to_string());
    for padded in [
        "id = \"equipment \"",
        "id = \"\u{00A0}equipment\"",
        "id = \"\tequipment\"",
    ] {
        let hostile = text.replacen("id = \"equipment\"", padded, 1);
        assert_ne!(hostile, text);
        let errors = Pack::from_toml(&hostile, &read).expect_err("the pack must not build");
        assert!(
            errors.0.iter().any(|e| e.message.contains("white space around it")),
            "{padded}: {:?}",
            errors.0.iter().map(|e| &e.message).collect::<Vec<_>>()
        );
    }
}
