"""Phrase data per language, loaded once from package resources.

Each language has a JSON file (``en.json``, ``de.json``, ``fr.json``,
``es.json``) whose keys are cruft families; the values are regular-expression
fragments written against a line's *key* (case-folded, straight quotes,
single spaces; see :func:`cleanwire.document.line_key`). :func:`lexicon_for`
merges the lists of the detected language with English (site furniture in
English shows up on pages of every language) and compiles them once.

Example:
    >>> lex = lexicon_for("de")
    >>> bool(lex.comment_line.match("kommentar schreiben"))
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

__all__ = ["LANGUAGES", "STOPWORDS", "Lexicon", "compile_full_line", "lexicon_for", "load_language"]

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")
"""Languages that ship phrase lists. Other languages fall back to English."""

# What may trail a full-line phrase: punctuation, arrows, counters such as "(12)".
_TRAIL_CHARS = r"[\s:.!?…>»›|*\-–—/]"
# Possessive quantifiers: a key ending in a long run of punctuation cannot make the
# engine retry every split of the run between the two halves.
_TRAIL = rf"{_TRAIL_CHARS}*+(?:\(\d+\){_TRAIL_CHARS}*+)?"
# What may lead one: bullets, arrows and similar list furniture.
_LEAD = r"[\s>»›|*•·\-–—#]*"


def load_language(code: str) -> dict[str, list[str]]:
    """Return the raw phrase data of one language (a fresh copy)."""
    text = resources.files(__package__).joinpath(f"{code}.json").read_text(encoding="utf-8")
    data: dict[str, list[str]] = json.loads(text)
    return data


STOPWORDS: dict[str, frozenset[str]] = {
    code: frozenset(load_language(code)["stopwords"]) for code in LANGUAGES
}
"""Stop words per shipped language, used for language voting and prose tests."""


def compile_full_line(patterns: Iterable[str]) -> regex.Pattern[str]:
    """Compile *patterns* into one regex that must match a whole line key.

    Leading bullets and trailing punctuation or counters are allowed around
    the phrase, so ``"Share post:"`` and ``"• Related (12)"`` match.

    Example:
        >>> bool(compile_full_line(["share post"]).match("share post:"))
        True
    """
    alternation = "|".join(f"(?:{p})" for p in patterns) or r"(?!)"
    return regex.compile(rf"^{_LEAD}(?:{alternation}){_TRAIL}$")


def compile_search(patterns: Iterable[str]) -> regex.Pattern[str]:
    """Compile *patterns* into one regex searched anywhere in a line key."""
    alternation = "|".join(f"(?:{p})" for p in patterns) or r"(?!)"
    return regex.compile(alternation)


@dataclass(frozen=True)
class Lexicon:
    """Compiled phrase families for one language (merged with English)."""

    language: str
    stopwords: frozenset[str]
    consent_banner: regex.Pattern[str]
    attribution_label: regex.Pattern[str]
    attribution_line: regex.Pattern[str]
    comment_line: regex.Pattern[str]
    share_line: regex.Pattern[str]
    widget_words: frozenset[str]
    related_header: regex.Pattern[str]
    navigation_line: regex.Pattern[str]
    byline: regex.Pattern[str]
    metadata_label: regex.Pattern[str]
    section_words: frozenset[str]
    caption_marker: regex.Pattern[str]
    date_words: frozenset[str]
    call_to_action: regex.Pattern[str]


def _merged(code: str) -> dict[str, list[str]]:
    codes = ["en"] if code not in LANGUAGES or code == "en" else [code, "en"]
    merged: dict[str, list[str]] = {}
    for c in codes:
        for key, values in load_language(c).items():
            merged.setdefault(key, []).extend(values)
    return merged


@cache
def lexicon_for(code: str) -> Lexicon:
    """Return the compiled lexicon for language *code* (English for unknown codes)."""
    data = _merged(code)
    labels = "|".join(regex.escape(x) for x in sorted(set(data["attribution_labels"]), key=len, reverse=True))
    prefixes = "|".join(regex.escape(x) for x in sorted(set(data["byline_prefixes"]), key=len, reverse=True))
    meta = [regex.escape(x) for x in sorted(set(data["metadata_labels"]), key=len, reverse=True)]
    return Lexicon(
        language=code if code in LANGUAGES else "en",
        stopwords=frozenset(data["stopwords"]),
        consent_banner=compile_search(data["consent_banner"]),
        attribution_label=regex.compile(rf"^{_LEAD}(?:{labels}) ?: ?(?P<rest>.*)$"),
        attribution_line=compile_full_line(data["attribution_lines"]),
        comment_line=compile_full_line(data["comment_lines"]),
        share_line=compile_full_line(data["share_lines"]),
        widget_words=frozenset(data["widget_words"]),
        related_header=compile_full_line(data["related_headers"]),
        navigation_line=compile_full_line(data["navigation_lines"]),
        byline=regex.compile(rf"^{_LEAD}(?:{prefixes})\s*:?\s+(?P<rest>\S.*)$"),
        metadata_label=regex.compile(rf"^{_LEAD}(?:{'|'.join(meta)}) ?:$"),
        section_words=frozenset(data["section_words"]),
        caption_marker=compile_search(data["caption_markers"]),
        date_words=frozenset(data["months"]),
        call_to_action=compile_full_line(data.get("call_to_action", [])),
    )
