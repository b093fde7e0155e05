//! One `Analyzer` shared by many threads gives exactly the sequential results.

use std::sync::{Arc, Barrier};
use std::thread;

use scidip::{Analysis, Analyzer, Overlap};

use super::analyzer;

const _: () = {
    const fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Analyzer>();
    shareable::<Analysis>();
};

/// The bundled samples, and texts that stress the shared parts of the analyzer: many
/// categories at once, long text, scripts other than Latin, text with no mention.
fn documents() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples");
    let mut docs: Vec<String> = std::fs::read_dir(dir)
        .expect("data/samples is readable")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(docs.len() >= 5, "the samples are there");
    docs.push(
        "The Ministry of Foreign Affairs of Pakistan and ICESCO (formerly ISESCO) agreed on \
         scholarships and talks about joining CERN; the WHO and UNESCO joined Kenya, Chile and \
         Viet Nam on clean water, literacy (SDG 4.6) and ocean acidification."
            .repeat(40),
    );
    docs.push("Науки и дипломатия. 科学外交。 الدبلوماسية العلمية — CERN, WHO, who.".into());
    docs.push(String::new());
    docs.push("no mention in this one at all, only plain words".into());
    docs
}

/// Analyses every document on `threads` threads at once, each starting at a different document
/// and going round all of them `rounds` times, and compares with the sequential analyses.
fn compare_with_sequential(analyzer: &Analyzer, threads: usize, rounds: usize) {
    let docs = Arc::new(documents());
    let sequential: Vec<Analysis> = docs.iter().map(|d| analyzer.analyze(d)).collect();
    assert!(sequential.iter().any(|a| a.mentions().len() > 50));
    let start = Arc::new(Barrier::new(threads));
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let docs = Arc::clone(&docs);
                let start = Arc::clone(&start);
                let sequential = &sequential;
                // Half the threads use the shared analyzer, half a clone of it.
                let own = analyzer.clone();
                s.spawn(move || {
                    let analyzer = if t % 2 == 0 { analyzer } else { &own };
                    start.wait();
                    for round in 0..rounds {
                        for k in 0..docs.len() {
                            let i = (t + k + round) % docs.len();
                            let a = analyzer.analyze(&docs[i]);
                            assert!(
                                a == sequential[i],
                                "thread {t}, round {round}: document {i} differs"
                            );
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("no thread panics");
        }
    });
}

#[test]
fn eight_threads_agree_with_sequential_analysis() {
    compare_with_sequential(analyzer(), 8, 3);
}

#[test]
fn eight_threads_agree_with_every_overlap_mode() {
    for overlap in [Overlap::Never, Overlap::All] {
        let analyzer = Analyzer::builder().overlap(overlap).build().unwrap();
        compare_with_sequential(&analyzer, 8, 1);
    }
}

#[test]
fn analyzers_built_on_several_threads_at_once_are_identical() {
    let text = documents().concat();
    let reference = analyzer().analyze(&text);
    thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| Analyzer::builder().build().unwrap().analyze(&text)))
            .collect();
        for h in handles {
            assert!(h.join().unwrap() == reference);
        }
    });
}
