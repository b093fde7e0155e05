//! Classify documents with scidip, one file or a whole corpus: relevance to science diplomacy,
//! the three modes, the 17 SDGs, organisations and countries, each with the text that supports
//! it.
//!
//! ```text
//! cargo run --release --example classify                      # the bundled samples
//! cargo run --release --example classify -- report.txt press-releases/
//! cargo run --release --example classify -- --format csv -o results.csv press-releases/
//! cargo run --release --example classify -- --format jsonl speeches.jsonl > results.jsonl
//! cargo run --release --example classify -- --format html -o report/ press-releases/
//! ```
//!
//! Documents are read, analysed on every core, and written in input order, a few hundred at a
//! time, so memory stays flat whatever the size of the corpus. Every input document yields
//! exactly one output record: a file that cannot be read or is not UTF-8, a JSON line that does
//! not parse or lacks its text field, each yields a record with an `error`, and the run goes
//! on. A summary on standard error says how many documents failed and why. The exit status is
//! non-zero only when the run itself cannot proceed (a bad lexicon, an unwritable output).

#[allow(dead_code)]
mod common;

use std::error::Error;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::html::{Corpus, DocFacts, Labels};
use common::input::{InputArgs, Source};
use common::{pipeline, record};

/// Classify documents: relevance to science diplomacy, the three modes, the 17 SDGs,
/// organisations and countries, with the evidence for each.
#[derive(Parser, Debug)]
#[command(
    name = "classify",
    about = "Classify documents: relevance to science diplomacy, the three modes of science \
             diplomacy, the 17 SDGs, organisations and countries, with the text behind each claim.",
    after_help = AFTER_HELP
)]
struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// How results are written.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Where results go: a file (default: standard output), or for --format html a directory
    /// (created if needed) that receives index.html and one page per document in docs/.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// CSV: organisations and countries listed per row, most mentioned first (0: all).
    /// HTML: actors listed in the corpus summary.
    #[arg(long, default_value_t = 5, value_name = "N")]
    top: usize,
}

const AFTER_HELP: &str = "\
Inputs: files, directories (walked recursively for --ext files, hidden ones skipped), '-' for \
standard input. With --input-format auto, .jsonl/.ndjson files are JSON Lines (one object a \
line, text in --text-field, id in --id-field, other fields copied to the output), .csv files \
are CSV with a header row (text in the --text-field column), anything else is one document per \
file. With no input and a terminal (or empty) standard input, the bundled samples are read.

Nothing is lost: each input document gives exactly one output record, in input order.
  - a file that is not UTF-8: an error record naming the byte offset of the first bad byte,
    or with --lossy the bad bytes read as U+FFFD and the document is analysed;
  - a NUL byte in the first 8 KiB of a text file: an error record ('binary file'); NUL bytes
    elsewhere, or in a JSON string, are analysed as ordinary (non-word) characters;
  - a JSON line that does not parse, is not an object, lacks the text field, or whose text is
    not a string, and a blank line: an error record with id SOURCE:LINE;
  - a CSV row with a different number of fields than the header: an error record;
  - an empty document: analysed, all scores 0;
  - a huge document (100 MB on one line): analysed whole; memory holds it and its mentions;
  - a file that cannot be read, a directory that cannot be listed: an error record.
Failures are counted by reason on standard error at the end. The exit status is non-zero only
when the run cannot proceed: a lexicon that does not load, an output that cannot be written.

Outputs:
  text   a readable report per document
  jsonl  one JSON object per document (the contract in the README): id, input fields,
         relevance, science_diplomacy, modes, sdgs, organisations, countries, mentions; or error
  csv    one row per document: id, relevance, science_diplomacy, each mode's score and label,
         sdg1..sdg17 scores, sdgs_labelled, organisations, countries (ids, ';'-separated), error
  html   a directory: index.html (distribution of modes and SDGs, top actors, every document
         linked) and docs/NNNNNN.html (the text with every mention highlighted; hover for the
         entry and its weight), self-contained, no network.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// A readable report per document.
    Text,
    /// One JSON object per document (the README's contract).
    Jsonl,
    /// One CSV row per document.
    Csv,
    /// A directory of self-contained HTML pages.
    Html,
}

/// What a worker hands to the writer for one document.
struct Rendered {
    /// The document's record (a report, a JSON line, a CSV row, an HTML page).
    bytes: Vec<u8>,
    /// For the HTML summary.
    facts: Option<DocFacts>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::main_with("classify", || run(&args))
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    // 1. Build the analyzer once (built-in lexicons plus any the user gives) and size the
    //    thread pool.
    let analyzer = common::build_analyzer(&args.input)?;
    common::set_threads(args.input.threads)?;
    let labels = Labels::new(&analyzer);

    // 2. Open the output.
    let html_dir = match args.format {
        OutputFormat::Html => {
            let dir = args
                .output
                .clone()
                .ok_or("--format html needs --output DIR, the directory to write the pages to")?;
            fs::create_dir_all(dir.join("docs"))
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            Some(dir)
        }
        _ => None,
    };
    let mut out: Box<dyn Write> = match (&args.output, &html_dir) {
        (_, Some(_)) => Box::new(io::sink()),
        (Some(path), None) => Box::new(BufWriter::new(
            File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?,
        )),
        (None, None) => Box::new(BufWriter::new(io::stdout().lock())),
    };
    if args.format == OutputFormat::Csv {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(record::csv_header())?;
        w.flush()?;
    }

    // 3. Read, analyse in parallel, and write in input order. Rendering happens on the worker
    //    threads too; the writer only copies bytes.
    let source = Source::new(&args.input)?;
    if source.samples {
        eprintln!("classify: no input given; classifying the bundled samples in data/samples");
    }
    let with_summary = html_dir.is_some();
    let back = Some("../index.html");
    let work = |doc: &common::input::Document| -> io::Result<Rendered> {
        let analysis = doc.text.as_ref().ok().map(|t| analyzer.analyze(t));
        let a = analysis.as_ref();
        let mut bytes = Vec::new();
        match args.format {
            OutputFormat::Text => record::write_report(&mut bytes, doc, a)?,
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut bytes, &record::json_record(doc, a))?;
                bytes.push(b'\n');
            }
            OutputFormat::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut bytes);
                w.write_record(record::csv_row(doc, a, args.top))?;
                w.flush()?;
            }
            OutputFormat::Html => {
                common::html::write_document_page(&mut bytes, doc, a, &labels, back)?;
            }
        }
        let facts = if with_summary {
            a.map(DocFacts::new)
        } else {
            None
        };
        Ok(Rendered { bytes, facts })
    };
    let mut corpus = Corpus::default();
    let mut index = 0u64;
    let summary = pipeline::run(
        source,
        &args.input.read_options(),
        args.input.chunk_size,
        work,
        |doc, rendered| {
            let rendered = rendered?;
            index += 1;
            match &html_dir {
                Some(dir) => {
                    let page = format!("docs/{index:06}.html");
                    fs::write(dir.join(&page), &rendered.bytes)?;
                    corpus.add(doc, page, rendered.facts);
                    Ok(())
                }
                None => out.write_all(&rendered.bytes),
            }
        },
    )?;
    out.flush()?;

    // 4. The summary page, and the summary on standard error.
    if let Some(dir) = &html_dir {
        let path = dir.join("index.html");
        let mut page = BufWriter::new(File::create(&path)?);
        let title = format!("scidip report: {}", inputs_title(&args.input.inputs));
        corpus.write(&mut page, &title, &labels, &summary, args.top.max(20))?;
        page.flush()?;
        eprintln!("classify: wrote {}", path.display());
    }
    summary.print("classify");
    Ok(())
}

/// A title naming the inputs.
fn inputs_title(inputs: &[PathBuf]) -> String {
    if inputs.is_empty() {
        return "bundled samples".into();
    }
    let names: Vec<String> = inputs.iter().map(|p| display(p)).collect();
    names.join(", ")
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
