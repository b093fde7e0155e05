//! Inputs found by fuzzing (`fuzz/`), or written to stress what the fuzzers stress, replayed on
//! every test run.
//!
//! Each file under `tests/regressions/analyze/` is a document (arbitrary bytes, read as UTF-8
//! with invalid sequences replaced, as the `analyze` fuzz target reads them); each file under
//! `tests/regressions/lexicon/` is a lexicon file (arbitrary bytes, as the `lexicon` target
//! reads them). A crash found by `cargo fuzz` is added by copying its artifact into the folder
//! of its target under a name that says what it broke; the test below then keeps it fixed.

use std::path::PathBuf;

use scidip::{Analyzer, BuildErrorKind, Language, Lexicon, LexiconErrorKind};

use super::analyzer;
use super::properties::check_invariants;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds regression inputs",
        dir.display()
    );
    files
}

#[test]
fn fuzzed_documents_keep_the_invariants() {
    for (path, bytes) in inputs("analyze") {
        let text = String::from_utf8_lossy(&bytes);
        let a = analyzer().analyze(&text);
        check_invariants(&text, &a);
        assert!(a == analyzer().analyze(&text), "{}", path.display());
    }
}

#[test]
fn fuzzed_lexicons_load_or_fail_cleanly() {
    for (path, bytes) in inputs("lexicon") {
        let name = path.display().to_string();
        let loaded = Lexicon::from_bytes(&bytes, &name);
        let Ok(src) = std::str::from_utf8(&bytes) else {
            assert_eq!(
                loaded.unwrap_err().kind(),
                LexiconErrorKind::InvalidUtf8,
                "{name}"
            );
            continue;
        };
        let errors = Lexicon::validate_toml_str(src, &name);
        let lexicon = match loaded {
            Ok(lexicon) => {
                assert!(errors.is_empty(), "{name}: loads, yet {errors:?}");
                lexicon
            }
            Err(e) => {
                assert_eq!(errors.first(), Some(&e), "{name}");
                assert!(e.to_string().starts_with(&name), "{e}");
                continue;
            }
        };
        // A lexicon that loads builds (in its own language) and finds its own terms.
        let language = Language::from_code(&lexicon.info().language).unwrap_or(Language::Unstemmed);
        let text: Vec<String> = lexicon
            .entries()
            .iter()
            .flat_map(|e| e.terms.iter().map(|t| t.text.clone()))
            .collect();
        let text = text.join(". ");
        match Analyzer::builder()
            .builtin(false)
            .language(language)
            .lexicon(lexicon)
            .build()
        {
            Ok(analyzer) => check_invariants(&text, &analyzer.analyze(&text)),
            Err(e) => assert_eq!(e.kind(), BuildErrorKind::Automaton, "{name}: {e}"),
        }
    }
}

/// Found by `lexicon_structured`: with heavy entries (weight up to the limit, 100) the
/// evidence passed the point where `1 - exp(-x)` rounds to 1.0 in `f32`, and relevance and
/// mode scores reached 1.0 although they are documented to lie in `[0, 1)`.
#[test]
fn scores_stay_below_one_however_strong_the_evidence() {
    let src = r#"
# Provenance: written for this regression test.
[lexicon]
name = "heavy"
version = "1"
language = "en"
licence = "CC0-1.0"
provenance = "regression test"

[[entry]]
id = "heavy_cue"
label = "Heavy cue"
category = "mode"
mode = "science_for_diplomacy"
strength = "explicit"
weight = 100.0
terms = [{ text = "joint laboratory", weight = 100.0 }, "science bridge"]

[[entry]]
id = "heavy_general"
label = "Heavy general cue"
category = "mode"
mode = "general"
strength = "explicit"
weight = 100.0
terms = ["science diplomacy"]

[[entry]]
id = "heavy_goal"
label = "Heavy goal"
category = "sdg"
goal = 6
weight = 100.0
terms = ["clean water"]
"#;
    let lexicon = Lexicon::from_toml_str(src, "heavy.toml").unwrap();
    for builtin in [false, true] {
        let analyzer = Analyzer::builder()
            .builtin(builtin)
            .lexicon(lexicon.clone())
            .build()
            .unwrap();
        let text =
            "Science diplomacy: a joint laboratory, a science bridge and clean water. ".repeat(50);
        let a = analyzer.analyze(&text);
        assert!(a.is_science_diplomacy());
        assert!((0.0..1.0).contains(&a.relevance()), "{}", a.relevance());
        for m in a.modes() {
            assert!((0.0..1.0).contains(&m.score), "{:?}: {}", m.mode, m.score);
        }
        for g in a.sdgs() {
            assert!(
                (0.0..1.0).contains(&g.score),
                "goal {}: {}",
                g.goal,
                g.score
            );
        }
        assert!(a.sdg(6).unwrap().label);
    }
}
