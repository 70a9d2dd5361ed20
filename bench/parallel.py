"""Benchmark: ``cleanwire --jobs 1`` against ``--jobs 2``, and the Dask path on a 2-worker LocalCluster.

Usage (from the project root)::

    .venv/bin/python bench/parallel.py                       # CLI jobs 1 and 2, and Dask, best of 3
    .venv/bin/python bench/parallel.py --repeat 5 --no-dask
    .venv/bin/python bench/parallel.py --dask-config distributed.worker.profile.enabled=false

Every figure is the best (shortest) wall-clock time of ``--repeat`` runs, so
that other programs on a shared machine disturb it as little as possible;
the load average before each run is printed next to it. Each repeat runs
``--jobs 1``, ``--jobs 2`` and Dask one after the other, so that a change in
the machine's load hits all three alike. MB/s counts the UTF-8 bytes of the
cleaned field (``inputs.page_text`` by default), not of the whole JSON
records.

The CLI runs are the real command in a subprocess (start-up included: the
interpreter, imports, the worker pool, the model and language profiles) with
standard output to ``/dev/null``.

The Dask run is a job as one would run it on a crawl: before the timing, the
corpus is split once into ``--partitions`` gzipped JSON-lines shards of about
equal size (a crawl is stored in shards; gzip cannot be split), and a fresh
``distributed.LocalCluster`` with 2 worker processes of 1 thread is started,
with cleanwire imported in the workers (this start-up is timed apart and
printed). The timed part has the workers build the pipeline, load the model
and the language profiles (in their first task, as the command's workers do
in its timed run), read and gunzip the shards, parse, clean and serialize the
records and write them to files, as the command does; nothing travels
through the client. ``--dask-input scatter`` instead reads the corpus in the
client (untimed) and scatters it to the workers (timed). The cluster is
closed before the next CLI run, so that its idle event loops do not slow the
command down.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wcxb-dev.jsonl.gz"


def load(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line]  # not splitlines(): U+2028 occurs in the text


def field_megabytes(lines: list[str], field: str) -> float:
    total = 0
    for line in lines:
        value: Any = json.loads(line)
        for part in field.split("."):
            value = value[part]
        total += len(value.encode("utf-8"))
    return total / 1e6


def load_average() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def time_cli(corpus: Path, field: str, jobs: int) -> float:
    cmd = [sys.executable, "-m", "cleanwire", "--jsonl", "--field", field, "--jobs", str(jobs), "--no-progress",
           "--no-config", str(corpus)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def write_shards(lines: list[str], parts: int, folder: Path) -> list[Path]:
    """Split *lines* into about *parts* gzipped JSON-lines files of about equal size (in order)."""
    target = sum(len(line) for line in lines) / parts
    shards: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if size >= target and len(shards) < parts:
            shards.append([])
            size = 0
        shards[-1].append(line)
        size += len(line)
    paths = []
    for i, shard in enumerate(shards):
        path = folder / f"shard-{i:04d}.jsonl.gz"
        path.write_bytes(gzip.compress("".join(x + "\n" for x in shard).encode("utf-8"), compresslevel=6))
        paths.append(path)
    return paths


@contextmanager
def dask_cluster(settings: dict[str, Any]) -> Iterator[tuple[Any, float]]:
    """A started 2-worker LocalCluster (1 thread each) with cleanwire imported, and the seconds the start took."""
    import dask
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    with dask.config.set(settings), LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                 dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        client.run(lambda: __import__("cleanwire.integrations.dask"))  # imports only: as in the command's
        # timed run, the pipeline, the model and the language profiles load in the first task
        yield client, time.perf_counter() - start


def dask_run(client: Any, field: str, *, shards: list[Path] | None = None, lines: list[str] | None = None,
             partitions: int = 64) -> float:
    """Clean the corpus with ``clean_bag``; the workers write the output. Returns the seconds taken."""
    import dask
    import dask.bag as db

    from cleanwire.integrations.dask import clean_bag

    start = time.perf_counter()
    if shards is not None:
        bag = db.read_text([str(p) for p in shards], encoding="utf-8", linedelimiter="\n").map(json.loads)
        expected = None
    else:
        assert lines is not None
        size = -(-len(lines) // partitions)
        chunks = client.scatter([lines[i:i + size] for i in range(0, len(lines), size)])  # the data goes out once
        bag = db.from_delayed([dask.delayed(list)(chunk) for chunk in chunks]).map(json.loads)
        expected = len(lines)
    out = clean_bag(bag, field=field).map(lambda r: json.dumps(r, ensure_ascii=False))
    # As in a real job (and as the command writes its output), the workers write the
    # cleaned records to files; nothing travels back through the client.
    with tempfile.TemporaryDirectory() as tmp:
        out.to_textfiles(str(Path(tmp) / "part-*.jsonl"))
        elapsed = time.perf_counter() - start
        written = sum(1 for part in Path(tmp).glob("part-*.jsonl") for _ in part.open(encoding="utf-8"))
    if expected is None:
        expected = sum(1 for p in shards or [] for _ in gzip.open(p, "rt", encoding="utf-8", newline="\n"))
    assert written == expected, (written, expected)
    return elapsed


def parse_setting(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` of ``--dask-config``; the value is read as JSON (``false``, ``10``), else kept as text."""
    key, _, value = text.partition("=")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--field", default="inputs.page_text")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--partitions", type=int, default=64, help="Dask shards (or scattered partitions)")
    ap.add_argument("--dask-input", choices=("shards", "scatter"), default="shards",
                    help="workers read gzipped shards (default), or the client scatters the records")
    ap.add_argument("--dask-config", action="append", default=[], metavar="KEY=VALUE", type=parse_setting,
                    help="a dask.config setting for the cluster (repeatable), e.g. "
                         "distributed.worker.profile.enabled=false")
    ap.add_argument("--limit", type=int, help="use only the first N records (quick checks; CLI runs on a copy)")
    args = ap.parse_args()

    lines = load(args.corpus)
    if args.limit:
        lines = lines[: args.limit]
        args.corpus = Path(os.environ.get("TMPDIR", "/tmp")) / f"cleanwire-bench-{args.limit}.jsonl.gz"
        args.corpus.write_bytes(gzip.compress("".join(x + "\n" for x in lines).encode(), compresslevel=1))
    mb = field_megabytes(lines, args.field)
    print(f"corpus: {args.corpus} ({len(lines)} records, {mb:.1f} MB in {args.field}); cpus: {os.cpu_count()}")
    settings = dict(args.dask_config)
    if not args.no_dask:
        print(f"dask: {args.dask_input}, {args.partitions} partitions, config {settings or 'default'}")
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        shards = None
        if not args.no_dask and args.dask_input == "shards":
            shards = write_shards(lines, args.partitions, Path(tmp))
        for _ in range(args.repeat):
            for jobs in (1, 2):
                load_before = load_average()
                t = time_cli(args.corpus, args.field, jobs)
                print(f"  cleanwire --jobs {jobs}: {t:6.2f} s  {mb / t:5.2f} MB/s  "
                      f"(load average before: {load_before})")
                best[f"jobs{jobs}"] = min(best.get(f"jobs{jobs}", float("inf")), t)
            if args.no_dask:
                continue
            with dask_cluster(settings) as (client, started):
                load_before = load_average()
                t = dask_run(client, args.field, shards=shards, lines=None if shards else lines,
                             partitions=args.partitions)
            print(f"  dask bag, 2 workers:   {t:6.2f} s  {mb / t:5.2f} MB/s  (load average before: {load_before}; "
                  f"cluster start, not counted: {started:.2f} s)")
            best["dask"] = min(best.get("dask", float("inf")), t)

    print("\nbest of", args.repeat)
    print("| run | seconds | MB/s | vs --jobs 1 |")
    print("|---|---:|---:|---:|")
    labels = {"jobs1": "`cleanwire --jobs 1`", "jobs2": "`cleanwire --jobs 2`",
              "dask": "Dask bag, LocalCluster 2 workers"}
    for key, t in best.items():
        print(f"| {labels[key]} | {t:.2f} | {mb / t:.2f} | {best['jobs1'] / t:.2f}x |")
    if "dask" in best:
        print(f"\nDask time / --jobs 2 time: {best['dask'] / best['jobs2']:.2f}")


if __name__ == "__main__":
    main()
