"""Remove comment prompts, comment-form labels and the reader-comment thread under an article.

Example:
    >>> from cleanwire import clean
    >>> clean("It was a long day.\\nLEAVE A REPLY\\nPlease enter your comment!")
    'It was a long day.'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ..document import Document, Line
from ..lexicon import Lexicon
from .base import PhraseCleaner, is_prose

__all__ = ["CommentPrompts", "comment_thread_start"]

_MIN_HEADERS = 3  # "Jane says" lines that make a thread
_MIN_NAMES = 2  # distinct commenters among them
_MAX_GAP = 20  # lines between two headers of one thread
_MIN_PROSE_ABOVE = 50  # words of prose above the thread: the article it sits under
_HEADER_WORDS = 10
_HEADER_CHARS = 80


def _header_name(line: Line, lexicon: Lexicon) -> str | None:
    """The commenter's name when *line* is a comment header ("2. Jane Doe says:"), else None."""
    if line.words > _HEADER_WORDS or len(line.text) > _HEADER_CHARS:
        return None
    if not line.key.endswith(lexicon.comment_header_ends):
        return None
    found = lexicon.comment_header.match(line.key)
    if found is None:
        return None
    name = found["name"]
    # "What the study says" is a heading, not a commenter.
    return None if name.split(" ", 1)[0] in lexicon.stopwords else name


def comment_thread_start(lines: Sequence[Line], lexicon: Lexicon) -> int:
    """The index in *lines* of the first header of a reader-comment thread under the text, or -1.

    A thread is three or more comment headers ("Jane says", "2. Tom Baker says:"),
    by at least two commenters, each within twenty lines of the one before. It counts
    only below an article: with fifty words of prose or more above its first header,
    and no more prose below its last header than above its first (a "says" list above
    the article, such as a recent-comments box, is not a thread under it).

    Example:
        >>> from cleanwire.document import Document
        >>> from cleanwire.lexicon import lexicon_for
        >>> story = "The council met on Monday and voted to keep the old library open for ten more years."
        >>> doc = Document.from_text("\\n".join([story] * 3 + ["Ann says", "Great news!", "Bob says", "Agreed.",
        ...                                                   "Ann says", "Thanks Bob."]))
        >>> comment_thread_start(doc.lines, lexicon_for("en"))
        3
    """
    headers = [(i, name) for i, line in enumerate(lines) if (name := _header_name(line, lexicon)) is not None]
    if len(headers) < _MIN_HEADERS:
        return -1
    run = [headers[0]]
    for header in headers[1:]:
        if header[0] - run[-1][0] > _MAX_GAP:
            if _is_thread(lines, run):
                break
            run = []
        run.append(header)
    if not _is_thread(lines, run):
        return -1
    return run[0][0]


def _is_thread(lines: Sequence[Line], run: list[tuple[int, str]]) -> bool:
    if len(run) < _MIN_HEADERS or len({name for _, name in run}) < _MIN_NAMES:
        return False
    first, last = run[0][0], run[-1][0]
    above = sum(line.words for line in lines[:first] if is_prose(line))
    below = sum(line.words for line in lines[last + 1:] if is_prose(line))
    return above >= _MIN_PROSE_ABOVE and below <= above


class CommentPrompts(PhraseCleaner):
    """Drops "Leave a reply", "Please enter your name here", "12 comments" and kin, and the
    reader-comment thread under an article: from its first "Jane says" header to the end
    (see :func:`comment_thread_start`)."""

    name: ClassVar[str] = "comments"
    context_free: ClassVar[bool] = False
    max_chars: ClassVar[int] = 240
    family: ClassVar[str] = "comment_line"
    reason: ClassVar[str] = "comment prompt or form label"

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Drop comment prompts and form labels, then the comment thread under the article."""
        super().apply(doc, lexicon)
        self._drop_thread(doc, lexicon)

    def line_checks(self, doc: Document, lexicon: Lexicon) -> None:
        """The comment prompts and form labels (phrases judged on the line alone)."""
        PhraseCleaner.apply(self, doc, lexicon)

    def reapply(self, doc: Document, lexicon: Lexicon) -> None:
        """The checks in context: the comment thread (the pipeline's second pass, and settle rounds).

        A subclass that changed the line checks gets them all again.
        """
        if type(self).check is not CommentPrompts.check or type(self).apply is not CommentPrompts.apply:
            self.apply(doc, lexicon)
            return
        self._drop_thread(doc, lexicon)

    def _drop_thread(self, doc: Document, lexicon: Lexicon) -> None:
        # The headers the phrases took ("Jane says:") still show where the thread is.
        lines = [line for line in doc.lines if line.keep or line.cleaner == self.name]
        start = comment_thread_start(lines, lexicon)
        if start < 0:
            return
        head = lines[start].text
        for line in lines[start:]:
            doc.drop(line, self.name, f"reader-comment thread (from {head!r})")
