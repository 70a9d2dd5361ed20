//! langdetect's `utils/ngram.py` and `utils/messages.py`: character normalisation
//! (`NGram.normalize`, `NGram.normalize_vi`) with the tables of `messages.properties`.

use std::collections::HashMap;
use std::path::Path;

/// `NGram.CJK_CLASS`: the keys of the kanji classes, in the order of `ngram.py` (a character in
/// two classes maps to the representative of the later one, as `_init_cjk_map` does).
const KANJI_KEYS: [&str; 126] = [
    "1_0", "1_2", "1_4", "1_8", "1_11", "1_12", "1_13", "1_14", "1_16", "1_18", "1_22", "1_27",
    "1_29", "1_31", "1_35", "2_0", "2_1", "2_4", "2_9", "2_10", "2_11", "2_12", "2_13", "2_15",
    "2_16", "2_18", "2_21", "2_22", "2_23", "2_28", "2_29", "2_30", "2_31", "2_32", "2_35", "2_36",
    "2_37", "2_38", "3_1", "3_2", "3_3", "3_4", "3_5", "3_8", "3_9", "3_11", "3_12", "3_13",
    "3_15", "3_16", "3_18", "3_19", "3_22", "3_23", "3_27", "3_29", "3_30", "3_31", "3_32", "3_35",
    "3_36", "3_37", "3_38", "4_0", "4_9", "4_10", "4_16", "4_17", "4_18", "4_22", "4_24", "4_28",
    "4_34", "4_39", "5_10", "5_11", "5_12", "5_13", "5_14", "5_18", "5_26", "5_29", "5_34", "5_39",
    "6_0", "6_3", "6_9", "6_10", "6_11", "6_12", "6_16", "6_18", "6_20", "6_21", "6_22", "6_23",
    "6_25", "6_28", "6_29", "6_30", "6_32", "6_34", "6_35", "6_37", "6_39", "7_0", "7_3", "7_6",
    "7_7", "7_9", "7_11", "7_12", "7_13", "7_16", "7_18", "7_19", "7_20", "7_21", "7_23", "7_25",
    "7_28", "7_29", "7_32", "7_33", "7_35", "7_37",
];

/// The diacritical marks of `NORMALIZED_VI_CHARS_*`, in `DMARK_CLASS` order.
const VI_MARK_KEYS: [&str; 5] = ["0300", "0301", "0303", "0309", "0323"];

/// The normalisation tables of `NGram`, read from `messages.properties`.
pub struct NGramTables {
    latin1_excluded: Vec<char>,
    cjk_map: HashMap<char, char>,
    to_normalize_vi: Vec<char>,
    dmark_class: Vec<char>,
    /// The smallest of `dmark_class` (a combining mark: most characters are below it).
    dmark_min: char,
    normalized_vi: Vec<Vec<char>>,
}

/// `Messages.__init__`: `key=value` per line (`line.strip().partition('=')`), the value decoded
/// with `unicode_escape`. Only `\uXXXX` escapes and ASCII occur in langdetect 1.0.9's file;
/// anything else is refused rather than guessed.
fn parse_messages(text: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_ascii_whitespace());
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        if !value.is_ascii() {
            return Err(format!("messages.properties: non-ASCII value of {key}"));
        }
        let mut decoded = String::new();
        let mut rest = value;
        while let Some(pos) = rest.find('\\') {
            decoded.push_str(&rest[..pos]);
            let esc = &rest[pos..];
            if esc.len() >= 6 && esc.as_bytes()[1] == b'u' {
                let cp = u32::from_str_radix(&esc[2..6], 16)
                    .map_err(|_| format!("messages.properties: bad escape in {key}"))?;
                let c = char::from_u32(cp)
                    .ok_or_else(|| format!("messages.properties: surrogate in {key}"))?;
                decoded.push(c);
                rest = &esc[6..];
            } else {
                return Err(format!("messages.properties: unsupported escape in {key}"));
            }
        }
        decoded.push_str(rest);
        out.insert(key.to_string(), decoded);
    }
    Ok(out)
}

impl NGramTables {
    /// The tables from langdetect's `utils/messages.properties`.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::from_messages(&text)
    }

    /// The tables from the text of a `messages.properties`.
    pub fn from_messages(text: &str) -> Result<Self, String> {
        let m = parse_messages(text)?;
        let get = |key: &str| -> Result<Vec<char>, String> {
            m.get(key)
                .map(|v| v.chars().collect())
                .ok_or_else(|| format!("messages.properties lacks {key}"))
        };
        let mut cjk_map = HashMap::new();
        for k in KANJI_KEYS {
            let class = get(&format!("NGram.KANJI_{k}"))?;
            if let Some(&rep) = class.first() {
                for &c in &class {
                    cjk_map.insert(c, rep);
                }
            }
        }
        let normalized_vi = VI_MARK_KEYS
            .iter()
            .map(|k| get(&format!("NORMALIZED_VI_CHARS_{k}")))
            .collect::<Result<Vec<_>, _>>()?;
        let to_normalize_vi = get("TO_NORMALIZE_VI_CHARS")?;
        let dmark_class = get("DMARK_CLASS")?;
        if normalized_vi.len() < dmark_class.len()
            || normalized_vi
                .iter()
                .any(|v| v.len() < to_normalize_vi.len())
        {
            return Err("messages.properties: Vietnamese tables of unexpected sizes".into());
        }
        Ok(NGramTables {
            latin1_excluded: get("NGram.LATIN1_EXCLUDE")?,
            cjk_map,
            to_normalize_vi,
            dmark_min: dmark_class.iter().copied().min().unwrap_or(char::MAX),
            dmark_class,
            normalized_vi,
        })
    }

    /// `NGram.normalize(ch)`. The blocks are those of `utils/unicode_block.py` (sorted,
    /// disjoint ranges, so its binary search finds a code point's block iff it lies in it).
    #[inline]
    pub fn normalize(&self, ch: char) -> char {
        match ch as u32 {
            0x0000..=0x007F => {
                if ch < 'A' || ('Z' < ch && ch < 'a') || 'z' < ch {
                    ' '
                } else {
                    ch
                }
            }
            0x0080..=0x00FF => {
                if self.latin1_excluded.contains(&ch) {
                    ' '
                } else {
                    ch
                }
            }
            // Latin Extended-B: Romanian comma-below letters to their cedilla forms
            0x0180..=0x024F => match ch {
                '\u{219}' => '\u{15f}',
                '\u{21b}' => '\u{163}',
                _ => ch,
            },
            0x2000..=0x206F => ' ', // General Punctuation
            0x0600..=0x06FF => {
                if ch == '\u{6cc}' {
                    '\u{64a}' // Farsi yeh to Arabic yeh
                } else {
                    ch
                }
            }
            0x1E00..=0x1EFF => {
                if ch >= '\u{1ea0}' {
                    '\u{1ec3}'
                } else {
                    ch
                }
            }
            0x3040..=0x309F => '\u{3042}', // Hiragana
            0x30A0..=0x30FF => '\u{30a2}', // Katakana
            0x3100..=0x312F | 0x31A0..=0x31BF => '\u{3105}', // Bopomofo (Extended)
            0x4E00..=0x9FFF => *self.cjk_map.get(&ch).unwrap_or(&ch),
            0xAC00..=0xD7AF => '\u{ac00}', // Hangul Syllables
            _ => ch,
        }
    }

    /// `NGram.normalize_vi(text)`: a vowel followed by a combining mark becomes the precomposed
    /// letter (`ALPHABET_WITH_DMARK.sub`, left to right, without overlaps); a text without any
    /// of the marks is given back as it is.
    pub fn normalize_vi(&self, text: Vec<char>) -> Vec<char> {
        if !text
            .iter()
            .any(|c| *c >= self.dmark_min && self.dmark_class.contains(c))
        {
            return text;
        }
        let mut out = Vec::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            let c = text[i];
            if let Some(&m) = text.get(i + 1) {
                // the mark first: it is rare, the vowels are not
                if let Some(d) = self.dmark_class.iter().position(|&x| x == m) {
                    if let Some(a) = self.to_normalize_vi.iter().position(|&x| x == c) {
                        out.push(self.normalized_vi[d][a]);
                        i += 2;
                        continue;
                    }
                }
            }
            out.push(c);
            i += 1;
        }
        out
    }
}
