//! Line features (`cleanwire/features.py`): one row of [`N_FEATURES`] values per kept line.
//!
//! A port of `line_features` that gives the same floats bit for bit: the same integer
//! counts, the same order of float operations, and `ln_1p` from the same C library as
//! Python's `math.log1p`. Character classes come from [`crate::chars`] (Python's own),
//! the regular expressions from [`crate::patterns`].
//!
//! ```
//! use cleanwire_layout::{line_features, LineIn, WordSets, N_FEATURES};
//! let words = WordSets::new(["the", "on", "and", "for"], ["home"], ["news"]);
//! let lines = [
//!     LineIn { text: "Home", key: "home", words: 1, indent: 0 },
//!     LineIn { text: "The council met on Monday and approved the budget.", key: "the council met on monday and approved the budget.", words: 9, indent: 0 },
//! ];
//! let rows = line_features(&lines, &[false, true], &words);
//! assert_eq!(rows.len(), 2);
//! assert_eq!(rows[0][0], 1.0); // bias
//! assert_eq!(rows[1][22], 1.0); // gap_before
//! assert_eq!(rows[0].len(), N_FEATURES);
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::chars::{
    classes, py_isalnum, py_isdigit, py_islower, py_isupper, re_digit, re_letter, re_upper, re_word,
};
use crate::patterns;
use crate::pytables::{DECIMAL, LETTER, LU, WORD};

/// Names of the values of a row, in order (`FEATURE_NAMES` of `features.py`).
pub const FEATURE_NAMES: [&str; 61] = [
    "bias",
    "log_words",
    "log_chars",
    "end_sentence",
    "end_colon",
    "end_ellipsis",
    "end_open",
    "list_mark",
    "starts_upper",
    "capitalised_share",
    "upper_share",
    "digit_share",
    "stopword_share",
    "commas_per_word",
    "sentences",
    "separators",
    "webby",
    "legal",
    "mean_word_len",
    "repeated",
    "short",
    "widget_share",
    "gap_before",
    "greeting",
    "first_person",
    "question",
    "starts_lower",
    "table_row",
    "short_word_share",
    "rel_position",
    "log_lines",
    "in_block",
    "log_block_distance",
    "prose_before",
    "prose_after",
    "prev_words",
    "next_words",
    "prev_sentence",
    "next_sentence",
    "prev_short",
    "next_short",
    "prose_near3",
    "prose_near10",
    "words_near5",
    "greetings_before",
    "after_block",
    "indent_off_prose",
    "indent_delta",
    "shared_words",
    "block_words",
    "shared_degree",
    "key_value",
    "date_like",
    "same_shape_run",
    "card_run",
    "article_above",
    "article_below",
    "doc_prose_share",
    "doc_sentence_share",
    "doc_mean_words",
    "block_share",
];

/// Values per line.
pub const N_FEATURES: usize = FEATURE_NAMES.len();

/// One line's features.
pub type Row = [f64; N_FEATURES];

const REPEATED: usize = 19;
const GAP_BEFORE: usize = 22;
const DIGIT_SHARE: usize = 11;
const END_SENTENCE: usize = 3;
const LIST_MARK: usize = 7;
const OWN: usize = 29; // values that depend on the line alone

const RUN_CAP: usize = 40;
const ARTICLE_REACH: usize = 20;
const TOPIC_MIN_LEN: usize = 4;
const NO_TOPIC: (f64, f64, f64) = (-1.0, -1.0, -1.0);

/// One kept line, as the Python engine's `Line` holds it.
///
/// `text` is the stripped line (never empty), `key` its matching form (case-folded,
/// straight quotes, single spaces: `document.line_key`), `words` the line's `\w+` count
/// (`Line.words`: used by the cut-off, the guard and the title test; the features count
/// the words of `key` themselves), `indent` its leading whitespace in the input.
#[derive(Clone, Copy, Debug)]
pub struct LineIn<'a> {
    /// The stripped text.
    pub text: &'a str,
    /// The key (`Line.key`).
    pub key: &'a str,
    /// `Line.words`.
    pub words: u32,
    /// `Line.indent`.
    pub indent: u32,
}

/// A fast hash for words and line keys (the FxHash step, eight bytes at a time); the
/// default SipHash costs more than the lookups themselves.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut tail = [0u8; 8];
            tail[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(tail));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// The word lists of one language that the features read (from the merged lexicon of
/// `lexicon_for(language)`: `stopwords`, and `widget_words | section_words`). Build it once
/// per language.
///
/// ```
/// let w = cleanwire_layout::WordSets::new(["the"], ["share"], ["sport"]);
/// assert!(w.is_stopword("the") && w.is_widget("sport") && !w.is_widget("the"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct WordSets {
    kinds: FastMap<String, u8>,
}

const STOP: u8 = 1;
const WIDGET: u8 = 2;

impl WordSets {
    /// The sets from the lexicon's `stopwords`, `widget_words` and `section_words`.
    pub fn new<A, B, C>(stopwords: A, widget_words: B, section_words: C) -> Self
    where
        A: IntoIterator,
        A::Item: Into<String>,
        B: IntoIterator,
        B::Item: Into<String>,
        C: IntoIterator,
        C::Item: Into<String>,
    {
        let mut kinds: FastMap<String, u8> = FastMap::default();
        for w in stopwords {
            *kinds.entry(w.into()).or_insert(0) |= STOP;
        }
        for w in widget_words
            .into_iter()
            .map(Into::into)
            .chain(section_words.into_iter().map(Into::into))
        {
            *kinds.entry(w).or_insert(0) |= WIDGET;
        }
        WordSets { kinds }
    }

    /// Stop word and widget bits of `word` (one lookup for both).
    #[inline]
    fn kind(&self, word: &str) -> u8 {
        self.kinds.get(word).copied().unwrap_or(0)
    }

    /// Is `word` a stop word?
    #[inline]
    pub fn is_stopword(&self, word: &str) -> bool {
        self.kind(word) & STOP != 0
    }

    /// Is `word` a widget or section word?
    #[inline]
    pub fn is_widget(&self, word: &str) -> bool {
        self.kind(word) & WIDGET != 0
    }
}

/// `log1p(n)` of a count: small ones from a table of the same values (as Python's `_LOG1P`).
#[inline]
fn log1p_count(n: usize) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..1024).map(|i| (i as f64).ln_1p()).collect());
    match table.get(n) {
        Some(&v) => v,
        None => (n as f64).ln_1p(),
    }
}

/// `i / 10.0` for `i <= 10` (`_TENTHS`).
#[inline]
fn tenths(i: usize) -> f64 {
    (i.min(10) as f64) / 10.0
}

/// Integer share `a / b` as Python's true division of two small ints.
#[inline]
fn ratio(a: usize, b: usize) -> f64 {
    a as f64 / b as f64
}

/// Non-ASCII characters that are none of `\w`, `\p{L}`, `\p{Lu}`, `\d` (`_NEUTRAL`): a line
/// whose only non-ASCII characters are among them takes the ASCII path (each read as "?").
const NEUTRAL_CANDIDATES: &str = "\u{2018}\u{2019}\u{201a}\u{201b}\u{201c}\u{201d}\u{201e}\u{201f}\u{2032}\u{2033}\u{00b4}\u{2013}\u{2014}\u{2015}\u{2026}\
\u{2022}\u{00b7}\u{00bb}\u{00ab}\u{203a}\u{2039}\u{25aa}\u{25ba}\u{25b8}\u{25e6}\u{2023}\u{2219}\u{00a9}\u{00ae}\u{2122}\
\u{00b0}\u{20ac}\u{00a3}\u{00a5}\u{00a7}\u{00b6}\u{2020}\u{2021}\u{00a0}\u{2009}\u{200a}\u{202f}\u{2002}\u{2003}\u{00ad}\
\u{2192}\u{2190}\u{2191}\u{2193}\u{00d7}\u{00f7}\u{00b1}\u{2212}\u{00bf}\u{00a1}\u{2010}\u{2011}\u{2012}\u{25cf}\u{25a0}\
\u{2605}\u{2606}\u{2713}\u{2714}\u{2715}\u{2716}\u{2764}\u{00a6}\u{00a8}\u{00af}\u{00b8}\u{fffd}";

#[inline]
fn neutral(c: char) -> bool {
    NEUTRAL_CANDIDATES.contains(c) && !(re_word(c) || re_letter(c) || re_upper(c) || re_digit(c))
}

/// What the features' `_CLOSERS` strip from the end before the sentence tests.
const CLOSERS: [char; 6] = ['"', '\'', '\u{2019}', '\u{201d}', ')', ']'];
const LIST_FIRST: [char; 13] = [
    '*', '•', '·', '▪', '►', '▸', '◦', '‣', '∙', '+', '-', '[', '(',
];
/// `_FIRST_PERSON` ("i'm" is never a `\w+` token; all are three bytes or fewer).
const FIRST_PERSON: [&str; 7] = ["i", "my", "me", "i'm", "im", "we", "our"];

/// One `\w+` run of a key: its byte range, its length in characters, and its
/// stop-word / widget bits (filled in by [`line_part`]).
#[derive(Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    chars: usize,
    kind: u8,
}

/// The `\w+` runs of `key` (`_WORDS.findall`; on ASCII keys Python splits the key with
/// non-word characters made spaces, the same runs).
fn tokens_into(key: &str, out: &mut Vec<Token>) {
    out.clear();
    if key.is_ascii() {
        let bytes = key.as_bytes();
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut i = 0;
        while i < bytes.len() {
            if word(bytes[i]) {
                let s = i;
                while i < bytes.len() && word(bytes[i]) {
                    i += 1;
                }
                out.push(Token {
                    start: s,
                    end: i,
                    chars: i - s,
                    kind: 0,
                });
            } else {
                i += 1;
            }
        }
        return;
    }
    let mut start: Option<(usize, usize)> = None;
    let mut n = 0;
    for (i, c) in key.char_indices() {
        if re_word(c) {
            if start.is_none() {
                start = Some((i, n));
            }
        } else if let Some((s, sn)) = start.take() {
            out.push(Token {
                start: s,
                end: i,
                chars: n - sn,
                kind: 0,
            });
        }
        n += 1;
    }
    if let Some((s, sn)) = start {
        out.push(Token {
            start: s,
            end: key.len(),
            chars: n - sn,
            kind: 0,
        });
    }
}

/// What `_line_part` gives besides the row: word count, prose, end_sentence, greeting.
struct Part {
    nw: usize,
    prose: bool,
    end_sentence: f64,
    greeting: bool,
}

/// Character counts of a line: (chars, first, last, separators, commas, has a sentence mark,
/// upper, letters, digits, capitalised words).
type Counts = (
    usize,
    char,
    char,
    usize,
    usize,
    bool,
    usize,
    usize,
    usize,
    usize,
);

/// [`Counts`] of an ASCII line in one pass over its bytes. On ASCII, `\p{Lu}` is A-Z, `\p{L}`
/// A-Za-z, `\d` 0-9, and a capital at a word boundary follows a byte that is none of
/// A-Za-z0-9_ (Python's own fast path classifies the bytes the same way).
fn ascii_counts(b: &[u8]) -> Counts {
    let mut counts = [0usize; 8];
    let mut capitalised = 0usize;
    let mut prev_space = true;
    for &c in b {
        let k = BYTE_CLASS[c as usize];
        counts[k as usize] += 1;
        capitalised += usize::from(prev_space & (k == C_UPPER));
        prev_space = k >= C_SPACE;
    }
    let first = b.first().map_or('\0', |&c| char::from(c));
    let last = b.last().map_or('\0', |&c| char::from(c));
    let upper = counts[C_UPPER as usize];
    (
        b.len(),
        first,
        last,
        counts[C_SEPARATOR as usize],
        counts[C_COMMA as usize],
        counts[C_MARK as usize] > 0,
        upper,
        upper + counts[C_LOWER as usize],
        counts[C_DIGIT as usize],
        capitalised,
    )
}

// Byte classes of ASCII lines: the word classes first, then what reads as a space (Python's
// " " class: every other byte), split by what else is counted.
const C_UPPER: u8 = 0;
const C_LOWER: u8 = 1;
const C_DIGIT: u8 = 2;
const C_UNDERSCORE: u8 = 3;
const C_SPACE: u8 = 4;
const C_COMMA: u8 = 5;
const C_MARK: u8 = 6;
const C_SEPARATOR: u8 = 7;

static BYTE_CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut out = [C_SPACE; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        out[i] = match c {
            b'A'..=b'Z' => C_UPPER,
            b'a'..=b'z' => C_LOWER,
            b'0'..=b'9' => C_DIGIT,
            b'_' => C_UNDERSCORE,
            b',' => C_COMMA,
            b'.' | b'!' | b'?' => C_MARK,
            b'|' | b'/' => C_SEPARATOR,
            _ => C_SPACE,
        };
        i += 1;
    }
    out
}

/// [`Counts`] of a line with non-ASCII characters. Python reads it as ASCII when every
/// non-ASCII character is neutral (`_NEUTRAL`: none of `\w`, `\p{L}`, `\p{Lu}`, `\d`), each
/// as a "?"; else through the regex module's classes.
fn other_counts(text: &str) -> Counts {
    let (mut nch, mut separators, mut commas, mut has_mark) = (0usize, 0usize, 0usize, false);
    let mut ascii_path = true;
    let mut first = '\0';
    let mut last = '\0';
    for c in text.chars() {
        if nch == 0 {
            first = c;
        }
        last = c;
        nch += 1;
        match c {
            ',' => commas += 1,
            '.' | '!' | '?' => has_mark = true,
            '|' | '/' | '·' | '»' | '›' | '•' => separators += 1,
            _ => {}
        }
        if ascii_path && !c.is_ascii() && !neutral(c) {
            ascii_path = false;
        }
    }
    let (upper, letters, digits, capitalised) = if ascii_path {
        let mut counts = [0usize; 8];
        let mut capitalised = 0usize;
        let mut prev_space = true;
        for c in text.chars() {
            let k = if c.is_ascii() {
                BYTE_CLASS[c as usize]
            } else {
                C_SPACE
            };
            counts[k as usize] += 1;
            capitalised += usize::from(prev_space & (k == C_UPPER));
            prev_space = k >= C_SPACE;
        }
        let upper = counts[C_UPPER as usize];
        (
            upper,
            upper + counts[C_LOWER as usize],
            counts[C_DIGIT as usize],
            capitalised,
        )
    } else {
        let (mut upper, mut letters, mut digits, mut capitalised) =
            (0usize, 0usize, 0usize, 0usize);
        let mut prev_word = false;
        for c in text.chars() {
            let k = classes(c);
            let w = k & WORD != 0;
            if k & LU != 0 {
                upper += 1;
                if prev_word != w {
                    capitalised += 1; // \b\p{Lu}
                }
            }
            letters += usize::from(k & LETTER != 0);
            digits += usize::from(k & DECIMAL != 0);
            prev_word = w;
        }
        (upper, letters, digits, capitalised)
    };
    (
        nch,
        first,
        last,
        separators,
        commas,
        has_mark,
        upper,
        letters,
        digits,
        capitalised,
    )
}

/// `_line_part`: the values of `row[..OWN]` that depend on the line alone; `tokens` holds
/// the key's words.
fn line_part(text: &str, key: &str, tokens: &mut [Token], words: &WordSets, row: &mut Row) -> Part {
    let nw = tokens.len();
    let ascii = text.is_ascii();
    let (nch, first, last, separators, commas, has_mark, upper, mut letters, digits, capitalised) =
        if ascii {
            ascii_counts(text.as_bytes())
        } else {
            other_counts(text)
        };
    let bare = text.trim_end_matches(CLOSERS);
    let end_sentence = bare.ends_with(['.', '!', '?']);
    if nch >= 2000 {
        letters = nch;
    }
    let prose = nw >= 30 || (nw >= 8 && end_sentence);
    let greeting = patterns::greeting(key);
    let (
        mut cap_share,
        mut stop_share,
        mut comma_share,
        mut word_len,
        mut widget_share,
        mut first_share,
        mut short_share,
    ) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    if nw > 0 {
        let (mut stops, mut widgets, mut firsts, mut total_len, mut shorts) =
            (0usize, 0usize, 0usize, 0usize, 0usize);
        for token in tokens.iter_mut() {
            let t = &key[token.start..token.end];
            token.kind = words.kind(t);
            if token.kind & STOP != 0 {
                stops += 1;
            }
            if token.kind & WIDGET != 0 {
                widgets += 1;
            }
            if t.len() <= 3 && FIRST_PERSON.contains(&t) {
                firsts += 1;
            }
            let len = token.chars;
            total_len += len;
            if (1..=3).contains(&len) {
                shorts += 1;
            }
        }
        cap_share = if capitalised > 0 {
            ratio(capitalised, nw)
        } else {
            0.0
        };
        stop_share = if stops > 0 { ratio(stops, nw) } else { 0.0 };
        comma_share = if commas > 0 { ratio(commas, nw) } else { 0.0 };
        word_len = ratio(total_len, nw).min(20.0) / 10.0;
        widget_share = if widgets > 0 { ratio(widgets, nw) } else { 0.0 };
        first_share = if firsts > 0 { ratio(firsts, nw) } else { 0.0 };
        short_share = if shorts > 0 { ratio(shorts, nw) } else { 0.0 };
    }
    let sentences = if has_mark {
        tenths(patterns::sentence_breaks(text))
    } else {
        0.0
    };
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    row[0] = 1.0;
    row[1] = log1p_count(nw);
    row[2] = log1p_count(nch);
    row[3] = flag(end_sentence);
    row[4] = flag(last == ':');
    row[5] = flag(bare.ends_with("...") || bare.ends_with('…'));
    row[6] = flag(py_isalnum(last));
    row[7] = flag((LIST_FIRST.contains(&first) || py_isdigit(first)) && patterns::list_mark(text));
    row[8] = flag(py_isupper(first));
    row[9] = cap_share;
    row[10] = if upper > 0 && letters > 0 {
        ratio(upper, letters)
    } else {
        0.0
    };
    row[11] = if digits > 0 { ratio(digits, nch) } else { 0.0 };
    row[12] = stop_share;
    row[13] = comma_share;
    row[14] = sentences;
    row[15] = tenths(separators);
    row[16] = flag(patterns::webby(key));
    row[17] = flag(patterns::legal(text));
    row[18] = word_len;
    row[19] = 0.0;
    row[20] = flag(nw <= 3);
    row[21] = widget_share;
    row[22] = 0.0;
    row[23] = flag(greeting);
    row[24] = first_share;
    row[25] = flag(last == '?');
    row[26] = flag(py_islower(first));
    row[27] = flag(first == '|');
    row[28] = short_share;
    Part {
        nw,
        prose,
        end_sentence: flag(end_sentence),
        greeting,
    }
}

/// `_shape`: a small code for a line's length class, ending, list mark, time stamp, key-value form.
fn shape(
    words: usize,
    end_sentence: f64,
    list_mark: f64,
    date_like: usize,
    key_value: usize,
) -> usize {
    let lm = if list_mark != 0.0 { 4 } else { 0 };
    if words > 20 || (words > 8 && end_sentence != 0.0) {
        return 48 + lm + 2 * date_like + key_value;
    }
    let size = if words <= 3 {
        0
    } else if words <= 8 {
        1
    } else {
        2
    };
    size * 16 + if end_sentence != 0.0 { 8 } else { 0 } + lm + 2 * date_like + key_value
}

/// `_same_runs`: per line, the capped length of the run of equal shapes around it.
fn same_runs(shapes: &[usize]) -> Vec<usize> {
    let n = shapes.len();
    let mut out = vec![1; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && shapes[j] == shapes[i] {
            j += 1;
        }
        let run = (j - i).min(RUN_CAP);
        out[i..j].fill(run);
        i = j;
    }
    out
}

/// `_card_runs`: per line, the capped length of the longest periodic run (period 2 to 4,
/// at least two shapes per period, at least two periods) through it; 0 for none.
fn card_runs(shapes: &[usize]) -> Vec<usize> {
    let n = shapes.len();
    let mut out = vec![0; n];
    for p in [2usize, 3, 4] {
        let mut j = p;
        while j < n {
            if shapes[j] != shapes[j - p] {
                j += 1;
                continue;
            }
            let mut k = j;
            while k < n && shapes[k] == shapes[k - p] {
                k += 1;
            }
            let (first, last) = (j - p, k);
            let period = &shapes[first..first + p];
            let varied = period.iter().any(|&s| s != period[0]);
            if last - first >= 2 * p && varied {
                let run = (last - first).min(RUN_CAP);
                for o in &mut out[first..last] {
                    if run > *o {
                        *o = run;
                    }
                }
            }
            j = k;
        }
    }
    out
}

/// `_distance_to_flag`: per line, how far (capped) the nearest flagged line above
/// (`down = true`) or below is; the line itself does not count.
fn distance_to_flag(flags: &[bool], down: bool) -> Vec<usize> {
    let n = flags.len();
    let mut out = vec![ARTICLE_REACH; n];
    let mut last: Option<usize> = None;
    for count in 0..n {
        let i = if down { count } else { n - 1 - count };
        if let Some(l) = last {
            out[i] = (count - l).min(ARTICLE_REACH);
        }
        if flags[i] {
            last = Some(count);
        }
    }
    out
}

/// `main_block`: the `[start, end)` range of lines with the largest sum of *values*.
///
/// ```
/// assert_eq!(cleanwire_layout::main_block(&[-5.0, 20.0, -5.0, 30.0, -5.0, -5.0]), (1, 4));
/// ```
pub fn main_block(values: &[f64]) -> (usize, usize) {
    let mut best = 0.0;
    let mut best_range = (0, 0);
    let mut run = 0.0;
    let mut start = 0;
    for (i, &v) in values.iter().enumerate() {
        if run <= 0.0 {
            run = v;
            start = i;
        } else {
            run += v;
        }
        if run > best {
            best = run;
            best_range = (start, i + 1);
        }
    }
    best_range
}

/// One row of [`N_FEATURES`] values per line of `lines` (the kept lines, in order), as
/// `features.line_features(lines, lexicon, gaps)` gives them; `gaps[i]` says whether a
/// blank line separates line `i` from the one before (`Document.kept_gaps`).
///
/// # Panics
/// When `gaps` is shorter than `lines`.
pub fn line_features(lines: &[LineIn], gaps: &[bool], words: &WordSets) -> Vec<Row> {
    let n = lines.len();
    if n == 0 {
        return Vec::new();
    }
    assert!(gaps.len() >= n, "one gap flag per line");
    // How often each key occurs: one hash per line (a key's slot, then counts by slot).
    let mut key_slots: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    let mut key_counts: Vec<u32> = Vec::with_capacity(n);
    let slot_of: Vec<u32> = lines
        .iter()
        .map(|line| {
            let next = key_counts.len() as u32;
            let slot = *key_slots.entry(line.key).or_insert(next);
            if slot == next {
                key_counts.push(0);
            }
            key_counts[slot as usize] += 1;
            slot
        })
        .collect();
    let mut rows: Vec<Row> = vec![[0.0; N_FEATURES]; n];
    let mut kv_l = Vec::with_capacity(n);
    let mut date_l = Vec::with_capacity(n);
    let mut shape_l = Vec::with_capacity(n);
    let mut words_l: Vec<usize> = Vec::with_capacity(n);
    let mut prose_l: Vec<usize> = Vec::with_capacity(n);
    let mut sent_l: Vec<f64> = Vec::with_capacity(n);
    let mut greet_l: Vec<usize> = Vec::with_capacity(n);
    // Topic words numbered per document; each line's distinct ones are flat[bounds[i]..bounds[i + 1]].
    let mut word_ids: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(4 * n + 16, Default::default());
    let mut lines_using: Vec<u32> = Vec::new();
    let mut flat: Vec<u32> = Vec::new();
    let mut bounds: Vec<usize> = Vec::with_capacity(n + 1);
    bounds.push(0);
    let mut tokens: Vec<Token> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let key = line.key;
        tokens_into(key, &mut tokens);
        let row = &mut rows[i];
        let part = line_part(line.text, key, &mut tokens, words, row);
        if key_counts[slot_of[i] as usize] > 1 {
            row[REPEATED] = 1.0;
        }
        if gaps[i] {
            row[GAP_BEFORE] = 1.0;
        }
        words_l.push(part.nw);
        prose_l.push(usize::from(part.prose));
        sent_l.push(part.end_sentence);
        greet_l.push(usize::from(part.greeting));
        let key_value = usize::from(part.nw <= 15 && patterns::key_value(line.text));
        let date_like =
            usize::from(part.nw <= 12 && row[DIGIT_SHARE] > 0.0 && patterns::date_like(key));
        kv_l.push(key_value);
        date_l.push(date_like);
        shape_l.push(shape(
            part.nw,
            row[END_SENTENCE],
            row[LIST_MARK],
            date_like,
            key_value,
        ));
        let from = flat.len();
        for token in &tokens {
            let word = &key[token.start..token.end];
            if token.chars < TOPIC_MIN_LEN || token.kind & STOP != 0 || word.chars().all(py_isdigit)
            {
                continue;
            }
            let next = lines_using.len() as u32;
            let id = *word_ids.entry(word).or_insert(next);
            if id == next {
                lines_using.push(0);
            }
            flat.push(id);
        }
        flat[from..].sort_unstable();
        let mut w = from;
        for r in from..flat.len() {
            if r == from || flat[r] != flat[w - 1] {
                flat[w] = flat[r];
                w += 1;
            }
        }
        flat.truncate(w);
        for &id in &flat[from..] {
            lines_using[id as usize] += 1;
        }
        bounds.push(flat.len());
    }

    // Where the prose is: the densest run of lines.
    let values: Vec<f64> = words_l
        .iter()
        .zip(&prose_l)
        .map(|(&w, &p)| if p == 1 { (w as f64).min(60.0) } else { -6.0 })
        .collect();
    let (start, end) = main_block(&values);
    let mut lines_in_block = vec![0u32; lines_using.len()];
    for &j in &flat[bounds[start]..bounds[end]] {
        lines_in_block[j as usize] += 1;
    }
    let prose_words: Vec<usize> = words_l
        .iter()
        .zip(&prose_l)
        .map(|(&w, &p)| if p == 1 { w } else { 0 })
        .collect();
    let total = {
        let s: usize = prose_words.iter().sum();
        if s == 0 {
            1.0
        } else {
            s as f64
        }
    };
    let mut cum_prose = Vec::with_capacity(n + 1);
    let mut cum_words = Vec::with_capacity(n + 1);
    cum_prose.push(0usize);
    cum_words.push(0.0f64);
    for i in 0..n {
        cum_prose.push(cum_prose[i] + prose_l[i]);
        cum_words.push(cum_words[i] + words_l[i].min(100) as f64);
    }
    // The prose's indentation: the most common among prose lines, the smallest on a tie.
    let mut indent_counts: FastMap<u32, usize> = FastMap::default();
    for (line, &p) in lines.iter().zip(&prose_l) {
        if p == 1 {
            *indent_counts.entry(line.indent).or_insert(0) += 1;
        }
    }
    let prose_indent = indent_counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(0, |(&k, _)| k);
    let mut topics: Vec<(f64, f64, f64)> = Vec::with_capacity(n);
    for i in 0..n {
        let (lo, hi) = (bounds[i], bounds[i + 1]);
        if hi > lo {
            let here = u32::from(start <= i && i < end);
            let (mut n_shared, mut n_block, mut n_degree) = (0usize, 0usize, 0usize);
            for &j in &flat[lo..hi] {
                let c = lines_using[j as usize] as usize;
                if c > 1 {
                    n_shared += 1;
                    n_degree += if c < 5 { c - 1 } else { 4 };
                }
                if lines_in_block[j as usize] > here {
                    n_block += 1;
                }
            }
            let k = hi - lo;
            topics.push((
                ratio(n_shared, k),
                ratio(n_block, k),
                ratio(n_degree, 4 * k),
            ));
        } else {
            topics.push(NO_TOPIC);
        }
    }
    let article: Vec<bool> = (0..n)
        .map(|i| prose_l[i] == 1 && ((start <= i && i < end) || topics[i].1 >= 0.5))
        .collect();
    let above = distance_to_flag(&article, true);
    let below = distance_to_flag(&article, false);
    let same_run = same_runs(&shape_l);
    let card_run = card_runs(&shape_l);
    let block_words_total: usize = words_l[start..end].iter().sum();
    let all_words: usize = words_l.iter().sum();
    let block_share = ratio(
        block_words_total,
        if all_words == 0 { 1 } else { all_words },
    );
    let log_n = log1p_count(n);
    let doc_prose = ratio(prose_l.iter().sum(), n);
    let doc_sentence = sent_l.iter().fold(0.0, |a, &b| a + b) / n as f64;
    let doc_words = ratio(all_words, n).ln_1p();
    let share = |k: usize, d: usize| ratio(k, if d == 0 { 1 } else { d });
    let mut greetings = 0usize;
    let mut before = 0.0f64;
    for i in 0..n {
        let (in_block, dist) = if start <= i && i < end {
            (1.0, 0.0)
        } else {
            let away = if i < start { start - i } else { i - end + 1 };
            (0.0, log1p_count(away))
        };
        let after = total - before - prose_words[i] as f64;
        let (lo3, hi3) = (i.saturating_sub(3), (i + 4).min(n));
        let (lo10, hi10) = (i.saturating_sub(10), (i + 11).min(n));
        let (lo5, hi5) = (i.saturating_sub(5), (i + 6).min(n));
        let prev_w = if i > 0 { words_l[i - 1] } else { 0 };
        let next_w = if i + 1 < n { words_l[i + 1] } else { 0 };
        let indent_delta = lines[i].indent.abs_diff(prose_indent) as usize;
        let (shared, block_share_i, degree) = topics[i];
        let near5 = hi5 - lo5 - 1;
        let row = &mut rows[i];
        let tail = &mut row[OWN..];
        tail[0] = ratio(i, n);
        tail[1] = log_n;
        tail[2] = in_block;
        tail[3] = dist;
        tail[4] = before / total;
        tail[5] = after / total;
        tail[6] = log1p_count(prev_w);
        tail[7] = log1p_count(next_w);
        tail[8] = if i > 0 { sent_l[i - 1] } else { 0.0 };
        tail[9] = if i + 1 < n { sent_l[i + 1] } else { 0.0 };
        tail[10] = if i > 0 && prev_w <= 3 { 1.0 } else { 0.0 };
        tail[11] = if i + 1 < n && next_w <= 3 { 1.0 } else { 0.0 };
        tail[12] = share(cum_prose[hi3] - cum_prose[lo3] - prose_l[i], hi3 - lo3 - 1);
        tail[13] = share(
            cum_prose[hi10] - cum_prose[lo10] - prose_l[i],
            hi10 - lo10 - 1,
        );
        tail[14] = ((cum_words[hi5] - cum_words[lo5] - words_l[i].min(100) as f64)
            / (if near5 == 0 { 1 } else { near5 }) as f64)
            .ln_1p();
        tail[15] = log1p_count(greetings);
        tail[16] = if i >= end { 1.0 } else { 0.0 };
        tail[17] = if indent_delta != 0 { 1.0 } else { 0.0 };
        tail[18] = log1p_count(indent_delta);
        tail[19] = shared;
        tail[20] = block_share_i;
        tail[21] = degree;
        tail[22] = kv_l[i] as f64;
        tail[23] = date_l[i] as f64;
        tail[24] = log1p_count(same_run[i]);
        tail[25] = log1p_count(card_run[i]);
        tail[26] = log1p_count(above[i]);
        tail[27] = log1p_count(below[i]);
        tail[28] = doc_prose;
        tail[29] = doc_sentence;
        tail[30] = doc_words;
        tail[31] = block_share;
        before += prose_words[i] as f64;
        greetings += greet_l[i];
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_match_the_python_doctests() {
        assert_eq!(same_runs(&[1, 1, 1, 2, 3, 3]), vec![3, 3, 3, 1, 2, 2]);
        assert_eq!(
            card_runs(&[5, 1, 2, 1, 2, 1, 2, 7]),
            vec![0, 6, 6, 6, 6, 6, 6, 0]
        );
        assert_eq!(
            distance_to_flag(&[false, true, false, false], true),
            vec![20, 20, 1, 2]
        );
        assert_eq!(main_block(&[]), (0, 0));
        assert_eq!(main_block(&[-1.0, -2.0]), (0, 0));
    }

    #[test]
    fn feature_names_count() {
        assert_eq!(N_FEATURES, 61);
        assert_eq!(FEATURE_NAMES[REPEATED], "repeated");
        assert_eq!(FEATURE_NAMES[GAP_BEFORE], "gap_before");
        assert_eq!(FEATURE_NAMES[DIGIT_SHARE], "digit_share");
        assert_eq!(FEATURE_NAMES[OWN], "rel_position");
    }
}
