"""What the command line shows a person: explain reports, totals and the progress bar.

Example:
    >>> from cleanwire import clean_and_explain
    >>> r = clean_and_explain("Share post:\\nThe mayor resigned.")
    >>> print(format_explain("a.txt", r, color=False))
    ==> a.txt <== language: en, 1 removed, 0 changed
    -     1 [social: share or subscribe widget] Share post:
"""

from __future__ import annotations

import difflib
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any

from .pipeline import CleanResult

__all__ = ["Progress", "Stats", "format_explain", "use_color"]

_ARROW, _EMPTY = "\u2192", "\u2205"
_RED, _CYAN, _BOLD, _DIM, _RESET = "\033[31m", "\033[36m", "\033[1m", "\033[2m", "\033[0m"


def use_color(choice: str, stream: IO[Any]) -> bool:
    """Decide on colour: ``always``, ``never``, or ``auto`` (a terminal, and ``NO_COLOR`` unset)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def format_explain(name: str, result: CleanResult, *, color: bool) -> str:
    """A per-document report: a header, then ``-`` for each removed line and ``~`` for each change."""
    removed, changed = len(result.removed), len(result.changed)
    head = f"==> {name} <=="
    summary = f"language: {result.language}, {removed} removed, {changed} changed"
    lines = [f"{_BOLD}{head}{_RESET} {_DIM}{summary}{_RESET}" if color else f"{head} {summary}"]
    for d in sorted(result.trace, key=lambda d: (d.line, d.action != "drop")):
        why = f"[{d.cleaner}: {d.reason}]"
        if d.action == "drop":
            text = f"- {d.line:>5} {why} {d.text}"
            lines.append(f"{_RED}{text}{_RESET}" if color else text)
        else:
            text = f"~ {d.line:>5} {why} {edits(d.text, d.new_text or '')} | {_shorten(d.text)}"
            lines.append(f"{_CYAN}{text}{_RESET}" if color else text)
    return "\n".join(lines)


def edits(old: str, new: str, *, limit: int = 4) -> str:
    """The distinct replacements that turn *old* into *new*, as ``old→new`` pairs.

    Example:
        >>> print(edits("a \u201cquoted\u201d word", 'a "quoted" word'))
        \u201c\u2192" \u201d\u2192"
    """
    seen: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pair = (old[i1:i2] or _EMPTY) + _ARROW + (new[j1:j2] or _EMPTY)
        if pair not in seen:
            seen.append(pair)
    more = f" (+{len(seen) - limit} more)" if len(seen) > limit else ""
    return " ".join(seen[:limit]) + more


def _shorten(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


@dataclass
class Totals:
    """Counters shared by a batch's result and a run's totals."""

    docs: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)

    def add(self, other: Totals) -> None:
        """Add the counters of *other* to these."""
        self.docs += other.docs
        self.bytes_in += other.bytes_in
        self.bytes_out += other.bytes_out
        self.removed.update(other.removed)
        self.changed.update(other.changed)
        self.languages.update(other.languages)


@dataclass
class Stats(Totals):
    """Totals of a run, printed by ``--stats``.

    Example:
        >>> s = Stats(docs=2, bytes_in=2_000_000, bytes_out=1_500_000)
        >>> s.removed.update({"social": 3, "bylines": 1})
        >>> s.languages.update({"en": 2})
        >>> print(s.format(elapsed=2.0))
        documents      2
        bytes in       2,000,000 (1.0 MB/s)
        bytes out      1,500,000 (75.0% of input)
        lines removed  4
          social       3
          bylines      1
        languages      en 2
    """

    warnings: int = 0
    errors: int = 0

    def format(self, *, elapsed: float) -> str:
        """The totals as aligned lines."""
        rate = self.bytes_in / 1e6 / elapsed if elapsed > 0 else 0.0
        share = f" ({100 * self.bytes_out / self.bytes_in:.1f}% of input)" if self.bytes_in else ""
        out = [f"documents      {self.docs:,}",
               f"bytes in       {self.bytes_in:,} ({rate:.1f} MB/s)",
               f"bytes out      {self.bytes_out:,}{share}",
               f"lines removed  {sum(self.removed.values()):,}"]
        out += [f"  {name:<16} {n:,}" for name, n in self.removed.most_common()]
        if self.changed:
            out.append(f"lines changed  {sum(self.changed.values()):,}")
            out += [f"  {name:<16} {n:,}" for name, n in self.changed.most_common()]
        out.append("languages      " + (", ".join(f"{k} {v:,}" for k, v in self.languages.most_common()) or "-"))
        if self.warnings or self.errors:
            out.append(f"problems       {self.errors:,} error(s), {self.warnings:,} warning(s)")
        return "\n".join(out)


class Progress:
    """A progress bar on standard error: documents, MB read, rate and ETA.

    Uses tqdm when it is installed, else a plain one-line display redrawn at
    most twice a second. ``total`` is the byte size of the inputs (unknown
    for standard input).
    """

    def __init__(self, total: int | None, *, enabled: bool, stream: IO[str] | None = None) -> None:
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.docs = 0
        self.done = 0
        self._bar: Any = None
        self._start = time.monotonic()
        self._shown = 0.0
        if not enabled:
            return
        try:
            from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            self._draw(force=True)
            return
        self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, file=self.stream,
                         dynamic_ncols=True, desc="cleanwire", postfix={"docs": 0}, mininterval=0.2)
        self._bar.refresh()

    def update(self, docs: int, nbytes: int) -> None:
        """Count *docs* more documents and *nbytes* more input bytes."""
        if not self.enabled:
            return
        self.docs += docs
        self.done += nbytes
        if self._bar is not None:
            self._bar.set_postfix({"docs": self.docs}, refresh=False)
            self._bar.update(nbytes)
        else:
            self._draw()

    def _draw(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._shown < 0.5:
            return
        self._shown = now
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        line = f"cleanwire: {self.docs:,} docs, {self.done / 1e6:.1f} MB, {rate / 1e6:.2f} MB/s"
        if self.total and rate > 0:
            left = max(self.total - self.done, 0) / rate
            line += f", {100 * self.done / self.total:.0f}%, ETA {int(left // 60)}:{int(left % 60):02d}"
        self.stream.write("\r" + line + "\033[K")
        self.stream.flush()

    def close(self) -> None:
        """Finish the bar (leaves the last state on screen)."""
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.close()
        else:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
        self.enabled = False
