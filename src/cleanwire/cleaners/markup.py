"""Remove stray markup: lines with no letters or digits, and lone HTML tags.

Example:
    >>> from cleanwire import clean
    >>> clean(">\\nRussian soldiers are refusing to fight.")
    'Russian soldiers are refusing to fight.'
"""

from __future__ import annotations

from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["StrayMarkup"]

_HAS_WORD = regex.compile(r"\w")
_LONE_TAG = regex.compile(r"^(?:</?[a-zA-Z][a-zA-Z0-9]*\b[^<>]{0,200}/?>\s*)+$")
_BARE_TAG = regex.compile(r"^(?:</?[a-zA-Z][a-zA-Z0-9]*\s*/?>\s*)+$")
_ATTRIBUTE = regex.compile(r"\s[\w:-]+=[\"'{]")  # name="value": markup written out, not a stray tag
_CODE_MARK = regex.compile(
    r"[{}]|;\s*$|\w=|\s=\s|=>|[(\[,]\s*$|^\s*[)\]]"
    r"|^(?:return|function|def|class|import|export|const|let|var|if|else|for|while)\b"
)


class StrayMarkup(LineCleaner):
    """Drops lines made only of symbols (``>``, ``|``, ``* * *``) and lone HTML tags.

    A tag with attributes (``<img className="avatar" />``), or next to a line of code
    (braces, a closing ``;`` or bracket, an ``=``, a keyword such as ``return``, or a tag
    with attributes or text), belongs to a code sample and stays.
    """

    name: ClassVar[str] = "stray_markup"
    context_free: ClassVar[bool] = False  # a tag is judged by its neighbours

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        if not _HAS_WORD.search(line.text):
            return "no letters or digits"
        return None

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Run the line check, then drop lone tags that do not sit in a code sample.

        A tag's neighbours are read as they were before the line check, so the ``}`` and
        ``);`` lines of a code sample still mark the tags between them as code.
        """
        kept = [line for line in doc.lines if line.keep]
        super().apply(doc, lexicon)
        for i, line in enumerate(kept):
            if line.keep and line.text[0] == "<" and _LONE_TAG.match(line.text) and not _ATTRIBUTE.search(line.text):
                neighbours = kept[max(0, i - 1):i] + kept[i + 1:i + 2]
                if not any(_is_code(n.text) for n in neighbours):
                    doc.drop(line, self.name, "stray HTML tag")


def _is_code(text: str) -> bool:
    """A line of a code sample: code punctuation, or markup that is more than a bare tag."""
    if _CODE_MARK.search(text):
        return True
    return text[0] == "<" and _BARE_TAG.match(text) is None
