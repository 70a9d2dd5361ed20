//! Line features (`cleanwire/features.py`): one row of [`N_FEATURES`] values per kept line.
//!
//! A port of `line_features` that gives the same floats bit for bit: the same integer
//! counts, the same order of float operations, and `ln_1p` from the same C library as
//! Python's `math.log1p`. Character classes come from [`crate::chars`] (Python's own),
//! the regular expressions from [`crate::patterns`].
//!
//! ```
//! use cleanwire_layout::{line_features, LineIn, WordScores, WordSets, N_FEATURES};
//! let words = WordSets::new(["the", "on", "and", "for"], ["home"], ["news"]);
//! let scores = WordScores::new([("home", 250), ("council", -120)], 100).unwrap();
//! let lines = [
//!     LineIn { text: "Home", key: "home", words: 1, indent: 0 },
//!     LineIn { text: "The council met on Monday and approved the budget.", key: "the council met on monday and approved the budget.", words: 9, indent: 0 },
//! ];
//! let rows = line_features(&lines, &[false, true], &words, &scores);
//! assert_eq!(rows.len(), 2);
//! // word_cruft, word_cruft_next, word_known; the next line's word_cruft, word_cruft_prev, word_known
//! assert_eq!((rows[0][61], rows[0][63], rows[0][64]), (2.5, -1.2, 1.0));
//! assert_eq!((rows[1][61], rows[1][62], rows[1][64]), (-1.2, 2.5, 0.1111111111111111));
//! assert_eq!(rows[0][0], 1.0); // bias
//! assert_eq!(rows[1][22], 1.0); // gap_before
//! assert_eq!(rows[0].len(), N_FEATURES);
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::chars::{
    cjk, classes, py_isalnum, py_isdigit, py_islower, py_isupper, re_digit, re_letter, re_upper,
    re_word,
};
use crate::patterns;
use crate::pytables::{DECIMAL, LETTER, LU, WORD};

/// Names of the values of a row, in order (`FEATURE_NAMES` of `features.py`).
pub const FEATURE_NAMES: [&str; 65] = [
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
    "word_cruft",
    "word_cruft_prev",
    "word_cruft_next",
    "word_known",
];

/// The number of shape features (`SHAPE_FEATURE_NAMES`): the first values of a row, those
/// that read no word table (the gate's inputs come from these).
pub const N_SHAPE: usize = 61;

/// Values per line.
pub const N_FEATURES: usize = FEATURE_NAMES.len();

/// One line's features.
pub type Row = [f64; N_FEATURES];

const _: () = assert!(N_SHAPE + 4 == N_FEATURES);
const REPEATED: usize = 19;
const GAP_BEFORE: usize = 22;
const OWN: usize = 29; // values that depend on the line alone

const RUN_CAP: usize = 40;
const ARTICLE_REACH: usize = 20;
// Capped runs and distances are held as bytes (see `capped`).
const _: () = assert!(RUN_CAP <= u8::MAX as usize);
const _: () = assert!(ARTICLE_REACH <= u8::MAX as usize);
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
            self.add(tail_word(rest));
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

/// The bytes of `rest` (one to seven) as a little-endian word, zero above them: the word of
/// `[rest, 0, 0, ...]` read as eight bytes, made from two overlapping reads (a copy of a
/// variable length into a buffer costs a call to `memcpy`, once per word looked up).
#[inline(always)]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!((1..8).contains(&n));
    let (lo, hi) = if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        (u64::from(lo), u64::from(hi) << (8 * (n - 4)))
    } else if n >= 2 {
        let lo = u16::from_le_bytes([rest[0], rest[1]]);
        let hi = u16::from_le_bytes([rest[n - 2], rest[n - 1]]);
        (u64::from(lo), u64::from(hi) << (8 * (n - 2)))
    } else {
        (u64::from(rest[0]), 0)
    };
    // The overlapping bytes are the same in both reads.
    lo | hi
}

/// A word as a key of [`Facts::of`]'s map of the words seen: hashed as its `str`, and
/// compared in place when it is at most 16 bytes long (most words; `==` on `str` calls
/// `memcmp`, once per word looked up whose hash matches).
#[derive(Clone, Copy)]
struct Word<'a>(&'a str);

impl Hash for Word<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialEq for Word<'_> {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        let n = a.len();
        if n != b.len() {
            return false;
        }
        match n {
            0 => true,
            1..=7 => tail_word(a) == tail_word(b),
            // Two overlapping reads of eight bytes cover the word.
            8..=16 => {
                let word8 = |x: &[u8], at: usize| -> u64 {
                    u64::from_le_bytes(x[at..at + 8].try_into().expect("eight bytes"))
                };
                word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8)
            }
            _ => a == b,
        }
    }
}

impl Eq for Word<'_> {}

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
    /// Per word: its stop-word / widget bits (and [`SCORED`] with its score when a table
    /// was merged in by [`WordSets::with_scores`]).
    kinds: FastMap<String, (u8, i32)>,
    /// The fingerprint of the merged [`WordScores`], if any.
    scored: Option<u64>,
}

const STOP: u8 = 1;
const WIDGET: u8 = 2;
/// A token's bit: the word has a score in the [`WordScores`] table.
const SCORED: u8 = 4;

/// The layout model's word score table (`features.WordScores`): an integer per word; a line's
/// score is the mean of its scored words' values (each occurrence counts) over `scale`, 0.0
/// when none is scored (and its known share the scored words over all its words).
/// Integers, so that the sum is exact in any order.
///
/// ```
/// let t = cleanwire_layout::WordScores::new([("subscribe", 300), ("river", -150)], 100).unwrap();
/// assert_eq!(t.get("river"), Some(-150));
/// assert!(cleanwire_layout::WordScores::new([("x", 1)], 0).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct WordScores {
    scores: FastMap<String, i32>,
    scale: i64,
    /// A fingerprint of the table (its words and scores, in any order), for
    /// [`WordSets::with_scores`].
    fingerprint: u64,
}

impl Default for WordScores {
    fn default() -> Self {
        WordScores {
            scores: FastMap::default(),
            scale: 100,
            fingerprint: 0,
        }
    }
}

impl WordScores {
    /// The largest magnitude of a score and of the scale (`WordScores.LIMIT`).
    pub const LIMIT: i64 = 1_000_000;

    /// A table of `scores` with `scale`; an error (the Python class's) for a scale outside
    /// 1..=LIMIT or a score beyond LIMIT in magnitude.
    pub fn new<W: Into<String>>(
        scores: impl IntoIterator<Item = (W, i64)>,
        scale: i64,
    ) -> Result<Self, String> {
        if !(1..=Self::LIMIT).contains(&scale) {
            return Err(format!(
                "word scores: scale must be an integer from 1 to {}",
                Self::LIMIT
            ));
        }
        let mut table: FastMap<String, i32> = FastMap::default();
        for (word, value) in scores {
            let word = word.into();
            if value.abs() > Self::LIMIT {
                return Err(format!(
                    "word scores: {word:?} needs an integer score of at most {} in magnitude",
                    Self::LIMIT
                ));
            }
            table.insert(word, value as i32);
        }
        // The entries' hashes added up (any order), with the count and the scale.
        let fingerprint = table.iter().fold(
            (table.len() as u64) << 32 ^ scale as u64,
            |acc, (word, &value)| {
                let mut h = FastHasher::default();
                h.write(word.as_bytes());
                h.write_u32(value as u32);
                acc.wrapping_add(h.finish() | 1)
            },
        );
        Ok(WordScores {
            scores: table,
            scale,
            fingerprint,
        })
    }

    /// The number of scored words.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Whether no word is scored.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The score of `word`, if it has one.
    #[inline]
    pub fn get(&self, word: &str) -> Option<i32> {
        if self.scores.is_empty() {
            return None;
        }
        self.scores.get(word).copied()
    }
}

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
        let mut kinds: FastMap<String, (u8, i32)> = FastMap::default();
        for w in stopwords {
            kinds.entry(w.into()).or_insert((0, 0)).0 |= STOP;
        }
        for w in widget_words
            .into_iter()
            .map(Into::into)
            .chain(section_words.into_iter().map(Into::into))
        {
            kinds.entry(w).or_insert((0, 0)).0 |= WIDGET;
        }
        WordSets {
            kinds,
            scored: None,
        }
    }

    /// These sets with the words of `scores` merged in, so that the features find a word's
    /// bits and score with one lookup (the features read `scores` apart for sets without it).
    ///
    /// ```
    /// use cleanwire_layout::{WordScores, WordSets};
    /// let scores = WordScores::new([("home", 250)], 100).unwrap();
    /// let w = WordSets::new(["the"], ["home"], ["news"]).with_scores(&scores);
    /// assert!(w.is_widget("home") && w.is_stopword("the") && !w.is_widget("the"));
    /// ```
    #[must_use]
    pub fn with_scores(mut self, scores: &WordScores) -> Self {
        for (word, &score) in &scores.scores {
            let entry = self.kinds.entry(word.clone()).or_insert((0, 0));
            entry.0 |= SCORED;
            entry.1 = score;
        }
        self.scored = Some(scores.fingerprint);
        self
    }

    /// Stop word and widget bits of `word` (one lookup for both).
    #[inline]
    fn kind(&self, word: &str) -> u8 {
        self.kinds.get(word).map_or(0, |e| e.0 & (STOP | WIDGET))
    }

    /// The bits of `word` and its score under `scores` ([`SCORED`] set when it has one), by
    /// one lookup when `scores` is merged in.
    #[inline]
    fn kind_and_score(&self, word: &str, scores: &WordScores) -> (u8, i32) {
        if self.scored == Some(scores.fingerprint) {
            return self.kinds.get(word).copied().unwrap_or((0, 0));
        }
        let kind = self.kind(word);
        match scores.get(word) {
            Some(score) => (kind | SCORED, score),
            None => (kind, 0),
        }
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
/// `_SENTENCE_MARKS`: what `end_sentence` looks for at the end, closers stripped.
const SENTENCE_MARKS: [char; 6] = ['.', '!', '?', '。', '！', '？'];
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
    /// The word's score when `kind` has [`SCORED`].
    score: i32,
}

/// The `\w+` runs of `key` (`_WORDS.findall`; on ASCII keys Python splits the key with
/// non-word characters made spaces, the same runs).
fn tokens_into(key: &str, out: &mut Vec<Token>) {
    out.clear();
    if key.is_ascii() {
        let bytes = key.as_bytes();
        // A-Za-z0-9_ are the byte classes below `C_SPACE`.
        let word = |b: u8| BYTE_CLASS[b as usize] < C_SPACE;
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
                    score: 0,
                });
            } else {
                i += 1;
            }
        }
        return;
    }
    // A run of Chinese or Japanese characters inside a `\w+` run is cut into pieces of two
    // characters (`document.word_tokens`).
    let mut start: Option<(usize, usize)> = None;
    let mut n = 0;
    let mut in_cjk = false;
    for (i, c) in key.char_indices() {
        if re_word(c) {
            let k = cjk(c);
            match start {
                None => start = Some((i, n)),
                Some((s, sn)) if k != in_cjk || (k && n - sn == 2) => {
                    out.push(Token {
                        start: s,
                        end: i,
                        chars: n - sn,
                        kind: 0,
                        score: 0,
                    });
                    start = Some((i, n));
                }
                Some(_) => {}
            }
            in_cjk = k;
        } else if let Some((s, sn)) = start.take() {
            out.push(Token {
                start: s,
                end: i,
                chars: n - sn,
                kind: 0,
                score: 0,
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
            score: 0,
        });
    }
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
            '.' | '!' | '?' | '。' | '！' | '？' => has_mark = true,
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

/// A line's own counts and flags (`_line_part`): what the first [`OWN`] values of its row,
/// its shape and its share in the document's sums are made of, in a seventh of a row.
///
/// Counts are kept as `u32` (a line of 4 GiB or more would saturate them).
#[derive(Clone, Copy, Debug, Default)]
struct Own {
    nw: u32,
    nch: u32,
    capitalised: u32,
    upper: u32,
    letters: u32,
    digits: u32,
    stops: u32,
    widgets: u32,
    commas: u32,
    firsts: u32,
    total_len: u32,
    shorts: u32,
    separators: u32,
    /// Sentence breaks, at most 10 (the feature is in tenths, capped).
    sentences: u32,
    flags: u32,
    /// The scored words among the tokens (each occurrence), and the sum of their scores.
    scored: u32,
    score_sum: i64,
}

// Bits of `Own::flags`.
const F_END_SENTENCE: u32 = 1;
const F_END_COLON: u32 = 1 << 1;
const F_END_ELLIPSIS: u32 = 1 << 2;
const F_END_OPEN: u32 = 1 << 3;
const F_LIST_MARK: u32 = 1 << 4;
const F_STARTS_UPPER: u32 = 1 << 5;
const F_WEBBY: u32 = 1 << 6;
const F_LEGAL: u32 = 1 << 7;
const F_GREETING: u32 = 1 << 8;
const F_QUESTION: u32 = 1 << 9;
const F_STARTS_LOWER: u32 = 1 << 10;
const F_TABLE_ROW: u32 = 1 << 11;
const F_KEY_VALUE: u32 = 1 << 12;
const F_DATE_LIKE: u32 = 1 << 13;

/// A count as `u32` (saturating: see [`Own`]).
#[inline]
fn c32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Own {
    /// The counts and flags of one line; `tokens` holds the key's words with their kinds.
    fn of(text: &str, key: &str, tokens: &[Token]) -> Own {
        let nw = tokens.len();
        let (
            nch,
            first,
            last,
            separators,
            commas,
            has_mark,
            upper,
            mut letters,
            digits,
            capitalised,
        ) = if text.is_ascii() {
            ascii_counts(text.as_bytes())
        } else {
            other_counts(text)
        };
        let bare = text.trim_end_matches(CLOSERS);
        if nch >= 2000 {
            letters = nch;
        }
        let (mut stops, mut widgets, mut firsts, mut total_len, mut shorts) =
            (0usize, 0usize, 0usize, 0usize, 0usize);
        let (mut scored, mut score_sum) = (0u32, 0i64);
        for token in tokens {
            if token.kind & SCORED != 0 {
                scored = scored.saturating_add(1);
                score_sum += i64::from(token.score);
            }
            let t = &key[token.start..token.end];
            stops += usize::from(token.kind & STOP != 0);
            widgets += usize::from(token.kind & WIDGET != 0);
            if t.len() <= 3 && FIRST_PERSON.contains(&t) {
                firsts += 1;
            }
            total_len += token.chars;
            shorts += usize::from((1..=3).contains(&token.chars));
        }
        let sentences = if has_mark {
            patterns::sentence_breaks(text).min(10)
        } else {
            0
        };
        let bit = |b: bool, f: u32| if b { f } else { 0 };
        let list_mark =
            (LIST_FIRST.contains(&first) || py_isdigit(first)) && patterns::list_mark(text);
        let flags = bit(bare.ends_with(SENTENCE_MARKS), F_END_SENTENCE)
            | bit(last == ':', F_END_COLON)
            | bit(bare.ends_with("...") || bare.ends_with('…'), F_END_ELLIPSIS)
            | bit(py_isalnum(last), F_END_OPEN)
            | bit(list_mark, F_LIST_MARK)
            | bit(py_isupper(first), F_STARTS_UPPER)
            | bit(patterns::webby(key), F_WEBBY)
            | bit(patterns::legal(text), F_LEGAL)
            | bit(patterns::greeting(key), F_GREETING)
            | bit(last == '?', F_QUESTION)
            | bit(py_islower(first), F_STARTS_LOWER)
            | bit(first == '|', F_TABLE_ROW)
            | bit(nw <= 15 && patterns::key_value(text), F_KEY_VALUE)
            | bit(
                nw <= 12 && digits > 0 && patterns::date_like(key),
                F_DATE_LIKE,
            );
        Own {
            nw: c32(nw),
            nch: c32(nch),
            capitalised: c32(capitalised),
            upper: c32(upper),
            letters: c32(letters),
            digits: c32(digits),
            stops: c32(stops),
            widgets: c32(widgets),
            commas: c32(commas),
            firsts: c32(firsts),
            total_len: c32(total_len),
            shorts: c32(shorts),
            separators: c32(separators),
            sentences: c32(sentences),
            flags,
            scored,
            score_sum,
        }
    }

    #[inline]
    fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    /// `w` of the features: the number of `\w+` runs of the key.
    #[inline]
    fn words(&self) -> usize {
        self.nw as usize
    }

    /// `_line_part`'s prose test: thirty words, or eight that end a sentence.
    #[inline]
    fn prose(&self) -> bool {
        self.nw >= 30 || (self.nw >= 8 && self.has(F_END_SENTENCE))
    }

    /// The line's shape code (`_shape`, below 64).
    fn shape(&self) -> u8 {
        let one = |f| if self.has(f) { 1.0 } else { 0.0 };
        shape(
            self.words(),
            one(F_END_SENTENCE),
            one(F_LIST_MARK),
            usize::from(self.has(F_DATE_LIKE)),
            usize::from(self.has(F_KEY_VALUE)),
        ) as u8
    }

    /// `row[..OWN]`: the values that depend on the line alone (`repeated` and `gap_before`,
    /// which depend on the document, are left 0).
    fn values(&self, row: &mut Row) {
        let flag = |f: u32| if self.has(f) { 1.0 } else { 0.0 };
        let nw = self.nw as usize;
        // A share of the words; 0 for a line without words (as `_line_part`).
        let per_word = |k: u32| {
            if nw > 0 && k > 0 {
                ratio(k as usize, nw)
            } else {
                0.0
            }
        };
        row[0] = 1.0;
        row[1] = log1p_count(nw);
        row[2] = log1p_count(self.nch as usize);
        row[3] = flag(F_END_SENTENCE);
        row[4] = flag(F_END_COLON);
        row[5] = flag(F_END_ELLIPSIS);
        row[6] = flag(F_END_OPEN);
        row[7] = flag(F_LIST_MARK);
        row[8] = flag(F_STARTS_UPPER);
        row[9] = per_word(self.capitalised);
        row[10] = if self.upper > 0 && self.letters > 0 {
            ratio(self.upper as usize, self.letters as usize)
        } else {
            0.0
        };
        row[11] = if self.digits > 0 {
            ratio(self.digits as usize, self.nch as usize)
        } else {
            0.0
        };
        row[12] = per_word(self.stops);
        row[13] = per_word(self.commas);
        row[14] = tenths(self.sentences as usize);
        row[15] = tenths(self.separators as usize);
        row[16] = flag(F_WEBBY);
        row[17] = flag(F_LEGAL);
        row[18] = if nw > 0 {
            ratio(self.total_len as usize, nw).min(20.0) / 10.0
        } else {
            0.0
        };
        row[19] = 0.0;
        row[20] = if nw <= 3 { 1.0 } else { 0.0 };
        row[21] = per_word(self.widgets);
        row[22] = 0.0;
        row[23] = flag(F_GREETING);
        row[24] = per_word(self.firsts);
        row[25] = flag(F_QUESTION);
        row[26] = flag(F_STARTS_LOWER);
        row[27] = flag(F_TABLE_ROW);
        row[28] = per_word(self.shorts);
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

/// A capped count (at most [`RUN_CAP`] or [`ARTICLE_REACH`]) as a byte.
#[inline]
fn capped(n: usize, cap: usize) -> u8 {
    n.min(cap) as u8
}

/// `_same_runs`: per line, the capped length of the run of equal shapes around it.
fn same_runs(shapes: &[u8]) -> Vec<u8> {
    let n = shapes.len();
    let mut out = vec![1; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && shapes[j] == shapes[i] {
            j += 1;
        }
        out[i..j].fill(capped(j - i, RUN_CAP));
        i = j;
    }
    out
}

/// `_card_runs`: per line, the capped length of the longest periodic run (period 2 to 4,
/// at least two shapes per period, at least two periods) through it; 0 for none.
fn card_runs(shapes: &[u8]) -> Vec<u8> {
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
                let run = capped(last - first, RUN_CAP);
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
fn distance_to_flag(flags: &[bool], down: bool) -> Vec<u8> {
    let n = flags.len();
    let mut out = vec![capped(ARTICLE_REACH, ARTICLE_REACH); n];
    let mut last: Option<usize> = None;
    for count in 0..n {
        let i = if down { count } else { n - 1 - count };
        if let Some(l) = last {
            out[i] = capped(count - l, ARTICLE_REACH);
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

/// What a row's values in context come from, per line (see [`Features::for_each_row`]).
#[derive(Clone, Copy, Debug, Default)]
struct Context {
    /// Topic words: (shared with other lines, also in the main block, degree sum, distinct).
    topics: (u32, u32, u32, u32),
    /// The words (at most 100 a line) of the other lines within five, whose mean's `log1p`
    /// is `words_near5` (at most 1,000: see [`near5`]).
    around: u16,
    /// Capped distances to the nearest article line above and below.
    above: u8,
    below: u8,
    /// Capped lengths of the run of equal shapes and of the periodic run through the line.
    same_run: u8,
    card_run: u8,
    /// Whether the key occurs more than once among the lines.
    repeated: bool,
}

/// The features of a document's kept lines, held compactly: each line's own counts and what
/// its values in context come from. [`Features::for_each_row`] makes the rows one at a time,
/// in order, so a document's rows (488 bytes each) are never all held at once.
pub struct Features<'a> {
    lines: &'a [LineIn<'a>],
    gaps: &'a [bool],
    facts: FactsRef<'a>,
    ctx: Vec<Context>,
    /// Running counts of prose lines: `cum_prose[i]` lines among the first `i`.
    cum_prose: Vec<u32>,
    start: usize,
    end: usize,
    prose_indent: u32,
    total: f64,
    log_n: f64,
    doc_prose: f64,
    doc_sentence: f64,
    doc_words: f64,
    block_share: f64,
    /// The word score table's scale.
    scale: i64,
}

/// Each line's own counts, key number and distinct topic word numbers: what the features
/// take from the lines themselves, before any context. Keys and words are numbered per
/// document (or per [`LineCache`]); the numbers only say which are equal. Lines of the same
/// text and key (code, menus, blank-ish lines) share one entry.
#[derive(Clone, Debug, Default)]
struct Facts {
    /// Each line's entry, below `own.len()`.
    entry: Vec<u32>,
    /// Each entry's counts.
    own: Vec<Own>,
    /// Each entry's key number, below `n_keys`.
    keys: Vec<u32>,
    n_keys: usize,
    /// Entry `e`'s distinct topic words are `flat[bounds[e]..bounds[e + 1]]`, below `n_ids`.
    flat: Vec<u32>,
    bounds: Vec<u32>,
    n_ids: usize,
}

impl Facts {
    /// The facts of `lines`, keys and words numbered in order of first appearance.
    fn of(lines: &[LineIn], words: &WordSets, scores: &WordScores) -> Facts {
        let n = lines.len();
        let mut entry: Vec<u32> = Vec::with_capacity(n);
        // Room for every line to have its own entry (the most common case: no room to give
        // back below), and given back when lines repeat.
        let mut own: Vec<Own> = Vec::with_capacity(n);
        let mut key_ids: FastMap<&str, u32> =
            FastMap::with_capacity_and_hasher(n, Default::default());
        let mut keys: Vec<u32> = Vec::with_capacity(n);
        // Each distinct word of the document once: its stop-word / widget bits, and its
        // topic word number (`NOT_TOPIC` for a word that is none). Sized for about half the
        // words distinct (up to a bound: a long document's map grows as it needs), so that
        // most documents never rehash it.
        let half_words = lines.iter().map(|l| l.words as usize).sum::<usize>() / 2;
        let mut seen: FastMap<Word, SeenWord> = FastMap::with_capacity_and_hasher(
            (n + 16).max(half_words.min(SEEN_ROOM)),
            Default::default(),
        );
        let mut n_ids = 0u32;
        let mut flat: Vec<u32> = Vec::new();
        let mut bounds: Vec<u32> = Vec::with_capacity(n + 1);
        bounds.push(0);
        // Room for the words of most lines from the start (no growing step by step).
        let mut tokens: Vec<Token> = Vec::with_capacity(64);
        // The first line of each key number, with its entry: a later line of the same text
        // has the same counts and topic words.
        let mut first_of_key: Vec<(u32, u32)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let key = line.key;
            let next = key_ids.len() as u32;
            let id = *key_ids.entry(key).or_insert(next);
            if id == next {
                first_of_key.push((i as u32, own.len() as u32));
            } else {
                let (first, e) = first_of_key[id as usize];
                if lines[first as usize].text == line.text {
                    entry.push(e);
                    continue;
                }
            }
            entry.push(own.len() as u32);
            keys.push(id);
            tokens_into(key, &mut tokens);
            let from = flat.len();
            for token in tokens.iter_mut() {
                let word = &key[token.start..token.end];
                let (id, kind, score) = seen
                    .entry(Word(word))
                    .or_insert_with(|| {
                        let (kind, score) = words.kind_and_score(word, scores);
                        let topic = token.chars >= TOPIC_MIN_LEN
                            && kind & STOP == 0
                            && !word.chars().all(py_isdigit);
                        let id = if topic {
                            n_ids += 1;
                            n_ids - 1
                        } else {
                            NOT_TOPIC
                        };
                        SeenWord::new(id, kind, score)
                    })
                    .parts();
                token.kind = kind;
                token.score = score;
                if id != NOT_TOPIC {
                    flat.push(id);
                }
            }
            own.push(Own::of(line.text, key, &tokens));
            flat[from..].sort_unstable();
            let mut w = from;
            for r in from..flat.len() {
                if r == from || flat[r] != flat[w - 1] {
                    flat[w] = flat[r];
                    w += 1;
                }
            }
            flat.truncate(w);
            bounds.push(flat.len() as u32);
        }
        // Held for the settle rounds: no room to spare.
        own.shrink_to_fit();
        keys.shrink_to_fit();
        bounds.shrink_to_fit();
        flat.shrink_to_fit();
        Facts {
            entry,
            own,
            keys,
            n_keys: key_ids.len(),
            flat,
            bounds,
            n_ids: n_ids as usize,
        }
    }
}

/// A word seen in a document, packed in eight bytes (the map of a long document's words stays
/// small): its topic number (or `NOT_TOPIC`), its bits and its score.
#[derive(Clone, Copy, Debug)]
struct SeenWord(u64);

/// Added to a score to store it unsigned (scores lie within `WordScores::LIMIT` < 2^20).
const SCORE_OFFSET: i64 = 1 << 20;
const _: () = assert!(WordScores::LIMIT < SCORE_OFFSET);

impl SeenWord {
    #[inline]
    fn new(id: u32, kind: u8, score: i32) -> Self {
        SeenWord(
            u64::from(id)
                | u64::from(kind) << 32
                | ((i64::from(score) + SCORE_OFFSET) as u64) << 40,
        )
    }

    #[inline]
    fn parts(self) -> (u32, u8, i32) {
        let p = self.0;
        (
            p as u32,
            (p >> 32) as u8,
            ((p >> 40) as i64 - SCORE_OFFSET) as i32,
        )
    }
}

/// The facts of a call's lines: its own [`Facts`], or those held by a [`LineCache`] read
/// through `map` (line `i`'s entry is `map[i]`; `None`: the held lines are this call's, in
/// order, and line `i`'s entry is theirs), so that a settle round copies none of them.
#[derive(Debug)]
struct FactsRef<'a> {
    facts: std::borrow::Cow<'a, Facts>,
    map: Option<Vec<u32>>,
    n: usize,
}

impl FactsRef<'_> {
    #[inline]
    fn entry(&self, i: usize) -> usize {
        match &self.map {
            Some(m) => m[i] as usize,
            None => self.facts.entry[i] as usize,
        }
    }
    #[inline]
    fn own(&self, i: usize) -> &Own {
        &self.facts.own[self.entry(i)]
    }
    #[inline]
    fn key(&self, i: usize) -> u32 {
        self.facts.keys[self.entry(i)]
    }
    /// Line `i`'s distinct topic word numbers.
    #[inline]
    fn topics(&self, i: usize) -> &[u32] {
        let e = self.entry(i);
        let b = &self.facts.bounds;
        &self.facts.flat[b[e] as usize..b[e + 1] as usize]
    }
}

/// The features' facts of one document's lines, kept between calls on that document (the
/// settle rounds, which see fewer and fewer of its lines): a line seen before is not read
/// again. Build one per document and language (word sets); lines are told apart by the
/// caller's numbers (`numbers` of [`Features::cached`]), which must not be reused for
/// another text within the document.
#[derive(Debug, Default)]
pub struct LineCache {
    /// The facts of the lines last worked out, in the order they came.
    held: Facts,
    /// Place of each line number among the lines of `held` (`NOT_CACHED` for none).
    index: Vec<u32>,
    /// The last decision made on a short document, with what it was made from: a settle
    /// round whose rows come out the same takes it again (see [`crate::LayoutModel::apply_cached`]).
    pub(crate) decided: Option<crate::model::Decided>,
}

const NOT_CACHED: u32 = u32::MAX;

/// [`LineCache::keep_only`] leaves a cache of fewer lines as it is (a short text's few lines
/// are not worth the work).
const KEEP_ONLY_MIN: usize = 4096;

/// The most distinct words [`Facts::of`] makes room for before it meets them.
const SEEN_ROOM: usize = 4096;

/// The topic word number of a word that is no topic word (in [`Facts::of`]).
const NOT_TOPIC: u32 = u32::MAX;

impl LineCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forget every line (another document, or other word sets).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Number of lines whose facts are held.
    pub fn len(&self) -> usize {
        self.held.entry.len()
    }

    /// Whether no line's facts are held.
    pub fn is_empty(&self) -> bool {
        self.held.entry.is_empty()
    }

    pub(crate) fn entry(&self, number: usize) -> Option<usize> {
        match self.index.get(number) {
            Some(&e) if e != NOT_CACHED => Some(e as usize),
            _ => None,
        }
    }

    /// Forget the lines of the last call (`numbers`) but those `i` for which `keep(i)`, and
    /// every line not in that call: the lines a later call on the document can see (the layout
    /// cleaner's drops are in no later settle round). Nothing changes in a small cache.
    pub fn keep_only(&mut self, numbers: &[usize], keep: impl Fn(usize) -> bool) {
        let held_lines = self.held.entry.len();
        if held_lines < KEEP_ONLY_MIN {
            return;
        }
        // The new place of each held line (`NOT_CACHED`: forgotten).
        let mut place = vec![NOT_CACHED; held_lines];
        for (i, &k) in numbers.iter().enumerate() {
            match self.entry(k) {
                Some(e) if keep(i) => place[e] = 0,
                _ => {}
            }
        }
        let mut next = 0u32;
        for p in place.iter_mut().filter(|p| **p != NOT_CACHED) {
            *p = next;
            next += 1;
        }
        if next as usize == held_lines {
            return;
        }
        let h = &mut self.held;
        // The new number of each entry that a line still held has (`NOT_CACHED`: none has).
        let mut renumber = vec![NOT_CACHED; h.own.len()];
        for (line, &to) in place.iter().enumerate() {
            if to != NOT_CACHED {
                renumber[h.entry[line] as usize] = 0;
            }
        }
        let mut entries = 0u32;
        for r in renumber.iter_mut().filter(|r| **r != NOT_CACHED) {
            *r = entries;
            entries += 1;
        }
        // Lines and entries moved down in place: each goes to a place at or before its own.
        for (line, &to) in place.iter().enumerate() {
            if to != NOT_CACHED {
                h.entry[to as usize] = renumber[h.entry[line] as usize];
            }
        }
        let (mut flat_len, mut start) = (0usize, 0usize);
        for (e, &to) in renumber.iter().enumerate() {
            let end = h.bounds[e + 1] as usize;
            if to != NOT_CACHED {
                let to = to as usize;
                h.own[to] = h.own[e];
                h.keys[to] = h.keys[e];
                h.flat.copy_within(start..end, flat_len);
                flat_len += end - start;
                h.bounds[to + 1] = flat_len as u32;
            }
            start = end;
        }
        let kept = next as usize;
        h.entry.truncate(kept);
        h.entry.shrink_to_fit();
        let entries = entries as usize;
        h.own.truncate(entries);
        h.own.shrink_to_fit();
        h.keys.truncate(entries);
        h.keys.shrink_to_fit();
        h.bounds.truncate(entries + 1);
        h.bounds.shrink_to_fit();
        h.flat.truncate(flat_len);
        h.flat.shrink_to_fit();
        for e in self.index.iter_mut().filter(|e| **e != NOT_CACHED) {
            *e = place[*e as usize];
        }
    }

    /// The facts of `lines` (numbered `numbers`): read from the cache when it holds every
    /// one of them, else worked out afresh and kept in place of what it held.
    fn facts(
        &mut self,
        lines: &[LineIn],
        words: &WordSets,
        scores: &WordScores,
        numbers: &[usize],
    ) -> FactsRef<'_> {
        let n = numbers.len();
        if !numbers.iter().all(|&k| self.entry(k).is_some()) {
            let fresh = Facts::of(lines, words, scores);
            self.index = vec![NOT_CACHED; numbers.iter().max().map_or(0, |&m| m + 1)];
            for (i, &k) in numbers.iter().enumerate() {
                self.index[k] = i as u32;
            }
            self.held = fresh;
            return FactsRef {
                facts: std::borrow::Cow::Borrowed(&self.held),
                map: None,
                n,
            };
        }
        let map: Vec<u32> = numbers
            .iter()
            .map(|&k| self.held.entry[self.index[k] as usize])
            .collect();
        FactsRef {
            facts: std::borrow::Cow::Borrowed(&self.held),
            map: Some(map),
            n,
        }
    }
}

impl<'a> Features<'a> {
    /// The features of `lines` (the kept lines, in order); `gaps[i]` says whether a blank line
    /// separates line `i` from the one before (`Document.kept_gaps`); `scores` is the model's
    /// word score table.
    ///
    /// # Panics
    /// When `gaps` is shorter than `lines`.
    pub fn new(
        lines: &'a [LineIn<'a>],
        gaps: &'a [bool],
        words: &WordSets,
        scores: &WordScores,
    ) -> Self {
        let facts = FactsRef {
            facts: std::borrow::Cow::Owned(Facts::of(lines, words, scores)),
            map: None,
            n: lines.len(),
        };
        Self::from_facts(lines, gaps, facts, scores.scale)
    }

    /// [`Features::new`], with what the lines give by themselves taken from `cache` when it
    /// has them (`numbers[i]` is line `i`'s number in the document: see [`LineCache`]).
    ///
    /// # Panics
    /// When `gaps` or `numbers` is shorter than `lines`.
    pub fn cached(
        lines: &'a [LineIn<'a>],
        gaps: &'a [bool],
        words: &WordSets,
        scores: &WordScores,
        cache: &'a mut LineCache,
        numbers: &[usize],
    ) -> Self {
        assert!(numbers.len() >= lines.len(), "one number per line");
        let facts = cache.facts(lines, words, scores, &numbers[..lines.len()]);
        Self::from_facts(lines, gaps, facts, scores.scale)
    }

    fn from_facts(
        lines: &'a [LineIn<'a>],
        gaps: &'a [bool],
        facts: FactsRef<'a>,
        scale: i64,
    ) -> Self {
        let n = lines.len();
        assert!(gaps.len() >= n, "one gap flag per line");
        assert_eq!(facts.n, n, "one fact per line");
        let own = |i: usize| facts.own(i);
        let mut lines_using = vec![0u32; facts.facts.n_ids];
        for i in 0..n {
            for &id in facts.topics(i) {
                lines_using[id as usize] += 1;
            }
        }
        let repeated = repeated_keys((0..n).map(|i| facts.key(i)), facts.facts.n_keys);
        // Where the prose is: the densest run of lines.
        let values: Vec<f64> = (0..n)
            .map(|i| {
                let o = own(i);
                if o.prose() {
                    (o.words() as f64).min(60.0)
                } else {
                    -6.0
                }
            })
            .collect();
        let (start, end) = main_block(&values);
        drop(values);
        let mut lines_in_block = vec![0u32; lines_using.len()];
        for i in start..end {
            for &j in facts.topics(i) {
                lines_in_block[j as usize] += 1;
            }
        }
        let prose_words = |o: &Own| if o.prose() { o.words() } else { 0 };
        let total = {
            let s: usize = (0..n).map(|i| prose_words(own(i))).sum();
            if s == 0 {
                1.0
            } else {
                s as f64
            }
        };
        let mut cum_prose = Vec::with_capacity(n + 1);
        let mut cum_words: Vec<u64> = Vec::with_capacity(n + 1);
        cum_prose.push(0u32);
        cum_words.push(0u64);
        for i in 0..n {
            let o = own(i);
            cum_prose.push(cum_prose[i] + u32::from(o.prose()));
            cum_words.push(cum_words[i] + o.words().min(100) as u64);
        }
        let prose_indent = prose_indent(lines, own);
        let article: Vec<bool> = (0..n)
            .map(|i| {
                let topics = facts.topics(i);
                let in_block = start <= i && i < end;
                let block_topics = || {
                    let here = u32::from(in_block);
                    let k = topics.len();
                    let n_block = topics
                        .iter()
                        .filter(|&&j| lines_in_block[j as usize] > here)
                        .count();
                    k > 0 && ratio(n_block, k) >= 0.5
                };
                own(i).prose() && (in_block || block_topics())
            })
            .collect();
        let above = distance_to_flag(&article, true);
        let below = distance_to_flag(&article, false);
        drop(article);
        let shapes: Vec<u8> = (0..n).map(|i| own(i).shape()).collect();
        let same_run = same_runs(&shapes);
        let card_run = card_runs(&shapes);
        drop(shapes);
        let ctx: Vec<Context> = (0..n)
            .map(|i| {
                let topics = facts.topics(i);
                let here = u32::from(start <= i && i < end);
                let (mut n_shared, mut n_block, mut n_degree) = (0u32, 0u32, 0u32);
                for &j in topics {
                    let c = lines_using[j as usize];
                    if c > 1 {
                        n_shared += 1;
                        n_degree += if c < 5 { c - 1 } else { 4 };
                    }
                    if lines_in_block[j as usize] > here {
                        n_block += 1;
                    }
                }
                let (lo5, hi5) = (i.saturating_sub(5), (i + 6).min(n));
                let around = cum_words[hi5] - cum_words[lo5] - own(i).words().min(100) as u64;
                // Ten lines of at most 100 words each: a u16.
                Context {
                    topics: (n_shared, n_block, n_degree, topics.len() as u32),
                    around: around as u16,
                    above: above[i],
                    below: below[i],
                    same_run: same_run[i],
                    card_run: card_run[i],
                    repeated: repeated[i],
                }
            })
            .collect();
        let block_words_total: usize = (start..end).map(|i| own(i).words()).sum();
        let all_words: usize = (0..n).map(|i| own(i).words()).sum();
        let block_share = ratio(
            block_words_total,
            if all_words == 0 { 1 } else { all_words },
        );
        let sentences = (0..n)
            .map(own)
            .map(|o| if o.has(F_END_SENTENCE) { 1.0 } else { 0.0 })
            .fold(0.0, |a, b| a + b);
        let nn = if n == 0 { 1 } else { n };
        let doc_prose = ratio(cum_prose_total(&cum_prose), nn);
        Features {
            lines,
            gaps,
            facts,
            ctx,
            cum_prose,
            start,
            end,
            prose_indent,
            total,
            log_n: log1p_count(n),
            doc_prose,
            doc_sentence: sentences / nn as f64,
            doc_words: ratio(all_words, nn).ln_1p(),
            block_share,
            scale,
        }
    }

    /// Number of lines (rows).
    pub fn len(&self) -> usize {
        self.facts.n
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.facts.n == 0
    }

    /// Per line, its key number when the key occurs more than once among the lines, else
    /// [`crate::model::ALONE`] (see [`crate::model::Rows::groups`]); `None` when no key
    /// repeats.
    pub fn repeated_key_groups(&self) -> Option<Vec<u32>> {
        if !self.ctx.iter().any(|c| c.repeated) {
            return None;
        }
        let groups = (0..self.len())
            .map(|i| {
                if self.ctx[i].repeated {
                    self.facts.key(i)
                } else {
                    crate::model::ALONE
                }
            })
            .collect();
        Some(groups)
    }

    /// Every line's row, in order (`features.line_features`).
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.len());
        self.for_each_row(|_, row| rows.push(*row));
        rows
    }

    /// Call `f(i, row)` for each line's row, in order (`features.line_features`'s rows).
    pub fn for_each_row(&self, mut f: impl FnMut(usize, &Row)) {
        let n = self.len();
        let mut row: Row = [0.0; N_FEATURES];
        let mut greetings = 0usize;
        let mut before = 0.0f64;
        let share = |k: usize, d: usize| ratio(k, if d == 0 { 1 } else { d });
        for i in 0..n {
            let own = self.facts.own(i);
            let ctx = &self.ctx[i];
            own.values(&mut row);
            if ctx.repeated {
                row[REPEATED] = 1.0;
            }
            if self.gaps[i] {
                row[GAP_BEFORE] = 1.0;
            }
            let (start, end) = (self.start, self.end);
            let (in_block, dist) = if start <= i && i < end {
                (1.0, 0.0)
            } else {
                let away = if i < start { start - i } else { i - end + 1 };
                (0.0, log1p_count(away))
            };
            let prose_words = if own.prose() { own.words() } else { 0 };
            let after = self.total - before - prose_words as f64;
            let (lo3, hi3) = (i.saturating_sub(3), (i + 4).min(n));
            let (lo10, hi10) = (i.saturating_sub(10), (i + 11).min(n));
            let words = |j: usize| self.facts.own(j).words();
            let sentence = |j: usize| {
                if self.facts.own(j).has(F_END_SENTENCE) {
                    1.0
                } else {
                    0.0
                }
            };
            let prev_w = if i > 0 { words(i - 1) } else { 0 };
            let next_w = if i + 1 < n { words(i + 1) } else { 0 };
            let indent_delta = self.lines[i].indent.abs_diff(self.prose_indent) as usize;
            let cum = |a: usize, b: usize| (self.cum_prose[b] - self.cum_prose[a]) as usize;
            let prose_here = usize::from(own.prose());
            let tail = &mut row[OWN..];
            tail[0] = ratio(i, n);
            tail[1] = self.log_n;
            tail[2] = in_block;
            tail[3] = dist;
            tail[4] = before / self.total;
            tail[5] = after / self.total;
            tail[6] = log1p_count(prev_w);
            tail[7] = log1p_count(next_w);
            tail[8] = if i > 0 { sentence(i - 1) } else { 0.0 };
            tail[9] = if i + 1 < n { sentence(i + 1) } else { 0.0 };
            tail[10] = if i > 0 && prev_w <= 3 { 1.0 } else { 0.0 };
            tail[11] = if i + 1 < n && next_w <= 3 { 1.0 } else { 0.0 };
            tail[12] = share(cum(lo3, hi3) - prose_here, hi3 - lo3 - 1);
            tail[13] = share(cum(lo10, hi10) - prose_here, hi10 - lo10 - 1);
            tail[14] = near5(ctx.around, i, n);
            tail[15] = log1p_count(greetings);
            tail[16] = if i >= end { 1.0 } else { 0.0 };
            tail[17] = if indent_delta != 0 { 1.0 } else { 0.0 };
            tail[18] = log1p_count(indent_delta);
            let (shared, block, degree, k) = ctx.topics;
            let (t_shared, t_block, t_degree) = if k > 0 {
                let k = k as usize;
                (
                    ratio(shared as usize, k),
                    ratio(block as usize, k),
                    ratio(degree as usize, 4 * k),
                )
            } else {
                NO_TOPIC
            };
            tail[19] = t_shared;
            tail[20] = t_block;
            tail[21] = t_degree;
            tail[22] = if own.has(F_KEY_VALUE) { 1.0 } else { 0.0 };
            tail[23] = if own.has(F_DATE_LIKE) { 1.0 } else { 0.0 };
            tail[24] = log1p_count(ctx.same_run as usize);
            tail[25] = log1p_count(ctx.card_run as usize);
            tail[26] = log1p_count(ctx.above as usize);
            tail[27] = log1p_count(ctx.below as usize);
            tail[28] = self.doc_prose;
            tail[29] = self.doc_sentence;
            tail[30] = self.doc_words;
            tail[31] = self.block_share;
            let word = |o: &Own| {
                if o.scored == 0 {
                    0.0
                } else {
                    sum_over(o.score_sum, o.scored, self.scale)
                }
            };
            tail[32] = word(own);
            tail[33] = if i > 0 {
                word(self.facts.own(i - 1))
            } else {
                0.0
            };
            tail[34] = if i + 1 < n {
                word(self.facts.own(i + 1))
            } else {
                0.0
            };
            tail[35] = if own.scored == 0 {
                0.0
            } else {
                ratio(own.scored as usize, own.words())
            };
            f(i, &row);
            before += prose_words as f64;
            greetings += usize::from(own.has(F_GREETING));
        }
    }
}

/// A line's word score, `sum / (n * scale)` (`WordScores.line_score`): a quotient of two
/// integers, both exact as floats, so correctly rounded as Python's `int / int`.
#[inline]
fn sum_over(sum: i64, n: u32, scale: i64) -> f64 {
    sum as f64 / (i64::from(n) * scale) as f64
}

/// `words_near5` of line `i` of `n`: `log1p` of the mean of `around`, the words of the other
/// lines within five.
#[inline]
fn near5(around: u16, i: usize, n: usize) -> f64 {
    let (lo5, hi5) = (i.saturating_sub(5), (i + 6).min(n));
    let near = hi5 - lo5 - 1;
    (f64::from(around) / (if near == 0 { 1 } else { near }) as f64).ln_1p()
}

/// The number of prose lines of the document (the last running count).
fn cum_prose_total(cum_prose: &[u32]) -> usize {
    cum_prose.last().map_or(0, |&c| c as usize)
}

/// Per line, whether its key (numbered below `n_keys`) occurs more than once.
fn repeated_keys(keys: impl Iterator<Item = u32> + Clone, n_keys: usize) -> Vec<bool> {
    let mut counts = vec![0u32; n_keys];
    for k in keys.clone() {
        counts[k as usize] += 1;
    }
    keys.map(|k| counts[k as usize] > 1).collect()
}

/// The prose's indentation: the most common among prose lines, the smallest on a tie.
fn prose_indent<'o>(lines: &[LineIn], own: impl Fn(usize) -> &'o Own) -> u32 {
    let mut indent_counts: FastMap<u32, usize> = FastMap::default();
    for (i, line) in lines.iter().enumerate() {
        if own(i).prose() {
            *indent_counts.entry(line.indent).or_insert(0) += 1;
        }
    }
    indent_counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(0, |(&k, _)| k)
}

/// One row of [`N_FEATURES`] values per line of `lines` (the kept lines, in order), as
/// `features.line_features(lines, lexicon, gaps)` gives them; `gaps[i]` says whether a
/// blank line separates line `i` from the one before (`Document.kept_gaps`). The model
/// itself reads them one at a time from [`Features`].
///
/// # Panics
/// When `gaps` is shorter than `lines`.
pub fn line_features(
    lines: &[LineIn],
    gaps: &[bool],
    words: &WordSets,
    scores: &WordScores,
) -> Vec<Row> {
    if lines.is_empty() {
        return Vec::new();
    }
    Features::new(lines, gaps, words, scores).rows()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_equal_as_their_strs() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "abc",
            "abd",
            "abcdefg",
            "abcdefh",
            "abcdefgh",
            "abcdefgi",
            "bbcdefgh",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "xbcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "é",
            "éa",
            "aé",
        ];
        for a in words {
            for b in words {
                assert_eq!(Word(a) == Word(b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn tail_word_is_the_word_of_the_bytes_padded_with_zeros() {
        let bytes: Vec<u8> = (1..=7).map(|b| b * 37 + 0x80).collect();
        for n in 1..8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                tail_word(&bytes[..n]),
                u64::from_le_bytes(padded),
                "{n} bytes"
            );
        }
    }

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
    fn merged_word_sets_give_the_rows_of_separate_lookups() {
        let scores = WordScores::new([("home", 250), ("council", -120), ("the", -7)], 100).unwrap();
        let other = WordScores::new([("home", 90)], 100).unwrap();
        let plain = WordSets::new(["the", "on"], ["home"], ["news"]);
        let merged = plain.clone().with_scores(&scores);
        let texts = ["Home", "The council met on Monday.", "News home", "Home"];
        let keys: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let lines: Vec<LineIn> = texts
            .iter()
            .zip(&keys)
            .map(|(t, k)| LineIn {
                text: t,
                key: k,
                words: 1,
                indent: 0,
            })
            .collect();
        let gaps = [false; 4];
        let want = line_features(&lines, &gaps, &plain, &scores);
        assert_eq!(line_features(&lines, &gaps, &merged, &scores), want);
        assert_eq!(want[1][N_SHAPE], -0.635); // (-7 - 120) / 2 / 100
                                              // sets merged with one table, read with another: that table's scores
        let with_other = line_features(&lines, &gaps, &merged, &other);
        assert_eq!(with_other, line_features(&lines, &gaps, &plain, &other));
        assert_eq!(with_other[1][N_SHAPE], 0.0);
    }

    #[test]
    fn feature_names_count() {
        assert_eq!(N_FEATURES, 65);
        assert_eq!(FEATURE_NAMES[N_SHAPE - 1], "block_share");
        assert_eq!(FEATURE_NAMES[N_SHAPE], "word_cruft");
        assert_eq!(FEATURE_NAMES[REPEATED], "repeated");
        assert_eq!(FEATURE_NAMES[GAP_BEFORE], "gap_before");
        assert_eq!(FEATURE_NAMES[OWN], "rel_position");
    }
}
