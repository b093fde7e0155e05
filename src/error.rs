use core::fmt;

/// What went wrong while reading or validating a lexicon.
///
/// ```
/// use scidip::{Lexicon, LexiconErrorKind};
///
/// let err = Lexicon::from_toml_str("[lexicon]\nname = 1", "bad.toml").unwrap_err();
/// assert_eq!(err.kind(), LexiconErrorKind::InvalidValue);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LexiconErrorKind {
    /// The file could not be read.
    Io,
    /// The file is not valid UTF-8.
    InvalidUtf8,
    /// The file is not valid TOML.
    Syntax,
    /// A key that the format does not define (often a typo).
    UnknownKey,
    /// A required key is missing.
    MissingKey,
    /// A key has a value of the wrong type or out of range.
    InvalidValue,
    /// Two entries of one category share an id.
    DuplicateId,
    /// A term is empty, or has no word left after normalisation ("!!!").
    EmptyTerm,
    /// A case-sensitive term or an acronym has no letter, so case cannot apply.
    CaseWithoutLetters,
    /// A term names an SDG target that its entry does not list.
    UnknownTarget,
    /// A size limit was exceeded (file, entries, term length, words per term).
    Limit,
}

/// An error from reading or validating a lexicon, with the file, line and entry it concerns.
///
/// ```
/// use scidip::{Lexicon, LexiconErrorKind};
///
/// let src = r#"
/// [lexicon]
/// name = "mine"
/// version = "1"
/// language = "en"
/// licence = "CC0-1.0"
/// provenance = "written for this example"
///
/// [[entry]]
/// id = "a"
/// label = "A"
/// category = "topic"
/// terms = ["alpha"]
/// colour = "red"
/// "#;
/// let err = Lexicon::from_toml_str(src, "mine.toml").unwrap_err();
/// assert_eq!(err.kind(), LexiconErrorKind::UnknownKey);
/// assert_eq!(err.line(), Some(14));
/// assert_eq!(err.entry(), Some("a"));
/// assert!(err.to_string().starts_with("mine.toml:14:"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    kind: LexiconErrorKind,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    entry: Option<String>,
    message: String,
}

impl LexiconError {
    pub(crate) fn new(kind: LexiconErrorKind, message: impl Into<String>) -> LexiconError {
        LexiconError {
            kind,
            file: None,
            line: None,
            column: None,
            entry: None,
            message: message.into(),
        }
    }

    pub(crate) fn with_file(mut self, file: &str) -> LexiconError {
        self.file = Some(file.to_string());
        self
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> LexiconError {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub(crate) fn in_entry(mut self, entry: Option<&str>) -> LexiconError {
        if let Some(id) = entry {
            self.entry = Some(id.to_string());
        }
        self
    }

    /// What kind of error this is.
    ///
    /// ```
    /// use scidip::{Lexicon, LexiconErrorKind};
    /// let err = Lexicon::from_toml_str("not = [toml", "x.toml").unwrap_err();
    /// assert_eq!(err.kind(), LexiconErrorKind::Syntax);
    /// ```
    #[must_use]
    pub fn kind(&self) -> LexiconErrorKind {
        self.kind
    }

    /// The file (or the name given to [`Lexicon::from_toml_str`](crate::Lexicon::from_toml_str)).
    ///
    /// ```
    /// let err = scidip::Lexicon::from_toml_str("x = ", "user.toml").unwrap_err();
    /// assert_eq!(err.file(), Some("user.toml"));
    /// ```
    #[must_use]
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The 1-based line of the offending key or value, when known.
    ///
    /// ```
    /// let err = scidip::Lexicon::from_toml_str("\n\nx = ", "user.toml").unwrap_err();
    /// assert_eq!(err.line(), Some(3));
    /// ```
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column (in characters) of the offending key or value, when known.
    ///
    /// ```
    /// let err = scidip::Lexicon::from_toml_str("x = ", "user.toml").unwrap_err();
    /// assert!(err.column().is_some());
    /// ```
    #[must_use]
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The id of the entry concerned, when the error is inside an entry that has an id.
    ///
    /// ```
    /// let err = scidip::Lexicon::from_toml_str("x = 1", "user.toml").unwrap_err();
    /// assert_eq!(err.entry(), None);
    /// ```
    #[must_use]
    pub fn entry(&self) -> Option<&str> {
        self.entry.as_deref()
    }

    /// The message alone, without file, line or entry.
    ///
    /// ```
    /// let err = scidip::Lexicon::from_toml_str("x = 1", "user.toml").unwrap_err();
    /// assert!(!err.message().is_empty());
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(col)) => write!(f, "{file}:{line}:{col}: ")?,
            (Some(file), Some(line), None) => write!(f, "{file}:{line}: ")?,
            (Some(file), None, _) => write!(f, "{file}: ")?,
            (None, Some(line), _) => write!(f, "line {line}: ")?,
            (None, None, _) => {}
        }
        if let Some(entry) = &self.entry {
            write!(f, "entry `{entry}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LexiconError {}

/// What went wrong while building an [`Analyzer`](crate::Analyzer).
///
/// ```
/// use scidip::{Analyzer, BuildErrorKind, Language, Lexicon};
///
/// let french = Lexicon::from_toml_str(r#"
/// [lexicon]
/// name = "fr"
/// version = "1"
/// language = "fr"
/// licence = "CC0-1.0"
/// provenance = "example"
/// "#, "fr.toml")?;
/// let err = Analyzer::builder().builtin(false).language(Language::English).lexicon(french).build().unwrap_err();
/// assert_eq!(err.kind(), BuildErrorKind::LanguageMismatch);
/// # Ok::<(), scidip::LexiconError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A lexicon failed to load or validate; [`BuildError::lexicon_error`] has the details.
    Lexicon,
    /// A lexicon's language differs from the analyzer's language.
    LanguageMismatch,
    /// Two lexicons give one entry (category and id) different category metadata that cannot
    /// be merged, or a limit on the combined lexicons was exceeded.
    Conflict,
    /// The compiled automaton exceeded its size limits.
    Automaton,
}

/// An error from building an [`Analyzer`](crate::Analyzer).
///
/// ```
/// use scidip::Analyzer;
/// let analyzer = Analyzer::builder().build();
/// assert!(analyzer.is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
    message: String,
    lexicon: Option<Box<LexiconError>>,
}

impl BuildError {
    pub(crate) fn new(kind: BuildErrorKind, message: impl Into<String>) -> BuildError {
        BuildError {
            kind,
            message: message.into(),
            lexicon: None,
        }
    }

    /// What kind of error this is.
    ///
    /// ```
    /// # use scidip::*;
    /// # let err = BuildError::from(Lexicon::from_toml_str("x", "x.toml").unwrap_err());
    /// assert_eq!(err.kind(), BuildErrorKind::Lexicon);
    /// ```
    #[must_use]
    pub fn kind(&self) -> BuildErrorKind {
        self.kind
    }

    /// The lexicon error behind a [`BuildErrorKind::Lexicon`] error.
    ///
    /// ```
    /// # use scidip::*;
    /// # let err = BuildError::from(Lexicon::from_toml_str("x", "x.toml").unwrap_err());
    /// assert_eq!(err.lexicon_error().unwrap().kind(), LexiconErrorKind::Syntax);
    /// ```
    #[must_use]
    pub fn lexicon_error(&self) -> Option<&LexiconError> {
        self.lexicon.as_deref()
    }
}

impl From<LexiconError> for BuildError {
    fn from(err: LexiconError) -> BuildError {
        BuildError {
            kind: BuildErrorKind::Lexicon,
            message: err.to_string(),
            lexicon: Some(Box::new(err)),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.lexicon
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
