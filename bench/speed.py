#!/usr/bin/env python3
"""Throughput of cleanwire against peers on the same texts, best of interleaved rounds.

Tools timed on the same documents (the page_text and trafilatura variants of
the development corpus by default):
  cleanwire    ``cleanwire.clean``, default pipeline
  c4_lines     datatrove's C4QualityFilter, line rules only
  justext      jusText fed the lines as <p> paragraphs (incl. building the HTML)
  clean_text   clean-text's ``clean()`` with its defaults
  ftfy         ``ftfy.fix_text`` on the whole text
  langdetect   ``langdetect.detect`` on the whole text

Each round runs every tool once over all texts, in a rotated order; the best
(lowest) CPU time of the rounds counts, which cuts the noise of a shared
machine. ``cw/tool`` is cleanwire's MB/s divided by the tool's: >= 1 means
cleanwire is faster (issue 5 asks >= 1 against c4_lines and >= 5 against ftfy).

Then the peak memory of one ``clean()`` on a single large document (the
corpus page texts joined until --memory-mb) is measured with tracemalloc and
given relative to the document's UTF-8 size (goal: <= 5x).

usage (from the project root):
  .venv/bin/python bench/speed.py                      # 3 rounds, 300 docs per variant
  .venv/bin/python bench/speed.py --rounds 5 --limit 0 --variants page_text
  .venv/bin/python bench/speed.py --tools cleanwire,ftfy --no-memory
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402

TOOLS: dict[str, Callable[[], _corpus.Cleaner]] = {
    "cleanwire": _corpus.cleanwire_default,
    "c4_lines": _corpus.c4_lines,
    "justext": _corpus.justext_lines,
    "clean_text": _corpus.clean_text,
    "ftfy": _corpus.ftfy_only,
    "langdetect": _corpus.langdetect_whole,
}


def time_once(func: _corpus.Cleaner, texts: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) for one pass of *func* over *texts*."""
    gc.collect()
    c0, w0 = time.process_time(), time.perf_counter()
    for text in texts:
        func(text)
    return time.process_time() - c0, time.perf_counter() - w0


def bench_variant(tools: dict[str, _corpus.Cleaner], texts: list[str], rounds: int) -> dict[str, dict[str, float]]:
    """Best-of-*rounds* CPU and wall time per tool, tools interleaved and rotated each round."""
    names = list(tools)
    for name in names:  # warm-up: load profiles, compile patterns
        for text in texts[:5]:
            tools[name](text)
    best: dict[str, dict[str, float]] = {n: {"cpu": float("inf"), "wall": float("inf")} for n in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            cpu, wall = time_once(tools[name], texts)
            best[name]["cpu"] = min(best[name]["cpu"], cpu)
            best[name]["wall"] = min(best[name]["wall"], wall)
        print(f"#   round {r + 1}/{rounds} done", file=sys.stderr)
    return best


def peak_memory(func: _corpus.Cleaner, text: str) -> tuple[int, int]:
    """(peak bytes allocated by one call of *func* on *text*, UTF-8 size of *text*)."""
    func(text)  # warm every lazy load (langdetect profiles, compiled lexicons) outside the measurement
    gc.collect()
    tracemalloc.start()
    try:
        func(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the best counts (default 3)")
    ap.add_argument("--limit", type=int, default=300, help="documents per variant, 0 for all (default 300)")
    ap.add_argument("--variants", default="page_text,trafilatura", help="comma-separated input variants")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated: " + ",".join(TOOLS))
    ap.add_argument("--memory-mb", type=float, default=2.0, help="size of the large document (default 2 MB)")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory measurement")
    ap.add_argument("--json", help="write the results to this JSON file")
    ap.add_argument("--render", metavar="JSON", help="measure nothing: render results saved with --json")
    ap.add_argument("--update-docs", action="store_true",
                    help="write the tables between the speed markers of docs/benchmarks.md")
    args = ap.parse_args(argv)
    result = json.loads(Path(args.render).read_text()) if args.render else measure(args)
    if args.update_docs:
        _corpus.update_docs("speed", render_docs(result))
    return result


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Time every tool on every chosen variant, then the peak memory; print tables as they come."""
    wanted = [t for t in args.tools.split(",") if t]
    if "cleanwire" not in wanted:
        wanted.insert(0, "cleanwire")
    tools = _corpus.build(TOOLS, wanted)
    records = _corpus.load_records()
    result: dict[str, Any] = {"revision": _corpus.git_revision(), "stamp": _corpus.stamp(), "rounds": args.rounds,
                              "command": " ".join(["python", "bench/speed.py", *sys.argv[1:]]), "variants": {}}
    for variant in [v for v in args.variants.split(",") if v]:
        texts = [r["inputs"][variant] for r in records if r["inputs"].get(variant)]
        if args.limit:
            texts = texts[:args.limit]
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(f"\n{variant}: {len(texts)} docs, {mb:.2f} MB, best of {args.rounds} rounds (CPU time)")
        best = bench_variant(tools, texts, args.rounds)
        cw = mb / best["cleanwire"]["cpu"]
        print(f"{'tool':<12} {'MB/s':>8} {'docs/s':>8} {'wall MB/s':>10} {'cw/tool':>8}")
        rows = {}
        for name, t in best.items():
            mbs = mb / t["cpu"]
            rows[name] = {"MB/s": mbs, "docs/s": len(texts) / t["cpu"], "wall_MB/s": mb / t["wall"],
                          "cw/tool": cw / mbs}
            print(f"{name:<12} {mbs:>8.2f} {len(texts) / t['cpu']:>8.1f} {mb / t['wall']:>10.2f} {cw / mbs:>8.2f}")
        result["variants"][variant] = {"docs": len(texts), "MB": mb, "tools": rows}
    if not args.no_memory:
        parts, size = [], 0
        for r in records:
            text = r["inputs"].get("page_text") or ""
            parts.append(text)
            size += len(text.encode("utf-8"))
            if size >= args.memory_mb * 1e6:
                break
        big = "\n\n".join(parts)
        peak, nbytes = peak_memory(tools["cleanwire"], big)
        print(f"\npeak memory of clean() on one {nbytes / 1e6:.2f} MB document: {peak / 1e6:.1f} MB "
              f"= {peak / nbytes:.1f}x its size (goal <= 5x)")
        result["memory"] = {"input_bytes": nbytes, "peak_bytes": peak, "ratio": peak / nbytes}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return result


def render_docs(result: dict[str, Any]) -> str:
    """Markdown for docs/benchmarks.md: one table per variant and the memory line."""
    out = [
        "## Speed",
        "",
        f"{result.get('stamp', '')} Command (from the project root; peers need `pip install -e '.[bench]'`):",
        "",
        "```",
        result.get("command", "python bench/speed.py").replace("python ", ".venv/bin/python ", 1),
        "```",
        "",
        f"Best of {result['rounds']} interleaved rounds, CPU time of one process on the shared 2-core machine.",
        "`cw/tool` = cleanwire's MB/s divided by the tool's (issue 5 wants >= 1 against `c4_lines` and >= 5",
        "against `ftfy`). `justext` includes building its HTML; `langdetect` runs on the whole text.",
    ]
    for variant, v in result["variants"].items():
        out += ["", f"**{variant}** ({v['docs']} documents, {v['MB']:.2f} MB)", "",
                "| tool | MB/s | docs/s | wall MB/s | cw/tool |", "|---|---:|---:|---:|---:|"]
        for name, t in v["tools"].items():
            out.append(f"| {name} | {t['MB/s']:.2f} | {t['docs/s']:.1f} | {t['wall_MB/s']:.2f} | {t['cw/tool']:.2f} |")
    mem = result.get("memory")
    if mem:
        out += ["", f"Peak memory of one `clean()` on a single {mem['input_bytes'] / 1e6:.2f} MB document (page texts "
                f"of the corpus joined), by tracemalloc: {mem['peak_bytes'] / 1e6:.1f} MB = **{mem['ratio']:.1f}x** "
                "the input size (goal <= 5x)."]
    notes = result.get("notes")
    if notes:  # free text kept in the saved JSON, e.g. the profile of that revision
        out += ["", *notes]
    return "\n".join(out)


if __name__ == "__main__":
    main()
