//! The pipeline's stages one by one, for the benchmarks (`benches/analyze.rs`).
//!
//! Hidden from the documentation and outside the stability promise of the crate: use
//! [`Analyzer::analyze`] instead.

use crate::Analyzer;
use crate::matcher::Scratch;
use crate::text::{Folding, Piece, normalize_into, pieces};

/// Sentence segmentation alone (with the repairs for wrapped lines and abbreviations): the
/// number of sentences in `text`.
///
/// ```
/// assert_eq!(scidip::internals::sentences("Dr. Salim spoke.\nThe U.S. agreed. Done."), 3);
/// ```
#[must_use]
pub fn sentences(text: &str) -> usize {
    let mut spans = Vec::new();
    crate::text::sentences(text, &mut spans);
    spans.len()
}

/// Sentence and word segmentation alone: the number of words in `text`.
///
/// ```
/// assert_eq!(scidip::internals::segment("Science diplomacy. People-to-people ties!"), 6);
/// ```
#[must_use]
pub fn segment(text: &str) -> usize {
    let mut spans = Vec::new();
    crate::text::sentences(text, &mut spans);
    let mut words = 0;
    for sentence in &spans {
        pieces(&text[*sentence], sentence.start, |p| {
            words += usize::from(!matches!(p, Piece::Soft));
        });
    }
    words
}

/// Segmentation and case and diacritic folding of every word: the bytes of folded text.
///
/// ```
/// assert_eq!(scidip::internals::segment_and_fold("Organización, CERN"), 16);
/// ```
#[must_use]
pub fn segment_and_fold(text: &str) -> usize {
    let folding = Folding {
        lowercase: true,
        diacritics: true,
    };
    let mut spans = Vec::new();
    crate::text::sentences(text, &mut spans);
    let mut buf = String::new();
    let mut bytes = 0;
    for sentence in &spans {
        pieces(&text[*sentence], sentence.start, |p| {
            if let Piece::Word(s, e) = p {
                buf.clear();
                normalize_into(&text[s..e], folding, &mut buf);
                bytes += buf.len();
            }
        });
    }
    bytes
}

/// A document segmented, folded, stemmed and encoded as the matcher reads it.
pub struct Encoded {
    inner: crate::matcher::Encoded,
}

/// Reads `text` into the matcher's code stream (everything before matching).
///
/// ```
/// let analyzer = scidip::Analyzer::builder().build()?;
/// let text = "CERN and ITER.";
/// let mut encoded = scidip::internals::encode(&analyzer, text);
/// let a = analyzer.analyze(text);
/// let mentions = a.mentions().len() + a.cue_mentions().len();
/// assert_eq!(scidip::internals::match_encoded(&analyzer, &mut encoded), mentions);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[must_use]
pub fn encode(analyzer: &Analyzer, text: &str) -> Encoded {
    let mut scratch = Scratch::default();
    Encoded {
        inner: analyzer.inner.matcher.encode(text, &mut scratch),
    }
}

/// The matcher alone (trie walk, constraints, overlap resolution) on an encoded document:
/// the number of mentions, context-term mentions included (`Analysis::mentions` plus
/// `Analysis::cue_mentions`).
///
/// ```
/// let analyzer = scidip::Analyzer::builder().build()?;
/// let text = "The IAEA and the WHO, not who.";
/// let mut encoded = scidip::internals::encode(&analyzer, text);
/// let a = analyzer.analyze(text);
/// let mentions = a.mentions().len() + a.cue_mentions().len();
/// assert!(mentions >= 2);
/// assert_eq!(scidip::internals::match_encoded(&analyzer, &mut encoded), mentions);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[must_use]
pub fn match_encoded(analyzer: &Analyzer, encoded: &mut Encoded) -> usize {
    analyzer
        .inner
        .matcher
        .match_encoded(&mut encoded.inner, analyzer.inner.overlap)
}

/// The built-in lexicons parsed from their TOML text, bypassing the pre-parsed image that
/// [`Lexicon::builtin`](crate::Lexicon::builtin) loads them from: the reference that the image
/// is tested against.
///
/// # Errors
///
/// As [`Lexicon::from_toml_str`](crate::Lexicon::from_toml_str), for the first file with an
/// error.
///
/// ```
/// let from_toml = scidip::internals::builtin_lexicons_from_toml()?;
/// assert_eq!(from_toml.as_slice(), scidip::Lexicon::builtin()?);
/// # Ok::<(), scidip::LexiconError>(())
/// ```
#[cfg(feature = "builtin")]
pub fn builtin_lexicons_from_toml() -> Result<Vec<crate::Lexicon>, crate::LexiconError> {
    crate::lexicon::builtin_from_toml()
}
