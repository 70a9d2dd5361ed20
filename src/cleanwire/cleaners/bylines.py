"""Remove bylines, datelines, empty metadata labels and section labels.

Example:
    >>> from cleanwire import clean
    >>> clean("World News\\nBy Jane Doe\\nDate:\\nThe river burst its banks overnight, flooding the town.")
    'The river burst its banks overnight, flooding the town.'
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicon import Lexicon, lead_char
from .base import LineCleaner, first_prose_position

__all__ = ["Bylines"]

_TOKEN = regex.compile(r"[\p{L}.&]+|\d+")
_HAS_DIGIT = regex.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")
_DATE_SHAPE = regex.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b")
_NAME_WORD = regex.compile(r"[\p{Lu}\d][\p{L}\d.'’\-]*")
_ITEM_REASONS = frozenset({"byline", "date or reading-time line"})
_LISTING_MIN = 8  # this many bylines or date lines: a listing's items (or a thread's posts) carry them


def _has_digit(key: str) -> bool:
    """``_HAS_DIGIT.search(key)``: on ASCII, where ``\\d`` is ``[0-9]``, by the stdlib's engine."""
    if key.isascii():
        return _ASCII_DIGIT.search(key) is not None
    return _HAS_DIGIT.search(key, 0, None, False) is not None


class Bylines(LineCleaner):
    """Drops "By Jane Doe", "Date:", "Published: 3 May 2024", "5 min read", and
    section labels such as "World News" above the first paragraph."""

    name: ClassVar[str] = "bylines"
    context_free: ClassVar[bool] = False  # section labels are judged by their place
    max_chars: ClassVar[int] = 120

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        key = line.key
        if key.endswith((":", "\n")) and lexicon.metadata_label.match(key):
            return "empty metadata label"
        # (0, None, False): pos, endpos and concurrent (no GIL release), by position (see base.py)
        starts = lexicon.byline_starts
        # a key that begins with no byline prefix, nor with leading furniture, cannot match it
        if line.words <= 10 and not line.text.endswith(("!", "?")) and (
                starts is None or key.startswith(starts) or lead_char(key[:1])):
            found = lexicon.byline.match(key, 0, None, False)
            if found is not None:
                # The name part, in the original case: capitalised words, at most six.
                rest = line.text[len(line.text) - len(found.group("rest")):]
                names = rest.replace(",", " ").replace(" and ", " ").split()
                if names and len(names) <= 6 and all(_NAME_WORD.match(w) or w in ("&", "|") for w in names[:3]):
                    return "byline"
        if _has_digit(key) or any(w in lexicon.date_words for w in key.split()[:2]):
            tokens = _TOKEN.findall(key)
            dates = lexicon.date_words
            if tokens and all(t.isdigit() or t.strip(".") in dates or t in dates for t in tokens):
                has_word = any(not t.isdigit() for t in tokens)
                if (has_word and (len(tokens) > 1 or _HAS_DIGIT.search(key))) or _DATE_SHAPE.search(key):
                    return "date or reading-time line"
        return None

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Run the line checks, then drop section labels in the header area.

        Bylines and date lines are dropped only while there are fewer than eight
        of them: a page that gives a byline or a date to every item it lists
        (an index of posts, a list of events, a comment thread) keeps them with
        the items. Settle rounds run this again in full, since the count depends
        on what else is still kept.
        """
        # check() reads a line's text, key and word count alone: what it said of a text is kept
        # for the document's next settle round (doc.cache lives as long as the document).
        memo = doc.cache.get("bylines")
        if memo is None or memo[0] is not lexicon:
            memo = doc.cache["bylines"] = (lexicon, {})
        found = self.verdicts(doc, lexicon, memo[1])
        listed = sum(reason in _ITEM_REASONS for _, reason in found) >= _LISTING_MIN
        for line, reason in found:
            if not (listed and reason in _ITEM_REASONS):
                doc.drop(line, self.name, reason)
        self._section_labels(doc, lexicon)

    def _section_labels(self, doc: Document, lexicon: Lexicon) -> None:
        header_end = first_prose_position(doc)
        words = lexicon.section_words
        for line in doc.lines[:header_end]:
            if line.keep and line.words <= 4:
                tokens = _TOKEN.findall(line.key)
                if tokens and all(t in words for t in tokens):
                    doc.drop(line, self.name, "section label")
