#!/usr/bin/env python3
"""Throughput of cleanwire against peers on the same texts, best of interleaved rounds.

Tools timed on the same documents (the page_text and trafilatura variants of
the development corpus by default):
  cleanwire    ``cleanwire.clean``, default pipeline, on the engine that runs (``cleanwire.ENGINE``,
               native when the extension is built)
  cw_python    the same pipeline on the Python engine, in the same process
  c4_lines     datatrove's C4QualityFilter, line rules only
  justext      jusText fed the lines as <p> paragraphs (incl. building the HTML)
  clean_text   clean-text's ``clean()`` with its defaults
  ftfy         ``ftfy.fix_text`` on the whole text
  langdetect   ``langdetect.detect`` on the whole text

Each round runs every tool once over all texts, in a rotated order; the best
(lowest) CPU time of the rounds counts, which cuts the noise of a shared
machine. ``cw/tool`` is cleanwire's MB/s divided by the tool's: >= 1 means
cleanwire is faster (issue 5 asks >= 1 against c4_lines and >= 5 against ftfy).

Then (issue 14):
  short texts   documents per second on texts of at most 300 characters (paragraphs of the
                page texts), cleanwire against c4_lines;
  threads       cleanwire on two threads against one (the native engine releases the GIL);
  memory        the peak *resident* memory of one ``clean()`` on a single large document (the
                corpus page texts joined until --memory-mb), each engine in a fresh process
                (Rust allocations escape tracemalloc), relative to the document's UTF-8 size;
  pathological  the worst time per MB of hostile inputs over the corpus time per MB.
and every goal of issue 14 is printed as met or not met.

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
    "cw_python": _corpus.cleanwire_python,
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


_RSS_PROBE = r"""
import json, sys
import cleanwire
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise SystemExit("no VmHWM in /proc/self/status")
text = sys.stdin.read()
cleanwire.clean(text[:200000])   # warm: tables, lexicons, model
# and the language profiles, loaded once per process the first time the stop-word vote cannot
# settle a language (a text in a language without phrase lists always gets that far)
cleanwire.clean("Правительство страны приняло сегодня новые правила дорожного движения, "
                "которые вступят в силу в понедельник утром.")
base = hwm()
cleanwire.clean(text)
print(json.dumps({"engine": cleanwire.ENGINE, "base": base, "peak": hwm()}))
"""


def peak_resident(text: str, engine: str) -> dict[str, Any]:
    """Peak resident memory added by one ``clean()`` of *text* in a fresh process on *engine*
    (VmHWM after the call minus VmHWM after warm-up calls on the first 200 kB and on a Russian
    sentence, which load what a process loads once: tables, lexicons, model, language profiles)."""
    import os
    import subprocess

    env = dict(os.environ, CLEANWIRE_ENGINE=engine)
    out = subprocess.run([sys.executable, "-c", _RSS_PROBE], input=text, capture_output=True, text=True, env=env,
                         check=True)
    got: dict[str, Any] = json.loads(out.stdout)
    return got


def large_document(records: list[dict[str, Any]], memory_mb: float) -> str:
    """The document of the memory figures: the corpus page texts joined until *memory_mb* MB."""
    parts, size = [], 0
    for r in records:
        text = r["inputs"].get("page_text") or ""
        parts.append(text)
        size += len(text.encode("utf-8"))
        if size >= memory_mb * 1e6:
            break
    return "\n\n".join(parts)


def short_texts(records: list[dict[str, Any]], limit: int, size: int = 300) -> list[str]:
    """Texts of at most *size* characters: consecutive paragraphs of the page texts, joined while they fit."""
    out: list[str] = []
    for r in records:
        current = ""
        for para in (r["inputs"].get("page_text") or "").split("\n\n"):
            para = para.strip()
            if not para or len(para) > size:
                continue
            if current and len(current) + 2 + len(para) > size:
                out.append(current)
                current = ""
            current = f"{current}\n\n{para}" if current else para
        if current:
            out.append(current)
        if len(out) >= limit:
            break
    return out[:limit]


def threads(func: _corpus.Cleaner, texts: list[str], rounds: int) -> tuple[float, float]:
    """Best wall seconds of cleaning *texts* on one thread and on two (half each)."""
    from concurrent.futures import ThreadPoolExecutor

    def run(part: list[str]) -> None:
        for text in part:
            func(text)

    one = two = float("inf")
    with ThreadPoolExecutor(2) as pool:
        for _ in range(rounds):
            w0 = time.perf_counter()
            run(texts)
            one = min(one, time.perf_counter() - w0)
            w0 = time.perf_counter()
            list(pool.map(run, [texts[0::2], texts[1::2]]))
            two = min(two, time.perf_counter() - w0)
    return one, two


def sha256_threads(rounds: int) -> float:
    """Two threads against one on hashlib.sha256 of 50 MB (it releases the GIL): what the machine allows."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    data = b"x" * 50_000_000

    def work(_: int) -> None:
        hashlib.sha256(data).digest()

    one = two = float("inf")
    with ThreadPoolExecutor(2) as pool:
        for _ in range(rounds):
            w0 = time.perf_counter()
            work(0)
            work(1)
            one = min(one, time.perf_counter() - w0)
            w0 = time.perf_counter()
            list(pool.map(work, [0, 1]))
            two = min(two, time.perf_counter() - w0)
    return one / two


def pathological_inputs(mb: float = 1.0) -> dict[str, str]:
    """Hostile inputs of about *mb* MB each: shapes that make a line cleaner slow."""
    n = int(mb * 1e6)
    return {
        "one long line": ("word " * (n // 5)).strip(),
        "one long line, no spaces": "a" * n,
        "punctuation run": ("Share post" + "." * 2000 + "\n") * (n // 2011),
        "many short lines": "Home\n" * (n // 5),
        "blank lines": "\n" * n,
        "says headers": ("Ann Lee says:\nGreat story, thanks for writing it.\n") * (n // 52),
        "caption markers": ("Photo by Getty Images pictured " * 10 + "\n") * (n // 311),
        "bylines and dates": ("By Jane Doe\n3 May 2024 12:30\n") * (n // 29),
        "code sample": ("<div>\n}\n);\n" * (n // 12)),
        "curly quotes": ("\u201cquote\u201d \u2018it\u2019s\u2019 " * (n // 20) + "\n"),
        "mojibake": ("caf\u00c3\u00a9 &amp; na\u00c3\u00afve\n" * (n // 22)),
        "teaser runs": ("Minister warns of new crisis\nThe bitter balance of the strike, which...\n") * (n // 70),
    }


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
    result: dict[str, Any] = {"revision": _corpus.git_revision(), "stamp": _corpus.stamp(),
                              "machine": _corpus.machine(), "rounds": args.rounds,
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
    extra_measures(args, tools, records, result)
    if not args.no_memory:
        big = large_document(records, args.memory_mb)
        peak, nbytes = peak_memory(tools["cleanwire"], big)
        print(f"\npeak memory of clean() on one {nbytes / 1e6:.2f} MB document: {peak / 1e6:.1f} MB "
              f"= {peak / nbytes:.1f}x its size (tracemalloc: Python allocations only)")
        result["memory"] = {"input_bytes": nbytes, "peak_bytes": peak, "ratio": peak / nbytes}
        resident = {}
        for engine in ("native", "python"):
            try:
                got = peak_resident(big, engine)
            except Exception as exc:  # noqa: BLE001 - e.g. the native engine is not built
                print(f"peak resident memory ({engine}): not measured ({exc})")
                continue
            added = got["peak"] - got["base"]
            resident[engine] = {"base_bytes": got["base"], "peak_bytes": got["peak"], "added_bytes": added,
                                "ratio": added / nbytes}
            print(f"peak resident memory of clean() on the same document, {engine} engine (fresh process): "
                  f"+{added / 1e6:.1f} MB over the warmed-up process = {added / nbytes:.1f}x its size")
        result["resident"] = resident
    print_goals(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return result


def extra_measures(args: argparse.Namespace, tools: dict[str, _corpus.Cleaner], records: list[dict[str, Any]],
                   result: dict[str, Any]) -> None:
    """Short texts, two threads against one, pathological inputs (see the module documentation)."""
    import cleanwire

    result["engine"] = cleanwire.ENGINE
    short = short_texts(records, 3000)
    if "c4_lines" in tools and short:
        chosen = {k: tools[k] for k in ("cleanwire", "cw_python", "c4_lines") if k in tools}
        # the same pipeline told the language: what language detection costs on short texts
        chosen["cw_lang_en"] = cleanwire.Pipeline.preset("default", language="en").clean
        best = bench_variant(chosen, short, args.rounds)
        rows = {name: len(short) / t["cpu"] for name, t in best.items()}
        print(f"\nshort texts: {len(short)} docs of <= 300 characters")
        for name, docs in rows.items():
            print(f"{name:<12} {docs:>10.0f} docs/s  cw/tool {rows['cleanwire'] / docs:>6.2f}")
        result["short"] = {"docs": len(short), "docs/s": rows}
    texts = [r["inputs"]["page_text"] for r in records if r["inputs"].get("page_text")][: args.limit or None]
    one, two = threads(tools["cleanwire"], texts, args.rounds)
    control = sha256_threads(args.rounds)
    print(f"\nthreads: one {one:.2f} s, two {two:.2f} s wall: {one / two:.2f}x "
          f"(control, sha256 of 50 MB, which releases the GIL: {control:.2f}x; near 1x means the machine "
          "has no second core free and the figure cannot show the GIL's release)")
    result["threads"] = {"one_s": one, "two_s": two, "speedup": one / two, "control_sha256": control}
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    corpus_s_per_mb = min(time_once(tools["cleanwire"], texts)[0] for _ in range(2)) / mb
    worst = ("", 0.0)
    rows_p: dict[str, float] = {}
    for name, text in pathological_inputs().items():
        size = len(text.encode("utf-8")) / 1e6
        cpu = time_once(tools["cleanwire"], [text])[0]
        rows_p[name] = (cpu / size) / corpus_s_per_mb
        if rows_p[name] > worst[1]:
            worst = (name, rows_p[name])
    print(f"\npathological inputs (time per MB over the corpus's {corpus_s_per_mb:.3f} s/MB):")
    for name, ratio in rows_p.items():
        print(f"  {name:<26} {ratio:>6.2f}x")
    result["pathological"] = {"corpus_s_per_MB": corpus_s_per_mb, "ratios": rows_p, "worst": worst[0],
                              "worst_ratio": worst[1]}


def goals(result: dict[str, Any]) -> list[tuple[str, str, float | None, str, bool | None]]:
    """Issue 14's goals: (measure, figure text, value, goal text, met)."""
    out: list[tuple[str, str, float | None, str, bool | None]] = []
    page = result["variants"].get("page_text", {}).get("tools", {})

    def ratio(tool: str) -> float | None:
        return page[tool]["cw/tool"] if tool in page and "cleanwire" in page else None

    def row(measure: str, value: float | None, goal: float, goal_text: str, higher: bool = True) -> None:
        met = None if value is None else (value >= goal if higher else value <= goal)
        out.append((measure, "n/a" if value is None else f"{value:.2f}x", value, goal_text, met))

    row("default pipeline vs C4 line filter, page_text", ratio("c4_lines"), 1.0, ">= 1.0x")
    row("default pipeline vs ftfy.fix_text", ratio("ftfy"), 5.0, ">= 5x")
    short = result.get("short", {}).get("docs/s", {})
    row("short texts, docs/s vs C4 line filter",
        short["cleanwire"] / short["c4_lines"] if "c4_lines" in short else None, 1.0, ">= 1.0x")
    row("two threads vs one", result.get("threads", {}).get("speedup"), 1.6, ">= 1.6x")
    resident = result.get("resident", {}).get(result.get("engine", "native"), {})
    row("peak resident memory over input, one 2 MB document", resident.get("ratio"), 5.0, "<= 5x", higher=False)
    row("worst pathological input, time/MB over corpus time/MB", result.get("pathological", {}).get("worst_ratio"),
        5.0, "<= 5x", higher=False)
    return out


def print_goals(result: dict[str, Any]) -> None:
    print(f"\nissue 14 goals (engine: {result.get('engine')}):")
    for measure, figure, _, goal, met in goals(result):
        verdict = "not measured" if met is None else ("met" if met else "NOT MET")
        print(f"  {measure:<58} {figure:>8}  goal {goal:<8} {verdict}")


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
        f"Best of {result['rounds']} interleaved rounds, CPU time of one process on the shared 2-core machine"
        f" ({result.get('machine', 'processor not recorded')}).",
        f"`cleanwire` is `cleanwire.clean` on the engine that ran (`{result.get('engine', 'python')}`; see",
        "[engines.md](engines.md)), `cw_python` the same pipeline on the Python engine in the same process.",
        "`cw/tool` = cleanwire's MB/s divided by the tool's (issue 14 wants >= 1 against `c4_lines` and >= 5",
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
                f"of the corpus joined), by tracemalloc (Python allocations only; the goal is on resident memory, "
                f"below): {mem['peak_bytes'] / 1e6:.1f} MB = {mem['ratio']:.1f}x the input size."]
    if "threads" in result:
        out += ["", f"Issue 14 goals, engine `{result.get('engine')}`, same run:", "",
                "| measure | figure | goal | met |", "|---|---:|---|---|"]
        for measure, figure, _, goal, met in goals(result):
            out.append(f"| {measure} | {figure} | {goal} | {'n/a' if met is None else 'yes' if met else 'no'} |")
        control = result["threads"].get("control_sha256")
        if control is not None:
            out += ["", f"Two threads against one: {result['threads']['speedup']:.2f}x; the control (sha256 of 50 MB, "
                    f"which releases the GIL) reached {control:.2f}x in the same run: near 1x, the shared machine had "
                    "no second core free and the figure cannot show the engine's release of the GIL."]
        path = result.get("pathological", {})
        if path:
            out += ["", "Pathological inputs (about 1 MB each), time per MB over the corpus page texts' time per MB: "
                    + ", ".join(f"{k} {v:.2f}x" for k, v in path["ratios"].items()) + "."]
        res = result.get("resident", {})
        if res:
            out += ["", "Peak resident memory added by one `clean()` of the large document (fresh process, "
                    "VmHWM after warm-up calls that load tables, lexicons, model and language profiles): "
                    + ", ".join(f"{k} engine +{v['added_bytes'] / 1e6:.1f} MB = {v['ratio']:.1f}x"
                                for k, v in res.items()) + "."]
    notes = result.get("notes")
    if notes:  # free text kept in the saved JSON, e.g. the profile of that revision
        out += ["", *notes]
    return "\n".join(out)


if __name__ == "__main__":
    main()
