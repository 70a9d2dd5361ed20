#!/usr/bin/env python3
"""Peak resident memory of builds side by side: ``bench/speed.py``'s measurement, interleaved.

Each build is a copy of ``src`` (with its own ``cleanwire/_native*.so``) given as
``LABEL=PATH``; ``LABEL=PATH:NAME=VALUE,...`` also sets environment variables for that build's
processes. Every round runs ``speed.peak_resident`` (a fresh process: VmHWM after ``clean()`` of
the large document minus VmHWM after the warm-up calls) once per build, in the order given, and
the medians over the rounds are printed. The figure is noisy (a few hundred kB from run to run),
so compare medians of seven rounds or more, never single runs. The document is the one
``bench/speed.py`` measures (the corpus page texts joined until ``--memory-mb``).

usage (from the project root; keep a copy of the old build's ``src`` elsewhere first)::

    cp -a src /tmp/before-src            # before rebuilding
    .venv/bin/pip install -e .           # the build to compare
    .venv/bin/python bench/memory_ab.py --rounds 7 before=/tmp/before-src after=src
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402
import speed  # noqa: E402


def parse_build(arg: str) -> tuple[str, str, dict[str, str]]:
    """``LABEL=PATH[:NAME=VALUE,...]`` as (label, path, environment)."""
    label, sep, rest = arg.partition("=")
    if not sep or not label or not rest:
        raise SystemExit(f"expected LABEL=PATH[:NAME=VALUE,...], got {arg!r}")
    path, _, envs = rest.partition(":")
    env = dict(e.split("=", 1) for e in envs.split(",") if e)
    return label, str(Path(path).resolve()), env


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("builds", nargs="+", help="LABEL=PATH[:NAME=VALUE,...]: a copy of src, and its environment")
    ap.add_argument("--rounds", type=int, default=7, help="fresh-process runs per build (default 7)")
    ap.add_argument("--engine", default="native", choices=("native", "python"))
    ap.add_argument("--memory-mb", type=float, default=2.0, help="size of the large document (default 2 MB)")
    a = ap.parse_args(argv)
    builds = [parse_build(b) for b in a.builds]
    text = speed.large_document(_corpus.load_records(), a.memory_mb)
    nbytes = len(text.encode("utf-8"))
    added: dict[str, list[int]] = {label: [] for label, _, _ in builds}
    saved = dict(os.environ)
    try:
        for i in range(a.rounds):
            for label, path, env in builds:
                os.environ.clear()
                os.environ.update(saved)
                os.environ.update(env)
                os.environ["PYTHONPATH"] = path
                got = speed.peak_resident(text, a.engine)
                if got["engine"] != a.engine:
                    raise SystemExit(f"{label}: engine {got['engine']} ran, not {a.engine}")
                added[label].append(got["peak"] - got["base"])
            print(f"round {i + 1}: " + ", ".join(f"{k} +{v[-1] / 1e6:.2f} MB" for k, v in added.items()), flush=True)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    print(f"\none clean() of a {nbytes / 1e6:.2f} MB document, {a.engine} engine, medians of {a.rounds} rounds:")
    for label, values in added.items():
        m = statistics.median(values)
        print(f"  {label:<12} +{m / 1e6:.2f} MB = {m / nbytes:.2f}x  "
              f"(min {min(values) / 1e6:.2f}, max {max(values) / 1e6:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
