//! Classify documents with scidip: relevance to science diplomacy, the three modes, the 17 SDGs,
//! organisations and countries, each with the text that supports it.
//!
//! ```text
//! cargo run --release --example classify                      # the bundled samples
//! cargo run --release --example classify -- report.txt more/*.txt
//! cargo run --release --example classify -- --input-format jsonl --format jsonl < in.jsonl > out.jsonl
//! ```
//!
//! Every input document yields exactly one output record, in input order. A file that cannot be
//! read or is not UTF-8, a JSON line that does not parse or lacks its text field: each yields a
//! record with an `error` field, and the run goes on. The JSON Lines output is the contract
//! documented in the README.

use std::error::Error;
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, ValueEnum};
use scidip::{Analysis, Analyzer, Category, EntryData, Lexicon};
use serde_json::{Map, Value, json};

/// Classify documents: relevance to science diplomacy, modes, SDGs, organisations and
/// countries, with the evidence for each.
#[derive(Parser, Debug)]
#[command(
    name = "classify",
    after_help = "With no FILE and nothing on standard input, the bundled samples in data/samples \
                  are classified.\nJSON Lines input: one {\"id\": ..., \"text\": ...} object a \
                  line; other fields are copied to the output."
)]
struct Args {
    /// Text files to classify (UTF-8). Use --input-format jsonl to read JSON Lines files.
    files: Vec<PathBuf>,
    /// How inputs are read.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input_format: InputFormat,
    /// How results are written.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// JSON Lines: the field holding the text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// JSON Lines: the field holding the document id.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// An extra lexicon (TOML) to add; may be repeated.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Do not use the built-in lexicons.
    #[arg(long)]
    no_builtin: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of reporting an error for the document.
    #[arg(long)]
    lossy: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// Each file (or standard input) is one document.
    Text,
    /// Each line is a JSON object with an id and a text field.
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// A readable report per document.
    Text,
    /// One JSON object per document (the README's contract).
    Jsonl,
}

/// One input document, or the reason it could not be read.
struct Document {
    id: String,
    text: Result<String, String>,
    /// Fields of a JSON input line other than the text, copied to the output.
    extra: Map<String, Value>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();

    // 1. Build the analyzer once: built-in lexicons plus any the user gives.
    let mut builder = Analyzer::builder().builtin(!args.no_builtin);
    for path in &args.lexicons {
        builder = builder.lexicon(Lexicon::from_path(path)?);
    }
    let analyzer = builder.build()?;

    // 2. Read the documents, 3. analyse each, 4. write one record per document, in order.
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut total = 0usize;
    for_each_document(&args, |doc| {
        total += 1;
        let record = match &doc.text {
            Ok(text) => {
                let analysis = analyzer.analyze(text);
                match args.format {
                    OutputFormat::Jsonl => json_record(&doc, text, &analysis),
                    OutputFormat::Text => {
                        write_report(&mut out, &doc.id, text, &analysis)?;
                        return Ok(());
                    }
                }
            }
            Err(error) => {
                failed += 1;
                match args.format {
                    OutputFormat::Jsonl => error_record(&doc, error),
                    OutputFormat::Text => {
                        writeln!(out, "== {}\nerror: {error}\n", doc.id)?;
                        return Ok(());
                    }
                }
            }
        };
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    out.flush()?;
    if failed > 0 {
        eprintln!("classify: {total} documents, {failed} with errors (see their `error` field)");
    }
    Ok(())
}

/// Calls `f` with every input document, in order. JSON Lines are streamed line by line, so
/// memory stays flat however large the input.
fn for_each_document(
    args: &Args,
    mut f: impl FnMut(Document) -> io::Result<()>,
) -> Result<(), Box<dyn Error>> {
    if args.files.is_empty() {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            eprintln!("classify: no input given; classifying the bundled samples");
            return samples(args, f);
        }
        match args.input_format {
            InputFormat::Jsonl => read_lines(args, "stdin", stdin.lock(), &mut f)?,
            InputFormat::Text => {
                let mut bytes = Vec::new();
                stdin.lock().read_to_end(&mut bytes)?;
                if bytes.is_empty() {
                    eprintln!("classify: standard input is empty; classifying the bundled samples");
                    return samples(args, f);
                }
                f(text_document("stdin".to_string(), Ok(bytes), args.lossy))?;
            }
        }
        return Ok(());
    }
    for path in &args.files {
        let name = path.display().to_string();
        match args.input_format {
            InputFormat::Text => {
                let bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"));
                f(text_document(name, bytes, args.lossy))?;
            }
            InputFormat::Jsonl => match std::fs::File::open(path) {
                Ok(file) => read_lines(args, &name, io::BufReader::new(file), &mut f)?,
                Err(e) => f(Document {
                    id: name.clone(),
                    text: Err(format!("cannot read {name}: {e}")),
                    extra: Map::new(),
                })?,
            },
        }
    }
    Ok(())
}

/// The bundled sample documents, shipped in `data/samples`.
fn samples(
    args: &Args,
    mut f: impl FnMut(Document) -> io::Result<()>,
) -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let name = format!(
            "data/samples/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let bytes = std::fs::read(&path).map_err(|e| e.to_string());
        f(text_document(name, bytes, args.lossy))?;
    }
    Ok(())
}

/// A whole file (or standard input) as one document.
fn text_document(id: String, bytes: Result<Vec<u8>, String>, lossy: bool) -> Document {
    Document {
        id,
        text: bytes.and_then(|b| decode(b, lossy)),
        extra: Map::new(),
    }
}

/// Every line of a JSON Lines source as a document; a blank line is a document with an error,
/// so that output lines stay in step with input lines.
fn read_lines(
    args: &Args,
    name: &str,
    mut reader: impl BufRead,
    f: &mut impl FnMut(Document) -> io::Result<()>,
) -> Result<(), Box<dyn Error>> {
    let mut line = Vec::new();
    let mut line_no = 0usize;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        line_no += 1;
        let mut bytes = line.as_slice();
        bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        f(json_document(args, name, line_no, bytes))?;
    }
}

/// Decodes UTF-8, reporting the byte offset of the first invalid byte unless lossy.
fn decode(bytes: Vec<u8>, lossy: bool) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(format!(
            "not valid UTF-8 at byte {} (use --lossy to replace invalid bytes)",
            e.utf8_error().valid_up_to()
        )),
    }
}

/// One JSON Lines input line as a document.
fn json_document(args: &Args, source: &str, line_no: usize, line: &[u8]) -> Document {
    let fallback_id = format!("{source}:{line_no}");
    if line.iter().all(u8::is_ascii_whitespace) {
        return Document {
            id: fallback_id,
            text: Err("empty line".to_string()),
            extra: Map::new(),
        };
    }
    let line = match decode(line.to_vec(), args.lossy) {
        Ok(l) => l,
        Err(e) => {
            return Document {
                id: fallback_id,
                text: Err(e),
                extra: Map::new(),
            };
        }
    };
    let mut object = match serde_json::from_str::<Value>(&line) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            return Document {
                id: fallback_id,
                text: Err("the line is not a JSON object".to_string()),
                extra: Map::new(),
            };
        }
        Err(e) => {
            return Document {
                id: fallback_id,
                text: Err(format!("invalid JSON: {e}")),
                extra: Map::new(),
            };
        }
    };
    let id = match object.get(&args.id_field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id,
    };
    let text = match object.remove(&args.text_field) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("field `{}` is not a string", args.text_field)),
        None => Err(format!("no `{}` field", args.text_field)),
    };
    object.remove(&args.id_field);
    Document {
        id,
        text,
        extra: object,
    }
}

/// The JSON Lines record of an analysed document (see the README for the contract).
fn json_record(doc: &Document, text: &str, a: &Analysis) -> Value {
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
    let entities = |counts: Vec<scidip::EntryCount>| -> Vec<Value> {
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
            })
        })
        .collect();
    let mut record = Map::new();
    record.insert("id".into(), json!(doc.id));
    for (k, v) in &doc.extra {
        record.entry(k.clone()).or_insert_with(|| v.clone());
    }
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

fn error_record(doc: &Document, error: &str) -> Value {
    let mut record = Map::new();
    record.insert("id".into(), json!(doc.id));
    for (k, v) in &doc.extra {
        record.entry(k.clone()).or_insert_with(|| v.clone());
    }
    record.insert("error".into(), json!(error));
    Value::Object(record)
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The readable report of one document.
fn write_report(out: &mut impl Write, id: &str, text: &str, a: &Analysis) -> io::Result<()> {
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
fn quotes(a: &Analysis, text: &str, keep: impl Fn(&Analysis, scidip::EntryId) -> bool) -> String {
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
