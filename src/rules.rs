//! Context rules: evidence that needs more than one word.
//!
//! A rule is lexicon data (`[[rule]]` tables, documented in `data/lexicons/README.md`). It fires
//! on an *anchor* mention (`when`) when other mentions are found around it (`all`, `any`) and
//! others are not (`none`), within a [`Scope`]: a number of words, the same sentence, or the
//! whole document. What a firing does is its [`Effect`]: add evidence to a mode, to relevance or
//! to an SDG, *veto* the anchor mention (it stops counting for any score), or *confirm* it (an
//! ambiguous term counts at full weight).
//!
//! Rules are compiled once when the analyzer is built: every selector is resolved to the entries
//! (or SDG targets) it matches, and each entry gets the list of selectors it satisfies. Per
//! document, the mentions are bucketed by selector once, and each rule looks only at the
//! mentions of its own selectors, using the word positions and sentence indices the matcher
//! already recorded. The text is never scanned again.
//!
//! ```
//! use scidip::{Analyzer, Lexicon, Mode};
//!
//! let rules = Lexicon::from_toml_str(r#"
//! [lexicon]
//! name = "my-rules"
//! version = "1.0.0"
//! language = "en"
//! licence = "CC0-1.0"
//! provenance = "written for this example"
//!
//! [[entry]]
//! id = "observatory"
//! label = "an observatory"
//! category = "context"
//! terms = ["observatory"]
//!
//! [[rule]]
//! id = "observatory-access"
//! when = ["context:observatory"]
//! all = ["country:*"]
//! scope = "sentence"
//! effect = "diplomacy_for_science"
//! strength = "strong"
//! "#, "my-rules.toml")?;
//!
//! let analyzer = Analyzer::builder().lexicon(rules).build()?;
//! let a = analyzer.analyze("Chile gives the observatory its site.");
//! assert!(a.mode(Mode::DiplomacyForScience).evidence > 0.0);
//! // Cue mentions serve rules only: they are not listed among the mentions.
//! assert!(a.mentions().iter().all(|m| a.category_name(m.category) != "context"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use rustc_hash::FxHashMap;

use crate::analysis::Mention;
use crate::error::{BuildError, BuildErrorKind};
use crate::lexicon::{
    Category, CueStrength, EntryData, EntryId, LexiconSet, Mode, OrganisationType, Target,
};

/// The category of terms that only rules use. Its mentions are kept apart from
/// [`Analysis::mentions`](crate::Analysis::mentions) and shown in explanations.
pub const CUE_CATEGORY: &str = "context";

/// A context rule, as loaded from a lexicon.
///
/// ```
/// let builtin = scidip::Lexicon::builtin()?;
/// let rules: Vec<&scidip::Rule> = builtin.iter().flat_map(|l| l.rules()).collect();
/// assert!(rules.iter().any(|r| r.id == "sdg4.literacy_domain"));
/// # Ok::<(), scidip::LexiconError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Rule {
    /// Stable identifier, unique among the rules of the analyzer (a later lexicon's rule with
    /// the same id replaces an earlier one).
    pub id: String,
    /// What the rule captures, for curators.
    pub description: Option<String>,
    /// The anchors: a mention matching any of these selectors is where the rule is tried.
    pub when: Vec<Selector>,
    /// Every one of these must be mentioned within the scope.
    pub all: Vec<Selector>,
    /// At least one of these must be mentioned within the scope (when the list is not empty).
    pub any: Vec<Selector>,
    /// None of these may be mentioned within the scope.
    pub none: Vec<Selector>,
    /// Where the other mentions are looked for, relative to the anchor.
    pub scope: Scope,
    /// What a firing does.
    pub effect: Effect,
    /// How strongly a firing signals a mode or relevance, on the scale of cue strengths
    /// (`None` for the other effects).
    pub strength: Option<CueStrength>,
    /// Multiplies the effect's strength (evidence effects only; default 1).
    pub weight: f32,
    /// The line of the rule in its file (1-based).
    pub line: usize,
    /// The lexicon the rule came from (its source file name, when known).
    pub source: Option<String>,
}

/// Which mentions a rule refers to.
///
/// Written in lexicon files as a string: `"organisation:cern"` (one entry), `"country:*"` (any
/// entry of a category), `"type:university"` (organisations of a type), `"target:4.6"`
/// (SDG terms specific to a target), `"mode:science_in_diplomacy"` (cues of a mode).
///
/// ```
/// use scidip::Selector;
/// let s: Selector = "type:research_infrastructure".parse().unwrap();
/// assert_eq!(s.to_string(), "type:research_infrastructure");
/// assert!("planet".parse::<Selector>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Selector {
    /// One entry: category and id.
    Entry {
        /// Category name.
        category: String,
        /// Entry id.
        id: String,
    },
    /// Any entry of a category.
    Category(String),
    /// Organisations of one type.
    OrganisationType(OrganisationType),
    /// SDG terms specific to one target.
    Target(Target),
    /// Cues of one mode (entries of the `mode` category that signal it).
    Mode(Mode),
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Entry { category, id } => write!(f, "{category}:{id}"),
            Selector::Category(c) => write!(f, "{c}:*"),
            Selector::OrganisationType(t) => write!(f, "type:{}", t.name()),
            Selector::Target(t) => write!(f, "target:{t}"),
            Selector::Mode(m) => write!(f, "mode:{}", m.name()),
        }
    }
}

impl core::str::FromStr for Selector {
    type Err = String;

    fn from_str(s: &str) -> Result<Selector, String> {
        let (kind, rest) = s.split_once(':').ok_or_else(|| {
            format!(
                "selector `{s}` must be `category:id`, `category:*`, `type:<organisation type>`, \
                 `target:G.T` or `mode:<mode>`"
            )
        })?;
        if rest.is_empty() {
            return Err(format!("selector `{s}` has nothing after `:`"));
        }
        match kind {
            "type" => OrganisationType::from_name(rest)
                .map(Selector::OrganisationType)
                .ok_or_else(|| format!("`{rest}` is not an organisation type")),
            "target" => rest
                .parse::<Target>()
                .map(Selector::Target)
                .map_err(|e| e.to_string()),
            "mode" => Mode::from_name(rest)
                .map(Selector::Mode)
                .ok_or_else(|| format!("`{rest}` is not a mode")),
            _ if !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
                Err(format!("`{kind}` is not a category name"))
            }
            _ if rest == "*" => Ok(Selector::Category(kind.to_string())),
            _ => Ok(Selector::Entry {
                category: kind.to_string(),
                id: rest.to_string(),
            }),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Selector {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Where a rule looks for its other mentions, relative to the anchor.
///
/// ```
/// assert_eq!(scidip::Scope::default(), scidip::Scope::Sentence);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Scope {
    /// At most this many words between the two mentions (0: adjacent or overlapping), in any
    /// sentence (`within = 5`).
    Words(u32),
    /// The same sentence (`scope = "sentence"`, the default).
    #[default]
    Sentence,
    /// Anywhere in the document (`scope = "document"`).
    Document,
}

/// What a rule does when it fires.
///
/// ```
/// use scidip::{Effect, Mode};
/// assert_eq!(Effect::Mode(Mode::ScienceInDiplomacy).to_string(), "science_in_diplomacy");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Effect {
    /// Evidence for a mode (and for relevance), like a cue of that mode
    /// (`effect = "science_for_diplomacy"`).
    Mode(Mode),
    /// Evidence for relevance only (`effect = "relevance"`).
    Relevance,
    /// Evidence for a goal (`effect = "sdg:4"`).
    Goal(u8),
    /// Evidence for a goal, with the target recorded as hit (`effect = "target:4.b"`).
    Target(Target),
    /// The anchor mention stops counting for every score (`effect = "veto"`).
    Veto,
    /// The anchor mention counts at full weight even when its term is ambiguous
    /// (`effect = "confirm"`).
    Confirm,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::Mode(m) => f.write_str(m.name()),
            Effect::Relevance => f.write_str("relevance"),
            Effect::Goal(g) => write!(f, "sdg:{g}"),
            Effect::Target(t) => write!(f, "target:{t}"),
            Effect::Veto => f.write_str("veto"),
            Effect::Confirm => f.write_str("confirm"),
        }
    }
}

impl core::str::FromStr for Effect {
    type Err = String;

    fn from_str(s: &str) -> Result<Effect, String> {
        if let Some(m) = Mode::from_name(s) {
            return Ok(Effect::Mode(m));
        }
        match s {
            "relevance" => return Ok(Effect::Relevance),
            "veto" => return Ok(Effect::Veto),
            "confirm" => return Ok(Effect::Confirm),
            _ => {}
        }
        if let Some(g) = s.strip_prefix("sdg:") {
            return match g.parse::<u8>() {
                Ok(g) if (1..=17).contains(&g) => Ok(Effect::Goal(g)),
                _ => Err(format!("`{g}` is not a goal number (1 to 17)")),
            };
        }
        if let Some(t) = s.strip_prefix("target:") {
            return t.parse().map(Effect::Target).map_err(|e| e.to_string());
        }
        Err(format!(
            "effect `{s}` must be a mode name, `relevance`, `sdg:G`, `target:G.T`, `veto` or \
             `confirm`"
        ))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Effect {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A selector resolved against an analyzer's lexicons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Resolved {
    Entry(EntryId),
    Category(Category),
    OrgType(OrganisationType),
    Target(Target),
    Mode(Mode),
}

/// Rules compiled against one analyzer's lexicons.
pub(crate) struct CompiledRules {
    pub(crate) rules: Vec<Rule>,
    /// Per rule, selector indices: anchors, all, any, none.
    compiled: Vec<[Vec<u16>; 4]>,
    /// Per entry, the selectors it satisfies (target selectors excluded).
    entry_selectors: Vec<Vec<u16>>,
    /// Target selectors by target.
    target_selectors: FxHashMap<Target, u16>,
    selector_count: usize,
    pub(crate) cue_category: Option<Category>,
    /// Rules in evaluation order: vetoes, then confirmations, then evidence.
    order: Vec<usize>,
}

/// One firing of a rule: which rule, on which anchor mention, with which supporting mentions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Firing {
    pub(crate) rule: usize,
    pub(crate) anchor: usize,
    pub(crate) support: Vec<usize>,
}

/// What the rules decided for one document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outcome {
    /// Mentions (by index) vetoed, with the firing that vetoed them.
    pub(crate) vetoed: Vec<Option<usize>>,
    /// Mentions confirmed (ambiguity lifted).
    pub(crate) confirmed: Vec<bool>,
    /// Every firing of every rule, in evaluation order.
    pub(crate) firings: Vec<Firing>,
}

impl CompiledRules {
    pub(crate) fn new(set: &LexiconSet) -> Result<CompiledRules, BuildError> {
        let cue_category = set
            .categories
            .iter()
            .position(|c| c == CUE_CATEGORY)
            .map(|i| Category(i as u16));
        let mut selectors: Vec<Resolved> = Vec::new();
        let mut intern = |r: Resolved| -> u16 {
            match selectors.iter().position(|s| *s == r) {
                Some(i) => i as u16,
                None => {
                    selectors.push(r);
                    (selectors.len() - 1) as u16
                }
            }
        };
        let mut compiled = Vec::with_capacity(set.rules.len());
        for rule in &set.rules {
            let mut lists: [Vec<u16>; 4] = Default::default();
            for (i, list) in [&rule.when, &rule.all, &rule.any, &rule.none]
                .into_iter()
                .enumerate()
            {
                for s in list {
                    let r = resolve(set, rule, s)?;
                    lists[i].push(intern(r));
                }
            }
            compiled.push(lists);
        }
        if selectors.len() > usize::from(u16::MAX) {
            return Err(BuildError::new(
                BuildErrorKind::Conflict,
                "more than 65,535 distinct rule selectors",
            ));
        }
        let mut entry_selectors = vec![Vec::new(); set.entries.len()];
        let mut target_selectors = FxHashMap::default();
        for (i, s) in selectors.iter().enumerate() {
            let i = i as u16;
            match *s {
                Resolved::Entry(e) => entry_selectors[e.index()].push(i),
                Resolved::Target(t) => {
                    target_selectors.insert(t, i);
                }
                Resolved::Category(c) => {
                    for (e, &cat) in set.entry_category.iter().enumerate() {
                        if cat == c {
                            entry_selectors[e].push(i);
                        }
                    }
                }
                Resolved::OrgType(t) => {
                    for (e, entry) in set.entries.iter().enumerate() {
                        if matches!(&entry.data, EntryData::Organisation(o) if o.kind == t) {
                            entry_selectors[e].push(i);
                        }
                    }
                }
                Resolved::Mode(m) => {
                    for (e, entry) in set.entries.iter().enumerate() {
                        if matches!(&entry.data, EntryData::Mode(c) if c.modes.contains(&m)) {
                            entry_selectors[e].push(i);
                        }
                    }
                }
            }
        }
        let rank = |r: &Rule| match r.effect {
            Effect::Veto => 0,
            Effect::Confirm => 1,
            _ => 2,
        };
        let mut order: Vec<usize> = (0..set.rules.len()).collect();
        order.sort_by_key(|&i| rank(&set.rules[i]));
        Ok(CompiledRules {
            rules: set.rules.clone(),
            compiled,
            entry_selectors,
            target_selectors,
            selector_count: selectors.len(),
            cue_category,
            order,
        })
    }

    /// Evaluates every rule over a document's mentions (all of them, cues included), in
    /// buffers kept from earlier documents.
    pub(crate) fn evaluate(
        &self,
        set: &LexiconSet,
        mentions: &[Mention],
        scratch: &mut RuleScratch,
    ) -> Outcome {
        let mut out = Outcome {
            vetoed: vec![None; mentions.len()],
            confirmed: vec![false; mentions.len()],
            firings: Vec::new(),
        };
        if self.rules.is_empty() || mentions.is_empty() {
            return out;
        }
        let RuleScratch {
            buckets,
            touched,
            anchors,
            cursors,
        } = scratch;
        // Bucket the mentions by selector, once.
        if buckets.len() < self.selector_count {
            buckets.resize_with(self.selector_count, Vec::new);
        }
        let mut add = |s: u16, near: Near| {
            let bucket = &mut buckets[usize::from(s)];
            if bucket.is_empty() {
                touched.push(s);
            }
            bucket.push(near);
        };
        for (i, m) in mentions.iter().enumerate() {
            let near = Near::new(i, m);
            for &s in &self.entry_selectors[m.entry.index()] {
                add(s, near);
            }
            if !self.target_selectors.is_empty()
                && let Some(t) = set.term(m.term).target
                && let Some(&s) = self.target_selectors.get(&t)
            {
                add(s, near);
            }
        }
        for &r in &self.order {
            let rule = &self.rules[r];
            let [when, all, any, none] = &self.compiled[r];
            anchors.clear();
            match when.as_slice() {
                // One selector: its bucket is in order and has no duplicates.
                &[s] => {
                    anchors.extend_from_slice(&buckets[usize::from(s)]);
                    debug_assert!(anchors.is_sorted_by(|a, b| a.index < b.index));
                }
                _ => {
                    for &s in when {
                        anchors.extend_from_slice(&buckets[usize::from(s)]);
                    }
                    anchors.sort_unstable_by_key(|n| n.index);
                    anchors.dedup_by_key(|n| n.index);
                }
            }
            if anchors.is_empty() {
                continue;
            }
            // One search cursor for each selector of `all`, `any` and `none`, in turn.
            cursors.clear();
            cursors.resize(all.len() + any.len() + none.len(), 0);
            for &anchor in anchors.iter() {
                let a = anchor.index;
                if out.vetoed[a].is_some() {
                    continue;
                }
                let (all_cursors, rest) = cursors.split_at_mut(all.len());
                let (any_cursors, none_cursors) = rest.split_at_mut(any.len());
                let near = |s: u16, cursor: &mut usize| {
                    nearest(&buckets[usize::from(s)], anchor, rule.scope, cursor)
                };
                let mut support = Vec::new();
                let mut ok = true;
                for (&s, cursor) in all.iter().zip(all_cursors) {
                    match near(s, cursor) {
                        Some(j) => support.push(j),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if !ok {
                    continue;
                }
                if !any.is_empty() {
                    let found = any
                        .iter()
                        .zip(any_cursors)
                        .find_map(|(&s, cursor)| near(s, cursor));
                    match found {
                        Some(j) => support.push(j),
                        None => continue,
                    }
                }
                if none
                    .iter()
                    .zip(none_cursors)
                    .any(|(&s, cursor)| near(s, cursor).is_some())
                {
                    continue;
                }
                let firing = out.firings.len();
                match rule.effect {
                    Effect::Veto => out.vetoed[a] = Some(firing),
                    Effect::Confirm => out.confirmed[a] = true,
                    _ => {}
                }
                support.sort_unstable();
                support.dedup();
                out.firings.push(Firing {
                    rule: r,
                    anchor: a,
                    support,
                });
            }
        }
        for s in touched.drain(..) {
            let bucket = &mut buckets[usize::from(s)];
            bucket.clear();
            bucket.shrink_to(RETAINED_PER_BUCKET);
        }
        out
    }
}

fn resolve(set: &LexiconSet, rule: &Rule, s: &Selector) -> Result<Resolved, BuildError> {
    let err = |what: String| {
        BuildError::new(
            BuildErrorKind::Conflict,
            format!(
                "{}:{}: rule `{}`: {what}",
                rule.source.as_deref().unwrap_or("rules"),
                rule.line,
                rule.id
            ),
        )
    };
    let category = |name: &str| {
        set.categories
            .iter()
            .position(|c| c == name)
            .map(|i| Category(i as u16))
    };
    Ok(match s {
        Selector::Entry { category: c, id } => {
            let cat = category(c).ok_or_else(|| err(format!("no entry has category `{c}`")))?;
            Resolved::Entry(
                set.find(cat, id)
                    .ok_or_else(|| err(format!("no entry `{c}:{id}` in the lexicons")))?,
            )
        }
        Selector::Category(c) => Resolved::Category(
            category(c).ok_or_else(|| err(format!("no entry has category `{c}`")))?,
        ),
        Selector::OrganisationType(t) => Resolved::OrgType(*t),
        Selector::Target(t) => Resolved::Target(*t),
        Selector::Mode(m) => Resolved::Mode(*m),
    })
}

/// Buffers of rule evaluation kept between documents: mentions by selector (as [`Near`]),
/// the selectors that have some, a rule's anchors, and search cursors.
#[derive(Default)]
pub(crate) struct RuleScratch {
    buckets: Vec<Vec<Near>>,
    touched: Vec<u16>,
    anchors: Vec<Near>,
    cursors: Vec<usize>,
}

/// Mentions a bucket keeps room for between documents (48 KiB of [`Near`]).
const RETAINED_PER_BUCKET: usize = 1 << 11;

/// What rule evaluation reads of a mention, kept in the buckets: searching a bucket then reads
/// the bucket alone (a long document's mentions span megabytes, and a bucket's are far apart).
#[derive(Clone, Copy)]
struct Near {
    /// Index of the mention (mentions are sorted by start).
    index: usize,
    word_start: u32,
    word_end: u32,
    /// The sentence index (a `u32` while the document is read, so the conversion is exact).
    sentence: u32,
}

impl Near {
    fn new(index: usize, m: &Mention) -> Near {
        Near {
            index,
            word_start: m.word_start,
            word_end: m.word_end,
            sentence: u32::try_from(m.sentence).unwrap_or(u32::MAX),
        }
    }
}

/// The mention of a bucket nearest to the anchor and within the scope, if any (its index).
///
/// Buckets hold mentions in text order (mentions are sorted by start), so the nearest
/// candidates sit next to the anchor's position: a search for that position and a look at a
/// few neighbours on each side replace a scan of the bucket, keeping rule evaluation
/// `O(n log n)` even for a long document that mentions one cue thousands of times. Anchors come
/// in text order, so the search starts at `cursor` (where the last anchor's ended, 0 for the
/// first) and gallops forward.
fn nearest(bucket: &[Near], anchor: Near, scope: Scope, cursor: &mut usize) -> Option<usize> {
    /// Neighbours looked at on each side: mentions that start at the same word as the anchor
    /// (nested or of other categories) are skipped over this way.
    const WINDOW: usize = 4;
    let before = |n: &Near| n.word_start < anchor.word_start;
    // The first position from `cursor` on whose mention does not start before the anchor.
    let mut p = (*cursor).min(bucket.len());
    if p < bucket.len() && before(&bucket[p]) {
        let mut step = 1;
        loop {
            let probe = p + step;
            if probe >= bucket.len() || !before(&bucket[probe]) {
                let end = probe.min(bucket.len());
                p = p + 1 + bucket[p + 1..end].partition_point(before);
                break;
            }
            p = probe;
            step *= 2;
        }
    }
    debug_assert_eq!(p, bucket.partition_point(before));
    *cursor = p;
    let mut best: Option<(u32, usize)> = None;
    let around = &bucket[p.saturating_sub(WINDOW)..(p + WINDOW).min(bucket.len())];
    for n in around {
        if n.index != anchor.index && in_scope(scope, &anchor, n) {
            let key = (distance(&anchor, n), n.index);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
    }
    best.map(|(_, j)| j)
}

/// Words between two mentions: 0 when they overlap or touch.
fn distance(a: &Near, b: &Near) -> u32 {
    if b.word_start >= a.word_end {
        b.word_start - a.word_end
    } else {
        a.word_start.saturating_sub(b.word_end)
    }
}

fn in_scope(scope: Scope, a: &Near, b: &Near) -> bool {
    match scope {
        Scope::Words(n) => distance(a, b) <= n,
        Scope::Sentence => a.sentence == b.sentence,
        Scope::Document => true,
    }
}
