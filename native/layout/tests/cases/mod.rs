//! Reads the cases written by `bench/layout_cases.py` and compares the crate with them,
//! value by value (floats by their bits). Shared by `tests/differential.rs` and
//! `examples/compare.rs`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::{Duration, Instant};

use cleanwire_layout::{line_features, LayoutModel, LineIn, WordSets, FEATURE_NAMES, N_FEATURES};
use serde_json::Value;

/// The kept lines and their gaps of one recorded case (the classifier's inputs).
pub fn case_inputs(case: &Value) -> (Vec<LineIn<'_>>, Vec<bool>) {
    let kept = case["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| LineIn {
            text: l[0].as_str().unwrap(),
            key: l[1].as_str().unwrap(),
            words: l[2].as_u64().unwrap() as u32,
            indent: l[3].as_u64().unwrap() as u32,
        })
        .collect();
    let gaps = case["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_bool().unwrap())
        .collect();
    (kept, gaps)
}

/// What a comparison found.
#[derive(Default, Debug)]
pub struct Report {
    pub documents: usize,
    pub calls: usize,
    pub lines: usize,
    pub scored_lines: usize,
    pub bytes: usize,
    pub values: usize,
    pub row_mismatches: usize,
    pub gate_mismatches: usize,
    pub regime_mismatches: usize,
    pub stage1_mismatches: usize,
    pub probability_mismatches: usize,
    pub cutoff_mismatches: usize,
    pub verdict_mismatches: usize,
    pub plain_mismatches: usize,
    pub threshold_mismatches: usize,
    /// Scored calls led by the page regime, by the extract regime, and blended (gate in (0.1, 0.9)).
    pub page: usize,
    pub extract: usize,
    pub blended: usize,
    /// Lines dropped, over the three verdicts per case.
    pub drops: usize,
    /// Lines dropped: as run (explain=True), explain=False, user threshold.
    pub drops_by_verdict: [usize; 3],
    pub examples: Vec<String>,
    pub rust_time: Duration,
    pub python_seconds: f64,
}

impl Report {
    pub fn mismatches(&self) -> usize {
        self.row_mismatches
            + self.gate_mismatches
            + self.regime_mismatches
            + self.stage1_mismatches
            + self.probability_mismatches
            + self.cutoff_mismatches
            + self.verdict_mismatches
            + self.plain_mismatches
            + self.threshold_mismatches
    }

    fn note(&mut self, text: String) {
        if self.examples.len() < 20 {
            self.examples.push(text);
        }
    }
}

/// The word sets per language from `wordsets.json`.
pub fn load_wordsets(path: &Path) -> HashMap<String, WordSets> {
    let text = std::fs::read_to_string(path).expect("wordsets.json");
    let v: Value = serde_json::from_str(&text).expect("wordsets json");
    let list = |x: &Value| -> Vec<String> {
        x.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    v.as_object()
        .unwrap()
        .iter()
        .map(|(lang, sets)| {
            (
                lang.clone(),
                WordSets::new(
                    list(&sets["stopwords"]),
                    list(&sets["widget_words"]),
                    list(&sets["section_words"]),
                ),
            )
        })
        .collect()
}

/// The package's model, or the one at `$LAYOUT_MODEL`.
pub fn load_model() -> LayoutModel {
    let path = std::env::var_os("LAYOUT_MODEL").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/cleanwire/models/layout.json"),
        std::path::PathBuf::from,
    );
    load_model_from(&path)
}

/// A model from a JSON file.
pub fn load_model_from(path: &Path) -> LayoutModel {
    LayoutModel::from_json(&std::fs::read_to_string(path).expect("model file")).expect("model")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
}

fn verdicts(v: &Value) -> Vec<Option<String>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().map(str::to_owned))
        .collect()
}

/// Compare every case of `cases` (JSON lines) with the crate.
pub fn compare_file(cases: &Path, wordsets: &Path, model: &LayoutModel) -> Report {
    let sets = load_wordsets(wordsets);
    let reader = BufReader::new(File::open(cases).expect("cases file"));
    let mut report = Report::default();
    let mut last_source = String::new();
    for line in reader.lines() {
        let line = line.expect("read");
        let case: Value = serde_json::from_str(&line).expect("case json");
        compare_case(&case, &sets, model, &mut report, &mut last_source);
    }
    report
}

fn compare_case(
    case: &Value,
    sets: &HashMap<String, WordSets>,
    model: &LayoutModel,
    report: &mut Report,
    last_source: &mut String,
) {
    let source = case["source"].as_str().unwrap();
    if source != last_source {
        report.documents += 1;
        *last_source = source.to_owned();
    }
    report.calls += 1;
    let words = &sets[case["lang"].as_str().unwrap()];
    let (kept, gaps) = case_inputs(case);
    let threshold = case["threshold"].as_f64();
    let explain = case["explain"].as_bool().unwrap();
    report.lines += kept.len();
    report.bytes += kept.iter().map(|l| l.text.len() + 1).sum::<usize>();
    report.python_seconds += case["py_seconds"].as_f64().unwrap_or(0.0);
    let start = Instant::now();
    let got = model.apply(&kept, &gaps, words, None, explain);
    report.rust_time += start.elapsed();
    let want = verdicts(&case["verdicts"]);
    for (k, key) in ["verdicts", "verdicts_plain", "verdicts_threshold"]
        .into_iter()
        .enumerate()
    {
        let dropped = case[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v.is_string())
            .count();
        report.drops += dropped;
        report.drops_by_verdict[k] += dropped;
    }
    let where_ = |i: usize| {
        format!(
            "{source} call {} line {i} {:?}",
            case["call"],
            kept.get(i).map(|l| l.text)
        )
    };
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        if g != w {
            report.verdict_mismatches += 1;
            report.note(format!("verdict {}: rust {g:?} python {w:?}", where_(i)));
        }
    }
    if got.len() != want.len() {
        report.verdict_mismatches += 1;
    }
    if kept.len() < 5 {
        return;
    }
    report.scored_lines += kept.len();
    let rows = line_features(&kept, &gaps, words, &model.words);
    for (i, (row, want)) in rows
        .iter()
        .zip(case["rows"].as_array().unwrap())
        .enumerate()
    {
        let want = floats(want);
        assert_eq!(want.len(), N_FEATURES);
        for (f, (a, b)) in row.iter().zip(&want).enumerate() {
            report.values += 1;
            if !same(*a, *b) {
                report.row_mismatches += 1;
                report.note(format!(
                    "feature {} {}: rust {a:?} python {b:?}",
                    FEATURE_NAMES[f],
                    where_(i)
                ));
            }
        }
    }
    let indents: Vec<u32> = kept.iter().map(|l| l.indent).collect();
    let decision = model.decide(&rows, &indents);
    let gate = case["gate"].as_f64().unwrap();
    if !same(decision.gate, gate) {
        report.gate_mismatches += 1;
        report.note(format!(
            "gate {source}: rust {:?} python {gate:?}",
            decision.gate
        ));
    }
    match decision.regime.as_str() {
        "page" => report.page += 1,
        _ => report.extract += 1,
    }
    if decision.gate > 1.0 - 0.9 && decision.gate < 0.9 {
        report.blended += 1;
    }
    if decision.regime.as_str() != case["regime"].as_str().unwrap() {
        report.regime_mismatches += 1;
    }
    for (name, got, want, count) in [
        (
            "stage1",
            &decision.stage1,
            floats(&case["stage1"]),
            &mut report.stage1_mismatches,
        ),
        (
            "p",
            &decision.probabilities,
            floats(&case["probabilities"]),
            &mut report.probability_mismatches,
        ),
    ] {
        for (i, (a, b)) in got.iter().zip(&want).enumerate() {
            if !same(*a, *b) {
                *count += 1;
                if report.examples.len() < 20 {
                    report
                        .examples
                        .push(format!("{name} {}: rust {a:?} python {b:?}", where_(i)));
                }
            }
        }
    }
    for (i, (line, want)) in kept.iter().zip(floats(&case["cutoffs"])).enumerate() {
        let a = decision.cutoff.at(i64::from(line.words));
        if !same(a, want) {
            report.cutoff_mismatches += 1;
            report.note(format!("cutoff {}: rust {a:?} python {want:?}", where_(i)));
        }
    }
    let plain = model.verdicts(&kept, &rows, &decision, None, false);
    for (i, (g, w)) in plain
        .iter()
        .zip(verdicts(&case["verdicts_plain"]))
        .enumerate()
    {
        if *g != w {
            report.plain_mismatches += 1;
            report.note(format!(
                "explain=False {}: rust {g:?} python {w:?}",
                where_(i)
            ));
        }
    }
    let user = model.verdicts(&kept, &rows, &decision, threshold, true);
    for (i, (g, w)) in user
        .iter()
        .zip(verdicts(&case["verdicts_threshold"]))
        .enumerate()
    {
        if *g != w {
            report.threshold_mismatches += 1;
            report.note(format!("threshold {}: rust {g:?} python {w:?}", where_(i)));
        }
    }
}
