//! The block model: lines, keep/drop marks, the trace and rendering (`document.py`).

use std::sync::Arc;

use crate::text::{self, Tables};
use crate::FastSet;

/// The shared copy of `s` in `labels` (made on first use).
fn label(labels: &mut FastSet<Arc<str>>, s: &str) -> Arc<str> {
    if let Some(shared) = labels.get(s) {
        return shared.clone();
    }
    let shared: Arc<str> = Arc::from(s);
    labels.insert(shared.clone());
    shared
}

/// A line's text or key: a slice of the input where the line is the input's own bytes (most
/// lines), else a shared copy.
#[derive(Clone, Debug)]
pub enum Text<'a> {
    Input(&'a str),
    Shared(Arc<str>),
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        match self {
            Text::Input(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Text<'_> {}

/// Hashed as its `str` (so that a map keyed by texts is looked up by `&str`).
impl std::hash::Hash for Text<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::borrow::Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text::Shared(Arc::from(s))
    }
}

impl<'a> Text<'a> {
    /// `s` as a slice of `input` when it lies inside it, else a shared copy.
    fn of(s: &str, input: &'a str) -> Text<'a> {
        let (base, at) = (input.as_ptr() as usize, s.as_ptr() as usize);
        if at >= base && at + s.len() <= base + input.len() {
            Text::Input(&input[at - base..at - base + s.len()])
        } else {
            Text::Shared(Arc::from(s))
        }
    }
}

/// Why a line was dropped: the cleaner and its reason (one shared copy per pair in a document).
#[derive(Debug)]
pub struct Label {
    pub cleaner: Arc<str>,
    pub reason: Arc<str>,
}

/// A line of a document. Counts are `u32` (a line is 80 bytes, not 120: a long document has
/// tens of thousands of them, twice over in a settle round's view); texts of 4 GiB or more
/// never get here (the Python engine answers them). A line's `position` (`Line.position`) is
/// its index in its document's lines.
#[derive(Clone, Debug)]
pub struct Line<'a> {
    pub number: u32,
    pub chars: u32,
    pub indent: u32,
    pub blank_before: u32,
    pub words: u32,
    pub text: Text<'a>,
    pub key: Text<'a>,
    /// Set when the line is dropped.
    pub dropped: Option<Arc<Label>>,
    /// Whether `key` is ASCII (its patterns' ASCII variants apply), worked out once.
    pub key_ascii: bool,
    pub keep: bool,
}

// The size the doc comment of `Line` gives (checked at compile time on 64-bit targets).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Line>() == 80);

/// The largest text (in UTF-8 bytes) the native engine takes: every count of a line fits a `u32`.
pub const MAX_TEXT: usize = u32::MAX as usize;

/// `n` as a `u32` (a count within a text of at most [`MAX_TEXT`] bytes).
#[inline]
pub fn c32(n: usize) -> u32 {
    debug_assert!(n <= MAX_TEXT);
    n as u32
}

impl Line<'_> {
    /// The cleaner that dropped the line.
    pub fn cleaner(&self) -> Option<&str> {
        self.dropped.as_deref().map(|l| &*l.cleaner)
    }
    /// Whether `text` is ASCII (`chars` counts its characters, `len` its bytes).
    #[inline]
    pub fn text_ascii(&self) -> bool {
        self.text.len() == self.chars as usize
    }
    /// `Line.ends_sentence`.
    pub fn ends_sentence(&self) -> bool {
        let s = text::rstrip_chars(&self.text, "\"')]»\u{201d}\u{2019}");
        matches!(
            s.chars().next_back(),
            Some('.' | '!' | '?' | ':' | ';' | '\u{2026}' | '。' | '！' | '？')
        )
    }
    /// `is_prose`.
    pub fn is_prose(&self) -> bool {
        self.words >= 30 || (self.words >= 10 && self.ends_sentence())
    }
}

#[derive(Clone, Debug)]
pub struct Decision<'a> {
    pub line: usize,
    pub drop: bool,
    pub cleaner: Arc<str>,
    pub reason: Arc<str>,
    pub text: Text<'a>,
    pub new_text: Option<Arc<str>>,
}

pub struct Document<'a> {
    pub lines: Vec<Line<'a>>,
    pub language: String,
    /// The decisions, when the caller wants them (see [`Document::keep_trace`]).
    pub trace: Vec<Decision<'a>>,
    /// Whether decisions are kept in `trace` (`clean()` reads none of them: only their count).
    pub keep_trace: bool,
    /// Number of decisions made (kept in `trace` or not).
    pub changes: usize,
    pub explain: bool,
    /// Verdicts worked out for this document's lines, shared with its kept views.
    pub memo: Arc<Memo>,
    /// One shared copy of each cleaner name and reason given (drops repeat a few of them).
    labels: FastSet<Arc<str>>,
    /// One shared [`Label`] per pair of them, by their addresses in `labels`.
    pairs: crate::FastMap<(usize, usize), Arc<Label>>,
}

/// Per-line verdicts that the settle rounds would work out again on the same lines (a view
/// holds a subset of its document's lines, unchanged), by line number, for one language.
#[derive(Default)]
pub struct Memo {
    /// The `bylines` check of each line (see `cleaners::verdicts`), for the language named,
    /// by the line's [`Memo::same_text`] number.
    pub bylines: std::sync::Mutex<(String, Vec<u8>)>,
    /// By line number, the number of the first line of the document with the same text (see
    /// [`Memo::same_text`]); `None` when no text repeats.
    same: std::sync::OnceLock<Option<Vec<u32>>>,
}

/// Fewer lines than this and [`Memo::same_text`] remembers nothing: the map of texts costs
/// more than checking a few repeated lines again (short texts of `bench/callgrind_passes.py`).
const SAME_TEXT_MIN_LINES: usize = 16;

impl Memo {
    /// By line number, the number of the document's first line with the same text, worked out
    /// once from `lines` (the document's own lines: a view's are a subset of them, numbers
    /// unchanged); `None` when every line's text is its own (nothing to remember by text). A
    /// line check that reads only the line itself (its text, and its key, words and length,
    /// which follow from the text) gives the same verdict on every line of one text: repeated
    /// lines (code, menus) are checked once.
    pub fn same_text(&self, lines: &[Line]) -> Option<&[u32]> {
        self.same
            .get_or_init(|| {
                // A short text (a few lines) gains nothing worth a map of its texts.
                if lines.len() < SAME_TEXT_MIN_LINES {
                    return None;
                }
                let size = lines.last().map_or(0, |l| l.number as usize + 1);
                let mut same = vec![0u32; size];
                let mut first: crate::FastMap<&str, u32> =
                    crate::FastMap::with_capacity_and_hasher(lines.len(), Default::default());
                let mut repeats = false;
                for line in lines {
                    let number = *first.entry(&line.text).or_insert(line.number);
                    repeats |= number != line.number;
                    same[line.number as usize] = number;
                }
                repeats.then_some(same)
            })
            .as_deref()
    }
}

impl<'a> Document<'a> {
    /// `Document.from_text`. Lines that are the input's own bytes (most) keep their text as
    /// a slice of *input*.
    pub fn from_text(t: &Tables, input: &'a str, explain: bool) -> Document<'a> {
        let raw_lines = text::splitlines(input);
        // Room for the lines that are not empty (a blank line of spaces still takes a slot,
        // given back below): a Line is large, and blank lines are many.
        let empty = raw_lines.iter().filter(|raw| raw.is_empty()).count();
        let mut lines: Vec<Line> = Vec::with_capacity(raw_lines.len() - empty);
        let mut blank = 0;
        // Scratch for the lines that change: each text and key is copied once, into its Arc.
        let mut collapsed_buf = String::new();
        let mut key_buf = String::new();
        for (i, raw) in raw_lines.into_iter().enumerate() {
            let (collapsed, chars, key, key_ascii, words, indent) = if raw.is_ascii() {
                // One pass over the bytes; `casefold` of ASCII is `lower`, and
                // `_map_key_chars` leaves ASCII alone.
                let a = text::ascii_line(raw);
                if a.stripped.is_empty() {
                    blank += 1;
                    continue;
                }
                let collapsed = if a.collapse {
                    text::collapse_runs_into(a.stripped, &mut collapsed_buf)
                } else {
                    a.stripped
                };
                let key: Option<&str> = if a.upper {
                    key_buf.clear();
                    key_buf.push_str(collapsed);
                    key_buf.make_ascii_lowercase();
                    Some(&key_buf)
                } else {
                    None
                };
                (collapsed, collapsed.len(), key, true, a.words, a.indent)
            } else {
                let stripped = t.strip(raw);
                if stripped.is_empty() {
                    blank += 1;
                    continue;
                }
                let collapsed = text::collapse_spaces_into(stripped, &mut collapsed_buf);
                let key_ascii;
                let key: &str = if collapsed.is_ascii() {
                    key_ascii = true;
                    key_buf.clear();
                    key_buf.push_str(collapsed);
                    key_buf.make_ascii_lowercase();
                    &key_buf
                } else {
                    t.key_fold_into(collapsed, &mut key_buf);
                    key_ascii = key_buf.is_ascii();
                    &key_buf
                };
                let key = (key != collapsed).then_some(key);
                (
                    collapsed,
                    text::clen(collapsed),
                    key,
                    key_ascii,
                    t.count_words(collapsed),
                    t.leading_spaces(raw),
                )
            };
            let text = Text::of(collapsed, input);
            // A key equal to its text (a line already in lower case) shares the text.
            let key = match key {
                None => text.clone(),
                Some(k) => Text::Shared(Arc::from(k)),
            };
            lines.push(Line {
                number: c32(i + 1),
                chars: c32(chars),
                text,
                indent: c32(indent),
                blank_before: blank,
                key,
                key_ascii,
                words: c32(words),
                keep: true,
                dropped: None,
            });
            blank = 0;
        }
        lines.shrink_to_fit();
        Document {
            lines,
            // no copy of a default: the caller (`Plan::run`) names the language at once
            language: String::new(),
            trace: Vec::new(),
            keep_trace: true,
            changes: 0,
            explain,
            memo: Arc::default(),
            labels: FastSet::default(),
            pairs: crate::FastMap::default(),
        }
    }

    /// `Document.drop` by index.
    pub fn drop_line(&mut self, i: usize, cleaner: &str, reason: &str) -> bool {
        if !self.lines[i].keep {
            return false;
        }
        let cleaner = label(&mut self.labels, cleaner);
        let reason = label(&mut self.labels, reason);
        // The shared labels are told apart by their addresses.
        let pair = (
            Arc::as_ptr(&cleaner) as *const u8 as usize,
            Arc::as_ptr(&reason) as *const u8 as usize,
        );
        let shared = self
            .pairs
            .entry(pair)
            .or_insert_with(|| {
                Arc::new(Label {
                    cleaner: cleaner.clone(),
                    reason: reason.clone(),
                })
            })
            .clone();
        let line = &mut self.lines[i];
        line.keep = false;
        line.dropped = Some(shared);
        self.changes += 1;
        if !self.keep_trace {
            return true;
        }
        self.trace.push(Decision {
            line: line.number as usize,
            drop: true,
            cleaner,
            reason,
            text: line.text.clone(),
            new_text: None,
        });
        true
    }

    /// The kept lines' indexes, each with whether a blank line separates it from the text before.
    fn kept_with_gaps_iter(&self) -> impl Iterator<Item = (usize, bool)> + '_ {
        let mut gap = false;
        self.lines.iter().enumerate().filter_map(move |(i, line)| {
            gap |= line.blank_before > 0;
            if !line.keep {
                return None;
            }
            let out = (i, gap);
            gap = false;
            Some(out)
        })
    }

    /// Number of kept lines.
    pub fn kept_count(&self) -> usize {
        self.lines.iter().filter(|l| l.keep).count()
    }

    /// `Document.kept_gaps`: indexes and render gaps (none above the first).
    pub fn kept_gaps(&self) -> (Vec<usize>, Vec<bool>) {
        let n = self.kept_count();
        let mut idx = Vec::with_capacity(n);
        let mut gaps = Vec::with_capacity(n);
        for (i, gap) in self.kept_with_gaps_iter() {
            gaps.push(gap && !idx.is_empty());
            idx.push(i);
        }
        (idx, gaps)
    }

    /// `Document.kept_view`: a new document of the kept lines, and their indexes here.
    pub fn kept_view(&self) -> (Document<'a>, Vec<usize>) {
        // Exactly sized, with no list of the kept lines made first: a long document's view is
        // made while its layout step's memory is freed but scattered.
        let n = self.kept_count();
        let mut lines: Vec<Line> = Vec::with_capacity(n);
        let mut originals = Vec::with_capacity(n);
        for (i, gap) in self.kept_with_gaps_iter() {
            let l = &self.lines[i];
            let blank = if gap && !lines.is_empty() { 1 } else { 0 };
            lines.push(Line {
                number: l.number,
                text: l.text.clone(),
                chars: l.chars,
                indent: 0,
                blank_before: blank,
                key: l.key.clone(),
                key_ascii: l.key_ascii,
                words: l.words,
                keep: true,
                dropped: None,
            });
            originals.push(i);
        }
        (
            Document {
                lines,
                language: self.language.clone(),
                trace: Vec::new(),
                keep_trace: false,
                changes: 0,
                explain: self.explain,
                memo: self.memo.clone(),
                labels: FastSet::default(),
                pairs: crate::FastMap::default(),
            },
            originals,
        )
    }

    /// `Document.render`, into a string of the exact size (the result can be a large part of
    /// the peak memory of a long document: no doubling slack).
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.render_pieces(|_| ()));
        self.render_pieces(|piece| out.push_str(piece));
        out
    }

    /// Call `f` with each piece of the rendered text in order (separators and kept lines);
    /// returns their total length in bytes.
    fn render_pieces(&self, mut f: impl FnMut(&str)) -> usize {
        let mut len = 0;
        for (n, (i, gap)) in self.kept_with_gaps_iter().enumerate() {
            if n > 0 {
                let sep = if gap { "\n\n" } else { "\n" };
                len += sep.len();
                f(sep);
            }
            let text = &self.lines[i].text;
            len += text.len();
            f(text);
        }
        len
    }

    /// `first_prose_position`.
    pub fn first_prose_position(&self) -> usize {
        self.lines
            .iter()
            .position(|l| l.keep && l.is_prose())
            .unwrap_or(self.lines.len())
    }
}
