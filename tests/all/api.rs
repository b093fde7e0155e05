//! The public API: thread safety, configuration, combining lexicons.

use std::sync::Arc;
use std::thread;

use scidip::*;

use super::analyzer;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<Analyzer>();
    assert_send_sync::<AnalyzerBuilder>();
    assert_send_sync::<Analysis>();
    assert_send_sync::<Mention>();
    assert_send_sync::<Lexicon>();
    assert_send_sync::<Entry>();
    assert_send_sync::<Term>();
    assert_send_sync::<LexiconError>();
    assert_send_sync::<BuildError>();
    assert_send_sync::<Scores>();
    assert_send_sync::<ScoringConfig>();
    assert_send_sync::<Span>();
    assert_send_sync::<Category>();
    assert_send_sync::<EntryId>();
}

const TOPICS: &str = r#"
# Provenance: written for the scidip tests.
[lexicon]
name = "topics"
version = "1.0.0"
language = "en"
licence = "MIT OR Apache-2.0"
provenance = "written for the scidip tests"
category = "topic"

[[entry]]
id = "ab"
label = "A B"
terms = ["alpha beta"]

[[entry]]
id = "bc"
label = "B C"
terms = ["beta gamma"]

[[entry]]
id = "quantum"
label = "Quantum"
terms = ["quantum computing", { text = "qubits", match = "exact" }]
"#;

fn topics() -> Lexicon {
    Lexicon::from_toml_str(TOPICS, "topics.toml").unwrap()
}

#[test]
fn words_not_bytes_so_no_match_is_lost() {
    // The trap: a byte-level leftmost match of "alpha beta" starting inside "xalpha" would hide
    // "beta gamma".
    let analyzer = Analyzer::builder()
        .builtin(false)
        .lexicon(topics())
        .build()
        .unwrap();
    let text = "xalpha beta gamma";
    let a = analyzer.analyze(text);
    let ids = crate::entry_ids(&a);
    assert_eq!(ids, ["bc"]);
    assert_eq!(&text[a.mentions()[0].span], "beta gamma");
}

#[test]
fn overlapping_matches_on_request() {
    let text = "alpha beta gamma";
    let default = Analyzer::builder()
        .builtin(false)
        .lexicon(topics())
        .build()
        .unwrap();
    let ids = |a: &Analysis| -> Vec<String> {
        a.mentions().iter().map(|m| a.entry(m).id.clone()).collect()
    };
    assert_eq!(ids(&default.analyze(text)), ["ab"]);
    let all = Analyzer::builder()
        .builtin(false)
        .lexicon(topics())
        .overlap(Overlap::All)
        .build()
        .unwrap();
    assert_eq!(ids(&all.analyze(text)), ["ab", "bc"]);
}

#[test]
fn user_category_and_exact_terms() {
    let analyzer = Analyzer::builder().lexicon(topics()).build().unwrap();
    let topic = analyzer
        .category("topic")
        .expect("user category registered");
    assert_eq!(analyzer.category_name(topic), "topic");
    let a = analyzer.analyze("Quantum computing needs qubits, not qubit.");
    let found: Vec<&str> = a
        .mentions_of(topic)
        .map(|m| a.entry(m).id.as_str())
        .collect();
    assert_eq!(found, ["quantum", "quantum"]);
    // "qubit" alone does not match the exact term "qubits".
    assert_eq!(a.mentions_of(topic).count(), 2);
}

#[test]
fn user_lexicon_overrides_builtin_entry_by_id() {
    let src = r#"
[lexicon]
name = "override"
version = "1"
language = "en"
licence = "CC0-1.0"
provenance = "test"
category = "country"

[[entry]]
id = "PAK"
label = "Pakistan (test label)"
terms = ["Land of the Pure"]
"#;
    let analyzer = Analyzer::builder()
        .lexicon(Lexicon::from_toml_str(src, "o.toml").unwrap())
        .build()
        .unwrap();
    let pak = analyzer.find_entry(Category::COUNTRY, "PAK").unwrap();
    assert_eq!(analyzer.entry(pak).label, "Pakistan (test label)");
    // The replacement's terms are the only terms now.
    assert!(analyzer.analyze("Pakistan").countries().is_empty());
    assert_eq!(
        analyzer.analyze("the Land of the Pure").countries().len(),
        1
    );
    // No duplicate entry was created.
    let n = analyzer.entries().iter().filter(|e| e.id == "PAK").count();
    assert_eq!(n, 1);
}

#[test]
fn language_mismatch_is_an_error() {
    let fr = TOPICS.replace("language = \"en\"", "language = \"fr\"");
    let lexicon = Lexicon::from_toml_str(&fr, "fr.toml").unwrap();
    let err = Analyzer::builder()
        .lexicon(lexicon.clone())
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), BuildErrorKind::LanguageMismatch);
    // French documents with a French lexicon and no built-ins work.
    let ok = Analyzer::builder()
        .builtin(false)
        .language(Language::French)
        .lexicon(lexicon)
        .build();
    assert!(ok.is_ok());
}

#[test]
fn one_analyzer_on_eight_threads_matches_sequential_results() {
    let texts: Vec<String> = (0..64)
        .map(|i| {
            format!(
                "Document {i}: Pakistan’s Ministry of Foreign Affairs and ICESCO discussed science \
                 diplomacy, CERN associate membership and {} scholarships for Iranian students.",
                i * 3
            )
        })
        .collect();
    let sequential: Vec<Analysis> = texts.iter().map(|t| analyzer().analyze(t)).collect();
    let texts = Arc::new(texts);
    let handles: Vec<_> = (0..8)
        .map(|k| {
            let texts = Arc::clone(&texts);
            let analyzer = analyzer().clone();
            thread::spawn(move || {
                (0..texts.len())
                    .map(|i| (i + k * 7) % texts.len())
                    .map(|i| (i, analyzer.analyze(&texts[i])))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for (i, a) in h.join().unwrap() {
            assert_eq!(a, sequential[i], "document {i} differs across threads");
        }
    }
}

#[test]
fn empty_and_whitespace_documents() {
    for text in ["", " ", "\n\n\t", "...", "—"] {
        let a = analyzer().analyze(text);
        assert!(a.mentions().is_empty());
        assert_eq!(a.relevance(), 0.0);
        assert!(!a.is_science_diplomacy());
        assert_eq!(a.sdgs().len(), 17);
    }
}

#[test]
fn analysis_lookups_agree_with_the_analyzer() {
    let text = "The ITER Organization and CERN in Geneva.";
    let a = analyzer().analyze(text);
    for m in a.mentions() {
        assert_eq!(a.entry(m), analyzer().entry(m.entry));
        assert_eq!(a.term(m), analyzer().term(m.term));
        assert_eq!(analyzer().term_entry(m.term), m.entry);
        assert_eq!(analyzer().entry_category(m.entry), m.category);
    }
}

#[cfg(feature = "serde")]
#[test]
fn results_serialize() {
    let a = analyzer().analyze("Science diplomacy: CERN and Pakistan.");
    let json = serde_json::to_value(a.scores()).unwrap();
    assert!(json["relevance"].is_number());
    let m = serde_json::to_value(a.mentions()[0]).unwrap();
    assert!(m["span"]["start"].is_number());
    let cfg: ScoringConfig =
        serde_json::from_value(serde_json::to_value(ScoringConfig::default()).unwrap()).unwrap();
    assert_eq!(cfg, ScoringConfig::default());
}
