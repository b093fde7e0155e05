//! Reading a lexicon from TOML, with every check reported at its file, line and entry.
//!
//! The file is parsed into toml's spanned document tree and walked by hand rather than through
//! serde derives: that way every error (an unknown key, a bad value, a duplicate id, a term that
//! normalises to nothing) carries the exact line and the entry it belongs to.
//!
//! A large file whose second half holds only `[[entry]]` tables is parsed in two halves on
//! two threads (see [`parse_split`]); anything that could make the halves read differently
//! from the whole file sends it to the one-thread path, which alone reports errors.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{
    Case, Country, CountryStatus, CueStrength, Entry, EntryData, LexiconInfo, Matching, Mode,
    ModeCue, Organisation, OrganisationType, SdgGoal, Target, Term, TermRole,
};
use super::{Lexicon, limits};
use crate::error::{LexiconError, LexiconErrorKind as Kind};
use crate::rules::{Effect, Rule, Scope, Selector};
use crate::text::{Piece, pieces};

type Value<'i> = Spanned<DeValue<'i>>;

/// Files of at least this many bytes are parsed in two halves when they allow it.
const SPLIT_BYTES: usize = 1 << 20;

/// Parses and validates a lexicon, collecting every error found.
pub(crate) fn parse(src: &str, source: &str) -> Result<Lexicon, Vec<LexiconError>> {
    // Asked only for large files: on Linux the answer reads cgroup files.
    if src.len() >= SPLIT_BYTES
        && src.len() <= limits::MAX_FILE_BYTES
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
        && let Some(lexicon) = parse_split(src, source)
    {
        return Ok(lexicon);
    }
    parse_whole(src, source)
}

/// [`parse`] on one thread.
fn parse_whole(src: &str, source: &str) -> Result<Lexicon, Vec<LexiconError>> {
    let mut ctx = Ctx::new(src, source, 0);
    if src.len() > limits::MAX_FILE_BYTES {
        ctx.err(
            Kind::Limit,
            0..0,
            format!(
                "the file has {} bytes; the limit is {}",
                src.len(),
                limits::MAX_FILE_BYTES
            ),
        );
        return Err(ctx.errors);
    }
    let root = match DeTable::parse(src) {
        Ok(root) => root,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            ctx.err(Kind::Syntax, span, e.message().trim().to_string());
            return Err(ctx.errors);
        }
    };
    let lexicon = ctx.document(root.get_ref());
    if ctx.errors.is_empty() {
        Ok(lexicon)
    } else {
        Err(ctx.errors)
    }
}

/// Parses a file in two halves on two threads: the second half starts at a `[[entry]]` line
/// past the middle. `None`, and the file is left to [`parse_whole`], unless that gives what
/// parsing the whole file gives:
/// - no multi-line string (`"""`, `'''`) could hide a `[[entry]]` line, and the first half has
///   such a line, so its `entry` is an array of tables, which the second half's extends;
/// - the second half defines nothing but `entry` (a `[lexicon]` or `[[rule]]` there would
///   meet the first half's);
/// - both halves parse and are valid, and no (category, id) is in both (errors, in the order
///   the whole file gives them, come from [`parse_whole`] alone).
///
/// The second half is read with the first half's default category, sent once its header is
/// read; its lines are counted from where it starts.
fn parse_split(src: &str, source: &str) -> Option<Lexicon> {
    if memchr::memmem::find(src.as_bytes(), b"\"\"\"").is_some()
        || memchr::memmem::find(src.as_bytes(), b"'''").is_some()
    {
        return None;
    }
    let at = split_point(src)?;
    let (first, second) = src.split_at(at);
    let line_base = memchr::memchr_iter(b'\n', first.as_bytes()).count();
    let (send, receive) = std::sync::mpsc::channel::<Option<String>>();
    // `move`: the sender goes with this closure, so that a helper waiting for the category
    // wakes (and gives up) whenever this side returns before sending it.
    std::thread::scope(move |scope| {
        let helper = std::thread::Builder::new()
            .name("scidip-load".into())
            .spawn_scoped(scope, move || {
                let root = DeTable::parse(second).ok()?;
                let root = root.get_ref();
                let DeValue::Array(items) = root.get("entry")?.get_ref() else {
                    return None;
                };
                if root.len() != 1 {
                    return None;
                }
                let category = receive.recv().ok()?;
                let mut ctx = Ctx::new(second, source, line_base);
                let mut seen = HashSet::new();
                let entries = ctx.entries(items, category.as_deref(), &mut seen);
                ctx.errors.is_empty().then_some((entries, seen))
            })
            .ok()?;
        let root = DeTable::parse(first).ok()?;
        let mut ctx = Ctx::new(first, source, 0);
        let info = ctx.info(root.get_ref());
        // A failed send: the helper has given up already.
        let _ = send.send(info.category.clone());
        let mut seen = HashSet::new();
        let lexicon = ctx.body(root.get_ref(), info, &mut seen);
        let (more, more_seen) = helper.join().ok()??;
        let unique = more_seen.iter().all(|key| !seen.contains(key));
        let count = lexicon.entries.len() + more.len();
        if !ctx.errors.is_empty() || !unique || count > limits::MAX_ENTRIES {
            return None;
        }
        let mut lexicon = lexicon;
        lexicon.entries.extend(more);
        Some(lexicon)
    })
}

/// Where the second half of a file starts: the first line `[[entry]]` past the middle, when
/// an earlier line is one too.
fn split_point(src: &str) -> Option<usize> {
    const HEADER: &[u8] = b"[[entry]]";
    let bytes = src.as_bytes();
    // The starts of the lines that are `[[entry]]` and nothing else, in file order.
    let mut headers = std::iter::once(0)
        .chain(memchr::memmem::find_iter(bytes, b"\n[[entry]]").map(|i| i + 1))
        .filter(|&start| {
            let rest = &bytes[start..];
            rest.starts_with(HEADER) && {
                let after = &rest[HEADER.len()..];
                after.starts_with(b"\n") || after.starts_with(b"\r\n")
            }
        });
    let middle = src.len() / 2;
    if headers.next()? >= middle {
        return None;
    }
    headers.find(|&start| start >= middle)
}

struct Ctx<'a> {
    source: &'a str,
    lines: LineIndex<'a>,
    /// Lines before the text being read (in the second half of a split file).
    line_base: usize,
    errors: Vec<LexiconError>,
    entry: Option<String>,
}

impl<'a> Ctx<'a> {
    fn new(src: &'a str, source: &'a str, line_base: usize) -> Ctx<'a> {
        Ctx {
            source,
            lines: LineIndex::new(src),
            line_base,
            errors: Vec::new(),
            entry: None,
        }
    }
}

impl Ctx<'_> {
    fn err(&mut self, kind: Kind, span: Range<usize>, message: impl Into<String>) {
        let (line, col) = self.lines.position(span.start);
        self.errors.push(
            LexiconError::new(kind, message)
                .with_file(self.source)
                .at(line + self.line_base, col)
                .in_entry(self.entry.as_deref()),
        );
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.lines.line(offset) + self.line_base
    }

    fn document(&mut self, root: &DeTable<'_>) -> Lexicon {
        let info = self.info(root);
        self.body(root, info, &mut HashSet::new())
    }

    /// Checks the top-level keys and reads the header.
    fn info(&mut self, root: &DeTable<'_>) -> LexiconInfo {
        let mut info = None;
        for (key, value) in root.iter() {
            match key.get_ref().as_ref() {
                "lexicon" => match value.get_ref() {
                    DeValue::Table(t) => info = Some(self.header(t)),
                    _ => self.err(
                        Kind::InvalidValue,
                        value.span(),
                        "`lexicon` must be a table ([lexicon])",
                    ),
                },
                "entry" | "rule" => {}
                other => self.err(
                    Kind::UnknownKey,
                    key.span(),
                    format!(
                        "unknown top-level key `{other}` (expected `lexicon`, `entry` or `rule`)"
                    ),
                ),
            }
        }
        info.unwrap_or_else(|| {
            self.err(Kind::MissingKey, 0..0, "missing the `[lexicon]` header");
            empty_info()
        })
    }

    /// Reads the entries and rules; `seen` collects the (category, id) of the entries.
    fn body(
        &mut self,
        root: &DeTable<'_>,
        info: LexiconInfo,
        seen: &mut HashSet<(String, String)>,
    ) -> Lexicon {
        let mut entries = Vec::new();
        if let Some(value) = root.get("entry") {
            match value.get_ref() {
                DeValue::Array(items) => {
                    if items.len() > limits::MAX_ENTRIES {
                        self.err(
                            Kind::Limit,
                            value.span(),
                            format!(
                                "{} entries; the limit is {}",
                                items.len(),
                                limits::MAX_ENTRIES
                            ),
                        );
                        return Lexicon {
                            info,
                            entries,
                            rules: Vec::new(),
                        };
                    }
                    entries = self.entries(items, info.category.as_deref(), seen);
                }
                _ => self.err(
                    Kind::InvalidValue,
                    value.span(),
                    "`entry` must be an array of tables ([[entry]])",
                ),
            }
        }
        let rules = root
            .get("rule")
            .map(|v| self.rules(v, &info))
            .unwrap_or_default();
        Lexicon {
            info,
            entries,
            rules,
        }
    }

    /// The `[[rule]]` tables of a file.
    fn rules(&mut self, value: &Value<'_>, info: &LexiconInfo) -> Vec<Rule> {
        let DeValue::Array(items) = value.get_ref() else {
            self.err(
                Kind::InvalidValue,
                value.span(),
                "`rule` must be an array of tables ([[rule]])",
            );
            return Vec::new();
        };
        if items.len() > limits::MAX_ENTRIES {
            self.err(
                Kind::Limit,
                value.span(),
                format!(
                    "{} rules; the limit is {}",
                    items.len(),
                    limits::MAX_ENTRIES
                ),
            );
            return Vec::new();
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut rules = Vec::new();
        for item in items.iter() {
            if let Some(mut rule) = self.rule(item) {
                if seen.insert(rule.id.clone()) {
                    rule.source.clone_from(&info.source);
                    rules.push(rule);
                } else {
                    self.err(
                        Kind::DuplicateId,
                        item.span(),
                        format!("rule `{}`: another rule in this file has this id", rule.id),
                    );
                }
            }
        }
        rules
    }

    /// One `[[rule]]` table; see `data/lexicons/README.md` for the format.
    fn rule(&mut self, item: &Value<'_>) -> Option<Rule> {
        let DeValue::Table(t) = item.get_ref() else {
            self.err(
                Kind::InvalidValue,
                item.span(),
                "each rule must be a table ([[rule]])",
            );
            return None;
        };
        let start = item.span();
        let Some(id) = t.get("id").and_then(|v| self.string(v, "id")) else {
            self.err(Kind::MissingKey, start, "rule lacks `id`");
            return None;
        };
        let at = format!("rule `{id}`");
        if !valid_id(&id) {
            self.err(
                Kind::InvalidValue,
                t["id"].span(),
                format!("{at}: id must be 1 to 64 ASCII letters, digits or `_ . : -`"),
            );
        }
        for (key, _) in in_file_order(t) {
            let k = key.get_ref().as_ref();
            if !RULE_KEYS.contains(&k) {
                self.err(
                    Kind::UnknownKey,
                    key.span(),
                    format!(
                        "{at}: unknown key `{k}` (expected one of: {})",
                        RULE_KEYS.join(", ")
                    ),
                );
            }
        }
        let mut lists: [Vec<Selector>; 4] = Default::default();
        for (i, key) in ["when", "all", "any", "none"].into_iter().enumerate() {
            if let Some(v) = t.get(key) {
                lists[i] = self.selectors(v, key, &at);
            }
        }
        if lists[0].is_empty() && !t.contains_key("when") {
            self.err(
                Kind::MissingKey,
                start.clone(),
                format!("{at}: lacks `when` (the selectors of the anchor mentions)"),
            );
        }
        let scope = match (t.get("scope"), t.get("within")) {
            (Some(s), Some(_)) => {
                self.err(
                    Kind::InvalidValue,
                    s.span(),
                    format!("{at}: give either `scope` or `within`, not both"),
                );
                Scope::Sentence
            }
            (Some(s), None) => match self.string(s, "scope").as_deref() {
                Some("sentence") | None => Scope::Sentence,
                Some("document") => Scope::Document,
                Some(other) => {
                    self.err(
                        Kind::InvalidValue,
                        s.span(),
                        format!(
                            "{at}: scope `{other}` must be `sentence` or `document` (or use \
                             `within = N` for N words)"
                        ),
                    );
                    Scope::Sentence
                }
            },
            (None, Some(w)) => match self.integer(w, "within") {
                Some(n) if (0..=MAX_WITHIN).contains(&n) => Scope::Words(n as u32),
                Some(_) => {
                    self.err(
                        Kind::InvalidValue,
                        w.span(),
                        format!("{at}: `within` must be 0 to {MAX_WITHIN} words"),
                    );
                    Scope::Sentence
                }
                None => Scope::Sentence,
            },
            (None, None) => Scope::Sentence,
        };
        let effect = match t.get("effect") {
            Some(v) => match self.string(v, "effect")?.parse::<Effect>() {
                Ok(e) => e,
                Err(msg) => {
                    self.err(Kind::InvalidValue, v.span(), format!("{at}: {msg}"));
                    return None;
                }
            },
            None => {
                self.err(Kind::MissingKey, start, format!("{at}: lacks `effect`"));
                return None;
            }
        };
        let evidence = matches!(effect, Effect::Mode(_) | Effect::Relevance);
        let strength = match t.get("strength") {
            Some(v) if !evidence => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    format!("{at}: `strength` applies only to mode and relevance effects"),
                );
                None
            }
            Some(v) => {
                let s = self.string(v, "strength")?;
                let parsed = CueStrength::from_name(&s);
                if parsed.is_none() {
                    self.err(
                        Kind::InvalidValue,
                        v.span(),
                        format!("{at}: strength `{s}` must be explicit, strong, moderate or weak"),
                    );
                }
                parsed
            }
            None if evidence => Some(CueStrength::Moderate),
            None => None,
        };
        let weight = match t.get("weight") {
            Some(v) if matches!(effect, Effect::Veto | Effect::Confirm) => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    format!("{at}: `weight` does not apply to `{effect}` rules"),
                );
                1.0
            }
            Some(v) => self.weight(v).unwrap_or(1.0),
            None => 1.0,
        };
        let description = t
            .get("description")
            .and_then(|v| self.string(v, "description"));
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
            weight,
            line: self.line(item.span().start),
            source: None,
        })
    }

    fn selectors(&mut self, v: &Value<'_>, key: &str, at: &str) -> Vec<Selector> {
        let DeValue::Array(items) = v.get_ref() else {
            self.err(
                Kind::InvalidValue,
                v.span(),
                format!("{at}: `{key}` must be an array of selector strings"),
            );
            return Vec::new();
        };
        if key == "when" && items.is_empty() {
            self.err(
                Kind::InvalidValue,
                v.span(),
                format!("{at}: `when` must name at least one selector"),
            );
        }
        items
            .iter()
            .filter_map(|i| {
                let s = self.string(i, key)?;
                match s.parse::<Selector>() {
                    Ok(sel) => Some(sel),
                    Err(msg) => {
                        self.err(Kind::InvalidValue, i.span(), format!("{at}: {msg}"));
                        None
                    }
                }
            })
            .collect()
    }

    /// The valid entries of `[[entry]]` tables, each (category, id) once (`seen` holds those
    /// read before).
    fn entries(
        &mut self,
        items: &[Value<'_>],
        default_category: Option<&str>,
        seen: &mut HashSet<(String, String)>,
    ) -> Vec<Entry> {
        let mut entries = Vec::with_capacity(items.len());
        for item in items {
            if let Some(entry) = self.entry(item, default_category)
                && !self.check_unique(seen, &entry, item)
            {
                entries.push(entry);
            }
            self.entry = None;
        }
        entries
    }

    /// Reports a duplicate id; returns whether the entry is a duplicate.
    fn check_unique(
        &mut self,
        seen: &mut HashSet<(String, String)>,
        entry: &Entry,
        item: &Value<'_>,
    ) -> bool {
        if seen.insert((entry.category.clone(), entry.id.clone())) {
            return false;
        }
        let span = match item.get_ref() {
            DeValue::Table(t) => t.get("id").map_or(item.span(), Spanned::span),
            _ => item.span(),
        };
        self.entry = Some(entry.id.clone());
        self.err(
            Kind::DuplicateId,
            span,
            format!(
                "duplicate id `{}` in category `{}`",
                entry.id, entry.category
            ),
        );
        true
    }

    fn header(&mut self, t: &DeTable<'_>) -> LexiconInfo {
        let mut info = empty_info();
        info.source = Some(self.source.to_string());
        for (key, value) in in_file_order(t) {
            let k = key.get_ref().as_ref();
            let slot = match k {
                "name" => &mut info.name,
                "version" => &mut info.version,
                "language" => &mut info.language,
                "licence" => &mut info.licence,
                "provenance" => &mut info.provenance,
                "description" => {
                    info.description = self.string(value, k);
                    continue;
                }
                "category" => {
                    info.category = self.string(value, k);
                    if let Some(c) = &info.category
                        && !valid_category(c)
                    {
                        self.err(Kind::InvalidValue, value.span(), bad_category(c));
                    }
                    continue;
                }
                _ => {
                    self.err(
                        Kind::UnknownKey,
                        key.span(),
                        format!(
                            "unknown key `{k}` in [lexicon] (expected name, version, language, \
                             licence, provenance, description, category)"
                        ),
                    );
                    continue;
                }
            };
            if let Some(s) = self.string(value, k) {
                *slot = s;
            }
        }
        for (k, v) in [
            ("name", &info.name),
            ("version", &info.version),
            ("language", &info.language),
            ("licence", &info.licence),
            ("provenance", &info.provenance),
        ] {
            if v.trim().is_empty() && t.get(k).is_none() {
                self.err(
                    Kind::MissingKey,
                    0..0,
                    format!("the [lexicon] header lacks `{k}`"),
                );
            }
        }
        let lang = &info.language;
        let well_formed = lang == "none"
            || (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
        if !lang.is_empty() && !well_formed {
            let span = t.get("language").map_or(0..0, Spanned::span);
            self.err(
                Kind::InvalidValue,
                span,
                format!("language `{lang}` is not an ISO 639-1 code such as \"en\""),
            );
        }
        info
    }

    fn entry(&mut self, item: &Value<'_>, default_category: Option<&str>) -> Option<Entry> {
        let DeValue::Table(t) = item.get_ref() else {
            self.err(
                Kind::InvalidValue,
                item.span(),
                "each entry must be a table ([[entry]])",
            );
            return None;
        };
        let start = item.span();
        let id = t.get("id").and_then(|v| self.string(v, "id"));
        self.entry.clone_from(&id);
        let Some(id) = id else {
            self.err(Kind::MissingKey, start, "entry lacks `id`");
            return None;
        };
        if !valid_id(&id) {
            self.err(
                Kind::InvalidValue,
                t.get("id").map_or(start.clone(), Spanned::span),
                format!(
                    "id `{id}` must be 1 to 64 ASCII letters, digits or `_ . : -`, starting with a \
                     letter or digit"
                ),
            );
        }
        let category = match t.get("category") {
            Some(v) => self.string(v, "category"),
            None => default_category.map(str::to_string),
        };
        let Some(category) = category else {
            self.err(
                Kind::MissingKey,
                start,
                "entry lacks `category` (and the header sets no default)",
            );
            return None;
        };
        if !valid_category(&category) {
            let span = t.get("category").map_or(start.clone(), Spanned::span);
            self.err(Kind::InvalidValue, span, bad_category(&category));
        }
        let allowed = allowed_keys(&category);
        for (key, _) in in_file_order(t) {
            let k = key.get_ref().as_ref();
            if !COMMON_KEYS.contains(&k) && !allowed.contains(&k) {
                let expected: Vec<&str> = COMMON_KEYS.iter().chain(allowed).copied().collect();
                self.err(
                    Kind::UnknownKey,
                    key.span(),
                    format!(
                        "unknown key `{k}` for a `{category}` entry (expected one of: {})",
                        expected.join(", ")
                    ),
                );
            }
        }
        let label = t.get("label").and_then(|v| self.string(v, "label"));
        let label = match label {
            Some(l) if !l.trim().is_empty() => l,
            Some(_) => {
                self.err(Kind::InvalidValue, t["label"].span(), "`label` is empty");
                String::new()
            }
            None => {
                self.err(Kind::MissingKey, start.clone(), "entry lacks `label`");
                String::new()
            }
        };
        let weight = t.get("weight").and_then(|v| self.weight(v)).unwrap_or(1.0);
        let data = self.entry_data(t, &category, &id, start.clone());
        let targets: Vec<Target> = match &data {
            EntryData::Sdg(g) => g.targets.iter().map(|(t, _)| *t).collect(),
            _ => Vec::new(),
        };
        let mut terms = Vec::new();
        for (key, role) in [
            ("terms", TermRole::Term),
            ("acronyms", TermRole::Acronym),
            ("aliases", TermRole::Alias),
            ("former_names", TermRole::FormerName),
            ("former_acronyms", TermRole::FormerAcronym),
            ("demonyms", TermRole::Demonym),
        ] {
            if let Some(v) = t.get(key)
                && allowed_or_common(&category, key)
            {
                self.terms(v, key, role, &category, &targets, &mut terms);
            }
        }
        if terms.len() > limits::MAX_TERMS_PER_ENTRY {
            self.err(
                Kind::Limit,
                start.clone(),
                format!(
                    "{} terms; the limit per entry is {}",
                    terms.len(),
                    limits::MAX_TERMS_PER_ENTRY
                ),
            );
        }
        let exclude = t
            .get("exclude")
            .map(|v| self.phrases(v, "exclude"))
            .unwrap_or_default();
        let description = t
            .get("description")
            .and_then(|v| self.string(v, "description"));
        let meta = t.get("meta").map(|v| self.meta(v)).unwrap_or_default();
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
            line: self.line(start.start),
        })
    }

    fn entry_data(
        &mut self,
        t: &DeTable<'_>,
        category: &str,
        id: &str,
        start: Range<usize>,
    ) -> EntryData {
        match category {
            "organisation" => {
                let kind = match t.get("type") {
                    Some(v) => self.string(v, "type").and_then(|s| {
                        let kind = OrganisationType::from_name(&s);
                        if kind.is_none() {
                            let names: Vec<&str> = OrganisationType::all()
                                .map(OrganisationType::name)
                                .collect();
                            self.err(
                                Kind::InvalidValue,
                                v.span(),
                                format!(
                                    "unknown organisation type `{s}` (expected one of: {})",
                                    names.join(", ")
                                ),
                            );
                        }
                        kind
                    }),
                    None => {
                        self.err(Kind::MissingKey, start, "organisation lacks `type`");
                        None
                    }
                };
                let country = t.get("country").and_then(|v| self.code(v, "country", 3));
                let wikidata = t.get("wikidata").and_then(|v| {
                    let s = self.string(v, "wikidata")?;
                    let ok = s.len() > 1
                        && s.starts_with('Q')
                        && s[1..].bytes().all(|b| b.is_ascii_digit());
                    if !ok {
                        self.err(
                            Kind::InvalidValue,
                            v.span(),
                            format!("wikidata `{s}` must look like Q12345"),
                        );
                    }
                    ok.then_some(s)
                });
                let founded = t.get("founded").and_then(|v| {
                    let n = self.integer(v, "founded")?;
                    if !(0..=2200).contains(&n) {
                        self.err(Kind::InvalidValue, v.span(), "`founded` must be a year");
                        return None;
                    }
                    i32::try_from(n).ok()
                });
                let generic = t
                    .get("generic")
                    .and_then(|v| self.boolean(v, "generic"))
                    .unwrap_or(false);
                EntryData::Organisation(Organisation {
                    kind: kind.unwrap_or(OrganisationType::Other),
                    country,
                    wikidata,
                    founded,
                    generic,
                })
            }
            "country" => {
                if !(id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())) {
                    let span = t.get("id").map_or(start, Spanned::span);
                    self.err(
                        Kind::InvalidValue,
                        span,
                        format!("a country's id is its ISO 3166 alpha-3 code, not `{id}`"),
                    );
                }
                let iso2 = t.get("iso2").and_then(|v| self.code(v, "iso2", 2));
                let formal_name = t
                    .get("formal_name")
                    .and_then(|v| self.string(v, "formal_name"));
                let status = match t.get("status") {
                    Some(v) => match self.string(v, "status").as_deref() {
                        Some("un_member") => CountryStatus::UnMember,
                        Some("un_observer") => CountryStatus::UnObserver,
                        Some("territory") => CountryStatus::Territory,
                        Some("other") => CountryStatus::Other,
                        Some(s) => {
                            self.err(
                                Kind::InvalidValue,
                                v.span(),
                                format!(
                                    "unknown status `{s}` (expected un_member, un_observer, \
                                     territory or other)"
                                ),
                            );
                            CountryStatus::Other
                        }
                        None => CountryStatus::Other,
                    },
                    None => CountryStatus::Other,
                };
                EntryData::Country(Country {
                    iso2,
                    formal_name,
                    status,
                })
            }
            "sdg" => {
                let goal = match t.get("goal") {
                    Some(v) => self.integer(v, "goal").and_then(|g| {
                        if (1..=17).contains(&g) {
                            u8::try_from(g).ok()
                        } else {
                            self.err(Kind::InvalidValue, v.span(), "`goal` must be 1 to 17");
                            None
                        }
                    }),
                    None => {
                        self.err(Kind::MissingKey, start, "SDG entry lacks `goal`");
                        None
                    }
                };
                let goal = goal.unwrap_or(0);
                let targets = t
                    .get("targets")
                    .map(|v| self.targets(v, goal))
                    .unwrap_or_default();
                EntryData::Sdg(SdgGoal { goal, targets })
            }
            "mode" => {
                let modes = match t.get("mode") {
                    Some(v) => self.modes(v),
                    None => {
                        self.err(Kind::MissingKey, start.clone(), "mode entry lacks `mode`");
                        Vec::new()
                    }
                };
                let strength = match t.get("strength") {
                    Some(v) => self.string(v, "strength").and_then(|s| {
                        let st = CueStrength::from_name(&s);
                        if st.is_none() {
                            self.err(
                                Kind::InvalidValue,
                                v.span(),
                                format!(
                                    "unknown strength `{s}` (expected explicit, strong, moderate \
                                     or weak)"
                                ),
                            );
                        }
                        st
                    }),
                    None => {
                        self.err(Kind::MissingKey, start, "mode entry lacks `strength`");
                        None
                    }
                };
                EntryData::Mode(ModeCue {
                    modes,
                    strength: strength.unwrap_or(CueStrength::Weak),
                })
            }
            _ => EntryData::None,
        }
    }

    fn modes(&mut self, v: &Value<'_>) -> Vec<Mode> {
        let names: Vec<(String, Range<usize>)> = match v.get_ref() {
            DeValue::String(s) => vec![(s.to_string(), v.span())],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|i| self.string(i, "mode").map(|s| (s, i.span())))
                .collect(),
            _ => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    "`mode` must be a string or an array of strings",
                );
                return Vec::new();
            }
        };
        let mut modes = Vec::new();
        for (name, span) in names {
            match Mode::from_name(&name) {
                Some(m) if !modes.contains(&m) => modes.push(m),
                Some(_) => {}
                None if name == "general" => {}
                None => self.err(
                    Kind::InvalidValue,
                    span,
                    format!(
                        "unknown mode `{name}` (expected science_in_diplomacy, \
                         science_for_diplomacy, diplomacy_for_science or general)"
                    ),
                ),
            }
        }
        modes
    }

    fn targets(&mut self, v: &Value<'_>, goal: u8) -> Vec<(Target, String)> {
        let DeValue::Table(t) = v.get_ref() else {
            self.err(
                Kind::InvalidValue,
                v.span(),
                "`targets` must be a table of \"G.T\" = \"label\"",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in t.iter() {
            let k = key.get_ref().as_ref();
            match k.parse::<Target>() {
                Ok(target) if target.goal() == goal => {
                    if let Some(label) = self.string(value, k) {
                        out.push((target, label));
                    }
                }
                Ok(_) => self.err(
                    Kind::InvalidValue,
                    key.span(),
                    format!("target `{k}` does not belong to goal {goal}"),
                ),
                Err(e) => self.err(Kind::InvalidValue, key.span(), e.to_string()),
            }
        }
        out.sort_by_key(|(t, _)| *t);
        out
    }

    fn terms(
        &mut self,
        v: &Value<'_>,
        key: &str,
        role: TermRole,
        category: &str,
        targets: &[Target],
        out: &mut Vec<Term>,
    ) {
        let DeValue::Array(items) = v.get_ref() else {
            self.err(
                Kind::InvalidValue,
                v.span(),
                format!("`{key}` must be an array of strings or term tables"),
            );
            return;
        };
        for item in items.iter() {
            if let Some(term) = self.term(item, key, role, category, targets) {
                out.push(term);
            }
        }
    }

    fn term(
        &mut self,
        item: &Value<'_>,
        key: &str,
        role: TermRole,
        category: &str,
        targets: &[Target],
    ) -> Option<Term> {
        let span = item.span();
        let mut term = Term {
            text: String::new(),
            case: if role.is_acronym() {
                Case::Sensitive
            } else {
                Case::Insensitive
            },
            matching: Matching::Stem,
            weight: 1.0,
            target: None,
            ambiguous: false,
            role,
            line: self.line(span.start),
        };
        match item.get_ref() {
            DeValue::String(s) => term.text = s.to_string(),
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    match k.get_ref().as_ref() {
                        "text" => term.text = self.string(v, "text").unwrap_or_default(),
                        "case" => match self.string(v, "case").as_deref() {
                            Some("sensitive") => term.case = Case::Sensitive,
                            Some("insensitive") if role.is_acronym() => self.err(
                                Kind::InvalidValue,
                                v.span(),
                                format!("`{key}` are always case-sensitive"),
                            ),
                            Some("insensitive") => term.case = Case::Insensitive,
                            Some(other) => self.err(
                                Kind::InvalidValue,
                                v.span(),
                                format!(
                                    "`case` is \"sensitive\" or \"insensitive\", not `{other}`"
                                ),
                            ),
                            None => {}
                        },
                        "match" => match self.string(v, "match").as_deref() {
                            Some("stem") => term.matching = Matching::Stem,
                            Some("exact") => term.matching = Matching::Exact,
                            Some(other) => self.err(
                                Kind::InvalidValue,
                                v.span(),
                                format!("`match` is \"stem\" or \"exact\", not `{other}`"),
                            ),
                            None => {}
                        },
                        "weight" => {
                            if let Some(w) = self.weight(v) {
                                term.weight = w;
                            }
                        }
                        "target" => {
                            let Some(s) = self.string(v, "target") else {
                                continue;
                            };
                            if category != "sdg" {
                                self.err(
                                    Kind::InvalidValue,
                                    v.span(),
                                    "only terms of `sdg` entries have a `target`",
                                );
                                continue;
                            }
                            match s.parse::<Target>() {
                                Ok(t) if targets.contains(&t) => term.target = Some(t),
                                Ok(_) => self.err(
                                    Kind::UnknownTarget,
                                    v.span(),
                                    format!("target `{s}` is not listed in the entry's `targets`"),
                                ),
                                Err(e) => self.err(Kind::InvalidValue, v.span(), e.to_string()),
                            }
                        }
                        "ambiguous" => {
                            if let Some(b) = self.boolean(v, "ambiguous") {
                                term.ambiguous = b;
                            }
                        }
                        other => self.err(
                            Kind::UnknownKey,
                            k.span(),
                            format!(
                                "unknown term key `{other}` (expected text, case, match, weight, \
                                 target, ambiguous)"
                            ),
                        ),
                    }
                }
                if t.get("text").is_none() {
                    self.err(Kind::MissingKey, span, "term table lacks `text`");
                    return None;
                }
            }
            _ => {
                self.err(
                    Kind::InvalidValue,
                    span,
                    format!("each of `{key}` must be a string or a term table"),
                );
                return None;
            }
        }
        self.check_phrase(&term.text, span.clone(), key)?;
        if term.case == Case::Sensitive && !term.text.chars().any(char::is_alphabetic) {
            self.err(
                Kind::CaseWithoutLetters,
                span,
                format!(
                    "`{}` is case-sensitive but has no letter, so case cannot apply",
                    term.text
                ),
            );
            return None;
        }
        Some(term)
    }

    /// Checks that a phrase has words and stays within the limits; returns `None` otherwise.
    fn check_phrase(&mut self, text: &str, span: Range<usize>, key: &str) -> Option<()> {
        if text.trim().is_empty() {
            self.err(Kind::EmptyTerm, span, format!("empty term in `{key}`"));
            return None;
        }
        if text.len() > limits::MAX_TERM_BYTES {
            self.err(
                Kind::Limit,
                span,
                format!(
                    "a term of {} bytes; the limit is {}",
                    text.len(),
                    limits::MAX_TERM_BYTES
                ),
            );
            return None;
        }
        let mut words = 0usize;
        pieces(text, 0, |p| {
            if !matches!(p, Piece::Soft) {
                words += 1;
            }
        });
        if words == 0 {
            self.err(
                Kind::EmptyTerm,
                span,
                format!("`{text}` has no word once normalised"),
            );
            return None;
        }
        if words > limits::MAX_TERM_WORDS {
            self.err(
                Kind::Limit,
                span,
                format!(
                    "a term of {words} words; the limit is {}",
                    limits::MAX_TERM_WORDS
                ),
            );
            return None;
        }
        Some(())
    }

    fn phrases(&mut self, v: &Value<'_>, key: &str) -> Vec<String> {
        let DeValue::Array(items) = v.get_ref() else {
            self.err(
                Kind::InvalidValue,
                v.span(),
                format!("`{key}` must be an array of strings"),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|i| {
                let s = self.string(i, key)?;
                self.check_phrase(&s, i.span(), key)?;
                Some(s)
            })
            .collect()
    }

    fn meta(&mut self, v: &Value<'_>) -> BTreeMap<String, String> {
        let DeValue::Table(t) = v.get_ref() else {
            self.err(
                Kind::InvalidValue,
                v.span(),
                "`meta` must be a table of strings",
            );
            return BTreeMap::new();
        };
        t.iter()
            .filter_map(|(k, v)| {
                let s = self.string(v, k.get_ref())?;
                Some((k.get_ref().to_string(), s))
            })
            .collect()
    }

    fn code(&mut self, v: &Value<'_>, key: &str, len: usize) -> Option<String> {
        let s = self.string(v, key)?;
        if s.len() == len && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(s)
        } else {
            self.err(
                Kind::InvalidValue,
                v.span(),
                format!("`{key}` must be {len} capital letters (ISO 3166), not `{s}`"),
            );
            None
        }
    }

    fn string(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(Cow::to_string(s)),
            other => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    format!("`{key}` must be a string, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn boolean(&mut self, v: &Value<'_>, key: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    format!("`{key}` must be true or false, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn integer(&mut self, v: &Value<'_>, key: &str) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                match i64::from_str_radix(&digits, i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.err(
                            Kind::InvalidValue,
                            v.span(),
                            format!("`{key}` is out of range"),
                        );
                        None
                    }
                }
            }
            other => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    format!("`{key}` must be an integer, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn weight(&mut self, v: &Value<'_>) -> Option<f32> {
        let w = match v.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(_) => self.integer(v, "weight").map(|n| n as f64),
            other => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    format!("`weight` must be a number, not {}", type_name(other)),
                );
                return None;
            }
        };
        match w {
            Some(w) if w > 0.0 && w <= limits::MAX_WEIGHT => Some(w as f32),
            _ => {
                self.err(
                    Kind::InvalidValue,
                    v.span(),
                    format!("`weight` must be in (0, {}]", limits::MAX_WEIGHT),
                );
                None
            }
        }
    }
}

/// The keys of a table in the order they appear in the file (toml sorts them by name).
fn in_file_order<'t, 'i>(t: &'t DeTable<'i>) -> Vec<(&'t Spanned<Cow<'i, str>>, &'t Value<'i>)> {
    let mut keys: Vec<_> = t.iter().collect();
    keys.sort_by_key(|(k, _)| k.span().start);
    keys
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The keys a `[[rule]]` table may have.
const RULE_KEYS: &[&str] = &[
    "id",
    "description",
    "when",
    "all",
    "any",
    "none",
    "scope",
    "within",
    "effect",
    "strength",
    "weight",
];

/// The largest `within` distance, in words.
const MAX_WITHIN: i64 = 10_000;

const COMMON_KEYS: &[&str] = &[
    "id",
    "label",
    "category",
    "terms",
    "acronyms",
    "aliases",
    "weight",
    "exclude",
    "description",
    "meta",
];

fn allowed_keys(category: &str) -> &'static [&'static str] {
    match category {
        "organisation" => &[
            "former_names",
            "former_acronyms",
            "type",
            "country",
            "wikidata",
            "founded",
            "generic",
        ],
        "country" => &["iso2", "formal_name", "demonyms", "status"],
        "sdg" => &["goal", "targets"],
        "mode" => &["mode", "strength"],
        _ => &[],
    }
}

fn allowed_or_common(category: &str, key: &str) -> bool {
    COMMON_KEYS.contains(&key) || allowed_keys(category).contains(&key)
}

fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-'))
}

fn valid_category(c: &str) -> bool {
    let b = c.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

fn bad_category(c: &str) -> String {
    format!(
        "category `{c}` must be lower-case ASCII letters, digits or `_`, starting with a letter"
    )
}

fn empty_info() -> LexiconInfo {
    LexiconInfo {
        name: String::new(),
        version: String::new(),
        language: String::new(),
        licence: String::new(),
        provenance: String::new(),
        description: None,
        category: None,
        source: None,
    }
}

/// Byte offset → 1-based line and column (in characters).
struct LineIndex<'a> {
    src: &'a str,
    starts: Vec<usize>,
    /// The line found last: entries are read in file order, so the next one is usually a few
    /// lines further on.
    hint: std::cell::Cell<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(src: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            src,
            starts,
            hint: std::cell::Cell::new(1),
        }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.src.len());
        let on_line = |line: usize| {
            self.starts[line - 1] <= offset && self.starts.get(line).is_none_or(|&s| offset < s)
        };
        let hint = self.hint.get();
        // The hint's line or one of the next few, else a binary search.
        let line = (hint..(hint + 8).min(self.starts.len() + 1))
            .find(|&line| on_line(line))
            .unwrap_or_else(|| self.starts.partition_point(|&s| s <= offset));
        self.hint.set(line);
        line
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.line(offset);
        let line_start = self.starts[line - 1];
        let col = self
            .src
            .get(line_start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, parse_split, parse_whole, split_point};

    /// A lexicon of `n` entries of several shapes: a default category, inline tables, a table
    /// under an entry, rules before the entries.
    fn generated(n: usize) -> String {
        let mut src = String::from(
            "# Generated for a test.\n[lexicon]\nname = \"g\"\nversion = \"1.0.0\"\n\
             language = \"en\"\nlicence = \"CC0-1.0\"\nprovenance = \"generated\"\n\
             category = \"organisation\"\n\n[[rule]]\nid = \"r\"\nwhen = [\"type:academy\"]\n\
             any = [\"country:*\"]\nscope = \"sentence\"\neffect = \"science_for_diplomacy\"\n\
             strength = \"moderate\"\n",
        );
        for i in 0..n {
            src.push_str(&match i % 3 {
                0 => format!(
                    "\n[[entry]]\nid = \"o{i}\"\nlabel = \"Academy {i}\"\ntype = \"academy\"\n\
                     terms = [\"Academy {i} of Sciences\", {{ text = \"Akademie {i}\", match = \"exact\" }}]\n\
                     acronyms = [\"A{i}S\"]\n"
                ),
                1 => format!(
                    "\n[[entry]]\r\nid = \"c{i}\"\r\nlabel = \"Country {i}\"\r\ncategory = \"topic\"\r\n\
                     terms = [\n  \"Topic {i}\",\n  \"Theme {i}\",\n]\r\n"
                ),
                _ => format!(
                    "\n[[entry]]\nid = \"m{i}\"\nlabel = \"Ministry {i}\"\ntype = \"ministry\"\n\
                     terms = [\"Ministry of Affairs {i}\"]\n\n[entry.meta]\nnote = \"n{i}\"\n"
                ),
            });
        }
        src
    }

    #[test]
    fn a_split_file_reads_as_the_whole_file() {
        let src = generated(300);
        let at = split_point(&src).expect("a [[entry]] line past the middle");
        assert!(at >= src.len() / 2 && src[at..].starts_with("[[entry]]"));
        let whole = parse_whole(&src, "g.toml").expect("valid");
        // Entries, terms and their lines, rules: all equal.
        assert_eq!(parse_split(&src, "g.toml").as_ref(), Some(&whole));
        assert_eq!(whole.entries.len(), 300);
        // The built-in lexicons too, where they can be split.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/lexicons");
        for file in ["organisations.toml", "countries.toml", "modes.toml"] {
            let src = std::fs::read_to_string(format!("{dir}/{file}")).expect("readable");
            let whole = parse_whole(&src, file).expect("valid");
            assert_eq!(parse_split(&src, file).as_ref(), Some(&whole), "{file}");
        }
    }

    #[test]
    fn files_the_halves_could_read_differently_are_read_whole() {
        let src = generated(300);
        let second = split_point(&src).expect("split");
        let last = src.rfind("[[entry]]").expect("entries");
        let with = |at: usize, text: &str| format!("{}{text}{}", &src[..at], &src[at..]);
        let inline: String = (0..1500)
            .map(|i| format!("  {{ id = \"i{i}\", label = \"I\", type = \"academy\" }},\n"))
            .collect();
        let cases = [
            // An id of the first half again in the second.
            with(last, "[[entry]]\nid = \"o0\"\nlabel = \"Again\"\ntype = \"academy\"\n\n"),
            // An error in the second half: reported by the whole file's reading, at its line.
            with(last, "[[entry]]\nid = \"x\"\nlabel = \"X\"\ntype = \"academy\"\nbad = 1\n\n"),
            // A rule after the entries, a second header.
            format!("{src}\n[[rule]]\nid = \"r2\"\nwhen = [\"type:academy\"]\nany = [\"country:*\"]\nscope = \"sentence\"\neffect = \"science_for_diplomacy\"\nstrength = \"weak\"\n"),
            format!("{src}\n[lexicon]\nname = \"again\"\n"),
            // A multi-line string could hide a `[[entry]]` line.
            with(second, "[[entry]]\nid = \"s\"\nlabel = \"S\"\ntype = \"academy\"\ndescription = '''\n[[entry]]\n'''\n\n"),
            // Entries as an inline array in the first half: the whole file cannot extend it.
            src.replacen("\n[[entry]]\nid = \"o0\"", "\nentry = [{ id = \"z\", label = \"Z\", type = \"academy\" }]\n[[entry]]\nid = \"o0\"", 1),
            // The second half does not parse on its own, or the first half.
            with(last, "[[entry]]\nid = \"y\"\nlabel = [\n\n"),
            src.replacen("id = \"o0\"", "id = = \"o0\"", 1),
            // Only inline entries (before the header) up to past the middle: each half reads,
            // the whole does not.
            format!("entry = [\n{inline}]\n{src}"),
            // The same, with a `[[entry]]` line before the middle, but inside a string.
            {
                let hidden = "  { id = \"h\", label = \"H\", type = \"academy\", description = '''\n[[entry]]\n''' },\n";
                format!("entry = [\n{hidden}{inline}]\n{src}")
            },
        ];
        for (k, case) in cases.iter().enumerate() {
            assert_eq!(parse_split(case, "g.toml"), None, "case {k}");
            assert_eq!(
                super::parse(case, "g.toml")
                    .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>()),
                parse_whole(case, "g.toml")
                    .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>()),
                "case {k}"
            );
        }
        let error = parse_whole(&cases[1], "g.toml").expect_err("unknown key");
        let line = cases[1][..cases[1].find("bad = 1").expect("there")]
            .matches('\n')
            .count()
            + 1;
        assert_eq!(error[0].line(), Some(line));
    }

    #[test]
    fn line_numbers_agree_with_a_search_in_any_order() {
        let src = "a\nbb\n\nccc\r\nd\n\n\nlast line without a break";
        let index = LineIndex::new(src);
        let reference = |offset: usize| src[..offset.min(src.len())].matches('\n').count() + 1;
        let forward: Vec<usize> = (0..=src.len() + 2).collect();
        let backward: Vec<usize> = forward.iter().rev().copied().collect();
        let jumping: Vec<usize> = (0..=src.len()).map(|i| (i * 7) % (src.len() + 1)).collect();
        for offsets in [forward, backward, jumping] {
            for offset in offsets {
                assert_eq!(index.line(offset), reference(offset), "offset {offset}");
                assert_eq!(
                    index.position(offset).0,
                    reference(offset),
                    "offset {offset}"
                );
            }
        }
        assert_eq!(index.position(4), (2, 3));
    }
}
