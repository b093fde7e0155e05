//! Invariants shared by the fuzz targets: what every `Analysis` must satisfy for any input.

use std::collections::HashMap;

use scidip::{Analysis, Analyzer, Category, Overlap, Span};

/// Checks every invariant of `a`, the analysis of `text` by an analyzer with `overlap`,
/// panicking with a description (libFuzzer then reports the input as a crash).
pub fn check(text: &str, a: &Analysis, overlap: Overlap) {
    let sentences = a.sentences();
    let mut prev_end = 0;
    for (i, s) in sentences.iter().enumerate() {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "sentence {i} {s:?} out of the text"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence {i} {s:?} is not on char boundaries"
        );
        assert!(
            s.start >= prev_end,
            "sentence {i} {s:?} overlaps the previous one"
        );
        prev_end = s.end;
    }

    let mut prev_start = 0;
    // Per group: the last distinct span and its end. By default mentions of one category do
    // not overlap; with `Overlap::Never` no two mentions do; co-located entries share a span.
    let mut last: HashMap<Option<Category>, (Span, usize)> = HashMap::new();
    for m in a.mentions() {
        let sp = m.span;
        assert!(
            sp.start < sp.end && sp.end <= text.len(),
            "mention {m:?} outside the text"
        );
        assert!(
            text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end),
            "mention {m:?} is not on char boundaries"
        );
        assert!(
            sp.start >= prev_start,
            "mentions are not sorted by start: {m:?}"
        );
        prev_start = sp.start;
        assert!(
            m.sentence < sentences.len(),
            "mention {m:?}: no sentence {}",
            m.sentence
        );
        assert!(
            sentences[m.sentence].contains(sp),
            "mention {m:?} is not inside its sentence {:?}",
            sentences[m.sentence]
        );
        assert!(
            m.word_start < m.word_end && (m.word_end as usize) <= a.word_count(),
            "mention {m:?}: bad word range ({} words)",
            a.word_count()
        );
        // Ids resolve.
        let _ = a.entry(m);
        let _ = a.term(m);
        let _ = a.category_name(m.category);
        let group = match overlap {
            Overlap::Never => None,
            Overlap::All => continue,
            _ => Some(m.category),
        };
        match last.get(&group) {
            Some(&(prev, end)) if prev != sp => {
                assert!(
                    sp.start >= end,
                    "mention {m:?} overlaps {prev:?} ({overlap:?})"
                );
                last.insert(group, (sp, sp.end));
            }
            Some(_) => {}
            None => {
                last.insert(group, (sp, sp.end));
            }
        }
    }

    let unit = |what: &str, x: f32| assert!((0.0..1.0).contains(&x), "{what} = {x} not in [0, 1)");
    unit("relevance", a.relevance());
    for mode in a.modes() {
        unit(mode.mode.name(), mode.score);
    }
    for g in a.sdgs() {
        unit("sdg score", g.score);
    }
    for c in a.organisations().iter().chain(a.countries().iter()) {
        assert!(c.count > 0 && c.first.end <= text.len());
    }
}

/// Analyses `text` and checks the invariants, and that a second analysis is identical.
pub fn analyse_and_check(analyzer: &Analyzer, text: &str) -> Analysis {
    let a = analyzer.analyze(text);
    check(text, &a, analyzer.overlap());
    let again = analyzer.analyze(text);
    assert!(a == again, "two analyses of the same text differ");
    a
}
