//! The crate against the Python engine on the committed cases (`bench/layout_cases.py`
//! over the fixtures, seeds and tricky lines, and a few corpus cases; see
//! `tests/data/README.md`): every feature value, gate, stage-one score, probability,
//! cut-off and reason must be identical (floats bit for bit), with `explain` on and off
//! and with a user threshold.
//!
//! The whole corpus: write its cases with `bench/layout_cases.py --corpus --out FILE`,
//! then `LAYOUT_CASES=FILE cargo test --release -- --ignored corpus` (or run
//! `cargo run --release --example compare -- FILE` for figures and timings).

mod cases;

use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn check(cases_file: &Path, wordsets: &Path) {
    let model = cases::load_model();
    let report = cases::compare_file(cases_file, wordsets, &model);
    for e in &report.examples {
        eprintln!("{e}");
    }
    eprintln!("{report:#?}");
    assert!(
        report.calls > 0 && report.scored_lines > 0 && report.values > 0,
        "no cases were compared"
    );
    assert_eq!(report.mismatches(), 0, "{} mismatches", report.mismatches());
}

#[test]
fn fixtures_match_python_exactly() {
    check(&data("fixtures.jsonl"), &data("wordsets.json"));
}

#[test]
fn corpus_cases_match_python_exactly() {
    check(&data("corpus.jsonl"), &data("wordsets.json"));
}

#[test]
#[ignore = "needs LAYOUT_CASES=<cases written by bench/layout_cases.py --corpus>"]
fn corpus() {
    let path = PathBuf::from(std::env::var("LAYOUT_CASES").expect("LAYOUT_CASES"));
    let wordsets = std::env::var("LAYOUT_WORDSETS")
        .map_or_else(|_| path.with_file_name("wordsets.json"), PathBuf::from);
    check(&path, &wordsets);
}
