//! Sentences by Unicode segmentation (UAX #29), adapted to real documents.
//!
//! UAX #29 ends a sentence at every line break. Real documents wrap lines inside sentences
//! (the UN speeches do on every line), so two adjustments are made:
//!
//! - a break that UAX #29 makes at a single line break, where the text before it has no
//!   sentence-final punctuation, or where the next sentence starts in lower case, is removed:
//!   the line break is read as a space; a blank line always ends a sentence (a paragraph);
//! - a break after a title or an initial ("Dr.", "Prof.", "U.S.", "A.") is removed. The rule
//!   ignores case, so a sentence that ends in a one-letter word ("… plan b.") runs on.
//!
//! Sentence spans are trimmed of surrounding whitespace; whitespace-only text has no sentence.

use unicode_segmentation::UnicodeSegmentation;

use super::props::{ASCII_SB, Sb, is_ascii_space, sentence_break};
use crate::Span;

/// Title and reference abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "hon", "amb", "sen", "gen", "rev", "fig", "figs", "vol",
    "no", "nos", "pp", "art", "para", "cf", "vs", "jr", "sr", "dept", "approx", "govt",
];

/// Bytes of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

/// Appends the sentences of `text` to `out`.
pub(crate) fn sentences(text: &str, out: &mut Vec<Span>) {
    let mut current: Option<Span> = None;
    // Line breaks between the end of `current` and the next sentence.
    let mut gap_breaks = 0usize;
    let bytes = text.as_bytes();
    raw_sentences(text, |i, end| {
        let (start, body_end) = trim(text, i, end);
        if start == body_end {
            gap_breaks += count_breaks(&bytes[i..end]);
            return;
        }
        let span = Span::new(start, body_end);
        gap_breaks += count_breaks(&bytes[i..start]);
        current = Some(match current {
            Some(prev) if joins_at(text, prev, span, gap_breaks) => Span::new(prev.start, span.end),
            Some(prev) => {
                out.push(prev);
                span
            }
            None => span,
        });
        gap_breaks = count_breaks(&bytes[body_end..end]);
    });
    out.extend(current);
}

/// `text[i..end]` without leading and trailing whitespace (`str::trim`), as a byte range;
/// ASCII edges are read as bytes.
#[inline]
fn trim(text: &str, mut i: usize, mut end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while i < end && is_ascii_space(bytes[i]) {
        i += 1;
    }
    if i < end && bytes[i] >= 0x80 {
        i = end - text[i..end].trim_start().len();
    }
    while end > i && is_ascii_space(bytes[end - 1]) {
        end -= 1;
    }
    if end > i && bytes[end - 1] >= 0x80 {
        end = i + text[i..end].trim_end().len();
    }
    (i, end)
}

/// Calls `f(start, end)` for every sentence of UAX #29 (`unicode-segmentation`'s
/// `split_sentence_bound_indices`), found faster.
///
/// UAX #29 always ends a sentence after a line break (SB4) and never looks across one, so each
/// line segments on its own. A line whose characters are all in the fast set (`props.rs`) is
/// segmented here by rules SB6 to SB11; any other line is handed to `unicode-segmentation`.
pub(crate) fn raw_sentences(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // The next terminator and the next non-ASCII byte at or after `start`, found once for
    // many lines: most lines have neither.
    let mut next_term = next_terminator(bytes, 0);
    let mut next_high = non_ascii(bytes, 0);
    let mut start = 0;
    while start < n {
        let mut end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(n, |k| start + k);
        if next_high < start {
            next_high = non_ascii(bytes, start);
        }
        let fast = next_high >= end
            || text[start..end]
                .chars()
                .all(|c| c.is_ascii() || sentence_break(c).is_some());
        if end < n {
            end += if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        if fast {
            if next_term < start {
                next_term = next_terminator(bytes, start);
            }
            if next_term >= end {
                // No terminator: the line is one sentence.
                f(start, end);
            } else {
                fast_line(text, start, end, &mut next_term, &mut f);
            }
        } else {
            for (i, s) in text[start..end].split_sentence_bound_indices() {
                f(start + i, start + i + s.len());
            }
        }
        start = end;
    }
}

/// The offset of the first `.`, `!` or `?` of `bytes` from `i`, or the length.
fn next_terminator(bytes: &[u8], i: usize) -> usize {
    memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(bytes.len(), |k| i + k)
}

/// The offset of the first byte of `bytes` from `i` that is not ASCII, or the length.
fn non_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 16) {
        let mut word = [0u8; 16];
        word.copy_from_slice(chunk);
        let high = u128::from_le_bytes(word) & u128::from_ne_bytes([0x80; 16]);
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 16;
    }
    bytes[i..]
        .iter()
        .position(|&b| b >= 0x80)
        .map_or(bytes.len(), |k| i + k)
}

/// The `Sentence_Break` of the character at byte `i` (in the fast set) and its length.
#[inline]
fn sb_at(text: &str, i: usize) -> (Sb, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (ASCII_SB[b as usize], 1);
    }
    let c = text[i..].chars().next().unwrap_or('\0');
    (sentence_break(c).unwrap_or(Sb::Other), c.len_utf8())
}

/// Sentences of one line of fast-set characters, `text[start..end]`, ending with its line
/// break if it has one.
///
/// `next_term` is the first terminator at or after `start` (or the text's length); it is left
/// at the first one at or after `end`, each found by one search that may run past the line.
fn fast_line(
    text: &str,
    start: usize,
    end: usize,
    next_term: &mut usize,
    f: &mut impl FnMut(usize, usize),
) {
    let bytes = text.as_bytes();
    let mut sentence = start;
    let mut i = start;
    // Only a full stop, `!` or `?` can end a sentence (the fast set has no other terminator).
    loop {
        if *next_term < i {
            *next_term = next_terminator(bytes, i);
        }
        if *next_term >= end {
            break;
        }
        let i_at = *next_term;
        let class = ASCII_SB[bytes[i_at] as usize];
        let prev = if i_at > sentence {
            class_before(text, i_at)
        } else {
            Sb::Other
        };
        let len = 1;
        // SATerm Close* Sp*
        let mut j = i_at + len;
        while j < end && sb_at(text, j).0 == Sb::Close {
            j += sb_at(text, j).1;
        }
        while j < end && sb_at(text, j).0 == Sb::Sp {
            j += sb_at(text, j).1;
        }
        let next = (i_at + len < end).then(|| sb_at(text, i_at + len).0);
        let after = (j < end).then(|| sb_at(text, j).0);
        let aterm = class == Sb::ATerm;
        let no_break =
            // SB6: ATerm × Numeric
            aterm && next == Some(Sb::Numeric)
            // SB7: (Upper | Lower) ATerm × Upper
            || aterm && matches!(prev, Sb::Upper | Sb::Lower) && next == Some(Sb::Upper)
            // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
            || aterm && lower_follows(text, j, end)
            // SB8a: SATerm Close* Sp* × (SContinue | SATerm)
            || matches!(after, Some(Sb::SContinue | Sb::ATerm | Sb::STerm));
        if no_break {
            i = i_at + len;
            continue;
        }
        // SB9, SB10, SB11: the break comes after Close* Sp* and an optional ParaSep.
        let mut brk = j;
        if after == Some(Sb::ParaSep) {
            brk = end;
        }
        f(sentence, brk);
        sentence = brk;
        i = brk;
    }
    if sentence < end {
        f(sentence, end);
    }
}

/// The `Sentence_Break` of the (fast-set) character that ends at byte `i`.
fn class_before(text: &str, i: usize) -> Sb {
    let b = text.as_bytes()[i - 1];
    if b < 0x80 {
        return ASCII_SB[b as usize];
    }
    text[..i]
        .chars()
        .next_back()
        .and_then(sentence_break)
        .unwrap_or(Sb::Other)
}

/// Whether, from byte `j`, characters other than letters, paragraph separators and sentence
/// terminators lead to a lower-case letter (SB8).
fn lower_follows(text: &str, mut j: usize, end: usize) -> bool {
    while j < end {
        let (class, len) = sb_at(text, j);
        match class {
            Sb::Lower => return true,
            Sb::Upper | Sb::ParaSep | Sb::ATerm | Sb::STerm => return false,
            _ => j += len,
        }
    }
    false
}

/// Counts line breaks in whitespace (a CR LF pair is one), read as UTF-8 bytes: U+0085, U+2028
/// and U+2029 are the only breaks outside ASCII, and their byte sequences are nothing else.
#[inline]
fn count_breaks(ws: &[u8]) -> usize {
    let mut n = 0;
    let mut prev_cr = false;
    for (k, &b) in ws.iter().enumerate() {
        match b {
            b'\n' if prev_cr => {}
            b'\n' | b'\r' | 0x0B | 0x0C => n += 1,
            0xC2 if ws.get(k + 1) == Some(&0x85) => n += 1,
            0xE2 if ws.get(k + 1) == Some(&0x80) && matches!(ws.get(k + 2), Some(0xA8 | 0xA9)) => {
                n += 1;
            }
            _ => {}
        }
        prev_cr = b == b'\r';
    }
    n
}

/// [`joins`] for two spans of `text`, with ASCII edges read as bytes.
#[inline]
fn joins_at(text: &str, prev: Span, next: Span, breaks: usize) -> bool {
    if breaks >= 2 {
        return false;
    }
    let bytes = text.as_bytes();
    // The last character of `prev` that is not a closing quote or bracket.
    let mut k = prev.end;
    while k > prev.start && matches!(bytes[k - 1], b'"' | b'\'' | b')' | b']' | b'}') {
        k -= 1;
    }
    if k == prev.start || bytes[k - 1] >= 0x80 || bytes[next.start] >= 0x80 {
        return joins(&text[prev.range()], &text[next.range()], breaks);
    }
    match bytes[k - 1] {
        b'.' if ends_with_abbreviation_at(text, prev) => true,
        b'.' | b'!' | b'?' => breaks == 1 && bytes[next.start].is_ascii_lowercase(),
        // UAX #29 broke without sentence-final punctuation: only a line break does that.
        _ => breaks == 1,
    }
}

/// [`ends_with_abbreviation`] for a span of `text`, with an ASCII last word read as bytes.
fn ends_with_abbreviation_at(text: &str, prev: Span) -> bool {
    let bytes = text.as_bytes();
    let Some(stop) = prev.end.checked_sub(1).filter(|&i| bytes[i] == b'.') else {
        return false;
    };
    let mut k = stop;
    while k > prev.start {
        let b = bytes[k - 1];
        if b >= 0x80 {
            return ends_with_abbreviation(&text[prev.range()]);
        }
        if !(b.is_ascii_alphanumeric() || b == b'.') {
            break;
        }
        k -= 1;
    }
    is_abbreviation(&text[k..stop])
}

/// Whether the sentence `prev` continues into `next`, given the line breaks between them.
fn joins(prev: &str, next: &str, breaks: usize) -> bool {
    if breaks >= 2 {
        return false;
    }
    let Some(stop) = final_stop(prev) else {
        // UAX #29 broke without sentence-final punctuation: only a line break does that.
        return breaks == 1;
    };
    if stop == '.' && ends_with_abbreviation(prev) {
        return true;
    }
    breaks == 1 && next.chars().next().is_some_and(char::is_lowercase)
}

/// The sentence-final punctuation `prev` ends with, looking through closing quotes and brackets.
fn final_stop(prev: &str) -> Option<char> {
    prev.chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | ')' | ']' | '}' | '»' | '’' | '”'))
        .filter(|c| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '।'))
}

/// Whether `prev` ends with "Dr.", "U.S.", an initial "A." and the like.
fn ends_with_abbreviation(prev: &str) -> bool {
    let Some(without_stop) = prev.strip_suffix('.') else {
        return false;
    };
    let word_start = without_stop
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    is_abbreviation(&without_stop[word_start..])
}

/// Whether a word followed by a full stop is an abbreviation rather than the end of a
/// sentence: a single letter (an initial), a word with inner full stops ("U.S", "e.g"), or a
/// title or reference abbreviation ("Dr", "Prof", "No"). Case does not matter.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(c), None) => c.is_alphabetic(),
        _ => {
            // Words are short: a byte loop beats a search call here.
            word.bytes().any(|b| b == b'.')
                || word.len() <= LONGEST_ABBREVIATION && {
                    let mut lower = [0u8; LONGEST_ABBREVIATION];
                    let lower = &mut lower[..word.len()];
                    lower.copy_from_slice(word.as_bytes());
                    lower.make_ascii_lowercase();
                    ABBREVIATIONS.iter().any(|a| a.as_bytes() == lower)
                }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str) -> Vec<(usize, usize)> {
        text.split_sentence_bound_indices()
            .map(|(i, s)| (i, i + s.len()))
            .collect()
    }

    fn fast(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        raw_sentences(text, |s, e| out.push((s, e)));
        out
    }

    #[test]
    fn fast_sentences_agree_with_uax29_on_crafted_text() {
        for text in [
            "",
            "One. Two! Three? four. Five",
            "U.S. policy. e.g. this. 3.5 m. The end.\nNext line.\r\nCRLF.\rCR.",
            "He said “Yes.” Then left. (See it.) Now. ‘Quote.’ Done… Ok.",
            "A. B. c. 1. 2.b 3.B x.Y X.Y end.\u{A0}Next",
            "Stop!? Really?! Wait... what... Yes... No.",
            "Item: one; two, three - four – five — six. Seven.",
            "Ends with terminator.",
            "   \n\n  \t \n",
            "Organización. Łódź. Élan. ĸ. end.",
            "Mixed 日本語。次の文。 and العربية؟ done.",
            "x\u{2029}y\u{85}z\u{2028}w. V",
        ] {
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn fast_sentences_agree_with_uax29_on_the_speeches() {
        let Some(slices) = crate::text::speech_slices() else {
            return;
        };
        for (s, part) in slices {
            let part = part.as_str();
            assert_eq!(fast(part), reference(part), "at byte {s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_sentences_agree_with_uax29_on_generated_text(
            text in "([ \t\r\na-zA-Z0-9.!?,;:'’‘“”\"()\\[\\]\\-–—…«»éŁĸ\u{A0}\u{2029}\u{301}]{0,40})"
        ) {
            proptest::prop_assert_eq!(fast(&text), reference(&text));
        }

        #[test]
        fn fast_sentences_agree_with_uax29_on_any_string(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(fast(&text), reference(&text));
        }
    }

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        sentences(text, &mut out);
        out.into_iter().map(|s| &text[s]).collect()
    }

    /// `sentences` as first written: UAX #29 sentences from `unicode-segmentation`, trimmed and
    /// counted with `str` methods.
    fn sentences_reference(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut current: Option<Span> = None;
        let mut gap_breaks = 0usize;
        let count = |ws: &str| {
            let mut n = 0;
            let mut prev_cr = false;
            for c in ws.chars() {
                match c {
                    '\n' if prev_cr => {}
                    '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                        n += 1
                    }
                    _ => {}
                }
                prev_cr = c == '\r';
            }
            n
        };
        for (i, raw) in text.split_sentence_bound_indices() {
            let trimmed_start = raw.len() - raw.trim_start().len();
            let body = raw.trim();
            if body.is_empty() {
                gap_breaks += count(raw);
                continue;
            }
            let start = i + trimmed_start;
            let span = Span::new(start, start + body.len());
            gap_breaks += count(&raw[..trimmed_start]);
            current = Some(match current {
                Some(prev) if joins(&text[prev.range()], body, gap_breaks) => {
                    Span::new(prev.start, span.end)
                }
                Some(prev) => {
                    out.push(prev);
                    span
                }
                None => span,
            });
            gap_breaks = count(&raw[trimmed_start + body.len()..]);
        }
        out.extend(current);
        out
    }

    fn sentence_spans(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        sentences(text, &mut out);
        out
    }

    #[test]
    fn sentences_agree_with_the_reference_on_the_speeches() {
        let Some(slices) = crate::text::speech_slices() else {
            return;
        };
        for (s, part) in slices {
            assert_eq!(
                sentence_spans(part),
                sentences_reference(part),
                "at byte {s}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn sentences_agree_with_the_reference(
            text in "([ \t\r\n\x0b\x0ca-zA-Z0-9.!?()\"'’”\u{85}\u{A0}\u{2028}\u{2029}\u{3000}é。]{0,60})"
        ) {
            proptest::prop_assert_eq!(sentence_spans(&text), sentences_reference(&text));
        }

        #[test]
        fn sentences_agree_with_the_reference_on_any_string(
            text in proptest::prelude::any::<String>()
        ) {
            proptest::prop_assert_eq!(sentence_spans(&text), sentences_reference(&text));
        }
    }

    #[test]
    fn wrapped_lines_join() {
        assert_eq!(
            split("The United\nNations met. It agreed."),
            ["The United\nNations met.", "It agreed."]
        );
        assert_eq!(
            split("One line \n continues here."),
            ["One line \n continues here."]
        );
    }

    #[test]
    fn blank_lines_end_sentences() {
        assert_eq!(split("Heading\n\nBody text."), ["Heading", "Body text."]);
        assert_eq!(split("Title\r\n\r\nBody."), ["Title", "Body."]);
    }

    #[test]
    fn full_stops() {
        assert_eq!(
            split("It ended.\nAnother began."),
            ["It ended.", "Another began."]
        );
        assert_eq!(
            split("Dr. Salim met Mr. Khan."),
            ["Dr. Salim met Mr. Khan."]
        );
        assert_eq!(
            split("The U.S. Department said so."),
            ["The U.S. Department said so."]
        );
        assert_eq!(split("Ali A. Moosavi wrote."), ["Ali A. Moosavi wrote."]);
        assert_eq!(split("It is 3.5 km. Yes."), ["It is 3.5 km.", "Yes."]);
        // A single letter reads as an initial, whatever its case.
        assert_eq!(split("Plan b. Then c."), ["Plan b. Then c."]);
    }

    #[test]
    fn the_longest_abbreviation_is_known() {
        let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(split("").is_empty());
        assert!(split(" \n\t ").is_empty());
        assert_eq!(split("  word  "), ["word"]);
    }
}
