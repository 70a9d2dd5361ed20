"""Clean a Dask bag, or a text column of a Dask (or pandas) DataFrame.

Needs ``pip install cleanwire[dask]``. Work runs wherever Dask runs it: the
threads of the local scheduler, or the workers of a ``distributed`` cluster.
Each worker process builds the pipeline once (from a preset name or a spec)
and reuses it for every partition. While a partition is cleaned, the objects
that already existed in the worker (Dask's own, mostly) are kept out of
Python's cyclic garbage collector (see
:func:`cleanwire.integrations._common.older_objects_frozen`), and restored
afterwards.

Example:
    >>> import dask.bag as db
    >>> bag = db.from_sequence(["Share post:\\nRain is due.", "LEAVE A REPLY\\nThe bridge reopened."])
    >>> clean_bag(bag).compute(scheduler="sync")
    ['Rain is due.', 'The bridge reopened.']
    >>> records = db.from_sequence([{"id": 1, "inputs": {"page_text": "Share post:\\nRain."}}])
    >>> clean_bag(records, field="inputs.page_text").compute(scheduler="sync")
    [{'id': 1, 'inputs': {'page_text': 'Rain.'}}]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._work import get_path
from ._common import PipelineLike, clean_value, older_objects_frozen, resolve_pipeline
from .pandas import clean_frame

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd

__all__ = ["clean_bag", "clean_column"]


def _clean_strings(items: Iterable[Any], pipeline: PipelineLike) -> list[Any]:
    p = resolve_pipeline(pipeline)
    with older_objects_frozen():
        return [clean_value(p, item) for item in items]


def _with_path(record: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Return a copy of *record* with dotted *path* (which exists) set to *value*; *record* is not changed.

    Only the dicts on the path are copied; everything else is shared with *record*.

    Example:
        >>> r = {"id": 1, "inputs": {"page_text": "x", "html": "<p>x</p>"}}
        >>> new = _with_path(r, "inputs.page_text", "y")
        >>> new, r["inputs"]["page_text"], new["inputs"]["html"] is r["inputs"]["html"]
        ({'id': 1, 'inputs': {'page_text': 'y', 'html': '<p>x</p>'}}, 'x', True)
    """
    top = dict(record)
    if path in record:  # a key that itself contains dots (see get_path)
        top[path] = value
        return top
    *parents, last = path.split(".")
    target = top
    for part in parents:
        target[part] = dict(target[part])
        target = target[part]
    target[last] = value
    return top


def _clean_records(items: Iterable[Any], field: str, pipeline: PipelineLike) -> list[Any]:
    p = resolve_pipeline(pipeline)
    out = []
    with older_objects_frozen():
        for item in items:
            try:
                value = get_path(item, field) if isinstance(item, dict) else None
            except KeyError:
                value = None
            if isinstance(value, str):
                item = _with_path(item, field, p.clean(value))
            out.append(item)
    return out


def _clean_frame(frame: pd.DataFrame, column: str, *, output: str | None, pipeline: PipelineLike) -> pd.DataFrame:
    with older_objects_frozen():
        return clean_frame(frame, column, output=output, pipeline=pipeline)


def clean_bag(bag: dask.bag.Bag, *, field: str | None = None, pipeline: PipelineLike = None) -> Any:
    """Return a bag with every string cleaned, or with *field* (a dotted path) of every record cleaned.

    Records whose field is missing or not a string are passed through unchanged
    (a bag has no line numbers to report; filter them first if they matter).
    """
    mapper: Any = bag.map_partitions
    if field is None:
        return mapper(_clean_strings, pipeline)
    return mapper(_clean_records, field, pipeline)


def clean_column(frame: dask.dataframe.DataFrame | pd.DataFrame, column: str, *, output: str | None = None,
                 pipeline: PipelineLike = None) -> Any:
    """Return *frame* with its text *column* cleaned (into *output* when given), lazily for Dask.

    A pandas DataFrame is cleaned at once with
    :func:`cleanwire.integrations.pandas.clean_frame`.
    """
    import pandas as pd

    if isinstance(frame, pd.DataFrame):
        return clean_frame(frame, column, output=output, pipeline=pipeline)
    meta = clean_frame(frame._meta, column, output=output, pipeline=pipeline)
    return frame.map_partitions(_clean_frame, column, output=output, pipeline=pipeline, meta=meta)
