//! JSON Pointers into an input document (`/outlets/3/phone`), ordered segment by segment with
//! array indices compared as numbers, so `/lines/2` comes before `/lines/10`.

use std::cmp::Ordering;
use std::fmt;

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Path(Vec<Segment>);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

impl Path {
    /// The whole document: the empty pointer `""`.
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// Parses a pointer such as `/applicant/region` (pack files name fields this way).
    pub fn parse(pointer: &str) -> Option<Path> {
        if pointer.is_empty() {
            return Some(Path::root());
        }
        let rest = pointer.strip_prefix('/')?;
        let segments = rest
            .split('/')
            .map(|raw| {
                let key = raw.replace("~1", "/").replace("~0", "~");
                match key.parse::<usize>() {
                    Ok(i) if !key.starts_with('+') && (key == "0" || !key.starts_with('0')) => Segment::Index(i),
                    _ => Segment::Key(key),
                }
            })
            .collect();
        Some(Path(segments))
    }

    pub fn key(&self, key: &str) -> Path {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_owned()));
        Path(segments)
    }

    pub fn index(&self, index: usize) -> Path {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        Path(segments)
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The last key of the pointer (`phone` for `/outlets/3/phone`).
    pub fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        for segment in &self.0 {
            match segment {
                Segment::Key(k) => {
                    f.write_char('/')?;
                    for c in k.chars() {
                        match c {
                            '~' => f.write_str("~0")?,
                            '/' => f.write_str("~1")?,
                            c => f.write_char(c)?,
                        }
                    }
                }
                Segment::Index(i) => write!(f, "/{i}")?,
            }
        }
        Ok(())
    }
}

impl Ord for Segment {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Segment::Index(a), Segment::Index(b)) => a.cmp(b),
            (Segment::Key(a), Segment::Key(b)) => a.cmp(b),
            (Segment::Index(_), Segment::Key(_)) => Ordering::Less,
            (Segment::Key(_), Segment::Index(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Segment {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Path {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for Path {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Path {
        Path::parse(s).unwrap_or_default()
    }

    #[test]
    fn indices_compare_as_numbers() {
        assert!(p("/lines/2") < p("/lines/10"));
        assert!(p("/lines") < p("/lines/0"));
        assert!(p("") < p("/a"));
    }

    #[test]
    fn round_trips_with_escapes() {
        for s in ["", "/outlets/3/phone", "/a~1b/c~0d"] {
            assert_eq!(p(s).to_string(), s);
        }
    }
}
