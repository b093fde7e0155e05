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
//!
//! # Context rules
//!
//! [Rules](crate::rules) act on the mentions before steps 1–5: a *veto* removes a mention from
//! every score, a *confirm* lifts the ambiguity factor of a mention. A rule with an evidence
//! effect saturates like an entry: fired `n` times, it contributes its strength's weight times
//! its `weight` times `log2(1 + n)` to its mode (and to relevance), to relevance alone, or to its
//! goal.
//!
//! # Corpus statistics
//!
//! With [`CorpusStats`] given to the builder
//! ([`AnalyzerBuilder::corpus_stats`](crate::AnalyzerBuilder::corpus_stats)), an entry mentioned
//! in more than [`CORPUS_COMMON`] of the collection's documents is weighed down by
//! `ln(N / df) / ln(1 / CORPUS_COMMON)` (never below [`CORPUS_FLOOR`]): a term every document
//! of *your* corpus uses says little about any one of them.
//!
//! # Explanations
//!
//! [`Analysis::explain`](crate::Analysis::explain) reruns the model on the stored mentions and
//! returns, for one score, every entry and rule that contributed, with its mentions, its count,
//! its weight and the evidence it added, and the mentions that rules vetoed.

use std::collections::BTreeMap;

use crate::Span;
use crate::analysis::{Analysis, Mention};
use crate::error::BuildError;
use crate::lexicon::Category;
use crate::lexicon::{CueStrength, EntryData, EntryId, LexiconSet, Mode, Target};
use crate::rules::{CompiledRules, Effect, Outcome, RuleScratch};

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
/// Share of a corpus's documents above which an entry counts as common there and is weighed
/// down: one document in five.
pub const CORPUS_COMMON: f32 = 0.2;
/// The least weight corpus statistics leave an entry: a quarter, so that a term common in the
/// corpus still counts when nothing else is there.
pub const CORPUS_FLOOR: f32 = 0.25;
/// Fewest documents for corpus statistics to be used: below this, frequencies say nothing.
pub const CORPUS_MIN_DOCUMENTS: u32 = 20;

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
            // One specific phrase of weight 1 (0.39) is enough; an ambiguous one alone (0.22)
            // is not. Measured on the two halves of the SDG development set: 0.35 gives the
            // best accuracy on both (0.4 sits right above a single phrase, 0.5 needs two).
            sdg_threshold: 0.35,
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

/// Which score an [`Explanation`] is about.
///
/// ```
/// use scidip::{Mode, score::ScoreKind};
/// assert_eq!(ScoreKind::Mode(Mode::ScienceInDiplomacy).to_string(), "science_in_diplomacy");
/// assert_eq!(ScoreKind::Sdg(4).to_string(), "sdg4");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum ScoreKind {
    /// Relevance to science diplomacy.
    Relevance,
    /// One mode.
    Mode(Mode),
    /// One goal, 1 to 17.
    Sdg(u8),
}

impl std::fmt::Display for ScoreKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScoreKind::Relevance => f.write_str("relevance"),
            ScoreKind::Mode(m) => f.write_str(m.name()),
            ScoreKind::Sdg(g) => write!(f, "sdg{g}"),
        }
    }
}

/// What produced a [`Contribution`].
///
/// ```
/// use scidip::score::Source;
/// let s = Source::Rule { rule: "sfd.academic_mou".into() };
/// assert!(matches!(s, Source::Rule { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Source {
    /// The mentions of one lexicon entry.
    Entry {
        /// The entry.
        entry: EntryId,
        /// `category:id` of the entry.
        name: String,
    },
    /// The firings of one context rule.
    Rule {
        /// The rule's id.
        rule: String,
    },
}

/// One entry's or one rule's part in a score.
///
/// ```
/// use scidip::{Analyzer, Mode, score::ScoreKind};
/// let analyzer = Analyzer::builder().build()?;
/// let a = analyzer.analyze("Science diplomacy, science diplomacy, science diplomacy.");
/// let e = a.explain(ScoreKind::Relevance);
/// let c = &e.contributions[0];
/// assert_eq!(c.count, 3);
/// assert!((c.evidence - c.weight * 2.0).abs() < 1e-4); // log2(1 + 3) = 2
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Contribution {
    /// The entry or rule.
    pub source: Source,
    /// The mentions behind it: an entry's mentions, or a rule's anchor and supporting mentions
    /// (cue mentions included), in text order.
    pub spans: Vec<Span>,
    /// Number of mentions (entry) or firings (rule).
    pub count: u32,
    /// Weight of one mention or firing: entry and term weights, ambiguity, cue strength,
    /// corpus statistics; for a rule its strength times its `weight`.
    pub weight: f32,
    /// Evidence added, before length normalisation: `weight * log2(1 + count)`.
    pub evidence: f32,
}

/// A mention that a veto rule removed from scoring.
///
/// ```
/// use scidip::{Analyzer, score::ScoreKind};
/// let analyzer = Analyzer::builder().build()?;
/// let text = "Data literacy workshops for journalists.";
/// let a = analyzer.analyze(text);
/// let e = a.explain(ScoreKind::Sdg(4));
/// assert!(e.vetoed.iter().any(|v| v.rule == "sdg4.literacy_domain"));
/// assert_eq!(&text[e.vetoed[0].span], "literacy");
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Vetoed {
    /// Where the mention is.
    pub span: Span,
    /// The entry it mentions.
    pub entry: EntryId,
    /// The rule that vetoed it.
    pub rule: String,
}

/// Why a score is what it is: every contribution, largest first.
///
/// ```
/// use scidip::{Analyzer, Mode, score::{ScoreKind, Source}};
///
/// let analyzer = Analyzer::builder().build()?;
/// let text = "Chile and the European Southern Observatory signed an agreement giving Chilean \
///             astronomers observing time.";
/// let a = analyzer.analyze(text);
/// let e = a.explain(ScoreKind::Mode(Mode::DiplomacyForScience));
/// assert_eq!(e.score, a.mode(Mode::DiplomacyForScience).score);
/// for c in &e.contributions {
///     let quotes: Vec<&str> = c.spans.iter().map(|s| &text[*s]).collect();
///     println!("{:?} +{:.2} {:?}", c.source, c.evidence, quotes);
/// }
/// assert!(e.contributions.iter().any(|c| matches!(c.source, Source::Rule { .. })));
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Explanation {
    /// The score explained.
    pub kind: ScoreKind,
    /// The score, as in [`Scores`].
    pub score: f32,
    /// The label, as in [`Scores`].
    pub label: bool,
    /// The threshold the score is compared with.
    pub threshold: f32,
    /// The scale of the `1 - exp(-evidence / scale)` mapping.
    pub scale: f32,
    /// Evidence after length normalisation (the sum of the contributions divided by
    /// `length_factor`).
    pub evidence: f32,
    /// What the evidence was divided by for the document's length (1 up to
    /// [`LENGTH_REFERENCE`] words).
    pub length_factor: f32,
    /// Every contribution, largest first.
    pub contributions: Vec<Contribution>,
    /// Mentions that would have counted for this score but were vetoed by a rule.
    pub vetoed: Vec<Vetoed>,
}

/// Document frequencies of entries over a collection, to weigh down what is common in it.
///
/// Collect them with an analyzer, then build the analyzer you use with them
/// ([`AnalyzerBuilder::corpus_stats`](crate::AnalyzerBuilder::corpus_stats)). Entries are keyed
/// by category and id, so statistics stay valid across analyzers with the same lexicons (and
/// can be saved with serde).
///
/// ```
/// use scidip::{Analyzer, score::CorpusStats};
///
/// let plain = Analyzer::builder().build()?;
/// let mut stats = CorpusStats::new();
/// for i in 0..40 {
///     // A corpus in which every document names science diplomacy.
///     stats.add(&plain.analyze(&format!("Report {i} on science diplomacy.")));
/// }
/// assert_eq!(stats.documents(), 40);
/// assert_eq!(stats.document_frequency("mode", "general.explicit"), 40);
///
/// let tuned = Analyzer::builder().corpus_stats(stats).build()?;
/// let text = "Science diplomacy.";
/// assert!(tuned.analyze(text).relevance() < plain.analyze(text).relevance());
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CorpusStats {
    documents: u32,
    frequencies: BTreeMap<String, u32>,
}

impl CorpusStats {
    /// Empty statistics.
    ///
    /// ```
    /// assert_eq!(scidip::score::CorpusStats::new().documents(), 0);
    /// ```
    #[must_use]
    pub fn new() -> CorpusStats {
        CorpusStats::default()
    }

    /// Counts one document: each entry mentioned in it (rule cues included) once.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let mut stats = scidip::score::CorpusStats::new();
    /// stats.add(&analyzer.analyze("CERN, CERN and ITER."));
    /// assert_eq!(stats.document_frequency("organisation", "cern"), 1);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn add(&mut self, analysis: &Analysis) {
        self.documents = self.documents.saturating_add(1);
        let mut seen: Vec<EntryId> = analysis
            .mentions()
            .iter()
            .chain(analysis.cue_mentions())
            .map(|m| m.entry)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for e in seen {
            let entry = analysis.entry_by_id(e);
            let key = format!("{}:{}", entry.category, entry.id);
            let n = self.frequencies.entry(key).or_insert(0);
            *n = n.saturating_add(1);
        }
    }

    /// Number of documents counted.
    ///
    /// ```
    /// assert_eq!(scidip::score::CorpusStats::default().documents(), 0);
    /// ```
    #[must_use]
    pub fn documents(&self) -> u32 {
        self.documents
    }

    /// Number of documents that mention the entry `category:id`.
    ///
    /// ```
    /// let stats = scidip::score::CorpusStats::new();
    /// assert_eq!(stats.document_frequency("country", "PAK"), 0);
    /// ```
    #[must_use]
    pub fn document_frequency(&self, category: &str, id: &str) -> u32 {
        self.frequencies
            .get(&format!("{category}:{id}"))
            .copied()
            .unwrap_or(0)
    }

    /// The weight factor of an entry with document frequency `df`.
    fn factor(&self, df: u32) -> f32 {
        if self.documents < CORPUS_MIN_DOCUMENTS || df == 0 {
            return 1.0;
        }
        let share = df as f32 / self.documents as f32;
        if share <= CORPUS_COMMON {
            1.0
        } else {
            ((1.0 / share).ln() / (1.0 / CORPUS_COMMON).ln()).max(CORPUS_FLOOR)
        }
    }
}

pub(crate) struct ScoreModel {
    roles: Vec<Role>,
    /// Per entry, the corpus-statistics factor (empty without statistics).
    corpus: Vec<f32>,
    pub(crate) rules: CompiledRules,
}

pub(crate) fn strength_weight(s: CueStrength) -> f32 {
    match s {
        CueStrength::Explicit => STRENGTH_EXPLICIT,
        CueStrength::Strong => STRENGTH_STRONG,
        CueStrength::Moderate => STRENGTH_MODERATE,
        CueStrength::Weak => STRENGTH_WEAK,
    }
}

/// Contributions recorded while scoring, for explanations.
type Record = Vec<(ScoreKind, Contribution)>;

impl ScoreModel {
    pub(crate) fn new(
        set: &LexiconSet,
        stats: Option<&CorpusStats>,
    ) -> Result<ScoreModel, BuildError> {
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
        let corpus = match stats {
            Some(s) if s.documents >= CORPUS_MIN_DOCUMENTS => set
                .entries
                .iter()
                .map(|e| s.factor(s.document_frequency(&e.category, &e.id)))
                .collect(),
            _ => Vec::new(),
        };
        Ok(ScoreModel {
            roles,
            corpus,
            rules: CompiledRules::new(set)?,
        })
    }

    /// Evaluates the rules over every mention of a document (cues included), in `scratch`.
    pub(crate) fn evaluate_rules(
        &self,
        set: &LexiconSet,
        mentions: &[Mention],
        scratch: &mut RuleScratch,
    ) -> Outcome {
        self.rules.evaluate(set, mentions, scratch)
    }

    /// Scores a document from all its mentions (cues included) and the rules' outcome. With
    /// `record`, every contribution is recorded for explanations.
    pub(crate) fn score(
        &self,
        set: &LexiconSet,
        config: &ScoringConfig,
        mentions: &[Mention],
        outcome: &Outcome,
        words: usize,
        mut record: Option<&mut Record>,
    ) -> Scores {
        // Per entry: mention count, largest mention weight, and (when recording) the spans.
        let mut per_entry: Vec<(EntryId, u32, f32, Vec<Span>)> = Vec::new();
        let mut targets: Vec<Vec<Target>> = vec![Vec::new(); 17];
        let mut sorted: Vec<(EntryId, usize)> = (0..mentions.len())
            .filter(|&i| {
                !matches!(self.roles[mentions[i].entry.index()], Role::None)
                    && outcome.vetoed.get(i).is_none_or(Option::is_none)
            })
            .map(|i| (mentions[i].entry, i))
            .collect();
        // The index makes every key distinct, so an unstable sort gives the stable order.
        sorted.sort_unstable();
        for (_, i) in sorted {
            let m = &mentions[i];
            let entry = set.entry(m.entry);
            let term = set.term(m.term);
            let mut w = entry.weight * term.weight;
            if term.ambiguous && !outcome.confirmed.get(i).copied().unwrap_or(false) {
                w *= AMBIGUOUS_FACTOR;
            }
            if let Some(f) = self.corpus.get(m.entry.index()) {
                w *= f;
            }
            if let Some(t) = term.target {
                let list = &mut targets[usize::from(t.goal() - 1)];
                if !list.contains(&t) {
                    list.push(t);
                }
            }
            match per_entry.last_mut() {
                Some((e, n, max, spans)) if *e == m.entry => {
                    *n += 1;
                    *max = max.max(w);
                    if record.is_some() {
                        spans.push(m.span);
                    }
                }
                _ => {
                    let spans = if record.is_some() {
                        vec![m.span]
                    } else {
                        Vec::new()
                    };
                    per_entry.push((m.entry, 1, w, spans));
                }
            }
        }
        let norm = length_factor(words);
        let mut mode_ev = [0f32; 3];
        let mut relevance_ev = 0f32;
        let mut sdg_ev = [0f32; 17];
        for (e, n, w, spans) in per_entry {
            let gain = (1.0 + n as f32).log2();
            let mut push = |kind: ScoreKind, weight: f32| {
                if let Some(r) = record.as_deref_mut() {
                    let entry = set.entry(e);
                    r.push((
                        kind,
                        Contribution {
                            source: Source::Entry {
                                entry: e,
                                name: format!("{}:{}", entry.category, entry.id),
                            },
                            spans: spans.clone(),
                            count: n,
                            weight,
                            evidence: weight * gain,
                        },
                    ));
                }
            };
            match self.roles[e.index()] {
                Role::Mode { modes, strength } => {
                    let weight = w * strength;
                    relevance_ev += weight * gain;
                    push(ScoreKind::Relevance, weight);
                    for mode in Mode::ALL {
                        if modes[mode.index()] {
                            mode_ev[mode.index()] += weight * gain;
                            push(ScoreKind::Mode(mode), weight);
                        }
                    }
                }
                Role::Sdg { goal } => {
                    sdg_ev[usize::from(goal - 1)] += w * gain;
                    push(ScoreKind::Sdg(goal), w);
                }
                Role::None => {}
            }
        }
        // Rules with evidence effects: firings per rule, saturated like mentions.
        let mut fired: Vec<(usize, u32, Vec<Span>)> = Vec::new();
        for f in &outcome.firings {
            let rule = &self.rules.rules[f.rule];
            if matches!(rule.effect, Effect::Veto | Effect::Confirm) {
                continue;
            }
            let spans = || {
                std::iter::once(f.anchor)
                    .chain(f.support.iter().copied())
                    .map(|i| mentions[i].span)
            };
            match fired.iter_mut().find(|(r, _, _)| *r == f.rule) {
                Some((_, n, s)) => {
                    *n += 1;
                    if record.is_some() {
                        s.extend(spans());
                    }
                }
                None => fired.push((
                    f.rule,
                    1,
                    if record.is_some() {
                        spans().collect()
                    } else {
                        Vec::new()
                    },
                )),
            }
        }
        for (r, n, mut spans) in fired {
            let rule = &self.rules.rules[r];
            let weight = rule.weight * rule.strength.map_or(1.0, strength_weight);
            let evidence = weight * (1.0 + n as f32).log2();
            let mut kinds: Vec<ScoreKind> = Vec::new();
            match rule.effect {
                Effect::Mode(m) => {
                    mode_ev[m.index()] += evidence;
                    relevance_ev += evidence;
                    kinds.extend([ScoreKind::Relevance, ScoreKind::Mode(m)]);
                }
                Effect::Relevance => {
                    relevance_ev += evidence;
                    kinds.push(ScoreKind::Relevance);
                }
                Effect::Goal(g) => {
                    sdg_ev[usize::from(g - 1)] += evidence;
                    kinds.push(ScoreKind::Sdg(g));
                }
                Effect::Target(t) => {
                    sdg_ev[usize::from(t.goal() - 1)] += evidence;
                    let list = &mut targets[usize::from(t.goal() - 1)];
                    if !list.contains(&t) {
                        list.push(t);
                    }
                    kinds.push(ScoreKind::Sdg(t.goal()));
                }
                Effect::Veto | Effect::Confirm => {}
            }
            if let Some(rec) = record.as_deref_mut() {
                spans.sort();
                spans.dedup();
                for kind in kinds {
                    rec.push((
                        kind,
                        Contribution {
                            source: Source::Rule {
                                rule: rule.id.clone(),
                            },
                            spans: spans.clone(),
                            count: n,
                            weight,
                            evidence,
                        },
                    ));
                }
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

    /// The explanations of `kinds` for one document, from one evaluation of the rules and one
    /// scoring pass.
    pub(crate) fn explain(
        &self,
        set: &LexiconSet,
        config: &ScoringConfig,
        mentions: &[Mention],
        words: usize,
        kinds: &[ScoreKind],
    ) -> Vec<Explanation> {
        let outcome = self.evaluate_rules(set, mentions, &mut RuleScratch::default());
        let mut record = Record::new();
        let scores = self.score(set, config, mentions, &outcome, words, Some(&mut record));
        kinds
            .iter()
            .map(|&kind| {
                let contributions = record
                    .extract_if(.., |(k, _)| *k == kind)
                    .map(|(_, c)| c)
                    .collect();
                self.explanation(
                    config,
                    mentions,
                    words,
                    &outcome,
                    &scores,
                    kind,
                    contributions,
                )
            })
            .collect()
    }

    /// The explanation of one score, given its contributions.
    #[allow(clippy::too_many_arguments)]
    fn explanation(
        &self,
        config: &ScoringConfig,
        mentions: &[Mention],
        words: usize,
        outcome: &Outcome,
        scores: &Scores,
        kind: ScoreKind,
        mut contributions: Vec<Contribution>,
    ) -> Explanation {
        let (score, label, threshold, scale, evidence) = match kind {
            ScoreKind::Relevance => (
                scores.relevance,
                scores.science_diplomacy,
                config.relevance_threshold,
                config.relevance_scale,
                0.0,
            ),
            ScoreKind::Mode(m) => {
                let s = &scores.modes[m.index()];
                (
                    s.score,
                    s.label,
                    config.mode_threshold,
                    config.mode_scale,
                    s.evidence,
                )
            }
            ScoreKind::Sdg(g) => match scores.sdgs.get(usize::from(g).wrapping_sub(1)) {
                Some(s) => (
                    s.score,
                    s.label,
                    config.sdg_threshold,
                    config.sdg_scale,
                    s.evidence,
                ),
                None => (0.0, false, config.sdg_threshold, config.sdg_scale, 0.0),
            },
        };
        contributions.sort_by(|a, b| b.evidence.total_cmp(&a.evidence));
        let evidence = if kind == ScoreKind::Relevance {
            contributions.iter().map(|c| c.evidence).sum::<f32>() / length_factor(words)
        } else {
            evidence
        };
        let vetoed = outcome
            .vetoed
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let firing = &outcome.firings[(*v)?];
                let m = &mentions[i];
                let counts_for = match (self.roles[m.entry.index()], kind) {
                    (Role::Mode { .. }, ScoreKind::Relevance) => true,
                    (Role::Mode { modes, .. }, ScoreKind::Mode(k)) => modes[k.index()],
                    (Role::Sdg { goal }, ScoreKind::Sdg(g)) => goal == g,
                    _ => false,
                };
                counts_for.then(|| Vetoed {
                    span: m.span,
                    entry: m.entry,
                    rule: self.rules.rules[firing.rule].id.clone(),
                })
            })
            .collect();
        Explanation {
            kind,
            score,
            label,
            threshold,
            scale,
            evidence,
            length_factor: length_factor(words),
            contributions,
            vetoed,
        }
    }
}

fn length_factor(words: usize) -> f32 {
    (words as f32 / LENGTH_REFERENCE).sqrt().max(1.0)
}

/// The largest `f32` below 1: scores stay in `[0, 1)` even when `exp` underflows.
const BELOW_ONE: f32 = 1.0 - f32::EPSILON / 2.0;

fn saturate(evidence: f32, scale: f32) -> f32 {
    if evidence == 0.0 {
        // What the formula gives (1 - e^0), without the exponential: most goals of most
        // documents have no evidence.
        return 0.0;
    }
    if scale <= 0.0 {
        return if evidence > 0.0 { BELOW_ONE } else { 0.0 };
    }
    (1.0 - (-evidence / scale).exp()).min(BELOW_ONE)
}
