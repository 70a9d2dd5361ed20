//! The language profiles, loaded as `DetectorFactory.load_profile` loads them, and stored
//! compactly: one contiguous array of the non-zero probabilities with their language index,
//! and a hash index from an n-gram (1 to 3 characters, packed in a `u64`) to its entries.
//!
//! langdetect keeps one dense list of `len(profiles)` floats per n-gram; a zero there
//! multiplies a probability by `weight + 0.0 == weight`, so leaving the zeros out changes no bit.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

/// An n-gram of one to three characters as one integer (`0` for an empty or longer one).
#[inline]
pub fn pack(chars: &[char]) -> u64 {
    if chars.is_empty() || chars.len() > 3 {
        return 0;
    }
    chars.iter().fold(0u64, |k, &c| (k << 21) | (c as u64 + 1))
}

/// Where one n-gram's entries lie in the arrays of [`Profiles`].
#[derive(Clone, Copy, Debug)]
pub struct Row {
    start: u32,
    end: u32,
}

/// `DetectorFactory.word_lang_prob_map` and `langlist`.
pub struct Profiles {
    /// `langlist`: profile names in loading order.
    pub langs: Vec<String>,
    /// Per known n-gram: the range of its entries in `lang_of` / `prob`.
    index: HashMap<u64, (u32, u32)>,
    lang_of: Vec<u8>,
    prob: Vec<f64>,
}

/// One profile file: `LangProfile(**json.load(f))`.
struct Profile {
    name: String,
    freq: Vec<(String, u64)>,
    n_words: Vec<u64>,
}

fn parse_profile(text: &str) -> Result<Profile, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let obj = v.as_object().ok_or("not an object")?;
    if obj
        .keys()
        .any(|k| !matches!(k.as_str(), "name" | "freq" | "n_words"))
    {
        return Err("unexpected key".into());
    }
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .ok_or("no name")?
        .to_string();
    let exact = |x: &Value| x.as_u64().filter(|&n| n < 1 << 53);
    let n_words = obj
        .get("n_words")
        .and_then(Value::as_array)
        .ok_or("no n_words")?
        .iter()
        .map(|x| exact(x).ok_or("n_words: not a small non-negative integer"))
        .collect::<Result<Vec<u64>, _>>()?;
    let freq = obj
        .get("freq")
        .and_then(Value::as_object)
        .ok_or("no freq")?
        .iter()
        .map(|(w, x)| {
            exact(x)
                .map(|n| (w.clone(), n))
                .ok_or("freq: not a small non-negative integer")
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Profile {
        name,
        freq,
        n_words,
    })
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
        let mut dense: HashMap<u64, Vec<(u8, f64)>> = HashMap::new();
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
            let p = parse_profile(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            if langs.contains(&p.name) {
                return Err(format!("duplicate profile {}", p.name));
            }
            let index = u8::try_from(langs.len()).map_err(|_| "more than 256 profiles")?;
            langs.push(p.name);
            for (word, count) in &p.freq {
                let chars: Vec<char> = word.chars().collect();
                let length = chars.len();
                // a word of another length is in the map too, but is never looked up
                if !(1..=3).contains(&length) {
                    continue;
                }
                let n = *p.n_words.get(length - 1).ok_or("n_words too short")?;
                if n == 0 {
                    return Err("n_words: division by zero".into());
                }
                // `1.0 * freq / n_words[length - 1]`: both exact as doubles (< 2**53)
                let prob = *count as f64 / n as f64;
                let entries = dense.entry(pack(&chars)).or_default();
                entries.push((index, prob));
            }
        }
        let mut keys: Vec<u64> = dense.keys().copied().collect();
        keys.sort_unstable();
        let total = dense.values().map(Vec::len).sum();
        let mut out = Profiles {
            langs,
            index: HashMap::with_capacity(keys.len()),
            lang_of: Vec::with_capacity(total),
            prob: Vec::with_capacity(total),
        };
        for key in keys {
            let start = out.prob.len() as u32;
            for &(lang, p) in &dense[&key] {
                out.lang_of.push(lang);
                out.prob.push(p);
            }
            out.index.insert(key, (start, out.prob.len() as u32));
        }
        Ok(out)
    }

    /// The row of a known n-gram (`word in word_lang_prob_map`), by its [`pack`]ed key.
    #[inline]
    pub fn row(&self, key: u64) -> Option<Row> {
        self.index.get(&key).map(|&(start, end)| Row { start, end })
    }

    /// The (language index, probability) entries of a row, by language index.
    #[inline]
    pub fn entries(&self, row: Row) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (row.start as usize, row.end as usize);
        self.lang_of[a..b]
            .iter()
            .zip(&self.prob[a..b])
            .map(|(&l, &p)| (l as usize, p))
    }

    /// Bytes held by the profiles (arrays and index, counting the hash table's buckets).
    pub fn resident_bytes(&self) -> usize {
        let bucket = std::mem::size_of::<(u64, (u32, u32))>() + 1;
        self.index.capacity() * bucket
            + self.lang_of.capacity()
            + self.prob.capacity() * std::mem::size_of::<f64>()
            + self.langs.iter().map(|l| l.capacity() + 24).sum::<usize>()
    }
}
