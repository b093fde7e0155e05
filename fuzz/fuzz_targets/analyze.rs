//! Arbitrary bytes, read as UTF-8 (invalid sequences replaced), analysed by the default
//! analyzer; every invariant of the analysis is checked.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use scidip::Analyzer;

#[path = "common/mod.rs"]
mod common;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| {
        Analyzer::builder()
            .build()
            .expect("the built-in lexicons build")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = common::analyse_and_check(analyzer(), &text);
});
