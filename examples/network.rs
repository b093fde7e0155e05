//! Actor networks: which countries and organisations are mentioned together, across a corpus.
//!
//! ```text
//! cargo run --release --example network -- -o net speeches.jsonl
//! cargo run --release --example network -- -o net --group-by date --year speeches.jsonl
//! cargo run --release --example network -- -o net --unit document press-releases/
//! ```
//!
//! Two actors are linked when they are mentioned in the same sentence (or, with `--unit
//! document`, the same document). An edge's weight is the number of sentences (documents) that
//! mention both; each edge also lists the documents that support it. The outputs are an edge
//! list and a node list as CSV, and `GraphML` for Gephi, Cytoscape or networkx.

#[allow(dead_code)]
mod common;

use std::collections::BTreeMap;
use std::error::Error;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use common::input::{Document, InputArgs, Source};
use common::network::{
    Actors, Key, Network, Unit, extract, file_part, group_of, kind, with_suffix, write_graphml,
};
use common::pipeline;

/// Build actor networks: countries and organisations mentioned together in a sentence or a
/// document, as an edge list (CSV) and a graph (`GraphML`).
#[derive(Parser, Debug)]
#[command(
    name = "network",
    about = "Build actor networks: countries and organisations mentioned together in the same \
             sentence (or document) across a corpus, as CSV edge and node lists and GraphML.",
    after_help = AFTER_HELP
)]
struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Prefix of the output files: PREFIX.edges.csv, PREFIX.nodes.csv, PREFIX.graphml (one
    /// PREFIX.GROUP.graphml per group with --group-by).
    #[arg(short, long, value_name = "PREFIX", default_value = "network")]
    output: PathBuf,
    /// What counts as "together".
    #[arg(long, value_enum, default_value_t = Unit::Sentence)]
    unit: Unit,
    /// Which actors are nodes.
    #[arg(long, value_enum, default_value_t = Actors::Both)]
    actors: Actors,
    /// Build one network per value of this input field (JSON Lines or CSV), e.g. year.
    #[arg(long, value_name = "FIELD")]
    group_by: Option<String>,
    /// With --group-by: group by the first four-digit year in the field (for dates such as
    /// 2019-09-24).
    #[arg(long, requires = "group_by")]
    year: bool,
    /// Edges whose weight is below this are left out of the outputs.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_weight: u64,
    /// Supporting document ids listed per edge (0: all). The count is always exact.
    #[arg(long, default_value_t = 20, value_name = "N")]
    max_ids: usize,
}

const AFTER_HELP: &str = "\
Inputs are read as by the classify example (files, directories, JSON Lines, CSV, stdin; see its \
--help); documents that cannot be read are counted in the summary on standard error and add \
nothing to the network.

Outputs:
  PREFIX.edges.csv  group, source, target, source_label, target_label, weight (sentences, or
                    documents with --unit document, that mention both), documents (how many
                    distinct documents), document_ids (';'-separated, at most --max-ids)
  PREFIX.nodes.csv  group, id, label, kind (country or organisation), mentions, documents
  PREFIX.graphml    nodes with label, kind, mentions, documents; undirected edges with weight
                    and documents. With --group-by, one PREFIX.GROUP.graphml per group.
Node ids are 'country:ISO3' and 'organisation:ID'. An actor mentioned twice in one sentence
counts once; an actor is never linked to itself. Documents without the --group-by field go to
the group '(none)'.

Load in networkx: nx.read_graphml('network.graphml'); in Gephi: File > Open.";

fn main() -> ExitCode {
    let args = Args::parse();
    common::main_with("network", || run(&args))
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    let analyzer = common::build_analyzer(&args.input)?;
    common::set_threads(args.input.threads)?;

    // The output files are created first, so that a wrong path fails before the work.
    let edges_path = with_suffix(&args.output, "edges.csv");
    let nodes_path = with_suffix(&args.output, "nodes.csv");
    let create = |p: &Path| {
        File::create(p)
            .map(BufWriter::new)
            .map_err(|e| format!("cannot create {}: {e}", p.display()))
    };
    let mut edges_csv = csv::Writer::from_writer(create(&edges_path)?);
    edges_csv.write_record([
        "group",
        "source",
        "target",
        "source_label",
        "target_label",
        "weight",
        "documents",
        "document_ids",
    ])?;
    let mut nodes_csv = csv::Writer::from_writer(create(&nodes_path)?);
    nodes_csv.write_record(["group", "id", "label", "kind", "mentions", "documents"])?;

    // 1. Analyse every document in parallel and extract its actors and co-mentions.
    let source = Source::new(&args.input)?;
    if source.samples {
        eprintln!("network: no input given; reading the bundled samples in data/samples");
    }
    let group_field = args.group_by.as_deref();
    let work = |doc: &Document| {
        let text = doc.text.as_ref().ok()?;
        let analysis = analyzer.analyze(text);
        Some((
            group_of(doc, group_field, args.year),
            extract(&analysis, args.unit, args.actors),
        ))
    };

    // 2. Merge the extracts into one network per group, in input order.
    let mut groups: BTreeMap<String, Network> = BTreeMap::new();
    let summary = pipeline::run(
        source,
        &args.input.read_options(),
        args.input.chunk_size,
        work,
        |doc, extracted| {
            if let Some((group, x)) = extracted {
                groups
                    .entry(group)
                    .or_default()
                    .add(&doc.id, x, args.max_ids);
            }
            Ok(())
        },
    )?;

    // 3. Write the edge list, the node list and the graphs (an empty graph when no document
    //    mentions two actors together).
    if args.group_by.is_none() {
        groups.entry(String::new()).or_default();
    }
    let mut written = Vec::new();
    let (mut node_count, mut edge_count) = (0usize, 0usize);
    for (group, net) in &groups {
        for (key, node) in &net.nodes {
            nodes_csv.write_record([
                group.as_str(),
                key,
                &node.label,
                kind(key),
                &node.mentions.to_string(),
                &node.documents.to_string(),
            ])?;
        }
        let edges = net.sorted_edges(args.min_weight);
        for ((a, b), edge) in &edges {
            let label = |k: &Key| net.nodes.get(k).map_or("", |n| n.label.as_str());
            edges_csv.write_record([
                group.as_str(),
                a,
                b,
                label(a),
                label(b),
                &edge.weight.to_string(),
                &edge.documents.to_string(),
                &edge.ids.join(";"),
            ])?;
        }
        node_count += net.nodes.len();
        edge_count += edges.len();
        let path = if args.group_by.is_some() {
            with_suffix(&args.output, &format!("{}.graphml", file_part(group)))
        } else {
            with_suffix(&args.output, "graphml")
        };
        let mut out = create(&path)?;
        write_graphml(&mut out, net, args.min_weight)?;
        out.flush()?;
        written.push(path);
    }
    edges_csv.flush()?;
    nodes_csv.flush()?;
    summary.print("network");
    eprintln!(
        "network: {} group(s), {node_count} nodes, {edge_count} edges; wrote {}, {}{}",
        groups.len(),
        edges_path.display(),
        nodes_path.display(),
        written
            .iter()
            .map(|p| format!(", {}", p.display()))
            .collect::<String>()
    );
    Ok(())
}
