//! The built-in lexicons, embedded at compile time and loaded once per process.
//!
//! The TOML files are embedded, and so is the image the build script made of them
//! (`build.rs`): each file's document tree, already parsed, and the stems of the words their
//! strings use. Loading walks the decoded tree with the same code that walks a parsed TOML file
//! (`load.rs`), so both give the same lexicons; a file without a valid image is parsed from its
//! TOML instead.

use std::sync::OnceLock;

use super::tree::{self, Bundle};
use super::{Lexicon, load};
use crate::error::LexiconError;

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

/// The image of the files, written by `build.rs`.
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.img"));

static BUNDLE: OnceLock<Option<Bundle<'static>>> = OnceLock::new();

static BUILTIN: OnceLock<Result<Vec<Lexicon>, LexiconError>> = OnceLock::new();

/// The decoded image, or `None` when it is malformed (everything is then parsed from TOML).
fn bundle() -> Option<&'static Bundle<'static>> {
    BUNDLE.get_or_init(|| tree::decode_bundle(IMAGE)).as_ref()
}

/// The stems of the built-in lexicons' words, for an analyzer of their language.
pub(crate) fn stems() -> Option<&'static Bundle<'static>> {
    bundle()
}

/// One built-in file: from its image when there is a valid one, else from its TOML.
fn load((name, src): &(&str, &str)) -> Result<Lexicon, LexiconError> {
    let image = bundle().and_then(|b| b.file(name));
    if let Some((len, image)) = image
        && len == src.len()
        && let Some(root) = tree::decode(image, src.len())
    {
        return load::from_tree(&root, src, name).map_err(|mut errors| errors.swap_remove(0));
    }
    Lexicon::from_toml_str(src, name)
}

/// The built-in lexicons, loaded on first use.
///
/// The largest file is loaded on a second thread while the others are loaded on this one, which
/// shortens the start-up of a process on two cores. Should the thread fail to start, everything
/// is loaded here.
pub(crate) fn lexicons() -> Result<&'static [Lexicon], &'static LexiconError> {
    BUILTIN
        .get_or_init(|| {
            let largest = FILES
                .iter()
                .enumerate()
                .max_by_key(|(_, (_, src))| src.len())
                .map_or(0, |(i, _)| i);
            // Decoded once, before the threads need it.
            bundle();
            let (big, rest) = std::thread::scope(|scope| {
                let big = std::thread::Builder::new()
                    .name("scidip-builtin".into())
                    .spawn_scoped(scope, || load(&FILES[largest]));
                let rest: Vec<_> = FILES
                    .iter()
                    .enumerate()
                    .map(|(i, file)| (i != largest || big.is_err()).then(|| load(file)))
                    .collect();
                (big.ok().map(|handle| handle.join()), rest)
            });
            let mut loaded = rest;
            // A panic on the thread would be a bug: the file is then loaded again here.
            if let Some(Ok(result)) = big {
                loaded[largest] = Some(result);
            }
            loaded
                .into_iter()
                .zip(FILES)
                .map(|(result, file)| result.unwrap_or_else(|| load(file)))
                .collect()
        })
        .as_ref()
        .map(Vec::as_slice)
}

/// The built-in lexicons parsed from their TOML text, without the image (for tests and the
/// comparison of both ways).
pub(crate) fn parse_toml() -> Result<Vec<Lexicon>, LexiconError> {
    FILES
        .iter()
        .map(|(name, src)| Lexicon::from_toml_str(src, name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_a_valid_image() {
        let bundle = bundle().expect("the build script wrote a valid image");
        for (name, src) in FILES {
            let (len, image) = bundle.file(name).expect("an image of every built-in file");
            assert_eq!(len, src.len(), "{name}");
            let from_image = tree::decode(image, len).expect("the image decodes");
            let from_toml = tree::parse_toml(src).ok().expect("the file parses");
            assert_eq!(from_image, from_toml, "{name}");
        }
    }

    #[test]
    fn lexicons_from_the_image_equal_lexicons_from_toml() {
        let from_toml = parse_toml().expect("valid built-in lexicons");
        let from_image = lexicons().expect("valid built-in lexicons");
        assert_eq!(from_image, from_toml.as_slice());
    }

    #[test]
    fn the_stem_table_agrees_with_the_stemmer() {
        let bundle = bundle().expect("a valid image");
        assert_eq!(bundle.language, "en");
        assert!(bundle.stems.len() > 1000, "{}", bundle.stems.len());
        let stemmer = crate::text::Stemmer::new(crate::text::Language::English);
        for (word, stem) in &bundle.stems {
            assert_eq!(stemmer.stem(word), *stem, "{word}");
        }
    }

    #[test]
    fn a_damaged_image_is_refused_without_panic() {
        let (name, src) = FILES[0];
        let (len, image) = bundle().and_then(|b| b.file(name)).expect("an image");
        // Every truncation, and a byte changed at many places.
        for cut in (0..image.len()).step_by(97) {
            assert!(tree::decode(&image[..cut], len).is_none());
        }
        let mut damaged = image.to_vec();
        for i in (0..damaged.len()).step_by(53) {
            let old = damaged[i];
            for new in [0, 1, 7, 0x80, 0xff] {
                damaged[i] = new;
                // A change may still decode (a span or a letter); it must not panic.
                if let Some(root) = tree::decode(&damaged, len) {
                    let _ = load::from_tree(&root, src, name);
                }
            }
            damaged[i] = old;
        }
        for cut in (0..IMAGE.len()).step_by(1009) {
            assert!(tree::decode_bundle(&IMAGE[..cut]).is_none());
        }
        assert!(tree::decode(b"", 0).is_none());
        assert!(tree::decode_bundle(b"SDBNDL01\xff\xff\xff\xff").is_none());
    }
}
