"""Ordering, composition and presets of cleaners, and the result form.

The data flow of one call:

1. **repair**: lines that show mojibake, entities or control characters go
   through ftfy (``repair_encoding`` in the trace);
2. **split** into a :class:`~cleanwire.document.Document` of lines;
3. **detect** the language once, on the first prose lines;
4. **cleaners** mark lines dropped, in pipeline order, each with a reason;
   a line dropped by one cleaner is not seen by the next;
5. **normalize** the kept lines (ASCII quotes, ``normalize_quotes`` in the
   trace) and **render** them as paragraphs.

Example:
    >>> p = Pipeline.preset("default").without("captions")
    >>> "captions" in p.names
    False
    >>> p.clean("Share post:\\nThe mayor resigned on Friday.")
    'The mayor resigned on Friday.'
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Union

from . import _engine
from .cleaners.attribution import Attribution
from .cleaners.banners import ConsentBanners
from .cleaners.base import Cleaner, FunctionCleaner, is_prose
from .cleaners.bylines import Bylines
from .cleaners.captions import Captions
from .cleaners.comments import CommentPrompts
from .cleaners.duplicates import RepeatedParagraphs
from .cleaners.layout import LayoutClassifier
from .cleaners.markup import StrayMarkup
from .cleaners.navigation import SiteFurniture
from .cleaners.promotions import Promotions
from .cleaners.related import RelatedLinks
from .cleaners.social import ShareWidgets
from .document import Decision, Document, Line
from .lang import detect_language, is_dense_script_prose
from .lexicon import lexicon_for
from .normalize import has_curly_quotes, lines_to_repair, needs_repair, repair_suspect_line, uncurl_quotes

__all__ = ["BUILTIN_CLEANERS", "PRESETS", "CleanResult", "CleanerSpec", "Pipeline"]

BUILTIN_CLEANERS: Mapping[str, Callable[..., Cleaner]] = {
    "stray_markup": StrayMarkup,
    "banners": ConsentBanners,
    "attribution": Attribution,
    "comments": CommentPrompts,
    "social": ShareWidgets,
    "navigation": SiteFurniture,
    "promotions": Promotions,
    "bylines": Bylines,
    "related": RelatedLinks,
    "captions": Captions,
    "duplicates": RepeatedParagraphs,
    "layout": LayoutClassifier,
}
"""Built-in cleaners by their stable names, in default order."""

_RULES = tuple(name for name in BUILTIN_CLEANERS if name != "layout")

PRESETS: Mapping[str, tuple[str, ...]] = {
    "default": tuple(BUILTIN_CLEANERS),
    "rules": _RULES,
    "repair_only": (),
}
"""Preset pipelines: ``default`` (every built-in cleaner, the learned ``layout``
classifier last), ``rules`` (the phrase and shape rules only) and
``repair_only`` (repair and normalize, remove nothing)."""

CleanerSpec = Union[str, Cleaner, Callable[[str], object]]  # noqa: UP007 - a runtime alias, kept 3.10-safe
"""A cleaner given by built-in name, as an object with ``name``/``apply``, or as a plain function."""


@dataclass(frozen=True)
class CleanResult:
    """The cleaned text, the detected language and the trace of every decision.

    Example:
        >>> r = Pipeline.preset("default").run("LEAVE A REPLY\\nThe bridge reopened.")
        >>> r.text, r.language
        ('The bridge reopened.', 'en')
        >>> [(d.line, d.cleaner, d.reason) for d in r.removed]
        [(1, 'comments', 'comment prompt or form label')]
    """

    text: str
    language: str
    trace: tuple[Decision, ...]

    @property
    def removed(self) -> tuple[Decision, ...]:
        """The dropped lines, in input order."""
        return tuple(sorted((d for d in self.trace if d.action == "drop"), key=lambda d: d.line))

    @property
    def changed(self) -> tuple[Decision, ...]:
        """The lines whose text was rewritten (repair, quote normalization)."""
        return tuple(d for d in self.trace if d.action == "change")

    def explain(self) -> str:
        """A printable report: one line per decision, ``-`` for drops and ``~`` for changes."""
        out = [f"language: {self.language}"]
        for d in sorted(self.trace, key=lambda d: (d.line, d.action != "change")):
            if d.action == "drop":
                out.append(f"- {d.line:>5} [{d.cleaner}: {d.reason}] {d.text}")
            else:
                out.append(f"~ {d.line:>5} [{d.cleaner}: {d.reason}] {d.text!r} -> {d.new_text!r}")
        return "\n".join(out)


_SETTLE_ROUNDS = 3
_SAMPLE_LINES = 4


def _language_sample(lines: Sequence[Line]) -> list[str]:
    """The longest prose lines (at most four): what language detection reads.

    The longest lines are almost always article text, and they stay the
    longest once cruft around them is removed, so cleaned text gets the same
    sample and the same language. A document without prose lines is sampled on
    its lines of Chinese, Japanese or Thai running text, which count few words
    (:func:`cleanwire.lang.is_dense_script_prose`).
    """
    prose = [line.text for line in lines if is_prose(line)]
    if not prose:
        prose = [line.text for line in lines if is_dense_script_prose(line.text)]
    if len(prose) > _SAMPLE_LINES:
        prose = heapq.nlargest(_SAMPLE_LINES, prose, key=len)
    return prose


def _resolve(spec: CleanerSpec) -> Cleaner:
    if isinstance(spec, str):
        try:
            return BUILTIN_CLEANERS[spec]()
        except KeyError:
            known = ", ".join(BUILTIN_CLEANERS)
            raise ValueError(f"unknown cleaner {spec!r}; built-in cleaners are: {known}") from None
    if isinstance(spec, Cleaner):
        return spec
    if callable(spec):
        return FunctionCleaner(spec)
    raise TypeError(f"a cleaner must be a name, a Cleaner or a function, got {type(spec).__name__}")


class Pipeline:
    """An ordered, immutable sequence of named cleaners plus normalization options.

    Build one from names, cleaner objects or plain functions; derive new
    pipelines with :meth:`without`, :meth:`with_cleaner`, :meth:`with_phrases`
    and :meth:`replace`. Options: ``quotes`` (ASCII quotes, default on),
    ``repair`` (ftfy encoding repair, default on), ``language`` (force a
    language instead of detecting it).

    Example:
        >>> def no_ads(text):
        ...     return "ad label" if text.lower() == "sponsored content" else None
        >>> p = Pipeline(["comments", no_ads])
        >>> p.names
        ('comments', 'no_ads')
        >>> p.clean("Sponsored content\\nLeave a reply\\nRain is due.")
        'Rain is due.'
    """

    def __init__(
        self,
        cleaners: Iterable[CleanerSpec] = (),
        *,
        quotes: bool = True,
        repair: bool = True,
        language: str | None = None,
    ) -> None:
        resolved = tuple(_resolve(c) for c in cleaners)
        names = [c.name for c in resolved]
        duplicate = {n for n in names if names.count(n) > 1}
        if duplicate:
            raise ValueError(f"cleaner names must be unique in a pipeline, repeated: {sorted(duplicate)}")
        if language is not None and not isinstance(language, str):
            raise TypeError(f"language must be a language code such as 'en', got {type(language).__name__}")
        self._cleaners = resolved
        self.quotes = bool(quotes)
        self.repair = bool(repair)
        self.language = language

    # -- construction -------------------------------------------------------------------

    @classmethod
    def preset(cls, name: str, **options: object) -> Pipeline:
        """Return the preset pipeline *name* (see :data:`PRESETS`)."""
        try:
            names = PRESETS[name]
        except KeyError:
            raise ValueError(f"unknown preset {name!r}; presets are: {', '.join(PRESETS)}") from None
        return cls(names, **options)  # type: ignore[arg-type]

    @classmethod
    def from_names(cls, names: Sequence[str], **options: object) -> Pipeline:
        """Build a pipeline of built-in cleaners from their names, in the given order."""
        return cls(list(names), **options)  # type: ignore[arg-type]

    @property
    def cleaners(self) -> tuple[Cleaner, ...]:
        """The cleaner objects, in order."""
        return self._cleaners

    @property
    def names(self) -> tuple[str, ...]:
        """The cleaner names, in order."""
        return tuple(c.name for c in self._cleaners)

    def _derive(self, cleaners: Iterable[CleanerSpec]) -> Pipeline:
        return Pipeline(cleaners, quotes=self.quotes, repair=self.repair, language=self.language)

    def without(self, *names: str) -> Pipeline:
        """A copy without the named cleaners (unknown names raise ``ValueError``)."""
        missing = set(names) - set(self.names)
        if missing:
            raise ValueError(f"not in this pipeline: {sorted(missing)}; it has {list(self.names)}")
        return self._derive(c for c in self._cleaners if c.name not in names)

    def with_cleaner(self, cleaner: CleanerSpec, *, before: str | None = None, after: str | None = None) -> Pipeline:
        """A copy with *cleaner* added at the end, or just before/after a named one."""
        new = _resolve(cleaner)
        items = list(self._cleaners)
        anchor = before or after
        if before and after:
            raise ValueError("give before= or after=, not both")
        if anchor is None:
            items.append(new)
        else:
            if anchor not in self.names:
                raise ValueError(f"no cleaner named {anchor!r} in {list(self.names)}")
            at = self.names.index(anchor) + (1 if after else 0)
            items.insert(at, new)
        return self._derive(items)

    def with_phrases(self, name: str, phrases: Iterable[str]) -> Pipeline:
        """A copy in which built-in cleaner *name* also drops lines matching *phrases*.

        Phrases are regular expressions matched against the whole line in
        lower case with straight quotes (captions search them anywhere).
        """
        if isinstance(phrases, str):
            raise TypeError("phrases must be a list of patterns, not a single string")
        phrases = tuple(phrases)
        items: list[Cleaner] = []
        for c in self._cleaners:
            if c.name == name:
                if not hasattr(c, "extra"):
                    raise ValueError(f"cleaner {name!r} takes no phrases")
                c = type(c)(extra=tuple(c.extra) + phrases)  # type: ignore[call-arg]
            items.append(c)
        if name not in self.names:
            raise ValueError(f"no cleaner named {name!r} in {list(self.names)}")
        return self._derive(items)

    def replace(self, **options: object) -> Pipeline:
        """A copy with other options (``quotes``, ``repair``, ``language``)."""
        unknown = set(options) - {"quotes", "repair", "language"}
        if unknown:
            raise TypeError(f"unknown option(s): {sorted(unknown)}")
        merged: dict[str, object] = {"quotes": self.quotes, "repair": self.repair, "language": self.language}
        merged.update(options)
        return Pipeline(self._cleaners, **merged)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Cleaner]:
        return iter(self._cleaners)

    def __len__(self) -> int:
        return len(self._cleaners)

    def __repr__(self) -> str:
        return f"Pipeline({list(self.names)!r}, quotes={self.quotes}, repair={self.repair}, language={self.language!r})"

    # -- running -----------------------------------------------------------------------

    def run(self, text: str) -> CleanResult:
        """Clean *text* and return the :class:`CleanResult` with its trace."""
        if _engine.ENGINE == "native":
            out = self._run_native(text, explain=True)
            if out is not None:
                cleaned, language, trace = out
                return CleanResult(cleaned, language, tuple(Decision(*d) for d in trace or ()))  # type: ignore[arg-type]
        doc = self.document(text)
        return CleanResult(doc.render(), doc.language, tuple(doc.trace))

    def document(self, text: str, explain: bool = True) -> Document:
        """Clean *text* and return the marked :class:`~cleanwire.document.Document` itself.

        Every line is still there with its ``keep`` flag, cleaner and reason;
        ``doc.render()`` gives the cleaned text. With ``explain=False`` the
        reasons may be shorter (the learned classifier then skips naming its
        main features); which lines are kept is the same.
        """
        _check_text(text)
        doc = self._split(text)
        doc.explain = explain
        sample = _language_sample(doc.lines)
        doc.language = self.language or detect_language(sample)
        if self._apply_cleaners(doc):
            self._settle(doc, sample)
        if self.quotes:
            for line in doc.lines:
                if line.keep and has_curly_quotes(line.text):
                    doc.change(line, uncurl_quotes(line.text), "normalize_quotes", "curly quotes to ASCII")
        return doc

    def clean(self, text: str) -> str:
        """Clean *text* and return only the text (the trace is not kept, so the
        learned classifier's reasons are not worked out)."""
        if _engine.ENGINE == "native" and isinstance(text, str):  # else _run_native raises the TypeError
            cleaned = _engine.native_clean(self, text)
            if cleaned is not None:
                return cleaned
        return self._clean_fully(text)

    def _clean_fully(self, text: str) -> str:
        """:meth:`clean` where :func:`cleanwire._engine.native_clean` gives no answer (a text to
        repair, a pipeline or text the Python engine answers), or under the Python engine."""
        if _engine.ENGINE == "native":
            out = self._run_native(text, explain=False)
            if out is not None:
                return out[0]
        return self.document(text, explain=False).render()

    def _run_native(self, text: str, explain: bool) -> tuple[str, str, list[tuple[object, ...]] | None] | None:
        """Clean *text* on the native engine: the text, language and trace as tuples, or ``None``
        when this pipeline or this text runs on the Python engine (see :mod:`cleanwire._engine`)."""
        _check_text(text)
        joined, decisions = self._repaired(text)
        return _engine.native_run(self, joined, decisions, explain, want_trace=explain)

    def _apply_cleaners(self, doc: Document, contextual_only: bool = False) -> bool:
        """Run the cleaners over *doc*; return True when any line was dropped.

        Two passes, each in pipeline order. First every check that judges a line by
        itself: a cleaner's ``line_checks(doc, lexicon)`` when it has one, else the
        whole of a ``context_free`` cleaner. Then every check that looks at context,
        on the lines the first pass kept: a cleaner's ``reapply(doc, lexicon)`` when
        it has one, else the whole of a cleaner that is not ``context_free``. So no
        verdict in context is swayed by a line that a check of its own would remove,
        whichever cleaner that check belongs to.

        With *contextual_only* (a settle round with an unchanged lexicon) the first pass
        is skipped: every line in view already passed it.
        """
        before = len(doc.trace)
        lexicon = lexicon_for(doc.language)
        if not contextual_only:
            for cleaner in self._cleaners:
                line_checks = getattr(cleaner, "line_checks", None)
                if line_checks is not None:
                    line_checks(doc, lexicon)
                elif getattr(cleaner, "context_free", False):
                    cleaner.apply(doc, lexicon)
        for cleaner in self._cleaners:
            if getattr(cleaner, "context_free", False):
                continue
            reapply = getattr(cleaner, "reapply", None)
            if reapply is not None:
                reapply(doc, lexicon)
            else:
                cleaner.apply(doc, lexicon)
        return len(doc.trace) > before

    def _settle(self, doc: Document, sample: list[str]) -> None:
        """Clean the kept lines again, as they will be rendered, until nothing more goes.

        Cleaners judge lines in context, and removing cruft changes the context
        of what is left. Repeating the cleaners on the rendered layout until
        they agree makes ``clean(clean(text)) == clean(text)``.
        """
        for _ in range(_SETTLE_ROUNDS):
            view, originals = doc.kept_view()
            same_language = True
            if self.language is None:
                view_sample = _language_sample(view.lines)
                if view_sample != sample:
                    sample = view_sample
                    view.language = detect_language(sample)
                    same_language = view.language == doc.language
            if not self._apply_cleaners(view, contextual_only=same_language):
                doc.language = view.language
                return
            doc.language = view.language
            for line, original in zip(view.lines, originals):
                if not line.keep:
                    doc.drop(original, line.cleaner or "settle", line.reason or "")

    def _split(self, text: str) -> Document:
        joined, decisions = self._repaired(text)
        doc = Document.from_text(joined)
        doc.trace.extend(decisions)
        return doc

    def _repaired(self, text: str) -> tuple[str, list[Decision]]:
        """The text with suspect lines repaired (to be split), and the repair decisions."""
        if not self.repair or not _engine.needs_repair(text):
            return text, []
        pieces: list[str] = []
        changes: list[tuple[int, str, str]] = []
        # the repair is a pure function: a suspect line repeated in the document (menus,
        # bylines, boilerplate) goes through ftfy once. The memo lives for this call only.
        repaired: dict[str, str] = {}
        for number, raw in enumerate(lines_to_repair(text), start=1):
            if not needs_repair(raw):
                fixed = raw
            elif raw in repaired:
                fixed = repaired[raw]
            else:
                fixed = repaired[raw] = repair_suspect_line(raw)
            if fixed != raw:
                changes.append((number, raw.strip(), fixed.strip()))
            pieces.append(fixed)
        joined = "\n".join(pieces)
        if len(doc_lines := joined.splitlines()) == len(pieces):
            return joined, [Decision(n, "change", "repair_encoding", "mojibake, entity or control character",
                                     before, after) for n, before, after in changes]
        # a repair produced new line breaks: numbers no longer match the input
        return joined, [Decision(1, "change", "repair_encoding", f"repaired {len(changes)} line(s)",
                                 text[:80], "\n".join(doc_lines)[:80])]


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"expected str, got {type(text).__name__}"
            + ("; decode bytes with cleanwire.decode() first" if isinstance(text, (bytes, bytearray)) else "")
        )
