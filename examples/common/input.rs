//! Reading documents: files, directories (walked recursively), JSON Lines, CSV and standard
//! input, streamed one document at a time.
//!
//! Reading happens in two steps so that the costly part runs in parallel: [`Source`] is an
//! iterator that walks the inputs *sequentially* and yields [`Pending`] documents (a path to
//! read, a raw JSON line, a raw CSV row), and [`Pending::resolve`] turns one into a
//! [`Document`] (reading the file, decoding UTF-8, parsing JSON) on any thread. Every problem
//! with one document becomes a [`DocError`] on that document, never an error of the run.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, ValueEnum};
use serde_json::{Map, Value};

/// How many leading bytes of a file are searched for a NUL byte, the sign of a binary file.
const BINARY_PROBE: usize = 8 * 1024;

/// The input options every example shares.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Files or directories to read ('-' is standard input). Directories are walked
    /// recursively for files with the extensions of --ext. With nothing given and nothing on
    /// standard input, the bundled samples in data/samples are read.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// How inputs are read. 'auto' reads .jsonl and .ndjson files as JSON Lines, .csv files as
    /// CSV, everything else (and standard input) as one text document per file.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// Extensions of the files taken from directories, comma-separated [default: txt,md; with
    /// --input-format jsonl: jsonl,ndjson; with csv: csv].
    #[arg(long, value_delimiter = ',', value_name = "EXT")]
    pub ext: Vec<String>,
    /// JSON Lines and CSV: the field (column) holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// JSON Lines and CSV: the field (column) holding the document id. Without one, the id is
    /// 'SOURCE:LINE'.
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// An extra lexicon (TOML) to add after the built-in ones; may be repeated.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Do not use the built-in lexicons.
    #[arg(long)]
    pub no_builtin: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of reporting an error for the document.
    #[arg(long)]
    pub lossy: bool,
    /// Number of worker threads [default: one per CPU].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Documents read and analysed together; memory holds about two chunks.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub chunk_size: usize,
}

impl InputArgs {
    /// The options [`Pending::resolve`] needs.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            lossy: self.lossy,
        }
    }
}

/// How an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By extension: .jsonl/.ndjson as JSON Lines, .csv as CSV, anything else as text.
    Auto,
    /// Each file (or standard input) is one document.
    Text,
    /// Each line is a JSON object with an id and a text field.
    Jsonl,
    /// A CSV file with a header row; each row is a document.
    Csv,
}

/// Why one document could not be analysed.
#[derive(Clone, Debug)]
pub struct DocError {
    /// A short, fixed reason, used to group failures in the summary.
    pub reason: &'static str,
    /// The full message, written to the document's record.
    pub message: String,
}

impl DocError {
    fn new(reason: &'static str, message: impl Into<String>) -> DocError {
        DocError {
            reason,
            message: message.into(),
        }
    }
}

/// One input document, or the reason it could not be read.
#[derive(Debug)]
pub struct Document {
    /// The id: the file name, the id field, or `SOURCE:LINE`.
    pub id: String,
    /// The text, or why there is none.
    pub text: Result<String, DocError>,
    /// The other fields of a JSON line or CSV row, copied to the output.
    pub extra: Map<String, Value>,
}

impl Document {
    fn failed(id: String, error: DocError) -> Document {
        Document {
            id,
            text: Err(error),
            extra: Map::new(),
        }
    }
}

/// What [`Pending::resolve`] needs to know.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// The field holding the text.
    pub text_field: String,
    /// The field holding the id.
    pub id_field: String,
    /// Whether invalid UTF-8 is replaced rather than reported.
    pub lossy: bool,
}

/// The columns of a CSV source.
#[derive(Debug)]
pub struct CsvHeader {
    names: Vec<String>,
    text: Option<usize>,
    id: Option<usize>,
}

/// A document found by [`Source`] but not read yet.
#[derive(Debug)]
pub enum Pending {
    /// A text file, read whole.
    File {
        /// The document id (the path).
        id: String,
        /// Where to read it.
        path: PathBuf,
        /// Its size, when known, to bound the memory of a chunk.
        size: u64,
    },
    /// A text document already in memory (standard input).
    Bytes {
        /// The document id.
        id: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// One line of a JSON Lines source.
    Line {
        /// The file name, for the fallback id.
        source: Arc<str>,
        /// The line number (1-based).
        line_no: u64,
        /// The line without its end-of-line.
        bytes: Vec<u8>,
    },
    /// One data row of a CSV source.
    Row {
        /// The file name, for the fallback id.
        source: Arc<str>,
        /// The line where the row starts (1-based).
        line_no: u64,
        /// The fields.
        record: csv::ByteRecord,
        /// The source's header.
        header: Arc<CsvHeader>,
    },
    /// A document that failed before it could be read (a missing file, a read error).
    Failed(Document),
}

impl Pending {
    /// About how many bytes the document will take in memory.
    pub fn size_hint(&self) -> u64 {
        match self {
            Pending::File { size, .. } => *size,
            Pending::Bytes { bytes, .. } | Pending::Line { bytes, .. } => bytes.len() as u64,
            Pending::Row { record, .. } => record.as_slice().len() as u64,
            Pending::Failed(_) => 0,
        }
    }

    /// Reads, decodes and parses the document. Never fails: problems become the document's
    /// error.
    pub fn resolve(self, opts: &ReadOptions) -> Document {
        match self {
            Pending::File { id, path, .. } => {
                let text = fs::read(&path)
                    .map_err(|e| DocError::new("cannot read", format!("cannot read {id}: {e}")))
                    .and_then(|bytes| text_from_bytes(bytes, opts.lossy));
                Document {
                    id,
                    text,
                    extra: Map::new(),
                }
            }
            Pending::Bytes { id, bytes } => Document {
                id,
                text: text_from_bytes(bytes, opts.lossy),
                extra: Map::new(),
            },
            Pending::Line {
                source,
                line_no,
                bytes,
            } => json_document(opts, &source, line_no, bytes),
            Pending::Row {
                source,
                line_no,
                record,
                header,
            } => csv_document(opts, &source, line_no, &record, &header),
            Pending::Failed(doc) => doc,
        }
    }
}

/// A whole file's bytes as a text: binary files and invalid UTF-8 are errors.
fn text_from_bytes(bytes: Vec<u8>, lossy: bool) -> Result<String, DocError> {
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    if let Some(at) = probe.iter().position(|&b| b == 0) {
        return Err(DocError::new(
            "binary file",
            format!("binary file (NUL byte at offset {at}); not analysed"),
        ));
    }
    decode(bytes, lossy, "the document")
}

/// Decodes UTF-8, reporting the byte offset of the first invalid byte (in `what`: "the file",
/// "the line") unless lossy.
fn decode(bytes: Vec<u8>, lossy: bool, what: &str) -> Result<String, DocError> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(DocError::new(
            "invalid UTF-8",
            format!(
                "not valid UTF-8 at byte {} of {what} (use --lossy to replace invalid bytes)",
                e.utf8_error().valid_up_to()
            ),
        )),
    }
}

/// One JSON Lines input line as a document.
fn json_document(opts: &ReadOptions, source: &str, line_no: u64, line: Vec<u8>) -> Document {
    let fallback_id = format!("{source}:{line_no}");
    if line.iter().all(u8::is_ascii_whitespace) {
        return Document::failed(fallback_id, DocError::new("empty line", "empty line"));
    }
    let line = match decode(line, opts.lossy, "the line") {
        Ok(l) => l,
        Err(e) => return Document::failed(fallback_id, e),
    };
    let mut object = match serde_json::from_str::<Value>(&line) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            return Document::failed(
                fallback_id,
                DocError::new("not a JSON object", "the line is not a JSON object"),
            );
        }
        Err(e) => {
            return Document::failed(
                fallback_id,
                DocError::new("invalid JSON", format!("invalid JSON: {e}")),
            );
        }
    };
    let id = match object.get(&opts.id_field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id,
    };
    let text = match object.remove(&opts.text_field) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(DocError::new(
            "text not a string",
            format!("field `{}` is not a string", opts.text_field),
        )),
        None => Err(DocError::new(
            "missing text field",
            format!("no `{}` field", opts.text_field),
        )),
    };
    object.remove(&opts.id_field);
    Document {
        id,
        text,
        extra: object,
    }
}

/// One CSV data row as a document.
fn csv_document(
    opts: &ReadOptions,
    source: &str,
    line_no: u64,
    record: &csv::ByteRecord,
    header: &CsvHeader,
) -> Document {
    let field = |i: usize| -> Option<String> {
        record
            .get(i)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let id = header
        .id
        .and_then(field)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("{source}:{line_no}"));
    let Some(text_index) = header.text else {
        let message = format!(
            "no `{}` column in the header (columns: {})",
            opts.text_field,
            header.names.join(", ")
        );
        return Document::failed(id, DocError::new("missing text field", message));
    };
    if record.len() != header.names.len() {
        let message = format!(
            "row has {} fields, the header has {}",
            record.len(),
            header.names.len()
        );
        return Document::failed(id, DocError::new("CSV field count", message));
    }
    let text = match record.get(text_index) {
        Some(bytes) => decode(bytes.to_vec(), opts.lossy, "the field").map_err(|e| DocError {
            message: format!("column `{}`: {}", opts.text_field, e.message),
            ..e
        }),
        None => Err(DocError::new(
            "missing text field",
            format!("no `{}` field", opts.text_field),
        )),
    };
    let mut extra = Map::new();
    for (i, name) in header.names.iter().enumerate() {
        if Some(i) == header.text || Some(i) == header.id || extra.contains_key(name) {
            continue;
        }
        if let Some(value) = field(i) {
            extra.insert(name.clone(), Value::String(value));
        }
    }
    Document { id, text, extra }
}

/// What is left to read, most recent last.
enum Item {
    /// A file or directory.
    Path(PathBuf),
    /// A bundled sample, with the id to give it.
    Sample(String, PathBuf),
    /// Standard input.
    Stdin,
    /// An error found while walking a directory.
    Failed(Document),
}

/// A JSON Lines or CSV source being read.
enum Active {
    Lines {
        source: Arc<str>,
        reader: Box<dyn BufRead + Send>,
        line_no: u64,
    },
    Csv {
        source: Arc<str>,
        reader: csv::Reader<Box<dyn Read + Send>>,
        header: Arc<CsvHeader>,
    },
}

/// Every input document, in input order, as a [`Pending`]: an iterator that walks files and
/// directories and streams JSON Lines and CSV sources, so memory stays flat.
pub struct Source {
    stack: Vec<Item>,
    active: Option<Active>,
    format: InputFormat,
    exts: Vec<String>,
    stdin: Option<BufReader<io::Stdin>>,
    text_field: String,
    id_field: String,
    /// Whether the bundled samples are read because no input was given.
    pub samples: bool,
}

impl Source {
    /// The documents of the inputs in `args`; the bundled samples when there are no inputs
    /// and standard input is a terminal or empty.
    ///
    /// # Errors
    ///
    /// When standard input cannot be read, or the samples are needed and cannot be listed.
    pub fn new(args: &InputArgs) -> io::Result<Source> {
        let exts = if args.ext.is_empty() {
            match args.input_format {
                InputFormat::Auto | InputFormat::Text => vec!["txt".into(), "md".into()],
                InputFormat::Jsonl => vec!["jsonl".into(), "ndjson".into()],
                InputFormat::Csv => vec!["csv".into()],
            }
        } else {
            args.ext
                .iter()
                .map(|e| e.trim_start_matches('.').to_lowercase())
                .collect()
        };
        let mut source = Source {
            stack: Vec::new(),
            active: None,
            format: args.input_format,
            exts,
            stdin: None,
            text_field: args.text_field.clone(),
            id_field: args.id_field.clone(),
            samples: false,
        };
        if args.inputs.is_empty() {
            let stdin = io::stdin();
            let mut reader = BufReader::with_capacity(1 << 16, stdin);
            if reader.get_ref().is_terminal() || reader.fill_buf()?.is_empty() {
                source.push_samples()?;
            } else {
                source.stdin = Some(reader);
                source.stack.push(Item::Stdin);
            }
        } else {
            for input in args.inputs.iter().rev() {
                if input.as_os_str() == "-" {
                    source.stack.push(Item::Stdin);
                } else {
                    source.stack.push(Item::Path(input.clone()));
                }
            }
            if args.inputs.iter().any(|p| p.as_os_str() == "-") {
                source.stdin = Some(BufReader::with_capacity(1 << 16, io::stdin()));
            }
        }
        Ok(source)
    }

    fn push_samples(&mut self) -> io::Result<()> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples");
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for path in paths.into_iter().rev() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            self.stack
                .push(Item::Sample(format!("data/samples/{name}"), path.clone()));
        }
        self.samples = true;
        Ok(())
    }

    /// How a file is read.
    fn format_of(&self, path: &Path) -> InputFormat {
        match self.format {
            InputFormat::Auto => {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                match ext.as_str() {
                    "jsonl" | "ndjson" => InputFormat::Jsonl,
                    "csv" => InputFormat::Csv,
                    _ => InputFormat::Text,
                }
            }
            other => other,
        }
    }

    /// Whether a file found in a directory is read.
    fn wanted(&self, path: &Path) -> bool {
        path.extension().is_some_and(|e| {
            let e = e.to_string_lossy().to_lowercase();
            self.exts.contains(&e)
        })
    }

    /// Lists a directory onto the stack, sorted by name; hidden entries and symbolic links
    /// to directories are skipped (no cycles).
    fn walk(&mut self, dir: &Path, name: &str) -> Option<Pending> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                let error = DocError::new("cannot read", format!("cannot read {name}: {e}"));
                return Some(Pending::Failed(Document::failed(name.to_string(), error)));
            }
        };
        let mut children: Vec<Item> = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let error = DocError::new("cannot read", format!("cannot list {name}: {e}"));
                    children.push(Item::Failed(Document::failed(name.to_string(), error)));
                    continue;
                }
            };
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                children.push(Item::Path(path));
                continue;
            };
            let is_dir = if kind.is_symlink() {
                // A link to a directory is skipped; a link to a file is read.
                if fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                    continue;
                }
                false
            } else {
                kind.is_dir()
            };
            if is_dir || self.wanted(&path) {
                children.push(Item::Path(path));
            }
        }
        children.sort_by(|a, b| item_key(a).cmp(item_key(b)));
        self.stack.extend(children.into_iter().rev());
        None
    }

    /// Starts reading a CSV source: its header first.
    fn start_csv(&mut self, source: Arc<str>, reader: Box<dyn Read + Send>) -> Option<Pending> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let names: Vec<String> = match reader.byte_headers() {
            Ok(h) => h
                .iter()
                .map(|b| String::from_utf8_lossy(b).trim().to_string())
                .collect(),
            Err(e) => {
                let error = DocError::new("cannot read", format!("cannot read {source}: {e}"));
                return Some(Pending::Failed(Document::failed(source.to_string(), error)));
            }
        };
        let header = CsvHeader {
            text: names.iter().position(|n| *n == self.text_field),
            id: names.iter().position(|n| *n == self.id_field),
            names,
        };
        self.active = Some(Active::Csv {
            source,
            reader,
            header: Arc::new(header),
        });
        None
    }

    /// The next pending document of the active JSON Lines or CSV source.
    fn next_active(&mut self) -> Option<Pending> {
        let active = self.active.as_mut()?;
        let (pending, done) = match active {
            Active::Lines {
                source,
                reader,
                line_no,
            } => {
                let mut line = Vec::new();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) => (None, true),
                    Ok(_) => {
                        *line_no += 1;
                        if line.last() == Some(&b'\n') {
                            line.pop();
                        }
                        if line.last() == Some(&b'\r') {
                            line.pop();
                        }
                        let pending = Pending::Line {
                            source: source.clone(),
                            line_no: *line_no,
                            bytes: line,
                        };
                        (Some(pending), false)
                    }
                    Err(e) => {
                        let id = format!("{source}:{}", *line_no + 1);
                        let error =
                            DocError::new("cannot read", format!("cannot read {source}: {e}"));
                        (Some(Pending::Failed(Document::failed(id, error))), true)
                    }
                }
            }
            Active::Csv {
                source,
                reader,
                header,
            } => {
                let mut record = csv::ByteRecord::new();
                match reader.read_byte_record(&mut record) {
                    Ok(false) => (None, true),
                    Ok(true) => {
                        let line_no = record.position().map_or(0, csv::Position::line);
                        let pending = Pending::Row {
                            source: source.clone(),
                            line_no,
                            record,
                            header: header.clone(),
                        };
                        (Some(pending), false)
                    }
                    Err(e) => {
                        let line = e.position().map_or(0, csv::Position::line);
                        let id = format!("{source}:{line}");
                        let error =
                            DocError::new("cannot read", format!("cannot read {source}: {e}"));
                        (Some(Pending::Failed(Document::failed(id, error))), true)
                    }
                }
            }
        };
        if done {
            self.active = None;
        }
        pending
    }

    /// Opens a file or directory popped from the stack.
    fn open_path(&mut self, path: PathBuf) -> Option<Pending> {
        let name = path.display().to_string();
        let failed = |e: io::Error| {
            let error = DocError::new("cannot read", format!("cannot read {name}: {e}"));
            Some(Pending::Failed(Document::failed(name.clone(), error)))
        };
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return failed(e),
        };
        if meta.is_dir() {
            return self.walk(&path, &name);
        }
        match self.format_of(&path) {
            InputFormat::Auto | InputFormat::Text => Some(Pending::File {
                id: name,
                path,
                size: meta.len(),
            }),
            InputFormat::Jsonl => match File::open(&path) {
                Ok(file) => {
                    self.active = Some(Active::Lines {
                        source: name.into(),
                        reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                        line_no: 0,
                    });
                    None
                }
                Err(e) => failed(e),
            },
            InputFormat::Csv => match File::open(&path) {
                Ok(file) => self.start_csv(name.into(), Box::new(file)),
                Err(e) => failed(e),
            },
        }
    }

    /// Standard input, read as the input format says.
    fn open_stdin(&mut self) -> Option<Pending> {
        let Some(mut reader) = self.stdin.take() else {
            let error = DocError::new("cannot read", "standard input was already read");
            return Some(Pending::Failed(Document::failed("stdin".into(), error)));
        };
        match self.format {
            InputFormat::Auto | InputFormat::Text => {
                let mut bytes = Vec::new();
                match reader.read_to_end(&mut bytes) {
                    Ok(_) => Some(Pending::Bytes {
                        id: "stdin".into(),
                        bytes,
                    }),
                    Err(e) => {
                        let error = DocError::new(
                            "cannot read",
                            format!("cannot read standard input: {e}"),
                        );
                        Some(Pending::Failed(Document::failed("stdin".into(), error)))
                    }
                }
            }
            InputFormat::Jsonl => {
                self.active = Some(Active::Lines {
                    source: "stdin".into(),
                    reader: Box::new(reader),
                    line_no: 0,
                });
                None
            }
            InputFormat::Csv => self.start_csv("stdin".into(), Box::new(reader)),
        }
    }
}

fn item_key(item: &Item) -> &Path {
    match item {
        Item::Path(p) | Item::Sample(_, p) => p,
        Item::Stdin | Item::Failed(_) => Path::new(""),
    }
}

impl Iterator for Source {
    type Item = Pending;

    fn next(&mut self) -> Option<Pending> {
        loop {
            if self.active.is_some() {
                if let Some(pending) = self.next_active() {
                    return Some(pending);
                }
                continue;
            }
            let found = match self.stack.pop()? {
                Item::Sample(id, path) => Some(Pending::File { id, path, size: 0 }),
                Item::Failed(doc) => Some(Pending::Failed(doc)),
                Item::Stdin => self.open_stdin(),
                Item::Path(path) => self.open_path(path),
            };
            if found.is_some() {
                return found;
            }
        }
    }
}
