"""Clean a JSON-lines dump with Hugging Face ``datasets``: ``Dataset.map``, batched, in worker processes.

Usage (``pip install cleanwire datasets``)::

    python examples/clean_hf_dataset.py dump.jsonl.gz clean.jsonl --field text --num-proc 2

Every record keeps its other fields; ``--field`` is cleaned in place and a
``cleanwire_language`` column holds the detected language. ``datasets`` pickles
``clean_batch`` (and the pipeline it uses) to its ``num_proc`` worker
processes; each cleans whole batches of 256 records.
"""

from __future__ import annotations

import argparse
from typing import Any

from datasets import load_dataset

import cleanwire

# Built once, at import, in each worker process: a preset or your own pipeline.
PIPELINE = cleanwire.Pipeline.preset("default")


def clean_batch(batch: dict[str, list[Any]], field: str = "text") -> dict[str, list[Any]]:
    """Clean the *field* of a batch of records; values that are not strings pass through."""
    results = [PIPELINE.run(t) if isinstance(t, str) else None for t in batch[field]]
    return {
        field: [r.text if r is not None else t for r, t in zip(results, batch[field])],
        "cleanwire_language": [r.language if r is not None else None for r in results],
    }


def clean_file(source: str, target: str, *, field: str = "text", num_proc: int = 2) -> None:
    """Clean the JSON-lines file *source* into *target* with ``num_proc`` processes."""
    ds = load_dataset("json", data_files=source, split="train")
    ds = ds.map(clean_batch, batched=True, batch_size=256, num_proc=num_proc, fn_kwargs={"field": field})
    ds.to_json(target, lines=True, force_ascii=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a JSON-lines file (gzipped or not)")
    parser.add_argument("target", help="the JSON-lines file to write")
    parser.add_argument("--field", default="text", help="the text field (default: text)")
    parser.add_argument("--num-proc", type=int, default=2, help="worker processes (default: 2)")
    args = parser.parse_args(argv)
    clean_file(args.source, args.target, field=args.field, num_proc=args.num_proc)


if __name__ == "__main__":
    main()
