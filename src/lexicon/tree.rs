//! A lexicon file's TOML document as a plain tree, and its compact binary image.
//!
//! `load.rs` walks this tree. It is made either from TOML text (through toml's spanned
//! document tree, [`parse_toml`]) or, for the built-in lexicons, from an image that the build
//! script wrote from the same TOML ([`decode`]), which spares a fresh process the TOML parser.
//! Tables keep toml's order (by key) and every key and value keeps its byte span in the TOML
//! text, so both ways give the walk the same input.
//!
//! This file uses only `std` and `toml`: `build.rs` includes it too, to write the image.
//!
//! The image of one document: the magic [`MAGIC`], then the root table as a value. A value is a
//! tag byte, its span (two `u32`, little-endian) and its payload: a string (a `u32` length and
//! UTF-8 bytes) for strings, integers, floats and datetimes (with the radix as a byte before
//! an integer's text), a byte for booleans, a `u32` count and the items for arrays, a `u32`
//! count and (key span, key string, value) triples for tables. [`decode`] checks every length,
//! tag, span and string and returns `None` on a malformed image; it never panics.

use std::borrow::Cow;
use std::ops::Range;

/// The first bytes of an image (the version is part of it).
pub(crate) const MAGIC: &[u8; 8] = b"SDIMG001";

/// Deepest nesting accepted when decoding (the lexicon format needs 4).
const MAX_DEPTH: usize = 64;

/// A value with its byte range in the TOML text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spanned<T> {
    value: T,
    start: u32,
    end: u32,
}

impl<T> Spanned<T> {
    fn new(value: T, span: Range<usize>) -> Spanned<T> {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Spanned {
            value,
            start: clamp(span.start),
            end: clamp(span.end),
        }
    }

    /// The value.
    pub(crate) fn get_ref(&self) -> &T {
        &self.value
    }

    /// Its byte range in the TOML text.
    pub(crate) fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A key or value of the document.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// A key of a table.
pub(crate) type Key<'i> = Spanned<Cow<'i, str>>;

/// A number as written (underscores included), with the radix of an integer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Number<'i> {
    text: Cow<'i, str>,
    radix: u32,
}

impl Number<'_> {
    /// The digits as written.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// 2, 8, 10 or 16 for integers, 10 for floats.
    pub(crate) fn radix(&self) -> u32 {
        self.radix
    }
}

/// A TOML value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DeValue<'i> {
    String(Cow<'i, str>),
    Integer(Number<'i>),
    Float(Number<'i>),
    Boolean(bool),
    /// A datetime, as written (the lexicon format has none: only its type is reported).
    Datetime(Cow<'i, str>),
    Array(Vec<Value<'i>>),
    Table(DeTable<'i>),
}

/// A TOML table, its keys in toml's order (sorted by key).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DeTable<'i> {
    items: Vec<(Key<'i>, Value<'i>)>,
}

impl<'i> DeTable<'i> {
    /// The value of a key.
    pub(crate) fn get(&self, key: &str) -> Option<&Value<'i>> {
        self.items
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    /// Whether the table has this key.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys and values in toml's order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Value<'i>)> {
        self.items.iter().map(|(k, v)| (k, v))
    }
}

/// A TOML syntax error: its message and where it is.
pub(crate) struct SyntaxError {
    pub(crate) message: String,
    pub(crate) span: Range<usize>,
}

/// Parses TOML text into a tree whose strings borrow from the text where they can.
pub(crate) fn parse_toml(src: &str) -> Result<DeTable<'_>, SyntaxError> {
    let root = toml::de::DeTable::parse(src).map_err(|e| SyntaxError {
        message: e.message().trim().to_string(),
        span: e.span().unwrap_or(0..0),
    })?;
    Ok(table(root.into_inner()))
}

fn table(t: toml::de::DeTable<'_>) -> DeTable<'_> {
    DeTable {
        items: t
            .into_iter()
            .map(|(k, v)| {
                let span = k.span();
                (Spanned::new(k.into_inner(), span), value(v))
            })
            .collect(),
    }
}

fn value(v: toml::Spanned<toml::de::DeValue<'_>>) -> Value<'_> {
    use toml::de::DeValue as T;
    let span = v.span();
    let value = match v.into_inner() {
        T::String(s) => DeValue::String(s),
        T::Integer(i) => DeValue::Integer(Number {
            radix: i.radix(),
            text: Cow::Owned(i.as_str().to_string()),
        }),
        T::Float(f) => DeValue::Float(Number {
            radix: 10,
            text: Cow::Owned(f.as_str().to_string()),
        }),
        T::Boolean(b) => DeValue::Boolean(b),
        T::Datetime(d) => DeValue::Datetime(Cow::Owned(d.to_string())),
        T::Array(items) => DeValue::Array(items.into_iter().map(value).collect()),
        T::Table(t) => DeValue::Table(table(t)),
    };
    Spanned::new(value, span)
}

const STRING: u8 = 1;
const INTEGER: u8 = 2;
const FLOAT: u8 = 3;
const BOOLEAN: u8 = 4;
const DATETIME: u8 = 5;
const ARRAY: u8 = 6;
const TABLE: u8 = 7;

/// Appends the image of a document to `out`.
#[cfg_attr(not(test), allow(dead_code))] // the build script writes images; tests check them
pub(crate) fn encode(root: &DeTable<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(MAGIC);
    encode_table(root, 0..0, out);
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_span(out: &mut Vec<u8>, span: Range<usize>) {
    put_u32(out, span.start);
    put_u32(out, span.end);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn encode_table(t: &DeTable<'_>, span: Range<usize>, out: &mut Vec<u8>) {
    out.push(TABLE);
    put_span(out, span);
    put_u32(out, t.items.len());
    for (k, v) in &t.items {
        put_span(out, k.span());
        put_str(out, k.get_ref());
        encode_value(v, out);
    }
}

fn encode_value(v: &Value<'_>, out: &mut Vec<u8>) {
    let span = v.span();
    match v.get_ref() {
        DeValue::Table(t) => return encode_table(t, span, out),
        DeValue::String(s) => {
            out.push(STRING);
            put_span(out, span);
            put_str(out, s);
        }
        DeValue::Integer(n) => {
            out.push(INTEGER);
            put_span(out, span);
            out.push(u8::try_from(n.radix).unwrap_or(10));
            put_str(out, &n.text);
        }
        DeValue::Float(n) => {
            out.push(FLOAT);
            put_span(out, span);
            put_str(out, &n.text);
        }
        DeValue::Boolean(b) => {
            out.push(BOOLEAN);
            put_span(out, span);
            out.push(u8::from(*b));
        }
        DeValue::Datetime(d) => {
            out.push(DATETIME);
            put_span(out, span);
            put_str(out, d);
        }
        DeValue::Array(items) => {
            out.push(ARRAY);
            put_span(out, span);
            put_u32(out, items.len());
            for item in items {
                encode_value(item, out);
            }
        }
    }
}

/// Decodes the image of a document whose TOML text has `src_len` bytes; `None` when the image
/// is malformed (the caller then parses the TOML). Strings borrow from the image.
#[cfg_attr(not(test), allow(dead_code))] // the crate decodes; the build script only writes
pub(crate) fn decode(image: &[u8], src_len: usize) -> Option<DeTable<'_>> {
    let mut r = Reader {
        bytes: image.strip_prefix(MAGIC)?,
        src_len,
    };
    let root = r.value(0)?;
    match root.value {
        DeValue::Table(t) if r.bytes.is_empty() => Some(t),
        _ => None,
    }
}

struct Reader<'i> {
    bytes: &'i [u8],
    src_len: usize,
}

impl<'i> Reader<'i> {
    fn take(&mut self, n: usize) -> Option<&'i [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn span(&mut self) -> Option<Range<usize>> {
        let (start, end) = (self.u32()?, self.u32()?);
        (start <= end && end <= self.src_len).then_some(start..end)
    }

    fn str(&mut self) -> Option<&'i str> {
        let len = self.u32()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// A count of items, each taking at least `min` bytes, bounded by what is left.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()?;
        (n.checked_mul(min)? <= self.bytes.len()).then_some(n)
    }

    fn value(&mut self, depth: usize) -> Option<Value<'i>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let tag = self.byte()?;
        let span = self.span()?;
        let value = match tag {
            STRING => DeValue::String(Cow::Borrowed(self.str()?)),
            INTEGER => {
                let radix = u32::from(self.byte()?);
                if !matches!(radix, 2 | 8 | 10 | 16) {
                    return None;
                }
                DeValue::Integer(Number {
                    radix,
                    text: Cow::Borrowed(self.str()?),
                })
            }
            FLOAT => DeValue::Float(Number {
                radix: 10,
                text: Cow::Borrowed(self.str()?),
            }),
            BOOLEAN => match self.byte()? {
                0 => DeValue::Boolean(false),
                1 => DeValue::Boolean(true),
                _ => return None,
            },
            DATETIME => DeValue::Datetime(Cow::Borrowed(self.str()?)),
            ARRAY => {
                let n = self.count(9)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                DeValue::Array(items)
            }
            TABLE => {
                let n = self.count(21)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    let key_span = self.span()?;
                    let key = Spanned::new(Cow::Borrowed(self.str()?), key_span);
                    items.push((key, self.value(depth + 1)?));
                }
                DeValue::Table(DeTable { items })
            }
            _ => return None,
        };
        Some(Spanned::new(value, span))
    }
}

/// The first bytes of the bundle of built-in images that the build script writes.
pub(crate) const BUNDLE_MAGIC: &[u8; 8] = b"SDBNDL01";

/// The built-in lexicons as the build script wrote them: each file's image, and a table of
/// stems of the words their strings use.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Bundle<'i> {
    /// (path in the crate, length of its TOML text, image) for each file parsed without error.
    pub(crate) files: Vec<(&'i str, usize, &'i [u8])>,
    /// The language code the stems are for ("en").
    pub(crate) language: &'i str,
    /// (word, stem), sorted by word and without duplicates.
    pub(crate) stems: Vec<(&'i str, &'i str)>,
}

impl Bundle<'_> {
    /// The image of a file and the length of the TOML text it was made from.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn file(&self, name: &str) -> Option<(usize, &[u8])> {
        self.files
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, len, image)| (len, image))
    }

    /// The stem of a word, when the table has it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn stem(&self, word: &str) -> Option<&str> {
        self.stems
            .binary_search_by(|(w, _)| (*w).cmp(word))
            .ok()
            .map(|i| self.stems[i].1)
    }
}

/// Writes a bundle (see [`Bundle`]); `stems` need not be sorted.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn encode_bundle(
    files: &[(String, usize, Vec<u8>)],
    language: &str,
    stems: &[(String, String)],
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(BUNDLE_MAGIC);
    put_u32(&mut out, files.len());
    for (name, len, image) in files {
        put_str(&mut out, name);
        put_u32(&mut out, *len);
        put_u32(&mut out, image.len());
        out.extend_from_slice(image);
    }
    put_str(&mut out, language);
    let mut stems: Vec<&(String, String)> = stems.iter().collect();
    stems.sort();
    stems.dedup_by(|a, b| a.0 == b.0);
    put_u32(&mut out, stems.len());
    for (word, stem) in stems {
        put_str(&mut out, word);
        put_str(&mut out, stem);
    }
    out
}

/// Reads a bundle; `None` when it is malformed. The file images are checked when decoded.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn decode_bundle(bytes: &[u8]) -> Option<Bundle<'_>> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(BUNDLE_MAGIC)?,
        src_len: usize::MAX,
    };
    let n = r.count(12)?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.str()?;
        let len = r.u32()?;
        let image_len = r.u32()?;
        files.push((name, len, r.take(image_len)?));
    }
    let language = r.str()?;
    let n = r.count(8)?;
    let mut stems = Vec::with_capacity(n);
    for _ in 0..n {
        stems.push((r.str()?, r.str()?));
    }
    let sorted = stems.windows(2).all(|w| w[0].0 < w[1].0);
    (sorted && r.bytes.is_empty()).then_some(Bundle {
        files,
        language,
        stems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"
[lexicon]
name = "t"
weight = 1_000
hex = 0xff
ratio = 2.5e-1
on = true
when = 1979-05-27T07:32:00Z
escaped = "a \"quoted\" \u00e9 word"

[[entry]]
id = "a"
terms = ["x", { text = "y", case = "sensitive" }]
"#;

    #[test]
    fn a_tree_survives_its_image() {
        let root = parse_toml(SRC).ok().expect("valid TOML");
        let mut image = Vec::new();
        encode(&root, &mut image);
        assert_eq!(decode(&image, SRC.len()), Some(root.clone()));
        // Spans beyond the text, trailing bytes and a wrong magic are refused.
        assert_eq!(decode(&image, 10), None);
        let mut longer = image.clone();
        longer.push(0);
        assert_eq!(decode(&longer, SRC.len()), None);
        image[0] = b'X';
        assert_eq!(decode(&image, SRC.len()), None);
        let Some(DeValue::Table(header)) = root.get("lexicon").map(Spanned::get_ref) else {
            panic!("a table")
        };
        let Some(DeValue::Integer(hex)) = header.get("hex").map(Spanned::get_ref) else {
            panic!("an integer")
        };
        assert_eq!((hex.as_str(), hex.radix()), ("ff", 16));
        let escaped = header.get("escaped").map(Spanned::get_ref);
        assert_eq!(
            escaped,
            Some(&DeValue::String("a \"quoted\" é word".into()))
        );
    }

    #[test]
    fn a_bundle_survives_its_encoding() {
        let files = vec![("a.toml".to_string(), 3, vec![1, 2, 3])];
        let stems = vec![
            ("nations".to_string(), "nation".to_string()),
            ("academies".to_string(), "academi".to_string()),
            ("nations".to_string(), "nation".to_string()),
        ];
        let bytes = encode_bundle(&files, "en", &stems);
        let bundle = decode_bundle(&bytes).expect("valid");
        assert_eq!(bundle.file("a.toml"), Some((3, &[1u8, 2, 3][..])));
        assert_eq!(bundle.stem("academies"), Some("academi"));
        assert_eq!(bundle.stem("nations"), Some("nation"));
        assert_eq!(bundle.stem("nation"), None);
        for cut in 0..bytes.len() {
            assert!(decode_bundle(&bytes[..cut]).is_none());
        }
    }
}
