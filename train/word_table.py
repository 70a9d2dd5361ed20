"""The layout model's word score table (``words`` in models/layout.json), learned from training documents.

For each word of the training lines (the library's own tokens of a line's key,
:func:`cleanwire.features.key_words`), count the content lines and the cruft lines that hold
it and the domains it occurs on. A word seen on at least :data:`MIN_DOMAINS` domains gets the
smoothed log-odds that a line holding it is cruft, clipped to ±:data:`CLIP` and stored as an
integer in hundredths (:data:`SCALE`); a word of one site, or of a few, never enters the table.
The layout model's last four line features read the table
(:data:`cleanwire.features.WORD_FEATURE_NAMES`: a line's mean score, those of the lines above
and below it, and the share of its words the table holds).

train/train_layout.py learns the table on the documents it fits on (enciphered pages left
out) and gives every document its word columns under that table before fitting; the harness's
fold models learn theirs from their own training folds, and score held-out documents under it
(:func:`set_columns`), so no held-out page is scored with words learned from it.

Used only at training and evaluation time: nothing here is read by the library.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from cleanwire.document import line_key  # noqa: E402
from cleanwire.features import SHAPE_FEATURE_NAMES, WordScores, key_words  # noqa: E402

MIN_DOMAINS = 30
"""Domains a word must occur on to enter the table (15 and 30 cost the same on the harness
within noise; docs/quality.md, "A learned word score")."""
CLIP = 4.0
"""The largest log-odds a word may carry, either way."""
SCALE = 100
"""Scores are stored as integers in 1/SCALE of a log-odds unit."""
_SHAPE = len(SHAPE_FEATURE_NAMES)


def line_words(d: dict) -> list[list[str]]:
    """The library's words of each line of table document *d* (kept in *d*)."""
    if "_words" not in d:
        d["_words"] = [key_words(line_key(text)) for text in d["texts"]]
    return d["_words"]  # type: ignore[no-any-return]


def learn(docs: Iterable[dict], min_domains: int = MIN_DOMAINS) -> WordScores:
    """The table of *docs* (enciphered pages left out): per word seen on *min_domains* domains or
    more, the smoothed log-odds that a line holding it is cruft, in 1/:data:`SCALE` units.

    Example:
        >>> docs = [{"id": f"p{i}", "domain": f"d{i}", "texts": ["Sign up now", "The river rose"],
        ...          "y": [0, 1]} for i in range(3)]
        >>> table = learn(docs, min_domains=3)
        >>> table.scores["sign"] > 0 > table.scores["river"], len(table)
        (True, 6)
    """
    content: dict[str, int] = defaultdict(int)
    cruft: dict[str, int] = defaultdict(int)
    domains: dict[str, set[str]] = defaultdict(set)
    n_content = n_cruft = 0
    for d in docs:
        if "~cipher" in d["id"]:
            continue
        domain = d.get("domain", d["id"])
        for words, y in zip(line_words(d), d["y"]):
            counts = content if y else cruft
            if y:
                n_content += 1
            else:
                n_cruft += 1
            for w in set(words):
                counts[w] += 1
                seen = domains[w]
                if len(seen) < min_domains:
                    seen.add(domain)
    scores = {}
    for w in sorted(domains):
        if len(domains[w]) >= min_domains:
            odds = math.log((cruft[w] + 1) / (n_cruft + 2)) - math.log((content[w] + 1) / (n_content + 2))
            scores[w] = round(SCALE * max(-CLIP, min(CLIP, odds)))
    return WordScores(scores, SCALE)


def set_columns(d: dict, words: WordScores) -> None:
    """Give the feature rows of *d* their word columns under *words* (as the library computes them
    at run time), in place of whatever they held; the cached array ``A`` is dropped."""
    values = [words.line_score(tokens) for tokens in line_words(d)]
    n = len(values)
    d["X"] = [[*row[:_SHAPE], values[i][0], values[i - 1][0] if i else 0.0,
               values[i + 1][0] if i + 1 < n else 0.0, values[i][1]]
              for i, row in enumerate(d["X"])]
    d.pop("A", None)
