//! The corpus tooling of the examples (`examples/common`): every input document yields exactly
//! one record, in input order, whatever is wrong with it; the CSV, JSON Lines and HTML outputs
//! are well formed; the actor network counts what it says. The example code is compiled into
//! this test binary from its source files.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::html::{self, Corpus, DocFacts, Labels};
use common::input::{Document, InputArgs, InputFormat, Source};
use common::network::{self, Actors, Network, Unit};
use common::{pipeline, record};
use scidip::Analysis;

use crate::analyzer;

/// A fresh, empty directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "scidip-examples-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn args(inputs: Vec<PathBuf>) -> InputArgs {
    InputArgs {
        inputs,
        input_format: InputFormat::Auto,
        ext: Vec::new(),
        text_field: "text".into(),
        id_field: "id".into(),
        lexicons: Vec::new(),
        no_builtin: false,
        lossy: false,
        threads: None,
        chunk_size: 4,
    }
}

/// Runs the pipeline as `classify --format jsonl` does and returns the records.
fn classify(args: &InputArgs) -> (Vec<serde_json::Value>, pipeline::Summary) {
    let source = Source::new(args).unwrap();
    let mut records = Vec::new();
    let summary = pipeline::run(
        source,
        &args.read_options(),
        args.chunk_size,
        |doc: &Document| {
            let a = doc.text.as_ref().ok().map(|t| analyzer().analyze(t));
            record::json_record(doc, a.as_ref())
        },
        |_, r| {
            records.push(r);
            Ok(())
        },
    )
    .unwrap();
    (records, summary)
}

/// The ids of a record's countries, in the record's order.
fn country_ids(record: &serde_json::Value) -> Vec<&str> {
    record["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// A directory of press releases as a researcher has it: good files, an empty one, one in
/// Latin-1, a binary file with a text extension, an image, a nested folder.
fn press_folder() -> PathBuf {
    let dir = scratch("folder");
    write(
        &dir.join("2021/a_mou.txt"),
        "Morocco and Pakistan signed a memorandum of understanding on science and technology \
         cooperation, with exchanges of researchers between their academies."
            .as_bytes(),
    );
    write(&dir.join("2021/b_empty.txt"), b"");
    write(
        &dir.join("2022/c_latin1.txt"),
        b"Accord de coop\xe9ration scientifique entre le Maroc et la France.",
    );
    write(
        &dir.join("2022/d_scan.txt"),
        b"%PDF\x00\x01\x02\x03 not text",
    );
    write(&dir.join("2022/e_photo.png"), b"\x89PNG\r\n\x1a\n\x00\x00");
    write(
        &dir.join("2022/f_notes.md"),
        "# Visit\nThe IAEA hosted a delegation from Chile in Vienna.".as_bytes(),
    );
    dir
}

#[test]
fn every_file_of_a_folder_yields_one_record_in_order() {
    let dir = press_folder();
    let (records, summary) = classify(&args(vec![dir.clone()]));
    let ids: Vec<String> = records
        .iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap();
            Path::new(id)
                .strip_prefix(&dir)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    // The image is not a --ext file; everything else is there, sorted by path.
    assert_eq!(
        ids,
        [
            "2021/a_mou.txt",
            "2021/b_empty.txt",
            "2022/c_latin1.txt",
            "2022/d_scan.txt",
            "2022/f_notes.md"
        ]
    );
    assert_eq!(summary.documents, 5);
    assert_eq!(summary.failed, 2);
    let countries = country_ids(&records[0]);
    assert_eq!(countries, ["MAR", "PAK"]);
    assert_eq!(records[1]["relevance"], 0.0, "an empty file is analysed");
    let latin1 = records[2]["error"].as_str().unwrap();
    assert!(
        latin1.contains("UTF-8 at byte 14 of the document"),
        "{latin1}"
    );
    assert!(records[3]["error"].as_str().unwrap().contains("binary"));
    assert_eq!(records[4]["countries"][0]["id"], "CHL");
    assert_eq!(summary.reasons["invalid UTF-8"].0, 1);
    assert_eq!(summary.reasons["binary file"].0, 1);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn lossy_reading_replaces_invalid_bytes() {
    let dir = press_folder();
    let mut a = args(vec![dir.join("2022/c_latin1.txt")]);
    a.lossy = true;
    let (records, summary) = classify(&a);
    assert_eq!(summary.failed, 0);
    let countries = country_ids(&records[0]);
    assert!(countries.contains(&"FRA"), "{countries:?}");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_json_line_yields_one_record_in_order() {
    let dir = scratch("jsonl");
    let mut lines: Vec<Vec<u8>> = vec![
        br#"{"id": "ok", "text": "Chile and the European Southern Observatory agreed on telescope time.", "year": 2019}"#.to_vec(),
        br#"{"id": "broken", "text": "#.to_vec(),
        br#"["an", "array"]"#.to_vec(),
        br#"{"id": "no-text", "body": "the text is elsewhere"}"#.to_vec(),
        br#"{"id": "number", "text": 7}"#.to_vec(),
        b"   ".to_vec(),
        b"{\"id\": \"latin1\", \"text\": \"caf\xe9\"}".to_vec(),
        br#"{"id": "nul", "text": "Brazil\u0000and Argentina"}"#.to_vec(),
    ];
    // Enough documents for many chunks of 4, analysed on several threads.
    for i in 0..50 {
        lines.push(
            format!(r#"{{"id": "p{i}", "text": "Press release {i}: Kenya and Japan met."}}"#)
                .into_bytes(),
        );
    }
    let mut bytes = lines.join(&b'\n');
    bytes.extend_from_slice(b"\r\n"); // a final CRLF
    write(&dir.join("in.jsonl"), &bytes);
    let (records, summary) = classify(&args(vec![dir.join("in.jsonl")]));
    assert_eq!(records.len(), lines.len());
    assert_eq!(summary.documents, lines.len() as u64);
    let name = dir.join("in.jsonl").display().to_string();
    let ids: Vec<String> = records[..8]
        .iter()
        .map(|r| r["id"].as_str().unwrap().replace(&name, "IN"))
        .collect();
    assert_eq!(
        ids,
        [
            "ok", "IN:2", "IN:3", "no-text", "number", "IN:6", "IN:7", "nul"
        ]
    );
    assert_eq!(records[0]["year"], 2019, "other fields are copied");
    assert_eq!(records[0]["countries"][0]["id"], "CHL");
    for (i, why) in [
        (1, "invalid JSON"),
        (2, "not a JSON object"),
        (3, "no `text` field"),
        (4, "not a string"),
        (5, "empty line"),
        (6, "UTF-8 at byte 29 of the line"),
    ] {
        let error = records[i]["error"].as_str().unwrap();
        assert!(error.contains(why), "line {}: {error}", i + 1);
    }
    assert_eq!(
        records[7]["countries"].as_array().unwrap().len(),
        2,
        "NUL is a separator"
    );
    for (i, r) in records[8..].iter().enumerate() {
        assert_eq!(r["id"], format!("p{i}"));
        assert!(r.get("error").is_none());
    }
    assert_eq!(summary.failed, 6);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn csv_rows_are_documents_and_csv_output_is_rectangular() {
    let dir = scratch("csv");
    write(
        &dir.join("in.csv"),
        b"id,date,text\n\
          r1,2020-05-01,\"Kenya and the WHO worked on\nmalaria vaccines, with Japan.\"\n\
          r2,2021\n\
          r3,2021-03-02,Plain text without actors.\n",
    );
    let a = args(vec![dir.join("in.csv")]);
    let source = Source::new(&a).unwrap();
    let mut rows = Vec::new();
    let summary = pipeline::run(
        source,
        &a.read_options(),
        2,
        |doc: &Document| {
            let analysis = doc.text.as_ref().ok().map(|t| analyzer().analyze(t));
            record::csv_row(doc, analysis.as_ref(), 1)
        },
        |doc, row| {
            rows.push((doc.extra.get("date").cloned(), row));
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(summary.documents, 3);
    let width = record::csv_header().len();
    assert!(rows.iter().all(|(_, r)| r.len() == width));
    let col = |name: &str| record::csv_header().iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0].1[0], "r1");
    assert_eq!(rows[0].0.as_ref().unwrap(), "2020-05-01");
    assert_eq!(
        rows[0].1[col("countries")],
        "KEN",
        "--top 1 keeps the first"
    );
    assert!(rows[1].1[col("error")].contains("2 fields"));
    assert_eq!(rows[2].1[col("relevance")], "0.000");
    fs::remove_dir_all(dir).unwrap();
}

fn analyse_doc(id: &str, text: &str) -> (Document, Analysis) {
    let doc = Document {
        id: id.into(),
        text: Ok(text.into()),
        extra: serde_json::Map::new(),
    };
    let a = analyzer().analyze(text);
    (doc, a)
}

#[test]
fn the_html_page_is_self_contained_and_highlights_every_mention() {
    let text = "Pakistan’s Ministry of Foreign Affairs and ICESCO agreed on scholarships \
                <script>alert(1)</script> & on joining CERN as an associate member state.";
    let (doc, a) = analyse_doc("report <1>", text);
    let labels = Labels::new(analyzer());
    let mut page = Vec::new();
    html::write_document_page(&mut page, &doc, Some(&a), &labels, Some("../index.html")).unwrap();
    let page = String::from_utf8(page).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.ends_with("</body></html>\n"));
    // Nothing loaded from elsewhere, and the document's own markup is escaped.
    for banned in ["<script", "src=", "<link", "@import", "url("] {
        assert!(!page.contains(banned), "{banned}");
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; on"));
    assert!(page.contains("<h1>report &lt;1&gt;</h1>"));
    // Every mention's text is inside a highlight.
    let marked: String = page
        .split("<mark ")
        .skip(1)
        .map(|m| {
            m.split_once('>')
                .unwrap()
                .1
                .split_once("</mark>")
                .unwrap()
                .0
        })
        .collect();
    for m in a.mentions() {
        let t = html::escape(&text[m.span]);
        assert!(marked.contains(&t), "{t} not highlighted in {marked}");
    }
    // The SDG bars carry the goal colours, and the hover names the entries.
    for colour in html::SDG_COLOURS {
        assert!(page.contains(colour), "{colour}");
    }
    assert!(page.contains("country: Pakistan (PAK)"));
    assert!(page.contains("organisation: CERN (cern)"));
}

#[test]
fn the_corpus_summary_counts_documents_and_links_every_page() {
    let labels = Labels::new(analyzer());
    let mut corpus = Corpus::default();
    let mut summary = pipeline::Summary::default();
    let texts = [
        "Pakistan and Iran signed a science and technology cooperation agreement.",
        "Safe drinking water and sanitation for all, said Kenya.",
    ];
    for (i, text) in texts.iter().enumerate() {
        let (doc, a) = analyse_doc(&format!("d{i}"), text);
        corpus.add(&doc, format!("docs/{i:06}.html"), Some(DocFacts::new(&a)));
        summary.documents += 1;
    }
    let failed = Document {
        id: "bad".into(),
        text: Err(common::input::DocError {
            reason: "invalid UTF-8",
            message: "not valid UTF-8 at byte 3 of the document".into(),
        }),
        extra: serde_json::Map::new(),
    };
    corpus.add(&failed, "docs/000002.html".into(), None);
    summary.documents += 1;
    summary.failed += 1;
    let mut page = Vec::new();
    corpus
        .write(&mut page, "test corpus", &labels, &summary, 10)
        .unwrap();
    let page = String::from_utf8(page).unwrap();
    for i in 0..3 {
        assert!(page.contains(&format!("href=\"docs/{i:06}.html\"")));
    }
    assert!(page.contains("3 documents: 2 analysed, 1 failed"));
    assert!(page.contains("not valid UTF-8 at byte 3"));
    assert!(page.contains("<td>Kenya</td><td>KEN</td>"));
}

#[test]
fn networks_link_actors_of_one_sentence() {
    let text = "France and Germany funded CERN. Chile hosts ESO. France and Chile met.";
    let a = analyzer().analyze(text);
    let mut net = Network::default();
    net.add(
        "d1",
        network::extract(&a, Unit::Sentence, Actors::Countries),
        0,
    );
    net.add(
        "d2",
        network::extract(&a, Unit::Sentence, Actors::Countries),
        1,
    );
    let edges: Vec<(String, String, u64, u64, usize)> = net
        .sorted_edges(1)
        .into_iter()
        .map(|((x, y), e)| (x.clone(), y.clone(), e.weight, e.documents, e.ids.len()))
        .collect();
    assert_eq!(
        edges,
        [
            ("country:CHL".into(), "country:FRA".into(), 2, 2, 1),
            ("country:DEU".into(), "country:FRA".into(), 2, 2, 1),
        ]
    );
    assert_eq!(net.nodes["country:FRA"].mentions, 4);
    assert_eq!(net.nodes["country:FRA"].documents, 2);

    // By document, everything mentioned is linked; organisations join with --actors both.
    let mut by_doc = Network::default();
    by_doc.add("d1", network::extract(&a, Unit::Document, Actors::Both), 0);
    assert!(
        by_doc
            .edges
            .contains_key(&("country:DEU".to_string(), "organisation:eso".to_string()))
    );

    let mut graphml = Vec::new();
    network::write_graphml(&mut graphml, &net, 1).unwrap();
    let graphml = String::from_utf8(graphml).unwrap();
    assert!(graphml.contains(r#"<edge source="country:CHL" target="country:FRA">"#));
    assert_eq!(graphml.matches("<node ").count(), 3);
}

#[test]
fn groups_come_from_a_field_or_its_year() {
    let mut doc = Document {
        id: "x".into(),
        text: Ok(String::new()),
        extra: serde_json::Map::new(),
    };
    doc.extra.insert("date".into(), "24 September 2019".into());
    doc.extra.insert("session".into(), 74.into());
    assert_eq!(network::group_of(&doc, Some("date"), true), "2019");
    assert_eq!(network::group_of(&doc, Some("session"), false), "74");
    assert_eq!(network::group_of(&doc, Some("missing"), false), "(none)");
    assert_eq!(network::group_of(&doc, None, false), "");
    doc.extra
        .insert("date".into(), "no year here, 12345".into());
    assert_eq!(network::group_of(&doc, Some("date"), true), "(none)");
}

/// Renders a page and screenshots it with headless Chromium through `scripts/screenshot.sh`,
/// when a Chromium is installed; skips with a message otherwise.
#[test]
fn the_html_page_renders_in_chromium() {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .any(|b| {
            std::process::Command::new("sh")
                .args(["-c", &format!("command -v {b}")])
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if !browser {
        eprintln!("skipped: no Chromium installed (apt-get install chromium)");
        return;
    }
    let dir = scratch("chromium");
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/03_ministry_cern.txt"),
    )
    .unwrap();
    let (doc, a) = analyse_doc("03_ministry_cern.txt", &text);
    let mut page = Vec::new();
    html::write_document_page(&mut page, &doc, Some(&a), &Labels::new(analyzer()), None).unwrap();
    fs::write(dir.join("page.html"), page).unwrap();
    let status = std::process::Command::new(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/screenshot.sh"),
    )
    .arg(dir.join("page.html"))
    .arg(dir.join("page.png"))
    .status()
    .unwrap();
    assert!(status.success());
    let png = fs::read(dir.join("page.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(
        png.len() > 20_000,
        "a blank page would be tiny: {} bytes",
        png.len()
    );
    fs::remove_dir_all(dir).unwrap();
}
