"""Encoding repair, quote normalization and byte decoding.

Repair runs :mod:`ftfy` only on lines that show a sign of trouble (mojibake
letters, HTML entities, control characters, surrogates), so clean text pays
one regular-expression scan and nothing more.

Example:
    >>> repair_line("Putin\\u00e2\\u20ac\\u2122s war &amp; peace")
    'Putin\\u2019s war & peace'
    >>> uncurl_quotes("\\u201cHe seems erratic.\\u201d")
    '"He seems erratic."'
"""

from __future__ import annotations

import ftfy
import ftfy.fixes
import regex

__all__ = ["decode", "needs_repair", "repair_line", "uncurl_quotes", "has_curly_quotes"]

# Signs of trouble: C0/C1 controls, replacement characters, lone surrogates, HTML
# entities, and a UTF-8 lead byte read as cp1252/latin-1 (U+00C2..U+00F4) followed
# by a continuation byte read the same way (U+0080..U+00BF or a cp1252 special).
_MOJIBAKE_HINT = regex.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]|&#?[a-zA-Z0-9]{1,32};"
    r"|[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_CURLY = regex.compile(r"[\u02bc\u2018-\u201f]")
_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)


def needs_repair(text: str) -> bool:
    """True when *text* shows a sign of mojibake, an HTML entity or a control character.

    Example:
        >>> needs_repair("plain text"), needs_repair("caf\\u00c3\\u00a9")
        (False, True)
    """
    return _MOJIBAKE_HINT.search(text) is not None


def repair_line(text: str) -> str:
    """Repair mojibake, HTML entities and control characters in *text* with ftfy.

    Lone surrogates, which no encoder can write, are removed.
    """
    if _MOJIBAKE_HINT.search(text) is None:
        return text
    fixed = ftfy.fix_text(text, _CONFIG)
    if _LONE_SURROGATE.search(fixed):
        fixed = _LONE_SURROGATE.sub("", fixed)
    return fixed


def has_curly_quotes(text: str) -> bool:
    """True when *text* holds a curly quote or apostrophe."""
    return _CURLY.search(text) is not None


def uncurl_quotes(text: str) -> str:
    """Replace curly quotes and apostrophes with ASCII ones (via ftfy)."""
    return ftfy.fixes.uncurl_quotes(text)


def decode(data: bytes, *, errors: str = "replace") -> str:
    """Decode scraped *data* as UTF-8 (a BOM is dropped), repairing what it can.

    Invalid byte sequences become U+FFFD with ``errors="replace"`` (the
    default); ``errors="strict"`` raises :class:`UnicodeDecodeError` instead.
    Text that is not bytes is refused with :class:`TypeError`.

    Example:
        >>> decode(b"caf\\xc3\\xa9 \\xff")
        'caf\\u00e9 \\ufffd'
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode() expects bytes, got {type(data).__name__}")
    return bytes(data).decode("utf-8-sig", errors=errors)
