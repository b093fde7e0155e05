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
use super::props::{Wb, is_ascii_space, word_break};
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

/// Where pieces go: any `FnMut(Piece)`, or a type of its own whose `piece` is inlined at every
/// place a piece is made (the matcher's, on the hot path).
pub(crate) trait Sink {
    /// Takes the next piece.
    fn piece(&mut self, piece: Piece);
}

impl<F: FnMut(Piece)> Sink for F {
    #[inline(always)]
    fn piece(&mut self, piece: Piece) {
        self(piece);
    }
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
pub(crate) fn pieces(text: &str, base: usize, emit: impl Sink) {
    pieces_by::<false>(text, base, emit);
}

/// [`pieces`], with the fast segmenter and its hints, or (`PLAIN`) with `unicode-segmentation`'s
/// segments read from scratch: the plain path the differential tests compare with.
fn pieces_by<const PLAIN: bool>(text: &str, base: usize, mut emit: impl Sink) {
    let mut reader = Reader {
        text,
        base,
        last_word_end: None,
        pending_dash: None,
        apostrophe_glue: false,
        last_word: (0, 0),
    };
    if PLAIN {
        for (i, seg) in text.split_word_bound_indices() {
            reader.segment(i, i + seg.len(), Hint::Unknown, &mut emit);
        }
        return;
    }
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut pos = 0;
    while pos < n {
        // The most common unit first: ASCII whitespace, then ASCII letters or digits up to
        // whitespace or the end (what `next_unit` and `ascii_unit` would find, found once).
        let i = space_end(bytes, pos);
        let (j, kinds) = alnum_run(bytes, i, n);
        if j > i {
            // The run ends the unit, or one ASCII punctuation character after it does ("word,"):
            // then `ascii_unit` would read the same two segments.
            let next = bytes.get(j).copied();
            let punctuation = match next {
                None => Some(None),
                Some(b) if is_ascii_space(b) => Some(None),
                Some(b)
                    if (0x21..0x7F).contains(&b)
                        && b != b'_'
                        && bytes.get(j + 1).is_none_or(|&c| is_ascii_space(c)) =>
                {
                    Some(Some(b))
                }
                _ => None,
            };
            if let Some(punctuation) = punctuation {
                if i > pos {
                    reader.space(&mut emit);
                }
                reader.word(i, j, kinds != LETTER | DIGIT, &mut emit);
                pos = j;
                if let Some(b) = punctuation {
                    reader.punctuation(char::from(b), j, &mut emit);
                    pos += 1;
                }
                continue;
            }
        }
        let unit = next_unit(text, pos);
        if unit.fast {
            // Whitespace resets the reader, so every unit but the first starts from the same
            // state; the first starts from the initial one, which is that state too.
            if unit.ws_end > pos {
                reader.space(&mut emit);
            }
            if unit.ascii {
                reader.ascii_unit(unit.ws_end, unit.end, &mut emit);
            } else {
                fast_word_segments(text, unit.ws_end, unit.end, &mut |i, j, hint| {
                    reader.segment(i, j, hint, &mut emit);
                });
            }
        } else {
            // Whitespace and what follows it may share a segment (a space and a combining mark).
            for (i, seg) in text[pos..unit.end].split_word_bound_indices() {
                let i = pos + i;
                reader.segment(i, i + seg.len(), Hint::Unknown, &mut emit);
            }
        }
        pos = unit.end;
    }
}

/// Turns word-boundary segments into pieces. Offsets are into `text` unless named absolute.
struct Reader<'t> {
    text: &'t str,
    /// Offset of `text` in the document.
    base: usize,
    /// End of the last word segment, when nothing but that word precedes the current segment.
    last_word_end: Option<usize>,
    /// A dash is waiting for the next segment to know whether it joins two words. The flag
    /// says whether it touched a word on its left.
    pending_dash: Option<bool>,
    /// An apostrophe directly after a word: a lone "s" after it is a possessive ("G20’s").
    apostrophe_glue: bool,
    /// The last word segment, for a full stop right after it.
    last_word: (usize, usize),
}

impl Reader<'_> {
    /// One segment `i..end` of `text`.
    fn segment(&mut self, i: usize, end: usize, hint: Hint, emit: &mut impl Sink) {
        if hint == Hint::Space {
            self.space(emit);
            return;
        }
        let seg = &self.text[i..end];
        let Some(first) = seg.chars().next() else {
            return;
        };
        let word = match hint {
            Hint::Word { plain } => Some(plain),
            _ => seg.chars().any(char::is_alphanumeric).then_some(false),
        };
        if let Some(plain) = word {
            self.word(i, end, plain, emit);
        } else if first.is_whitespace() {
            self.apostrophe_glue = false;
            self.space(emit);
        } else if seg.len() == first.len_utf8() {
            self.punctuation(first, i, emit);
        } else {
            self.apostrophe_glue = false;
            if self.pending_dash.take().is_some() {
                emit.piece(Piece::Soft);
            }
            emit.piece(Piece::Soft);
            self.last_word_end = None;
        }
    }

    /// Whitespace.
    #[inline]
    fn space(&mut self, emit: &mut impl Sink) {
        if self.pending_dash.take().is_some() {
            emit.piece(Piece::Soft);
        }
        self.apostrophe_glue = false;
        self.last_word_end = None;
    }

    /// A word segment `i..end`; `plain` when it is one word as it stands.
    #[inline(always)]
    fn word(&mut self, i: usize, end: usize, plain: bool, emit: &mut impl Sink) {
        if self.apostrophe_glue && end == i + 1 && matches!(self.text.as_bytes()[i], b's' | b'S') {
            self.apostrophe_glue = false;
            self.last_word_end = Some(end);
            return;
        }
        self.apostrophe_glue = false;
        if self.pending_dash.take() == Some(false) {
            emit.piece(Piece::Soft);
        }
        if plain {
            emit.piece(Piece::Word(self.base + i, self.base + end));
        } else {
            emit_word(&self.text[i..end], self.base + i, emit);
        }
        self.last_word_end = Some(end);
        self.last_word = (i, end);
    }

    /// A segment of one character `c` at `i` that is neither a letter, a digit nor whitespace.
    #[inline]
    fn punctuation(&mut self, c: char, i: usize, emit: &mut impl Sink) {
        let touches_word = self.last_word_end == Some(i);
        self.apostrophe_glue = false;
        self.last_word_end = None;
        if is_dash(c) {
            if self.pending_dash.is_some() {
                emit.piece(Piece::Soft);
                self.pending_dash = Some(false);
            } else {
                self.pending_dash = Some(touches_word);
            }
            return;
        }
        if self.pending_dash.take().is_some() {
            emit.piece(Piece::Soft);
        }
        if matches!(c, '&' | '\u{FF06}' | '\u{FE60}') {
            emit.piece(Piece::And(self.base + i, self.base + i + c.len_utf8()));
        } else if is_apostrophe(c) {
            self.apostrophe_glue = touches_word;
        } else if matches!(c, '.' | '\u{2024}' | '\u{FE52}' | '\u{FF0E}')
            && touches_word
            && is_abbreviation(&self.text[self.last_word.0..self.last_word.1])
        {
            // The full stop of an abbreviation ("U.S. Department", "Dr. Salim").
        } else {
            emit.piece(Piece::Soft);
        }
    }

    /// The segments of `text[i..end]`, all ASCII without whitespace (a unit after its
    /// whitespace), read straight from the bytes.
    ///
    /// Under UAX #29 an ASCII letter or digit run is a segment of its own unless a `_` follows
    /// it, or a mid character (`.`, `:`, `,`, `;`, `'`) and another letter or digit do; those
    /// words go through [`scan_word`]. Every other ASCII character is a segment of one byte.
    #[inline]
    fn ascii_unit(&mut self, mut i: usize, end: usize, emit: &mut impl Sink) {
        let bytes = self.text.as_bytes();
        while i < end {
            let b = bytes[i];
            let kind = ALNUM[b as usize];
            if kind == 0 {
                if b == b'_' {
                    let (j, _) = scan_word(self.text, i + 1, end, Wb::ExtendNumLet, true);
                    self.segment(i, j, Hint::Unknown, emit);
                    i = j;
                } else {
                    self.punctuation(char::from(b), i, emit);
                    i += 1;
                }
                continue;
            }
            let (j, kinds) = alnum_run(bytes, i, end);
            let joins = j < end
                && (bytes[j] == b'_'
                    || matches!(bytes[j], b'.' | b':' | b',' | b';' | b'\'')
                        && j + 1 < end
                        && ALNUM[bytes[j + 1] as usize] != 0);
            if joins {
                let class = if kind == DIGIT {
                    Wb::Numeric
                } else {
                    Wb::Letter
                };
                let (j, plain) = scan_word(self.text, i + 1, end, class, true);
                self.word(i, j, plain, emit);
                i = j;
            } else {
                self.word(i, j, kinds == kind, emit);
                i = j;
            }
        }
    }
}

/// A unit of [`word_segments`]: whitespace at `start..ws_end`, other characters at
/// `ws_end..end`.
struct Unit {
    ws_end: usize,
    end: usize,
    /// Every character is in the fast set.
    fast: bool,
    /// The characters after the whitespace are all ASCII.
    ascii: bool,
}

/// The end of the run of ASCII whitespace at `i` (`i` itself when there is none).
#[inline(always)]
fn space_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_ascii_space(bytes[i]) {
        i += 1;
    }
    i
}

/// The unit that starts at `pos`: a run of ASCII whitespace and the run of other characters
/// after it.
///
/// UAX #29 always has a boundary before a unit's first ASCII whitespace (only a `WSegSpace`
/// before it could join, and units that end in a character outside the fast set are merged
/// with the next) and never looks across it, so each unit segments on its own.
#[inline(always)]
fn next_unit(text: &str, pos: usize) -> Unit {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut ws_end = space_end(bytes, pos);
    let first_ws_end = ws_end;
    let mut fast = true;
    let mut ascii = true;
    let mut end;
    loop {
        end = ws_end;
        let mut last_unknown = false;
        while end < n {
            // Eight bytes at a time to the next byte that may end the unit or is not ASCII.
            while let Some(x) = eight_bytes(bytes, end) {
                let mask = stop_mask(x);
                if mask != 0 {
                    let skip = first_lane(mask);
                    if skip > 0 {
                        end += skip;
                        last_unknown = false;
                    }
                    break;
                }
                end += 8;
                last_unknown = false;
            }
            let Some(&b) = bytes.get(end) else {
                break;
            };
            if b < 0x80 {
                if is_ascii_space(b) {
                    break;
                }
                end += 1;
                last_unknown = false;
            } else {
                ascii = false;
                let c = text[end..].chars().next().unwrap_or('\0');
                last_unknown = word_break(c).is_none();
                fast &= !last_unknown;
                end += c.len_utf8();
            }
        }
        // A unit ending in an unknown character (perhaps a space that joins the next unit's
        // spaces) is merged with the next unit.
        if last_unknown && end < n {
            ws_end = space_end(bytes, end);
            continue;
        }
        break;
    }
    if ws_end != first_ws_end {
        // Merged: the whitespace is inside the unit, which only the plain path reads.
        fast = false;
        ascii = false;
    }
    Unit {
        ws_end: first_ws_end,
        end,
        fast,
        ascii,
    }
}

/// Calls `f(start, end, hint)` for every word-boundary segment of `text`: exactly the segments
/// of UAX #29 (`unicode-segmentation`'s `split_word_bound_indices`), found faster.
///
/// The text is cut into units ([`next_unit`]). A unit whose characters are all in the fast set
/// (`props.rs`) is segmented here; any other unit is handed to `unicode-segmentation`. The
/// segment-level differential tests compare this with UAX #29; [`pieces`] walks the same units.
#[cfg(test)]
pub(crate) fn word_segments(text: &str, mut f: impl FnMut(usize, usize, Hint)) {
    let mut pos = 0;
    while pos < text.len() {
        let unit = next_unit(text, pos);
        if unit.fast {
            space_segments(text.as_bytes(), pos, unit.ws_end, &mut f);
            fast_word_segments(text, unit.ws_end, unit.end, &mut f);
        } else {
            for (i, seg) in text[pos..unit.end].split_word_bound_indices() {
                f(pos + i, pos + i + seg.len(), Hint::Unknown);
            }
        }
        pos = unit.end;
    }
}

/// A byte of 1 in each of the eight lanes of a word read with [`eight_bytes`].
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// The high bit of each of the eight lanes.
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes of `bytes` from `i` as one word, the first in the lowest lane, if the text
/// has them.
#[inline(always)]
fn eight_bytes(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The lane of the lowest high bit of a non-zero lane mask.
#[inline(always)]
fn first_lane(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// A mask with the high bit set in the first byte of `x` (little-endian) that is below `!`
/// (whitespace and controls) or not ASCII, and possibly in later bytes; 0 when there is none.
#[inline(always)]
fn stop_mask(x: u64) -> u64 {
    // A byte below 0x21 borrows through its high bit; the first such byte is exact, borrows
    // only mark later ones. Non-ASCII bytes have the high bit set already.
    (x.wrapping_sub(ONES * 0x21) & !x | x) & HIGH
}

#[cfg(test)]
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
        let kinds;
        (j, kinds) = alnum_run(bytes, j, end);
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

/// The end of the run of ASCII letters and digits that starts at `i` (empty when `bytes[i]` is
/// neither) and stops by `end` at the latest (`bytes[end]`, if any, is not a letter or digit),
/// and the kinds (`LETTER`, `DIGIT`) in it. Eight bytes at a time while the text has them.
#[inline(always)]
fn alnum_run(bytes: &[u8], i: usize, end: usize) -> (usize, u8) {
    // High bit of each byte of `x` (ASCII) from `lo` to `hi`: no carry crosses a byte.
    let in_range = |x: u64, lo: u8, hi: u8| {
        (x + ONES * u64::from(0x80 - lo)) & !(x + ONES * u64::from(0x7F - hi)) & HIGH
    };
    let mut j = i;
    let mut kinds = 0;
    while let Some(x) = eight_bytes(bytes, j) {
        let ascii = !x & HIGH;
        let x7 = x & !HIGH;
        let letters = in_range(x7 | (ONES * 0x20), b'a', b'z') & ascii;
        let digits = in_range(x7, b'0', b'9') & ascii;
        let stop = !(letters | digits) & HIGH;
        // Bytes before the first that is neither (all eight when there is none).
        let run = if stop == 0 {
            u64::MAX
        } else {
            (stop & stop.wrapping_neg()) - 1
        };
        if letters & run != 0 {
            kinds |= LETTER;
        }
        if digits & run != 0 {
            kinds |= DIGIT;
        }
        if stop != 0 {
            return ((j + first_lane(stop)).min(end), kinds);
        }
        j += 8;
        if j >= end {
            return (end, kinds);
        }
    }
    while j < end {
        let k = ALNUM[bytes[j] as usize];
        if k == 0 {
            break;
        }
        kinds |= k;
        j += 1;
    }
    (j, kinds)
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
fn emit_word(seg: &str, abs: usize, emit: &mut impl Sink) {
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
                emit.piece(Piece::Word(abs + run_start, abs + j));
                run_start = j;
                run_class = Some(class);
            }
            None => run_class = Some(class),
            _ => {}
        }
    }
    emit.piece(Piece::Word(abs + run_start, abs + seg.len()));
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
        "long words: internationalisation, counter-terrorism; 1,000,000. (UNESCO)'s x_y_z",
        "G20's a's 's A'B 1'2 a-'b a'-b -- a--b a - - b a&b & &&",
        "\x00a\x01b\x1f c\x7f d",
        "exactlyeight abcdefgh12345678 sixteen_bytes_ok seventeen-chars!x",
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
        fn fast_segments_agree_with_uax29_on_ascii_text(
            text in "([ \t\r\na-zA-Z0-9sS_.,;:'&()/\"!?\\-\x00\x01\x1f\x7f]{0,60})"
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
