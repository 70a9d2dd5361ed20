//! The language profiles, loaded as `DetectorFactory.load_profile` loads them, and stored
//! compactly: a hash index from an n-gram (1 to 3 characters, packed in a `u64`) to a row
//! (one flat open-addressing table: a lookup is one cache miss, see [`Profiles::row`]).
//! Most n-grams occur in a few languages: their rows are runs of (language, probability)
//! entries in two contiguous arrays. The n-grams of many languages (the common letters and
//! pairs, [`DENSE_FROM`] languages or more) have a dense row of one probability per language.
//!
//! langdetect keeps one dense list of `len(profiles)` floats per n-gram; a zero there
//! multiplies a probability by `weight + 0.0 == weight`, so leaving the zeros out changes no bit.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

/// Rows with at least this many languages are stored dense.
pub const DENSE_FROM: usize = 20;

/// The lanes of a probability vector when there are at most this many languages (langdetect
/// 1.0.9 ships 55 profiles): the detector's walk then runs on arrays of a size known when it
/// is compiled (see [`Profiles::width`]).
pub const FIXED_WIDTH: usize = 56;

/// An n-gram of one to three characters as one integer (`0` for an empty or longer one).
#[inline]
pub fn pack(chars: &[char]) -> u64 {
    if chars.is_empty() || chars.len() > 3 {
        return 0;
    }
    chars.iter().fold(0u64, |k, &c| (k << 21) | (c as u64 + 1))
}

/// One n-gram's probabilities: where they lie in the arrays of [`Profiles`].
#[derive(Clone, Copy, Debug)]
pub enum Row {
    /// Entries `start..end` of `lang_of` / `prob`, by language index.
    Sparse { start: u32, end: u32 },
    /// `dense[start..start + width]`, one per language (zero where absent), then zeros up to
    /// [`Profiles::width`].
    Dense { start: u32 },
}

/// [`Profiles::width`] for *n_langs* languages.
fn width_for(n_langs: usize) -> usize {
    n_langs.max(FIXED_WIDTH).next_multiple_of(4)
}

/// One slot of [`Index`]: a packed n-gram (`0`: empty) and its row, `b == DENSE` for a
/// dense row, else `a..b` is a sparse row.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    a: u32,
    b: u32,
}

const DENSE: u32 = u32::MAX;

/// The n-gram index: open addressing with linear probing in one flat array, so that a
/// lookup costs one cache miss (a key and its row side by side), and the lookups of a text,
/// independent of each other, overlap ([`Profiles::rows`]).
struct Index {
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: a slot number is the top bits of the hash.
    shift: u32,
}

impl Index {
    fn with_capacity(n: usize) -> Self {
        // at most about two thirds full
        let len = (n + n / 2 + 1).next_power_of_two().max(2);
        Index {
            slots: vec![Slot::default(); len],
            shift: 64 - len.trailing_zeros(),
        }
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        ((key ^ (key >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn insert(&mut self, key: u64, row: Row) {
        debug_assert!(key != 0);
        let (a, b) = match row {
            Row::Sparse { start, end } => (start, end),
            Row::Dense { start } => (start, DENSE),
        };
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].key != 0 && self.slots[i].key != key {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { key, a, b };
    }

    #[inline]
    fn get(&self, key: u64) -> Option<Row> {
        if key == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot.key == key {
                return Some(if slot.b == DENSE {
                    Row::Dense { start: slot.a }
                } else {
                    Row::Sparse {
                        start: slot.a,
                        end: slot.b,
                    }
                });
            }
            if slot.key == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

/// `DetectorFactory.word_lang_prob_map` and `langlist`.
pub struct Profiles {
    /// `langlist`: profile names in loading order.
    pub langs: Vec<String>,
    index: Index,
    lang_of: Vec<u8>,
    prob: Vec<f64>,
    dense: Vec<f64>,
}

/// One profile file: `LangProfile(**json.load(f))` (an unknown key is langdetect's error too).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    name: String,
    freq: HashMap<String, u64>,
    n_words: Vec<u64>,
}

impl Profiles {
    /// `load_profile(directory)` over `files`, the names `os.listdir(directory)` gave, in its
    /// order (the order fixes each language's index, hence sums and ties). Names starting
    /// with a dot and entries that are not files are skipped, as langdetect skips them.
    /// Any error langdetect would raise (or a value this port does not model) is an `Err`.
    pub fn load(dir: &Path, files: &[String]) -> Result<Self, String> {
        if files.is_empty() {
            return Err(format!("no profile in {}", dir.display()));
        }
        // (n-gram, language index, probability), in loading order
        let mut all: Vec<(u64, u8, f64)> = Vec::new();
        let mut langs: Vec<String> = Vec::new();
        for file in files {
            if file.starts_with('.') {
                continue;
            }
            let path = dir.join(file);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let p: Profile =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            if langs.contains(&p.name) {
                return Err(format!("duplicate profile {}", p.name));
            }
            let index = u8::try_from(langs.len()).map_err(|_| "more than 256 profiles")?;
            langs.push(p.name);
            if p.n_words.iter().any(|&n| n >= 1 << 53) {
                return Err("n_words: not exact as a double".into());
            }
            let mut chars = Vec::with_capacity(4);
            for (word, &count) in &p.freq {
                chars.clear();
                chars.extend(word.chars().take(4));
                // a word of another length is in langdetect's map too, but is never looked up
                if !(1..=3).contains(&chars.len()) {
                    continue;
                }
                let n = *p.n_words.get(chars.len() - 1).ok_or("n_words too short")?;
                if n == 0 || count >= 1 << 53 {
                    return Err("a frequency langdetect would divide by zero or round".into());
                }
                // `1.0 * freq / n_words[length - 1]`: both exact as doubles
                all.push((pack(&chars), index, count as f64 / n as f64));
            }
        }
        // by n-gram; a stable sort keeps each n-gram's entries in language order
        all.sort_by_key(|&(key, _, _)| key);
        let width = width_for(langs.len());
        let n_grams = all.chunk_by(|a, b| a.0 == b.0).count();
        let mut out = Profiles {
            langs,
            index: Index::with_capacity(n_grams),
            lang_of: Vec::new(),
            prob: Vec::new(),
            dense: Vec::new(),
        };
        for run in all.chunk_by(|a, b| a.0 == b.0) {
            let row = if run.len() >= DENSE_FROM {
                let start = out.dense.len();
                out.dense.resize(start + width, 0.0);
                for &(_, lang, p) in run {
                    out.dense[start + lang as usize] = p;
                }
                Row::Dense {
                    start: start as u32,
                }
            } else {
                let start = out.prob.len() as u32;
                out.lang_of.extend(run.iter().map(|&(_, lang, _)| lang));
                out.prob.extend(run.iter().map(|&(_, _, p)| p));
                Row::Sparse {
                    start,
                    end: out.prob.len() as u32,
                }
            };
            out.index.insert(run[0].0, row);
        }
        out.lang_of.shrink_to_fit();
        out.prob.shrink_to_fit();
        out.dense.shrink_to_fit();
        Ok(out)
    }

    /// The row of a known n-gram (`word in word_lang_prob_map`), by its [`pack`]ed key.
    #[inline]
    pub fn row(&self, key: u64) -> Option<Row> {
        self.index.get(key)
    }

    /// The (language index, probability) entries of a sparse row, by language index.
    #[inline]
    pub fn sparse(&self, start: u32, end: u32) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (start as usize, end as usize);
        self.lang_of[a..b]
            .iter()
            .zip(&self.prob[a..b])
            .map(|(&l, &p)| (l as usize, p))
    }

    /// The probabilities of a dense row, one per language, then zeros up to [`Profiles::width`].
    #[inline]
    pub fn dense(&self, start: u32) -> &[f64] {
        let a = start as usize;
        &self.dense[a..a + self.width()]
    }

    /// The lanes of a probability vector: the languages, then zeros up to a multiple of four,
    /// at least [`FIXED_WIDTH`].
    #[inline]
    pub fn width(&self) -> usize {
        width_for(self.langs.len())
    }

    /// Bytes held by the profiles (arrays and index, counting the hash table's buckets).
    pub fn resident_bytes(&self) -> usize {
        self.index.slots.len() * std::mem::size_of::<Slot>()
            + self.lang_of.capacity()
            + (self.prob.capacity() + self.dense.capacity()) * std::mem::size_of::<f64>()
            + self.langs.iter().map(|l| l.capacity() + 24).sum::<usize>()
    }
}
