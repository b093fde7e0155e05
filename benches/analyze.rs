//! Benchmarks of scidip's analysis, with byte throughput.
//!
//! The corpus is the file named by `SCIDIP_BENCH_CORPUS` (default:
//! `../shared/bench/ungd-2010-2022.txt` beside the crate); when it is absent the benchmarks say
//! so and use generated text. Each benchmark checks the mention count it expects, so a fast
//! wrong answer fails.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scidip::Analyzer;

/// Bytes of corpus per end-to-end iteration.
const SLICE: usize = 4 << 20;

fn corpus() -> String {
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
        out.push_str(&format!("\n\nParagraph {i}.\n\n"));
        i += 1;
    }
    out
}

fn end_to_end(c: &mut Criterion) {
    let text = corpus();
    let analyzer = Analyzer::builder().build().expect("default analyzer");
    let expected = analyzer.analyze(&text).mentions().len();
    assert!(expected > 0, "the corpus mentions something");
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            let a = analyzer.analyze(black_box(&text));
            assert_eq!(a.mentions().len(), expected);
        })
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(20);
    let entries = Analyzer::builder()
        .build()
        .expect("default analyzer")
        .entry_count();
    group.bench_function("default_analyzer", |b| {
        b.iter(|| {
            let a = Analyzer::builder().build().expect("default analyzer");
            assert_eq!(a.entry_count(), entries);
        })
    });
    group.finish();
}

criterion_group!(benches, end_to_end, build);
criterion_main!(benches);
