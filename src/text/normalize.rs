//! Normalisation of one word for matching.
//!
//! The same functions serve lexicon terms and documents, so the two can never drift apart.
//! Normalisation works on a copy: offsets always refer to the original text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// How a word is normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Folding {
    /// Full Unicode lower-casing.
    pub(crate) lowercase: bool,
    /// Remove diacritics ("é" → "e") and fold letters with strokes ("ł" → "l").
    pub(crate) diacritics: bool,
}

/// Whether `c` is read as an apostrophe.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2018}'
            | '\u{2019}'
            | '\u{201B}'
            | '\u{02BC}'
            | '\u{2032}'
            | '\u{00B4}'
            | '\u{FF07}'
    )
}

/// Whether `c` is read as a hyphen or dash.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{FF0D}'
    )
}

/// Characters that carry no letter and vanish inside a word (soft hyphen, zero-width marks).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Letters that Unicode does not decompose but that read as plain Latin letters once
/// diacritics are folded.
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' => "l",
        'Ł' => "L",
        'ø' => "o",
        'Ø' => "O",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'ħ' => "h",
        'Ħ' => "H",
        'ı' => "i",
        'ŧ' => "t",
        'Ŧ' => "T",
        'ß' => "ss",
        'ẞ' => "SS",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'þ' => "th",
        'Þ' => "TH",
        _ => return None,
    })
}

/// Appends the normalised form of `word` to `out`.
///
/// Apostrophes read as `'`, dashes as `-`, compatibility forms are unified (NFKC), invisible
/// characters vanish, and case and diacritics are folded as `folding` asks.
pub(crate) fn normalize_into(word: &str, folding: Folding, out: &mut String) {
    if word.is_ascii() {
        out.reserve(word.len());
        for b in word.bytes() {
            let b = if b == b'`' { b'\'' } else { b };
            out.push(if folding.lowercase {
                b.to_ascii_lowercase() as char
            } else {
                b as char
            });
        }
        return;
    }
    let start = out.len();
    for c in word.chars() {
        if is_invisible(c) {
            continue;
        }
        if is_apostrophe(c) || c == '`' {
            out.push('\'');
            continue;
        }
        if is_dash(c) {
            out.push('-');
            continue;
        }
        if c.is_ascii() {
            out.push(if folding.lowercase {
                c.to_ascii_lowercase()
            } else {
                c
            });
            continue;
        }
        decompose_compatible(c, |d| push_decomposed(d, folding, out));
    }
    if !folding.diacritics {
        recompose(out, start);
    }
}

fn push_decomposed(d: char, folding: Folding, out: &mut String) {
    if folding.diacritics {
        if is_combining_mark(d) {
            return;
        }
        if let Some(s) = fold_letter(d) {
            push_cased(s, folding, out);
            return;
        }
    }
    if folding.lowercase {
        for l in d.to_lowercase() {
            if folding.diacritics {
                if is_combining_mark(l) {
                    continue;
                }
                if let Some(s) = fold_letter(l) {
                    out.push_str(s);
                    continue;
                }
            }
            out.push(l);
        }
    } else {
        out.push(d);
    }
}

fn push_cased(s: &str, folding: Folding, out: &mut String) {
    if folding.lowercase {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(s);
    }
}

/// Canonical composition of `out[start..]` in place (the "C" of NFKC), used when diacritics
/// are kept. Only non-ASCII words reach this, and only with diacritic folding off.
fn recompose(out: &mut String, start: usize) {
    if out[start..].is_ascii() {
        return;
    }
    let composed: String = out[start..].nfc().collect();
    out.truncate(start);
    out.push_str(&composed);
}

/// Length in bytes of `word` without a trailing possessive (`'s`, `’s`) or bare apostrophe.
pub(crate) fn strip_possessive(word: &str) -> usize {
    let mut chars = word.char_indices().rev();
    match chars.next() {
        Some((i, 's' | 'S')) => match chars.next() {
            Some((j, a)) if is_apostrophe(a) && j > 0 => j,
            _ => i + 1,
        },
        Some((i, a)) if is_apostrophe(a) && i > 0 => i,
        Some((i, c)) => i + c.len_utf8(),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLD: Folding = Folding {
        lowercase: true,
        diacritics: true,
    };
    const CASED: Folding = Folding {
        lowercase: false,
        diacritics: true,
    };
    const KEEP: Folding = Folding {
        lowercase: true,
        diacritics: false,
    };

    fn norm(word: &str, folding: Folding) -> String {
        let mut out = String::new();
        normalize_into(word, folding, &mut out);
        out
    }

    #[test]
    fn folds_case_fully() {
        assert_eq!(norm("İSTANBUL", FOLD), "istanbul");
        assert_eq!(norm("ÉTUDES", FOLD), "etudes");
        assert_eq!(norm("ÉTUDES", KEEP), "études");
        assert_eq!(norm("Organización", FOLD), "organizacion");
        assert_eq!(norm("Skłodowska", FOLD), "sklodowska");
        assert_eq!(norm("Skłodowska", CASED), "Sklodowska");
        assert_eq!(norm("Straße", FOLD), "strasse");
        assert_eq!(norm("Türkiye", KEEP), "türkiye");
    }

    #[test]
    fn unifies_compatibility_forms() {
        assert_eq!(norm("ＣＥＲＮ", CASED), "CERN");
        assert_eq!(norm("ﬁnance", FOLD), "finance");
        assert_eq!(norm("co\u{00AD}operation", FOLD), "cooperation");
    }

    #[test]
    fn apostrophes_and_dashes() {
        assert_eq!(norm("d’Ivoire", FOLD), "d'ivoire");
        assert_eq!(norm("dʼIvoire", FOLD), "d'ivoire");
        assert_eq!(norm("a–b", FOLD), "a-b");
    }

    #[test]
    fn recomposes_when_keeping_diacritics() {
        // e + combining acute composes back to é.
        assert_eq!(norm("Cafe\u{301}", KEEP), "café");
        assert_eq!(norm("São", KEEP), "são");
    }

    #[test]
    fn possessives() {
        assert_eq!(strip_possessive("Pakistan’s"), "Pakistan".len());
        assert_eq!(strip_possessive("Pakistan's"), 8);
        assert_eq!(strip_possessive("PAKISTAN'S"), 8);
        assert_eq!(strip_possessive("ministries’"), "ministries".len());
        assert_eq!(strip_possessive("scholarships"), "scholarships".len());
        assert_eq!(strip_possessive("'s"), 2);
        assert_eq!(strip_possessive("s"), 1);
        assert_eq!(strip_possessive(""), 0);
    }
}
