"""Remove paragraphs repeated verbatim, and a caption glued onto a repeated paragraph.

Only the first occurrence of a paragraph stays when the copy follows within
three lines (a scraper's stutter); repeats further apart are often part of the
text itself. Only paragraphs are judged:
lines of ten words or more that end a sentence, or of twenty words or more.
Repeated short lines are usually subheadings or list items that belong to
the text ("Average GPA: 3.6", "How to adapt:").

Example:
    >>> from cleanwire import clean
    >>> para = "Prices rose again in May, the statistics office said on Friday."
    >>> clean(f"{para}\\n{para}\\nShops stayed open.")
    'Prices rose again in May, the statistics office said on Friday.\\nShops stayed open.'
"""

from __future__ import annotations

from typing import ClassVar

from ..document import Document
from ..lexicon import Lexicon

__all__ = ["RepeatedParagraphs"]


class RepeatedParagraphs:
    """Drops repeats of an earlier paragraph, and a line that is a short prefix plus the next line."""

    name: ClassVar[str] = "duplicates"
    min_words: ClassVar[int] = 10
    min_words_unpunctuated: ClassVar[int] = 20
    window: ClassVar[int] = 3
    """How many kept lines back a repeat may sit: a scraper's stutter, not a paragraph
    the text itself repeats further on (a question in a table of contents and as a heading)."""

    def __repr__(self) -> str:
        return "RepeatedParagraphs()"

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Mark later copies of a paragraph and caption-prefixed repeats."""
        seen: dict[str, int] = {}
        kept = [line for line in doc.lines if line.keep]
        for i, line in enumerate(kept):
            if line.words < self.min_words or (line.words < self.min_words_unpunctuated and not line.ends_sentence):
                continue
            key = line.key
            if i - seen.get(key, -self.window - 1) <= self.window:
                doc.drop(line, self.name, "repeats a paragraph just above")
                continue
            seen[key] = i
            if i + 1 < len(kept):
                nxt = kept[i + 1].key
                if (kept[i + 1].words >= 6 and len(key) > len(nxt) and key.endswith(nxt)
                        and key[len(key) - len(nxt) - 1] == " " and line.words - kept[i + 1].words <= 40):
                    doc.drop(line, self.name, "caption glued to the paragraph that follows")
