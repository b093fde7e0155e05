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
pub(crate) use segment::{Piece, pieces};
pub(crate) use sentence::sentences;
pub use stem::Language;
pub(crate) use stem::Stemmer;
