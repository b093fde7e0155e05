//! Invariants that hold for every input, checked with generated text.

use std::sync::OnceLock;
use std::thread;

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

/// Runs of up to 100,000 characters with no whitespace at all: letters, CJK, emoji sequences,
/// combining marks, right-to-left text and punctuation glued together.
fn no_space_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a",
        "CERN",
        "UNESCO",
        "é",
        "e\u{301}",
        "\u{301}\u{302}\u{303}",
        "科学",
        "مرحبا",
        "\u{200F}",
        "\u{202E}",
        "👩‍🔬",
        "🇵🇰",
        "\u{200D}",
        "\u{FE0F}",
        ".",
        "-",
        "’",
        "_",
        "(",
        "\0",
        "\u{FFFD}",
        "WHO",
        "ﬁ",
        "İ",
    ]);
    (prop::collection::vec(piece, 1..40), 10_000usize..100_000).prop_map(|(pieces, chars)| {
        let mut s = String::new();
        let mut n = 0;
        'fill: loop {
            for p in &pieces {
                for c in p.chars() {
                    if n == chars {
                        break 'fill;
                    }
                    s.push(c);
                    n += 1;
                }
            }
        }
        s
    })
}

/// Lone punctuation and symbols, with or without spaces between them.
fn punctuation_text() -> impl Strategy<Value = String> {
    let p = prop::sample::select(vec![
        ".", ",", ";", ":", "!", "?", "'", "\"", "’", "‘", "“", "”", "-", "–", "—", "(", ")", "[",
        "]", "{", "}", "/", "\\", "&", "%", "§", "…", "·", "«", "»", "¿", "¡", "。", "、", "،",
        "؟", " ", "\n", "\u{AD}", "\u{2028}",
    ]);
    prop::collection::vec(p, 0..200).prop_map(|v| v.concat())
}

/// `text` and the same text with the case of some characters changed, every change keeping the
/// byte length (so spans stay comparable): ASCII, accented Latin, Greek, Cyrillic.
fn text_and_recased() -> impl Strategy<Value = (String, String)> {
    let words = prop::collection::vec(
        prop_oneof![
            4 => lexicon_text(),
            1 => prop::sample::select(vec![
                "Organización Mundial", "Ελλάδα", "Академия наук", "Côte d’Ivoire", "Türkiye",
                "République", "São Tomé", "ÅLAND", "Łódź",
            ]).prop_map(str::to_string),
        ],
        1..4,
    )
    .prop_map(|v| v.join(" "));
    (words, any::<u64>()).prop_map(|(text, seed)| {
        let mut x = seed | 1;
        let recased = text
            .chars()
            .map(|c| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let other: Vec<char> = if x % 2 == 0 {
                    c.to_uppercase().collect()
                } else {
                    c.to_lowercase().collect()
                };
                match other[..] {
                    [o] if o.len_utf8() == c.len_utf8() => o,
                    _ => c,
                }
            })
            .collect();
        (text, recased)
    })
}

fn never_overlapping() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::builder().overlap(Overlap::Never).build().unwrap())
}

pub(super) fn check_invariants(text: &str, a: &Analysis) {
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
    // Within a category, default mentions do not overlap (co-located entries share a span):
    // as mentions are sorted by start, each need only be compared with the last distinct span
    // of its category.
    let mut last: Vec<(scidip::Category, scidip::Span)> = Vec::new();
    for m in a.mentions() {
        match last.iter_mut().find(|(c, _)| *c == m.category) {
            Some((_, prev)) if *prev == m.span => {}
            Some((_, prev)) => {
                assert!(!prev.overlaps(m.span), "{m:?} overlaps {prev:?}");
                *prev = m.span;
            }
            None => last.push((m.category, m.span)),
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
        // Analysing twice gives the same result.
        prop_assert_eq!(&a, &analyzer().analyze(&text));
    }

    #[test]
    fn lexicon_text_keeps_the_invariants(text in lexicon_text()) {
        let a = analyzer().analyze(&text);
        check_invariants(&text, &a);
        // Analysing twice gives the same result.
        prop_assert_eq!(&a, &analyzer().analyze(&text));
    }

    #[test]
    fn lone_punctuation_mentions_nothing(text in punctuation_text()) {
        let a = analyzer().analyze(&text);
        check_invariants(&text, &a);
        prop_assert!(a.mentions().is_empty(), "{:?}", a.mentions());
        prop_assert_eq!(a.relevance(), 0.0);
    }

    #[test]
    fn with_overlap_never_no_two_mentions_overlap(text in lexicon_text()) {
        let a = never_overlapping().analyze(&text);
        check_invariants(&text, &a);
        for w in a.mentions().windows(2) {
            prop_assert!(w[0].span == w[1].span || w[0].span.end <= w[1].span.start,
                "{:?} overlaps {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn case_changes_of_single_characters_keep_case_insensitive_mentions(
        (text, recased) in text_and_recased()
    ) {
        prop_assert_eq!(text.len(), recased.len());
        let a = all_overlaps().analyze(&text);
        let b = all_overlaps().analyze(&recased);
        prop_assert_eq!(insensitive(&a), insensitive(&b));
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

proptest! {
    // Large inputs: few cases, each up to 100,000 characters.
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn a_hundred_thousand_characters_without_a_space(text in no_space_text()) {
        let a = analyzer().analyze(&text);
        check_invariants(&text, &a);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn several_threads_at_once_give_the_sequential_result(
        texts in prop::collection::vec(prop_oneof![lexicon_text(), hostile_text()], 1..6)
    ) {
        let sequential: Vec<Analysis> = texts.iter().map(|t| analyzer().analyze(t)).collect();
        thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|k| {
                    let texts = &texts;
                    s.spawn(move || {
                        // Each thread goes through the texts in its own order.
                        (0..texts.len())
                            .map(|i| {
                                let i = (i + k) % texts.len();
                                (i, analyzer().analyze(&texts[i]))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                for (i, a) in h.join().unwrap() {
                    assert!(a == sequential[i], "text {i} differs on a thread");
                }
            }
        });
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
