//! Measure scidip's accuracy on labelled data: accuracy, precision, recall and F1 per label and
//! overall.
//!
//! ```text
//! cargo run --release --example evaluate                 # both sets, summary tables
//! cargo run --release --example evaluate -- --errors     # also list every wrong decision
//! cargo run --release --example evaluate -- --sdg FILE --passages FILE
//! cargo run --release --example evaluate -- --half odd   # only odd-numbered lines (held-out check)
//! cargo run --release --example evaluate -- --threshold mode=0.4   # try another threshold
//! ```
//!
//! Two sets are read:
//!
//! - **SDG relevance** (`../shared/eval/sdg_dev.jsonl` by default): one snippet a line, with an
//!   `sdg` (1–17) and a human `label` saying whether the snippet is relevant to that SDG. The
//!   prediction is that SDG's label in scidip's analysis. Each row is one binary decision, so
//!   accuracy counts both the relevant and the not-relevant rows.
//! - **The scidip development set** (`data/eval/passages.jsonl`, labelled by the guideline in
//!   `data/eval/GUIDELINE.md`): relevance to science diplomacy, the three modes, the 17 SDGs,
//!   organisations and countries. Organisations are labelled by their canonical name and
//!   resolved here to lexicon entries by the entry's label or any of its terms (case-insensitive);
//!   a name no entry has counts as missed.
//!
//! A missing file is reported and skipped.

#[allow(dead_code)]
mod common;

use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

use common::metrics::{Counts, ids, set_counts, strings};
use scidip::{Analyzer, Category, Mode, ScoringConfig};
use serde_json::Value;

fn header(title: &str) {
    println!("\n{title}");
    println!(
        "{:<26} {:>4} {:>4} {:>4} {:>4}   {:>7} {:>6} {:>6} {:>6}",
        "label", "TP", "FP", "FN", "TN", "acc", "P", "R", "F1"
    );
}

struct Options {
    sdg: PathBuf,
    passages: PathBuf,
    errors: bool,
    half: Option<usize>,
    scoring: ScoringConfig,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut o = Options {
        sdg: root.join("../shared/eval/sdg_dev.jsonl"),
        passages: root.join("data/eval/passages.jsonl"),
        errors: false,
        half: None,
        scoring: ScoringConfig::default(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--errors" => o.errors = true,
            "--sdg" => o.sdg = args.next().ok_or("--sdg needs a file")?.into(),
            "--passages" => o.passages = args.next().ok_or("--passages needs a file")?.into(),
            "--half" => {
                o.half = match args.next().as_deref() {
                    Some("odd") => Some(1),
                    Some("even") => Some(0),
                    _ => return Err("--half takes `odd` or `even`".into()),
                }
            }
            "--threshold" => {
                let arg = args.next().ok_or("--threshold needs NAME=VALUE")?;
                let (name, value) = arg.split_once('=').ok_or("--threshold needs NAME=VALUE")?;
                let value: f32 = value.parse()?;
                let s = &mut o.scoring;
                *match name {
                    "mode" => &mut s.mode_threshold,
                    "relevance" => &mut s.relevance_threshold,
                    "sdg" => &mut s.sdg_threshold,
                    _ => return Err("--threshold takes mode=, relevance= or sdg=".into()),
                } = value;
            }
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    Ok(o)
}

/// The JSON objects of a JSON Lines file, each with its 1-based line number; `None` when the
/// file does not exist.
fn read_jsonl(path: &Path, half: Option<usize>) -> Result<Option<Vec<Value>>, Box<dyn Error>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display()).into()),
    };
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || half.is_some_and(|h| (i + 1) % 2 != h) {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        rows.push(v);
    }
    Ok(Some(rows))
}

fn text_of(row: &Value) -> &str {
    row["text"].as_str().unwrap_or_default()
}

fn id_of(row: &Value) -> &str {
    row["id"].as_str().unwrap_or("?")
}

fn snippet(text: &str) -> String {
    let t: String = text.chars().take(110).collect();
    t.replace('\n', " ")
}

fn evaluate_sdg(analyzer: &Analyzer, rows: &[Value], errors: bool) {
    let mut per_goal = [Counts::default(); 17];
    for row in rows {
        let (Some(goal), Some(truth)) = (row["sdg"].as_u64(), row["label"].as_bool()) else {
            continue;
        };
        let Some(g) = u8::try_from(goal).ok().filter(|g| (1..=17).contains(g)) else {
            continue;
        };
        let a = analyzer.analyze(text_of(row));
        let predicted = a.sdg(g).is_some_and(|s| s.label);
        per_goal[usize::from(g - 1)].add(predicted, truth);
        if errors && predicted != truth {
            let s = a.sdg(g).map_or(0.0, |s| s.score);
            let kind = if predicted { "FP" } else { "FN" };
            println!(
                "{kind} sdg{g:<2} {:.2} {} {}",
                s,
                id_of(row),
                snippet(text_of(row))
            );
        }
    }
    header(&format!(
        "SDG relevance ({} snippets; predicted relevant = that SDG's label is on)",
        rows.len()
    ));
    let mut all = Counts::default();
    for (i, c) in per_goal.iter().enumerate() {
        println!("{}", c.row(&format!("SDG {}", i + 1)));
        all.merge(*c);
    }
    println!("{}", all.row("overall (micro)"));
}

/// Every organisation entry's names (label and terms), lower-cased, for resolving the labels of
/// the development set.
fn resolve_org(analyzer: &Analyzer, name: &str) -> String {
    let lower = name.to_lowercase();
    for (i, e) in analyzer.entries().iter().enumerate() {
        if e.category != "organisation" {
            continue;
        }
        if e.label.to_lowercase() == lower || e.terms.iter().any(|t| t.text.to_lowercase() == lower)
        {
            return analyzer.entries()[i].id.clone();
        }
    }
    format!("?{name}")
}

fn evaluate_passages(analyzer: &Analyzer, rows: &[Value], errors: bool) {
    let mut relevance = Counts::default();
    let mut modes = [Counts::default(); 3];
    let mut sdgs = [Counts::default(); 17];
    let (mut orgs, mut countries) = (Counts::default(), Counts::default());
    let (mut orgs_exact, mut countries_exact) = (0u32, 0u32);
    for row in rows {
        let a = analyzer.analyze(text_of(row));
        let id = id_of(row);
        let truth = row["relevant"].as_bool().unwrap_or(false);
        relevance.add(a.is_science_diplomacy(), truth);
        if errors && a.is_science_diplomacy() != truth {
            println!(
                "{} relevance {:.2} {id} {}",
                if truth { "FN" } else { "FP" },
                a.relevance(),
                snippet(text_of(row))
            );
        }
        let true_modes = strings(&row["modes"]);
        for mode in Mode::ALL {
            let t = true_modes.contains(mode.name());
            let p = a.mode(mode).label;
            modes[mode.index()].add(p, t);
            if errors && p != t {
                println!(
                    "{} {} {:.2} {id} {}",
                    if t { "FN" } else { "FP" },
                    mode.name(),
                    a.mode(mode).score,
                    snippet(text_of(row))
                );
            }
        }
        let true_sdgs = strings(&row["sdgs"]);
        for g in 1..=17u8 {
            let t = true_sdgs.contains(&g.to_string());
            let p = a.sdg(g).is_some_and(|s| s.label);
            sdgs[usize::from(g - 1)].add(p, t);
        }
        let true_orgs: BTreeSet<String> = strings(&row["organisations"])
            .iter()
            .map(|n| resolve_org(analyzer, n))
            .collect();
        let found_orgs = ids(&a, Category::ORGANISATION);
        let c = set_counts(&found_orgs, &true_orgs);
        orgs_exact += u32::from(c.fp == 0 && c.fn_ == 0);
        orgs.merge(c);
        if errors && (c.fp > 0 || c.fn_ > 0) {
            let fp: Vec<_> = found_orgs.difference(&true_orgs).collect();
            let fn_: Vec<_> = true_orgs.difference(&found_orgs).collect();
            println!("ORG {id} extra {fp:?} missed {fn_:?}");
        }
        let true_countries = strings(&row["countries"]);
        let found_countries = ids(&a, Category::COUNTRY);
        let c = set_counts(&found_countries, &true_countries);
        countries_exact += u32::from(c.fp == 0 && c.fn_ == 0);
        countries.merge(c);
        if errors && (c.fp > 0 || c.fn_ > 0) {
            let fp: Vec<_> = found_countries.difference(&true_countries).collect();
            let fn_: Vec<_> = true_countries.difference(&found_countries).collect();
            println!("COUNTRY {id} extra {fp:?} missed {fn_:?}");
        }
    }
    let n = rows.len();
    header(&format!("Science diplomacy development set ({n} passages)"));
    println!("{}", relevance.row("relevance"));
    let mut all_modes = Counts::default();
    for mode in Mode::ALL {
        println!("{}", modes[mode.index()].row(mode.name()));
        all_modes.merge(modes[mode.index()]);
    }
    println!("{}", all_modes.row("modes (micro)"));
    let mut all_sdgs = Counts::default();
    for c in &sdgs {
        all_sdgs.merge(*c);
    }
    println!("{}", all_sdgs.row("SDGs (micro)"));
    header("Entities (micro over passage × entity pairs; accuracy = passages with the exact set)");
    let pct = |k: u32| 100.0 * f64::from(k) / n.max(1) as f64;
    let line = |name: &str, c: Counts, exact: u32| {
        println!(
            "{name:<26} {:>4} {:>4} {:>4} {:>4}   {:>6.1}% {:>6.3} {:>6.3} {:>6.3}",
            c.tp,
            c.fp,
            c.fn_,
            "-",
            pct(exact),
            c.precision(),
            c.recall(),
            c.f1()
        );
    };
    line("organisations", orgs, orgs_exact);
    line("countries", countries, countries_exact);
}

fn main() -> Result<(), Box<dyn Error>> {
    let o = options()?;
    let analyzer = Analyzer::builder().scoring(o.scoring.clone()).build()?;
    match read_jsonl(&o.sdg, o.half)? {
        Some(rows) => evaluate_sdg(&analyzer, &rows, o.errors),
        None => eprintln!("{}: not found, SDG evaluation skipped", o.sdg.display()),
    }
    match read_jsonl(&o.passages, o.half)? {
        Some(rows) => evaluate_passages(&analyzer, &rows, o.errors),
        None => eprintln!(
            "{}: not found, passage evaluation skipped",
            o.passages.display()
        ),
    }
    Ok(())
}
