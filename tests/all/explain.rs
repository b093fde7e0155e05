//! Explanations: every score can be traced to the mentions and rules behind it.

use scidip::score::{ScoreKind, Source};
use scidip::{Mode, Span};

use crate::analyzer;

const TEXT: &str = "Chile and the European Southern Observatory renewed the agreement that gives \
                    Chilean astronomers ten per cent of the observing time. The foreign ministry \
                    called it science diplomacy at its best. Safe drinking water remains a \
                    priority for the Atacama region.";

#[test]
fn contributions_add_up_to_the_evidence() {
    let a = analyzer().analyze(TEXT);
    for e in a.explain_all() {
        let sum: f32 = e.contributions.iter().map(|c| c.evidence).sum();
        assert!(
            (sum / e.length_factor - e.evidence).abs() < 1e-3,
            "{}: {sum} vs {}",
            e.kind,
            e.evidence
        );
        let expected = 1.0 - (-e.evidence / e.scale).exp();
        assert!((expected - e.score).abs() < 1e-4, "{}", e.kind);
        assert_eq!(e.label, e.score >= e.threshold, "{}", e.kind);
        for c in &e.contributions {
            let gain = (1.0 + c.count as f32).log2();
            assert!((c.weight * gain - c.evidence).abs() < 1e-4);
            assert!(!c.spans.is_empty());
        }
        // Largest first.
        assert!(
            e.contributions
                .windows(2)
                .all(|w| w[0].evidence >= w[1].evidence)
        );
    }
}

#[test]
fn explanations_match_the_scores() {
    let a = analyzer().analyze(TEXT);
    let dfs = a.explain(ScoreKind::Mode(Mode::DiplomacyForScience));
    assert_eq!(dfs.score, a.mode(Mode::DiplomacyForScience).score);
    assert!(dfs.label);
    let rule = dfs
        .contributions
        .iter()
        .find(|c| matches!(c.source, Source::Rule { .. }))
        .expect("a rule contributes");
    let quoted: Vec<&str> = rule.spans.iter().map(|s| &TEXT[*s]).collect();
    assert!(
        quoted.contains(&"European Southern Observatory"),
        "{quoted:?}"
    );

    let relevance = a.explain(ScoreKind::Relevance);
    assert_eq!(relevance.score, a.relevance());
    assert!(relevance.contributions.iter().any(
        |c| matches!(&c.source, Source::Entry { name, .. } if name == "mode:general.explicit")
    ));

    let water = a.explain(ScoreKind::Sdg(6));
    assert_eq!(water.score, a.sdg(6).unwrap().score);
    let spans: Vec<Span> = water
        .contributions
        .iter()
        .flat_map(|c| c.spans.clone())
        .collect();
    assert!(
        spans
            .iter()
            .any(|s| TEXT[*s].eq_ignore_ascii_case("safe drinking water"))
    );
}

#[test]
fn nothing_to_explain_in_an_empty_document() {
    let a = analyzer().analyze("");
    assert!(a.explain_all().is_empty());
    let e = a.explain(ScoreKind::Sdg(99));
    assert_eq!(e.score, 0.0);
    assert!(e.contributions.is_empty());
}

#[cfg(feature = "serde")]
#[test]
fn explanations_serialise() {
    let a = analyzer().analyze(TEXT);
    let json = serde_json::to_value(a.explain(ScoreKind::Mode(Mode::DiplomacyForScience))).unwrap();
    assert_eq!(json["kind"]["mode"], "diplomacy_for_science");
    assert!(
        json["contributions"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    let first = &json["contributions"][0];
    assert!(
        first["spans"][0]["start"].is_u64()
            || first["spans"][0].is_array()
            || first["spans"][0].is_object()
    );
    let rule = serde_json::to_value(&scidip::Lexicon::builtin().unwrap()[4].rules()[0]).unwrap();
    assert!(rule["when"][0].is_string());
}

#[test]
fn explain_all_equals_each_explanation_on_its_own() {
    let a = analyzer().analyze(TEXT);
    let all = a.explain_all();
    assert!(all.len() > 3);
    for e in &all {
        assert_eq!(*e, a.explain(e.kind));
    }
    let mut kinds = vec![ScoreKind::Relevance];
    kinds.extend(Mode::ALL.map(ScoreKind::Mode));
    kinds.extend((1..=17).map(ScoreKind::Sdg));
    let listed: Vec<ScoreKind> = all.iter().map(|e| e.kind).collect();
    let expected: Vec<ScoreKind> = kinds
        .into_iter()
        .filter(|&k| {
            let e = a.explain(k);
            !e.contributions.is_empty() || !e.vetoed.is_empty()
        })
        .collect();
    assert_eq!(listed, expected);
}
