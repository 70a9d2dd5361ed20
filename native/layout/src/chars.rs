//! Character classes as the Python engine sees them (see `tools/gen_tables.py`).
//!
//! `py_*` are Python's `str` methods on one character; `re_*` the `regex` module's
//! classes. Both come from a table of the running Python's classes when the native engine
//! [`install`]ed one, else from the generated table [`crate::pytables`]; either way they
//! follow a Python, not Rust's `char` methods (which differ: `char::is_alphanumeric`
//! accepts combining marks that `str.isalnum` rejects, and there is no `str.isdigit`).
//!
//! ```
//! use cleanwire_layout::chars;
//! assert!(chars::py_isdigit('²') && !chars::re_digit('²'));
//! assert!(chars::re_word('\u{301}') && !chars::py_isalnum('\u{301}'));
//! ```

use std::sync::OnceLock;

use crate::pytables::{ALNUM, DECIMAL, DIGIT, LETTER, LOWER, LU, RANGES, SPACE, UPPER, WORD};

/// Code points below this are looked up directly (Latin, Greek, Cyrillic, Hebrew, Arabic).
const DIRECT: usize = 0x800;

/// A table of character classes: `(first, last, classes)` runs of code points in ascending
/// order, and the classes of the first [`DIRECT`] code points looked up without a search.
struct Table {
    low: [u16; DIRECT],
    runs: &'static [(u32, u32, u16)],
}

impl Table {
    const fn new(runs: &'static [(u32, u32, u16)]) -> Table {
        let mut low = [0u16; DIRECT];
        let mut i = 0;
        while i < runs.len() {
            let (a, b, m) = runs[i];
            let mut c = a;
            while c <= b && (c as usize) < DIRECT {
                low[c as usize] = m;
                c += 1;
            }
            i += 1;
        }
        Table { low, runs }
    }

    #[inline]
    fn classes(&self, cp: u32) -> u16 {
        if (cp as usize) < DIRECT {
            return self.low[cp as usize];
        }
        match self.runs.binary_search_by(|&(a, b, _)| run_order(a, b, cp)) {
            Ok(i) => self.runs[i].2,
            Err(_) => 0,
        }
    }
}

/// Where the run of code points `first..=last` lies against `cp`, for a binary search of
/// ascending disjoint runs: `Less` before it, `Equal` holding it, `Greater` after it.
///
/// ```
/// use std::cmp::Ordering;
/// use cleanwire_layout::chars::run_order;
/// assert_eq!(run_order(0x41, 0x5A, 0x61), Ordering::Less);
/// assert_eq!(run_order(0x41, 0x5A, 0x41), Ordering::Equal);
/// ```
#[inline]
pub fn run_order(first: u32, last: u32, cp: u32) -> std::cmp::Ordering {
    if last < cp {
        std::cmp::Ordering::Less
    } else if first > cp {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

/// The generated table ([`crate::pytables`]): the classes of the Python that generated it.
static GENERATED: Table = Table::new(&RANGES);

/// The classes of the running Python, when [`install`] gave them.
static INSTALLED: OnceLock<Table> = OnceLock::new();

/// Use *runs* (`(first, last, classes)`, ascending and disjoint, as
/// `cleanwire._native_spec.layout_class_runs` gives them) as the classes of every character
/// from now on, in place of the generated table: the native engine installs the classes of
/// the Python that runs it when it starts. A process has one table: installing the same runs
/// again is accepted, other runs are an error.
///
/// ```
/// use cleanwire_layout::chars;
/// let runs = vec![(0x30, 0x39, 0b1001_1001), (0x41, 0x5A, 0b111_0011), (0x61, 0x7A, 0b101_0101)];
/// chars::install(runs.clone()).unwrap();
/// assert!(chars::install(runs).is_ok());
/// assert!(chars::py_isupper('A') && !chars::re_letter('é'));
/// assert!(chars::install(vec![(0x41, 0x41, 2)]).is_err());
/// ```
pub fn install(runs: Vec<(u32, u32, u16)>) -> Result<(), String> {
    if let Some(pair) = runs.windows(2).find(|w| w[0].1 >= w[1].0) {
        return Err(format!(
            "class runs out of order: {:?} then {:?}",
            pair[0], pair[1]
        ));
    }
    if let Some(run) = runs.iter().find(|r| r.0 > r.1 || r.1 > 0x10FFFF) {
        return Err(format!("not a run of code points: {run:?}"));
    }
    if let Some(table) = INSTALLED.get() {
        return if table.runs == runs.as_slice() {
            Ok(())
        } else {
            Err("another table of character classes is installed in this process".to_string())
        };
    }
    let runs: &'static [(u32, u32, u16)] = Box::leak(runs.into_boxed_slice());
    let table = INSTALLED.get_or_init(|| Table::new(runs));
    if table.runs == runs {
        Ok(())
    } else {
        Err("another table of character classes is installed in this process".to_string())
    }
}

/// All class bits of `c` (see the constants of [`crate::pytables`]): from the installed
/// table (see [`install`]), or the generated one.
#[inline]
pub fn classes(c: char) -> u16 {
    INSTALLED.get().unwrap_or(&GENERATED).classes(c as u32)
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
