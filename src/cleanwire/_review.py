"""What a review page shows of a run, gathered in bounded memory: counts, samples and document views.

A run may clean a 100 MB dump; the page shows all of its counts but only a
sample of it: at most ``max_docs`` documents, side by side (kept and removed
lines), and at most ``per_cleaner`` removed lines of each cleaner. The
samples are *bottom-k* samples: every document (and every removed line) gets
a pseudo-random number from a hash of where it sits in the input
(:func:`sample_key`), and the page shows those with the smallest numbers. So
the sample is uniform, the same on every run of the same input, and the same
with any ``--jobs``. Workers see, in each :class:`ReviewRequest`, the largest
number that can still enter each sample, and send back only what is below
it: the main process receives a few hundred documents, not the dump.

Example:
    >>> from cleanwire import Pipeline
    >>> collector = ReviewCollector(max_docs=5, per_cleaner=2)
    >>> doc = Pipeline.preset("default").document("Share post:\\nThe mayor resigned on Friday.")
    >>> part = observe(doc, source=0, number=1, request=collector.request())
    >>> collector.add(part)
    >>> [(v.number, [(line.text, line.cleaner) for line in v.lines]) for v in collector.documents()]
    [(1, [('Share post:', 'social'), ('The mayor resigned on Friday.', None)])]
    >>> dict(collector.reasons), [s.text for s in collector.samples()["social"]]
    ({('social', 'share or subscribe widget'): 1}, ['Share post:'])
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import regex

from .document import Document

__all__ = ["MAX_LINES_PER_DOC", "DocView", "LineView", "ReviewCollector", "ReviewPart", "ReviewRequest",
           "SampleLine", "observe", "reason_key", "sample_key"]

MAX_LINES_PER_DOC = 1000
"""Lines of one document shown on the page; the rest are counted ("N more lines not shown")."""

_NUMBER = regex.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")  # a number on its own, not part of a name
T = TypeVar("T")


def sample_key(*parts: object) -> float:
    """A pseudo-random number in [0, 1) fixed by *parts* (where an item sits in the input).

    Example:
        >>> sample_key(0, 12) == sample_key(0, 12), 0 <= sample_key(0, 12) < 1
        (True, True)
    """
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def reason_key(reason: str) -> str:
    """The reason a chart counts: numbers (a score, a count) become ``#``, so reasons group.

    Digits inside a name (``p near3``) stay.

    Example:
        >>> reason_key("p(content)=0.12 (page); p near3, 14 words")
        'p(content)=# (page); p near3, # words'
    """
    return _NUMBER.sub("#", reason)


@dataclass(frozen=True)
class LineView:
    """One non-blank input line: kept (``cleaner is None``) or removed by ``cleaner`` for ``reason``.

    ``change`` names what rewrote a kept line (``"normalize_quotes: curly quotes to ASCII"``), if anything.
    """

    number: int
    text: str
    cleaner: str | None = None
    reason: str | None = None
    change: str | None = None


@dataclass(frozen=True)
class DocView:
    """A document as the page shows it: where it came from, its language and its lines."""

    source: int
    number: int
    key: float
    language: str
    lines: tuple[LineView, ...]
    more_lines: int = 0
    removed: int = 0


@dataclass(frozen=True)
class SampleLine:
    """A removed line in the per-cleaner samples, with the document it came from."""

    source: int
    number: int
    line: int
    key: float
    cleaner: str
    reason: str
    text: str


@dataclass(frozen=True)
class ReviewRequest:
    """What a worker should send back: documents whose key is below ``docs_below``; removed lines
    whose key is below ``lines_below[cleaner]`` (1.0 for a cleaner not listed)."""

    docs_below: float = 1.0
    lines_below: Mapping[str, float] = field(default_factory=dict)


@dataclass
class ReviewPart:
    """What a worker sends back for its documents: reason counts and sample candidates."""

    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    docs: list[DocView] = field(default_factory=list)
    lines: list[SampleLine] = field(default_factory=list)

    def update(self, other: ReviewPart) -> None:
        """Add *other* to this part."""
        self.reasons.update(other.reasons)
        self.docs.extend(other.docs)
        self.lines.extend(other.lines)


def observe(doc: Document, *, source: int, number: int, request: ReviewRequest,
            into: ReviewPart | None = None) -> ReviewPart:
    """Count the removals of a cleaned *doc* and add what *request* asks for to *into* (or a new part).

    *source* and *number* say where the document sits in the input (an input's
    index and, for JSON lines, the line number); they fix its sample keys.
    """
    part = into if into is not None else ReviewPart()
    changes: dict[int, str] = {}
    for d in doc.trace:
        if d.action == "change":
            changes[d.line] = f"{d.cleaner}: {d.reason}"
    removed = 0
    for line in doc.lines:
        if line.keep or line.cleaner is None:
            continue
        removed += 1
        reason = line.reason or ""
        part.reasons[(line.cleaner, reason_key(reason))] += 1
        key = sample_key(source, number, line.number)
        if key < request.lines_below.get(line.cleaner, 1.0):
            part.lines.append(SampleLine(source, number, line.number, key, line.cleaner, reason, line.text))
    key = sample_key(source, number)
    if key < request.docs_below:
        shown = doc.lines[:MAX_LINES_PER_DOC]
        views = tuple(
            LineView(line.number, line.text, None, None, changes.get(line.number)) if line.keep
            else LineView(line.number, line.text, line.cleaner, line.reason)
            for line in shown
        )
        part.docs.append(DocView(source, number, key, doc.language, views, len(doc.lines) - len(shown), removed))
    return part


class _BottomK(Generic[T]):
    """The *k* items with the smallest keys seen so far."""

    def __init__(self, k: int) -> None:
        self.k = k
        self._heap: list[tuple[float, int, T]] = []  # (-key, tie-breaker, item): a max-heap of the kept keys
        self._count = itertools.count()

    def offer(self, key: float, item: T) -> None:
        entry = (-key, next(self._count), item)
        if len(self._heap) < self.k:
            heapq.heappush(self._heap, entry)
        elif key < -self._heap[0][0]:
            heapq.heapreplace(self._heap, entry)

    @property
    def below(self) -> float:
        """Keys at or above this can no longer enter (1.0 while fewer than *k* were offered)."""
        return -self._heap[0][0] if len(self._heap) >= self.k else 1.0

    def items(self) -> list[T]:
        return [item for _, _, item in self._heap]


class ReviewCollector:
    """The main process's side: merges the workers' parts and keeps the bounded samples.

    ``max_docs`` documents and ``per_cleaner`` removed lines of each cleaner are
    kept; the reason counts of every document are kept in full.
    """

    def __init__(self, *, max_docs: int = 100, per_cleaner: int = 20) -> None:
        if max_docs < 0 or per_cleaner < 0:
            raise ValueError("sample sizes must be 0 or more")
        self.reasons: Counter[tuple[str, str]] = Counter()
        self._docs: _BottomK[DocView] = _BottomK(max_docs)
        self._per_cleaner = per_cleaner
        self._lines: dict[str, _BottomK[SampleLine]] = {}

    def request(self) -> ReviewRequest:
        """What a batch sent now should bring back."""
        return ReviewRequest(self._docs.below, {c: s.below for c, s in self._lines.items()})

    def add(self, part: ReviewPart) -> None:
        """Merge a worker's part."""
        self.reasons.update(part.reasons)
        for view in part.docs:
            self._docs.offer(view.key, view)
        for line in part.lines:
            sampler = self._lines.get(line.cleaner)
            if sampler is None:
                sampler = self._lines[line.cleaner] = _BottomK(self._per_cleaner)
            sampler.offer(line.key, line)

    def documents(self) -> list[DocView]:
        """The sampled documents, in input order."""
        return sorted(self._docs.items(), key=lambda v: (v.source, v.number))

    def samples(self) -> dict[str, list[SampleLine]]:
        """The sampled removed lines of each cleaner, in input order."""
        return {c: sorted(s.items(), key=lambda x: (x.source, x.number, x.line))
                for c, s in sorted(self._lines.items())}

