//! langdetect's `Detector` for `seed = 0` and the default settings (`alpha` 0.5, seven trials,
//! `max_text_length` 10000, no prior map): `append`, `cleaning_text`, `_extract_ngrams`,
//! `_detect_block`, `_normalize_prob` and `get_probabilities`' order.
//!
//! Text is handled as a sequence of code points, as Python's `str` is.

use regex::Regex;

use crate::ngram::NGramTables;
#[cfg(doc)]
use crate::profiles::pack;
use crate::profiles::{Profiles, Row, DENSE_FROM, FIXED_WIDTH};
use crate::random::PyRandom;

const ALPHA_DEFAULT: f64 = 0.5;
const ALPHA_WIDTH: f64 = 0.05;
const ITERATION_LIMIT: usize = 1000;
const PROB_THRESHOLD: f64 = 0.1;
const CONV_THRESHOLD: f64 = 0.99999;
const BASE_FREQ: f64 = 10000.0;
const N_TRIAL: usize = 7;
const MAX_TEXT_LENGTH: usize = 10000;
/// `DetectorFactory.seed` as cleanwire sets it.
const SEED: u64 = 0;

/// What `Detector.detect()` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A profile name such as `"en"` or `"zh-cn"`.
    Language(String),
    /// `"unknown"`: no language above `PROB_THRESHOLD`.
    Unknown,
    /// `LangDetectException("No features in text.")`.
    NoFeatures,
}

/// `Detector.URL_RE` and `Detector.MAIL_RE`. The `regex` crate reports the leftmost-first
/// match, as Python's backtracking `re` does, and the classes are ASCII-only in both.
pub struct Patterns {
    url: Regex,
    mail: Regex,
}

impl Patterns {
    pub fn new() -> Self {
        Patterns {
            url: Regex::new(r"https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}").expect("URL_RE"),
            mail: Regex::new(r"[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}")
                .expect("MAIL_RE"),
        }
    }
}

impl Default for Patterns {
    fn default() -> Self {
        Self::new()
    }
}

/// `Detector.append(text)` on a fresh detector: URLs and e-mail addresses to a space,
/// Vietnamese normalisation, the first `max_text_length` code points with runs of spaces
/// collapsed.
pub fn append(pat: &Patterns, ngram: &NGramTables, text: &str) -> Vec<char> {
    // A URL holds "http", an address '@': a text without them is left as it is, unsearched.
    let text = if text.contains("http") {
        pat.url.replace_all(text, " ")
    } else {
        text.into()
    };
    let text = if text.contains('@') {
        pat.mail.replace_all(&text, " ")
    } else {
        text.as_ref().into()
    };
    let chars: Vec<char> = text.chars().collect();
    let chars = ngram.normalize_vi(chars);
    let mut out = Vec::with_capacity(chars.len().min(MAX_TEXT_LENGTH));
    let mut pre: Option<char> = None;
    for &ch in chars.iter().take(MAX_TEXT_LENGTH) {
        if ch != ' ' || pre != Some(' ') {
            out.push(ch);
        }
        pre = Some(ch);
    }
    out
}

/// `Detector.cleaning_text`: drop the characters between `'A'` and `'z'` when they are fewer
/// than half the others. langdetect compares `unicode_block(ch)` (a number) with the string
/// `'Latin Extended Additional'`, which is never equal: every character from U+0300 on counts
/// as non-Latin, and so it does here.
pub fn cleaning_text(text: &mut Vec<char>) {
    let mut latin = 0usize;
    let mut non_latin = 0usize;
    for &ch in text.iter() {
        if ('A'..='z').contains(&ch) {
            latin += 1;
        } else if ch >= '\u{300}' {
            non_latin += 1;
        }
    }
    if latin * 2 < non_latin {
        text.retain(|&ch| !('A'..='z').contains(&ch));
    }
}

/// `NGram`'s buffer: the last (up to) three normalised characters, whether the last is upper
/// case (`str.isupper`), and `capitalword`.
struct NGram {
    grams: [char; 3],
    len: usize,
    last_upper: bool,
    capital_word: bool,
}

impl NGram {
    fn new() -> Self {
        NGram {
            grams: [' ', ' ', ' '],
            len: 1,
            last_upper: false,
            capital_word: false,
        }
    }

    /// `NGram.add_char`, with `ch` already normalised. The upper case of the last character
    /// is the one found when it was added (`' '`, the only other character it can be, is not
    /// upper case).
    #[inline(always)]
    fn add_char(&mut self, ch: char, is_upper: &impl Fn(char) -> bool) {
        let last_upper = self.last_upper;
        if self.grams[self.len - 1] == ' ' {
            self.grams[0] = ' ';
            self.len = 1;
            self.capital_word = false;
            if ch == ' ' {
                return;
            }
        } else if self.len >= 3 {
            self.grams.copy_within(1..3, 0);
            self.len = 2;
        }
        self.grams[self.len] = ch;
        self.len += 1;
        // `str.isupper` of an ASCII character: `A` to `Z`
        self.last_upper = if ch.is_ascii() {
            ch.is_ascii_uppercase()
        } else {
            is_upper(ch)
        };
        if self.last_upper {
            if last_upper {
                self.capital_word = true;
            }
        } else {
            self.capital_word = false;
        }
    }

    /// The [`pack`]ed keys of `get(1)`, `get(2)`, `get(3)` that exist, in that order, to
    /// *push*: the last character unless it is `' '`, then the last two and three characters
    /// as far as the buffer holds them.
    #[inline(always)]
    fn keys(&self, mut push: impl FnMut(u64)) {
        let g = &self.grams[..self.len];
        let last = *g.last().expect("the buffer is never empty");
        let k1 = last as u64 + 1;
        if last != ' ' {
            push(k1);
        }
        if let [.., b, _] = g {
            let k2 = (*b as u64 + 1) << 21 | k1;
            push(k2);
            if let [a, _, _] = g {
                push((*a as u64 + 1) << 42 | k2);
            }
        }
    }
}

/// `Detector._extract_ngrams`: the known 1- to 3-grams, in text order, as profile rows.
///
/// The n-grams are packed first and looked up afterwards: the lookups do not depend on each
/// other, so their cache misses overlap.
pub fn extract_ngrams(
    profiles: &Profiles,
    ngram: &NGramTables,
    text: &[char],
    is_upper: &impl Fn(char) -> bool,
) -> Vec<Row> {
    let mut keys = Vec::with_capacity(text.len() * 3);
    let mut g = NGram::new();
    for &ch in text {
        g.add_char(ngram.normalize(ch), is_upper);
        if !g.capital_word {
            g.keys(|k| keys.push(k));
        }
    }
    keys.into_iter().filter_map(|k| profiles.row(k)).collect()
}

/// `Detector._update_lang_prob`: `prob[i] *= weight + lang_prob_map[i]` for every language.
/// A language absent from a sparse row has probability 0.0, and `weight + 0.0 == weight`:
/// every probability is multiplied by `weight` (one tight loop), except those of the row's
/// languages, which are multiplied by `weight + q` from their value before the loop. The
/// result is the same product, bit for bit. The lanes past the languages hold 0.0 and stay
/// so (dense rows are 0.0 there too).
#[inline(always)]
fn update_lang_prob(profiles: &Profiles, prob: &mut [f64], row: Row, weight: f64) {
    match row {
        Row::Dense { start } => {
            let q = &profiles.dense(start)[..prob.len()];
            for (p, &q) in prob.iter_mut().zip(q) {
                *p *= weight + q;
            }
        }
        Row::Sparse { start, end } => {
            // a sparse row has fewer than `DENSE_FROM` entries (see `Profiles::load`)
            let mut saved = [(0usize, 0.0f64); DENSE_FROM];
            let mut n = 0;
            for (slot, (lang, q)) in saved.iter_mut().zip(profiles.sparse(start, end)) {
                *slot = (lang, prob[lang] * (weight + q));
                n += 1;
            }
            for p in prob.iter_mut() {
                *p *= weight;
            }
            for &(lang, p) in &saved[..n] {
                prob[lang] = p;
            }
        }
    }
}

/// `Detector._normalize_prob`: divide by the sum (summed left to right, as Python 3.11's
/// `sum` of floats does; the zero lanes at the end add nothing) and return the largest
/// probability; `None` where Python would raise `ZeroDivisionError`. The divisions (each
/// exact whatever the order) and the maximum (the same value whatever the order: no
/// probability is NaN) run four lanes at a time.
#[inline(always)]
fn normalize_prob(prob: &mut [f64]) -> Option<f64> {
    let sump: f64 = prob.iter().fold(0.0, |s, &p| s + p);
    if sump == 0.0 {
        return None;
    }
    let mut lanes = [0.0f64; 4];
    for c in prob.chunks_exact_mut(4) {
        for (m, p) in lanes.iter_mut().zip(c) {
            *p /= sump;
            *m = if *m < *p { *p } else { *m };
        }
    }
    Some(lanes.iter().fold(0.0, |m, &q| if m < q { q } else { m }))
}

/// `Detector._detect_block` after the n-grams are extracted: seven trials of the random walk
/// with `random.Random(0)`, averaged, or fewer once the answer is settled (see [`settled`]).
/// `None` where Python would raise.
fn detect_block(profiles: &Profiles, ngrams: &[Row]) -> Option<Vec<f64>> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { detect_block_avx2(profiles, ngrams) };
    }
    walks(profiles, ngrams)
}

/// [`walks`] compiled for AVX2: wider multiplications and divisions, each correctly rounded
/// as the narrower ones are (no sum is reordered, no product is fused), so the same bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn detect_block_avx2(profiles: &Profiles, ngrams: &[Row]) -> Option<Vec<f64>> {
    walks(profiles, ngrams)
}

/// The body of [`detect_block`]: the walks on vectors of [`Profiles::width`] lanes, on
/// arrays of [`FIXED_WIDTH`] (unrolled loops) when that is the width; the sums of the
/// languages.
#[inline(always)]
fn walks(profiles: &Profiles, ngrams: &[Row]) -> Option<Vec<f64>> {
    let n_langs = profiles.langs.len();
    let width = profiles.width();
    if width == FIXED_WIDTH {
        let mut prob = [0.0; FIXED_WIDTH];
        let mut langprob = [0.0; FIXED_WIDTH];
        trials(profiles, ngrams, &mut prob, &mut langprob)?;
        Some(langprob[..n_langs].to_vec())
    } else {
        let mut prob = vec![0.0; width];
        let mut langprob = vec![0.0; width];
        trials(profiles, ngrams, &mut prob, &mut langprob)?;
        langprob.truncate(n_langs);
        Some(langprob)
    }
}

/// The trials of [`walks`] with *prob* and *langprob* of [`Profiles::width`] lanes (zero
/// past the languages); the sums in *langprob*.
#[inline(always)]
fn trials(
    profiles: &Profiles,
    ngrams: &[Row],
    prob: &mut [f64],
    langprob: &mut [f64],
) -> Option<()> {
    let n_langs = profiles.langs.len();
    // `self.random.seed(self.seed)`: the seeded state is the same every time, so copy it
    static SEEDED: std::sync::OnceLock<PyRandom> = std::sync::OnceLock::new();
    let mut rng = SEEDED.get_or_init(|| PyRandom::new(SEED)).clone();
    for trial in 0..N_TRIAL {
        prob[..n_langs].fill(1.0 / n_langs as f64);
        let alpha = ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * ALPHA_WIDTH;
        let weight = alpha / BASE_FREQ;
        let mut i = 0usize;
        loop {
            let row = ngrams[rng.choice_index(ngrams.len())];
            update_lang_prob(profiles, prob, row, weight);
            if i.is_multiple_of(5)
                && (normalize_prob(prob)? > CONV_THRESHOLD || i >= ITERATION_LIMIT)
            {
                break;
            }
            i += 1;
        }
        for (total, p) in langprob.iter_mut().zip(prob.iter()) {
            *total += p / N_TRIAL as f64;
        }
        if settled(&langprob[..n_langs], N_TRIAL - 1 - trial) {
            break;
        }
    }
    Some(())
}

/// Whether the answer of [`detect`] on the final sums is already that on the partial sums
/// *langprob*, with *left* trials still to add: the leader is above `PROB_THRESHOLD` and ahead
/// of every other language by more than the left trials can add to it.
///
/// Each trial adds `p / 7` to a language's sum, with `0 <= p <= 1` (a normalized probability:
/// the walk's last step divides by the sum), so at most `left / 7` in all, rounding included
/// (the margin of `1e-9` covers it many times over); the leader's sum only grows. So the
/// final sums have the same leader, still above the threshold, and [`detect`] names it
/// whatever the left trials draw. They cannot raise either: every walk step multiplies by at
/// least `alpha / BASE_FREQ`, and `alpha > 0` (`gauss` stays within about 8.6 standard
/// deviations: `random()` is at most `1 - 2**-53`), so no normalization divides by zero. The
/// sums themselves are not returned: only the answer is, the same bits as Python's.
fn settled(langprob: &[f64], left: usize) -> bool {
    if left == 0 {
        return false;
    }
    let (mut first, mut second) = (0.0f64, 0.0f64);
    for &p in langprob {
        if p > first {
            second = first;
            first = p;
        } else if p > second {
            second = p;
        }
    }
    first > PROB_THRESHOLD && first - second > left as f64 / N_TRIAL as f64 + 1e-9
}

/// `Detector.detect()` after `append(text)`; `Err` where langdetect would raise something
/// other than "No features in text" (never seen; the caller then asks Python).
pub fn detect(
    profiles: &Profiles,
    ngram: &NGramTables,
    pat: &Patterns,
    text: &str,
    is_upper: &impl Fn(char) -> bool,
) -> Result<Outcome, String> {
    let mut chars = append(pat, ngram, text);
    cleaning_text(&mut chars);
    let ngrams = extract_ngrams(profiles, ngram, &chars, is_upper);
    if ngrams.is_empty() {
        return Ok(Outcome::NoFeatures);
    }
    if profiles.langs.is_empty() {
        return Err("no profile loaded".into());
    }
    let langprob = detect_block(profiles, &ngrams).ok_or("float division by zero")?;
    // `_sort_probability`: above the threshold, sorted by probability, descending and stable
    // (`list.sort(reverse=True)` keeps equal items in order): the first is the answer.
    let mut best: Option<(usize, f64)> = None;
    for (i, &p) in langprob.iter().enumerate() {
        if p > PROB_THRESHOLD && best.is_none_or(|(_, b)| p > b) {
            best = Some((i, p));
        }
    }
    Ok(match best {
        Some((i, _)) => Outcome::Language(profiles.langs[i].clone()),
        None => Outcome::Unknown,
    })
}
