#!/usr/bin/env python3
"""Compare the native language detector with ``cleanwire.lang.detect_language`` (the reference).

Two comparisons per text, each counted identical / different:

- ``detect_language``: the native engine's ``Engine.detect_language(sample)`` against the Python
  function on the text's language sample (``pipeline._language_sample``: the longest prose lines);
- ``langdetect``: langdetect alone on the joined sample, the stop-word vote skipped
  (``Engine.langdetect(joined)`` against ``lang._langdetect``, the langdetect library with
  cleanwire's private factory), so that the port of langdetect itself is compared on every text.

The texts: every variant of every page of the development corpus (``inputs`` only, never the
gold), and the short texts of ``bench/speed.py`` (paragraphs joined up to 300 characters, whole
text as the sample and the lines' sample). The documented command::

    .venv/bin/python bench/language_differential.py

``--limit N`` reads the first N pages only. Prints the counts, the time per langdetect call of
each side, the first differences; exits 1 when any differ. Needs the native engine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS, VARIANTS  # noqa: E402
from speed import short_texts  # noqa: E402

import cleanwire  # noqa: E402
from cleanwire import _engine  # noqa: E402
from cleanwire.document import Document  # noqa: E402
from cleanwire.lang import _langdetect, _sample_text, detect_language  # noqa: E402
from cleanwire.pipeline import _language_sample  # noqa: E402


def records(limit: int | None) -> Iterator[dict[str, object]]:
    """The corpus pages' ``id`` and ``inputs`` (the gold text is not read)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            record = json.loads(line)
            yield {"id": record["id"], "inputs": record["inputs"]}


def samples(limit: int | None) -> Iterator[tuple[str, list[str]]]:
    """(name, language sample) of every corpus text and every short text."""
    pages = list(records(limit))
    for page in pages:
        inputs = page["inputs"]
        assert isinstance(inputs, dict)
        for variant in VARIANTS:
            text = inputs.get(variant)
            if isinstance(text, str):
                yield f"{page['id']}:{variant}", _language_sample(Document.from_text(text).lines)
    for i, text in enumerate(short_texts(pages, 100_000)):  # type: ignore[arg-type]
        yield f"short{i}", [text]
        yield f"short{i}:lines", _language_sample(Document.from_text(text).lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="corpus pages to read (default: all)")
    ap.add_argument("--show", type=int, default=5, help="differences to print")
    args = ap.parse_args(argv)
    if cleanwire.ENGINE != "native":
        print("the native engine is not running (cleanwire.ENGINE == 'python'); nothing to compare")
        return 2
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}")
        return 2
    engine = _engine._get_engine()
    counts = {"detect_language": [0, 0], "langdetect": [0, 0]}
    fallbacks = 0
    seconds = {"python": 0.0, "native": 0.0}
    calls = 0
    shown = 0
    for name, sample in samples(args.limit):
        joined = _sample_text(sample)
        checks = [("detect_language", detect_language(sample), engine.detect_language(sample))]
        started = time.perf_counter()
        want = _langdetect(joined, "en")
        middle = time.perf_counter()
        got = engine.langdetect(joined)
        seconds["python"] += middle - started
        seconds["native"] += time.perf_counter() - middle
        calls += 1
        checks.append(("langdetect", want, got))
        for kind, want, got in checks:
            if got is None:
                fallbacks += 1
            if want == got:
                counts[kind][0] += 1
                continue
            counts[kind][1] += 1
            if shown < args.show:
                shown += 1
                print(f"DIFFERENT {name} [{kind}]: python {want!r}, native {got!r}\n   sample {joined[:200]!r}")
    for kind, (same, different) in counts.items():
        print(f"{kind:<16} {same} identical / {different} different")
    print(f"native answers left to Python: {fallbacks}")
    print(f"langdetect per call: python {seconds['python'] / calls * 1e3:.3f} ms, "
          f"native {seconds['native'] / calls * 1e3:.3f} ms ({calls} calls, "
          f"{seconds['python'] / max(seconds['native'], 1e-9):.0f}x)")
    size, error = engine.language_status()
    print(f"native profiles: {size / 1e6:.1f} MB resident" if size else f"native profiles not loaded: {error}")
    return 1 if any(different for _, different in counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
