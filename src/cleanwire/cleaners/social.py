"""Remove share, follow and subscribe widgets.

Example:
    >>> from cleanwire import clean
    >>> clean("Share post:\\nFacebook Twitter WhatsApp\\nThe vote passed.")
    'The vote passed.'
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex

from ..document import Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["ShareWidgets"]

_TOKEN = regex.compile(r"[\w'-]+")
# _TOKEN on ASCII text, where \w is [0-9A-Za-z_]: the same tokens, by the stdlib's engine.
_ASCII_TOKEN = re.compile(r"[0-9A-Za-z_'-]+")


class ShareWidgets(LineCleaner):
    """Drops "Share post:", "Subscribe", "Follow us on X" and lines made only of widget words."""

    name: ClassVar[str] = "social"
    max_chars: ClassVar[int] = 160

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        if lexicon.full_line("share_line", line.key):
            return "share or subscribe widget"
        if line.words <= 12:
            key = line.key
            if key.isascii():
                tokens = _ASCII_TOKEN.findall(key)
            else:
                tokens = _TOKEN.findall(key, 0, None, False, False)  # no GIL release (see base.py)
            words = lexicon.widget_words
            if len(tokens) >= 2 and all(t in words for t in tokens):
                return "row of share buttons"
        return None
