//! The model of `cleaners/layout.py`: boosted trees, the stacked second stage, the gate
//! between the `page` and `extract` regimes, cut-offs, reasons and the classifier's `apply`.
//!
//! Sums follow Python 3.11's `sum()` (plain left-to-right addition; Python 3.12 switched
//! float sums to compensated summation, which the Python engine would then follow: see
//! [`py_sum`]).

use serde_json::Value;

use crate::features::{
    Features, LineCache, LineIn, Row, WordScores, WordSets, FEATURE_NAMES, N_FEATURES, N_SHAPE,
};
use crate::patterns;

/// Names of the stage-two features built from stage-one scores (`STACK_NAMES`).
pub const STACK_NAMES: [&str; 9] = [
    "p_self",
    "p_near1",
    "p_near2",
    "p_near4",
    "p_near8",
    "p_before3",
    "p_after3",
    "p_before_all",
    "p_after_all",
];

/// Width of a stage-two row.
pub const N_STAGE2: usize = N_FEATURES + STACK_NAMES.len();

/// The last row of each group (and regime) scored, by (group, regime): its index, its score
/// and its [`BoostedTrees::code_into`] code (a `u16` per feature a split reads, not the row's
/// floats: a long document has thousands of groups).
type Held = std::collections::HashMap<
    (u32, usize),
    (usize, f64, Vec<u16>),
    std::hash::BuildHasherDefault<crate::features::FastHasher>,
>;

/// The rows scored last in one pass (`RECENT` of them, each kept in slot `i % RECENT`), so
/// that a row of a group that repeated a few lines above (code, a table of short lines) is
/// compared with that row value by value ([`BoostedTrees::same_code_near`]). The slots are
/// made when the first row is kept (a document without repeated lines keeps none).
struct Recent {
    rows: Vec<[f64; N_STAGE2]>,
}

/// How many rows [`Recent`] keeps.
const RECENT: usize = 8;

impl Recent {
    fn new() -> Self {
        Recent { rows: Vec::new() }
    }

    /// Keep `row` (at most [`N_STAGE2`] values) as row `i`.
    #[inline]
    fn put(&mut self, i: usize, row: &[f64]) {
        if self.rows.is_empty() {
            self.rows = vec![[0.0; N_STAGE2]; RECENT];
        }
        self.rows[i % RECENT][..row.len()].copy_from_slice(row);
    }

    /// Row `j` (its first `width` values), when it was kept by [`Recent::put`] and no later
    /// row took its slot: `j` is among the last rows before `i`, and every row of the pass
    /// between them that was kept went to another slot.
    #[inline]
    fn row(&self, j: usize, i: usize, width: usize) -> Option<&[f64]> {
        (i - j < RECENT).then(|| &self.rows[j % RECENT][..width])
    }
}

/// The probability of row `i` (`x`, padded; its first `width` values are the row) of group and
/// regime `at`: the score of the group's last row held in `last` when `x` takes the same paths
/// through `trees`, else a walk of the trees. A grouped row becomes its group's last row, and
/// is kept in `recent`.
fn score_row(
    last: &mut Held,
    recent: &mut Recent,
    at: (u32, usize),
    i: usize,
    trees: &BoostedTrees,
    x: &Padded,
    width: usize,
) -> f64 {
    use std::collections::hash_map::Entry;
    let row = &x[..width];
    if at.0 == ALONE || !trees.coded {
        return sigmoid(trees.log_odds_padded(x));
    }
    let p = match last.entry(at) {
        Entry::Occupied(mut held) => {
            let (j, score, code) = held.get_mut();
            let same = match recent.row(*j, i, width) {
                Some(near) => trees.same_code_near(row, near, code),
                None => trees.same_code(row, code),
            };
            if !same {
                trees.code_into(row, code);
                *score = sigmoid(trees.log_odds_padded(x));
            }
            *j = i;
            *score
        }
        Entry::Vacant(slot) => {
            let mut code = Vec::with_capacity(trees.cuts.len());
            trees.code_into(row, &mut code);
            let score = sigmoid(trees.log_odds_padded(x));
            slot.insert((i, score, code));
            score
        }
    };
    recent.put(i, row);
    p
}

/// The lines a layout step drops: their indexes among the kept lines (ascending), each with
/// its reason (see [`LayoutModel::apply_cached_dropped`]).
pub type Dropped = Vec<(usize, String)>;

/// A verdict per line for `n` lines from the `dropped` ones: `Some(reason)` for a dropped line.
fn dense(n: usize, dropped: Dropped) -> Vec<Option<String>> {
    let mut out = vec![None; n];
    for (i, reason) in dropped {
        out[i] = Some(reason);
    }
    out
}

/// What [`LayoutModel::scores_of`] gives for `K` regimes.
struct Scored<const K: usize> {
    /// Per row, the regimes' stage-two probabilities mixed into one.
    mixed: Vec<f64>,
    /// Per regime, the stage-one scores.
    stage1: [Vec<f64>; K],
}

/// What the reason of a dropped line says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Said {
    /// Nothing (an empty reason): for a caller that keeps no trace.
    Nothing,
    /// The score and the regime (`p(content)=0.12 (page)`).
    Score,
    /// The score, the regime and the features that pushed the line out (`explain`).
    Explained,
}

impl Said {
    /// [`Said::Explained`] when `explain`, else [`Said::Score`].
    pub fn from_explain(explain: bool) -> Self {
        if explain {
            Said::Explained
        } else {
            Said::Score
        }
    }
}

/// One line's stage-two extra features.
pub type Stack = [f64; 9];

/// Rows to score: all at hand (a slice of rows) or made one at a time, in order, from
/// [`Features`] (which never holds a document's rows at once).
pub trait Rows {
    /// Number of rows.
    fn count(&self) -> usize;
    /// Call `f(i, row)` for each row, in order.
    fn each(&self, f: impl FnMut(usize, &Row));
    /// Rows that may repeat an earlier row's tree paths: per row, a group number shared with
    /// the other rows of the same line text, or [`ALONE`] (`None`: no row is grouped).
    fn groups(&self) -> Option<Vec<u32>> {
        None
    }
}

/// The group of a row that shares its group with no other (see [`Rows::groups`]).
pub const ALONE: u32 = u32::MAX;

impl Rows for [Row] {
    fn count(&self) -> usize {
        self.len()
    }
    fn each(&self, mut f: impl FnMut(usize, &Row)) {
        for (i, row) in self.iter().enumerate() {
            f(i, row);
        }
    }
}

impl Rows for Vec<Row> {
    fn count(&self) -> usize {
        self.len()
    }
    fn each(&self, f: impl FnMut(usize, &Row)) {
        self.as_slice().each(f);
    }
}

impl Rows for Features<'_> {
    fn count(&self) -> usize {
        self.len()
    }
    fn each(&self, f: impl FnMut(usize, &Row)) {
        self.for_each_row(f);
    }
    fn groups(&self) -> Option<Vec<u32>> {
        self.repeated_key_groups()
    }
}

const CLEAR: f64 = 0.9;
const GUARD_SHARE: f64 = 0.3;
const GUARD_MIN_WORDS: f64 = 5.0;
const MIN_LINES: usize = 5;
/// Up to this many lines, [`LayoutModel::apply`] makes the rows once and holds them (at most
/// 2 MB); a longer document's rows are made again for each pass over them, one at a time.
const HELD_ROWS: usize = 4096;
const NOT_REASONS: [&str; 6] = [
    "bias",
    "log_lines",
    "doc_prose_share",
    "doc_sentence_share",
    "doc_mean_words",
    "block_share",
];

/// Up to this many lines, [`LayoutModel::apply_cached`] keeps its decision in the cache with
/// the rows it was made from (at most 64 KB), for a settle round whose rows come out the same.
const DECIDED_ROWS: usize = 128;

/// A decision and what it was made from: the rows and the gate's indentation share (the
/// decision is a function of these alone).
#[derive(Debug)]
pub(crate) struct Decided {
    rows: Vec<Row>,
    share: f64,
    decision: Decision,
}

impl Decided {
    /// Whether `rows` and `share` are those the decision was made from, bit for bit.
    fn made_from(&self, rows: &[Row], share: f64) -> bool {
        let bits = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        self.share.to_bits() == share.to_bits()
            && self.rows.len() == rows.len()
            && self.rows.iter().zip(rows).all(|(a, b)| bits(a, b))
    }
}

/// The last gate input (`gate_features`): the share of the `n` lines (at least 1 counted) indented unlike the
/// most common indentation of `indents`.
fn indent_share(indents: &[u32], n: usize) -> f64 {
    // One indentation throughout (most documents): no other, and no table of them.
    if indents
        .iter()
        .all(|&indent| Some(&indent) == indents.first())
    {
        return 0.0 / n.max(1) as f64;
    }
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for &indent in indents {
        match counts.iter_mut().find(|(k, _)| *k == indent) {
            Some((_, c)) => *c += 1,
            None => counts.push((indent, 1)),
        }
    }
    let most = counts.iter().map(|&(_, c)| c).max().unwrap_or(0);
    (indents.len() - most) as f64 / n.max(1) as f64
}

/// Python's `sum()` of floats as of 3.11: `0 + x1 + x2 + ...`, left to right.
#[inline]
pub fn py_sum<I: IntoIterator<Item = f64>>(values: I) -> f64 {
    values.into_iter().fold(0.0, |a, b| a + b)
}

/// `_sigmoid`.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

#[derive(Clone, Copy, Debug)]
struct Node {
    threshold: f64,
    value: f64,
    feature: i32,
    left: u32,
    right: u32,
}

/// A boosted ensemble of regression trees giving the log-odds of content (`BoostedTrees`).
#[derive(Clone, Debug)]
pub struct BoostedTrees {
    base: f64,
    /// Every tree's nodes, one after the other; children are indices into this list.
    nodes: Vec<Node>,
    /// Where each tree's root is.
    roots: Vec<u32>,
    width: usize,
    /// The trees again for [`BoostedTrees::log_odds`] as complete trees of `depth` splits
    /// (when `depth` is at most [`FULL_DEPTH`]; else empty and the nodes are walked).
    full: Vec<Full>,
    /// The slot where a walk of a [`Full`] tree starts: always [`ROOT_SLOT`], but read at
    /// run time (see [`full_sum`]).
    root_slot: usize,
    /// The longest path from a root to a leaf, in splits.
    depth: usize,
    /// The features that some split reads, each with the thresholds it is compared with
    /// (sorted, no repeats): see [`BoostedTrees::same_paths`].
    cuts: Vec<(usize, Vec<f64>)>,
    /// The thresholds of `cuts` again, for [`BoostedTrees::same_code`]: per feature (in the
    /// order of `cuts`) its number and where its thresholds start in `bounds`.
    starts: Vec<(usize, usize)>,
    /// Each feature's thresholds between `-inf` and `+inf`, one feature after the other: the
    /// `c`-th threshold and the one after it are `bounds[start + c]` and `bounds[start + c + 1]`
    /// (`-inf` before the first, `+inf` after the last).
    bounds: Vec<f64>,
    /// Whether every feature has fewer thresholds than [`NAN_CODE`], so that a row's place
    /// among them fits a `u16` ([`BoostedTrees::code_into`]; else no row is held).
    coded: bool,
    /// Per feature, its place in `cuts` (and `starts`); [`NO_CUT`] for a feature no split reads.
    cut_at: Vec<u16>,
}

/// How many values [`BoostedTrees::same_code_near`] compares at once.
const BLOCK: usize = 8;

/// The place in `cuts` of a feature no split reads.
const NO_CUT: u16 = u16::MAX;

/// The code of a NaN value in [`BoostedTrees::code_into`].
const NAN_CODE: u16 = u16::MAX;

/// The deepest trees held as [`Full`] trees.
const FULL_DEPTH: usize = 5;

/// Slots of a [`Full`] tree: `2^(FULL_DEPTH + 1)`.
const FULL_SLOTS: usize = 64;

/// The slot of a [`Full`] tree's root.
const ROOT_SLOT: usize = 1;

/// A row as [`BoostedTrees::log_odds_padded`] reads it: any `u8` feature number is in it.
pub type Padded = [f64; 256];

/// A row padded to a [`Padded`] one (zeros past its end), on the stack: a boxed one cost a
/// 2 KB `calloc` and its `free` per call (a gate and a scoring pass per layout decision).
#[inline]
pub fn padded(row: &[f64]) -> Padded {
    let mut out = [0.0; 256];
    out[..row.len()].copy_from_slice(row);
    out
}

/// One tree as a complete binary tree of `depth` splits, numbered from 1 as in a heap: the
/// split at slot `i` compares `row[feature[i]]` with `value[i]` and leads to `2i` when the
/// value is at most the threshold, else to `2i + 1`; after `depth` steps the slot holds the
/// leaf's value. A leaf less deep than `depth` fills its whole subtree (splits on feature 0
/// at 0.0, whose two sides lead to the same value), so every walk takes `depth` steps.
///
/// Feature numbers are held as bytes, and only for the split slots (below `FULL_SLOTS / 2`):
/// a tree takes 544 bytes, so that a stage's trees come near the size of the first-level
/// data cache (as `u64` for every slot, 1 KB a tree, 768 bytes of it read).
#[derive(Clone, Debug)]
#[repr(C)] // `feature` right after `value`, at FEATURE_OFFSET (read so by `step` on x86-64)
struct Full {
    value: [f64; FULL_SLOTS],
    feature: [u8; FULL_SLOTS / 2],
}

/// Where [`Full::feature`] starts in a [`Full`] tree, in bytes.
#[cfg(target_arch = "x86_64")]
const FEATURE_OFFSET: usize = 8 * FULL_SLOTS;
#[cfg(target_arch = "x86_64")]
const _: () = assert!(std::mem::offset_of!(Full, feature) == FEATURE_OFFSET);

impl Full {
    fn of(nodes: &[Node], root: usize, depth: usize) -> Self {
        let mut tree = Full {
            value: [0.0; FULL_SLOTS],
            feature: [0; FULL_SLOTS / 2],
        };
        let mut todo = vec![(root, 1usize, 0usize)];
        while let Some((i, slot, d)) = todo.pop() {
            let node = nodes[i];
            if d == depth {
                tree.value[slot] = node.value;
            } else if node.feature >= 0 {
                // `Full::step` reads a row of 256 values at this number, unchecked.
                assert!(
                    node.feature < 256,
                    "a feature of a row of at most 256 values"
                );
                tree.value[slot] = node.threshold;
                tree.feature[slot] = node.feature as u8;
                todo.push((node.left as usize, 2 * slot, d + 1));
                todo.push((node.right as usize, 2 * slot + 1, d + 1));
            } else {
                todo.push((i, 2 * slot, d + 1));
                todo.push((i, 2 * slot + 1, d + 1));
            }
        }
        tree
    }

    /// The slot after one step from `slot` on `row`.
    ///
    /// # Safety
    /// `slot` is below [`FULL_SLOTS`] / 2 (a walk from [`ROOT_SLOT`] of at most
    /// [`FULL_DEPTH`] - 1 steps so far).
    ///
    /// On x86-64 a step is four instructions: the feature number and the threshold are read
    /// at the slot, `ucomisd` compares the threshold with the row's value (the carry is set
    /// when the threshold is below it or either is NaN, that is when `!(v <= t)`), and
    /// `adc` doubles the slot and adds the carry. The compiler's own code for the same step
    /// takes six or seven (it makes the carry a byte with `setb`, then adds it).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    unsafe fn step(&self, slot: usize, row: &Padded) -> usize {
        debug_assert!(slot < FULL_SLOTS / 2);
        let mut slot = slot;
        // SAFETY: `slot` is below FULL_SLOTS / 2 (the caller's promise), so both reads are
        // within the tree (`feature` starts FEATURE_OFFSET bytes in: `repr(C)`, checked
        // above); a feature number is a byte (`Full::of` takes them from a model of
        // at most 256 features, and 0 for a filled slot), so `row` is read within its 256
        // values. Nothing is written but the slot and the flags.
        unsafe {
            std::arch::asm!(
                "movzx {f:e}, byte ptr [{tree} + {slot} + {off}]",
                "movsd {t}, qword ptr [{tree} + {slot} * 8]",
                "ucomisd {t}, qword ptr [{row} + {f} * 8]",
                "adc {slot}, {slot}",
                tree = in(reg) self as *const Full,
                row = in(reg) row.as_ptr(),
                slot = inout(reg) slot,
                off = const FEATURE_OFFSET,
                f = out(reg) _,
                t = out(xmm_reg) _,
                options(pure, readonly, nostack),
            );
        }
        slot
    }

    /// The slot after one step from `slot` on `row`, elsewhere than on x86-64.
    ///
    /// # Safety
    /// `slot` is below [`FULL_SLOTS`] / 2.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    unsafe fn step(&self, slot: usize, row: &Padded) -> usize {
        // SAFETY: the caller's promise, passed on.
        unsafe { self.step_plain(slot, row) }
    }

    /// One step in plain Rust: the step of every processor but x86-64, and what the tests
    /// compare the x86-64 step with.
    ///
    /// # Safety
    /// `slot` is below [`FULL_SLOTS`] / 2.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    #[inline(always)]
    #[allow(clippy::neg_cmp_op_on_partial_ord)] // a NaN value goes right, as in Python
    unsafe fn step_plain(&self, slot: usize, row: &Padded) -> usize {
        debug_assert!(slot < FULL_SLOTS / 2);
        // SAFETY: the caller keeps `slot` below FULL_SLOTS / 2, the length of `feature`.
        let (f, t) = unsafe {
            (
                *self.feature.get_unchecked(slot),
                *self.value.get_unchecked(slot),
            )
        };
        let v = row[usize::from(f)];
        2 * slot + usize::from(!(v <= t))
    }

    /// The value at the slot where a walk ended.
    ///
    /// # Safety
    /// `slot` is below [`FULL_SLOTS`] (a walk from [`ROOT_SLOT`] of at most [`FULL_DEPTH`]
    /// steps).
    #[inline(always)]
    unsafe fn leaf(&self, slot: usize) -> f64 {
        debug_assert!(slot < FULL_SLOTS);
        // SAFETY: the caller keeps `slot` below FULL_SLOTS, the length of `value`.
        unsafe { *self.value.get_unchecked(slot) }
    }
}

/// `base` plus the leaf of every tree of `trees` (each `D` splits deep) on `row`, added in
/// order; four trees are walked side by side (their paths are independent, so the processor
/// overlaps them).
///
/// Each walk starts from `root` (which is [`ROOT_SLOT`]): a start the compiler cannot see
/// keeps each step one `lea` on the slot number, where from a constant slot it splits the
/// number into its bits and builds it again at each level (a seventh more instructions),
/// and slots are read unchecked (a bounds mask costs two instructions a step).
fn full_sum<const D: usize>(base: f64, trees: &[Full], row: &Padded, root: usize) -> f64 {
    // No `assert!` on `root`: the compiler would then know it.
    debug_assert_eq!(root, ROOT_SLOT);
    const { assert!(D <= FULL_DEPTH) };
    let mut total = base;
    let mut quads = trees.chunks_exact(4);
    for quad in &mut quads {
        let mut at = [root; 4];
        for _ in 0..D {
            for (a, tree) in at.iter_mut().zip(quad) {
                // SAFETY: after k < D <= FULL_DEPTH steps from slot 1, a slot is below 2^(k+1).
                *a = unsafe { tree.step(*a, row) };
            }
        }
        for (a, tree) in at.into_iter().zip(quad) {
            // SAFETY: after D <= FULL_DEPTH steps from slot 1, a slot is below 2^(D+1).
            total += unsafe { tree.leaf(a) };
        }
    }
    for tree in quads.remainder() {
        let mut a = root;
        for _ in 0..D {
            // SAFETY: as above.
            a = unsafe { tree.step(a, row) };
        }
        // SAFETY: as above.
        total += unsafe { tree.leaf(a) };
    }
    total
}

/// Which bytes of `a` and `b` differ: bit `8 * o + k` is set when byte `k` of value `o`
/// differs (so value `o` differs bit for bit when any of bits `8 * o .. 8 * o + 8` is set).
///
/// On x86-64, with SSE2 (always there): the values are compared sixteen bytes at a time,
/// about twenty instructions for the eight; the compiler makes the plain comparison a chain
/// of sixteen loads and eight compares, and spills registers to do it.
#[inline(always)]
fn differing_bytes(a: &[f64; BLOCK], b: &[f64; BLOCK]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8};
        const _: () = assert!(BLOCK == 8);
        let (pa, pb) = (a.as_ptr().cast::<__m128i>(), b.as_ptr().cast::<__m128i>());
        // SAFETY: SSE2 is part of x86-64; each array is 64 bytes, four unaligned loads of
        // 16 bytes each.
        let same = |k: usize| unsafe {
            let eq = _mm_cmpeq_epi8(_mm_loadu_si128(pa.add(k)), _mm_loadu_si128(pb.add(k)));
            u64::from(_mm_movemask_epi8(eq) as u16)
        };
        !(same(0) | same(1) << 16 | same(2) << 32 | same(3) << 48)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut out = 0u64;
        for o in 0..BLOCK {
            let (x, y) = (a[o].to_le_bytes(), b[o].to_le_bytes());
            for k in 0..8 {
                if x[k] != y[k] {
                    out |= 1 << (8 * o + k);
                }
            }
        }
        out
    }
}

/// Splits on the longest path below node `i`.
fn depth_below(nodes: &[Node], i: usize) -> usize {
    let node = nodes[i];
    if node.feature < 0 {
        return 0;
    }
    1 + depth_below(nodes, node.left as usize).max(depth_below(nodes, node.right as usize))
}

fn finite(v: &Value) -> Result<f64, String> {
    let x = number(v)?;
    if x.is_finite() {
        Ok(x)
    } else {
        Err("layout model: a number in the model is not finite".into())
    }
}

fn number(v: &Value) -> Result<f64, String> {
    v.as_f64()
        .ok_or_else(|| format!("layout model: expected a number, got {v}"))
}

fn integer(v: &Value) -> Result<i64, String> {
    if let Some(i) = v.as_i64() {
        return Ok(i);
    }
    let x = number(v)?;
    if x.is_finite() && x.abs() < 9.0e15 {
        Ok(x.trunc() as i64)
    } else {
        Err(format!("layout model: expected an integer, got {v}"))
    }
}

fn field<'a>(v: &'a Value, key: &str) -> Result<&'a Value, String> {
    v.get(key)
        .ok_or_else(|| format!("layout model: missing {key:?}"))
}

fn array<'a>(v: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    v.as_array()
        .ok_or_else(|| format!("layout model: {what} is not a list"))
}

impl BoostedTrees {
    /// Read a spec (`base`, `trees` of `[feature, threshold, left, right, value]` nodes) for
    /// rows of `width` values, with the checks of the Python class.
    pub fn from_spec(spec: &Value, width: usize) -> Result<Self, String> {
        let base = finite(field(spec, "base")?)?;
        let mut all: Vec<Node> = Vec::new();
        let mut roots: Vec<u32> = Vec::new();
        for tree in array(field(spec, "trees")?, "trees")? {
            let mut nodes = Vec::new();
            for node in array(tree, "a tree")? {
                let node = array(node, "a node")?;
                if node.len() != 5 {
                    return Err("layout model: a node has not five values".into());
                }
                let feature = integer(&node[0])?;
                let threshold = finite(&node[1])?;
                let left = integer(&node[2])?;
                let right = integer(&node[3])?;
                let value = finite(&node[4])?;
                nodes.push((feature, threshold, left, right, value));
            }
            let len = nodes.len() as i64;
            for &(f, _, l, r, _) in &nodes {
                if f >= width as i64 || (f >= 0 && !(0 < l && l < len && 0 < r && r < len)) {
                    return Err(
                        "layout model: a tree node points outside the tree or the features".into(),
                    );
                }
            }
            if nodes.is_empty() {
                return Err("layout model: an empty tree".into());
            }
            let offset = all.len() as i64;
            let local: Vec<Node> = nodes
                .iter()
                .map(|&(feature, threshold, l, r, value)| Node {
                    threshold,
                    value,
                    feature: feature.max(-1) as i32,
                    left: l.max(0) as u32,
                    right: r.max(0) as u32,
                })
                .collect();
            check_depth(&local, 0, 0)?;
            roots.push(offset as u32);
            all.extend(local.into_iter().map(|mut n| {
                if n.feature >= 0 {
                    n.left += offset as u32;
                    n.right += offset as u32;
                }
                n
            }));
        }
        let depth = roots
            .iter()
            .map(|&r| depth_below(&all, r as usize))
            .max()
            .unwrap_or(0);
        let full = if depth <= FULL_DEPTH && width <= 256 {
            roots
                .iter()
                .map(|&r| Full::of(&all, r as usize, depth))
                .collect()
        } else {
            Vec::new()
        };
        let mut by_feature: Vec<Vec<f64>> = vec![Vec::new(); width];
        for n in &all {
            if n.feature >= 0 {
                by_feature[n.feature as usize].push(n.threshold);
            }
        }
        let cuts = by_feature
            .into_iter()
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .map(|(f, mut t)| {
                t.sort_by(f64::total_cmp);
                t.dedup();
                (f, t)
            })
            .collect::<Vec<(usize, Vec<f64>)>>();
        let coded = cuts.iter().all(|(_, t)| t.len() < usize::from(NAN_CODE));
        let mut starts = Vec::with_capacity(cuts.len());
        let mut bounds = Vec::new();
        for (f, t) in &cuts {
            starts.push((*f, bounds.len()));
            bounds.push(f64::NEG_INFINITY);
            bounds.extend_from_slice(t);
            bounds.push(f64::INFINITY);
        }
        let mut cut_at = vec![NO_CUT; width];
        for (k, (f, _)) in cuts.iter().enumerate() {
            cut_at[*f] = u16::try_from(k).expect("fewer features than NO_CUT");
        }
        Ok(BoostedTrees {
            base,
            nodes: all,
            roots,
            width,
            full,
            root_slot: ROOT_SLOT,
            depth,
            cuts,
            starts,
            bounds,
            coded,
            cut_at,
        })
    }

    /// Whether rows `a` and `b` (the first `width` values of each) take every tree down the
    /// same path, and so get the same log-odds bit for bit: for every feature a split reads,
    /// both values lie between the same two thresholds (a split sends `v` left when
    /// `v <= t`, so the outcomes over all `t` follow from how many thresholds are below `v`),
    /// or both are NaN (which always goes right).
    pub fn same_paths(&self, a: &[f64], b: &[f64]) -> bool {
        self.cuts.iter().all(|(f, t)| {
            let (x, y) = (a[*f], b[*f]);
            if x == y {
                return true;
            }
            if x.is_nan() || y.is_nan() {
                return x.is_nan() && y.is_nan();
            }
            t.partition_point(|&c| c < x) == t.partition_point(|&c| c < y)
        })
    }

    /// Write to `code` (cleared first) where `row` lies among the thresholds of each feature a
    /// split reads: how many of them are below its value, or [`NAN_CODE`]. Rows of the same
    /// code take every tree down the same paths ([`BoostedTrees::same_paths`]).
    pub fn code_into(&self, row: &[f64], code: &mut Vec<u16>) {
        code.clear();
        code.extend(self.cuts.iter().map(|(f, t)| {
            let x = row[*f];
            if x.is_nan() {
                NAN_CODE
            } else {
                t.partition_point(|&c| c < x) as u16
            }
        }));
    }

    /// Whether `row`'s code ([`BoostedTrees::code_into`]) is `code`, without working it out:
    /// exactly `c` thresholds lie below a value when the `c`-th is below it and the next is
    /// not (a NaN value is below and above nothing).
    pub fn same_code(&self, row: &[f64], code: &[u16]) -> bool {
        // `(c == 0 || t[c - 1] < x) && (c == t.len() || x <= t[c])`, with the ends read from
        // `bounds` (`x <= +inf` for any `x` but NaN, which the first half already refuses
        // unless `c == 0`, and then `NaN <= t[0]` does); `c == 0` stays a test of its own, so
        // that a value of `-inf` (no threshold below it) still has code 0.
        self.starts
            .iter()
            .zip(code)
            .all(|(&(f, start), &c)| self.in_cell(row[f], start, c))
    }

    /// Whether `x` lies in cell `c` of the thresholds starting at `start` in `bounds` (see
    /// [`BoostedTrees::same_code`]).
    #[inline]
    fn in_cell(&self, x: f64, start: usize, c: u16) -> bool {
        if c == NAN_CODE {
            return x.is_nan();
        }
        let at = start + usize::from(c);
        (c == 0 || self.bounds[at] < x) && x <= self.bounds[at + 1]
    }

    /// [`BoostedTrees::same_code`] when `near` (a row of the same width) has code `code`:
    /// a value equal to `near`'s bit for bit lies where `near`'s does, so only the features a
    /// split reads whose values differ from `near`'s are tested (rows of a repeated line a few
    /// lines apart differ in a few values only). The values are compared [`BLOCK`] at a time.
    pub fn same_code_near(&self, row: &[f64], near: &[f64], code: &[u16]) -> bool {
        let near = &near[..row.len()];
        let tested = |f: usize| match self.cut_at[f] {
            NO_CUT => true,
            k => {
                let k = usize::from(k);
                self.in_cell(row[f], self.starts[k].1, code[k])
            }
        };
        let full = row.len() - row.len() % BLOCK;
        let mut b = 0;
        while b < full {
            let r: &[f64; BLOCK] = row[b..b + BLOCK].try_into().unwrap();
            let n: &[f64; BLOCK] = near[b..b + BLOCK].try_into().unwrap();
            // One bit per byte that differs: value `o` differs when a bit of byte `o` is set.
            let mut differ = differing_bytes(r, n);
            while differ != 0 {
                let o = (differ.trailing_zeros() / 8) as usize;
                if !tested(b + o) {
                    return false;
                }
                differ &= !(0xff << (8 * o));
            }
            b += BLOCK;
        }
        (full..row.len()).all(|f| row[f].to_bits() == near[f].to_bits() || tested(f))
    }

    /// The log-odds of content for `row`: `base + leaf_1 + leaf_2 + ...`, left to right.
    pub fn log_odds(&self, row: &[f64]) -> f64 {
        assert!(row.len() >= self.width, "a row of the model's width");
        self.log_odds_padded(&padded(&row[..self.width]))
    }

    /// [`BoostedTrees::log_odds`] of a row padded to 256 values (its first `width` are the
    /// row; the rest are never read by a split that decides anything).
    #[inline]
    pub fn log_odds_padded(&self, row: &Padded) -> f64 {
        let trees = &self.full[..];
        match self.depth {
            _ if trees.is_empty() => self.walked(row),
            0 => full_sum::<0>(self.base, trees, row, self.root_slot),
            1 => full_sum::<1>(self.base, trees, row, self.root_slot),
            2 => full_sum::<2>(self.base, trees, row, self.root_slot),
            3 => full_sum::<3>(self.base, trees, row, self.root_slot),
            4 => full_sum::<4>(self.base, trees, row, self.root_slot),
            _ => full_sum::<FULL_DEPTH>(self.base, trees, row, self.root_slot),
        }
    }

    /// The log-odds by walking each tree's nodes (trees deeper than [`FULL_DEPTH`]).
    fn walked(&self, row: &[f64]) -> f64 {
        let nodes = &self.nodes[..];
        let mut total = self.base;
        for &root in &self.roots {
            let mut node = &nodes[root as usize];
            while node.feature >= 0 {
                let next = if row[node.feature as usize] <= node.threshold {
                    node.left
                } else {
                    node.right
                };
                node = &nodes[next as usize];
            }
            total += node.value;
        }
        total
    }

    /// How much each feature moved `row`'s log-odds (`BoostedTrees.contributions`): along
    /// each tree's path, each split adds the change of the mean leaf value to its feature.
    pub fn contributions(&self, row: &[f64]) -> Vec<f64> {
        let nodes = &self.nodes[..];
        let mut out = vec![0.0; self.width];
        for &root in &self.roots {
            let mut node = &nodes[root as usize];
            while node.feature >= 0 {
                let next = if row[node.feature as usize] <= node.threshold {
                    node.left
                } else {
                    node.right
                };
                let child = &nodes[next as usize];
                out[node.feature as usize] += child.value - node.value;
                node = child;
            }
        }
        out
    }
}

/// The Python class compiles each tree into nested expressions and refuses paths longer
/// than 32 splits (which also ends a cycle).
fn check_depth(nodes: &[Node], i: usize, depth: usize) -> Result<(), String> {
    let node = nodes[i];
    if node.feature < 0 {
        return Ok(());
    }
    if depth > 32 {
        return Err("layout model: tree too deep".into());
    }
    check_depth(nodes, node.left as usize, depth + 1)?;
    check_depth(nodes, node.right as usize, depth + 1)
}

/// The cut-off on p(content) below which a line goes, by its length in words (`Cutoff`).
#[derive(Clone, Debug, PartialEq)]
pub enum Cutoff {
    /// `long`, or `short` for lines of `short_words` words or fewer.
    Fixed {
        /// Cut-off of longer lines.
        long: f64,
        /// Cut-off of short lines, if any.
        short: Option<f64>,
        /// Words of a short line, at most.
        short_words: i64,
    },
    /// The weighted mean of the parts' cut-offs (the gate blending two regimes).
    Blend(Vec<(f64, Cutoff)>),
}

impl Cutoff {
    /// One cut-off for every line (a user's threshold).
    pub fn constant(threshold: f64) -> Self {
        Cutoff::Fixed {
            long: threshold,
            short: None,
            short_words: 0,
        }
    }

    /// The cut-off for a line of `words` words.
    ///
    /// ```
    /// use cleanwire_layout::Cutoff;
    /// let cut = Cutoff::Fixed { long: 0.45, short: Some(0.6), short_words: 25 };
    /// assert_eq!((cut.at(3), cut.at(40)), (0.6, 0.45));
    /// assert_eq!(Cutoff::Blend(vec![(0.5, cut), (0.5, Cutoff::constant(0.15))]).at(3), 0.375);
    /// ```
    pub fn at(&self, words: i64) -> f64 {
        match self {
            Cutoff::Blend(parts) => py_sum(parts.iter().map(|(w, c)| w * c.at(words))),
            Cutoff::Fixed {
                long,
                short,
                short_words,
            } => match short {
                Some(s) if words <= *short_words => *s,
                _ => *long,
            },
        }
    }
}

/// One regime: stage one, stage two and its cut-off.
#[derive(Clone, Debug)]
pub struct Regime {
    /// On the line features.
    pub stage1: BoostedTrees,
    /// On the line features and the stack features.
    pub stage2: BoostedTrees,
    /// The regime's cut-off.
    pub cutoff: Cutoff,
}

/// Which regime leads a document's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegimeName {
    /// Whole-page dumps.
    Page,
    /// Text an extractor already trimmed.
    Extract,
}

impl RegimeName {
    /// `"page"` or `"extract"`.
    pub fn as_str(self) -> &'static str {
        match self {
            RegimeName::Page => "page",
            RegimeName::Extract => "extract",
        }
    }
}

/// What [`LayoutModel::decide`] returns.
#[derive(Clone, Debug)]
pub struct Decision {
    /// The gate's probability of the page regime.
    pub gate: f64,
    /// p(content) per line (the blend of both regimes where the gate is not clear).
    pub probabilities: Vec<f64>,
    /// The cut-off to compare them with.
    pub cutoff: Cutoff,
    /// The leading regime.
    pub regime: RegimeName,
    /// That regime's stage-one scores (its stack features come from them).
    pub stage1: Vec<f64>,
    cum: Vec<f64>,
}

impl Decision {
    /// The stage-two stack features of line `i` under the leading regime.
    pub fn stack(&self, i: usize) -> Stack {
        stack_row(&self.stage1, &self.cum, i)
    }
}

/// Running sums of `p` (`StackFeatures.cum`).
fn cumulative(p: &[f64]) -> Vec<f64> {
    let mut cum = Vec::with_capacity(p.len() + 1);
    cum.push(0.0);
    for (i, &v) in p.iter().enumerate() {
        cum.push(cum[i] + v);
    }
    cum
}

/// `_stack`: line `i`'s own score, the mean scores within 1, 2, 4, 8 lines, of the 3 lines
/// above and below, and of all lines above and below.
///
/// ```
/// let p = [1.0, 0.0, 1.0];
/// let cum = [0.0, 1.0, 1.0, 2.0];
/// assert_eq!(cleanwire_layout::model::stack_row(&p, &cum, 1), [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
/// ```
pub fn stack_row(p: &[f64], cum: &[f64], i: usize) -> Stack {
    stack_at(p, |k| cum[k], i)
}

/// [`stack_row`] with the running sums read through `cum` (`cum(k)` is the sum of the first
/// `k` scores): it reads them at `n` and within eight places of `i` (up to `i + 9`).
#[inline]
fn stack_at(p: &[f64], cum: impl Fn(usize) -> f64, i: usize) -> Stack {
    let n = p.len();
    let pi = p[i];
    let div = |d: usize| (if d > 1 { d } else { 1 }) as f64;
    let mut row = [0.0; 9];
    row[0] = pi;
    for (k, w) in [1usize, 2, 4, 8].into_iter().enumerate() {
        let lo = i.saturating_sub(w);
        let hi = if i + w + 1 < n { i + w + 1 } else { n };
        row[k + 1] = (cum(hi) - cum(lo) - pi) / div(hi - lo - 1);
    }
    let lo = i.saturating_sub(3);
    row[5] = (cum(i) - cum(lo)) / div(i - lo);
    let hi = if i + 4 < n { i + 4 } else { n };
    row[6] = (cum(hi) - cum(i + 1)) / div(hi - i - 1);
    row[7] = cum(i) / div(i);
    row[8] = (cum(n) - cum(i + 1)) / div(n - i - 1);
    row
}

/// The running sums of [`cumulative`] made as a pass over the rows needs them, holding only
/// those that [`stack_at`] reads for the current row (the sums of a long document are as
/// large as its scores): the same additions in the same order, so the same values.
struct RunningSums<'p> {
    p: &'p [f64],
    /// `cum(k)` for the last [`WINDOW`] values of `k` up to `made`, in slot `k % WINDOW`.
    window: [f64; WINDOW],
    /// The last `k` whose sum is in `window`.
    made: usize,
    /// `cum(p.len())`.
    total: f64,
}

/// Running sums [`RunningSums`] holds: more than the 18 that one row reads.
const WINDOW: usize = 32;

impl<'p> RunningSums<'p> {
    fn new(p: &'p [f64]) -> Self {
        // `cum(0)` is 0.0.
        RunningSums {
            p,
            window: [0.0; WINDOW],
            made: 0,
            total: p.iter().fold(0.0, |sum, &v| sum + v),
        }
    }

    /// The stack features of row `i` (rows are taken in order).
    fn stack(&mut self, i: usize) -> Stack {
        let n = self.p.len();
        let upto = (i + 9).min(n);
        while self.made < upto {
            let next = self.window[self.made % WINDOW] + self.p[self.made];
            self.made += 1;
            self.window[self.made % WINDOW] = next;
        }
        let (window, total) = (&self.window, self.total);
        stack_at(
            self.p,
            |k| if k == n { total } else { window[k % WINDOW] },
            i,
        )
    }
}

/// `_DESCRIPTIONS`: what a feature's presence says, for the trace.
fn description(name: &str) -> Option<&'static str> {
    Some(match name {
        "log_words" => "word count",
        "log_chars" => "length",
        "end_sentence" => "sentence ending",
        "end_colon" => "ends with a colon",
        "end_ellipsis" => "cut off with an ellipsis",
        "end_open" => "no closing punctuation",
        "list_mark" => "list item",
        "short" => "very short line",
        "starts_upper" => "capital first letter",
        "stopword_share" => "function words",
        "capitalised_share" => "title-case words",
        "upper_share" => "upper case",
        "digit_share" => "digits",
        "in_block" => "inside the main text",
        "log_block_distance" => "far from the main text",
        "after_block" => "after the main text",
        "prose_before" => "much prose above it",
        "prose_after" => "much prose below it",
        "widget_share" => "menu or widget words",
        "repeated" => "repeated line",
        "greeting" => "reads like a reader comment",
        "greetings_before" => "inside a comment thread",
        "first_person" => "first-person words",
        "question" => "a question",
        "starts_lower" => "lower-case start",
        "table_row" => "table row",
        "prose_near3" => "prose next to it",
        "prose_near10" => "prose around it",
        "words_near5" => "long neighbours",
        "prev_short" => "short line above",
        "next_short" => "short line below",
        "indent_off_prose" => "indented unlike the text",
        "indent_delta" => "indented unlike the text",
        "shared_words" => "words used elsewhere on the page",
        "block_words" => "words of the main text",
        "shared_degree" => "words the page repeats",
        "short_word_share" => "short words",
        "key_value" => "key-value row",
        "date_like" => "time stamp",
        "same_shape_run" => "one of a run of lines alike",
        "card_run" => "part of a repeated card pattern",
        "article_above" => "far below the article's text",
        "article_below" => "far above the article's text",
        "webby" => "link or address",
        "legal" => "copyright notice",
        "separators" => "separator characters",
        "rel_position" => "position in the page",
        "gap_before" => "blank line above",
        "word_cruft" => "words common in boilerplate",
        "word_cruft_prev" => "boilerplate words above",
        "word_cruft_next" => "boilerplate words below",
        "word_known" => "words the model knows",
        _ => return None,
    })
}

/// Name of stage-two feature `i`.
fn name2(i: usize) -> &'static str {
    if i < N_FEATURES {
        FEATURE_NAMES[i]
    } else {
        STACK_NAMES[i - N_FEATURES]
    }
}

/// The two regimes and the gate between them (`LayoutModel`), read from `models/layout.json`.
#[derive(Clone, Debug)]
pub struct LayoutModel {
    /// The price of [`fill_dips`] (0: every line is judged alone).
    pub fill: f64,
    /// `rescue` of `LayoutModel`: `(share, factor)`; when the cut-offs would keep less than
    /// `share` of a document's words, it is decided again with every cut-off times `factor`.
    pub rescue: Option<(f64, f64)>,
    gate: Gate,
    page: Regime,
    extract: Regime,
    not_reasons: Vec<usize>,
    descriptions: Vec<String>,
    /// The word score table the last three line features read (`words` of the model file).
    pub words: WordScores,
}

/// The table of a model file's `words` entry (`WordScores.from_spec`; none: an empty table).
fn word_scores(spec: Option<&Value>) -> Result<WordScores, String> {
    let Some(spec) = spec else {
        return Ok(WordScores::default());
    };
    let bad = || "word scores: the model's words need a scale and a scores object".to_string();
    let scores = spec
        .get("scores")
        .and_then(Value::as_object)
        .ok_or_else(bad)?;
    let scale = match spec.get("scale") {
        None => 100,
        Some(v) => v.as_i64().ok_or_else(|| {
            format!(
                "word scores: scale must be an integer from 1 to {}",
                WordScores::LIMIT
            )
        })?,
    };
    let mut table = Vec::with_capacity(scores.len());
    for (word, v) in scores {
        let value = v.as_i64().ok_or_else(|| {
            format!(
                "word scores: {word:?} needs an integer score of at most {} in magnitude",
                WordScores::LIMIT
            )
        })?;
        table.push((word.as_str(), value));
    }
    WordScores::new(table, scale)
}

fn names_equal(v: Option<&Value>, want: &[&str]) -> bool {
    let Some(list) = v.and_then(Value::as_array) else {
        return want.is_empty();
    };
    list.len() == want.len() && list.iter().zip(want).all(|(a, b)| a.as_str() == Some(b))
}

fn cutoff(regime: &Value) -> Result<Cutoff, String> {
    let long = finite(field(regime, "threshold")?)?;
    match regime.get("short_threshold") {
        None => Ok(Cutoff::Fixed {
            long,
            short: None,
            short_words: 0,
        }),
        Some(short) => Ok(Cutoff::Fixed {
            long,
            short: Some(finite(short)?),
            short_words: integer(field(regime, "short_words")?)?,
        }),
    }
}

/// The gate between the regimes (`LayoutModel.gate`): how likely a document is a whole-page
/// dump, from its [`LayoutModel::gate_features`].
#[derive(Clone, Debug)]
enum Gate {
    /// A logistic regression: weights (standardisation folded in) and intercept.
    Linear(Vec<f64>, f64),
    /// Boosted trees giving the log-odds.
    Trees(BoostedTrees),
}

impl Gate {
    /// The gate of a model file's `gate` entry: trees when it has `trees`, else a regression.
    fn from_spec(spec: &Value) -> Result<Self, String> {
        if spec.get("trees").is_some() {
            Ok(Gate::Trees(BoostedTrees::from_spec(spec, N_GATE)?))
        } else {
            let (weights, bias) = fold(spec)?;
            Ok(Gate::Linear(weights, bias))
        }
    }

    /// The log-odds of a whole-page dump for the gate features `x`.
    fn log_odds(&self, x: &[f64]) -> f64 {
        match self {
            Gate::Linear(weights, bias) => bias + py_sum(weights.iter().zip(x).map(|(w, v)| w * v)),
            Gate::Trees(trees) => trees.log_odds(x),
        }
    }
}

/// The number of gate features: every shape feature but `bias`, and `indent_variety`.
const N_GATE: usize = N_SHAPE;

/// `_fold`: standardisation folded into the gate's weights.
fn fold(stage: &Value) -> Result<(Vec<f64>, f64), String> {
    let weights: Vec<f64> = array(field(stage, "weights")?, "weights")?
        .iter()
        .map(number)
        .collect::<Result<_, _>>()?;
    let mean: Vec<f64> = match stage.get("mean") {
        Some(m) => array(m, "mean")?
            .iter()
            .map(number)
            .collect::<Result<_, _>>()?,
        None => vec![0.0; weights.len()],
    };
    let scale: Vec<f64> = match stage.get("scale") {
        Some(s) => array(s, "scale")?
            .iter()
            .map(|v| number(v).map(|x| if x == 0.0 { 1.0 } else { x }))
            .collect::<Result<_, _>>()?,
        None => vec![1.0; weights.len()],
    };
    let folded: Vec<f64> = weights.iter().zip(&scale).map(|(w, s)| w / s).collect();
    let bias =
        number(field(stage, "intercept")?)? - py_sum(folded.iter().zip(&mean).map(|(w, m)| w * m));
    Ok((folded, bias))
}

impl LayoutModel {
    /// Read the model from the text of `models/layout.json`, with the checks of the Python class.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let spec: Value = serde_json::from_str(text).map_err(|e| format!("layout model: {e}"))?;
        let gate_names: Vec<&str> = FEATURE_NAMES[1..N_SHAPE]
            .iter()
            .copied()
            .chain(["indent_variety"])
            .collect();
        if !names_equal(spec.get("features"), &FEATURE_NAMES)
            || !names_equal(spec.get("gate_features"), &gate_names)
            || !names_equal(spec.get("stack_features"), &STACK_NAMES)
        {
            return Err(
                "layout model was trained on other features; retrain it (train/train_layout.py)"
                    .into(),
            );
        }
        let fill = match spec.get("fill") {
            None => 0.0,
            Some(v) => finite(v)?,
        };
        if fill < 0.0 {
            return Err("layout model: fill must be at least 0".into());
        }
        let rescue = match spec.get("rescue") {
            None => None,
            Some(r) => {
                let share = finite(field(r, "share")?)?;
                let factor = finite(field(r, "factor")?)?;
                if !((0.0..=1.0).contains(&share) && (0.0..=1.0).contains(&factor)) {
                    return Err(
                        "layout model: rescue share and factor must lie between 0 and 1".into(),
                    );
                }
                Some((share, factor))
            }
        };
        let words = word_scores(spec.get("words"))?;
        let gate = Gate::from_spec(field(&spec, "gate")?)?;
        let regimes = field(&spec, "regimes")?
            .as_object()
            .ok_or("layout model: regimes is not an object")?;
        let mut page = None;
        let mut extract = None;
        for (name, r) in regimes {
            let regime = Regime {
                stage1: BoostedTrees::from_spec(field(r, "stage1")?, N_FEATURES)?,
                stage2: BoostedTrees::from_spec(field(r, "stage2")?, N_STAGE2)?,
                cutoff: cutoff(r)?,
            };
            match name.as_str() {
                "page" => page = Some(regime),
                "extract" => extract = Some(regime),
                _ => {}
            }
        }
        let (Some(page), Some(extract)) = (page, extract) else {
            return Err("layout model: needs the regimes \"page\" and \"extract\"".into());
        };
        let not_reasons = (0..N_STAGE2)
            .filter(|&i| NOT_REASONS.contains(&name2(i)))
            .collect();
        let descriptions = (0..N_STAGE2)
            .map(|i| {
                description(name2(i)).map_or_else(|| name2(i).replace('_', " "), str::to_owned)
            })
            .collect();
        Ok(LayoutModel {
            fill,
            rescue,
            gate,
            page,
            extract,
            not_reasons,
            descriptions,
            words,
        })
    }

    /// A regime by name.
    pub fn regime(&self, name: RegimeName) -> &Regime {
        match name {
            RegimeName::Page => &self.page,
            RegimeName::Extract => &self.extract,
        }
    }

    /// The gate's inputs (`gate_features`): column means of the line features but `bias`,
    /// and the share of lines indented unlike the most common indentation.
    pub fn gate_features<R: Rows + ?Sized>(rows: &R, indents: &[u32]) -> Vec<f64> {
        let n = if rows.count() == 0 { 1 } else { rows.count() } as f64;
        // Column sums row by row (one pass over the rows, not one per column): each column
        // still adds its values left to right from 0, as `py_sum` does.
        let mut sums = [0.0f64; N_SHAPE];
        rows.each(|_, row| {
            for (s, &v) in sums.iter_mut().zip(row).skip(1) {
                *s += v;
            }
        });
        let mut means: Vec<f64> = sums[1..].iter().map(|&s| s / n).collect();
        means.push(indent_share(indents, rows.count()));
        means
    }

    /// How likely the document is a whole-page dump (`page_probability`).
    pub fn page_probability<R: Rows + ?Sized>(&self, rows: &R, indents: &[u32]) -> f64 {
        sigmoid(self.gate.log_odds(&Self::gate_features(rows, indents)))
    }

    /// p(content) per row under one regime, and the stage-one scores behind them (`scores`).
    pub fn scores<R: Rows + ?Sized>(&self, rows: &R, regime: RegimeName) -> (Vec<f64>, Vec<f64>) {
        let scored = self.scores_of(rows, [regime], |[p]| p);
        let [stage1] = scored.stage1;
        (scored.mixed, stage1)
    }

    /// The scores of several regimes, with one pass over the rows per stage: each row's
    /// stage-two probabilities are mixed into one by `mix` as they come (no list of each
    /// regime's), and each regime's stage-one scores are given.
    fn scores_of<R: Rows + ?Sized, const K: usize>(
        &self,
        rows: &R,
        regimes: [RegimeName; K],
        mix: impl Fn([f64; K]) -> f64,
    ) -> Scored<K> {
        let n = rows.count();
        let r = regimes.map(|name| self.regime(name));
        // A row of a repeated line (code, menus) that takes every tree down the same paths
        // as the last row of its group gets that row's score without walking the trees.
        let groups = rows.groups();
        let group = |i: usize| groups.as_ref().map_or(ALONE, |g| g[i]);
        let mut last: Held = Held::default();
        let mut recent: [Recent; K] = std::array::from_fn(|_| Recent::new());
        let mut p1: [Vec<f64>; K] = std::array::from_fn(|_| Vec::with_capacity(n));
        let mut x = padded(&[]);
        rows.each(|i, row| {
            x[..N_FEATURES].copy_from_slice(row);
            let g = group(i);
            for (k, regime) in r.iter().enumerate() {
                let p = score_row(
                    &mut last,
                    &mut recent[k],
                    (g, k),
                    i,
                    &regime.stage1,
                    &x,
                    N_FEATURES,
                );
                p1[k].push(p);
            }
        });
        last.clear();
        let mut sums: [RunningSums; K] = std::array::from_fn(|k| RunningSums::new(&p1[k]));
        let mut mixed: Vec<f64> = Vec::with_capacity(n);
        rows.each(|i, row| {
            x[..N_FEATURES].copy_from_slice(row);
            let g = group(i);
            let mut p2 = [0.0; K];
            for (k, regime) in r.iter().enumerate() {
                x[N_FEATURES..N_STAGE2].copy_from_slice(&sums[k].stack(i));
                p2[k] = score_row(
                    &mut last,
                    &mut recent[k],
                    (g, k),
                    i,
                    &regime.stage2,
                    &x,
                    N_STAGE2,
                );
            }
            mixed.push(mix(p2));
        });
        Scored { mixed, stage1: p1 }
    }

    /// Blend the regimes by the gate (`decide` and `combine`): a clear gate (below 0.1 or
    /// above 0.9) runs one regime only.
    pub fn decide<R: Rows + ?Sized>(&self, rows: &R, indents: &[u32]) -> Decision {
        let g = self.page_probability(rows, indents);
        let one = |name: RegimeName| {
            let Scored {
                mixed,
                stage1: [stage1],
            } = self.scores_of(rows, [name], |[p]| p);
            (mixed, stage1)
        };
        let (probabilities, cutoff, regime, stage1) = if g > 1.0 - CLEAR && g < CLEAR {
            let Scored {
                mixed,
                stage1: [sp, se],
            } = self.scores_of(rows, [RegimeName::Page, RegimeName::Extract], |[a, b]| {
                g * a + (1.0 - g) * b
            });
            let cut = Cutoff::Blend(vec![
                (g, self.page.cutoff.clone()),
                (1.0 - g, self.extract.cutoff.clone()),
            ]);
            if g >= 0.5 {
                (mixed, cut, RegimeName::Page, sp)
            } else {
                (mixed, cut, RegimeName::Extract, se)
            }
        } else if g > 1.0 - CLEAR {
            let (p, s) = one(RegimeName::Page);
            (p, self.page.cutoff.clone(), RegimeName::Page, s)
        } else if g < CLEAR {
            let (p, s) = one(RegimeName::Extract);
            (p, self.extract.cutoff.clone(), RegimeName::Extract, s)
        } else {
            unreachable!("the gate is clear or both regimes are scored")
        };
        let cum = cumulative(&stage1);
        Decision {
            gate: g,
            probabilities,
            cutoff,
            regime,
            stage1,
            cum,
        }
    }

    /// Descriptions of the (at most `top`) features that pushed a line hardest towards
    /// dropping, from its stage-one `row` and its `stack` features (`reasons`).
    pub fn reasons(&self, row: &Row, stack: &Stack, regime: RegimeName, top: usize) -> Vec<&str> {
        let mut x = [0.0; N_STAGE2];
        x[..N_FEATURES].copy_from_slice(row);
        x[N_FEATURES..].copy_from_slice(stack);
        let mut contributions = self.regime(regime).stage2.contributions(&x);
        for &i in &self.not_reasons {
            contributions[i] = 0.0;
        }
        // heapq.nsmallest(top + 2, ...): by value, ties in index order (a stable selection).
        let want = top + 2;
        let mut order: Vec<usize> = Vec::with_capacity(want + 1);
        for i in 0..contributions.len() {
            let v = contributions[i];
            if order.len() == want && v >= contributions[order[want - 1]] {
                continue;
            }
            let at = order.partition_point(|&j| contributions[j] <= v);
            order.insert(at, i);
            order.truncate(want);
        }
        let mut out: Vec<&str> = Vec::new();
        for &i in &order {
            if contributions[i] >= 0.0 || out.len() >= top {
                break;
            }
            let text = self.descriptions[i].as_str();
            if !out.contains(&text) {
                out.push(text);
            }
        }
        out
    }

    /// The whole classifier (`LayoutClassifier.apply`): for each kept line, `None` when the
    /// model keeps it, `Some(reason)` when it drops it. Fewer than five lines: all kept.
    ///
    /// `kept`/`gaps` are `Document.kept_gaps()`; `threshold` the user's cut-off (None: the
    /// model's); `explain` adds the model's reasons to each reason (`doc.explain`).
    pub fn apply(
        &self,
        kept: &[LineIn],
        gaps: &[bool],
        words: &WordSets,
        threshold: Option<f64>,
        explain: bool,
    ) -> Vec<Option<String>> {
        if kept.len() < MIN_LINES {
            return vec![None; kept.len()];
        }
        let features = Features::new(kept, gaps, words, &self.words);
        let dropped = self.apply_features(kept, &features, threshold, Said::from_explain(explain));
        dense(kept.len(), dropped)
    }

    /// [`LayoutModel::apply`] on lines of a document seen before (a settle round): what
    /// the lines give by themselves comes from `cache` ([`Features::cached`], where
    /// `numbers[i]` is line `i`'s number in the document).
    #[allow(clippy::too_many_arguments)] // `apply`'s five, and the cache with its line numbers
    pub fn apply_cached(
        &self,
        kept: &[LineIn],
        gaps: &[bool],
        words: &WordSets,
        threshold: Option<f64>,
        explain: bool,
        cache: &mut LineCache,
        numbers: &[usize],
    ) -> Vec<Option<String>> {
        self.apply_cached_said(
            kept,
            gaps,
            words,
            threshold,
            Said::from_explain(explain),
            cache,
            numbers,
        )
    }

    /// [`LayoutModel::apply_cached`] saying what `said` asks in each reason: with
    /// [`Said::Nothing`] (a caller that keeps no trace) a dropped line's reason is empty, and
    /// no score is formatted.
    #[allow(clippy::too_many_arguments)] // `apply_cached`'s seven
    pub fn apply_cached_said(
        &self,
        kept: &[LineIn],
        gaps: &[bool],
        words: &WordSets,
        threshold: Option<f64>,
        said: Said,
        cache: &mut LineCache,
        numbers: &[usize],
    ) -> Vec<Option<String>> {
        let dropped = self.apply_cached_dropped(kept, gaps, words, threshold, said, cache, numbers);
        dense(kept.len(), dropped)
    }

    /// [`LayoutModel::apply_cached_said`] for the dropped lines only: their indexes in
    /// `kept` (ascending) with their reasons (no list of a verdict per line: a long document
    /// has hundreds of thousands of lines, most often kept).
    #[allow(clippy::too_many_arguments)] // `apply_cached_said`'s seven
    pub fn apply_cached_dropped(
        &self,
        kept: &[LineIn],
        gaps: &[bool],
        words: &WordSets,
        threshold: Option<f64>,
        said: Said,
        cache: &mut LineCache,
        numbers: &[usize],
    ) -> Dropped {
        if kept.len() < MIN_LINES {
            return Dropped::new();
        }
        let features = Features::cached(kept, gaps, words, &self.words, cache, numbers);
        let out = if kept.len() <= DECIDED_ROWS {
            let rows = features.rows();
            drop(features);
            let indents: Vec<u32> = kept.iter().map(|l| l.indent).collect();
            let share = indent_share(&indents, rows.len());
            let decision = match cache.decided.take() {
                Some(last) if last.made_from(&rows, share) => last.decision,
                _ => self.decide(&rows, &indents),
            };
            let out = self.dropped_said(kept, &rows, &decision, threshold, said);
            cache.decided = Some(Decided {
                rows,
                share,
                decision,
            });
            out
        } else {
            let out = self.apply_features(kept, &features, threshold, said);
            drop(features);
            out
        };
        // The lines dropped here come back in no later call on the document.
        cache.keep_only(&numbers[..kept.len()], |i| {
            out.binary_search_by_key(&i, |(j, _)| *j).is_err()
        });
        out
    }

    /// The model on the features of `kept`: rows made once and held for up to
    /// [`HELD_ROWS`] lines, made again for each pass over a longer document.
    fn apply_features(
        &self,
        kept: &[LineIn],
        features: &Features,
        threshold: Option<f64>,
        said: Said,
    ) -> Dropped {
        let indents: Vec<u32> = kept.iter().map(|l| l.indent).collect();
        if kept.len() <= HELD_ROWS {
            let rows = features.rows();
            let decision = self.decide(&rows, &indents);
            return self.dropped_said(kept, &rows, &decision, threshold, said);
        }
        let decision = self.decide(features, &indents);
        drop(indents);
        self.dropped_said(kept, features, &decision, threshold, said)
    }

    /// The per-line verdicts of [`LayoutModel::apply`] from its features and decision.
    pub fn verdicts<R: Rows + ?Sized>(
        &self,
        kept: &[LineIn],
        rows: &R,
        decision: &Decision,
        threshold: Option<f64>,
        explain: bool,
    ) -> Vec<Option<String>> {
        self.verdicts_said(kept, rows, decision, threshold, Said::from_explain(explain))
    }

    /// [`LayoutModel::verdicts`] saying what `said` asks in each reason.
    pub fn verdicts_said<R: Rows + ?Sized>(
        &self,
        kept: &[LineIn],
        rows: &R,
        decision: &Decision,
        threshold: Option<f64>,
        said: Said,
    ) -> Vec<Option<String>> {
        dense(
            kept.len(),
            self.dropped_said(kept, rows, decision, threshold, said),
        )
    }

    /// [`LayoutModel::verdicts_said`] for the dropped lines only.
    fn dropped_said<R: Rows + ?Sized>(
        &self,
        kept: &[LineIn],
        rows: &R,
        decision: &Decision,
        threshold: Option<f64>,
        said: Said,
    ) -> Dropped {
        let user = threshold.map(Cutoff::constant);
        let cutoff = user.as_ref().unwrap_or(&decision.cutoff);
        // a user's threshold is taken as given: no second look
        let rescue = if threshold.is_none() {
            self.rescue
        } else {
            None
        };
        let dropped = drops(
            kept,
            &decision.probabilities,
            |w| cutoff.at(w),
            self.fill,
            rescue,
        );
        let regime = decision.regime;
        let mut out: Dropped = dropped
            .iter()
            .enumerate()
            .filter(|(_, &d)| d)
            .map(|(i, _)| {
                let reason = if said == Said::Nothing {
                    String::new()
                } else {
                    let p = format_2f(decision.probabilities[i]);
                    format!("p(content)={p} ({})", regime.as_str())
                };
                (i, reason)
            })
            .collect();
        if said == Said::Explained && !out.is_empty() {
            let mut next = out.iter_mut().peekable();
            rows.each(|i, row| {
                let Some((_, reason)) = next.next_if(|(j, _)| *j == i) else {
                    return;
                };
                let why = self.reasons(row, &decision.stack(i), regime, 2);
                reason.push_str("; ");
                if why.is_empty() {
                    reason.push_str("low score");
                } else {
                    reason.push_str(&why.join(", "));
                }
            });
        }
        out
    }
}

/// `drops` of `layout.py`: which of the `kept` lines go, those whose p(content) is below
/// `cutoff` for their length in words, but for the guarded ones (a line with a large share of
/// the document's words, the title), with the dips between kept lines filled at price `fill`;
/// with `rescue` `(share, factor)`, when that keeps less than `share` of the words, decided
/// again with every cut-off times `factor`.
pub fn drops(
    kept: &[LineIn],
    probabilities: &[f64],
    cutoff: impl Fn(i64) -> f64,
    fill: f64,
    rescue: Option<(f64, f64)>,
) -> Vec<bool> {
    let dropped = drops_at(kept, probabilities, &cutoff, fill);
    if let Some((share, factor)) = rescue {
        if dropped.iter().any(|&d| d) {
            let total: u64 = kept.iter().map(|l| u64::from(l.words)).sum();
            let left: u64 = kept
                .iter()
                .zip(&dropped)
                .filter(|(_, &d)| !d)
                .map(|(l, _)| u64::from(l.words))
                .sum();
            if (left as f64) < share * total as f64 {
                return drops_at(kept, probabilities, |w| cutoff(w) * factor, fill);
            }
        }
    }
    dropped
}

/// [`drops`] at one set of cut-offs.
fn drops_at(
    kept: &[LineIn],
    probabilities: &[f64],
    cutoff: impl Fn(i64) -> f64,
    fill: f64,
) -> Vec<bool> {
    let total: u64 = kept.iter().map(|l| u64::from(l.words)).sum();
    let share = GUARD_SHARE * total as f64;
    let guard = if GUARD_MIN_WORDS >= share {
        GUARD_MIN_WORDS
    } else {
        share
    };
    let title = title_index(kept);
    let mut dropped: Vec<bool> = kept
        .iter()
        .zip(probabilities)
        .enumerate()
        .map(|(i, (line, &p))| {
            let words = i64::from(line.words);
            p < cutoff(words) && (words as f64) < guard && Some(i) != title
        })
        .collect();
    if fill > 0.0 && dropped.iter().any(|&d| d) {
        let margins: Vec<f64> = kept
            .iter()
            .zip(probabilities)
            .map(|(line, &p)| margin(p, cutoff(i64::from(line.words))))
            .collect();
        fill_dips(&mut dropped, &margins, fill);
    }
    dropped
}

/// p(content) and cut-offs are held inside `[EPSILON, 1 - EPSILON]` for their log-odds.
const EPSILON: f64 = 1e-6;

/// `margin` of `layout.py`: how far p(content) `p` is above the cut-off `cut`, in log-odds.
///
/// ```
/// use cleanwire_layout::model::margin;
/// assert_eq!(margin(0.5, 0.5), 0.0);
/// assert!(margin(0.2, 0.5) < 0.0 && margin(0.8, 0.5) > 0.0);
/// ```
pub fn margin(p: f64, cut: f64) -> f64 {
    let p = p.clamp(EPSILON, 1.0 - EPSILON);
    let cut = cut.clamp(EPSILON, 1.0 - EPSILON);
    (p / (1.0 - p)).ln() - (cut / (1.0 - cut)).ln()
}

/// `fill_dips` of `layout.py`: every run of dropped lines with a kept line above and below it
/// stays when its `margins`, summed from the top, add up to at least `-price`.
///
/// ```
/// use cleanwire_layout::model::fill_dips;
/// let mut dropped = vec![false, true, true, false, true];
/// fill_dips(&mut dropped, &[3.0, -0.5, -1.0, 2.0, -0.1], 2.0);
/// assert_eq!(dropped, [false, false, false, false, true]);
/// let mut deep = vec![false, true, false];
/// fill_dips(&mut deep, &[3.0, -2.5, 3.0], 2.0);
/// assert_eq!(deep, [false, true, false]);
/// ```
pub fn fill_dips(dropped: &mut [bool], margins: &[f64], price: f64) {
    let n = dropped.len();
    let mut i = 0;
    while i < n {
        if !dropped[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut total = 0.0;
        while j < n && dropped[j] {
            total += margins[j];
            j += 1;
        }
        if i > 0 && j < n && total >= -price {
            dropped[i..j].fill(false);
        }
        i = j;
    }
}

/// Python's `f"{x:.2f}"`: the exact binary value rounded to two decimals, ties to even.
///
/// Rust's `{:.2}` also rounds the exact value correctly; the only exact ties in `[0, 1]`
/// are odd multiples of 1/8, which both round to even (`tests/format.rs` checks both).
///
/// ```
/// use cleanwire_layout::model::format_2f;
/// assert_eq!(format_2f(0.125), "0.12");
/// assert_eq!(format_2f(0.375), "0.38");
/// assert_eq!(format_2f(0.345), "0.34"); // 0.34499999999999997335...
/// ```
pub fn format_2f(x: f64) -> String {
    format!("{x:.2}")
}

/// `is_prose` of `cleaners/base.py`: thirty words, or ten ending a sentence (`Line.ends_sentence`).
pub fn is_prose(line: &LineIn) -> bool {
    line.words >= 30 || (line.words >= 10 && ends_sentence(line.text))
}

/// `Line.ends_sentence`: `text.rstrip(closers)[-1:] in ".!?:;…"` (an empty rest counts).
pub fn ends_sentence(text: &str) -> bool {
    let bare = text.trim_end_matches(['"', '\'', ')', ']', '»', '\u{201d}', '\u{2019}']);
    match bare.chars().next_back() {
        None => true,
        Some(c) => ".!?:;…".contains(c),
    }
}

/// `is_headline_like` of `cleaners/base.py` (at most 25 words).
pub fn is_headline_like(line: &LineIn) -> bool {
    (2..=25).contains(&line.words)
        && !patterns::headline_end(line.text)
        && patterns::starts_upper(line.text)
}

/// `title_index`: `Some(0)` when the first kept line is a headline directly above prose.
pub fn title_index(kept: &[LineIn]) -> Option<usize> {
    if kept.len() >= 2 && is_prose(&kept[1]) && is_headline_like(&kept[0]) {
        Some(0)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_bytes_marks_each_byte_that_differs() {
        let base = [0.0, 1.5, -2.0, 3.25, 1e300, -1e-300, 7.0, 8.5];
        assert_eq!(differing_bytes(&base, &base), 0);
        for i in 0..BLOCK {
            for other in [-0.0, f64::NAN, f64::from_bits(base[i].to_bits() ^ 1), 9.0] {
                let mut b = base;
                b[i] = other;
                let (x, y) = (base[i].to_le_bytes(), b[i].to_le_bytes());
                let want = (0..8)
                    .filter(|&k| x[k] != y[k])
                    .fold(0u64, |m, k| m | 1 << (8 * i + k));
                assert_eq!(differing_bytes(&base, &b), want, "value {i}");
            }
        }
    }

    const SHIPPED: &str = include_str!("../../../src/cleanwire/models/layout.json");

    fn spec() -> Value {
        serde_json::from_str(SHIPPED).unwrap()
    }

    fn load(v: &Value) -> Result<LayoutModel, String> {
        LayoutModel::from_json(&v.to_string())
    }

    /// The shipped model with a gate that takes every document for a whole-page dump.
    fn page_dump_model() -> LayoutModel {
        let mut v = spec();
        v["gate"] = serde_json::json!({"base": 10.0, "trees": []});
        load(&v).unwrap()
    }

    #[test]
    fn a_gate_of_trees_and_a_logistic_gate_read_alike() {
        // Both forms of the model file's gate: boosted trees (`trees`) or a regression
        // (`weights`, `intercept`, optionally `mean` and `scale`).
        let rows: Vec<Row> = vec![[0.5; N_FEATURES], [0.25; N_FEATURES]];
        let indents = [0, 2];
        let trees = page_dump_model();
        let mut v = spec();
        v["gate"] = serde_json::json!({"weights": vec![0.0; N_GATE], "intercept": 10.0});
        let linear = load(&v).unwrap();
        let g = trees.page_probability(&rows, &indents);
        assert_eq!(g, sigmoid(10.0));
        assert_eq!(linear.page_probability(&rows, &indents), g);
        v["gate"] = serde_json::json!({"base": 0.0, "trees": [[[N_GATE, 0.5, 1, 2, 0.0],
            [-1, 0.0, 0, 0, 1.0], [-1, 0.0, 0, 0, 2.0]]]});
        assert!(
            load(&v).is_err(),
            "a split on a feature the gate does not have"
        );
    }

    #[test]
    fn the_shipped_model_loads() {
        let model = LayoutModel::from_json(SHIPPED).unwrap();
        assert_eq!(model.descriptions.len(), N_STAGE2);
        assert_eq!(model.not_reasons.len(), NOT_REASONS.len());
    }

    #[test]
    fn a_broken_word_table_is_refused_as_python_refuses_it() {
        // tests/test_layout_model.py::test_a_broken_word_table_is_refused, case by case
        for words in [
            serde_json::json!({"scale": 0, "scores": {}}),
            serde_json::json!({"scale": 1.5, "scores": {}}),
            serde_json::json!({"scale": 100, "scores": {"menu": 2.5}}),
            serde_json::json!({"scale": 100, "scores": {"menu": true}}),
            serde_json::json!({"scale": 100, "scores": {"menu": 10_000_000}}),
            serde_json::json!({"scale": 100}),
            serde_json::json!(["menu", 3]),
        ] {
            let mut v = spec();
            v["words"] = words.clone();
            let err = load(&v).unwrap_err();
            assert!(err.contains("word scores"), "{words}: {err}");
        }
        let model = load(&spec()).unwrap();
        assert!(model.words.len() > 1000);
    }

    #[test]
    fn bad_models_are_refused_as_python_refuses_them() {
        let mut v = spec();
        v["features"][3] = Value::from("something_else");
        assert!(load(&v).unwrap_err().contains("other features"));

        let mut v = spec();
        v["stack_features"].as_array_mut().unwrap().pop();
        assert!(load(&v).unwrap_err().contains("other features"));

        let mut v = spec();
        v["regimes"]["page"]["stage1"]["trees"][0][0][2] = Value::from(999);
        assert!(load(&v).unwrap_err().contains("outside the tree"));

        let mut v = spec();
        v["regimes"]["page"]["stage2"]["trees"][0][0][0] = Value::from(N_STAGE2);
        assert!(load(&v).unwrap_err().contains("outside the tree"));

        // A node that points back to the root: Python's compiler stops at 32 levels.
        let mut v = spec();
        let tree = &mut v["regimes"]["extract"]["stage1"]["trees"][0];
        let left = tree[0][2].as_u64().unwrap() as usize;
        if tree[left][0].as_i64().unwrap() < 0 {
            tree[left] = serde_json::json!([0, 0.5, 1, 1, 0.0]);
        } else {
            tree[left][2] = Value::from(left);
        }
        assert!(load(&v).unwrap_err().contains("too deep"));

        let mut v = spec();
        v["regimes"].as_object_mut().unwrap().remove("extract");
        assert!(load(&v).is_err());

        // Python's json reads NaN, which the model refuses; serde_json refuses the text itself.
        assert!(LayoutModel::from_json(&SHIPPED.replacen("0.35", "NaN", 1)).is_err());
    }

    /// `log_odds` as the plain walk of each tree, left to right.
    fn walked(trees: &BoostedTrees, row: &[f64]) -> f64 {
        let mut total = trees.base;
        for &root in &trees.roots {
            let mut node = &trees.nodes[root as usize];
            while node.feature >= 0 {
                let next = if row[node.feature as usize] <= node.threshold {
                    node.left
                } else {
                    node.right
                };
                node = &trees.nodes[next as usize];
            }
            total += node.value;
        }
        total
    }

    #[test]
    fn full_trees_give_the_plain_walk_bit_for_bit() {
        let model = LayoutModel::from_json(SHIPPED).unwrap();
        // Uneven trees too: leaves at several depths, a lone leaf, five trees (one past a
        // group of four).
        let uneven = serde_json::json!({
            "base": 0.25,
            "trees": [
                [[2, 0.5, 1, 2, 0.0], [-1, 0.0, 0, 0, 1.5], [0, -1.0, 3, 4, 0.0],
                 [-1, 0.0, 0, 0, -2.0], [1, f64::MAX, 5, 6, 0.0], [-1, 0.0, 0, 0, 0.125],
                 [-1, 0.0, 0, 0, 7.0]],
                [[-1, 0.0, 0, 0, 0.3]],
                [[1, 0.0, 1, 2, 0.0], [-1, 0.0, 0, 0, 0.1], [-1, 0.0, 0, 0, 0.2]],
                [[0, 1.0, 1, 2, 0.0], [-1, 0.0, 0, 0, -0.7], [-1, 0.0, 0, 0, 0.9]],
                [[2, 2.0, 1, 2, 0.0], [-1, 0.0, 0, 0, 3.0], [-1, 0.0, 0, 0, -3.0]],
            ]
        });
        let uneven = BoostedTrees::from_spec(&uneven, 3).unwrap();
        let all = [
            &model.page.stage1,
            &model.page.stage2,
            &model.extract.stage1,
            &model.extract.stage2,
            &uneven,
        ];
        let special = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -1.0,
            0.0,
            0.5,
            1.0,
            2.0,
            f64::MAX,
        ];
        for trees in all {
            for seed in 0..400u64 {
                let row = mixed_row(seed, 7, &special);
                let want = walked(trees, &row);
                assert_eq!(
                    trees.log_odds(&row).to_bits(),
                    want.to_bits(),
                    "seed {seed}"
                );
            }
        }
    }

    /// A stage-two row of seeded values in about [-0.5, 1.5], one value in *every* taken from
    /// *special* (NaN, infinities, thresholds).
    fn mixed_row(seed: u64, every: u64, special: &[f64]) -> Vec<f64> {
        (0..N_STAGE2)
            .map(|i| {
                let h = (seed * 2_654_435_761 + i as u64 * 40_503) % 1009;
                if h.is_multiple_of(every) {
                    special[(h / every) as usize % special.len()]
                } else {
                    h as f64 / 503.0 - 0.5
                }
            })
            .collect()
    }

    #[test]
    fn each_step_is_the_plain_step() {
        let model = LayoutModel::from_json(SHIPPED).unwrap();
        let special = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -1.0,
            0.0,
            0.5,
            1.0,
        ];
        for trees in [
            &model.page.stage1,
            &model.page.stage2,
            &model.extract.stage2,
        ] {
            assert!(!trees.full.is_empty());
            for seed in 0..200u64 {
                let row = mixed_row(seed, 5, &special);
                let padded = padded(&row);
                for tree in &trees.full {
                    let (mut a, mut b) = (ROOT_SLOT, ROOT_SLOT);
                    for _ in 0..trees.depth {
                        // SAFETY: at most depth <= FULL_DEPTH steps from the root slot.
                        (a, b) = unsafe { (tree.step(a, &padded), tree.step_plain(b, &padded)) };
                        assert_eq!(a, b, "seed {seed}");
                    }
                }
            }
        }
    }

    #[test]
    fn trees_and_contributions_agree() {
        // The root's mean plus every feature's contribution is the log-odds (as in Python).
        let model = LayoutModel::from_json(SHIPPED).unwrap();
        let trees = &model.page.stage2;
        let root: f64 = trees.base
            + trees
                .roots
                .iter()
                .map(|&r| trees.nodes[r as usize].value)
                .sum::<f64>();
        for seed in 0..50u64 {
            let row: Vec<f64> = (0..N_STAGE2)
                .map(|i| ((seed * 31 + i as u64 * 17) % 13) as f64 / 4.0 - 0.5)
                .collect();
            let total = root + trees.contributions(&row).iter().sum::<f64>();
            assert!((total - trees.log_odds(&row)).abs() < 1e-9);
        }
    }

    /// `n` kept lines: line `i` is `texts[j]` (key `keys[j]`) with indent `d`, where
    /// `(j, d) = pick(i)`.
    /// One line per text, with its key, its word count and no indentation.
    fn unindented<'a>(texts: &'a [String], keys: &'a [String]) -> Vec<LineIn<'a>> {
        texts
            .iter()
            .zip(keys)
            .map(|(t, k)| LineIn {
                text: t,
                key: k,
                words: t.split_whitespace().count() as u32,
                indent: 0,
            })
            .collect()
    }

    fn lines_of<'a>(
        texts: &[&'a str],
        keys: &'a [String],
        n: usize,
        pick: impl Fn(usize) -> (usize, u32),
    ) -> Vec<LineIn<'a>> {
        (0..n)
            .map(|i| {
                let (j, indent) = pick(i);
                LineIn {
                    text: texts[j],
                    key: &keys[j],
                    words: texts[j].split_whitespace().count() as u32,
                    indent,
                }
            })
            .collect()
    }

    #[test]
    fn rows_made_again_give_what_held_rows_give() {
        // Past HELD_ROWS lines `apply` makes each row again for each pass: the same verdicts
        // and reasons as from rows made once and held.
        let model = page_dump_model();
        let words = WordSets::new(["the", "a", "of", "and"], ["share", "home"], ["news"]);
        let texts = [
            "Home",
            "Share this story",
            "The council approved the budget for new schools on Monday evening, after a long debate.",
            "By Jane Doe",
            "3 May 2024 12:30",
            "Officials said the first projects would start in the spring, once the money arrives.",
            "<div>",
            "Read more: https://example.com/news",
        ];
        let keys: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let n = HELD_ROWS + 300;
        let kept = lines_of(&texts, &keys, n, |i| {
            ((i * 7 + i / 13) % texts.len(), (i % 3 == 0) as u32)
        });
        let gaps: Vec<bool> = (0..n).map(|i| i % 5 == 0).collect();
        let indents: Vec<u32> = kept.iter().map(|l| l.indent).collect();
        let rows = crate::line_features(&kept, &gaps, &words, &model.words);
        let decision = model.decide(&rows, &indents);
        for explain in [false, true] {
            let held = model.verdicts(&kept, &rows, &decision, None, explain);
            assert!(held.iter().any(Option::is_some));
            assert_eq!(model.apply(&kept, &gaps, &words, None, explain), held);
        }
    }

    #[test]
    fn rows_of_repeated_lines_score_as_if_each_walked_the_trees() {
        // Features group the rows of repeated keys, and a row on the same paths as its
        // group's last row takes that row's score: the scores are those of rows held without
        // groups (each walked), bit for bit, for both regimes.
        let model = LayoutModel::from_json(SHIPPED).unwrap();
        let words = WordSets::new(["the", "a", "of", "and"], ["share", "home"], ["news"]);
        let texts = [
            "<div>",
            "}",
            ");",
            "The council approved the budget for new schools on Monday evening, after a long debate.",
            "Home",
            "HOME",
        ];
        let keys: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let n = 700;
        let kept = lines_of(&texts, &keys, n, |i| {
            (if i % 97 == 5 { 3 + i % 3 } else { i % 3 }, 0)
        });
        let gaps: Vec<bool> = (0..n).map(|i| i % 11 == 0).collect();
        let features = Features::new(&kept, &gaps, &words, &model.words);
        assert!(features.groups().unwrap().iter().all(|&g| g != ALONE));
        let rows = features.rows();
        assert!(rows.groups().is_none());
        for regime in [RegimeName::Page, RegimeName::Extract] {
            let (grouped, grouped1) = model.scores(&features, regime);
            let (walked, walked1) = model.scores(&rows, regime);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&grouped), bits(&walked));
            assert_eq!(bits(&grouped1), bits(&walked1));
        }
        let trees = &model.regime(RegimeName::Page).stage1;
        assert!(trees.same_paths(&rows[1], &rows[1]));
        let mut other = rows[1];
        other[1] = f64::NAN;
        assert!(!trees.same_paths(&rows[1], &other));
        assert!(trees.same_paths(&other, &other));
        // A row's code says what same_paths says, for rows on and off the thresholds, and so
        // does a comparison with that row's values.
        let mut code = Vec::new();
        for a in rows.iter().take(12).chain([&other]) {
            trees.code_into(a, &mut code);
            for b in rows.iter().chain([&other]) {
                assert_eq!(trees.same_code(b, &code), trees.same_paths(a, b));
                assert_eq!(trees.same_code_near(b, a, &code), trees.same_paths(a, b));
            }
            for (f, t) in &trees.cuts {
                let ends = [
                    f64::NEG_INFINITY,
                    f64::INFINITY,
                    f64::NAN,
                    f64::MIN,
                    f64::MAX,
                ];
                for v in t
                    .iter()
                    .flat_map(|&c| [c, c.next_down(), c.next_up()])
                    .chain(ends)
                {
                    let mut b = *a;
                    b[*f] = v;
                    assert_eq!(trees.same_code(&b, &code), trees.same_paths(a, &b));
                    assert_eq!(trees.same_code_near(&b, a, &code), trees.same_paths(a, &b));
                }
            }
        }
    }

    #[test]
    fn a_decision_is_taken_again_only_from_the_same_rows() {
        // Rounds on the same lines take the last decision again; other indents (another gate
        // input) or another threshold of the gate's regime give what fresh lines give.
        let model = LayoutModel::from_json(SHIPPED).unwrap();
        let words = WordSets::new(["the", "a", "of", "and", "on"], ["share", "home"], ["news"]);
        let texts: Vec<String> = (0..12)
            .map(|i| match i % 3 {
                0 => "Home".to_string(),
                1 => format!("The council approved budget {i} for new schools on Monday."),
                _ => format!("Officials said project {i} would start in the spring."),
            })
            .collect();
        let keys: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let flat = unindented(&texts, &keys);
        let mut indented = flat.clone();
        for line in indented.iter_mut().step_by(2) {
            line.indent = 4;
        }
        let numbers: Vec<usize> = (0..flat.len()).collect();
        let gaps = vec![false; flat.len()];
        let mut cache = LineCache::new();
        for lines in [&flat, &flat, &indented, &indented, &flat] {
            for cut in [None, Some(0.6)] {
                let got = model.apply_cached(lines, &gaps, &words, cut, true, &mut cache, &numbers);
                assert_eq!(got, model.apply(lines, &gaps, &words, cut, true));
            }
        }
    }

    #[test]
    fn cached_lines_give_what_fresh_lines_give() {
        // A settle round sees some of the lines of the round before: with their facts from
        // the cache, the same verdicts as from the lines read afresh.
        let model = LayoutModel::from_json(SHIPPED).unwrap();
        let words = WordSets::new(["the", "a", "of", "and", "on"], ["share", "home"], ["news"]);
        let texts: Vec<String> = (0..60)
            .map(|i| match i % 6 {
                0 => "Home".to_string(),
                1 => format!("Story number {i} about the council budget"),
                2 => format!(
                    "The council approved budget {i} for new schools on Monday, after a long debate."
                ),
                3 => "Share this".to_string(),
                4 => format!("Officials said project {i} would start in the spring once money arrives."),
                _ => format!("{} May 2024", i % 28 + 1),
            })
            .collect();
        let keys: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let all = unindented(&texts, &keys);
        let numbers: Vec<usize> = (0..all.len()).map(|i| 2 * i + 1).collect();
        let mut cache = LineCache::new();
        let gaps = vec![false; all.len()];
        let cut = Some(0.5);
        for explain in [false, true] {
            let first = model.apply_cached(&all, &gaps, &words, cut, explain, &mut cache, &numbers);
            assert_eq!(first, model.apply(&all, &gaps, &words, cut, explain));
            assert!(first.iter().any(Option::is_some) && first.iter().any(Option::is_none));
            let keep: Vec<usize> = (0..all.len())
                .filter(|&i| first[i].is_none() || i % 4 == 0)
                .collect();
            let sub: Vec<LineIn> = keep.iter().map(|&i| all[i]).collect();
            let sub_numbers: Vec<usize> = keep.iter().map(|&i| numbers[i]).collect();
            let sub_gaps: Vec<bool> = keep.iter().map(|&i| i % 7 == 0).collect();
            let again = model.apply_cached(
                &sub,
                &sub_gaps,
                &words,
                cut,
                explain,
                &mut cache,
                &sub_numbers,
            );
            assert_eq!(again, model.apply(&sub, &sub_gaps, &words, cut, explain));
        }
        // Saying nothing drops the same lines, each with an empty reason.
        let said = Said::from_explain(false);
        let full = model.apply_cached_said(&all, &gaps, &words, cut, said, &mut cache, &numbers);
        let quiet = model.apply_cached_said(
            &all,
            &gaps,
            &words,
            cut,
            Said::Nothing,
            &mut cache,
            &numbers,
        );
        let bare: Vec<Option<String>> = full
            .iter()
            .map(|r| r.as_ref().map(|_| String::new()))
            .collect();
        assert_eq!(quiet, bare);
    }

    #[test]
    fn a_long_documents_cache_keeps_what_later_rounds_see() {
        // Past `KEEP_ONLY_MIN` lines the cache forgets the lines the model dropped: a later
        // round on the lines it kept (fewer again) reads the rest of the cache, moved down,
        // and gives what fresh lines give.
        let model = page_dump_model();
        let words = WordSets::new(["the", "a", "of", "and", "on"], ["share", "home"], ["news"]);
        let texts: Vec<String> = (0..6000)
            .map(|i| match i % 5 {
                0 => "Home".to_string(),
                1 => format!("Share story {}", i % 13),
                2 => format!("The council approved budget {i} for new schools on Monday, after a long debate."),
                3 => format!("{} May 2024", i % 28 + 1),
                _ => format!("Officials said project {i} would start in the spring once the money arrives."),
            })
            .collect();
        let keys: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let all = unindented(&texts, &keys);
        let numbers: Vec<usize> = (0..all.len()).map(|i| 3 * i + 2).collect();
        let gaps: Vec<bool> = (0..all.len()).map(|i| i % 9 == 0).collect();
        let mut cache = LineCache::new();
        let first = model.apply_cached(&all, &gaps, &words, Some(0.7), false, &mut cache, &numbers);
        assert_eq!(first, model.apply(&all, &gaps, &words, Some(0.7), false));
        assert!(first.iter().filter(|v| v.is_some()).count() > 1000);
        let mut keep: Vec<usize> = (0..all.len()).filter(|&i| first[i].is_none()).collect();
        assert_eq!(cache.len(), keep.len());
        for round in 0..3 {
            let sub: Vec<LineIn> = keep.iter().map(|&i| all[i]).collect();
            let sub_numbers: Vec<usize> = keep.iter().map(|&i| numbers[i]).collect();
            let sub_gaps: Vec<bool> = keep.iter().map(|&i| i % 7 == 0).collect();
            let cut = Some(0.75 + 0.05 * round as f64);
            let again = model.apply_cached(
                &sub,
                &sub_gaps,
                &words,
                cut,
                false,
                &mut cache,
                &sub_numbers,
            );
            assert_eq!(again, model.apply(&sub, &sub_gaps, &words, cut, false));
            // every line came from the cache, which holds no more than the lines kept
            assert!(sub_numbers.iter().all(|&k| cache.entry(k).is_some()));
            keep = keep
                .iter()
                .zip(&again)
                .filter(|(i, v)| v.is_none() && *i % 5 != 1)
                .map(|(&i, _)| i)
                .collect();
        }
    }

    #[test]
    fn running_sums_give_the_stack_rows_of_whole_sums() {
        for n in [1usize, 2, 5, 9, 10, 17, 18, 40, 100] {
            let p: Vec<f64> = (0..n).map(|i| ((i * 7919) % 101) as f64 / 97.0).collect();
            let cum = cumulative(&p);
            let mut sums = RunningSums::new(&p);
            for i in 0..n {
                let (a, b) = (sums.stack(i), stack_row(&p, &cum, i));
                assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits), "n {n}, row {i}");
            }
        }
    }

    #[test]
    fn cutoffs_and_sums() {
        let cut = Cutoff::Fixed {
            long: 0.35,
            short: Some(0.6),
            short_words: 3,
        };
        assert_eq!(cut.at(3), 0.6);
        assert_eq!(cut.at(4), 0.35);
        assert_eq!(Cutoff::constant(0.2).at(1), 0.2);
        // Python 3.11's sum: 0 + a + b + c, left to right (not compensated).
        assert_eq!(py_sum([0.1, 0.2, 0.3]), (0.1 + 0.2) + 0.3);
        assert_eq!(py_sum([-0.0]), 0.0);
        assert!(py_sum([-0.0]).is_sign_positive());
    }
}
