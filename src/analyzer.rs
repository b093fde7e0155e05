//! The public entry point: an analyzer built once from lexicons, shared by every thread.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::ThreadId;

use crate::analysis::Analysis;
use crate::error::BuildError;
use crate::lexicon::{Category, Entry, EntryId, Lexicon, LexiconInfo, LexiconSet, Term, TermId};
use crate::matcher::{Matcher, Prepared, Scratch};
use crate::rules::RuleScratch;
use crate::score::{CorpusStats, ScoreModel, ScoringConfig};
use crate::text::{Language, Stemmer};

/// Which overlapping matches become mentions.
///
/// ```
/// use scidip::{Analyzer, Overlap};
///
/// let text = "The Pakistan Academy of Sciences met.";
/// let default = Analyzer::builder().build()?.analyze(text);
/// // The academy and the country inside its name are both reported: they are different
/// // categories.
/// assert_eq!(default.mentions().len(), 2);
///
/// let never = Analyzer::builder().overlap(Overlap::Never).build()?.analyze(text);
/// assert_eq!(never.mentions().len(), 1);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Overlap {
    /// Within each category, mentions are leftmost-longest and never overlap; mentions of
    /// different categories may overlap (a country inside an organisation's name). The default.
    #[default]
    AcrossCategories,
    /// Leftmost-longest over all categories: no two mentions overlap. Entries of different
    /// categories that match exactly the same span are all reported.
    Never,
    /// Every match, overlapping or nested.
    All,
}

/// Configuration of an [`Analyzer`]; the lexicons are added here and compiled by
/// [`build`](AnalyzerBuilder::build).
///
/// ```
/// use scidip::{Analyzer, Language, Overlap};
///
/// let analyzer = Analyzer::builder()
///     .language(Language::English)
///     .fold_diacritics(true)
///     .overlap(Overlap::AcrossCategories)
///     .build()?;
/// assert!(analyzer.entry_count() > 0);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct AnalyzerBuilder {
    builtin: bool,
    lexicons: Vec<Lexicon>,
    language: Language,
    fold_diacritics: bool,
    overlap: Overlap,
    scoring: ScoringConfig,
    corpus: Option<CorpusStats>,
}

impl Default for AnalyzerBuilder {
    fn default() -> AnalyzerBuilder {
        AnalyzerBuilder {
            builtin: cfg!(feature = "builtin"),
            lexicons: Vec::new(),
            language: Language::English,
            fold_diacritics: true,
            overlap: Overlap::default(),
            scoring: ScoringConfig::default(),
            corpus: None,
        }
    }
}

impl AnalyzerBuilder {
    /// Whether to use the built-in lexicons (default: yes, with the `builtin` feature).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().builtin(false).build()?;
    /// assert_eq!(analyzer.entry_count(), 0);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn builtin(mut self, yes: bool) -> AnalyzerBuilder {
        self.builtin = yes && cfg!(feature = "builtin");
        self
    }

    /// Adds a lexicon after the built-in ones and those added before. Its entries join their
    /// categories; an entry with the category and id of an earlier entry replaces it.
    ///
    /// ```
    /// use scidip::{Analyzer, Category, Lexicon};
    ///
    /// let mine = Lexicon::from_toml_str(r#"
    /// [lexicon]
    /// name = "override"
    /// version = "1"
    /// language = "en"
    /// licence = "CC0-1.0"
    /// provenance = "example"
    ///
    /// [[entry]]
    /// id = "cern"
    /// category = "organisation"
    /// label = "CERN (my label)"
    /// type = "research_infrastructure"
    /// country = "CHE"
    /// acronyms = ["CERN"]
    /// "#, "override.toml")?;
    /// let analyzer = Analyzer::builder().lexicon(mine).build()?;
    /// let id = analyzer.find_entry(Category::ORGANISATION, "cern").unwrap();
    /// assert_eq!(analyzer.entry(id).label, "CERN (my label)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lexicon(mut self, lexicon: Lexicon) -> AnalyzerBuilder {
        self.lexicons.push(lexicon);
        self
    }

    /// The language of documents and lexicons, which selects the stemmer (default English).
    ///
    /// ```
    /// use scidip::Language;
    /// let analyzer = scidip::Analyzer::builder().language(Language::English).build()?;
    /// assert_eq!(analyzer.language(), Language::English);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn language(mut self, language: Language) -> AnalyzerBuilder {
        self.language = language;
        self
    }

    /// Whether diacritics are folded for matching (default yes: "Organización" matches
    /// "organizacion", "Türkiye" matches "Turkiye").
    ///
    /// ```
    /// let strict = scidip::Analyzer::builder().fold_diacritics(false).build()?;
    /// assert!(strict.analyze("Turkiye").countries().is_empty());
    /// assert_eq!(strict.analyze("Türkiye").countries().len(), 1);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn fold_diacritics(mut self, yes: bool) -> AnalyzerBuilder {
        self.fold_diacritics = yes;
        self
    }

    /// How overlapping matches are resolved (default [`Overlap::AcrossCategories`]).
    ///
    /// ```
    /// use scidip::Overlap;
    /// let analyzer = scidip::Analyzer::builder().overlap(Overlap::All).build()?;
    /// assert_eq!(analyzer.overlap(), Overlap::All);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn overlap(mut self, overlap: Overlap) -> AnalyzerBuilder {
        self.overlap = overlap;
        self
    }

    /// Thresholds and scales of the scoring model.
    ///
    /// ```
    /// let mut scoring = scidip::ScoringConfig::default();
    /// scoring.sdg_threshold = 0.7;
    /// let analyzer = scidip::Analyzer::builder().scoring(scoring).build()?;
    /// assert_eq!(analyzer.scoring().sdg_threshold, 0.7);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn scoring(mut self, scoring: ScoringConfig) -> AnalyzerBuilder {
        self.scoring = scoring;
        self
    }

    /// Document frequencies from your own collection: entries common in it are weighed down
    /// (see [`CorpusStats`] and the [`score`](crate::score) module).
    ///
    /// ```
    /// let stats = scidip::score::CorpusStats::new(); // empty: no effect
    /// let analyzer = scidip::Analyzer::builder().corpus_stats(stats).build()?;
    /// assert!(analyzer.analyze("science diplomacy").is_science_diplomacy());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn corpus_stats(mut self, stats: CorpusStats) -> AnalyzerBuilder {
        self.corpus = Some(stats);
        self
    }

    /// Compiles the lexicons into an analyzer.
    ///
    /// # Errors
    ///
    /// When a built-in lexicon fails to load ([`BuildErrorKind::Lexicon`]), a lexicon's
    /// language differs from the analyzer's ([`BuildErrorKind::LanguageMismatch`]), or the
    /// compiled lexicons exceed the automaton's limits ([`BuildErrorKind::Automaton`]).
    ///
    /// [`BuildErrorKind::Lexicon`]: crate::BuildErrorKind::Lexicon
    /// [`BuildErrorKind::LanguageMismatch`]: crate::BuildErrorKind::LanguageMismatch
    /// [`BuildErrorKind::Automaton`]: crate::BuildErrorKind::Automaton
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.term_count() > 1000);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn build(self) -> Result<Analyzer, BuildError> {
        // The built-in lexicons alone, in English with diacritics folded, come merged and with
        // their phrases read ahead from the image that build.rs made of them.
        let default = self.builtin
            && self.lexicons.is_empty()
            && self.language == Language::English
            && self.fold_diacritics;
        let (set, cached) = match default.then(builtin_default_set).flatten() {
            Some((set, prepared)) => (Arc::clone(set), Some(prepared)),
            None => {
                let builtin: &[Lexicon] = if self.builtin {
                    builtin_lexicons()?
                } else {
                    &[]
                };
                let set = LexiconSet::merge(
                    // The builder's own lexicons are moved into the set, not copied.
                    builtin
                        .iter()
                        .map(Cow::Borrowed)
                        .chain(self.lexicons.into_iter().map(Cow::Owned)),
                    self.language,
                )?;
                (Arc::new(set), None)
            }
        };
        let matcher = Matcher::build(
            &set,
            Stemmer::new(self.language),
            self.fold_diacritics,
            cached,
        )?;
        let model = ScoreModel::new(&set, self.corpus.as_ref())?;
        Ok(Analyzer {
            inner: Arc::new(Inner {
                set,
                matcher,
                model,
                scoring: self.scoring,
                overlap: self.overlap,
                language: self.language,
                fold_diacritics: self.fold_diacritics,
                pool: Mutex::new(Vec::new()),
            }),
        })
    }
}

#[cfg(feature = "builtin")]
fn builtin_lexicons() -> Result<&'static [Lexicon], BuildError> {
    Lexicon::builtin().map_err(BuildError::from)
}

/// The default analyzer's merged lexicons and phrases read ahead (see `lexicon/builtin.rs`).
#[cfg(feature = "builtin")]
fn builtin_default_set() -> Option<(&'static Arc<LexiconSet>, &'static Prepared)> {
    crate::lexicon::builtin_default_set()
}

#[cfg(not(feature = "builtin"))]
fn builtin_default_set() -> Option<(&'static Arc<LexiconSet>, &'static Prepared)> {
    None
}

#[cfg(not(feature = "builtin"))]
fn builtin_lexicons() -> Result<&'static [Lexicon], BuildError> {
    Ok(&[])
}

/// Scratch buffers kept for reuse; more are created when more threads analyse at once.
const POOL_LIMIT: usize = 64;

pub(crate) struct Inner {
    /// Shared by every default analyzer of the process.
    pub(crate) set: Arc<LexiconSet>,
    pub(crate) matcher: Matcher,
    pub(crate) model: ScoreModel,
    pub(crate) scoring: ScoringConfig,
    pub(crate) overlap: Overlap,
    pub(crate) language: Language,
    pub(crate) fold_diacritics: bool,
    /// Free scratch buffers, each with the thread that used it last.
    pool: Mutex<Vec<(ThreadId, Pooled)>>,
}

/// One thread's reusable buffers: the matcher's (word cache included) and the rules'.
#[derive(Default)]
struct Pooled {
    scan: Scratch,
    rules: RuleScratch,
}

/// Finds and scores mentions of lexicon entries in documents.
///
/// An analyzer is built once ([`Analyzer::builder`]) and is immutable afterwards. It is
/// `Send + Sync` and cheap to clone (the clones share everything), so one analyzer serves every
/// thread. Each thread's first analyses warm a cache of the words it has seen; buffers are
/// reused across documents.
///
/// ```
/// use scidip::{Analyzer, Category, Mode};
///
/// let analyzer = Analyzer::builder().build()?;
/// let text = "Pakistan’s Ministry of Foreign Affairs and ICESCO discussed scholarships for \
///             Pakistani students and joining CERN as an associate member.";
/// let analysis = analyzer.analyze(text);
/// for m in analysis.mentions() {
///     println!("{:>12} {:<20} {}", analysis.category_name(m.category), &text[m.span],
///              analysis.entry(m).label);
/// }
/// assert!(analysis.mode(Mode::DiplomacyForScience).label);
/// assert_eq!(analysis.countries().len(), 1);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone)]
pub struct Analyzer {
    pub(crate) inner: Arc<Inner>,
}

impl Analyzer {
    /// A builder with the default configuration: built-in lexicons, English, diacritics folded,
    /// [`Overlap::AcrossCategories`], default scoring.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// Analyses one document. Never fails and never panics: any string is accepted (an empty
    /// one gives an empty analysis).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let analysis = analyzer.analyze("The IAEA verifies safeguards.");
    /// assert!(!analysis.mentions().is_empty());
    /// assert!(analyzer.analyze("").mentions().is_empty());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn analyze(&self, text: &str) -> Analysis {
        let inner = &self.inner;
        let thread = std::thread::current().id();
        let mut scratch = {
            let mut pool = inner.pool.lock().unwrap_or_else(PoisonError::into_inner);
            // The scratch this thread used last, if it is free: its word cache (up to a few
            // MB) and buffers are still in this core's cache. Scratches that moved between
            // threads on every document made two threads sharing one analyzer measurably
            // slower than two threads with an analyzer each.
            match pool.iter().rposition(|(owner, _)| *owner == thread) {
                Some(i) => pool.swap_remove(i).1,
                None => pool.pop().map(|(_, s)| s).unwrap_or_default(),
            }
        };
        let mut scanned = inner.matcher.scan(text, inner.overlap, &mut scratch.scan);
        crate::resolve::resolve_countries(text, &inner.set, &mut scanned.mentions);
        let model = &inner.model;
        let outcome = model.evaluate_rules(&inner.set, &scanned.mentions, &mut scratch.rules);
        {
            let mut pool = inner.pool.lock().unwrap_or_else(PoisonError::into_inner);
            if pool.len() < POOL_LIMIT {
                pool.push((thread, scratch));
            }
        }
        let scores = model.score(
            &inner.set,
            &inner.scoring,
            &scanned.mentions,
            &outcome,
            scanned.words,
            None,
        );
        drop(outcome);
        // Context-term mentions move out in place: no second copy of a long mention list.
        let mut mentions = scanned.mentions;
        let cues = match model.rules.cue_category {
            Some(cue) => mentions.extract_if(.., |m| m.category == cue).collect(),
            None => Vec::new(),
        };
        Analysis {
            mentions,
            cues,
            sentences: scanned.sentences,
            words: scanned.words,
            bytes: text.len(),
            scores,
            inner: Arc::clone(inner),
        }
    }

    /// The entry with this id.
    ///
    /// # Panics
    ///
    /// When the id does not come from this analyzer (it is out of range).
    ///
    /// ```
    /// use scidip::Category;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("ITER");
    /// let m = a.mentions_of(Category::ORGANISATION).next().unwrap();
    /// assert_eq!(analyzer.entry(m.entry).id, "iter");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn entry(&self, id: EntryId) -> &Entry {
        self.inner.set.entry(id)
    }

    /// The term with this id.
    ///
    /// # Panics
    ///
    /// When the id does not come from this analyzer.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let m = analyzer.analyze("ITER").mentions()[0];
    /// assert_eq!(analyzer.term(m.term).text, "ITER");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn term(&self, id: TermId) -> &Term {
        self.inner.set.term(id)
    }

    /// The entry a term belongs to.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let m = analyzer.analyze("ITER").mentions()[0];
    /// assert_eq!(analyzer.term_entry(m.term), m.entry);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn term_entry(&self, id: TermId) -> EntryId {
        self.inner.set.term_entry(id)
    }

    /// Finds an entry by category and id.
    ///
    /// ```
    /// use scidip::Category;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.find_entry(Category::COUNTRY, "IRN").is_some());
    /// assert!(analyzer.find_entry(Category::COUNTRY, "XXX").is_none());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn find_entry(&self, category: Category, id: &str) -> Option<EntryId> {
        self.inner.set.find(category, id)
    }

    /// Every entry, indexed by [`EntryId::index`].
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.entries().len(), analyzer.entry_count());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.inner.set.entries
    }

    /// The category of an entry.
    ///
    /// ```
    /// use scidip::Category;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let id = analyzer.find_entry(Category::SDG, "sdg13").unwrap();
    /// assert_eq!(analyzer.entry_category(id), Category::SDG);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn entry_category(&self, id: EntryId) -> Category {
        self.inner.set.entry_category[id.index()]
    }

    /// Number of entries in the combined lexicons.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.entry_count() > 700);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn entry_count(&self) -> usize {
        self.inner.set.entries.len()
    }

    /// Number of terms in the combined lexicons.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.term_count() > analyzer.entry_count());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn term_count(&self) -> usize {
        self.inner.set.term_count()
    }

    /// Number of distinct patterns compiled into the automaton (terms and their variants).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.pattern_count() > 0);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn pattern_count(&self) -> usize {
        self.inner.matcher.pattern_count()
    }

    /// Approximate heap memory of the compiled lexicons and automaton, in bytes (excluding the
    /// lexicon entries themselves and per-thread caches).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.memory_usage() < 30 << 20);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn memory_usage(&self) -> usize {
        self.inner.matcher.heap_bytes()
    }

    /// The category with this name, built-in or user.
    ///
    /// ```
    /// use scidip::Category;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.category("country"), Some(Category::COUNTRY));
    /// assert_eq!(analyzer.category("planet"), None);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn category(&self, name: &str) -> Option<Category> {
        self.inner
            .set
            .categories
            .iter()
            .position(|c| c == name)
            .map(|i| Category(i as u16))
    }

    /// The name of a category.
    ///
    /// # Panics
    ///
    /// When the category does not come from this analyzer.
    ///
    /// ```
    /// use scidip::Category;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.category_name(Category::SDG), "sdg");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn category_name(&self, category: Category) -> &str {
        &self.inner.set.categories[category.index()]
    }

    /// The headers of the lexicons in use, in the order they were combined.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.lexicons().iter().any(|l| l.name == "sdgs"));
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn lexicons(&self) -> &[LexiconInfo] {
        &self.inner.set.infos
    }

    /// The language of the analyzer.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.language(), scidip::Language::English);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn language(&self) -> Language {
        self.inner.language
    }

    /// Whether diacritics are folded.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.folds_diacritics());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn folds_diacritics(&self) -> bool {
        self.inner.fold_diacritics
    }

    /// The overlap policy.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.overlap(), scidip::Overlap::AcrossCategories);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn overlap(&self) -> Overlap {
        self.inner.overlap
    }

    /// The scoring configuration.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.scoring(), &scidip::ScoringConfig::default());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn scoring(&self) -> &ScoringConfig {
        &self.inner.scoring
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("entries", &self.entry_count())
            .field("terms", &self.term_count())
            .field("patterns", &self.pattern_count())
            .field("language", &self.language())
            .field("overlap", &self.overlap())
            .finish_non_exhaustive()
    }
}
