//! `lang.detect_language` natively: the sample, the stop-word vote and langdetect.
//!
//! The sample is the texts up to `SAMPLE_CHARS` code points, joined by spaces and cut there;
//! its words are the `\p{L}+` runs (the `regex` module's letters, from the layout crate's
//! generated table) of its `str.casefold()` (the interpreter's table). Fewer than three words
//! give the default, unless the sample is running text of a script without spaces
//! (`Tables::is_dense_script_prose`); a clear stop-word majority gives its language; anything else goes to
//! langdetect ([`cleanwire_langdetect`]), whose profiles are loaded the first time it is
//! needed, once per engine. When langdetect cannot run natively (no profiles path, a profile
//! it cannot read, a case it does not model) the caller asks the Python engine instead.

use std::borrow::{Borrow, Cow};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use cleanwire_langdetect::{Langdetect, Outcome};
use cleanwire_layout::chars::{py_isupper, re_letter};

use crate::text::Tables;
use crate::FastMap;

/// Where langdetect's data is: its `profiles` directory and that directory's entries, in
/// `os.listdir` order (which fixes each language's index, as in `load_profile`).
pub struct ProfilesSource {
    pub dir: PathBuf,
    pub files: Vec<String>,
}

/// What `lang.py` holds: `STOPWORDS`, `SAMPLE_CHARS`, the default language.
pub struct LanguageSpec {
    /// `(language, stop words)` in `STOPWORDS` order.
    pub stopwords: Vec<(String, Vec<String>)>,
    pub sample_chars: usize,
    pub default: String,
    /// `None`: langdetect always runs in Python.
    pub profiles: Option<ProfilesSource>,
}

/// The language detector of one engine.
pub struct Language {
    langs: Vec<String>,
    /// `_STOP_LANGS` (looked up for every word of a sample): each stop word's entry in
    /// `stop_lists`.
    stops: StopWords,
    /// The languages (indices into `langs`) listing a stop word, per entry of `stops`; a
    /// list of one language makes the word one of `_OWN_STOP`.
    stop_lists: Vec<Vec<usize>>,
    sample_chars: usize,
    default: String,
    profiles: Option<ProfilesSource>,
    detector: OnceLock<Result<Langdetect, String>>,
}

impl Language {
    pub fn new(spec: LanguageSpec) -> Self {
        let mut stop_langs: FastMap<String, Vec<usize>> = FastMap::default();
        let mut langs = Vec::new();
        for (i, (lang, words)) in spec.stopwords.into_iter().enumerate() {
            for w in words {
                let entry = stop_langs.entry(w).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
            langs.push(lang);
        }
        let mut stop_lists = Vec::with_capacity(stop_langs.len());
        let stops = StopWords::new(stop_langs.into_iter().map(|(word, ls)| {
            stop_lists.push(ls);
            (word, stop_lists.len() - 1)
        }));
        Language {
            langs,
            stops,
            stop_lists,
            sample_chars: spec.sample_chars,
            default: spec.default,
            profiles: spec.profiles,
            detector: OnceLock::new(),
        }
    }

    /// `detect_language(sample)`; `None` when the Python engine must answer.
    pub fn detect<S: Borrow<str>>(&self, t: &Tables, sample: &[S]) -> Option<String> {
        let joined = self.joined(sample);
        // ASCII casefolds to its lower case, letter runs in place: its words are read from the
        // sample itself, lowered as they are looked up (no folded copy).
        let ascii = joined.is_ascii();
        let folded_copy;
        let folded: &str = if ascii {
            &joined
        } else {
            folded_copy = t.casefold(&joined);
            &folded_copy
        };
        // the words and their stop-word counts in one pass, without a list of the words; the
        // entries of the stop words met that one language alone lists, for the second look
        let mut per_language = PerLanguage::new(self.langs.len());
        let mut tally = Tally {
            counts: per_language.get_mut(),
            own: Vec::new(),
            n_words: 0,
        };
        for_words(folded, ascii, |start, end, key| {
            self.tally(&mut tally, folded, start..end, key, ascii)
        });
        let Tally {
            counts,
            mut own,
            n_words,
        } = tally;
        if n_words < 3 && !t.is_dense_script_prose(&joined) {
            return Some(self.default.clone());
        }
        if let Some(lang) = self.stopword_vote(counts, n_words) {
            return Some(lang.to_string());
        }
        if let Some(lang) = self.own_stopword_vote(&mut own, counts, n_words) {
            return Some(lang.to_string());
        }
        self.langdetect(&joined)
    }

    /// Counts the word `text[at]` (whose [`word_key`] is *key*; *lower*: see
    /// [`StopWords::get`]) in *tally*. Inlined into the word loop of [`Language::detect`].
    #[inline(always)]
    fn tally(&self, tally: &mut Tally<'_>, text: &str, at: Range<usize>, key: u64, lower: bool) {
        tally.n_words += 1;
        let entry = if key == 0 {
            self.stops.get_long(&text[at], lower)
        } else {
            self.stops.get(key)
        };
        if let Some(e) = entry {
            let langs = &self.stop_lists[e];
            for &l in langs {
                tally.counts[l] += 1;
            }
            if langs.len() == 1 {
                tally.own.push(e as u32);
            }
        }
    }

    /// The joined sample: texts until `sample_chars` code points, joined by a space, cut there
    /// (a sample of one text short enough is that text itself, not a copy).
    fn joined<'s, S: Borrow<str>>(&self, sample: &'s [S]) -> Cow<'s, str> {
        if let [only] = sample {
            if only.borrow().len() <= self.sample_chars {
                return Cow::Borrowed(only.borrow());
            }
        }
        let joined = sample.join(" ");
        // No more bytes than that: no more characters in any prefix, so every text is taken
        // and nothing is cut (the common case, counted without decoding).
        if joined.len() <= self.sample_chars {
            return Cow::Owned(joined);
        }
        let mut size = 0;
        let mut taken = 0;
        for text in sample {
            taken += 1;
            size += text.borrow().chars().count();
            if size >= self.sample_chars {
                break;
            }
        }
        let joined = if taken < sample.len() {
            sample[..taken].join(" ")
        } else {
            joined
        };
        Cow::Owned(match joined.char_indices().nth(self.sample_chars) {
            Some((cut, _)) => joined[..cut].to_string(),
            None => joined,
        })
    }

    /// `_stopword_vote`: a language whose stop words clearly dominate the words (*n_words*
    /// of them, of which *counts* are each language's stop words).
    fn stopword_vote(&self, counts: &[usize], n_words: usize) -> Option<&str> {
        if n_words < 12 || self.langs.len() < 2 {
            return None;
        }
        let (best, top, second) = self.ranked(|l| counts[l]);
        if top as f64 >= 0.25 * n_words as f64 && top >= 3 * second {
            Some(&self.langs[best])
        } else {
            None
        }
    }

    /// The first and second of the languages sorted by (-score, language), without sorting:
    /// the best language (the highest score, the smallest name among equals), its score, and
    /// the highest score of the others.
    fn ranked(&self, score: impl Fn(usize) -> usize) -> (usize, usize, usize) {
        let mut best = 0;
        for l in 1..self.langs.len() {
            if score(l) > score(best)
                || (score(l) == score(best) && self.langs[l] < self.langs[best])
            {
                best = l;
            }
        }
        let second = (0..self.langs.len())
            .filter(|&l| l != best)
            .map(&score)
            .max()
            .unwrap_or(0);
        (best, score(best), second)
    }

    /// `_own_stopword_vote`, the vote's second look: a language using at least three different
    /// stop words that no other language lists, three times as many as any other language,
    /// and whose stop words of any kind (*counts*) make at least 15 % of the *n_words* words
    /// (at least twelve, as for the first look). *own* holds the `stops` entry of each such
    /// stop word of the sample, as often as it occurs.
    fn own_stopword_vote(
        &self,
        own: &mut Vec<u32>,
        counts: &[usize],
        n_words: usize,
    ) -> Option<&str> {
        if n_words < 12 || self.langs.len() < 2 {
            return None;
        }
        own.sort_unstable();
        own.dedup();
        // per language, the different own stop words used
        let mut used = PerLanguage::new(self.langs.len());
        let used = used.get_mut();
        for &e in own.iter() {
            used[self.stop_lists[e as usize][0]] += 1;
        }
        let (best, top, second) = self.ranked(|l| used[l]);
        if top >= 3 && top >= 3 * second && counts[best] as f64 >= 0.15 * n_words as f64 {
            Some(&self.langs[best])
        } else {
            None
        }
    }

    /// The langdetect part of `detect_language` on the joined sample: the code before any
    /// `-` (`zh-cn` is `zh`), or the default for "unknown" and for a text without features.
    /// `None` when the Python engine must answer.
    pub fn langdetect(&self, joined: &str) -> Option<String> {
        let detector = self.detector()?;
        match detector.detect(joined, py_isupper) {
            Ok(Outcome::Language(code)) => Some(code.split('-').next().unwrap_or("").to_string()),
            Ok(Outcome::Unknown | Outcome::NoFeatures) => Some(self.default.clone()),
            Err(_) => None,
        }
    }

    /// The loaded detector (loading it on the first call; other threads wait for it).
    fn detector(&self) -> Option<&Langdetect> {
        let source = self.profiles.as_ref()?;
        self.detector
            .get_or_init(|| Langdetect::load(&source.dir, &source.files))
            .as_ref()
            .ok()
    }

    /// Bytes held by the loaded profiles (`None` before they are needed, or when they failed).
    pub fn profile_bytes(&self) -> Option<usize> {
        match self.detector.get() {
            Some(Ok(d)) => Some(d.resident_bytes()),
            _ => None,
        }
    }

    /// Why langdetect runs in Python, once that is known.
    pub fn load_error(&self) -> Option<&str> {
        match self.detector.get() {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// The words of a sample as the vote counts them: the stop words per language, the `stops`
/// entries of those that one language alone lists (as often as they occur), all words.
struct Tally<'c> {
    counts: &'c mut [usize],
    own: Vec<u32>,
    n_words: usize,
}

/// Room for the languages of the stop-word lists (see [`PerLanguage`]) without a heap allocation.
const ON_STACK_LANGUAGES: usize = 16;

/// A count per language, zeroed: on the stack for up to [`ON_STACK_LANGUAGES`] languages (the
/// shipped lists have eight), else on the heap. A vote counts once or twice per sample.
enum PerLanguage {
    Stack([usize; ON_STACK_LANGUAGES], usize),
    Heap(Vec<usize>),
}

impl PerLanguage {
    /// Zero counts for `n` languages.
    fn new(n: usize) -> Self {
        if n <= ON_STACK_LANGUAGES {
            PerLanguage::Stack([0; ON_STACK_LANGUAGES], n)
        } else {
            PerLanguage::Heap(vec![0; n])
        }
    }

    /// The counts, one per language.
    #[inline]
    fn get_mut(&mut self) -> &mut [usize] {
        match self {
            PerLanguage::Stack(counts, n) => &mut counts[..*n],
            PerLanguage::Heap(counts) => counts,
        }
    }
}

/// Stop words by key (see [`word_key`]): those of at most eight bytes in an open-addressed
/// table of keys, longer ones (none in the shipped lists) in a map.
struct StopWords {
    /// A power of two of slots, at most half of them used; key 0 marks an empty slot.
    keys: Vec<u64>,
    /// The entry of the word in each used slot.
    entries: Vec<usize>,
    /// `64 - log2(keys.len())`: the slot of a key is the top bits of its product.
    shift: u32,
    long: FastMap<String, usize>,
}

impl StopWords {
    /// The table of *words*, each with its entry.
    fn new(words: impl Iterator<Item = (String, usize)>) -> Self {
        let words: Vec<(String, usize)> = words.collect();
        let size = (2 * words.len()).next_power_of_two().max(16);
        let mut table = StopWords {
            keys: vec![0; size],
            entries: vec![0; size],
            shift: 64 - size.trailing_zeros(),
            long: FastMap::default(),
        };
        for (word, entry) in words {
            // a word with a NUL byte is no letter run: never met, kept apart all the same
            match if word.contains('\0') {
                0
            } else {
                word_key(word.as_bytes())
            } {
                0 => {
                    table.long.insert(word, entry);
                }
                key => {
                    let mut i = table.slot(key);
                    while table.keys[i] != 0 {
                        i = (i + 1) & (size - 1);
                    }
                    table.keys[i] = key;
                    table.entries[i] = entry;
                }
            }
        }
        table
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The entry of the word whose [`word_key`] is *key* (not 0), if it is a stop word.
    /// Inlined into the word loop (a call per word of every sample).
    #[inline(always)]
    fn get(&self, key: u64) -> Option<usize> {
        let mut i = self.slot(key);
        loop {
            match self.keys[i] {
                k if k == key => return Some(self.entries[i]),
                0 => return None,
                _ => i = (i + 1) & (self.keys.len() - 1),
            }
        }
    }

    /// The entry of *word*, a word without a key (more than eight bytes), if it is a stop
    /// word; *lower* says that *word* is ASCII letters to be looked up in lower case. Out of
    /// the word loop: rare.
    #[inline(never)]
    fn get_long(&self, word: &str, lower: bool) -> Option<usize> {
        if self.long.is_empty() {
            return None;
        }
        if lower {
            self.long.get(&word.to_ascii_lowercase()).copied()
        } else {
            self.long.get(word).copied()
        }
    }
}

/// A word of one to eight UTF-8 bytes as the little-endian number of its bytes, 0 for any
/// other. Words without a NUL byte (letters, and the table's words: see [`StopWords::new`])
/// give distinct keys.
#[inline]
fn word_key(word: &[u8]) -> u64 {
    if word.is_empty() || word.len() > 8 {
        return 0;
    }
    // byte by byte: a copy of a slice of variable length would call `memcpy`
    word.iter()
        .enumerate()
        .fold(0, |key, (i, &b)| key | u64::from(b) << (8 * i))
}

/// The key of an ASCII letter run: [`word_key`] of its lower case (what [`for_words`] must
/// give for an ASCII text).
#[cfg(test)]
fn ascii_word_key(word: &[u8]) -> u64 {
    match word_key(word) {
        0 => 0,
        key => key | (0x2020_2020_2020_2020 >> (8 * (8 - word.len()))),
    }
}

/// Each item of `regex.findall(r"\p{L}+", text)`, in order, to *f* as its start and end
/// bytes and its [`word_key`]; when *lower* (*text* is ASCII) the key of its lower case. The
/// letters are found 64 bytes at a time, as a mask of bits (a character beyond ASCII, rarer,
/// decoded and looked up where it starts; its bytes may run into the next block): a word
/// starts at a letter after none and ends at the first byte after it that is none.
fn for_words(text: &str, lower: bool, mut f: impl FnMut(usize, usize, u64)) {
    debug_assert!(!lower || text.is_ascii());
    let bytes = text.as_bytes();
    let fold = if lower { 0x2020_2020_2020_2020 } else { 0 };
    let mut start = 0;
    // whether the byte before the block is a letter; the letter bytes of this block that
    // belong to a character starting in the one before
    let (mut carry, mut spill) = (0u64, 0u64);
    // The blocks up to the last, shorter one (empty when the text is a multiple of 64 bytes
    // long), padded with NUL bytes: no letters, so every word ends in a block.
    let mut base = 0;
    loop {
        let block = &bytes[base..bytes.len().min(base + 64)];
        let (mut mask, mut leads) = match block.try_into() {
            Ok(whole) => byte_masks(whole),
            Err(_) => {
                let mut padded = [0u8; 64];
                padded[..block.len()].copy_from_slice(block);
                byte_masks(&padded)
            }
        };
        mask |= spill;
        spill = 0;
        while leads != 0 {
            let j = leads.trailing_zeros() as usize;
            leads &= leads - 1;
            let c = text[base + j..]
                .chars()
                .next()
                .expect("a character starts here");
            if re_letter(c) {
                let bits = ((1u128 << c.len_utf8()) - 1) << j;
                mask |= bits as u64;
                spill = (bits >> 64) as u64;
            }
        }
        let after_letter = (mask << 1) | carry;
        let starts = mask & !after_letter;
        let mut edges = starts | (!mask & after_letter);
        while edges != 0 {
            let j = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            if starts >> j & 1 == 1 {
                start = base + j;
            } else {
                let end = base + j;
                f(start, end, key_at(bytes, start, end, fold));
            }
        }
        if block.len() < 64 {
            return;
        }
        carry = mask >> 63;
        base += 64;
    }
}

/// [`word_key`] of the word `bytes[start..end]`, its bytes or-ed with *fold* (`0x20` each to
/// lower ASCII letters, or 0): its first eight bytes read at once where the text holds eight
/// from *start*.
#[inline(always)]
fn key_at(bytes: &[u8], start: usize, end: usize, fold: u64) -> u64 {
    let len = end - start;
    if len > 8 {
        return 0;
    }
    let kept = u64::MAX >> (64 - 8 * len);
    match bytes.get(start..start + 8) {
        Some(eight) => (u64::from_le_bytes(eight.try_into().expect("eight bytes")) | fold) & kept,
        None => (word_key(&bytes[start..end]) | fold) & kept,
    }
}

/// Two masks of the bytes of *block* (bit *j* for byte *j*): the ASCII letters, and the first
/// bytes of the characters beyond ASCII.
#[inline(always)]
fn byte_masks(block: &[u8; 64]) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 processor has it.
        unsafe { byte_masks_sse2(block) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        block
            .iter()
            .enumerate()
            .fold((0, 0), |(letters, leads), (j, &b)| {
                (
                    letters | u64::from((b | 0x20).wrapping_sub(b'a') < 26) << j,
                    leads | u64::from(b >= 0xc0) << j,
                )
            })
    }
}

/// [`byte_masks`] with SSE2, sixteen bytes at a time: a byte is a letter when its lower case
/// (bit 5 set) less `a` is at most 25, unsigned; a character beyond ASCII starts at a byte
/// with its top bit set that is not a continuation byte (`0b10xxxxxx`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn byte_masks_sse2(block: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_set_epi64x, _mm_sub_epi8,
    };
    let (mut letters, mut leads) = (0u64, 0u64);
    for (k, c) in block.chunks_exact(16).enumerate() {
        let half = |at: usize| i64::from_le_bytes(c[at..at + 8].try_into().expect("eight bytes"));
        let v = _mm_set_epi64x(half(8), half(0));
        let byte = |x: u8| _mm_set1_epi8(x as i8);
        let offset = _mm_sub_epi8(_mm_or_si128(v, byte(0x20)), byte(b'a'));
        let letter = _mm_cmpeq_epi8(_mm_min_epu8(offset, byte(25)), offset);
        let continuation = _mm_cmpeq_epi8(_mm_and_si128(v, byte(0xc0)), byte(0x80));
        let bits = |m| u64::from(_mm_movemask_epi8(m) as u16) << (16 * k);
        letters |= bits(letter);
        leads |= bits(v) & !bits(continuation);
    }
    (letters, leads)
}

/// Each item of `regex.findall(r"\p{L}+", text)`, in order, to *f*, a character at a time:
/// what [`for_words`] must give.
#[cfg(test)]
fn for_letter_runs<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (letter, width) = if b < 0x80 {
            (b.is_ascii_alphabetic(), 1)
        } else {
            let c = text[i..].chars().next().expect("i is a char boundary");
            (re_letter(c), c.len_utf8())
        };
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(&text[s..i]);
                start = None;
            }
            _ => {}
        }
        i += width;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_word_key, for_letter_runs, for_words, word_key};

    /// The ASCII word loop gives the letter runs, each with [`ascii_word_key`] of it (0 past
    /// eight letters).
    #[test]
    fn ascii_words_and_their_keys() {
        let mut got = Vec::new();
        let text = "It's a Test, of WORDS longerthan8 x9y";
        for_words(text, true, |start, end, key| {
            got.push((text[start..end].to_string(), key))
        });
        let want: Vec<(String, u64)> = [
            "It",
            "s",
            "a",
            "Test",
            "of",
            "WORDS",
            "longerthan",
            "x",
            "y",
        ]
        .iter()
        .map(|w| (w.to_string(), ascii_word_key(w.as_bytes())))
        .collect();
        assert_eq!(got, want);
        assert_eq!(
            ascii_word_key(b"Test"),
            u64::from_le_bytes(*b"test\0\0\0\0")
        );
        assert_eq!(ascii_word_key(b"longerthan"), 0);
    }

    /// Across blocks of 64 bytes, at their edges and at the end of the text, with characters
    /// beyond ASCII (letters or not, of two to four bytes) anywhere, the word loop gives the
    /// letter runs of the loop a character at a time, with their keys.
    #[test]
    fn words_across_blocks() {
        const ASCII: [char; 9] = ['a', 'Q', 'z', 'Z', ' ', '@', '`', '{', '['];
        const WIDE: [char; 8] = ['é', 'ß', '—', '’', 'Ω', '中', '😀', '\u{301}'];
        let mut state = 12345u64;
        for wide in [false, true] {
            for len in 0..300 {
                let text: String = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let pick = (state >> 33) as usize;
                        if wide && pick.is_multiple_of(5) {
                            WIDE[pick / 5 % WIDE.len()]
                        } else if pick.is_multiple_of(3) {
                            ASCII[pick / 3 % ASCII.len()]
                        } else {
                            ASCII[pick / 3 % 4]
                        }
                    })
                    .collect();
                let mut got = Vec::new();
                for_words(&text, !wide, |start, end, key| {
                    got.push((text[start..end].to_string(), key))
                });
                let mut want = Vec::new();
                for_letter_runs(&text, |w| {
                    let key = if wide {
                        word_key(w.as_bytes())
                    } else {
                        ascii_word_key(w.as_bytes())
                    };
                    want.push((w.to_string(), key))
                });
                assert_eq!(got, want, "{text:?}");
            }
        }
    }
}
