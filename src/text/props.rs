//! UAX #29 character properties for the characters the fast segmenters handle themselves.
//!
//! The fast set is ASCII, the Latin-1 and Latin Extended-A letters, and the punctuation most
//! common in English documents outside ASCII (curly quotes, dashes, the no-break space, the
//! ellipsis, guillemets, a few symbols). For any other character the property functions return
//! `None`, and the segmenters hand the enclosing unit to `unicode-segmentation`. The classes
//! below follow the `Word_Break` and `Sentence_Break` property values of UAX #29; the differential
//! tests in `segment.rs` and `sentence.rs` check the segmenters against `unicode-segmentation`
//! itself, so a wrong class here fails a test rather than silently changing results.

/// Whether `b` is one of the ASCII characters of Unicode's `White_Space` (those of
/// `char::is_whitespace`: tab, line feed, vertical tab, form feed, carriage return, space).
#[inline]
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `Word_Break` values of the fast set (UAX #29, table 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wb {
    /// CR
    Cr,
    /// LF
    Lf,
    /// Newline (VT, FF)
    Newline,
    /// `WSegSpace` (the ASCII space)
    Space,
    /// `ALetter`
    Letter,
    /// Numeric
    Numeric,
    /// `MidLetter` (`:`)
    MidLetter,
    /// `MidNum` (`,` `;`)
    MidNum,
    /// `MidNumLet` (`.` `‘` `’`)
    MidNumLet,
    /// `Single_Quote` (`'`)
    SingleQuote,
    /// `ExtendNumLet` (`_`)
    ExtendNumLet,
    /// `Double_Quote` and everything else: always a boundary on both sides.
    Other,
}

/// `Sentence_Break` values of the fast set (UAX #29, table 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sb {
    /// CR or LF (`ParaSep`)
    ParaSep,
    /// Sp
    Sp,
    /// Lower
    Lower,
    /// Upper
    Upper,
    /// Numeric
    Numeric,
    /// `ATerm` (`.`)
    ATerm,
    /// `STerm` (`!` `?`)
    STerm,
    /// Close (brackets and quotation marks)
    Close,
    /// `SContinue` (`,` `-` `:` `;` en and em dashes)
    SContinue,
    /// Everything else.
    Other,
}

const fn ascii_wb(b: u8) -> Wb {
    match b {
        b'\r' => Wb::Cr,
        b'\n' => Wb::Lf,
        0x0B | 0x0C => Wb::Newline,
        b' ' => Wb::Space,
        b'A'..=b'Z' | b'a'..=b'z' => Wb::Letter,
        b'0'..=b'9' => Wb::Numeric,
        b':' => Wb::MidLetter,
        b',' | b';' => Wb::MidNum,
        b'.' => Wb::MidNumLet,
        b'\'' => Wb::SingleQuote,
        b'_' => Wb::ExtendNumLet,
        _ => Wb::Other,
    }
}

const fn ascii_sb(b: u8) -> Sb {
    match b {
        b'\r' | b'\n' => Sb::ParaSep,
        b'\t' | 0x0B | 0x0C | b' ' => Sb::Sp,
        b'a'..=b'z' => Sb::Lower,
        b'A'..=b'Z' => Sb::Upper,
        b'0'..=b'9' => Sb::Numeric,
        b'.' => Sb::ATerm,
        b'!' | b'?' => Sb::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Sb::Close,
        b',' | b'-' | b':' | b';' => Sb::SContinue,
        _ => Sb::Other,
    }
}

/// `Word_Break` of every ASCII byte, by table.
pub(crate) static ASCII_WB: [Wb; 128] = {
    let mut t = [Wb::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = ascii_wb(i as u8);
        i += 1;
    }
    t
};

/// `Sentence_Break` of every ASCII byte, by table.
pub(crate) static ASCII_SB: [Sb; 128] = {
    let mut t = [Sb::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = ascii_sb(i as u8);
        i += 1;
    }
    t
};

/// A Latin-1 Supplement or Latin Extended-A letter (all are `ALetter`, and each is either
/// upper- or lower-case).
fn is_fast_latin_letter(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{17F}') && c != '\u{D7}' && c != '\u{F7}'
}

/// `Word_Break` of `c`, or `None` outside the fast set.
#[inline]
pub(crate) fn word_break(c: char) -> Option<Wb> {
    if c.is_ascii() {
        return Some(ASCII_WB[c as usize]);
    }
    if is_fast_latin_letter(c) {
        return Some(Wb::Letter);
    }
    match c {
        '\u{2018}' | '\u{2019}' => Some(Wb::MidNumLet),
        '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' | '\u{A0}' | '\u{2026}' | '\u{AB}'
        | '\u{BB}' | '\u{B0}' | '\u{20AC}' | '\u{2022}' | '\u{A7}' | '\u{A9}' => Some(Wb::Other),
        _ => None,
    }
}

/// `Sentence_Break` of `c`, or `None` outside the fast set.
#[inline]
pub(crate) fn sentence_break(c: char) -> Option<Sb> {
    if c.is_ascii() {
        return Some(ASCII_SB[c as usize]);
    }
    if is_fast_latin_letter(c) {
        return Some(if c.is_uppercase() {
            Sb::Upper
        } else {
            Sb::Lower
        });
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{AB}' | '\u{BB}' => Some(Sb::Close),
        '\u{2013}' | '\u{2014}' => Some(Sb::SContinue),
        '\u{A0}' => Some(Sb::Sp),
        '\u{2026}' | '\u{B0}' | '\u{20AC}' | '\u{2022}' | '\u{A7}' | '\u{A9}' => Some(Sb::Other),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_latin_letters_have_a_case() {
        for c in '\u{C0}'..='\u{17F}' {
            if is_fast_latin_letter(c) {
                assert!(c.is_alphabetic(), "{c:?}");
                assert!(c.is_uppercase() != c.is_lowercase(), "{c:?} has one case");
            }
        }
    }

    #[test]
    fn ascii_spaces_are_the_ascii_white_space() {
        for b in 0..=0x7Fu8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b:#04x}");
        }
    }
}
