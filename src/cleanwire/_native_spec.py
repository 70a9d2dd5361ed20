"""What the native engine is built from: the Python engine's own patterns, phrases and Unicode tables.

The native engine (``cleanwire._native``) must give the Python engine's answers exactly, so it
takes nothing from a Unicode table of its own:

- every regular expression it runs is the Python engine's pattern *source*, translated from the
  syntax of Python's ``regex`` module to the syntax of Rust's ``regex`` crate by :func:`translate`;
  every class escape (``\\w``, ``\\d``, ``\\s``, ``\\p{Lu}`` …) becomes the explicit list of code
  points that the installed ``regex`` module gives it, and ``\\b`` the look-arounds on that ``\\w``;
- ``str.casefold``, ``str.isspace`` and ``str.isdigit`` are read off the running interpreter
  (:func:`unicode_tables`).

A pattern that uses syntax the translator does not model raises :class:`UntranslatableError`; the
caller then runs the Python engine.

Example:
    >>> translate(r"a{2}[.-]")
    'a{2}[\\\\x{2E}\\\\x{2D}]'
    >>> translate(r"x*+")
    Traceback (most recent call last):
    ...
    cleanwire._native_spec.UntranslatableError: possessive quantifier at 2 in 'x*+'
"""

from __future__ import annotations

import array
import re
import sys
import threading
from functools import cache
from itertools import compress
from typing import Any

import regex

from . import lang as _lang
from . import lexicon as _lexicon
from .cleaners import base as _base
from .cleaners import bylines as _bylines
from .cleaners import captions as _captions
from .cleaners import markup as _markup
from .cleaners import related as _related
from .cleaners import social as _social

__all__ = [
    "LAYOUT_CLASSES",
    "UntranslatableError",
    "internal_patterns",
    "layout_class_runs",
    "lexicon_spec",
    "translate",
    "unicode_tables",
]


class UntranslatableError(ValueError):
    """A pattern uses syntax that :func:`translate` does not model."""


_lock = threading.Lock()
_ALL: list[str] = []


def _all_chars() -> str:
    """Every code point but the surrogates, in order (built once)."""
    if not _ALL:
        with _lock:
            if not _ALL:
                points = array.array("I", range(0xD800))
                points.extend(range(0xE000, 0x110000))
                _ALL.append(points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be"))
    return _ALL[0]


def _code_point(index: int) -> int:
    return index if index < 0xD800 else index + 0x800


@cache
def class_ranges(escape: str) -> tuple[tuple[int, int], ...]:
    """The code point ranges that the ``regex`` module's class *escape* (``\\w``, ``\\p{Lu}``) matches."""
    out: list[tuple[int, int]] = []
    for m in regex.finditer(f"(?:{escape})+", _all_chars()):
        lo, hi = _code_point(m.start()), _code_point(m.end() - 1)
        if lo < 0xD800 <= hi:  # a run across the surrogate gap
            out.append((lo, 0xD7FF))
            lo = 0xE000
        out.append((lo, hi))
    return tuple(out)


#: The character classes of the layout crate's table, one bit each in this order (its
#: ``native/layout/src/chars.rs``): ``str`` methods, then the ``regex`` module's classes.
LAYOUT_CLASSES: tuple[tuple[str, str], ...] = (
    ("ALNUM", "str.isalnum"),
    ("UPPER", "str.isupper"),
    ("LOWER", "str.islower"),
    ("DIGIT", "str.isdigit"),
    ("WORD", r"\w"),
    ("LU", r"\p{Lu}"),
    ("LETTER", r"\p{L}"),
    ("DECIMAL", r"\d"),
    ("SPACE", r"\s"),
)


def _point_runs(points: list[int]) -> list[tuple[int, int]]:
    """Ascending code points as runs of consecutive ones."""
    out: list[tuple[int, int]] = []
    for cp in points:
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def _method_runs(method: str, text: str) -> list[tuple[int, int]]:
    """The code point runs whose characters answer ``True`` to the ``str`` method *method*."""
    if method == "str.isalnum":  # the stdlib's \w is str.isalnum() plus "_"
        runs: list[tuple[int, int]] = []
        for m in re.finditer(r"[^\W_]+", text):
            lo, hi = _code_point(m.start()), _code_point(m.end() - 1)
            runs.extend(((lo, 0xD7FF), (0xE000, hi)) if lo < 0xD800 <= hi else ((lo, hi),))
        return runs
    test = {"str.isupper": str.isupper, "str.islower": str.islower, "str.isdigit": str.isdigit}[method]
    return _point_runs([_code_point(i) for i in compress(range(len(text)), map(test, text))])


@cache
def layout_class_runs() -> tuple[tuple[int, int, int], ...]:
    """``(first, last, bits)``: maximal runs of code points with the same non-empty set of
    :data:`LAYOUT_CLASSES` (bit *i* for the *i*-th), as this interpreter and this ``regex``
    module have them. The native engine gives them to the layout crate when it starts, so its
    features read the classes of the Python that runs it (about 0.1 s, once per process).

    >>> layout_class_runs()[:2]
    ((9, 13, 256), (32, 32, 256))
    """
    text = _all_chars()
    per_class = [_method_runs(test, text) if test.startswith("str.") else list(class_ranges(test))
                 for _, test in LAYOUT_CLASSES]
    bounds = sorted({lo for runs in per_class for lo, _ in runs} | {hi + 1 for runs in per_class for _, hi in runs})
    at = [0] * len(per_class)
    out: list[tuple[int, int, int]] = []
    for first, end in zip(bounds, bounds[1:]):
        bits = 0
        for bit, runs in enumerate(per_class):
            while at[bit] < len(runs) and runs[at[bit]][1] < first:
                at[bit] += 1
            if at[bit] < len(runs) and runs[at[bit]][0] <= first:
                bits |= 1 << bit
        if not bits:
            continue
        if out and out[-1][1] == first - 1 and out[-1][2] == bits:
            out[-1] = (out[-1][0], end - 1, bits)
        else:
            out.append((first, end - 1, bits))
    return tuple(out)


def _class_body(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}" for lo, hi in ranges)


@cache
def _class(escape: str, negate: bool = False) -> str:
    ranges = class_ranges(escape)
    if not ranges:
        return r"[\x{0}-\x{10FFFF}]" if negate else r"[^\x{0}-\x{10FFFF}]"
    return f"[{'^' if negate else ''}{_class_body(ranges)}]"


_NONE = r"[^\x{0}-\x{10FFFF}]"
_DOT_ASCII = r"[\x{0}-\x{9}\x{B}-\x{7F}]"


@cache
def _ascii_class(source: str) -> str:
    """The ASCII members of the ``regex`` module's class *source* (``\\w``, ``\\P{L}``, ``[^\\W\\d_]``),
    as a class of ASCII code points only: on an ASCII haystack it matches where *source* does.

    Example:
        >>> _ascii_class(r"[^\\W\\d_]")
        '[\\\\x{41}-\\\\x{5A}\\\\x{61}-\\\\x{7A}]'
    """
    compiled = regex.compile(source)
    ranges: list[tuple[int, int]] = []
    for c in range(128):
        if compiled.fullmatch(chr(c)):
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1] = (ranges[-1][0], c)
            else:
                ranges.append((c, c))
    return f"[{_class_body(tuple(ranges))}]" if ranges else _NONE


_SIMPLE = {"w": (r"\w", False), "W": (r"\w", True), "d": (r"\d", False), "D": (r"\d", True),
           "s": (r"\s", False), "S": (r"\s", True)}
_LITERAL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_QUANT = regex.compile(r"\{(\d*)(,?)(\d*)\}")


def _lit(char: str) -> str:
    return f"\\x{{{ord(char):X}}}"


class _Translator:
    """With *relax*, every look-around (and ``\\b``) becomes an empty group: the result matches
    wherever the pattern does and more, and runs on the linear-time engine (a pre-check).

    With *ascii*, every class (escapes, sets, ``.``) keeps only its ASCII members: on a haystack
    of ASCII characters only, the result matches exactly where the pattern does (every character
    a match consumes or a look-around tests is then ASCII; no case-insensitive matching is
    translated, so no class gains members by case folding), with far smaller automata."""

    def __init__(self, pattern: str, relax: bool = False, ascii: bool = False) -> None:
        self.p = pattern
        self.i = 0
        self.out: list[str] = []
        self.fancy = False
        self.relax = relax
        self.ascii = ascii
        self.groups: list[tuple[bool, int]] = []  # per open group: look-around?, where it starts in out

    def fail(self, what: str) -> UntranslatableError:
        return UntranslatableError(f"{what} at {self.i} in {self.p!r}")

    def run(self) -> str:
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            if c == "\\":
                self.out.append(self.escape(in_class=False))
            elif c == "[":
                self.out.append(self.char_class())
            elif c == "(":
                self.group()
            elif c in "*+?":
                self.i += 1
                self.out.append(c)
                self.quantifier_suffix()
            elif c == "{":
                m = _QUANT.match(p, self.i)
                if m is None or (not m.group(1) and not m.group(3)) or (not m.group(1) and not m.group(2)):
                    self.out.append(_lit("{"))  # not a counted repeat: a literal brace, as in Python
                    self.i += 1
                    continue
                low, comma, high = m.group(1) or "0", m.group(2), m.group(3)
                self.out.append("{" + low + comma + high + "}")
                self.i = m.end()
                self.quantifier_suffix()
            elif c in "}]":
                self.out.append(_lit(c))
                self.i += 1
            elif c == ")":
                self.i += 1
                around, start = self.groups.pop() if self.groups else (False, 0)
                if around and self.relax:
                    del self.out[start:]
                    self.out.append("(?:)")
                else:
                    self.out.append(c)
            elif c == "." and self.ascii:
                self.out.append(_DOT_ASCII)
                self.i += 1
            elif c in "^$|.":
                self.out.append(c)
                self.i += 1
            elif c in " #":
                self.out.append(_lit(c))
                self.i += 1
            else:
                self.out.append(c if c.isalnum() else _lit(c))
                self.i += 1
        return "".join(self.out)

    def quantifier_suffix(self) -> None:
        if self.i < len(self.p) and self.p[self.i] == "?":
            self.out.append("?")
            self.i += 1
        elif self.i < len(self.p) and self.p[self.i] == "+":
            raise self.fail("possessive quantifier")

    def group(self) -> None:
        p = self.p
        head = p[self.i:self.i + 4]
        if not head.startswith("(?"):
            self.groups.append((False, len(self.out)))
            self.out.append("(")
            self.i += 1
            return
        for prefix in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
            if head.startswith(prefix):
                self.groups.append((prefix != "(?:", len(self.out)))
                self.out.append(prefix)
                self.i += len(prefix)
                self.fancy = self.fancy or prefix != "(?:"
                return
        if head.startswith("(?P<"):
            end = p.find(">", self.i)
            name = p[self.i + 4:end]
            if end < 0 or not name.isidentifier():
                raise self.fail("group name")
            self.groups.append((False, len(self.out)))
            self.out.append(f"(?P<{name}>")
            self.i = end + 1
            return
        raise self.fail("group syntax")

    def escape(self, in_class: bool) -> str:
        p = self.p
        if self.i + 1 >= len(p):
            raise self.fail("trailing backslash")
        c = p[self.i + 1]
        start = self.i
        self.i += 2
        if c in _SIMPLE and self.ascii:
            return _ascii_class(p[start:self.i])
        if c in _SIMPLE:
            escape, negate = _SIMPLE[c]
            return _class(escape, negate)
        if c in "pP":
            if self.i < len(p) and p[self.i] == "{":
                end = p.find("}", self.i)
                if end < 0:
                    raise self.fail("unclosed property")
                name = p[self.i + 1:end]
                self.i = end + 1
            elif self.i < len(p):
                name = p[self.i]
                self.i += 1
            else:
                raise self.fail("property")
            negate = (c == "P") != name.startswith("^")
            try:
                if self.ascii:
                    return _ascii_class(p[start:self.i])
                return _class(r"\p{" + name.lstrip("^") + "}", negate)
            except regex.error as e:
                raise self.fail(f"property {name!r}: {e}") from None
        if c in "bB" and not in_class:
            self.fancy = True
            if self.relax:
                return "(?:)"
            w = _ascii_class(r"\w") if self.ascii else _class(r"\w")
            if c == "b":
                return f"(?:(?<={w})(?!{w})|(?<!{w})(?={w}))"
            return f"(?:(?<={w})(?={w})|(?<!{w})(?!{w}))"
        if c == "b":  # in a class: backspace
            return _lit("\b")
        if c == "A" and not in_class:
            return r"\A"
        if c == "Z" and not in_class:
            return r"\z"
        if c in _LITERAL_ESCAPES:
            return _lit(_LITERAL_ESCAPES[c])
        if c in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[c]
            digits = p[self.i:self.i + width]
            if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise self.fail("hex escape")
            self.i += width
            code = int(digits, 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise self.fail("surrogate or out-of-range escape")
            return _lit(chr(code))
        if c.isalnum() or c == "_":
            raise self.fail(f"escape \\{c}")
        return _lit(c)

    def char_class(self) -> str:
        p = self.p
        start = self.i
        self.i += 1
        parts: list[str] = []
        negate = False
        if self.i < len(p) and p[self.i] == "^":
            negate = True
            self.i += 1
        first = True
        items: list[tuple[str, str | None]] = []  # ("c", char), ("e", escaped char), ("x", nested class)
        while True:
            if self.i >= len(p):
                raise self.fail("unclosed class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[" and p[self.i + 1:self.i + 2] == ":":
                raise self.fail("POSIX class")
            if c == "\\":
                esc = self.escape(in_class=True)
                if esc.startswith("["):
                    items.append(("x", esc))
                else:
                    items.append(("e", chr(int(esc[3:-1], 16))))  # escaped: never a range's dash
                continue
            items.append(("c", c))
            self.i += 1
        k = 0
        while k < len(items):
            kind, value = items[k]
            assert value is not None
            if (kind != "x" and k + 2 < len(items) and items[k + 1] == ("c", "-") and items[k + 2][0] != "x"):
                hi = items[k + 2][1]
                assert hi is not None
                if ord(hi) < ord(value):
                    raise self.fail("bad range")
                parts.append(f"{_lit(value)}-{_lit(hi)}")
                k += 3
                continue
            parts.append(value if kind == "x" else _lit(value))
            k += 1
        if not parts:
            raise self.fail("empty class")
        if self.ascii:
            return _ascii_class(p[start:self.i])
        return f"[{'^' if negate else ''}{''.join(parts)}]"


def translate(pattern: str, ascii: bool = False) -> str:
    """*pattern* (syntax of Python's ``regex`` module) in the syntax of Rust's ``regex``/``fancy-regex``;
    with *ascii*, its ASCII variant (see :class:`_Translator`).

    Example:
        >>> translate(r"\\d.", ascii=True)
        '[\\\\x{30}-\\\\x{39}][\\\\x{0}-\\\\x{9}\\\\x{B}-\\\\x{7F}]'
    """
    return _Translator(pattern, ascii=ascii).run()


def translate_fancy(pattern: str, ascii: bool = False) -> tuple[str, bool]:
    """:func:`translate`, and whether the result needs look-around (``fancy-regex``)."""
    t = _Translator(pattern, ascii=ascii)
    out = t.run()
    return out, t.fancy


def relaxed(pattern: str, ascii: bool = False) -> str:
    r"""*pattern* translated without its look-arounds: a linear-time pre-check that matches
    every string the pattern matches (see :class:`_Translator`).

    Example:
        >>> relaxed(r"a(?=b)c\b")
        'a(?:)c(?:)'
    """
    return _Translator(pattern, relax=True, ascii=ascii).run()


def _trail(ascii: bool = False) -> str:
    # _TRAIL's possessive runs give up nothing that a greedy run could use: what follows a run is
    # "(" (not in the run's class) or the end, so the greedy form matches exactly the same keys.
    return translate(_lexicon._TRAIL.replace("*+", "*"), ascii)


def _full_line_family(patterns: list[str], ascii: bool) -> dict[str, Any]:
    lead, trail = translate(_lexicon._LEAD, ascii), _trail(ascii)
    plain: list[str] = []
    fancy: list[tuple[str, str]] = []
    for p in patterns:
        out, needs = translate_fancy(p, ascii)
        if needs:
            fancy.append((f"(?:{out})", f"(?:{relaxed(p, ascii)})"))
        else:
            plain.append(f"(?:{out})")

    def wrap(body: str) -> str:
        return f"^{lead}(?:{body}){trail}$"

    return {"plain": wrap("|".join(plain)) if plain else None,
            "fancy": [(wrap(strict), wrap(loose)) for strict, loose in fancy]}


def _search_family(patterns: list[str], ascii: bool) -> dict[str, Any]:
    plain: list[str] = []
    fancy: list[tuple[str, str]] = []
    for p in patterns:
        out, needs = translate_fancy(p, ascii)
        if needs:
            fancy.append((out, relaxed(p, ascii)))
        else:
            plain.append(f"(?:{out})")
    return {"plain": "|".join(plain) if plain else None, "fancy": fancy}


def _with_ascii(full: dict[str, Any], ascii: dict[str, Any]) -> dict[str, Any]:
    """*full*, with *ascii*'s patterns beside it as ``plain_ascii`` and ``fancy_ascii`` (the
    native engine matches an ASCII key with those)."""
    return {**full, "plain_ascii": ascii["plain"], "fancy_ascii": ascii["fancy"]}


def full_line_family(patterns: list[str]) -> dict[str, Any]:
    """A family matched whole (``compile_full_line``): the plain phrases as one pattern, each
    phrase that needs look-around on its own (a line matches when any of them does); and the
    same patterns' ASCII variants (``plain_ascii``, ``fancy_ascii``)."""
    return _with_ascii(_full_line_family(patterns, False), _full_line_family(patterns, True))


def search_family(patterns: list[str]) -> dict[str, Any]:
    """A family searched anywhere in a key (``compile_search``), split as :func:`full_line_family`."""
    return _with_ascii(_search_family(patterns, False), _search_family(patterns, True))


@cache
def lexicon_spec(code: str) -> dict[str, Any]:
    """Everything the native engine needs of ``lexicon_for(code)``, patterns translated."""
    lex = _lexicon.lexicon_for(code)
    data = _lexicon._merged(code)
    prefilters = {name: translate(pre.pattern) for name, pre in lex.prefilters.items()}
    prefilters_ascii = {name: translate(pre.pattern, True) for name, pre in lex.prefilters.items()}
    return {
        "key": lex.language,  # the phrase data used: "en" for every language without its own
        "stopwords": sorted(lex.stopwords),
        "widget_words": sorted(lex.widget_words),
        "section_words": sorted(lex.section_words),
        "date_words": sorted(lex.date_words),
        "comment_header_ends": list(lex.comment_header_ends),
        "consent_banner": search_family(data["consent_banner"]),
        "caption_marker": search_family(data["caption_markers"]),
        "attribution_line": full_line_family(data["attribution_lines"]),
        "comment_line": full_line_family(data["comment_lines"]),
        "share_line": full_line_family(data["share_lines"]),
        "related_header": full_line_family(data["related_headers"]),
        "navigation_line": full_line_family(data["navigation_lines"]),
        "call_to_action": full_line_family(data.get("call_to_action", [])),
        "attribution_label": translate(lex.attribution_label.pattern),
        "byline": translate(lex.byline.pattern),
        "metadata_label": translate(lex.metadata_label.pattern),
        "comment_header": translate(lex.comment_header.pattern),
        "prefilter_consent_banner": prefilters.get("consent_banner"),
        "prefilter_caption_marker": prefilters.get("caption_marker"),
        # each pattern's ASCII variant, for ASCII keys (see _Translator)
        "attribution_label_ascii": translate(lex.attribution_label.pattern, True),
        "byline_ascii": translate(lex.byline.pattern, True),
        "metadata_label_ascii": translate(lex.metadata_label.pattern, True),
        "comment_header_ascii": translate(lex.comment_header.pattern, True),
        "prefilter_consent_banner_ascii": prefilters_ascii.get("consent_banner"),
        "prefilter_caption_marker_ascii": prefilters_ascii.get("caption_marker"),
    }


def _m(pattern: regex.Pattern[str]) -> list[str]:
    """A pattern used with ``.match``: anchored at the start (the pattern and its relaxed pre-check,
    then the ASCII variants of both)."""
    return [r"\A(?:" + f(pattern.pattern, a) + ")" for a in (False, True) for f in (translate, relaxed)]


def _s(pattern: regex.Pattern[str]) -> list[str]:
    return [f(pattern.pattern, a) for a in (False, True) for f in (translate, relaxed)]


@cache
def internal_patterns() -> dict[str, list[str]]:
    """The cleaners' own patterns by name, as each is used (``m_``: matched at the start; ``s_``: searched):
    ``[pattern, relaxed pre-check, ASCII pattern, ASCII pre-check]``."""
    return {
        "s_has_word": _s(_markup._HAS_WORD),
        "m_lone_tag": _m(_markup._LONE_TAG),
        "m_bare_tag": _m(_markup._BARE_TAG),
        "s_attribute": _s(_markup._ATTRIBUTE),
        "m_code_punct": _m(_markup._CODE_PUNCTUATION),
        "s_code_mark": _s(_markup._CODE_MARK),
        "s_headline_end": _s(_base._HEADLINE_END),
        "m_starts_upper": _m(_base._STARTS_UPPER),
        "s_social_token": _s(_social._TOKEN),
        "s_byline_token": _s(_bylines._TOKEN),
        "s_has_digit": _s(_bylines._HAS_DIGIT),
        "s_date_shape": _s(_bylines._DATE_SHAPE),
        "m_name_word": _m(_bylines._NAME_WORD),
        "s_bracket_tag": _s(_related._BRACKET_TAG),
        "s_paren_tag": _s(_related._PAREN_TAG),
        "s_ellipsis_end": _s(_related._ELLIPSIS_END),
        "s_sentence_break": _s(_related._SENTENCE_BREAK),
        "s_icon_tail": _s(_captions._ICON_TAIL),
        "s_ends_proper": _s(_captions._ENDS_PROPER),
        "m_video_title": _m(_captions._VIDEO_TITLE),
        "m_caption_opening": _m(_captions._CAPTION_OPENING),
    }


@cache
def unicode_tables() -> dict[str, Any]:
    """``str.casefold`` (changed code points only), ``str.isspace``, ``str.isdigit``, the
    ``regex`` module's ``\\w``, the scripts of :func:`cleanwire.lang.is_dense_script_prose` and
    the layout crate's character classes (:func:`layout_class_runs`), as this interpreter and this
    ``regex`` module have them."""
    text = _all_chars()
    folds: list[tuple[int, str]] = []
    for start in range(0, len(text), 512):
        block = text[start:start + 512]
        if block.casefold() != block:
            folds.extend((ord(ch), f) for ch in block if (f := ch.casefold()) != ch)
    return {
        "casefold": folds,
        # the stdlib's \s is str.isspace; str.isdigit is asked only of the regex module's \d runs
        "space": [_code_point(i) for m in re.finditer(r"\s", text) for i in range(m.start(), m.end())],
        "digit": [c for lo, hi in class_ranges(r"\d") for c in range(lo, hi + 1) if chr(c).isdigit()],
        "word": list(class_ranges(r"\w")),
        "layout_classes": list(layout_class_runs()),
        "icon_words": sorted(_captions.ICON_WORDS),
        "dense_script": list(class_ranges(_lang.DENSE_SCRIPT_CLASS)),
        "dense_script_chars": _lang.DENSE_SCRIPT_CHARS,
    }
