"""Linear time on pathological inputs (issue 5).

Each case builds the same pathological text at a small and a large size and
checks that the CPU time *per byte* at the large size is at most
:data:`MAX_RATIO` times the time per byte at the small size. Only ratios
measured in the same run are compared, never absolute times; each size is
timed best-of-3 with process time, and small inputs are repeated until a
measurement lasts long enough to be above timer noise. A quadratic algorithm
would show a ratio near the size ratio (8); a linear one stays near 1.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import cleanwire

SMALL = 15_000
LARGE = 120_000
MAX_RATIO = 4.0
MIN_MEASURE = 0.03  # seconds: repeat small inputs until one measurement lasts this long


def _repeat(unit: str, size: int, sep: str = "") -> str:
    """*unit* repeated (joined by *sep*) up to *size* characters."""
    count = max(1, size // (len(unit) + len(sep)))
    return sep.join([unit] * count)


PROSE = ("The council approved the budget on Tuesday after a long debate about schools, roads and the "
         "new library, which residents had asked for since 2019. ")

MOJIBAKE_LINE = "Putin\u00e2\u20ac\u2122s war \u00c3\u00a9t\u00c3\u00a9 &amp; peace"

CASES: dict[str, Callable[[int], str]] = {
    "single long prose line": lambda n: _repeat(PROSE, n),
    "single long line without spaces": lambda n: "a" * n,
    "many one-word lines": lambda n: _repeat("Home", n, "\n"),
    "many blank and whitespace lines": lambda n: _repeat(" \t\u00a0", n, "\n\n"),
    "punctuation block, one line": lambda n: _repeat(".,;:!?-*|>/\\'\"", n),
    "punctuation block, many lines": lambda n: _repeat("* * * | > --- ...", n, "\n"),
    "nested parentheses": lambda n: "(" * n,
    "nested square brackets": lambda n: "[" * (n - 1) + "A" * 1,
    "nested angle brackets": lambda n: "<" * (n // 2) + ">" * (n // 2),
    "unclosed tags": lambda n: _repeat("<div class='x'", n),
    "curly quotes and spaces": lambda n: _repeat("\u201c \u2019 \u201d  \u2018  ", n),
    "curly quotes, many lines": lambda n: _repeat("\u201cQuote\u201d \u2019s", n, "\n"),
    "mojibake block, one line": lambda n: _repeat("Putin\u00e2\u20ac\u2122s caf\u00c3\u00a9 ", n),
    "mojibake block, many lines": lambda n: _repeat(MOJIBAKE_LINE, n, "\n"),
    "ampersands without entity end": lambda n: _repeat("&#abc", n),
    "spaces inside one line": lambda n: "word" + " " * (n - 8) + "word",
    "byline-shaped lines": lambda n: _repeat("By Jane Doe And John Smith And More People", n, "\n"),
    "cruft-shaped long line": lambda n: "Share " * (n // 6),
    "related header and teasers": lambda n: "Related\n" + _repeat("Airport counts the cost of strike...", n, "\n"),
    "repeated paragraph": lambda n: _repeat(PROSE.strip(), n, "\n"),
    "caption-shaped lines": lambda n: _repeat("A soldier stands on the ruins of a house in Irpin, Ukraine",
                                              n, "\n\n\n"),
    "control characters": lambda n: _repeat("\x00\x01\x1b\x7f\x85 ", n),
}


def _per_byte(text: str) -> float:
    """Best-of-3 CPU seconds per character of one ``clean(text)``, repeating fast calls."""
    reps = 1
    while True:
        start = time.process_time()
        for _ in range(reps):
            cleanwire.clean(text)
        spent = time.process_time() - start
        if spent >= MIN_MEASURE or reps >= 1024:
            break
        reps *= 4
    best = spent
    for _ in range(2):
        start = time.process_time()
        for _ in range(reps):
            cleanwire.clean(text)
        best = min(best, time.process_time() - start)
    return best / (reps * len(text))


@pytest.mark.parametrize("name", list(CASES))
def test_time_per_byte_does_not_grow(name: str) -> None:
    build = CASES[name]
    small, large = build(SMALL), build(LARGE)
    cleanwire.clean(small[:1000])  # warm-up: compile patterns, load profiles
    ratio = _per_byte(large) / _per_byte(small)
    if ratio > MAX_RATIO:  # one retry: a neighbour process may have stolen the CPU
        ratio = min(ratio, _per_byte(large) / _per_byte(small))
    assert ratio <= MAX_RATIO, f"{name}: time per byte grew {ratio:.1f}x from {SMALL} to {LARGE} characters"
