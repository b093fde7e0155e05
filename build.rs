//! Writes the built-in lexicons (`data/lexicons/*.toml`) as a compact image that the crate
//! embeds, so that a process building its first analyzer neither parses TOML nor reads, folds
//! and stems the terms (see `src/lexicon/image.rs`).
//!
//! The image is made by the crate's own code: its modules are compiled into this script (the
//! `#[path]` modules below, the same files as `src/lib.rs` declares), which loads the TOML
//! files exactly as the crate would without an image. The TOML files stay the only source:
//! the image is remade whenever one of them changes.

#![allow(dead_code, unused_imports, unexpected_cfgs)]

#[path = "src/analysis.rs"]
mod analysis;
#[path = "src/analyzer.rs"]
mod analyzer;
#[path = "src/error.rs"]
mod error;
#[path = "src/lexicon/mod.rs"]
mod lexicon;
#[path = "src/matcher/mod.rs"]
mod matcher;
#[path = "src/resolve.rs"]
mod resolve;
#[path = "src/rules.rs"]
mod rules;
#[path = "src/score.rs"]
mod score;
#[path = "src/span.rs"]
mod span;
#[path = "src/text/mod.rs"]
mod text;

// The paths the modules name through the crate root, as in `src/lib.rs`.
pub use analysis::{Analysis, EntryCount, Mention};
pub use analyzer::{Analyzer, AnalyzerBuilder, Overlap};
pub use error::{BuildError, BuildErrorKind, LexiconError, LexiconErrorKind};
pub use lexicon::limits;
pub use lexicon::{
    Case, Category, Country, CountryStatus, CueStrength, Entry, EntryData, EntryId, Lexicon,
    LexiconInfo, Matching, Mode, ModeCue, Organisation, OrganisationType, ParseTargetError,
    SdgGoal, Target, Term, TermId, TermRole,
};
pub use rules::{Effect, Rule, Scope, Selector};
pub use score::{CorpusStats, Explanation, ModeScore, ScoreKind, Scores, ScoringConfig, SdgScore};
pub use span::Span;
pub use text::Language;

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    // The script is rebuilt, and so run again, when a source file it compiles changes; the
    // TOML files it reads are watched here (the whole directory: a new file counts too).
    println!("cargo::rerun-if-changed=data/lexicons");
    println!("cargo::rustc-check-cfg=cfg(scidip_image)");
    println!("cargo::rustc-cfg=scidip_image");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("builtin.img"), image()).expect("OUT_DIR is writable");
}

/// The image, made by the crate's loader (`src/lexicon/builtin.rs`).
#[cfg(feature = "builtin")]
fn image() -> Vec<u8> {
    lexicon::write_image()
}

/// Without the `builtin` feature there is nothing to embed.
#[cfg(not(feature = "builtin"))]
fn image() -> Vec<u8> {
    Vec::new()
}
