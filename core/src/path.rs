//! JSON Pointers into an input document (`/outlets/3/phone`), ordered segment by segment with
//! array indices compared as numbers, so `/lines/2` comes before `/lines/10`.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A pointer, kept as a chain from the leaf to the root: extending a path (`key`, `index`)
/// allocates one link and shares the parent, which matters when every field of a document
/// is given its path while it is read.
#[derive(Clone, Default)]
pub struct Path(Option<Arc<Link>>);

struct Link {
    parent: Path,
    segment: Segment,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A key: a field name the code knows (borrowed) or one read from a document (owned).
    Key(Cow<'static, str>),
    Index(usize),
}

impl Path {
    /// The whole document: the empty pointer `""`.
    pub fn root() -> Path {
        Path(None)
    }

    /// Parses a pointer such as `/applicant/region` (pack files name fields this way).
    pub fn parse(pointer: &str) -> Option<Path> {
        if pointer.is_empty() {
            return Some(Path::root());
        }
        let rest = pointer.strip_prefix('/')?;
        let path = rest.split('/').fold(Path::root(), |path, raw| {
            let key = raw.replace("~1", "/").replace("~0", "~");
            match key.parse::<usize>() {
                Ok(i) if !key.starts_with('+') && (key == "0" || !key.starts_with('0')) => path.index(i),
                _ => path.key(&key),
            }
        });
        Some(path)
    }

    fn push(&self, segment: Segment) -> Path {
        Path(Some(Arc::new(Link {
            parent: self.clone(),
            segment,
        })))
    }

    pub fn key(&self, key: &str) -> Path {
        self.push(Segment::Key(Cow::Owned(key.to_owned())))
    }

    /// A field the code names (`"process"`, `"received"`): as [`Path::key`], without copying
    /// the name.
    pub fn field(&self, name: &'static str) -> Path {
        self.push(Segment::Key(Cow::Borrowed(name)))
    }

    pub fn index(&self, index: usize) -> Path {
        self.push(Segment::Index(index))
    }

    /// The segments from the root down.
    pub fn segments(&self) -> Vec<&Segment> {
        let mut segments = Vec::new();
        let mut link = self.0.as_deref();
        while let Some(l) = link {
            segments.push(&l.segment);
            link = l.parent.0.as_deref();
        }
        segments.reverse();
        segments
    }

    /// The last key of the pointer (`phone` for `/outlets/3/phone`).
    pub fn last_key(&self) -> Option<&str> {
        let mut link = self.0.as_deref();
        while let Some(l) = link {
            if let Segment::Key(k) = &l.segment {
                return Some(k.as_ref());
            }
            link = l.parent.0.as_deref();
        }
        None
    }
}

/// A place being read, borrowed from the places around it: a decoder makes one for every
/// field it reads and turns it into a [`Path`] only where it records a problem, so reading a
/// well-formed document allocates no path at all.
#[derive(Clone, Copy)]
pub enum At<'a> {
    /// A path already made (the root, or where a caller's reading starts).
    Path(&'a Path),
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

static ROOT: Path = Path(None);

impl<'a> At<'a> {
    /// The whole document.
    pub const ROOT: At<'static> = At::Path(&ROOT);

    pub fn key<'b>(&'b self, key: &'b str) -> At<'b> {
        At::Key(self, key)
    }

    pub fn index(&self, index: usize) -> At<'_> {
        At::Index(self, index)
    }

    /// The path of this place.
    pub fn to_path(&self) -> Path {
        match self {
            At::Path(path) => (*path).clone(),
            At::Key(parent, key) => parent.to_path().key(key),
            At::Index(parent, index) => parent.to_path().index(*index),
        }
    }

    /// The last key of the place (`phone` for `/outlets/3/phone`).
    pub fn last_key(&self) -> Option<&'a str> {
        match *self {
            At::Path(path) => path.last_key(),
            At::Key(_, key) => Some(key),
            At::Index(parent, _) => parent.last_key(),
        }
    }
}

impl<'a> From<&'a Path> for At<'a> {
    fn from(path: &'a Path) -> At<'a> {
        At::Path(path)
    }
}

/// Calls `f` with the segments from the root down, on the stack for the short paths of
/// documents (sorting thousands of findings compares paths many times).
fn with_segments<R>(path: &Path, f: impl FnOnce(&[Option<&Segment>]) -> R) -> R {
    const SHORT: usize = 16;
    let mut buffer: [Option<&Segment>; SHORT] = [None; SHORT];
    let mut depth = 0;
    let mut link = path.0.as_deref();
    while let Some(l) = link {
        depth += 1;
        link = l.parent.0.as_deref();
    }
    if depth > SHORT {
        let all: Vec<Option<&Segment>> = path.segments().into_iter().map(Some).collect();
        return f(&all);
    }
    let mut link = path.0.as_deref();
    let mut i = depth;
    while let Some(l) = link {
        i -= 1;
        if let Some(slot) = buffer.get_mut(i) {
            *slot = Some(&l.segment);
        }
        link = l.parent.0.as_deref();
    }
    f(buffer.get(..depth).unwrap_or(&[]))
}

impl PartialEq for Path {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Path {}

impl Hash for Path {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.segments().hash(state);
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        for segment in self.segments() {
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
        with_segments(self, |a| with_segments(other, |b| a.cmp(b)))
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
    fn a_place_read_becomes_the_path_it_names() {
        let base = p("/lines");
        let start = At::from(&base);
        let line = start.index(3);
        let field = line.key("a/b");
        assert_eq!(field.to_path(), p("/lines/3/a~1b"));
        assert_eq!(field.last_key(), Some("a/b"));
        assert_eq!(line.last_key(), Some("lines"));
        assert_eq!(At::ROOT.key("id").to_path().to_string(), "/id");
        assert_eq!(At::ROOT.to_path(), Path::root());
    }

    #[test]
    fn round_trips_with_escapes() {
        for s in ["", "/outlets/3/phone", "/a~1b/c~0d"] {
            assert_eq!(p(s).to_string(), s);
        }
    }
}
