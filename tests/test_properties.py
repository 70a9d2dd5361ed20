"""Property-based tests of ``clean`` on the seeds, on the multilingual fixtures and on generated text.

Properties: never raises on any ``str``; idempotent; deterministic; never
invents a word; planting cruft of any family between paragraphs changes
nothing; mojibake (UTF-8 read as cp1252 or latin-1) cleans back to the same
output. Example counts are fixed per test so the suite stays fast on 2 cores;
the ``ci`` profile in ``conftest.py`` makes the examples the same on every run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import ftfy  # noqa: F401  (registers the "sloppy-windows-1252" codec)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanwire import clean, clean_and_explain
from cleanwire.lexicon import LANGUAGES
from cruft_families import HOSTS, SEEDS, families, planted

SEED_NAMES = sorted(SEEDS)
ALL_TEXTS = {**SEEDS, **HOSTS}
LANG = {name: (name if name in HOSTS else "en") for name in ALL_TEXTS}
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def invented(text: str) -> Counter[str]:
    """Words in ``clean(text)`` that are not in the repaired input (curly quotes made ASCII on both sides)."""
    reference = clean(text, pipeline="repair_only")
    return words(clean(text)) - words(reference)


def mojibake(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec)


def explain_diff(expected: str, got: str, source: str) -> str:
    import difflib

    diff = "\n".join(difflib.unified_diff(expected.splitlines(), got.splitlines(), "expected", "got", lineterm=""))
    return f"{diff}\n--- trace of the input ---\n{clean_and_explain(source).explain()}"


# -- generated documents ---------------------------------------------------------------------

_seed_lines = [line for text in ALL_TEXTS.values() for line in text.splitlines() if line.strip()]
_any_char = st.characters(exclude_categories=())  # every code point, lone surrogates included
_cruft_line = st.sampled_from([f.lines for lang in LANGUAGES for f in families(lang)]).flatmap(
    lambda s: s
)
_line = st.one_of(
    st.sampled_from(_seed_lines),
    _cruft_line.map(lambda block: "\n".join(block)),
    st.text(max_size=80),
    st.text(alphabet=_any_char, max_size=40),
    st.sampled_from(_seed_lines).map(lambda s: mojibake(s, "sloppy-windows-1252")),
    st.sampled_from(_seed_lines).map(lambda s: mojibake(s, "latin-1")),
    st.sampled_from(["", " ", "\t", "\u00a0", ">", "&amp;", "&nbsp;", "\ufeff", "\x00", "\r", "\u2028"]),
)
documents = st.builds(
    lambda lines, sep: sep.join(lines),
    st.lists(_line, max_size=25),
    st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]),
)
"""Documents mixing seed lines, cruft of every family, mojibake, random and hostile text."""


# -- never raises, types ------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.text(alphabet=_any_char))
def test_never_raises_on_any_str(text: str) -> None:
    out = clean(text)
    assert isinstance(out, str)
    out.encode("utf-8")  # no lone surrogates survive


HOSTILE = [
    "\ud800", "caf\udce9 \ud83d", "\x00\x01\x1b[31mred\x1b[0m", "\ufeff\ufeffBOM", "\u202e\u200f\u200b",
    "&#0;&#xD800;&#1114112;&bogus;", "a\u2028b\u2029c\x1c\x1d\x1e\x85d", "\r\r\n\n\r", "\u0301\u0301",
    ">" * 10_000, "word " * 5_000, "\n".join(["Share"] * 500), "\U0001f600" * 50 + "\nLEAVE A REPLY",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_never_raises_on_hostile_text(text: str) -> None:
    out = clean(text)
    out.encode("utf-8")
    assert clean(out) == out
    assert not invented(text)


@settings(max_examples=150)
@given(documents)
def test_never_raises_on_generated_documents(text: str) -> None:
    result = clean_and_explain(text)
    assert isinstance(result.text, str)
    assert result.text == result.text.strip()


# -- idempotence ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
def test_idempotent_on_fixtures(name: str) -> None:
    once = clean(ALL_TEXTS[name])
    assert clean(once) == once, explain_diff(once, clean(once), once)


@settings(max_examples=150)
@given(documents)
def test_idempotent_on_generated_documents(text: str) -> None:
    once = clean(text)
    twice = clean(once)
    assert twice == once, explain_diff(once, twice, once)


@settings(max_examples=300)
@given(st.text(alphabet=_any_char))
def test_idempotent_on_any_str(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


# -- no invented words ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
def test_no_invented_words_on_fixtures(name: str) -> None:
    assert not invented(ALL_TEXTS[name])


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_invented_words_on_mojibake(name: str, codec: str) -> None:
    assert not invented(mojibake(SEEDS[name], codec))


@settings(max_examples=200)
@given(documents)
def test_no_invented_words_on_generated_documents(text: str) -> None:
    assert not invented(text)


@settings(max_examples=300)
@given(st.text(alphabet=_any_char))
def test_no_invented_words_on_any_str(text: str) -> None:
    assert not invented(text)


def test_quote_normalization_alone_is_not_an_invented_word() -> None:
    # The reference is repaired and uncurled too, so only a real new word counts.
    assert not invented("\u201cHe seems erratic.\u201d\nPutin\u2019s war")
    assert clean("Putin\u2019s war", pipeline="rules") == "Putin's war"


# -- determinism ------------------------------------------------------------------------------------


_PROBE = r"""
import json, sys
from cleanwire import clean
texts = json.load(sys.stdin)
print(json.dumps([clean(t) for t in texts]))
"""


def _probe_texts() -> list[str]:
    texts = list(ALL_TEXTS.values())
    texts += [mojibake(SEEDS[n], "sloppy-windows-1252") for n in SEED_NAMES]
    # short and mixed-language texts are where language detection is least sure
    texts += ["LEAVE A REPLY\nPlease enter your comment!", "Der Hund. Le chat. El perro. The dog.",
              "Kommentar schreiben\nTeilen\nDie Stadt plant neue Radwege.", "\n\n"]
    return texts


@pytest.mark.parametrize("hashseed", ["0", "12345"])
def test_deterministic_across_processes(hashseed: str) -> None:
    texts = _probe_texts()
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    proc = subprocess.run([sys.executable, "-c", _PROBE], input=json.dumps(texts), capture_output=True,
                          text=True, env=env, check=True)
    assert json.loads(proc.stdout) == [clean(t) for t in texts]


def test_deterministic_whatever_ran_before() -> None:
    texts = _probe_texts()
    forward = [clean(t) for t in texts]
    backward = [clean(t) for t in reversed(texts)][::-1]
    assert forward == backward
    assert [clean(t) for t in texts] == forward


# -- planting cruft changes nothing --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
@settings(max_examples=60)
@given(data=st.data())
def test_planted_cruft_is_removed(name: str, data: st.DataObject) -> None:
    text = ALL_TEXTS[name]
    expected = clean(text)
    new, kinds = data.draw(planted(text, LANG[name]), label="planted")
    got = clean(new)
    assert got == expected, f"planted {kinds}\n" + explain_diff(expected, got, new)


FAMILY_CASES = [(name, fam.kind) for name in sorted(ALL_TEXTS) for fam in families(LANG[name])]


@pytest.mark.parametrize(("name", "kind"), FAMILY_CASES, ids=[f"{n[:3]}-{k}" for n, k in FAMILY_CASES])
@settings(max_examples=8)
@given(data=st.data())
def test_each_family_planted_alone_is_removed(name: str, kind: str, data: st.DataObject) -> None:
    from cruft_families import allowed_gaps, bullet_neighbours, plant

    text = ALL_TEXTS[name]
    fam = next(f for f in families(LANG[name]) if f.kind == kind)
    gaps = allowed_gaps(text, fam.where)
    if kind == "bullet related link":  # next to another bullet it is a list item, which stays
        gaps = [g for g in gaps if g not in bullet_neighbours(text)]
    if not gaps:
        return  # e.g. no headline to put a video title under; covered by test_every_family_is_planted_somewhere
    gap = data.draw(st.sampled_from(gaps), label="gap")
    block = data.draw(fam.lines, label=kind)
    new = plant(text, {gap: block})
    got = clean(new)
    assert got == clean(text), f"{kind} {block!r} after line {gap + 1}\n" + explain_diff(clean(text), got, new)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_family_is_planted_somewhere(lang: str) -> None:
    """Guard against a family whose placement never applies: each has a gap in some fixture."""
    from cruft_families import allowed_gaps

    texts = [t for n, t in ALL_TEXTS.items() if LANG[n] == lang]
    for fam in families(lang):
        assert any(allowed_gaps(t, fam.where) for t in texts), fam.kind


# -- mojibake cleans back ------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
def test_mojibake_cleans_back(name: str, codec: str) -> None:
    text = ALL_TEXTS[name]
    garbled = mojibake(text, codec)
    assert garbled != text
    assert clean(garbled) == clean(text), explain_diff(clean(text), clean(garbled), garbled)


@pytest.mark.parametrize("name", sorted(ALL_TEXTS))
@settings(max_examples=40)
@given(data=st.data())
def test_mojibake_in_some_lines_cleans_back(name: str, data: st.DataObject) -> None:
    text = ALL_TEXTS[name]
    lines = text.split("\n")
    garble = data.draw(st.lists(st.tuples(st.integers(0, len(lines) - 1),
                                          st.sampled_from(["sloppy-windows-1252", "latin-1"])), max_size=8))
    for index, codec in garble:
        lines[index] = mojibake(lines[index], codec)
    assert clean("\n".join(lines)) == clean(text)
