"""``clean_and_explain``: the trace names a cleaner and a reason for every removed line, with right line numbers.

Tests of the trace's form use the ``rules`` preset, so they do not depend on
the judgement of the learned ``layout`` cleaner on tiny examples.
"""

from __future__ import annotations

import ftfy  # noqa: F401  (registers "sloppy-windows-1252")
import pytest

from cleanwire import clean, clean_and_explain
from cleanwire.pipeline import BUILTIN_CLEANERS
from cruft_families import SEEDS

SEED_NAMES = sorted(SEEDS)


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_missing_line_has_a_drop_with_cleaner_and_reason(name: str) -> None:
    text = SEEDS[name]
    result = clean_and_explain(text)
    assert result.text == clean(text)
    kept = {_norm(line) for line in clean(text, quotes=False).splitlines()}
    dropped_numbers = {d.line for d in result.removed}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if number not in dropped_numbers:
            assert _norm(raw) in kept, f"line {number} is gone without a trace entry: {raw!r}"
    for d in result.removed:
        assert d.action == "drop"
        assert d.cleaner in BUILTIN_CLEANERS, d
        assert d.reason, d


@pytest.mark.parametrize("name", SEED_NAMES)
def test_drop_line_numbers_point_at_the_input_line(name: str) -> None:
    lines = SEEDS[name].splitlines()
    for d in clean_and_explain(SEEDS[name]).removed:
        assert _norm(lines[d.line - 1]) == _norm(d.text), d


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_count_blank_lines_and_any_newline(newline: str) -> None:
    text = newline.join(["World News", "", "", "The mayor resigned on Friday after a long row with the council.",
                         "", "LEAVE A REPLY", "Share post:"])
    result = clean_and_explain(text, pipeline="rules")
    assert [(d.line, d.cleaner, d.text) for d in result.removed] == [
        (1, "bylines", "World News"), (6, "comments", "LEAVE A REPLY"), (7, "social", "Share post:"),
    ]


def test_seed_004_footer_trace() -> None:
    name = next(n for n in SEED_NAMES if n.startswith("004"))
    removed = {d.line: (d.cleaner, d.text) for d in clean_and_explain(SEEDS[name]).removed}
    assert removed[3] == ("bylines", "Date:")
    assert removed[60] == ("attribution", "Source: Belfastlive")
    assert removed[62] == ("comments", "LEAVE A REPLY")
    assert removed[67] == ("social", "Share post:")
    assert removed[71] == ("related", "Popular")
    assert removed[86] == ("related", "There is currently a debate going on in Italy...")


def test_repairs_and_quote_changes_are_traced_with_line_numbers() -> None:
    text = "The mayor\u2019s plan was approved on Friday after a long debate.\n\nPutin\u2019s war".encode().decode(
        "sloppy-windows-1252")
    result = clean_and_explain(text)
    assert result.text == "The mayor's plan was approved on Friday after a long debate.\n\nPutin's war"
    repairs = [d for d in result.changed if d.cleaner == "repair_encoding"]
    quotes = [d for d in result.changed if d.cleaner == "normalize_quotes"]
    assert [d.line for d in repairs] == [1, 3]
    assert repairs[0].new_text == "The mayor\u2019s plan was approved on Friday after a long debate."
    assert [d.line for d in quotes] == [1, 3]
    assert result.removed == ()


def test_explain_is_printable_and_lists_each_decision(capsys: pytest.CaptureFixture[str]) -> None:
    result = clean_and_explain("Share post:\nThe mayor\u2019s plan was approved.\nLEAVE A REPLY", pipeline="rules")
    report = result.explain()
    print(report)
    assert capsys.readouterr().out == report + "\n"
    assert report.splitlines() == [
        "language: en",
        "-     1 [social: share or subscribe widget] Share post:",
        "~     2 [normalize_quotes: curly quotes to ASCII] 'The mayor\u2019s plan was approved.' -> "
        "\"The mayor's plan was approved.\"",
        "-     3 [comments: comment prompt or form label] LEAVE A REPLY",
    ]


def test_explain_of_clean_text_has_only_the_language() -> None:
    result = clean_and_explain("The mayor resigned on Friday.", pipeline="rules")
    assert result.explain() == "language: en"
    assert result.trace == ()


def test_removed_is_in_input_order_even_when_cleaners_ran_in_another() -> None:
    # bylines runs after comments, but its line comes first
    result = clean_and_explain("By Jane Doe\nLEAVE A REPLY\nThe mayor resigned on Friday after a long row.",
                               pipeline="rules")
    assert [d.line for d in result.removed] == [1, 2]
    assert [d.cleaner for d in result.removed] == ["bylines", "comments"]
