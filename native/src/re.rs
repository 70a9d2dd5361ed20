//! One compiled pattern: the `regex` crate's linear-time engine, or `fancy-regex` for the
//! few patterns that need look-around. Patterns arrive translated (see `_native_spec.py`).

use std::cell::Cell;

thread_local! {
    /// Set when a backtracking match gave up (its limit): the call then returns an error and
    /// the Python engine answers instead.
    pub static GAVE_UP: Cell<bool> = const { Cell::new(false) };
}

/// Compiled-pattern and lazy-DFA budget: the translated classes are explicit and large, and a
/// lazy DFA with the crate's default cache (2 MB) keeps clearing it on them (about a third slower).
const SIZE: usize = 1 << 28;

pub enum Re {
    Plain(regex::Regex),
    /// A look-around pattern, and its relaxed form (look-arounds dropped) as a linear-time
    /// pre-check: where the relaxed form finds nothing, the pattern cannot match.
    Fancy(Lazy, Option<regex::Regex>),
}

/// A look-around pattern compiled on first use: most never get past their pre-check, and each
/// compiled one holds several automata of the large translated classes.
pub struct Lazy {
    pattern: String,
    re: std::sync::OnceLock<Option<fancy_regex::Regex>>,
}

impl Lazy {
    /// The compiled pattern; `None` (and the call falls back to Python) if it cannot be built.
    fn get(&self) -> Option<&fancy_regex::Regex> {
        let built = self.re.get_or_init(|| {
            fancy_regex::RegexBuilder::new(&self.pattern)
                .delegate_size_limit(SIZE)
                .delegate_dfa_size_limit(SIZE)
                .backtrack_limit(10_000_000)
                .build()
                .ok()
        });
        if built.is_none() {
            GAVE_UP.with(|g| g.set(true));
        }
        built.as_ref()
    }
}

fn plain(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(SIZE)
        .dfa_size_limit(SIZE)
        .build()
}

impl Re {
    pub fn new(pattern: &str) -> Result<Re, String> {
        Self::with_precheck(pattern, None)
    }

    /// *pattern*, with *relaxed* as its pre-check when it needs look-around.
    pub fn with_precheck(pattern: &str, relaxed: Option<&str>) -> Result<Re, String> {
        match plain(pattern) {
            Ok(r) => Ok(Re::Plain(r)),
            Err(err) => fancy_regex::Expr::parse_tree(pattern)
                .map(|_| {
                    let lazy = Lazy {
                        pattern: pattern.to_string(),
                        re: std::sync::OnceLock::new(),
                    };
                    Re::Fancy(lazy, relaxed.and_then(|r| plain(r).ok()))
                })
                .map_err(|e| format!("{pattern:.200}: {err}; {e}")),
        }
    }

    fn gave_up<T>(r: Result<T, fancy_regex::Error>, default: T) -> T {
        r.unwrap_or_else(|_| {
            GAVE_UP.with(|g| g.set(true));
            default
        })
    }

    /// Python's `search(s) is not None` (anchors are in the pattern).
    pub fn is_match(&self, s: &str) -> bool {
        match self {
            Re::Plain(r) => r.is_match(s),
            Re::Fancy(r, pre) => {
                if pre.as_ref().is_some_and(|p| !p.is_match(s)) {
                    return false;
                }
                r.get().is_some_and(|r| Self::gave_up(r.is_match(s), false))
            }
        }
    }

    /// The byte range of the named or numbered group of the first match.
    pub fn group(&self, s: &str, name: &str) -> Option<(usize, usize)> {
        match self {
            Re::Plain(r) => {
                if !r.is_match(s) {
                    return None;
                }
                let c = r.captures(s)?;
                let m = name
                    .parse::<usize>()
                    .ok()
                    .map_or_else(|| c.name(name), |i| c.get(i))?;
                Some((m.start(), m.end()))
            }
            Re::Fancy(r, pre) => {
                if pre.as_ref().is_some_and(|p| !p.is_match(s)) {
                    return None;
                }
                let c = Self::gave_up(r.get()?.captures(s), None)?;
                let m = name
                    .parse::<usize>()
                    .ok()
                    .map_or_else(|| c.name(name), |i| c.get(i))?;
                Some((m.start(), m.end()))
            }
        }
    }

    /// Python's `findall` for a pattern without groups.
    pub fn find_all<'a>(&self, s: &'a str) -> Vec<&'a str> {
        match self {
            Re::Plain(r) => r.find_iter(s).map(|m| m.as_str()).collect(),
            Re::Fancy(r, pre) => {
                let mut out = Vec::new();
                if pre.as_ref().is_some_and(|p| !p.is_match(s)) {
                    return out;
                }
                let Some(r) = r.get() else {
                    return out;
                };
                for m in r.find_iter(s) {
                    match m {
                        Ok(m) => out.push(m.as_str()),
                        Err(_) => {
                            GAVE_UP.with(|g| g.set(true));
                            break;
                        }
                    }
                }
                out
            }
        }
    }
}

/// A phrase family: any of its patterns matches (the plain phrases are one pattern).
pub struct Family {
    pub parts: Vec<Re>,
    pub prefilter: Option<Re>,
}

impl Family {
    pub fn matches(&self, key: &str) -> bool {
        if let Some(pre) = &self.prefilter {
            if !pre.is_match(key) {
                return false;
            }
        }
        self.parts.iter().any(|r| r.is_match(key))
    }
    pub fn matches_no_prefilter(&self, key: &str) -> bool {
        self.parts.iter().any(|r| r.is_match(key))
    }
}
