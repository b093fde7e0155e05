/*!
scidip reads documents about international science and technology cooperation and says what they
are: which of the three modes of science diplomacy they show, which Sustainable Development Goals
they address, which organisations and countries act in them — each claim backed by the exact
spans of text that support it.

# Example

```
use scidip::{Analyzer, Category, Mode};

let analyzer = Analyzer::builder().build()?;
let text = "Pakistan’s Ministry of Foreign Affairs launched a science diplomacy initiative: \
            MoUs between Pakistani and Iranian universities, scholarships, and talks on \
            joining CERN as an associate member state.";
let analysis = analyzer.analyze(text);

assert!(analysis.is_science_diplomacy());
assert!(analysis.mode(Mode::DiplomacyForScience).label);

let countries: Vec<&str> = analysis
    .countries()
    .iter()
    .map(|c| analysis.entry_by_id(c.entry).id.as_str())
    .collect();
assert_eq!(countries, ["PAK", "IRN"]);

// Every mention points at its text.
let cern = analysis
    .mentions_of(Category::ORGANISATION)
    .find(|m| analysis.entry(m).id == "cern")
    .unwrap();
assert_eq!(&text[cern.span], "CERN");
# Ok::<(), scidip::BuildError>(())
```

# What is matched

Lexicon terms are matched against the *words* of a document, never inside a word:

- words and sentences come from Unicode segmentation (UAX #29); offsets always point into the
  original text;
- case is folded (full Unicode), diacritics are folded ("Organización" = "organizacion"; an
  option), compatibility forms are unified (NFKC), apostrophes of every kind read as `'` and a
  possessive `'s` is dropped ("Pakistan’s" mentions Pakistan);
- words are stemmed (Snowball, English by default), so "scholarships" matches "scholarship",
  unless a term says `match = "exact"`;
- acronyms and terms with `case = "sensitive"` match only in their own case: "WHO" is the
  organisation, "who" is not; an acronym also matches with a plural `s` (`MoUs`);
- hyphens joining words and line breaks are transparent ("people-to-people" = "people to
  people", "United\nNations" = "United Nations"); a word splits where letters meet digits
  ("COVID19" = "COVID-19" = "COVID 19"); `&` reads as "and";
- commas, brackets, quotes and other separating punctuation break a phrase unless the term has
  that punctuation at that place; a mention never crosses a sentence.

Overlapping matches are resolved per category by default: within a category, mentions are
leftmost-longest and do not overlap; across categories they may (a country inside an
organisation's name is reported as both). See [`Overlap`] for the alternatives.

# Lexicons

Lexicons are TOML files with a `[lexicon]` header and `[[entry]]` tables; the full format is in
`data/lexicons/README.md` of the repository. Built-in lexicons (the modes, the 17 SDGs and their
targets, organisations, countries) are embedded with the default `builtin` feature. A user
lexicon added with [`AnalyzerBuilder::lexicon`] adds entries to any category, and an entry with
the category and id of a built-in entry replaces it.

```
use scidip::{Analyzer, Lexicon};

let lexicon = Lexicon::from_toml_str(r#"
## Provenance: written for this example.
[lexicon]
name = "my-programmes"
version = "1.0.0"
language = "en"
licence = "CC0-1.0"
provenance = "our own programme names"

[[entry]]
id = "bridge"
label = "Bridge Fellowship"
category = "organisation"
type = "scholarship_programme"
country = "PAK"
terms = ["Bridge Fellowship", { text = "Bridge Fellows", match = "exact" }]
acronyms = ["BFP"]
"#, "my-programmes.toml")?;

let analyzer = Analyzer::builder().lexicon(lexicon).build()?;
let analysis = analyzer.analyze("Two Bridge Fellowships (BFP) were awarded.");
assert_eq!(analysis.organisations().len(), 1);
# Ok::<(), Box<dyn std::error::Error>>(())
```

Loading validates everything and reports the file, line and entry of each problem
([`LexiconError`]).

# Scores

[`Analysis`] carries a relevance score (is this science-diplomacy content?), a score and a label
for each mode and each SDG (with the targets hit), and mention counts per organisation and
country. The model and its constants are documented in the [`score`] module; thresholds can be
changed with [`ScoringConfig`]. Context [`rules`] (lexicon data: a term near, or not near, other
terms) add evidence, veto mentions or lift their ambiguity. Every score can be explained:

```
use scidip::{Analyzer, Mode, score::{ScoreKind, Source}};

let analyzer = Analyzer::builder().build()?;
let text = "Slovenia became an associate member state of CERN.";
let analysis = analyzer.analyze(text);
let why = analysis.explain(ScoreKind::Mode(Mode::DiplomacyForScience));
assert!(why.label);
for c in &why.contributions {
    let quotes: Vec<&str> = c.spans.iter().map(|s| &text[*s]).collect();
    match &c.source {
        Source::Entry { name, .. } => println!("{name}: +{:.2} {quotes:?}", c.evidence),
        Source::Rule { rule } => println!("rule {rule}: +{:.2} {quotes:?}", c.evidence),
        _ => {}
    }
}
# Ok::<(), scidip::BuildError>(())
```

# Features

| feature | default | what it adds |
| --- | --- | --- |
| `builtin` | yes | the curated lexicons under `data/lexicons`, embedded in the crate |
| `serde` | no | `Serialize` for results and lexicon data, `Deserialize` for configuration |
*/

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod analysis;
mod analyzer;
mod error;
#[doc(hidden)]
pub mod internals;
mod lexicon;
mod matcher;
mod resolve;
pub mod rules;
pub mod score;
mod span;
mod text;

pub use analysis::{Analysis, EntryCount, Mention};
pub use analyzer::{Analyzer, AnalyzerBuilder, Overlap};
pub use error::{BuildError, BuildErrorKind, LexiconError, LexiconErrorKind};
pub use lexicon::limits;
pub use lexicon::{
    Case, Category, Country, CountryStatus, CueStrength, Entry, EntryData, EntryId, Lexicon,
    LexiconInfo, Matching, Mode, ModeCue, Organisation, OrganisationType, ParseTargetError,
    SdgGoal, Target, Term, TermId, TermRole,
};
pub use rules::{Effect, Rule, Scope, Selector};
pub use score::{CorpusStats, Explanation, ModeScore, ScoreKind, Scores, ScoringConfig, SdgScore};
pub use span::Span;
pub use text::Language;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
