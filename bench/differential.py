#!/usr/bin/env python3
"""Compare the native engine with the Python engine (the reference) on real texts.

For every text: ``clean_and_explain`` (text, language, the whole trace) and ``clean`` must be
identical under both engines, with the default pipeline and (``--presets``) the others.
Prints ``N identical / N different`` and the first differences; exits 1 when any differ.

Every text of the development corpus, all four variants (the documented command)::

    .venv/bin/python bench/differential.py

The CI subset (seeds, fixtures and a slice of the corpus when ../shared is there)::

    .venv/bin/python bench/differential.py --ci

Needs the native engine (``cleanwire.ENGINE == "native"``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cleanwire  # noqa: E402
from cleanwire import Pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def reference(pipeline: Pipeline, text: str) -> tuple[object, ...]:
    """The Python engine's answer (``Pipeline.document`` always runs it)."""
    doc = pipeline.document(text)
    quick = pipeline.document(text, explain=False).render()
    return doc.render(), doc.language, tuple(doc.trace), quick


def native(pipeline: Pipeline, text: str) -> tuple[object, ...]:
    """The engine's own answer (native when it runs)."""
    result = pipeline.run(text)
    return result.text, result.language, result.trace, pipeline.clean(text)


def local_texts() -> Iterator[tuple[str, str]]:
    for folder in ("fixtures/seeds", "fixtures/golden", "fixtures/multilingual"):
        for path in sorted((ROOT / folder).glob("*.txt")):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def corpus_texts(limit: int | None, variants: list[str]) -> Iterator[tuple[str, str]]:
    from _corpus import CORPUS, load_records

    if not CORPUS.exists():
        print(f"(no corpus at {CORPUS}: skipped)")
        return
    for record in load_records(None, limit):
        for variant in variants:
            text = record["inputs"].get(variant)
            if isinstance(text, str):
                yield f"{record['id']}:{variant}", text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ci", action="store_true", help="seeds, fixtures and the first 60 corpus pages")
    ap.add_argument("--limit", type=int, default=None, help="corpus pages to read (default: all)")
    ap.add_argument("--variants", default="page_text,trafilatura,trafilatura_recall,readability")
    ap.add_argument("--presets", default="default", help="comma-separated presets (e.g. default,rules,repair_only)")
    ap.add_argument("--show", type=int, default=5, help="differences to print")
    args = ap.parse_args(argv)
    if cleanwire.ENGINE != "native":
        print("the native engine is not running (cleanwire.ENGINE == 'python'); nothing to compare")
        return 2
    limit = 60 if args.ci and args.limit is None else args.limit
    pipelines = [Pipeline.preset(p) for p in args.presets.split(",")]
    texts = list(local_texts()) + list(corpus_texts(limit, args.variants.split(",")))
    same = different = 0
    started = time.perf_counter()
    for name, text in texts:
        for preset, pipeline in zip(args.presets.split(","), pipelines):
            want, got = reference(pipeline, text), native(pipeline, text)
            if want == got:
                same += 1
                continue
            different += 1
            if different <= args.show:
                field = next(f for f, a, b in zip(("text", "language", "trace", "clean"), want, got) if a != b)
                print(f"DIFFERENT {name} [{preset}] in {field}")
                if field == "trace":
                    for a, b in zip(list(want[2]) + [None] * 9, list(got[2]) + [None] * 9):  # type: ignore[call-overload]
                        if a != b:
                            print(f"   python: {a}\n   native: {b}")
                            break
                else:
                    print(f"   python: {str(want[0 if field == 'text' else 1 if field == 'language' else 3])[:300]!r}")
                    print(f"   native: {str(got[0 if field == 'text' else 1 if field == 'language' else 3])[:300]!r}")
    print(f"{same} identical / {different} different ({len(texts)} texts x {len(pipelines)} preset(s), "
          f"{time.perf_counter() - started:.0f} s)")
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
