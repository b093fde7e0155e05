//! Reading a document: sentences, words, codes, matches.
//!
//! The document is processed in batches of codes that end at an `OTHER` code, so no match can
//! cross a batch and memory stays bounded whatever the document's size.

use rustc_hash::FxHashMap;

use super::vocab::{NO_SYMBOL, WordInfo};
use super::{Candidate, Matcher, OTHER, Output, SOFT};
use crate::Span;
use crate::analysis::Mention;
use crate::analyzer::Overlap;
use crate::lexicon::{Category, TermId};
use crate::text::{Piece, Sink, normalize_into, pieces, sentences};

/// Codes per batch before the batch is matched (at the next `OTHER`).
const BATCH_CODES: usize = 1 << 14;
/// Distinct words remembered per scratch before the cache is cleared (the short-word table
/// then holds at most 2^19 slots of 32 bytes: 16 MiB per thread).
const CACHE_LIMIT: usize = 1 << 18;

/// A code's word in the document (dummy for `OTHER` and `SOFT`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Slot {
    start: usize,
    end: usize,
    word: u32,
    sentence: u32,
    pub(super) fold: u32,
    pub(super) case: u32,
}

/// Reusable buffers and the word cache of one thread's analyses.
#[derive(Default)]
pub(crate) struct Scratch {
    cache: WordCache,
    fold: String,
    cased: String,
    batch: Batch,
    /// A document's sentences and mentions are collected here and copied out at their exact
    /// size: no growth by reallocation per document (costly in a large, fragmented heap).
    sentences: Vec<Span>,
    mentions: Vec<Mention>,
}

/// Bytes of collected sentences or mentions a scratch keeps between documents; a larger
/// buffer (left by a huge document) is given back.
const RETAINED_BYTES: usize = 1 << 20;

/// A copy of `buf` at its exact size; `buf` is emptied and keeps at most [`RETAINED_BYTES`].
fn take_exact<T: Copy>(buf: &mut Vec<T>) -> Vec<T> {
    let out = buf.as_slice().to_vec();
    buf.clear();
    buf.shrink_to(RETAINED_BYTES / std::mem::size_of::<T>().max(1));
    out
}

/// Surface form of a word → its vocabulary facts and case id.
///
/// Most words are short: a word of up to [`SHORT_WORD`] bytes is keyed by its bytes and length
/// packed in a `u128`, so a probe hashes two integers and compares one, with no string
/// comparison; longer words are keyed by their text.
#[derive(Default)]
struct WordCache {
    short: ShortTable,
    long: FxHashMap<Box<str>, (WordInfo, u32)>,
}

/// An open-addressing table from short-word keys (never 0: the length byte is at least 1) to
/// word facts, with linear probing and at most half its slots in use. A hit costs a multiply,
/// a load and two compares.
#[derive(Default)]
struct ShortTable {
    /// `(key, facts)`; key 0 marks an empty slot.
    slots: Vec<(u128, (WordInfo, u32))>,
    len: usize,
}

impl ShortTable {
    const EMPTY: (u128, (WordInfo, u32)) = (
        0,
        (
            WordInfo {
                sym: NO_SYMBOL,
                fold: 0,
                check_case: false,
            },
            0,
        ),
    );

    #[inline(always)]
    fn home(&self, key: u128) -> usize {
        let mixed =
            (key as u64 ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // The top bits are the best mixed; `slots.len()` is a power of two.
        (mixed >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    #[inline(always)]
    fn get(&self, key: u128) -> Option<&(WordInfo, u32)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, facts) = &self.slots[i];
            if *k == key {
                return Some(facts);
            }
            if *k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, key: u128, facts: (WordInfo, u32)) {
        if (self.len + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(1 << 10);
            let old = std::mem::replace(&mut self.slots, vec![Self::EMPTY; size]);
            self.len = 0;
            for (k, f) in old {
                if k != 0 {
                    self.insert(k, f);
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) & mask;
        }
        if self.slots[i].0 == 0 {
            self.len += 1;
        }
        self.slots[i] = (key, facts);
    }

    fn clear(&mut self) {
        self.slots.clear();
        self.len = 0;
    }
}

/// Longest word, in bytes, that [`WordCache`] keys by a `u128` (the last byte holds the length).
const SHORT_WORD: usize = 15;

impl WordCache {
    fn len(&self) -> usize {
        self.short.len + self.long.len()
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// `KEY_MASKS[len]` keeps the low `len` bytes of a `u128` (a table: shifting a `u128` by a
/// variable amount takes a dozen instructions).
static KEY_MASKS: [u128; SHORT_WORD + 1] = {
    let mut masks = [0; SHORT_WORD + 1];
    let mut len = 0;
    while len <= SHORT_WORD {
        masks[len] = (1u128 << (8 * len)) - 1;
        len += 1;
    }
    masks
};

/// The key of `text[start..end]` when the word is short: its bytes (little-endian, zero past
/// the end) with the length in the top byte. Distinct words have distinct keys.
#[inline(always)]
fn short_key(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > SHORT_WORD {
        return None;
    }
    let bytes = match text.get(start..start + 16) {
        Some(window) => {
            let mut word = [0u8; 16];
            word.copy_from_slice(window);
            u128::from_le_bytes(word) & KEY_MASKS[len]
        }
        None => {
            let mut word = [0u8; 16];
            word[..len].copy_from_slice(&text[start..end]);
            u128::from_le_bytes(word)
        }
    };
    Some(bytes | (len as u128) << 120)
}

#[derive(Default)]
struct Batch {
    slots: Vec<Slot>,
    codes: Vec<u32>,
    cands: Vec<Candidate>,
    state: Vec<(u32, u32)>,
}

impl Batch {
    fn last(&self) -> Option<u32> {
        self.codes.last().copied()
    }

    fn push(&mut self, code: u32, slot: Slot) {
        self.codes.push(code);
        self.slots.push(slot);
    }

    /// A word: its symbol, and its slot (built only for a word with a symbol).
    #[inline(always)]
    fn word(&mut self, sym: u32, slot: impl FnOnce() -> Slot) {
        if sym == NO_SYMBOL {
            self.other();
        } else {
            self.push(sym, slot());
        }
    }

    fn soft(&mut self) {
        if matches!(self.last(), Some(c) if c != OTHER && c != SOFT) {
            self.push(SOFT, Slot::default());
        }
    }

    fn other(&mut self) {
        match self.last() {
            None => {}
            Some(c) if c == OTHER => {}
            Some(c) if c == SOFT => {
                if let Some(last) = self.codes.last_mut() {
                    *last = OTHER;
                }
            }
            Some(_) => self.push(OTHER, Slot::default()),
        }
    }
}

/// Turns the pieces of a document into codes and slots in a batch.
struct Encoder<'a, F> {
    matcher: &'a Matcher,
    text: &'a str,
    cache: &'a mut WordCache,
    fold: &'a mut String,
    cased: &'a mut String,
    batch: &'a mut Batch,
    /// Called when the batch is big enough to be matched.
    full: F,
    /// Words so far.
    word: u32,
    /// The current sentence.
    sentence: u32,
}

impl<F: FnMut(&mut Batch)> Sink for &mut Encoder<'_, F> {
    /// Inlined where the segmenter makes a piece, so a plain word goes straight from the bytes
    /// to the cache probe.
    #[inline(always)]
    fn piece(&mut self, piece: Piece) {
        let (start, end, and) = match piece {
            Piece::Word(start, end) => (start, end, false),
            Piece::And(start, end) => (start, end, true),
            Piece::Soft => {
                self.batch.soft();
                return;
            }
        };
        let text = self.text;
        let (info, case) = if and {
            self.matcher
                .resolve(|| "and", None, self.cache, self.fold, self.cased)
        } else {
            let key = short_key(text.as_bytes(), start, end);
            self.matcher
                .resolve(|| &text[start..end], key, self.cache, self.fold, self.cased)
        };
        let (word, sentence) = (self.word, self.sentence);
        self.batch.word(info.sym, || Slot {
            start,
            end,
            word,
            sentence,
            fold: info.fold,
            case,
        });
        self.word = word.saturating_add(1);
        // A huge sentence is matched in parts, cut where no match can cross.
        if info.sym == NO_SYMBOL && self.batch.codes.len() >= 4 * BATCH_CODES {
            (self.full)(self.batch);
        }
    }
}

/// The result of scanning a document.
pub(crate) struct Scanned {
    pub(crate) mentions: Vec<Mention>,
    pub(crate) sentences: Vec<Span>,
    pub(crate) words: usize,
}

/// A document read and encoded but not matched: what the matcher alone works on (see
/// [`crate::internals`]).
pub(crate) struct Encoded {
    batch: Batch,
}

impl Matcher {
    /// Finds the mentions in `text`.
    pub(crate) fn scan(&self, text: &str, overlap: Overlap, scratch: &mut Scratch) -> Scanned {
        let Scratch {
            cache,
            fold,
            cased,
            batch,
            sentences,
            mentions,
        } = scratch;
        batch.slots.clear();
        batch.codes.clear();
        sentences.clear();
        mentions.clear();
        let words = self.read(text, sentences, cache, fold, cased, batch, |batch| {
            self.flush(batch, overlap, mentions);
        });
        self.flush(batch, overlap, mentions);
        Scanned {
            mentions: take_exact(mentions),
            sentences: take_exact(sentences),
            words,
        }
    }

    /// Reads and encodes `text` without matching it.
    pub(crate) fn encode(&self, text: &str, scratch: &mut Scratch) -> Encoded {
        let mut batch = Batch::default();
        let mut sentences = Vec::new();
        let Scratch {
            cache, fold, cased, ..
        } = scratch;
        self.read(text, &mut sentences, cache, fold, cased, &mut batch, |_| {});
        Encoded { batch }
    }

    /// Matches an encoded document; returns the number of mentions.
    pub(crate) fn match_encoded(&self, encoded: &mut Encoded, overlap: Overlap) -> usize {
        let mut mentions = 0;
        let Batch {
            slots,
            codes,
            cands,
            state,
        } = &mut encoded.batch;
        self.candidates(codes, slots, cands);
        self.select(cands, overlap, state, |_, _, _| mentions += 1);
        mentions
    }

    /// Reads the sentences and words of `text` into `batch`, calling `full` whenever the
    /// batch is big enough to be matched (it ends at an `OTHER`). Returns the number of words.
    #[allow(clippy::too_many_arguments)]
    fn read(
        &self,
        text: &str,
        sentence_spans: &mut Vec<Span>,
        cache: &mut WordCache,
        fold: &mut String,
        cased: &mut String,
        batch: &mut Batch,
        full: impl FnMut(&mut Batch),
    ) -> usize {
        sentences(text, sentence_spans);
        let mut sink = Encoder {
            matcher: self,
            text,
            cache,
            fold,
            cased,
            batch,
            full,
            word: 0,
            sentence: 0,
        };
        for (index, sentence) in sentence_spans.iter().enumerate() {
            sink.sentence = u32::try_from(index).unwrap_or(u32::MAX);
            pieces(&text[*sentence], sentence.start, &mut sink);
            sink.batch.other();
            if sink.batch.codes.len() >= BATCH_CODES {
                (sink.full)(sink.batch);
            }
        }
        sink.word as usize
    }

    /// The vocabulary facts of a word, and its case id when case matters.
    ///
    /// The cache is keyed by the word as written (`key` is its [`short_key`], if short), so a
    /// word seen before costs one hash lookup: no normalisation, no stemming.
    #[inline(always)]
    fn resolve<'t>(
        &self,
        surface: impl FnOnce() -> &'t str,
        key: Option<u128>,
        cache: &mut WordCache,
        fold: &mut String,
        cased: &mut String,
    ) -> (WordInfo, u32) {
        if let Some(key) = key
            && let Some(&hit) = cache.short.get(key)
        {
            return hit;
        }
        self.resolve_slow(surface(), key, cache, fold, cased)
    }

    /// [`Self::resolve`] for a long word or a word not in the cache.
    #[inline(never)]
    fn resolve_slow(
        &self,
        surface: &str,
        key: Option<u128>,
        cache: &mut WordCache,
        fold: &mut String,
        cased: &mut String,
    ) -> (WordInfo, u32) {
        if key.is_none()
            && let Some(&hit) = cache.long.get(surface)
        {
            return hit;
        }
        fold.clear();
        normalize_into(surface, self.fold, fold);
        let info = self.vocab.lookup(fold, &self.stemmer);
        let case = if info.check_case {
            cased.clear();
            normalize_into(surface, self.cased, cased);
            self.vocab.cased(cased)
        } else {
            0
        };
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        match key {
            Some(key) => cache.short.insert(key, (info, case)),
            None => {
                cache.long.insert(surface.into(), (info, case));
            }
        }
        (info, case)
    }

    /// Matches the batch, appends its mentions, and empties it.
    fn flush(&self, batch: &mut Batch, overlap: Overlap, mentions: &mut Vec<Mention>) {
        let first = mentions.len();
        self.candidates(&batch.codes, &batch.slots, &mut batch.cands);
        let slots = &batch.slots;
        self.select(
            &mut batch.cands,
            overlap,
            &mut batch.state,
            |start, end, o: &Output| {
                let a = slots[start as usize];
                let b = slots[end as usize - 1];
                mentions.push(Mention {
                    span: Span::new(a.start, b.end),
                    entry: o.entry,
                    term: TermId(o.term),
                    category: Category(o.category),
                    sentence: a.sentence as usize,
                    word_start: a.word,
                    word_end: b.word + 1,
                    country: None,
                });
            },
        );
        let key = |m: &Mention| {
            (
                m.span.start,
                usize::MAX - m.span.end,
                m.category,
                m.entry,
                m.term,
            )
        };
        // Selection emits in this order already; the check is linear.
        if !mentions[first..].is_sorted_by_key(key) {
            mentions[first..].sort_unstable_by_key(key);
        }
        batch.slots.clear();
        batch.codes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(sym: u32) -> (WordInfo, u32) {
        (
            WordInfo {
                sym,
                fold: sym + 1,
                check_case: sym.is_multiple_of(2),
            },
            sym + 2,
        )
    }

    #[test]
    fn short_keys_are_distinct_and_ignore_what_follows() {
        let text = b"science diplomacy sciences a ab abc";
        let key = |s: usize, e: usize| short_key(text, s, e).expect("short");
        assert_eq!(key(0, 7), short_key(b"science", 0, 7).expect("short"));
        assert_ne!(key(0, 7), key(18, 26));
        // "a", "ab", "abc": the last near the end of the text, read without a full window.
        assert_ne!(key(27, 28), key(29, 31));
        assert_ne!(key(29, 31), key(32, 35));
        assert_eq!(
            key(32, 35),
            short_key(b"abc and more", 0, 3).expect("short")
        );
        // A word of sixteen bytes or more has no short key.
        assert_eq!(short_key(b"internationalisation", 0, 20), None);
        assert!(short_key(b"fifteen-bytes-x", 0, 15).is_some());
    }

    #[test]
    fn short_table_finds_what_it_holds_through_growth_and_collisions() {
        let mut table = ShortTable::default();
        assert_eq!(table.get(1), None);
        let keys: Vec<u128> = (1..5000u128)
            .map(|k| (k << 8) | (k % 15 + 1) << 120)
            .collect();
        for (i, &k) in keys.iter().enumerate() {
            table.insert(k, facts(i as u32));
        }
        assert_eq!(table.len, keys.len());
        assert!(table.slots.len() >= 2 * keys.len());
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(table.get(k), Some(&facts(i as u32)));
        }
        // Replacing keeps the count.
        table.insert(keys[7], facts(99));
        assert_eq!(table.get(keys[7]), Some(&facts(99)));
        assert_eq!(table.len, keys.len());
        assert_eq!(table.get(3 << 120), None);
        table.clear();
        assert_eq!(table.get(keys[0]), None);
    }
}
