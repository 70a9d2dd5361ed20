"""The learned block classifier: keep or drop each remaining line from its features.

After the phrase and shape rules have removed what they recognise, a small
two-stage model of boosted trees judges every kept line from features of
the line, of its neighbours and of the page around it (:mod:`cleanwire.features`),
computed on the kept lines alone: where the rules removed something does not
count, so cruft that a rule removes never changes the verdict on the content
next to it. Stage one scores each
line on its own features; stage two adds the stage-one scores of the lines
around it, so a line inside a run of prose is kept and a line inside a run
of menu items is dropped. The trees ship as ``models/layout.json`` and
inference is plain Python (no numpy), so the package can be vendored.

The trace names the model's decision, its probability and the two features
that pushed hardest towards dropping, e.g.
``p(content)=0.08; short line, far from the main text``.

Example:
    >>> from cleanwire import Pipeline
    >>> prose = "The council approved the budget for new schools on Monday evening. " * 3
    >>> more = "Officials said the first projects would start in the spring, once the money arrives. " * 2
    >>> text = "Home\\nNews\\nSport\\nWeather\\nTravel\\nContact\\n" + prose + "\\n" + more
    >>> Pipeline(["layout"]).clean(text).startswith("The council")
    True
"""

from __future__ import annotations

import heapq
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate
from math import exp, isfinite, log
from operator import mul
from typing import Any, ClassVar

from ..document import Document, Line
from ..features import FEATURE_NAMES, SHAPE_FEATURE_NAMES, LineMemo, WordScores, line_features, ordered_sum
from ..lexicon import Lexicon
from .base import is_headline_like, is_prose

__all__ = [
    "GATE_NAMES", "MODEL_FEATURES", "STACK_NAMES", "BoostedTrees", "Cutoff", "LayoutClassifier", "LayoutModel",
    "drops", "fill_dips", "gate_features", "load_model", "margin", "model_rows", "stack_features", "StackFeatures",
    "title_index", "WordScores",
]

MODEL_FEATURES: tuple[str, ...] = FEATURE_NAMES
"""Names of the stage-one inputs: the line features of :mod:`cleanwire.features` (the last four
read the model's :class:`~cleanwire.features.WordScores`).

No feature tells where the rules removed lines: the model judges the lines the rules
kept as if the removed ones had never been there, so a cruft line that a rule removes
cannot change the verdict on the content next to it."""

STACK_NAMES: tuple[str, ...] = (
    "p_self", "p_near1", "p_near2", "p_near4", "p_near8", "p_before3", "p_after3", "p_before_all", "p_after_all",
)
"""Names of the stage-two features built from stage-one scores."""

# What a feature's presence says. A reason is a feature with a negative weight and a
# positive value, so each text describes the feature being there, not its absence.
_DESCRIPTIONS: dict[str, str] = {
    "log_words": "word count", "log_chars": "length", "end_sentence": "sentence ending",
    "end_colon": "ends with a colon", "end_ellipsis": "cut off with an ellipsis",
    "end_open": "no closing punctuation", "list_mark": "list item", "short": "very short line",
    "starts_upper": "capital first letter", "stopword_share": "function words",
    "capitalised_share": "title-case words", "upper_share": "upper case", "digit_share": "digits",
    "in_block": "inside the main text", "log_block_distance": "far from the main text",
    "after_block": "after the main text", "prose_before": "much prose above it",
    "prose_after": "much prose below it", "widget_share": "menu or widget words",
    "repeated": "repeated line", "greeting": "reads like a reader comment",
    "greetings_before": "inside a comment thread", "first_person": "first-person words",
    "question": "a question", "starts_lower": "lower-case start", "table_row": "table row",
    "prose_near3": "prose next to it", "prose_near10": "prose around it", "words_near5": "long neighbours",
    "prev_short": "short line above", "next_short": "short line below",
    "indent_off_prose": "indented unlike the text", "indent_delta": "indented unlike the text",
    "shared_words": "words used elsewhere on the page", "block_words": "words of the main text",
    "shared_degree": "words the page repeats", "short_word_share": "short words",
    "key_value": "key-value row", "date_like": "time stamp", "same_shape_run": "one of a run of lines alike",
    "card_run": "part of a repeated card pattern", "article_above": "far below the article's text",
    "article_below": "far above the article's text",
    "webby": "link or address", "legal": "copyright notice", "separators": "separator characters",
    "rel_position": "position in the page", "gap_before": "blank line above",
    "word_cruft": "words common in boilerplate", "word_cruft_prev": "boilerplate words above",
    "word_cruft_next": "boilerplate words below", "word_known": "words the model knows",
}


_NOT_REASONS = ("bias", "log_lines", "doc_prose_share", "doc_sentence_share", "doc_mean_words", "block_share")


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + exp(-z))
    e = exp(z)
    return e / (1.0 + e)


# The end of the generated loops of BoostedTrees.probabilities and stacked_probabilities:
# _sigmoid(z) appended to the output, written out (the same floats).
_SIGMOID_SOURCE = ("        if z >= 0.0:\n            append(1.0 / (1.0 + exp(-z)))\n"
                   "        else:\n            e = exp(z)\n            append(e / (1.0 + e))\n    return out\n")


GATE_NAMES: tuple[str, ...] = (*SHAPE_FEATURE_NAMES[1:], "indent_variety")
"""Features of the whole document that choose between the two regimes: the mean of every
shape feature (:data:`~cleanwire.features.SHAPE_FEATURE_NAMES`) but the constant ``bias`` over the
document's lines (not the word scores: the gate judges a page by its shape), and the share of lines
indented differently from the most common indentation (page renderers indent nested
blocks; extractors indent evenly or not at all, and cleanwire's own output not at all).
Like the model, the gate reads only the lines the rules kept, so cruft the rules remove
cannot tip a document from one regime to the other."""


_LINE_FEATURES = SHAPE_FEATURE_NAMES[1:]


def gate_features(rows: Sequence[Sequence[float]], indents: Sequence[int]) -> list[float]:
    """The gate's inputs (:data:`GATE_NAMES`): the means of the shape-feature columns of a
    document's model rows (:data:`MODEL_FEATURES` rows; ``bias`` and the word scores left out),
    and its indented share.

    Example:
        >>> width = len(MODEL_FEATURES)
        >>> rows = [[1.0] + [0.0] * (width - 1), [1.0] + [1.0] * (width - 1)]
        >>> values = gate_features(rows, [0, 4])
        >>> len(values) == len(GATE_NAMES), values[0], values[-1]
        (True, 0.5, 0.5)
    """
    n = len(rows) or 1
    columns = zip(*rows)
    next(columns, None)  # bias
    if rows:
        means = [ordered_sum(column) / n for column, _ in zip(columns, _LINE_FEATURES)]
    else:
        means = [0.0] * len(_LINE_FEATURES)
    counts: dict[int, int] = {}
    for indent in indents:
        counts[indent] = counts.get(indent, 0) + 1
    means.append((len(indents) - max(counts.values(), default=0)) / n)
    return means


def _fold(stage: dict[str, Any]) -> tuple[list[float], float]:
    """Fold standardisation into the weights: w·(x-m)/s + b = (w/s)·x + (b - Σ w·m/s)."""
    weights = [float(w) for w in stage["weights"]]
    mean = [float(m) for m in stage.get("mean", [0.0] * len(weights))]
    scale = [float(s) or 1.0 for s in stage.get("scale", [1.0] * len(weights))]
    folded = [w / s for w, s in zip(weights, scale)]
    bias = float(stage["intercept"]) - ordered_sum(w * m for w, m in zip(folded, mean))
    return folded, bias


_Node = tuple[int, float, int, int, float]

# A function's first 256 constants load in one instruction, the others in two (EXTENDED_ARG).
_NEAR_CONSTANTS = 250


def _hot_constants(trees: Sequence[Sequence[_Node]]) -> str:
    """Source of a block that runs nothing (``if 0:``) but names, first in a generated scoring
    loop, the thresholds that every row reads (the roots', then the next level's, ...) as far
    as they fit among the constants loaded in one instruction; the rest keep their order of
    appearance. Only where a constant is kept changes, not what is computed."""
    order: dict[str, None] = {}
    level = [(nodes, 0) for nodes in trees if nodes and nodes[0][0] >= 0]
    while level and len(order) < _NEAR_CONSTANTS:
        below = []
        for nodes, i in level:
            f, t, left, right, _ = nodes[i]
            order.setdefault(repr(t))
            below += [(nodes, j) for j in (left, right) if nodes[j][0] >= 0]
        level = below
    names = list(order)[:_NEAR_CONSTANTS]
    return "    if 0:\n" + "".join(f"        _ = {t}\n" for t in names) if names else ""


class BoostedTrees:
    """A boosted ensemble of small regression trees that gives the log-odds of content.

    *spec* holds ``base`` (the starting log-odds) and ``trees``: per tree, its
    nodes as ``[feature, threshold, left, right, value]`` with ``feature`` -1
    on a leaf; a row goes left when ``row[feature] <= threshold``. ``value``
    is a leaf's contribution, and for an inner node the count-weighted mean
    of the leaves below it (used to explain a score).

    Scoring walks no Python data structure: at load time the trees become
    one generated expression of nested comparisons, compiled once. Only
    numbers from the spec, checked as finite floats and in-range integers,
    go into it.

    Example:
        >>> stump = {"base": -1.0, "trees": [[[0, 0.5, 1, 2, 0.0], [-1, 0.0, 0, 0, -2.0], [-1, 0.0, 0, 0, 3.0]]]}
        >>> trees = BoostedTrees(stump, 1)
        >>> trees.log_odds([0.2]), trees.log_odds([0.9])
        (-3.0, 2.0)
    """

    def __init__(self, spec: dict[str, Any], width: int, split: int = 0) -> None:
        self.base = _finite(spec["base"])
        self.trees: list[list[_Node]] = []
        for tree in spec["trees"]:
            nodes = [(int(f), _finite(t), int(left), int(right), _finite(v)) for f, t, left, right, v in tree]
            for f, _, left, right, _ in nodes:
                if f >= width or (f >= 0 and not (0 < left < len(nodes) and 0 < right < len(nodes))):
                    raise ValueError("layout model: a tree node points outside the tree or the features")
            self.trees.append(nodes)
        self.width = width
        self.split = split if 0 < split < width else 0
        """Where :meth:`log_odds2` cuts a row in two (0: it does not)."""
        self._stack_used: tuple[int, ...] = ()
        self.log_odds = self._compile()

    def _compile(self) -> Any:
        leaf_paths: list[tuple[tuple[int, float], ...]] = []

        def expr(nodes: list[_Node], i: int, path: tuple[tuple[int, float], ...], leaf_ids: bool,
                 read: Callable[[int], str]) -> str:
            f, t, left, right, v = nodes[i]
            if f < 0:
                if not leaf_ids:
                    return repr(v)
                leaf_paths.append(path)
                return str(len(leaf_paths) - 1)
            if len(path) > 32:
                raise ValueError("layout model: tree too deep")
            lo = expr(nodes, left, (*path, (f, nodes[left][4] - v)), leaf_ids, read)
            hi = expr(nodes, right, (*path, (f, nodes[right][4] - v)), leaf_ids, read)
            return f"({lo} if {read(f)} <= {t!r} else {hi})"

        def indexed(f: int) -> str:
            return f"x[{f}]"

        def local(f: int) -> str:
            return f"x{f}"

        # Scoring reads each feature from a local variable: the row is unpacked once, not indexed
        # at every node (a row of another length takes the indexed form). The sum is the same,
        # term by term and in the same order.
        used = {f for nodes in self.trees for f, *_ in nodes if f >= 0}
        sums = " + ".join(expr(nodes, 0, (), False, local) for nodes in self.trees) or "0.0"
        plain = " + ".join(expr(nodes, 0, (), False, indexed) for nodes in self.trees) or "0.0"
        leaves = ", ".join(expr(nodes, 0, (), True, indexed) for nodes in self.trees)
        split = self.split
        head = ", ".join(f"x{f}" if f in used else "_" for f in range(split))
        tail = ", ".join(f"x{f}" if f in used else "_" for f in range(split, self.width))
        every = ", ".join(f"x{f}" if f in used else "_" for f in range(self.width))
        score = f"{self.base!r} + {sums}"
        hot = _hot_constants(self.trees)
        source = (f"def indexed(x):\n    return {self.base!r} + {plain}\n"
                  f"def leaves(x):\n    return ({leaves}{',' if self.trees else ''})\n")
        # probabilities(rows): log_odds and _sigmoid of each row, written out in one loop (no call per row).
        if used:
            source += (f"def log_odds(x):\n    try:\n        {every}, = x\n"
                       f"    except (ValueError, TypeError):\n        return indexed(x)\n"
                       f"    return {score}\n"
                       f"def probabilities(rows):\n{hot}    out = []\n    append = out.append\n    for x in rows:\n"
                       f"        try:\n            {every}, = x\n        except (ValueError, TypeError):\n"
                       f"            z = indexed(x)\n        else:\n            z = {score}\n{_SIGMOID_SOURCE}")
            if 0 < split < self.width:
                source += (f"def log_odds2(x, s):\n    {head}, = x\n    {tail}, = s\n"
                           f"    return {score}\n")
            if 0 < split and self.width - split == len(_STACK_SOURCE):
                # the stack features the trees read come in as columns (StackFeatures.columns)
                stack_used = tuple(k for k in range(len(_STACK_SOURCE)) if split + k in used)
                names = "".join(f", x{split + k}" for k in stack_used)
                loop = f"x{names} in zip(rows, *columns)" if stack_used else "x in rows"
                source += (f"def stacked(rows, columns):\n{hot}    out = []\n    append = out.append\n"
                           f"    for {loop}:\n        {head}, = x\n"
                           f"        z = {score}\n{_SIGMOID_SOURCE}")
                self._stack_used = stack_used
        else:
            source += (f"def probabilities(rows):\n    out = []\n    append = out.append\n    for x in rows:\n"
                       f"        z = indexed(x)\n{_SIGMOID_SOURCE}")
        namespace: dict[str, Any] = {"exp": exp}
        exec(compile(source, "<cleanwire layout model>", "exec"), namespace)  # noqa: S102 - numbers only
        self._leaves = namespace["leaves"]
        self._paths = leaf_paths
        scorer = namespace.get("log_odds2")
        log_odds = namespace.get("log_odds", namespace["indexed"])
        self.log_odds2: Callable[[Sequence[float], Sequence[float]], float] = (
            scorer if scorer is not None else lambda x, s: log_odds([*x, *s]))
        self.probabilities: Callable[[Iterable[Sequence[float]]], list[float]] = namespace["probabilities"]
        """p(content) of each row: :func:`_sigmoid` of :meth:`log_odds`, the same floats, in one loop."""
        self._stacked: Callable[[Sequence[Sequence[float]], list[list[float]]], list[float]] | None = (
            namespace.get("stacked"))
        return log_odds

    def stacked_probabilities(self, rows: Sequence[Sequence[float]], stack: StackFeatures) -> list[float]:
        """p(content) of each of the stage-one *rows* joined to its stage-two features in *stack*:
        :func:`_sigmoid` of :meth:`log_odds2` of ``rows[i]`` and ``stack.row(i)``, the same floats.

        A model whose rows end with the :data:`STACK_NAMES` builds no stage-two row: the stack
        features the trees read come a column at a time (:meth:`StackFeatures.columns`), and one
        loop scores the lines.
        """
        if self._stacked is not None:
            return self._stacked(rows, stack.columns(self._stack_used))
        second = self.log_odds2
        return [_sigmoid(second(row, stack.row(i))) for i, row in enumerate(rows)]

    def contributions(self, row: Sequence[float]) -> list[float]:
        """How much each feature moved *row*'s log-odds, summed along its path in every tree
        (each split adds the change of the mean leaf value to the feature it tests)."""
        out = [0.0] * self.width
        paths = self._paths
        for leaf in self._leaves(row):
            for f, delta in paths[leaf]:
                out[f] += delta
        return out


def _cutoff(regime: dict[str, Any]) -> Cutoff:
    """A regime's :class:`Cutoff` from its spec (``threshold``, and optionally ``short_threshold``
    with ``short_words``)."""
    long = _finite(regime["threshold"])
    if "short_threshold" not in regime:
        return Cutoff(long)
    return Cutoff(long, _finite(regime["short_threshold"]), int(regime["short_words"]))


def _finite(value: Any) -> float:
    number = float(value)
    if not isfinite(number):
        raise ValueError("layout model: a number in the model is not finite")
    return number


@dataclass(frozen=True)
class Cutoff:
    """The cut-off on p(content) below which a line goes, by the line's length in words.

    A line of ``short_words`` words or fewer (menu items, buttons, labels) needs
    ``short`` to stay; a longer one ``long``. With ``short_words=0`` (or
    ``short == long``) every line has the same cut-off. When the gate blends the
    two regimes, the cut-off is the blend of theirs (``parts``: weight and cut-off).

    Example:
        >>> cut = Cutoff(0.45, 0.6, 25)
        >>> cut(3), cut(40)
        (0.6, 0.45)
        >>> Cutoff.blend([(0.5, cut), (0.5, Cutoff(0.15))])(3)
        0.375
    """

    long: float
    short: float | None = None
    short_words: int = 0
    parts: tuple[tuple[float, Cutoff], ...] = ()

    @classmethod
    def blend(cls, parts: Sequence[tuple[float, Cutoff]]) -> Cutoff:
        """The weighted mean of the *parts*' cut-offs, line by line."""
        return cls(ordered_sum(w * c.long for w, c in parts), parts=tuple(parts))

    def __call__(self, words: int) -> float:
        """The cut-off for a line of *words* words."""
        if self.parts:
            return ordered_sum(w * c(words) for w, c in self.parts)
        if self.short is not None and words <= self.short_words:
            return self.short
        return self.long


class LayoutModel:
    """Two two-stage boosted-tree models and a gate between them, read from a JSON description.

    Whole-page dumps (menus, footers, mostly short lines) and text that an
    extractor already trimmed need different priors, so the model has two
    *regimes*, ``page`` and ``extract``, and a *gate* on document features
    (:data:`GATE_NAMES`) that picks one: boosted trees (``gate`` holds
    ``base`` and ``trees``, as a stage does) or a logistic regression
    (``weights``, ``intercept``, optionally ``mean`` and ``scale``). Each regime holds ``stage1``
    (on :data:`MODEL_FEATURES`) and ``stage2`` (the same plus
    :data:`STACK_NAMES`), each a :class:`BoostedTrees` spec, and its
    ``threshold`` (optionally ``short_threshold`` for lines of up to
    ``short_words`` words; see :class:`Cutoff`). ``features``, ``gate_features`` and ``stack_features`` must equal
    :data:`MODEL_FEATURES`, :data:`GATE_NAMES` and :data:`STACK_NAMES`. ``words`` (optional) holds
    the word score table (:class:`~cleanwire.features.WordScores`: ``scale`` and ``scores``).
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        if (tuple(spec["features"]) != MODEL_FEATURES or tuple(spec.get("gate_features", ())) != GATE_NAMES
                or tuple(spec.get("stack_features", ())) != STACK_NAMES):
            raise ValueError("layout model was trained on other features; retrain it (train/train_layout.py)")
        width = len(MODEL_FEATURES)
        self.words: WordScores = WordScores.from_spec(spec.get("words"))
        """The word score table that the last four line features read."""
        gate = spec["gate"]
        self.gate: tuple[list[float], float] | BoostedTrees = (
            BoostedTrees(gate, len(GATE_NAMES)) if "trees" in gate else _fold(gate))
        """The gate: weights and intercept of a logistic regression, or boosted trees, on
        :func:`gate_features`."""
        self.regimes: dict[str, tuple[BoostedTrees, BoostedTrees, Cutoff]] = {
            name: (BoostedTrees(r["stage1"], width), BoostedTrees(r["stage2"], width + len(STACK_NAMES), width),
                   _cutoff(r))
            for name, r in spec["regimes"].items()
        }
        self.names2: tuple[str, ...] = MODEL_FEATURES + STACK_NAMES
        self._not_reasons = tuple(self.names2.index(n) for n in _NOT_REASONS if n in self.names2)
        self.meta: dict[str, Any] = dict(spec.get("meta", {}))
        self.fill: float = _finite(spec.get("fill", 0.0))
        """The price of :func:`fill_dips` (0: every line is judged alone)."""
        if self.fill < 0.0:
            raise ValueError("layout model: fill must be at least 0")
        self.rescue: tuple[float, float] | None = None
        """``(share, factor)``: when the model's cut-offs would keep less than *share* of a
        document's words, the document is decided again with every cut-off times *factor*
        (None: never). A page the model reads that badly is more often a page shape it never
        learned than a page that is four fifths cruft, and losing content costs more than
        keeping cruft."""
        if "rescue" in spec:
            rescue = spec["rescue"]
            if not isinstance(rescue, dict) or not {"share", "factor"} <= rescue.keys():
                raise ValueError("layout model: rescue needs a share and a factor")
            share, factor = _finite(rescue["share"]), _finite(rescue["factor"])
            if not (0.0 <= share <= 1.0 and 0.0 <= factor <= 1.0):
                raise ValueError("layout model: rescue share and factor must lie between 0 and 1")
            self.rescue = (share, factor)

    def page_probability(self, rows: Sequence[Sequence[float]], indents: Sequence[int]) -> float:
        """How likely the document is a whole-page dump rather than extracted text (the gate)."""
        return self.gate_probability(gate_features(rows, indents))

    def gate_probability(self, features: Sequence[float]) -> float:
        """The gate's page probability for a document's :func:`gate_features`."""
        gate = self.gate
        if isinstance(gate, BoostedTrees):
            return _sigmoid(gate.log_odds(features))
        w, b = gate
        return _sigmoid(b + ordered_sum(map(mul, w, features)))

    def decide(
        self, rows: Sequence[list[float]], indents: Sequence[int]
    ) -> tuple[list[float], Cutoff, str, StackFeatures]:
        """Blend the regimes by the gate: return p(content) per row, the :class:`Cutoff`, the
        leading regime and that regime's stage-two features (to explain a line with :meth:`reasons`).

        A clear gate (below 0.1 or above 0.9) runs one regime only.
        """
        g = self.page_probability(rows, indents)
        p_page = p_extract = None
        stack_page = stack_extract = None
        if g > 1.0 - _CLEAR:
            p_page, stack_page = self.scores(rows, "page")
        if g < _CLEAR:
            p_extract, stack_extract = self.scores(rows, "extract")
        p, cutoff, regime = self.combine(g, p_page, p_extract)
        stack = stack_page if regime == "page" else stack_extract
        assert stack is not None
        return p, cutoff, regime, stack

    def combine(
        self, g: float, p_page: Sequence[float] | None, p_extract: Sequence[float] | None
    ) -> tuple[list[float], Cutoff, str]:
        """The decision rule: from the gate's *g* and each regime's p(content) per row (None where
        the gate is clear and the regime was not scored), return the p(content) to compare with the
        cut-off, the :class:`Cutoff` and the leading regime."""
        page_cut, extract_cut = self.regimes["page"][2], self.regimes["extract"][2]
        if g >= _CLEAR and p_page is not None:
            return list(p_page), page_cut, "page"
        if g <= 1.0 - _CLEAR and p_extract is not None:
            return list(p_extract), extract_cut, "extract"
        if p_page is None or p_extract is None:
            raise ValueError("both regimes' scores are needed where the gate is not clear")
        blended = [g * a + (1.0 - g) * b for a, b in zip(p_page, p_extract)]
        threshold = Cutoff.blend([(g, page_cut), (1.0 - g, extract_cut)])
        return blended, threshold, "page" if g >= 0.5 else "extract"

    def scores(self, rows: Sequence[list[float]], regime: str) -> tuple[list[float], StackFeatures]:
        """Return p(content) per row under *regime*, and the stage-two features behind them.

        No stage-two row is built (:meth:`BoostedTrees.stacked_probabilities`): only the
        stage-one scores are kept for the whole document.
        """
        stage1, stage2, _ = self.regimes[regime]
        stack = StackFeatures(stage1.probabilities(rows))
        return stage2.stacked_probabilities(rows, stack), stack

    def reasons(self, row: Sequence[float], stack: Sequence[float], regime: str, top: int = 2) -> list[str]:
        """Descriptions of the features that pushed a line hardest towards dropping, from its
        stage-one *row* and its stage-two *stack* features (:class:`StackFeatures`)."""
        contributions = self.regimes[regime][1].contributions([*row, *stack])
        for i in self._not_reasons:  # facts of the whole document explain no single line
            contributions[i] = 0.0
        out: list[str] = []
        for i in heapq.nsmallest(top + 2, range(len(contributions)), key=contributions.__getitem__):
            if contributions[i] >= 0 or len(out) >= top:
                break
            name = self.names2[i]
            text = _DESCRIPTIONS.get(name, name.replace("_", " "))
            if text not in out:
                out.append(text)
        return out


def model_rows(
    kept: Sequence[Line], gaps: Sequence[bool], lexicon: Lexicon, memo: LineMemo | None = None,
    words: WordScores | None = None,
) -> list[list[float]]:
    """Stage-one inputs (:data:`MODEL_FEATURES`) for the *kept* lines of a document and their
    *gaps* (:meth:`Document.kept_gaps <cleanwire.document.Document.kept_gaps>`) under the model's
    word scores *words* (:attr:`LayoutModel.words`); *memo* as
    :func:`~cleanwire.features.line_features` takes it (one per *lexicon* and *words*)."""
    return line_features(kept, lexicon, gaps, memo, words)


_WINDOWS = (1, 2, 4, 8)


class StackFeatures:
    """Stage-two features of any line, from the stage-one scores *p* of all lines (running sums
    computed once).

    Example:
        >>> [round(v, 2) for v in StackFeatures([1.0, 0.0, 1.0]).row(1)]
        [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    """

    def __init__(self, p: Sequence[float]) -> None:
        self.p = p
        self.cum = list(accumulate(p, initial=0.0))  # cum[k + 1] = cum[k] + p[k], left to right

    def row(self, index: int) -> list[float]:
        """The stage-two features of line *index*: its own score, then the mean scores of the
        lines within 1, 2, 4 and 8 lines of it, of the 3 lines above and below, and of all lines
        above and below (:data:`STACK_NAMES`)."""
        return _stack(self.p, self.cum, len(self.p), index)

    def columns(self, which: Iterable[int]) -> list[list[float]]:
        """The stage-two features numbered *which* (in :data:`STACK_NAMES`) of every line, one
        list per feature: the floats of :meth:`row`, worked out a column at a time.

        Example:
            >>> view = StackFeatures([1.0, 0.0, 1.0, 0.5])
            >>> view.columns([1, 8]) == [[view.row(i)[k] for i in range(4)] for k in (1, 8)]
            True
        """
        p, cum = self.p, self.cum
        n = len(p)
        # rows near either end, where a window is cut short, take the formulas of row()
        edge = {i: _stack(p, cum, n, i) for i in (*range(min(_EDGE, n)), *range(max(n - _EDGE, _EDGE), n))}
        out: list[list[float]] = []
        for k in which:
            if k == 0:
                out.append(list(p))
                continue
            start, stop = _interior(k, n)
            if start >= stop:
                out.append([edge[i][k] for i in range(n)])
                continue
            column = [edge[i][k] for i in range(start)]
            column += _interior_values(k, p, cum, n, start, stop)
            column += [edge[i][k] for i in range(stop, n)]
            out.append(column)
        return out


# Rows within this many lines of either end of a document are worked out one by one in
# StackFeatures.columns (the widest window reaches 8 lines).
_EDGE = 9


def _interior(k: int, n: int) -> tuple[int, int]:
    """The ``[start, stop)`` range of lines whose stack feature *k* has the full window of
    :data:`_STACK_SOURCE`'s formula (its bounds and divisor not cut at an end), in *n* lines."""
    if 1 <= k <= len(_WINDOWS):
        w = _WINDOWS[k - 1]
        return w, n - w
    return {5: (3, n), 6: (0, n - 3), 7: (2, n), 8: (0, n - 2)}[k]


def _interior_values(k: int, p: Sequence[float], cum: Sequence[float], n: int, start: int, stop: int) -> list[float]:
    """Stack feature *k* of lines ``start`` to ``stop - 1`` (see :func:`_interior`): the formulas
    of :data:`_STACK_SOURCE` with the bounds and divisors they take there (the same floats)."""
    if k <= len(_WINDOWS):
        w = _WINDOWS[k - 1]
        # lo = i - w, hi = i + w + 1, divisor hi - lo - 1 = 2w
        d = 2 * w
        highs, lows = cum[start + w + 1:stop + w + 1], cum[start - w:stop - w]
        return [(a - b - c) / d for a, b, c in zip(highs, lows, p[start:stop])]
    if k == 5:  # lo = i - 3, divisor 3
        return [(a - b) / 3 for a, b in zip(cum[start:stop], cum[start - 3:stop - 3])]
    if k == 6:  # hi = i + 4, divisor 3
        return [(a - b) / 3 for a, b in zip(cum[start + 4:stop + 4], cum[start + 1:stop + 1])]
    if k == 7:  # divisor i
        return [c / i for c, i in zip(cum[start:stop], range(start, stop))]
    last = cum[n]  # k == 8: divisor n - i - 1
    return [(last - c) / (n - i - 1) for c, i in zip(cum[start + 1:stop + 1], range(start, stop))]


# The stack features of line i (its score pi = p[i], running sums cum, n lines) as statements
# that set {v}, one per name of STACK_NAMES: the one definition of them, compiled into _stack
# (StackFeatures.row, training, and the lines near the ends in StackFeatures.columns; the
# columns' other lines take the same expressions with their bounds written out, so all give
# the same floats). Bounds are conditional expressions, not min()/max() calls.
_STACK_SOURCE: tuple[str, ...] = (
    "{v} = pi",
    *(f"lo = i - {w} if i > {w} else 0; hi = i + {w + 1} if i + {w + 1} < n else n; "
      "{v} = (cum[hi] - cum[lo] - pi) / (hi - lo - 1 if hi - lo - 1 > 1 else 1)" for w in _WINDOWS),
    "lo = i - 3 if i > 3 else 0; {v} = (cum[i] - cum[lo]) / (i - lo if i - lo > 1 else 1)",
    "hi = i + 4 if i + 4 < n else n; {v} = (cum[hi] - cum[i + 1]) / (hi - i - 1 if hi - i - 1 > 1 else 1)",
    "{v} = cum[i] / (i if i > 1 else 1)",
    "{v} = (cum[n] - cum[i + 1]) / (n - i - 1 if n - i - 1 > 1 else 1)",
)


def _compile_stack() -> Callable[[Sequence[float], Sequence[float], int, int], list[float]]:
    """The function ``_stack(p, cum, n, i)``: the stage-two features of line *i*, the statements
    of :data:`_STACK_SOURCE` in order."""
    names = [f"s{k}" for k in range(len(_STACK_SOURCE))]
    body = "".join(f"    {code.format(v=name)}\n" for code, name in zip(_STACK_SOURCE, names))
    source = f"def _stack(p, cum, n, i):\n    pi = p[i]\n{body}    return [{', '.join(names)}]\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, "<cleanwire stack features>", "exec"), namespace)  # noqa: S102 - fixed expressions
    stack: Callable[[Sequence[float], Sequence[float], int, int], list[float]] = namespace["_stack"]
    return stack


_stack = _compile_stack()


def stack_features(p: Sequence[float]) -> list[list[float]]:
    """The stage-two features of every line, as :meth:`StackFeatures.row` gives them (for training).

    Example:
        >>> [round(v, 2) for v in stack_features([1.0, 0.0, 1.0])[1]]
        [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    """
    view = StackFeatures(p)
    return [view.row(i) for i in range(len(p))]


_CLEAR = 0.9
_GUARD_SHARE = 0.3
_GUARD_MIN_WORDS = 5
_MIN_LINES = 5
_EPSILON = 1e-6  # p(content) and cut-offs are held inside [_EPSILON, 1 - _EPSILON] for their log-odds
_lock = threading.Lock()
_model: LayoutModel | None = None


def load_model() -> LayoutModel:
    """Load the shipped model once (thread-safe) from the package's ``models/layout.json``."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                package = resources.files(__package__.rpartition(".")[0])
                text = package.joinpath("models").joinpath("layout.json").read_text(encoding="utf-8")
                _model = LayoutModel(json.loads(text))
    return _model


def margin(p: float, cut: float) -> float:
    """How far p(content) *p* is above the cut-off *cut*, in log-odds (negative below it).

    Example:
        >>> round(margin(0.5, 0.5), 6), margin(0.2, 0.5) < 0 < margin(0.8, 0.5)
        (0.0, True)
    """
    p = min(max(p, _EPSILON), 1.0 - _EPSILON)
    cut = min(max(cut, _EPSILON), 1.0 - _EPSILON)
    return log(p / (1.0 - p)) - log(cut / (1.0 - cut))


def fill_dips(dropped: Sequence[bool], margins: Sequence[float], price: float) -> list[bool]:
    """*dropped* with every dip inside kept text filled: a run of dropped lines that has a kept
    line above and below it stays when its *margins* (:func:`margin`, summed from the top)
    add up to at least ``-price``. A subheading or a short paragraph the model doubts, between
    paragraphs it keeps, stays with them; cruft at the edges of the text is judged line by line.

    Example:
        >>> fill_dips([False, True, True, False, True], [3.0, -0.5, -1.0, 2.0, -0.1], 2.0)
        [False, False, False, False, True]
        >>> fill_dips([False, True, False], [3.0, -2.5, 3.0], 2.0)
        [False, True, False]
    """
    out = list(dropped)
    n = len(out)
    i = 0
    while i < n:
        if not dropped[i]:
            i += 1
            continue
        j = i
        total = 0.0
        while j < n and dropped[j]:
            total += margins[j]
            j += 1
        if i > 0 and j < n and total >= -price:
            out[i:j] = [False] * (j - i)
        i = j
    return out


def title_index(kept: Sequence[Line]) -> int:
    """0 when the first of the *kept* lines is a headline directly above prose, else -1.

    The rules have already removed section labels, bylines and dates there; text that
    starts with a headline-like line (short, capitalised, no sentence punctuation) and
    goes straight on to prose starts with the article's title, which is content and never
    the model's to drop. (Further down a page dump, a line above the first paragraph is
    as often a menu item or a teaser as the title: there the model decides.)

    Example:
        >>> from cleanwire.document import Document
        >>> text = "River bursts its banks\\nThe river burst its banks overnight, flooding the old town centre."
        >>> doc = Document.from_text(text)
        >>> title_index(doc.lines), title_index(doc.lines[1:])
        (0, -1)
    """
    if len(kept) >= 2 and is_prose(kept[1]) and is_headline_like(kept[0]):
        return 0
    return -1


def drops(kept: Sequence[Line], probabilities: Sequence[float], cutoff: Callable[[int], float],
          fill: float, rescue: tuple[float, float] | None = None) -> list[bool]:
    """Which of the *kept* lines go: those whose p(content) is below *cutoff* for their length,
    but for the guarded ones (a line with a large share of the document's words, the title of
    :func:`title_index`), and with the dips between kept lines filled at price *fill*
    (:func:`fill_dips`; 0: none). With *rescue* ``(share, factor)`` (:attr:`LayoutModel.rescue`),
    when that would keep less than *share* of the words, every cut-off is multiplied by *factor*
    and the lines are decided again.

    Example:
        >>> from cleanwire.document import Document
        >>> lines = Document.from_text("Menu\\nSign in\\nOak tables in stock\\nAsh chairs in stock").lines
        >>> drops(lines, [0.1, 0.6, 0.3, 0.3], lambda words: 0.5, 0.0)
        [True, False, True, True]
        >>> drops(lines, [0.1, 0.1, 0.3, 0.3], lambda words: 0.5, 0.0, rescue=(0.2, 0.5))
        [True, True, False, False]
    """
    dropped = _drops(kept, probabilities, cutoff, fill)
    if rescue is not None and any(dropped):
        share, factor = rescue
        if sum(line.words for line, d in zip(kept, dropped) if not d) < share * sum(line.words for line in kept):
            dropped = _drops(kept, probabilities, lambda words: cutoff(words) * factor, fill)
    return dropped


def _drops(kept: Sequence[Line], probabilities: Sequence[float], cutoff: Callable[[int], float],
           fill: float) -> list[bool]:
    # A line that carries a large share of the document's words is never the model's to drop:
    # a page squeezed into a few lines must not vanish whole.
    guard = max(_GUARD_MIN_WORDS, _GUARD_SHARE * sum(line.words for line in kept))
    title = title_index(kept)
    # The cut-off depends on the word count alone: worked out once per count, not once per line.
    cut = {words: cutoff(words) for words in {line.words for line in kept}}
    dropped = [p < cut[line.words] and line.words < guard and i != title
               for i, (line, p) in enumerate(zip(kept, probabilities))]
    if fill > 0.0 and any(dropped):  # fill_dips reads the margins of dropped lines only
        margins = [margin(p, cut[line.words]) if d else 0.0 for line, p, d in zip(kept, probabilities, dropped)]
        dropped = fill_dips(dropped, margins, fill)
    return dropped


class LayoutClassifier:
    """Drops the kept lines that the learned block classifier scores as boilerplate.

    ``threshold`` overrides the model's own cut-off on p(content): lower keeps
    more, higher drops more. ``model`` accepts another :class:`LayoutModel`.
    """

    name: ClassVar[str] = "layout"

    def __init__(self, threshold: float | None = None, model: LayoutModel | None = None) -> None:
        self.threshold = threshold
        self.model = model

    def __repr__(self) -> str:
        return f"LayoutClassifier(threshold={self.threshold!r})"

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Score every kept line and drop those below the threshold, with the model's reasons."""
        kept, gaps = doc.kept_gaps()
        if len(kept) < _MIN_LINES:
            return  # too little context to judge layout: the rules have had their say
        model = self.model or load_model()
        # What a line's text alone gives is worked out once per document and lexicon, not again
        # in each settle round (doc.cache is shared with the pipeline's views).
        memo = doc.cache.get("layout")
        if memo is None or memo[0] is not lexicon or memo[1] is not model.words:
            memo = doc.cache["layout"] = (lexicon, model.words, LineMemo())
        features = model_rows(kept, gaps, lexicon, memo[2], model.words)
        probabilities, cutoff, regime, stack = model.decide(features, [line.indent for line in kept])
        if self.threshold is not None:
            cutoff = Cutoff(self.threshold)
        # a user's threshold is taken as given: no second look
        dropped = drops(kept, probabilities, cutoff, model.fill, model.rescue if self.threshold is None else None)
        for i, (line, p) in enumerate(zip(kept, probabilities)):
            if dropped[i]:
                reason = f"p(content)={p:.2f} ({regime})"
                if doc.explain:
                    why = ", ".join(model.reasons(features[i], stack.row(i), regime))
                    reason += "; " + (why or "low score")
                doc.drop(line, self.name, reason)
