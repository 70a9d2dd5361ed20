"""The optional integrations: pandas, Dask on a 2-worker LocalCluster, and Spark (when PySpark and Java exist)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from cleanwire import Pipeline, clean

TEXTS = [
    "By Jane Doe\nThe council approved the budget on Tuesday.\n\nLEAVE A REPLY",
    "Share post:\n\u201cHe seems erratic.\u201d",
    "Le conseil municipal a vot\u00e9 le budget mardi soir apr\u00e8s un long d\u00e9bat.",
]


# -- pandas ------------------------------------------------------------------------------


def test_pandas_series_and_frame() -> None:
    pd = pytest.importorskip("pandas")
    from cleanwire.integrations.pandas import clean_frame, clean_series

    series = pd.Series([*TEXTS, None], index=[10, 11, 12, 13], name="text")
    cleaned = clean_series(series)
    assert cleaned.index.tolist() == [10, 11, 12, 13] and cleaned.name == "text"
    assert cleaned.tolist()[:3] == [clean(t) for t in TEXTS]
    assert pd.isna(cleaned.iloc[3])
    kept = clean_series(series, pipeline={"disable": ["bylines"], "quotes": False})
    assert kept.iloc[0].startswith("By Jane Doe") and "\u201c" in kept.iloc[1]

    frame = pd.DataFrame({"id": [1, 2, 3], "text": TEXTS})
    out = clean_frame(frame, "text", output="clean", explain="why")
    assert out["text"].tolist() == TEXTS  # the input column is untouched
    assert out["clean"].tolist() == [clean(t) for t in TEXTS]
    assert out["why"].iloc[0][0] == {"line": 1, "action": "drop", "cleaner": "bylines", "reason": "byline",
                                     "text": "By Jane Doe"}
    with pytest.raises(KeyError, match="no column 'body'"):
        clean_frame(frame, "body")


# -- garbage-collector scope of the partition functions -----------------------------------


def test_older_objects_frozen_is_scoped_and_nests() -> None:
    import gc
    import threading

    from cleanwire.integrations._common import older_objects_frozen

    if gc.get_freeze_count():
        pytest.skip("objects are already frozen in this process")
    with older_objects_frozen():
        assert gc.get_freeze_count() > 0
        with older_objects_frozen():  # a second partition on another thread shares the freeze
            pass
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # restored

    seen: list[int] = []
    barrier = threading.Barrier(2)

    def partition() -> None:
        with older_objects_frozen():
            barrier.wait()
            seen.append(gc.get_freeze_count())
            barrier.wait()

    threads = [threading.Thread(target=partition) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 2 and min(seen) > 0 and gc.get_freeze_count() == 0

    gc.freeze()  # the application's own freeze is left alone
    try:
        frozen = gc.get_freeze_count()
        with older_objects_frozen():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_clean_records_copies_only_the_path() -> None:
    pytest.importorskip("dask.bag")
    from cleanwire.integrations.dask import _clean_records

    meta = {"tags": ["a"]}
    records = [{"id": 1, "inputs": {"page_text": TEXTS[0], "html": "<p>x</p>"}, "meta": meta},
               {"a.b": TEXTS[1]}, {"inputs": {"page_text": None}}, "not a record"]
    got = _clean_records(records, "inputs.page_text", None)
    assert got[0]["inputs"] == {"page_text": clean(TEXTS[0]), "html": "<p>x</p>"}
    assert got[0]["meta"] is meta and records[0]["inputs"]["page_text"] == TEXTS[0]
    assert got[1:] == records[1:]
    assert _clean_records([{"a.b": TEXTS[1]}], "a.b", None) == [{"a.b": clean(TEXTS[1])}]


# -- Dask on a distributed LocalCluster ---------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    pytest.importorskip("dask.bag")
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_bag_and_dataframe_on_local_cluster(dask_client: Any) -> None:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from cleanwire.integrations.dask import clean_bag, clean_column

    assert len(dask_client.scheduler_info()["workers"]) == 2
    texts = TEXTS * 4
    bag = db.from_sequence(texts, npartitions=4)
    assert clean_bag(bag).compute() == [clean(t) for t in texts]

    records = [{"id": i, "inputs": {"page_text": t}, "url": f"u{i}"} for i, t in enumerate(texts)]
    records.append({"id": 99, "inputs": {}})  # no text: passed through unchanged
    got = clean_bag(db.from_sequence(records, npartitions=3), field="inputs.page_text",
                    pipeline=Pipeline.preset("default").without("captions")).compute()
    assert [r["inputs"].get("page_text") for r in got] == [clean(t) for t in texts] + [None]
    assert [r["id"] for r in got] == [*range(len(texts)), 99]
    assert records[0]["inputs"]["page_text"] == texts[0]  # the input records are not mutated

    frame = dd.from_pandas(pd.DataFrame({"id": range(len(texts)), "text": texts}), npartitions=3)
    out = clean_column(frame, "text", output="clean", pipeline="default").compute()
    assert out.sort_values("id")["clean"].tolist() == [clean(t) for t in texts]


# -- Spark ------------------------------------------------------------------------------

_spark_missing = (
    "PySpark is not installed (pip install cleanwire[spark])" if importlib.util.find_spec("pyspark") is None
    else "Java is not installed (Spark needs a JVM)" if shutil.which("java") is None
    else None
)


@pytest.mark.skipif(_spark_missing is not None, reason=_spark_missing or "")
@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
def test_spark_pandas_udf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # Spark's Python workers must see cleanwire
    from pyspark.sql import SparkSession

    from cleanwire.integrations.spark import clean_column, clean_udf

    spark = (SparkSession.builder.master("local[2]").appName("cleanwire-test")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    try:
        rows = [(i, t) for i, t in enumerate(TEXTS)] + [(len(TEXTS), None)]
        df = spark.createDataFrame(rows, "id long, text string")
        out = clean_column(df, "text", output="clean").orderBy("id").collect()
        assert [r["clean"] for r in out] == [clean(t) for t in TEXTS] + [None]
        assert [r["text"] for r in out][:3] == TEXTS
        kept = df.select(clean_udf({"preset": "repair_only"})("text").alias("t")).orderBy("t").collect()
        assert "By Jane Doe" in {r["t"].splitlines()[0] for r in kept if r["t"]}
    finally:
        spark.stop()
