//! The built-in lexicons, embedded at compile time and parsed once per process.

use std::sync::OnceLock;

use super::Lexicon;
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

static BUILTIN: OnceLock<Result<Vec<Lexicon>, LexiconError>> = OnceLock::new();

/// The built-in lexicons, parsed on first use.
pub(crate) fn lexicons() -> Result<&'static [Lexicon], &'static LexiconError> {
    BUILTIN
        .get_or_init(|| {
            FILES
                .iter()
                .map(|(name, src)| Lexicon::from_toml_str(src, name))
                .collect()
        })
        .as_ref()
        .map(Vec::as_slice)
}
