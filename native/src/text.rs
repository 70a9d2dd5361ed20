//! Python's string semantics, from tables read off the running interpreter.
//!
//! `str.splitlines` boundaries, `str.strip`/`str.split` whitespace (`str.isspace`),
//! `str.casefold`, `str.isdigit`, and the `regex` module's `\w` (word counts).

use crate::FastMap;

/// Unicode facts as the Python engine sees them (built once per process from Python).
pub struct Tables {
    casefold: FastMap<char, String>,
    space: Vec<u32>,
    digit: Vec<u32>,
    word: Vec<(u32, u32)>,
    dense: DenseScript,
    /// Below [`LOW`]: the code points in `word`, and those with an entry in `casefold`, as
    /// bits (looked up without a search: Latin, Greek, Cyrillic, Hebrew, Arabic).
    word_low: LowSet,
    fold_low: LowSet,
}

/// Code points below this are looked up in a [`LowSet`].
const LOW: u32 = 0x800;

/// A set of code points below [`LOW`], one bit each.
struct LowSet([u64; LOW as usize / 64]);

impl LowSet {
    /// The code points below [`LOW`] of *points*.
    fn of(points: impl Iterator<Item = u32>) -> Self {
        let mut bits = [0u64; LOW as usize / 64];
        for cp in points.filter(|&cp| cp < LOW) {
            bits[cp as usize / 64] |= 1 << (cp % 64);
        }
        LowSet(bits)
    }
    /// Whether `cp` (below [`LOW`]) is in the set.
    #[inline]
    fn has(&self, cp: u32) -> bool {
        self.0[cp as usize / 64] & (1 << (cp % 64)) != 0
    }
}

/// `lang.is_dense_script_prose`: the characters of scripts written without spaces between
/// words (`[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]` of the `regex` module) and how many of
/// them make running text.
pub struct DenseScript {
    pub ranges: Vec<(u32, u32)>,
    pub min_chars: usize,
}

/// Whether `cp` lies in one of the sorted, disjoint inclusive `ranges`.
fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| cleanwire_layout::chars::run_order(lo, hi, cp))
        .is_ok()
}

impl Tables {
    pub fn new(
        casefold: Vec<(u32, String)>,
        mut space: Vec<u32>,
        mut digit: Vec<u32>,
        mut word: Vec<(u32, u32)>,
        mut dense: DenseScript,
    ) -> Self {
        space.sort_unstable();
        digit.sort_unstable();
        word.sort_unstable();
        dense.ranges.sort_unstable();
        let casefold: FastMap<char, String> = casefold
            .into_iter()
            .filter_map(|(c, s)| char::from_u32(c).map(|c| (c, s)))
            .collect();
        let word_low = LowSet::of(
            word.iter()
                .flat_map(|&(lo, hi)| lo.min(LOW)..hi.saturating_add(1).min(LOW)),
        );
        let fold_low = LowSet::of(casefold.keys().map(|&c| c as u32));
        Tables {
            casefold,
            space,
            digit,
            word,
            dense,
            word_low,
            fold_low,
        }
    }

    /// `lang.is_dense_script_prose`: at least `min_chars` Han, Hiragana, Katakana or Thai
    /// characters in `s`.
    pub fn is_dense_script_prose(&self, s: &str) -> bool {
        let mut found = 0;
        for c in s.chars() {
            if !c.is_ascii() && in_ranges(&self.dense.ranges, c as u32) {
                found += 1;
                if found >= self.dense.min_chars {
                    return true;
                }
            }
        }
        false
    }

    /// `str.isspace` of one character.
    #[inline]
    pub fn is_space(&self, c: char) -> bool {
        if c.is_ascii() {
            return matches!(
                c,
                '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f' | ' '
            );
        }
        self.space.binary_search(&(c as u32)).is_ok()
    }

    /// `str.isdigit` of one character.
    pub fn is_digit(&self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_digit();
        }
        self.digit.binary_search(&(c as u32)).is_ok()
    }

    /// `\w` of the `regex` module.
    #[inline]
    pub fn is_word(&self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_alphanumeric() || c == '_';
        }
        let cp = c as u32;
        if cp < LOW {
            return self.word_low.has(cp);
        }
        in_ranges(&self.word, cp)
    }

    /// `str.strip()`.
    pub fn strip<'a>(&self, s: &'a str) -> &'a str {
        s.trim_matches(|c| self.is_space(c))
    }

    /// `str.rstrip()` / `str.lstrip()` length in characters of the leading whitespace.
    pub fn leading_spaces(&self, s: &str) -> usize {
        s.chars().take_while(|&c| self.is_space(c)).count()
    }

    /// `str.split()`.
    pub fn split<'a>(&self, s: &'a str) -> Vec<&'a str> {
        s.split(|c| self.is_space(c))
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// `str.casefold()`.
    pub fn casefold(&self, s: &str) -> String {
        if s.is_ascii() {
            return s.to_ascii_lowercase();
        }
        let mut out = String::with_capacity(s.len());
        self.fold_into(s, |_| None, &mut out);
        out
    }

    /// `str.casefold()` of `_map_key_chars(s)` (a line's key), into *out* (cleared first):
    /// both map one character at a time, and what `_map_key_chars` gives (ASCII punctuation)
    /// `casefold` leaves alone, so each character is mapped, else folded.
    pub fn key_fold_into(&self, s: &str, out: &mut String) {
        out.clear();
        self.fold_into(s, key_char, out);
    }

    /// Each character of *s* case-folded (or, when *map* gives it a replacement, replaced)
    /// onto *out*; runs of ASCII are copied and lowered at once.
    #[inline]
    fn fold_into(&self, s: &str, map: impl Fn(char) -> Option<&'static str>, out: &mut String) {
        let mut rest = s;
        loop {
            let run = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            let at = out.len();
            out.push_str(&rest[..run]);
            out[at..].make_ascii_lowercase();
            rest = &rest[run..];
            let Some(c) = rest.chars().next() else {
                return;
            };
            rest = &rest[c.len_utf8()..];
            if let Some(r) = map(c) {
                out.push_str(r);
            } else if (c as u32) < LOW && !self.fold_low.has(c as u32) {
                out.push(c);
            } else if let Some(f) = self.casefold.get(&c) {
                out.push_str(f);
            } else {
                out.push(c);
            }
        }
    }

    /// The number of words (`document.word_tokens`): `\w+` runs, with each run of Chinese or
    /// Japanese characters inside them counted as one word per two characters.
    pub fn count_words(&self, s: &str) -> usize {
        let mut n = 0;
        let mut inside = false;
        let mut in_cjk = false;
        let mut cjk_len = 0usize;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                // an ASCII character, never CJK: `in_cjk` is read only inside a run
                i += 1;
                let w = ASCII_CLASS[b as usize] & A_WORD != 0;
                n += usize::from(w && (!inside || in_cjk));
                in_cjk = false;
                // the ASCII characters after it, scanned together (no CJK among them)
                let end = ascii_run_end(bytes, i);
                let scan = Scan {
                    inside: w,
                    ..Scan::default()
                }
                .wide(&bytes[i..end]);
                n += scan.words;
                inside = scan.inside;
                i = end;
                continue;
            }
            let c = s[i..].chars().next().expect("i is a char boundary");
            i += c.len_utf8();
            if !self.is_word(c) {
                inside = false;
                continue;
            }
            if cleanwire_layout::chars::cjk(c) {
                cjk_len = if inside && in_cjk { cjk_len + 1 } else { 1 };
                n += cjk_len % 2;
                in_cjk = true;
            } else {
                n += usize::from(!inside || in_cjk);
                in_cjk = false;
            }
            inside = true;
        }
        n
    }
}

/// Bytes that can begin a `str.splitlines` boundary: the ASCII ones, and the lead bytes of
/// U+0085 (`C2 85`) and U+2028/U+2029 (`E2 80 A8`/`A9`).
static BREAK_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(
            i as u8,
            b'\n' | b'\r' | 0x0b | 0x0c | 0x1c | 0x1d | 0x1e | 0xc2 | 0xe2
        );
        i += 1;
    }
    t
};

/// `str.splitlines()` (no ends kept), in one pass over the bytes: a lead byte of UTF-8 starts a
/// character, so a boundary found at one is a character boundary.
pub fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(word) = b.get(i..i + 8) {
            // Eight bytes at a time over printable ASCII (0x20 to 0x7F), which holds no lead.
            let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let off = (x.wrapping_sub(0x2020_2020_2020_2020) | x) & 0x8080_8080_8080_8080;
            // The lowest flagged byte is below 0x20 or above 0x7F (a borrow only flags bytes
            // above it).
            i += (off.trailing_zeros() / 8) as usize;
            if off == 0 {
                continue;
            }
        }
        if !BREAK_LEAD[b[i] as usize] {
            i += 1;
            continue;
        }
        let end = match b[i] {
            b'\r' => {
                if b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                }
            }
            0xc2 => {
                if b.get(i + 1) != Some(&0x85) {
                    i += 1;
                    continue;
                }
                i + 2
            }
            0xe2 => {
                if b.get(i + 1) != Some(&0x80) || !matches!(b.get(i + 2), Some(0xa8 | 0xa9)) {
                    i += 1;
                    continue;
                }
                i + 3
            }
            _ => i + 1,
        };
        out.push(&s[start..i]);
        start = end;
        i = end;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// What [`ascii_line`] tells of an ASCII line.
pub struct AsciiLine<'a> {
    /// `str.strip()` of the line (empty for a blank line).
    pub stripped: &'a str,
    /// Leading whitespace, in characters (`Tables::leading_spaces`).
    pub indent: usize,
    /// `\w+` runs (`Tables::count_words`).
    pub words: usize,
    /// Whether `stripped` holds a tab or two spaces in a row (`collapse_spaces_into` would
    /// change it).
    pub collapse: bool,
    /// Whether `stripped` holds an upper-case letter (its key differs from it).
    pub upper: bool,
}

/// Byte classes of [`ascii_line`]: `str.isspace` of ASCII, `\w`, upper case, and the spaces
/// that `_SPACES` collapses.
const A_SPACE: u8 = 1;
const A_WORD: u8 = 2;
const A_UPPER: u8 = 4;
const A_COLLAPSE: u8 = 8;

static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        let mut k = 0;
        if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f | b' ') {
            k |= A_SPACE;
        }
        if c.is_ascii_alphanumeric() || c == b'_' {
            k |= A_WORD;
        }
        if c.is_ascii_uppercase() {
            k |= A_UPPER;
        }
        if c == b' ' || c == b'\t' {
            k |= A_COLLAPSE;
        }
        t[i] = k;
        i += 1;
    }
    t
};

/// The strip, indent, word count and key facts of an ASCII line, in one pass over its bytes
/// (the same answers as [`Tables::strip`], [`Tables::leading_spaces`], [`Tables::count_words`]
/// and the checks of [`collapse_spaces_into`] on ASCII).
pub fn ascii_line(raw: &str) -> AsciiLine<'_> {
    debug_assert!(raw.is_ascii());
    let b = raw.as_bytes();
    let class = |c: u8| ASCII_CLASS[(c & 0x7f) as usize];
    let mut lo = 0;
    while lo < b.len() && class(b[lo]) & A_SPACE != 0 {
        lo += 1;
    }
    let mut hi = b.len();
    while hi > lo && class(b[hi - 1]) & A_SPACE != 0 {
        hi -= 1;
    }
    let scan = Scan::default().wide(&b[lo..hi]);
    AsciiLine {
        stripped: &raw[lo..hi],
        indent: lo,
        words: scan.words,
        collapse: scan.collapse,
        upper: scan.upper,
    }
}

/// The word, case and space facts of [`AsciiLine`] over ASCII bytes read so far, with what
/// the last byte was (for the bytes after it).
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
struct Scan {
    words: usize,
    upper: bool,
    collapse: bool,
    /// Whether the last byte is a `\w` character.
    inside: bool,
    /// Whether the last byte is a space or tab.
    after_space: bool,
}

impl Scan {
    /// The scan after the ASCII bytes `b`, one at a time.
    fn narrow(mut self, b: &[u8]) -> Scan {
        for &c in b {
            let k = ASCII_CLASS[(c & 0x7f) as usize];
            let w = k & A_WORD != 0;
            self.words += usize::from(w & !self.inside);
            self.inside = w;
            self.upper |= k & A_UPPER != 0;
            let sp = k & A_COLLAPSE != 0;
            self.collapse |= (sp & self.after_space) | (c == b'\t');
            self.after_space = sp;
        }
        self
    }

    /// [`Scan::narrow`], sixteen bytes at a time (SSE2).
    #[cfg(target_arch = "x86_64")]
    fn wide(self, b: &[u8]) -> Scan {
        // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 processor has it.
        unsafe { self.wide_sse2(b) }
    }

    /// [`Scan::narrow`] with SSE2: each class as a mask of bits, one per byte of a sixteen-byte
    /// chunk; a word starts at a word byte after none.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    fn wide_sse2(mut self, b: &[u8]) -> Scan {
        use std::arch::x86_64::{
            _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
        };
        let mut chunks = b.chunks_exact(16);
        for c in &mut chunks {
            let half =
                |at: usize| i64::from_le_bytes(c[at..at + 8].try_into().expect("eight bytes"));
            let v = _mm_set_epi64x(half(8), half(0));
            // ASCII bytes compare as they are, signed or not
            let byte = |x: u8| _mm_set1_epi8(x as i8);
            let within = |a: u8, z: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, byte(a - 1)),
                    _mm_cmplt_epi8(v, byte(z + 1)),
                )
            };
            let upper = within(b'A', b'Z');
            let word = _mm_or_si128(
                _mm_or_si128(within(b'0', b'9'), upper),
                _mm_or_si128(within(b'a', b'z'), _mm_cmpeq_epi8(v, byte(b'_'))),
            );
            let tab = _mm_cmpeq_epi8(v, byte(b'\t'));
            let space = _mm_or_si128(_mm_cmpeq_epi8(v, byte(b' ')), tab);
            let bits = |m| _mm_movemask_epi8(m) as u32;
            let (w, sp) = (bits(word), bits(space));
            self.words += (w & !((w << 1) | u32::from(self.inside))).count_ones() as usize;
            self.inside = w & 0x8000 != 0;
            self.upper |= bits(upper) != 0;
            self.collapse |= bits(tab) != 0 || sp & ((sp << 1) | u32::from(self.after_space)) != 0;
            self.after_space = sp & 0x8000 != 0;
        }
        self.narrow(chunks.remainder())
    }

    /// [`Scan::narrow`] (no wide path on this processor).
    #[cfg(not(target_arch = "x86_64"))]
    fn wide(self, b: &[u8]) -> Scan {
        self.narrow(b)
    }
}

/// [`collapse_spaces`], written into `buf` (and returned from it), or `s` itself when it holds
/// nothing to collapse (no run of two spaces and no space other than " ": the common line).
pub fn collapse_spaces_into<'a>(s: &'a str, buf: &'a mut String) -> &'a str {
    let b = s.as_bytes();
    let needed = if s.is_ascii() {
        b.contains(&b'\t') || b.windows(2).any(|w| w == b"  ")
    } else {
        needs_collapse(s)
    };
    if !needed {
        return s;
    }
    collapse_runs_into(s, buf)
}

/// Whether `_SPACES.sub(" ", s)` changes `s`: it holds a space other than " " or two in a
/// row. Runs of ASCII characters are scanned together ([`Scan::collapse`]: a tab, or two of
/// " " and tab in a row); a space before a run is " " (any other has answered already).
fn needs_collapse(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut prev = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            let end = ascii_run_end(bytes, i);
            let scan = Scan {
                after_space: prev,
                ..Scan::default()
            }
            .wide(&bytes[i..end]);
            if scan.collapse {
                return true;
            }
            prev = scan.after_space;
            i = end;
            continue;
        }
        let c = s[i..].chars().next().expect("i is a char boundary");
        i += c.len_utf8();
        let space = is_collapsed_space(c);
        if space && (prev || c != ' ') {
            return true;
        }
        prev = space;
    }
    false
}

/// The end of the run of ASCII bytes of `bytes` from `i` on: eight bytes at a time while none
/// has its high bit set.
#[inline]
fn ascii_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// `_SPACES.sub(" ", s)` written into `buf`: the text between runs copied a piece at a time.
pub fn collapse_runs_into<'a>(s: &str, buf: &'a mut String) -> &'a str {
    buf.clear();
    let mut start = 0;
    let mut in_run = false;
    for (i, c) in s.char_indices() {
        if is_collapsed_space(c) {
            if !in_run {
                buf.push_str(&s[start..i]);
                buf.push(' ');
                in_run = true;
            }
            start = i + c.len_utf8();
        } else {
            in_run = false;
        }
    }
    buf.push_str(&s[start..]);
    buf
}

/// A character of `_SPACES`: `[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]`.
#[inline]
fn is_collapsed_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// `_SPACES.sub(" ", s)`: runs of `[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]` to one space.
#[cfg(test)]
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in s.chars() {
        if is_collapsed_space(c) {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// What `_map_key_chars` makes of a (non-ASCII) character: curly quotes, dashes and the
/// ellipsis to ASCII (`None`: left as it is).
fn key_char(c: char) -> Option<&'static str> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => Some("'"),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => Some("\""),
        '\u{2013}' | '\u{2014}' => Some("-"),
        '\u{2026}' => Some("..."),
        _ => None,
    }
}

/// `has_curly_quotes`: U+02BC or one of U+2018 to U+201F, found by their lead bytes (`CA BC`
/// and `E2 80 98` to `E2 80 9F`: bytes above `BF` only ever lead a character).
pub fn has_curly_quotes(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(0xca, 0xe2, b).any(|i| {
        if b[i] == 0xca {
            b.get(i + 1) == Some(&0xbc)
        } else {
            b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x98..=0x9f))
        }
    })
}

/// `uncurl_quotes`: the text between the quotes copied a piece at a time (the quotes found by
/// their lead bytes, as [`has_curly_quotes`] finds them).
pub fn uncurl_quotes(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    for i in memchr::memchr2_iter(0xca, 0xe2, b) {
        let (width, ascii) = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (0xca, Some(0xbc), _) => (2, '\''),
            (0xe2, Some(0x80), Some(0x98..=0x9b)) => (3, '\''),
            (0xe2, Some(0x80), Some(0x9c..=0x9f)) => (3, '"'),
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push(ascii);
        start = i + width;
    }
    out.push_str(&s[start..]);
    out
}

/// `s.ends_with(suffix)`, the last bytes compared first: most suffixes tried on a line end
/// with another byte, and the comparison of the whole suffix is a call to `memcmp`.
#[inline]
pub fn ends_with(s: &str, suffix: &str) -> bool {
    let (b, x) = (s.as_bytes(), suffix.as_bytes());
    match (b.last(), x.last()) {
        (_, None) => true,
        (Some(c), Some(d)) => c == d && b.ends_with(x),
        (None, Some(_)) => false,
    }
}

/// Number of characters (Python's `len`).
#[inline]
pub fn clen(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// `s.rstrip(chars)`.
pub fn rstrip_chars<'a>(s: &'a str, chars: &str) -> &'a str {
    s.trim_end_matches(|c| chars.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ends_with_is_str_ends_with() {
        let all = ["", "a", "ba", "ab", "né", "é", "e", "abc", "bc", "c"];
        for s in all {
            for x in all {
                assert_eq!(ends_with(s, x), s.ends_with(x), "{s:?} {x:?}");
            }
        }
    }
    #[test]
    fn uncurl_quotes_maps_each_character() {
        let by_chars = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '\u{2bc}' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => '\'',
                    '\u{201c}'..='\u{201f}' => '"',
                    _ => c,
                })
                .collect()
        };
        let pieces = [
            "a", " ", "\u{2bc}", "\u{2bb}", "\u{2bd}", "\u{2017}", "\u{2018}", "\u{201b}",
            "\u{201c}", "\u{201f}", "\u{2020}", "\u{2013}", "\u{e2}", "ʼ", "é", "中", "😀",
        ];
        for x in pieces {
            for y in pieces {
                for z in pieces {
                    let s = format!("{x}{y}{z}");
                    assert_eq!(uncurl_quotes(&s), by_chars(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn splitlines_like_python() {
        assert_eq!(splitlines("a\r\nb\rc\n"), vec!["a", "b", "c"]);
        assert_eq!(splitlines(""), Vec::<&str>::new());
        assert_eq!(splitlines("\n"), vec![""]);
        assert_eq!(splitlines("a\u{2028}b\u{85}"), vec!["a", "b"]);
        assert_eq!(
            splitlines("\u{a0}\u{2030}x\u{2029}\u{2027}\x1c\x1f\u{85}"),
            vec!["\u{a0}\u{2030}x", "\u{2027}", "\x1f"]
        );
        assert_eq!(splitlines("a\r\rb\x0b\x0c"), vec!["a", "", "b", ""]);
    }

    /// The char-by-char `splitlines` the byte scan replaced.
    fn splitlines_by_char(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let end = match c {
                '\n' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
                | '\u{2029}' => i + c.len_utf8(),
                '\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        iter.next();
                        i + 2
                    } else {
                        i + 1
                    }
                }
                _ => continue,
            };
            out.push(&s[start..i]);
            start = end;
        }
        if start < s.len() {
            out.push(&s[start..]);
        }
        out
    }

    #[test]
    fn splitlines_by_bytes_like_by_chars() {
        let pieces = [
            "a",
            " ",
            "\n",
            "\r",
            "\r\n",
            "\x0b",
            "\x0c",
            "\x1c",
            "\x1d",
            "\x1e",
            "\x1f",
            "\u{85}",
            "\u{84}",
            "\u{a0}",
            "\u{2028}",
            "\u{2029}",
            "\u{2027}",
            "\u{2030}",
            "\u{2128}",
            "\u{e000}",
            "\u{1f600}",
            "\u{c5}",
            "\t",
            "\x7f",
            // eight bytes and more of printable ASCII, read a word at a time
            "The quick brown fox",
        ];
        for s in random_strings(12345, &pieces, 9, 20000) {
            assert_eq!(splitlines(&s), splitlines_by_char(&s), "{s:?}");
        }
    }

    /// `count` strings of up to `longest - 1` random `pieces` each, the same for the same `seed`
    /// (a linear congruential generator: no dependency for the tests).
    fn random_strings(seed: u64, pieces: &[&str], longest: u64, count: usize) -> Vec<String> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..(state % longest) {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    s.push_str(pieces[(state >> 33) as usize % pieces.len()]);
                }
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                s
            })
            .collect()
    }

    /// Tables with *casefold* as the case-folding table and nothing else.
    fn tables_folding(casefold: Vec<(u32, String)>) -> Tables {
        Tables::new(
            casefold,
            Vec::new(),
            Vec::new(),
            Vec::new(),
            DenseScript {
                ranges: Vec::new(),
                min_chars: 1,
            },
        )
    }

    #[test]
    fn ascii_lines_like_the_general_path() {
        let t = tables_folding(Vec::new());
        let pieces = [
            "a", "B", "_", "9", " ", "  ", "\t", "\x0b", "\x1c", "\x1f", ".", "-", "\x7f", "\0",
        ];
        let mut buf = String::new();
        for s in random_strings(777, &pieces, 11, 20000) {
            let a = ascii_line(&s);
            let b = a.stripped.as_bytes();
            assert_eq!(Scan::default().wide(b), Scan::default().narrow(b), "{s:?}");
            let stripped = t.strip(&s);
            assert_eq!(a.stripped, stripped, "{s:?}");
            assert_eq!(a.indent, t.leading_spaces(&s), "{s:?}");
            assert_eq!(a.words, t.count_words(stripped), "{s:?}");
            let collapsed = collapse_spaces_into(stripped, &mut buf).to_string();
            assert_eq!(a.collapse, collapsed != stripped, "{s:?}");
            assert_eq!(a.upper, stripped.to_ascii_lowercase() != stripped, "{s:?}");
        }
    }

    #[test]
    fn wide_scans_give_the_narrow_scans_facts() {
        // every byte next to the edges of the classes, in lines of several chunks
        let pieces = [
            "a",
            "z",
            "A",
            "Z",
            "0",
            "9",
            "_",
            "/",
            ":",
            "@",
            "[",
            "`",
            "{",
            " ",
            "  ",
            "\t",
            "\n",
            "\x7f",
            "\0",
            "word ",
            "Two words. ",
        ];
        for s in random_strings(4242, &pieces, 80, 20000) {
            let b = s.as_bytes();
            for from in 0..b.len().min(17) {
                let start = Scan::default().narrow(&b[..from]);
                assert_eq!(
                    start.wide(&b[from..]),
                    start.narrow(&b[from..]),
                    "{s:?} {from}"
                );
            }
        }
    }

    /// The two passes [`Tables::key_fold_into`] replaced: `_map_key_chars`, then `casefold`
    /// character by character.
    fn key_by_chars(t: &Tables, s: &str) -> String {
        let mapped: String = s
            .chars()
            .map(|c| key_char(c).map_or_else(|| c.to_string(), str::to_string))
            .collect();
        mapped
            .chars()
            .map(|c| match t.casefold.get(&c) {
                Some(f) => f.clone(),
                None => c.to_ascii_lowercase().to_string(),
            })
            .collect()
    }

    #[test]
    fn keys_folded_in_one_pass_like_two() {
        let t = tables_folding(vec![
            ('\u{c9}' as u32, "\u{e9}".to_string()),
            ('\u{df}' as u32, "ss".to_string()),
            ('\u{3a3}' as u32, "\u{3c3}".to_string()),
            ('\u{1e9e}' as u32, "ss".to_string()),
        ]);
        let pieces = [
            "a",
            "B",
            " ",
            "Z",
            "\u{c9}",
            "\u{e9}",
            "\u{df}",
            "\u{3a3}",
            "\u{1e9e}",
            "\u{2019}",
            "\u{201c}",
            "\u{2014}",
            "\u{2026}",
            "\u{b4}",
            "\u{2032}",
            "\u{2bc}",
            "\u{4e2d}",
            "\u{1f600}",
        ];
        let mut buf = String::new();
        for s in random_strings(99, &pieces, 12, 20000) {
            t.key_fold_into(&s, &mut buf);
            assert_eq!(buf, key_by_chars(&t, &s), "{s:?}");
            let quotes = s
                .chars()
                .any(|c| c == '\u{2bc}' || ('\u{2018}'..='\u{201f}').contains(&c));
            assert_eq!(has_curly_quotes(&s), quotes, "{s:?}");
        }
    }

    /// `count_words` one character at a time, as it was before ASCII runs were scanned together.
    fn words_by_chars(t: &Tables, s: &str) -> usize {
        let (mut n, mut inside, mut in_cjk, mut cjk_len) = (0, false, false, 0usize);
        for c in s.chars() {
            if !t.is_word(c) {
                inside = false;
                continue;
            }
            if cleanwire_layout::chars::cjk(c) {
                cjk_len = if inside && in_cjk { cjk_len + 1 } else { 1 };
                n += cjk_len % 2;
                in_cjk = true;
            } else {
                n += usize::from(!inside || in_cjk);
                in_cjk = false;
            }
            inside = true;
        }
        n
    }

    #[test]
    fn mixed_lines_scan_ascii_runs_as_characters() {
        let t = tables_folding(Vec::new());
        let pieces = [
            "a",
            "Z",
            "_",
            "9",
            " ",
            "  ",
            "\t",
            ".",
            "word ",
            "long words here, ",
            "é",
            "ß",
            "中",
            "文字",
            "カ",
            "\u{a0}",
            "\u{2009}",
            "\u{3000}",
            "\u{200b}",
            "—",
            "😀",
        ];
        for s in random_strings(99, &pieces, 40, 20000) {
            assert_eq!(t.count_words(&s), words_by_chars(&t, &s), "{s:?}");
            assert_eq!(needs_collapse(&s), collapse_spaces(&s) != s, "{s:?}");
        }
    }

    #[test]
    fn collapse_into_like_collapse() {
        let mut buf = String::new();
        for s in [
            "a b",
            "a  b",
            "a\tb",
            "a \t b",
            "x\u{a0}\u{2009} y",
            "plain",
            "\u{3000}z  ",
            "é b",
            "é  b",
            "é\u{a0}b",
            "\u{a0}",
            " \u{2009}é\u{3000}\u{3000}x\ty ",
            "ü\u{2000}\u{200a}\u{200b}z",
        ] {
            assert_eq!(
                collapse_spaces_into(s, &mut buf),
                collapse_spaces(s),
                "{s:?}"
            );
        }
    }
}
