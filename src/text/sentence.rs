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

use crate::Span;

/// Title and reference abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "hon", "amb", "sen", "gen", "rev", "fig", "figs", "vol",
    "no", "nos", "pp", "art", "para", "cf", "vs", "jr", "sr", "dept", "approx", "govt",
];

/// Appends the sentences of `text` to `out`.
pub(crate) fn sentences(text: &str, out: &mut Vec<Span>) {
    let mut current: Option<Span> = None;
    // Line breaks between the end of `current` and the next sentence.
    let mut gap_breaks = 0usize;
    for (i, raw) in text.split_sentence_bound_indices() {
        let trimmed_start = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        if body.is_empty() {
            gap_breaks += count_breaks(raw);
            continue;
        }
        let start = i + trimmed_start;
        let span = Span::new(start, start + body.len());
        gap_breaks += count_breaks(&raw[..trimmed_start]);
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
        gap_breaks = count_breaks(&raw[trimmed_start + body.len()..]);
    }
    out.extend(current);
}

/// Counts line breaks in whitespace (a CR LF pair is one).
fn count_breaks(ws: &str) -> usize {
    let mut n = 0;
    let mut prev_cr = false;
    for c in ws.chars() {
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => n += 1,
            _ => {}
        }
        prev_cr = c == '\r';
    }
    n
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
        _ => word.contains('.') || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        sentences(text, &mut out);
        out.into_iter().map(|s| &text[s]).collect()
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
    fn empty_and_whitespace() {
        assert!(split("").is_empty());
        assert!(split(" \n\t ").is_empty());
        assert_eq!(split("  word  "), ["word"]);
    }
}
