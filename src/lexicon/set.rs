//! Several lexicons merged into one table of entries and terms, as an analyzer sees them.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::{Category, Entry, Lexicon, LexiconInfo, Term};
use crate::error::{BuildError, BuildErrorKind};
use crate::text::Language;

/// The id of an entry in an analyzer's combined lexicons.
///
/// ```
/// use scidip::{Analyzer, Category};
///
/// let analyzer = Analyzer::builder().build()?;
/// let id = analyzer.find_entry(Category::COUNTRY, "MAR").unwrap();
/// assert_eq!(analyzer.entry(id).label, "Morocco");
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EntryId(pub(crate) u32);

impl EntryId {
    /// The id as an index into [`Analyzer::entries`](crate::Analyzer::entries).
    ///
    /// ```
    /// # let analyzer = scidip::Analyzer::builder().build()?;
    /// let id = analyzer.find_entry(scidip::Category::COUNTRY, "MAR").unwrap();
    /// assert_eq!(analyzer.entries()[id.index()].id, "MAR");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The id of a term in an analyzer's combined lexicons: which phrase produced a mention.
///
/// ```
/// let analyzer = scidip::Analyzer::builder().build()?;
/// let analysis = analyzer.analyze("The WHO met.");
/// let m = analysis.mentions()[0];
/// assert_eq!(analyzer.term(m.term).text, "WHO");
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TermId(pub(crate) u32);

impl TermId {
    /// The id as a dense index (0 to the number of terms).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let m = analyzer.analyze("CERN").mentions()[0];
    /// assert!(m.term.index() < analyzer.term_count());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

pub(crate) struct LexiconSet {
    pub(crate) entries: Vec<Entry>,
    pub(crate) entry_category: Vec<Category>,
    pub(crate) categories: Vec<String>,
    pub(crate) infos: Vec<LexiconInfo>,
    /// Context rules of every lexicon; a later rule with an id seen before replaces it.
    pub(crate) rules: Vec<crate::rules::Rule>,
    term_loc: Vec<(u32, u32)>,
    term_base: Vec<u32>,
    index: FxHashMap<(Category, String), EntryId>,
}

impl LexiconSet {
    /// Merges lexicons in order: an entry whose category and id were seen before replaces the
    /// earlier one in place. The entries of owned lexicons are moved, those of borrowed ones
    /// copied.
    pub(crate) fn merge<'a>(
        lexicons: impl IntoIterator<Item = Cow<'a, Lexicon>>,
        language: Language,
    ) -> Result<LexiconSet, BuildError> {
        let mut set = LexiconSet {
            entries: Vec::new(),
            entry_category: Vec::new(),
            categories: Category::builtin_names()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            infos: Vec::new(),
            rules: Vec::new(),
            term_loc: Vec::new(),
            term_base: Vec::new(),
            index: FxHashMap::default(),
        };
        for lexicon in lexicons {
            let lang = &lexicon.info.language;
            if language != Language::Unstemmed && lang != language.code() {
                return Err(BuildError::new(
                    BuildErrorKind::LanguageMismatch,
                    format!(
                        "lexicon `{}` ({}) is in language `{lang}` but the analyzer stems `{}`; \
                         choose the analyzer's language to match, or Language::Unstemmed (the \
                         built-in lexicons are English: turn them off with .builtin(false))",
                        lexicon.info.name,
                        lexicon.info.source.as_deref().unwrap_or("unnamed"),
                        language.code()
                    ),
                ));
            }
            // Each entry is copied once (when borrowed), as each was before.
            let Lexicon {
                info,
                entries,
                rules,
            } = lexicon.into_owned();
            set.infos.push(info);
            for rule in rules {
                match set.rules.iter_mut().find(|r| r.id == rule.id) {
                    Some(r) => *r = rule,
                    None => set.rules.push(rule),
                }
            }
            for entry in entries {
                let category = set.category_id(&entry.category)?;
                let key = (category, entry.id.clone());
                match set.index.get(&key) {
                    Some(&EntryId(i)) => set.entries[i as usize] = entry,
                    None => {
                        let id = u32::try_from(set.entries.len()).map_err(|_| too_many())?;
                        set.index.insert(key, EntryId(id));
                        set.entries.push(entry);
                        set.entry_category.push(category);
                    }
                }
            }
        }
        for (e, entry) in set.entries.iter().enumerate() {
            let base = u32::try_from(set.term_loc.len()).map_err(|_| too_many())?;
            set.term_base.push(base);
            set.term_loc
                .extend((0..entry.terms.len()).map(|t| (e as u32, t as u32)));
        }
        u32::try_from(set.term_loc.len()).map_err(|_| too_many())?;
        Ok(set)
    }

    fn category_id(&mut self, name: &str) -> Result<Category, BuildError> {
        if let Some(i) = self.categories.iter().position(|c| c == name) {
            return Ok(Category(i as u16));
        }
        let id = u16::try_from(self.categories.len()).map_err(|_| {
            BuildError::new(BuildErrorKind::Conflict, "more than 65,535 categories")
        })?;
        self.categories.push(name.to_string());
        Ok(Category(id))
    }

    pub(crate) fn find(&self, category: Category, id: &str) -> Option<EntryId> {
        self.index.get(&(category, id.to_string())).copied()
    }

    pub(crate) fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.index()]
    }

    pub(crate) fn term(&self, id: TermId) -> &Term {
        let (e, t) = self.term_loc[id.index()];
        &self.entries[e as usize].terms[t as usize]
    }

    pub(crate) fn term_entry(&self, id: TermId) -> EntryId {
        EntryId(self.term_loc[id.index()].0)
    }

    pub(crate) fn term_id(&self, entry: EntryId, index: usize) -> TermId {
        TermId(self.term_base[entry.index()] + index as u32)
    }

    pub(crate) fn term_count(&self) -> usize {
        self.term_loc.len()
    }
}

fn too_many() -> BuildError {
    BuildError::new(
        BuildErrorKind::Conflict,
        "more than 4,294,967,295 entries or terms",
    )
}
