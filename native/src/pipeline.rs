//! One call of `Pipeline.document`: split, detect, two passes, settle rounds, quotes, render.

use std::sync::Arc;

use crate::cleaners::{self, Extra, Kind, Shared};
use crate::doc::{Decision, Document, Line, Text};
use crate::lexicon::Lexicon;
use crate::re::MappedKeys;
use crate::text;

/// What the host (Python) provides: language detection, phrase data, the layout step (natively with the
/// model handed to the engine; through Python when it has none), `repr`.
pub trait Host {
    type Error;
    fn detect(&self, sample: &[Text<'_>]) -> Result<String, Self::Error>;
    fn lexicon(&self, code: &str) -> Result<Arc<Lexicon>, Self::Error>;
    /// The lines to drop among the kept lines `kept` of `doc` (whose render gaps are `gaps`):
    /// their places in `kept` (ascending), each with its reason.
    fn layout(
        &self,
        doc: &Document,
        kept: &[usize],
        gaps: &[bool],
        lex: &Lexicon,
    ) -> Result<cleanwire_layout::Dropped, Self::Error>;
    fn repr(&self, s: &str) -> String;
}

pub struct Plan {
    pub kinds: Vec<Kind>,
    pub extras: Vec<Extra>,
    pub quotes: bool,
    pub language: Option<String>,
}

const SETTLE_ROUNDS: usize = 3;

/// `_language_sample`: the longest prose lines, at most four (stable on ties); without prose
/// lines, the lines of running text in a script without spaces. The texts are the lines' own
/// (shared, not copied).
fn language_sample<'a>(t: &text::Tables, lines: &[Line<'a>]) -> Vec<Text<'a>> {
    let mut prose: Vec<&Line> = lines.iter().filter(|l| l.is_prose()).collect();
    if prose.is_empty() {
        prose = lines
            .iter()
            .filter(|l| t.is_dense_script_prose(&l.text))
            .collect();
    }
    if prose.len() > 4 {
        prose.sort_by_key(|l| std::cmp::Reverse(l.chars));
        prose.truncate(4);
    }
    prose.into_iter().map(|l| l.text.clone()).collect()
}

impl Plan {
    /// Kept out of line: `bench/callgrind_passes.py` counts the instructions inside it.
    #[inline(never)]
    pub fn run<'a, H: Host>(
        &self,
        s: &Shared,
        host: &H,
        input: &'a str,
        trace: Vec<Decision<'a>>,
        explain: bool,
        keep_trace: bool,
    ) -> Result<Document<'a>, H::Error> {
        let mut doc = Document::from_text(&s.t, input, explain);
        doc.trace = trace;
        doc.keep_trace = keep_trace;
        let sample = language_sample(&s.t, &doc.lines);
        doc.language = match &self.language {
            Some(code) if !code.is_empty() => code.clone(),
            _ => host.detect(&sample)?,
        };
        if self.apply_cleaners(s, host, &mut doc, false)? {
            self.settle(s, host, &mut doc, sample)?;
        }
        if self.quotes {
            for line in doc.lines.iter_mut() {
                if line.keep && text::has_curly_quotes(&line.text) {
                    let new_text = text::uncurl_quotes(&line.text);
                    if !doc.keep_trace {
                        line.text = Text::from(new_text);
                        continue;
                    }
                    doc.trace.push(Decision {
                        line: line.number as usize,
                        drop: false,
                        cleaner: "normalize_quotes".into(),
                        reason: "curly quotes to ASCII".into(),
                        text: std::mem::replace(
                            &mut line.text,
                            Text::Shared(std::sync::Arc::from(new_text.as_str())),
                        ),
                        new_text: Some(std::sync::Arc::from(new_text)),
                    });
                }
            }
        }
        Ok(doc)
    }

    fn apply_cleaners<H: Host>(
        &self,
        s: &Shared,
        host: &H,
        doc: &mut Document,
        contextual_only: bool,
    ) -> Result<bool, H::Error> {
        let before = doc.changes;
        let lex = host.lexicon(&doc.language)?;
        let repr = |x: &str| host.repr(x);
        if !contextual_only {
            // The mapped keys of the lines, shared by the first pass's families and freed
            // before the checks in context (the layout step's memory among them).
            let mut mapped = MappedKeys::default();
            for (kind, extra) in self.kinds.iter().zip(&self.extras) {
                if kind.split_checks() || kind.context_free() {
                    cleaners::first_pass(s, *kind, doc, &lex, extra, &mut mapped);
                }
            }
        }
        // Only a user's phrases for `bylines` read mapped keys in context: rarely worth keeping.
        let mut mapped = MappedKeys::default();
        for (kind, extra) in self.kinds.iter().zip(&self.extras) {
            if kind.context_free() {
                continue;
            }
            if *kind == Kind::Layout {
                // Fewer than five kept lines: no layout step, and no lists of them made.
                if doc.kept_count() >= 5 {
                    let (kept, gaps) = doc.kept_gaps();
                    for (j, reason) in host.layout(doc, &kept, &gaps, &lex)? {
                        doc.drop_line(kept[j], "layout", &reason);
                    }
                }
            } else {
                cleaners::second_pass(s, *kind, doc, &lex, extra, &repr, &mut mapped);
            }
        }
        Ok(doc.changes > before)
    }

    fn settle<'a, H: Host>(
        &self,
        s: &Shared,
        host: &H,
        doc: &mut Document<'a>,
        mut sample: Vec<Text<'a>>,
    ) -> Result<(), H::Error> {
        for _ in 0..SETTLE_ROUNDS {
            let (mut view, originals) = doc.kept_view();
            let mut same_language = true;
            if self.language.is_none() {
                let view_sample = language_sample(&s.t, &view.lines);
                if view_sample != sample {
                    sample = view_sample;
                    view.language = host.detect(&sample)?;
                    same_language = view.language == doc.language;
                }
            }
            if !self.apply_cleaners(s, host, &mut view, same_language)? {
                doc.language = view.language;
                return Ok(());
            }
            doc.language = view.language.clone();
            for (line, &orig) in view.lines.iter().zip(&originals) {
                if !line.keep {
                    match &line.dropped {
                        Some(l) => doc.drop_line(orig, &l.cleaner, &l.reason),
                        None => doc.drop_line(orig, "settle", ""),
                    };
                }
            }
        }
        Ok(())
    }
}
