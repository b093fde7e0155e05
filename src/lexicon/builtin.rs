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
///
/// The largest file is parsed on a second thread while the others are parsed on this one, which
/// halves the start-up of a process on two cores. Should the thread fail to start, everything is
/// parsed here.
pub(crate) fn lexicons() -> Result<&'static [Lexicon], &'static LexiconError> {
    BUILTIN
        .get_or_init(|| {
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
        })
        .as_ref()
        .map(Vec::as_slice)
}
