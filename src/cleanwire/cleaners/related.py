"""Remove related-story blocks: list headers and their teasers, tagged headlines, bullet links.

Example:
    >>> from cleanwire import clean
    >>> text = ("The strike ended.\\n\\nRelated\\nAirport counts the cost of strike\\n"
    ...         "The bitter balance of the strike, which...")
    >>> clean(text)
    'The strike ended.'
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


def _is_teaser(line: Line) -> bool:
    return _is_truncated(line) or is_headline_like(line, 20) or (line.words <= 12 and not is_prose(line))


class RelatedLinks:
    """Drops "More like this"/"Related"/"Popular" headers with the teasers under them,
    headlines tagged "[UPDATE]" or "[INSIGHT]", headline + cut-off summary pairs,
    and a lone bulleted headline between paragraphs."""

    name: ClassVar[str] = "related"

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = tuple(extra)
        self._extra = compile_full_line(self.extra) if self.extra else None

    def __repr__(self) -> str:
        return f"RelatedLinks(extra={self.extra!r})" if self.extra else "RelatedLinks()"

    def _is_header(self, line: Line, lexicon: Lexicon) -> bool:
        if line.words > 10 or len(line.text) > 80:
            return False
        if lexicon.related_header.match(line.key):
            return True
        return self._extra is not None and bool(self._extra.match(line.key))

    @staticmethod
    def _teaser_pair(kept: list[Line], i: int) -> bool:
        """True when kept[i] is a cut-off summary under a headline-like kept[i - 1]."""
        return 0 < i < len(kept) and _is_truncated(kept[i]) and is_headline_like(kept[i - 1], 20)

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Mark related-story headers, teasers, tagged headlines and bullet links."""
        self._mark(doc, lexicon, settled=False)

    def reapply(self, doc: Document, lexicon: Lexicon) -> None:
        """Run again on lines this cleaner has kept before: only the checks that look at context.

        Headers and bracket-tagged headlines are judged on the line alone, so a line
        that passed them once passes them again (the pipeline calls this in settle
        rounds with the same lexicon); teaser pairs and bullet links depend on the
        neighbours.
        """
        # A subclass that changed the checks gets them all again.
        if type(self).apply is not RelatedLinks.apply or type(self)._is_header is not RelatedLinks._is_header:
            self.apply(doc, lexicon)
            return
        self._mark(doc, lexicon, settled=True)

    def _mark(self, doc: Document, lexicon: Lexicon, settled: bool) -> None:
        kept = [line for line in doc.lines if line.keep]
        n = len(kept)
        i = 0
        while i < n:
            line = kept[i]
            if not settled and self._is_header(line, lexicon):
                doc.drop(line, self.name, "related-links header")
                j = i + 1
                while j < n:
                    if self._is_header(kept[j], lexicon):
                        doc.drop(kept[j], self.name, "related-links header")
                    elif _is_teaser(kept[j]):
                        doc.drop(kept[j], self.name, "teaser under a related-links header")
                    else:
                        break
                    j += 1
                i = j
                continue
            text = line.text
            if (not settled and len(text) < 300 and text.endswith(_TAG_ENDINGS)
                    and (_BRACKET_TAG.search(text) or _PAREN_TAG.search(text))):
                doc.drop(line, self.name, "related headline with a bracket tag")
            elif self._teaser_pair(kept, i) and (self._teaser_pair(kept, i - 2) or self._teaser_pair(kept, i + 2)):
                # A run of headline + cut-off summary pairs: a teaser list without a header.
                doc.drop(kept[i - 1], self.name, "teaser headline")
                doc.drop(line, self.name, "teaser cut off with an ellipsis")
            elif text[:1] in _BULLETS and is_headline_like(line, 30):
                before = kept[i - 1].text if i > 0 else ""
                after = kept[i + 1].text if i + 1 < n else ""
                if before[:1] not in _BULLETS and after[:1] not in _BULLETS:
                    doc.drop(line, self.name, "bulleted related link")
            i += 1
