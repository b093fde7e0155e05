//! Every lexicon error names its kind, file, line and entry.

use scidip::{Analyzer, BuildErrorKind, Lexicon, LexiconErrorKind as K, limits};

const HEADER: &str = "[lexicon]
name = \"t\"
version = \"1\"
language = \"en\"
licence = \"CC0-1.0\"
provenance = \"test\"
";

/// The single error of `HEADER + body`, with its line.
fn error(body: &str) -> (K, Option<usize>, Option<String>, String) {
    let src = format!("{HEADER}{body}");
    let e = Lexicon::from_toml_str(&src, "t.toml").expect_err("the lexicon is invalid");
    assert_eq!(e.file(), Some("t.toml"));
    (
        e.kind(),
        e.line(),
        e.entry().map(str::to_string),
        e.to_string(),
    )
}

const ENTRY: &str = "
[[entry]]
id = \"x\"
label = \"X\"
category = \"topic\"
";

#[test]
fn malformed_toml() {
    let (kind, line, _, msg) = error("\n[[entry]]\nid = \"x\nlabel = \"X\"\n");
    assert_eq!(kind, K::Syntax);
    assert_eq!(line, Some(9));
    assert!(msg.starts_with("t.toml:9:"), "{msg}");
}

#[test]
fn unknown_keys_anywhere() {
    let (kind, line, entry, _) = error(&format!("{ENTRY}colour = \"red\"\n"));
    assert_eq!(
        (kind, line, entry.as_deref()),
        (K::UnknownKey, Some(12), Some("x"))
    );
    let (kind, line, ..) = error(&format!(
        "{ENTRY}terms = [{{ text = \"a\", colour = 1 }}]\n"
    ));
    assert_eq!((kind, line), (K::UnknownKey, Some(12)));
    let (kind, line, ..) = error("colour = 1\n");
    assert_eq!((kind, line), (K::UnknownKey, Some(7)));
    let src = HEADER.replace("licence", "license");
    let e = Lexicon::from_toml_str(&src, "t.toml").unwrap_err();
    assert_eq!(e.kind(), K::UnknownKey);
    assert_eq!(e.line(), Some(5));
    // A key of another category is unknown too.
    let (kind, ..) = error(&format!("{ENTRY}demonyms = [\"X\"]\n"));
    assert_eq!(kind, K::UnknownKey);
}

#[test]
fn duplicate_ids() {
    let (kind, line, entry, _) =
        error(&format!("{ENTRY}terms = [\"a\"]\n{ENTRY}terms = [\"b\"]\n"));
    assert_eq!(
        (kind, line, entry.as_deref()),
        (K::DuplicateId, Some(15), Some("x"))
    );
    // The same id in two categories is fine.
    let src = format!(
        "{HEADER}{ENTRY}terms = [\"a\"]\n{}terms = [\"b\"]\n",
        ENTRY.replace("topic", "other")
    );
    assert!(Lexicon::from_toml_str(&src, "t.toml").is_ok());
}

#[test]
fn empty_terms_and_terms_that_normalise_to_nothing() {
    let (kind, line, entry, _) = error(&format!("{ENTRY}terms = [\"a\",\n  \"\"]\n"));
    assert_eq!(
        (kind, line, entry.as_deref()),
        (K::EmptyTerm, Some(13), Some("x"))
    );
    let (kind, ..) = error(&format!("{ENTRY}terms = [\"   \"]\n"));
    assert_eq!(kind, K::EmptyTerm);
    let (kind, _, _, msg) = error(&format!("{ENTRY}terms = [\"!!! — ...\"]\n"));
    assert_eq!(kind, K::EmptyTerm);
    assert!(msg.contains("no word"), "{msg}");
}

#[test]
fn case_sensitive_terms_need_letters() {
    let (kind, line, ..) = error(&format!(
        "{ENTRY}terms = [{{ text = \"2030\", case = \"sensitive\" }}]\n"
    ));
    assert_eq!((kind, line), (K::CaseWithoutLetters, Some(12)));
    let org =
        "\n[[entry]]\nid = \"o\"\nlabel = \"O\"\ncategory = \"organisation\"\ntype = \"ngo\"\n";
    let (kind, ..) = error(&format!("{org}acronyms = [\"1969\"]\n"));
    assert_eq!(kind, K::CaseWithoutLetters);
}

#[test]
fn missing_and_invalid_values() {
    let e = Lexicon::from_toml_str("[lexicon]\nname = \"t\"\n", "t.toml").unwrap_err();
    assert_eq!(e.kind(), K::MissingKey);
    let (kind, ..) = error("\n[[entry]]\nid = \"x\"\ncategory = \"topic\"\n");
    assert_eq!(kind, K::MissingKey); // label
    let (kind, ..) = error(&format!("{ENTRY}weight = -1.0\n"));
    assert_eq!(kind, K::InvalidValue);
    let (kind, ..) = error(&format!("{ENTRY}terms = \"not an array\"\n"));
    assert_eq!(kind, K::InvalidValue);
    let (kind, ..) =
        error("\n[[entry]]\nid = \"has space\"\nlabel = \"X\"\ncategory = \"topic\"\n");
    assert_eq!(kind, K::InvalidValue);
    let (kind, ..) = error("\n[[entry]]\nid = \"x\"\nlabel = \"X\"\ncategory = \"Topic!\"\n");
    assert_eq!(kind, K::InvalidValue);
    let country = "\n[[entry]]\nid = \"Pak\"\nlabel = \"P\"\ncategory = \"country\"\n";
    let (kind, ..) = error(country);
    assert_eq!(kind, K::InvalidValue);
    let org = "\n[[entry]]\nid = \"o\"\nlabel = \"O\"\ncategory = \"organisation\"\n";
    let (kind, _, _, msg) = error(&format!("{org}type = \"club\"\n"));
    assert_eq!(kind, K::InvalidValue);
    assert!(
        msg.contains("research_infrastructure"),
        "lists the valid types: {msg}"
    );
    let (kind, ..) = error(org);
    assert_eq!(kind, K::MissingKey); // type
    let mode =
        "\n[[entry]]\nid = \"m\"\nlabel = \"M\"\ncategory = \"mode\"\nstrength = \"strong\"\n";
    let (kind, ..) = error(&format!("{mode}mode = \"science_of_diplomacy\"\n"));
    assert_eq!(kind, K::InvalidValue);
}

#[test]
fn sdg_targets_are_checked() {
    let sdg = "\n[[entry]]\nid = \"sdg4\"\nlabel = \"Education\"\ncategory = \"sdg\"\ngoal = 4\n\
               targets = { \"4.1\" = \"schooling\", \"4.6\" = \"literacy\" }\n";
    assert!(
        Lexicon::from_toml_str(
            &format!("{HEADER}{sdg}terms = [{{ text = \"literacy\", target = \"4.6\" }}]\n"),
            "t.toml"
        )
        .is_ok()
    );
    let (kind, line, ..) = error(&format!(
        "{sdg}terms = [{{ text = \"x\", target = \"4.7\" }}]\n"
    ));
    assert_eq!((kind, line), (K::UnknownTarget, Some(14)));
    let (kind, ..) = error(&format!(
        "{sdg}terms = [{{ text = \"x\", target = \"5.1\" }}]\n"
    ));
    assert_eq!(kind, K::UnknownTarget);
    let bad = sdg.replace("\"4.1\"", "\"5.1\"");
    let (kind, ..) = error(&bad);
    assert_eq!(kind, K::InvalidValue);
    let (kind, ..) = error(&format!(
        "{ENTRY}terms = [{{ text = \"x\", target = \"4.1\" }}]\n"
    ));
    assert_eq!(kind, K::InvalidValue); // targets only on SDG terms
}

#[test]
fn every_error_is_reported_by_validate() {
    let src =
        format!("{HEADER}{ENTRY}terms = [\"\", \"!!!\"]\ncolour = 1\n{ENTRY}terms = [\"ok\"]\n");
    let errors = Lexicon::validate_toml_str(&src, "t.toml");
    let kinds: Vec<K> = errors.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [K::UnknownKey, K::EmptyTerm, K::EmptyTerm, K::DuplicateId]
    );
    let lines: Vec<_> = errors.iter().map(|e| e.line().unwrap()).collect();
    assert_eq!(lines, [13, 12, 12, 16]);
}

#[test]
fn invalid_utf8_and_io() {
    let mut bytes = format!("{HEADER}{ENTRY}terms = [\"caf").into_bytes();
    bytes.extend_from_slice(b"\xe9\"]\n");
    let e = Lexicon::from_bytes(&bytes, "latin1.toml").unwrap_err();
    assert_eq!(e.kind(), K::InvalidUtf8);
    assert_eq!(e.line(), Some(12));
    let e = Lexicon::from_path("/definitely/not/here.toml").unwrap_err();
    assert_eq!(e.kind(), K::Io);
    assert!(e.to_string().contains("here.toml"));
}

#[test]
fn limits_hold() {
    let long = "word ".repeat(limits::MAX_TERM_BYTES);
    let (kind, ..) = error(&format!("{ENTRY}terms = [\"{long}\"]\n"));
    assert_eq!(kind, K::Limit);
    let many = "w ".repeat(limits::MAX_TERM_WORDS + 1);
    let (kind, ..) = error(&format!("{ENTRY}terms = [\"{many}\"]\n"));
    assert_eq!(kind, K::Limit);
    let huge = "x".repeat(100_000);
    let (kind, ..) = error(&format!("{ENTRY}terms = [\"{huge}\"]\n"));
    assert_eq!(kind, K::Limit);
}

#[test]
fn build_reports_lexicon_errors_as_lexicon_kind() {
    let e = Lexicon::from_toml_str("x = ", "x.toml").unwrap_err();
    let b = scidip::BuildError::from(e.clone());
    assert_eq!(b.kind(), BuildErrorKind::Lexicon);
    assert_eq!(b.lexicon_error(), Some(&e));
    assert!(std::error::Error::source(&b).is_some());
    // A valid lexicon builds.
    assert!(
        Analyzer::builder()
            .lexicon(
                Lexicon::from_toml_str(&format!("{HEADER}{ENTRY}terms = [\"x\"]\n"), "t").unwrap()
            )
            .build()
            .is_ok()
    );
}
