//! The built-in cleaners (`cleaners/*.py`): line checks, checks in context, reasons.

use crate::doc::{Document, Line};
use crate::lexicon::Lexicon;
use crate::re::{Family, MappedKeys, Re};
use crate::text::{self, Tables};
use crate::FastMap;

/// Writes [`Pid`] (one variant per name), `Pid::ALL` and `Pid::name` from one list.
macro_rules! pattern_ids {
    ($($name:ident),+ $(,)?) => {
        /// The cleaners' own patterns that the native cleaners search, by their names in
        /// `_native_spec.py` (an index into [`Shared`]'s patterns: no lookup by name per line).
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Pid {
            $($name),+
        }

        impl Pid {
            /// Every pattern, in index order.
            pub const ALL: &'static [Pid] = &[$(Pid::$name),+];

            /// The pattern's name among those Python hands over.
            pub fn name(self) -> &'static str {
                match self {
                    $(Pid::$name => stringify!($name)),+
                }
            }
        }
    };
}

pattern_ids!(
    m_bare_tag,
    m_caption_opening,
    m_code_punct,
    m_lone_tag,
    m_name_word,
    m_starts_upper,
    m_video_title,
    s_attribute,
    s_bracket_tag,
    s_byline_token,
    s_code_mark,
    s_date_shape,
    s_ellipsis_end,
    s_ends_proper,
    s_has_digit,
    s_has_word,
    s_headline_end,
    s_icon_tail,
    s_paren_tag,
    s_sentence_break,
    s_social_token,
);

/// The cleaners' own patterns (translated from their Python modules) and the Unicode tables.
pub struct Shared {
    pub t: Tables,
    /// The patterns of [`Pid::ALL`], in that order.
    p: Vec<Re>,
    pub icon_words: Vec<String>,
    /// The learned `layout` classifier (None: the Python one is called back).
    pub layout: Option<cleanwire_layout::LayoutModel>,
}

impl Shared {
    /// The shared data, taking the patterns the cleaners search from *patterns* (by name);
    /// the name of a pattern missing from them is the error.
    pub fn new(
        t: Tables,
        mut patterns: FastMap<String, Re>,
        icon_words: Vec<String>,
        layout: Option<cleanwire_layout::LayoutModel>,
    ) -> Result<Shared, &'static str> {
        let p = Pid::ALL
            .iter()
            .map(|id| patterns.remove(id.name()).ok_or(id.name()))
            .collect::<Result<Vec<Re>, _>>()?;
        Ok(Shared {
            t,
            p,
            icon_words,
            layout,
        })
    }
    #[inline]
    pub fn re(&self, id: Pid) -> &Re {
        &self.p[id as usize]
    }
    /// `re(name)` searched in *line*'s text (its ASCII variant where the text is ASCII).
    pub fn in_text(&self, name: Pid, line: &Line) -> bool {
        self.re(name).is_match_ascii(&line.text, line.text_ascii())
    }
    /// `false` when `re(name)`'s cheap pre-check rules out a match in *line*'s text (see
    /// [`Re::may_match_ascii`]); `true` when only [`Shared::in_text`] can tell.
    pub fn may_be_in_text(&self, name: Pid, line: &Line) -> bool {
        self.re(name).may_match_ascii(&line.text, line.text_ascii())
    }
    /// `re(name)` searched in *line*'s key (its ASCII variant where the key is ASCII).
    pub fn in_key(&self, name: Pid, line: &Line) -> bool {
        self.re(name).is_match_ascii(&line.key, line.key_ascii)
    }
    /// `is_headline_like`.
    pub fn headline_like(&self, line: &Line, max_words: usize) -> bool {
        2 <= line.words
            && line.words as usize <= max_words
            && !self.in_text(Pid::s_headline_end, line)
            && self.in_text(Pid::m_starts_upper, line)
    }
}

/// What a user added with `with_phrases`, compiled (full-line families, or searched for captions).
pub type Extra = Option<Family>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    StrayMarkup,
    Banners,
    Attribution,
    Comments,
    Social,
    Navigation,
    Promotions,
    Bylines,
    Related,
    Captions,
    Duplicates,
    Layout,
}

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "stray_markup" => Kind::StrayMarkup,
            "banners" => Kind::Banners,
            "attribution" => Kind::Attribution,
            "comments" => Kind::Comments,
            "social" => Kind::Social,
            "navigation" => Kind::Navigation,
            "promotions" => Kind::Promotions,
            "bylines" => Kind::Bylines,
            "related" => Kind::Related,
            "captions" => Kind::Captions,
            "duplicates" => Kind::Duplicates,
            "layout" => Kind::Layout,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::StrayMarkup => "stray_markup",
            Kind::Banners => "banners",
            Kind::Attribution => "attribution",
            Kind::Comments => "comments",
            Kind::Social => "social",
            Kind::Navigation => "navigation",
            Kind::Promotions => "promotions",
            Kind::Bylines => "bylines",
            Kind::Related => "related",
            Kind::Captions => "captions",
            Kind::Duplicates => "duplicates",
            Kind::Layout => "layout",
        }
    }
    /// `context_free`: run whole in the first pass, skipped in the second.
    pub fn context_free(self) -> bool {
        matches!(
            self,
            Kind::Banners | Kind::Attribution | Kind::Social | Kind::Navigation | Kind::Promotions
        )
    }
    /// Has `line_checks` (and then `reapply`).
    pub fn split_checks(self) -> bool {
        matches!(
            self,
            Kind::StrayMarkup | Kind::Comments | Kind::Related | Kind::Captions
        )
    }
    fn max_chars(self) -> usize {
        match self {
            Kind::Banners => 700,
            Kind::Attribution => 200,
            Kind::Comments | Kind::Promotions => 240,
            Kind::Social => 160,
            Kind::Navigation => 80,
            Kind::Bylines => 120,
            _ => 400,
        }
    }
}

/// Verdicts of a line check worked out once per text of a document (see `Memo::same_text`):
/// a code per line number of the first line of each text (0: not yet worked out, 1: no
/// verdict, else a reason's index in `reasons` plus 2).
struct Remembered<'m> {
    /// `None`: no text repeats (nothing to remember).
    same: Option<&'m [u32]>,
    codes: Vec<u8>,
    reasons: Vec<&'static str>,
}

impl<'m> Remembered<'m> {
    fn new(memo: &'m crate::doc::Memo, lines: &[Line]) -> Self {
        let same = memo.same_text(lines);
        Remembered {
            same,
            codes: same.map_or_else(Vec::new, |s| vec![UNKNOWN; s.len()]),
            reasons: Vec::new(),
        }
    }

    /// `check(line)`, or what it gave on an earlier line of the same text.
    #[inline]
    fn get(
        &mut self,
        line: &Line,
        check: impl FnOnce() -> Option<&'static str>,
    ) -> Option<&'static str> {
        let Some(same) = self.same else {
            return check();
        };
        let slot = same[line.number as usize] as usize;
        match self.codes[slot] {
            UNKNOWN => {
                let verdict = check();
                self.codes[slot] = match verdict {
                    None => NO_VERDICT,
                    Some(r) => {
                        let i = match self.reasons.iter().position(|&k| k == r) {
                            Some(i) => i,
                            None => {
                                self.reasons.push(r);
                                self.reasons.len() - 1
                            }
                        };
                        // A check names a handful of reasons.
                        u8::try_from(i + 2).expect("fewer than 254 reasons")
                    }
                };
                verdict
            }
            NO_VERDICT => None,
            code => Some(self.reasons[code as usize - 2]),
        }
    }
}

/// `LineCleaner.verdicts` with the cleaner's `check`.
fn verdicts(
    s: &Shared,
    kind: Kind,
    doc: &Document,
    lex: &Lexicon,
    extra: &Extra,
    mapped: &mut MappedKeys,
) -> Vec<(usize, &'static str)> {
    let limit = kind.max_chars();
    let mut out = Vec::new();
    // The bylines check runs again in every settle round, on lines it has seen: remembered
    // for the document (per language); the others once per call.
    let same = doc.memo.same_text(&doc.lines);
    let mut memo = (kind == Kind::Bylines).then(|| doc.memo.bylines.lock().unwrap());
    if let Some(m) = memo.as_mut() {
        if m.0 != doc.language {
            m.0.clone_from(&doc.language);
            m.1.clear();
        }
        let size = doc.lines.last().map_or(0, |l| l.number as usize + 1);
        if m.1.len() < size {
            m.1.resize(size, UNKNOWN);
        }
    }
    let mut local = memo
        .is_none()
        .then(|| Remembered::new(&doc.memo, &doc.lines));
    for (i, line) in doc.lines.iter().enumerate() {
        if !line.keep || line.chars as usize > limit {
            continue;
        }
        let verdict = match (memo.as_mut(), local.as_mut()) {
            (Some(m), _) => {
                let slot = same.map_or(line.number, |s| s[line.number as usize]) as usize;
                if m.1[slot] == UNKNOWN {
                    m.1[slot] = encode(line_verdict(s, kind, line, i, lex, extra, mapped));
                }
                decode(m.1[slot])
            }
            (None, Some(r)) => r.get(line, || line_verdict(s, kind, line, i, lex, extra, mapped)),
            (None, None) => line_verdict(s, kind, line, i, lex, extra, mapped),
        };
        if let Some(reason) = verdict {
            out.push((i, reason));
        }
    }
    out
}

/// One line's verdict in [`verdicts`]: a user phrase, else the cleaner's check (the line is
/// at index *at*, for *mapped*).
fn line_verdict(
    s: &Shared,
    kind: Kind,
    line: &Line,
    at: usize,
    lex: &Lexicon,
    extra: &Extra,
    mapped: &mut MappedKeys,
) -> Option<&'static str> {
    if extra
        .as_ref()
        .is_some_and(|e| e.matches(&line.key, line.key_ascii, at, mapped))
    {
        return Some("matches a user phrase");
    }
    check(s, kind, line, at, lex, mapped)
}

/// The reasons a remembered verdict can name (`Memo`); codes are their index plus 2.
const REMEMBERED: [&str; 4] = [
    "matches a user phrase",
    "empty metadata label",
    "byline",
    "date or reading-time line",
];
const UNKNOWN: u8 = 0;
const NO_VERDICT: u8 = 1;

fn encode(verdict: Option<&'static str>) -> u8 {
    match verdict {
        None => NO_VERDICT,
        Some(r) => {
            let i = REMEMBERED
                .iter()
                .position(|&k| k == r)
                .expect("a bylines reason is listed in REMEMBERED");
            i as u8 + 2
        }
    }
}

fn decode(code: u8) -> Option<&'static str> {
    if code == NO_VERDICT {
        None
    } else {
        Some(REMEMBERED[code as usize - 2])
    }
}

/// *reason* when *fam* matches the key of *line*, at index *at*.
fn phrase(
    fam: &Family,
    line: &Line,
    at: usize,
    mapped: &mut MappedKeys,
    reason: &'static str,
) -> Option<&'static str> {
    if fam.matches(&line.key, line.key_ascii, at, mapped) {
        Some(reason)
    } else {
        None
    }
}

/// The cleaner's `check` of *line*, at index *at* (for *mapped*).
fn check(
    s: &Shared,
    kind: Kind,
    line: &Line,
    at: usize,
    lex: &Lexicon,
    mapped: &mut MappedKeys,
) -> Option<&'static str> {
    let key = &line.key[..];
    match kind {
        Kind::StrayMarkup => {
            if !s.in_text(Pid::s_has_word, line) && !s.in_text(Pid::m_code_punct, line) {
                Some("no letters or digits")
            } else {
                None
            }
        }
        Kind::Banners => phrase(
            &lex.consent_banner,
            line,
            at,
            mapped,
            "consent or sign-up banner",
        ),
        Kind::Navigation => phrase(
            &lex.navigation_line,
            line,
            at,
            mapped,
            "navigation or site furniture",
        ),
        Kind::Promotions => phrase(
            &lex.call_to_action,
            line,
            at,
            mapped,
            "call to action, advertising label or legal footer",
        ),
        Kind::Comments => phrase(
            &lex.comment_line,
            line,
            at,
            mapped,
            "comment prompt or form label",
        ),
        Kind::Attribution => {
            if lex
                .attribution_line
                .matches(key, line.key_ascii, at, mapped)
            {
                return Some("read-more link");
            }
            if let Some((a, b)) = lex
                .attribution_label
                .group_ascii(key, "rest", line.key_ascii)
            {
                let rest = &key[a..b];
                if rest.matches(' ').count() < 8 && !rest.ends_with(['.', '!', '?']) {
                    return Some("source or credit line");
                }
            }
            None
        }
        Kind::Social => {
            if lex.share_line.matches(key, line.key_ascii, at, mapped) {
                return Some("share or subscribe widget");
            }
            if line.words <= 12 {
                let widgets = s
                    .re(Pid::s_social_token)
                    .all_found_ascii(key, line.key_ascii, |t| lex.widget_words.contains(t));
                if widgets.is_some_and(|n| n >= 2) {
                    return Some("row of share buttons");
                }
            }
            None
        }
        Kind::Bylines => byline_check(s, line, lex),
        _ => None,
    }
}

fn byline_check(s: &Shared, line: &Line, lex: &Lexicon) -> Option<&'static str> {
    let key = &line.key[..];
    if key.ends_with([':', '\n']) && lex.metadata_label.is_match_ascii(key, line.key_ascii) {
        return Some("empty metadata label");
    }
    if let Some((a, b)) = lex.byline.group_ascii(key, "rest", line.key_ascii) {
        if line.words <= 10 && !line.text.ends_with(['!', '?']) {
            let rest_len = text::clen(&key[a..b]) as isize;
            let text_len = line.chars as isize;
            let mut start = text_len - rest_len;
            if start < 0 {
                start = (text_len + start).max(0);
            }
            let rest: String = line.text.chars().skip(start as usize).collect();
            let replaced = rest.replace(',', " ").replace(" and ", " ");
            let names = s.t.split(&replaced);
            if !names.is_empty()
                && names.len() <= 6
                && names
                    .iter()
                    .take(3)
                    .all(|w| s.re(Pid::m_name_word).is_match(w) || *w == "&" || *w == "|")
            {
                return Some("byline");
            }
        }
    }
    let has_digit = s.in_key(Pid::s_has_digit, line);
    if has_digit
        || key
            .split(|c| s.t.is_space(c))
            .filter(|w| !w.is_empty())
            .take(2)
            .any(|w| lex.date_words.contains(w))
    {
        let dates = &lex.date_words;
        let is_digit = |t: &str| !t.is_empty() && t.chars().all(|c| s.t.is_digit(c));
        let mut has_word = false;
        let tokens = s
            .re(Pid::s_byline_token)
            .all_found_ascii(key, line.key_ascii, |t| {
                let digits = is_digit(t);
                has_word |= !digits;
                digits || dates.contains(t.trim_matches('.')) || dates.contains(t)
            });
        if let Some(n) = tokens.filter(|&n| n > 0) {
            if (has_word && (n > 1 || has_digit)) || s.in_key(Pid::s_date_shape, line) {
                return Some("date or reading-time line");
            }
        }
    }
    None
}

/// A context-free cleaner whole, or the line checks of one that has them (first pass);
/// *mapped* holds the mapped keys of *doc*'s lines (see [`MappedKeys`]).
pub fn first_pass(
    s: &Shared,
    kind: Kind,
    doc: &mut Document,
    lex: &Lexicon,
    extra: &Extra,
    mapped: &mut MappedKeys,
) {
    match kind {
        Kind::Related => related_line_checks(s, doc, lex, extra, mapped),
        Kind::Captions => captions_line_checks(s, doc, lex, extra, mapped),
        _ => {
            for (i, reason) in verdicts(s, kind, doc, lex, extra, mapped) {
                doc.drop_line(i, kind.name(), reason);
            }
        }
    }
}

/// The checks in context (second pass and settle rounds); the layout step is the caller's.
/// *mapped* holds the mapped keys of *doc*'s lines (see [`MappedKeys`]).
pub fn second_pass(
    s: &Shared,
    kind: Kind,
    doc: &mut Document,
    lex: &Lexicon,
    extra: &Extra,
    repr: &dyn Fn(&str) -> String,
    mapped: &mut MappedKeys,
) {
    match kind {
        Kind::StrayMarkup => markup_reapply(s, doc),
        Kind::Comments => drop_thread(s, doc, lex, repr),
        Kind::Bylines => {
            let found = verdicts(s, kind, doc, lex, extra, mapped);
            let items = found
                .iter()
                .filter(|(_, r)| *r == "byline" || *r == "date or reading-time line")
                .count();
            let listed = items >= 8;
            for (i, reason) in found {
                if !(listed && (reason == "byline" || reason == "date or reading-time line")) {
                    doc.drop_line(i, "bylines", reason);
                }
            }
            section_labels(s, doc, lex);
        }
        Kind::Related => related_in_context(s, doc),
        Kind::Captions => captions_in_context(s, doc),
        Kind::Duplicates => duplicates(doc),
        _ => {}
    }
}

/// Bytes to mark lines with, zeroed: on the stack for up to [`ZeroedBytes::ON_STACK`] of them
/// (a short text's lines: no allocation per call), else on the heap.
enum ZeroedBytes {
    Stack([u8; ZeroedBytes::ON_STACK], usize),
    Heap(Vec<u8>),
}

impl ZeroedBytes {
    const ON_STACK: usize = 64;

    /// `n` zero bytes.
    fn new(n: usize) -> Self {
        if n <= Self::ON_STACK {
            ZeroedBytes::Stack([0; Self::ON_STACK], n)
        } else {
            ZeroedBytes::Heap(vec![0; n])
        }
    }

    /// The bytes.
    fn get_mut(&mut self) -> &mut [u8] {
        match self {
            ZeroedBytes::Stack(bytes, n) => &mut bytes[..*n],
            ZeroedBytes::Heap(bytes) => bytes,
        }
    }
}

fn markup_reapply(s: &Shared, doc: &mut Document) {
    let n = doc.lines.len();
    let shared = doc.memo.clone();
    // What a line gives by itself, worked out once per text where texts repeat (markup comes
    // in repeated lines; see `Memo::same_text`), else once per line (a line is a neighbour
    // of up to four others): bit 0 set when its reason is known, bits 1-2 the reason (0 none,
    // 1 a lone tag, 2 code punctuation), bit 3 set when `is_code` is known, bit 4 its value.
    let same = shared.same_text(&doc.lines);
    let slot = |i: usize, line: &Line| same.map_or(i, |s| s[line.number as usize] as usize);
    let mut marks = ZeroedBytes::new(same.map_or(n, <[u32]>::len));
    let marks = marks.get_mut();
    for i in 0..n {
        let line = &doc.lines[i];
        if !line.keep {
            continue;
        }
        let k = slot(i, line);
        if marks[k] & 1 == 0 {
            let first = line.text.chars().next().unwrap_or(' ');
            let own = if first == '<' {
                u8::from(s.in_text(Pid::m_lone_tag, line) && !s.in_text(Pid::s_attribute, line))
            } else if "{}()[];,".contains(first) && s.in_text(Pid::m_code_punct, line) {
                2
            } else {
                0
            };
            marks[k] |= 1 | (own << 1);
        }
        let reason = match (marks[k] >> 1) & 3 {
            1 => "stray HTML tag",
            2 => "no letters or digits",
            _ => continue,
        };
        let lo = i.saturating_sub(2);
        let hi = (i + 3).min(n);
        let code = (lo..hi).filter(|&j| j != i).any(|j| {
            let other = &doc.lines[j];
            let kj = slot(j, other);
            if marks[kj] & 8 == 0 {
                marks[kj] |= 8 | (u8::from(is_code(s, other)) << 4);
            }
            marks[kj] & 16 != 0
        });
        if !code {
            doc.drop_line(i, "stray_markup", reason);
        }
    }
}

fn is_code(s: &Shared, line: &Line) -> bool {
    if s.in_text(Pid::s_code_mark, line) {
        return true;
    }
    line.text.starts_with('<') && !s.in_text(Pid::m_bare_tag, line)
}

fn header_name<'a>(line: &'a Line, lex: &Lexicon) -> Option<&'a str> {
    if line.words > 10 || line.chars > 80 {
        return None;
    }
    if !lex
        .comment_header_ends
        .iter()
        .any(|e| text::ends_with(&line.key, e))
    {
        return None;
    }
    let (a, b) = lex
        .comment_header
        .group_ascii(&line.key, "name", line.key_ascii)?;
    let name = &line.key[a..b];
    let first = name.split(' ').next().unwrap_or("");
    if lex.stopwords.contains(first) {
        None
    } else {
        Some(name)
    }
}

fn is_thread(lines: &[&Line], run: &[(usize, &str)]) -> bool {
    if run.len() < 3 {
        return false;
    }
    let mut names: Vec<&str> = run.iter().map(|r| r.1).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() < 2 {
        return false;
    }
    let (first, last) = (run[0].0, run[run.len() - 1].0);
    let above: usize = lines[..first]
        .iter()
        .filter(|l| l.is_prose())
        .map(|l| l.words as usize)
        .sum();
    let below: usize = lines[last + 1..]
        .iter()
        .filter(|l| l.is_prose())
        .map(|l| l.words as usize)
        .sum();
    above >= 50 && below <= above
}

fn drop_thread(_s: &Shared, doc: &mut Document, lex: &Lexicon, repr: &dyn Fn(&str) -> String) {
    let in_view = |l: &Line| l.keep || l.cleaner() == Some("comments");
    // Fewer than three comment headers (most documents): no thread, and no lists made.
    let few = doc
        .lines
        .iter()
        .filter(|l| in_view(l) && header_name(l, lex).is_some())
        .nth(2)
        .is_none();
    if few {
        return;
    }
    let idx: Vec<usize> = (0..doc.lines.len())
        .filter(|&i| in_view(&doc.lines[i]))
        .collect();
    let start = {
        let lines: Vec<&Line> = idx.iter().map(|&i| &doc.lines[i]).collect();
        let headers: Vec<(usize, &str)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| header_name(l, lex).map(|n| (i, n)))
            .collect();
        if headers.len() < 3 {
            return;
        }
        let mut run: Vec<(usize, &str)> = vec![headers[0]];
        for &h in &headers[1..] {
            if h.0 - run[run.len() - 1].0 > 20 {
                if is_thread(&lines, &run) {
                    break;
                }
                run.clear();
            }
            run.push(h);
        }
        if !is_thread(&lines, &run) {
            return;
        }
        run[0].0
    };
    let head = repr(&doc.lines[idx[start]].text);
    let reason = format!("reader-comment thread (from {head})");
    for &i in &idx[start..] {
        doc.drop_line(i, "comments", &reason);
    }
}

fn section_labels(s: &Shared, doc: &mut Document, lex: &Lexicon) {
    let header_end = doc.first_prose_position();
    for i in 0..header_end.min(doc.lines.len()) {
        let line = &doc.lines[i];
        if line.keep && line.words <= 4 {
            let sections =
                s.re(Pid::s_byline_token)
                    .all_found_ascii(&line.key, line.key_ascii, |t| lex.section_words.contains(t));
            if sections.is_some_and(|n| n > 0) {
                doc.drop_line(i, "bylines", "section label");
            }
        }
    }
}

fn related_line_checks(
    s: &Shared,
    doc: &mut Document,
    lex: &Lexicon,
    extra: &Extra,
    mapped: &mut MappedKeys,
) {
    let shared = doc.memo.clone();
    let mut memo = Remembered::new(&shared, &doc.lines);
    for i in 0..doc.lines.len() {
        let line = &doc.lines[i];
        if !line.keep {
            continue;
        }
        let verdict = memo.get(line, || {
            let header = line.words <= 10
                && line.chars <= 80
                && (lex
                    .related_header
                    .matches(&line.key, line.key_ascii, i, mapped)
                    || extra
                        .as_ref()
                        .is_some_and(|e| e.matches(&line.key, line.key_ascii, i, mapped)));
            if header {
                Some("related-links header")
            } else if line.chars < 300
                && line.text.ends_with([']', ')', '\n'])
                && (s.in_text(Pid::s_bracket_tag, line) || s.in_text(Pid::s_paren_tag, line))
            {
                Some("related headline with a bracket tag")
            } else {
                None
            }
        });
        if let Some(reason) = verdict {
            doc.drop_line(i, "related", reason);
        }
    }
}

fn is_truncated(s: &Shared, line: &Line) -> bool {
    let t = &line.text[..];
    (t.ends_with("...") || t.ends_with('\u{2026}') || t.ends_with(']') || t.ends_with('\n'))
        && s.in_text(Pid::s_ellipsis_end, line)
        && line.words <= 45
        && !s.in_text(Pid::s_sentence_break, line)
}

/// Whether *line* may be a teaser cut off with an ellipsis or a bulleted link of
/// [`related_in_context`]: the ending [`is_truncated`] needs, or a bullet first.
fn may_be_related(line: &Line) -> bool {
    let t = &line.text[..];
    t.ends_with("...")
        || t.ends_with('\u{2026}')
        || t.ends_with(']')
        || t.ends_with('\n')
        || t.chars().next().is_some_and(|c| "•·▪►▸◦‣∙".contains(c))
}

fn related_in_context(s: &Shared, doc: &mut Document) {
    // A drop needs a kept line with a teaser's ending or a bullet (most documents have none).
    if !doc.lines.iter().any(|l| l.keep && may_be_related(l)) {
        return;
    }
    let kept: Vec<usize> = (0..doc.lines.len())
        .filter(|&i| doc.lines[i].keep)
        .collect();
    let n = kept.len();
    let teaser = |doc: &Document, i: isize| -> bool {
        i > 0
            && (i as usize) < n
            && is_truncated(s, &doc.lines[kept[i as usize]])
            && s.headline_like(&doc.lines[kept[i as usize - 1]], 20)
    };
    for i in 0..n {
        let ii = i as isize;
        if teaser(doc, ii) && (teaser(doc, ii - 2) || teaser(doc, ii + 2)) {
            doc.drop_line(kept[i - 1], "related", "teaser headline");
            doc.drop_line(kept[i], "related", "teaser cut off with an ellipsis");
        } else {
            let line = &doc.lines[kept[i]];
            let bullet = line
                .text
                .chars()
                .next()
                .is_some_and(|c| "•·▪►▸◦‣∙".contains(c));
            if bullet
                && 0 < i
                && i < n.saturating_sub(1)
                && doc.lines[kept[i - 1]].is_prose()
                && doc.lines[kept[i + 1]].is_prose()
                && s.headline_like(line, 30)
            {
                doc.drop_line(kept[i], "related", "bulleted related link");
            }
        }
    }
}

fn captions_line_checks(
    s: &Shared,
    doc: &mut Document,
    lex: &Lexicon,
    extra: &Extra,
    mapped: &mut MappedKeys,
) {
    let shared = doc.memo.clone();
    let mut memo = Remembered::new(&shared, &doc.lines);
    for i in 0..doc.lines.len() {
        let line = &doc.lines[i];
        if !line.keep || line.chars > 400 {
            continue;
        }
        let verdict = memo.get(line, || {
            let key = &line.key[..];
            if line.words <= 40
                && (lex.caption_marker.matches(key, line.key_ascii, i, mapped)
                    || extra
                        .as_ref()
                        .is_some_and(|e| e.matches_no_prefilter(key, line.key_ascii, i, mapped)))
            {
                Some("photo caption or credit")
            } else if s.icon_words.iter().any(|w| text::ends_with(&line.text, w)) {
                let (a, b) =
                    s.re(Pid::s_icon_tail)
                        .group_ascii(&line.text, "1", line.text_ascii())?;
                let word = &line.text[a..b];
                s.icon_words
                    .iter()
                    .any(|w| w == word)
                    .then_some("caption with gallery icon residue")
            } else {
                None
            }
        });
        if let Some(reason) = verdict {
            doc.drop_line(i, "captions", reason);
        }
    }
}

/// The caption check of the line at `position` in its document (`_scene`).
fn scene(
    s: &Shared,
    line: &Line,
    position: usize,
    remaining: usize,
    header_end: usize,
) -> Option<&'static str> {
    let t = &line.text[..];
    if position <= header_end || remaining <= 1 || line.words < 12 || line.words > 45 {
        return None;
    }
    // `_CAPTION_OPENING.match(text) and _ENDS_PROPER.search(text) and "\u201c" not in text
    // and '"' not in text`, cheapest first (the four have no side effects): the quotes, the
    // pre-checks of both patterns (an opening such as "The", a capitalised word at the end:
    // few lines have both), and only then the look-around patterns, which backtrack.
    if !t.contains('\u{201c}')
        && !t.contains('"')
        && s.may_be_in_text(Pid::m_caption_opening, line)
        && s.may_be_in_text(Pid::s_ends_proper, line)
        && s.in_text(Pid::m_caption_opening, line)
        && s.in_text(Pid::s_ends_proper, line)
    {
        if s.headline_like(line, 45) {
            return Some("photo caption");
        }
        if line.blank_before >= 2 && t.ends_with('.') && !t.contains(". ") {
            return Some("photo caption set apart by an image gap");
        }
    }
    None
}

fn captions_in_context(s: &Shared, doc: &mut Document) {
    let header_end = doc.first_prose_position();
    let mut title_at: isize = -1;
    // The kept lines in order, read in place (their list is not made): a drop below only
    // touches the line at hand.
    let n = doc.kept_count();
    let mut i = 0;
    for li in 0..doc.lines.len() {
        if !doc.lines[li].keep {
            continue;
        }
        let line = &doc.lines[li];
        let mut reason = if line.chars <= 400 {
            scene(s, line, li, n - i, header_end)
        } else {
            None
        };
        if li < header_end && reason.is_none() && s.headline_like(line, 25) {
            if title_at < 0 && line.words >= 3 {
                title_at = i as isize;
            } else if title_at == i as isize - 1 && s.in_text(Pid::m_video_title, line) {
                reason = Some("video title under the headline");
            }
        }
        if let Some(r) = reason {
            doc.drop_line(li, "captions", r);
        }
        i += 1;
    }
}

/// The keys met by [`duplicates`], for its test "the same key at most three kept lines above":
/// a map of every key to the last place it was met answers it, and so do the last three keys
/// met (each at its own place, places increasing), without a map.
#[derive(Default)]
struct RecentKeys {
    /// `(line index, place among the kept lines)` of the last three keys met, oldest first.
    last: [(usize, usize); 3],
    len: usize,
}

impl RecentKeys {
    /// Whether a line whose key is the one looked for (`same_key(line index)`) was met at a
    /// place `place - 3` or later (before `place`).
    fn within_three(&self, place: usize, same_key: impl Fn(usize) -> bool) -> bool {
        self.last[..self.len]
            .iter()
            .any(|&(li, at)| at + 3 >= place && same_key(li))
    }

    /// Note the key of line `li`, met at `place`.
    fn insert(&mut self, li: usize, place: usize) {
        if self.len == self.last.len() {
            self.last.rotate_left(1);
            self.len -= 1;
        }
        self.last[self.len] = (li, place);
        self.len += 1;
    }
}

fn duplicates(doc: &mut Document) {
    // The kept lines in order, read in place (their list is not made): a drop below only
    // touches the line at hand, so the next kept line is found after it as before.
    let next_kept =
        |doc: &Document, from: usize| (from..doc.lines.len()).find(|&j| doc.lines[j].keep);
    let mut seen = RecentKeys::default();
    let mut at = next_kept(doc, 0);
    let mut i = 0;
    while let Some(li) = at {
        at = next_kept(doc, li + 1);
        let place = i;
        i += 1;
        let line = &doc.lines[li];
        if line.words < 10 || (line.words < 20 && !line.ends_sentence()) {
            continue;
        }
        if seen.within_three(place, |j| doc.lines[j].key == line.key) {
            doc.drop_line(li, "duplicates", "repeats a paragraph just above");
            continue;
        }
        seen.insert(li, place);
        if let Some(next) = at {
            let next = &doc.lines[next];
            let key = &line.key[..];
            let nxt = &next.key[..];
            let (klen, nlen) = (text::clen(key), text::clen(nxt));
            if next.words >= 6
                && klen > nlen
                && key.ends_with(nxt)
                && key[..key.len() - nxt.len()].ends_with(' ')
                && line.words as isize - next.words as isize <= 40
            {
                doc.drop_line(
                    li,
                    "duplicates",
                    "caption glued to the paragraph that follows",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RecentKeys;
    use std::collections::HashMap;

    /// [`RecentKeys`] answers as the map of every key to its last place does, on sequences of
    /// keys (a line's key is `keys[li]`, met at place `li`, as in `duplicates`).
    #[test]
    fn recent_keys_answer_as_a_map_of_every_key() {
        let mut state = 0x2545_f491_u32;
        for _ in 0..200 {
            let keys: Vec<u32> = (0..40)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    state % 5
                })
                .collect();
            let mut map: HashMap<u32, isize> = HashMap::new();
            let mut recent = RecentKeys::default();
            for (place, &key) in keys.iter().enumerate() {
                let by_map = place as isize - map.get(&key).copied().unwrap_or(-4) <= 3;
                assert_eq!(recent.within_three(place, |li| keys[li] == key), by_map);
                if !by_map {
                    map.insert(key, place as isize);
                    recent.insert(place, place);
                }
            }
        }
    }
}
