//! The built-in lexicons come from an image that `build.rs` made of the TOML files: an analyzer
//! built from it must equal one built from the TOML text.

use scidip::{Analyzer, Overlap};

/// The default analyzer (from the image) and one from the TOML files parsed here, added as user
/// lexicons (which also makes it read every phrase itself).
fn both(overlap: Overlap, fold: bool) -> (Analyzer, Analyzer) {
    let from_image = Analyzer::builder()
        .overlap(overlap)
        .fold_diacritics(fold)
        .build()
        .expect("builds");
    let mut builder = Analyzer::builder()
        .builtin(false)
        .overlap(overlap)
        .fold_diacritics(fold);
    for lexicon in scidip::internals::builtin_lexicons_from_toml().expect("valid TOML") {
        builder = builder.lexicon(lexicon);
    }
    (from_image, builder.build().expect("builds"))
}

fn texts() -> Vec<String> {
    let mut texts: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples"))
            .expect("the samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).expect("readable"))
            .collect();
    texts.sort();
    assert!(texts.len() >= 6);
    texts.extend(
        [
            "The Ministry of Foreign Affairs of Pakistan and the Iranian Academy of Sciences signed \
             MoUs on joint research; ICESCO and UNESCO will fund scholarships for students from \
             Côte d'Ivoire and Türkiye.",
            "SESAME, the synchrotron light source in Jordan, brings together researchers from Cyprus, \
             Egypt, Iran, Israel, Pakistan, Palestine and Turkey: science diplomacy at work.",
            "CERN's associate members (India, Pakistan, Ukraine) share data with the IAEA's safeguards \
             laboratories; the WHO and FAO reported on SDG 2 and SDG 3 targets 2.1 and 3.3.",
            "Science advice informed the negotiations on the High Seas Treaty (BBNJ), and the IPCC's \
             assessment shaped the Paris Agreement on climate change.",
            "R&D cooperation between the EU and ASEAN: Horizon Europe calls for universities; \
             former names such as the Organisation of the Islamic Conference still appear.",
        ]
        .map(str::to_string),
    );
    texts
}

#[test]
fn the_analyzer_from_the_image_equals_the_analyzer_from_toml() {
    let texts = texts();
    for (overlap, fold) in [
        (Overlap::AcrossCategories, true),
        (Overlap::All, true),
        (Overlap::Never, false),
    ] {
        let (image, toml) = both(overlap, fold);
        assert_eq!(image.entries(), toml.entries());
        assert_eq!(image.term_count(), toml.term_count());
        assert_eq!(image.memory_usage(), toml.memory_usage());
        for text in &texts {
            let (a, b) = (image.analyze(text), toml.analyze(text));
            assert_eq!(a.mentions(), b.mentions(), "{text:.60}");
            assert_eq!(a.cue_mentions(), b.cue_mentions(), "{text:.60}");
            assert_eq!(format!("{:?}", a.scores()), format!("{:?}", b.scores()));
            assert_eq!(a.explain_all(), b.explain_all());
        }
    }
}
