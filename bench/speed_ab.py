#!/usr/bin/env python3
"""Page-text speed of builds side by side: CPU time of ``clean()`` in alternated fresh processes.

Each build is a copy of ``src`` given as ``LABEL=PATH[:NAME=VALUE,...]``, as for
``bench/memory_ab.py`` (an old commit's Python engine: ``git archive COMMIT src | tar -x -C DIR``).
Every round starts one fresh process per build, in the order given; the process cleans the first
``--limit`` page texts of the development corpus once to warm up, then ``--passes`` times, and
reports its best pass as MB/s of CPU time (``time.process_time``). Builds run alternately so
that a machine's slow minutes fall on all of them; compare them round by round.

usage (from the project root)::

    mkdir -p /tmp/old && git archive 1d785e3 src | tar -x -C /tmp/old
    .venv/bin/python bench/speed_ab.py --engine python old=/tmp/old/src now=src
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory_ab import parse_build  # noqa: E402

BENCH = Path(__file__).resolve().parent

_PROBE = """
import json, sys, time
sys.path.insert(0, {bench!r})
import _corpus
import cleanwire
texts = [r["inputs"]["page_text"] for r in _corpus.load_records() if r["inputs"].get("page_text")][:{limit}]
mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
for t in texts:
    cleanwire.clean(t)
best = float("inf")
for _ in range({passes}):
    t0 = time.process_time()
    for t in texts:
        cleanwire.clean(t)
    best = min(best, time.process_time() - t0)
print(json.dumps({{"engine": getattr(cleanwire, "ENGINE", "python"), "mb_s": mb / best}}))
"""


def run_build(path: str, env: dict[str, str], engine: str, limit: int, passes: int) -> dict[str, object]:
    """MB/s of one fresh process on the build at *path* (its ``src``), with *env* added."""
    full_env = dict(os.environ, **env, PYTHONPATH=path, CLEANWIRE_ENGINE=engine)
    probe = _PROBE.format(bench=str(BENCH), limit=limit, passes=passes)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=full_env, check=True)
    got: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("builds", nargs="+", help="LABEL=PATH[:NAME=VALUE,...]: a copy of src, and its environment")
    ap.add_argument("--rounds", type=int, default=3, help="fresh-process runs per build (default 3)")
    ap.add_argument("--engine", default="native", choices=("native", "python"))
    ap.add_argument("--limit", type=int, default=120, help="page texts (default 120)")
    ap.add_argument("--passes", type=int, default=2, help="timed passes per process; the best counts (default 2)")
    a = ap.parse_args(argv)
    builds = [parse_build(b) for b in a.builds]
    speeds: dict[str, list[float]] = {label: [] for label, _, _ in builds}
    for i in range(a.rounds):
        for label, path, env in builds:
            got = run_build(path, env, a.engine, a.limit, a.passes)
            if got["engine"] != a.engine:
                raise SystemExit(f"{label}: engine {got['engine']} ran, not {a.engine}")
            speeds[label].append(float(got["mb_s"]))  # type: ignore[arg-type]
        print(f"round {i + 1}: " + ", ".join(f"{k} {v[-1]:.3f} MB/s" for k, v in speeds.items()), flush=True)
    print(f"\nclean() of {a.limit} page texts, {a.engine} engine, CPU time, medians of {a.rounds} rounds:")
    for label, values in speeds.items():
        print(f"  {label:<12} {statistics.median(values):.3f} MB/s  (min {min(values):.3f}, max {max(values):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
