"""Remove stray markup: lines with no letters or digits, and lone HTML tags.

Example:
    >>> from cleanwire import clean
    >>> clean(">\\nRussian soldiers are refusing to fight.")
    'Russian soldiers are refusing to fight.'
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["StrayMarkup"]

_HAS_WORD = regex.compile(r"\w")
_ASCII_WORD = re.compile(r"[0-9A-Za-z_]")  # _HAS_WORD on ASCII text, by the stdlib's engine
_ASCII_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")  # \w on ASCII
_LONE_TAG = regex.compile(r"^(?:</?[a-zA-Z][a-zA-Z0-9]*\b[^<>]{0,200}/?>\s*)+$")
_BARE_TAG = regex.compile(r"^(?:</?[a-zA-Z][a-zA-Z0-9]*\s*/?>\s*)+$")
_ATTRIBUTE = regex.compile(r"\s[\w:-]+=[\"'{]")  # name="value": markup written out, not a stray tag
_CODE_PUNCTUATION = regex.compile(r"^[\s{}()\[\];,]+$")  # "}", ");", "},": the end of a code block
_CODE_PUNCTUATION_START = frozenset("{}()[];,")  # a cheap first test (lines are stripped)
_WINDOW = 2  # lines above and below a tag in which a line of code makes it part of a code sample
_CODE_MARK = regex.compile(
    r"[{}]|;\s*$|\w=|\s=\s|=>|[(\[,]\s*$|^\s*[)\]]"
    r"|^(?:return|function|def|class|import|export|const|let|var|if|else|for|while)\b"
)


class StrayMarkup(LineCleaner):
    """Drops lines made only of symbols (``>``, ``|``, ``* * *``) and lone HTML tags.

    A lone tag or a line of code punctuation (``}``, ``);``) within two lines of a line
    of code (braces, a closing ``;`` or bracket, an ``=``, a keyword such as ``return``,
    or a tag with attributes or text) belongs to a code sample and stays, as does a tag
    with attributes (``<img className="avatar" />``).
    """

    name: ClassVar[str] = "stray_markup"
    context_free: ClassVar[bool] = False  # a tag is judged by its neighbours

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        text = line.text
        if text[:1] in _ASCII_WORD_CHARS:  # a word character: _HAS_WORD finds one ("" is not in it)
            return None
        if text.isascii():
            has_word = _ASCII_WORD.search(text) is not None
        else:
            has_word = _HAS_WORD.search(text, 0, None, False) is not None
        if not has_word and not _CODE_PUNCTUATION.match(text):
            return "no letters or digits"
        return None

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Run the line check, then drop the lone tags and code punctuation that do not
        sit in a code sample: no line of code within two lines of them."""
        self.line_checks(doc, lexicon)
        self.reapply(doc, lexicon)

    def line_checks(self, doc: Document, lexicon: Lexicon) -> None:
        """Lines without a letter or digit (judged alone)."""
        LineCleaner.apply(self, doc, lexicon)

    def reapply(self, doc: Document, lexicon: Lexicon) -> None:
        """The lone tags and code punctuation outside a code sample (judged by their neighbours)."""
        lines = doc.lines
        for i, line in enumerate(lines):
            if not line.keep:
                continue
            text = line.text
            if text[0] == "<":
                if not _LONE_TAG.match(text) or _ATTRIBUTE.search(text):
                    continue
                reason = "stray HTML tag"
            elif text[0] in _CODE_PUNCTUATION_START and _CODE_PUNCTUATION.match(text):
                reason = "no letters or digits"
            else:
                continue
            window = lines[max(0, i - _WINDOW):i] + lines[i + 1:i + 1 + _WINDOW]
            if not any(_is_code(n.text) for n in window):
                doc.drop(line, self.name, reason)


def _is_code(text: str) -> bool:
    """A line of a code sample: code punctuation, or markup that is more than a bare tag."""
    if _CODE_MARK.search(text):
        return True
    return text[0] == "<" and _BARE_TAG.match(text) is None
