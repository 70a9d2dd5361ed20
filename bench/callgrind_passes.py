"""Driver for instruction counts of the native engine under callgrind (repeatable on a busy machine).

Warms up (five texts of the set and one Russian sentence: lexicons compiled, tables loaded), then
cleans every text of the set PASSES times. The instructions of one warm pass inside the engine's
pipeline run (``pipeline::Plan::run`` in Rust, which ``Plan.run`` and ``Plan.clean`` both call;
``clean()`` takes ``Plan.clean``) are the count with PASSES=2 minus the count with PASSES=1::

    for n in 1 2; do
      PYTHONHASHSEED=0 valgrind --tool=callgrind --toggle-collect='*pipeline::Plan::run*' \\
          --callgrind-out-file=/tmp/cg.$n.out .venv/bin/python bench/callgrind_passes.py short $n
      grep -E '^(summary|totals):' /tmp/cg.$n.out | head -1
    done

Without ``--toggle-collect`` the same difference counts whole ``clean()`` calls (the Python
wrapper, the repair check and the call itself included).

Sets: ``short`` (the 3,000 short texts of ``bench/speed.py``), ``page`` (the first 80 page texts of
the development corpus), ``nonascii`` (lines beyond ASCII: the texts of ``fixtures/multilingual``
and the page texts of the development corpus most of whose lines hold a character beyond ASCII),
``code`` (the 0.2 MB code sample of the pathological inputs). Comparing two
builds: run the same commands with ``PYTHONPATH`` pointing at each build's copy of ``src``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import _corpus  # noqa: E402
import speed  # noqa: E402

import cleanwire  # noqa: E402


def mostly_non_ascii(text: str) -> bool:
    """Whether most of the non-empty lines of *text* hold a character beyond ASCII."""
    lines = [line for line in text.splitlines() if line.strip()]
    return 2 * sum(not line.isascii() for line in lines) > len(lines)


def texts_of(name: str) -> list[str]:
    """The texts of set *name* (``short``, ``page``, ``nonascii`` or ``code``)."""
    if name == "code":
        return [speed.pathological_inputs(0.2)["code sample"]]
    records = _corpus.load_records()
    if name == "short":
        return speed.short_texts(records, 3000)
    pages = [r["inputs"]["page_text"] for r in records if r["inputs"].get("page_text")]
    if name == "nonascii":
        fixtures = sorted((ROOT / "fixtures" / "multilingual").glob("*.txt"))
        return [f.read_text(encoding="utf-8") for f in fixtures] + [t for t in pages if mostly_non_ascii(t)]
    return pages[:80]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set", choices=("short", "page", "nonascii", "code"))
    ap.add_argument("passes", type=int, nargs="?", default=0, help="passes over the set after warm-up")
    a = ap.parse_args(argv)
    texts = texts_of(a.set)
    for t in texts[:5]:
        cleanwire.clean(t)
    cleanwire.clean("Правительство страны приняло сегодня новые правила дорожного движения, "
                    "которые вступят в силу в понедельник утром.")
    for _ in range(a.passes):
        for t in texts:
            cleanwire.clean(t)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
