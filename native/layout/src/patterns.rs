//! The regular expressions of `features.py` and `cleaners/base.py`, matched by hand.
//!
//! The Python engine compiles them with the `regex` module, whose Unicode tables are
//! newer than the `regex` crate's (tens of thousands of code points differ in `\w`, so
//! `\b` too). Each pattern here is small enough to be matched by a direct walk over
//! the characters with the classes of [`crate::chars`], which are the `regex` module's
//! own. Every function names the pattern it matches and why the walk gives the same
//! answer as the backtracking engine (greedy runs that cannot give anything back).
//!
//! ```
//! use cleanwire_layout::patterns;
//! assert!(patterns::date_like("updated 12.03.2024, 5 min read"));
//! assert_eq!(patterns::sentence_breaks("One. Two! \"Three"), 2);
//! ```

use crate::chars::{re_digit, re_space, re_upper, re_word};

/// Length of the run of `\d` at the start of `s` (characters) and the rest after it.
#[inline]
fn digit_run(s: &str) -> (usize, &str) {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if !re_digit(c) {
            return (n, &s[i..]);
        }
        n += 1;
    }
    (n, "")
}

/// `_LIST_MARK.match(text)`: `^(?:[*•·▪►▸◦‣∙+-]\s|\d{1,3}[.)]\s|\[\d+\]|\(\d+\))`.
///
/// A digit run is followed by a non-digit, so `\d{1,3}[.)]` and `\[\d+\]` take the whole run.
pub fn list_mark(text: &str) -> bool {
    let mut it = text.chars();
    let Some(c0) = it.next() else { return false };
    if "*•·▪►▸◦‣∙+-".contains(c0) {
        return it.next().is_some_and(re_space);
    }
    if c0 == '[' || c0 == '(' {
        let close = if c0 == '[' { ']' } else { ')' };
        let (n, rest) = digit_run(it.as_str());
        return n >= 1 && rest.starts_with(close);
    }
    let (n, rest) = digit_run(text);
    if !(1..=3).contains(&n) {
        return false;
    }
    let mut r = rest.chars();
    matches!(r.next(), Some('.' | ')')) && r.next().is_some_and(re_space)
}

/// `len(_SENTENCE_BREAK.findall(text))`: `[.!?]["'’”)]?\s+["'‘“(]?\p{Lu}`.
///
/// Deterministic: a closer is no space, so the optional closer is taken when present; `\s+`
/// takes the whole run (a space is neither an opener nor a capital); an opener is no capital.
/// No mark lies inside a match, so counting from each mark left to right counts the
/// non-overlapping matches of `findall`.
pub fn sentence_breaks(text: &str) -> usize {
    let mut count = memchr::memchr3_iter(b'.', b'!', b'?', text.as_bytes())
        .filter(|&pos| sentence_break_after(&text[pos + 1..]))
        .count();
    // `[。！？]\s*(?=\S)`: a Chinese/Japanese mark with more than space after it. The marks
    // are three bytes long and begin with E3 or EF (lead bytes: character boundaries).
    count += memchr::memchr2_iter(0xe3, 0xef, text.as_bytes())
        .filter(|&pos| {
            let rest = &text[pos..];
            ["。", "！", "？"].iter().any(|m| rest.starts_with(m))
                && rest[3..].chars().any(|c| !re_space(c))
        })
        .count();
    count
}

/// Whether what follows a sentence mark completes a `_SENTENCE_BREAK` match.
fn sentence_break_after(rest: &str) -> bool {
    let mut it = rest.chars().peekable();
    if matches!(it.peek(), Some('"' | '\'' | '’' | '”' | ')')) {
        it.next();
    }
    let mut spaces = 0;
    while it.peek().is_some_and(|&c| re_space(c)) {
        it.next();
        spaces += 1;
    }
    if spaces == 0 {
        return false;
    }
    match it.next() {
        Some(c) if re_upper(c) => true,
        Some('"' | '\'' | '‘' | '“' | '(') => it.next().is_some_and(re_upper),
        _ => false,
    }
}

/// `_WEBBY.search(key)`: `@|https?:|www\.|\.com\b|\.org\b|\.net\b`, in one pass over the bytes
/// (every literal is ASCII, so byte positions are character boundaries).
pub fn webby(key: &str) -> bool {
    let b = key.as_bytes();
    // Only `@`, `:` and `.` can complete a literal: the other bytes are skipped unread.
    for i in memchr::memchr3_iter(b'@', b':', b'.', b) {
        match b[i] {
            b'@' => return true,
            b':' if b[..i].ends_with(b"http") || b[..i].ends_with(b"https") => return true,
            b'.' => {
                if b[..i].ends_with(b"www") {
                    return true;
                }
                let tld = &b[i + 1..];
                if tld.starts_with(b"com") || tld.starts_with(b"org") || tld.starts_with(b"net") {
                    // The literal ends with a letter, a word character: \b needs a non-word next.
                    if !key[i + 4..].chars().next().is_some_and(re_word) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// A character as `(?i)` in the `regex` module compares it with the letters of `_LEGAL`:
/// simple case folding, where `İ` matches `i` and `ſ` matches `s` (from the module itself,
/// see `tests/unicode.rs`).
#[inline]
fn legal_fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{130}' => 'i',
        '\u{17F}' => 's',
        _ => c,
    }
}

/// `_LEGAL.search(text)`: `(?i)©|\(c\)|copyright|all rights reserved|™|®`.
pub fn legal(text: &str) -> bool {
    if text.is_ascii() {
        return legal_ascii(text.as_bytes());
    }
    // `©` (C2 A9), `®` (C2 AE) and `™` (E2 84 A2); `İ` (C4 B0) and `ſ` (C5 BF) fold to ASCII
    // letters of the needles. Without the last two, every other byte of a non-ASCII character
    // is at least 0x80 and equals no byte of a needle, so the ASCII search gives the answer.
    let b = text.as_bytes();
    let mut folds = false;
    for (i, w) in b.windows(2).enumerate() {
        match (w[0], w[1]) {
            (0xc2, 0xa9 | 0xae) => return true,
            (0xe2, 0x84) if b.get(i + 2) == Some(&0xa2) => return true,
            (0xc4, 0xb0) | (0xc5, 0xbf) => folds = true,
            _ => {}
        }
    }
    if !folds {
        return legal_ascii(b);
    }
    let folded: String = text.chars().map(legal_fold).collect();
    folded.contains("(c)") || folded.contains("copyright") || folded.contains("all rights reserved")
}

/// [`legal`] of an ASCII text (or of bytes where no non-ASCII byte can match), without a
/// lower-cased copy. Each needle is looked for where its rarest character is (`(` of "(c)",
/// `y` of "copyright", `v` of "all rights reserved", found with `memchr`), then compared
/// ASCII case-insensitively.
fn legal_ascii(b: &[u8]) -> bool {
    let at = |i: usize, back: usize, needle: &[u8]| {
        i >= back
            && b.len() - (i - back) >= needle.len()
            && b[i - back..i - back + needle.len()].eq_ignore_ascii_case(needle)
    };
    memchr::memchr3_iter(b'(', b'y', b'Y', b).any(|i| {
        if b[i] == b'(' {
            at(i, 0, b"(c)")
        } else {
            at(i, 3, b"copyright")
        }
    }) || memchr::memchr2_iter(b'v', b'V', b).any(|i| at(i, 16, b"all rights reserved"))
}

/// The openings of `_GREETING`, alternatives expanded.
const GREETINGS: &[&str] = &[
    "hi",
    "hey",
    "hello",
    "dear",
    "thanks",
    "thank you",
    "thx",
    "great article",
    "great post",
    "great read",
    "great job",
    "great tips",
    "love this",
    "love your",
    "love it",
    "i love",
    "i loved",
    "i agree",
    "i think",
    "i have",
    "i had",
    "i am",
    "i was",
    "i just",
    "i really",
    "i would",
    "hallo",
    "danke",
    "liebe",
    "bonjour",
    "merci",
    "hola",
    "gracias",
];

/// `_GREETING.match(key)`: one of the openings at the start, then `\b` (each opening ends
/// with a letter, so the next character must be no word character).
pub fn greeting(key: &str) -> bool {
    if !matches!(
        key.as_bytes().first(),
        Some(b'h' | b'd' | b't' | b'g' | b'l' | b'i' | b'b' | b'm')
    ) {
        return false;
    }
    // The first bytes are compared before `starts_with` (a call to `memcmp`): most
    // greetings start with another letter.
    let first = key.as_bytes()[0];
    GREETINGS.iter().any(|g| {
        g.as_bytes()[0] == first
            && key.starts_with(g)
            && !key[g.len()..].chars().next().is_some_and(re_word)
    })
}

/// `_KEY_VALUE.match(text)`: `^[^:]{1,40}:\s+\S`. The first colon must be the 2nd to 41st
/// character; `\s+` takes the whole run and something must follow it.
pub fn key_value(text: &str) -> bool {
    let mut it = text.chars();
    let mut before = 0;
    loop {
        match it.next() {
            None => return false,
            Some(':') => break,
            Some(_) => {
                before += 1;
                if before > 40 {
                    return false;
                }
            }
        }
    }
    if before == 0 {
        return false;
    }
    let mut spaces = 0;
    for c in it {
        if re_space(c) {
            spaces += 1;
        } else {
            return spaces > 0;
        }
    }
    false
}

/// The units of the fourth branch of `_DATE_LIKE`, optional letters expanded.
const UNITS: &[&str] = &[
    "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "day", "days", "week",
    "weeks", "month", "months", "year", "years", "std", "stunde", "stunden", "tage", "tagen",
    "jour", "jours", "heure", "heures", "hora", "horas", "dia", "dias", "día", "días",
];

/// `_DATE_LIKE.search(key)`: a date `\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b`, a clock time
/// `\b\d{1,2}:\d{2}\b`, a year `\b(?:19|20)\d{2}\b`, or a duration `\b\d+\s*(?:min|...)\b`.
///
/// Every branch starts with `\b\d`: a digit run not preceded by a word character. A digit
/// run is followed by a non-digit, and what follows each `\d` quantifier (a separator, a
/// colon, `\b`, a space or a letter) is no digit, so each quantifier takes the whole run.
pub fn date_like(key: &str) -> bool {
    let c: Vec<char> = key.chars().collect();
    date_like_chars(&c)
}

/// [`date_like`] on a key already split into characters.
pub fn date_like_chars(c: &[char]) -> bool {
    let n = c.len();
    let run = |from: usize| -> usize {
        let mut j = from;
        while j < n && re_digit(c[j]) {
            j += 1;
        }
        j - from
    };
    let ends_word = |at: usize| -> bool { at >= n || !re_word(c[at]) };
    let mut i = 0;
    while i < n {
        if !re_digit(c[i]) || (i > 0 && re_word(c[i - 1])) {
            i += 1;
            continue;
        }
        let r = run(i);
        let after = i + r;
        // date
        if r <= 4 && after < n && matches!(c[after], '.' | '/' | '-') {
            let r2 = run(after + 1);
            let sep2 = after + 1 + r2;
            if (1..=2).contains(&r2) && sep2 < n && matches!(c[sep2], '.' | '/' | '-') {
                let r3 = run(sep2 + 1);
                if (2..=4).contains(&r3) && ends_word(sep2 + 1 + r3) {
                    return true;
                }
            }
        }
        // clock time
        if r <= 2 && after < n && c[after] == ':' {
            let r2 = run(after + 1);
            if r2 == 2 && ends_word(after + 3) {
                return true;
            }
        }
        // year
        if r == 4
            && ((c[i] == '1' && c[i + 1] == '9') || (c[i] == '2' && c[i + 1] == '0'))
            && ends_word(after)
        {
            return true;
        }
        // duration
        let mut j = after;
        while j < n && re_space(c[j]) {
            j += 1;
        }
        let rest = &c[j..];
        for unit in UNITS.iter() {
            let mut k = 0;
            let mut ok = true;
            for u in unit.chars() {
                if k < rest.len() && rest[k] == u {
                    k += 1;
                } else {
                    ok = false;
                    break;
                }
            }
            if ok && ends_word(j + k) {
                return true;
            }
        }
        i = after;
    }
    false
}

/// `_HEADLINE_END.search(text)` (`cleaners/base.py`): `[.!?:;,]['"’”)\]]*$`. Without
/// MULTILINE, `$` also matches before a final newline (lines never hold one; other callers might).
pub fn headline_end(text: &str) -> bool {
    let ends = |t: &str| {
        let bare = t.trim_end_matches(['\'', '"', '\u{2019}', '\u{201d}', ')', ']']);
        bare.ends_with(['.', '!', '?', ':', ';', ','])
    };
    ends(text) || text.strip_suffix('\n').is_some_and(ends)
}

/// `_STARTS_UPPER.match(text)` (`cleaners/base.py`): `^[\W_]*[\p{Lu}\d]`: the first word
/// character other than `_` is a capital or a digit.
pub fn starts_upper(text: &str) -> bool {
    for c in text.chars() {
        if !re_word(c) || c == '_' {
            continue;
        }
        return re_upper(c) || re_digit(c);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_ascii_finds_what_a_lowercased_copy_contains() {
        let reference = |t: &str| {
            let low = t.to_ascii_lowercase();
            low.contains("(c)") || low.contains("copyright") || low.contains("all rights reserved")
        };
        for t in [
            "(c)",
            "(C) 2024",
            "x(c",
            "Copyright",
            "COPYRIGHT 2020",
            "copyrigh",
            "opyright",
            "All Rights Reserved.",
            "all rights reserve",
            "ll rights reserved",
            "yv(",
            "",
            "by the way, very (cheap)",
            "\u{8}c)",
            "abc (c)",
            "copyrightcopyright",
        ] {
            assert_eq!(legal(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn legal_of_other_text_finds_what_the_folded_copy_contains() {
        let reference = |t: &str| {
            t.contains(['©', '™', '®']) || {
                let folded: String = t.chars().map(legal_fold).collect();
                folded.contains("(c)")
                    || folded.contains("copyright")
                    || folded.contains("all rights reserved")
            }
        };
        for t in [
            "é (C) 2024",
            "Ünïcode",
            "COPYİGHT",
            "COPYRİGHT ©",
            "copyrİght",
            "all rights reſerved",
            "∂ all rights reserved",
            "x™",
            "x®",
            "x©",
            "\u{2124}\u{a2}\u{84}",
            "ćopyright",
            "\u{130}",
            "\u{17f}",
            "€ (c)",
        ] {
            assert_eq!(legal(t), reference(t), "{t:?}");
        }
    }
}
