"""Two layout model files against each other: the default pipeline's speed on page texts with each.

Runs the Python engine's pipeline (the layout cleaner's model replaced by each file in turn) over
the first N page texts of the development corpus, interleaved, best of ROUNDS rounds, CPU time::

    git show 36380a3:src/cleanwire/models/layout.json > /tmp/old.json
    CLEANWIRE_ENGINE=python .venv/bin/python bench/layout_model_speed.py /tmp/old.json src/cleanwire/models/layout.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402

from cleanwire import Pipeline  # noqa: E402
from cleanwire.cleaners.layout import LayoutModel  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+", type=Path, help="layout model files (models/layout.json format)")
    ap.add_argument("--limit", type=int, default=120, help="page texts (default 120)")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    texts = [r["inputs"]["page_text"] for r in _corpus.load_records() if r["inputs"].get("page_text")][:a.limit]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    pipes = {}
    for path in a.models:
        pipe = Pipeline.preset("default")
        for cleaner in pipe.cleaners:
            if cleaner.name == "layout":
                cleaner.model = LayoutModel(json.loads(path.read_text(encoding="utf-8")))  # type: ignore[attr-defined]
        pipes[str(path)] = pipe
    best = dict.fromkeys(pipes, float("inf"))
    for _ in range(a.rounds):
        for name, pipe in pipes.items():
            t0 = time.process_time()
            for text in texts:
                pipe.clean(text)
            best[name] = min(best[name], time.process_time() - t0)
    for name, seconds in best.items():
        print(f"{name}: {mb / seconds:.3f} MB/s ({len(texts)} page texts, {mb:.2f} MB, best of {a.rounds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
