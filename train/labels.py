"""Line labels for training: align each scraped line with the gold main text.

A line of four words or more is content when at least half of its word
4-grams occur in the gold text; a shorter line is content when it equals a
gold line, or (two or three words) occurs as a word sequence of the gold text.
Labels are computed on the lines the rule cleaners keep, since the learned
classifier only ever sees those.

Used only at training time: nothing here is read by the library at run time.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

TOKEN = re.compile(r"\w+")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wcxb-dev.jsonl.gz"
VARIANTS = ("page_text", "trafilatura", "trafilatura_recall", "readability")


def load(path: Path = CORPUS) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


FOLDS = 5


def domain(url: str) -> str:
    host = urlsplit(url).netloc.lower() or url
    return host[4:] if host.startswith("www.") else host


def fold_of(domain: str) -> int:
    """The cross-validation fold of a domain (one of :data:`FOLDS`, by a stable hash)."""
    return zlib.crc32(domain.encode("utf-8")) % FOLDS


class Gold:
    """Fast membership tests against one gold text."""

    def __init__(self, truth: str) -> None:
        toks = [t.lower() for t in TOKEN.findall(truth)]
        self.grams4 = {tuple(toks[i:i + 4]) for i in range(len(toks) - 3)}
        self.grams = {tuple(toks[i:i + n]) for n in (1, 2, 3) for i in range(len(toks) - n + 1)}
        self.lines = {tuple(t.lower() for t in TOKEN.findall(line)) for line in truth.splitlines() if line.strip()}

    def label(self, text: str) -> int:
        toks = tuple(t.lower() for t in TOKEN.findall(text))
        if not toks:
            return 0
        if len(toks) >= 4:
            grams = [toks[i:i + 4] for i in range(len(toks) - 3)]
            hit = sum(g in self.grams4 for g in grams)
            return int(hit * 2 >= len(grams))
        if toks in self.lines:
            return 1
        return int(len(toks) >= 2 and toks in self.grams)


def iter_docs(records: list[dict], variants: tuple[str, ...] = VARIANTS) -> Iterator[tuple[dict, str, str]]:
    for r in records:
        for v in variants:
            text = r["inputs"].get(v)
            if text:
                yield r, v, text
