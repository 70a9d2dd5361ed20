//! cleanwire's learned layout classifier in Rust, bit-identical to the Python engine.
//!
//! A port of `cleanwire/features.py` and `cleanwire/cleaners/layout.py` (with `is_prose`,
//! `is_headline_like` and `Line.ends_sentence`): line features, the two-stage boosted
//! trees of each regime, the gate, cut-offs, the guard, the title rule and the trace's
//! reasons. The model is read from the JSON text of `models/layout.json` at run time, so a
//! retrained model needs no rebuild. No PyO3 here: the engine crate wraps it.
//!
//! Characters are classified as the Python engine classifies them: Python's `str`
//! methods and the `regex` module's classes, read from a table generated from that
//! Python ([`pytables`], `tools/gen_tables.py`); the engine's regular expressions are
//! matched by hand ([`patterns`]) because the `regex` crate's Unicode tables differ
//! from the `regex` module's.
//!
//! # Call sequence (per document, after the rule cleaners)
//!
//! ```
//! use cleanwire_layout::{LayoutModel, LineIn, WordSets};
//!
//! // Once: the model (the package's models/layout.json) and the word sets per language
//! // (the merged lexicon's stopwords, widget_words and section_words).
//! let model = LayoutModel::from_json(include_str!("../../../src/cleanwire/models/layout.json")).unwrap();
//! let en = WordSets::new(["the", "a", "of", "and", "on", "for", "in"], ["share", "login"], ["news", "sport"]);
//!
//! // Per call of the layout cleaner: the kept lines and Document.kept_gaps().
//! let texts = ["Home", "News", "Sport", "Weather",
//!     "The council approved the budget for new schools on Monday evening, after a long debate.",
//!     "Officials said the first projects would start in the spring, once the money arrives."];
//! let keys: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
//! let kept: Vec<LineIn> = texts.iter().zip(&keys).map(|(t, k)| LineIn {
//!     text: t, key: k, words: t.split_whitespace().count() as u32, indent: 0 }).collect();
//! let gaps = [false, false, false, false, true, true];
//!
//! let verdicts = model.apply(&kept, &gaps, &en, None, true);
//! assert_eq!(verdicts.len(), kept.len());
//! for (line, verdict) in kept.iter().zip(&verdicts) {
//!     if let Some(reason) = verdict {
//!         // doc.drop(line, "layout", reason)
//!         assert!(reason.starts_with("p(content)="), "{}: {reason}", line.text);
//!     }
//! }
//! ```
//!
//! `apply(.., threshold, explain)` is `LayoutClassifier(threshold).apply(doc, lexicon)` with
//! `doc.explain == explain`: reasons are `"p(content)=0.12 (page)"`, plus
//! `"; " + reasons` (or `"; low score"`) when `explain`. Fewer than five kept lines: all
//! kept. For tests and tools, [`line_features`], [`LayoutModel::decide`] and
//! [`LayoutModel::verdicts`] expose the steps. [`LayoutModel`] and [`WordSets`] are plain
//! data (`Send + Sync`): build them once and share them between threads.
//!
//! # What "bit-identical" rests on
//!
//! * Python 3.11's `sum()` (plain left-to-right addition, [`model::py_sum`]). Python 3.12
//!   switched float sums to compensated summation; under 3.12+ the Python engine's gate and
//!   blended cut-offs can differ from these in the last bits.
//! * The character classes of the running Python and `regex` module, which the native
//!   engine [`chars::install`]s when it starts; without them, those of the Python that
//!   generated [`pytables`] (`tools/gen_tables.py --check` says whether the running ones agree).
//! * The C library's `log1p` and `exp`, which Rust's `ln_1p` and `exp` call on Linux
//!   (`tests/floats.rs`).
//!
//! `tests/differential.rs` compares every feature value, score, cut-off and reason with
//! cases recorded from the Python engine (`bench/layout_cases.py`); `examples/compare.rs`
//! does it for any recorded file, such as the whole corpus.

#![warn(missing_docs)]

pub mod chars;
pub mod features;
pub mod model;
pub mod patterns;
#[allow(clippy::all, missing_docs)]
pub mod pytables;

pub use features::{
    line_features, main_block, Features, LineCache, LineIn, Row, WordScores, WordSets,
    FEATURE_NAMES, N_FEATURES,
};
pub use model::{Cutoff, Decision, Dropped, LayoutModel, RegimeName, Rows, Said, STACK_NAMES};
