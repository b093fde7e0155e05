//! Words by Unicode segmentation (UAX #29), read for phrase matching.
//!
//! The segmenter turns a sentence into a stream of [`Piece`]s:
//!
//! - a [`Piece::Word`] for every word (a UAX #29 word segment with a letter or digit in it),
//!   without a possessive `'s`, and split where letters meet digits ("COVID19" → "COVID", "19");
//! - a [`Piece::And`] for `&`, which reads as the word "and";
//! - a [`Piece::Soft`] for punctuation that separates phrases: commas, semicolons, colons,
//!   brackets, quotes, slashes, spaced dashes and symbols.
//!
//! Whitespace (line breaks included), apostrophes, full stops inside a sentence and hyphens that
//! join two words ("people-to-people") produce nothing: they are transparent to phrases.

use unicode_segmentation::UnicodeSegmentation;

use super::normalize::{is_apostrophe, is_dash, strip_possessive};
use super::props::{Wb, word_break};
use super::sentence::is_abbreviation;

/// One unit of the stream the matcher reads. Offsets are absolute byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A word at `start..end`.
    Word(usize, usize),
    /// An ampersand at `start..end`, read as "and".
    And(usize, usize),
    /// Punctuation that phrases do not cross (unless the term itself has it there).
    Soft,
}

/// What the segmenter already knows about a segment, so that it is not read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    /// Starts with a letter or a digit.
    Word {
        /// All ASCII letters, or all ASCII digits: the segment is one word as it stands.
        plain: bool,
    },
    /// ASCII whitespace.
    Space,
    /// Anything: read it.
    Unknown,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
}

/// Calls `emit` with the pieces of `text`, whose first byte is at offset `base` of the
/// original document.
pub(crate) fn pieces(text: &str, base: usize, emit: impl FnMut(Piece)) {
    pieces_by::<false>(text, base, emit);
}

/// [`pieces`], with the fast segmenter and its hints, or (`PLAIN`) with `unicode-segmentation`'s
/// segments read from scratch: the plain path the differential tests compare with.
fn pieces_by<const PLAIN: bool>(text: &str, base: usize, mut emit: impl FnMut(Piece)) {
    // End of the last word segment, when nothing but that word precedes the current segment.
    let mut last_word_end: Option<usize> = None;
    // A dash is waiting for the next segment to know whether it joins two words. The flag says
    // whether it touched a word on its left.
    let mut pending_dash: Option<bool> = None;
    // An apostrophe directly after a word: a lone "s" after it is a possessive ("G20’s").
    let mut apostrophe_glue = false;
    // The last word segment, for a full stop right after it.
    let mut last_word = "";
    let mut on_segment = |i: usize, end: usize, hint: Hint| {
        let seg = &text[i..end];
        let abs = base + i;
        let end = base + end;
        if hint == Hint::Space {
            if pending_dash.take().is_some() {
                emit(Piece::Soft);
            }
            apostrophe_glue = false;
            last_word_end = None;
            return;
        }
        let Some(first) = seg.chars().next() else {
            return;
        };
        let word = match hint {
            Hint::Word { plain } => Some(plain),
            _ => seg.chars().any(char::is_alphanumeric).then_some(false),
        };
        if let Some(plain) = word {
            if apostrophe_glue && (seg == "s" || seg == "S") {
                apostrophe_glue = false;
                last_word_end = Some(end);
                return;
            }
            apostrophe_glue = false;
            if let Some(attached_left) = pending_dash.take()
                && !attached_left
            {
                emit(Piece::Soft);
            }
            if plain {
                emit(Piece::Word(abs, end));
            } else {
                emit_word(seg, abs, &mut emit);
            }
            last_word_end = Some(end);
            last_word = seg;
            return;
        }
        apostrophe_glue = false;
        if first.is_whitespace() {
            if pending_dash.take().is_some() {
                emit(Piece::Soft);
            }
            last_word_end = None;
            return;
        }
        let single = seg.chars().nth(1).is_none();
        if single && is_dash(first) {
            if pending_dash.is_some() {
                emit(Piece::Soft);
                pending_dash = Some(false);
            } else {
                pending_dash = Some(last_word_end == Some(abs));
            }
            last_word_end = None;
            return;
        }
        if pending_dash.take().is_some() {
            emit(Piece::Soft);
        }
        if single && matches!(first, '&' | '\u{FF06}' | '\u{FE60}') {
            emit(Piece::And(abs, end));
        } else if single && is_apostrophe(first) {
            apostrophe_glue = last_word_end == Some(abs);
        } else if single
            && matches!(first, '.' | '\u{2024}' | '\u{FE52}' | '\u{FF0E}')
            && last_word_end == Some(abs)
            && is_abbreviation(last_word)
        {
            // The full stop of an abbreviation ("U.S. Department", "Dr. Salim").
        } else {
            emit(Piece::Soft);
        }
        last_word_end = None;
    };
    if PLAIN {
        for (i, seg) in text.split_word_bound_indices() {
            on_segment(i, i + seg.len(), Hint::Unknown);
        }
    } else {
        word_segments(text, on_segment);
    }
}

/// Calls `f(start, end, hint)` for every word-boundary segment of `text`: exactly the segments
/// of UAX #29 (`unicode-segmentation`'s `split_word_bound_indices`), found faster.
///
/// The text is cut into *units*: a run of ASCII whitespace and the run of other characters
/// after it. UAX #29 always has a boundary before a unit's first ASCII whitespace (only a
/// `WSegSpace` before it could join, and units that end in a character outside the fast set are
/// merged with the next) and never looks across it, so each unit segments on its own. A unit
/// whose characters are all in the fast set (`props.rs`) is segmented here; any other unit is
/// handed to `unicode-segmentation`.
pub(crate) fn word_segments(text: &str, mut f: impl FnMut(usize, usize, Hint)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut pos = 0;
    while pos < n {
        let unit_start = pos;
        let mut ws_end = pos;
        let mut end;
        let mut fast = true;
        loop {
            while ws_end < n && is_ascii_space(bytes[ws_end]) {
                ws_end += 1;
            }
            end = ws_end;
            let mut last_unknown = false;
            while end < n && !is_ascii_space(bytes[end]) {
                let b = bytes[end];
                if b < 0x80 {
                    end += 1;
                    last_unknown = false;
                } else {
                    let c = text[end..].chars().next().unwrap_or('\0');
                    last_unknown = word_break(c).is_none();
                    fast &= !last_unknown;
                    end += c.len_utf8();
                }
            }
            // A unit ending in an unknown character (perhaps a space that joins the next
            // unit's spaces) is merged with the next unit.
            if last_unknown && end < n {
                ws_end = end;
                continue;
            }
            break;
        }
        if fast && ws_end == whitespace_end(bytes, unit_start) {
            space_segments(bytes, unit_start, ws_end, &mut f);
            fast_word_segments(text, ws_end, end, &mut f);
        } else {
            for (i, seg) in text[unit_start..end].split_word_bound_indices() {
                f(unit_start + i, unit_start + i + seg.len(), Hint::Unknown);
            }
        }
        pos = end;
    }
}

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

fn whitespace_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_ascii_space(bytes[i]) {
        i += 1;
    }
    i
}

/// Segments of a run of ASCII whitespace: spaces join (`WB3d`), CR LF joins (WB3), every other
/// character is alone.
fn space_segments(bytes: &[u8], mut i: usize, end: usize, f: &mut impl FnMut(usize, usize, Hint)) {
    while i < end {
        let j = match bytes[i] {
            b' ' => {
                let mut j = i + 1;
                while j < end && bytes[j] == b' ' {
                    j += 1;
                }
                j
            }
            b'\r' if i + 1 < end && bytes[i + 1] == b'\n' => i + 2,
            _ => i + 1,
        };
        f(i, j, Hint::Space);
        i = j;
    }
}

/// The character at byte `i` of `text` and its `Word_Break` (the caller checked it is in the
/// fast set).
#[inline]
fn wb_at(text: &str, i: usize) -> (Wb, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (super::props::ASCII_WB[b as usize], 1);
    }
    let c = text[i..].chars().next().unwrap_or('\0');
    (word_break(c).unwrap_or(Wb::Other), c.len_utf8())
}

/// Segments of a run of fast-set characters with no ASCII whitespace (WB5 to `WB13b`).
fn fast_word_segments(
    text: &str,
    mut i: usize,
    end: usize,
    f: &mut impl FnMut(usize, usize, Hint),
) {
    while i < end {
        let (class, len) = wb_at(text, i);
        match class {
            Wb::Letter | Wb::Numeric => {
                let (j, plain) = scan_word(text, i + len, end, class, len == 1);
                f(i, j, Hint::Word { plain });
                i = j;
            }
            Wb::ExtendNumLet => {
                let (j, _) = scan_word(text, i + len, end, class, len == 1);
                f(i, j, Hint::Unknown);
                i = j;
            }
            _ => {
                f(i, i + len, Hint::Unknown);
                i += len;
            }
        }
    }
}

/// The end of the word that continues at `j` after a character of class `last`, and whether
/// the word is *plain*: ASCII letters only or ASCII digits only (`plain` says whether its first
/// character could start such a word).
#[inline]
fn scan_word(text: &str, mut j: usize, end: usize, mut last: Wb, plain: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    let first = match last {
        Wb::Letter => LETTER,
        Wb::Numeric => DIGIT,
        _ => 0,
    };
    let mut plain = plain && first != 0;
    while j < end {
        // The common case first: a run of ASCII letters and digits.
        let run = j;
        let mut kinds = 0;
        while j < end {
            let kind = ALNUM[bytes[j] as usize];
            if kind == 0 {
                break;
            }
            kinds |= kind;
            j += 1;
        }
        if j > run {
            plain &= kinds == first;
            last = if ALNUM[bytes[j - 1] as usize] == DIGIT {
                Wb::Numeric
            } else {
                Wb::Letter
            };
            if j == end {
                break;
            }
        }
        let (class, len) = wb_at(text, j);
        plain = false;
        match class {
            // WB5, WB8, WB9, WB10, WB13a, WB13b
            Wb::Letter | Wb::Numeric | Wb::ExtendNumLet => {
                j += len;
                last = class;
            }
            // WB6, WB7: a letter, a mid, a letter; WB11, WB12: a digit, a mid, a digit.
            Wb::MidLetter | Wb::MidNum | Wb::MidNumLet | Wb::SingleQuote => {
                let joins_letters = last == Wb::Letter && class != Wb::MidNum;
                let joins_digits = last == Wb::Numeric && class != Wb::MidLetter;
                if j + len >= end {
                    return (j, plain);
                }
                let (next, next_len) = wb_at(text, j + len);
                if joins_letters && next == Wb::Letter || joins_digits && next == Wb::Numeric {
                    j += len + next_len;
                    last = next;
                } else {
                    return (j, plain);
                }
            }
            _ => return (j, plain),
        }
    }
    (j, plain)
}

const LETTER: u8 = 1;
const DIGIT: u8 = 2;

/// `LETTER` for the ASCII letters, `DIGIT` for the ASCII digits, 0 for every other byte.
static ALNUM: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Emits a word segment: possessive dropped, split where letters meet digits.
#[inline]
fn emit_word(seg: &str, abs: usize, emit: &mut impl FnMut(Piece)) {
    let seg = &seg[..strip_possessive(seg)];
    if seg.is_empty() {
        return;
    }
    let mut run_start = 0;
    let mut run_class: Option<Class> = None;
    for (j, c) in seg.char_indices() {
        let class = if c.is_alphabetic() {
            Class::Letter
        } else if c.is_numeric() {
            Class::Digit
        } else {
            continue;
        };
        match run_class {
            Some(rc) if rc != class => {
                emit(Piece::Word(abs + run_start, abs + j));
                run_start = j;
                run_class = Some(class);
            }
            None => run_class = Some(class),
            _ => {}
        }
    }
    emit(Piece::Word(abs + run_start, abs + seg.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices()
            .map(|(i, s)| (i, i + s.len()))
            .collect()
    }

    fn fast(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        word_segments(text, |s, e, _| out.push((s, e)));
        out
    }

    fn all_pieces<const PLAIN: bool>(text: &str) -> Vec<Piece> {
        let mut out = Vec::new();
        pieces_by::<PLAIN>(text, 7, |p| out.push(p));
        out
    }

    /// The pieces with the fast segmenter and its hints equal the pieces read from
    /// `unicode-segmentation`'s segments.
    fn pieces_agree(text: &str) -> bool {
        all_pieces::<false>(text) == all_pieces::<true>(text)
    }

    const CRAFTED: &[&str] = &[
        "",
        "a",
        "Pakistan’s people-to-people ties; U.S. e.g. 3.5 1,000,000 don't a'b a.1 1.a",
        "COVID-19 G20 5G H2O __init__ a_b 1_000 a__ _x",
        "  two  spaces\ttab\r\nCRLF\rCR\nLF\x0b\x0cVT FF",
        "“Quoted” ‘single’ — dash – en … «guillemets» 50° 10€ • § ©",
        "Organización Skłodowska-Curie ĸ ŉ ſ ÆØÅ æøå",
        "a:b a::b :a a: 1:2 a,b 1,2 1;2 a;b 1.2.3 a.b.c a'b'c 1'2",
        "\u{2003} x\u{2003}  y \u{301}z\u{200D} w",
        "x\u{00A0}y\u{00A0}\u{00A0}z",
        "日本語 テキスト and العربية mixed",
        "👩‍🔬 emoji 🇫🇷🇩🇪 flags",
        "Pakistan's G20’s ministries’ s's 'S' ’s MoUs R&D AT&T & x - y x- -y --",
        "COVID19 covid-19 abc123def 1990s 3rd Dr. Salim, U.S. e.g. a. B. c",
    ];

    #[test]
    fn fast_segments_agree_with_uax29_on_crafted_text() {
        for text in CRAFTED {
            assert_eq!(fast(text), reference(text), "{text:?}");
            assert!(pieces_agree(text), "{text:?}");
        }
    }

    #[test]
    fn fast_segments_agree_with_uax29_on_the_speeches() {
        let Some(slices) = crate::text::speech_slices() else {
            return;
        };
        for (s, part) in slices {
            let part = part.as_str();
            assert_eq!(fast(part), reference(part), "at byte {s}");
            assert!(pieces_agree(part), "at byte {s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_segments_agree_with_uax29_on_generated_text(
            text in "([ \t\r\na-zA-Z0-9_.,;:'’‘“”\\-–—…«»é ŁĸÆ\u{A0}\u{2003}\u{301}\u{200D}\u{5D0}\u{30A2}!?()]{0,40})"
        ) {
            proptest::prop_assert_eq!(fast(&text), reference(&text));
            proptest::prop_assert!(pieces_agree(&text));
        }

        #[test]
        fn fast_segments_agree_with_uax29_on_any_string(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(fast(&text), reference(&text));
            proptest::prop_assert!(pieces_agree(&text));
        }
    }

    fn show(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        pieces(text, 0, |p| {
            out.push(match p {
                Piece::Word(s, e) => text[s..e].to_string(),
                Piece::And(..) => "&".to_string(),
                Piece::Soft => "|".to_string(),
            })
        });
        out
    }

    #[test]
    fn words_and_transparent_punctuation() {
        assert_eq!(
            show("people-to-people ties"),
            ["people", "to", "people", "ties"]
        );
        assert_eq!(show("United\nNations"), ["United", "Nations"]);
        assert_eq!(show("COVID-19"), ["COVID", "19"]);
        assert_eq!(show("COVID19 and G20"), ["COVID", "19", "and", "G", "20"]);
        assert_eq!(show("U.S. Department"), ["U.S", "Department"]);
    }

    #[test]
    fn possessives_are_dropped() {
        assert_eq!(show("Pakistan’s view"), ["Pakistan", "view"]);
        assert_eq!(show("Pakistan's view"), ["Pakistan", "view"]);
        assert_eq!(show("the ministries’ role"), ["the", "ministries", "role"]);
        assert_eq!(show("the G20’s summit"), ["the", "G", "20", "summit"]);
    }

    #[test]
    fn separators() {
        assert_eq!(show("science, diplomacy"), ["science", "|", "diplomacy"]);
        assert_eq!(show("S&T"), ["S", "&", "T"]);
        assert_eq!(show("science & technology"), ["science", "&", "technology"]);
        assert_eq!(show("Diplomacy - The"), ["Diplomacy", "|", "The"]);
        assert_eq!(show("Diplomacy -The"), ["Diplomacy", "|", "The"]);
        assert_eq!(show("(ICESCO)"), ["|", "ICESCO", "|"]);
        assert_eq!(show("HIV/AIDS"), ["HIV", "|", "AIDS"]);
        // A full stop that is not an abbreviation's separates, even inside a sentence.
        assert_eq!(
            show("in science. diplomacy"),
            ["in", "science", "|", "diplomacy"]
        );
        assert_eq!(show("Dr. Salim"), ["Dr", "Salim"]);
    }
}
