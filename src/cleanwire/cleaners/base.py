"""The cleaner interface, the helpers that adapt plain functions, and shared line shapes.

A cleaner is anything with a ``name`` and an ``apply(doc, lexicon)`` method
that marks lines of a :class:`~cleanwire.document.Document` as dropped (with
a reason) through ``doc.drop``. Cleaners never edit text.

Example:
    >>> from cleanwire.document import Document
    >>> from cleanwire.lexicon import lexicon_for
    >>> rule = FunctionCleaner(lambda text: "shouting" if text.isupper() else None, name="no_shouting")
    >>> doc = Document.from_text("HELLO\\nA calm line.")
    >>> rule.apply(doc, lexicon_for("en"))
    >>> doc.render()
    'A calm line.'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, Protocol, runtime_checkable

import regex

from ..document import Document, Line
from ..lexicon import Lexicon, compile_full_line

__all__ = [
    "Cleaner",
    "FunctionCleaner",
    "LineCleaner",
    "PhraseCleaner",
    "first_prose_position",
    "is_headline_like",
    "is_prose",
]


@runtime_checkable
class Cleaner(Protocol):
    """What the pipeline needs of a cleaner: a stable ``name`` and ``apply``.

    Optional: ``context_free = True`` (every verdict depends on the line alone: the
    pipeline runs it with the other line checks, before any check in context, and
    settle rounds with an unchanged language skip it); and, for a cleaner that does
    both, ``line_checks(doc, lexicon)`` (its checks of a line alone, run in the first
    pass) with ``reapply(doc, lexicon)`` (its checks in context, run in the second pass
    and in settle rounds). A cleaner with neither runs whole in the second pass.
    """

    @property
    def name(self) -> str:
        """The stable name used in pipelines and in the trace (a class attribute is fine)."""

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Mark lines of *doc* dropped via ``doc.drop(line, self.name, reason)``."""


class LineCleaner:
    """Base class for cleaners that judge each kept line on its own.

    Subclasses set ``name`` and implement :meth:`check`, returning a reason to
    drop or ``None``. ``extra`` holds user regular expressions (matched against
    the whole line key, see :func:`cleanwire.document.line_key`) that this
    cleaner drops as well, so a user can add phrases without forking.
    """

    name: ClassVar[str] = "line_cleaner"
    context_free: ClassVar[bool] = True
    """True when a verdict depends on the line alone; the pipeline then need not ask
    again about a line it already kept. Subclasses that look at context set False."""
    max_chars: ClassVar[int] = 400
    """Lines longer than this are never checked (cruft lines are short)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra: tuple[str, ...] = tuple(extra)
        self._extra = compile_full_line(self.extra) if self.extra else None

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        """Return why *line* is cruft, or ``None`` to keep it."""
        raise NotImplementedError

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Drop every kept line that :meth:`check` or an ``extra`` phrase rejects."""
        for line, reason in self.verdicts(doc, lexicon):
            doc.drop(line, self.name, reason)

    def verdicts(
        self, doc: Document, lexicon: Lexicon, memo: dict[str, tuple[str, int, str | None]] | None = None
    ) -> list[tuple[Line, str]]:
        """The kept lines that :meth:`check` or an ``extra`` phrase rejects, in order, with
        the reasons; nothing is dropped yet (a subclass may weigh them together first).

        *memo* (optional, one per document, cleaner and lexicon) keeps what :meth:`check` said
        of each text, for a cleaner whose check reads a line's text, key and word count alone
        and that runs again in each settle round.
        """
        extra = self._extra
        limit = self.max_chars
        check = self.check
        out: list[tuple[Line, str]] = []
        for line in doc.lines:
            if not line.keep or len(line.text) > limit:
                continue
            if extra is not None and extra.match(line.key):
                out.append((line, "matches a user phrase"))
                continue
            if memo is None:
                reason = check(line, lexicon)
            else:
                known = memo.get(line.text)
                if known is not None and known[0] == line.key and known[1] == line.words:
                    reason = known[2]
                else:
                    reason = check(line, lexicon)
                    memo[line.text] = (line.key, line.words, reason)
            if reason:
                out.append((line, reason))
        return out

    def __repr__(self) -> str:
        return f"{type(self).__name__}(extra={self.extra!r})" if self.extra else f"{type(self).__name__}()"


class PhraseCleaner(LineCleaner):
    """A line cleaner that is one phrase family of the lexicon.

    Subclasses set ``family`` (the :class:`~cleanwire.lexicon.Lexicon`
    attribute holding the compiled phrases), ``reason``, and ``anywhere``
    (search the whole line rather than match it whole). When the lexicon has
    a literal pre-check for the family (``Lexicon.prefilters``), lines it
    finds nothing in skip the family's regular expression: they cannot match.
    """

    family: ClassVar[str] = ""
    reason: ClassVar[str] = ""
    anywhere: ClassVar[bool] = False

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        """Return :attr:`reason` when the line carries (or is) a phrase of the family."""
        key = line.key
        prefilter = lexicon.prefilters.get(self.family)
        if prefilter is not None and prefilter.search(key) is None:
            return None
        pattern: regex.Pattern[str] = getattr(lexicon, self.family)
        found = pattern.search(key) if self.anywhere else pattern.match(key)
        return self.reason if found is not None else None

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Drop every kept line that carries a phrase of the family or an ``extra`` phrase.

        The same verdicts as :meth:`LineCleaner.apply` with :meth:`check`, in one
        loop; a subclass that overrides :meth:`check` gets the generic loop.
        """
        if type(self).check is not PhraseCleaner.check or not self.reason:
            super().apply(doc, lexicon)
            return
        found = self._finder(lexicon)
        maybe = lexicon.prefilter(self.family)
        extra = self._extra
        limit = self.max_chars
        name = self.name
        reason = self.reason
        for line in doc.lines:
            if not line.keep or len(line.text) > limit:
                continue
            key = line.key
            if extra is not None and extra.match(key):
                doc.drop(line, name, "matches a user phrase")
            elif (maybe is None or maybe(key)) and found(key):
                doc.drop(line, name, reason)

    def _finder(self, lexicon: Lexicon) -> Callable[[str], bool]:
        """Whether a key carries (or is) a phrase of the family: a full-line family by its
        :class:`~cleanwire.lexicon.FullLineFamily`, the same answers as its pattern."""
        family = None if self.anywhere else lexicon.families.get(self.family)
        if family is not None:
            return family.matches
        pattern: regex.Pattern[str] = getattr(lexicon, self.family)
        find = pattern.search if self.anywhere else pattern.match

        def found(key: str) -> bool:
            return find(key, 0, None, False) is not None

        return found


class FunctionCleaner:
    """Wrap a plain ``func(text) -> reason | bool | None`` as a line cleaner.

    A truthy return drops the line; a string return is used as the reason.
    """

    context_free = True
    """A plain function sees one line at a time."""

    def __init__(self, func: Callable[[str], object], name: str | None = None) -> None:
        self.func = func
        self.name: str = name or str(getattr(func, "__name__", "custom"))

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Drop each kept line for which the function returns something truthy."""
        for line in doc.lines:
            if line.keep:
                verdict = self.func(line.text)
                if verdict:
                    doc.drop(line, self.name, verdict if isinstance(verdict, str) else f"rejected by {self.name}")

    def __repr__(self) -> str:
        return f"FunctionCleaner({self.name!r})"


# Matching calls pass (pos, endpos, concurrent) = (0, None, False) by position: the same match,
# without releasing the GIL around it, which costs more than matching a short line (and
# keywords cost more than positions).
_HEADLINE_END = regex.compile(r"[.!?:;,]['\"\u2019\u201d)\]]*$")
_STARTS_UPPER = regex.compile(r"^[\W_]*[\p{Lu}\d]")


def is_headline_like(line: Line, max_words: int = 25) -> bool:
    """A short line that starts with a capital or digit and ends without sentence punctuation."""
    return 2 <= line.words <= max_words and not _HEADLINE_END.search(line.text) and bool(_STARTS_UPPER.match(line.text))


def is_prose(line: Line) -> bool:
    """A line that reads like running text: ten words or more ending a sentence, or thirty words."""
    return line.words >= 30 or (line.words >= 10 and line.ends_sentence)


def first_prose_position(doc: Document) -> int:
    """Position of the first kept prose line (``len(doc.lines)`` when there is none)."""
    for line in doc.lines:
        if line.keep and is_prose(line):
            return line.position
    return len(doc.lines)
