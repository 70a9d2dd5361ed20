"""The speed-ups of issue 5 outside the model decide exactly what the plain code decides.

* the literal pre-check of the searched phrase families (``Lexicon.prefilters``) never
  skips a line that the family's regular expression matches;
* ``Document.from_text`` builds the same lines (text, key, word count, indent) as the
  plain definitions (``line_key``, ``\\w+`` runs);
* the ``reapply`` (checks in context) of ``captions``, ``comments``, ``related`` and
  ``stray_markup``, run after every cleaner's line checks and in settle rounds, drops
  what their whole ``apply`` drops there.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleanwire import Pipeline
from cleanwire.cleaners.base import PhraseCleaner
from cleanwire.document import Document, Line, line_key
from cleanwire.lexicon import LANGUAGES, _merged, lexicon_for, literal_prefilter, required_literals
from cruft_families import HOSTS, SEEDS

# -- required literals on generated phrases ------------------------------------------------

# Pieces of phrases in the syntax both `regex` and the stdlib (which generates matches) read
# the same way: literals, escapes, classes, groups, alternatives, lookarounds, quantifiers.
_CHARS = st.sampled_from(list("abc -'é") + [r"\.", r"\?", r"\(", r"\)", r"\-", "ab", "ca", "b c", "é-a", "cab"])
_CLASSES = st.sampled_from([r"\w", r"\s", r"\d", ".", "[ab]", "[^a]", "[a-c]", r"[\w-]", "[é.]"])
_ANCHORS = st.sampled_from(["^", "$", r"\b", "(?=a)", "(?!b)", "(?<=c)", "(?<! )"])
_QUANTIFIERS = st.sampled_from(["", "", "", "?", "*", "+", "{0,2}", "{1,3}", "{2}", "??", "*?", "+?"])


def _phrase(depth: int = 2) -> st.SearchStrategy[str]:
    simple = st.tuples(st.one_of(_CHARS, _CHARS, _CHARS, _CLASSES), _QUANTIFIERS).map("".join)
    piece: st.SearchStrategy[str] = st.one_of(simple, simple, simple, _ANCHORS)
    if depth:
        inner = _phrase(depth - 1)
        # Groups repeat at most twice: nested unbounded repeats backtrack for ever on a miss.
        group = st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda alts: "(?:" + "|".join(alts) + ")"),
            inner.map(lambda p: f"({p})"),
        )
        piece = st.one_of(piece, st.tuples(group, st.sampled_from(["", "", "?", "{1,2}", "??"])).map("".join))
    return st.lists(piece, min_size=1, max_size=4).map("".join)


def _compiles(pattern: str) -> bool:
    try:
        regex.compile(pattern)
    except regex.error:
        return False
    return True


@settings(max_examples=250, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(phrase=_phrase(), data=st.data())
def test_required_literals_are_in_every_match(phrase: str, data: st.DataObject) -> None:
    assume(_compiles(phrase))
    literals = required_literals(phrase)
    assume(literals is not None)
    assert literals and "" not in literals
    try:
        match = data.draw(st.from_regex(phrase, alphabet="abc -'é.?()\n0123456789"))
    except Exception:  # noqa: BLE001 - the stdlib reads a few generated phrases differently
        assume(False)
        raise
    found = regex.search(phrase, match)
    if found is not None:
        assert any(lit in found.group() for lit in literals), (phrase, found.group(), literals)


@settings(max_examples=120, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(phrases=st.lists(_phrase(), min_size=1, max_size=4), data=st.data(),
       around=st.tuples(st.text(alphabet="abc -'é.?()0123", max_size=8), st.text(alphabet="abc -'é.?()", max_size=8)))
def test_prefilter_never_skips_a_matching_line(phrases: list[str], data: st.DataObject,
                                               around: tuple[str, str]) -> None:
    assume(all(_compiles(p) for p in phrases))
    prefilter = literal_prefilter(phrases)
    assume(prefilter is not None)
    try:
        phrase = data.draw(st.sampled_from(phrases))
        planted = data.draw(st.from_regex(phrase, fullmatch=True, alphabet="abc -'é.?()0123"))
    except Exception:  # noqa: BLE001 - the stdlib reads a few generated phrases differently
        assume(False)
        raise
    line = around[0] + planted + around[1]
    pattern = regex.compile("|".join(f"(?:{p})" for p in phrases))
    if pattern.search(line) is not None:
        assert prefilter.search(line) is not None, (phrases, line)


def test_unmodelled_syntax_gets_no_literals() -> None:
    for phrase in [r"(?i)cookie", r"(?i:cookie)", r"\d+", r"a{e<=1}", r"(a)\1", r"\x41bc", r"\N{BULLET}", "[[a]]",
                   "(?#comment)", "a|", "(?:a|)", "a*", "(unclosed", "x{,", "*a"]:
        assert required_literals(phrase) is None, phrase
    assert required_literals("accept (?:all )?cookies") == {"accept all cookies", "accept cookies"}
    assert required_literals(r"\bshutterstock\b") == {"shutterstock"}
    assert literal_prefilter(["cookie", r"\d+"]) is None


@pytest.mark.parametrize("language", [*LANGUAGES, "xx"])
def test_shipped_searched_families_all_have_a_prefilter(language: str) -> None:
    lexicon = lexicon_for(language)
    assert set(lexicon.prefilters) == {"consent_banner", "caption_marker"}
    data = _merged(language)
    for family in ("consent_banner", "caption_markers"):
        for phrase in data[family]:
            assert required_literals(phrase), phrase


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=50)
@given(data=st.data())
def test_prefilter_finds_every_generated_phrase(language: str, data: st.DataObject) -> None:
    lexicon = lexicon_for(language)
    merged = _merged(language)
    for attribute, family in (("consent_banner", "consent_banners"), ("caption_marker", "caption_markers")):
        phrase = data.draw(st.sampled_from(merged[family.rstrip("s") if family == "consent_banners" else family]))
        text = data.draw(st.from_regex(phrase, fullmatch=False, alphabet=st.characters(codec="utf-8")))
        key = line_key(text.replace("\n", " "))
        if getattr(lexicon, attribute).search(key) is not None:
            assert lexicon.prefilters[attribute].search(key) is not None, (phrase, key)


def _lines(language: str) -> list[Line]:
    texts = [*SEEDS.values(), *HOSTS.values()]
    return [line for text in texts for line in Document.from_text(text).lines]


@pytest.mark.parametrize("language", LANGUAGES)
def test_phrase_cleaners_drop_the_same_lines_without_prefilters(language: str) -> None:
    lexicon = lexicon_for(language)
    bare = dataclasses.replace(lexicon, prefilters={})
    texts = [*SEEDS.values(), *HOSTS.values()]
    for cls in PhraseCleaner.__subclasses__():
        for text in texts:
            fast, slow = Document.from_text(text), Document.from_text(text)
            cls().apply(fast, lexicon)
            cls().apply(slow, bare)
            assert fast.trace == slow.trace


# -- Document.from_text against the plain definitions --------------------------------------

_WORD = regex.compile(r"\w+")
# Words: \w+ runs, with runs of Chinese or Japanese characters inside them counted in pairs.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_PIECES = regex.compile(f"[{_CJK}]{{1,2}}|(?:(?![{_CJK}]).)+")


def _words(text: str) -> int:
    return sum(len(_PIECES.findall(word)) for word in _WORD.findall(text))


_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_TEXT = st.text(alphabet=st.sampled_from(list("aZ9_ .,!?-'\"\t") + list("\u00a0\u2009\u3000\u2018\u2019\u201a\u201b"
                                                                   "\u2032\u00b4\u201c\u201d\u201e\u201f\u2013\u2014"
                                                                   "\u2026\u00e9\u0301\u00df\u0130\u00bb\u00ab\u4e2d"
                                                                   "\u0663\u00b2\n\r")), max_size=60)


def _plain_lines(text: str) -> list[tuple[Any, ...]]:
    """What ``from_text`` is defined to build, spelled out without any shortcut."""
    out: list[tuple[Any, ...]] = []
    blank = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            blank += 1
            continue
        clean = _SPACES.sub(" ", stripped)
        out.append((number, len(out), clean, len(raw) - len(raw.lstrip()), blank, line_key(clean),
                    _words(clean)))
        blank = 0
    return out


@settings(max_examples=500)
@given(text=_TEXT)
def test_from_text_builds_the_plain_lines(text: str) -> None:
    lines = Document.from_text(text).lines
    assert [(x.number, x.position, x.text, x.indent, x.blank_before, x.key, x.words) for x in lines] == \
        _plain_lines(text)


@settings(max_examples=300)
@given(text=_TEXT.filter(lambda t: t.strip() != ""), new=_TEXT.map(lambda t: t.replace("\n", " ")))
def test_change_recomputes_key_and_words(text: str, new: str) -> None:
    doc = Document.from_text(text)
    assume(doc.lines)
    line = doc.lines[0]
    doc.change(line, new, "test", "test")
    assert line.key == line_key(new)
    assert line.words == _words(new)


# -- settle rounds: reapply drops what apply drops ---------------------------------------


class _ApplyOnly:
    """A cleaner seen without its ``reapply``: the pipeline runs ``apply`` (its line checks again,
    then its checks in context) in the second pass and in every settle round."""

    def __init__(self, cleaner: Any) -> None:
        self.cleaner = cleaner
        self.name = cleaner.name
        self.context_free = getattr(cleaner, "context_free", False)
        if hasattr(cleaner, "line_checks"):
            self.line_checks = cleaner.line_checks

    def apply(self, doc: Document, lexicon: Any) -> None:
        self.cleaner.apply(doc, lexicon)


@pytest.mark.parametrize("preset", ["default", "rules"])
def test_settle_rounds_with_reapply_match_full_apply(preset: str) -> None:
    fast = Pipeline.preset(preset)
    assert {c.name for c in fast.cleaners if hasattr(c, "reapply")} == {"captions", "comments", "related",
                                                                         "stray_markup"}
    slow = Pipeline([_ApplyOnly(c) for c in fast.cleaners])
    for text in [*SEEDS.values(), *HOSTS.values()]:
        assert fast.run(text) == slow.run(text)
