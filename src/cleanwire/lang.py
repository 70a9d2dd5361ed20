"""Deterministic, thread-safe language detection on a bounded sample of prose.

langdetect's module-level ``detect`` shares one unseeded factory across the
process, so its answer can change from run to run. Here a private factory is
loaded once with a fixed seed; every call builds its own detector (with its
own random generator), so concurrent calls never share mutable state.

Detection runs once per document, on the longest prose-like lines only
(short lines such as "LEAVE A REPLY" mislead it), capped at
:data:`SAMPLE_CHARS` characters. Scripts written without spaces between words
(Chinese, Japanese, Thai) have few "words" per line: a document with no prose
line is sampled on its lines of at least :data:`DENSE_SCRIPT_CHARS` such
characters (:func:`is_dense_script_prose`). Before calling langdetect, a cheap
stop-word vote settles clear cases among the languages that have phrase lists: first
by all their stop words, then, where lists share words ("in", "is", "of" are Dutch
stop words too, "a", "i", "to" Polish ones), by the stop words only one list holds.

Example:
    >>> detect_language(["Die Regierung hat am Montag neue Regeln für den Verkehr beschlossen."])
    'de'
    >>> detect_language(["北京市政府周一宣布了一项新的交通管理规定，旨在缓解城市中心区域的交通拥堵问题。"])
    'zh'
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

import regex

from .lexicon import STOPWORDS

__all__ = ["DENSE_SCRIPT_CHARS", "DENSE_SCRIPT_CLASS", "SAMPLE_CHARS", "detect_language", "is_dense_script_prose"]

SAMPLE_CHARS = 600
"""Most characters of prose handed to langdetect for one document."""

DENSE_SCRIPT_CHARS = 20
"""Characters of a script written without spaces that make a line (or a sample) worth detecting."""

_WORD = regex.compile(r"\p{L}+")
DENSE_SCRIPT_CLASS = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]"
"""The scripts written without spaces between words (a ``regex`` character class)."""
_DENSE = regex.compile(DENSE_SCRIPT_CLASS)
# Which shipped languages list a word as a stop word: one dict lookup per word in the vote.
_STOP_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _stops in STOPWORDS.items():
    for _stop in _stops:
        _STOP_LANGS[_stop] = (*_STOP_LANGS.get(_stop, ()), _lang)
# The stop words that only one shipped language lists, with that language.
_OWN_STOP: dict[str, str] = {word: langs[0] for word, langs in _STOP_LANGS.items() if len(langs) == 1}
_lock = threading.Lock()
_factory: object | None = None


def _get_factory() -> object:
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

                factory = DetectorFactory()
                factory.load_profile(PROFILES_DIRECTORY)
                factory.seed = 0
                _factory = factory
    return _factory


def is_dense_script_prose(text: str) -> bool:
    """True when *text* holds at least :data:`DENSE_SCRIPT_CHARS` Han, Hiragana, Katakana or
    Thai characters: running text in a script whose words are not separated by spaces.

    Example:
        >>> is_dense_script_prose("北京市政府周一宣布了一项新的交通管理规定，旨在缓解交通拥堵。")
        True
        >>> is_dense_script_prose("The mayor of the city resigned on Tuesday after a long debate.")
        False
    """
    found = 0
    for _ in _DENSE.finditer(text):
        found += 1
        if found >= DENSE_SCRIPT_CHARS:
            return True
    return False


def _stopword_vote(words: Sequence[str]) -> str | None:
    """Return a language when its stop words clearly dominate the sample (at least twelve
    *words*): a quarter of the words or more, and three times the next language's count.
    Failing that, :func:`_own_stopword_vote` may settle it.

    Example:
        >>> _stopword_vote("the mayor said that the council will meet again in the spring to vote".split())
        'en'
        >>> _stopword_vote("a b c".split()) is None
        True

    Eleven English stop words here, but four are Polish ones too ("to", "a"), which fails the
    first look; "if", "you", "the" and "what" are English only, which settles it::

        >>> _stopword_vote("if you re ready to hit the road in a rented car here is what you need to do".split())
        'en'
    """
    if len(words) < 12:
        return None
    counts = dict.fromkeys(STOPWORDS, 0)
    lookup = _STOP_LANGS.get
    for word in words:
        for lang in lookup(word, ()):
            counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 0.25 * len(words) and top >= 3 * second:
        return best
    return _own_stopword_vote(words, counts)


def _own_stopword_vote(words: Sequence[str], counts: dict[str, int]) -> str | None:
    """The second look of :func:`_stopword_vote`, by the stop words that only one shipped
    language lists (English shares "in", "is", "of", "was" with Dutch and "a", "i", "to"
    with Polish, so English prose of few function words can fail the first look): a language
    using at least three different stop words of its own, three times as many as any other
    language, and whose stop words of any kind (*counts*) make at least 15 % of the *words*."""
    own: dict[str, set[str]] = {}
    for word in words:
        lang = _OWN_STOP.get(word)
        if lang is not None:
            own.setdefault(lang, set()).add(word)
    if not own:
        return None
    ranked = sorted(((lang, len(used)) for lang, used in own.items()), key=lambda kv: (-kv[1], kv[0]))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if top >= 3 and top >= 3 * second and counts[best] >= 0.15 * len(words):
        return best
    return None


def detect_language(texts: Iterable[str], default: str = "en") -> str:
    """Return the ISO 639-1 code of the language of *texts* (prose lines), or *default*.

    The same input always gives the same answer, whatever ran before.
    """
    joined = _sample_text(texts)
    words = _WORD.findall(joined.casefold())
    if len(words) < 3 and not is_dense_script_prose(joined):
        return default
    voted = _stopword_vote(words)
    if voted is not None:
        return voted
    return _langdetect(joined, default)


def _sample_text(texts: Iterable[str]) -> str:
    """The texts up to :data:`SAMPLE_CHARS` characters, joined by spaces and cut there."""
    sample: list[str] = []
    size = 0
    for text in texts:
        sample.append(text)
        size += len(text)
        if size >= SAMPLE_CHARS:
            break
    return " ".join(sample)[:SAMPLE_CHARS]


def _langdetect(joined: str, default: str) -> str:
    """langdetect's answer for *joined* (the code before any ``-``), or *default*."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _get_factory()
    try:
        detector = factory.create()  # type: ignore[attr-defined]
        detector.append(joined)
        code: str = detector.detect()
    except LangDetectException:
        return default
    return code.split("-")[0] if code != "unknown" else default
