//! Text processing: segmentation into sentences and words, normalisation, stemming.
//!
//! Every offset produced here points into the original text; normalisation works on copies
//! and never moves an offset.

mod normalize;
mod props;
mod segment;
mod sentence;
mod stem;

pub(crate) use normalize::{Folding, normalize_into};
pub(crate) use segment::{Piece, Sink, pieces};
pub(crate) use sentence::sentences;
pub use stem::Language;
pub(crate) use stem::Stemmer;

/// Slices of the speeches in `../shared/bench/` for the differential tests of the fast paths:
/// 96 KiB from four places, as `(offset, text)`, read once per test binary; `None` (with a
/// message) where the corpus is absent.
#[cfg(test)]
pub(crate) fn speech_slices() -> Option<&'static [(usize, String)]> {
    use std::sync::OnceLock;
    static SLICES: OnceLock<Option<Vec<(usize, String)>>> = OnceLock::new();
    let slices = SLICES.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/bench/ungd-2010-2022.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} not available");
            return None;
        };
        let slices = [0usize, 5 << 20, 13 << 20, 29 << 20]
            .into_iter()
            .map(|start| {
                let mut s = start.min(text.len());
                while !text.is_char_boundary(s) {
                    s += 1;
                }
                let mut e = (s + (96 << 10)).min(text.len());
                while !text.is_char_boundary(e) {
                    e -= 1;
                }
                (s, text[s..e].to_string())
            })
            .collect();
        Some(slices)
    });
    slices.as_deref()
}
