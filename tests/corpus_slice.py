"""Real texts for the integration tests: the seeds and the first pages of the development corpus.

The corpus lives in ``../shared`` beside the checkout (CI lays a copy there). Without it, the tests
that need it are skipped, except under ``CI=true``, where a missing corpus is an error.
Only ``id``, ``url`` and the scraped ``page_text`` are read; the gold text never is.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus" / "wcxb-dev.jsonl.gz"


def seed_records() -> list[dict[str, str]]:
    """The five seed texts as ``{"id", "text"}`` records."""
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in SEEDS]


def corpus_records(count: int) -> list[dict[str, str]]:
    """The first *count* pages of the development corpus as ``{"id", "url", "text"}`` records (page text)."""
    if not CORPUS.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the development corpus is missing under CI: {CORPUS}")
        pytest.skip(f"the development corpus is not beside this checkout ({CORPUS})")
    out: list[dict[str, str]] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            out.append({"id": record["id"], "url": record["url"], "text": record["inputs"]["page_text"]})
            if len(out) == count:
                break
    return out
