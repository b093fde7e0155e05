//! Data-driven cases: every `tests/cases/*.toml` file, so that a lexicon curator can add cases
//! without writing Rust.
//!
//! ```toml
//! [[case]]
//! name = "unique-name"
//! text = "A sentence."          # or: file = "data/samples/02_mou_news.txt"
//! present = ["country:PAK", { entry = "organisation:icesco", text = "ISESCO" }]  # text: the
//!                                                   # matched text, whitespace collapsed
//! absent = ["country:TUR", "mode"]   # a bare category: no mention of it at all
//! ```
//!
//! A `present` table may also give `country`: the ISO alpha-3 id of the country resolved for a
//! generic organisation mention (`Mention::country`), or `"none"` when none must be resolved:
//! `{ entry = "organisation:ministry.foreign_affairs", country = "PAK" }`. `text` is then
//! optional.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: Option<String>,
    file: Option<String>,
    #[serde(default)]
    present: Vec<Expected>,
    #[serde(default)]
    absent: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Expected {
    Entry(String),
    WithText {
        entry: String,
        text: Option<String>,
        country: Option<String>,
    },
}

/// Loads every case file; case names must be unique across files.
fn load() -> Vec<(PathBuf, Case)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/cases"))
        .expect("tests/cases exists")
        .map(|e| e.expect("readable directory").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for path in files {
        let src = std::fs::read_to_string(&path).expect("readable case file");
        let parsed: CaseFile =
            toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in parsed.case {
            assert!(
                names.insert(case.name.clone()),
                "{}: duplicate case name `{}`",
                path.display(),
                case.name
            );
            assert!(
                case.text.is_some() != case.file.is_some(),
                "{}: case `{}` needs exactly one of `text` and `file`",
                path.display(),
                case.name
            );
            out.push((path.clone(), case));
        }
    }
    out
}

/// Texts compare with runs of whitespace collapsed, so a case need not reproduce line breaks.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

#[test]
fn every_case_holds() {
    let cases = load();
    assert!(cases.len() >= 100, "only {} cases found", cases.len());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for (path, case) in &cases {
        let text = match (&case.text, &case.file) {
            (Some(t), _) => t.clone(),
            (None, Some(f)) => std::fs::read_to_string(root.join(f)).expect("case file exists"),
            (None, None) => unreachable!(),
        };
        let found = super::found(&text);
        let analysis = super::analyzer().analyze(&text);
        // (key, text, resolved country id or "none") of every mention.
        let resolved: Vec<(String, String, String)> = analysis
            .mentions()
            .iter()
            .map(|m| {
                (
                    format!(
                        "{}:{}",
                        analysis.category_name(m.category),
                        analysis.entry(m).id
                    ),
                    text.as_str()[m.span].to_string(),
                    m.country.map_or_else(
                        || "none".to_string(),
                        |c| analysis.entry_by_id(c).id.clone(),
                    ),
                )
            })
            .collect();
        let file = path.file_name().unwrap().to_string_lossy();
        for expected in &case.present {
            let ok = match expected {
                Expected::Entry(key) => found.iter().any(|(k, _)| k == key),
                Expected::WithText {
                    entry,
                    text,
                    country,
                } => resolved.iter().any(|(k, t, c)| {
                    k == entry
                        && text.as_ref().is_none_or(|text| same_words(t, text))
                        && country.as_ref().is_none_or(|country| c == country)
                }),
            };
            if !ok {
                let what = match expected {
                    Expected::Entry(k) => k.clone(),
                    Expected::WithText {
                        entry,
                        text,
                        country,
                    } => format!("{entry} = {text:?} (country {country:?})"),
                };
                failures.push(format!(
                    "{file} `{}`: missing {what}; found {resolved:?}",
                    case.name
                ));
            }
        }
        for key in &case.absent {
            let hit = if key.contains(':') {
                found.iter().find(|(k, _)| k == key)
            } else {
                found
                    .iter()
                    .find(|(k, _)| k.split(':').next() == Some(key.as_str()))
            };
            if let Some((k, t)) = hit {
                failures.push(format!("{file} `{}`: unexpected {k} = {t:?}", case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
