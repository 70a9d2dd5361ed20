"""Write ``tests/data/patterns.jsonl``: random strings and the Python engine's answers for
each regular expression that ``src/patterns.rs`` matches by hand.

The strings are drawn, with a fixed seed, from pieces that sit on the edges of the
patterns (digits of several scripts, separators, spaces of every kind, units, closers
and openers, capitals, combining marks, case-folding look-alikes such as ``İ`` and ``ſ``).

    python native/layout/tools/pattern_cases.py [N=3000] > native/layout/tests/data/patterns.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from cleanwire import features as f  # noqa: E402
from cleanwire.cleaners import base  # noqa: E402

PIECES = (
    "0", "1", "9", "19", "20", "2024", "12345", "\u0663", "\u0967", "\uff12", "\u00b2", "\u216b",
    ".", "/", "-", ":", ",", "!", "?", "...", "\u2026", "|", "@", "www.", ".com", ".org", ".net", "http:", "https:",
    " ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\x1f", "\x85", "\u2028", "\x00", "\n",
    "min", "mins", "minute", "hours", "hr", "std", "stunden", "tage", "jours", "heure", "d\u00edas", "dia",
    "a", "x", "_", "A", "Z", "\u00c9", "\u0130", "\u0131", "\u017f", "\u00df", "\u01c5", "\u03a3", "\u0301", "\u0300",
    "\"", "'", "\u2019", "\u201d", "\u2018", "\u201c", ")", "(", "]", "[",
    "\u00bb", "\u203a", "\u2022", "*", "+", "\u25aa",
    "(c)", "(C)", "copyright", "COPYRIGHT", "all rights reserved", "\u00a9", "\u2122", "\u00ae", "re\u017fer\u017fed",
    "hi", "hey", "thank you", "great post", "i think", "danke", "bonjour", "hola", "love it",
    "Key", "value", "word", "\u65e5\u672c", "\U0001f44d",
    "\u3002", "\uff01", "\uff1f", "\u3002 \u5e02", "\u5317\u4eac\u5e02\u653f",
    ". A", "! \"B", "? (\u00c9", ".) Z", ".\u201d \u201cQ", ". \u0130", ".\u00a0\u03a3", ". 'x",
    "1. ", "12) ", "\u0663. ",
    "1234. ", "\u2022 ", "- ", "[3]", "(12)", "[\u0663]", "(x)",
    "a" * 38, "\u00e9" * 39, "b" * 40, "Key: v", "Title:\u00a0X", "k:\u2003b", ": x", "Preis:\t5",
)


def answers(s: str) -> list[object]:
    """The Python answers, in the order tests/patterns.rs reads them."""
    return [
        s,
        f._LIST_MARK.match(s) is not None,
        len(f._SENTENCE_BREAK.findall(s)),
        f._WEBBY.search(s) is not None,
        f._LEGAL.search(s) is not None,
        f._GREETING.match(s) is not None,
        f._KEY_VALUE.match(s) is not None,
        f._DATE_LIKE.search(s) is not None,
        base._HEADLINE_END.search(s) is not None,
        base._STARTS_UPPER.match(s) is not None,
    ]


def main() -> None:
    """Print one JSON list per string."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    rng = random.Random(20261202)
    seen: set[str] = set()
    while len(seen) < n:
        s = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))
        if s in seen:
            continue
        seen.add(s)
        print(json.dumps(answers(s), ensure_ascii=False))


if __name__ == "__main__":
    main()
