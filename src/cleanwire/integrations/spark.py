"""Clean a PySpark DataFrame column with a pandas UDF.

Needs ``pip install cleanwire[spark]`` (PySpark, pandas, PyArrow) and Java.
Each Python worker of Spark builds the pipeline once and cleans whole Arrow
batches of rows through :func:`cleanwire.integrations.pandas.clean_series`.

Example (not run here: it needs a Spark session)::

    from pyspark.sql import SparkSession
    from cleanwire.integrations.spark import clean_column

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    df = spark.read.json("dump.jsonl")
    clean_column(df, "text", output="clean_text").write.parquet("clean.parquet")
"""

# No ``from __future__ import annotations`` here: PySpark reads the UDF's type hints at run time.
# PySpark and pandas are imported when used, so that importing this module never fails.

from typing import TYPE_CHECKING, Any

from ._common import PipelineLike
from .pandas import clean_series

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["clean_column", "clean_udf"]


def clean_udf(pipeline: PipelineLike = None) -> Any:
    """Return a pandas UDF (string to string) that cleans a column with *pipeline*.

    Use it like any Spark function: ``df.select(clean_udf()("text"))``. Nulls stay null.
    """
    import pandas as pd
    from pyspark.sql.functions import pandas_udf  # type: ignore[attr-defined, unused-ignore]

    # the hints are evaluated here, at definition: PySpark reads them to pick the UDF type
    @pandas_udf("string")  # type: ignore[untyped-decorator, misc, unused-ignore]
    def cleanwire_clean(texts: pd.Series) -> pd.Series:
        return clean_series(texts, pipeline=pipeline)

    return cleanwire_clean


def clean_column(frame: "DataFrame", column: str, *, output: str | None = None,
                 pipeline: PipelineLike = None) -> "DataFrame":
    """Return *frame* with the string *column* cleaned, into *output* when given (else replaced)."""
    from pyspark.sql.functions import col

    result: DataFrame = frame.withColumn(output or column, clean_udf(pipeline)(col(column)))
    return result
