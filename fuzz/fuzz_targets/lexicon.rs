//! Arbitrary bytes as a lexicon file. Loading and validating must never panic, the two entry
//! points must agree, and a lexicon that loads must build an analyzer (or fail with an error)
//! that analyses text made of its own terms without breaking an invariant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scidip::{Analyzer, BuildErrorKind, Language, Lexicon, LexiconErrorKind};

#[path = "common/mod.rs"]
mod common;

const FIXED: &str = "Pakistan’s Ministry of Foreign Affairs and ICESCO agreed on scholarships, \
                     CERN membership and a science diplomacy dialogue. WHO, who? MoUs.\n\nÉtat.";

fuzz_target!(|data: &[u8]| {
    let loaded = Lexicon::from_bytes(data, "fuzz.toml");
    let Ok(src) = std::str::from_utf8(data) else {
        let err = loaded.expect_err("invalid UTF-8 is rejected");
        assert_eq!(err.kind(), LexiconErrorKind::InvalidUtf8);
        return;
    };
    let errors = Lexicon::validate_toml_str(src, "fuzz.toml");
    let lines = src.split('\n').count();
    for e in &errors {
        assert!(
            e.line().is_none_or(|l| l >= 1 && l <= lines),
            "bad line in {e}"
        );
        assert!(!e.to_string().is_empty());
    }
    let lexicon = match loaded {
        Ok(lexicon) => {
            assert!(errors.is_empty(), "loads, yet validate reports {errors:?}");
            lexicon
        }
        Err(e) => {
            assert_eq!(errors.first(), Some(&e), "from_bytes and validate disagree");
            return;
        }
    };
    let language = Language::from_code(&lexicon.info().language).unwrap_or(Language::Unstemmed);
    let mut text = String::from(FIXED);
    for entry in lexicon.entries().iter().take(200) {
        for term in entry.terms.iter().take(20) {
            text.push(' ');
            text.push_str(&term.text);
            text.push_str(if text.len() % 3 == 0 { "." } else { "," });
        }
    }
    // One valid lexicon in its own language (or unstemmed) builds, unless it is too big
    // for the automaton.
    let analyzer = match Analyzer::builder()
        .builtin(false)
        .language(language)
        .lexicon(lexicon)
        .build()
    {
        Ok(analyzer) => analyzer,
        Err(e) if e.kind() == BuildErrorKind::Automaton => return,
        Err(e) => panic!("a valid lexicon does not build: {e}"),
    };
    let _ = common::analyse_and_check(&analyzer, &text);
});
