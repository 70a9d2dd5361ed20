//! Python's `f"{p:.2f}"` (the reason strings) and the C library's `log1p` / `exp` (Python's
//! `math` module) against the crate's formatting and Rust's `ln_1p` / `exp`, on the values
//! of `tools/float_cases.py`: ties, both sides of every two-decimal boundary, counts,
//! shares and the sigmoid's range.

use std::path::Path;

use cleanwire_layout::model::format_2f;
use serde_json::Value;

#[test]
fn formatting_and_libm_match_python() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/floats.jsonl");
    let text = std::fs::read_to_string(path).expect("floats.jsonl");
    let mut counts = [0usize; 3];
    let mut bad = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let x = v[1].as_f64().unwrap();
        match v[0].as_str().unwrap() {
            "format" => {
                counts[0] += 1;
                let want = v[2].as_str().unwrap();
                if format_2f(x) != want {
                    bad.push(format!("{x:?}: {} != {want}", format_2f(x)));
                }
            }
            kind => {
                let want = v[2].as_f64().unwrap();
                let got = if kind == "log1p" { x.ln_1p() } else { x.exp() };
                counts[if kind == "log1p" { 1 } else { 2 }] += 1;
                if got.to_bits() != want.to_bits() {
                    bad.push(format!("{kind}({x:?}): {got:?} != {want:?}"));
                }
            }
        }
    }
    for b in bad.iter().take(20) {
        eprintln!("{b}");
    }
    assert!(
        counts.iter().all(|&c| c > 500),
        "too few values: {counts:?}"
    );
    assert!(bad.is_empty(), "{} differences", bad.len());
}
