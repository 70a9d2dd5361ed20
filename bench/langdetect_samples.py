#!/usr/bin/env python3
"""Write the texts that reach langdetect when the short texts of ``bench/speed.py`` are cleaned.

``bench/speed.py`` times 3,000 short texts (paragraphs of the development corpus' page texts,
joined up to 300 characters). The stop-word vote settles most of their languages; this writes
the joined samples of the others, one per line, as the Python engine hands them to langdetect
(``cleanwire.lang._langdetect``), for timing the native port alone::

    .venv/bin/python bench/langdetect_samples.py /tmp/ld_samples.txt
    cd native/langdetect && cargo run --release --example timing -- \
        "$(../../.venv/bin/python -c 'import langdetect, os; print(os.path.dirname(langdetect.__file__))')/profiles" \
        /tmp/ld_samples.txt

Reads the corpus' ``inputs`` only, never the gold.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["CLEANWIRE_ENGINE"] = "python"  # the Python engine calls lang._langdetect

import _corpus  # noqa: E402
import speed  # noqa: E402

import cleanwire  # noqa: E402
from cleanwire import lang  # noqa: E402


def samples(texts: list[str]) -> list[str]:
    """The joined samples that cleaning *texts* sends to langdetect, in order."""
    got: list[str] = []
    original = lang._langdetect

    def record(joined: str, default: str) -> str:
        got.append(joined)
        return original(joined, default)

    lang._langdetect = record
    try:
        for text in texts:
            cleanwire.clean(text)
    finally:
        lang._langdetect = original
    return got


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    short = speed.short_texts(_corpus.load_records(), 3000)
    got = samples(short)
    Path(args[0]).write_text("".join(g.replace("\n", " ") + "\n" for g in got), encoding="utf-8")
    print(f"{len(got)} of {len(short)} short texts reach langdetect; written to {args[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
