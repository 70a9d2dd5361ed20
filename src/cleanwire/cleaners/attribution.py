"""Remove source and attribution footers: "Source: Read Full Article", "Read more".

Example:
    >>> from cleanwire import clean
    >>> clean("The talks ended without a deal.\\n\\nSource: Read Full Article")
    'The talks ended without a deal.'
"""

from __future__ import annotations

from typing import ClassVar

from ..document import Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["Attribution"]


class Attribution(LineCleaner):
    """Drops "Source: …"/"Via: …"/"Credit: …" lines and read-the-full-article links."""

    name: ClassVar[str] = "attribution"
    max_chars: ClassVar[int] = 200

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        key = line.key
        if lexicon.full_line("attribution_line", key):
            return "read-more link"
        # a label is followed by a colon: a key without one cannot match. (0, None, False): pos,
        # endpos and concurrent (no GIL release), by position (see base.py)
        found = lexicon.attribution_label.match(key, 0, None, False) if ":" in key else None
        if found is not None:
            rest = found.group("rest")
            if rest.count(" ") < 8 and not rest.endswith((".", "!", "?")):
                return "source or credit line"
        return None
