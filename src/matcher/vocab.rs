//! The vocabulary of the compiled lexicons: which normalised words and stems terms use.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::text::Stemmer;

/// What the matcher needs to know about one (case-folded) word of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Symbol of the word's stem, or [`NO_SYMBOL`] when no term uses that stem.
    pub(crate) sym: u32,
    /// Id of the folded word among the words of exact-match terms, or 0.
    pub(crate) fold: u32,
    /// Whether some case-sensitive term word folds to this word, so the word's own case must be
    /// looked up.
    pub(crate) check_case: bool,
}

/// A stem no term uses: the word can take no part in a match.
pub(crate) const NO_SYMBOL: u32 = 0;

/// Most distinct stems the lexicons may use (codes above them are reserved).
pub(crate) const MAX_SYMBOLS: usize = 1 << 27;

#[derive(Default)]
pub(crate) struct Vocab {
    /// Stem → symbol (1-based).
    stems: FxHashMap<Box<str>, u32>,
    /// Folded word of an exact-match term word → id (1-based).
    folds: FxHashMap<Box<str>, u32>,
    /// Cased word of a case-sensitive term word → id (1-based).
    cased: FxHashMap<Box<str>, u32>,
    /// Folded forms of the case-sensitive term words.
    case_folds: FxHashSet<Box<str>>,
}

impl Vocab {
    pub(crate) fn stem_symbol(&mut self, stem: &str) -> u32 {
        intern(&mut self.stems, stem)
    }

    pub(crate) fn fold_id(&mut self, fold: &str) -> u32 {
        intern(&mut self.folds, fold)
    }

    pub(crate) fn case_id(&mut self, cased: &str, fold: &str) -> u32 {
        if !self.case_folds.contains(fold) {
            self.case_folds.insert(fold.into());
        }
        intern(&mut self.cased, cased)
    }

    pub(crate) fn symbol_count(&self) -> usize {
        self.stems.len()
    }

    /// Looks up a case-folded document word.
    pub(crate) fn lookup(&self, fold: &str, stemmer: &Stemmer) -> WordInfo {
        WordInfo {
            sym: self
                .stems
                .get(stemmer.stem(fold).as_ref())
                .copied()
                .unwrap_or(NO_SYMBOL),
            fold: self.folds.get(fold).copied().unwrap_or(0),
            check_case: self.case_folds.contains(fold),
        }
    }

    /// The id of a document word in its own case, or 0.
    pub(crate) fn cased(&self, cased: &str) -> u32 {
        self.cased.get(cased).copied().unwrap_or(0)
    }

    /// Approximate heap size in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        let map = |m: &FxHashMap<Box<str>, u32>| {
            m.capacity() * (size_of::<Box<str>>() + 4 + 1)
                + m.keys().map(|k| k.len()).sum::<usize>()
        };
        map(&self.stems)
            + map(&self.folds)
            + map(&self.cased)
            + self.case_folds.capacity() * (size_of::<Box<str>>() + 1)
            + self.case_folds.iter().map(|k| k.len()).sum::<usize>()
    }
}

fn intern(map: &mut FxHashMap<Box<str>, u32>, key: &str) -> u32 {
    if let Some(&id) = map.get(key) {
        return id;
    }
    let id = map.len() as u32 + 1;
    map.insert(key.into(), id);
    id
}
