//! scidip's integration tests, built into one test binary.

mod accuracy;
mod api;
mod cases;
/// The examples' shared code (`examples/common`), compiled into the tests from its source.
#[allow(dead_code, unused_imports)]
#[path = "../../examples/common/mod.rs"]
mod common;
mod concurrency;
mod examples;
mod explain;
mod hostile;
mod image;
mod lexicon_errors;
mod lexicons;
mod properties;
mod regressions;
mod rules;
mod text;

use std::sync::OnceLock;

use scidip::{Analysis, Analyzer};

/// The default analyzer, built once for all tests.
pub fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| {
        Analyzer::builder()
            .build()
            .expect("the built-in lexicons build")
    })
}

/// `category:id` of every mention with its text, for readable assertions.
pub fn found(text: &str) -> Vec<(String, String)> {
    let a = analyzer().analyze(text);
    a.mentions()
        .iter()
        .map(|m| {
            (
                format!("{}:{}", a.category_name(m.category), a.entry(m).id),
                text[m.span].to_string(),
            )
        })
        .collect()
}

/// Whether `text` mentions `category:id`.
pub fn mentions(text: &str, key: &str) -> bool {
    found(text).iter().any(|(k, _)| k == key)
}

/// The entry ids of an analysis's mentions, in text order.
pub fn entry_ids(a: &Analysis) -> Vec<&str> {
    a.mentions()
        .iter()
        .map(|m| a.entry(m).id.as_str())
        .collect()
}
