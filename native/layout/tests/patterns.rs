//! The hand-written matchers of `src/patterns.rs` against the Python engine's regular
//! expressions (the `regex` module) on 3,000 strings built from the patterns' edge
//! cases (`tools/pattern_cases.py` writes them with the answers).

use std::path::Path;

use cleanwire_layout::patterns;
use serde_json::Value;

#[test]
fn hand_matchers_agree_with_python_regexes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/patterns.jsonl");
    let text = std::fs::read_to_string(path).expect("patterns.jsonl");
    let mut checked = 0;
    let mut bad = Vec::new();
    let mut positives = [0usize; 9];
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let s = v[0].as_str().unwrap();
        let got = [
            Value::from(patterns::list_mark(s)),
            Value::from(patterns::sentence_breaks(s) as u64),
            Value::from(patterns::webby(s)),
            Value::from(patterns::legal(s)),
            Value::from(patterns::greeting(s)),
            Value::from(patterns::key_value(s)),
            Value::from(patterns::date_like(s)),
            Value::from(patterns::headline_end(s)),
            Value::from(patterns::starts_upper(s)),
        ];
        for (k, g) in got.iter().enumerate() {
            let want = &v[k + 1];
            if want.as_bool() == Some(true) || want.as_u64().is_some_and(|x| x > 0) {
                positives[k] += 1;
            }
            if g != want {
                bad.push(format!("pattern {k} on {s:?}: rust {g} python {want}"));
            }
            checked += 1;
        }
    }
    for b in bad.iter().take(30) {
        eprintln!("{b}");
    }
    assert!(checked >= 9 * 3000, "only {checked} answers");
    assert!(
        positives.iter().all(|&p| p >= 10),
        "too few positive cases per pattern: {positives:?}"
    );
    assert!(bad.is_empty(), "{} disagreements", bad.len());
}
