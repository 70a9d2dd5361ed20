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
    /// `_STOP_LANGS`: the languages (indices into `langs`) listing a word as a stop word
    /// (looked up for every word of a sample: the fast hasher).
    stop_langs: FastMap<String, Vec<usize>>,
    /// `_OWN_STOP`: the stop words only one language lists, with that language.
    own_stop: FastMap<String, usize>,
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
        let own_stop = stop_langs
            .iter()
            .filter(|(_, ls)| ls.len() == 1)
            .map(|(w, ls)| (w.clone(), ls[0]))
            .collect();
        Language {
            langs,
            stop_langs,
            own_stop,
            sample_chars: spec.sample_chars,
            default: spec.default,
            profiles: spec.profiles,
            detector: OnceLock::new(),
        }
    }

    /// `detect_language(sample)`; `None` when the Python engine must answer.
    pub fn detect(&self, t: &Tables, sample: &[String]) -> Option<String> {
        let joined = self.joined(sample);
        let folded = t.casefold(&joined);
        // the words and their stop-word counts in one pass, without a list of the words
        let mut counts = vec![0usize; self.langs.len()];
        let mut n_words = 0usize;
        for_letter_runs(&folded, |w| {
            n_words += 1;
            if let Some(ls) = self.stop_langs.get(w) {
                for &l in ls {
                    counts[l] += 1;
                }
            }
        });
        if n_words < 3 && !t.is_dense_script_prose(&joined) {
            return Some(self.default.clone());
        }
        if let Some(lang) = self.stopword_vote(&counts, n_words) {
            return Some(lang.to_string());
        }
        if let Some(lang) = self.own_stopword_vote(&folded, &counts, n_words) {
            return Some(lang.to_string());
        }
        self.langdetect(&joined)
    }

    /// The joined sample: texts until `sample_chars` code points, joined by a space, cut there.
    fn joined(&self, sample: &[String]) -> String {
        let mut size = 0;
        let mut taken = 0;
        for text in sample {
            taken += 1;
            size += text.chars().count();
            if size >= self.sample_chars {
                break;
            }
        }
        let joined = sample[..taken].join(" ");
        match joined.char_indices().nth(self.sample_chars) {
            Some((cut, _)) => joined[..cut].to_string(),
            None => joined,
        }
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
    /// of *folded* (at least twelve, as for the first look).
    fn own_stopword_vote(&self, folded: &str, counts: &[usize], n_words: usize) -> Option<&str> {
        if n_words < 12 || self.langs.len() < 2 {
            return None;
        }
        // per language, the different own stop words used (a sample holds a few dozen words)
        let mut own: Vec<Vec<&str>> = vec![Vec::new(); self.langs.len()];
        for_letter_runs(folded, |w| {
            if let Some(&l) = self.own_stop.get(w) {
                if !own[l].contains(&w) {
                    own[l].push(w);
                }
            }
        });
        let (best, top, second) = self.ranked(|l| own[l].len());
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

/// Each item of `regex.findall(r"\p{L}+", text)`, in order, to *f*.
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
