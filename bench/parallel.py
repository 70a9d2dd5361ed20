"""Benchmark: ``cleanwire --jobs 1`` against ``--jobs 2``, and the Dask path on a 2-worker LocalCluster.

Usage (from the project root)::

    .venv/bin/python bench/parallel.py                       # CLI jobs 1 and 2, and Dask, best of 3
    .venv/bin/python bench/parallel.py --repeat 5 --no-dask

Every figure is the best (shortest) wall-clock time of ``--repeat`` runs, so
that other programs on a shared machine disturb it as little as possible;
the load average before each run is printed next to it. MB/s counts the
UTF-8 bytes of the cleaned field (``inputs.page_text`` by default), not of
the whole JSON records. The CLI runs are the real command in a subprocess
(start-up included) with standard output to ``/dev/null``. The Dask run
reads the same gzipped JSON lines in the client, scatters them once, and has
the workers parse, clean, serialize and write them to files, as the command
does; starting the cluster is timed apart.
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


def dask_run(client: Any, lines: list[str], field: str, partitions: int) -> float:
    import dask
    import dask.bag as db

    from cleanwire.integrations.dask import clean_bag

    start = time.perf_counter()
    size = -(-len(lines) // partitions)
    chunks = client.scatter([lines[i:i + size] for i in range(0, len(lines), size)])  # the data goes out once
    bag = db.from_delayed([dask.delayed(list)(chunk) for chunk in chunks]).map(json.loads)
    out = clean_bag(bag, field=field).map(lambda r: json.dumps(r, ensure_ascii=False))
    # As in a real job (and as the command writes its output), the workers write the
    # cleaned records to files; nothing travels back through the client.
    with tempfile.TemporaryDirectory() as tmp:
        out.to_textfiles(str(Path(tmp) / "part-*.jsonl"))
        elapsed = time.perf_counter() - start
        written = sum(1 for part in Path(tmp).glob("part-*.jsonl") for _ in part.open(encoding="utf-8"))
    assert written == len(lines)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--field", default="inputs.page_text")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--partitions", type=int, default=64, help="Dask bag partitions")
    ap.add_argument("--limit", type=int, help="use only the first N records (quick checks; CLI runs on a copy)")
    args = ap.parse_args()

    lines = load(args.corpus)
    if args.limit:
        lines = lines[: args.limit]
        args.corpus = Path(os.environ.get("TMPDIR", "/tmp")) / f"cleanwire-bench-{args.limit}.jsonl.gz"
        args.corpus.write_bytes(gzip.compress("".join(x + "\n" for x in lines).encode(), compresslevel=1))
    mb = field_megabytes(lines, args.field)
    print(f"corpus: {args.corpus} ({len(lines)} records, {mb:.1f} MB in {args.field}); cpus: {os.cpu_count()}")
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for jobs in (1, 2):  # interleaved, so that a change in the machine's load hits both alike
            load_before = load_average()
            t = time_cli(args.corpus, args.field, jobs)
            print(f"  cleanwire --jobs {jobs}: {t:6.2f} s  {mb / t:5.2f} MB/s  (load average before: {load_before})")
            best[f"jobs{jobs}"] = min(best.get(f"jobs{jobs}", float("inf")), t)

    if not args.no_dask:
        from distributed import Client, LocalCluster

        start = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=40) as cluster, Client(cluster) as client:
            client.run(lambda: __import__("cleanwire.integrations.dask"))  # warm the workers' imports
            print(f"  dask LocalCluster(2 workers) start: {time.perf_counter() - start:.2f} s")
            for _ in range(args.repeat):
                load_before = load_average()
                t = dask_run(client, lines, args.field, args.partitions)
                print(f"  dask bag, 2 workers:   {t:6.2f} s  {mb / t:5.2f} MB/s  (load average before: {load_before})")
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
