//! The visual report: one self-contained HTML page per document (the text with every mention
//! highlighted, bars for relevance, the modes and the SDGs, the organisations and countries),
//! and a summary page for a corpus. No network, no scripts: styles are inline, charts are
//! inline SVG, and the details of a mention show on hover (the `title` attribute).

use std::collections::HashMap;
use std::io::{self, Write};

use scidip::score::Source as ScoreSource;
use scidip::{Analysis, Analyzer, Category, EntryData, EntryId, Mention, Mode, Span};

use super::input::Document;
use super::pipeline::Summary;

/// The official colours of the 17 SDGs, goal 1 first.
pub const SDG_COLOURS: [&str; 17] = [
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942",
    "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D",
    "#19486A",
];

/// Colours of the mode cues, the organisations, the countries and user categories.
const MODE_COLOUR: &str = "#8E44AD";
const ORGANISATION_COLOUR: &str = "#E67E22";
const COUNTRY_COLOUR: &str = "#2E86C1";
const OTHER_COLOUR: &str = "#7F8C8D";
/// Colour of the relevance bar.
const RELEVANCE_COLOUR: &str = "#34495E";

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.4em;margin-bottom:.2em;word-break:break-all}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ddd}
.meta{color:#666;font-size:.9em}.grid{display:flex;flex-wrap:wrap;gap:2em}.grid>div{flex:1 1 28em}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fcfcfc;font-family:Georgia,serif;overflow-wrap:anywhere}
mark{padding:0 1px;border-radius:2px;color:inherit;cursor:help}
.legend span{display:inline-block;margin-right:1em;font-size:.9em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em;border-radius:2px}
table{border-collapse:collapse;font-size:.9em}td,th{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.error{color:#b00;font-weight:bold}
svg text{font-size:12px;font-family:system-ui,sans-serif}
";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL and other C0 controls are not allowed in HTML text; show them as U+FFFD.
            '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// What the pages need to know about the analyzer, computed once.
pub struct Labels {
    /// The short title of each goal, goal 1 first.
    pub sdgs: Vec<String>,
}

impl Labels {
    /// The SDG titles of the analyzer's lexicons ("Goal N" when a goal has no entry).
    pub fn new(analyzer: &Analyzer) -> Labels {
        let mut sdgs: Vec<String> = (1..=17).map(|g| format!("Goal {g}")).collect();
        for entry in analyzer.entries() {
            if let EntryData::Sdg(g) = &entry.data
                && (1..=17).contains(&g.goal)
            {
                sdgs[usize::from(g.goal - 1)].clone_from(&entry.label);
            }
        }
        Labels { sdgs }
    }
}

/// One horizontal bar of a chart.
struct Bar {
    label: String,
    value: f32,
    colour: String,
    /// Shown after the bar.
    note: String,
    /// A label that is on is written in bold.
    on: bool,
}

/// A horizontal bar chart as inline SVG; values are in `[0, 1]`.
fn bar_chart(out: &mut impl Write, bars: &[Bar], label_width: u32) -> io::Result<()> {
    const ROW: u32 = 20;
    const BAR: u32 = 260;
    let width = label_width + BAR + 230;
    let height = ROW * bars.len() as u32 + 4;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">"#
    )?;
    for (i, bar) in bars.iter().enumerate() {
        let y = ROW * i as u32 + 2;
        let w = (bar.value.clamp(0.0, 1.0) * BAR as f32).round();
        let weight = if bar.on { "bold" } else { "normal" };
        writeln!(
            out,
            r##"<text x="{lx}" y="{ty}" text-anchor="end" font-weight="{weight}">{label}</text><rect x="{bx}" y="{y}" width="{BAR}" height="{h}" fill="#eee"/><rect x="{bx}" y="{y}" width="{w}" height="{h}" fill="{colour}"><title>{label}: {note}</title></rect><text x="{nx}" y="{ty}">{note}</text>"##,
            lx = label_width - 6,
            ty = y + 13,
            label = escape(&bar.label),
            bx = label_width,
            h = ROW - 5,
            colour = bar.colour,
            nx = label_width + BAR + 6,
            note = escape(&bar.note),
        )?;
    }
    writeln!(out, "</svg>")
}

fn head(out: &mut impl Write, title: &str) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        escape(title)
    )
}

/// The colour of a mention: its goal's colour for an SDG term, else its category's.
fn colour(a: &Analysis, m: &Mention) -> &'static str {
    match m.category {
        Category::MODE => MODE_COLOUR,
        Category::SDG => match &a.entry(m).data {
            EntryData::Sdg(g) if (1..=17).contains(&g.goal) => SDG_COLOURS[usize::from(g.goal - 1)],
            _ => OTHER_COLOUR,
        },
        Category::ORGANISATION => ORGANISATION_COLOUR,
        Category::COUNTRY => COUNTRY_COLOUR,
        _ => OTHER_COLOUR,
    }
}

/// What the explanations say about each mention, for its hover text: per entry, the
/// contributions of its mentions to each score; per rule, its contributions and the spans that
/// support it; and the mentions vetoed by rules.
struct Why {
    entries: HashMap<EntryId, Vec<String>>,
    rules: Vec<(Vec<Span>, String)>,
    vetoed: HashMap<(Span, EntryId), Vec<String>>,
}

impl Why {
    fn new(a: &Analysis) -> Why {
        let mut why = Why {
            entries: HashMap::new(),
            rules: Vec::new(),
            vetoed: HashMap::new(),
        };
        for e in a.explain_all() {
            let norm = if e.length_factor > 1.0 {
                format!(", ÷{:.2} for length", e.length_factor)
            } else {
                String::new()
            };
            for c in &e.contributions {
                let line = format!(
                    "+{:.2} evidence to {} ({}× weight {:.2}{norm}; score {:.2})",
                    c.evidence, e.kind, c.count, c.weight, e.score
                );
                match &c.source {
                    ScoreSource::Entry { entry, .. } => {
                        why.entries.entry(*entry).or_default().push(line);
                    }
                    ScoreSource::Rule { rule } => {
                        why.rules
                            .push((c.spans.clone(), format!("rule {rule}: {line}")));
                    }
                    _ => {}
                }
            }
            for v in &e.vetoed {
                why.vetoed
                    .entry((v.span, v.entry))
                    .or_default()
                    .push(format!(
                        "vetoed for {} by rule {}: does not count",
                        e.kind, v.rule
                    ));
            }
        }
        why
    }
}

/// The hover text of one mention: the entry, the term, and what the mention's entry (and any
/// rule it supports) contributes to each score, from [`Analysis::explain_all`].
fn describe(a: &Analysis, m: &Mention, counts: &HashMap<EntryId, usize>, why: &Why) -> String {
    let entry = a.entry(m);
    let term = a.term(m);
    let category = a.category_name(m.category);
    let mut lines = vec![format!("{category}: {} ({})", entry.label, entry.id)];
    let target = term
        .target
        .map(|t| format!(", target {t}"))
        .unwrap_or_default();
    lines.push(format!(
        "term “{}” ({}{target})",
        term.text,
        term.role.name()
    ));
    if let EntryData::Organisation(o) = &entry.data {
        lines.push(format!("type {}", o.kind.name()));
    }
    let n = counts.get(&m.entry).copied().unwrap_or(1);
    lines.push(format!("{n} mention(s) of this entry in the document"));
    if let Some(v) = why.vetoed.get(&(m.span, m.entry)) {
        lines.extend(v.iter().cloned());
    }
    if let Some(c) = why.entries.get(&m.entry) {
        lines.extend(c.iter().cloned());
    }
    for (spans, line) in &why.rules {
        if spans.contains(&m.span) {
            lines.push(line.clone());
        }
    }
    if category == "cue" {
        lines.push("context cue: counts only through rules".into());
    }
    lines.join("\n")
}

/// The text with every mention (and every rule-only cue) highlighted. Mentions of different
/// categories may overlap (a country inside an organisation's name): each stretch of text takes
/// the colour of the shortest mention covering it, an underline in the colour of the longer
/// one, and a hover text describing all of them.
fn highlighted(out: &mut impl Write, text: &str, a: &Analysis) -> io::Result<()> {
    let mut counts: HashMap<EntryId, usize> = HashMap::new();
    for m in a.mentions().iter().chain(a.cue_mentions()) {
        *counts.entry(m.entry).or_default() += 1;
    }
    let why = Why::new(a);
    let mut mentions: Vec<&Mention> = a.mentions().iter().chain(a.cue_mentions()).collect();
    mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in &mentions {
        cuts.push(m.span.start);
        cuts.push(m.span.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut active: Vec<&Mention> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let (start, end) = (w[0], w[1]);
        active.retain(|m| m.span.end > start);
        while next < mentions.len() && mentions[next].span.start <= start {
            if mentions[next].span.end > start {
                active.push(mentions[next]);
            }
            next += 1;
        }
        let piece = escape(&text[start..end]);
        if active.is_empty() {
            out.write_all(piece.as_bytes())?;
            continue;
        }
        let mut covering = active.clone();
        covering.sort_by_key(|m| m.span.len());
        let inner = colour(a, covering[0]);
        let underline = match covering.get(1) {
            Some(outer) => format!(";border-bottom:2px solid {}", colour(a, outer)),
            None => String::new(),
        };
        let vetoed = covering
            .iter()
            .any(|m| why.vetoed.contains_key(&(m.span, m.entry)));
        let strike = if vetoed {
            ";text-decoration:line-through"
        } else {
            ""
        };
        let title: Vec<String> = covering
            .iter()
            .map(|m| describe(a, m, &counts, &why))
            .collect();
        write!(
            out,
            r#"<mark style="background:{inner}40{underline}{strike}" title="{}">{piece}</mark>"#,
            escape(&title.join("\n\n"))
        )?;
    }
    Ok(())
}

/// The bars of one document: relevance, the three modes, the 17 SDGs.
fn score_charts(out: &mut impl Write, a: &Analysis, labels: &Labels) -> io::Result<()> {
    let mut bars = vec![Bar {
        label: "relevance".into(),
        value: a.relevance(),
        colour: RELEVANCE_COLOUR.into(),
        note: format!(
            "{:.2} {}",
            a.relevance(),
            if a.is_science_diplomacy() {
                "yes"
            } else {
                "no"
            }
        ),
        on: a.is_science_diplomacy(),
    }];
    for m in a.modes() {
        bars.push(Bar {
            label: m.mode.label().into(),
            value: m.score,
            colour: MODE_COLOUR.into(),
            note: format!("{:.2} {}", m.score, if m.label { "yes" } else { "no" }),
            on: m.label,
        });
    }
    writeln!(out, "<h2>Science diplomacy</h2>")?;
    bar_chart(out, &bars, 170)?;
    let bars: Vec<Bar> = a
        .sdgs()
        .iter()
        .map(|g| {
            let targets: Vec<String> = g.targets.iter().map(ToString::to_string).collect();
            Bar {
                label: format!("{} {}", g.goal, labels.sdgs[usize::from(g.goal - 1)]),
                value: g.score,
                colour: SDG_COLOURS[usize::from(g.goal - 1)].into(),
                note: format!(
                    "{:.2}{}{}",
                    g.score,
                    if g.label { " yes" } else { "" },
                    if targets.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", targets.join(" "))
                    }
                ),
                on: g.label,
            }
        })
        .collect();
    writeln!(out, "<h2>Sustainable Development Goals</h2>")?;
    bar_chart(out, &bars, 300)
}

/// The organisations or countries of a document as a table.
fn actor_table(
    out: &mut impl Write,
    text: &str,
    a: &Analysis,
    category: Category,
) -> io::Result<()> {
    let counts = a.counts(category);
    if counts.is_empty() {
        return writeln!(out, "<p class=\"meta\">none</p>");
    }
    writeln!(
        out,
        "<table><tr><th>name</th><th>id</th><th>mentions</th><th>first as</th></tr>"
    )?;
    for c in counts {
        let e = a.entry_by_id(c.entry);
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&e.label),
            escape(&e.id),
            c.count,
            escape(&text[c.first])
        )?;
    }
    writeln!(out, "</table>")
}

fn legend(out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "<p class=\"legend\"><span><i style=\"background:{MODE_COLOUR}\"></i>mode cue</span>\
         <span><i style=\"background:linear-gradient(90deg,{},{},{},{})\"></i>SDG (goal colour)</span>\
         <span><i style=\"background:{ORGANISATION_COLOUR}\"></i>organisation</span>\
         <span><i style=\"background:{COUNTRY_COLOUR}\"></i>country</span>\
         <span><i style=\"background:{OTHER_COLOUR}\"></i>other</span>\
         <span class=\"meta\">Hover over a highlighted word for its entry and what it contributes \
         to each score; struck-through mentions were vetoed by a rule.</span></p>",
        SDG_COLOURS[0], SDG_COLOURS[5], SDG_COLOURS[12], SDG_COLOURS[16]
    )
}

/// The page of one document. `back` is a link to the summary page, if there is one.
///
/// # Errors
///
/// When writing fails.
pub fn write_document_page(
    out: &mut impl Write,
    doc: &Document,
    analysis: Option<&Analysis>,
    labels: &Labels,
    back: Option<&str>,
) -> io::Result<()> {
    head(out, &doc.id)?;
    if let Some(back) = back {
        writeln!(
            out,
            "<p class=\"meta\"><a href=\"{}\">← corpus summary</a></p>",
            escape(back)
        )?;
    }
    writeln!(out, "<h1>{}</h1>", escape(&doc.id))?;
    let (text, a) = match (&doc.text, analysis) {
        (Ok(text), Some(a)) => (text.as_str(), a),
        (Err(e), _) => {
            writeln!(
                out,
                "<p class=\"error\">Not analysed: {}</p>",
                escape(&e.message)
            )?;
            return writeln!(out, "</body></html>");
        }
        (Ok(_), None) => {
            writeln!(out, "<p class=\"error\">Not analysed.</p>")?;
            return writeln!(out, "</body></html>");
        }
    };
    writeln!(
        out,
        "<p class=\"meta\">{} words, {} sentences, {} mentions</p>",
        a.word_count(),
        a.sentences().len(),
        a.mentions().len()
    )?;
    if !doc.extra.is_empty() {
        let fields: Vec<String> = doc
            .extra
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("{}: {}", escape(k), escape(&v))
            })
            .collect();
        writeln!(out, "<p class=\"meta\">{}</p>", fields.join(" · "))?;
    }
    writeln!(out, "<div class=\"grid\"><div>")?;
    score_charts(out, a, labels)?;
    writeln!(out, "</div><div><h2>Organisations</h2>")?;
    actor_table(out, text, a, Category::ORGANISATION)?;
    writeln!(out, "<h2>Countries</h2>")?;
    actor_table(out, text, a, Category::COUNTRY)?;
    writeln!(out, "</div></div><h2>Text</h2>")?;
    legend(out)?;
    write!(out, "<div class=\"text\">")?;
    highlighted(out, text, a)?;
    writeln!(out, "</div></body></html>")
}

/// One document's line in the corpus summary.
struct Row {
    id: String,
    page: String,
    error: Option<String>,
    relevance: f32,
    modes: [bool; 3],
    sdgs: Vec<u8>,
    countries: Vec<String>,
    organisations: Vec<String>,
}

/// An actor's totals over a corpus.
#[derive(Default)]
struct ActorTotal {
    label: String,
    documents: u64,
    mentions: u64,
}

/// The corpus summary, accumulated document by document (in input order) and written at the
/// end. It keeps one short row per document and one total per actor, not the texts.
#[derive(Default)]
pub struct Corpus {
    rows: Vec<Row>,
    analysed: u64,
    science_diplomacy: u64,
    modes: [u64; 3],
    mode_scores: [f64; 3],
    sdgs: [u64; 17],
    actors: [HashMap<String, ActorTotal>; 2],
}

/// The summary facts of one document, computed on a worker thread.
pub struct DocFacts {
    relevance: f32,
    science_diplomacy: bool,
    modes: [(bool, f32); 3],
    sdgs: Vec<u8>,
    /// Organisations then countries: (id, label, mentions), most mentioned first.
    actors: [Vec<(String, String, u64)>; 2],
}

impl DocFacts {
    /// Extracts what the summary needs from an analysis.
    pub fn new(a: &Analysis) -> DocFacts {
        let actors = [Category::ORGANISATION, Category::COUNTRY].map(|c| {
            a.counts(c)
                .iter()
                .map(|c| {
                    let e = a.entry_by_id(c.entry);
                    (e.id.clone(), e.label.clone(), c.count as u64)
                })
                .collect()
        });
        DocFacts {
            relevance: a.relevance(),
            science_diplomacy: a.is_science_diplomacy(),
            modes: Mode::ALL.map(|m| (a.mode(m).label, a.mode(m).score)),
            sdgs: a
                .sdgs()
                .iter()
                .filter(|g| g.label)
                .map(|g| g.goal)
                .collect(),
            actors,
        }
    }
}

impl Corpus {
    /// Adds a document, whose page is at `page` (relative to the summary page).
    pub fn add(&mut self, doc: &Document, page: String, facts: Option<DocFacts>) {
        let mut row = Row {
            id: doc.id.clone(),
            page,
            error: doc.text.as_ref().err().map(|e| e.message.clone()),
            relevance: 0.0,
            modes: [false; 3],
            sdgs: Vec::new(),
            countries: Vec::new(),
            organisations: Vec::new(),
        };
        if let Some(f) = facts {
            self.analysed += 1;
            self.science_diplomacy += u64::from(f.science_diplomacy);
            row.relevance = f.relevance;
            for (i, (on, score)) in f.modes.iter().enumerate() {
                row.modes[i] = *on;
                self.modes[i] += u64::from(*on);
                self.mode_scores[i] += f64::from(*score);
            }
            for &g in &f.sdgs {
                self.sdgs[usize::from(g - 1)] += 1;
            }
            row.sdgs = f.sdgs;
            for (k, list) in f.actors.into_iter().enumerate() {
                for (id, label, n) in list {
                    let total = self.actors[k].entry(id.clone()).or_default();
                    total.documents += 1;
                    total.mentions += n;
                    if total.label.is_empty() {
                        total.label = label;
                    }
                    if k == 0 {
                        row.organisations.push(id);
                    } else {
                        row.countries.push(id);
                    }
                }
            }
        }
        self.rows.push(row);
    }

    /// Writes the summary page.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write(
        &self,
        out: &mut impl Write,
        title: &str,
        labels: &Labels,
        summary: &Summary,
        top: usize,
    ) -> io::Result<()> {
        head(out, title)?;
        writeln!(out, "<h1>{}</h1>", escape(title))?;
        writeln!(
            out,
            "<p class=\"meta\">{} documents: {} analysed, {} failed; {} science-diplomacy content \
             (relevance at or above its threshold).</p>",
            summary.documents, self.analysed, summary.failed, self.science_diplomacy
        )?;
        let n = self.analysed.max(1) as f32;
        let share = |count: u64| format!("{count} ({:.0}%)", 100.0 * count as f32 / n);
        let mut bars = vec![Bar {
            label: "science diplomacy".into(),
            value: self.science_diplomacy as f32 / n,
            colour: RELEVANCE_COLOUR.into(),
            note: share(self.science_diplomacy),
            on: true,
        }];
        for (i, mode) in Mode::ALL.iter().enumerate() {
            bars.push(Bar {
                label: mode.label().into(),
                value: self.modes[i] as f32 / n,
                colour: MODE_COLOUR.into(),
                note: format!(
                    "{}, mean score {:.2}",
                    share(self.modes[i]),
                    self.mode_scores[i] / f64::from(n)
                ),
                on: false,
            });
        }
        writeln!(
            out,
            "<div class=\"grid\"><div><h2>Documents labelled, by mode</h2>"
        )?;
        bar_chart(out, &bars, 170)?;
        let bars: Vec<Bar> = (0..17)
            .map(|i| Bar {
                label: format!("{} {}", i + 1, labels.sdgs[i]),
                value: self.sdgs[i] as f32 / n,
                colour: SDG_COLOURS[i].into(),
                note: share(self.sdgs[i]),
                on: false,
            })
            .collect();
        writeln!(out, "<h2>Documents labelled, by SDG</h2>")?;
        bar_chart(out, &bars, 300)?;
        writeln!(out, "</div><div>")?;
        for (k, title) in ["Top organisations", "Top countries"].iter().enumerate() {
            let mut actors: Vec<(&String, &ActorTotal)> = self.actors[k].iter().collect();
            actors.sort_by(|a, b| {
                (b.1.documents, b.1.mentions, a.0).cmp(&(a.1.documents, a.1.mentions, b.0))
            });
            writeln!(
                out,
                "<h2>{title}</h2><table><tr><th>name</th><th>id</th><th>documents</th><th>mentions</th></tr>"
            )?;
            for (id, t) in actors.iter().take(top) {
                writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    escape(&t.label),
                    escape(id),
                    t.documents,
                    t.mentions
                )?;
            }
            writeln!(out, "</table>")?;
        }
        if !summary.reasons.is_empty() {
            writeln!(
                out,
                "<h2>Failures</h2><table><tr><th>reason</th><th>documents</th><th>first</th></tr>"
            )?;
            for (reason, (count, first)) in &summary.reasons {
                writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"n\">{count}</td><td>{}</td></tr>",
                    escape(reason),
                    escape(first)
                )?;
            }
            writeln!(out, "</table>")?;
        }
        writeln!(out, "</div></div><h2>Documents</h2>")?;
        writeln!(
            out,
            "<table><tr><th>#</th><th>document</th><th>relevance</th><th>modes</th><th>SDGs</th>\
             <th>countries</th><th>organisations</th></tr>"
        )?;
        const SHORT: [&str; 3] = ["SiD", "SfD", "DfS"];
        for (i, row) in self.rows.iter().enumerate() {
            let link = format!("<a href=\"{}\">{}</a>", escape(&row.page), escape(&row.id));
            if let Some(error) = &row.error {
                writeln!(
                    out,
                    "<tr><td class=\"n\">{}</td><td>{link}</td><td colspan=\"5\" class=\"error\">{}</td></tr>",
                    i + 1,
                    escape(error)
                )?;
                continue;
            }
            let modes: Vec<&str> = (0..3).filter(|&k| row.modes[k]).map(|k| SHORT[k]).collect();
            let sdgs: Vec<String> = row.sdgs.iter().map(ToString::to_string).collect();
            let few = |ids: &[String]| {
                let mut s = ids
                    .iter()
                    .take(5)
                    .map(|s| escape(s))
                    .collect::<Vec<_>>()
                    .join(", ");
                if ids.len() > 5 {
                    s.push_str(&format!(" +{}", ids.len() - 5));
                }
                s
            };
            writeln!(
                out,
                "<tr><td class=\"n\">{}</td><td>{link}</td><td class=\"n\">{:.2}</td><td>{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                row.relevance,
                modes.join(" "),
                sdgs.join(" "),
                few(&row.countries),
                few(&row.organisations)
            )?;
        }
        writeln!(
            out,
            "</table><p class=\"meta\">SiD: science in diplomacy; SfD: science for diplomacy; \
             DfS: diplomacy for science.</p></body></html>"
        )
    }
}
