"""Remove comment prompts and comment-form labels.

Example:
    >>> from cleanwire import clean
    >>> clean("It was a long day.\\nLEAVE A REPLY\\nPlease enter your comment!")
    'It was a long day.'
"""

from __future__ import annotations

from typing import ClassVar

from .base import PhraseCleaner

__all__ = ["CommentPrompts"]


class CommentPrompts(PhraseCleaner):
    """Drops "Leave a reply", "Please enter your name here", "12 comments" and kin."""

    name: ClassVar[str] = "comments"
    max_chars: ClassVar[int] = 240
    family: ClassVar[str] = "comment_line"
    reason: ClassVar[str] = "comment prompt or form label"
