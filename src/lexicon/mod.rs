//! Lexicons: the data model, loading and validation, and the built-in lexicons.

#[cfg(feature = "builtin")]
mod builtin;
mod category;
#[cfg(feature = "builtin")]
mod image;
mod load;
mod model;
mod set;

use std::path::Path;

/// Used by `build.rs`, which compiles this module.
#[cfg(feature = "builtin")]
#[allow(unused_imports)]
pub(crate) use builtin::write_image;
#[cfg(feature = "builtin")]
pub(crate) use builtin::{default_set as builtin_default_set, parse_toml as builtin_from_toml};
pub use category::Category;
#[cfg(feature = "builtin")]
pub(crate) use image::{Reader, Writer};
pub use model::{
    Case, Country, CountryStatus, CueStrength, Entry, EntryData, LexiconInfo, Matching, Mode,
    ModeCue, Organisation, OrganisationType, ParseTargetError, SdgGoal, Target, Term, TermRole,
};
pub(crate) use set::LexiconSet;
pub use set::{EntryId, TermId};

use crate::error::{LexiconError, LexiconErrorKind};

/// Size limits that keep loading bounded in time and memory on hostile files.
pub mod limits {
    /// Largest lexicon file, in bytes (128 MiB).
    pub const MAX_FILE_BYTES: usize = 128 << 20;
    /// Most entries in one lexicon file.
    pub const MAX_ENTRIES: usize = 1_000_000;
    /// Most terms (all lists together) in one entry.
    pub const MAX_TERMS_PER_ENTRY: usize = 10_000;
    /// Longest term, in bytes.
    pub const MAX_TERM_BYTES: usize = 1_024;
    /// Most words in one term.
    pub const MAX_TERM_WORDS: usize = 32;
    /// Largest weight of an entry or a term.
    pub const MAX_WEIGHT: f64 = 100.0;
}

/// A lexicon: a header and entries, loaded from TOML and validated.
///
/// The format is documented in the crate docs and in `data/lexicons/README.md`.
///
/// ```
/// use scidip::{Analyzer, Lexicon};
///
/// let lexicon = Lexicon::from_toml_str(r#"
/// ## Provenance: written for this example.
/// [lexicon]
/// name = "instruments"
/// version = "1.0.0"
/// language = "en"
/// licence = "CC0-1.0"
/// provenance = "written for this example"
/// category = "instrument"
///
/// [[entry]]
/// id = "mou"
/// label = "Memorandum of understanding"
/// terms = ["memorandum of understanding"]
/// acronyms = ["MoU"]
/// "#, "instruments.toml")?;
/// assert_eq!(lexicon.entries().len(), 1);
///
/// let analyzer = Analyzer::builder().lexicon(lexicon).build()?;
/// let analysis = analyzer.analyze("Two universities signed MoUs.");
/// assert!(analysis.mentions().iter().any(|m| analyzer.entry(m.entry).id == "mou"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Lexicon {
    pub(crate) info: LexiconInfo,
    pub(crate) entries: Vec<Entry>,
    pub(crate) rules: Vec<crate::rules::Rule>,
}

impl Lexicon {
    /// Parses and validates a lexicon from TOML text; `source` names it in error messages
    /// (a file name).
    ///
    /// # Errors
    ///
    /// The first problem found: malformed TOML, unknown keys, missing or invalid values,
    /// duplicate ids, empty terms, limits exceeded. Use [`Lexicon::validate_toml_str`] to see
    /// every problem at once.
    ///
    /// ```
    /// use scidip::{Lexicon, LexiconErrorKind};
    /// let err = Lexicon::from_toml_str("[lexicon]\nname = \"x\"", "x.toml").unwrap_err();
    /// assert_eq!(err.kind(), LexiconErrorKind::MissingKey);
    /// ```
    pub fn from_toml_str(src: &str, source: &str) -> Result<Lexicon, LexiconError> {
        load::parse(src, source).map_err(|mut errors| errors.swap_remove(0))
    }

    /// Parses a lexicon from bytes (read from a file, embedded, or memory-mapped), checking
    /// that they are UTF-8 first.
    ///
    /// # Errors
    ///
    /// [`LexiconErrorKind::InvalidUtf8`] with the line of the first invalid byte, then as
    /// [`Lexicon::from_toml_str`].
    ///
    /// ```
    /// use scidip::{Lexicon, LexiconErrorKind};
    /// let err = Lexicon::from_bytes(b"[lexicon]\nname = \"\xff\"", "x.toml").unwrap_err();
    /// assert_eq!(err.kind(), LexiconErrorKind::InvalidUtf8);
    /// assert_eq!(err.line(), Some(2));
    /// ```
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<Lexicon, LexiconError> {
        match std::str::from_utf8(bytes) {
            Ok(src) => Lexicon::from_toml_str(src, source),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let column = String::from_utf8_lossy(&valid[line_start..])
                    .chars()
                    .count()
                    + 1;
                Err(LexiconError::new(
                    LexiconErrorKind::InvalidUtf8,
                    format!("invalid UTF-8 at byte {}", e.valid_up_to()),
                )
                .with_file(source)
                .at(line, column))
            }
        }
    }

    /// Reads and parses a lexicon file.
    ///
    /// # Errors
    ///
    /// [`LexiconErrorKind::Io`] when the file cannot be read, then as [`Lexicon::from_bytes`].
    ///
    /// ```
    /// use scidip::{Lexicon, LexiconErrorKind};
    /// let err = Lexicon::from_path("no/such/file.toml").unwrap_err();
    /// assert_eq!(err.kind(), LexiconErrorKind::Io);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Lexicon, LexiconError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let too_big = |len: u64| {
            LexiconError::new(
                LexiconErrorKind::Limit,
                format!(
                    "the file has {len} bytes; the limit is {}",
                    limits::MAX_FILE_BYTES
                ),
            )
            .with_file(&name)
        };
        let io = |e: std::io::Error| {
            LexiconError::new(LexiconErrorKind::Io, format!("cannot read: {e}")).with_file(&name)
        };
        let len = std::fs::metadata(path).map_err(io)?.len();
        if len > limits::MAX_FILE_BYTES as u64 {
            return Err(too_big(len));
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Lexicon::from_bytes(&bytes, &name)
    }

    /// Every problem in a lexicon's TOML text; empty when the lexicon is valid. Problems come
    /// table by table in file order; within a table, unknown keys come first (a misspelt key
    /// explains the missing key it leaves behind).
    ///
    /// ```
    /// let src = r#"
    /// [lexicon]
    /// name = "x"
    /// version = "1"
    /// language = "en"
    /// licence = "CC0-1.0"
    /// provenance = "example"
    /// [[entry]]
    /// id = "a"
    /// label = "A"
    /// category = "topic"
    /// terms = ["", "!!!"]
    /// "#;
    /// let errors = scidip::Lexicon::validate_toml_str(src, "x.toml");
    /// assert_eq!(errors.len(), 2);
    /// ```
    #[must_use]
    pub fn validate_toml_str(src: &str, source: &str) -> Vec<LexiconError> {
        load::parse(src, source).err().unwrap_or_default()
    }

    /// The built-in lexicons (modes, SDGs, organisations, countries), parsed once per process.
    ///
    /// # Errors
    ///
    /// Never in a released crate: every built-in lexicon is validated by the test suite. The
    /// error is returned rather than a panic so that a broken data file in development shows
    /// up as an error.
    ///
    /// ```
    /// let builtin = scidip::Lexicon::builtin()?;
    /// assert!(builtin.iter().any(|l| l.info().name == "countries"));
    /// # Ok::<(), scidip::LexiconError>(())
    /// ```
    #[cfg(feature = "builtin")]
    pub fn builtin() -> Result<&'static [Lexicon], LexiconError> {
        builtin::lexicons().map_err(Clone::clone)
    }

    /// The header of the lexicon.
    ///
    /// ```
    /// # let lexicon = scidip::Lexicon::from_toml_str("[lexicon]\nname=\"n\"\nversion=\"1\"\nlanguage=\"en\"\nlicence=\"x\"\nprovenance=\"p\"", "n.toml")?;
    /// assert_eq!(lexicon.info().language, "en");
    /// # Ok::<(), scidip::LexiconError>(())
    /// ```
    #[must_use]
    pub fn info(&self) -> &LexiconInfo {
        &self.info
    }

    /// The entries, in file order.
    ///
    /// ```
    /// # let lexicon = scidip::Lexicon::from_toml_str("[lexicon]\nname=\"n\"\nversion=\"1\"\nlanguage=\"en\"\nlicence=\"x\"\nprovenance=\"p\"", "n.toml")?;
    /// assert!(lexicon.entries().is_empty());
    /// # Ok::<(), scidip::LexiconError>(())
    /// ```
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The context rules (`[[rule]]` tables), in file order.
    ///
    /// ```
    /// let lexicon = scidip::Lexicon::from_toml_str(r#"
    /// [lexicon]
    /// name = "r"
    /// version = "1"
    /// language = "en"
    /// licence = "CC0-1.0"
    /// provenance = "written for this example"
    ///
    /// [[rule]]
    /// id = "iter-members"
    /// when = ["organisation:iter"]
    /// all = ["country:*"]
    /// effect = "diplomacy_for_science"
    /// strength = "strong"
    /// "#, "r.toml")?;
    /// assert_eq!(lexicon.rules()[0].id, "iter-members");
    /// assert_eq!(lexicon.rules()[0].scope, scidip::Scope::Sentence);
    /// # Ok::<(), scidip::LexiconError>(())
    /// ```
    #[must_use]
    pub fn rules(&self) -> &[crate::rules::Rule] {
        &self.rules
    }
}
