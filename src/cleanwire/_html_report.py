"""The review page: one self-contained HTML file of what a run removed, and why.

``cleanwire --report report.html INPUTS`` writes it (see docs/cli.md). The page
holds the totals, bar charts of the lines removed per cleaner and per reason,
the languages seen, a sample of removed lines per cleaner, and a sample of
documents with their kept and removed lines side by side, filterable by
cleaner. It loads nothing: styles, script and charts (inline SVG) are in the
file, and its Content-Security-Policy allows only that one style sheet and
that one script (by hash), no network, no images, no frames.

Scraped text is hostile input. Every piece of it (lines, reasons, file names,
languages, cleaner names) goes through :func:`escape` before it reaches the
page, so ``<script>``, ``</textarea>`` or an ``onerror=`` attribute in a
document shows as text; and the script only shows and hides elements, it
never builds markup from text. The policy is the second wall: an inline
script or handler that got through anyway would not run.

Example:
    >>> from cleanwire import Pipeline
    >>> from cleanwire._report import Stats
    >>> from cleanwire._review import ReviewCollector, observe
    >>> collector = ReviewCollector()
    >>> doc = Pipeline.preset("default").document("Share post:\\n<script>alert(1)</script> is what she typed.")
    >>> collector.add(observe(doc, source=0, number=0, request=collector.request()))
    >>> page = render_review(collector, Stats(docs=1), names=["a.txt"], jsonl=[False])
    >>> "&lt;script&gt;alert(1)&lt;/script&gt; is what she typed." in page, page.count("<script")
    (True, 1)
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Sequence

import regex

from ._report import Stats
from ._review import DocView, ReviewCollector
from ._version import __version__

__all__ = ["escape", "render_review"]

TOP_REASONS = 30
"""Reasons shown in the per-reason chart (the most frequent; the rest are summed as "other reasons")."""
LISTED_INPUTS = 10
"""Input names listed in the page header."""

# Characters HTML does not allow in text (C0/C1 controls but tab and newline, noncharacters) and lone
# surrogates (which cannot be written as UTF-8): shown as U+FFFD.
_NOT_HTML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    """*text* safe anywhere in HTML text or a quoted attribute value.

    Example:
        >>> print(escape('<img src=x onerror="alert(1)"> & </textarea>\\x00'))
        &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;/textarea&gt;\ufffd
    """
    return html.escape(_NOT_HTML.sub("\ufffd", text), quote=True)


_CSS = """
:root { color-scheme: light; --kept: #1a7f37; --removed: #b3261e; --muted: #5f6368; --line: #e0e0e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 0 24px 48px;
       color: #202124; }
h1 { font-size: 22px; margin: 24px 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted, .where, .num { color: var(--muted); }
td.where { width: 30%; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { font-weight: 600; }
table.totals { width: auto; } table.totals td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
td.num { width: 4em; text-align: right; font-variant-numeric: tabular-nums; }
td.kept, td.removed { width: 48%; }
tr.removed td.removed { color: var(--removed); background: #fdecea; }
tr.kept td.kept { color: var(--kept); }
.why { display: block; color: var(--muted); font-size: 12px; }
.changed { color: var(--muted); font-size: 12px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart text { font: 12px system-ui, sans-serif; fill: #202124; }
svg.chart rect.bar { fill: #b3261e; }
svg.chart g.row { cursor: pointer; }
svg.chart g.row:hover rect.bar { fill: #7f1a15; }
.toolbar { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--line);
           z-index: 1; }
details.doc { margin: 12px 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; }
details.doc > summary { cursor: pointer; font-weight: 600; overflow-wrap: anywhere; }
[hidden] { display: none !important; }
""".strip()

_JS = """
(function () {
  "use strict";
  var select = document.getElementById("filter");
  var status = document.getElementById("filter-status");
  function apply(value) {
    var shown = 0;
    document.querySelectorAll("tr.line").forEach(function (row) {
      row.hidden = value !== "" && row.getAttribute("data-cleaner") !== value;
    });
    document.querySelectorAll("details.doc").forEach(function (doc) {
      doc.hidden = value !== "" && doc.querySelector("tr.line:not([hidden])") === null;
      if (!doc.hidden) { shown += 1; }
    });
    document.querySelectorAll("section.sample").forEach(function (section) {
      section.hidden = value !== "" && section.getAttribute("data-cleaner") !== value;
    });
    status.textContent = value === "" ? "" : shown + " document(s) with lines removed by this cleaner";
  }
  select.addEventListener("change", function () { apply(select.value); });
  document.querySelectorAll("g.row[data-cleaner]").forEach(function (row) {
    row.addEventListener("click", function () {
      select.value = row.getAttribute("data-cleaner");
      apply(select.value);
      document.getElementById("documents").scrollIntoView();
    });
  });
  apply(select.value);
})();
""".strip()


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


_POLICY = (f"default-src 'none'; style-src '{_sha256(_CSS)}'; script-src '{_sha256(_JS)}'; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")


def _bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, int, str | None]]) -> str:
    """A horizontal bar chart as inline SVG; *rows* are ``(label, count, cleaner)``."""
    if not rows:
        return f'<p class="muted" id="{chart_id}">Nothing was removed.</p>'
    label_w, bar_w, row_h, pad = 380, 400, 22, 6
    width, height = label_w + bar_w + 90, row_h * len(rows) + 2 * pad
    top = max(n for _, n, _ in rows) or 1
    out = [f'<svg class="chart" id="{chart_id}" role="img" aria-label="{escape(title)}" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(title)}</title>"]
    for i, (label, count, cleaner) in enumerate(rows):
        y = pad + i * row_h
        w = max(1.0, bar_w * count / top)
        short = label if len(label) <= 58 else label[:57] + "\u2026"
        attr = f' data-cleaner="{escape(cleaner)}"' if cleaner is not None else ""
        out.append(
            f'<g class="row"{attr}><title>{escape(label)}: {count:,}</title>'
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" data-count="{count}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{count:,}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _reason_rows(reasons: Counter[tuple[str, str]]) -> list[tuple[str, int, str | None]]:
    ranked = reasons.most_common()
    rows: list[tuple[str, int, str | None]] = [(f"{c}: {r}", n, c) for (c, r), n in ranked[:TOP_REASONS]]
    rest = sum(n for _, n in ranked[TOP_REASONS:])
    if rest:
        rows.append((f"{len(ranked) - TOP_REASONS} other reasons", rest, None))
    return rows


def _where(names: Sequence[str], jsonl: Sequence[bool], source: int, number: int) -> str:
    name = names[source] if 0 <= source < len(names) else f"input {source}"
    return f"{name}:{number}" if jsonl[source] else name


def _totals(stats: Stats) -> str:
    share = f" ({100 * stats.bytes_out / stats.bytes_in:.1f}% of input)" if stats.bytes_in else ""
    rows = [("documents", f"{stats.docs:,}"), ("bytes in", f"{stats.bytes_in:,}"),
            ("bytes out", f"{stats.bytes_out:,}{share}"),
            ("lines removed", f"{sum(stats.removed.values()):,}"),
            ("lines changed", f"{sum(stats.changed.values()):,}")]
    if stats.warnings or stats.errors:
        rows.append(("problems", f"{stats.errors:,} error(s), {stats.warnings:,} warning(s)"))
    body = "".join(f"<tr><td>{k}</td><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="totals" id="totals">{body}</table>'


def _languages(languages: Counter[str]) -> str:
    if not languages:
        return '<p class="muted">No document was cleaned.</p>'
    rows = "".join(f'<tr><td>{escape(lang)}</td><td class="num">{n:,}</td></tr>'
                   for lang, n in languages.most_common())
    return f'<table class="totals" id="languages-table"><tr><th>language</th><th>documents</th></tr>{rows}</table>'


def _samples(collector: ReviewCollector, removed: Counter[str], names: Sequence[str],
             jsonl: Sequence[bool]) -> str:
    samples = collector.samples()
    out = []
    for cleaner in sorted(samples, key=lambda c: (-removed.get(c, 0), c)):
        lines = samples[cleaner]
        rows = "".join(
            f'<tr><td class="where">{escape(_where(names, jsonl, s.source, s.number))} line {s.line}</td>'
            f'<td class="text">{escape(s.text)}<span class="why">{escape(s.reason)}</span></td></tr>'
            for s in lines)
        out.append(f'<section class="sample" data-cleaner="{escape(cleaner)}"><h3>{escape(cleaner)} '
                   f'<span class="muted">{removed.get(cleaner, 0):,} line(s) removed, {len(lines)} shown</span>'
                   f"</h3><table>{rows}</table></section>")
    return "".join(out) or '<p class="muted">Nothing was removed.</p>'


def _document(view: DocView, where: str) -> str:
    rows = []
    for line in view.lines:
        if line.cleaner is None:
            change = f'<span class="changed" title="{escape(line.change)}"> ~</span>' if line.change else ""
            rows.append(f'<tr class="line kept" data-cleaner=""><td class="num">{line.number}</td>'
                        f'<td class="kept text">{escape(line.text)}{change}</td><td class="removed"></td></tr>')
        else:
            rows.append(f'<tr class="line removed" data-cleaner="{escape(line.cleaner)}">'
                        f'<td class="num">{line.number}</td><td class="kept"></td>'
                        f'<td class="removed text">{escape(line.text)}<span class="why">'
                        f'{escape(line.cleaner)}: {escape(line.reason or "")}</span></td></tr>')
    more = f'<p class="muted">{view.more_lines:,} more line(s) not shown.</p>' if view.more_lines else ""
    count = len(view.lines) + view.more_lines
    return (f'<details class="doc" open><summary>{escape(where)} <span class="muted">language '
            f"{escape(view.language)}, {count:,} line(s), {view.removed:,} removed</span></summary>"
            f'<table class="lines"><tr><th>line</th><th>kept</th><th>removed (cleaner: reason)</th></tr>'
            f'{"".join(rows)}</table>{more}</details>')


def render_review(collector: ReviewCollector, stats: Stats, *, names: Sequence[str], jsonl: Sequence[bool]) -> str:
    """The review page of a run: *stats* are its totals, *collector* its samples.

    *names* are the inputs' names by index and *jsonl* tells which were read as
    JSON lines (their documents are named ``NAME:LINE``).
    """
    removed = stats.removed
    cleaner_rows: list[tuple[str, int, str | None]] = [(c, n, c) for c, n in removed.most_common()]
    docs = collector.documents()
    listed = ", ".join(names[:LISTED_INPUTS]) + (f" and {len(names) - LISTED_INPUTS} more"
                                                 if len(names) > LISTED_INPUTS else "")
    options = "".join(f'<option value="{escape(c)}">{escape(c)} ({n:,})</option>' for c, n in removed.most_common())
    documents = "".join(_document(v, _where(names, jsonl, v.source, v.number)) for v in docs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cleanwire {escape(__version__)}">
<title>cleanwire review: {stats.docs:,} document(s)</title>
<style>{_CSS}</style>
</head>
<body>
<h1>cleanwire review</h1>
<p class="muted">cleanwire {escape(__version__)}; inputs: {escape(listed) or "standard input"}</p>
<h2>Totals</h2>
{_totals(stats)}
<h2>Lines removed per cleaner</h2>
{_bar_chart("chart-cleaners", "Lines removed per cleaner", cleaner_rows)}
<h2>Lines removed per reason</h2>
<p class="muted">Numbers in reasons (scores, counts) are shown as #, so that alike reasons are counted together.</p>
{_bar_chart("chart-reasons", "Lines removed per reason", _reason_rows(collector.reasons))}
<h2>Languages</h2>
{_languages(stats.languages)}
<div class="toolbar"><label for="filter">Show the lines removed by</label>
<select id="filter"><option value="">any cleaner, and the kept lines</option>{options}</select>
<span id="filter-status" class="muted"></span></div>
<h2>Removed lines, a sample per cleaner</h2>
{_samples(collector, removed, names, jsonl)}
<h2 id="documents">Documents</h2>
<p class="muted">{len(docs):,} of {stats.docs:,} document(s), a sample that is the same on every run of the same
input; kept lines on the left, removed ones on the right with the cleaner and its reason; ~ marks a kept line whose
text was rewritten (hover for how).</p>
{documents}
<script>{_JS}</script>
</body>
</html>
"""
