//! The compiled automaton.
//!
//! # How matching works
//!
//! A document is read as a stream of words (see [`crate::text`]). Each word is case-folded and
//! stemmed, and its stem is looked up in the vocabulary of the lexicons: a stem that some term
//! uses becomes that stem's *symbol*; every other word becomes `OTHER`. Soft punctuation between
//! two known words becomes `SOFT`; sentence ends become `OTHER`. Runs of `OTHER` collapse.
//!
//! Every term is compiled the same way into a sequence of symbols (with `SOFT` where the term
//! has punctuation), and the sequences form a trie. Matching walks the trie from every symbol of
//! the stream, which finds every occurrence of every term, overlapping ones included. Matches
//! therefore start and end on word boundaries by construction: nothing is searched in raw bytes
//! and filtered afterwards, so no match is lost (with the terms "a b" and "b c" in "xa b c",
//! "b c" is found). Most words start no term and most walks end after one step, so matching
//! costs about one array lookup per word; an aho-corasick automaton over a byte encoding of the
//! symbols did the same work three times slower (see `DESIGN.md`).
//!
//! Terms that must match a word exactly (`match = "exact"`) or in its case
//! (`case = "sensitive"`) share the stem symbol and carry a *constraint* per word, checked
//! against the document word once the automaton has matched. Then overlapping candidates are
//! resolved (leftmost-longest per category by default) and exclusion phrases remove the
//! mentions they cover.

mod scan;
mod trie;
mod vocab;

use rustc_hash::FxHashMap;

pub(crate) use scan::{Encoded, Scratch};
use trie::{NO_PATTERN, Trie, TrieBuilder};
use vocab::{MAX_SYMBOLS, Vocab};

use crate::analyzer::Overlap;
use crate::error::{BuildError, BuildErrorKind};
use crate::lexicon::{Case, EntryId, LexiconSet, Matching};
#[cfg(feature = "builtin")]
use crate::lexicon::{Reader, Writer};
use crate::text::{Folding, Piece, Stemmer, normalize_into, pieces};

/// Code of a word no term uses, and of sentence ends.
const OTHER: u32 = u32::MAX;
/// Code of soft punctuation between two known words.
const SOFT: u32 = u32::MAX - 1;
/// Most optional punctuation marks in a term that produce variants with and without them.
const MAX_OPTIONAL_SOFT: usize = 4;
/// A term output that blocks its category instead of mentioning an entry.
const BLOCK: u32 = u32::MAX;

/// What a word of a term requires of the document word it matches, besides its stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Constraint {
    /// Any word with the same stem.
    Any,
    /// The same folded word (`match = "exact"`).
    Fold(u32),
    /// The same word in the same case (`case = "sensitive"`).
    Case(u32),
}

/// What a pattern produces when it matches.
#[derive(Clone, Copy, Debug)]
struct Output {
    entry: EntryId,
    /// The term, or [`BLOCK`] for an exclusion phrase.
    term: u32,
    /// The category (the layer it competes in).
    category: u16,
    /// Where its constraints start in `Matcher::constraints`, one per code; [`UNCONSTRAINED`]
    /// when they are all [`Constraint::Any`].
    constraints: u32,
}

impl Output {
    /// The order of outputs at one span: mentions before exclusions, then by category, entry
    /// and term.
    fn order(&self) -> (bool, u16, EntryId, u32) {
        (self.term == BLOCK, self.category, self.entry, self.term)
    }
}

/// The lexicons compiled for matching. Immutable once built, shared by all threads.
pub(crate) struct Matcher {
    trie: Trie,
    /// The outputs of each pattern are consecutive (see [`Trie::matches_at`]).
    outputs: Vec<Output>,
    /// The constraints of the outputs that have any other than [`Constraint::Any`].
    constraints: Vec<Constraint>,
    vocab: Vocab,
    stemmer: Stemmer,
    fold: Folding,
    cased: Folding,
}

/// [`Output::constraints`] of an output whose words all accept any word with their stem.
const UNCONSTRAINED: u32 = u32::MAX;

/// One word of a compiled term.
#[derive(Clone, Copy)]
struct TermWord {
    sym: u32,
    constraint: Constraint,
    /// Soft punctuation precedes this word in the term.
    soft_before: bool,
}

/// A phrase to compile: a term, or an exclusion phrase.
#[derive(Clone, Copy)]
struct Phrase<'a> {
    text: &'a str,
    case: Case,
    matching: Matching,
}

/// A word of a phrase as read before compiling: the byte ranges of its stem and of its folded
/// and cased forms in [`Prepared::text`] (empty when its term does not need them), or "&".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReadWord {
    And,
    Word {
        stem: (u32, u32),
        fold: (u32, u32),
        cased: (u32, u32),
    },
}

/// Phrases read into words. Reading (segmentation, folding, stemming) is most of the cost of
/// compiling and needs no vocabulary, so the phrases are read on two threads when there are
/// many; symbols are then given in phrase order on one thread, as if everything had been done
/// there.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Prepared {
    text: String,
    /// Each word, and whether soft punctuation precedes it in its phrase.
    words: Vec<(ReadWord, bool)>,
    /// For each phrase: where its words end in `words`, and for a case-sensitive term, the
    /// plural of its last word.
    phrases: Vec<(u32, Option<ReadWord>)>,
}

/// Below this many phrases, reading them on a second thread costs more than it saves.
const PARALLEL_PHRASES: usize = 2_000;

/// Reads phrases into a [`Prepared`].
struct PhraseReader<'a> {
    stemmer: &'a Stemmer,
    fold: Folding,
    cased: Folding,
    out: Prepared,
    pieces: Vec<Piece>,
    buf: String,
    /// Folded word → its stem in `out.text`: term words repeat ("of", "ministry").
    stems: FxHashMap<Box<str>, (u32, u32)>,
    /// Stem → its one range in `out.text`, so that compiling can know a stem by its range.
    ranges: FxHashMap<Box<str>, (u32, u32)>,
}

impl PhraseReader<'_> {
    fn read_all(mut self, phrases: &[Phrase<'_>]) -> Prepared {
        self.out.phrases.reserve(phrases.len());
        for phrase in phrases {
            self.read(phrase);
        }
        self.out
    }

    fn read(&mut self, phrase: &Phrase<'_>) {
        let mut list = std::mem::take(&mut self.pieces);
        list.clear();
        pieces(phrase.text, 0, |p| list.push(p));
        let exact = phrase.matching == Matching::Exact;
        let mut any = false;
        let mut soft = false;
        let mut last = None;
        for &piece in &list {
            match piece {
                Piece::Soft => soft = any,
                Piece::And(..) => {
                    self.out.words.push((ReadWord::And, soft));
                    any = true;
                    soft = false;
                }
                Piece::Word(s, e) => {
                    let word = self.word(&phrase.text[s..e], phrase.case, exact);
                    self.out.words.push((word, soft));
                    any = true;
                    soft = false;
                    last = Some((s, e));
                }
            }
        }
        self.pieces = list;
        // The last word of a case-sensitive term with an `s`, when it ends in a capital or a
        // digit (`MoU` → `MoUs`, `SDG` → `SDGs`).
        let plural = match last {
            Some((s, e)) if any && phrase.case == Case::Sensitive => {
                let word = &phrase.text[s..e];
                word.chars()
                    .next_back()
                    .filter(|c| c.is_uppercase() || c.is_numeric())
                    .map(|_| self.word(&format!("{word}s"), Case::Sensitive, exact))
            }
            _ => None,
        };
        let end = u32::try_from(self.out.words.len()).unwrap_or(u32::MAX);
        self.out.phrases.push((end, plural));
    }

    fn word(&mut self, word: &str, case: Case, exact: bool) -> ReadWord {
        self.buf.clear();
        normalize_into(word, self.fold, &mut self.buf);
        let stem = match self.stems.get(self.buf.as_str()) {
            Some(&stem) => stem,
            None => {
                let stemmed = self.stemmer.stem(&self.buf);
                let stem = match self.ranges.get(stemmed.as_ref()) {
                    Some(&range) => range,
                    None => {
                        let range = push(&mut self.out.text, &stemmed);
                        self.ranges.insert(stemmed.as_ref().into(), range);
                        range
                    }
                };
                self.stems.insert(self.buf.as_str().into(), stem);
                stem
            }
        };
        let sensitive = case == Case::Sensitive;
        let fold = if sensitive || exact {
            push(&mut self.out.text, &self.buf)
        } else {
            (0, 0)
        };
        let cased = if sensitive {
            self.buf.clear();
            normalize_into(word, self.cased, &mut self.buf);
            push(&mut self.out.text, &self.buf)
        } else {
            (0, 0)
        };
        ReadWord::Word { stem, fold, cased }
    }
}

impl<'a> PhraseReader<'a> {
    fn new(stemmer: &'a Stemmer, fold: Folding, cased: Folding) -> PhraseReader<'a> {
        PhraseReader {
            stemmer,
            fold,
            cased,
            out: Prepared::default(),
            pieces: Vec::new(),
            buf: String::new(),
            stems: FxHashMap::default(),
            ranges: FxHashMap::default(),
        }
    }
}

/// The foldings of words (for stems and exact terms) and of case-sensitive words.
fn foldings(fold_diacritics: bool) -> (Folding, Folding) {
    let fold = Folding {
        lowercase: true,
        diacritics: fold_diacritics,
    };
    let cased = Folding {
        lowercase: false,
        diacritics: fold_diacritics,
    };
    (fold, cased)
}

/// The phrases of a set in compiling order: each entry's terms, then its exclusion phrases.
fn phrases(set: &LexiconSet) -> Vec<Phrase<'_>> {
    set.entries
        .iter()
        .flat_map(|entry| {
            let terms = entry.terms.iter().map(|t| Phrase {
                text: &t.text,
                case: t.case,
                matching: t.matching,
            });
            let exclude = entry.exclude.iter().map(|x| Phrase {
                text: x,
                case: Case::Insensitive,
                matching: Matching::Stem,
            });
            terms.chain(exclude)
        })
        .collect()
}

/// Reading ahead and the image of prepared phrases, for the built-in lexicons.
#[cfg(feature = "builtin")]
impl Prepared {
    /// The phrases of `set` read on this thread, as [`Matcher::build`] reads them.
    pub(crate) fn read(set: &LexiconSet, stemmer: &Stemmer, fold_diacritics: bool) -> Prepared {
        let (fold, cased) = foldings(fold_diacritics);
        PhraseReader::new(stemmer, fold, cased).read_all(&phrases(set))
    }

    /// Appends the prepared phrases to an image (`lexicon/image.rs`).
    pub(crate) fn encode(&self, w: &mut Writer) {
        let word = |w: &mut Writer, word: &ReadWord| match *word {
            ReadWord::And => w.u8(0),
            ReadWord::Word { stem, fold, cased } => {
                w.u8(1);
                for (s, e) in [stem, fold, cased] {
                    w.u32(s as usize);
                    w.u32(e as usize);
                }
            }
        };
        w.str(&self.text);
        w.u32(self.words.len());
        for (read, soft) in &self.words {
            word(w, read);
            w.u8(u8::from(*soft));
        }
        w.u32(self.phrases.len());
        for (end, plural) in &self.phrases {
            w.u32(*end as usize);
            match plural {
                Some(p) => {
                    w.u8(1);
                    word(w, p);
                }
                None => w.u8(0),
            }
        }
    }

    /// Reads what [`Prepared::encode`] wrote; `None` when it is malformed: a range outside the
    /// text or not on character boundaries, phrases out of order.
    pub(crate) fn decode(r: &mut Reader<'_>) -> Option<Prepared> {
        let text = r.str()?;
        let range = |r: &mut Reader<'_>| -> Option<(u32, u32)> {
            let (s, e) = (r.u32()?, r.u32()?);
            text.get(s..e)?;
            Some((u32::try_from(s).ok()?, u32::try_from(e).ok()?))
        };
        let word = |r: &mut Reader<'_>| -> Option<ReadWord> {
            match r.u8()? {
                0 => Some(ReadWord::And),
                1 => Some(ReadWord::Word {
                    stem: range(r)?,
                    fold: range(r)?,
                    cased: range(r)?,
                }),
                _ => None,
            }
        };
        let n = r.count(2)?;
        let mut words = Vec::with_capacity(n);
        for _ in 0..n {
            let read = word(r)?;
            words.push((read, r.bool()?));
        }
        let n = r.count(5)?;
        let mut phrases = Vec::with_capacity(n);
        let mut last = 0;
        for _ in 0..n {
            let end = u32::try_from(r.u32()?).ok()?;
            if end < last || end as usize > words.len() {
                return None;
            }
            last = end;
            let plural = match r.u8()? {
                0 => None,
                1 => Some(word(r)?),
                _ => return None,
            };
            phrases.push((end, plural));
        }
        Some(Prepared {
            text: text.to_string(),
            words,
            phrases,
        })
    }
}

/// Appends `s` to `text`; its range there.
fn push(text: &mut String, s: &str) -> (u32, u32) {
    let start = text.len();
    text.push_str(s);
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (clamp(start), clamp(text.len()))
}

/// Reads the phrases, on two threads when there are many.
fn prepare<'s>(
    phrases: &[Phrase<'_>],
    reader: impl Fn() -> PhraseReader<'s> + Sync,
) -> Vec<Prepared> {
    if phrases.len() < PARALLEL_PHRASES {
        return vec![reader().read_all(phrases)];
    }
    // Halves of about the same number of bytes.
    let total: usize = phrases.iter().map(|p| p.text.len()).sum();
    let mut bytes = 0;
    let mid = phrases
        .iter()
        .position(|p| {
            bytes += p.text.len();
            bytes * 2 >= total
        })
        .map_or(phrases.len(), |i| i + 1);
    let (first, second) = phrases.split_at(mid);
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("scidip-compile".into())
            .spawn_scoped(scope, || reader().read_all(second));
        let first = reader().read_all(first);
        // Should the thread fail to start or panic (a bug), its half is read here.
        let second = match helper.map(|h| h.join()) {
            Ok(Ok(prepared)) => prepared,
            _ => reader().read_all(second),
        };
        vec![first, second]
    })
}

/// Gives symbols to prepared phrases and collects the patterns.
struct Compiler<'a> {
    vocab: &'a mut Vocab,
    /// The patterns so far; a node's pattern is an index in `group_last`.
    trie: TrieBuilder,
    /// For each pattern, its last output in `flat` (or [`NONE`]).
    group_last: Vec<u32>,
    /// Every output: its pattern, the previous output of the pattern (or [`NONE`]), the output.
    /// One list instead of a vector per pattern spares thousands of small allocations.
    flat: Vec<(u32, u32, Output)>,
    constraints: Vec<Constraint>,
    /// Symbol of each stem range of the current [`Prepared`], which gives each stem one range:
    /// a hash of two integers instead of one of the stem.
    stem_syms: FxHashMap<u64, u32>,
    /// Buffers reused from phrase to phrase.
    words: Vec<TermWord>,
    optional: Vec<usize>,
    codes: Vec<u32>,
    cons: Vec<Constraint>,
}

impl Compiler<'_> {
    fn term_word(
        &mut self,
        text: &str,
        (word, soft_before): (ReadWord, bool),
        case: Case,
        matching: Matching,
    ) -> TermWord {
        let range = |(s, e): (u32, u32)| text.get(s as usize..e as usize).unwrap_or_default();
        match word {
            ReadWord::And => TermWord {
                sym: self.vocab.stem_symbol("and"),
                constraint: Constraint::Any,
                soft_before,
            },
            ReadWord::Word { stem, fold, cased } => {
                let key = (u64::from(stem.0) << 32) | u64::from(stem.1);
                let sym = match self.stem_syms.get(&key) {
                    Some(&sym) => sym,
                    None => {
                        let sym = self.vocab.stem_symbol(range(stem));
                        self.stem_syms.insert(key, sym);
                        sym
                    }
                };
                let constraint = match (case, matching) {
                    (Case::Sensitive, _) => {
                        Constraint::Case(self.vocab.case_id(range(cased), range(fold)))
                    }
                    (Case::Insensitive, Matching::Exact) => {
                        Constraint::Fold(self.vocab.fold_id(range(fold)))
                    }
                    (Case::Insensitive, Matching::Stem) => Constraint::Any,
                };
                TermWord {
                    sym,
                    constraint,
                    soft_before,
                }
            }
        }
    }

    /// Adds every variant of a phrase (with and without its optional punctuation, and the
    /// plural of a case-sensitive acronym).
    fn add(
        &mut self,
        prepared: &Prepared,
        words: std::ops::Range<usize>,
        plural: Option<ReadWord>,
        phrase: Phrase<'_>,
        output: Output,
    ) {
        let mut list = std::mem::take(&mut self.words);
        list.clear();
        for &word in prepared.words.get(words).unwrap_or_default() {
            list.push(self.term_word(&prepared.text, word, phrase.case, phrase.matching));
        }
        if !list.is_empty() {
            self.add_variants(&list, output);
            if phrase.case == Case::Sensitive
                && let Some(plural) = plural
            {
                let last = list.len() - 1;
                let soft = list[last].soft_before;
                list[last] = self.term_word(
                    &prepared.text,
                    (plural, soft),
                    Case::Sensitive,
                    phrase.matching,
                );
                self.add_variants(&list, output);
            }
        }
        self.words = list;
    }

    fn add_variants(&mut self, words: &[TermWord], output: Output) {
        let mut optional = std::mem::take(&mut self.optional);
        let mut codes = std::mem::take(&mut self.codes);
        let mut constraints = std::mem::take(&mut self.cons);
        optional.clear();
        optional.extend((1..words.len()).filter(|&i| words[i].soft_before));
        // Every combination of the optional marks when there are few; otherwise all or none.
        let few = optional.len() <= MAX_OPTIONAL_SOFT;
        let masks: u32 = if few { 1 << optional.len() } else { 2 };
        for mask in 0..masks {
            codes.clear();
            constraints.clear();
            for (i, w) in words.iter().enumerate() {
                let include = optional
                    .iter()
                    .position(|&o| o == i)
                    .is_some_and(|k| if few { mask & (1 << k) != 0 } else { mask != 0 });
                if include {
                    codes.push(SOFT);
                    constraints.push(Constraint::Any);
                }
                codes.push(w.sym);
                constraints.push(w.constraint);
            }
            self.push(&codes, &constraints, output);
        }
        self.optional = optional;
        self.codes = codes;
        self.cons = constraints;
    }

    fn push(&mut self, codes: &[u32], constraints: &[Constraint], mut output: Output) {
        let node = self.trie.insert(codes);
        let group = match self.trie.patterns[node as usize] {
            NO_PATTERN => {
                let g = self.group_last.len();
                self.trie.patterns[node as usize] = g as u32;
                self.group_last.push(NONE);
                g
            }
            g => g as usize,
        };
        let unconstrained = constraints.iter().all(|&c| c == Constraint::Any);
        // Identical outputs (one term listed twice, or a variant equal to another) add nothing.
        let mut i = self.group_last[group];
        while i != NONE {
            let (_, prev, o) = &self.flat[i as usize];
            let same = match o.constraints {
                UNCONSTRAINED => unconstrained,
                c => self.constraints[c as usize..][..constraints.len()] == *constraints,
            };
            if o.entry == output.entry && o.term == output.term && same {
                return;
            }
            i = *prev;
        }
        output.constraints = if unconstrained {
            UNCONSTRAINED
        } else {
            let at = self.constraints.len() as u32;
            self.constraints.extend_from_slice(constraints);
            at
        };
        let index = self.flat.len() as u32;
        self.flat
            .push((group as u32, self.group_last[group], output));
        self.group_last[group] = index;
    }
}

impl Matcher {
    /// Compiles the terms of `set`. `cached` holds its phrases read ahead ([`Prepared::read`]
    /// with the same stemmer and folding); it is used when it has as many phrases as `set`.
    pub(crate) fn build(
        set: &LexiconSet,
        stemmer: Stemmer,
        fold_diacritics: bool,
        cached: Option<&Prepared>,
    ) -> Result<Matcher, BuildError> {
        let (fold, cased) = foldings(fold_diacritics);
        let phrases = phrases(set);
        let read_here;
        let prepared: &[Prepared] = match cached {
            Some(p) if p.phrases.len() == phrases.len() => std::slice::from_ref(p),
            _ => {
                read_here = prepare(&phrases, || PhraseReader::new(&stemmer, fold, cased));
                &read_here
            }
        };
        let mut read = prepared.iter().enumerate().flat_map(|(k, p)| {
            let mut start = 0;
            p.phrases.iter().map(move |&(end, plural)| {
                let words = start as usize..end as usize;
                start = end;
                (k, p, words, plural)
            })
        });
        let words = prepared.iter().map(|p| p.words.len()).sum::<usize>();
        let mut vocab = Vocab::default();
        let mut c = Compiler {
            vocab: &mut vocab,
            trie: TrieBuilder::default(),
            group_last: Vec::with_capacity(phrases.len()),
            flat: Vec::with_capacity(phrases.len() * 2),
            constraints: Vec::with_capacity(words * 2),
            stem_syms: FxHashMap::default(),
            words: Vec::new(),
            optional: Vec::new(),
            codes: Vec::new(),
            cons: Vec::new(),
        };
        c.trie.reserve(words);
        let mut phrase_iter = phrases.iter();
        // Which of `prepared` the stem ranges in `stem_syms` belong to.
        let mut current = usize::MAX;
        for (e, entry) in set.entries.iter().enumerate() {
            let entry_id = EntryId(e as u32);
            let category = set.entry_category[e].0;
            let terms = (0..entry.terms.len()).map(|t| set.term_id(entry_id, t).0);
            let blocks = entry.exclude.iter().map(|_| BLOCK);
            for term in terms.chain(blocks) {
                let output = Output {
                    entry: entry_id,
                    term,
                    category,
                    constraints: 0,
                };
                if let (Some((k, p, words, plural)), Some(&phrase)) =
                    (read.next(), phrase_iter.next())
                {
                    if k != current {
                        // Ranges are those of another text from here on.
                        c.stem_syms.clear();
                        current = k;
                    }
                    c.add(p, words, plural, phrase, output);
                }
            }
            if c.vocab.symbol_count() >= MAX_SYMBOLS {
                return Err(BuildError::new(
                    BuildErrorKind::Automaton,
                    format!("the lexicons use more than {MAX_SYMBOLS} distinct stems"),
                ));
            }
        }
        let Compiler {
            trie,
            group_last,
            flat,
            mut constraints,
            ..
        } = c;
        // The table was reserved for the worst case; the analyzer keeps only what is used.
        constraints.shrink_to_fit();
        let pattern_count = group_last.len();
        debug_assert!(pattern_count < NO_PATTERN as usize);
        // By pattern, each pattern's outputs in the order they came (a counting sort).
        let mut starts = vec![0u32; pattern_count + 1];
        for &(group, _, _) in &flat {
            starts[group as usize + 1] += 1;
        }
        for g in 0..pattern_count {
            starts[g + 1] += starts[g];
        }
        let mut slot = starts.clone();
        let mut order = vec![0u32; flat.len()];
        for (i, &(group, _, _)) in flat.iter().enumerate() {
            order[slot[group as usize] as usize] = i as u32;
            slot[group as usize] += 1;
        }
        let mut outputs: Vec<Output> = order.iter().map(|&i| flat[i as usize].2).collect();
        for bounds in starts.windows(2) {
            // In the order candidates are resolved in, so that they come out of the trie sorted.
            outputs[bounds[0] as usize..bounds[1] as usize].sort_unstable_by_key(Output::order);
        }
        let trie = trie.freeze(|p| {
            let range = starts[p as usize]..starts[p as usize + 1];
            let unconstrained = outputs[range.start as usize..range.end as usize]
                .iter()
                .all(|o| o.constraints == UNCONSTRAINED);
            (range.start, range.end, unconstrained)
        });
        Ok(Matcher {
            trie,
            outputs,
            constraints,
            vocab,
            stemmer,
            fold,
            cased,
        })
    }

    /// Number of distinct patterns in the automaton.
    pub(crate) fn pattern_count(&self) -> usize {
        self.trie.pattern_count()
    }

    /// Approximate heap size in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.trie.heap_bytes()
            + self.outputs.capacity() * size_of::<Output>()
            + self.constraints.capacity() * size_of::<Constraint>()
            + self.vocab.heap_bytes()
    }
}

/// No output (the end of a pattern's list while compiling).
const NONE: u32 = u32::MAX;

/// A match before overlaps are resolved: codes `start..end` of the batch, and its output.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    start: u32,
    end: u32,
    output: u32,
}

impl Matcher {
    /// Finds the verified candidates in a batch of codes.
    fn candidates(&self, codes: &[u32], slots: &[scan::Slot], out: &mut Vec<Candidate>) {
        for start in 0..codes.len() {
            let first = out.len();
            self.trie
                .matches_at(codes, start, |end, outputs, unconstrained| {
                    self.verify(outputs, unconstrained, start, end, slots, out);
                });
            // The walk finds the shortest first; longest first is the resolution order (a
            // stable sort keeps each pattern's outputs in their order).
            if out.len() - first > 1 {
                out[first..].sort_by_key(|c| u32::MAX - c.end);
            }
        }
    }

    /// Checks the word constraints of a pattern's outputs at `start..end`; none when the trie
    /// says they are all unconstrained, so that their outputs are not even read.
    #[inline]
    fn verify(
        &self,
        outputs: std::ops::Range<u32>,
        unconstrained: bool,
        start: usize,
        end: usize,
        slots: &[scan::Slot],
        out: &mut Vec<Candidate>,
    ) {
        for o in outputs {
            let ok = unconstrained
                || match self.outputs[o as usize].constraints {
                    UNCONSTRAINED => true,
                    at => {
                        let cons = &self.constraints[at as usize..][..end - start];
                        cons.iter().zip(&slots[start..end]).all(|(c, s)| match *c {
                            Constraint::Any => true,
                            Constraint::Fold(f) => s.fold == f,
                            Constraint::Case(k) => s.case == k,
                        })
                    }
                };
            if ok {
                out.push(Candidate {
                    start: start as u32,
                    end: end as u32,
                    output: o,
                });
            }
        }
    }

    /// Resolves overlaps among candidates and appends the mentions.
    fn select(
        &self,
        cands: &mut Vec<Candidate>,
        overlap: Overlap,
        state: &mut Vec<(u32, u32)>,
        mut emit: impl FnMut(u32, u32, &Output),
    ) {
        let out = |c: &Candidate| &self.outputs[c.output as usize];
        let key = |c: &Candidate| (c.start, u32::MAX - c.end, out(c).order());
        // Candidates come out of the trie in this order already; the check is linear.
        if !cands.is_sorted_by_key(key) {
            cands.sort_unstable_by_key(key);
        }
        // Exclusion phrases: drop the candidates of their category that they strictly cover.
        let blocks: Vec<(u32, u32, u16)> = cands
            .iter()
            .filter(|c| out(c).term == BLOCK)
            .map(|c| (c.start, c.end, out(c).category))
            .collect();
        if !blocks.is_empty() {
            // A sweep in start order: only the blocks that started and have not ended can
            // cover a candidate, so the work stays linear however many blocks a batch has.
            let mut next = 0;
            let mut active: Vec<(u32, u32, u16)> = Vec::new();
            cands.retain(|c| {
                let o = out(c);
                if o.term == BLOCK {
                    return false;
                }
                while next < blocks.len() && blocks[next].0 <= c.start {
                    active.push(blocks[next]);
                    next += 1;
                }
                active.retain(|&(_, e, _)| e > c.start);
                !active.iter().any(|&(s, e, cat)| {
                    cat == o.category && c.end <= e && (s, e) != (c.start, c.end)
                })
            });
        }
        // One mention per entry and span: the first term (by id) that produced it.
        cands.dedup_by(|b, a| a.start == b.start && a.end == b.end && out(a).entry == out(b).entry);
        match overlap {
            Overlap::All => {
                for c in cands.iter() {
                    emit(c.start, c.end, out(c));
                }
            }
            Overlap::AcrossCategories | Overlap::Never => {
                state.clear();
                for c in cands.iter() {
                    let o = out(c);
                    let layer = if overlap == Overlap::Never {
                        0
                    } else {
                        usize::from(o.category)
                    };
                    if state.len() <= layer {
                        state.resize(layer + 1, (0, 0));
                    }
                    let (s, e) = state[layer];
                    if c.start >= e || (c.start, c.end) == (s, e) {
                        state[layer] = (c.start, c.end);
                        emit(c.start, c.end, o);
                    }
                }
            }
        }
        cands.clear();
    }
}
