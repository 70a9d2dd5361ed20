"""The native language detector gives ``cleanwire.lang.detect_language``'s answers exactly.

The native engine runs the stop-word vote and a Rust port of langdetect 1.0.9
(``native/langdetect``); the Python function, which calls the langdetect library, is the
reference. Both are compared on Hypothesis texts in many scripts and on real samples of the
development corpus, whole (``Engine.detect_language``) and with langdetect alone
(``Engine.langdetect``, the vote skipped). ``bench/language_differential.py`` runs the same
comparison on every text of the corpus.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanwire import _engine
from cleanwire.document import Document
from cleanwire.lang import _langdetect, _sample_text, detect_language
from cleanwire.lexicon import STOPWORDS
from cleanwire.pipeline import _language_sample
from corpus_slice import corpus_records

pytestmark = pytest.mark.skipif(_engine._NATIVE is None, reason="the native engine is not running")


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    e = _engine._get_engine()
    if e.language_status()[1] == "no language spec":
        pytest.fail("the engine was built without its language spec")
    return e


def check(engine, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert engine.detect_language(sample) == detect_language(sample), sample
    joined = _sample_text(sample)
    assert engine.langdetect(joined) == _langdetect(joined, "en"), joined


def _chars(*ranges: tuple[int, int]) -> st.SearchStrategy[str]:
    return st.sampled_from([chr(c) for lo, hi in ranges for c in range(lo, hi + 1)])


# Scripts and the characters langdetect treats specially: Latin with diacritics, Romanian
# comma-below letters, Vietnamese base letters with combining marks and precomposed letters,
# Greek, Cyrillic, Arabic with the Farsi yeh, kana, Bopomofo, CJK, Hangul, general punctuation.
_LETTERS = st.one_of(
    _chars((0x41, 0x5A), (0x61, 0x7A)),
    _chars((0xC0, 0x17F), (0x218, 0x21B)),
    _chars((0x61, 0x7A), (0x300, 0x301), (0x303, 0x303), (0x309, 0x309), (0x323, 0x323), (0x1E9E, 0x1EF9)),
    _chars((0x386, 0x3CE)),
    _chars((0x410, 0x44F), (0x450, 0x45F)),
    _chars((0x621, 0x64A), (0x6CC, 0x6CC), (0x6A9, 0x6AF)),
    _chars((0x3041, 0x30FF), (0x3105, 0x312F)),
    _chars((0x4E00, 0x4F00), (0x9F00, 0x9FA5)),
    _chars((0xAC00, 0xAD00)),
)
_STOPS = st.sampled_from(sorted({w for words in STOPWORDS.values() for w in words}))
_WORD = st.one_of(st.text(_LETTERS, min_size=1, max_size=12), _STOPS)
_SEPARATOR = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "\u2014", "\u00a0", "\u00ab", " 12 ", "\t", "-"])
_LINK = st.sampled_from([
    "http://example.com/a?b=c", "https://www.Example.org/path#frag", "mail me at jane.doe@example.com",
    "x@y", "a@b.c", "-@--.", "http://", "https://" + "a" * 2100,
])


@st.composite
def _line(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(_WORD, _LINK), min_size=0, max_size=40))
    out = ""
    for part in parts:
        out += part + draw(_SEPARATOR)
    return out


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line(), min_size=0, max_size=5))
def test_generated_texts(engine, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    check(engine, sample)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=80), max_size=4))
def test_any_characters(engine, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    check(engine, sample)


@pytest.mark.parametrize("sample", [
    [], [""], ["a b c"], ["Hello"], ["HELLO WORLD THIS IS ALL CAPITALS"], ["Москва — столица России."],
    ["Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."], ["القاهرة هي عاصمة مصر وأكبر مدنها"],
    ["東京は日本の首都です。大阪は大きな都市です。"], ["北京是中华人民共和国的首都，也是政治中心。"],
    ["서울은 대한민국의 수도이다. 부산은 항구 도시이다."],
    ["Hà Nội là thủ đô của nước Cộng hòa Xã hội chủ nghĩa Việt Nam."],
    ["Ha\u0300 No\u0323i la\u0300 thu\u0309 đô cu\u0309a Vie\u0323t Nam"],
    ["București este capitala României și cel mai mare oraș."],
    ["see https://example.com/x and write to a.b@example.org today please"],
    ["Die Regierung hat am Montag neue Regeln für den Verkehr beschlossen."],
])
def test_examples(engine, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    check(engine, sample)


def test_corpus_samples(engine) -> None:  # type: ignore[no-untyped-def]
    for record in corpus_records(120):
        lines = Document.from_text(record["text"]).lines
        check(engine, _language_sample(lines))
        # a short text and one long line: the other paths of the sample
        check(engine, [record["text"][:300]])
        check(engine, [" ".join(line.text for line in lines)])


def test_profiles_loaded_once_and_compact(engine) -> None:  # type: ignore[no-untyped-def]
    engine.langdetect("Ceci est un petit texte en français, sans mots vides anglais.")
    size, error = engine.language_status()
    assert error is None
    assert size is not None and size < 8_000_000


def _fresh_engine(language: dict[str, object] | None):  # type: ignore[no-untyped-def]
    """A new native engine (own profiles, loaded at first need) with the *language* spec."""
    from importlib import resources

    from cleanwire import _native_spec as spec

    model = resources.files("cleanwire").joinpath("models", "layout.json").read_text(encoding="utf-8")
    return _engine._NATIVE.Engine(spec.unicode_tables(), spec.internal_patterns(), spec.lexicon_spec,
                                  _engine._detect, _engine._layout, model, language)


# Swedish has no stop-word list, so the vote cannot settle it and langdetect must answer.
_NEEDS_LANGDETECT = "Stockholm är Sveriges huvudstad och landets största stad, med nästan en miljon invånare."


def test_profiles_load_once_under_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    engine = _fresh_engine(_engine._language_spec())
    assert engine.language_status() == (None, None)  # nothing loaded before it is needed
    texts = [_NEEDS_LANGDETECT, "Dies ist ein kurzer Text.", "Ceci est un texte court.", "Это короткий текст."] * 4
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(engine.langdetect, texts))
    assert got == [_langdetect(t, "en") for t in texts]
    assert engine.language_status()[0] is not None


@pytest.mark.parametrize("profiles", [None, ("/nonexistent/langdetect/profiles", ["en", "de"])])
def test_python_answers_where_the_port_cannot(profiles: object) -> None:
    language = dict(_engine._language_spec(), profiles=profiles)
    engine = _fresh_engine(language)
    sample = [_NEEDS_LANGDETECT]
    assert detect_language(sample) == "sv"
    assert engine.detect_language(sample) is None  # langdetect needed: left to Python
    assert engine.detect_language(["the cat and the dog of the house in the garden is on the mat by the door"]) == "en"
    # a whole run asks the Python callback instead, and gets its answer
    plan = _engine._NATIVE.Plan(engine, ["banners"], {}, False, None, None)
    text = "\n".join([_NEEDS_LANGDETECT] * 3)
    _, language_found, _ = plan.run(text, [], False, False)
    assert language_found == detect_language(_language_sample(Document.from_text(text).lines))
