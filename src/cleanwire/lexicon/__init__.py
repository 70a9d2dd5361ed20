"""Phrase data per language, loaded once from package resources.

Each language has a JSON file (``en.json``, ``de.json``, ``fr.json``, ``es.json``,
``it.json``, ``pt.json``, ``nl.json``, ``pl.json``) whose keys are cruft families; the values are regular-expression
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
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex

__all__ = [
    "LANGUAGES",
    "STOPWORDS",
    "FullLineFamily",
    "Lexicon",
    "compile_full_line",
    "first_chars",
    "lead_char",
    "lexicon_for",
    "literal_prefilter",
    "literal_prefixes",
    "load_language",
    "quick_prefilter",
    "required_literals",
]

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pt", "nl", "pl")
"""Languages that ship phrase lists. Other languages fall back to English."""

# What may trail a full-line phrase: punctuation, arrows, counters such as "(12)".
_TRAIL_CHARS = r"[\s:.!?…>»›|*\-–—/←→⇐⇒▼▲▾▴▸▶]"
# Possessive quantifiers: a key ending in a long run of punctuation cannot make the
# engine retry every split of the run between the two halves.
_TRAIL = rf"{_TRAIL_CHARS}*+(?:\(\d+\){_TRAIL_CHARS}*+)?"
# What may lead one: bullets, arrows, pictographs and similar list furniture.
_LEAD = r"[\s>»›|*•·\-–—#←→⇐⇒\p{Extended_Pictographic}\uFE0F\u200D]*"


# -- required literals ------------------------------------------------------------------
# A searched family's alternation is the costliest regular expression of the rule cleaners,
# and almost no line carries any of its phrases. Every phrase, though, contains a literal
# string (or one of a few) in every match: "cookie", "(pictured", "newsletter". A line key
# that contains none of them cannot match, so a cheap stdlib search for the literals lets
# most lines skip the alternation. The literals are read off the phrase lists when they are
# compiled; a phrase whose syntax is not modelled here gets none, and then its family has
# no pre-check (the alternation runs on every line, as before). Literals are compared
# with the key as the regular expression compares its own literal characters: exactly
# (keys are already case-folded, and the phrases carry no case-insensitive flag; a flag
# such as "(?i)" is not modelled, so it switches the pre-check off).

_CAP = 16  # most strings kept per finite set; larger sets are forgotten (still sound)
_GOOD_LENGTH = 10  # literals this long are rare enough; beyond it, fewer strings win
_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
_CLASS_ESCAPES = frozenset("wWdDsS")
_PLAIN_CLASS_CHARS = frozenset("^-\\[]")


class _UnsupportedError(Exception):
    """Syntax the extractor does not model: the phrase gets no literals."""


# Per node: (exact, required). ``exact`` is the finite set of strings the node can match
# (None when unknown or larger than _CAP); ``required`` a set of strings one of which is in
# every match (None when unknown). Zero-width nodes match exactly {""}.
_Info = tuple[frozenset[str] | None, frozenset[str] | None]
_EMPTY: frozenset[str] = frozenset({""})
# Per node, with the ``_Info``: its prefixes (see :func:`literal_prefixes`).
_Info3 = tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None]
_PREFIX_CAP = 64  # most prefixes kept per node; more are forgotten (still sound)


def _product(a: frozenset[str], b: frozenset[str], cap: int = _CAP) -> frozenset[str] | None:
    if len(a) * len(b) > cap:
        return None
    return frozenset(x + y for x in a for y in b)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective candidate: the longest shortest string, then the fewest strings."""
    useful = [c for c in candidates if c and "" not in c]
    if not useful:
        return None
    return max(useful, key=lambda c: (min(_GOOD_LENGTH, *map(len, c)), -len(c), min(map(len, c))))


class _Reader:
    """The syntax both phrase readers share (:class:`_Parser`, :class:`_FirstParser`): the next
    character, quantifiers, character classes and group openings, each read past."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def peek(self) -> str:
        return self.p[self.i] if self.i < len(self.p) else ""

    def quantifier(self) -> tuple[int, int | None] | None:
        """The bounds (low, high; None: no limit) of the quantifier here, read past, or None."""
        c = self.peek()
        if c in ("?", "*", "+"):
            self.i += 1
            return {"?": (0, 1), "*": (0, None), "+": (1, None)}[c]
        if c != "{":
            return None
        end = self.p.find("}", self.i)
        body = self.p[self.i + 1:end] if end > 0 else ""
        low_text, comma, high_text = body.partition(",")
        if not (low_text.isdigit() or (comma and not low_text)) or not (high_text.isdigit() or not high_text):
            raise _UnsupportedError("brace that is not a counted repeat")
        if not comma and not low_text:
            raise _UnsupportedError("empty braces")
        self.i = end + 1
        low = int(low_text) if low_text else 0
        high = int(high_text) if high_text else (low if not comma else None)
        return low, high

    def quantifier_mode(self) -> None:
        """Past a lazy or possessive mark (the same strings can match); stacked quantifiers are
        not read."""
        if self.peek() in ("?", "+"):
            self.i += 1
        if self.peek() in ("?", "*", "+", "{"):
            raise _UnsupportedError("stacked quantifiers")

    def class_body(self) -> str:
        """Past a character class whose ``[`` was read: its body (a leading ``^`` included)."""
        start = self.i
        if self.peek() == "^":
            self.i += 1
        if self.peek() == "]":
            self.i += 1
        while self.peek() != "]":
            c = self.peek()
            if not c:
                raise _UnsupportedError("unclosed class")
            if c == "[":
                raise _UnsupportedError("nested class")
            self.i += 2 if c == "\\" else 1
        body = self.p[start:self.i]
        self.i += 1
        return body

    def group_opening(self) -> bool:
        """Past a group's ``?:``, ``?>``, ``?P<name>`` or lookaround mark (its ``(`` was read):
        whether the group is a lookaround, which matches no characters."""
        if self.peek() != "?":
            return False
        head = self.p[self.i:self.i + 3]
        if head.startswith(("?:", "?>")):
            self.i += 2
            return False
        if head.startswith("?P<"):
            end = self.p.find(">", self.i)
            if end < 0:
                raise _UnsupportedError("unclosed group name")
            self.i = end + 1
            return False
        if head[:2] in ("?=", "?!") or head in ("?<=", "?<!"):
            self.i += len(head) if head.startswith("?<") else 2
            return True
        raise _UnsupportedError(f"group ({head}")

    def group_closing(self) -> None:
        """Past the ``)`` that closes a group."""
        if self.peek() != ")":
            raise _UnsupportedError("unclosed group")
        self.i += 1


class _Parser(_Reader):
    """A recursive-descent reader of one phrase that returns ``_Info`` per construct, and with it
    the construct's prefixes (:func:`literal_prefixes`: strings one of which begins every match;
    None when unknown, and one that holds ``""`` tells nothing)."""

    def alternation(self) -> _Info3:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        exact: frozenset[str] | None = frozenset()
        required: frozenset[str] | None = frozenset()
        prefix: frozenset[str] | None = frozenset()
        for b_exact, b_required, b_prefix in branches:
            exact = exact | b_exact if exact is not None and b_exact is not None else None
            if exact is not None and len(exact) > _CAP:
                exact = None
            required = required | b_required if required is not None and b_required is not None else None
            prefix = prefix | b_prefix if prefix is not None and b_prefix is not None else None
            if prefix is not None and len(prefix) > _PREFIX_CAP:
                prefix = None
        return exact, required, prefix

    def sequence(self) -> _Info3:
        candidates: list[frozenset[str]] = []
        run: frozenset[str] | None = _EMPTY  # product of the exact items since the last break
        exact: frozenset[str] | None = _EMPTY  # product of all items
        prefix: frozenset[str] = _EMPTY  # what every match begins with (grown while items are exact)
        growing = True
        while self.peek() not in ("", "|", ")"):
            item_exact, item_required, item_prefix = self.quantified()
            if growing:
                grown = _product(prefix, item_exact, _PREFIX_CAP) if item_exact is not None else None
                if grown is not None:
                    prefix = grown
                else:
                    growing = False
                    if item_exact is None and item_prefix is not None:
                        grown = _product(prefix, item_prefix, _PREFIX_CAP)
                        if grown is not None:
                            prefix = grown
            if run is not None:
                candidates.append(run)
            if item_required is not None:
                candidates.append(item_required)
            if item_exact is None:
                if run is not None:
                    candidates.append(run)
                run, exact = _EMPTY, None
                continue
            exact = _product(exact, item_exact) if exact is not None else None
            joined = _product(run, item_exact) if run is not None else None
            if joined is None:
                if run is not None:
                    candidates.append(run)
                joined = item_exact
            run = joined
        if run is not None:
            candidates.append(run)
        if exact is not None:
            candidates.append(exact)
        return exact, _best(candidates), prefix

    def quantified(self) -> _Info3:
        exact, required, prefix = self.atom()
        bounds = self.quantifier()
        if bounds is None:
            return exact, required, prefix
        low, high = bounds
        self.quantifier_mode()
        if exact is not None and high is not None and high <= 3:
            total: frozenset[str] | None = frozenset()
            power: frozenset[str] | None = _EMPTY
            for count in range(high + 1):
                if count >= low and total is not None:
                    total = total | power if power is not None else None
                if count < high and power is not None:
                    power = _product(power, exact)
            exact = total if total is not None and len(total) <= _CAP else None
        else:
            exact = None
        # a match begins with the first repetition's match, or (none required) with nothing
        return exact, (required if low >= 1 else None), (prefix if low >= 1 else _EMPTY)

    def atom(self) -> _Info3:
        c = self.peek()
        if c in ("?", "*", "+", "{", "}"):
            raise _UnsupportedError("quantifier without an atom")
        self.i += 1
        if c == "\\":
            return self.escape()
        if c == ".":
            return None, None, None
        if c in ("^", "$"):
            return _EMPTY, None, _EMPTY
        if c == "[":
            return self.char_class()
        if c == "(":
            return self.group()
        if c == "]":
            raise _UnsupportedError("stray bracket")
        return frozenset({c}), frozenset({c}), frozenset({c})

    def escape(self) -> _Info3:
        c = self.peek()
        if not c:
            raise _UnsupportedError("trailing backslash")
        self.i += 1
        if c in _ZERO_WIDTH_ESCAPES:
            return _EMPTY, None, _EMPTY
        if c in _CLASS_ESCAPES:
            return None, None, None
        if c in ("p", "P"):
            if self.peek() == "{":
                end = self.p.find("}", self.i)
                if end < 0:
                    raise _UnsupportedError("unclosed property")
                self.i = end + 1
            else:
                self.i += 1
            return None, None, None
        if c.isalnum() or not c.isascii():
            raise _UnsupportedError(f"escape \\{c}")
        return frozenset({c}), frozenset({c}), frozenset({c})

    def char_class(self) -> _Info3:
        body = self.class_body()
        if body and not _PLAIN_CLASS_CHARS.intersection(body) and len(body) <= 4:
            chars = frozenset(body)
            return chars, chars, chars
        return None, None, None

    def group(self) -> _Info3:
        zero_width = self.group_opening()
        info = self.alternation()
        self.group_closing()
        return (_EMPTY, None, _EMPTY) if zero_width else info


@lru_cache(maxsize=8192)
def _read(pattern: str) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The required literals and the prefixes of *pattern*, read once (the languages' lexicons
    share the English phrases): :func:`required_literals` and :func:`literal_prefixes`."""
    parser = _Parser(pattern)
    try:
        _, required, prefix = parser.alternation()
    except _UnsupportedError:
        return None, None
    if parser.i != len(pattern):
        return None, None
    return (required if required and "" not in required else None,
            prefix if prefix and "" not in prefix else None)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of *pattern* contains one, or ``None`` when unknown."""
    return _read(pattern)[0]


def literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Non-empty strings one of which every match of *pattern* begins with, or ``None`` when
    unknown (or when a match may begin with anything, the empty string included).

    Example:
        >>> sorted(literal_prefixes("(?:read|view) (?:the )?original"))
        ['read original', 'read the original', 'view original', 'view the original']
        >>> sorted(literal_prefixes("(?:(?:home|blog)s?(?: /)?){2,5}")), literal_prefixes(r"\\d+ comments")
        (['blog', 'blog /', 'blogs', 'blogs /', 'home', 'home /', 'homes', 'homes /'], None)
    """
    return _read(pattern)[1]


def _literal_trie(literals: Iterable[str]) -> str:
    """A stdlib pattern that finds any of *literals*, as a trie (one branch per first character)."""
    trie: dict[str, dict[str, Any]] = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        if "" in node:  # a literal ends here: finding it is enough
            return ""
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(trie)


def literal_prefilter(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """A stdlib pattern found in every key that one of *patterns* matches, or ``None``.

    ``None`` when a pattern has no required literal (see :func:`required_literals`):
    then nothing can be skipped. A key in which the pre-check finds nothing cannot
    contain a match of any of the patterns, searched or matched whole.

    Example:
        >>> pre = literal_prefilter(["accept (?:all )?cookies", "invalid e-?mail"])
        >>> pre.search("please accept all cookies") is not None, pre.search("the council met") is None
        (True, True)
        >>> literal_prefilter([r"\\w+ says"]) is not None, literal_prefilter([r"\\d+"])
        (True, None)
    """
    literals = _all_required(patterns)
    return re.compile(_literal_trie(_not_implied(literals))) if literals else None


def _all_required(patterns: Iterable[str]) -> set[str] | None:
    """The literals one of which every match of one of *patterns* holds (None when a pattern has
    none, or there are no patterns: then a pre-check can skip nothing)."""
    literals: set[str] = set()
    for pattern in patterns:
        required = required_literals(pattern)
        if required is None:
            return None
        literals |= required
    return literals or None


def _not_implied(literals: set[str]) -> list[str]:
    """*literals* less those that contain another one (a key holding them holds the other)."""
    return [x for x in literals if not any(y != x and y in x for y in literals)]


# Letters from the commonest to the rarest in running text (a space first): a quick pre-check
# looks for a piece of each literal that starts with its rarest letter, so its first-character
# test seldom passes where no literal is.
_COMMON_FIRST = " etaoinsrhldcumfpgwybvkxjqz"
_QUICK_LENGTH = 5


def _rare_piece(literal: str) -> str:
    """The piece of *literal*, :data:`_QUICK_LENGTH` characters long (all of it when shorter),
    that starts with its rarest character (the first such place)."""
    if len(literal) <= _QUICK_LENGTH:
        return literal

    def commonness(i: int) -> int:
        found = _COMMON_FIRST.find(literal[i])
        return found if found >= 0 else len(_COMMON_FIRST)

    start = max(range(len(literal) - _QUICK_LENGTH + 1), key=lambda i: (commonness(i), -i))
    return literal[start:start + _QUICK_LENGTH]


def quick_prefilter(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """A weaker, faster pre-check than :func:`literal_prefilter` (``None`` where that gives none):
    a piece of each required literal. A key that holds a literal holds its piece, so a key in
    which this finds nothing cannot match *patterns* either; one in which it finds a piece
    goes on to :func:`literal_prefilter`.

    Example:
        >>> pre = quick_prefilter(["accept (?:all )?cookies", "invalid e-?mail"])
        >>> pre.search("please accept all cookies") is not None, pre.search("the council met") is None
        (True, True)
    """
    literals = _all_required(patterns)
    return re.compile(_literal_trie(_not_implied({_rare_piece(x) for x in literals}))) if literals else None


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


# -- first characters -------------------------------------------------------------------
# A full-line family is a long alternation matched from the start of the key, and most keys
# start with a letter that begins few of its phrases, or none. Split by the first character
# a phrase can match, the family runs only the phrases that can begin where the key does.

_LEAD_CHAR = regex.compile(_LEAD[:-1])  # one character of what may lead a phrase
_FIRST_CACHE_MAX = 4096  # first characters remembered beyond those of the phrases (a bound)


class _FirstParser(_Reader):
    """Reads one phrase: the characters a non-empty match can begin with (None: any; a
    superset is fine) and whether it can match the empty string (likewise may say yes)."""

    def alternation(self) -> tuple[frozenset[str] | None, bool]:
        first, empty = self.sequence()
        while self.peek() == "|":
            self.i += 1
            more, more_empty = self.sequence()
            first = first | more if first is not None and more is not None else None
            empty = empty or more_empty
        return first, empty

    def sequence(self) -> tuple[frozenset[str] | None, bool]:
        first: frozenset[str] | None = frozenset()
        empty = True  # every item so far can match the empty string
        while self.peek() not in ("", "|", ")"):
            item, item_empty = self.quantified()
            if empty:
                first = first | item if first is not None and item is not None else None
                empty = item_empty
        return first, empty

    def quantified(self) -> tuple[frozenset[str] | None, bool]:
        first, empty = self.atom()
        bounds = self.quantifier()
        if bounds is None:
            return first, empty
        self.quantifier_mode()
        return first, empty or bounds[0] == 0

    def atom(self) -> tuple[frozenset[str] | None, bool]:
        c = self.peek()
        self.i += 1
        if c == "\\":
            e = self.peek()
            self.i += 1
            if e in _ZERO_WIDTH_ESCAPES:
                return frozenset(), True
            if e in _CLASS_ESCAPES:
                return None, False
            if e in ("p", "P") and self.peek() == "{" and "}" in self.p[self.i:]:
                self.i = self.p.index("}", self.i) + 1
                return None, False
            if e and e.isascii() and not e.isalnum():
                return frozenset({e}), False
            raise _UnsupportedError(f"escape \\{e}")  # code points and the like: not read
        if c == ".":
            return None, False
        if c in ("^", "$"):
            return frozenset(), True
        if c == "(":
            return self.group()
        if c == "[":
            self.class_body()  # any of its characters may come first: not read
            return None, False
        if not c or c in "?*+{}]":
            raise _UnsupportedError(f"{c!r} as an atom")
        return frozenset({c}), False

    def group(self) -> tuple[frozenset[str] | None, bool]:
        zero_width = self.group_opening()
        found = self.alternation()
        self.group_closing()
        return (frozenset(), True) if zero_width else found


@lru_cache(maxsize=8192)  # the languages' lexicons share the English phrases
def first_chars(pattern: str) -> tuple[frozenset[str] | None, bool]:
    """The characters a non-empty match of *pattern* can begin with (``None`` when not worked
    out: any), and whether it may match the empty string; both err on the side of more.

    Example:
        >>> first, empty = first_chars("(?:read|view) (?:the )?original")
        >>> sorted(first), empty
        (['r', 'v'], False)
        >>> first_chars(r"\\d+ comments"), first_chars("(?:more )?news")[1]
        ((None, False), False)
    """
    parser = _FirstParser(pattern)
    try:
        first, empty = parser.alternation()
    except _UnsupportedError:
        return None, True
    if parser.i != len(pattern):
        return None, True
    return first, empty


_LEAD_FIRST: dict[str, bool] = {}


def lead_char(c: str) -> bool:
    """Whether *c* (one character, or "") is one that may lead a phrase (:data:`_LEAD`): a key that
    begins with any other begins its phrase there. Remembered per character (a bounded number).

    Example:
        >>> lead_char("•"), lead_char(" "), lead_char("b"), lead_char("")
        (True, True, False, False)
    """
    known = _LEAD_FIRST.get(c)
    if known is None:
        known = _LEAD_CHAR.match(c) is not None
        if len(_LEAD_FIRST) < _FIRST_CACHE_MAX:
            _LEAD_FIRST[c] = known
    return known


class FullLineFamily:
    """A full-line phrase family (:func:`compile_full_line` of *patterns*) that tells whether a
    key matches it, running only the phrases that can begin where the key does.

    A key whose first character cannot lead a phrase (:data:`_LEAD`) must begin the phrase
    with it: the phrases that cannot (:func:`first_chars`) cannot match, and the others give
    the same answer as the whole family (it matches when one of its phrases does). Of those,
    a phrase whose matches all begin with one of a few strings (:func:`literal_prefixes`) can
    match only a key that begins with one of them; a phrase without such prefixes (one that
    begins with a class, such as ``\\d+ comments``) only a key that holds one of its required
    literals (:func:`required_literals`), when it has some. A key that begins with none of the
    prefixes runs only the phrases without prefixes, and none of them when it holds none of
    their literals. A key that starts with leading furniture runs the whole family.

    Example:
        >>> family = FullLineFamily(["share(?: this)?", "print", r"\\d+ shares"])
        >>> family.matches("share this:"), family.matches("• print"), family.matches("the print")
        (True, True, False)
        >>> family.matches("12 shares"), family.matches("12 likes"), family.matches("sharks")
        (True, False, False)
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        patterns = list(patterns)
        self.pattern = compile_full_line(patterns)
        """The whole family, as :func:`compile_full_line` compiles it."""
        self._patterns = patterns
        self._readings = [(*first_chars(p), literal_prefixes(p), required_literals(p)) for p in patterns]
        # the phrases that may begin inside leading furniture: with one of its characters, any, or none
        self._leaders = frozenset(i for i, (first, empty, _, _) in enumerate(self._readings)
                                  if first is None or empty or any(_LEAD_CHAR.match(c) for c in first))
        self._compiled: dict[tuple[int, ...], regex.Pattern[str]] = {}
        # per first character, its entry (worked out and compiled when a key first begins with it)
        self._by_char: dict[str, _Entry] = {}
        self._after_lead: dict[str, _Entry] = {}
        self._known = len({c for first, _, _, _ in self._readings if first is not None for c in first})

    def _compile(self, chosen: list[int]) -> regex.Pattern[str] | None:
        """The family of the phrases numbered *chosen* (None: no phrase), compiled once."""
        if not chosen:
            return None
        if len(chosen) == len(self._patterns):
            return self.pattern
        key = tuple(chosen)
        pattern = self._compiled.get(key)
        if pattern is None:
            pattern = self._compiled[key] = compile_full_line([self._patterns[i] for i in chosen])
        return pattern

    def _entry(self, c: str, after_lead: bool) -> _Entry:
        """How a key is matched whose phrase must begin with *c* ("": the key's end), or, with
        *after_lead*, whose leading furniture ends at *c*: (prefixes, pattern, literals, rest).
        The key runs *pattern* (the phrases that can begin there) when *prefixes* is None or the
        text from *c* on begins with one of them; otherwise *rest* (those phrases without
        prefixes), when there are such and *literals* is None or finds one of theirs in the key.

        After leading furniture a phrase may begin with *c* or inside the furniture: the phrases
        that can begin with one of its characters (the leaders) go to *rest* (their matches may
        begin anywhere in it), the others must begin with *c*."""
        if (c and _LEAD_CHAR.match(c)) or (not c and not after_lead):
            return None, self.pattern, None, None
        leaders = self._leaders if after_lead else frozenset()
        starts: set[str] = set()
        chosen: list[int] = []
        rest: list[int] = []
        literals: set[str] | None = set()
        for i, (first, empty, prefixes, required) in enumerate(self._readings):
            if i not in leaders:
                if not c or (first is not None and not empty and c not in first):
                    continue
                if prefixes is not None:
                    mine = {x for x in prefixes if x[0] == c}
                    if not mine:
                        continue  # every match of the phrase begins with another character
                    starts |= mine
                    chosen.append(i)
                    continue
            rest.append(i)
            literals = literals | required if literals is not None and required is not None else None
            chosen.append(i)
        if c in starts:  # a phrase may begin with c alone: every key that begins with c may match
            return None, self._compile(chosen), None, None
        # only the shortest prefixes count: a key that begins with a longer one begins with them
        shortest = tuple(sorted(x for x in starts if not any(y != x and x.startswith(y) for y in starts)))
        finder = re.compile(_literal_trie(_not_implied(literals))) if rest and literals else None
        return shortest, self._compile(chosen), finder, self._compile(rest)

    def matches(self, key: str) -> bool:
        """Whether the family matches the whole of *key* (``self.pattern.match(key)``)."""
        c = key[:1]
        entry = self._by_char.get(c)
        if entry is None:
            entry = self._remember(self._by_char, c, False)
        if entry is _LEADING:
            # the furniture's characters most keys lead with, stripped (any other: the whole family)
            body = key.lstrip(_LEAD_PLAIN)
            c = body[:1]
            entry = self._after_lead.get(c)
            if entry is None:
                entry = self._remember(self._after_lead, c, True)
        else:
            body = key
        starts, pattern, literals, rest = entry
        if starts is not None and not body.startswith(starts):
            if rest is None or (literals is not None and literals.search(key) is None):
                return False
            pattern = rest
        # (0, None, False): pos, endpos and concurrent (no GIL release), by position
        return pattern is not None and pattern.match(key, 0, None, False) is not None

    def _remember(self, table: dict[str, _Entry], c: str, after_lead: bool) -> _Entry:
        entry = _LEADING if not after_lead and c and _LEAD_CHAR.match(c) else self._entry(c, after_lead)
        if len(table) < self._known + _FIRST_CACHE_MAX:
            table[c] = entry
        return entry


# A full-line family's way with the keys that begin with one character (FullLineFamily._entry).
_Entry = tuple[tuple[str, ...] | None, regex.Pattern[str] | None, re.Pattern[str] | None,
               regex.Pattern[str] | None]
# The entry of a character of leading furniture: the key is looked up again after the furniture.
_LEADING: Any = (None, None, None, None)
# Characters of leading furniture that keys commonly begin with (each one of _LEAD's, checked below).
_LEAD_PLAIN = " \t\n\r\x0b\x0c\xa0>»›|*•·-–—#←→⇐⇒\ufe0f\u200d©®"
assert all(_LEAD_CHAR.match(c) for c in _LEAD_PLAIN), "_LEAD_PLAIN must hold only _LEAD characters"


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
    comment_header: regex.Pattern[str]
    """A reader comment's header line, "Jane Doe says:" (group ``name``)."""
    comment_header_ends: tuple[str, ...]
    """The endings a comment header's key can have ("says", "says:", "says :"): a cheap pre-check."""
    families: Mapping[str, FullLineFamily] = field(default_factory=dict, compare=False, repr=False)
    """The full-line families by attribute name (``navigation_line``, ``share_line``, ...), split by
    first character (:class:`FullLineFamily`): the same answers as the attributes' ``match``."""
    quick_prefilters: Mapping[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    """A faster, weaker pre-check run before each of ``prefilters`` (:func:`quick_prefilter`)."""
    prefilters: Mapping[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    """Cheap pre-checks of the searched families by attribute name (``consent_banner``,
    ``caption_marker``): a key they find nothing in cannot match the family (see
    :func:`literal_prefilter`). A family without an entry has no pre-check. The
    families matched whole have none: they run by first character instead (``families``)."""
    byline_starts: tuple[str, ...] | None = field(default=None, compare=False, repr=False)
    """The byline prefixes (``byline`` matches only a key that begins with one, or with a character
    of leading furniture: :func:`lead_char`); None: not known, ``byline`` runs on every key."""

    def prefilter(self, name: str) -> Callable[[str], bool] | None:
        """The pre-check of the searched family *name* as one test of a key (``None`` when the
        family has none): ``quick_prefilters`` first, then ``prefilters``, which must both find
        something for the family to be able to match."""
        pre = self.prefilters.get(name)
        if pre is None:
            return None
        full = pre.search
        quick = self.quick_prefilters.get(name)
        if quick is None:
            return lambda key: full(key) is not None
        first = quick.search

        def maybe(key: str) -> bool:
            return first(key) is not None and full(key) is not None

        return maybe

    def full_line(self, name: str, key: str) -> bool:
        """Whether the full-line family *name* (``share_line``, ...) matches the whole of *key*:
        ``getattr(self, name).match(key)``, by its :class:`FullLineFamily` when there is one."""
        family = self.families.get(name)
        if family is not None:
            return family.matches(key)
        pattern: regex.Pattern[str] = getattr(self, name)
        return pattern.match(key, 0, None, False) is not None


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
    searched = {"consent_banner": data["consent_banner"], "caption_marker": data["caption_markers"]}
    prefilters = {name: pre for name, patterns in searched.items() if (pre := literal_prefilter(patterns)) is not None}
    quick = {name: pre for name, patterns in searched.items() if (pre := quick_prefilter(patterns)) is not None}
    labels = "|".join(regex.escape(x) for x in sorted(set(data["attribution_labels"]), key=len, reverse=True))
    prefixes = "|".join(regex.escape(x) for x in sorted(set(data["byline_prefixes"]), key=len, reverse=True))
    meta = [regex.escape(x) for x in sorted(set(data["metadata_labels"]), key=len, reverse=True)]
    verbs = sorted(set(data.get("comment_author_verbs", [])), key=len, reverse=True)
    said = "|".join(map(regex.escape, verbs))
    families = {name: FullLineFamily(data.get(source, [])) for name, source in _FULL_LINE_SOURCES.items()}
    return Lexicon(
        language=code if code in LANGUAGES else "en",
        stopwords=frozenset(data["stopwords"]),
        consent_banner=compile_search(searched["consent_banner"]),
        attribution_label=regex.compile(rf"^{_LEAD}(?:{labels}) ?: ?(?P<rest>.*)$"),
        attribution_line=families["attribution_line"].pattern,
        comment_line=families["comment_line"].pattern,
        share_line=families["share_line"].pattern,
        widget_words=frozenset(data["widget_words"]),
        related_header=families["related_header"].pattern,
        navigation_line=families["navigation_line"].pattern,
        byline=regex.compile(rf"^{_LEAD}(?:{prefixes})\s*:?\s+(?P<rest>\S.*)$"),
        metadata_label=regex.compile(rf"^{_LEAD}(?:{'|'.join(meta)}) ?:$"),
        section_words=frozenset(data["section_words"]),
        caption_marker=compile_search(searched["caption_marker"]),
        date_words=frozenset(data["months"]),
        call_to_action=families["call_to_action"].pattern,
        comment_header=regex.compile(
            rf"^{_LEAD}(?:[+o]\s+)?(?:\d{{1,4}}[.)]\s*)?(?P<name>\w.{{0,59}}?) (?:{said}) ?:?$"
        ),
        comment_header_ends=tuple(end for verb in verbs for end in (verb, verb + ":", verb + " :")),
        families=families,
        quick_prefilters=quick,
        prefilters=prefilters,
        byline_starts=tuple(sorted(set(data["byline_prefixes"]))),
    )


# The full-line families: Lexicon attribute, then the phrase list of the language data.
_FULL_LINE_SOURCES = {
    "attribution_line": "attribution_lines", "comment_line": "comment_lines", "share_line": "share_lines",
    "related_header": "related_headers", "navigation_line": "navigation_lines", "call_to_action": "call_to_action",
}
