"""Remove paragraphs repeated verbatim, and a caption glued onto a repeated paragraph.

Only the first occurrence of a paragraph stays. Very short lines (under four
words) are not judged here: repeated short lines are usually list items.

Example:
    >>> from cleanwire import clean
    >>> clean("Prices rose again in May.\\nPrices rose again in May.\\nShops stayed open.")
    'Prices rose again in May.\\nShops stayed open.'
"""

from __future__ import annotations

from typing import ClassVar

from ..document import Document
from ..lexicon import Lexicon

__all__ = ["RepeatedParagraphs"]


class RepeatedParagraphs:
    """Drops repeats of an earlier paragraph, and a line that is a short prefix plus the next line."""

    name: ClassVar[str] = "duplicates"
    min_words: ClassVar[int] = 4

    def __repr__(self) -> str:
        return "RepeatedParagraphs()"

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Mark later copies of a paragraph and caption-prefixed repeats."""
        seen: set[str] = set()
        kept = [line for line in doc.lines if line.keep]
        for i, line in enumerate(kept):
            if line.words < self.min_words:
                continue
            key = line.key
            if key in seen:
                doc.drop(line, self.name, "repeats an earlier paragraph")
                continue
            seen.add(key)
            if i + 1 < len(kept):
                nxt = kept[i + 1].key
                if (kept[i + 1].words >= 6 and len(key) > len(nxt) and key.endswith(nxt)
                        and key[len(key) - len(nxt) - 1] == " " and line.words - kept[i + 1].words <= 40):
                    doc.drop(line, self.name, "caption glued to the paragraph that follows")
