"""What the integrations share: one pipeline per process, built from a portable description.

Example:
    >>> p = resolve_pipeline({"preset": "default", "disable": ["captions"]})
    >>> p is resolve_pipeline({"disable": ["captions"], "preset": "default"})
    True
    >>> clean_value(p, None), clean_value(p, "Share post:\\nRain.")
    (None, 'Rain.')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._work import trace_records
from ..config import build_pipeline, parse_spec
from ..pipeline import Pipeline

__all__ = ["PipelineLike", "clean_value", "explain_value", "resolve_pipeline"]

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


def clean_value(pipeline: Pipeline, value: Any) -> Any:
    """Clean *value* when it is a string; return anything else unchanged."""
    return pipeline.clean(value) if isinstance(value, str) else value


def explain_value(pipeline: Pipeline, value: Any) -> tuple[Any, list[dict[str, Any]] | None]:
    """Clean *value* and return it with its trace as a list of dicts (``None`` for non-strings)."""
    if not isinstance(value, str):
        return value, None
    result = pipeline.run(value)
    return result.text, trace_records(result)

