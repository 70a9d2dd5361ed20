"""The Python engine's fast paths give the answers of the plain forms they stand for.

Each shortcut of the hot path (a full-line phrase family run by first character, by the
prefixes and required literals of its phrases and after a key's leading furniture; the legal
notice test by substrings on text whose non-ASCII characters are neutral; a key's words by a
bytes table; bylines only after a byline prefix or leading furniture; share-button tokens and
the stray-markup word test of ASCII lines by the stdlib's engine; a quicker pre-check before
the literal one; sentence breaks of ASCII lines by the stdlib's engine; the mojibake hint tried
at candidate characters; stage-two features a column at a time) is compared with the plain
expression it replaces, on generated input and on the bundled fixtures' lines.
A shortcut that changed an answer would change the Python engine's output, and the native
engine's with it once its reference tests were regenerated.
"""

from __future__ import annotations

import re
from pathlib import Path

import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import test_speed_prechecks as _prechecks  # the generated phrases of the literal tests
from cleanwire.cleaners.layout import STACK_NAMES, StackFeatures
from cleanwire.cleaners.markup import _ASCII_WORD as _MARKUP_ASCII_WORD
from cleanwire.cleaners.markup import _HAS_WORD
from cleanwire.cleaners.social import _ASCII_TOKEN as _SOCIAL_ASCII_TOKEN
from cleanwire.cleaners.social import _TOKEN as _SOCIAL_TOKEN
from cleanwire.document import Document
from cleanwire.features import (
    _ASCII_NON_WORD,
    _ASCII_SENTENCE_BREAK,
    _LEGAL,
    _NEUTRAL,
    _NON_ASCII,
    _SENTENCE_BREAK,
    _legal,
    key_words,
)
from cleanwire.lexicon import (
    _LEAD_CHAR,
    LANGUAGES,
    FullLineFamily,
    Lexicon,
    lead_char,
    lexicon_for,
    literal_prefixes,
    load_language,
)
from cleanwire.normalize import _HINT_START, _MOJIBAKE_HINT, needs_repair

ROOT = Path(__file__).resolve().parent.parent


def _fixture_keys() -> list[str]:
    keys: set[str] = set()
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        for line in Document.from_text(path.read_text(encoding="utf-8")).lines:
            keys.add(line.key)
    return sorted(keys)


FIXTURE_KEYS = _fixture_keys()


def _phrase_words(code: str) -> list[str]:
    """Words of the language's phrase lists (regex syntax stripped): the stuff of keys that match."""
    words: set[str] = set()
    for value in load_language(code).values():
        for item in value if isinstance(value, list) else []:
            words.update(w for w in re.split(r"[^\w'’-]+", str(item)) if w)
    return sorted(words)


WORDS = {code: _phrase_words(code) for code in LANGUAGES}
LEADS = ["", "• ", "> ", "→ ", "- ", "# ", "| ", "★ ", "1. ", "(", " ", "12 ", "3 ", "@", "+"]
TAILS = ["", ":", " (12)", "!", " »", ".", " 3", "…"]


@st.composite
def phrase_keys(draw: st.DrawFn, code: str) -> str:
    """A key made of the language's phrase words, with leading furniture and a tail."""
    words = draw(st.lists(st.sampled_from(WORDS[code]), min_size=1, max_size=5))
    return draw(st.sampled_from(LEADS)) + " ".join(words).casefold() + draw(st.sampled_from(TAILS))


def test_fixtures_hold_keys() -> None:
    assert len(FIXTURE_KEYS) > 150


def test_full_line_families_answer_as_their_patterns_on_fixture_keys() -> None:
    checked = matched = 0
    for code in LANGUAGES:
        lexicon = lexicon_for(code)
        assert lexicon.families, code
        for name, family in lexicon.families.items():
            assert family.pattern is getattr(lexicon, name)
            for key in FIXTURE_KEYS:
                expected = family.pattern.match(key) is not None
                assert family.matches(key) == expected, (code, name, key)
                assert lexicon.full_line(name, key) == expected
                checked += 1
                matched += expected
    assert matched > 20  # the fixtures hold share bars, read-more links and menus


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LANGUAGES).flatmap(lambda code: st.tuples(st.just(code), phrase_keys(code))))
def test_full_line_families_answer_as_their_patterns_on_phrase_keys(case: tuple[str, str]) -> None:
    code, key = case
    lexicon = lexicon_for(code)
    for name, family in lexicon.families.items():
        assert family.matches(key) == (family.pattern.match(key) is not None), (name, key)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LANGUAGES), st.text(max_size=40))
def test_full_line_families_answer_as_their_patterns_on_any_text(code: str, text: str) -> None:
    lexicon = lexicon_for(code)
    for name, family in lexicon.families.items():
        assert family.matches(text) == (family.pattern.match(text) is not None), (name, text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LANGUAGES).flatmap(lambda code: st.tuples(st.just(code), phrase_keys(code))))
def test_quick_prefilter_passes_every_key_the_literal_one_passes(case: tuple[str, str]) -> None:
    code, key = case
    lexicon = lexicon_for(code)
    for name, full in lexicon.prefilters.items():
        maybe = lexicon.prefilter(name)
        assert maybe is not None
        assert maybe(key) == (full.search(key) is not None), (name, key)


def test_quick_prefilter_passes_every_fixture_key_the_literal_one_passes() -> None:
    found = 0
    for code in LANGUAGES:
        lexicon = lexicon_for(code)
        for name, full in lexicon.prefilters.items():
            maybe = lexicon.prefilter(name)
            assert maybe is not None
            for key in FIXTURE_KEYS:
                expected = full.search(key) is not None
                assert maybe(key) == expected, (code, name, key)
                found += expected
    assert found > 0


_SENTENCE_BITS = [*"Aa bZz.!?\"'()Q,;", "  ", ". T", "? (W", "! \"A", ".\" A", "!' (Z", "?) Q", ".) \"B"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_BITS), max_size=60))
def test_ascii_sentence_breaks_are_the_regex_modules(bits: list[str]) -> None:
    text = "".join(bits)
    assert text.isascii() and text.isprintable()
    assert len(_ASCII_SENTENCE_BREAK.findall(text)) == len(_SENTENCE_BREAK.findall(text))


def _needs_repair_plain(text: str) -> bool:
    """needs_repair as one search from the first candidate character."""
    start = _HINT_START.search(text)
    return start is not None and _MOJIBAKE_HINT.search(text, start.start()) is not None


_MOJIBAKE_BITS = ["Ã", "Â", "©", "\u0080", "\u2019", "â€", "&", "&amp;", "&#39;", "\ufffd", "\x07", "\ud800",
                  "ô", "é", "a", " ", "x" * 9]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MOJIBAKE_BITS), max_size=120))
def test_needs_repair_is_one_search_from_the_first_candidate(bits: list[str]) -> None:
    text = "".join(bits)
    assert needs_repair(text) == _needs_repair_plain(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_needs_repair_is_one_search_on_any_text(text: str) -> None:
    assert needs_repair(text) == _needs_repair_plain(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0, allow_nan=False), max_size=40),
       st.sets(st.integers(min_value=0, max_value=len(STACK_NAMES) - 1)))
def test_stack_columns_are_the_rows_floats(p: list[float], which: set[int]) -> None:
    view = StackFeatures(p)
    order = sorted(which)
    columns = view.columns(order)
    assert len(columns) == len(order)
    for k, column in zip(order, columns):
        assert column == [view.row(i)[k] for i in range(len(p))], k



# Keys that only the phrases which can begin with any character match (a number, a name, any
# words before a fixed ending), starting with characters no phrase names as its first.
ANY_START_KEYS = ["12 comments", "3 replies", "jane doe says:", "ünal says:", "7 responses:",
                  "get the news delivered straight to your inbox", "best deals of the week (sponsored)",
                  "2024 says:", "ø says:", "9 comments (3)", "§ 12 comments"]


def _families_agree_with_their_patterns(keys: list[str]) -> int:
    """Assert that every full-line family of every language answers as its whole pattern on each
    of *keys*; return how many (language, family, key) matched."""
    matched = 0
    for code in LANGUAGES:
        lexicon = lexicon_for(code)
        for name, family in lexicon.families.items():
            for key in keys:
                expected = family.pattern.match(key) is not None
                assert family.matches(key) == expected, (code, name, key)
                matched += expected
    return matched


def test_full_line_families_answer_as_their_patterns_on_keys_of_any_start() -> None:
    assert _families_agree_with_their_patterns(ANY_START_KEYS) >= 5 * len(LANGUAGES)


# -- full-line families: prefixes, required literals, leading furniture (py-speed2) ----------

@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(phrase=_prechecks._phrase(), data=st.data())
def test_literal_prefixes_begin_every_match(phrase: str, data: st.DataObject) -> None:
    assume(_prechecks._compiles(phrase))
    prefixes = literal_prefixes(phrase)
    assume(prefixes is not None)
    assert prefixes and "" not in prefixes
    try:
        text = data.draw(st.from_regex(phrase, fullmatch=True, alphabet="abc -'é.?()0123456789"))
    except Exception:  # noqa: BLE001 - the stdlib reads a few generated phrases differently
        assume(False)
        raise
    for start in range(len(text) + 1):
        found = regex.compile(phrase).match(text, start)
        if found is not None and found.group():
            assert found.group().startswith(tuple(prefixes)), (phrase, found.group(), prefixes)


def test_literal_prefixes_of_the_shipped_phrases() -> None:
    assert literal_prefixes("(?:read|view) (?:the )?original") == {
        "read original", "read the original", "view original", "view the original"}
    assert literal_prefixes(r"\d+ comments") is None
    assert literal_prefixes("(?:more )?news") == {"more news", "news"}
    assert literal_prefixes("a*b") is None
    assert literal_prefixes("(?=x)ab") == {"ab"}
    menu = literal_prefixes("(?:(?:home|blog)(?: ?[|/] ?| )?){2,10}")
    assert menu is not None and all(p.startswith(("home", "blog")) for p in menu)


# Phrases that begin with characters of leading furniture (or with any character), so that a key
# with furniture may begin its phrase inside it; and keys made of their pieces.
FURNITURE_PHRASES = [r"- more", r"\* note", "#tags?", "> quote", r"(?:\s|x)+y", "© ?(?:\\d{4}|copyright)",
                     r"\d+ notes?", "[^.]{0,9}deal[^.]{0,5}", "home(?: ?[|/] ?(?:home|more))*", "more", "x"]
_FURNITURE_BITS = ["- ", "-", "* ", "*", "#", "> ", "• ", "© ", "©", "🎙️ ", "\u3000", " ", "x", "y", "more",
                   "note", "notes", "tag", "tags", "quote", "home", " | ", "/", "12 ", "2024", "copyright",
                   "deal", ".", ":", " (3)", "a"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_FURNITURE_BITS), max_size=8))
def test_a_family_with_furniture_phrases_answers_as_its_pattern(bits: list[str]) -> None:
    key = "".join(bits)
    family = _FURNITURE_FAMILY
    assert family.matches(key) == (family.pattern.match(key) is not None), key


_FURNITURE_FAMILY = FullLineFamily(FURNITURE_PHRASES)


def test_a_family_with_furniture_phrases_on_chosen_keys() -> None:
    family = _FURNITURE_FAMILY
    for key, expected in [("- more", True), ("• - more", True), ("* note", True), ("- * note", True),
                          ("• #tags:", True), ("> quote", True), ("- > quote", True), ("- xy", True),
                          ("• © 2024", True), ("©2024", True), ("© copyright", True), ("• 12 notes", True),
                          ("* big deal!", True), ("-- home | more", True), ("• ", False), ("", False),
                          ("- mor", False), ("• note", False), ("•", False), ("© 20", False), ("more", True),
                          ("- x", True), ("🎙️ x", True), ("\u3000more", True), ("12 note (3)", True)]:
        assert (family.pattern.match(key) is not None) == expected, key
        assert family.matches(key) == expected, key


FURNISHED_KEYS = ["* report this comment", "© 2025 flatworld solutions inc. all rights reserved.", "©2025 hearst",
                  "• 12 comments", "* jane doe says:", "» home | blog | about", "- -home", "* * home",
                  "🙌 awesome, you're subscribed!", "• share this:", "* read more", "→ next article",
                  "| home | about us | contact", "•• more news", "— comments (3)", "* sponsored content",
                  "* great deals (sponsored)", "* get it delivered straight to your inbox"]


def test_full_line_families_answer_as_their_patterns_after_leading_furniture() -> None:
    leads = ["", "• ", "* ", "- ", "© ", "> » ", "🎙️ ", "\u3000", "#", "— ", "- -", "®"]
    keys = [lead + key for lead in leads for key in [*FURNISHED_KEYS, *FIXTURE_KEYS[:300]]]
    assert _families_agree_with_their_patterns(keys) > 100


# -- _legal by substring tests on text whose non-ASCII characters are neutral (py-speed2) ----

_LEGAL_BITS = ["©", "™", "®", "(c)", "(C)", "Copyright", "COPYRIGHT", "copyRight", "All Rights Reserved",
               "all rights reserved", "ALL rights", " reserved", "copy", "right", "(", "c", ")", " ", "’", "“",
               "—", "…", "•", "\u00a0", "€", "é", "ſ", "K", "İ", "ı", "Å", "ß", "ĸ", "opyright", "a", "Z", "1",
               "all right", "ſ reserved", "copyr", "ght", "all rightſ reserved", "copyrİght"]


def test_no_neutral_character_is_a_letter_of_the_legal_pattern_in_another_case() -> None:
    """_legal answers text with neutral characters by substrings of its lower case, which holds
    only if no neutral character matches one of _LEGAL's letters case-insensitively."""
    letters = sorted({c for c in _LEGAL.pattern.lower() if c.isalpha() and c.isascii()})
    assert "".join(letters) == "acdeghiloprstvy"
    caseless = regex.compile(f"(?i)[{''.join(letters)}]")
    assert [c for c in _NEUTRAL if caseless.match(c)] == []
    assert caseless.match("ſ") and caseless.match("İ")  # non-ASCII letters it would catch


def _legal_as_line_info(text: str) -> bool:
    """_legal with the ASCII bytes :func:`_line_info` passes (for text whose non-ASCII is neutral)."""
    plain = text.isascii() or _NEUTRAL.issuperset(_NON_ASCII.findall(text))
    return _legal(text, text.encode("ascii", "replace") if plain else None)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LEGAL_BITS), max_size=12))
def test_legal_is_the_patterns_search(bits: list[str]) -> None:
    text = "".join(bits)
    expected = _LEGAL.search(text) is not None
    assert _legal(text) == expected, text
    assert _legal_as_line_info(text) == expected, text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_legal_is_the_patterns_search_on_any_text(text: str) -> None:
    expected = _LEGAL.search(text) is not None
    assert _legal(text) == expected
    assert _legal_as_line_info(text) == expected


def test_legal_is_the_patterns_search_on_fixture_lines() -> None:
    found = 0
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        for line in Document.from_text(path.read_text(encoding="utf-8")).lines:
            for text in (line.text, line.text + " ©", "’" + line.text.upper()):
                expected = _LEGAL.search(text) is not None
                assert _legal(text) == expected, text
                assert _legal_as_line_info(text) == expected, text
                found += expected
    assert found > 100


# -- a key's words by a bytes table (py-speed2) ---------------------------------------------

_WORD_BITS = [*"aZ_09 -'.,:;!?()[]/\\|@#\t\x1c\x1f\x7f", "word", "Word", "it's", "x_y", "2024", "  "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORD_BITS), max_size=30))
def test_key_words_of_ascii_are_the_w_runs(bits: list[str]) -> None:
    key = "".join(bits)
    assert key_words(key) == regex.findall(r"\w+", key) == key.translate(_ASCII_NON_WORD).split()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_key_words_are_the_w_runs_on_any_text(text: str) -> None:
    if text.isascii():
        assert key_words(text) == regex.findall(r"\w+", text)


def test_key_words_are_the_w_runs_on_fixture_lines() -> None:
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        for line in Document.from_text(path.read_text(encoding="utf-8")).lines:
            if line.key.isascii():
                assert key_words(line.key) == regex.findall(r"\w+", line.key)


# -- bylines by their prefixes, share-button tokens and stray markup on ASCII (py-speed2) ---


def _byline_may_match(lexicon: Lexicon, key: str) -> bool:
    """The bylines cleaner's pre-check: a byline prefix, or leading furniture, begins the key."""
    starts = lexicon.byline_starts
    return starts is None or key.startswith(starts) or lead_char(key[:1])


_BYLINE_BITS = ["by", "written by", "von", "autor", "posted by", "author", "napisała", " ", ":", " : ", "jane",
                "doe", "• ", "* ", "- ", "ℹ", "© ", "\u3000", "2024", "b", "y", "bye", "|", "&"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(LANGUAGES), st.lists(st.sampled_from(_BYLINE_BITS), max_size=7))
def test_byline_prefix_check_skips_no_byline(code: str, bits: list[str]) -> None:
    lexicon = lexicon_for(code)
    key = "".join(bits)
    if lexicon.byline.match(key) is not None:
        assert _byline_may_match(lexicon, key), (code, key)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3))
def test_lead_char_is_the_lead_pattern(text: str) -> None:
    for c in [text[:1], *text]:
        assert lead_char(c) == (_LEAD_CHAR.match(c) is not None), c


def test_byline_prefix_check_on_fixture_keys() -> None:
    matched = 0
    for code in LANGUAGES:
        lexicon = lexicon_for(code)
        assert lexicon.byline_starts
        for key in FIXTURE_KEYS + ["by jane doe", "• by jane doe", "ℹ by jane", "von max muster", "written by: a b"]:
            if lexicon.byline.match(key) is not None:
                matched += 1
                assert _byline_may_match(lexicon, key), (code, key)
    assert matched > 8


def test_byline_prefix_check_on_every_prefix() -> None:
    for code in LANGUAGES:
        lexicon = lexicon_for(code)
        for prefix in load_language(code)["byline_prefixes"] + load_language("en")["byline_prefixes"]:
            for key in (f"{prefix} jane doe", f"{prefix}: jane", f"• {prefix} jane", f"{prefix}  x"):
                if lexicon.byline.match(key) is not None:
                    assert _byline_may_match(lexicon, key), (code, key)
                else:
                    assert key.endswith("  x"), (code, key)  # the others are bylines


_ASCII_BITS = [*"aZ_09 -'.,:;!?()[]{}<>/\\|@#\t\x1c\x7f", "word", "it's", "x-y", "  ", "};", "</div>"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ASCII_BITS), max_size=25))
def test_ascii_tokens_and_word_checks_are_the_regex_modules(bits: list[str]) -> None:
    text = "".join(bits)
    assert _SOCIAL_ASCII_TOKEN.findall(text) == _SOCIAL_TOKEN.findall(text)
    assert (_MARKUP_ASCII_WORD.search(text) is None) == (_HAS_WORD.search(text) is None)


def test_ascii_tokens_and_word_checks_on_fixture_lines() -> None:
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        for line in Document.from_text(path.read_text(encoding="utf-8")).lines:
            for text in (line.text, line.key):
                if text.isascii():
                    assert _SOCIAL_ASCII_TOKEN.findall(text) == _SOCIAL_TOKEN.findall(text)
                    assert (_MARKUP_ASCII_WORD.search(text) is None) == (_HAS_WORD.search(text) is None)
