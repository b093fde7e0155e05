//! A structurally valid lexicon generated from the fuzz input (entries of every category with
//! random Unicode terms, case and match settings, acronyms, exclusion phrases, SDG targets),
//! loaded, built, and used to analyse text made of its own terms. Checks the invariants of
//! every analysis, and that a plain term standing alone as a paragraph is found.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use scidip::{Analyzer, BuildErrorKind, Language, Lexicon, LexiconErrorKind, Overlap};

#[path = "common/mod.rs"]
mod common;

/// Words to build terms from: plain ones first (letters only, no sentence-ending dots), then
/// ones that stress normalisation, segmentation and case.
const PLAIN: &[&str] = &[
    "science",
    "diplomacy",
    "Agency",
    "nuclear",
    "CERN",
    "Organización",
    "Übereinkommen",
    "Academia",
    "Академия",
    "наук",
    "Ελλάδα",
    "naïve",
    "research",
    "Council",
    "MoU",
    "people",
    "cooperation",
    "Fellowship",
    "Straße",
    "İstanbul",
    "København",
    "ǅemal",
    "Ωmega",
    "ISESCO",
    "water",
    "ocean",
    "Space",
    "Institute",
    "Łódź",
    "Øresund",
    "Ñandú",
    "ﬁnance",
    "Ｗorld",
];
const TRICKY: &[&str] = &[
    "of",
    "the",
    "and",
    "s",
    "COVID19",
    "19",
    "U.S.",
    "e.g.",
    "L'Oréal",
    "co-operation",
    "people-to-people",
    "Pakistan’s",
    "ß",
    "Σσς",
    "ı",
    "\u{212A}elvin",
    "\u{212B}",
    "x\u{301}",
    "中国科学院",
    "العلوم",
    "😀",
    "👩‍🔬",
    "\u{200D}",
    "\u{FEFF}",
    "\u{AD}",
    "&",
    "—",
    "(",
    ")",
    ",",
    ".",
    "'",
    "ǈ",
    "ﬀ",
    "Ⅻ",
    "¹²",
    "dʼEtat",
    "e\u{0301}\u{0301}\u{0301}",
];

#[derive(Arbitrary, Debug)]
enum Word {
    Plain(u8),
    Tricky(u8),
    Raw(String),
}

impl Word {
    fn text(&self) -> String {
        match self {
            Word::Plain(i) => PLAIN[usize::from(*i) % PLAIN.len()].to_string(),
            Word::Tricky(i) => TRICKY[usize::from(*i) % TRICKY.len()].to_string(),
            Word::Raw(s) => s.chars().take(24).collect(),
        }
    }

    fn is_plain(&self) -> bool {
        matches!(self, Word::Plain(_))
    }
}

#[derive(Arbitrary, Debug)]
struct TermIn {
    words: Vec<Word>,
    /// 0: default, 1: sensitive, 2: insensitive.
    case: u8,
    /// 0: default, 1: stem, 2: exact.
    matching: u8,
    /// As a plain string (when no setting is given) or as a table.
    table: bool,
    target: Option<u8>,
    weight: Option<u8>,
    ambiguous: Option<bool>,
}

impl TermIn {
    fn text(&self) -> String {
        let words: Vec<String> = self.words.iter().take(6).map(Word::text).collect();
        words.join(" ")
    }

    fn is_plain(&self) -> bool {
        !self.words.is_empty() && self.words.iter().take(6).all(Word::is_plain)
    }
}

#[derive(Arbitrary, Debug)]
struct EntryIn {
    /// mode, sdg, organisation, country, or a user category.
    category: u8,
    terms: Vec<TermIn>,
    acronyms: Vec<Word>,
    aliases: Vec<TermIn>,
    exclude: Vec<TermIn>,
    weight: Option<u8>,
    goal: u8,
    targets: Vec<u8>,
    org_type: u8,
    mode: u8,
    strength: u8,
}

#[derive(Arbitrary, Debug)]
enum Token {
    /// A term of an entry, with a casing: 0 as written, 1 upper, 2 lower.
    Term(u8, u8, u8),
    Word(Word),
    Punct(u8),
}

#[derive(Arbitrary, Debug)]
struct Input {
    header_category: bool,
    language: u8,
    fold_diacritics: bool,
    overlap: u8,
    entries: Vec<EntryIn>,
    doc: Vec<Token>,
}

const CATEGORIES: &[&str] = &[
    "mode",
    "sdg",
    "organisation",
    "country",
    "topic",
    "instrument_2",
];
const LANGUAGES: &[&str] = &["en", "en", "en", "fr", "de", "es", "ru", "ar", "none", "xx"];
const MODES: &[&str] = &[
    "science_in_diplomacy",
    "science_for_diplomacy",
    "diplomacy_for_science",
    "general",
];
const STRENGTHS: &[&str] = &["explicit", "strong", "moderate", "weak"];
const ORG_TYPES: &[&str] = &[
    "intergovernmental",
    "un_system",
    "research_infrastructure",
    "space_agency",
    "academy",
    "university",
    "ministry",
    "scholarship_programme",
    "ngo",
    "other",
];
const PUNCT: &[&str] = &[
    " ", " ", " ", ", ", ". ", "\n", "\n\n", " - ", "-", "’s ", " (", ") ", " & ", "; ", "\0",
    "\t", "\u{2029}", " — ", "/", "\"", "'", "s ",
];

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

/// A weight in (0, 100], the range the format allows: 0.39 to 100.00.
fn weight(w: u8) -> String {
    format!("{:.2}", (f64::from(w) + 1.0) * 100.0 / 256.0)
}

/// The targets of an SDG entry, as "G.N" strings, deduplicated.
fn targets(goal: u8, codes: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = codes
        .iter()
        .take(6)
        .map(|&c| {
            if c % 2 == 0 {
                format!("{goal}.{}", 1 + c / 2 % 20)
            } else {
                format!("{goal}.{}", char::from(b'a' + c / 2 % 5))
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn term_toml(t: &TermIn, targets: &[String], role_acronym: bool) -> String {
    let text = t.text();
    let plain_string = !t.table
        && t.case == 0
        && t.matching == 0
        && t.target.is_none()
        && t.weight.is_none()
        && t.ambiguous.is_none();
    if plain_string {
        return q(&text);
    }
    let mut s = format!("{{ text = {}", q(&text));
    match (t.case % 3, role_acronym) {
        (1, _) => s.push_str(", case = \"sensitive\""),
        (2, false) => s.push_str(", case = \"insensitive\""),
        _ => {}
    }
    match t.matching % 3 {
        1 => s.push_str(", match = \"stem\""),
        2 => s.push_str(", match = \"exact\""),
        _ => {}
    }
    if let Some(i) = t.target
        && !targets.is_empty()
    {
        s.push_str(&format!(
            ", target = {}",
            q(&targets[usize::from(i) % targets.len()])
        ));
    }
    if let Some(w) = t.weight {
        s.push_str(&format!(", weight = {}", weight(w)));
    }
    if let Some(b) = t.ambiguous {
        s.push_str(&format!(", ambiguous = {b}"));
    }
    s.push_str(" }");
    s
}

/// The lexicon's TOML text.
fn lexicon_toml(input: &Input, entries: &[EntryIn]) -> String {
    let mut s = String::from("# Provenance: generated by the fuzzer.\n[lexicon]\n");
    s.push_str("name = \"fuzz\"\nversion = \"1\"\n");
    s.push_str(&format!(
        "language = {}\n",
        q(pick(LANGUAGES, input.language))
    ));
    s.push_str("licence = \"CC0-1.0\"\nprovenance = \"fuzz\"\n");
    if input.header_category {
        s.push_str("category = \"topic\"\n");
    }
    for (i, e) in entries.iter().enumerate() {
        let category = pick(CATEGORIES, e.category);
        s.push_str("\n[[entry]]\n");
        if category == "country" {
            let id: String = [b'C', b'A' + (i / 26) as u8 % 26, b'A' + (i % 26) as u8]
                .iter()
                .map(|&b| char::from(b))
                .collect();
            s.push_str(&format!("id = {}\n", q(&id)));
        } else {
            s.push_str(&format!("id = \"e{i}\"\n"));
        }
        s.push_str(&format!("label = \"Entry {i}\"\n"));
        if !(input.header_category && category == "topic") {
            s.push_str(&format!("category = {}\n", q(category)));
        }
        let mut tg = Vec::new();
        match category {
            "organisation" => {
                s.push_str(&format!("type = {}\n", q(pick(ORG_TYPES, e.org_type))));
            }
            "sdg" => {
                let goal = 1 + e.goal % 17;
                tg = targets(goal, &e.targets);
                s.push_str(&format!("goal = {goal}\n"));
                if !tg.is_empty() {
                    let items: Vec<String> = tg
                        .iter()
                        .map(|t| format!("{} = \"target {t}\"", q(t)))
                        .collect();
                    s.push_str(&format!("targets = {{ {} }}\n", items.join(", ")));
                }
            }
            "mode" => {
                s.push_str(&format!("mode = {}\n", q(pick(MODES, e.mode))));
                s.push_str(&format!("strength = {}\n", q(pick(STRENGTHS, e.strength))));
            }
            _ => {}
        }
        if let Some(w) = e.weight {
            s.push_str(&format!("weight = {}\n", weight(w)));
        }
        let list = |terms: &[TermIn], acronym: bool| -> String {
            let items: Vec<String> = terms
                .iter()
                .take(8)
                .map(|t| term_toml(t, &tg, acronym))
                .collect();
            format!("[{}]", items.join(", "))
        };
        if !e.terms.is_empty() {
            s.push_str(&format!("terms = {}\n", list(&e.terms, false)));
        }
        if !e.aliases.is_empty() {
            s.push_str(&format!("aliases = {}\n", list(&e.aliases, false)));
        }
        if !e.acronyms.is_empty() {
            let items: Vec<String> = e.acronyms.iter().take(4).map(|w| q(&w.text())).collect();
            s.push_str(&format!("acronyms = [{}]\n", items.join(", ")));
        }
        if !e.exclude.is_empty() {
            let items: Vec<String> = e.exclude.iter().take(3).map(|t| q(&t.text())).collect();
            s.push_str(&format!("exclude = [{}]\n", items.join(", ")));
        }
    }
    s
}

fn recase(text: &str, casing: u8) -> String {
    match casing % 3 {
        1 => text.to_uppercase(),
        2 => text.to_lowercase(),
        _ => text.to_string(),
    }
}

fuzz_target!(|input: Input| {
    let entries = &input.entries[..input.entries.len().min(48)];
    let src = lexicon_toml(&input, entries);
    let lexicon = match Lexicon::from_toml_str(&src, "structured.toml") {
        Ok(lexicon) => lexicon,
        // Random words may leave a term with no word, a case-sensitive term with no letter,
        // or a term past the limits: rejected with a precise error, as they should be.
        Err(e)
            if matches!(
                e.kind(),
                LexiconErrorKind::EmptyTerm
                    | LexiconErrorKind::CaseWithoutLetters
                    | LexiconErrorKind::Limit
            ) =>
        {
            return;
        }
        Err(e) => panic!("the generated lexicon is valid, yet: {e}\n{src}"),
    };
    let language = Language::from_code(&lexicon.info().language).unwrap_or(Language::Unstemmed);
    let overlap = match input.overlap % 3 {
        0 => Overlap::AcrossCategories,
        1 => Overlap::Never,
        _ => Overlap::All,
    };
    let analyzer = match Analyzer::builder()
        .builtin(false)
        .language(language)
        .fold_diacritics(input.fold_diacritics)
        .overlap(overlap)
        .lexicon(lexicon)
        .build()
    {
        Ok(analyzer) => analyzer,
        Err(e) if e.kind() == BuildErrorKind::Automaton => return,
        Err(e) => panic!("a valid lexicon does not build: {e}\n{src}"),
    };

    // Random text made of the lexicon's terms, words and punctuation.
    let mut text = String::new();
    for tok in input.doc.iter().take(200) {
        match tok {
            Token::Term(e, t, casing) => {
                if entries.is_empty() {
                    continue;
                }
                let entry = &entries[usize::from(*e) % entries.len()];
                let all: Vec<String> = entry
                    .terms
                    .iter()
                    .chain(&entry.aliases)
                    .chain(&entry.exclude)
                    .map(TermIn::text)
                    .chain(entry.acronyms.iter().map(Word::text))
                    .collect();
                if !all.is_empty() {
                    text.push_str(&recase(&all[usize::from(*t) % all.len()], *casing));
                }
            }
            Token::Word(w) => text.push_str(&w.text()),
            Token::Punct(p) => text.push_str(pick(PUNCT, *p)),
        }
        text.push(' ');
    }
    let _ = common::analyse_and_check(&analyzer, &text);

    // Every plain term, alone in its paragraph and written as in the lexicon, is found.
    let mut doc = String::new();
    let mut expected = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for t in e.terms.iter().chain(&e.aliases).take(8) {
            if !t.is_plain() {
                continue;
            }
            doc.push_str("\n\n");
            let start = doc.len();
            doc.push_str(&t.text());
            expected.push((i, start, doc.len()));
        }
    }
    let a = common::analyse_and_check(&analyzer, &doc);
    for (i, start, end) in expected {
        let category = pick(CATEGORIES, entries[i].category);
        let found = a.mentions().iter().any(|m| {
            m.span.start >= start
                && m.span.end <= end
                && a.category_name(m.category) == category
                && a.entry(m).label == format!("Entry {i}")
        });
        assert!(
            found,
            "term {:?} of entry {i} is not found in {doc:?}",
            &doc[start..end]
        );
    }
});
