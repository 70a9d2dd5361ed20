//! One compiled pattern: the `regex` crate's linear-time engine, or `fancy-regex` for the
//! few patterns that need look-around. Patterns arrive translated (see `_native_spec.py`),
//! most with an ASCII variant (every class cut down to its ASCII members) that matches an
//! ASCII haystack exactly where the full pattern does, with far smaller automata.

use std::cell::Cell;

thread_local! {
    /// Set when a backtracking match gave up (its limit): the call then returns an error and
    /// the Python engine answers instead.
    pub static GAVE_UP: Cell<bool> = const { Cell::new(false) };
}

/// Compiled-pattern and lazy-DFA budget: the translated classes are explicit and large, and a
/// lazy DFA with the crate's default cache (2 MB) keeps clearing it on them (about a third slower).
const SIZE: usize = 1 << 28;

/// A pattern, and its ASCII variant for ASCII haystacks (none where it would be the same).
pub struct Re {
    full: Pat,
    ascii: Option<Pat>,
}

/// A translated pattern and its ASCII variant, each with its relaxed pre-check if it has one.
pub struct Source<'a> {
    pub pattern: &'a str,
    pub relaxed: Option<&'a str>,
    pub ascii: Option<(&'a str, Option<&'a str>)>,
}

pub enum Pat {
    Plain(regex::Regex),
    /// A look-around pattern, and its relaxed form (look-arounds dropped) as a linear-time
    /// pre-check: where the relaxed form finds nothing, the pattern cannot match.
    Fancy(Lazy, Option<regex::Regex>, Sure),
}

/// The top-level alternatives of a look-around pattern that need no look-around, as one
/// linear-time pattern: where it finds a match, so does the whole pattern (`search` of
/// `A|B` finds a match wherever `A` or `B` matches), with no backtracking.
pub type Sure = Option<regex::Regex>;

/// The top-level alternatives of `pattern` (split at `|` outside groups and classes), or
/// `None` when it sets inline flags (which would not carry over to the parts).
fn top_level_alternatives(pattern: &str) -> Option<Vec<&str>> {
    let b = pattern.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut class, mut start, mut i) = (0usize, 0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => {
                class += 1;
                // A `]` right after `[` or `[^` is a literal.
                if b.get(i + 1) == Some(&b'^') {
                    i += 1;
                }
                if b.get(i + 1) == Some(&b']') {
                    i += 1;
                }
            }
            b']' if class > 0 => class -= 1,
            _ if class > 0 => {}
            b'(' => {
                if b.get(i + 1) == Some(&b'?') && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
                {
                    return None;
                }
                depth += 1;
            }
            b')' => depth = depth.saturating_sub(1),
            b'|' if depth == 0 => {
                parts.push(&pattern[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&pattern[start..]);
    Some(parts)
}

/// [`Sure`] of a look-around pattern: its plain alternatives joined, if it has more than one
/// alternative and any of them is plain.
fn sure_part(pattern: &str) -> Sure {
    let alternatives = top_level_alternatives(pattern)?;
    if alternatives.len() < 2 {
        return None;
    }
    let plain_ones: Vec<&str> = alternatives
        .into_iter()
        .filter(|a| plain(a).is_ok())
        .collect();
    if plain_ones.is_empty() {
        return None;
    }
    let joined: Vec<String> = plain_ones.iter().map(|a| format!("(?:{a})")).collect();
    plain(&joined.join("|")).ok()
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
    /// *pattern* with its relaxed pre-check, and its ASCII variant unless that is the same
    /// pattern (nothing to gain).
    pub fn from_source(src: &Source<'_>) -> Result<Re, String> {
        let full = Pat::with_precheck(src.pattern, src.relaxed)?;
        let ascii = match src.ascii {
            Some((p, r)) if p != src.pattern => Some(Pat::with_precheck(p, r)?),
            _ => None,
        };
        Ok(Re { full, ascii })
    }

    /// The pattern to run on *s*, which is ASCII when *ascii* (`s.is_ascii()`, worked out
    /// once by a caller that matches several patterns against the same string).
    #[inline]
    pub fn pick(&self, ascii: bool) -> &Pat {
        match &self.ascii {
            Some(a) if ascii => a,
            _ => &self.full,
        }
    }

    #[inline]
    fn on(&self, s: &str) -> &Pat {
        if self.ascii.is_some() {
            self.pick(s.is_ascii())
        } else {
            &self.full
        }
    }

    /// Python's `search(s) is not None` (anchors are in the pattern).
    #[inline]
    pub fn is_match(&self, s: &str) -> bool {
        self.on(s).is_match(s)
    }

    /// [`Re::is_match`] when the caller knows whether *s* is ASCII.
    #[inline]
    pub fn is_match_ascii(&self, s: &str, ascii: bool) -> bool {
        self.pick(ascii).is_match(s)
    }

    /// The byte range of the named or numbered group of the first match (*ascii*: whether *s*
    /// is ASCII).
    #[inline]
    pub fn group_ascii(&self, s: &str, name: &str, ascii: bool) -> Option<(usize, usize)> {
        self.pick(ascii).group(s, name)
    }

    /// For a pattern without groups: `Some(len(tokens))` when `pred` holds for every one of
    /// `tokens = findall(s)` (`Some(0)` for none), `None` as soon as it fails for one (the
    /// rest is not searched). *ascii*: whether *s* is ASCII.
    #[inline]
    pub fn all_found_ascii(
        &self,
        s: &str,
        ascii: bool,
        pred: impl FnMut(&str) -> bool,
    ) -> Option<usize> {
        self.pick(ascii).all_found(s, pred)
    }
}

impl Pat {
    /// *pattern*, with *relaxed* as its pre-check when it needs look-around.
    pub fn with_precheck(pattern: &str, relaxed: Option<&str>) -> Result<Pat, String> {
        match plain(pattern) {
            Ok(r) => Ok(Pat::Plain(r)),
            Err(err) => fancy_regex::Expr::parse_tree(pattern)
                .map(|_| {
                    let lazy = Lazy {
                        pattern: pattern.to_string(),
                        re: std::sync::OnceLock::new(),
                    };
                    Pat::Fancy(
                        lazy,
                        relaxed.and_then(|r| plain(r).ok()),
                        sure_part(pattern),
                    )
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
            Pat::Plain(r) => r.is_match(s),
            Pat::Fancy(r, pre, sure) => {
                if pre.as_ref().is_some_and(|p| !p.is_match(s)) {
                    return false;
                }
                if sure.as_ref().is_some_and(|p| p.is_match(s)) {
                    return true;
                }
                r.get().is_some_and(|r| Self::gave_up(r.is_match(s), false))
            }
        }
    }

    /// The byte range of the named or numbered group of the first match.
    pub fn group(&self, s: &str, name: &str) -> Option<(usize, usize)> {
        match self {
            Pat::Plain(r) => {
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
            Pat::Fancy(r, pre, _) => {
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

    /// For a pattern without groups: `Some(len(tokens))` when `pred` holds for every one of
    /// `tokens = findall(s)` (`Some(0)` for none), `None` as soon as it fails for one (the
    /// rest is not searched).
    pub fn all_found(&self, s: &str, mut pred: impl FnMut(&str) -> bool) -> Option<usize> {
        match self {
            Pat::Plain(r) => {
                let mut n = 0;
                for m in r.find_iter(s) {
                    if !pred(m.as_str()) {
                        return None;
                    }
                    n += 1;
                }
                Some(n)
            }
            Pat::Fancy(..) => {
                let tokens = self.find_all(s);
                tokens.iter().all(|t| pred(t)).then_some(tokens.len())
            }
        }
    }

    /// Python's `findall` for a pattern without groups.
    pub fn find_all<'a>(&self, s: &'a str) -> Vec<&'a str> {
        match self {
            Pat::Plain(r) => r.find_iter(s).map(|m| m.as_str()).collect(),
            Pat::Fancy(r, pre, _) => {
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
    /// Whether any part matches *key*, which is ASCII when *ascii* (`Line::key_ascii`).
    #[inline]
    pub fn matches(&self, key: &str, ascii: bool) -> bool {
        if let Some(pre) = &self.prefilter {
            if !pre.is_match_ascii(key, ascii) {
                return false;
            }
        }
        self.parts.iter().any(|r| r.is_match_ascii(key, ascii))
    }
    #[inline]
    pub fn matches_no_prefilter(&self, key: &str, ascii: bool) -> bool {
        self.parts.iter().any(|r| r.is_match_ascii(key, ascii))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_split_at_the_top_only() {
        assert_eq!(
            top_level_alternatives(r"a|(b|c)|[|(]|\||x(?=y)").unwrap(),
            vec!["a", "(b|c)", "[|(]", r"\|", "x(?=y)"]
        );
        assert_eq!(
            top_level_alternatives(r"[]|]|[^]|]").unwrap(),
            vec!["[]|]", "[^]|]"]
        );
        assert!(top_level_alternatives(r"(?i)a|b").is_none());
        assert_eq!(top_level_alternatives(r"(?:a|b)").unwrap(), vec!["(?:a|b)"]);
    }

    #[test]
    fn an_ascii_haystack_runs_the_ascii_variant_and_any_other_the_full_pattern() {
        // A "variant" that differs on purpose shows which pattern ran.
        let re = Re::from_source(&Source {
            pattern: r"^[0-9\x{660}-\x{669}]+$",
            relaxed: None,
            ascii: Some((r"^x$", None)),
        })
        .unwrap();
        assert!(re.is_match("x"));
        assert!(!re.is_match("12"));
        assert!(re.is_match("1\u{663}"));
        assert!(re.is_match_ascii("12", false));
        assert_eq!(re.group_ascii("x", "0", true), Some((0, 1)));
        assert_eq!(re.group_ascii("1\u{663}", "0", false), Some((0, 3)));
        assert_eq!(re.all_found_ascii("x", true, |t| t == "x"), Some(1));
    }

    #[test]
    fn a_variant_equal_to_its_pattern_is_not_compiled_twice() {
        let re = Re::from_source(&Source {
            pattern: "abc",
            relaxed: None,
            ascii: Some(("abc", None)),
        })
        .unwrap();
        assert!(re.ascii.is_none());
        assert!(re.is_match("xabc"));
    }

    #[test]
    fn sure_alternatives_only_say_yes_where_the_pattern_does() {
        let re = Pat::with_precheck(r"[{}]|;\s*$|\w(?=\()", Some(r"[{}]|;\s*$|\w")).unwrap();
        assert!(matches!(re, Pat::Fancy(_, _, Some(_))));
        for (s, want) in [
            ("}", true),
            ("a;", true),
            ("f(x)", true),
            ("a b", false),
            ("w", false),
        ] {
            assert_eq!(re.is_match(s), want, "{s:?}");
        }
    }
}
