//! The image of the built-in lexicons that `build.rs` writes and the crate embeds.
//!
//! The build script loads the TOML files with the crate's own code (it compiles the crate's
//! modules) and writes what they loaded: every lexicon (header, entries, terms, rules), then
//! the phrases of the default analyzer read into words (`matcher::Prepared`: segmented, folded
//! and stemmed). A fresh process decodes both instead of parsing TOML and reading thousands of
//! terms; everything else (merging, symbols, the trie, the rules) is built at run time by the
//! same code as always.
//!
//! Layout: [`MAGIC`], then for each built-in file its path, the length of its TOML text and its
//! lexicon, then the prepared phrases. Integers are little-endian `u32` (lines, counts, lengths)
//! or single bytes (enums); strings are a length and UTF-8 bytes; floats are their `f32` bits.
//! [`Reader`] checks every length, tag and string and gives `None` on a malformed image: the
//! crate then parses the TOML, so a damaged image costs time, never a wrong or missing entry.

use std::collections::BTreeMap;

use super::Lexicon;
use super::model::{
    Case, Country, CountryStatus, CueStrength, Entry, EntryData, LexiconInfo, Matching, Mode,
    ModeCue, Organisation, OrganisationType, SdgGoal, Target, Term, TermRole,
};
use crate::rules::{Effect, Rule, Scope, Selector};

/// The first bytes of an image; the number is the version of the layout.
pub(crate) const MAGIC: &[u8; 8] = b"SDIMG002";

/// Appends values to an image.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, n: u8) {
        self.bytes.push(n);
    }

    /// A length, count or line; values beyond `u32` (impossible within the lexicon limits)
    /// are written as `u32::MAX`, which no image check accepts as a length.
    pub(crate) fn u32(&mut self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    pub(crate) fn f32(&mut self, x: f32) {
        self.bytes.extend_from_slice(&x.to_bits().to_le_bytes());
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.u32(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }

    fn strings(&mut self, list: &[String]) {
        self.u32(list.len());
        for s in list {
            self.str(s);
        }
    }
}

/// Reads values from an image; every method gives `None` when the bytes run out or are not
/// what they should be.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Some(head)
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    /// Four bytes, as the writers of `u32`, `f32` and `i32` values wrote them.
    fn four(&mut self) -> Option<[u8; 4]> {
        self.take(4)?.try_into().ok()
    }

    pub(crate) fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.four()?) as usize)
    }

    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_bits(u32::from_le_bytes(self.four()?)))
    }

    pub(crate) fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    pub(crate) fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    /// A count of items that take at least `min` bytes each, so that a damaged count cannot
    /// ask for more memory than the image could describe.
    pub(crate) fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()?;
        (n.checked_mul(min.max(1))? <= self.bytes.len()).then_some(n)
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
}

/// The image of a payload: [`MAGIC`], a checksum of the payload, the payload.
pub(crate) fn seal(payload: &[u8]) -> Vec<u8> {
    let mut image = Vec::with_capacity(payload.len() + 16);
    image.extend_from_slice(MAGIC);
    image.extend_from_slice(&checksum(payload).to_le_bytes());
    image.extend_from_slice(payload);
    image
}

/// The payload of an image whose magic and checksum are right.
pub(crate) fn open(image: &[u8]) -> Option<&[u8]> {
    let rest = image.strip_prefix(MAGIC)?;
    let (sum, payload) = rest.split_at_checked(8)?;
    let sum = u64::from_le_bytes(sum.try_into().ok()?);
    (checksum(payload) == sum).then_some(payload)
}

/// A 64-bit checksum, eight bytes at a time (about 0.1 ms for the built-in image); it catches
/// damage, it is not meant to resist tampering.
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ word).wrapping_mul(K).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h
}

/// Writes the lexicons of the built-in files, each with its path and the length of its TOML.
pub(crate) fn encode_lexicons(w: &mut Writer, files: &[(&str, usize, &Lexicon)]) {
    w.u32(files.len());
    for (name, len, lexicon) in files {
        w.str(name);
        w.u32(*len);
        info(w, &lexicon.info);
        w.u32(lexicon.entries.len());
        for e in &lexicon.entries {
            entry(w, e);
        }
        w.u32(lexicon.rules.len());
        for r in &lexicon.rules {
            rule(w, r);
        }
    }
}

/// Reads what [`encode_lexicons`] wrote, checking that the files are `expected` (path and
/// length of the TOML text, in order).
pub(crate) fn decode_lexicons(
    r: &mut Reader<'_>,
    expected: &[(&str, usize)],
) -> Option<Vec<Lexicon>> {
    if r.u32()? != expected.len() {
        return None;
    }
    let mut lexicons = Vec::with_capacity(expected.len());
    for &(name, len) in expected {
        if r.str()? != name || r.u32()? != len {
            return None;
        }
        let info = read_info(r)?;
        let n = r.count(16)?;
        let entries = (0..n).map(|_| read_entry(r)).collect::<Option<Vec<_>>>()?;
        let n = r.count(16)?;
        let rules = (0..n).map(|_| read_rule(r)).collect::<Option<Vec<_>>>()?;
        lexicons.push(Lexicon {
            info,
            entries,
            rules,
        });
    }
    Some(lexicons)
}

fn info(w: &mut Writer, i: &LexiconInfo) {
    for s in [&i.name, &i.version, &i.language, &i.licence, &i.provenance] {
        w.str(s);
    }
    for s in [&i.description, &i.category, &i.source] {
        w.opt_str(s.as_deref());
    }
}

fn read_info(r: &mut Reader<'_>) -> Option<LexiconInfo> {
    Some(LexiconInfo {
        name: r.string()?,
        version: r.string()?,
        language: r.string()?,
        licence: r.string()?,
        provenance: r.string()?,
        description: r.opt_string()?,
        category: r.opt_string()?,
        source: r.opt_string()?,
    })
}

fn entry(w: &mut Writer, e: &Entry) {
    w.str(&e.id);
    w.str(&e.label);
    w.str(&e.category);
    w.u32(e.terms.len());
    for t in &e.terms {
        term(w, t);
    }
    w.f32(e.weight);
    w.strings(&e.exclude);
    w.opt_str(e.description.as_deref());
    w.u32(e.meta.len());
    for (k, v) in &e.meta {
        w.str(k);
        w.str(v);
    }
    match &e.data {
        EntryData::None => w.u8(0),
        EntryData::Organisation(o) => {
            w.u8(1);
            w.u8(index(OrganisationType::all(), o.kind));
            w.opt_str(o.country.as_deref());
            w.opt_str(o.wikidata.as_deref());
            match o.founded {
                Some(year) => {
                    w.u8(1);
                    w.bytes.extend_from_slice(&year.to_le_bytes());
                }
                None => w.u8(0),
            }
            w.u8(u8::from(o.generic));
        }
        EntryData::Country(c) => {
            w.u8(2);
            w.opt_str(c.iso2.as_deref());
            w.opt_str(c.formal_name.as_deref());
            w.u8(index(STATUSES.iter().copied(), c.status));
        }
        EntryData::Sdg(g) => {
            w.u8(3);
            w.u8(g.goal);
            w.u32(g.targets.len());
            for (target, label) in &g.targets {
                w.str(&target.to_string());
                w.str(label);
            }
        }
        EntryData::Mode(m) => {
            w.u8(4);
            w.u32(m.modes.len());
            for &mode in &m.modes {
                w.u8(index(Mode::ALL.into_iter(), mode));
            }
            w.u8(index(STRENGTHS.iter().copied(), m.strength));
        }
    }
    w.u32(e.line);
}

fn read_entry(r: &mut Reader<'_>) -> Option<Entry> {
    let id = r.string()?;
    let label = r.string()?;
    let category = r.string()?;
    let n = r.count(16)?;
    let terms = (0..n).map(|_| read_term(r)).collect::<Option<Vec<_>>>()?;
    let weight = r.f32()?;
    let exclude = r.strings()?;
    let description = r.opt_string()?;
    let n = r.count(8)?;
    let mut meta = BTreeMap::new();
    for _ in 0..n {
        meta.insert(r.string()?, r.string()?);
    }
    let data = match r.u8()? {
        0 => EntryData::None,
        1 => EntryData::Organisation(Organisation {
            kind: nth(OrganisationType::all(), r.u8()?)?,
            country: r.opt_string()?,
            wikidata: r.opt_string()?,
            founded: match r.u8()? {
                0 => None,
                1 => Some(i32::from_le_bytes(r.four()?)),
                _ => return None,
            },
            generic: r.bool()?,
        }),
        2 => EntryData::Country(Country {
            iso2: r.opt_string()?,
            formal_name: r.opt_string()?,
            status: nth(STATUSES.iter().copied(), r.u8()?)?,
        }),
        3 => {
            let goal = r.u8()?;
            let n = r.count(8)?;
            let mut targets = Vec::with_capacity(n);
            for _ in 0..n {
                let target: Target = r.str()?.parse().ok()?;
                targets.push((target, r.string()?));
            }
            EntryData::Sdg(SdgGoal { goal, targets })
        }
        4 => {
            let n = r.count(1)?;
            let modes = (0..n)
                .map(|_| nth(Mode::ALL.into_iter(), r.u8()?))
                .collect::<Option<Vec<_>>>()?;
            let strength = nth(STRENGTHS.iter().copied(), r.u8()?)?;
            EntryData::Mode(ModeCue { modes, strength })
        }
        _ => return None,
    };
    Some(Entry {
        id,
        label,
        category,
        terms,
        weight,
        exclude,
        description,
        meta,
        data,
        line: r.u32()?,
    })
}

fn term(w: &mut Writer, t: &Term) {
    w.str(&t.text);
    w.u8(index(CASES.iter().copied(), t.case));
    w.u8(index(MATCHINGS.iter().copied(), t.matching));
    w.f32(t.weight);
    w.opt_str(t.target.map(|t| t.to_string()).as_deref());
    w.u8(u8::from(t.ambiguous));
    w.u8(index(ROLES.iter().copied(), t.role));
    w.u32(t.line);
}

fn read_term(r: &mut Reader<'_>) -> Option<Term> {
    Some(Term {
        text: r.string()?,
        case: nth(CASES.iter().copied(), r.u8()?)?,
        matching: nth(MATCHINGS.iter().copied(), r.u8()?)?,
        weight: r.f32()?,
        target: match r.opt_string()? {
            Some(s) => Some(s.parse().ok()?),
            None => None,
        },
        ambiguous: r.bool()?,
        role: nth(ROLES.iter().copied(), r.u8()?)?,
        line: r.u32()?,
    })
}

fn rule(w: &mut Writer, rule: &Rule) {
    w.str(&rule.id);
    w.opt_str(rule.description.as_deref());
    for list in [&rule.when, &rule.all, &rule.any, &rule.none] {
        w.u32(list.len());
        for s in list {
            selector(w, s);
        }
    }
    match rule.scope {
        Scope::Words(n) => {
            w.u8(0);
            w.u32(n as usize);
        }
        Scope::Sentence => w.u8(1),
        Scope::Document => w.u8(2),
    }
    match rule.effect {
        Effect::Mode(m) => {
            w.u8(0);
            w.u8(index(Mode::ALL.into_iter(), m));
        }
        Effect::Relevance => w.u8(1),
        Effect::Goal(g) => {
            w.u8(2);
            w.u8(g);
        }
        Effect::Target(t) => {
            w.u8(3);
            w.str(&t.to_string());
        }
        Effect::Veto => w.u8(4),
        Effect::Confirm => w.u8(5),
    }
    match rule.strength {
        Some(s) => w.u8(1 + index(STRENGTHS.iter().copied(), s)),
        None => w.u8(0),
    }
    w.f32(rule.weight);
    w.u32(rule.line);
    w.opt_str(rule.source.as_deref());
}

fn read_rule(r: &mut Reader<'_>) -> Option<Rule> {
    let id = r.string()?;
    let description = r.opt_string()?;
    let mut lists: [Vec<Selector>; 4] = Default::default();
    for list in &mut lists {
        let n = r.count(2)?;
        *list = (0..n)
            .map(|_| read_selector(r))
            .collect::<Option<Vec<_>>>()?;
    }
    let scope = match r.u8()? {
        0 => Scope::Words(u32::try_from(r.u32()?).ok()?),
        1 => Scope::Sentence,
        2 => Scope::Document,
        _ => return None,
    };
    let effect = match r.u8()? {
        0 => Effect::Mode(nth(Mode::ALL.into_iter(), r.u8()?)?),
        1 => Effect::Relevance,
        2 => Effect::Goal(r.u8()?),
        3 => Effect::Target(r.str()?.parse().ok()?),
        4 => Effect::Veto,
        5 => Effect::Confirm,
        _ => return None,
    };
    let strength = match r.u8()? {
        0 => None,
        n => Some(nth(STRENGTHS.iter().copied(), n - 1)?),
    };
    let [when, all, any, none] = lists;
    Some(Rule {
        id,
        description,
        when,
        all,
        any,
        none,
        scope,
        effect,
        strength,
        weight: r.f32()?,
        line: r.u32()?,
        source: r.opt_string()?,
    })
}

fn selector(w: &mut Writer, s: &Selector) {
    match s {
        Selector::Entry { category, id } => {
            w.u8(0);
            w.str(category);
            w.str(id);
        }
        Selector::Category(c) => {
            w.u8(1);
            w.str(c);
        }
        Selector::OrganisationType(t) => {
            w.u8(2);
            w.u8(index(OrganisationType::all(), *t));
        }
        Selector::Target(t) => {
            w.u8(3);
            w.str(&t.to_string());
        }
        Selector::Mode(m) => {
            w.u8(4);
            w.u8(index(Mode::ALL.into_iter(), *m));
        }
    }
}

fn read_selector(r: &mut Reader<'_>) -> Option<Selector> {
    Some(match r.u8()? {
        0 => Selector::Entry {
            category: r.string()?,
            id: r.string()?,
        },
        1 => Selector::Category(r.string()?),
        2 => Selector::OrganisationType(nth(OrganisationType::all(), r.u8()?)?),
        3 => Selector::Target(r.str()?.parse().ok()?),
        4 => Selector::Mode(nth(Mode::ALL.into_iter(), r.u8()?)?),
        _ => return None,
    })
}

const STATUSES: &[CountryStatus] = &[
    CountryStatus::UnMember,
    CountryStatus::UnObserver,
    CountryStatus::Territory,
    CountryStatus::Other,
];
const STRENGTHS: &[CueStrength] = &[
    CueStrength::Weak,
    CueStrength::Moderate,
    CueStrength::Strong,
    CueStrength::Explicit,
];
const CASES: &[Case] = &[Case::Insensitive, Case::Sensitive];
const MATCHINGS: &[Matching] = &[Matching::Stem, Matching::Exact];
const ROLES: &[TermRole] = &[
    TermRole::Term,
    TermRole::Acronym,
    TermRole::Alias,
    TermRole::FormerName,
    TermRole::FormerAcronym,
    TermRole::Demonym,
];

/// The position of a value in a list of all the values of its type (which has at most a few
/// dozen); a value missing from the list (a variant added without updating this file) is
/// written as 255, which decoding refuses, so the crate falls back to the TOML.
fn index<T: PartialEq>(mut all: impl Iterator<Item = T>, value: T) -> u8 {
    all.position(|v| v == value)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

fn nth<T>(mut all: impl Iterator<Item = T>, i: u8) -> Option<T> {
    all.nth(usize::from(i))
}
