//! Compare the crate with cases written by `bench/layout_cases.py`, and time it.
//!
//!     cargo run --release --example compare -- CASES.jsonl [WORDSETS.json]
//!
//! Prints the comparison's counts (every mismatch is an error), then the time of the
//! classifier's work (features, model, verdicts with reasons) on the same inputs, per MB
//! of kept text, in CPU time of the thread. `bench/layout_timing.py` times the Python
//! `LayoutClassifier.apply` on the same cases the same way.

#[path = "../tests/cases/mod.rs"]
mod cases;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Duration;

use cleanwire_layout::{line_features, LineIn};
use serde_json::Value;

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
}

/// CPU time of this thread (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, Linux, as Python's
/// `time.thread_time`): the machine is shared, so wall-clock time would count other work.
fn cpu() -> Duration {
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec the call fills in.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .expect("usage: compare CASES.jsonl [WORDSETS.json]"),
    );
    let wordsets = args
        .next()
        .map_or_else(|| path.with_file_name("wordsets.json"), PathBuf::from);
    let model = cases::load_model();
    if std::env::var_os("LAYOUT_PROFILE_FEATURES").is_some() {
        profile_features(&path, &wordsets);
        return;
    }
    let report = cases::compare_file(&path, &wordsets, &model);
    for e in &report.examples {
        println!("{e}");
    }
    println!(
        "{} documents, {} calls, {} lines ({} scored), {} feature values, {} drops compared; mismatches: {} \
         (rows {}, gate {}, regime {}, stage1 {}, p {}, cut-off {}, reasons {}, explain=False {}, threshold {})",
        report.documents,
        report.calls,
        report.lines,
        report.scored_lines,
        report.values,
        report.drops,
        report.mismatches(),
        report.row_mismatches,
        report.gate_mismatches,
        report.regime_mismatches,
        report.stage1_mismatches,
        report.probability_mismatches,
        report.cutoff_mismatches,
        report.verdict_mismatches,
        report.plain_mismatches,
        report.threshold_mismatches
    );

    // Timing: each case is read and parsed, then its phases are timed one after the other.
    let sets = cases::load_wordsets(&wordsets);
    let reader = BufReader::new(File::open(&path).expect("cases"));
    let mb = report.bytes as f64 / 1e6;
    let (mut t_features, mut t_model, mut t_explain, mut t_plain) = (
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    for line in reader.lines() {
        let c: Value = serde_json::from_str(&line.expect("read")).expect("case");
        let (kept, gaps) = cases::case_inputs(&c);
        let words = &sets[c["lang"].as_str().unwrap()];
        if kept.len() < 5 {
            continue;
        }
        let t0 = cpu();
        let rows = line_features(&kept, &gaps, words, &model.words);
        let t1 = cpu();
        let indents: Vec<u32> = kept.iter().map(|l| l.indent).collect();
        let decision = model.decide(&rows, &indents);
        let t2 = cpu();
        let plain = model.verdicts(&kept, &rows, &decision, None, false);
        let t3 = cpu();
        let explained = model.verdicts(&kept, &rows, &decision, None, true);
        let t4 = cpu();
        assert_eq!(plain.len(), explained.len());
        t_features += t1 - t0;
        t_model += t2 - t1;
        t_plain += t3 - t2;
        t_explain += t4 - t3;
    }
    let per_mb = |d: Duration| d.as_secs_f64() / mb;
    println!(
        "drops compared: {} as run (explain=True), {} with explain=False, {} with the user threshold",
        report.drops_by_verdict[0], report.drops_by_verdict[1], report.drops_by_verdict[2]
    );
    println!(
        "scored calls: {} led by the page regime, {} by extract, {} blended",
        report.page, report.extract, report.blended
    );
    println!("{mb:.2} MB of kept text (UTF-8, a newline per line)");
    println!(
        "rust: features {:.4} s/MB, model {:.4} s/MB, verdicts {:.4} s/MB (explain=False) / {:.4} s/MB (explain=True)",
        per_mb(t_features),
        per_mb(t_model),
        per_mb(t_plain),
        per_mb(t_explain)
    );
    let rust_apply = per_mb(t_features + t_model + t_explain);
    println!(
        "rust apply (explain=True): {rust_apply:.4} s/MB ({:.1} MB/s)",
        1.0 / rust_apply
    );
    if report.mismatches() > 0 {
        std::process::exit(1);
    }
}

/// Only the features, five times over (for a profiler).
fn profile_features(path: &std::path::Path, wordsets: &std::path::Path) {
    let sets = cases::load_wordsets(wordsets);
    let model = cases::load_model();
    let text = std::fs::read_to_string(path).expect("cases");
    let parsed: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let inputs: Vec<(Vec<LineIn>, Vec<bool>, &str)> = parsed
        .iter()
        .map(|c| {
            let (lines, gaps) = cases::case_inputs(c);
            (lines, gaps, c["lang"].as_str().unwrap())
        })
        .collect();
    let bytes: usize = inputs
        .iter()
        .flat_map(|(l, _, _)| l.iter().map(|x| x.text.len() + 1))
        .sum();
    let mut total = 0usize;
    let t0 = cpu();
    for _ in 0..5 {
        for (lines, gaps, lang) in &inputs {
            total += line_features(lines, gaps, &sets[*lang], &model.words).len();
        }
    }
    let t = cpu() - t0;
    println!(
        "{total} rows in {t:?}: {:.4} s/MB",
        t.as_secs_f64() / (5.0 * bytes as f64 / 1e6)
    );
}
