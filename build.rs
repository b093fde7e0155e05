//! Writes the built-in lexicons (`data/lexicons/*.toml`) as a pre-parsed image that the crate
//! embeds, so that a process building its first analyzer does not run the TOML parser, and a
//! table of the English stems of the words their strings use, so that compiling them does not
//! run the stemmer. The TOML files stay the only source: the image is remade whenever one of
//! them changes, and the crate falls back to parsing the TOML when a file has no image (a file
//! that does not parse here is left out, and the crate reports its error).

use std::path::{Path, PathBuf};
use std::{env, fs};

#[allow(dead_code)]
#[path = "src/lexicon/tree.rs"]
mod tree;

/// Where the lexicons are, relative to the package.
const DIR: &str = "data/lexicons";

/// Strings under these keys are prose, never terms: their words need no stem.
const PROSE: &[&str] = &[
    "description",
    "provenance",
    "licence",
    "label",
    "id",
    "version",
];

/// Words longer than this are not stemmed by the crate (`text/stem.rs`).
const MAX_STEM_BYTES: usize = 64;

fn main() {
    println!("cargo::rerun-if-changed={DIR}");
    println!("cargo::rerun-if-changed=src/lexicon/tree.rs");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut files = Vec::new();
    let mut words = Vec::new();
    if env::var_os("CARGO_FEATURE_BUILTIN").is_some() {
        for path in toml_files(Path::new(DIR)) {
            println!("cargo::rerun-if-changed={}", path.display());
            let Ok(src) = fs::read_to_string(&path) else {
                continue;
            };
            // A file that does not parse gets no image: the crate parses it and reports why.
            let Ok(root) = tree::parse_toml(&src) else {
                continue;
            };
            collect_words(&root, &mut words);
            let mut image = Vec::new();
            tree::encode(&root, &mut image);
            let name = format!("{DIR}/{}", path.file_name().unwrap_or_default().display());
            files.push((name, src.len(), image));
        }
    }
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    words.sort_unstable();
    words.dedup();
    let stems: Vec<(String, String)> = words
        .into_iter()
        .map(|w| {
            let stem = stemmer.stem(&w).into_owned();
            (w, stem)
        })
        .collect();
    let bundle = tree::encode_bundle(&files, "en", &stems);
    fs::write(out.join("builtin.img"), bundle).expect("OUT_DIR is writable");
}

/// The `.toml` files of a directory, sorted by name.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

/// The lower-cased runs of letters in the strings of a table, except prose.
fn collect_words(t: &tree::DeTable<'_>, out: &mut Vec<String>) {
    for (key, value) in t.iter() {
        if !PROSE.contains(&key.get_ref().as_ref()) {
            collect_value(value, out);
        }
    }
}

fn collect_value(v: &tree::Value<'_>, out: &mut Vec<String>) {
    match v.get_ref() {
        tree::DeValue::String(s) => {
            // Words split where letters meet digits, as the crate's segmenter does; a word that
            // ends in a capital or a digit may be an acronym, whose plural is matched too.
            for word in s.split(|c: char| !c.is_alphanumeric()) {
                for part in split_digits(word) {
                    let lower = part.to_lowercase();
                    if part.ends_with(|c: char| c.is_uppercase() || c.is_numeric()) {
                        out.push(format!("{lower}s"));
                    }
                    out.push(lower);
                }
            }
            out.retain(|w| !w.is_empty() && w.len() <= MAX_STEM_BYTES);
        }
        tree::DeValue::Array(items) => items.iter().for_each(|i| collect_value(i, out)),
        tree::DeValue::Table(t) => collect_words(t, out),
        _ => {}
    }
}

/// The runs of letters and the runs of digits of a word.
fn split_digits(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut digits = None;
    for (i, c) in word.char_indices() {
        let d = c.is_numeric();
        if digits.is_some_and(|was| was != d) {
            parts.push(&word[start..i]);
            start = i;
        }
        digits = Some(d);
    }
    parts.push(&word[start..]);
    parts
}
