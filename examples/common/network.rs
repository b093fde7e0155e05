//! Actor networks: countries and organisations mentioned together in a sentence or a document,
//! merged over a corpus, and written as `GraphML`.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use scidip::{Analysis, Category};
use serde_json::Value;

use super::input::Document;

/// What counts as "mentioned together".
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Unit {
    /// Actors mentioned in the same sentence.
    Sentence,
    /// Actors mentioned in the same document.
    Document,
}

/// Which actors are nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Actors {
    /// Countries and organisations.
    Both,
    /// Countries only.
    Countries,
    /// Organisations only.
    Organisations,
}

/// An actor, as a node key: `country:FRA`, `organisation:unesco`.
pub type Key = String;

/// What a worker extracts from one document.
#[derive(Default)]
pub struct Extract {
    /// The document's actors: key → (label, mentions).
    pub actors: BTreeMap<Key, (String, u64)>,
    /// Pairs (a < b) with the number of units that mention both.
    pub pairs: BTreeMap<(Key, Key), u64>,
}

/// The actors of one document and the pairs mentioned together in one unit.
pub fn extract(a: &Analysis, unit: Unit, actors: Actors) -> Extract {
    let wanted = |c: Category| match actors {
        Actors::Both => c == Category::COUNTRY || c == Category::ORGANISATION,
        Actors::Countries => c == Category::COUNTRY,
        Actors::Organisations => c == Category::ORGANISATION,
    };
    let mut out = Extract::default();
    // Units of (sentence index or 0) → distinct actor keys.
    let mut units: BTreeMap<usize, Vec<Key>> = BTreeMap::new();
    for m in a.mentions().iter().filter(|m| wanted(m.category)) {
        let entry = a.entry(m);
        let kind = if m.category == Category::COUNTRY {
            "country"
        } else {
            "organisation"
        };
        let key = format!("{kind}:{}", entry.id);
        out.actors
            .entry(key.clone())
            .or_insert_with(|| (entry.label.clone(), 0))
            .1 += 1;
        let unit = match unit {
            Unit::Sentence => m.sentence,
            Unit::Document => 0,
        };
        let keys = units.entry(unit).or_default();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for mut keys in units.into_values() {
        keys.sort();
        for i in 0..keys.len() {
            for j in i + 1..keys.len() {
                *out.pairs
                    .entry((keys[i].clone(), keys[j].clone()))
                    .or_default() += 1;
            }
        }
    }
    out
}

/// The group of a document: the value of the --group-by field, or its year.
pub fn group_of(doc: &Document, field: Option<&str>, year: bool) -> String {
    let Some(field) = field else {
        return String::new();
    };
    let value = match doc.extra.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => return "(none)".into(),
    };
    if !year {
        return value;
    }
    let bytes = value.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .find(|&i| {
            bytes[i..i + 4].iter().all(u8::is_ascii_digit)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
        })
        .map_or_else(|| "(none)".into(), |i| value[i..i + 4].to_string())
}

/// An actor's totals in one network.
#[derive(Default)]
pub struct Node {
    /// The entry's label.
    pub label: String,
    /// Mentions over all documents.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
}

/// A link between two actors.
#[derive(Default)]
pub struct Edge {
    /// Units (sentences or documents) that mention both.
    pub weight: u64,
    /// Distinct documents that mention both in one unit.
    pub documents: u64,
    /// The first supporting documents, in input order.
    pub ids: Vec<String>,
}

/// One network: nodes and edges, keyed for deterministic output.
#[derive(Default)]
pub struct Network {
    /// The actors.
    pub nodes: BTreeMap<Key, Node>,
    /// The links, keyed by the two actors in order.
    pub edges: HashMap<(Key, Key), Edge>,
}

impl Network {
    /// Adds one document's extract; `max_ids` caps the ids kept per edge (0: all).
    pub fn add(&mut self, id: &str, x: Extract, max_ids: usize) {
        for (key, (label, mentions)) in x.actors {
            let node = self.nodes.entry(key).or_default();
            if node.label.is_empty() {
                node.label = label;
            }
            node.mentions += mentions;
            node.documents += 1;
        }
        for (pair, weight) in x.pairs {
            let edge = self.edges.entry(pair).or_default();
            edge.weight += weight;
            edge.documents += 1;
            if max_ids == 0 || edge.ids.len() < max_ids {
                edge.ids.push(id.to_string());
            }
        }
    }

    /// Edges at or above the minimum weight, heaviest first, then by name.
    pub fn sorted_edges(&self, min_weight: u64) -> Vec<(&(Key, Key), &Edge)> {
        let mut edges: Vec<_> = self
            .edges
            .iter()
            .filter(|(_, e)| e.weight >= min_weight)
            .collect();
        edges.sort_by(|a, b| b.1.weight.cmp(&a.1.weight).then_with(|| a.0.cmp(b.0)));
        edges
    }
}

/// The kind of a node key: `country` or `organisation`.
pub fn kind(key: &str) -> &str {
    key.split_once(':').map_or("", |(k, _)| k)
}

/// Escapes text for XML content and attribute values.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes one network as `GraphML`.
///
/// # Errors
///
/// When writing fails.
pub fn write_graphml(out: &mut impl Write, net: &Network, min_weight: u64) -> io::Result<()> {
    writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="mentions" for="node" attr.name="mentions" attr.type="long"/>
  <key id="ndocs" for="node" attr.name="documents" attr.type="long"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="edocs" for="edge" attr.name="documents" attr.type="long"/>
  <graph id="G" edgedefault="undirected">"#
    )?;
    for (key, node) in &net.nodes {
        writeln!(
            out,
            r#"    <node id="{}"><data key="label">{}</data><data key="kind">{}</data><data key="mentions">{}</data><data key="ndocs">{}</data></node>"#,
            xml(key),
            xml(&node.label),
            kind(key),
            node.mentions,
            node.documents
        )?;
    }
    for ((a, b), edge) in net.sorted_edges(min_weight) {
        writeln!(
            out,
            r#"    <edge source="{}" target="{}"><data key="weight">{}</data><data key="edocs">{}</data></edge>"#,
            xml(a),
            xml(b),
            edge.weight,
            edge.documents
        )?;
    }
    writeln!(out, "  </graph>\n</graphml>")
}

/// A group's name as a safe part of a file name.
pub fn file_part(group: &str) -> String {
    let s: String = group
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}

/// `PREFIX.suffix`, keeping any extension-like dots of the prefix.
pub fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(".");
    s.push(suffix);
    PathBuf::from(s)
}
