//! The result of analysing one document.

use std::sync::Arc;

use crate::Span;
use crate::analyzer::Inner;
use crate::lexicon::{Category, Entry, EntryId, Mode, Term, TermId};
use crate::score::{Explanation, ModeScore, ScoreKind, Scores, SdgScore};

/// One mention of a lexicon entry in a document.
///
/// A mention is plain data: the span indexes the analysed text, and the ids index the
/// analyzer's lexicons ([`Analyzer::entry`](crate::Analyzer::entry),
/// [`Analyzer::term`](crate::Analyzer::term)) or [`Analysis::entry`].
///
/// ```
/// use scidip::{Analyzer, Category};
///
/// let analyzer = Analyzer::builder().build()?;
/// let text = "Pakistan’s ambassador met ICESCO’s Director-General.";
/// let analysis = analyzer.analyze(text);
/// let m = analysis.mentions().iter().find(|m| m.category == Category::COUNTRY).unwrap();
/// assert_eq!(&text[m.span], "Pakistan");
/// assert_eq!(analysis.entry(m).id, "PAK");
/// assert_eq!(m.sentence, 0);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Mention {
    /// Where the mention is in the text (a possessive `’s` is left out).
    pub span: Span,
    /// The entry mentioned.
    pub entry: EntryId,
    /// The term that matched.
    pub term: TermId,
    /// The entry's category.
    pub category: Category,
    /// Index of the sentence, in [`Analysis::sentences`].
    pub sentence: usize,
    /// Index of the first word of the mention among the document's words.
    pub word_start: u32,
    /// Index one past the last word of the mention.
    pub word_end: u32,
    /// For a generic organisation ("Ministry of Foreign Affairs", "Foreign Office"), the
    /// country the text gives it in the same noun phrase ("Pakistan’s Ministry of Foreign
    /// Affairs", "the Iranian Ministry of Science", "the Ministry of Foreign Affairs of
    /// Pakistan"); `None` for every other mention, and when the country is not stated next to
    /// it or several are ("the Ministries of Health of Iran and Pakistan").
    ///
    /// ```
    /// use scidip::Category;
    ///
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let text = "Talks between Morocco and the Iranian Ministry of Science went well.";
    /// let a = analyzer.analyze(text);
    /// let ministry = a.mentions_of(Category::ORGANISATION).next().unwrap();
    /// assert_eq!(&text[ministry.span], "Ministry of Science");
    /// assert_eq!(a.entry_by_id(ministry.country.unwrap()).id, "IRN");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub country: Option<EntryId>,
}

/// How often an entry is mentioned, and where first.
///
/// ```
/// let analyzer = scidip::Analyzer::builder().build()?;
/// let a = analyzer.analyze("Iran and Pakistan. Iran again.");
/// let top = &a.countries()[0];
/// assert_eq!(a.entry_by_id(top.entry).id, "IRN");
/// assert_eq!(top.count, 2);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct EntryCount {
    /// The entry.
    pub entry: EntryId,
    /// Its category.
    pub category: Category,
    /// Number of mentions.
    pub count: usize,
    /// Span of the first mention.
    pub first: Span,
}

/// The analysis of one document: mentions, sentences and scores.
///
/// ```
/// use scidip::{Analyzer, Category, Mode};
///
/// let analyzer = Analyzer::builder().build()?;
/// let text = "Pakistan and Iran signed a science and technology cooperation agreement \
///             to build people-to-people ties.";
/// let analysis = analyzer.analyze(text);
/// assert!(analysis.is_science_diplomacy());
/// assert!(analysis.mode(Mode::ScienceForDiplomacy).label);
/// let countries: Vec<&str> = analysis.countries().iter()
///     .map(|c| analysis.entry_by_id(c.entry).id.as_str()).collect();
/// assert_eq!(countries, ["PAK", "IRN"]);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone)]
pub struct Analysis {
    pub(crate) mentions: Vec<Mention>,
    /// Mentions of rule-only cue entries (category `context`), kept out of `mentions`.
    pub(crate) cues: Vec<Mention>,
    pub(crate) sentences: Vec<Span>,
    pub(crate) words: usize,
    pub(crate) bytes: usize,
    pub(crate) scores: Scores,
    pub(crate) inner: Arc<Inner>,
}

impl Analysis {
    /// Every mention, sorted by start (then longer first).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("CERN and ITER");
    /// assert_eq!(a.mentions().len() >= 2, true);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    /// The mentions of rule-only cue entries (category `context`, see [`rules`](crate::rules)):
    /// phrases such as "memorandum of understanding" that count only as the context of a rule.
    /// They are not in [`Analysis::mentions`]; explanations show them.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let text = "Data literacy workshops for journalists.";
    /// let a = analyzer.analyze(text);
    /// assert!(a.cue_mentions().iter().any(|m| &text[m.span] == "Data literacy"));
    /// assert!(a.mentions().iter().all(|m| &text[m.span] != "Data literacy"));
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn cue_mentions(&self) -> &[Mention] {
        &self.cues
    }

    /// Why one score is what it is: the mentions and rules that produced it, each with its
    /// contribution, and the mentions rules vetoed. See [`score`](crate::score) for the model.
    ///
    /// ```
    /// use scidip::{Analyzer, Mode, score::{ScoreKind, Source}};
    ///
    /// let analyzer = Analyzer::builder().build()?;
    /// let text = "The two academies' science for diplomacy work built trust.";
    /// let a = analyzer.analyze(text);
    /// let e = a.explain(ScoreKind::Mode(Mode::ScienceForDiplomacy));
    /// assert_eq!(e.label, a.mode(Mode::ScienceForDiplomacy).label);
    /// let top = &e.contributions[0];
    /// assert!(matches!(&top.source, Source::Entry { name, .. } if name == "mode:sfd.explicit"));
    /// assert_eq!(&text[top.spans[0]], "science for diplomacy");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn explain(&self, kind: ScoreKind) -> Explanation {
        let mut one = self.explain_kinds(&[kind]);
        one.swap_remove(0)
    }

    /// The explanations of `kinds`, from one re-evaluation of the document's mentions.
    fn explain_kinds(&self, kinds: &[ScoreKind]) -> Vec<Explanation> {
        let inner = &self.inner;
        let mut all: Vec<Mention> = self.mentions.iter().chain(&self.cues).copied().collect();
        all.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end), m.entry));
        inner
            .model
            .explain(&inner.set, &inner.scoring, &all, self.words, kinds)
    }

    /// The explanations of every score that has evidence: relevance, the modes, then the goals.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("Safe drinking water for all.");
    /// let all = a.explain_all();
    /// assert!(all.iter().any(|e| e.kind == scidip::score::ScoreKind::Sdg(6)));
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn explain_all(&self) -> Vec<Explanation> {
        let kinds: Vec<ScoreKind> = std::iter::once(ScoreKind::Relevance)
            .chain(Mode::ALL.map(ScoreKind::Mode))
            .chain((1..=17).map(ScoreKind::Sdg))
            .collect();
        let mut all = self.explain_kinds(&kinds);
        all.retain(|e| !e.contributions.is_empty() || !e.vetoed.is_empty());
        all
    }

    /// The mentions of one category.
    ///
    /// ```
    /// use scidip::Category;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("Morocco hosts ICESCO.");
    /// assert_eq!(a.mentions_of(Category::COUNTRY).count(), 1);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    pub fn mentions_of(&self, category: Category) -> impl Iterator<Item = &Mention> + '_ {
        self.mentions.iter().filter(move |m| m.category == category)
    }

    /// The entry behind a mention.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("UNESCO");
    /// assert_eq!(a.entry(&a.mentions()[0]).id, "unesco");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn entry(&self, mention: &Mention) -> &Entry {
        self.inner.set.entry(mention.entry)
    }

    /// The entry with this id (from a mention, a count or an explanation).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("Morocco");
    /// assert_eq!(a.entry_by_id(a.countries()[0].entry).label, "Morocco");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn entry_by_id(&self, id: EntryId) -> &Entry {
        self.inner.set.entry(id)
    }

    /// The term that produced a mention.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("ISESCO");
    /// assert_eq!(a.term(&a.mentions()[0]).text, "ISESCO");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn term(&self, mention: &Mention) -> &Term {
        self.inner.set.term(mention.term)
    }

    /// The name of a mention's category.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("Iran");
    /// assert_eq!(a.category_name(a.mentions()[0].category), "country");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn category_name(&self, category: Category) -> &str {
        &self.inner.set.categories[category.index()]
    }

    /// The sentences of the document (trimmed of surrounding whitespace).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let text = "One sentence. Another one.";
    /// let a = analyzer.analyze(text);
    /// assert_eq!(&text[a.sentences()[1]], "Another one.");
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// Number of words in the document.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.analyze("people-to-people ties").word_count(), 4);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn word_count(&self) -> usize {
        self.words
    }

    /// Length of the analysed text in bytes.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.analyze("Türkiye").byte_len(), 8);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn byte_len(&self) -> usize {
        self.bytes
    }

    /// All scores.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.analyze("").scores().relevance, 0.0);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn scores(&self) -> &Scores {
        &self.scores
    }

    /// Relevance to science diplomacy, in `[0, 1)`.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(analyzer.analyze("science diplomacy").relevance() > 0.5);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn relevance(&self) -> f32 {
        self.scores.relevance
    }

    /// Whether the document is science-diplomacy content (relevance reaches its threshold).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert!(!analyzer.analyze("Tariffs on steel rose again.").is_science_diplomacy());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn is_science_diplomacy(&self) -> bool {
        self.scores.science_diplomacy
    }

    /// The score of one mode.
    ///
    /// ```
    /// use scidip::Mode;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("Diplomacy for science helped Pakistan join CERN.");
    /// assert!(a.mode(Mode::DiplomacyForScience).label);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn mode(&self, mode: Mode) -> &ModeScore {
        &self.scores.modes[mode.index()]
    }

    /// The scores of the three modes, in the order of [`Mode::ALL`].
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.analyze("").modes().len(), 3);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn modes(&self) -> &[ModeScore; 3] {
        &self.scores.modes
    }

    /// The score of one SDG (1 to 17).
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("Access to safe drinking water and sanitation for all.");
    /// assert!(a.sdg(6).unwrap().label);
    /// assert!(a.sdg(18).is_none());
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn sdg(&self, goal: u8) -> Option<&SdgScore> {
        self.scores.sdgs.get(usize::from(goal).checked_sub(1)?)
    }

    /// The scores of the 17 SDGs.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.analyze("").sdgs().len(), 17);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn sdgs(&self) -> &[SdgScore] {
        &self.scores.sdgs
    }

    /// Mention counts per entry of one category, most mentioned first (then first mentioned).
    ///
    /// ```
    /// use scidip::Category;
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// let a = analyzer.analyze("CERN, ITER and CERN again.");
    /// let orgs = a.counts(Category::ORGANISATION);
    /// assert_eq!(a.entry_by_id(orgs[0].entry).id, "cern");
    /// assert_eq!(orgs[0].count, 2);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn counts(&self, category: Category) -> Vec<EntryCount> {
        let mut out: Vec<EntryCount> = Vec::new();
        for m in self.mentions_of(category) {
            match out.iter_mut().find(|c| c.entry == m.entry) {
                Some(c) => c.count += 1,
                None => out.push(EntryCount {
                    entry: m.entry,
                    category,
                    count: 1,
                    first: m.span,
                }),
            }
        }
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.first.cmp(&b.first)));
        out
    }

    /// The organisations mentioned, most mentioned first.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.analyze("The IAEA and the IPCC.").organisations().len(), 2);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn organisations(&self) -> Vec<EntryCount> {
        self.counts(Category::ORGANISATION)
    }

    /// The countries mentioned, most mentioned first.
    ///
    /// ```
    /// let analyzer = scidip::Analyzer::builder().build()?;
    /// assert_eq!(analyzer.analyze("Moroccan and Iranian scientists.").countries().len(), 2);
    /// # Ok::<(), scidip::BuildError>(())
    /// ```
    #[must_use]
    pub fn countries(&self) -> Vec<EntryCount> {
        self.counts(Category::COUNTRY)
    }
}

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis")
            .field("mentions", &self.mentions)
            .field("sentences", &self.sentences.len())
            .field("words", &self.words)
            .field("scores", &self.scores)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Analysis {
    /// Two analyses are equal when their mentions, sentences, word counts and scores are.
    fn eq(&self, other: &Analysis) -> bool {
        self.mentions == other.mentions
            && self.sentences == other.sentences
            && self.words == other.words
            && self.bytes == other.bytes
            && self.scores == other.scores
    }
}
