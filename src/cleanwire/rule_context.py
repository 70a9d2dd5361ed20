"""Features of the rule decisions around a line, for the learned block classifier.

The rule cleaners remove what they recognise, and in doing so they leave
marks that say where the article ends: a share bar, a comment prompt or a
"Related articles" header below the text means that what follows is rarely
article. :func:`rule_context_features` turns the drops already made in a
document into a few values per kept line: whether a drop of each rule
family lies above it (and, for the end-of-article families, below it),
how many lines right around it went, and the share of lines above it
that went. :data:`RULE_CONTEXT_NAMES` lists them in order.

Example:
    >>> from cleanwire.document import Document
    >>> doc = Document.from_text("The bridge reopened on Monday after repairs.\\nShare this:\\nMore news here.")
    >>> doc.drop(doc.lines[1], "social", "share widget")
    True
    >>> rows = rule_context_features(doc)
    >>> rows[1][RULE_CONTEXT_NAMES.index("after_social")], rows[0][RULE_CONTEXT_NAMES.index("before_social")]
    (1.0, 1.0)
"""

from __future__ import annotations

from .document import Document

__all__ = ["RULE_CONTEXT_NAMES", "rule_context_features"]

_AFTER = (
    "comments", "social", "related", "promotions", "banners", "navigation",
    "bylines", "attribution", "captions", "duplicates", "stray_markup",
)
_BEFORE = ("social", "comments", "related")

RULE_CONTEXT_NAMES: tuple[str, ...] = (
    *(f"after_{name}" for name in _AFTER),
    *(f"before_{name}" for name in _BEFORE),
    "dropped_near2",
    "dropped_above_share",
)
"""Names of the values returned per kept line by :func:`rule_context_features`, in order."""


def rule_context_features(doc: Document) -> list[list[float]]:
    """Return one row per kept line of *doc* (in order) describing the drops around it."""
    lines = doc.lines
    n = len(lines)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    cum = [0]
    for i, line in enumerate(lines):
        if not line.keep:
            name = line.cleaner or ""
            first.setdefault(name, i)
            last[name] = i
        cum.append(cum[-1] + (0 if line.keep else 1))
    if cum[-1] == 0:  # nothing dropped yet: every value is zero
        zeros = [0.0] * len(RULE_CONTEXT_NAMES)
        return [zeros[:] for line in lines if line.keep]
    after = [first.get(name, n) for name in _AFTER]
    before = [last.get(name, -1) for name in _BEFORE]
    rows: list[list[float]] = []
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        row = [1.0 if f < i else 0.0 for f in after]
        row.extend(1.0 if b > i else 0.0 for b in before)
        lo, hi = max(0, i - 2), min(n, i + 3)
        row.append((cum[hi] - cum[lo]) / (hi - lo - 1 or 1))
        row.append(cum[i] / max(1, i))
        rows.append(row)
    return rows
