"""A datatrove formatter step that cleans each document's text with cleanwire.

Needs ``pip install cleanwire[datatrove]``. :class:`CleanwireFormatter` is a
datatrove ``BaseFormatter``: put it in a pipeline between a reader and a
writer, like datatrove's own ``FTFYFormatter``. For each document it

- replaces ``doc.text`` with the cleaned text;
- stores the detected language in ``doc.metadata["cleanwire_language"]``
  (the key is ``language_key=``; ``None`` stores nothing), and with
  ``trace=True`` the list of removed and changed lines (the
  ``cleanwire --explain-field`` records) in ``doc.metadata["cleanwire_trace"]``;
- counts, in the step's stats (``stats.json`` of the run), the documents
  (``total``), the documents whose text changed (``docs_changed``), those
  left empty (``docs_emptied``), the UTF-8 ``bytes_in`` and ``bytes_out``,
  the lines removed in all (``lines_removed``) and by each cleaner
  (``lines_removed_<cleaner>``, e.g. ``lines_removed_banners``), and the lines
  rewritten by each normalizer (``lines_changed_repair_encoding``,
  ``lines_changed_normalize_quotes``).

A document whose text is emptied is still passed on (a formatter does not
filter); follow the step with a length filter to drop those.

Example:
    >>> from datatrove.data import Document
    >>> step = CleanwireFormatter(trace=True)
    >>> [doc] = step.run([Document(text="Share post:\\nThe bridge reopened.", id="1")])
    >>> doc.text, doc.metadata["cleanwire_language"]
    ('The bridge reopened.', 'en')
    >>> doc.metadata["cleanwire_trace"][0]["cleaner"], step.stats["lines_removed_social"].total
    ('social', 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

from .._work import trace_records
from ..pipeline import CleanResult
from ._common import PipelineLike, checked_pipeline, resolve_pipeline

if TYPE_CHECKING:
    from datatrove.data import Document

__all__ = ["CleanwireFormatter"]


class CleanwireFormatter(BaseFormatter):  # type: ignore[misc]
    """Clean the text of every document with a cleanwire preset or :class:`~cleanwire.Pipeline`.

    Args:
        pipeline: a preset name (``"default"``, ``"rules"``, ``"repair_only"``),
            a :class:`~cleanwire.Pipeline`, or a spec mapping in the TOML format
            of :mod:`cleanwire.config` (``{"disable": ["captions"]}``). Names and
            specs are built once per worker process.
        language_key: the metadata key for the detected language, or ``None``.
        trace: also store the removed and changed lines under *trace_key*.
        trace_key: the metadata key of the trace.

    Example:
        >>> from datatrove.data import Document
        >>> step = CleanwireFormatter({"preset": "rules", "quotes": False}, language_key=None)
        >>> step.format("LEAVE A REPLY\\n\\u201cYes,\\u201d she said.")
        '\\u201cYes,\\u201d she said.'
    """

    name = "\U0001f9f9 cleanwire"

    def __init__(
        self,
        pipeline: PipelineLike = None,
        *,
        language_key: str | None = "cleanwire_language",
        trace: bool = False,
        trace_key: str = "cleanwire_trace",
    ) -> None:
        super().__init__()
        self.pipeline = checked_pipeline(pipeline)  # a bad preset or spec fails now, in the driver
        self.language_key = language_key
        self.trace = trace
        self.trace_key = trace_key

    def format(self, text: str) -> str:
        """Return *text* cleaned (no metadata, no stats: :meth:`run` keeps those)."""
        return resolve_pipeline(self.pipeline).clean(text)

    def run(self, data: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        """Clean every document of *data*, record its language (and trace) and count what went."""
        pipeline = resolve_pipeline(self.pipeline)
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                text = doc.text
                result = pipeline.run(text) if isinstance(text, str) else None
            if result is None:
                self.stat_update("docs_not_text")
                yield doc
                continue
            self._count(text, result)
            doc.text = result.text
            if self.language_key is not None:
                doc.metadata[self.language_key] = result.language
            if self.trace:
                doc.metadata[self.trace_key] = trace_records(result)
            yield doc

    def _count(self, text: str, result: CleanResult) -> None:
        size_in, size_out = len(text.encode("utf-8")), len(result.text.encode("utf-8"))
        self.stat_update("bytes_in", value=size_in)
        self.stat_update("bytes_out", value=size_out)
        if result.text != text:
            self.stat_update("docs_changed")
        if text.strip() and not result.text:
            self.stat_update("docs_emptied")
        removed: Counter[str] = Counter()
        changed: Counter[str] = Counter()
        for d in result.trace:
            (removed if d.action == "drop" else changed)[d.cleaner] += 1
        if removed:
            self.stat_update("lines_removed", value=sum(removed.values()))
        for cleaner, n in removed.items():
            self.stat_update(f"lines_removed_{cleaner}", value=n)
        for cleaner, n in changed.items():
            self.stat_update(f"lines_changed_{cleaner}", value=n)
