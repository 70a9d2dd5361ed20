"""bench/lost_lines.py counts a dropped line as lost content only where the gold text holds it."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import lost_lines  # noqa: E402

import cleanwire  # noqa: E402

BODY = ("The council approved the new budget on Tuesday after a long debate about schools.\n"
        "Members said the plan would add teachers and repair two old buildings next year.")
BANNER = "Subscribe to our newsletter for weekly updates"


def record(truth: str, text: str) -> dict[str, object]:
    return {"page_type": "article", "truth": truth, "inputs": {"page_text": text}}


def test_a_dropped_gold_line_is_counted_under_its_cleaner() -> None:
    text = BANNER + "\n" + BODY
    dropped = {d.text for d in cleanwire.clean_and_explain(text).trace if d.action == "drop"}
    assert BANNER in dropped  # the premise: a rule drops the banner
    lost, shown, gold = lost_lines.lost_words([record(BANNER + "\n" + BODY, text)], ["page_text"], 15, 1)
    assert sum(lost.values()) == len(BANNER.split())
    (row,) = lost
    assert row.startswith("banners: ")
    assert shown[row] == ["article/page_text: " + BANNER]
    assert gold == len((BANNER + " " + BODY).split())


def test_cruft_the_gold_text_does_not_hold_is_not_counted() -> None:
    lost, _, _ = lost_lines.lost_words([record(BODY, BANNER + "\n" + BODY)], ["page_text"], 15, 0)
    assert not lost


def test_layout_rows_are_grouped_by_regime() -> None:
    assert lost_lines.group("layout", "p(content)=0.12 (page); p self, p near2") == "layout (page)"
    assert lost_lines.group("layout", "p(content)=0.02 (extract)") == "layout (extract)"
    assert lost_lines.group("banners", "consent or sign-up banner") == "banners: consent or sign-up banner"


EXTRA = "The mayor will present a second plan for the harbour district at the meeting in March."


def test_kept_cruft_is_counted_by_where_it_sits() -> None:
    below, above = BODY + "\n" + EXTRA, EXTRA + "\n" + BANNER + "\n" + BODY
    assert cleanwire.clean(below) == below  # the premise: nothing here is dropped
    cruft, shown, kept = lost_lines.kept_cruft_words([record(BODY, below)], ["page_text"], 15, 1)
    assert cruft == {"below the content": len(EXTRA.split())}
    assert shown["below the content"] == ["article/page_text: " + EXTRA]
    assert kept == len(below.split())
    cruft, _, _ = lost_lines.kept_cruft_words([record(BODY, above)], ["page_text"], 15, 0)
    assert cruft == {"above the content": len(EXTRA.split())}  # the banner is dropped, so not counted


def test_positions_against_the_kept_content() -> None:
    assert [lost_lines.position(i, [2, 4]) for i in (1, 3, 5)] == [
        "above the content", "within the content", "below the content"]
    assert lost_lines.position(0, []) == "no content kept"



def test_leaked_snippets_are_counted_by_the_line_that_holds_them() -> None:
    first, second = BODY.splitlines()
    text = "\n".join([first, "Our Services", second, EXTRA])
    assert cleanwire.clean(text) == text  # the premise: nothing here is dropped
    rec = {**record(BODY + "\nThe mayor will present a second plan", text),  # too little of EXTRA for content
           "without": ["our  SERVICES", "second plan for the harbour district", "Sign in", "Tuesday after a"]}
    leaked, shown, snippets = lost_lines.leaked_snippets([rec], ["page_text"], 1)
    assert snippets == 4  # every snippet counts, "Sign in" (not in the text) too
    assert leaked == {
        "cruft by the labels, short line, within the content": 1,  # case and spaces aside
        "cruft by the labels, longer line, below the content": 1,
        "content by the labels, longer line, within the content": 1,  # no line cleaner can remove it
    }
    assert shown["cruft by the labels, short line, within the content"] == [
        "article/page_text: 'our  SERVICES' in 'Our Services'"]
