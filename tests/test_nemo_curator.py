"""The NeMo Curator modifier, against the real package: its Modify stage, and a whole pipeline on Ray.

NeMo Curator supports Python 3.11 to 3.13; the ``test`` extra installs it there. Elsewhere (or when it is
missing) these tests are skipped with the reason, except under ``CI=true``, where a missing package fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cleanwire import Pipeline, clean
from corpus_slice import corpus_records, seed_records

if sys.version_info < (3, 11) or sys.version_info >= (3, 14):
    pytest.skip("NeMo Curator supports Python 3.11 to 3.13", allow_module_level=True)
try:
    import pandas as pd
    from nemo_curator.stages.text.modifiers import DocumentModifier, Modify
    from nemo_curator.tasks import DocumentBatch
except ImportError as e:  # pragma: no cover - depends on the environment
    if os.environ.get("CI") == "true":
        raise
    pytest.skip(f"NeMo Curator is not installed (pip install 'cleanwire[nemo]'): {e}", allow_module_level=True)

from cleanwire.integrations.nemo_curator import CleanwireModifier, cleanwire_stage  # noqa: E402

TEXTS = ["By Jane Doe\nThe council approved the budget on Tuesday.\n\nLEAVE A REPLY",
         "Share post:\n\u201cHe seems erratic.\u201d", None]


def test_modify_stage_cleans_a_document_batch() -> None:
    modifier = CleanwireModifier()
    assert isinstance(modifier, DocumentModifier)
    batch = DocumentBatch(dataset_name="d", data=pd.DataFrame({"id": [1, 2, 3], "text": TEXTS}))

    out = cleanwire_stage().process(batch).to_pandas()  # in place
    assert out["text"].tolist()[:2] == [clean(t) for t in TEXTS[:2]]
    assert pd.isna(out["text"].iloc[2]) and out["id"].tolist() == [1, 2, 3]

    batch = DocumentBatch(dataset_name="d", data=pd.DataFrame({"body": TEXTS}))
    stage = Modify([CleanwireModifier({"preset": "rules", "quotes": False})], input_fields="body",
                   output_fields="clean")
    assert stage.name == "cleanwire"
    out = stage.process(batch).to_pandas()
    assert out["body"].tolist()[:2] == TEXTS[:2]  # the input column is kept
    assert out["clean"].tolist()[:2] == ["The council approved the budget on Tuesday.", "\u201cHe seems erratic.\u201d"]

    with pytest.raises(ValueError, match="unknown preset"):
        CleanwireModifier("strict")
    with pytest.raises(TypeError, match="pipeline must be"):
        CleanwireModifier(3)  # type: ignore[arg-type]


_RUN = textwrap.dedent("""
    import sys
    from nemo_curator.backends.ray_data import RayDataExecutor
    from nemo_curator.pipeline import Pipeline
    from nemo_curator.stages.text.io.reader import JsonlReader
    from nemo_curator.stages.text.io.writer import JsonlWriter
    from cleanwire import Pipeline as Cleaner
    from cleanwire.integrations.nemo_curator import cleanwire_stage

    source, target = sys.argv[1:]
    stage = cleanwire_stage("text", "clean", pipeline=Cleaner.preset("default").without("captions"))
    pipeline = Pipeline(name="cleanwire-test", stages=[
        JsonlReader(source, files_per_partition=1), stage, JsonlWriter(target)])
    pipeline.run(executor=RayDataExecutor())
""")


def test_pipeline_on_ray_reads_cleans_and_writes_jsonl(tmp_path: Path) -> None:
    """A real NeMo Curator pipeline (JSONL reader, the Modify stage, JSONL writer) on a local Ray cluster.

    It runs in a child process, so the Ray instance it starts ends with it.
    """
    records = seed_records() + corpus_records(20)
    (tmp_path / "in").mkdir()
    for part in range(2):
        lines = "".join(json.dumps(r) + "\n" for r in records[part::2])
        (tmp_path / "in" / f"part-{part}.jsonl").write_text(lines, encoding="utf-8")
    env = {**os.environ, "RAY_ENABLE_UV_RUN_RUNTIME_ENV": "0", "RAY_DISABLE_USAGE_STATS": "1"}
    proc = subprocess.run([sys.executable, "-c", _RUN, str(tmp_path / "in"), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]

    got = {}
    for path in (tmp_path / "out").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            got[record["id"]] = record
    pipeline = Pipeline.preset("default").without("captions")
    assert sorted(got) == sorted(r["id"] for r in records)
    for r in records:
        assert got[r["id"]]["text"] == r["text"]
        assert got[r["id"]]["clean"] == pipeline.clean(r["text"])
    assert sum(got[r["id"]]["clean"] != r["text"] for r in records) >= len(records) - 1
