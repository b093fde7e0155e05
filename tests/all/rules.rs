//! Context rules: format, validation with line numbers, and evaluation over mention positions.

use scidip::score::{ScoreKind, Source};
use scidip::{Analyzer, Effect, Lexicon, LexiconErrorKind, Mode, Scope};

const HEADER: &str = r#"
[lexicon]
name = "test-rules"
version = "1"
language = "en"
licence = "CC0-1.0"
provenance = "written for these tests"
"#;

/// A lexicon with a `gadget` cue, a `topic` entry, and the given rules.
fn with_rules(rules: &str) -> Lexicon {
    let src = format!(
        r#"{HEADER}
[[entry]]
id = "gadget"
label = "gadget"
category = "context"
terms = ["gadget"]

[[entry]]
id = "lab"
label = "laboratory"
category = "context"
terms = ["laboratory"]

{rules}"#
    );
    Lexicon::from_toml_str(&src, "test-rules.toml").expect("valid rules")
}

fn analyzer(rules: &str) -> Analyzer {
    Analyzer::builder()
        .lexicon(with_rules(rules))
        .build()
        .expect("builds")
}

#[test]
fn rule_fields_are_loaded() {
    let lex = with_rules(
        r#"
[[rule]]
id = "r1"
description = "gadgets near laboratories"
when = ["context:gadget"]
all = ["context:lab"]
none = ["country:*"]
within = 3
effect = "science_for_diplomacy"
strength = "strong"
weight = 1.5
"#,
    );
    let r = &lex.rules()[0];
    assert_eq!(r.id, "r1");
    assert_eq!(r.scope, Scope::Words(3));
    assert_eq!(r.effect, Effect::Mode(Mode::ScienceForDiplomacy));
    assert_eq!(r.weight, 1.5);
    assert_eq!(r.none[0].to_string(), "country:*");
    assert_eq!(r.line, 22);
}

#[test]
fn errors_name_the_line_and_the_rule() {
    let cases: &[(&str, LexiconErrorKind, usize, &str)] = &[
        (
            "[[rule]]\nid = \"a\"\nwhen = [\"context:x\"]\neffect = \"science_of_everything\"\n",
            LexiconErrorKind::InvalidValue,
            4,
            "effect",
        ),
        (
            "[[rule]]\nid = \"a\"\nwhen = [\"context:x\"]\neffect = \"veto\"\ncolour = \"red\"\n",
            LexiconErrorKind::UnknownKey,
            5,
            "colour",
        ),
        (
            "[[rule]]\nid = \"a\"\nwhen = [\"nonsense\"]\neffect = \"veto\"\n",
            LexiconErrorKind::InvalidValue,
            3,
            "selector",
        ),
        (
            "[[rule]]\nid = \"a\"\neffect = \"veto\"\n",
            LexiconErrorKind::MissingKey,
            1,
            "when",
        ),
        (
            "[[rule]]\nid = \"a\"\nwhen = [\"context:x\"]\nscope = \"paragraph\"\neffect = \"veto\"\n",
            LexiconErrorKind::InvalidValue,
            4,
            "scope",
        ),
        (
            "[[rule]]\nid = \"a\"\nwhen = [\"context:x\"]\neffect = \"veto\"\nstrength = \"strong\"\n",
            LexiconErrorKind::InvalidValue,
            5,
            "strength",
        ),
        (
            "[[rule]]\nid = \"a\"\nwhen = [\"target:4.99x\"]\neffect = \"veto\"\n",
            LexiconErrorKind::InvalidValue,
            3,
            "target",
        ),
        (
            "[[rule]]\nid = \"a\"\nwhen = [\"context:x\"]\neffect = \"veto\"\n[[rule]]\nid = \"a\"\nwhen = [\"context:x\"]\neffect = \"veto\"\n",
            LexiconErrorKind::DuplicateId,
            5,
            "another rule",
        ),
    ];
    let header_lines = HEADER.lines().count();
    for (rule, kind, line, needle) in cases {
        let src = format!("{HEADER}{rule}");
        let errors = Lexicon::validate_toml_str(&src, "bad.toml");
        assert_eq!(errors.len(), 1, "{rule}: {errors:?}");
        let e = &errors[0];
        assert_eq!(e.kind(), *kind, "{rule}: {e}");
        assert_eq!(e.line(), Some(header_lines + line), "{rule}: {e}");
        assert!(e.to_string().contains(needle), "{rule}: {e}");
        assert!(e.to_string().starts_with("bad.toml:"), "{e}");
    }
}

#[test]
fn unknown_entries_are_a_build_error() {
    let lex = with_rules(
        "[[rule]]\nid = \"ghost\"\nwhen = [\"organisation:no_such_body\"]\neffect = \"veto\"\n",
    );
    let err = Analyzer::builder().lexicon(lex).build().unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("ghost") && msg.contains("no_such_body"),
        "{msg}"
    );
    assert!(msg.contains("test-rules.toml:"), "{msg}");
}

#[test]
fn scope_words_sentence_document() {
    let rule = |scope: &str| {
        format!(
            "[[rule]]\nid = \"g\"\nwhen = [\"context:gadget\"]\nall = [\"context:lab\"]\n{scope}\n\
             effect = \"diplomacy_for_science\"\nstrength = \"strong\"\n"
        )
    };
    let near = "The gadget left the laboratory.";
    let far = "The gadget was shipped in a crate over the sea to the laboratory.";
    let apart = "The gadget was shipped. It reached the laboratory.";
    let fires = |a: &Analyzer, t: &str| a.analyze(t).mode(Mode::DiplomacyForScience).evidence > 0.0;

    let within = analyzer(&rule("within = 3"));
    assert!(fires(&within, near));
    assert!(!fires(&within, far));
    let sentence = analyzer(&rule("scope = \"sentence\""));
    assert!(fires(&sentence, far));
    assert!(!fires(&sentence, apart));
    let document = analyzer(&rule("scope = \"document\""));
    assert!(fires(&document, apart));
}

/// Whether the test rule `g` contributed to relevance.
fn fired(a: &Analyzer, text: &str) -> bool {
    a.analyze(text)
        .explain(ScoreKind::Relevance)
        .contributions
        .iter()
        .any(|c| c.source == Source::Rule { rule: "g".into() })
}

#[test]
fn any_and_none() {
    let a = analyzer(
        "[[rule]]\nid = \"g\"\nwhen = [\"context:gadget\"]\nany = [\"context:lab\", \"country:*\"]\n\
         none = [\"organisation:cern\"]\neffect = \"relevance\"\nstrength = \"strong\"\n",
    );
    assert!(fired(&a, "A gadget for Chile."));
    assert!(fired(&a, "A gadget for the laboratory."));
    assert!(!fired(&a, "A gadget for nobody."));
    assert!(!fired(&a, "A gadget for Chile at CERN."));
}

#[test]
fn firings_saturate() {
    let a = analyzer(
        "[[rule]]\nid = \"g\"\nwhen = [\"context:gadget\"]\nall = [\"context:lab\"]\n\
         effect = \"science_in_diplomacy\"\nstrength = \"moderate\"\n",
    );
    let once = a.analyze("A gadget in the laboratory.");
    let fifty = a.analyze(&"A gadget in the laboratory. ".repeat(50));
    let e1 = once.mode(Mode::ScienceInDiplomacy).evidence;
    let e50 = fifty.mode(Mode::ScienceInDiplomacy).evidence;
    assert!((e1 - 1.0).abs() < 1e-5, "{e1}");
    // log2(51) ≈ 5.67, not 50.
    assert!(e50 < 6.0 * e1, "{e50}");
    let explanation = fifty.explain(ScoreKind::Mode(Mode::ScienceInDiplomacy));
    let c = &explanation.contributions[0];
    assert_eq!(c.source, Source::Rule { rule: "g".into() });
    assert_eq!(c.count, 50);
}

#[test]
fn veto_removes_the_anchor_from_every_score() {
    let a = analyzer(
        "[[rule]]\nid = \"no-lab-diplomacy\"\nwhen = [\"mode:science_for_diplomacy\"]\n\
         all = [\"context:gadget\"]\nwithin = 2\neffect = \"veto\"\n",
    );
    let text = "Science for diplomacy gadget.";
    let analysis = a.analyze(text);
    assert_eq!(analysis.mode(Mode::ScienceForDiplomacy).evidence, 0.0);
    assert_eq!(analysis.relevance(), 0.0);
    let e = analysis.explain(ScoreKind::Mode(Mode::ScienceForDiplomacy));
    assert_eq!(e.vetoed.len(), 1);
    assert_eq!(&text[e.vetoed[0].span], "Science for diplomacy");
    // The mention itself is still reported.
    assert_eq!(analysis.mentions().len(), 1);
}

#[test]
fn confirm_lifts_ambiguity() {
    let src = format!(
        r#"{HEADER}
[[entry]]
id = "sdg6"
label = "water (test)"
category = "sdg"
goal = 6
targets = {{ "6.1" = "drinking water" }}
terms = [{{ text = "wells", ambiguous = true }}, {{ text = "aquifer", ambiguous = true }}]

[[rule]]
id = "wells-with-water"
when = ["sdg:sdg6"]
all = ["sdg:sdg6"]
effect = "confirm"
"#
    );
    let lex = Lexicon::from_toml_str(&src, "w.toml").unwrap();
    let a = Analyzer::builder().lexicon(lex).build().unwrap();
    let ev = |t: &str| a.analyze(t).sdg(6).unwrap().evidence;
    // Alone, an ambiguous term counts half.
    assert!((ev("The wells.") - 0.5).abs() < 1e-5);
    // Two ambiguous terms of the goal in one sentence support each other; apart they do not.
    let together = ev("The wells tap the aquifer.");
    let apart = ev("The wells. The aquifer.");
    assert!((together - 3f32.log2()).abs() < 1e-4, "{together}");
    assert!((apart - 0.5 * 3f32.log2()).abs() < 1e-4, "{apart}");
}

#[test]
fn user_rule_replaces_builtin_rule_by_id() {
    let lex = Lexicon::from_toml_str(
        &format!(
            "{HEADER}\n[[rule]]\nid = \"sdg4.literacy_domain\"\nwhen = [\"country:*\"]\n\
             effect = \"confirm\"\n"
        ),
        "override.toml",
    )
    .unwrap();
    let a = Analyzer::builder().lexicon(lex).build().unwrap();
    let text = "Data literacy classes.";
    let e = a.analyze(text).explain(ScoreKind::Sdg(4));
    assert!(e.vetoed.is_empty());
}

#[test]
fn builtin_rules_read_context() {
    let a = crate::analyzer();
    // A research infrastructure with membership in the sentence: diplomacy for science.
    let joining = a.analyze("Slovenia became an associate member state of CERN in 2017.");
    assert!(joining.mode(Mode::DiplomacyForScience).label);
    // The same facility in pure science news: no mode.
    let news = a.analyze("Physicists at CERN measured the mass of the W boson again.");
    assert!(!news.mode(Mode::DiplomacyForScience).label);
    assert!(!news.is_science_diplomacy());
    // An MoU between universities is science cooperation; an MoU on migration is not.
    let rule_fired = |text: &str, rule: &str| {
        a.analyze(text)
            .explain(ScoreKind::Mode(Mode::ScienceForDiplomacy))
            .contributions
            .iter()
            .any(|c| c.source == Source::Rule { rule: rule.into() })
    };
    assert!(rule_fired(
        "The University of Ghana and a Moroccan university signed a memorandum of understanding.",
        "sfd.academic_instrument"
    ));
    assert!(!rule_fired(
        "The two ministries signed a memorandum of understanding on migration.",
        "sfd.academic_instrument"
    ));
    // Evidence in a sentence with negotiators: science in diplomacy.
    let advice = a.analyze(
        "Negotiators from forty states heard the scientific assessment of fish stocks before \
         setting quotas.",
    );
    assert!(advice.mode(Mode::ScienceInDiplomacy).label);
    // "literacy" in a named field is not basic literacy.
    let media = a.analyze("Data literacy workshops for journalists.");
    assert!(
        !media
            .sdg(4)
            .unwrap()
            .targets
            .iter()
            .any(|t| t.to_string() == "4.6")
    );
}
