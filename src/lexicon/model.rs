//! The data model of a lexicon: plain data, read-only once loaded.

use core::fmt;
use std::collections::BTreeMap;

/// Facts about a lexicon file, from its `[lexicon]` header.
///
/// ```
/// let lexicon = scidip::Lexicon::from_toml_str(r#"
/// [lexicon]
/// name = "topics"
/// version = "0.1.0"
/// language = "en"
/// licence = "CC0-1.0"
/// provenance = "written for this example"
/// "#, "topics.toml")?;
/// assert_eq!(lexicon.info().name, "topics");
/// assert_eq!(lexicon.info().source.as_deref(), Some("topics.toml"));
/// # Ok::<(), scidip::LexiconError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct LexiconInfo {
    /// Short name of the lexicon.
    pub name: String,
    /// Version of the lexicon's content.
    pub version: String,
    /// ISO 639-1 code of the language of the terms.
    pub language: String,
    /// Licence of the file.
    pub licence: String,
    /// Where the facts were curated from.
    pub provenance: String,
    /// Optional description.
    pub description: Option<String>,
    /// Default category of the entries.
    pub category: Option<String>,
    /// The file (or the name given when loading from a string).
    pub source: Option<String>,
}

/// One entry of a lexicon: a thing that documents mention (an organisation, a country, an SDG,
/// a cue of a mode of science diplomacy, or anything of a user category).
///
/// ```
/// use scidip::{Analyzer, Category};
///
/// let analyzer = Analyzer::builder().build()?;
/// let cern = analyzer.find_entry(Category::ORGANISATION, "cern").expect("built in");
/// let entry = analyzer.entry(cern);
/// assert_eq!(entry.id, "cern");
/// assert!(entry.terms.iter().any(|t| t.text == "CERN"));
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Entry {
    /// Stable identifier, unique within its category.
    pub id: String,
    /// Human-readable name.
    pub label: String,
    /// Category name (`mode`, `sdg`, `organisation`, `country` or a user category).
    pub category: String,
    /// Every term that mentions the entry: `terms`, `acronyms`, `aliases`, `former_names`,
    /// `former_acronyms`, `demonyms` and the formal name, in file order.
    pub terms: Vec<Term>,
    /// Weight of the entry's mentions in scoring.
    pub weight: f32,
    /// Longer phrases that contain a term but do not mention the entry.
    pub exclude: Vec<String>,
    /// A note for curators.
    pub description: Option<String>,
    /// Free metadata (user categories).
    pub meta: BTreeMap<String, String>,
    /// Metadata specific to the category.
    pub data: EntryData,
    /// The line of the entry in its file (1-based).
    pub line: usize,
}

/// Metadata specific to an entry's category.
///
/// ```
/// use scidip::{Analyzer, Category, EntryData};
///
/// let analyzer = Analyzer::builder().build()?;
/// let pak = analyzer.find_entry(Category::COUNTRY, "PAK").unwrap();
/// match &analyzer.entry(pak).data {
///     EntryData::Country(c) => assert_eq!(c.iso2.as_deref(), Some("PK")),
///     other => panic!("unexpected {other:?}"),
/// }
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum EntryData {
    /// No category-specific metadata (user categories).
    None,
    /// An organisation.
    Organisation(Organisation),
    /// A country or territory.
    Country(Country),
    /// A Sustainable Development Goal.
    Sdg(SdgGoal),
    /// A cue of one or more modes of science diplomacy.
    Mode(ModeCue),
}

/// Metadata of an organisation entry.
///
/// ```
/// use scidip::{Analyzer, Category, EntryData, OrganisationType};
///
/// let analyzer = Analyzer::builder().build()?;
/// let id = analyzer.find_entry(Category::ORGANISATION, "icesco").unwrap();
/// let EntryData::Organisation(org) = &analyzer.entry(id).data else { unreachable!() };
/// assert_eq!(org.kind, OrganisationType::Intergovernmental);
/// assert_eq!(org.country.as_deref(), Some("MAR"));
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Organisation {
    /// What kind of organisation it is.
    pub kind: OrganisationType,
    /// ISO 3166 alpha-3 code of the headquarters country.
    pub country: Option<String>,
    /// Wikidata item (`Q42`).
    pub wikidata: Option<String>,
    /// Year founded.
    pub founded: Option<i32>,
    /// A generic form ("Ministry of Foreign Affairs") whose country comes from the text.
    pub generic: bool,
}

/// The kind of an organisation.
///
/// ```
/// use scidip::OrganisationType;
/// assert_eq!(OrganisationType::from_name("un_system"), Some(OrganisationType::UnSystem));
/// assert_eq!(OrganisationType::Ministry.name(), "ministry");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum OrganisationType {
    /// An intergovernmental organisation outside the UN system.
    Intergovernmental,
    /// A body, agency, fund or programme of the UN system.
    UnSystem,
    /// A research infrastructure or facility (CERN, ITER, SESAME).
    ResearchInfrastructure,
    /// A space agency.
    SpaceAgency,
    /// An academy of sciences or a learned society.
    Academy,
    /// A research council or funder.
    ResearchCouncil,
    /// A ministry.
    Ministry,
    /// Another government agency.
    GovernmentAgency,
    /// A university.
    University,
    /// A research institute or centre.
    ResearchInstitute,
    /// A scholarship or exchange programme.
    ScholarshipProgramme,
    /// A regional bloc (EU, ASEAN, SAARC).
    RegionalBloc,
    /// A non-governmental organisation.
    Ngo,
    /// A network or association of organisations.
    Network,
    /// Anything else.
    Other,
}

const ORG_TYPES: &[(OrganisationType, &str)] = &[
    (OrganisationType::Intergovernmental, "intergovernmental"),
    (OrganisationType::UnSystem, "un_system"),
    (
        OrganisationType::ResearchInfrastructure,
        "research_infrastructure",
    ),
    (OrganisationType::SpaceAgency, "space_agency"),
    (OrganisationType::Academy, "academy"),
    (OrganisationType::ResearchCouncil, "research_council"),
    (OrganisationType::Ministry, "ministry"),
    (OrganisationType::GovernmentAgency, "government_agency"),
    (OrganisationType::University, "university"),
    (OrganisationType::ResearchInstitute, "research_institute"),
    (
        OrganisationType::ScholarshipProgramme,
        "scholarship_programme",
    ),
    (OrganisationType::RegionalBloc, "regional_bloc"),
    (OrganisationType::Ngo, "ngo"),
    (OrganisationType::Network, "network"),
    (OrganisationType::Other, "other"),
];

impl OrganisationType {
    /// The name used in lexicon files.
    ///
    /// ```
    /// assert_eq!(scidip::OrganisationType::SpaceAgency.name(), "space_agency");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        ORG_TYPES
            .iter()
            .find(|(t, _)| *t == self)
            .map_or("other", |(_, n)| n)
    }

    /// The type with this lexicon-file name.
    ///
    /// ```
    /// use scidip::OrganisationType;
    /// assert_eq!(OrganisationType::from_name("academy"), Some(OrganisationType::Academy));
    /// assert_eq!(OrganisationType::from_name("club"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<OrganisationType> {
        ORG_TYPES.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }

    /// Every type, in the order of the format documentation.
    ///
    /// ```
    /// assert_eq!(scidip::OrganisationType::all().count(), 15);
    /// ```
    pub fn all() -> impl Iterator<Item = OrganisationType> {
        ORG_TYPES.iter().map(|(t, _)| *t)
    }
}

/// Metadata of a country entry. The entry's id is its ISO 3166 alpha-3 code.
///
/// ```
/// use scidip::{Analyzer, Category, CountryStatus, EntryData};
///
/// let analyzer = Analyzer::builder().build()?;
/// let id = analyzer.find_entry(Category::COUNTRY, "IRN").unwrap();
/// let EntryData::Country(c) = &analyzer.entry(id).data else { unreachable!() };
/// assert_eq!(c.status, CountryStatus::UnMember);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Country {
    /// ISO 3166 alpha-2 code.
    pub iso2: Option<String>,
    /// The official long name.
    pub formal_name: Option<String>,
    /// Membership status.
    pub status: CountryStatus,
}

/// Status of a country entry.
///
/// ```
/// assert_eq!(scidip::CountryStatus::default(), scidip::CountryStatus::Other);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum CountryStatus {
    /// A member state of the United Nations.
    UnMember,
    /// A non-member observer state (the Holy See, the State of Palestine).
    UnObserver,
    /// A dependent or disputed territory.
    Territory,
    /// Anything else (or not stated).
    #[default]
    Other,
}

/// Metadata of an SDG entry: the goal and its targets.
///
/// ```
/// use scidip::{Analyzer, Category, EntryData};
///
/// let analyzer = Analyzer::builder().build()?;
/// let id = analyzer.find_entry(Category::SDG, "sdg4").unwrap();
/// let EntryData::Sdg(goal) = &analyzer.entry(id).data else { unreachable!() };
/// assert_eq!(goal.goal, 4);
/// assert!(goal.targets.iter().any(|(t, _)| t.to_string() == "4.6"));
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SdgGoal {
    /// Goal number, 1 to 17.
    pub goal: u8,
    /// The goal's targets with their short labels.
    pub targets: Vec<(Target, String)>,
}

/// An SDG target such as 4.6 or 14.c.
///
/// ```
/// use scidip::Target;
///
/// let t: Target = "14.c".parse().unwrap();
/// assert_eq!(t.goal(), 14);
/// assert_eq!(t.to_string(), "14.c");
/// assert!("18.1".parse::<Target>().is_err());
/// assert!("4.x1".parse::<Target>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    goal: u8,
    // 1..=99 for numbered targets, 101.. for lettered ones ('a' = 101).
    code: u8,
}

impl Target {
    /// The goal the target belongs to.
    ///
    /// ```
    /// let t: scidip::Target = "4.6".parse().unwrap();
    /// assert_eq!(t.goal(), 4);
    /// ```
    #[must_use]
    pub fn goal(self) -> u8 {
        self.goal
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code > 100 {
            write!(f, "{}.{}", self.goal, (b'a' + self.code - 101) as char)
        } else {
            write!(f, "{}.{}", self.goal, self.code)
        }
    }
}

/// Error parsing a [`Target`].
///
/// ```
/// assert!("x".parse::<scidip::Target>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTargetError(String);

impl fmt::Display for ParseTargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an SDG target (expected G.N or G.x, G in 1..=17)",
            self.0
        )
    }
}

impl std::error::Error for ParseTargetError {}

impl core::str::FromStr for Target {
    type Err = ParseTargetError;

    fn from_str(s: &str) -> Result<Target, ParseTargetError> {
        let err = || ParseTargetError(s.to_string());
        let (g, t) = s.split_once('.').ok_or_else(err)?;
        let goal: u8 = g.parse().map_err(|_| err())?;
        if !(1..=17).contains(&goal) || g.starts_with('+') {
            return Err(err());
        }
        let code = match t.as_bytes() {
            [c] if c.is_ascii_lowercase() => 101 + (c - b'a'),
            _ if !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()) => {
                let n: u8 = t.parse().map_err(|_| err())?;
                if n == 0 {
                    return Err(err());
                }
                n
            }
            _ => return Err(err()),
        };
        Ok(Target { goal, code })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One of the three modes of science diplomacy (Royal Society and AAAS, 2010).
///
/// ```
/// use scidip::Mode;
/// assert_eq!(Mode::ScienceForDiplomacy.name(), "science_for_diplomacy");
/// assert_eq!(Mode::ALL.len(), 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Mode {
    /// Science informing foreign-policy objectives: advice, evidence, verification.
    ScienceInDiplomacy,
    /// Science cooperation used to build relations between countries.
    ScienceForDiplomacy,
    /// Diplomacy that makes international science possible.
    DiplomacyForScience,
}

impl Mode {
    /// The three modes, in the order of the 2010 report.
    pub const ALL: [Mode; 3] = [
        Mode::ScienceInDiplomacy,
        Mode::ScienceForDiplomacy,
        Mode::DiplomacyForScience,
    ];

    /// The name used in lexicon files and outputs.
    ///
    /// ```
    /// assert_eq!(scidip::Mode::DiplomacyForScience.name(), "diplomacy_for_science");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Mode::ScienceInDiplomacy => "science_in_diplomacy",
            Mode::ScienceForDiplomacy => "science_for_diplomacy",
            Mode::DiplomacyForScience => "diplomacy_for_science",
        }
    }

    /// A readable label ("science in diplomacy").
    ///
    /// ```
    /// assert_eq!(scidip::Mode::ScienceInDiplomacy.label(), "science in diplomacy");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Mode::ScienceInDiplomacy => "science in diplomacy",
            Mode::ScienceForDiplomacy => "science for diplomacy",
            Mode::DiplomacyForScience => "diplomacy for science",
        }
    }

    /// The mode with this name.
    ///
    /// ```
    /// use scidip::Mode;
    /// assert_eq!(Mode::from_name("science_in_diplomacy"), Some(Mode::ScienceInDiplomacy));
    /// assert_eq!(Mode::from_name("general"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Index of the mode in [`Mode::ALL`].
    ///
    /// ```
    /// assert_eq!(scidip::Mode::DiplomacyForScience.index(), 2);
    /// ```
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Metadata of a mode-cue entry.
///
/// ```
/// use scidip::{Analyzer, Category, CueStrength, EntryData, Mode};
///
/// let analyzer = Analyzer::builder().build()?;
/// let id = analyzer.find_entry(Category::MODE, "sfd.explicit").unwrap();
/// let EntryData::Mode(cue) = &analyzer.entry(id).data else { unreachable!() };
/// assert_eq!(cue.modes, [Mode::ScienceForDiplomacy]);
/// assert_eq!(cue.strength, CueStrength::Explicit);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ModeCue {
    /// The modes the cue signals; empty for a general science-diplomacy cue (`mode = "general"`).
    pub modes: Vec<Mode>,
    /// How strongly it signals them.
    pub strength: CueStrength,
}

/// How strongly a cue signals a mode.
///
/// ```
/// use scidip::CueStrength;
/// assert!(CueStrength::Explicit > CueStrength::Weak);
/// assert_eq!(CueStrength::from_name("strong"), Some(CueStrength::Strong));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum CueStrength {
    /// Shared by several modes or dependent on context.
    Weak,
    /// Suggests the mode.
    Moderate,
    /// Signals the mode on its own.
    Strong,
    /// Names the mode.
    Explicit,
}

impl CueStrength {
    /// The name used in lexicon files.
    ///
    /// ```
    /// assert_eq!(scidip::CueStrength::Moderate.name(), "moderate");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            CueStrength::Weak => "weak",
            CueStrength::Moderate => "moderate",
            CueStrength::Strong => "strong",
            CueStrength::Explicit => "explicit",
        }
    }

    /// The strength with this name.
    ///
    /// ```
    /// assert_eq!(scidip::CueStrength::from_name("weak"), Some(scidip::CueStrength::Weak));
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<CueStrength> {
        [
            CueStrength::Weak,
            CueStrength::Moderate,
            CueStrength::Strong,
            CueStrength::Explicit,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// One phrase that mentions an entry.
///
/// ```
/// use scidip::{Analyzer, Case, Category, TermRole};
///
/// let analyzer = Analyzer::builder().build()?;
/// let who = analyzer.find_entry(Category::ORGANISATION, "who").unwrap();
/// let acronym = analyzer.entry(who).terms.iter().find(|t| t.text == "WHO").unwrap();
/// assert_eq!(acronym.case, Case::Sensitive);
/// assert_eq!(acronym.role, TermRole::Acronym);
/// # Ok::<(), scidip::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Term {
    /// The phrase as written in the lexicon.
    pub text: String,
    /// Whether case must match.
    pub case: Case,
    /// Whether words are stemmed.
    pub matching: Matching,
    /// Multiplies the entry weight.
    pub weight: f32,
    /// The SDG target the term is specific to.
    pub target: Option<Target>,
    /// The term needs context to count.
    pub ambiguous: bool,
    /// Which list of the entry the term came from.
    pub role: TermRole,
    /// The line of the term in its file (1-based).
    pub line: usize,
}

/// Whether a term's case must match.
///
/// ```
/// assert_eq!(scidip::Case::default(), scidip::Case::Insensitive);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Case {
    /// Case is folded (the default).
    #[default]
    Insensitive,
    /// Only this exact case matches; the term is not stemmed.
    Sensitive,
}

/// Whether a term's words are stemmed.
///
/// ```
/// assert_eq!(scidip::Matching::default(), scidip::Matching::Stem);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Matching {
    /// Words match any word with the same stem (the default).
    #[default]
    Stem,
    /// Words match only their own (case-folded) form.
    Exact,
}

/// Which list of its entry a term came from.
///
/// ```
/// assert_eq!(scidip::TermRole::FormerAcronym.name(), "former_acronyms");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum TermRole {
    /// `terms`
    Term,
    /// `acronyms`
    Acronym,
    /// `aliases`
    Alias,
    /// `former_names`
    FormerName,
    /// `former_acronyms`
    FormerAcronym,
    /// `demonyms`
    Demonym,
}

impl TermRole {
    /// The lexicon key of the list.
    ///
    /// ```
    /// assert_eq!(scidip::TermRole::Demonym.name(), "demonyms");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TermRole::Term => "terms",
            TermRole::Acronym => "acronyms",
            TermRole::Alias => "aliases",
            TermRole::FormerName => "former_names",
            TermRole::FormerAcronym => "former_acronyms",
            TermRole::Demonym => "demonyms",
        }
    }

    /// Whether terms of this role are always case-sensitive.
    pub(crate) fn is_acronym(self) -> bool {
        matches!(self, TermRole::Acronym | TermRole::FormerAcronym)
    }
}
