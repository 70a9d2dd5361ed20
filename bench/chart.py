#!/usr/bin/env python3
"""Chart of quality against speed, for cleanwire and its peers, from the committed benchmark results.

It reads ``bench/results/quality.json`` (shingle F1 on the articles of the
development corpus) and ``bench/results/speed.json`` (MB/s of one process),
and draws, for every tool measured in both, one point per input variant:
speed across (log scale), quality up. Nothing is measured here and no number
is typed in: refresh the results with ``bench/quality.py`` and
``bench/speed.py``, and the chart follows.

The documentation site draws it at build time (this file is an mkdocs hook,
see mkdocs.yml); to write it to a file instead::

    .venv/bin/python bench/chart.py quality-speed.svg
"""

from __future__ import annotations

import argparse
import html
import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SITE_PATH = "assets/quality-speed.svg"
"""Where the documentation site serves the chart (docs/benchmarks.md shows it)."""

VARIANTS = {"page_text": ("whole-page text", "#b3261e"), "trafilatura": ("trafilatura output", "#1a5fb4")}
PAGE_TYPE = "article"


def points(quality: dict[str, Any], speed: dict[str, Any]) -> list[dict[str, Any]]:
    """``{variant, tool, f1, mbps}`` for every tool and variant measured by both benchmarks.

    Example:
        >>> q = {"rows": [{"variant": "page_text", "type": "article", "cleaner": "cleanwire", "sF1": 0.9}]}
        >>> s = {"variants": {"page_text": {"tools": {"cleanwire": {"MB/s": 1.5}, "ftfy": {"MB/s": 3.0}}}}}
        >>> points(q, s)
        [{'variant': 'page_text', 'tool': 'cleanwire', 'f1': 0.9, 'mbps': 1.5}]
    """
    out = []
    for row in quality["rows"]:
        if row["type"] != PAGE_TYPE or row["variant"] not in VARIANTS:
            continue
        tools = speed["variants"].get(row["variant"], {}).get("tools", {})
        if row["cleaner"] in tools:
            out.append({"variant": row["variant"], "tool": row["cleaner"], "f1": row["sF1"],
                        "mbps": tools[row["cleaner"]]["MB/s"]})
    return out


def baselines(quality: dict[str, Any]) -> dict[str, float]:
    """The uncleaned F1 of each charted variant (the line a cleaner must rise above)."""
    return {r["variant"]: r["sF1"] for r in quality["rows"]
            if r["type"] == PAGE_TYPE and r["cleaner"] == "uncleaned" and r["variant"] in VARIANTS}


def render(quality: dict[str, Any], speed: dict[str, Any]) -> str:
    """The chart as a standalone SVG document."""
    pts = points(quality, speed)
    base = baselines(quality)
    if not pts:
        raise ValueError("no tool is in both the quality and the speed results")
    width, height = 720, 420
    left, right, top, bottom = 70, 170, 40, 60
    x_lo = 10 ** math.floor(math.log10(min(p["mbps"] for p in pts)))
    x_hi = 10 ** math.ceil(math.log10(max(p["mbps"] for p in pts)))
    ys = [p["f1"] for p in pts] + list(base.values())
    y_lo, y_hi = math.floor(min(ys) * 20) / 20, math.ceil(max(ys) * 20) / 20

    def x(v: float) -> float:
        span = math.log10(x_hi) - math.log10(x_lo)
        return left + (width - left - right) * (math.log10(v) - math.log10(x_lo)) / span

    def y(v: float) -> float:
        return top + (height - top - bottom) * (y_hi - v) / (y_hi - y_lo)

    e = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" font-family="system-ui, sans-serif" font-size="12">',
           f"<title>Quality against speed ({e(quality.get('revision', '?'))}): shingle F1 on "
           f"{PAGE_TYPE}s against MB/s of one process</title>",
           f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" '
           'fill="none" stroke="#bbb"/>']
    decade = x_lo
    while decade <= x_hi:  # vertical grid and labels at 1, 10, 100 MB/s ...
        for m in (1, 2, 5):
            v = decade * m
            if x_lo <= v <= x_hi:
                out.append(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>'
                           f'<text x="{x(v):.1f}" y="{height - bottom + 16}" text-anchor="middle">{v:g}</text>')
        decade *= 10
    tick = y_lo
    while tick <= y_hi + 1e-9:
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#eee"/>'
                   f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>')
        tick += 0.05
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 16}" text-anchor="middle">'
               "speed, MB/s of one process (log scale)</text>"
               f'<text transform="translate(18 {(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">'
               f"shingle F1, {PAGE_TYPE}s</text>")
    for variant, f1 in sorted(base.items()):
        label, colour = VARIANTS[variant]
        out.append(f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{y(f1):.1f}" y2="{y(f1):.1f}" '
                   f'stroke="{colour}" stroke-dasharray="4 4" stroke-opacity="0.6"/>'
                   f'<text x="{width - right + 6}" y="{y(f1) + 4:.1f}" fill="{colour}">uncleaned {f1:.3f}</text>')
    for p in pts:
        label, colour = VARIANTS[p["variant"]]
        cx, cy = x(p["mbps"]), y(p["f1"])
        out.append(f'<g class="point" data-tool="{e(p["tool"])}" data-variant="{e(p["variant"])}">'
                   f'<title>{e(p["tool"])} on {e(label)}: F1 {p["f1"]:.4f}, {p["mbps"]:.2f} MB/s</title>'
                   f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}"/>'
                   f'<text x="{cx + 8:.1f}" y="{cy + 4:.1f}">{e(p["tool"])} {p["f1"]:.3f}</text></g>')
    for i, (label, colour) in enumerate(VARIANTS.values()):
        ly = top + 10 + 18 * i
        out.append(f'<circle cx="{width - right + 12}" cy="{ly}" r="5" fill="{colour}"/>'
                   f'<text x="{width - right + 22}" y="{ly + 4}">{e(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def load_results(folder: Path = RESULTS) -> tuple[dict[str, Any], dict[str, Any]]:
    """The committed quality and speed results."""
    quality = json.loads((folder / "quality.json").read_text(encoding="utf-8"))
    speed = json.loads((folder / "speed.json").read_text(encoding="utf-8"))
    return quality, speed


def on_files(files: Any, config: Any) -> Any:
    """mkdocs hook: add the chart, drawn from the results, to the site's files."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, SITE_PATH, content=render(*load_results())))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="the SVG file to write")
    args = parser.parse_args()
    args.output.write_text(render(*load_results()), encoding="utf-8")


if __name__ == "__main__":
    main()
