"""Experiment: a learned word score as three more line features, measured with the harness.

    python train/word_scores.py --only cv,transplant --cache-dir /tmp/cw --choose --json ws.json
    MIN_DOMAINS=30 python train/word_scores.py --only cv,transplant,cipher --cache-dir /tmp/cw --choose
    WORD_SHARE=1 MIN_DOMAINS=30 python train/word_scores.py --only cv,transplant,cipher --cache-dir /tmp/cw --choose

Every fold model of ``train/harness.py`` gets a table learned from its own training documents
(the corpus and the transplant training set of its training folds, not the enciphered pages):
for each word (``\\w+``, lower-cased, counted once per line), the lines of content and of cruft
that hold it, and the domains it occurs on. A word seen on at least ``MIN_DOMAINS`` domains
(environment, default 15; a word of one site never enters the table) gets the log-odds of
cruft against content, smoothed and clipped to ±4. A line's ``word_cruft`` is the mean over its
tabled words (0 when it has none); ``word_cruft_prev`` and ``word_cruft_next`` are those of the
lines above and below it; with ``WORD_SHARE=1`` (environment) a fourth column,
``word_tabled``, is the share of the line's words that are in the table. The columns go after the library's model features for the fold
model's training and for every document it scores, so the held-out folds are scored with a table
that never saw them.

The library does not compute these columns, so only the evaluations that score the harness's
own feature tables run here (``cv``, ``transplant``, ``cipher``, ``page-type``, ``language``),
not ``pipeline``. For the run, the feature list of the library's layout module and of the
training modules is extended by the three names (the model file's width follows it); nothing
is written to the library. Arguments are ``train/harness.py``'s.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import harness  # noqa: E402
import tables  # noqa: E402
import train_layout  # noqa: E402

from cleanwire.cleaners import layout  # noqa: E402

MIN_DOMAINS = int(os.environ.get("MIN_DOMAINS", "15"))
"""Domains a word must occur on to enter the table."""
WORD_SHARE = os.environ.get("WORD_SHARE", "") == "1"
"""Whether the ``word_tabled`` column is added."""
NAMES = ("word_cruft", "word_cruft_prev", "word_cruft_next") + (("word_tabled",) if WORD_SHARE else ())
CLIP = 4.0
TOKEN = re.compile(r"\w+")


def line_words(d: dict) -> list[frozenset[str]]:
    """The lower-cased words of each line of table document *d* (kept in *d*)."""
    if "_words" not in d:
        d["_words"] = [frozenset(t.lower() for t in TOKEN.findall(text)) for text in d["texts"]]
    return d["_words"]  # type: ignore[no-any-return]


def learn_table(docs: Iterable[dict], min_domains: int = MIN_DOMAINS) -> dict[str, float]:
    """Per word seen on *min_domains* domains or more of *docs*: the smoothed log-odds that a
    line holding it is cruft, clipped to ±:data:`CLIP`. Enciphered pages are left out.

    Example:
        >>> docs = [{"id": f"p{i}", "domain": f"d{i}", "texts": ["Sign up now", "The river rose"],
        ...          "y": [0, 1]} for i in range(3)]
        >>> table = learn_table(docs, min_domains=3)
        >>> table["sign"] > 0 > table["river"], "now" in table, len(table)
        (True, True, 6)
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
            for w in words:
                counts[w] += 1
                seen = domains[w]
                if len(seen) < min_domains:
                    seen.add(domain)
    return {w: max(-CLIP, min(CLIP, math.log((cruft[w] + 1) / (n_cruft + 2))
                                     - math.log((content[w] + 1) / (n_content + 2))))
            for w, seen in domains.items() if len(seen) >= min_domains}


def line_scores(d: dict, table: dict[str, float]) -> tuple[list[float], list[float]]:
    """Per line of *d*: the mean score of its words in *table* (0.0 when none is there), and the
    share of its words that are there."""
    scores, shares = [], []
    for words in line_words(d):
        values = [table[w] for w in words if w in table]
        scores.append(sum(values) / len(values) if values else 0.0)
        shares.append(len(values) / len(words) if words else 0.0)
    return scores, shares


def add_columns(d: dict, table: dict[str, float]) -> None:
    """Give *d*'s feature rows the :data:`NAMES` columns under *table* (its rows without them are
    kept in ``X0``; the cached array ``A`` is dropped)."""
    base = d.setdefault("X0", d["X"])
    s, shares = line_scores(d, table)
    n = len(s)
    d["X"] = [[*row, s[i], s[i - 1] if i else 0.0, s[i + 1] if i + 1 < n else 0.0, *([shares[i]] if WORD_SHARE else [])]
              for i, row in enumerate(base)]
    d.pop("A", None)


class Experiment:
    """The harness with the word-score columns: each fold's table is learned on that fold
    model's training documents before it is fitted, and every document of the run gets its
    columns from that table."""

    def __init__(self) -> None:
        self.documents: list[dict] = []
        self.table: dict[str, float] = {}
        self._fit_model = train_layout.fit_model
        self._settled_table = tables.settled_table
        self._run = harness.run

    def fit_model(self, docs: list[dict], gate_docs: list[dict], truth: dict[str, str],
                  rule: dict[str, float] | None = None) -> Any:
        """Learn the table on *docs*, give every document its columns, then fit as the harness does."""
        self.table = learn_table(d for d in docs if not d.get("settled"))
        print(f"  word table: {len(self.table)} words", file=sys.stderr, flush=True)
        for d in self.documents:
            add_columns(d, self.table)
        return self._fit_model(docs, gate_docs, truth, rule)

    def settled_table(self, model: Any, docs: list[dict], truth: dict[str, str]) -> list[dict]:
        """The settled texts of the harness, with their columns under the current table."""
        out = self._settled_table(model, docs, truth)
        for d in out:
            add_columns(d, self.table)
        return out

    def run(self, only: tuple[str, ...], corpus: list[dict], eval_set: list[dict], train_set: list[dict],
            cipher_set: list[dict], *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The harness's run, with every document of its tables known to the experiment."""
        if "pipeline" in only:
            raise SystemExit("word_scores.py: the pipeline evaluation needs the columns in the library")
        self.documents = corpus + eval_set + train_set + cipher_set
        return self._run(only, corpus, eval_set, train_set, cipher_set, *args, **kwargs)  # type: ignore[no-any-return]

    def install(self) -> None:
        """Point the harness and the training modules at this experiment."""
        names = layout.MODEL_FEATURES + NAMES
        for module in (layout, train_layout, harness):
            module.MODEL_FEATURES = names  # type: ignore[attr-defined]
        harness.fit_model = self.fit_model
        tables.settled_table = self.settled_table  # type: ignore[assignment]
        harness.run = self.run  # type: ignore[assignment]


if __name__ == "__main__":
    Experiment().install()
    raise SystemExit(harness.main())
