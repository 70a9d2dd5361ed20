"""The datatrove formatter, run by datatrove's own LocalPipelineExecutor on JSON lines of real pages."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cleanwire import Pipeline, clean_and_explain
from cleanwire._work import trace_records
from corpus_slice import corpus_records, seed_records

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleanwire.integrations.datatrove import CleanwireFormatter  # noqa: E402


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def _read_outputs(folder: Path) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                docs[record["id"]] = record
    return docs


def test_local_executor_reads_cleans_and_writes_jsonl(tmp_path: Path) -> None:
    """Two tasks on two worker processes; a Pipeline object travels to the workers."""
    records = seed_records() + corpus_records(40)
    (tmp_path / "in").mkdir()
    _write_jsonl(tmp_path / "in" / "part-0.jsonl.gz", records[::2])
    _write_jsonl(tmp_path / "in" / "part-1.jsonl.gz", records[1::2])
    pipeline = Pipeline.preset("default").without("captions")

    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            CleanwireFormatter(pipeline, trace=True),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()

    out = _read_outputs(tmp_path / "out")
    assert sorted(out) == sorted(r["id"] for r in records)
    expected_removed: Counter[str] = Counter()
    expected_changed: Counter[str] = Counter()
    changed_docs = bytes_in = bytes_out = 0
    for record in records:
        want = clean_and_explain(record["text"], pipeline=pipeline)
        got = out[record["id"]]
        assert got["text"] == want.text == pipeline.clean(record["text"])
        assert got["metadata"]["cleanwire_language"] == want.language
        assert got["metadata"]["cleanwire_trace"] == trace_records(want)
        if "url" in record:
            assert got["metadata"]["url"] == record["url"]  # the reader's other fields pass through
        expected_removed.update(d.cleaner for d in want.removed)
        expected_changed.update(d.cleaner for d in want.changed)
        changed_docs += want.text != record["text"]
        bytes_in += len(record["text"].encode())
        bytes_out += len(want.text.encode())
    assert sum(expected_removed.values()) > 100  # real pages: the counts below are not vacuous

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    [step] = [s for s in stats if "cleanwire" in s["name"]]
    # datatrove saves a count whose every update was 1 as a plain number, others as {"total": ...}
    counts = {key: value if isinstance(value, int) else value["total"] for key, value in step["stats"].items()}
    assert counts["total"] == len(records)
    assert counts["docs_changed"] == changed_docs
    assert counts["bytes_in"] == bytes_in and counts["bytes_out"] == bytes_out
    assert counts["lines_removed"] == sum(expected_removed.values())
    assert {k.removeprefix("lines_removed_"): v for k, v in counts.items()
            if k.startswith("lines_removed_")} == dict(expected_removed)
    assert {k.removeprefix("lines_changed_"): v for k, v in counts.items()
            if k.startswith("lines_changed_")} == dict(expected_changed)
    assert "captions" not in expected_removed  # the given pipeline ran, not the default one
    assert step["time_stats"]["total"] > 0


def test_options_and_errors() -> None:
    docs = [Document(text="By Jane Doe\n\u201cYes,\u201d she said.", id="a"), Document(text="", id="b")]
    step = CleanwireFormatter({"preset": "rules", "quotes": False}, language_key="lang")
    got = list(step.run(docs))
    assert [d.text for d in got] == ["\u201cYes,\u201d she said.", ""]
    assert got[0].metadata == {"lang": "en"} and "cleanwire_trace" not in got[0].metadata
    assert step.stats["lines_removed_bylines"].total == 1
    assert step.stats["docs_changed"].total == 1 and "docs_emptied" not in step.stats.stats

    quiet = CleanwireFormatter("repair_only", language_key=None)
    [doc] = quiet.run([Document(text="Share post:\n\u201cQuoted.\u201d", id="c")])
    assert doc.text == 'Share post:\n"Quoted."' and doc.metadata == {}
    assert quiet.stats["lines_changed_normalize_quotes"].total == 1

    emptied = CleanwireFormatter()
    [doc] = emptied.run([Document(text="Share post:\nLEAVE A REPLY", id="d")])
    assert doc.text == "" and emptied.stats["docs_emptied"].total == 1

    with pytest.raises(ValueError, match="unknown preset"):
        CleanwireFormatter("strict")
    with pytest.raises(TypeError, match="pipeline must be"):
        CleanwireFormatter(42)  # type: ignore[arg-type]
