//! A quick test of whether a haystack may hold a match of an unanchored pattern whose matches
//! all begin with one of a finite set of literals of five bytes or more (a phrase family's
//! literal pre-check, its search patterns): the heads of the literals (their first bytes, up
//! to eight) are looked for by a Wu-Manber scan, which skips ahead by several bytes per step
//! on most text. On a short line it answers in far fewer instructions than the regex engine's
//! search takes to set up and run its literal prefilter.

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Bytes of a block, the unit of the scan's shift table.
const BLOCK: usize = 4;

/// Bits of the hash of a block (the shift table has `1 << BLOCK_BITS` entries).
const BLOCK_BITS: u32 = 12;

/// Bits of the hash of a head (the head table has `1 << HEAD_BITS` bits).
const HEAD_BITS: u32 = 14;

/// Heads shorter than this skip too little to pay.
const MIN_HEAD: usize = 5;

/// Longest head (the bytes of a `u64`).
const MAX_HEAD: usize = 8;

// The scan's first window holds a whole block.
const _: () = assert!(MIN_HEAD >= BLOCK);

/// The heads of a pattern's literals, and the tables of a Wu-Manber scan for them.
pub struct Contains {
    /// The length of every head (the shortest literal's, at most [`MAX_HEAD`]).
    head: usize,
    /// By hash of a block, how far the scan may move on when the window ends with it.
    shift: Box<[u8]>,
    /// By hash of a head, whether some literal begins with it (one bit each).
    heads: Box<[u64]>,
}

/// The hash of a block (`BLOCK` bytes).
#[inline]
fn block_hash(b: &[u8]) -> usize {
    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (v.wrapping_mul(0x9E37_79B1) >> (32 - BLOCK_BITS)) as usize
}

/// The hash of a head (at most [`MAX_HEAD`] bytes).
#[inline]
fn head_hash(b: &[u8]) -> usize {
    let mut word = [0u8; MAX_HEAD];
    word[..b.len()].copy_from_slice(b);
    let v = u64::from_le_bytes(word);
    (v.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - HEAD_BITS)) as usize
}

impl Contains {
    /// The quick test of *pattern*, if every match of it begins with one of a finite set of
    /// literals of [`MIN_HEAD`] bytes or more; `None` otherwise.
    pub fn of(pattern: &str) -> Option<Contains> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        let literals: Vec<&[u8]> = seq.literals()?.iter().map(|l| l.as_bytes()).collect();
        let shortest = literals.iter().map(|l| l.len()).min()?;
        if shortest < MIN_HEAD {
            return None;
        }
        Some(Contains::new(&literals, shortest.min(MAX_HEAD)))
    }

    /// The tables for *literals*, each at least *head* bytes long.
    fn new(literals: &[&[u8]], head: usize) -> Contains {
        let most = (head - BLOCK + 1) as u8;
        let mut shift = vec![most; 1 << BLOCK_BITS].into_boxed_slice();
        let mut heads = vec![0u64; (1 << HEAD_BITS) / 64].into_boxed_slice();
        for lit in literals {
            let h = &lit[..head];
            for end in BLOCK - 1..head {
                let slot = &mut shift[block_hash(&h[end + 1 - BLOCK..=end])];
                *slot = (*slot).min((head - 1 - end) as u8);
            }
            let k = head_hash(h);
            heads[k / 64] |= 1 << (k % 64);
        }
        Contains { head, shift, heads }
    }

    /// Whether *haystack* may hold one of the literals: `false` only when it holds none.
    #[inline]
    pub fn may_hold(&self, haystack: &[u8]) -> bool {
        let m = self.head;
        let mut end = m - 1;
        while end < haystack.len() {
            let step = self.shift[block_hash(&haystack[end + 1 - BLOCK..=end])];
            if step > 0 {
                end += step as usize;
                continue;
            }
            let k = head_hash(&haystack[end + 1 - m..=end]);
            if self.heads[k / 64] & (1 << (k % 64)) != 0 {
                return true;
            }
            end += 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_haystack_the_pattern_matches() {
        let pattern =
            r"(?:accept (?:all )?cookies|by clicking|we use cookies|gérer mes choix|newsletter)";
        let re = regex::Regex::new(pattern).unwrap();
        let c = Contains::of(pattern).unwrap();
        let haystacks = [
            "please accept all cookies now",
            "accept cookies",
            "by clicking you agree",
            "xby clicking",
            "we use cookies.",
            "gérer mes choix",
            "le gérer mes choix ici",
            "sign up for our newsletter",
            "newsletter",
            "the council met on tuesday",
            "accept all",
            "by click",
            "",
            "news",
            "ééééééééé newsletteé",
        ];
        for s in haystacks {
            assert!(!re.is_match(s) || c.may_hold(s.as_bytes()), "{s}");
        }
        assert!(!c.may_hold(b"the council met on tuesday"));
        assert!(!c.may_hold(b"by clic and more"));
        // Every suffix and infix of a matching haystack: any alignment of the scan.
        let long = "some text before we use cookies and some after by clicking";
        for a in 0..long.len() {
            for b in a..=long.len() {
                if let Some(s) = long.get(a..b) {
                    assert!(!re.is_match(s) || c.may_hold(s.as_bytes()), "{s}");
                }
            }
        }
    }

    #[test]
    fn short_or_unbounded_literals_give_none() {
        assert!(Contains::of(r"dpa|newsletter").is_none());
        assert!(Contains::of(r"[a-z]+ says").is_none());
        assert!(Contains::of(r".*cookies").is_none());
    }
}
