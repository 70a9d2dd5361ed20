//! Character classes as the Python engine sees them (see `tools/gen_tables.py`).
//!
//! `py_*` are Python's `str` methods on one character; `re_*` the `regex` module's
//! classes. Both come from the generated table [`crate::pytables`], so they follow the
//! Python that generated it, not Rust's `char` methods (which differ: `char::is_alphanumeric`
//! accepts combining marks that `str.isalnum` rejects, and there is no `str.isdigit`).
//!
//! ```
//! use cleanwire_layout::chars;
//! assert!(chars::py_isdigit('²') && !chars::re_digit('²'));
//! assert!(chars::re_word('\u{301}') && !chars::py_isalnum('\u{301}'));
//! ```

use crate::pytables::{ALNUM, DECIMAL, DIGIT, LETTER, LOWER, LU, RANGES, SPACE, UPPER, WORD};

/// Code points below this are looked up directly (Latin, Greek, Cyrillic, Hebrew, Arabic).
const DIRECT: usize = 0x800;

/// The class bits of the first [`DIRECT`] code points, looked up without a search.
static LOW: [u16; DIRECT] = low_table();

const fn low_table() -> [u16; DIRECT] {
    let mut out = [0u16; DIRECT];
    let mut i = 0;
    while i < RANGES.len() {
        let (a, b, m) = RANGES[i];
        let mut c = a;
        while c <= b && (c as usize) < DIRECT {
            out[c as usize] = m;
            c += 1;
        }
        i += 1;
    }
    out
}

/// All class bits of `c` (see the constants of [`crate::pytables`]).
#[inline]
pub fn classes(c: char) -> u16 {
    let cp = c as u32;
    if (cp as usize) < DIRECT {
        return LOW[cp as usize];
    }
    match RANGES.binary_search_by(|&(a, b, _)| {
        if b < cp {
            std::cmp::Ordering::Less
        } else if a > cp {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => RANGES[i].2,
        Err(_) => 0,
    }
}

/// Python `c.isalnum()`.
#[inline]
pub fn py_isalnum(c: char) -> bool {
    classes(c) & ALNUM != 0
}
/// Python `c.isupper()`.
#[inline]
pub fn py_isupper(c: char) -> bool {
    classes(c) & UPPER != 0
}
/// Python `c.islower()`.
#[inline]
pub fn py_islower(c: char) -> bool {
    classes(c) & LOWER != 0
}
/// Python `c.isdigit()`.
#[inline]
pub fn py_isdigit(c: char) -> bool {
    classes(c) & DIGIT != 0
}
/// `regex` module `\w`.
#[inline]
pub fn re_word(c: char) -> bool {
    classes(c) & WORD != 0
}
/// A character of the Chinese and Japanese scripts (kana, CJK ideographs and their
/// extensions: fixed ranges, `document._CJK_RANGES`): runs of them count one word per two
/// characters (`document.word_tokens`).
#[inline]
pub fn cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}
/// `regex` module `\p{Lu}`.
#[inline]
pub fn re_upper(c: char) -> bool {
    classes(c) & LU != 0
}
/// `regex` module `\p{L}`.
#[inline]
pub fn re_letter(c: char) -> bool {
    classes(c) & LETTER != 0
}
/// `regex` module `\d`.
#[inline]
pub fn re_digit(c: char) -> bool {
    classes(c) & DECIMAL != 0
}
/// `regex` module `\s`.
#[inline]
pub fn re_space(c: char) -> bool {
    classes(c) & SPACE != 0
}
