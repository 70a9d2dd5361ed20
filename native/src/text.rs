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
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
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
        let casefold = casefold
            .into_iter()
            .filter_map(|(c, s)| char::from_u32(c).map(|c| (c, s)))
            .collect();
        Tables {
            casefold,
            space,
            digit,
            word,
            dense,
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
        in_ranges(&self.word, c as u32)
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
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if let Some(f) = self.casefold.get(&c) {
                out.push_str(f);
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The number of `\w+` runs.
    pub fn count_words(&self, s: &str) -> usize {
        let mut n = 0;
        let mut inside = false;
        for c in s.chars() {
            let w = self.is_word(c);
            if w && !inside {
                n += 1;
            }
            inside = w;
        }
        n
    }
}

/// `str.splitlines()` (no ends kept).
pub fn splitlines(s: &str) -> Vec<&str> {
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

/// [`collapse_spaces`], written into `buf` (and returned from it), or `s` itself when it holds
/// nothing to collapse (ASCII without tabs or two spaces in a row: the common line).
pub fn collapse_spaces_into<'a>(s: &'a str, buf: &'a mut String) -> &'a str {
    let b = s.as_bytes();
    if s.is_ascii() && !b.contains(&b'\t') && !b.windows(2).any(|w| w == b"  ") {
        return s;
    }
    buf.clear();
    let mut in_run = false;
    for c in s.chars() {
        if is_collapsed_space(c) {
            if !in_run {
                buf.push(' ');
            }
            in_run = true;
        } else {
            buf.push(c);
            in_run = false;
        }
    }
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
    let mut buf = String::new();
    collapse_spaces_into(s, &mut buf).to_string()
}

/// `_map_key_chars`: curly quotes, dashes and the ellipsis to ASCII.
pub fn map_key_chars(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => {
                out.push('\'')
            }
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => out.push('"'),
            '\u{2013}' | '\u{2014}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            _ => out.push(c),
        }
    }
    out
}

/// `has_curly_quotes`.
pub fn has_curly_quotes(s: &str) -> bool {
    !s.is_ascii()
        && s.chars()
            .any(|c| c == '\u{2bc}' || ('\u{2018}'..='\u{201f}').contains(&c))
}

/// `uncurl_quotes`.
pub fn uncurl_quotes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2bc}' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => '\'',
            '\u{201c}'..='\u{201f}' => '"',
            _ => c,
        })
        .collect()
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
    fn splitlines_like_python() {
        assert_eq!(splitlines("a\r\nb\rc\n"), vec!["a", "b", "c"]);
        assert_eq!(splitlines(""), Vec::<&str>::new());
        assert_eq!(splitlines("\n"), vec![""]);
        assert_eq!(splitlines("a\u{2028}b\u{85}"), vec!["a", "b"]);
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
        ] {
            assert_eq!(
                collapse_spaces_into(s, &mut buf),
                collapse_spaces(s),
                "{s:?}"
            );
        }
    }
}
