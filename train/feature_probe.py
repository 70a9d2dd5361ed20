"""Probe whether candidate line features add to the layout model's page regime: minutes, not the harness's hour.

    pip install -e '.[train]'
    python train/feature_probe.py --cache-dir /tmp/cw                          # every probe, one at a time
    python train/feature_probe.py --cache-dir /tmp/cw --probes none,word_extremes+first_word

Each probe computes extra columns per line from the line texts and the fold's word table; a
run (``a+b``: probes a and b together; ``none``: the model's own features only) appends them to
the line features. Over five domain folds (train/labels.py's ``fold_of``): the word score table
(train/word_table.py) is learned on the page texts of the other four folds, the page regime's
two stages are fitted on those page texts (train_layout.fit_regime, the shipped tree settings),
and the held-out fold's articles' page texts are scored line by line against their training
labels (train/labels.py). A line is kept when its p(content) reaches the decision rule's page
cut-off for its length (train_layout.RULE); each held-out document's word-weighted precision,
recall, F1 and share of kept words that are cruft are averaged over the documents.

This is a proxy for the harness's cross-validated page-text figures: no rules, gate, fill of
dips, settle rounds, transplant or enciphered training pages, and no reference scorer. Use it to
choose which features deserve the harness (train/harness.py --choose); its differences of about
0.001 in F1 are noise of one fit against another. Used only at training time: nothing here is
read by the library.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import regex as re

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import tables  # noqa: E402
import train_layout  # noqa: E402
import word_table  # noqa: E402
from labels import FOLDS, fold_of, load  # noqa: E402

from cleanwire.cleaners.layout import stack_features  # noqa: E402
from cleanwire.features import WordScores  # noqa: E402

Doc = dict[str, Any]
Bigrams = dict[tuple[str, str], float]
Probe = Callable[[Doc, WordScores, Bigrams], list[list[float]]]
_ENDS = (".", "!", "?", ":", "\u3002")
_HEADING_REACH = 15


def _scores(d: Doc, words: WordScores) -> list[list[float]]:
    """Per line of *d*, the scores (in log-odds) of its words that *words* holds."""
    table, scale = words.scores, words.scale
    return [[table[w] / scale for w in tokens if w in table] for tokens in word_table.line_words(d)]


def _means(d: Doc, words: WordScores) -> list[float]:
    """Per line of *d*, its word score as the library computes it (``WordScores.line_score``)."""
    return [words.line_score(tokens)[0] for tokens in word_table.line_words(d)]


def word_extremes(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """The largest and the smallest word score of the line (one strong boilerplate word that the
    line's mean dilutes); 0.0 for a line with no scored word."""
    return [[max(v), min(v)] if v else [0.0, 0.0] for v in _scores(d, words)]


def first_word(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """The score of the line's first word (the verb of a call to action: sign, learn, get)."""
    table, scale = words.scores, words.scale
    return [[table.get(tokens[0], 0) / scale if tokens else 0.0] for tokens in word_table.line_words(d)]


def heading_above(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """The mean word score of the nearest short line (six words or fewer, no sentence ending)
    within 15 lines above ("About the author", "More stories"), and log1p of how far up it is
    (log1p(16) without one)."""
    means = _means(d, words)
    rows: list[list[float]] = []
    last = -1
    for i, (tokens, text) in enumerate(zip(word_table.line_words(d), d["texts"])):
        near = last >= 0 and i - last <= _HEADING_REACH
        rows.append([means[last], math.log1p(i - last)] if near else [0.0, math.log1p(_HEADING_REACH + 1)])
        if len(tokens) <= 6 and not text.rstrip().endswith(_ENDS):
            last = i
    return rows


def word_window(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """The mean of the line's word score and those of the three lines on either side."""
    means = _means(d, words)
    n = len(means)
    return [[sum(means[max(0, i - 3):i + 4]) / (min(n, i + 4) - max(0, i - 3))] for i in range(n)]


def bigram_scores(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """Under a table of word pairs learned like the word table (:func:`learn_bigrams`): the
    mean and the largest score of the line's pairs, and the share of its pairs the table holds."""
    rows = []
    for tokens in word_table.line_words(d):
        pairs = list(zip(tokens, tokens[1:]))
        values = [bigrams[p] for p in pairs if p in bigrams]
        rows.append([sum(values) / len(values), max(values), len(values) / len(pairs)] if values else [0.0] * 3)
    return rows


_LINK_GAP = re.compile(r"\w \.|\w ,|\w \)")
_PICTOGRAPH = re.compile(r"\p{Extended_Pictographic}")
_MONEY = re.compile(r"[$\u20ac\u00a3\u00a5%]")


def marks(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """Marks of links and advertising: a word before a space and a full stop, comma or closing
    bracket (where a link's text ended), pictographs (emoji), currency and percent signs, and
    exclamation marks, each counted (up to 3) per line."""
    return [[min(3, len(_LINK_GAP.findall(text))), min(3, len(_PICTOGRAPH.findall(text))),
             min(3, len(_MONEY.findall(text))), min(3, text.count("!"))] for text in d["texts"]]


def _run_stats(d: Doc, words: WordScores, same: list[bool]) -> list[list[float]]:
    """Per line, of the run of lines it belongs to (a line starts a new run where *same* is
    False): log1p of the run's lines, its share of prose lines (eight words or more ending a
    sentence, or 30 words), its mean word score and its share of the document's words."""
    means = _means(d, words)
    tokens = word_table.line_words(d)
    total = sum(len(t) for t in tokens) or 1
    starts = [i for i, s in enumerate(same) if not s or i == 0]
    rows: list[list[float]] = []
    for a, b in zip(starts, [*starts[1:], len(means)]):
        n = b - a
        prose = sum(1 for t, text in zip(tokens[a:b], d["texts"][a:b])
                    if len(t) >= 30 or (len(t) >= 8 and text.rstrip().endswith(_ENDS)))
        stats = [math.log1p(n), prose / n, sum(means[a:b]) / n, sum(len(t) for t in tokens[a:b]) / total]
        rows += [stats] * n
    return rows


def container(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """:func:`_run_stats` of the run of consecutive lines at the line's indentation (the nested
    block a page renderer put it in: a bio, a disclaimer, a teaser rail)."""
    indents = d["indents"]
    return _run_stats(d, words, [i > 0 and indents[i] == indents[i - 1] for i in range(len(indents))])


def paragraph(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """:func:`_run_stats` of the run of lines between blank lines that holds the line."""
    return _run_stats(d, words, [not g for g in d["gaps"]])


def random_column(d: Doc, words: WordScores, bigrams: Bigrams) -> list[list[float]]:
    """The control: two columns of numbers that say nothing (uniform, seeded by the document's
    text). What they move the figures by is the noise of one fit against another."""
    rng = random.Random(zlib.crc32("\n".join(d["texts"]).encode("utf-8", "surrogatepass")))
    return [[rng.random(), rng.random()] for _ in d["texts"]]


PROBES: dict[str, Probe] = {
    "word_extremes": word_extremes, "first_word": first_word, "heading_above": heading_above,
    "word_window": word_window, "bigram_scores": bigram_scores, "random_column": random_column,
    "marks": marks, "container": container, "paragraph": paragraph,
}
"""The candidate features, by name."""


def learn_bigrams(docs: Iterable[Doc], min_domains: int = word_table.MIN_DOMAINS) -> Bigrams:
    """The smoothed log-odds that a line holding a word pair is cruft, clipped as the word table's
    scores are, for pairs seen on *min_domains* domains or more."""
    content: dict[tuple[str, str], int] = defaultdict(int)
    cruft: dict[tuple[str, str], int] = defaultdict(int)
    domains: dict[tuple[str, str], set[str]] = defaultdict(set)
    n_content = n_cruft = 0
    for d in docs:
        for tokens, y in zip(word_table.line_words(d), d["y"]):
            counts = content if y else cruft
            n_content += y
            n_cruft += 1 - y
            for pair in set(zip(tokens, tokens[1:])):
                counts[pair] += 1
                seen = domains[pair]
                if len(seen) < min_domains:
                    seen.add(d["domain"])
    clip = word_table.CLIP
    return {pair: max(-clip, min(clip, math.log((cruft[pair] + 1) / (n_cruft + 2))
                                - math.log((content[pair] + 1) / (n_content + 2))))
            for pair, seen in sorted(domains.items()) if len(seen) >= min_domains}


def with_columns(d: Doc, words: WordScores, bigrams: Bigrams, probes: list[Probe]) -> Doc:
    """A copy of table document *d* for fit_regime: its rows with word columns under *words* and
    the *probes*' columns appended."""
    copy = {"X": d["X"], "y": d["y"], "domain": d["domain"], "_words": word_table.line_words(d)}
    word_table.set_columns(copy, words)
    extra = [probe(d, words, bigrams) for probe in probes]
    copy["X"] = [row + [v for columns in extra for v in columns[i]] for i, row in enumerate(copy["X"])]
    return copy


def held_out(stages: tuple[Any, ...], d: Doc) -> tuple[float, float, float, float]:
    """Precision, recall, F1 and kept cruft share (by words) of the page regime's *stages* on *d*."""
    rows = np.asarray(d["X"], dtype=float)
    first = stages[0].predict_proba(rows)[:, 1]
    p = stages[1].predict_proba(np.hstack([rows, np.asarray(stack_features(list(first)), dtype=float)]))[:, 1]
    words = np.array([max(1, len(t)) for t in word_table.line_words(d)], dtype=float)
    y = np.asarray(d["y"], dtype=bool)
    rule = train_layout.RULE
    keep = p >= np.where(words <= train_layout.SHORT_WORDS, rule["page_short"], rule["page_long"])
    tp, fp, fn = words[keep & y].sum(), words[keep & ~y].sum(), words[~keep & y].sum()
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, fp / words.sum()


def run(pages: list[Doc], probes: list[Probe]) -> np.ndarray:
    """Per held-out article page text, over the folds: :func:`held_out`'s four figures."""
    figures = []
    for k in range(FOLDS):
        train = [d for d in pages if fold_of(d["domain"]) != k]
        test = [d for d in pages if fold_of(d["domain"]) == k and d["type"] == "article"]
        words = word_table.learn(train)
        bigrams = learn_bigrams(train) if bigram_scores in probes else {}
        stages = train_layout.fit_regime([with_columns(d, words, bigrams, probes) for d in train])
        figures += [held_out(stages, with_columns(d, words, bigrams, probes)) for d in test]
    return np.array(figures)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--probes", default=",".join(["none", *PROBES]),
                    help="comma-separated runs, each a probe name, several joined by '+', or 'none'; "
                         "probes: " + ", ".join(PROBES))
    ap.add_argument("--cache-dir", type=Path, help="the feature tables' cache (train/harness.py's)")
    a = ap.parse_args(argv)
    runs = [name.split("+") for name in a.probes.split(",")]
    unknown = {p for names in runs for p in names if p != "none" and p not in PROBES}
    if unknown:
        ap.error(f"unknown probes: {', '.join(sorted(unknown))}")
    pages = [d for d in tables.corpus_table(load(), a.cache_dir)
             if d["variant"] == "page_text" and d["X"]]
    print(f"{len(pages)} page texts, {sum(d['type'] == 'article' for d in pages)} of articles scored; "
          f"line labels, page cut-offs {train_layout.RULE['page_short']}/{train_layout.RULE['page_long']}",
          flush=True)
    for names in runs:
        probes = [PROBES[p] for p in names if p != "none"]
        precision, recall, f1, cruft = run(pages, probes).mean(axis=0)
        print(f"{'+'.join(names):<40} P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}  cruft kept {cruft:.4f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
