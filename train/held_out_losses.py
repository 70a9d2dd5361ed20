"""What a model that never saw a page type loses and keeps on it, by the shape of the line.

The harness's ``page-type`` evaluation (train/harness.py) trains one model per page type
without that type and scores its pages. This script does the same for one type and then
reads the layout step's decisions line by line on the type's page texts: of the gold
content lines (the training labels, train/labels.py) and of the other lines, how many words
each shape of line holds and what share of them the model keeps. The shapes are rough
classes of the line's text, for reading the misses, not features of the library:

``listmark``  starts with a list mark (``-``, ``*``, ``+``, ``o``, ``•`` and a space, or a number);
``code``      more than 12 % of its characters are code punctuation, or it ends with a
              brace, parenthesis, semicolon, ``=`` or ``>``, or starts with ``<``, ``{``, ``}``,
              ``]`` or ``)``;
``short``     six words or fewer;
``prose``     the rest.

Usage (from the project root; training takes five to seven minutes on two cores)::

    python train/held_out_losses.py documentation --cache-dir /tmp/cw
    python train/held_out_losses.py service --cache-dir /tmp/cw --examples 30

The model is kept as ``held-TYPE.pkl`` in the cache directory, so a second run only decides.
The first line printed is the harness's figure for the type's page texts (``page_text|all``
of the ``page-type`` evaluation), which the same training reproduces.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
import tables  # noqa: E402
import train_layout  # noqa: E402
from labels import load  # noqa: E402

_LIST_MARK = re.compile(r"^[-*+o•]\s|^\d+(\.\d+)*\.?\s")
_CODE_EDGE = re.compile(r"[{}();=<>]\s*$|^\s*[<{}\])]")
_CODE_CHARS = frozenset("{}()[];=<>\"'/\\$#|&:,._")
SHAPES = ("prose", "short", "listmark", "code")


def shape(text: str) -> str:
    """The rough class of a line's text (see the module's docstring).

    Example:
        >>> [shape(t) for t in ("* Getting started", "rows.push(", "Pricing", "The model keeps it.")]
        ['listmark', 'code', 'short', 'short']
    """
    s = text.strip()
    if _LIST_MARK.match(s):
        return "listmark"
    if sum(c in _CODE_CHARS for c in s) > 0.12 * max(len(s), 1) or _CODE_EDGE.search(s):
        return "code"
    return "short" if len(s.split()) <= 6 else "prose"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("type", help="the page type left out (article, collection, documentation, forum, listing, "
                                 "product, service)")
    ap.add_argument("--cache-dir", type=Path, required=True, help="the harness's feature tables (and this model)")
    ap.add_argument("--examples", type=int, default=0, help="print this many lost content lines, drawn at random")
    a = ap.parse_args(argv)
    records = load()
    gold = {r["id"]: r for r in records}
    corpus = tables.corpus_table(records, a.cache_dir)
    _, train_set = tables.transplant_sets(records, a.cache_dir)
    cipher_set, enciphered = tables.cipher_table(records, a.cache_dir)
    gold.update((r["id"], r) for r in enciphered)
    flat_set = tables.flat_table(records, a.cache_dir) if train_layout.FLAT_GATE else []
    short_set = tables.short_page_table(corpus, a.cache_dir) if train_layout.SHORT_GATE else []
    truth = {d["id"]: gold[d["id"]]["truth"] for d in corpus}
    corpus = [d for d in corpus if d["X"]]
    types = sorted({d["type"] for d in corpus})
    if a.type not in types:
        ap.error(f"no page of type {a.type!r}; the types are {types}")
    train, test, flat = harness.leave_type_out(a.type, corpus, train_set + cipher_set, flat_set + short_set)
    kept_model = a.cache_dir / f"held-{a.type}.pkl"
    if kept_model.exists():
        with kept_model.open("rb") as f:
            fitted = pickle.load(f)
    else:
        t0 = time.time()
        fitted = train_layout.fit_model(train, flat, truth, None)
        print(f"trained on {len(train)} documents in {time.time() - t0:.0f} s", file=sys.stderr)
        with kept_model.open("wb") as f:
            pickle.dump(fitted, f, protocol=pickle.HIGHEST_PROTOCOL)
    model = harness.FoldModel(fitted)
    keeps = model.decide(test)
    figures = harness.summarise_corpus(harness.corpus_rows(zip(test, keeps), gold))["page_text|all"]
    print("page_text, held out:", json.dumps({k: round(v, 4) for k, v in figures.items()}))
    words: dict[int, Counter[str]] = {0: Counter(), 1: Counter()}
    kept: dict[int, Counter[str]] = {0: Counter(), 1: Counter()}
    lost = []
    for d, keep in zip(test, keeps):
        if d["variant"] != "page_text":
            continue
        for y, k, text in zip(d["y"], keep, d["texts"]):
            s, n = shape(text), len(text.split())
            words[y][s] += n
            if k:
                kept[y][s] += n
            elif y == 1:
                lost.append((d["id"], text))
    print(f"{'shape':<9} {'content words':>13} {'kept':>6} {'lost':>6}   {'other words':>11} {'kept':>6}")
    for s in SHAPES:
        c, o = words[1][s], words[0][s]
        print(f"{s:<9} {c:>13} {kept[1][s] / (c or 1):>6.3f} {c - kept[1][s]:>6}   {o:>11} {kept[0][s] / (o or 1):>6.3f}")
    for page, text in random.Random(1).sample(lost, min(a.examples, len(lost))):
        print(f"{page}  {text[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
