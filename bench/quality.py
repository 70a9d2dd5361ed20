#!/usr/bin/env python3
"""Quality of cleanwire against text-only peers, per variant and page type, in one run.

Every figure comes from the reference scorer's own functions
(``../shared/corpus/score.py``: ``score`` -> ``shingle_prf``, ``word_f1``,
``snippet_rate``), so a row here equals what ``score.py`` prints for the same
cleaner, variant and documents.

Cleaners compared on the same texts:
  uncleaned   the scraped text itself (the baseline)
  cleanwire   ``cleanwire.clean`` with the default pipeline
  c4_lines    datatrove's C4QualityFilter, line rules only (bench/_corpus.py)
  justext     jusText's classifier fed the lines as <p> paragraphs

usage (from the project root):
  .venv/bin/python bench/quality.py                      # everything (a few minutes)
  .venv/bin/python bench/quality.py --types article --variants page_text --limit 250
  .venv/bin/python bench/quality.py --json quality.json --markdown
Peers need ``pip install -e '.[bench]'``; a missing peer is skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402

CLEANERS: dict[str, Callable[[], _corpus.Cleaner]] = {
    "cleanwire": _corpus.cleanwire_default,
    "c4_lines": _corpus.c4_lines,
    "justext": _corpus.justext_lines,
}
COLUMNS = ("sP", "sR", "sF1", "wF1", "leak", "keep")
# Article sF1 that ../shared/README.md quotes for the same peers and baselines (page_text, trafilatura, readability).
REFERENCE = {"uncleaned": (0.808, 0.927, 0.899), "c4_lines": (0.812, 0.826, 0.814), "justext": (0.840, 0.874, 0.853)}


def _memo(func: _corpus.Cleaner, seconds: list[float]) -> _corpus.Cleaner:
    """Cache outputs by input text, so that the "all" row reuses the per-type runs."""
    cache: dict[str, str] = {}

    def run(text: str) -> str:
        out = cache.get(text)
        if out is None:
            t0 = time.perf_counter()
            out = cache[text] = func(text)
            seconds[0] += time.perf_counter() - t0
        return out

    return run


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--types", default="", help="comma-separated page types (default: every type, plus 'all')")
    ap.add_argument("--variants", default=",".join(_corpus.VARIANTS), help="comma-separated input variants")
    ap.add_argument("--cleaners", default=",".join(CLEANERS), help="comma-separated: " + ",".join(CLEANERS))
    ap.add_argument("--limit", type=int, help="at most N documents (first N of the chosen types)")
    ap.add_argument("--json", help="write the rows to this JSON file")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--render", metavar="JSON", help="measure nothing: render rows saved with --json")
    ap.add_argument("--update-docs", action="store_true",
                    help="write the summary between the quality markers of docs/benchmarks.md")
    args = ap.parse_args(argv)
    if args.render:
        saved = json.loads(Path(args.render).read_text())
    else:
        saved = measure(args)
    if args.update_docs:
        _corpus.update_docs("quality", render_docs(saved))
    return list(saved["rows"])


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Score every cleaner on every chosen variant and page type; print the rows as they come."""
    scorer = _corpus.load_scorer()
    types = [t for t in args.types.split(",") if t]
    records = _corpus.load_records(set(types) or None, args.limit)
    present = sorted({r["page_type"] for r in records})
    groups = [t for t in present if not types or t in types]
    if len(groups) > 1 or not types:
        groups.append("all")
    variants = [v for v in args.variants.split(",") if v]
    cleaners = _corpus.build(CLEANERS, [c for c in args.cleaners.split(",") if c])
    seconds: dict[str, list[float]] = defaultdict(lambda: [0.0])
    runners: dict[str, _corpus.Cleaner | None] = {"uncleaned": None}
    runners.update({name: _memo(func, seconds[name]) for name, func in cleaners.items()})

    rows: list[dict[str, Any]] = []
    if args.markdown:
        print("| variant | type | cleaner | docs | " + " | ".join(COLUMNS) + " |")
        print("|---|---|---|---:|" + "---:|" * len(COLUMNS))
    else:
        print(f"{'variant':<19} {'type':<13} {'cleaner':<10} {'docs':>5} "
              + " ".join(f"{c:>6}" for c in COLUMNS))
    for variant in variants:
        for group in groups:
            subset = records if group == "all" else [r for r in records if r["page_type"] == group]
            for name, func in runners.items():
                row, _ = scorer.score(subset, variant, func)
                if row is None:
                    continue
                row = {"variant": variant, "type": group, "cleaner": name,
                       **{k: row[k] for k in ("docs", *COLUMNS, "exact", "MB")}}
                rows.append(row)
                cells = [_fmt(row[c]) for c in COLUMNS]
                if args.markdown:
                    print(f"| {variant} | {group} | {name} | {row['docs']} | " + " | ".join(cells) + " |")
                else:
                    print(f"{variant:<19} {group:<13} {name:<10} {row['docs']:>5} "
                          + " ".join(f"{c:>6}" for c in cells))
                sys.stdout.flush()
    for name in cleaners:
        print(f"# {name}: {seconds[name][0]:.1f} s of cleaning", file=sys.stderr)
    saved = {"revision": _corpus.git_revision(), "stamp": _corpus.stamp(),
             "command": " ".join(["python", "bench/quality.py", *sys.argv[1:]]), "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(saved, indent=1))
    return saved


def render_docs(saved: dict[str, Any]) -> str:
    """Markdown for docs/benchmarks.md: sF1 per cleaner by variant and type, then every column."""
    rows = saved["rows"]
    cleaners = list(dict.fromkeys(r["cleaner"] for r in rows))
    cells: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        cells[(r["variant"], r["type"])][r["cleaner"]] = r
    out = [
        "## Quality",
        "",
        f"{saved.get('stamp', '')} Command (from the project root; peers need `pip install -e '.[bench]'`):",
        "",
        "```",
        saved.get("command", "python bench/quality.py").replace("python ", ".venv/bin/python ", 1),
        "```",
        "",
        "Scores come from the reference scorer's functions (`../shared/corpus/score.py`), so each row equals",
        "what `score.py` prints for that cleaner and subset. `c4_lines` is datatrove's `C4QualityFilter` with its",
        "line rules only; `justext` is jusText fed the lines as `<p>` paragraphs with the stoplist of the",
        "detected language. Shingle F1 (sF1) per cleaner:",
        "",
        "| variant | type | docs | " + " | ".join(cleaners) + " |",
        "|---|---|---:|" + "---:|" * len(cleaners),
    ]
    for (variant, group), by_cleaner in cells.items():
        docs = next(iter(by_cleaner.values()))["docs"]
        out.append(f"| {variant} | {group} | {docs} | "
                   + " | ".join(_fmt(by_cleaner[c]["sF1"]) if c in by_cleaner else "-" for c in cleaners) + " |")
    checks = []
    for name, ref in REFERENCE.items():
        got = [cells.get((v, "article"), {}).get(name) for v in ("page_text", "trafilatura", "readability")]
        if all(got):
            checks.append(f"{name} {'/'.join(_fmt(g['sF1']) for g in got)} "
                          f"(README: {'/'.join(f'{x:.3f}' for x in ref)})")
    if checks:
        out += ["", "Articles, sF1 on page_text/trafilatura/readability, against the figures the corpus README "
                "quotes: " + "; ".join(checks) + "."]
    out += ["", "<details><summary>All columns (sP sR sF1 wF1 leak keep)</summary>", "",
            "| variant | type | cleaner | docs | " + " | ".join(COLUMNS) + " |",
            "|---|---|---|---:|" + "---:|" * len(COLUMNS)]
    for r in rows:
        out.append(f"| {r['variant']} | {r['type']} | {r['cleaner']} | {r['docs']} | "
                   + " | ".join(_fmt(r[c]) for c in COLUMNS) + " |")
    out += ["", "</details>"]
    notes = saved.get("notes")
    if notes:  # free text kept in the saved JSON
        out += ["", *notes]
    return "\n".join(out)


if __name__ == "__main__":
    main()
