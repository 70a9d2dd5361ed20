//! The literals every match of a pattern anchored at the start of the haystack begins with
//! (`^home|^menu`: "home", "menu"), as a byte trie: a haystack none of them begins can have
//! no match, which the trie tells in a few steps, where the regex engine's search costs its
//! set-up and a walk of a large automaton (the whole-line phrase families).

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Look;

/// Classes of up to this many characters are expanded into their members (the lead of a
/// whole-line pattern, `[\t-\r #*\->|]`, has ten; digits have ten).
const CLASS_LIMIT: usize = 16;

/// At most this many literals (beyond it, the extractor shortens them, or gives up).
const TOTAL_LIMIT: usize = 4096;

/// The lengths literals are cut to, longest first: the first that keeps them finite (a few
/// bytes tell most lines apart; the trie stays small).
const LENGTHS: [usize; 3] = [4, 3, 2];

/// Repeats are expanded up to this many times (`(?:a|b){2,10}`: twice).
const REPEAT_LIMIT: usize = 2;

/// One node of a [`Starts`] trie: its children, as a range of `Starts::edges`, and whether
/// a literal ends here.
#[derive(Clone, Copy)]
struct Node {
    first: u32,
    len: u32,
    end: bool,
}

/// The literals every match of a pattern begins with, as a trie of bytes.
pub struct Starts {
    /// By first byte, the node after it (0: none; the root is node 0 and no edge leads back).
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    /// The children of each node, sorted by byte: (byte, node).
    edges: Vec<(u8, u32)>,
}

impl Starts {
    /// The starts of *pattern*, if every match of it begins at the start of the haystack
    /// (`^` or `\A`, multi-line mode off) with one of a finite set of non-empty literals;
    /// `None` otherwise (nothing to test).
    pub fn of(pattern: &str) -> Option<Starts> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        if !hir.properties().look_set_prefix().contains(Look::Start) {
            return None;
        }
        let seq = LENGTHS.iter().find_map(|&len| {
            let seq = Extractor::new()
                .kind(ExtractKind::Prefix)
                .limit_class(CLASS_LIMIT)
                .limit_total(TOTAL_LIMIT)
                .limit_literal_len(len)
                .limit_repeat(REPEAT_LIMIT)
                .extract(&hir);
            seq.is_finite().then_some(seq)
        })?;
        let literals: Vec<&[u8]> = seq.literals()?.iter().map(|l| l.as_bytes()).collect();
        if literals.is_empty() || literals.iter().any(|l| l.is_empty()) {
            return None;
        }
        Some(Starts::new(&literals))
    }

    /// The trie of *literals* (each non-empty).
    fn new(literals: &[&[u8]]) -> Starts {
        // Children as sorted lists while building: (byte, node) per node.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut end = vec![false];
        for lit in literals {
            let mut at = 0usize;
            for &b in *lit {
                at = match children[at].binary_search_by_key(&b, |&(c, _)| c) {
                    Ok(i) => children[at][i].1 as usize,
                    Err(i) => {
                        let next = children.len();
                        children[at].insert(i, (b, next as u32));
                        children.push(Vec::new());
                        end.push(false);
                        next
                    }
                };
            }
            end[at] = true;
        }
        let mut root = Box::new([0u32; 256]);
        for &(b, n) in &children[0] {
            root[b as usize] = n;
        }
        let mut nodes = Vec::with_capacity(children.len());
        let mut edges = Vec::new();
        for (kids, &end) in children.iter().zip(&end) {
            nodes.push(Node {
                first: edges.len() as u32,
                len: if end { 0 } else { kids.len() as u32 },
                end,
            });
            // Below the end of a literal, nothing more to test: any longer haystack passes.
            if !end {
                edges.extend_from_slice(kids);
            }
        }
        Starts { root, nodes, edges }
    }

    /// Whether *haystack* begins with one of the literals.
    #[inline]
    pub fn begins(&self, haystack: &[u8]) -> bool {
        let Some((&first, rest)) = haystack.split_first() else {
            return false;
        };
        let mut at = self.root[first as usize] as usize;
        if at == 0 {
            return false;
        }
        for &b in rest {
            let node = self.nodes[at];
            if node.end {
                return true;
            }
            let kids = &self.edges[node.first as usize..(node.first + node.len) as usize];
            match kids.iter().find(|&&(c, _)| c >= b) {
                Some(&(c, next)) if c == b => at = next as usize,
                _ => return false,
            }
        }
        self.nodes[at].end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `Starts::of(pattern)` says a match may begin in *s* (true without starts).
    fn may_match(pattern: &str, s: &str) -> bool {
        Starts::of(pattern).is_none_or(|st| st.begins(s.as_bytes()))
    }

    #[test]
    fn anchored_alternatives_give_their_literals() {
        let st = Starts::of(r"^[ \-]*(?:home|menu|sign ?in|[0-9]+ comments)[ ]*$").unwrap();
        for s in ["home", "- menu", "  sign in", "signin", "12 comments", "7"] {
            assert!(st.begins(s.as_bytes()), "{s}");
        }
        let re = regex::Regex::new(r"^[ \-]*(?:home|menu|sign ?in|[0-9]+ comments)[ ]*$").unwrap();
        for s in ["", "homes are", "the menu", "sig", "x", "\u{e9}"] {
            assert!(!re.is_match(s) || st.begins(s.as_bytes()), "{s}");
        }
        assert!(!st.begins(b"the menu"));
        assert!(!st.begins(b"sig"));
        assert!(!st.begins(b""));
    }

    #[test]
    fn unanchored_or_unbounded_patterns_have_none() {
        assert!(Starts::of(r"home|menu").is_none());
        assert!(Starts::of(r"(?m)^home").is_none());
        assert!(Starts::of(r"^home|menu").is_none());
        assert!(Starts::of(r"^.{0,80}inbox$").is_none());
        assert!(Starts::of(r"^(?:home)?$").is_none());
    }

    #[test]
    fn a_haystack_the_pattern_matches_always_passes() {
        let patterns = [
            r"^(?:get started(?: for free| today)?|try (?:it |[a-z]{1,30} )?free)$",
            r"^[\t-\r #*\->|]*(?:(?:previous|next)(?: (?:post|article))?: .{1,120})$",
            r"^(?i:Read More)$",
            r"^(?:\x{e9}t\x{e9}|caf\x{e9})",
        ];
        let haystacks = [
            "get started",
            "get started today",
            "try it free",
            "try acme free",
            "# next: x",
            "previous post: y",
            "read more",
            "READ MORE",
            "\u{e9}t\u{e9}",
            "caf\u{e9} au lait",
            "café",
            "getting",
            "tr",
            "nope",
        ];
        for p in patterns {
            let re = regex::Regex::new(p).unwrap();
            for s in haystacks {
                assert!(!re.is_match(s) || may_match(p, s), "{p} on {s}");
            }
        }
        assert!(!may_match(patterns[0], "nope"));
        assert!(!may_match(patterns[2], "write more"));
    }
}
