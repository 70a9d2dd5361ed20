"""Content safety: a cruft line planted above or below a line of content never takes content with it.

For every cruft family (``cruft_families.py``), one line of it goes directly
above or directly below a line that ``clean`` keeps, in the seeds, in the
multilingual fixtures and in generated articles with subheadings, lists and
key-value rows; every line ``clean`` kept before must still be there, in the
same order. Families that the rules recognise only in some places (section
labels above the article, captions in the body, video titles under the
headline) are planted only there.

The mechanism behind it: the rules judge a cruft line by itself, and what they
judge in context (headline + summary teaser runs, comment threads, the layout
model) is judged on the lines they keep, so a line they remove cannot change
the verdict on its neighbours.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanwire import clean, clean_and_explain
from cleanwire.normalize import uncurl_quotes
from cruft_families import HOSTS, SEEDS, Family, allowed_gaps, families, plant

ALL_TEXTS = {**SEEDS, **HOSTS}
LANG = {name: (name if name in HOSTS else "en") for name in ALL_TEXTS}
_SPLIT = re.compile(r"\n+")


def kept_lines(text: str) -> list[str]:
    return [line for line in _SPLIT.split(clean(text)) if line]


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(line == other for other in it) for line in small)


def lost_lines(before: list[str], after: list[str]) -> list[str]:
    """The lines of *before* that *after* does not hold (as a multiset)."""
    pool = list(after)
    lost = []
    for line in before:
        if line in pool:
            pool.remove(line)
        else:
            lost.append(line)
    return lost


def content_gaps(text: str, where: str) -> list[int]:
    """Gaps directly above or below a line that ``clean`` keeps, where the family may go."""
    from cruft_families import _shape

    _, _, kept, _ = _shape(text)
    near = {i - 1 for i, k in enumerate(kept) if k} | {i for i, k in enumerate(kept) if k}
    return [g for g in allowed_gaps(text, where) if g in near]


def check(text: str, gap: int, line: str, kind: str) -> None:
    before = kept_lines(text)
    new = plant(text, {gap: [line]})
    after = kept_lines(new)
    missing = lost_lines(before, after)
    assert not missing and is_subsequence(before, after), (
        f"{kind} {line!r} planted after line {gap + 1} took content: {missing}\n"
        + clean_and_explain(new).explain()
    )


def _fixture_cases() -> list[tuple[str, Family]]:
    return [(name, fam) for name in sorted(ALL_TEXTS) for fam in families(LANG[name])]


FIXTURE_CASES = _fixture_cases()


@pytest.mark.parametrize(("name", "fam"), FIXTURE_CASES, ids=[f"{n[:3]}-{f.kind}" for n, f in FIXTURE_CASES])
@settings(max_examples=12)
@given(data=st.data())
def test_one_cruft_line_next_to_content_keeps_the_fixtures_content(name: str, fam: Family,
                                                                    data: st.DataObject) -> None:
    text = ALL_TEXTS[name]
    gaps = content_gaps(text, fam.where)
    if not gaps:
        return  # e.g. no headline for a video title; test_every_family_is_planted_somewhere covers it
    gap = data.draw(st.sampled_from(gaps), label="gap")
    line = data.draw(fam.lines, label=fam.kind)[0]
    check(text, gap, line, fam.kind)


# -- generated articles --------------------------------------------------------------------------------

_PROSE = sorted({line for name in SEEDS for line in clean(SEEDS[name]).split("\n")
                 if len(line.split()) >= 12 and line.rstrip("\"'”’").endswith((".", "!", "?"))})
_SUBHEADINGS = ["How the deal came together", "What happens next", "Why it matters", "The cost of waiting",
                "A long road to recovery", "Key findings", "Lessons from the first year", "Where the money goes",
                "Reaction from the region", "Background"]
_ITEMS = ["two cups of flour", "Fresh basil leaves", "The museum opens at 9 am", "Tickets cost 12 euros",
          "A valid passport", "Three nights in Lisbon", "Free parking on weekends", "Water-resistant to 50 m",
          "Battery life of 20 hours", "Delivery within five days"]
_KEYS = ["Price", "Weight", "Opening hours", "Duration", "Location", "Ingredients", "Capacity", "Release date"]
_VALUES = ["$249", "1.2 kg", "Mon-Fri 9:00-17:00", "3 hours", "Old town", "flour, water, salt", "120 seats",
           "14 March 2025"]

paragraph = st.sampled_from(_PROSE)
subheading = st.sampled_from(_SUBHEADINGS)
bullet_list = st.tuples(st.sampled_from(["• ", "- ", "* ", "1. "]),
                        st.lists(st.sampled_from(_ITEMS), min_size=2, max_size=5, unique=True)).map(
    lambda t: [t[0].replace("1", str(i + 1)) + item for i, item in enumerate(t[1])])
key_values = st.lists(st.tuples(st.sampled_from(_KEYS), st.sampled_from(_VALUES)), min_size=2, max_size=4,
                      unique_by=lambda kv: kv[0]).map(lambda kvs: [f"{k}: {v}" for k, v in kvs])
block = st.one_of(paragraph.map(lambda p: [p]), paragraph.map(lambda p: [p]),
                  st.tuples(subheading, paragraph).map(list), bullet_list, key_values)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """A headline, a lead, three to seven blocks (paragraphs, subheadings, lists, key-value rows) and a
    closing paragraph, paragraphs separated by blank lines."""
    head = draw(st.sampled_from(["Council approves new budget for city schools",
                                 "Storm leaves thousands without power across the region",
                                 "Inside the race to build a cheaper battery"]))
    parts = [[head], [draw(paragraph)]]
    parts += draw(st.lists(block, min_size=3, max_size=7))
    parts.append([draw(paragraph)])
    return "\n\n".join("\n".join(p) for p in parts)


_EN_FAMILIES = families("en")


@settings(max_examples=250)
@given(data=st.data())
def test_one_cruft_line_next_to_content_keeps_generated_content(data: st.DataObject) -> None:
    text = data.draw(articles(), label="article")
    fam = data.draw(st.sampled_from(_EN_FAMILIES), label="family")
    gaps = content_gaps(text, fam.where)
    if not gaps:
        return
    gap = data.draw(st.sampled_from(gaps), label="gap")
    line = data.draw(fam.lines, label=fam.kind)[0]
    check(text, gap, line, fam.kind)


# -- the cases the issue names ----------------------------------------------------------------------

_ARTICLE = "\n\n".join([
    "Council approves new budget for city schools",
    _PROSE[0], _PROSE[1],
    "What happens next",
    _PROSE[2], _PROSE[3],
    "Key findings",
    "• Tickets cost 12 euros\n• Free parking on weekends\n• The museum opens at 9 am",
    _PROSE[4],
])


@pytest.mark.parametrize("header", ["Related", "RELATED ARTICLES", "More like this", "You may also like:",
                                    "Read next", "Popular"])
@pytest.mark.parametrize("target", ["What happens next", "Key findings"])
def test_a_related_header_above_a_subheading_keeps_it(header: str, target: str) -> None:
    lines = _ARTICLE.split("\n")
    gap = [i for i, line in enumerate(lines) if line.strip()].index(lines.index(target)) - 1
    before = kept_lines(_ARTICLE)
    assert target in before
    check(_ARTICLE, gap, header, "related header")


@pytest.mark.parametrize("prompt", ["LEAVE A REPLY", "Leave a comment", "0 comments", "Join the conversation",
                                    "Share this article", "Related"])
@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
def test_a_prompt_above_the_last_paragraph_keeps_it(prompt: str, name: str) -> None:
    text = ALL_TEXTS[name]
    kept = kept_lines(text)
    lines = [line for line in text.splitlines() if line.strip()]
    last = max(i for i, line in enumerate(lines) if " ".join(uncurl_quotes(line).split()) == kept[-1])
    check(text, last - 1, prompt, "prompt")


@example(gap_line="Background")
@given(gap_line=st.sampled_from(_SUBHEADINGS))
@settings(max_examples=10)
def test_a_comment_prompt_above_any_subheading_keeps_it(gap_line: str) -> None:
    text = "\n\n".join(["Storm leaves thousands without power", _PROSE[5], gap_line, _PROSE[6], _PROSE[7]])
    check(text, 1, "LEAVE A REPLY", "comment prompt")
