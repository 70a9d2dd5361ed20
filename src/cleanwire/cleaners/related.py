"""Remove related-story blocks: list headers, teaser runs, tagged headlines, bullet links.

Example:
    >>> from cleanwire import clean
    >>> text = ("The strike ended.\\n\\nRelated\\nAirport counts the cost of strike\\n"
    ...         "The bitter balance of the strike, which...\\nUnions plan new walkouts\\n"
    ...         "The next round of talks, which...")
    >>> clean(text)
    'The strike ended.'
    >>> print(clean("The strike ended on Friday.\\n\\nRelated\\nWhat happens next\\nTalks resume next week."))
    The strike ended on Friday.
    <BLANKLINE>
    What happens next
    Talks resume next week.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicon import Lexicon, compile_full_line
from .base import is_headline_like, is_prose

__all__ = ["RelatedLinks"]

_BRACKET_TAG = regex.compile(r"\S\s*\[\p{Lu}[\p{Lu}\d '’&/-]{1,30}\]$")
_PAREN_TAG = regex.compile(r"\S\s*\((?:VIDEO|WATCH|PICTURES|PICS|PHOTOS|POLL|LIVE|LATEST|UPDATE|EXCLUSIVE)\)$")
_ELLIPSIS_END = regex.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\])$")
_SENTENCE_BREAK = regex.compile(r"[.!?][\"'’”]?\s+\p{Lu}")
_BULLET = regex.compile(r"^[•·▪►▸◦‣∙]\s*")
# Cheap necessary conditions for the patterns above ("$" also matches before a final newline).
_ELLIPSIS_ENDINGS = ("...", "…", "]", "\n")
_TAG_ENDINGS = ("]", ")", "\n")
_BULLETS = frozenset("•·▪►▸◦‣∙")


def _is_truncated(line: Line) -> bool:
    text = line.text
    return (text.endswith(_ELLIPSIS_ENDINGS) and _ELLIPSIS_END.search(text) is not None and line.words <= 45
            and not _SENTENCE_BREAK.search(text))


class RelatedLinks:
    """Drops "More like this"/"Related"/"Popular" headers, headlines tagged "[UPDATE]" or
    "[INSIGHT]", runs of headline + cut-off summary pairs, and a lone bulleted headline
    between paragraphs.

    A header never takes the lines under it along: a teaser list goes when its own lines
    show it (headline + summary pairs cut off with "..."), or when the layout model
    judges it; a subheading or a list that happens to sit under a header stays."""

    name: ClassVar[str] = "related"

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = tuple(extra)
        self._extra = compile_full_line(self.extra) if self.extra else None

    def __repr__(self) -> str:
        return f"RelatedLinks(extra={self.extra!r})" if self.extra else "RelatedLinks()"

    def _is_header(self, line: Line, lexicon: Lexicon) -> bool:
        if line.words > 10 or len(line.text) > 80:
            return False
        if lexicon.full_line("related_header", line.key):
            return True
        return self._extra is not None and bool(self._extra.match(line.key))

    @staticmethod
    def _teaser_pair(kept: list[Line], i: int) -> bool:
        """True when kept[i] is a cut-off summary under a headline-like kept[i - 1]."""
        return 0 < i < len(kept) and _is_truncated(kept[i]) and is_headline_like(kept[i - 1], 20)

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Mark related-story headers, teasers, tagged headlines and bullet links."""
        self.line_checks(doc, lexicon)
        self._in_context(doc)

    def line_checks(self, doc: Document, lexicon: Lexicon) -> None:
        """The checks of a line alone: headers and bracket-tagged headlines.

        A header goes alone: what follows it is judged on its own and in the context of
        the kept text (teaser runs, the layout model), never because a header sits
        above it, so a header planted above a subheading or a list cannot take it away.
        """
        for line in doc.lines:
            if not line.keep:
                continue
            text = line.text
            if self._is_header(line, lexicon):
                doc.drop(line, self.name, "related-links header")
            elif (len(text) < 300 and text.endswith(_TAG_ENDINGS)
                  and (_BRACKET_TAG.search(text) or _PAREN_TAG.search(text))):
                doc.drop(line, self.name, "related headline with a bracket tag")

    def reapply(self, doc: Document, lexicon: Lexicon) -> None:
        """The checks in context: runs of teaser pairs and lone bullet links (the pipeline runs
        them after every cleaner's line checks, and again in settle rounds)."""
        # A subclass that changed the checks gets them all again.
        if type(self).apply is not RelatedLinks.apply or type(self)._is_header is not RelatedLinks._is_header:
            self.apply(doc, lexicon)
            return
        self._in_context(doc)

    def _in_context(self, doc: Document) -> None:
        kept = [line for line in doc.lines if line.keep]
        n = len(kept)
        for i, line in enumerate(kept):
            if self._teaser_pair(kept, i) and (self._teaser_pair(kept, i - 2) or self._teaser_pair(kept, i + 2)):
                # A run of headline + cut-off summary pairs: a teaser list without a header.
                doc.drop(kept[i - 1], self.name, "teaser headline")
                doc.drop(line, self.name, "teaser cut off with an ellipsis")
            elif (line.text[:1] in _BULLETS and 0 < i < n - 1 and is_prose(kept[i - 1]) and is_prose(kept[i + 1])
                  and is_headline_like(line, 30)):
                # Between two paragraphs: next to anything else (another bullet, a heading, a line
                # some later rule removes) it may be an item of the article's own list.
                doc.drop(line, self.name, "bulleted related link")
