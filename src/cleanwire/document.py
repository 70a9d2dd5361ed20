"""The block model: one place that splits text into lines and one that renders it.

A :class:`Document` holds the non-blank lines of the input as :class:`Line`
objects. Cleaners never edit text; they call :meth:`Document.drop` to mark a
line, naming themselves and a reason. Normalizers may rewrite the text of kept
lines through :meth:`Document.change`, which records the change. Every
decision lands in :attr:`Document.trace`.

Example:
    >>> doc = Document.from_text("Title\\n\\nBody text.\\n>")
    >>> [line.text for line in doc.lines]
    ['Title', 'Body text.', '>']
    >>> doc.drop(doc.lines[2], "stray_markup", "no letters or digits")
    True
    >>> doc.render()
    'Title\\n\\nBody text.'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import regex

__all__ = ["Decision", "Document", "Line"]

_WORD = regex.compile(r"\w+")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Guillemets are not mapped to '"': in keys, "»"/"«" are mostly arrows ("Read more »"), and the
# lexicon's lead/trail patterns match them as list furniture.
_QUOTE_KEY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                            "\u2032": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"',
                            "\u201e": '"', "\u201f": '"',
                            "\u2013": "-", "\u2014": "-", "\u2026": "..."})
# Cheap stdlib checks that let clean lines skip the costlier steps (same results).
_SPACES_NEEDED = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]|  ")
_KEY_MAPPED = re.compile(r"[\u2018\u2019\u201a\u201b\u2032\u00b4\u201c-\u201f\u2013\u2014\u2026]")
_ASCII_WORD = re.compile(r"\w+")
_CLOSERS = "\"')]»”’"
_FINAL = frozenset(".!?:;…")


@dataclass(frozen=True, slots=True)
class Decision:
    """One entry of the trace: a line dropped or changed, by whom and why.

    ``line`` is the 1-based line number in the input text. ``action`` is
    ``"drop"`` or ``"change"``; for changes ``new_text`` holds the result.

    Example:
        >>> Decision(3, "drop", "comments", "comment prompt", "LEAVE A REPLY")
        Decision(line=3, action='drop', cleaner='comments', reason='comment prompt', text='LEAVE A REPLY',
                 new_text=None)
    """

    line: int
    action: Literal["drop", "change"]
    cleaner: str
    reason: str
    text: str
    new_text: str | None = None


@dataclass(slots=True, eq=False)
class Line:
    """A non-blank line of the input and its keep/drop state.

    ``text`` is the stripped (and encoding-repaired) text; ``indent`` the
    count of leading whitespace characters in the original; ``blank_before``
    the number of blank lines directly above it; ``number`` its 1-based
    line number in the input. ``key`` is a case-folded form with straight
    quotes and single spaces, for matching. ``words`` counts ``\\w+`` tokens.
    """

    number: int
    position: int
    text: str
    indent: int
    blank_before: int
    key: str
    words: int
    keep: bool = True
    cleaner: str | None = None
    reason: str | None = None

    @property
    def ends_sentence(self) -> bool:
        """True when the line ends with sentence-final punctuation, possibly inside closing quotes or brackets.

        A bare closing bracket is not enough: ``"Minister resigns [UPDATE]"`` is a headline.
        """
        return self.text.rstrip(_CLOSERS)[-1:] in _FINAL


def line_key(text: str) -> str:
    """Return the matching form of *text*: case-folded, straight quotes, single spaces.

    Example:
        >>> line_key("  LEAVE  A \\u201cREPLY\\u201d ")
        'leave a "reply"'
    """
    return _SPACES.sub(" ", text.translate(_QUOTE_KEY)).strip().casefold()


@dataclass(slots=True, eq=False)
class Document:
    """The lines of one text, the document facts, and the trace of decisions."""

    lines: list[Line]
    language: str = "en"
    trace: list[Decision] = field(default_factory=list)
    trailing_newline: bool = False

    @classmethod
    def from_text(cls, text: str) -> Document:
        """Split *text* into lines; blank lines become ``blank_before`` counts."""
        lines: list[Line] = []
        blank = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            stripped = raw.strip()
            if not stripped:
                blank += 1
                continue
            text = _SPACES.sub(" ", stripped) if _SPACES_NEEDED.search(stripped) else stripped
            key = text.translate(_QUOTE_KEY) if _KEY_MAPPED.search(text) else text
            lines.append(Line(
                number=number,
                position=len(lines),
                text=text,
                indent=len(raw) - len(raw.lstrip()),
                blank_before=blank,
                key=key.casefold(),
                words=len((_ASCII_WORD if text.isascii() else _WORD).findall(text)),
            ))
            blank = 0
        return cls(lines=lines)

    def kept(self) -> Iterator[Line]:
        """Iterate over the lines still kept."""
        return (line for line in self.lines if line.keep)

    def drop(self, line: Line, cleaner: str, reason: str) -> bool:
        """Mark *line* dropped by *cleaner* for *reason*; return False if it already was."""
        if not line.keep:
            return False
        line.keep = False
        line.cleaner = cleaner
        line.reason = reason
        self.trace.append(Decision(line.number, "drop", cleaner, reason, line.text))
        return True

    def change(self, line: Line, new_text: str, cleaner: str, reason: str) -> None:
        """Replace the text of a kept *line* and record the change."""
        if new_text == line.text:
            return
        self.trace.append(Decision(line.number, "change", cleaner, reason, line.text, new_text))
        line.text = new_text
        line.key = line_key(new_text)
        line.words = len(_WORD.findall(new_text))

    def render(self) -> str:
        """Join the kept lines: one newline inside a paragraph, a blank line between paragraphs."""
        parts: list[str] = []
        gap = False
        for line in self.lines:
            if line.blank_before:
                gap = True
            if not line.keep:
                continue
            if parts:
                parts.append("\n\n" if gap else "\n")
            parts.append(line.text)
            gap = False
        return "".join(parts)

    def kept_view(self) -> tuple[Document, list[Line]]:
        """A new document of the kept lines as :meth:`render` would lay them out.

        Blank-line runs shrink to one and indentation goes, exactly as when the
        rendered text is split again. Returns the view and, position by
        position, the original line behind each of its lines.
        """
        originals: list[Line] = []
        lines: list[Line] = []
        gap = False
        for line in self.lines:
            if line.blank_before:
                gap = True
            if not line.keep:
                continue
            lines.append(Line(
                number=line.number, position=len(lines), text=line.text, indent=0,
                blank_before=1 if gap and lines else 0, key=line.key, words=line.words,
            ))
            originals.append(line)
            gap = False
        return Document(lines=lines, language=self.language), originals
