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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
}

/// Calls `emit` with the pieces of `text`, whose first byte is at offset `base` of the
/// original document.
pub(crate) fn pieces(text: &str, base: usize, mut emit: impl FnMut(Piece)) {
    // End of the last word segment, when nothing but that word precedes the current segment.
    let mut last_word_end: Option<usize> = None;
    // A dash is waiting for the next segment to know whether it joins two words. The flag says
    // whether it touched a word on its left.
    let mut pending_dash: Option<bool> = None;
    // An apostrophe directly after a word: a lone "s" after it is a possessive ("G20’s").
    let mut apostrophe_glue = false;
    // The last word segment, for a full stop right after it.
    let mut last_word = "";
    for (i, seg) in text.split_word_bound_indices() {
        let abs = base + i;
        let end = abs + seg.len();
        let Some(first) = seg.chars().next() else {
            continue;
        };
        if seg.chars().any(char::is_alphanumeric) {
            if apostrophe_glue && (seg == "s" || seg == "S") {
                apostrophe_glue = false;
                last_word_end = Some(end);
                continue;
            }
            apostrophe_glue = false;
            if let Some(attached_left) = pending_dash.take()
                && !attached_left
            {
                emit(Piece::Soft);
            }
            emit_word(seg, abs, &mut emit);
            last_word_end = Some(end);
            last_word = seg;
            continue;
        }
        apostrophe_glue = false;
        if first.is_whitespace() {
            if pending_dash.take().is_some() {
                emit(Piece::Soft);
            }
            last_word_end = None;
            continue;
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
            continue;
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
    }
}

/// Emits a word segment: possessive dropped, split where letters meet digits.
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
