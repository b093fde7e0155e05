//! Stemming behind scidip's own [`Language`], so the stemmer crate's types never leak.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// The language of documents and lexicon terms; it selects the Snowball stemmer.
///
/// Lexicon files name their language with the ISO 639-1 code of [`Language::code`]; an analyzer
/// accepts only lexicons in its own language, because their terms and the documents must be
/// stemmed alike.
///
/// ```
/// use scidip::Language;
///
/// assert_eq!(Language::default(), Language::English);
/// assert_eq!(Language::from_code("fr"), Some(Language::French));
/// assert_eq!(Language::Spanish.code(), "es");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Language {
    /// Arabic.
    Arabic,
    /// Danish.
    Danish,
    /// Dutch.
    Dutch,
    /// English (the default; the built-in lexicons are English).
    #[default]
    English,
    /// Finnish.
    Finnish,
    /// French.
    French,
    /// German.
    German,
    /// Greek.
    Greek,
    /// Hungarian.
    Hungarian,
    /// Italian.
    Italian,
    /// Norwegian.
    Norwegian,
    /// Portuguese.
    Portuguese,
    /// Romanian.
    Romanian,
    /// Russian.
    Russian,
    /// Spanish.
    Spanish,
    /// Swedish.
    Swedish,
    /// Tamil.
    Tamil,
    /// Turkish.
    Turkish,
    /// No stemming: words match only in their (case- and diacritic-folded) full form. Accepts
    /// lexicons in any language.
    Unstemmed,
}

const CODES: &[(Language, &str)] = &[
    (Language::Arabic, "ar"),
    (Language::Danish, "da"),
    (Language::Dutch, "nl"),
    (Language::English, "en"),
    (Language::Finnish, "fi"),
    (Language::French, "fr"),
    (Language::German, "de"),
    (Language::Greek, "el"),
    (Language::Hungarian, "hu"),
    (Language::Italian, "it"),
    (Language::Norwegian, "no"),
    (Language::Portuguese, "pt"),
    (Language::Romanian, "ro"),
    (Language::Russian, "ru"),
    (Language::Spanish, "es"),
    (Language::Swedish, "sv"),
    (Language::Tamil, "ta"),
    (Language::Turkish, "tr"),
    (Language::Unstemmed, "none"),
];

impl Language {
    /// The ISO 639-1 code (`"none"` for [`Language::Unstemmed`]).
    ///
    /// ```
    /// assert_eq!(scidip::Language::German.code(), "de");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        CODES
            .iter()
            .find(|(l, _)| *l == self)
            .map_or("none", |(_, c)| c)
    }

    /// The language with this ISO 639-1 code (case-insensitive), if scidip can stem it.
    ///
    /// ```
    /// use scidip::Language;
    /// assert_eq!(Language::from_code("EN"), Some(Language::English));
    /// assert_eq!(Language::from_code("xx"), None);
    /// ```
    #[must_use]
    pub fn from_code(code: &str) -> Option<Language> {
        CODES
            .iter()
            .find(|(_, c)| c.eq_ignore_ascii_case(code))
            .map(|(l, _)| *l)
    }

    fn algorithm(self) -> Option<Algorithm> {
        Some(match self {
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
            Language::Unstemmed => return None,
        })
    }
}

/// Longest word handed to the stemmer; longer "words" (base64, URLs without breaks) are kept
/// whole, which bounds the stemmer's work on hostile input.
const MAX_STEM_BYTES: usize = 64;

/// A stemmer for one language.
pub(crate) struct Stemmer {
    inner: Option<Snowball>,
}

impl Stemmer {
    pub(crate) fn new(language: Language) -> Stemmer {
        Stemmer {
            inner: language.algorithm().map(Snowball::create),
        }
    }

    /// The stem of a normalised (lower-cased) word.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.inner {
            Some(s) if word.len() <= MAX_STEM_BYTES => s.stem(word),
            _ => Cow::Borrowed(word),
        }
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmer")
            .field("stemming", &self.inner.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_stems_conflate_inflections() {
        let s = Stemmer::new(Language::English);
        assert_eq!(s.stem("scholarships"), s.stem("scholarship"));
        assert_eq!(s.stem("cooperations"), s.stem("cooperation"));
        assert_eq!(s.stem("ministries"), s.stem("ministry"));
    }

    #[test]
    fn codes_round_trip() {
        for (l, c) in CODES {
            assert_eq!(Language::from_code(c), Some(*l));
            assert_eq!(l.code(), *c);
        }
    }
}
