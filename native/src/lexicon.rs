//! One language's compiled phrase families (`lexicon_for`), built from the translated spec.

use cleanwire_layout::WordSets;

use crate::re::{split_wide_runs, Family, Part, Re, Source};
use crate::FastSet;

pub struct Lexicon {
    pub stopwords: FastSet<String>,
    pub widget_words: FastSet<String>,
    pub section_words: FastSet<String>,
    pub date_words: FastSet<String>,
    pub comment_header_ends: Vec<String>,
    pub consent_banner: Family,
    pub caption_marker: Family,
    pub attribution_line: Family,
    pub comment_line: Family,
    pub share_line: Family,
    pub related_header: Family,
    pub navigation_line: Family,
    pub call_to_action: Family,
    pub attribution_label: Re,
    pub byline: Re,
    pub metadata_label: Re,
    pub comment_header: Re,
    /// The layout model's word sets (stopwords, widget and section words).
    pub layout_words: WordSets,
}

/// A family as the spec gives it: one plain pattern (or none) and the look-around ones, and
/// the same patterns' ASCII variants (for ASCII keys).
pub struct FamilySpec {
    pub plain: Option<String>,
    /// (pattern, relaxed pre-check) pairs.
    pub fancy: Vec<(String, String)>,
    pub plain_ascii: Option<String>,
    /// Parallel to `fancy` (or empty: no ASCII variants).
    pub fancy_ascii: Vec<(String, String)>,
}

/// *spec*'s family, with *prefilter* (and the prefilter's ASCII variant) as its pre-check.
pub fn family(
    spec: &FamilySpec,
    prefilter: Option<(&str, Option<&str>)>,
) -> Result<Family, String> {
    let mut parts = Vec::new();
    if let Some(p) = &spec.plain {
        let ascii = spec.plain_ascii.as_deref();
        match split_wide_runs(p, ascii) {
            Some(((fast, fast_ascii), wide)) => {
                // The wide-run alternatives after the others, before the look-around
                // patterns: those still run only where no plain phrase matches.
                parts.push(Part::plain(Re::with_mapped(&Source {
                    pattern: &fast,
                    relaxed: None,
                    ascii: fast_ascii.as_deref().map(|a| (a, None)),
                })?));
                for (pattern, ascii, literal) in wide {
                    parts.push(Part {
                        guard: Some(memchr::memmem::Finder::new(&literal).into_owned()),
                        re: Re::with_mapped(&Source {
                            pattern: &pattern,
                            relaxed: None,
                            ascii: ascii.as_deref().map(|a| (a, None)),
                        })?,
                    });
                }
            }
            None => parts.push(Part::plain(Re::with_mapped(&Source {
                pattern: p,
                relaxed: None,
                ascii: ascii.map(|a| (a, None)),
            })?)),
        }
    }
    for (i, (f, relaxed)) in spec.fancy.iter().enumerate() {
        parts.push(Part::plain(Re::with_mapped(&Source {
            pattern: f,
            relaxed: Some(relaxed),
            ascii: spec
                .fancy_ascii
                .get(i)
                .map(|(a, r)| (a.as_str(), Some(r.as_str()))),
        })?));
    }
    let prefilter = prefilter
        .map(|(p, a)| {
            Re::from_source(&Source {
                pattern: p,
                relaxed: None,
                ascii: a.map(|a| (a, None)),
            })
        })
        .transpose()?;
    Ok(Family { parts, prefilter })
}
