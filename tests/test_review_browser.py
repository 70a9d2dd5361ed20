"""The review page in a real headless browser: what a person sees, and what does not run.

The browser is the system's Chromium (Debian's ``chromium``; ``.ci/run`` installs it when missing), driven by
Playwright for Python (``playwright`` in the ``test`` extra; its own browser download is not used). Set
``CLEANWIRE_CHROMIUM`` to another Chromium or Chrome binary. Without a browser the test is skipped, with the
reason, except under ``CI=true``, where a missing browser fails.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleanwire import Pipeline
from corpus_slice import corpus_records, seed_records
from review_inputs import HOSTILE, hostile_document, run_cleanwire

_IN_CI = os.environ.get("CI") == "true"


def _chromium() -> str | None:
    named = os.environ.get("CLEANWIRE_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing(reason: str) -> None:
    if _IN_CI:
        pytest.fail(f"{reason} (under CI=true the browser test must run)")
    pytest.skip(reason)


def shown_cleaners(page: Any) -> list[str]:
    """The cleaners of the document lines a person can see now (an empty name: a kept line), in one round trip."""
    names: list[str] = page.evaluate("""() => [...new Set([...document.querySelectorAll("tr.line")]
        .filter((row) => row.checkVisibility())
        .map((row) => row.getAttribute("data-cleaner")))].sort()""")
    return names


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[test]')")
    executable = _chromium()
    if executable is None:
        _missing("no Chromium found (apt-get install chromium, or set CLEANWIRE_CHROMIUM)")
    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    """A review page of the seeds, 30 corpus pages and a page full of planted markup."""
    folder = tmp_path_factory.mktemp("review")
    records = [*seed_records(), *corpus_records(30), {"id": "planted", "text": hostile_document()}]
    (folder / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    proc = run_cleanwire("--report", "review.html", "--report-docs", str(len(records)), "-j", "2",
                         "dump.jsonl", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    return folder / "review.html", records


def test_a_person_sees_the_charts_filters_and_no_planted_script(browser: Any,
                                                                report: tuple[Path, list[dict[str, str]]]) -> None:
    path, records = report
    page = browser.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in (
        "error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")

    # what the run removed, cleaner by cleaner, computed here with the library
    pipeline = Pipeline.preset("default")
    by_doc = [{d.cleaner for d in pipeline.run(r["text"]).removed} for r in records]
    removed: Counter[str] = Counter()
    for r in records:
        removed.update(d.cleaner for d in pipeline.run(r["text"]).removed)

    # the chart renders: one visible bar per cleaner, longest for the cleaner that removed most
    chart = page.locator("#chart-cleaners")
    assert chart.is_visible()
    bars = chart.locator("g.row")
    assert bars.count() == len(removed)
    widths = {}
    for i in range(bars.count()):
        bar = bars.nth(i)
        box = bar.locator("rect.bar").bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        widths[bar.get_attribute("data-cleaner")] = box["width"]
        assert bar.locator("text").last.text_content() == f"{removed[bar.get_attribute('data-cleaner')]:,}"
    assert max(widths, key=lambda c: widths[c]) == removed.most_common(1)[0][0]
    assert page.locator("#chart-reasons rect.bar").count() >= len(removed)

    # every document is shown; the planted markup shows as text and ran nothing
    assert page.locator("details.doc").count() == len(records)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    for line in HOSTILE:
        assert page.get_by_text(line, exact=True).first.is_visible(), line
    assert page.locator("img, iframe, a, base, textarea").count() == 0
    assert page.locator("script").count() == 1

    # filtering by a cleaner hides every other line and every document without such a line
    cleaner = "social"
    assert removed[cleaner] > 0
    all_rows = page.locator("tr.line").count()
    page.select_option("#filter", cleaner)
    assert shown_cleaners(page) == [cleaner]
    assert page.locator("details.doc:visible").count() == sum(cleaner in names for names in by_doc)
    assert page.locator("section.sample:visible").count() == 1
    assert page.locator(f"section.sample[data-cleaner='{cleaner}']").is_visible()

    # clicking another cleaner's bar filters by that one; "any cleaner" shows everything again
    other = next(c for c in widths if c != cleaner)
    chart.locator(f"g.row[data-cleaner='{other}'] rect.bar").click()
    assert page.locator("#filter").input_value() == other
    assert shown_cleaners(page) == [other]
    page.select_option("#filter", "")
    assert page.evaluate("() => [...document.querySelectorAll('tr.line')].filter((r) => r.checkVisibility()).length") \
        == all_rows

    assert problems == []
    assert requests == [path.as_uri()]  # nothing but the page itself was loaded
    page.close()
