//! Benchmarks of scidip, with byte throughput, and baselines measured in the same run.
//!
//! Groups:
//!
//! - `text`: sentence and word segmentation alone, then with case and diacritic folding;
//! - `matcher`: the matcher alone on a document already encoded as symbols;
//! - `analyze`: end to end (`Analyzer::analyze`: segmentation, folding, stems, matching,
//!   scoring);
//! - `build`: building the default analyzer (built-in lexicons parsed once per process);
//! - `scaling`: generated lexicons of 1,000, 10,000 and 100,000 entries, built and run;
//! - `parallel`: documents analysed on a rayon pool of 1 and 2 threads;
//! - `baseline`: a regex alternation over the same surface terms, an aho-corasick byte
//!   automaton over them with a word-boundary check, and a straightforward token pipeline (`unicode-segmentation` words, lower case, a `rust-stemmers` stem per word,
//!   longest match over a trie of token ids), so the ratio is visible next to the figure.
//!
//! The corpus is the file named by `SCIDIP_BENCH_CORPUS` (default:
//! `../shared/bench/ungd-2010-2022.txt` beside the crate); when it is absent the benchmarks say
//! so and use generated text. Every benchmark checks the count it expects — computed once by a
//! different route where there is one (the matcher alone against `analyze`, the threads against
//! one thread) — so a fast wrong answer fails. `cargo bench -- --test` runs each once.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use scidip::{Analyzer, Case, Lexicon, internals};
use unicode_segmentation::UnicodeSegmentation;

/// Bytes of corpus per iteration.
const SLICE: usize = 4 << 20;

fn corpus() -> &'static str {
    static CORPUS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let path = std::env::var_os("SCIDIP_BENCH_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/ungd-2010-2022.txt")
            });
        match std::fs::read_to_string(&path) {
            Ok(mut text) => {
                let mut end = SLICE.min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
                eprintln!("bench corpus: {} ({} bytes)", path.display(), text.len());
                text
            }
            Err(e) => {
                eprintln!(
                    "bench corpus {} not available ({e}); using generated text",
                    path.display()
                );
                generated(SLICE)
            }
        }
    })
}

/// Speech-like text made of the bundled samples, repeated with variations.
fn generated(bytes: usize) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/samples");
    let mut parts: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    parts.sort();
    if parts.is_empty() {
        parts.push("Science diplomacy between Pakistan and Iran builds trust. ".repeat(20));
    }
    let mut out = String::with_capacity(bytes + 4096);
    let mut i = 0usize;
    while out.len() < bytes {
        out.push_str(&parts[i % parts.len()]);
        let _ = write!(out, "\n\nParagraph {i}.\n\n");
        i += 1;
    }
    out
}

fn analyzer() -> &'static Analyzer {
    static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::builder().build().expect("default analyzer"))
}

fn text(c: &mut Criterion) {
    let text = corpus();
    let words = analyzer().analyze(text).word_count();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    let sentences = internals::sentences(text);
    group.bench_function("sentences", |b| {
        b.iter(|| assert_eq!(internals::sentences(black_box(text)), sentences));
    });
    group.bench_function("segment", |b| {
        b.iter(|| assert_eq!(internals::segment(black_box(text)), words));
    });
    let folded = internals::segment_and_fold(text);
    assert!(folded > text.len() / 2, "folding keeps the words");
    group.bench_function("segment_and_fold", |b| {
        b.iter(|| assert_eq!(internals::segment_and_fold(black_box(text)), folded));
    });
    group.finish();
}

fn matcher(c: &mut Criterion) {
    let text = corpus();
    let analyzer = analyzer();
    let a = analyzer.analyze(text);
    let expected = a.mentions().len() + a.cue_mentions().len();
    let mut encoded = internals::encode(analyzer, text);
    let mut group = c.benchmark_group("matcher");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("encoded_document", |b| {
        b.iter(|| assert_eq!(internals::match_encoded(analyzer, &mut encoded), expected));
    });
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let text = corpus();
    let analyzer = analyzer();
    let a = analyzer.analyze(text);
    let expected = a.mentions().len();
    // A different route to the same count: the matcher alone on the encoded document.
    let mut encoded = internals::encode(analyzer, text);
    assert_eq!(
        internals::match_encoded(analyzer, &mut encoded),
        expected + a.cue_mentions().len()
    );
    assert!(expected > 0, "the corpus mentions something");
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            let a = analyzer.analyze(black_box(text));
            assert_eq!(a.mentions().len(), expected);
        });
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(20);
    let entries = analyzer().entry_count();
    group.bench_function("default_analyzer", |b| {
        b.iter(|| {
            let a = Analyzer::builder().build().expect("default analyzer");
            assert_eq!(a.entry_count(), entries);
        });
    });
    group.finish();
}

/// A lexicon of `n` generated organisation-like entries whose names are word pairs and
/// triples of `text` (so they occur in it), each with a generated acronym.
fn generated_lexicon(n: usize, text: &str) -> String {
    let words: Vec<&str> = text
        .unicode_words()
        .filter(|w| w.len() > 3 && w.chars().all(char::is_alphabetic))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = String::from(
        "# Generated for the benchmarks.\n[lexicon]\nname = \"generated\"\nversion = \"1.0.0\"\n\
         language = \"en\"\nlicence = \"CC0-1.0\"\nprovenance = \"generated\"\n\
         category = \"registry\"\n",
    );
    let mut i = 0usize;
    let mut k = 0usize;
    while seen.len() < n {
        let len = 2 + k % 2;
        let start = (k * 7919) % words.len().saturating_sub(len).max(1);
        k += 1;
        let name = if k > 20 * n {
            // The text ran out of distinct phrases: invent the rest.
            format!("Institute {i} of Registry Studies")
        } else {
            words[start..start + len].join(" ")
        };
        if !seen.insert(name.to_lowercase()) {
            continue;
        }
        let _ = write!(
            out,
            "\n[[entry]]\nid = \"e{i}\"\nlabel = \"{name}\"\nterms = [\"{name}\"]\nacronyms = [\"R{i}X\"]\n"
        );
        i += 1;
    }
    out
}

fn scaling(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for n in [1_000usize, 10_000, 100_000] {
        let source = generated_lexicon(n, text);
        let build = || {
            let lexicon = Lexicon::from_toml_str(&source, "generated.toml").expect("generated");
            Analyzer::builder()
                .builtin(false)
                .lexicon(lexicon)
                .build()
                .expect("generated analyzer")
        };
        let analyzer = build();
        assert_eq!(analyzer.entry_count(), n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("parse_and_build", n), &n, |b, _| {
            b.iter(|| assert_eq!(build().entry_count(), n));
        });
        let a = analyzer.analyze(text);
        let expected = a.mentions().len();
        assert!(expected > 0, "generated terms occur in the text");
        let mut encoded = internals::encode(&analyzer, text);
        assert_eq!(
            internals::match_encoded(&analyzer, &mut encoded),
            expected + a.cue_mentions().len()
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("analyze", n), &n, |b, _| {
            b.iter(|| assert_eq!(analyzer.analyze(black_box(text)).mentions().len(), expected));
        });
    }
    group.finish();
}

/// The corpus cut into documents of about 8 KB at paragraph breaks.
fn documents(text: &str) -> Vec<&str> {
    let mut docs = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i - start >= 8 << 10 {
            docs.push(&text[start..i]);
            start = i;
        }
    }
    docs.push(&text[start..]);
    docs
}

fn parallel(c: &mut Criterion) {
    let text = corpus();
    let analyzer = analyzer();
    let docs = documents(text);
    let expected: usize = docs
        .iter()
        .map(|d| analyzer.analyze(d).mentions().len())
        .sum();
    let mut group = c.benchmark_group("parallel");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        group.bench_with_input(BenchmarkId::new("documents", threads), &threads, |b, _| {
            b.iter(|| {
                let total: usize = pool.install(|| {
                    docs.par_iter()
                        .map(|d| analyzer.analyze(d).mentions().len())
                        .sum()
                });
                assert_eq!(total, expected);
            });
        });
    }
    group.finish();
}

/// Every surface term of the built-in lexicons, and whether it is case-sensitive.
fn surface_terms() -> Vec<(String, bool)> {
    let mut terms: Vec<(String, bool)> = analyzer()
        .entries()
        .iter()
        .flat_map(|e| e.terms.iter())
        .map(|t| (t.text.clone(), t.case == Case::Sensitive))
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

/// A regex alternation over the surface terms with ASCII word boundaries (no tokens, no stems,
/// no Unicode case folding beyond the regex's own).
fn regex_baseline() -> regex::Regex {
    let (sensitive, insensitive): (Vec<_>, Vec<_>) =
        surface_terms().into_iter().partition(|(_, s)| *s);
    let alternation = |terms: &[(String, bool)]| {
        let mut terms: Vec<&str> = terms.iter().map(|(t, _)| t.as_str()).collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        terms
            .iter()
            .map(|t| regex::escape(t))
            .collect::<Vec<_>>()
            .join("|")
    };
    let pattern = format!(
        r"(?-u:\b)(?:(?i:{})|{})(?-u:\b)",
        alternation(&insensitive),
        alternation(&sensitive)
    );
    regex::RegexBuilder::new(&pattern)
        .size_limit(1 << 30)
        .dfa_size_limit(1 << 30)
        .build()
        .expect("baseline regex")
}

/// An aho-corasick automaton over the surface terms' bytes (ASCII case-insensitive,
/// leftmost-longest), keeping the matches that start and end at ASCII word boundaries.
fn aho_corasick_baseline() -> aho_corasick::AhoCorasick {
    let terms: Vec<String> = surface_terms().into_iter().map(|(t, _)| t).collect();
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&terms)
        .expect("baseline automaton")
}

fn count_at_word_boundaries(ac: &aho_corasick::AhoCorasick, text: &str) -> usize {
    let bytes = text.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    ac.find_iter(text)
        .filter(|m| (m.start() == 0 || !word(m.start() - 1)) && !word(m.end()))
        .count()
}

/// The straightforward pipeline: words by `unicode-segmentation`, lower case, a stem per word
/// (no cache), ids, and longest match over a trie of ids.
struct TokenPipeline {
    stemmer: rust_stemmers::Stemmer,
    ids: HashMap<String, u32>,
    trie: HashMap<(u32, u32), u32>,
    ends: HashMap<u32, usize>,
}

impl TokenPipeline {
    fn new() -> TokenPipeline {
        let mut p = TokenPipeline {
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            ids: HashMap::new(),
            trie: HashMap::new(),
            ends: HashMap::new(),
        };
        for (term, _) in surface_terms() {
            let mut node = 0u32;
            let mut depth = 0;
            for word in term.unicode_words() {
                let stem = p.stemmer.stem(&word.to_lowercase()).into_owned();
                let next_id = p.ids.len() as u32 + 1;
                let id = *p.ids.entry(stem).or_insert(next_id);
                let next_node = p.trie.len() as u32 + 1;
                node = *p.trie.entry((node, id)).or_insert(next_node);
                depth += 1;
            }
            if depth > 0 {
                p.ends.insert(node, depth);
            }
        }
        p
    }

    fn count(&self, text: &str) -> usize {
        let ids: Vec<u32> = text
            .unicode_words()
            .map(|w| {
                let stem = self.stemmer.stem(&w.to_lowercase()).into_owned();
                self.ids.get(&stem).copied().unwrap_or(0)
            })
            .collect();
        let mut found = 0;
        let mut i = 0;
        while i < ids.len() {
            let mut node = 0;
            let mut longest = 0;
            for (k, id) in ids[i..].iter().enumerate() {
                match self.trie.get(&(node, *id)) {
                    Some(&next) => {
                        node = next;
                        if self.ends.contains_key(&node) {
                            longest = k + 1;
                        }
                    }
                    None => break,
                }
            }
            if longest > 0 {
                found += 1;
                i += longest;
            } else {
                i += 1;
            }
        }
        found
    }
}

fn baseline(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("baseline");
    group.sample_size(10);
    group.bench_function("regex_alternation_build", |b| {
        b.iter(regex_baseline);
    });
    let regex = regex_baseline();
    let expected = regex.find_iter(text).count();
    assert!(expected > 0, "the regex finds terms");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("regex_alternation", |b| {
        b.iter(|| assert_eq!(regex.find_iter(black_box(text)).count(), expected));
    });
    let ac = aho_corasick_baseline();
    let expected = count_at_word_boundaries(&ac, text);
    assert!(expected > 0, "the automaton finds terms");
    group.bench_function("aho_corasick_bytes", |b| {
        b.iter(|| assert_eq!(count_at_word_boundaries(&ac, black_box(text)), expected));
    });
    let pipeline = TokenPipeline::new();
    let expected = pipeline.count(text);
    assert!(expected > 0, "the token pipeline finds terms");
    group.bench_function("token_pipeline", |b| {
        b.iter(|| assert_eq!(pipeline.count(black_box(text)), expected));
    });
    group.finish();
}

criterion_group!(
    benches, text, matcher, end_to_end, build, scaling, parallel, baseline
);
criterion_main!(benches);
