"""The Hugging Face ``datasets`` recipe (examples/clean_hf_dataset.py), run for real: batched, two processes."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleanwire import clean_and_explain
from corpus_slice import ROOT, corpus_records, seed_records

pytest.importorskip("datasets")

EXAMPLE = ROOT / "examples" / "clean_hf_dataset.py"


def test_dataset_map_batched_with_num_proc(tmp_path: Path) -> None:
    records = [*seed_records(), *corpus_records(25), {"id": "empty", "text": None}]
    with gzip.open(tmp_path / "dump.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)
    # offline, with the cache in the test's folder: nothing is fetched, nothing is left behind
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    proc = subprocess.run([sys.executable, str(EXAMPLE), "dump.jsonl.gz", "clean.jsonl", "--num-proc", "2"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = [json.loads(line) for line in (tmp_path / "clean.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in records]  # order kept across the two processes
    for got, record in zip(out, records):
        if record["text"] is None:
            assert got["text"] is None and got["cleanwire_language"] is None
            continue
        want = clean_and_explain(record["text"])
        assert got["text"] == want.text and got["cleanwire_language"] == want.language
        if "url" in record:
            assert got["url"] == record["url"]
    assert sum(r["text"] != g["text"] for r, g in zip(records, out)) >= len(records) - 2


def test_docs_show_the_tested_recipe() -> None:
    """docs/scale.md quotes the example; the quoted lines must be the example's own."""
    docs = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    section = docs.split("## Hugging Face `datasets`", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    example = EXAMPLE.read_text(encoding="utf-8").splitlines()
    shown = [line for line in section.strip().splitlines() if line.strip()]
    assert len(shown) > 15
    for line in shown[:-1]:  # the last one is the call, which the example makes from its command line
        assert line in example, f"docs/scale.md shows a line the tested example does not have: {line!r}"
    assert shown[-1].startswith("clean_file(")
