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

import re

import ftfy

__all__ = ["decode", "has_curly_quotes", "lines_to_repair", "needs_repair", "repair_line", "repair_suspect_line",
           "uncurl_quotes"]

# Signs of trouble: C0/C1 controls, replacement characters, lone surrogates, HTML
# entities, and a UTF-8 lead byte read as cp1252/latin-1 (U+00C2..U+00F4) followed
# by a continuation byte read the same way (U+0080..U+00BF or a cp1252 special).
#
# Speed: the stdlib ``re`` engine scans these plain character classes several times
# faster than ``regex``; and :func:`needs_repair` first looks for any character that
# can *start* a sign (one class scan, no alternation), so clean text costs one fast
# pass. The full pattern then runs from the first candidate only.
_MOJIBAKE_HINT = re.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]|&#?[a-zA-Z0-9]{1,32};"
    r"|[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# Every character that can begin a match of _MOJIBAKE_HINT (the first character of each branch).
_HINT_START = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff&\u00c2-\u00f4]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CURLY = re.compile(r"[\u02bc\u2018-\u201f]")
# The mapping of ftfy.fixes.uncurl_quotes ([\u02bc\u2018-\u201b] -> ', [\u201c-\u201f] -> "); a chain of
# str.replace is ~15x faster than ftfy's two regex substitutions and than str.translate with a dict.
_UNCURL: tuple[tuple[str, str], ...] = (tuple((c, "'") for c in "\u02bc\u2018\u2019\u201a\u201b")
                                        + tuple((c, '"') for c in "\u201c\u201d\u201e\u201f"))
_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)


def needs_repair(text: str) -> bool:
    """True when *text* shows a sign of mojibake, an HTML entity or a control character.

    Example:
        >>> needs_repair("plain text"), needs_repair("caf\\u00c3\\u00a9")
        (False, True)
    """
    # A match of _MOJIBAKE_HINT begins at a character of _HINT_START: trying it at each of those
    # finds what its search would, without trying it at every character in between. Where they
    # come thick (more than one in eight characters), one search over the rest costs less.
    match = _MOJIBAKE_HINT.match
    for tried, start in enumerate(_HINT_START.finditer(text)):
        at = start.start()
        if tried >= _TRY_EACH and tried * 8 > at:
            return _MOJIBAKE_HINT.search(text, at) is not None
        if match(text, at) is not None:
            return True
    return False


_TRY_EACH = 32  # candidates tried one by one before their density may switch to one search


# str.splitlines boundaries, less U+0085 (NEL).
_BREAKS_BUT_NEL = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\u2028\u2029]")


def lines_to_repair(text: str) -> list[str]:
    """Split *text* into the lines that :func:`repair_line` repairs one by one.

    These are ``text.splitlines()``, except that U+0085 (NEL) does not break a line
    here: UTF-8 text misread as Latin-1 turns every character whose second byte is
    0x85 ("ą" is C4 85, "Å" C3 85, "Ņ" C5 85) into two characters, the
    second of them U+0085, and splitting there would cut the character in two before
    it can be repaired. (A U+0085 still left after the repair breaks the line as
    usual when the repaired text is split.)

    Example:
        >>> garbled = "będą\\nok".encode("utf-8").decode("latin-1")
        >>> len(garbled.splitlines()), [repair_line(x) for x in lines_to_repair(garbled)]
        (3, ['będą', 'ok'])
    """
    if "\x85" not in text:
        return text.splitlines()
    pieces = _BREAKS_BUT_NEL.split(text)
    if pieces[-1] == "":
        pieces.pop()  # a final line break ends the last line; it does not start a new one
    return pieces


def repair_line(text: str) -> str:
    """Repair mojibake, HTML entities and control characters in *text* with ftfy.

    Lone surrogates, which no encoder can write, are removed.

    ftfy reads curly quotes elsewhere on a line as evidence of how the line was
    encoded, so the same line can be repaired one way with curly quotes and
    another way once they are straightened (``"\u201ca\u201d \ufffd\ufffd\u00e9\ufffd\ufffd"``
    keeps its ``\u00e9``; ``'"a" \ufffd\ufffd\u00e9\ufffd\ufffd'`` loses it). Cleaned
    text has straight quotes, so when the two answers differ the straight-quote
    answer is taken (that line then has straight quotes): cleaning is idempotent.

    Example:
        >>> curly, straight = "\u201ca\u201d \ufffd\ufffd\u00e9\ufffd\ufffd", '"a" \ufffd\ufffd\u00e9\ufffd\ufffd'
        >>> repair_line(curly) == repair_line(straight) == '"a" \ufffd\ufffd\ufffd'
        True
    """
    if not needs_repair(text):
        return text
    return repair_suspect_line(text)


def repair_suspect_line(text: str) -> str:
    """:func:`repair_line` for a *text* already known to need repair (:func:`needs_repair`),
    without checking again.

    Example:
        >>> repair_suspect_line("caf\\u00c3\\u00a9") == "caf\\u00e9"
        True
    """
    fixed = ftfy.fix_text(text, _CONFIG)
    if _CURLY.search(fixed):
        straight = uncurl_quotes(fixed)
        again = ftfy.fix_text(straight, _CONFIG)
        if again != straight:  # ftfy's answer depends on the quote style (see repair_line)
            fixed = again
    if _LONE_SURROGATE.search(fixed):
        fixed = _LONE_SURROGATE.sub("", fixed)
    return fixed


def has_curly_quotes(text: str) -> bool:
    """True when *text* holds a curly quote or apostrophe (all of them are outside ASCII)."""
    return not text.isascii() and _CURLY.search(text) is not None


def uncurl_quotes(text: str) -> str:
    """Replace curly quotes and apostrophes with ASCII ones (the mapping of ``ftfy.fixes.uncurl_quotes``)."""
    for curly, straight in _UNCURL:
        if curly in text:
            text = text.replace(curly, straight)
    return text


def decode(data: bytes, *, errors: str = "replace") -> str:
    """Decode scraped *data* as UTF-8 (a BOM is dropped), repairing what it can.

    Invalid byte sequences become U+FFFD with ``errors="replace"`` (the
    default); ``errors="strict"`` raises :class:`UnicodeDecodeError` instead.
    Text that is not bytes is refused with :class:`TypeError`.

    Example:
        >>> decode(b"caf\\xc3\\xa9 \\xff") == "caf\\u00e9 \\ufffd"
        True
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode() expects bytes, got {type(data).__name__}")
    return bytes(data).decode("utf-8-sig", errors=errors)
