//! How documents are read: apostrophes, hyphens, line breaks, stemming, case, diacritics, spans.
//! Uses a small fixture lexicon so the behaviours do not depend on the curated lexicons.

use std::sync::OnceLock;

use scidip::{Analyzer, Lexicon, Span};

const FIXTURE: &str = r#"
# Provenance: written for the scidip tests.
[lexicon]
name = "fixture"
version = "1.0.0"
language = "en"
licence = "MIT OR Apache-2.0"
provenance = "written for the scidip tests"

[[entry]]
id = "PAK"
label = "Pakistan"
category = "country"
terms = ["Pakistan"]
demonyms = ["Pakistani"]

[[entry]]
id = "who"
label = "World Health Organization"
category = "organisation"
type = "un_system"
country = "CHE"
terms = ["World Health Organization"]
acronyms = ["WHO"]

[[entry]]
id = "iter"
label = "ITER"
category = "organisation"
type = "research_infrastructure"
country = "FRA"
acronyms = ["ITER"]

[[entry]]
id = "unesco"
label = "UNESCO"
category = "organisation"
type = "un_system"
country = "FRA"
terms = ["United Nations Educational, Scientific and Cultural Organization", "Organización de las Naciones Unidas"]
acronyms = ["UNESCO"]

[[entry]]
id = "mou"
label = "Memorandum of understanding"
category = "instrument"
terms = ["memorandum of understanding"]
acronyms = ["MoU"]

[[entry]]
id = "ties"
label = "People-to-people ties"
category = "cue"
terms = ["people to people ties", "scientific cooperation", "scholarship", "science diplomacy", "science and technology"]

[[entry]]
id = "covid"
label = "COVID-19"
category = "topic"
terms = ["COVID-19"]

[[entry]]
id = "istanbul"
label = "Istanbul"
category = "place"
terms = ["Istanbul"]

[[entry]]
id = "ministries"
label = "Ministries"
category = "cue"
terms = [{ text = "ministries", match = "exact" }]
"#;

fn fixture() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        Analyzer::builder()
            .builtin(false)
            .lexicon(Lexicon::from_toml_str(FIXTURE, "fixture.toml").unwrap())
            .build()
            .unwrap()
    })
}

/// (entry id, matched text) of every mention.
fn hits(text: &str) -> Vec<(String, String)> {
    let a = fixture().analyze(text);
    a.mentions()
        .iter()
        .map(|m| (a.entry(m).id.clone(), text[m.span].to_string()))
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    hits(text).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn possessives_with_any_apostrophe() {
    for text in [
        "Pakistan’s envoy",
        "Pakistan's envoy",
        "Pakistanʼs envoy",
        "PAKISTAN'S envoy",
    ] {
        assert_eq!(hits(text)[0], ("PAK".into(), text[..8].into()), "{text}");
    }
    // A plural possessive keeps its word.
    assert_eq!(ids("the ministries’ roles"), ["ministries"]);
    assert_eq!(ids("the WHO’s report"), ["who"]);
}

#[test]
fn hyphens_and_spaces_are_interchangeable() {
    assert_eq!(ids("people-to-people ties"), ["ties"]);
    assert_eq!(ids("people to people ties"), ["ties"]);
    assert_eq!(ids("people‐to‐people ties"), ["ties"]); // U+2010 hyphens
    for text in ["COVID-19", "Covid 19", "COVID19", "covid–19"] {
        assert_eq!(ids(text), ["covid"], "{text}");
    }
}

#[test]
fn phrases_cross_line_breaks_but_not_commas() {
    assert_eq!(ids("the World\nHealth\r\nOrganization"), ["who"]);
    assert_eq!(ids("scientific \n cooperation"), ["ties"]);
    assert!(ids("in science, diplomacy matters").is_empty());
    assert!(ids("scientific (cooperation)").is_empty());
    // A blank line ends a paragraph, and a phrase does not cross it.
    assert!(ids("scientific\n\ncooperation").is_empty());
    // A sentence end is a boundary too.
    assert!(ids("It was scientific. Cooperation followed.").is_empty());
}

#[test]
fn punctuation_inside_a_term_is_optional_in_the_text() {
    let full = "United Nations Educational, Scientific and Cultural Organization";
    assert_eq!(ids(full), ["unesco"]);
    assert_eq!(ids(&full.replace(',', "")), ["unesco"]);
}

#[test]
fn stemming_matches_inflections() {
    assert_eq!(ids("two scholarships"), ["ties"]);
    assert_eq!(ids("scientific cooperations"), ["ties"]);
    // An exact term does not stem.
    assert!(ids("the ministry").is_empty());
    assert_eq!(ids("the ministries"), ["ministries"]);
}

#[test]
fn acronyms_match_only_in_their_case() {
    assert_eq!(ids("The WHO said"), ["who"]);
    assert!(ids("Those who said").is_empty());
    assert!(ids("Who said").is_empty());
    assert_eq!(ids("ITER and the iteration"), ["iter"]);
    assert!(ids("iter Iter").is_empty());
    // The plural of an acronym.
    assert_eq!(hits("two MoUs"), [("mou".into(), "MoUs".into())]);
    assert!(ids("two mous").is_empty());
    // Case-insensitive terms ignore case.
    assert_eq!(ids("WORLD HEALTH ORGANIZATION"), ["who"]);
}

#[test]
fn ampersand_reads_as_and() {
    assert_eq!(ids("Science & Technology"), ["ties"]);
    assert_eq!(ids("science&technology"), ["ties"]);
}

#[test]
fn unicode_case_diacritics_and_compatibility_forms() {
    assert_eq!(ids("İSTANBUL"), ["istanbul"]);
    assert_eq!(ids("Organizacion de las Naciones Unidas"), ["unesco"]);
    assert_eq!(ids("ORGANIZACIÓN DE LAS NACIONES UNIDAS"), ["unesco"]);
    assert_eq!(ids("ＷＨＯ"), ["who"]); // full-width letters
    assert_eq!(ids("scientiﬁc cooperation"), ["ties"]); // the "fi" ligature
    assert_eq!(ids("sci\u{00AD}entific cooperation"), ["ties"]); // soft hyphen
    // Without diacritic folding, accents must match.
    let strict = Analyzer::builder()
        .builtin(false)
        .fold_diacritics(false)
        .lexicon(Lexicon::from_toml_str(FIXTURE, "fixture.toml").unwrap())
        .build()
        .unwrap();
    assert!(
        strict
            .analyze("Organizacion de las Naciones Unidas")
            .mentions()
            .is_empty()
    );
    assert_eq!(
        strict
            .analyze("Organización de las Naciones Unidas")
            .mentions()
            .len(),
        1
    );
}

#[test]
fn words_never_match_inside_words() {
    assert_eq!(ids("Pakistanis"), ["PAK"]); // the plural demonym, by stemming
    assert!(ids("xPakistan").is_empty());
    assert!(ids("ITERATION").is_empty());
    assert_eq!(ids("(WHO)"), ["who"]);
    assert_eq!(ids("“Pakistan”"), ["PAK"]);
}

#[test]
fn spans_sentences_and_words() {
    let text = "Ünïcödé first. Then the WHO met Pakistani envoys.\n\nScience diplomacy!";
    let a = fixture().analyze(text);
    let sentences: Vec<&str> = a.sentences().iter().map(|s| &text[*s]).collect();
    assert_eq!(
        sentences,
        [
            "Ünïcödé first.",
            "Then the WHO met Pakistani envoys.",
            "Science diplomacy!"
        ]
    );
    let m: Vec<(String, &str, usize)> = a
        .mentions()
        .iter()
        .map(|m| (a.entry(m).id.clone(), &text[m.span], m.sentence))
        .collect();
    assert_eq!(
        m,
        [
            ("who".into(), "WHO", 1),
            ("PAK".into(), "Pakistani", 1),
            ("ties".into(), "Science diplomacy", 2)
        ]
    );
    let who = a.mentions()[0];
    assert_eq!((who.word_start, who.word_end), (4, 5));
    assert_eq!(a.word_count(), 10);
    for m in a.mentions() {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        assert!(a.sentences()[m.sentence].contains(m.span));
    }
    assert_eq!(Span::new(0, 3).len(), 3);
}

#[test]
fn hard_wrapped_speech_text() {
    // The UN speeches wrap every line with a trailing space.
    let text = "We thank the World Health \nOrganization and the United Nations \nEducational, Scientific and \nCultural Organization for their \nwork in Pakistan. \n";
    assert_eq!(ids(text), ["who", "unesco", "PAK"]);
    assert_eq!(fixture().analyze(text).sentences().len(), 1);
}
