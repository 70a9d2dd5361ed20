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
    check_with(cases_file, wordsets, &cases::load_model());
}

fn check_with(cases_file: &Path, wordsets: &Path, model: &cleanwire_layout::LayoutModel) {
    let report = cases::compare_file(cases_file, wordsets, model);
    for e in &report.examples {
        eprintln!("{e}");
    }
    eprintln!("{report:#?}");
    assert!(
        report.calls > 0 && report.scored_lines > 0 && report.values > 0,
        "no cases were compared"
    );
    assert_eq!(
        report.mismatches(),
        0,
        "{} mismatches (after a change to models/layout.json, the lexicons or the Python classifier, \
         write the cases again: tests/data/README.md)",
        report.mismatches()
    );
}

#[test]
fn fixtures_match_python_exactly() {
    check(&data("fixtures.jsonl"), &data("wordsets.json"));
}

#[test]
fn corpus_cases_match_python_exactly() {
    check(&data("corpus.jsonl"), &data("wordsets.json"));
}

/// Another model of the same format (leaf values jittered, other cut-offs with a short-line
/// cut-off in both regimes, the gate shifted towards blending, a one-leaf tree, an integer
/// threshold), as a retrained model would differ: nothing of the shipped model is built in.
#[test]
fn a_perturbed_model_matches_python_exactly() {
    let dir = data("perturbed");
    let model = cases::load_model_from(&dir.join("model.json"));
    check_with(&dir.join("cases.jsonl"), &dir.join("wordsets.json"), &model);
}

#[test]
#[ignore = "needs LAYOUT_CASES=<cases written by bench/layout_cases.py --corpus>"]
fn corpus() {
    let path = PathBuf::from(std::env::var("LAYOUT_CASES").expect("LAYOUT_CASES"));
    let wordsets = std::env::var("LAYOUT_WORDSETS")
        .map_or_else(|_| path.with_file_name("wordsets.json"), PathBuf::from);
    check(&path, &wordsets);
}
