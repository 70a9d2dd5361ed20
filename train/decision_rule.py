"""Choose the layout model's cut-offs on held-out probabilities, with content loss costing more.

The harness (train/harness.py) scores every document with a model that never saw its
site; this module takes those out-of-fold probabilities and searches the cut-offs of
the decision rule (the page regime's cut-off for short and for long lines, the extract
regime's cut-off, and a shift of the gate towards the page regime) for the lowest cost

    cost = LOSS_WEIGHT * (words of content dropped) + (words of cruft kept)

summed over the documents, each document's words weighted so that every document counts
the same (a long page does not outvote a short one). Line labels are the training
labels (train/labels.py), the rules' own drops are outside the count (they are the same
for every rule), and the guards of LayoutClassifier (a line holding a large share of the
words, the title) apply as in the library.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

LOSS_WEIGHT = 2.0
"""How many words of cruft kept one word of content lost is worth."""

GRID = {
    "page_short": (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6),
    "page_long": (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
    "extract": (0.05, 0.1, 0.15, 0.2, 0.25),
    "gate_bias": (-1.0, -0.5, 0.0, 0.5, 1.0, 2.0),
}
SHORT_WORDS = 25
CLEAR = 0.9


@dataclass
class Held:
    """Out-of-fold facts of the lines of many documents, flat, with per-document ids."""

    doc: np.ndarray  # document index of each line
    z: np.ndarray  # the gate's log-odds of each line's document
    p_page: np.ndarray
    p_extract: np.ndarray
    words: np.ndarray
    y: np.ndarray
    guarded: np.ndarray  # kept whatever the cut-off (guards), or too short a document to judge
    weight: np.ndarray  # per line: 1 / (words of its document)


def collect(items: list[tuple[dict, float, dict[str, np.ndarray], list[int], list[bool]]]) -> Held:
    """*items*: per document (doc, gate probability, regime scores, words per line, guarded per line)."""
    doc, z, pp, pe, words, y, guarded, weight = [], [], [], [], [], [], [], []
    for i, (d, g, ps, w, guard) in enumerate(items):
        n = len(d["y"])
        g = min(max(g, 1e-9), 1 - 1e-9)
        doc.append(np.full(n, i))
        z.append(np.full(n, math.log(g / (1 - g))))
        pp.append(np.asarray(ps["page"]))
        pe.append(np.asarray(ps["extract"]))
        words.append(np.asarray(w, dtype=float))
        y.append(np.asarray(d["y"]))
        guarded.append(np.asarray(guard))
        weight.append(np.full(n, 1.0 / max(1, sum(w))))
    cat = np.concatenate
    return Held(cat(doc), cat(z), cat(pp), cat(pe), cat(words), cat(y), cat(guarded), cat(weight))


def keep(h: Held, page_short: float, page_long: float, extract: float, gate_bias: float) -> np.ndarray:
    """Which lines the rule keeps (the blend of LayoutModel.combine, with the gate shifted)."""
    g = 1.0 / (1.0 + np.exp(-(h.z + gate_bias)))
    page_cut = np.where(h.words <= SHORT_WORDS, page_short, page_long)
    p = np.where(g >= CLEAR, h.p_page, np.where(g <= 1 - CLEAR, h.p_extract, g * h.p_page + (1 - g) * h.p_extract))
    cut = np.where(g >= CLEAR, page_cut, np.where(g <= 1 - CLEAR, extract, g * page_cut + (1 - g) * extract))
    return (p >= cut) | h.guarded


def cost(h: Held, kept: np.ndarray, loss_weight: float = LOSS_WEIGHT) -> tuple[float, float, float]:
    """(cost, share of content words lost, share of cruft words kept), each document weighted equally."""
    w = h.words * h.weight
    lost = float(np.sum(w * ((h.y == 1) & ~kept)))
    stays = float(np.sum(w * ((h.y == 0) & kept)))
    content = float(np.sum(w * (h.y == 1))) or 1.0
    cruft = float(np.sum(w * (h.y == 0))) or 1.0
    return loss_weight * lost + stays, lost / content, stays / cruft


def search(h: Held, loss_weight: float = LOSS_WEIGHT) -> list[tuple[float, dict[str, float], float, float]]:
    """Every rule of the grid with its cost, cheapest first."""
    out = []
    names = tuple(GRID)
    for values in itertools.product(*(GRID[n] for n in names)):
        rule = dict(zip(names, values))
        c, lost, stays = cost(h, keep(h, **rule), loss_weight)
        out.append((c, rule, lost, stays))
    out.sort(key=lambda t: t[0])
    return out
