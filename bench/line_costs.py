#!/usr/bin/env python3
"""Per-line cost of the learned layout model's parts against the C4 line filter's whole run.

The same page texts as bench/speed.py (the first 300 by default), best of 3
rounds, CPU time of one process: the C4 line filter over the whole texts, then
cleanwire's splitting into Line objects, the layout features of every line, and
both stages of one regime's trees. It shows how much of the C4 filter's budget
per line the pure-Python model alone takes.

usage (from the project root; needs the bench extra for datatrove):
  .venv/bin/python bench/line_costs.py [--limit N]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402

from cleanwire.cleaners.layout import load_model, model_rows  # noqa: E402
from cleanwire.document import Document  # noqa: E402
from cleanwire.features import line_features  # noqa: E402
from cleanwire.lexicon import lexicon_for  # noqa: E402


def best(func: Callable[[], object], rounds: int = 3) -> float:
    """The lowest CPU time of *rounds* calls of *func*."""
    out = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        func()
        out = min(out, time.process_time() - start)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=300, help="documents (default 300)")
    args = ap.parse_args(argv)
    texts = [r["inputs"].get("page_text") or "" for r in _corpus.load_records(limit=args.limit)]
    lexicon = lexicon_for("en")
    model = load_model()
    docs = [Document.from_text(t) for t in texts]
    rows = [model_rows(*d.kept_gaps(), lexicon, words=model.words) for d in docs]
    c4 = _corpus.c4_lines()

    def trees() -> None:  # both stages, as the layout cleaner scores a page
        for doc_rows in rows:
            model.scores(doc_rows, "page")

    lines = sum(len(d.lines) for d in docs)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    timings = [
        ("C4 line filter, whole run", best(lambda: [c4(t) for t in texts])),
        ("cleanwire: split into Line objects", best(lambda: [Document.from_text(t) for t in texts])),
        ("cleanwire: layout features (line_features)",
         best(lambda: [line_features(d.lines, lexicon, scores=model.words) for d in docs])),
        ("cleanwire: layout trees, both stages, one regime", best(trees)),
    ]
    print(f"{len(texts)} docs, {mb:.2f} MB, {lines} non-blank lines, {mb * 1e6 / lines:.0f} bytes per line")
    for name, seconds in timings:
        print(f"{name:50} {seconds:6.2f} s  {seconds / lines * 1e6:5.2f} us/line  {mb / seconds:6.1f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
