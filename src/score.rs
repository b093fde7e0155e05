//! Scoring: from mentions to relevance, mode scores and SDG scores.
//!
//! # The model
//!
//! 1. Every mention has a *weight*: the entry's `weight` times the term's `weight`, times
//!    [`AMBIGUOUS_FACTOR`] when the term is marked `ambiguous`.
//! 2. Mentions of one entry *saturate*: an entry mentioned `n` times contributes its largest
//!    mention weight times `log2(1 + n)`, so one word repeated fifty times counts about as much
//!    as six different cues, not fifty.
//! 3. A mode's *evidence* is the sum, over the cue entries of that mode, of their contribution
//!    times the cue strength's weight ([`STRENGTH_EXPLICIT`] … [`STRENGTH_WEAK`]). An SDG's
//!    evidence is the sum over its entries.
//! 4. Evidence is *normalised for length*: divided by `sqrt(words / LENGTH_REFERENCE)` when the
//!    document is longer than [`LENGTH_REFERENCE`] words, so long documents need proportionally
//!    more cues while short ones are not inflated.
//! 5. A score is `1 - exp(-evidence / scale)`, in `[0, 1)`, and a label is on when the score
//!    reaches its threshold in [`ScoringConfig`].
//!
//! Relevance (is this science-diplomacy content?) uses the mode cues of every mode and the
//! general cues (`mode = "general"`) together.

use crate::analysis::Mention;
use crate::lexicon::Category;
use crate::lexicon::{CueStrength, EntryData, EntryId, LexiconSet, Mode, Target};

/// Weight of a mention whose term is marked `ambiguous`: half, so it counts but needs support.
pub const AMBIGUOUS_FACTOR: f32 = 0.5;
/// Weight of an explicit cue: naming a mode is the strongest evidence there is.
pub const STRENGTH_EXPLICIT: f32 = 3.0;
/// Weight of a strong cue: an activity that signals the mode on its own.
pub const STRENGTH_STRONG: f32 = 2.0;
/// Weight of a moderate cue.
pub const STRENGTH_MODERATE: f32 = 1.0;
/// Weight of a weak cue: a few weak cues should not make a label on their own.
pub const STRENGTH_WEAK: f32 = 0.4;
/// Document length (in words) up to which evidence is not normalised: about two pages.
pub const LENGTH_REFERENCE: f32 = 600.0;

/// Thresholds and scales of the scoring model. The defaults are documented constants.
///
/// ```
/// use scidip::{Analyzer, ScoringConfig};
///
/// let mut scoring = ScoringConfig::default();
/// scoring.mode_threshold = 0.6;
/// let analyzer = Analyzer::builder().scoring(scoring).build()?;
/// assert_eq!(analyzer.scoring().mode_threshold, 0.6);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ScoringConfig {
    /// Evidence at which a mode's score is `1 - 1/e` (about 0.63).
    pub mode_scale: f32,
    /// Score at which a mode's label is on.
    pub mode_threshold: f32,
    /// Evidence at which relevance is about 0.63.
    pub relevance_scale: f32,
    /// Relevance at which a document counts as science-diplomacy content.
    pub relevance_threshold: f32,
    /// Evidence at which an SDG's score is about 0.63.
    pub sdg_scale: f32,
    /// Score at which an SDG's label is on.
    pub sdg_threshold: f32,
}

impl Default for ScoringConfig {
    fn default() -> ScoringConfig {
        ScoringConfig {
            // One strong cue (2.0) gives 0.49; an explicit name (3.0) gives 0.63.
            mode_scale: 3.0,
            // A strong cue on its own is enough; three weak cues (1.2) are not (0.33).
            mode_threshold: 0.45,
            relevance_scale: 3.0,
            relevance_threshold: 0.45,
            // Two specific phrases of weight 1 give 0.63.
            sdg_scale: 2.0,
            sdg_threshold: 0.5,
        }
    }
}

/// The score and label of one mode.
///
/// ```
/// use scidip::{Analyzer, Mode};
///
/// let analyzer = Analyzer::builder().build()?;
/// let a = analyzer.analyze("The two academies' science for diplomacy work built trust.");
/// let m = a.mode(Mode::ScienceForDiplomacy);
/// assert!(m.label && m.score > 0.5);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ModeScore {
    /// The mode.
    pub mode: Mode,
    /// Score in `[0, 1)`.
    pub score: f32,
    /// Whether the score reaches the threshold.
    pub label: bool,
    /// The evidence behind the score, before the `1 - exp` mapping.
    pub evidence: f32,
}

/// The score and label of one SDG, with the targets hit.
///
/// ```
/// let analyzer = scidip::Analyzer::builder().build()?;
/// let a = analyzer.analyze("Maternal mortality and child mortality fell as vaccine coverage rose.");
/// let g = a.sdg(3).unwrap();
/// assert!(g.label);
/// assert!(g.targets.iter().any(|t| t.to_string() == "3.1"));
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SdgScore {
    /// Goal number, 1 to 17.
    pub goal: u8,
    /// Score in `[0, 1)`.
    pub score: f32,
    /// Whether the score reaches the threshold.
    pub label: bool,
    /// The evidence behind the score.
    pub evidence: f32,
    /// Targets whose specific terms were mentioned, in order.
    pub targets: Vec<Target>,
}

/// All scores of a document.
///
/// ```
/// let analyzer = scidip::Analyzer::builder().build()?;
/// let scores = analyzer.analyze("Science diplomacy between Pakistan and Iran.").scores().clone();
/// assert!(scores.science_diplomacy);
/// assert_eq!(scores.sdgs.len(), 17);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Scores {
    /// Relevance to science diplomacy, in `[0, 1)`.
    pub relevance: f32,
    /// Whether relevance reaches its threshold.
    pub science_diplomacy: bool,
    /// The three modes, in the order of [`Mode::ALL`].
    pub modes: [ModeScore; 3],
    /// The 17 goals, in order.
    pub sdgs: Vec<SdgScore>,
}

/// What scoring needs to know about each entry, computed once per analyzer.
#[derive(Clone, Copy, Debug)]
enum Role {
    None,
    Mode { modes: [bool; 3], strength: f32 },
    Sdg { goal: u8 },
}

pub(crate) struct ScoreModel {
    roles: Vec<Role>,
}

fn strength_weight(s: CueStrength) -> f32 {
    match s {
        CueStrength::Explicit => STRENGTH_EXPLICIT,
        CueStrength::Strong => STRENGTH_STRONG,
        CueStrength::Moderate => STRENGTH_MODERATE,
        CueStrength::Weak => STRENGTH_WEAK,
    }
}

impl ScoreModel {
    pub(crate) fn new(set: &LexiconSet) -> ScoreModel {
        let roles = set
            .entries
            .iter()
            .zip(&set.entry_category)
            .map(|(e, &cat)| match &e.data {
                EntryData::Mode(cue) if cat == Category::MODE => {
                    let mut modes = [false; 3];
                    for m in &cue.modes {
                        modes[m.index()] = true;
                    }
                    Role::Mode {
                        modes,
                        strength: strength_weight(cue.strength),
                    }
                }
                EntryData::Sdg(g) if cat == Category::SDG && g.goal >= 1 => {
                    Role::Sdg { goal: g.goal }
                }
                _ => Role::None,
            })
            .collect();
        ScoreModel { roles }
    }

    pub(crate) fn score(
        &self,
        set: &LexiconSet,
        config: &ScoringConfig,
        mentions: &[Mention],
        words: usize,
    ) -> Scores {
        // Per entry: mention count and largest mention weight.
        let mut per_entry: Vec<(EntryId, u32, f32)> = Vec::new();
        let mut targets: Vec<Vec<Target>> = vec![Vec::new(); 17];
        let mut sorted: Vec<&Mention> = mentions
            .iter()
            .filter(|m| !matches!(self.roles[m.entry.index()], Role::None))
            .collect();
        sorted.sort_by_key(|m| m.entry);
        for m in sorted {
            let entry = set.entry(m.entry);
            let term = set.term(m.term);
            let mut w = entry.weight * term.weight;
            if term.ambiguous {
                w *= AMBIGUOUS_FACTOR;
            }
            if let Some(t) = term.target {
                let list = &mut targets[usize::from(t.goal() - 1)];
                if !list.contains(&t) {
                    list.push(t);
                }
            }
            match per_entry.last_mut() {
                Some((e, n, max)) if *e == m.entry => {
                    *n += 1;
                    *max = max.max(w);
                }
                _ => per_entry.push((m.entry, 1, w)),
            }
        }
        let norm = length_factor(words);
        let mut mode_ev = [0f32; 3];
        let mut relevance_ev = 0f32;
        let mut sdg_ev = [0f32; 17];
        for &(e, n, w) in &per_entry {
            let contribution = w * (1.0 + n as f32).log2();
            match self.roles[e.index()] {
                Role::Mode { modes, strength } => {
                    let ev = contribution * strength;
                    relevance_ev += ev;
                    for (i, on) in modes.iter().enumerate() {
                        if *on {
                            mode_ev[i] += ev;
                        }
                    }
                }
                Role::Sdg { goal } => sdg_ev[usize::from(goal - 1)] += contribution,
                Role::None => {}
            }
        }
        let modes = Mode::ALL.map(|mode| {
            let evidence = mode_ev[mode.index()] / norm;
            let score = saturate(evidence, config.mode_scale);
            ModeScore {
                mode,
                score,
                label: score >= config.mode_threshold,
                evidence,
            }
        });
        let relevance = saturate(relevance_ev / norm, config.relevance_scale);
        let sdgs = (1..=17u8)
            .map(|goal| {
                let evidence = sdg_ev[usize::from(goal - 1)] / norm;
                let score = saturate(evidence, config.sdg_scale);
                let mut t = std::mem::take(&mut targets[usize::from(goal - 1)]);
                t.sort();
                SdgScore {
                    goal,
                    score,
                    label: score >= config.sdg_threshold,
                    evidence,
                    targets: t,
                }
            })
            .collect();
        Scores {
            relevance,
            science_diplomacy: relevance >= config.relevance_threshold,
            modes,
            sdgs,
        }
    }
}

fn length_factor(words: usize) -> f32 {
    (words as f32 / LENGTH_REFERENCE).sqrt().max(1.0)
}

fn saturate(evidence: f32, scale: f32) -> f32 {
    if scale <= 0.0 {
        return if evidence > 0.0 { 1.0 } else { 0.0 };
    }
    1.0 - (-evidence / scale).exp()
}
