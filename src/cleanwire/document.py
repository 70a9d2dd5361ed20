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
from typing import Any, Literal

import regex

__all__ = ["Decision", "Document", "Line", "word_tokens"]

_WORD = regex.compile(r"\w+")
# Chinese and Japanese are written without spaces between words: a run of their characters
# counts as one word per two characters (a Chinese word is one to four characters, two on
# average), so a sentence of them is not taken for one long word. Fixed code point ranges
# (kana, CJK ideographs and their extensions), the same in the native engine.
_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = regex.compile(f"[{_CJK_RANGES}]")
_CJK_RUN = regex.compile(f"[{_CJK_RANGES}]+")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Guillemets are not mapped to '"': in keys, "»"/"«" are mostly arrows ("Read more »"), and the
# lexicon's lead/trail patterns match them as list furniture.
_QUOTE_KEY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                            "\u2032": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"',
                            "\u201e": '"', "\u201f": '"',
                            "\u2013": "-", "\u2014": "-", "\u2026": "..."})
# Cheap stdlib checks that let clean lines skip the costlier steps (same results).
_WIDE_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")  # _SPACES beyond " " and tab
# _QUOTE_KEY as a chain of str.replace (~15x faster than str.translate with a dict on non-ASCII text);
# no replacement produces a character that is replaced later, so the result is the same.
_KEY_REPLACEMENTS: tuple[tuple[str, str], ...] = tuple((chr(k), str(v)) for k, v in _QUOTE_KEY.items())
# ASCII word characters to "a", every other byte to a space: ``\w+`` runs on an ASCII line are
# then the "a" at its start (if any) plus every " a" (a word start), counted in C. The characters
# _QUOTE_KEY maps are no word characters and map to none, so a line that is ASCII once they are
# mapped has the same runs.
_ASCII_WORD_START = bytes(0x61 if b < 0x80 and (chr(b).isalnum() or b == 0x5F) else 0x20 for b in range(256))
_CLOSERS = "\"')]»”’"
_FINAL = frozenset(".!?:;…。！？")


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
    quotes and single spaces, for matching. ``words`` counts its words (:func:`word_tokens`).
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
    return _SPACES.sub(" ", _map_key_chars(text)).strip().casefold()


def _map_key_chars(text: str) -> str:
    """*text* with the characters of ``_QUOTE_KEY`` mapped (curly quotes, dashes, ellipsis)."""
    if not text.isascii():
        for char, ascii_form in _KEY_REPLACEMENTS:
            if char in text:
                text = text.replace(char, ascii_form)
    return text


def word_tokens(text: str) -> list[str]:
    """The words of *text*: its ``\\w+`` runs, with each run of Chinese or Japanese characters
    inside them cut into pieces of two characters (the last may have one).

    Example:
        >>> word_tokens("Hello, world")
        ['Hello', 'world']
        >>> word_tokens("北京市政府周一宣布。Beijing2024年")
        ['北京', '市政', '府周', '一宣', '布', 'Beijing2024', '年']
    """
    tokens = _WORD.findall(text)
    if text.isascii() or _CJK.search(text) is None:
        return tokens
    out: list[str] = []
    for token in tokens:
        at = 0
        for run in _CJK_RUN.finditer(token):
            start, end = run.span()
            if start > at:
                out.append(token[at:start])
            out.extend(token[i:min(i + 2, end)] for i in range(start, end, 2))
            at = end
        if at < len(token):
            out.append(token[at:])
    return out


def _count_words(text: str) -> int:
    """The number of words of *text* (:func:`word_tokens`)."""
    mapped = _map_key_chars(text)
    if mapped.isascii():
        classes = mapped.encode("ascii").translate(_ASCII_WORD_START)
        return classes.count(b" a") + (classes[:1] == b"a")
    return len(word_tokens(text))


@dataclass(slots=True, eq=False)
class Document:
    """The lines of one text, the document facts, and the trace of decisions.

    ``explain`` tells cleaners whether anyone will read the reasons: when it is
    False (as in :meth:`Pipeline.clean <cleanwire.pipeline.Pipeline.clean>`), a
    cleaner may record a shorter reason instead of computing a costly one. The
    keep/drop decisions never depend on it.

    ``cache`` holds what cleaners worked out from a line's text alone, for the next look at
    the same texts: :meth:`kept_view` shares it with the view, so a settle round does not
    work out again what only the line's own text decides. Nothing in it changes a result.
    """

    lines: list[Line]
    language: str = "en"
    trace: list[Decision] = field(default_factory=list)
    trailing_newline: bool = False
    explain: bool = True
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, text: str) -> Document:
        """Split *text* into lines; blank lines become ``blank_before`` counts."""
        lines: list[Line] = []
        append = lines.append
        word_start = _ASCII_WORD_START
        words = word_tokens
        blank = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            stripped = raw.strip()
            if not stripped:
                blank += 1
                continue
            if stripped.isascii():  # the common case: no quote to map, only tabs and spaces to squeeze
                if "  " in stripped or "\t" in stripped:
                    stripped = _SPACES.sub(" ", stripped)
                mapped = stripped
            else:
                if "  " in stripped or "\t" in stripped or _WIDE_SPACE.search(stripped):
                    stripped = _SPACES.sub(" ", stripped)
                mapped = stripped
                for char, ascii_form in _KEY_REPLACEMENTS:
                    if char in mapped:
                        mapped = mapped.replace(char, ascii_form)
            if mapped.isascii():
                classes = mapped.encode("ascii").translate(word_start)
                count = classes.count(b" a") + (classes[0] == 0x61)
            else:
                count = len(words(stripped))
            key = mapped.casefold()
            # number, position, text, indent, blank_before, key, words
            append(Line(number, len(lines), stripped, 0 if raw[0] == stripped[0] else len(raw) - len(raw.lstrip()),
                        blank, key, count))
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
        line.words = _count_words(new_text)

    def render(self) -> str:
        """Join the kept lines: one newline inside a paragraph, a blank line between paragraphs."""
        parts: list[str] = []
        for line, gap in self._kept_with_gaps():
            if parts:
                parts.append("\n\n" if gap else "\n")
            parts.append(line.text)
        return "".join(parts)

    def _kept_with_gaps(self) -> Iterator[tuple[Line, bool]]:
        """The kept lines, each with whether a blank line (above it or above a dropped line
        between it and the previous kept line) separates it from the text before."""
        gap = False
        for line in self.lines:
            if line.blank_before:
                gap = True
            if not line.keep:
                continue
            yield line, gap
            gap = False

    def kept_gaps(self) -> tuple[list[Line], list[bool]]:
        """The kept lines, and for each whether :meth:`render` puts a blank line above it.

        A blank line above a kept line, or above a dropped line between it and the
        previous kept line, counts; the first kept line has none. This is the layout
        the rendered text will have, so a removed line, whatever blank lines it had
        around it, changes nothing here.

        Example:
            >>> doc = Document.from_text("\\nTitle\\n\\nShare\\nBody text.")
            >>> doc.drop(doc.lines[1], "social", "share widget")
            True
            >>> lines, gaps = doc.kept_gaps()
            >>> [line.text for line in lines], gaps
            (['Title', 'Body text.'], [False, True])
        """
        lines: list[Line] = []
        gaps: list[bool] = []
        for line, gap in self._kept_with_gaps():
            gaps.append(gap and bool(lines))
            lines.append(line)
        return lines, gaps

    def kept_view(self) -> tuple[Document, list[Line]]:
        """A new document of the kept lines as :meth:`render` would lay them out.

        Blank-line runs shrink to one and indentation goes, exactly as when the
        rendered text is split again. Returns the view and, position by
        position, the original line behind each of its lines.
        """
        originals: list[Line] = []
        lines: list[Line] = []
        for line, gap in self._kept_with_gaps():
            # number, position, text, indent, blank_before, key, words
            lines.append(Line(line.number, len(lines), line.text, 0, 1 if gap and lines else 0, line.key, line.words))
            originals.append(line)
        return Document(lines=lines, language=self.language, explain=self.explain, cache=self.cache), originals
