//! The built-in lexicons, embedded at compile time and loaded once per process.
//!
//! The TOML files are embedded, and so is the image that `build.rs` made of them with the
//! crate's own loader (`image.rs`): the lexicons as loaded, and their phrases read into words
//! for the default analyzer. A process decodes the image; should it be missing or damaged, the
//! TOML files are parsed instead, which gives the same lexicons.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use super::image::{self, Reader, Writer};
use super::{Lexicon, LexiconSet};
use crate::error::LexiconError;
use crate::matcher::Prepared;
use crate::text::{Language, Stemmer};

/// The embedded files, by the path they have in the crate (which error messages show).
const FILES: &[(&str, &str)] = &[
    (
        "data/lexicons/modes.toml",
        include_str!("../../data/lexicons/modes.toml"),
    ),
    (
        "data/lexicons/sdgs.toml",
        include_str!("../../data/lexicons/sdgs.toml"),
    ),
    (
        "data/lexicons/organisations.toml",
        include_str!("../../data/lexicons/organisations.toml"),
    ),
    (
        "data/lexicons/countries.toml",
        include_str!("../../data/lexicons/countries.toml"),
    ),
    (
        "data/lexicons/rules.toml",
        include_str!("../../data/lexicons/rules.toml"),
    ),
];

/// The image of the files, written by `build.rs` (which, compiling this file itself, has none).
#[cfg(scidip_image)]
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.img"));
#[cfg(not(scidip_image))]
static IMAGE: &[u8] = &[];

static BUILTIN: OnceLock<Result<Vec<Lexicon>, LexiconError>> = OnceLock::new();

/// The default analyzer's lexicons, merged, and its phrases read ahead, from the image.
static DEFAULT: OnceLock<Option<(Arc<LexiconSet>, Prepared)>> = OnceLock::new();

/// The lexicons of the image and the reader left at the prepared phrases, or `None` when the
/// image is missing or damaged.
fn decode_lexicons() -> Option<(Vec<Lexicon>, Reader<'static>)> {
    let mut r = Reader {
        bytes: image::open(IMAGE)?,
    };
    let expected: Vec<(&str, usize)> = FILES.iter().map(|(n, src)| (*n, src.len())).collect();
    let lexicons = image::decode_lexicons(&mut r, &expected)?;
    Some((lexicons, r))
}

/// The lexicons and prepared phrases of the image, or `None` when it is missing or damaged.
fn decode_image() -> Option<(Vec<Lexicon>, Prepared)> {
    let (lexicons, mut r) = decode_lexicons()?;
    let prepared = Prepared::decode(&mut r)?;
    r.bytes.is_empty().then_some((lexicons, prepared))
}

/// The built-in lexicons, loaded on first use: from the image, or else from the TOML files.
pub(crate) fn lexicons() -> Result<&'static [Lexicon], &'static LexiconError> {
    BUILTIN
        .get_or_init(|| match decode_lexicons() {
            Some((lexicons, _)) => Ok(lexicons),
            None => parse_toml(),
        })
        .as_ref()
        .map(Vec::as_slice)
}

/// For the default analyzer (built-in lexicons alone, English, diacritics folded): the merged
/// lexicons, shared by every such analyzer, and their phrases read ahead; `None` without a
/// valid image. Decoded apart from [`lexicons`], so that the entries are moved into the set
/// rather than copied.
pub(crate) fn default_set() -> Option<(&'static Arc<LexiconSet>, &'static Prepared)> {
    DEFAULT
        .get_or_init(|| {
            let (lexicons, prepared) = decode_image()?;
            let set =
                LexiconSet::merge(lexicons.into_iter().map(Cow::Owned), Language::English).ok()?;
            Some((Arc::new(set), prepared))
        })
        .as_ref()
        .map(|(set, prepared)| (set, prepared))
}

/// The built-in lexicons parsed from their TOML text, without the image: the fallback for a
/// missing or damaged image, what the image is made from, and the reference it is tested
/// against. The largest file is parsed on a second thread while the others are parsed on this
/// one; should the thread fail to start, everything is parsed here.
pub(crate) fn parse_toml() -> Result<Vec<Lexicon>, LexiconError> {
    let parse = |(name, src): &(&str, &str)| Lexicon::from_toml_str(src, name);
    let largest = FILES
        .iter()
        .enumerate()
        .max_by_key(|(_, (_, src))| src.len())
        .map_or(0, |(i, _)| i);
    let (big, rest) = std::thread::scope(|scope| {
        let big = std::thread::Builder::new()
            .name("scidip-builtin".into())
            .spawn_scoped(scope, || parse(&FILES[largest]));
        let rest: Vec<_> = FILES
            .iter()
            .enumerate()
            .map(|(i, file)| (i != largest || big.is_err()).then(|| parse(file)))
            .collect();
        (big.ok().map(|handle| handle.join()), rest)
    });
    let mut parsed = rest;
    // A panic on the thread would be a bug: the file is then parsed again here.
    if let Some(Ok(result)) = big {
        parsed[largest] = Some(result);
    }
    parsed
        .into_iter()
        .zip(FILES)
        .map(|(result, file)| result.unwrap_or_else(|| parse(file)))
        .collect()
}

/// The image `build.rs` embeds: empty when a file has an error (the crate then parses the TOML
/// at run time and reports it).
#[allow(dead_code)] // called by build.rs, which compiles this module, and by the tests
pub(crate) fn write_image() -> Vec<u8> {
    let Ok(lexicons) = parse_toml() else {
        return Vec::new();
    };
    match payload(FILES, &lexicons) {
        Some(bytes) => image::seal(&bytes),
        None => Vec::new(),
    }
}

/// What the image holds for `files` loaded as `lexicons`, before its seal: the lexicons, then
/// the phrases of their English set read ahead. `None` when they do not merge.
fn payload(files: &[(&str, &str)], lexicons: &[Lexicon]) -> Option<Vec<u8>> {
    let set = LexiconSet::merge(lexicons.iter().map(Cow::Borrowed), Language::English).ok()?;
    let files: Vec<(&str, usize, &Lexicon)> = files
        .iter()
        .zip(lexicons)
        .map(|((name, src), lexicon)| (*name, src.len(), lexicon))
        .collect();
    let mut w = Writer::default();
    image::encode_lexicons(&mut w, &files);
    Prepared::read(&set, &Stemmer::new(Language::English), true).encode(&mut w);
    Some(w.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_holds_what_the_toml_gives() {
        let (decoded, read_ahead) = decode_image().expect("the image decodes");
        let from_toml = parse_toml().expect("valid built-in lexicons");
        assert_eq!(decoded, from_toml);
        let set = LexiconSet::merge(from_toml.iter().map(Cow::Borrowed), Language::English)
            .expect("merges");
        let read = Prepared::read(&set, &Stemmer::new(Language::English), true);
        assert_eq!(read_ahead, read);
        assert_eq!(lexicons().expect("valid"), from_toml.as_slice());
        let (shared, prepared) = default_set().expect("from the image");
        assert_eq!(shared.entries, set.entries);
        assert_eq!(shared.rules, set.rules);
        assert_eq!(shared.infos, set.infos);
        assert_eq!(*prepared, read);
    }

    #[test]
    fn writing_the_image_again_gives_the_same_bytes() {
        assert_eq!(write_image(), IMAGE);
    }

    #[test]
    fn a_damaged_image_is_refused_without_panic() {
        // The checksum refuses any change, any truncation and any other magic.
        assert!(image::open(&IMAGE[..IMAGE.len() - 1]).is_none());
        assert!(image::open(&[]).is_none());
        let mut damaged = IMAGE.to_vec();
        for i in (0..damaged.len()).step_by(4099) {
            damaged[i] ^= 0x20;
            assert!(image::open(&damaged).is_none(), "byte {i}");
            damaged[i] ^= 0x20;
        }
        // Below the checksum, the decoders refuse or accept damaged bytes but never panic: on
        // a small image (two files), truncated everywhere and changed at many places.
        let small = [FILES[0], FILES[4]];
        let lexicons: Vec<Lexicon> = small
            .iter()
            .map(|(n, src)| Lexicon::from_toml_str(src, n).expect("valid"))
            .collect();
        let payload = payload(&small, &lexicons).expect("merges");
        let expected: Vec<(&str, usize)> = small.iter().map(|(n, s)| (*n, s.len())).collect();
        let decode = |bytes: &[u8]| {
            let mut r = Reader { bytes };
            image::decode_lexicons(&mut r, &expected)
                .and_then(|_| Prepared::decode(&mut r))
                .is_some()
        };
        assert!(decode(&payload));
        for cut in (0..payload.len()).step_by(509) {
            assert!(!decode(&payload[..cut]), "cut at {cut}");
        }
        let mut damaged = payload.clone();
        for i in (0..damaged.len()).step_by(263) {
            let old = damaged[i];
            for new in [0, 1, 4, 0x80, 0xff] {
                damaged[i] = new;
                let _ = decode(&damaged);
            }
            damaged[i] = old;
        }
    }
}
