//! langdetect 1.0.9's language detector in Rust, giving the Python library's answers bit for
//! bit for cleanwire's use of it: a private `DetectorFactory` with `seed = 0` and default
//! settings, one fresh `Detector` per text.
//!
//! - [`random`]: CPython's `random.Random` (MT19937, `random`, `gauss`, `choice`);
//! - [`ngram`]: `NGram.normalize` / `normalize_vi` with the tables of `messages.properties`;
//! - [`profiles`]: the profiles as `DetectorFactory.load_profile` reads them, compactly;
//! - [`detector`]: `append`, `cleaning_text`, `_extract_ngrams`, `_detect_block`.
//!
//! The data (profiles and `messages.properties`) is read from the installed langdetect, whose
//! `profiles` directory the caller names. `str.isupper` of one character is the caller's too
//! (it depends on the Python's Unicode database).
//!
//! Bit-identity rests on Python 3.10/3.11 semantics: `sum()` of floats adds left to right
//! (3.12 compensates) and `random.gauss` keeps its second value.

pub mod detector;
pub mod ngram;
pub mod profiles;
pub mod random;

use std::path::Path;

pub use detector::Outcome;

/// A loaded detector: profiles, normalisation tables, URL and e-mail patterns.
pub struct Langdetect {
    profiles: profiles::Profiles,
    ngram: ngram::NGramTables,
    patterns: detector::Patterns,
}

impl Langdetect {
    /// Load from langdetect's `profiles` directory (`PROFILES_DIRECTORY`), whose entries
    /// `files` lists in `os.listdir` order; `messages.properties` is read from `../utils`.
    pub fn load(profiles_dir: &Path, files: &[String]) -> Result<Self, String> {
        let messages = profiles_dir
            .parent()
            .ok_or("the profiles directory has no parent")?
            .join("utils")
            .join("messages.properties");
        Ok(Langdetect {
            profiles: profiles::Profiles::load(profiles_dir, files)?,
            ngram: ngram::NGramTables::load(&messages)?,
            patterns: detector::Patterns::new(),
        })
    }

    /// `factory.create(); d.append(text); d.detect()`; `is_upper` is Python's `str.isupper`
    /// of one character.
    pub fn detect(&self, text: &str, is_upper: impl Fn(char) -> bool) -> Result<Outcome, String> {
        detector::detect(&self.profiles, &self.ngram, &self.patterns, text, &is_upper)
    }

    /// The profile names, in index order.
    pub fn languages(&self) -> &[String] {
        &self.profiles.langs
    }

    /// Bytes held by the profiles.
    pub fn resident_bytes(&self) -> usize {
        self.profiles.resident_bytes()
    }
}
