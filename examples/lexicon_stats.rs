//! Sizes of the lexicons, and the phrases that mention more than one entry.
//!
//! ```text
//! cargo run --example lexicon_stats                       # the built-in lexicons
//! cargo run --example lexicon_stats -- my.toml            # built-ins plus a lexicon of yours
//! cargo run --example lexicon_stats -- --no-builtin my.toml
//! ```
//!
//! A lexicon file given here is validated in full first: every problem is listed with its file,
//! line and entry, not only the first. A phrase is *shared* when analysing the phrase itself
//! finds it as a mention of another entry too (after normalisation and stemming), which is how
//! a curator finds accidental overlaps such as a country demonym that is also part of an
//! organisation's acronym list.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;

use clap::Parser;
use scidip::{Analyzer, Lexicon, Overlap};

/// Print the size of each lexicon and every phrase that two entries share; validate lexicon
/// files given as arguments.
#[derive(Parser, Debug)]
#[command(name = "lexicon_stats")]
struct Args {
    /// Lexicon files (TOML) to validate and include.
    files: Vec<PathBuf>,
    /// Leave the built-in lexicons out.
    #[arg(long)]
    no_builtin: bool,
    /// Print at most this many shared phrases (0 for all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();

    // 1. Validate the given files in full.
    let mut lexicons = Vec::new();
    let mut invalid = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let errors = Lexicon::validate_toml_str(&src, &name);
        if errors.is_empty() {
            lexicons.push(Lexicon::from_toml_str(&src, &name)?);
        } else {
            invalid += 1;
            for e in &errors {
                println!("error: {e}");
            }
        }
    }
    if invalid > 0 {
        return Err(format!("{invalid} lexicon file(s) have errors").into());
    }

    // 2. Combine them as an analyzer would, with every overlapping match reported.
    let mut builder = Analyzer::builder()
        .builtin(!args.no_builtin)
        .overlap(Overlap::All);
    for l in lexicons {
        builder = builder.lexicon(l);
    }
    let analyzer = builder.build()?;

    // 3. Sizes per lexicon file and per category.
    println!(
        "{:<28} {:>8} {:>8}  source",
        "lexicon", "version", "entries"
    );
    for info in analyzer.lexicons() {
        let n = analyzer
            .entries()
            .iter()
            .filter(|e| Some(e.category.as_str()) == info.category.as_deref())
            .count();
        println!(
            "{:<28} {:>8} {:>8}  {}",
            info.name,
            info.version,
            if info.category.is_some() {
                n.to_string()
            } else {
                "-".into()
            },
            info.source.as_deref().unwrap_or("")
        );
    }
    let mut per_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in analyzer.entries() {
        let c = per_category.entry(e.category.as_str()).or_default();
        c.0 += 1;
        c.1 += e.terms.len();
    }
    println!("\n{:<16} {:>8} {:>8}", "category", "entries", "terms");
    for (cat, (entries, terms)) in &per_category {
        println!("{cat:<16} {entries:>8} {terms:>8}");
    }
    println!(
        "{:<16} {:>8} {:>8}  ({} automaton patterns, about {} KiB)",
        "total",
        analyzer.entry_count(),
        analyzer.term_count(),
        analyzer.pattern_count(),
        analyzer.memory_usage() / 1024
    );

    // 4. Shared phrases: a term whose own text is, in full, a mention of another entry.
    let mut shared: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, entry) in analyzer.entries().iter().enumerate() {
        for term in &entry.terms {
            let a = analyzer.analyze(&term.text);
            let whole = |m: &&scidip::Mention| m.span.start == 0 && m.span.end == term.text.len();
            let others: Vec<String> = a
                .mentions()
                .iter()
                .filter(whole)
                .filter(|m| m.entry.index() != i)
                .map(|m| format!("{}:{}", a.entry(m).category, a.entry(m).id))
                .collect();
            if !others.is_empty() {
                let key = term.text.clone();
                let list = shared.entry(key).or_default();
                let me = format!("{}:{}", entry.category, entry.id);
                for id in std::iter::once(me).chain(others) {
                    if !list.contains(&id) {
                        list.push(id);
                    }
                }
            }
        }
    }
    println!(
        "\nphrases that mention more than one entry: {}",
        shared.len()
    );
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    for (phrase, ids) in shared.iter().take(limit) {
        println!("  {phrase:<40} {}", ids.join(", "));
    }
    Ok(())
}
