"""Clean a pandas Series, or a text column of a DataFrame.

Needs pandas (``pip install cleanwire[dask]`` or ``cleanwire[spark]`` bring it).

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": [1, 2], "text": ["Share post:\\nRain is due.", "LEAVE A REPLY\\nIt rained."]})
    >>> clean_frame(df, "text", output="clean")["clean"].tolist()
    ['Rain is due.', 'It rained.']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._common import PipelineLike, clean_value, explain_value, resolve_pipeline

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["clean_frame", "clean_series"]


def clean_series(series: pd.Series, *, pipeline: PipelineLike = None) -> pd.Series:
    """Return a Series of the cleaned strings of *series*, same index, name and dtype.

    Values that are not strings (``None``, ``NaN``) are kept as they are.

    Example:
        >>> import pandas as pd
        >>> clean_series(pd.Series(["LEAVE A REPLY\\nThe bridge reopened."], index=[7])).to_dict()
        {7: 'The bridge reopened.'}
    """
    import pandas as pd

    p = resolve_pipeline(pipeline)
    values = [clean_value(p, v) for v in series.tolist()]
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def clean_frame(frame: pd.DataFrame, column: str, *, output: str | None = None, explain: str | None = None,
                pipeline: PipelineLike = None) -> pd.DataFrame:
    """Return a copy of *frame* with *column* cleaned (into *output* when given, else in place).

    With *explain*, a column of that name holds, per row, the list of removed
    or changed lines (``line``, ``action``, ``cleaner``, ``reason``, ``text``).
    """
    import pandas as pd

    if column not in frame.columns:
        raise KeyError(f"no column {column!r}; columns are {list(frame.columns)}")
    out = frame.copy()
    source = frame[column]
    if explain is None:
        out[output or column] = clean_series(source, pipeline=pipeline)
        return out
    p = resolve_pipeline(pipeline)
    pairs = [explain_value(p, v) for v in source.tolist()]
    out[output or column] = pd.Series([t for t, _ in pairs], index=source.index, dtype=source.dtype)
    traces: list[Any] = [trace for _, trace in pairs]
    out[explain] = pd.Series(traces, index=source.index, dtype=object)
    return out
