"""What the integrations share: one pipeline per process, built from a portable description.

Example:
    >>> p = resolve_pipeline({"preset": "default", "disable": ["captions"]})
    >>> p is resolve_pipeline({"disable": ["captions"], "preset": "default"})
    True
    >>> clean_value(p, None), clean_value(p, "Share post:\\nRain.")
    (None, 'Rain.')
    >>> with older_objects_frozen():
    ...     clean_value(p, "LEAVE A REPLY\\nIt rained.")
    'It rained.'
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .._work import trace_records
from ..config import build_pipeline, parse_spec
from ..pipeline import Pipeline

__all__ = ["PipelineLike", "checked_pipeline", "clean_value", "explain_value", "older_objects_frozen",
           "resolve_pipeline"]

PipelineLike = str | Pipeline | Mapping[str, Any] | None
"""A preset name, a :class:`~cleanwire.Pipeline`, a spec mapping (see :mod:`cleanwire.config`) or ``None``."""

_CACHE: dict[str, Pipeline] = {}


def resolve_pipeline(pipeline: PipelineLike) -> Pipeline:
    """Return the pipeline *pipeline* describes; names and specs are built once per process."""
    if isinstance(pipeline, Pipeline):
        return pipeline
    if pipeline is None:
        pipeline = "default"
    spec = {"preset": pipeline} if isinstance(pipeline, str) else parse_spec(pipeline, source="pipeline")
    key = json.dumps(spec, sort_keys=True)
    built = _CACHE.get(key)
    if built is None:
        built = _CACHE[key] = build_pipeline(spec)
    return built


def checked_pipeline(pipeline: PipelineLike) -> PipelineLike:
    """Return *pipeline* unchanged once it is known to describe a pipeline: a step that is
    pickled to its workers calls this in the driver, so a bad preset or spec fails there.

    Example:
        >>> checked_pipeline("rules")
        'rules'
        >>> checked_pipeline(42)
        Traceback (most recent call last):
        ...
        TypeError: pipeline must be a preset name, a Pipeline or a spec mapping, got int
    """
    if not (pipeline is None or isinstance(pipeline, (str, Pipeline)) or hasattr(pipeline, "keys")):
        raise TypeError(f"pipeline must be a preset name, a Pipeline or a spec mapping, got {type(pipeline).__name__}")
    resolve_pipeline(pipeline)
    return pipeline


def clean_value(pipeline: Pipeline, value: Any) -> Any:
    """Clean *value* when it is a string; return anything else unchanged."""
    return pipeline.clean(value) if isinstance(value, str) else value


def explain_value(pipeline: Pipeline, value: Any) -> tuple[Any, list[dict[str, Any]] | None]:
    """Clean *value* and return it with its trace as a list of dicts (``None`` for non-strings)."""
    if not isinstance(value, str):
        return value, None
    result = pipeline.run(value)
    return result.text, trace_records(result)



_freeze_lock = threading.Lock()
_freeze_depth = 0  # partitions of this process inside older_objects_frozen() right now
_froze = False  # whether the outermost of them called gc.freeze() (and so must unfreeze)


@contextmanager
def older_objects_frozen() -> Iterator[None]:
    """Keep Python's cyclic garbage collector off the objects that exist on entry, until exit.

    Cleaning allocates many small objects, so the collector runs often; each
    full (oldest-generation) collection walks every tracked object of the
    process. In a Dask or Spark worker those are mostly the engine's own
    (scheduler state, buffers, modules), none of which the cleaning frees.
    Moving them to the collector's permanent generation (:func:`gc.freeze`)
    for the length of a partition makes those collections walk only what the
    partition allocated; :func:`gc.unfreeze` on exit hands them back, and any
    cycle among them that died meanwhile is collected as usual afterwards.
    Reference counting, which frees almost everything, is not affected.

    Concurrent partitions (several threads per worker) share one freeze: the
    first to enter freezes, the last to leave unfreezes. If objects were
    already frozen on entry (by the application, e.g. after a fork), this
    does nothing, so that it never unfreezes what someone else froze.
    """
    global _freeze_depth, _froze
    with _freeze_lock:
        if _freeze_depth == 0:
            _froze = gc.get_freeze_count() == 0
            if _froze:
                gc.freeze()
        _freeze_depth += 1
    try:
        yield
    finally:
        with _freeze_lock:
            _freeze_depth -= 1
            if _freeze_depth == 0 and _froze:
                gc.unfreeze()
                _froze = False
