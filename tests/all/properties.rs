//! Invariants that hold for every input, checked with generated text.

use std::sync::OnceLock;

use proptest::prelude::*;
use scidip::{Analysis, Analyzer, Case, Overlap};

use super::analyzer;

/// Words of the built-in lexicons (ASCII only), so generated text mentions entries often.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<String> = analyzer()
            .entries()
            .iter()
            .flat_map(|e| e.terms.iter())
            .flat_map(|t| {
                t.text
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.is_ascii())
            .collect();
        words.sort();
        words.dedup();
        words
    })
}

/// Text made of lexicon words, filler and punctuation.
fn lexicon_text() -> impl Strategy<Value = String> {
    let n = vocabulary().len();
    let token = prop_oneof![
        6 => (0..n).prop_map(|i| vocabulary()[i].clone()),
        2 => "[a-z]{1,8}".prop_map(|s| s),
        1 => prop::sample::select(vec![",", ".", "-", "’s", "'", "(", ")", "&", "\n", "\n\n", ";", "—", "s"])
            .prop_map(str::to_string),
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| {
        let mut s = String::new();
        for t in v {
            if !s.is_empty() && !matches!(t.as_str(), "," | "." | "’s" | ")" | ";") {
                s.push(' ');
            }
            s.push_str(&t);
        }
        s
    })
}

/// Hostile text: control characters, combining marks, right-to-left scripts, emoji sequences,
/// lone punctuation, apostrophes and dashes of every kind.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<char>().prop_map(String::from),
        Just("\u{0301}\u{0308}".to_string()),
        Just("مرحبا بالعالم".to_string()),
        Just("שלום".to_string()),
        Just("👩‍🔬👨🏽‍🚀🏳️‍🌈".to_string()),
        Just("\u{200D}\u{FEFF}\u{00AD}".to_string()),
        Just("’‘ʼ′–—―−".to_string()),
        Just("\0\r\n\t\u{b}\u{c}\u{85}\u{2028}\u{2029}".to_string()),
        Just("İSTANBUL ß ﬁ Ｗ Ⅻ".to_string()),
        Just("U.S.A. e.g. Dr. A.".to_string()),
        "[A-Za-z]{1,12}",
    ];
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

fn check_invariants(text: &str, a: &Analysis) {
    let mut prev_start = 0;
    for m in a.mentions() {
        assert!(m.span.end <= text.len() && m.span.start < m.span.end);
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        assert!(m.span.start >= prev_start, "mentions are sorted by start");
        prev_start = m.span.start;
        assert!(m.sentence < a.sentences().len());
        assert!(a.sentences()[m.sentence].contains(m.span));
        assert!(m.word_start < m.word_end && (m.word_end as usize) <= a.word_count());
    }
    // Within a category, default mentions do not overlap (co-located entries share a span).
    for (i, x) in a.mentions().iter().enumerate() {
        for y in &a.mentions()[i + 1..] {
            if x.category == y.category && x.span != y.span {
                assert!(!x.span.overlaps(y.span), "{x:?} overlaps {y:?}");
            }
        }
    }
    for s in a.sentences() {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    assert!((0.0..1.0).contains(&a.relevance()));
    for g in a.sdgs() {
        assert!((0.0..1.0).contains(&g.score));
    }
}

fn all_overlaps() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::builder().overlap(Overlap::All).build().unwrap())
}

/// (span, entry) of the mentions whose term ignores case.
fn insensitive(a: &Analysis) -> Vec<(scidip::Span, scidip::EntryId)> {
    let mut v: Vec<_> = a
        .mentions()
        .iter()
        .filter(|m| a.term(m).case == Case::Insensitive)
        .map(|m| (m.span, m.entry))
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_analysed_without_panic(text in any::<String>()) {
        let a = analyzer().analyze(&text);
        check_invariants(&text, &a);
    }

    #[test]
    fn hostile_strings_keep_the_invariants(text in hostile_text()) {
        let a = analyzer().analyze(&text);
        check_invariants(&text, &a);
    }

    #[test]
    fn lexicon_text_keeps_the_invariants(text in lexicon_text()) {
        let a = analyzer().analyze(&text);
        check_invariants(&text, &a);
        // Analysing twice gives the same result.
        prop_assert_eq!(&a, &analyzer().analyze(&text));
    }

    #[test]
    fn case_does_not_change_case_insensitive_mentions(text in lexicon_text()) {
        let lower = all_overlaps().analyze(&text.to_ascii_lowercase());
        let upper = all_overlaps().analyze(&text.to_ascii_uppercase());
        let same = all_overlaps().analyze(&text);
        prop_assert_eq!(insensitive(&lower), insensitive(&same));
        prop_assert_eq!(insensitive(&upper), insensitive(&same));
    }
}

#[test]
fn long_inputs_without_spaces_or_sentences() {
    let words = "a".repeat(100_000);
    let a = analyzer().analyze(&words);
    check_invariants(&words, &a);
    assert_eq!(a.word_count(), 1);
    let no_stop = "science diplomacy and CERN ".repeat(20_000);
    let a = analyzer().analyze(&no_stop);
    check_invariants(&no_stop, &a);
    assert_eq!(a.sentences().len(), 1);
    assert!(a.mentions().len() >= 40_000);
}

#[test]
fn a_fresh_analyzer_and_a_warm_one_agree() {
    let text = "Pakistan’s Ministry of Foreign Affairs met ICESCO on science diplomacy and CERN.";
    let warm = analyzer();
    for _ in 0..3 {
        let _ = warm.analyze(text);
    }
    let fresh = Analyzer::builder().build().unwrap();
    assert_eq!(warm.analyze(text), fresh.analyze(text));
}
