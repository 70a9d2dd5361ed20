"""Remove stray markup: lines with no letters or digits, and lone HTML tags.

Example:
    >>> from cleanwire import clean
    >>> clean(">\\nRussian soldiers are refusing to fight.")
    'Russian soldiers are refusing to fight.'
"""

from __future__ import annotations

from typing import ClassVar

import regex

from ..document import Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["StrayMarkup"]

_HAS_WORD = regex.compile(r"\w")
_LONE_TAG = regex.compile(r"^(?:</?[a-zA-Z][a-zA-Z0-9]*\b[^<>]{0,200}/?>\s*)+$")


class StrayMarkup(LineCleaner):
    """Drops lines made only of symbols (``>``, ``|``, ``* * *``) and lone HTML tags."""

    name: ClassVar[str] = "stray_markup"

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        if not _HAS_WORD.search(line.text):
            return "no letters or digits"
        if line.text[0] == "<" and _LONE_TAG.match(line.text):
            return "stray HTML tag"
        return None
