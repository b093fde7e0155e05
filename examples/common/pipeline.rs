//! The streaming, parallel pipeline: read a chunk of documents, analyse it on rayon's threads
//! while the next chunk is read, hand the results over in input order, repeat. At most two
//! chunks are in memory, whatever the size of the corpus.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::input::{Document, Pending, ReadOptions};

/// A chunk stops growing at this many bytes of input, so a chunk of huge documents stays small.
const CHUNK_BYTES: u64 = 64 << 20;

/// What a run did: documents, failures by reason, throughput.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents read.
    pub documents: u64,
    /// Documents that could not be analysed.
    pub failed: u64,
    /// Bytes of text analysed.
    pub bytes: u64,
    /// Failures by reason: how many, and the id of the first.
    pub reasons: BTreeMap<&'static str, (u64, String)>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Summary {
    fn add(&mut self, doc: &Document) {
        self.documents += 1;
        match &doc.text {
            Ok(text) => self.bytes += text.len() as u64,
            Err(e) => {
                self.failed += 1;
                self.reasons
                    .entry(e.reason)
                    .or_insert_with(|| (0, doc.id.clone()))
                    .0 += 1;
            }
        }
    }

    /// Documents per second.
    pub fn docs_per_sec(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Megabytes (10^6 bytes) of text per second.
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Writes the summary to standard error, prefixed with the program's name.
    pub fn print(&self, program: &str) {
        eprintln!(
            "{program}: {} documents, {} failed, {:.1} MB of text in {:.2} s ({:.*} docs/s, {:.1} MB/s)",
            self.documents,
            self.failed,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            if self.docs_per_sec() < 10.0 { 2 } else { 0 },
            self.docs_per_sec(),
            self.mb_per_sec()
        );
        for (reason, (count, first)) in &self.reasons {
            eprintln!("  {count:>8}  {reason} (first: {first})");
        }
    }
}

/// A progress line on standard error when it is a terminal, nothing otherwise.
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    let style =
        ProgressStyle::with_template("{spinner} {elapsed_precise} {human_pos} documents {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Reads up to `max` documents (fewer when they are large).
fn read_chunk(source: &mut (impl Iterator<Item = Pending> + Send), max: usize) -> Vec<Pending> {
    let mut chunk = Vec::with_capacity(max);
    let mut bytes = 0;
    while chunk.len() < max.max(1) && bytes < CHUNK_BYTES {
        let Some(pending) = source.next() else { break };
        bytes += pending.size_hint();
        chunk.push(pending);
    }
    chunk
}

/// Runs `work` on every document of `source` in parallel, and `sink` on the results in input
/// order. `work` sees every document, failed ones included (their `text` is the error), so
/// every input document gets its output.
///
/// # Errors
///
/// The first error of `sink` (an unwritable output), which stops the run.
pub fn run<T: Send>(
    source: impl Iterator<Item = Pending> + Send,
    opts: &ReadOptions,
    chunk_size: usize,
    work: impl Fn(&Document) -> T + Sync,
    mut sink: impl FnMut(&Document, T) -> io::Result<()>,
) -> io::Result<Summary> {
    let start = Instant::now();
    let bar = progress_bar();
    let mut summary = Summary::default();
    let mut source = source;
    let mut chunk = read_chunk(&mut source, chunk_size);
    while !chunk.is_empty() {
        // Analyse this chunk while the next one is read.
        let (results, next) = rayon::join(
            || {
                chunk
                    .into_par_iter()
                    .map(|pending| {
                        let doc = pending.resolve(opts);
                        let out = work(&doc);
                        (doc, out)
                    })
                    .collect::<Vec<_>>()
            },
            || read_chunk(&mut source, chunk_size),
        );
        for (doc, out) in results {
            summary.add(&doc);
            if let Err(e) = sink(&doc, out) {
                bar.finish_and_clear();
                return Err(e);
            }
        }
        bar.set_position(summary.documents);
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!(
            "({:.0} docs/s), {:.1} MB, {} failed",
            summary.documents as f64 / secs,
            summary.bytes as f64 / 1e6,
            summary.failed
        ));
        chunk = next;
    }
    bar.finish_and_clear();
    summary.elapsed = start.elapsed();
    Ok(summary)
}
