//! One compiled pattern: the `regex` crate's linear-time engine, or `fancy-regex` for the
//! few patterns that need look-around. Patterns arrive translated (see `_native_spec.py`),
//! most with an ASCII variant (every class cut down to its ASCII members) that matches an
//! ASCII haystack exactly where the full pattern does, with far smaller automata.

use std::cell::Cell;

use crate::contains::Contains;
use crate::starts::Starts;

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
    /// For a phrase family's pattern: its [`mapped_pattern`], a pre-check for other haystacks.
    mapped: Option<PreCheck>,
}

/// A translated pattern and its ASCII variant, each with its relaxed pre-check if it has one.
pub struct Source<'a> {
    pub pattern: &'a str,
    pub relaxed: Option<&'a str>,
    pub ascii: Option<(&'a str, Option<&'a str>)>,
}

pub enum Pat {
    /// A plain pattern, and its [`Quick`] test if it has one.
    Plain(regex::Regex, Option<Quick>),
    /// A pattern whose matches are runs of bytes of ASCII classes (see [`ByteRuns`]), found
    /// by a scan of the bytes; the regex for groups.
    Runs(ByteRuns, regex::Regex),
    /// A look-around pattern, and its relaxed form (look-arounds dropped) as a linear-time
    /// pre-check: where the relaxed form finds nothing, the pattern cannot match.
    Fancy(Lazy, Option<PreCheck>, Sure),
}

/// A quick test of the literals every match of a pattern begins with: where it fails, the
/// pattern cannot match.
pub enum Quick {
    /// The pattern is anchored at the start: the haystack begins with one of them.
    Starts(Starts),
    /// The haystack holds one of them (none shorter than five bytes).
    Contains(Contains),
}

impl Quick {
    /// The quick test of *pattern*, if it has one.
    fn of(pattern: &str) -> Option<Quick> {
        Starts::of(pattern)
            .map(Quick::Starts)
            .or_else(|| Contains::of(pattern).map(Quick::Contains))
    }

    /// Whether *quick* (none: no test) lets the pattern match *s*.
    #[inline]
    fn passes(quick: &Option<Quick>, s: &str) -> bool {
        match quick {
            None => true,
            Some(Quick::Starts(st)) => st.begins(s.as_bytes()),
            Some(Quick::Contains(c)) => c.may_hold(s.as_bytes()),
        }
    }
}

/// A linear-time pre-check (where it finds nothing, the pattern it stands for cannot match),
/// with its [`Quick`] test if it has one.
pub struct PreCheck {
    re: regex::Regex,
    quick: Option<Quick>,
}

impl PreCheck {
    /// *pattern* as a pre-check; `None` if it does not compile as a plain pattern.
    fn new(pattern: &str) -> Option<PreCheck> {
        Some(PreCheck {
            re: plain(pattern).ok()?,
            quick: Quick::of(pattern),
        })
    }

    /// Python's `search(s) is not None`.
    #[inline]
    fn is_match(&self, s: &str) -> bool {
        Quick::passes(&self.quick, s) && self.re.is_match(s)
    }
}

/// The top-level alternatives of a look-around pattern that need no look-around, as one
/// linear-time pattern: where it finds a match, so does the whole pattern (`search` of
/// `A|B` finds a match wherever `A` or `B` matches), with no backtracking.
pub type Sure = Option<regex::Regex>;

/// The bytes of `pattern` outside character classes and escapes, with their positions: the
/// bytes that give it its structure (`(`, `)`, `|`, anchors), for the splitters below.
fn structural_bytes(pattern: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let b = pattern.as_bytes();
    let (mut class, mut i) = (0usize, 0usize);
    std::iter::from_fn(move || {
        while i < b.len() {
            let (at, c) = (i, b[i]);
            i += 1;
            match c {
                b'\\' => i += 1,
                b'[' => {
                    class += 1;
                    // A `]` right after `[` or `[^` is a literal.
                    if b.get(i) == Some(&b'^') {
                        i += 1;
                    }
                    if b.get(i) == Some(&b']') {
                        i += 1;
                    }
                }
                b']' if class > 0 => class -= 1,
                _ if class > 0 => {}
                _ => return Some((at, c)),
            }
        }
        None
    })
}

/// The top-level alternatives of `pattern` (split at `|` outside groups and classes), or
/// `None` when it sets inline flags (which would not carry over to the parts).
fn top_level_alternatives(pattern: &str) -> Option<Vec<&str>> {
    let b = pattern.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in structural_bytes(pattern) {
        match c {
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

/// *pattern* compiled without a lazy DFA (its cache capacity too small for one).
fn no_lazy_dfa(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(SIZE)
        .dfa_size_limit(0)
        .build()
}

impl Re {
    /// *pattern* with its relaxed pre-check, and its ASCII variant unless that is the same
    /// pattern (nothing to gain).
    pub fn from_source(src: &Source<'_>) -> Result<Re, String> {
        let full = Pat::with_precheck(src.pattern, src.relaxed)?;
        let ascii = Re::ascii_variant(src)?;
        Ok(Re {
            full,
            ascii,
            mapped: None,
        })
    }

    /// [`Re::from_source`] with the full pattern's [`mapped_pattern`] as the pre-check of
    /// non-ASCII haystacks (see [`Family::matches`]), when the full pattern is a plain one and
    /// ASCII haystacks have a variant of their own.
    ///
    /// The full pattern then runs only on the few non-ASCII keys whose mapped form matches, so
    /// it gets no lazy DFA (the engines without one are slower, but need far less memory: the
    /// full-Unicode phrase families' lazy DFA caches took about 4 MB at the peak of the
    /// large-document figure of `bench/speed.py`).
    pub fn with_mapped(src: &Source<'_>) -> Result<Re, String> {
        let Some(ascii) = Re::ascii_variant(src)? else {
            return Re::from_source(src);
        };
        let mapped = mapped_pattern(src.pattern).and_then(|m| PreCheck::new(&m));
        let Some((mapped, full)) = mapped.zip(no_lazy_dfa(src.pattern).ok()) else {
            return Re::from_source(src);
        };
        Ok(Re {
            full: Pat::Plain(full, Quick::of(src.pattern)),
            ascii: Some(ascii),
            mapped: Some(mapped),
        })
    }

    /// *src*'s ASCII variant, unless it is the same pattern (nothing to gain).
    fn ascii_variant(src: &Source<'_>) -> Result<Option<Pat>, String> {
        match src.ascii {
            Some((p, r)) if p != src.pattern => Ok(Some(Pat::with_precheck(p, r)?)),
            _ => Ok(None),
        }
    }

    /// Whether the pattern matches the non-ASCII *key*, whose [`map_key`] is *mapped*: the
    /// mapped pattern first (where it finds nothing, neither can the full pattern), then the
    /// full pattern.
    #[inline]
    fn is_match_mapped(&self, key: &str, mapped: &str) -> bool {
        if self.mapped.as_ref().is_some_and(|m| !m.is_match(mapped)) {
            return false;
        }
        self.full.is_match(key)
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

    /// `false` when the pattern's cheap pre-check (the relaxed form of a look-around pattern)
    /// already says it cannot match *s* (*ascii*: whether *s* is ASCII); `true` otherwise,
    /// when only [`Re::is_match_ascii`] can tell.
    ///
    /// Only ASCII text is pre-checked: on other text the pre-check's full-Unicode automaton
    /// grew its cache by about 1.7 MB on the 2 MB document of `bench/speed.py` (memory the
    /// process keeps), for about 1 % of a page pass's instructions.
    #[inline]
    pub fn may_match_ascii(&self, s: &str, ascii: bool) -> bool {
        if !ascii {
            return true;
        }
        match self.pick(ascii) {
            Pat::Plain(..) | Pat::Runs(..) => true,
            Pat::Fancy(_, pre, _) => pre.as_ref().is_none_or(|p| p.is_match(s)),
        }
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
            Ok(r) => Ok(match ByteRuns::of(pattern) {
                Some(runs) => Pat::Runs(runs, r),
                None => Pat::Plain(r, Quick::of(pattern)),
            }),
            Err(err) => fancy_regex::Expr::parse_tree(pattern)
                .map(|_| {
                    let lazy = Lazy {
                        pattern: pattern.to_string(),
                        re: std::sync::OnceLock::new(),
                    };
                    Pat::Fancy(lazy, relaxed.and_then(PreCheck::new), sure_part(pattern))
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
            Pat::Plain(r, quick) => Quick::passes(quick, s) && r.is_match(s),
            Pat::Runs(runs, _) => runs.next(s.as_bytes(), 0).is_some(),
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
            Pat::Plain(r, _) | Pat::Runs(_, r) => {
                if !self.is_match(s) {
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
            Pat::Plain(r, _) => {
                let mut n = 0;
                for m in r.find_iter(s) {
                    if !pred(m.as_str()) {
                        return None;
                    }
                    n += 1;
                }
                Some(n)
            }
            Pat::Runs(runs, _) => {
                let mut n = 0;
                for t in runs.iter(s) {
                    if !pred(t) {
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
            Pat::Plain(r, _) => r.find_iter(s).map(|m| m.as_str()).collect(),
            Pat::Runs(runs, _) => runs.iter(s).collect(),
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

/// A pattern that is one byte class (`[0-9]`), one repeated (`[a-z]+`), or an alternation of
/// such with disjoint classes (`[a-z]+|[0-9]+`), every class of ASCII characters only. Its
/// leftmost-first matches are then, in order, each byte of a class without a repeat and each
/// maximal run of bytes of a repeated class (the byte where a match starts says which
/// alternative matches; a repeat is greedy and stops at the first byte outside its class).
/// A class of ASCII characters takes no byte of a multi-byte character, so the same holds on
/// any haystack; scanning the bytes saves the regex engine's set-up of each search (the
/// token patterns are searched again after every token).
pub struct ByteRuns {
    /// By byte: 0 outside every class, else the number of its class (from 1).
    class: [u8; 256],
    /// Bit *k* set when class *k* is repeated.
    repeated: u64,
}

impl ByteRuns {
    /// The runs of *pattern*, if it has the shape described above.
    fn of(pattern: &str) -> Option<ByteRuns> {
        use regex_syntax::hir::HirKind;
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let alternatives = match hir.kind() {
            HirKind::Alternation(v) => v.iter().collect(),
            _ => vec![&hir],
        };
        if alternatives.len() >= 63 {
            return None;
        }
        let mut runs = ByteRuns {
            class: [0; 256],
            repeated: 0,
        };
        for (k, alternative) in alternatives.into_iter().enumerate() {
            let number = k as u8 + 1;
            let class = match alternative.kind() {
                HirKind::Class(c) => c,
                HirKind::Repetition(r) if r.min == 1 && r.max.is_none() && r.greedy => {
                    runs.repeated |= 1 << number;
                    match r.sub.kind() {
                        HirKind::Class(c) => c,
                        _ => return None,
                    }
                }
                _ => return None,
            };
            for b in ascii_members(class)? {
                if runs.class[b as usize] != 0 {
                    return None;
                }
                runs.class[b as usize] = number;
            }
        }
        Some(runs)
    }

    /// The first match at or after byte *from* of *s*, as a byte range.
    #[inline]
    fn next(&self, s: &[u8], from: usize) -> Option<(usize, usize)> {
        let start = from
            + s.get(from..)?
                .iter()
                .position(|&b| self.class[b as usize] != 0)?;
        let number = self.class[s[start] as usize];
        if self.repeated & (1 << number) == 0 {
            return Some((start, start + 1));
        }
        let len = s[start..]
            .iter()
            .position(|&b| self.class[b as usize] != number)
            .unwrap_or(s.len() - start);
        Some((start, start + len))
    }

    /// The matches in *s*, in order (`findall`).
    fn iter<'r, 's: 'r>(&'r self, s: &'s str) -> impl Iterator<Item = &'s str> + 'r {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (a, b) = self.next(s.as_bytes(), at)?;
            at = b;
            // both ends lie next to ASCII bytes of the match: character boundaries
            Some(&s[a..b])
        })
    }
}

/// The bytes of a class of ASCII characters only (`None` for a class with any other).
fn ascii_members(class: &regex_syntax::hir::Class) -> Option<Vec<u8>> {
    use regex_syntax::hir::Class;
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
    };
    if ranges.iter().any(|&(_, hi)| hi > 0x7F) {
        return None;
    }
    Some(
        ranges
            .into_iter()
            .flat_map(|(lo, hi)| (lo..=hi).map(|b| b as u8))
            .collect(),
    )
}

/// One pattern of a [`Family`], and a literal that every match of it holds (tested first,
/// with `memchr`'s substring search, where the pattern has one worth testing: see
/// [`split_wide_runs`]).
pub struct Part {
    pub guard: Option<memchr::memmem::Finder<'static>>,
    pub re: Re,
}

impl Part {
    /// A part without a literal to test first.
    pub fn plain(re: Re) -> Part {
        Part { guard: None, re }
    }

    #[inline]
    fn guard_passes(&self, key: &str) -> bool {
        self.guard
            .as_ref()
            .is_none_or(|g| g.find(key.as_bytes()).is_some())
    }

    /// Whether the part matches *key*; `mapped` is [`map_key`] of a non-ASCII key, `None` for
    /// an ASCII one.
    #[inline]
    fn is_match(&self, key: &str, mapped: Option<&str>) -> bool {
        if !self.guard_passes(key) {
            return false;
        }
        match mapped {
            None => self.re.is_match_ascii(key, true),
            Some(m) => self.re.is_match_mapped(key, m),
        }
    }
}

/// The character every non-ASCII character of a key becomes in [`map_key`] (any character
/// would do: see [`mapped_pattern`]).
const STAND_IN: char = '\x1A';

/// *key* with every non-ASCII character replaced by [`STAND_IN`] (into *out*).
fn map_key(key: &str, out: &mut String) {
    out.clear();
    push_mapped(key, out);
}

/// The [`map_key`] forms of the non-ASCII keys of a document's lines, by line index: each
/// worked out the first time a family checks its line, then read by every other family that
/// checks the same line (a line goes through up to eight families in the first pass).
#[derive(Default)]
pub struct MappedKeys {
    /// By line index, the byte range of the line's form in `forms` ([`UNMAPPED`]: not yet).
    spans: Vec<(u32, u32)>,
    /// The forms worked out, one after the other.
    forms: String,
    /// The form of a line beyond `u32` offsets in `forms` (never kept).
    spare: String,
}

/// The span of a line whose key is not mapped yet.
const UNMAPPED: (u32, u32) = (u32::MAX, 0);

impl MappedKeys {
    /// [`map_key`] of *key*, the key of the line at index *at*: worked out on the first call
    /// for that line, read back on the others.
    pub fn get(&mut self, at: usize, key: &str) -> &str {
        if self.spans.len() <= at {
            self.spans.resize(at + 1, UNMAPPED);
        }
        let (a, b) = self.spans[at];
        if (a, b) != UNMAPPED {
            return &self.forms[a as usize..b as usize];
        }
        let start = self.forms.len();
        push_mapped(key, &mut self.forms);
        match (u32::try_from(start), u32::try_from(self.forms.len())) {
            (Ok(a), Ok(b)) if (a, b) != UNMAPPED => {
                self.spans[at] = (a, b);
                &self.forms[start..]
            }
            _ => {
                self.forms.truncate(start);
                map_key(key, &mut self.spare);
                &self.spare
            }
        }
    }
}

/// *key* with every non-ASCII character replaced by [`STAND_IN`], appended to *out*.
fn push_mapped(key: &str, out: &mut String) {
    out.extend(key.chars().map(|c| if c.is_ascii() { c } else { STAND_IN }));
}

/// *pattern* with every class cut down to its ASCII members, plus [`STAND_IN`] where it had
/// any other, and every non-ASCII literal character replaced by [`STAND_IN`]: wherever the
/// pattern matches a key, this matches the key's [`map_key`] (each character of the key maps
/// to one character, which every class or literal that took the original takes too), so where
/// it finds no match the pattern has none. The classes are ASCII-sized, so its automata are as
/// small as the ASCII variant's. `None` for a pattern with anything else than classes,
/// literals, anchors, repeats, groups and alternations (word boundaries, say).
pub fn mapped_pattern(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    Some(map_hir(&hir)?.to_string())
}

fn map_hir(h: &regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
    let stand_in = ClassUnicodeRange::new(STAND_IN, STAND_IN);
    Some(match h.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            let mapped: String = text
                .chars()
                .map(|c| if c.is_ascii() { c } else { STAND_IN })
                .collect();
            Hir::literal(mapped.into_bytes())
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut ranges: Vec<ClassUnicodeRange> = c
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7F')))
                .collect();
            if c.ranges().iter().any(|r| !r.end().is_ascii()) {
                ranges.push(stand_in);
            }
            Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Look(look) => match look {
            Look::Start | Look::End => Hir::look(*look),
            _ => return None,
        },
        HirKind::Repetition(r) => {
            let mut r = r.clone();
            r.sub = Box::new(map_hir(&r.sub)?);
            Hir::repetition(r)
        }
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(map_hir(&c.sub)?),
        }),
        HirKind::Concat(v) => Hir::concat(v.iter().map(map_hir).collect::<Option<_>>()?),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(map_hir).collect::<Option<_>>()?),
    })
}

/// A phrase family: any of its patterns matches (the plain phrases are one pattern, or two
/// and more after [`split_wide_runs`]).
pub struct Family {
    pub parts: Vec<Part>,
    pub prefilter: Option<Re>,
}

impl Family {
    /// Whether any part matches *key*, the key of the line at index *at*, which is ASCII when
    /// *ascii* (`Line::key_ascii`).
    ///
    /// A non-ASCII key is first matched in its [`map_key`] form (taken from *mapped*, worked
    /// out once per line) by each part's mapped pattern (small automata, like the ASCII
    /// variant's), and by the full pattern only where that one matches (see
    /// [`Re::with_mapped`]).
    #[inline]
    pub fn matches(&self, key: &str, ascii: bool, at: usize, mapped: &mut MappedKeys) -> bool {
        if let Some(pre) = &self.prefilter {
            if !pre.is_match_ascii(key, ascii) {
                return false;
            }
        }
        self.matches_no_prefilter(key, ascii, at, mapped)
    }

    /// [`Family::matches`] without the family's prefilter.
    #[inline]
    pub fn matches_no_prefilter(
        &self,
        key: &str,
        ascii: bool,
        at: usize,
        mapped: &mut MappedKeys,
    ) -> bool {
        if ascii {
            return self.parts.iter().any(|r| r.is_match(key, None));
        }
        let form = mapped.get(at, key);
        self.parts.iter().any(|r| r.is_match(key, Some(form)))
    }
}

/// A whole-line pattern `^LEAD(?:A|B|...)TRAIL$` as its head `^LEAD(?:`, its top-level
/// alternatives and its tail `)TRAIL$`; `None` for any other shape.
fn whole_line_parts(pattern: &str) -> Option<(&str, Vec<&str>, &str)> {
    let b = pattern.as_bytes();
    if b.first() != Some(&b'^') || b.last() != Some(&b'$') {
        return None;
    }
    // The first group outside classes opens the body; find where it closes.
    let (mut depth, mut open) = (0usize, None);
    for (i, c) in structural_bytes(pattern) {
        match c {
            b'(' => {
                if depth == 0 {
                    if open.is_some() || !pattern[i..].starts_with("(?:") {
                        return None;
                    }
                    open = Some(i);
                }
                depth += 1;
            }
            b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let start = open? + 3;
                    let alternatives = top_level_alternatives(&pattern[start..i])?;
                    return Some((&pattern[..start], alternatives, &pattern[i..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// ASCII characters a class holds (a class of most of them is "wide": `.`, `[^.]`, not `\d`,
/// whose Unicode form is large too; the same count for a pattern and its ASCII variant).
fn ascii_in_class(class: &regex_syntax::hir::Class) -> u32 {
    use regex_syntax::hir::Class;
    let overlap = |lo: u32, hi: u32| if lo > 127 { 0 } else { hi.min(127) - lo + 1 };
    match class {
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .map(|r| overlap(u32::from(r.start()), u32::from(r.end())))
            .sum(),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| overlap(u32::from(r.start()), u32::from(r.end())))
            .sum(),
    }
}

/// For an alternative that opens with a long run of a wide class (`.{1,120} \(sponsored\)`:
/// the lazy DFA then runs over the whole line on nearly every line), the longest literal
/// every match of it holds (a literal of its top-level sequence), if of three bytes or more.
fn wide_run_literal(alternative: &str) -> Option<Vec<u8>> {
    use regex_syntax::hir::HirKind;
    let hir = regex_syntax::Parser::new().parse(alternative).ok()?;
    let HirKind::Concat(items) = hir.kind() else {
        return None;
    };
    let HirKind::Repetition(run) = items.first()?.kind() else {
        return None;
    };
    let HirKind::Class(class) = run.sub.kind() else {
        return None;
    };
    if run.max.is_some_and(|m| m < 16) || ascii_in_class(class) < 64 {
        return None;
    }
    items
        .iter()
        .filter_map(|h| match h.kind() {
            HirKind::Literal(lit) => Some(lit.0.to_vec()),
            _ => None,
        })
        .filter(|lit| lit.len() >= 3)
        .max_by_key(Vec::len)
}

/// A pattern and its ASCII variant, if any.
pub type Variants = (String, Option<String>);

/// An alternative split off by [`split_wide_runs`], whole (a pattern and its ASCII variant),
/// and the literal its matches hold.
pub type WideRun = (String, Option<String>, Vec<u8>);

/// A whole-line pattern and its ASCII variant split in two kinds of parts: the alternatives
/// that open with a long run of a wide class, each alone with the literal its matches hold
/// (searched for first), and all the others as one pattern. The pattern matches a key where
/// one of the parts does (a regular language is the union of its alternatives), so
/// `any(parts)` is the pattern's answer. `None` when there is nothing to split, or when the
/// ASCII variant's alternatives do not pair up with the pattern's.
pub fn split_wide_runs(pattern: &str, ascii: Option<&str>) -> Option<(Variants, Vec<WideRun>)> {
    let (head, alternatives, tail) = whole_line_parts(pattern)?;
    let ascii_parts = match ascii {
        Some(a) => {
            let parts = whole_line_parts(a)?;
            if parts.1.len() != alternatives.len() {
                return None;
            }
            Some(parts)
        }
        None => None,
    };
    let mut narrow = Vec::new();
    let mut narrow_ascii = Vec::new();
    let mut wide = Vec::new();
    for (k, alternative) in alternatives.iter().enumerate() {
        let ascii_alternative = ascii_parts.as_ref().map(|(_, alts, _)| alts[k]);
        let literal = wide_run_literal(alternative);
        if let (Some(lit), Some(a)) = (&literal, ascii_alternative) {
            if wide_run_literal(a).as_ref() != Some(lit) {
                return None;
            }
        }
        match literal {
            Some(lit) => wide.push((
                format!("{head}{alternative}{tail}"),
                ascii_parts
                    .as_ref()
                    .map(|(h, alts, t)| format!("{h}{}{t}", alts[k])),
                lit,
            )),
            None => {
                narrow.push(*alternative);
                if let Some(a) = ascii_alternative {
                    narrow_ascii.push(a);
                }
            }
        }
    }
    if wide.is_empty() || narrow.is_empty() {
        return None;
    }
    let fast = format!("{head}{}{tail}", narrow.join("|"));
    let fast_ascii = ascii_parts
        .as_ref()
        .map(|(h, _, t)| format!("{h}{}{t}", narrow_ascii.join("|")));
    Some(((fast, fast_ascii), wide))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_runs_are_split_off_with_their_literal_and_the_family_answers_alike() {
        let pattern = r"^[ \-]*(?:(?:home)|(?:[^.]{0,80}to your inbox[^.]{0,40})|(?:\d+ comments)|(?:.{1,120} \(sponsored\)))[ ]*$";
        let ascii = r"^[ \-]*(?:(?:home)|(?:[\x{0}-\x{2D}\x{2F}-\x{7F}]{0,80}to your inbox[\x{0}-\x{2D}\x{2F}-\x{7F}]{0,40})|(?:[0-9]+ comments)|(?:[\x{0}-\x{9}\x{B}-\x{7F}]{1,120} \(sponsored\)))[ ]*$";
        let ((fast, fast_ascii), wide) = split_wide_runs(pattern, Some(ascii)).unwrap();
        assert_eq!(fast, r"^[ \-]*(?:(?:home)|(?:\d+ comments))[ ]*$");
        assert_eq!(
            fast_ascii.as_deref(),
            Some(r"^[ \-]*(?:(?:home)|(?:[0-9]+ comments))[ ]*$")
        );
        let literals: Vec<&[u8]> = wide.iter().map(|w| w.2.as_slice()).collect();
        assert_eq!(literals, vec![&b"to your inbox"[..], &b" (sponsored)"[..]]);
        let mut parts = vec![Part::plain(
            Re::from_source(&Source {
                pattern: &fast,
                relaxed: None,
                ascii: fast_ascii.as_deref().map(|a| (a, None)),
            })
            .unwrap(),
        )];
        for (p, a, lit) in &wide {
            parts.push(Part {
                guard: Some(memchr::memmem::Finder::new(lit).into_owned()),
                re: Re::from_source(&Source {
                    pattern: p,
                    relaxed: None,
                    ascii: a.as_deref().map(|a| (a, None)),
                })
                .unwrap(),
            });
        }
        let family = Family {
            parts,
            prefilter: None,
        };
        let whole = regex::Regex::new(pattern).unwrap();
        let mut mapped = MappedKeys::default();
        for (at, key) in [
            "home",
            " - home",
            "homes",
            "12 comments",
            "news delivered to your inbox",
            "news delivered to your inbox.",
            "best deals (sponsored)",
            "(sponsored)",
            " (sponsored)",
            "x (sponsored) ",
            "caf\u{e9} to your inbox",
            "plain prose line that matches nothing at all.",
            "",
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(
                family.matches(key, key.is_ascii(), at, &mut mapped),
                whole.is_match(key),
                "{key:?}"
            );
        }
        // Nothing to split: no wide run, or nothing else.
        assert!(split_wide_runs(r"^[ ]*(?:(?:home)|(?:menu))[ ]*$", None).is_none());
        assert!(split_wide_runs(r"^[ ]*(?:(?:.{1,120} \(sponsored\)))[ ]*$", None).is_none());
    }

    #[test]
    fn a_mapped_pattern_finds_every_key_its_pattern_finds_and_a_family_answers_alike() {
        // Wide classes with non-ASCII members, bounded repeats, non-ASCII literals, anchors.
        let pattern = r"^[\x{2D}\x{2014}\x{1F600}-\x{1F64F}]*(?:(?:caf\x{E9} [^.]{0,8})|(?:\x{A9} ?[0-9]{4}.{0,5})|(?:read more \x{2192}))[ ]*$";
        let ascii = r"^[\x{2D}]*(?:(?:caf\x{E9} [\x{0}-\x{2D}\x{2F}-\x{7F}]{0,8})|(?:\x{A9} ?[0-9]{4}[\x{0}-\x{9}\x{B}-\x{7F}]{0,5})|(?:read more \x{2192}))[ ]*$";
        let mapped = mapped_pattern(pattern).unwrap();
        let exact = regex::Regex::new(pattern).unwrap();
        let pre = regex::Regex::new(&mapped).unwrap();
        let family = Family {
            parts: vec![Part::plain(
                Re::with_mapped(&Source {
                    pattern,
                    relaxed: None,
                    ascii: Some((ascii, None)),
                })
                .unwrap(),
            )],
            prefilter: None,
        };
        assert!(family.parts[0].re.mapped.is_some());
        let mut buf = String::new();
        let mut mapped = MappedKeys::default();
        for (at, key) in [
            "caf\u{e9} ",
            "caf\u{e9} cr\u{e8}me br\u{fb}",
            "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e",
            "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e and more",
            "cafe cr\u{e8}me",
            "caf\u{e8} cr\u{e8}me",
            "\u{2014}\u{1F600}caf\u{e9} x",
            "\u{2013}caf\u{e9} x",
            "\u{a9} 2025 \u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
            "\u{a9} 2025 \u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
            "\u{a9}2025\n",
            "\u{ae} 2025",
            "read more \u{2192}",
            "read more \u{2190}",
            "\u{1A}\u{1A}",
            "plain prose with an \u{e9} that matches nothing.",
        ]
        .into_iter()
        .enumerate()
        {
            map_key(key, &mut buf);
            assert!(!exact.is_match(key) || pre.is_match(&buf), "{key:?}");
            for _ in 0..2 {
                // the second time with the form worked out the first
                assert_eq!(
                    family.matches(key, key.is_ascii(), at, &mut mapped),
                    exact.is_match(key),
                    "{key:?}"
                );
            }
            if !key.is_ascii() {
                assert_eq!(mapped.get(at, key), buf, "{key:?}");
            }
        }
        // No variant of its own for ASCII keys: no mapped pattern either.
        let same = Re::with_mapped(&Source {
            pattern,
            relaxed: None,
            ascii: None,
        })
        .unwrap();
        assert!(same.mapped.is_none());
        assert!(mapped_pattern(r"a(?=b)").is_none());
        assert!(mapped_pattern(r"\bx").is_none());
    }

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
    fn byte_runs_find_what_the_regex_finds() {
        let texts = [
            "",
            "abc",
            "Share on Facebook & Twitter",
            "3 min read . Dec. 5, 2025 12:30",
            "caf\u{e9} 12ab-cd's x_y \u{2014} 7",
            "...&&..99",
        ];
        for pattern in [
            r"[\x{27}\x{2D}\x{30}-\x{39}\x{41}-\x{5A}\x{5F}\x{61}-\x{7A}]+",
            r"[\x{26}\x{2E}\x{41}-\x{5A}\x{61}-\x{7A}]+|[\x{30}-\x{39}]+",
            r"[\x{30}-\x{39}]",
            r"[0-9]|[a-z]+",
        ] {
            let pat = Pat::with_precheck(pattern, None).unwrap();
            assert!(matches!(pat, Pat::Runs(..)), "{pattern}");
            let re = regex::Regex::new(pattern).unwrap();
            for t in texts {
                let want: Vec<&str> = re.find_iter(t).map(|m| m.as_str()).collect();
                assert_eq!(pat.find_all(t), want, "{pattern} on {t:?}");
                assert_eq!(pat.is_match(t), re.is_match(t), "{pattern} on {t:?}");
                assert_eq!(pat.all_found(t, |_| true), Some(want.len()));
            }
        }
        // Not of that shape: overlapping classes, other repeats, a non-ASCII class, a group.
        for pattern in [
            r"[a-z]+|[0-9a]+",
            r"[a-z]*",
            r"[a-z]+?",
            r"[a-z\x{e9}]+",
            r"([a-z]+)",
            r"ab",
        ] {
            let pat = Pat::with_precheck(pattern, None).unwrap();
            assert!(matches!(pat, Pat::Plain(..)), "{pattern}");
        }
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
