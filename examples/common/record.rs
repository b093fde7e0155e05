//! The records of one document: the JSON Lines contract of the README, a CSV row, and the
//! readable text report.

use std::io::{self, Write};

use scidip::{Analysis, Category, EntryCount, EntryData, EntryId, Mode};
use serde_json::{Map, Value, json};

use super::input::Document;

/// Scores are written with three decimals.
pub fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The JSON Lines record of a document (the README's contract): the results, or `error`.
pub fn json_record(doc: &Document, analysis: Option<&Analysis>) -> Value {
    let mut record = Map::new();
    record.insert("id".into(), json!(doc.id));
    for (k, v) in &doc.extra {
        record.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let (text, a) = match (&doc.text, analysis) {
        (Ok(text), Some(a)) => (text.as_str(), a),
        (Err(e), _) => {
            record.insert("error".into(), json!(e.message));
            return Value::Object(record);
        }
        (Ok(_), None) => {
            record.insert("error".into(), json!("not analysed"));
            return Value::Object(record);
        }
    };
    let modes: Map<String, Value> = a
        .modes()
        .iter()
        .map(|m| {
            (
                m.mode.name().to_string(),
                json!({"score": round(m.score), "label": m.label}),
            )
        })
        .collect();
    let sdgs: Vec<Value> = a
        .sdgs()
        .iter()
        .map(|g| {
            let targets: Vec<String> = g.targets.iter().map(ToString::to_string).collect();
            json!({"goal": g.goal, "score": round(g.score), "label": g.label, "targets": targets})
        })
        .collect();
    let entities = |counts: Vec<EntryCount>| -> Vec<Value> {
        counts
            .iter()
            .map(|c| {
                let e = a.entry_by_id(c.entry);
                json!({"id": e.id, "name": e.label, "count": c.count})
            })
            .collect()
    };
    let mentions: Vec<Value> = a
        .mentions()
        .iter()
        .map(|m| {
            json!({
                "start": m.span.start,
                "end": m.span.end,
                "text": &text[m.span],
                "entry": a.entry(m).id,
                "category": a.category_name(m.category),
                "country": m.country.map(|c| a.entry_by_id(c).id.as_str()),
            })
        })
        .collect();
    record.insert("relevance".into(), json!(round(a.relevance())));
    record.insert("science_diplomacy".into(), json!(a.is_science_diplomacy()));
    record.insert("modes".into(), Value::Object(modes));
    record.insert("sdgs".into(), Value::Array(sdgs));
    record.insert(
        "organisations".into(),
        Value::Array(entities(a.organisations())),
    );
    record.insert("countries".into(), Value::Array(entities(a.countries())));
    record.insert("mentions".into(), Value::Array(mentions));
    Value::Object(record)
}

/// The header of the CSV output.
pub fn csv_header() -> Vec<String> {
    let mut h: Vec<String> = vec!["id".into(), "relevance".into(), "science_diplomacy".into()];
    for mode in Mode::ALL {
        h.push(mode.name().to_string());
        h.push(format!("{}_label", mode.name()));
    }
    for goal in 1..=17 {
        h.push(format!("sdg{goal}"));
    }
    h.push("sdgs_labelled".into());
    h.push("organisations".into());
    h.push("countries".into());
    h.push("error".into());
    h
}

/// The CSV row of a document, in the order of [`csv_header`]. Organisations and countries are
/// their ids, most mentioned first, at most `top` of each (all when `top` is 0).
pub fn csv_row(doc: &Document, analysis: Option<&Analysis>, top: usize) -> Vec<String> {
    let width = csv_header().len();
    let mut row = vec![doc.id.clone()];
    let a = match (&doc.text, analysis) {
        (Ok(_), Some(a)) => a,
        (result, _) => {
            row.resize(width - 1, String::new());
            row.push(match result {
                Err(e) => e.message.clone(),
                Ok(_) => "not analysed".into(),
            });
            return row;
        }
    };
    let score = |x: f32| format!("{:.3}", round(x));
    row.push(score(a.relevance()));
    row.push(a.is_science_diplomacy().to_string());
    for m in a.modes() {
        row.push(score(m.score));
        row.push(m.label.to_string());
    }
    for g in a.sdgs() {
        row.push(score(g.score));
    }
    let labelled: Vec<String> = a
        .sdgs()
        .iter()
        .filter(|g| g.label)
        .map(|g| g.goal.to_string())
        .collect();
    row.push(labelled.join(";"));
    for counts in [a.organisations(), a.countries()] {
        let n = if top == 0 { counts.len() } else { top };
        let ids: Vec<&str> = counts
            .iter()
            .take(n)
            .map(|c| a.entry_by_id(c.entry).id.as_str())
            .collect();
        row.push(ids.join(";"));
    }
    row.push(String::new());
    row
}

/// The readable report of one document.
///
/// # Errors
///
/// When writing fails.
pub fn write_report(out: &mut impl Write, doc: &Document, a: Option<&Analysis>) -> io::Result<()> {
    let id = &doc.id;
    let (text, a) = match (&doc.text, a) {
        (Ok(text), Some(a)) => (text.as_str(), a),
        (Err(e), _) => return writeln!(out, "== {id}\nerror: {}\n", e.message),
        (Ok(_), None) => return writeln!(out, "== {id}\nerror: not analysed\n"),
    };
    writeln!(
        out,
        "== {id} ({} words, {} sentences)",
        a.word_count(),
        a.sentences().len()
    )?;
    writeln!(
        out,
        "relevance {:.2}  science diplomacy: {}",
        a.relevance(),
        if a.is_science_diplomacy() {
            "yes"
        } else {
            "no"
        }
    )?;
    writeln!(out, "modes:")?;
    for m in a.modes() {
        let evidence = quotes(
            a,
            text,
            |a, e| matches!(&a.entry_by_id(e).data, EntryData::Mode(c) if c.modes.contains(&m.mode)),
        );
        writeln!(
            out,
            "  {:<22} {:.2} {:<3}  {}",
            m.mode.label(),
            m.score,
            if m.label { "yes" } else { "no" },
            evidence
        )?;
    }
    let general = quotes(
        a,
        text,
        |a, e| matches!(&a.entry_by_id(e).data, EntryData::Mode(c) if c.modes.is_empty()),
    );
    if !general.is_empty() {
        writeln!(out, "  {:<22}            {general}", "(general)")?;
    }
    let mut sdgs: Vec<_> = a.sdgs().iter().filter(|g| g.evidence > 0.0).collect();
    sdgs.sort_by(|x, y| y.score.total_cmp(&x.score));
    writeln!(out, "SDGs:")?;
    for g in sdgs {
        let evidence = quotes(
            a,
            text,
            |a, e| matches!(&a.entry_by_id(e).data, EntryData::Sdg(s) if s.goal == g.goal),
        );
        let targets: Vec<String> = g.targets.iter().map(ToString::to_string).collect();
        writeln!(
            out,
            "  {:>2} {:.2} {:<3} {}{}",
            g.goal,
            g.score,
            if g.label { "yes" } else { "no" },
            if targets.is_empty() {
                String::new()
            } else {
                format!("targets {}  ", targets.join(" "))
            },
            evidence
        )?;
    }
    for (title, category) in [
        ("organisations", Category::ORGANISATION),
        ("countries", Category::COUNTRY),
    ] {
        let counts = a.counts(category);
        let list: Vec<String> = counts
            .iter()
            .map(|c| {
                let e = a.entry_by_id(c.entry);
                format!("{} ×{} (“{}”)", e.label, c.count, &text[c.first])
            })
            .collect();
        writeln!(out, "{title}: {}", list.join("; "))?;
    }
    writeln!(out)?;
    Ok(())
}

/// The distinct texts of the mentions whose entry passes `keep`, quoted, at most eight.
fn quotes(a: &Analysis, text: &str, keep: impl Fn(&Analysis, EntryId) -> bool) -> String {
    let mut seen: Vec<String> = Vec::new();
    for m in a.mentions() {
        if !keep(a, m.entry) {
            continue;
        }
        let t = text[m.span]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    let more = seen.len().saturating_sub(8);
    let mut s: Vec<String> = seen.into_iter().take(8).map(|t| format!("“{t}”")).collect();
    if more > 0 {
        s.push(format!("+{more} more"));
    }
    s.join(", ")
}
