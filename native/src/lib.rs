//! `cleanwire._native`: the native engine of cleanwire (see docs/engines.md).
//!
//! Python builds one [`Engine`] per process from the Python engine's own patterns and Unicode
//! tables (`_native_spec.py`), and one [`Plan`] per pipeline; `Plan.run` cleans one text with
//! the GIL released, calling back into Python only for phrase data of a language not seen
//! before, the `layout` step without a model, and language detection when it cannot run
//! natively (see [`language`]).

mod cleaners;
mod contains;
mod doc;
mod language;
mod lexicon;
mod pipeline;
mod re;
mod repair;
mod starts;
mod text;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use cleaners::{Kind, Shared};
use doc::{Decision, Document, Text};
use lexicon::{FamilySpec, Lexicon};

/// Maps and sets looked up per line (pattern names, word lists): the layout crate's FxHash-style
/// hasher instead of SipHash. Only looked up, never iterated in an order that matters.
pub(crate) type FastMap<K, V> =
    HashMap<K, V, std::hash::BuildHasherDefault<cleanwire_layout::features::FastHasher>>;
pub(crate) type FastSet<K> = std::collections::HashSet<
    K,
    std::hash::BuildHasherDefault<cleanwire_layout::features::FastHasher>,
>;

create_exception!(
    _native,
    Unsupported,
    PyException,
    "The native engine cannot take this call: run the Python engine."
);

type Trace = Vec<(usize, String, String, String, String, Option<String>)>;
type TraceRef<'a> = (usize, &'a str, &'a str, &'a str, &'a str, Option<&'a str>);

fn unsupported(msg: impl std::fmt::Display) -> PyErr {
    Unsupported::new_err(msg.to_string())
}

fn family_spec(d: &Bound<'_, PyAny>) -> PyResult<FamilySpec> {
    // The ASCII variants are optional (a user's extra phrases may come without them).
    let optional = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(if d.contains(k)? {
            Some(d.get_item(k)?)
        } else {
            None
        })
    };
    Ok(FamilySpec {
        plain: d.get_item("plain")?.extract()?,
        fancy: d.get_item("fancy")?.extract()?,
        plain_ascii: optional("plain_ascii")?
            .map(|v| v.extract())
            .transpose()?
            .flatten(),
        fancy_ascii: optional("fancy_ascii")?
            .map(|v| v.extract())
            .transpose()?
            .unwrap_or_default(),
    })
}

fn set(d: &Bound<'_, PyDict>, key: &str) -> PyResult<FastSet<String>> {
    let v: Vec<String> = d
        .get_item(key)?
        .ok_or_else(|| unsupported(key))?
        .extract()?;
    Ok(v.into_iter().collect())
}

fn build_lexicon(
    d: &Bound<'_, PyDict>,
    scores: Option<&cleanwire_layout::WordScores>,
) -> PyResult<Lexicon> {
    let item = |k: &str| {
        d.get_item(k)?
            .ok_or_else(|| unsupported(format!("lexicon spec lacks {k}")))
    };
    // A pattern's ASCII variant, under its name + "_ascii" (absent: none).
    let ascii = |k: &str| -> PyResult<Option<String>> {
        match d.get_item(format!("{k}_ascii"))? {
            Some(v) => v.extract(),
            None => Ok(None),
        }
    };
    let fam = |k: &str, pre: Option<&str>| -> PyResult<re::Family> {
        let (pre_pattern, pre_ascii): (Option<String>, Option<String>) = match pre {
            Some(p) => (item(p)?.extract()?, ascii(p)?),
            None => (None, None),
        };
        let pre = pre_pattern.as_deref().map(|p| (p, pre_ascii.as_deref()));
        lexicon::family(&family_spec(&item(k)?)?, pre).map_err(unsupported)
    };
    let one = |k: &str| -> PyResult<re::Re> {
        let pattern: String = item(k)?.extract()?;
        let a = ascii(k)?;
        re::Re::from_source(&re::Source {
            pattern: &pattern,
            relaxed: None,
            ascii: a.as_deref().map(|a| (a, None)),
        })
        .map_err(unsupported)
    };
    let stopwords = set(d, "stopwords")?;
    let widget_words = set(d, "widget_words")?;
    let section_words = set(d, "section_words")?;
    let layout_words = cleanwire_layout::WordSets::new(
        stopwords.iter().cloned(),
        widget_words.iter().cloned(),
        section_words.iter().cloned(),
    );
    // The layout model's word scores merged in: one lookup per word for both.
    let layout_words = match scores {
        Some(s) => layout_words.with_scores(s),
        None => layout_words,
    };
    Ok(Lexicon {
        layout_words,
        stopwords,
        widget_words,
        section_words,
        date_words: set(d, "date_words")?,
        comment_header_ends: item("comment_header_ends")?.extract()?,
        consent_banner: fam("consent_banner", Some("prefilter_consent_banner"))?,
        caption_marker: fam("caption_marker", Some("prefilter_caption_marker"))?,
        attribution_line: fam("attribution_line", None)?,
        comment_line: fam("comment_line", None)?,
        share_line: fam("share_line", None)?,
        related_header: fam("related_header", None)?,
        navigation_line: fam("navigation_line", None)?,
        call_to_action: fam("call_to_action", None)?,
        attribution_label: one("attribution_label")?,
        byline: one("byline")?,
        metadata_label: one("metadata_label")?,
        comment_header: one("comment_header")?,
    })
}

/// The process-wide part: tables, the cleaners' patterns, compiled lexicons, Python callbacks.
#[pyclass(frozen, module = "cleanwire._native")]
struct Engine {
    shared: Arc<Shared>,
    lexicons: Mutex<HashMap<String, Arc<Lexicon>>>,
    lexicon_spec: Py<PyAny>,
    detect: Py<PyAny>,
    layout: Py<PyAny>,
    /// `detect_language` in Rust (`None`: always the Python callback *detect*).
    language: Option<language::Language>,
}

/// The `language` argument of `Engine`: `STOPWORDS`, `SAMPLE_CHARS`, the default language,
/// and langdetect's profiles directory with its entries in `os.listdir` order (or `None`).
fn language_spec(d: &Bound<'_, PyDict>) -> PyResult<language::LanguageSpec> {
    let item = |k: &str| {
        d.get_item(k)?
            .ok_or_else(|| unsupported(format!("language spec lacks {k}")))
    };
    let profiles: Option<(String, Vec<String>)> = item("profiles")?.extract()?;
    Ok(language::LanguageSpec {
        stopwords: item("stopwords")?.extract()?,
        sample_chars: item("sample_chars")?.extract()?,
        default: item("default")?.extract()?,
        profiles: profiles.map(|(dir, files)| language::ProfilesSource {
            dir: dir.into(),
            files,
        }),
    })
}

#[pymethods]
impl Engine {
    /// `Engine(tables, patterns, lexicon_spec, detect, layout, layout_model, language)`: see
    /// `cleanwire._engine`. *layout_model* is the JSON text of `models/layout.json` (the
    /// `layout` step then runs in Rust); with `None` the step calls *layout*, the Python
    /// classifier. *language* (see `_engine._language_spec`) lets language detection run in
    /// Rust; with `None` every detection calls *detect*.
    #[new]
    #[pyo3(signature = (tables, patterns, lexicon_spec, detect, layout, layout_model=None, language=None))]
    fn new(
        tables: &Bound<'_, PyDict>,
        patterns: HashMap<String, Vec<String>>,
        lexicon_spec: Py<PyAny>,
        detect: Py<PyAny>,
        layout: Py<PyAny>,
        layout_model: Option<&str>,
        language: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let language = language
            .map(language_spec)
            .transpose()?
            .map(language::Language::new);
        let model = layout_model
            .map(cleanwire_layout::LayoutModel::from_json)
            .transpose()
            .map_err(unsupported)?;
        let get = |k: &str| {
            tables
                .get_item(k)?
                .ok_or_else(|| unsupported(format!("tables lack {k}")))
        };
        cleanwire_layout::chars::install(get("layout_classes")?.extract()?).map_err(unsupported)?;
        let t = text::Tables::new(
            get("casefold")?.extract()?,
            get("space")?.extract()?,
            get("digit")?.extract()?,
            get("word")?.extract()?,
            text::DenseScript {
                ranges: get("dense_script")?.extract()?,
                min_chars: get("dense_script_chars")?.extract()?,
            },
        );
        let mut p = FastMap::default();
        for (name, pair) in patterns {
            let src = match pair.as_slice() {
                [p, r, a, ar] => re::Source {
                    pattern: p,
                    relaxed: Some(r),
                    ascii: Some((a, Some(ar))),
                },
                [p, r] => re::Source {
                    pattern: p,
                    relaxed: Some(r),
                    ascii: None,
                },
                [p] => re::Source {
                    pattern: p,
                    relaxed: None,
                    ascii: None,
                },
                _ => {
                    return Err(unsupported(format!(
                        "pattern {name}: expected [pattern, relaxed, ascii, ascii relaxed]"
                    )))
                }
            };
            p.insert(name, re::Re::from_source(&src).map_err(unsupported)?);
        }
        let icon_words: Vec<String> = get("icon_words")?.extract()?;
        Ok(Engine {
            shared: Arc::new(
                Shared::new(t, p, icon_words, model)
                    .map_err(|name| unsupported(format!("patterns lack {name}")))?,
            ),
            lexicons: Mutex::new(HashMap::new()),
            lexicon_spec,
            detect,
            layout,
            language,
        })
    }

    /// `lang.detect_language(sample)` natively, with the GIL released; `None` when the
    /// Python engine must answer (see `docs/engines.md`).
    fn detect_language(&self, py: Python<'_>, sample: Vec<String>) -> Option<String> {
        let language = self.language.as_ref()?;
        py.allow_threads(|| language.detect(&self.shared.t, &sample))
    }

    /// The langdetect part of `detect_language` alone, on an already joined sample: the code
    /// (before any `-`), or `"en"` for "unknown" and no features; `None` when the Python
    /// engine must answer. For the differential tests.
    fn langdetect(&self, py: Python<'_>, text: &str) -> Option<String> {
        let language = self.language.as_ref()?;
        py.allow_threads(|| language.langdetect(text))
    }

    /// Bytes held by langdetect's profiles once loaded (else `None`), and the reason they
    /// could not be loaded (else `None`).
    fn language_status(&self) -> (Option<usize>, Option<String>) {
        match &self.language {
            Some(l) => (l.profile_bytes(), l.load_error().map(str::to_string)),
            None => (None, Some("no language spec".to_string())),
        }
    }
}

/// The Python side of a run: callbacks with the GIL taken back only while they run.
struct PyHost<'a> {
    engine: &'a Engine,
    layout_threshold: Option<f64>,
    /// The layout features' facts of this run's document, for the settle rounds, with the
    /// language (word sets) they were read with.
    layout_cache: Mutex<(String, cleanwire_layout::LineCache)>,
    /// Whether the caller keeps the trace: without it, a line the layout model drops gets an
    /// empty reason (no score is formatted; nothing reads a reason but the trace).
    reasons: bool,
}

impl pipeline::Host for PyHost<'_> {
    type Error = PyErr;
    fn detect(&self, sample: &[Text<'_>]) -> PyResult<String> {
        if let Some(language) = &self.engine.language {
            if let Some(code) = language.detect(&self.engine.shared.t, sample) {
                return Ok(code);
            }
        }
        Python::with_gil(|py| {
            self.engine
                .detect
                .call1(py, (sample.iter().map(|t| &**t).collect::<Vec<&str>>(),))?
                .extract(py)
        })
    }
    fn lexicon(&self, code: &str) -> PyResult<Arc<Lexicon>> {
        if let Some(l) = self.engine.lexicons.lock().unwrap().get(code) {
            return Ok(l.clone());
        }
        let lex = Python::with_gil(|py| -> PyResult<Arc<Lexicon>> {
            let spec = self.engine.lexicon_spec.call1(py, (code,))?;
            let spec = spec.bind(py).downcast::<PyDict>()?.clone();
            // Languages without phrase lists share the English data: compile it once.
            let key: String = match spec.get_item("key")? {
                Some(k) => k.extract()?,
                None => code.to_string(),
            };
            if let Some(l) = self.engine.lexicons.lock().unwrap().get(&key) {
                return Ok(l.clone());
            }
            let scores = self.engine.shared.layout.as_ref().map(|m| &m.words);
            let lex = Arc::new(build_lexicon(&spec, scores)?);
            self.engine
                .lexicons
                .lock()
                .unwrap()
                .insert(key, lex.clone());
            Ok(lex)
        })?;
        self.engine
            .lexicons
            .lock()
            .unwrap()
            .insert(code.to_string(), lex.clone());
        Ok(lex)
    }
    fn layout(
        &self,
        doc: &Document,
        kept: &[usize],
        gaps: &[bool],
        lex: &Lexicon,
    ) -> PyResult<cleanwire_layout::Dropped> {
        if let Some(model) = &self.engine.shared.layout {
            let lines: Vec<cleanwire_layout::LineIn> = kept
                .iter()
                .map(|&i| {
                    let l = &doc.lines[i];
                    cleanwire_layout::LineIn {
                        text: &l.text,
                        key: &l.key,
                        words: l.words,
                        indent: l.indent,
                    }
                })
                .collect();
            let numbers: Vec<usize> = kept.iter().map(|&i| doc.lines[i].number as usize).collect();
            let mut cached = self.layout_cache.lock().unwrap();
            let (language, cache) = &mut *cached;
            if *language != doc.language {
                cache.clear();
                language.clone_from(&doc.language);
            }
            let said = if self.reasons {
                cleanwire_layout::Said::from_explain(doc.explain)
            } else {
                cleanwire_layout::Said::Nothing
            };
            return Ok(model.apply_cached_dropped(
                &lines,
                gaps,
                &lex.layout_words,
                self.layout_threshold,
                said,
                cache,
                &numbers,
            ));
        }
        let rows: Vec<(&str, &str, u32, u32)> = kept
            .iter()
            .map(|&i| {
                (
                    &doc.lines[i].text[..],
                    &doc.lines[i].key[..],
                    doc.lines[i].words,
                    doc.lines[i].indent,
                )
            })
            .collect();
        Python::with_gil(|py| {
            self.engine
                .layout
                .call1(
                    py,
                    (
                        doc.language.as_str(),
                        rows,
                        gaps.to_vec(),
                        doc.explain,
                        self.layout_threshold,
                    ),
                )?
                .extract::<Vec<Option<String>>>(py)
        })
        .map(|verdicts| {
            let dropped = verdicts.into_iter().enumerate();
            dropped.filter_map(|(i, v)| v.map(|r| (i, r))).collect()
        })
    }
    fn repr(&self, s: &str) -> String {
        Python::with_gil(|py| {
            PyString::new(py, s)
                .repr()
                .map(|r| r.to_string())
                .unwrap_or_else(|_| format!("'{s}'"))
        })
    }
}

/// One pipeline's cleaners and options, compiled.
#[pyclass(frozen, module = "cleanwire._native")]
struct Plan {
    engine: Py<Engine>,
    plan: pipeline::Plan,
    layout_threshold: Option<f64>,
}

#[pymethods]
impl Plan {
    /// `Plan(engine, names, extras, quotes, language, layout_threshold)`; *extras* maps a
    /// cleaner name to its user phrases as a translated family spec.
    #[new]
    #[pyo3(signature = (engine, names, extras, quotes, language, layout_threshold=None))]
    fn new(
        engine: Py<Engine>,
        names: Vec<String>,
        extras: &Bound<'_, PyDict>,
        quotes: bool,
        language: Option<String>,
        layout_threshold: Option<f64>,
    ) -> PyResult<Self> {
        let mut kinds = Vec::new();
        let mut ex = Vec::new();
        for name in &names {
            kinds.push(
                Kind::from_name(name)
                    .ok_or_else(|| unsupported(format!("not a built-in cleaner: {name}")))?,
            );
            ex.push(match extras.get_item(name)? {
                Some(spec) => {
                    Some(lexicon::family(&family_spec(&spec)?, None).map_err(unsupported)?)
                }
                None => None,
            });
        }
        Ok(Plan {
            engine,
            plan: pipeline::Plan {
                kinds,
                extras: ex,
                quotes,
                language,
            },
            layout_threshold,
        })
    }

    /// Clean *text* (already repaired); *trace* holds the repair decisions. Returns the text,
    /// the language and (with *want_trace*) the trace as tuples.
    ///
    /// Memory: *text*'s UTF-8 is a temporary copy (not the one CPython would keep inside the
    /// str for as long as the caller holds it) that most lines' texts are slices of, and every
    /// Rust structure of the run is freed before the Python str of the result is made, so
    /// that the peak is the larger of the two, not their sum.
    #[pyo3(signature = (text, trace, explain, want_trace))]
    fn run<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        trace: Trace,
        explain: bool,
        want_trace: bool,
    ) -> PyResult<(Bound<'py, PyString>, String, PyObject)> {
        let initial: Vec<Decision> = trace
            .into_iter()
            .map(|(line, action, cleaner, reason, text, new_text)| Decision {
                line,
                drop: action == "drop",
                cleaner: cleaner.into(),
                reason: reason.into(),
                text: text.into(),
                new_text: new_text.map(Into::into),
            })
            .collect();
        let utf8 = utf8_copy(text)?;
        let doc = self.document(py, utf8_str(&utf8), initial, explain, want_trace)?;
        let trace_out: PyObject = if want_trace {
            let items: Vec<TraceRef<'_>> = doc
                .trace
                .iter()
                .map(|d| {
                    (
                        d.line,
                        if d.drop { "drop" } else { "change" },
                        &d.cleaner[..],
                        &d.reason[..],
                        &d.text[..],
                        d.new_text.as_deref(),
                    )
                })
                .collect();
            PyList::new(py, items)?.into_any().unbind()
        } else {
            py.None()
        };
        let rendered = doc.render();
        let language = doc.language.clone();
        // The lines hold slices of the input: the document goes first, then the input.
        drop(doc);
        drop(utf8);
        let out = PyString::new(py, &rendered);
        Ok((out, language, trace_out))
    }

    /// `Pipeline.clean(text)` for a text that needs no repair: the cleaned text, or `None`
    /// when *repair* is set and the text shows a sign of trouble (`needs_repair`), so that the
    /// caller repairs it first. One UTF-8 copy and one call instead of two of each: what a
    /// short text costs outside the pipeline.
    fn clean<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        repair: bool,
    ) -> PyResult<Option<Bound<'py, PyString>>> {
        let utf8 = utf8_copy(text)?;
        let input = utf8_str(&utf8);
        if repair && repair::needs_repair(input) {
            return Ok(None);
        }
        let input_len = input.len();
        let doc = self.document(py, input, Vec::new(), false, false)?;
        let rendered = doc.render();
        // The lines hold slices of the input: the document goes first, then the input.
        drop(doc);
        drop(utf8);
        if input_len >= GIVE_BACK_MIN {
            give_back_freed_memory();
        }
        Ok(Some(PyString::new(py, &rendered)))
    }
}

impl Plan {
    /// The cleaned document of *input* (the run of `Plan.run`, with the GIL released).
    fn document<'a>(
        &self,
        py: Python<'_>,
        input: &'a str,
        initial: Vec<Decision<'a>>,
        explain: bool,
        want_trace: bool,
    ) -> PyResult<Document<'a>> {
        if input.len() > doc::MAX_TEXT {
            return Err(unsupported("a text of 4 GiB or more"));
        }
        let engine = self.engine.get();
        let host = PyHost {
            engine,
            layout_threshold: self.layout_threshold,
            layout_cache: Mutex::new((String::new(), cleanwire_layout::LineCache::new())),
            reasons: want_trace,
        };
        let result = py.allow_threads(|| {
            re::GAVE_UP.with(|g| g.set(false));
            let out = self
                .plan
                .run(&engine.shared, &host, input, initial, explain, want_trace);
            let gave_up = re::GAVE_UP.with(|g| g.get());
            out.map(|d| (d, gave_up))
        });
        drop(host);
        let (doc, gave_up) = result?;
        if gave_up {
            return Err(unsupported(
                "a look-around pattern hit its backtracking limit",
            ));
        }
        Ok(doc)
    }
}

/// Inputs of at least this many UTF-8 bytes give their freed memory back before the result is
/// made (see [`give_back_freed_memory`]); a smaller text's structures are small, and the call
/// would cost more than it saves.
const GIVE_BACK_MIN: usize = 1 << 20;

/// Give the pages of freed heap memory back to the system (glibc's `malloc_trim`), between
/// freeing a long document's structures and making its result. The allocator keeps what a
/// run freed (its lines, views, the layout step's data) for later use, scattered between
/// blocks that stay (the phrase families' caches grow during the run), so the result str
/// (4 bytes a character when the text keeps a character beyond U+FFFF: 5 MB for a 2 MB
/// document) took fresh pages on top of them: that str was the peak of resident memory.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: `malloc_trim` only releases free memory of glibc's own heap; it takes no
    // pointer and has no precondition.
    unsafe {
        malloc_trim(0);
    }
}

/// Elsewhere the allocator is left as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}

/// *text* as a temporary UTF-8 copy (a `bytes` object): unlike `&str` extraction, which has
/// CPython cache the UTF-8 inside the str object for as long as the str lives, this copy is
/// freed when the caller is done with it. A lone surrogate raises `UnicodeEncodeError`, as
/// `&str` extraction does.
fn utf8_copy<'py>(text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    text.encode_utf8()
}

/// The text of [`utf8_copy`]'s bytes (UTF-8 by construction: CPython's encoder made them), not
/// checked again (a check reads every byte once more).
fn utf8_str<'a>(bytes: &'a Bound<'_, PyBytes>) -> &'a str {
    let bytes = bytes.as_bytes();
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: the bytes are `PyUnicode_AsUTF8String`'s output, which is UTF-8 (a string that
    // cannot be encoded, a lone surrogate, raised `UnicodeEncodeError` instead).
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

/// `normalize.needs_repair` (the same literal classes; surrogates cannot reach here).
#[pyfunction]
fn needs_repair(text: &Bound<'_, PyString>) -> PyResult<bool> {
    // A temporary UTF-8 copy, not the one `&str` extraction leaves in the str (see `utf8_copy`).
    let utf8 = utf8_copy(text)?;
    let text = utf8_str(&utf8);
    Ok(repair::needs_repair(text))
}

type Answers<'t> = (bool, Vec<&'t str>, [Option<(usize, usize)>; 4]);

/// For tests: the *texts* on which two translated patterns (each `[pattern]` or `[pattern,
/// relaxed pre-check]`) give different answers to `search`, `findall` or the groups `0`,
/// `1`, `rest` and `name` (an ASCII variant against its full pattern).
#[pyfunction]
fn pattern_disagreements(
    a: Vec<String>,
    b: Vec<String>,
    texts: Vec<String>,
) -> PyResult<Vec<String>> {
    let compile = |p: &[String]| {
        re::Pat::with_precheck(&p[0], p.get(1).map(String::as_str)).map_err(unsupported)
    };
    let (a, b) = (compile(&a)?, compile(&b)?);
    fn answers<'t>(p: &re::Pat, t: &'t str) -> Answers<'t> {
        (
            p.is_match(t),
            p.find_all(t),
            ["0", "1", "rest", "name"].map(|g| p.group(t, g)),
        )
    }
    Ok(texts
        .into_iter()
        .filter(|t| answers(&a, t) != answers(&b, t))
        .collect())
}

/// The layout crate's class bits of each character of *text* (`_native_spec.LAYOUT_CLASSES`),
/// from the table an `Engine` installed (or the generated one before any did): for tests.
#[pyfunction]
fn layout_char_classes(text: &str) -> Vec<u16> {
    text.chars().map(cleanwire_layout::chars::classes).collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(layout_char_classes, m)?)?;
    m.add_function(wrap_pyfunction!(needs_repair, m)?)?;
    m.add_function(wrap_pyfunction!(pattern_disagreements, m)?)?;
    m.add_class::<Engine>()?;
    m.add_class::<Plan>()?;
    m.add("Unsupported", m.py().get_type::<Unsupported>())?;
    Ok(())
}
