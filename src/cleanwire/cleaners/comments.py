"""Remove comment prompts and comment-form labels.

Example:
    >>> from cleanwire import clean
    >>> clean("It was a long day.\\nLEAVE A REPLY\\nPlease enter your comment!")
    'It was a long day.'
"""

from __future__ import annotations

from typing import ClassVar

from ..document import Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["CommentPrompts"]


class CommentPrompts(LineCleaner):
    """Drops "Leave a reply", "Please enter your name here", "12 comments" and kin."""

    name: ClassVar[str] = "comments"
    max_chars: ClassVar[int] = 240

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        if lexicon.comment_line.match(line.key):
            return "comment prompt or form label"
        return None
