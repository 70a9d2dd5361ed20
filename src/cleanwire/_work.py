"""The work the command line hands to worker processes: clean a batch of documents.

A :class:`Batch` holds whole text files or raw JSON lines of one file; a
worker decodes, parses, cleans and serializes them, and returns a
:class:`BatchResult` of output bytes, problems and counters. The pipeline is
built once per process by :func:`init_worker` (the pool initializer), from a
plain spec, so nothing but bytes and small dicts crosses process boundaries.

Example:
    >>> init_worker(WorkOptions(spec={}, jsonl=True, field="body"))
    >>> r = process(Batch(source=0, kind="jsonl", items=[(1, b'{"id": 7, "body": "Share post:\\\\nRain."}')]))
    >>> r.output, dict(r.removed)
    (b'{"id": 7, "body": "Rain."}\\n', {'social': 1})
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from ._engine import warm_language
from ._io import InputError, decode_text
from ._report import Totals
from ._review import ReviewPart, ReviewRequest, observe
from .config import Spec, build_pipeline
from .pipeline import CleanResult, Pipeline

__all__ = ["Batch", "BatchResult", "Problem", "WorkOptions", "get_path", "init_worker", "process", "set_path",
           "trace_records"]

OnError = Literal["keep", "skip", "fail"]


@dataclass(frozen=True)
class WorkOptions:
    """What a worker needs to know, besides the documents (picklable)."""

    spec: Spec
    jsonl: bool = False
    field: str = "text"
    explain_field: str | None = None
    explain: bool = False
    on_error: OnError = "keep"
    strict: bool = False


@dataclass
class Batch:
    """Documents to clean: ``(number, bytes)`` items of one JSONL source, or whole text files.

    For JSON lines, ``number`` is the line number; for text files each item is
    one file and ``number`` is the index of its source. ``consumed`` is the
    count of raw input bytes the batch stands for (for progress). With ``review``
    (``--report``), the worker also sends back what the review page may show.
    """

    source: int
    kind: Literal["text", "jsonl"]
    items: list[tuple[int, bytes]]
    consumed: int = 0
    review: ReviewRequest | None = None


@dataclass(frozen=True)
class Problem:
    """A record or file that was not cleaned as asked: where, what, and how bad.

    ``level`` is ``"warning"`` (the run goes on, exit code 0), ``"error"``
    (the run goes on, exit code 1) or ``"fatal"`` (the source, or with
    ``--on-error fail`` the run, stops).
    """

    number: int
    message: str
    level: Literal["warning", "error", "fatal"]


@dataclass
class BatchResult(Totals):
    """What came out of a batch: output bytes (JSONL) or per-file outputs (text), problems, counters."""

    output: bytes = b""
    outputs: list[tuple[int, bytes]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    explains: list[tuple[int, CleanResult]] = field(default_factory=list)
    review: ReviewPart | None = None
    stop: bool = False


_state: tuple[WorkOptions, Pipeline] | None = None


def init_worker(options: WorkOptions) -> None:
    """Build the pipeline for this process (the pool initializer; also used in-process)."""
    global _state
    _state = (options, build_pipeline(options.spec))
    warm_language()  # load the language profiles now, not mid-batch


def get_path(record: Any, path: str) -> Any:
    """Return the value at dotted *path* in *record*; raise ``KeyError`` naming the missing part.

    A key that itself contains dots is found when it exists as written.

    Example:
        >>> get_path({"inputs": {"page_text": "x"}}, "inputs.page_text")
        'x'
        >>> get_path({"a.b": 1}, "a.b")
        1
    """
    if isinstance(record, dict) and path in record:
        return record[path]
    value = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(part)
        value = value[part]
    return value


def set_path(record: dict[str, Any], path: str, value: Any) -> None:
    """Set dotted *path* in *record* to *value*, creating tables on the way.

    Example:
        >>> r = {"inputs": {"page_text": "x"}}
        >>> set_path(r, "inputs.page_text", "y"); r
        {'inputs': {'page_text': 'y'}}
    """
    if path in record:
        record[path] = value
        return
    *parents, last = path.split(".")
    target = record
    for part in parents:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = target[part] = {}
        target = nxt
    target[last] = value


def trace_records(result: CleanResult) -> list[dict[str, Any]]:
    """The trace of *result* as JSON-ready dicts in line order (the ``--explain-field`` format).

    Example:
        >>> from cleanwire import clean_and_explain
        >>> trace_records(clean_and_explain("Share post:\\nRain."))  # doctest: +NORMALIZE_WHITESPACE
        [{'line': 1, 'action': 'drop', 'cleaner': 'social', 'reason': 'share or subscribe widget',
          'text': 'Share post:'}]
    """
    out = []
    for d in sorted(result.trace, key=lambda d: (d.line, d.action != "drop")):
        item: dict[str, Any] = {"line": d.line, "action": d.action, "cleaner": d.cleaner,
                                "reason": d.reason, "text": d.text}
        if d.new_text is not None:
            item["new_text"] = d.new_text
        out.append(item)
    return out


def _count(result: CleanResult, into: BatchResult) -> None:
    into.docs += 1
    into.languages[result.language] += 1
    for d in result.trace:
        (into.removed if d.action == "drop" else into.changed)[d.cleaner] += 1


def _clean(pipeline: Pipeline, text: str, options: WorkOptions, into: BatchResult, number: int,
           where: tuple[int, int], review: ReviewRequest | None) -> CleanResult:
    """Clean one document and count it; *where* (source, line) places it in the input for the review sample."""
    if review is None:
        result = pipeline.run(text)
    else:
        doc = pipeline.document(text)
        result = CleanResult(doc.render(), doc.language, tuple(doc.trace))
        if into.review is None:
            into.review = ReviewPart()
        observe(doc, source=where[0], number=where[1], request=review, into=into.review)
    _count(result, into)
    if options.explain:
        into.explains.append((number, result))
    return result


def _text_batch(batch: Batch, options: WorkOptions, pipeline: Pipeline) -> BatchResult:
    out = BatchResult()
    for index, data in batch.items:
        try:
            text, warning = decode_text(data, strict=options.strict)
        except InputError as e:
            out.problems.append(Problem(index, str(e), "fatal"))
            continue
        if warning:
            out.problems.append(Problem(index, warning, "warning"))
        result = _clean(pipeline, text, options, out, index, (index, 0), batch.review)
        cleaned = (result.text + "\n").encode() if result.text else b""
        out.outputs.append((index, cleaned))
        out.bytes_in += len(data)
        out.bytes_out += len(cleaned)
    return out


def _jsonl_batch(batch: Batch, options: WorkOptions, pipeline: Pipeline) -> BatchResult:
    out = BatchResult()
    lines: list[bytes] = []
    for number, raw in batch.items:
        out.bytes_in += len(raw)
        keep_raw = raw if raw.endswith(b"\n") else raw + b"\n"
        try:
            line, warning = decode_text(raw, strict=options.strict)
        except InputError as e:
            out.problems.append(Problem(number, str(e), "fatal"))
            break
        if warning:
            out.problems.append(Problem(number, warning, "warning"))
        record, value, problem, level = _read_record(line, options.field)
        if problem is not None:
            if _on_error(out, number, problem, level, options):
                break
            if options.on_error == "keep":
                lines.append(keep_raw)
            continue
        result = _clean(pipeline, value, options, out, number, (batch.source, number), batch.review)
        set_path(record, options.field, result.text)
        if options.explain_field:
            set_path(record, options.explain_field, trace_records(result))
        lines.append(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    out.output = b"".join(lines)
    out.bytes_out = len(out.output)
    return out


def _read_record(line: str, path: str) -> tuple[Any, Any, str | None, Literal["warning", "error"]]:
    """Parse one JSON line and find its text field: ``(record, text, None, _)``, or a problem and its level."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        return None, None, f"malformed JSON: {e.msg} (column {e.colno})", "error"
    try:
        if not isinstance(record, dict):
            raise KeyError(path)
        value = get_path(record, path)
    except KeyError as e:
        missing = f" (missing {e.args[0]!r})" if e.args[0] != path else ""
        return record, None, f"no field {path!r}{missing}", "warning"
    if not isinstance(value, str):
        return record, value, f"field {path!r} is {_json_type(value)}, not a string", "warning"
    return record, value, None, "warning"


def _on_error(out: BatchResult, number: int, message: str, level: Literal["warning", "error"],
              options: WorkOptions) -> bool:
    """Record a bad record; return True when the run must stop (``--on-error fail``)."""
    if options.on_error == "fail":
        out.problems.append(Problem(number, message + " (--on-error fail)", "fatal"))
        out.stop = True
        return True
    action = "kept unchanged" if options.on_error == "keep" else "skipped"
    out.problems.append(Problem(number, f"{message}; record {action}", level))
    return False


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}.get(
        type(value), type(value).__name__)


def process(batch: Batch) -> BatchResult:
    """Clean one batch with the pipeline of this process (see :func:`init_worker`)."""
    if _state is None:
        raise RuntimeError("init_worker() must run before process()")
    options, pipeline = _state
    if batch.kind == "text":
        return _text_batch(batch, options, pipeline)
    return _jsonl_batch(batch, options, pipeline)

