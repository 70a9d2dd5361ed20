//! One language's compiled phrase families (`lexicon_for`), built from the translated spec.

use cleanwire_layout::WordSets;

use crate::re::{Family, Re};
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

/// A family as the spec gives it: one plain pattern (or none) and the look-around ones.
pub struct FamilySpec {
    pub plain: Option<String>,
    /// (pattern, relaxed pre-check) pairs.
    pub fancy: Vec<(String, String)>,
}

pub fn family(spec: &FamilySpec, prefilter: Option<&str>) -> Result<Family, String> {
    let mut parts = Vec::new();
    if let Some(p) = &spec.plain {
        parts.push(Re::new(p)?);
    }
    for (f, relaxed) in &spec.fancy {
        parts.push(Re::with_precheck(f, Some(relaxed))?);
    }
    let prefilter = prefilter.map(Re::new).transpose()?;
    Ok(Family { parts, prefilter })
}
