"""Features of a line and of its neighbours, for the learned block classifier.

Everything here is computed from the kept lines of a document in one walk
plus a few running sums, and is invariant under cleanwire's own rendering
(quote style, collapsed blank lines), so that cleaning cleaned text finds the
same features again. :data:`FEATURE_NAMES` lists the features in order.

Example:
    >>> from cleanwire.document import Document
    >>> from cleanwire.lexicon import lexicon_for
    >>> doc = Document.from_text("Home\\nThe council met on Monday and approved the new budget for schools.")
    >>> rows = line_features(doc.lines, lexicon_for("en"))
    >>> len(rows) == 2 and len(rows[0]) == len(FEATURE_NAMES)
    True
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import reduce
from itertools import chain
from math import log1p
from operator import add, eq

import regex

from .document import Line, word_tokens
from .lexicon import Lexicon

__all__ = [
    "FEATURE_NAMES", "SHAPE_FEATURE_NAMES", "WORD_FEATURE_NAMES", "LineMemo", "WordScores", "key_words",
    "line_features", "main_block", "ordered_sum",
]

_LIST_MARK = regex.compile(r"^(?:[*•·▪►▸◦‣∙+-]\s|\d{1,3}[.)]\s|\[\d+\]|\(\d+\))")
_SEPARATORS = regex.compile(r"[|·»›•/]")
# A sentence mark, then space and a capital; or a Chinese/Japanese full stop, exclamation or
# question mark (written without a space after it) with more text after it.
_SENTENCE_BREAK = regex.compile(r"[.!?][\"'’”)]?\s+[\"'‘“(]?\p{Lu}|[。！？]\s*(?=\S)")
# _SENTENCE_BREAK on printable ASCII text, where \s is a space, \p{Lu} is [A-Z] and the other
# characters of its classes cannot occur: the same matches, found by the stdlib's faster engine.
_ASCII_SENTENCE_BREAK = re.compile(r"[.!?][\"')]? +[\"'(]?[A-Z]")
_WEBBY = regex.compile(r"@|https?:|www\.|\.com\b|\.org\b|\.net\b")
_LEGAL = regex.compile(r"©|\(c\)|copyright|all rights reserved|™|®", regex.IGNORECASE)
_CAPITALISED = regex.compile(r"\b\p{Lu}")
# Runs, not single characters: summing run lengths counts the same characters with far
# fewer match objects (a line of 150 letters is ~25 runs).
_UPPER = regex.compile(r"\p{Lu}+")
_LETTER = regex.compile(r"\p{L}+")
_DIGIT = regex.compile(r"\d+")
# The opening of a reader's comment: a greeting, thanks, or a first-person reaction.
_GREETING = regex.compile(
    r"^(?:hi|hey|hello|dear|thanks|thank you|thx|great (?:article|post|read|job|tips)|love (?:this|your|it)"
    r"|i (?:love|loved|agree|think|have|had|am|was|just|really|would)|hallo|danke|liebe|bonjour|merci|hola|gracias)\b"
)
_FIRST_PERSON = frozenset({"i", "my", "me", "i'm", "im", "we", "our"})
# "Key: value" rows of specification tables, recipes and fact boxes.
_KEY_VALUE = regex.compile(r"^[^:]{1,40}:\s+\S")
# Time stamps of teaser cards and comments: dates, clock times, "3 hours ago", "4 min read".
_DATE_LIKE = regex.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b"
    r"|\b\d+\s*(?:min|mins|minutes?|hrs?|hours?|days?|weeks?|months?|years?|std|stunden?|tagen?|jours?|heures?"
    r"|horas?|d[ií]as?)\b"
)
# Runs of lines with one shape (a menu, a list) and periodic runs (cards of headline, summary
# and time stamp) are measured up to this many lines; article prose up to this far away.
_RUN_CAP = 40
_ARTICLE_REACH = 20
_PERIODS = (2, 3, 4)

SHAPE_FEATURE_NAMES: tuple[str, ...] = (
    # the line itself
    "bias", "log_words", "log_chars", "end_sentence", "end_colon", "end_ellipsis", "end_open",
    "list_mark", "starts_upper", "capitalised_share", "upper_share", "digit_share", "stopword_share",
    "commas_per_word", "sentences", "separators", "webby", "legal", "mean_word_len", "repeated",
    "short", "widget_share", "gap_before", "greeting", "first_person", "question", "starts_lower", "table_row",
    "short_word_share",
    # its place in the document and its neighbours
    "rel_position", "log_lines", "in_block", "log_block_distance", "prose_before", "prose_after",
    "prev_words", "next_words", "prev_sentence", "next_sentence", "prev_short", "next_short",
    "prose_near3", "prose_near10", "words_near5", "greetings_before", "after_block",
    "indent_off_prose", "indent_delta", "shared_words", "block_words", "shared_degree",
    # repetition and enclosure: runs of same-shaped lines (menus, lists), periodic runs (teaser
    # cards), and how far the nearest article prose is above and below
    "key_value", "date_like", "same_shape_run", "card_run", "article_above", "article_below",
    # the document as a whole
    "doc_prose_share", "doc_sentence_share", "doc_mean_words", "block_share",
)
"""Names of the features of a line's shape, place and neighbours: the first values of a row of
:func:`line_features`, those that read no word table (the gate's inputs come from these)."""

WORD_FEATURE_NAMES: tuple[str, ...] = ("word_cruft", "word_cruft_prev", "word_cruft_next", "word_known")
"""Names of the features that read a :class:`WordScores` table: the line's mean word score, those
of the lines above and below it (0.0 without a table, or for a line with no scored word), and
the share of the line's words that the table scores (so that a line of words the table does not
know, in a language it has few words of, is not read as a line of neutral words)."""

FEATURE_NAMES: tuple[str, ...] = SHAPE_FEATURE_NAMES + WORD_FEATURE_NAMES
"""Names of the values returned per line by :func:`line_features`, in order."""


_REPEATED = FEATURE_NAMES.index("repeated")
_GAP_BEFORE = FEATURE_NAMES.index("gap_before")


def ordered_sum(values: Iterable[float]) -> float:
    """The sum of *values* added strictly left to right, as ``sum()`` did before Python 3.12.

    Python 3.12's ``sum()`` compensates the rounding of floats, so the same model would
    score a line a hair differently on 3.11 and on 3.12; the native engine adds left to
    right. Every float sum of the features and the model goes through here, so both
    engines agree to the bit on every Python version.

    Example:
        >>> ordered_sum([0.1] * 10) == 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1
        True
    """
    if _PLAIN_SUM:
        return sum(values, 0.0)  # before 3.12: one C double, added to left to right (the same floats)
    return reduce(add, values, 0.0)


_PLAIN_SUM = sys.version_info < (3, 12)


class WordScores:
    """A learned table of word scores: how strongly a word marks a line as boilerplate.

    Each word (a :func:`key_words` token of a line's key) maps to an integer; a line's score is
    the mean of its scored words' values over *scale*: positive for the words of menus, sign-ups
    and notices, negative for the words of articles, 0.0 for a line with no word in the table.
    The values are integers so that their sum is exact in any order, and both engines get the
    same float. The shipped table comes with the layout model (``words`` in
    ``models/layout.json``), learned by ``train/train_layout.py`` from words seen on many sites
    (no word of a single site enters it).

    Example:
        >>> scores = WordScores({"subscribe": 300, "river": -150}, scale=100)
        >>> scores.line_score(["subscribe", "to", "the", "river"])
        (0.75, 0.5)
        >>> scores.line_score(["nothing", "here"]), len(scores)
        ((0.0, 0.0), 2)
    """

    __slots__ = ("scale", "scores")

    LIMIT = 1_000_000
    """The largest magnitude of a score and of the scale (sums stay exact as floats)."""

    def __init__(self, scores: Mapping[str, int] | None = None, scale: int = 100) -> None:
        if type(scale) is not int or not 0 < scale <= self.LIMIT:
            raise ValueError(f"word scores: scale must be an integer from 1 to {self.LIMIT}")
        table = dict(scores or {})
        for word, value in table.items():
            if type(word) is not str or type(value) is not int or abs(value) > self.LIMIT:
                raise ValueError(f"word scores: {word!r} needs an integer score of at most {self.LIMIT} in magnitude")
        self.scores: dict[str, int] = table
        """Score per word (an integer; the line's mean is divided by :attr:`scale`)."""
        self.scale: int = scale
        """What a score is divided by."""

    def __len__(self) -> int:
        return len(self.scores)

    def __repr__(self) -> str:
        return f"WordScores({len(self.scores)} words, scale={self.scale})"

    @classmethod
    def from_spec(cls, spec: Mapping[str, object] | None) -> WordScores:
        """The table of a model file's ``words`` entry (``{"scale": int, "scores": {word: int}}``;
        None: an empty table)."""
        if spec is None:
            return cls()
        if not isinstance(spec, Mapping) or not isinstance(spec.get("scores"), Mapping):
            raise ValueError("word scores: the model's words need a scale and a scores object")
        return cls(spec["scores"], spec.get("scale", 100))  # type: ignore[arg-type]

    def line_score(self, tokens: Sequence[str]) -> tuple[float, float]:
        """The mean score of the scored words among *tokens* (each occurrence counts), over
        :attr:`scale`, and the share of *tokens* that are scored; (0.0, 0.0) when none is."""
        values = [v for v in map(self.scores.get, tokens) if v is not None]
        if not values:
            return _UNSCORED
        return sum(values) / (len(values) * self.scale), len(values) / len(tokens)


_UNSCORED = (0.0, 0.0)
_NO_WORDS = WordScores()


def key_words(key: str) -> list[str]:
    """The words of a line's key that the features count: its ``\\w+`` runs
    (:func:`~cleanwire.document.word_tokens`; on ASCII, by one bytes ``translate`` and ``split``).

    Example:
        >>> key_words("sign up: it's free!")
        ['sign', 'up', 'it', 's', 'free']
    """
    # (through bytes: their translate is a plain table lookup, the same characters come out)
    return key.encode().translate(_ASCII_NON_WORD_BYTES).decode().split() if key.isascii() else word_tokens(key)


def _is_prose(words: int, end_sentence: bool) -> bool:
    return words >= 30 or (words >= 8 and end_sentence)


def main_block(values: Sequence[float]) -> tuple[int, int]:
    """Return the ``[start, end)`` range of the run of lines with the largest sum.

    The classic maximum-subarray walk, over per-line values that reward prose
    and penalise everything else; an empty or all-negative input gives (0, 0).

    Example:
        >>> main_block([-5, 20, -5, 30, -5, -5])
        (1, 4)
    """
    best, best_range = 0.0, (0, 0)
    run, start = 0.0, 0
    for i, v in enumerate(values):
        if run <= 0:
            run, start = v, i
        else:
            run += v
        if run > best:
            best, best_range = run, (start, i + 1)
    return best_range


# Fast paths (same values as the patterns above, in fewer passes over the line):
# an ASCII line is classified byte by byte with one ``bytes.translate`` and counted with
# ``bytes.count``: upper case "U", lower case "l", digits "d", "_" itself, every other
# character " ". On ASCII text \p{Lu} is [A-Z], \p{L} is [A-Za-z], \d is [0-9] and \w is
# [A-Za-z0-9_], so run lengths summed are character counts, and a capital at a word
# boundary is a "U" at the start or after a " ".
_ASCII_CLASSES = bytes(
    ord("U") if 65 <= i <= 90 else ord("l") if 97 <= i <= 122 else ord("d") if 48 <= i <= 57
    else ord("_") if i == 95 else ord(" ")
    for i in range(256)
)
# Every non-word ASCII character to a space: ``key.translate(...).split()`` is ``\w+`` on ASCII.
_ASCII_NON_WORD = "".join(c if c.isalnum() or c == "_" else " " for c in map(chr, range(128)))
_ASCII_NON_WORD_BYTES = _ASCII_NON_WORD.encode("ascii") + b" " * 128  # (only ASCII is translated)
# Non-ASCII characters that are none of \w, \p{L}, \p{Lu}, \d (quotes, dashes, bullets, symbols,
# spaces; checked against the patterns below at import): a line whose only non-ASCII
# characters are these is classified as ASCII with each of them read as "?".
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NEUTRAL_CANDIDATES = (
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00b4\u2013\u2014\u2015\u2026"
    "\u2022\u00b7\u00bb\u00ab\u203a\u2039\u25aa\u25ba\u25b8\u25e6\u2023\u2219\u00a9\u00ae\u2122"
    "\u00b0\u20ac\u00a3\u00a5\u00a7\u00b6\u2020\u2021\u00a0\u2009\u200a\u202f\u2002\u2003\u00ad"
    "\u2192\u2190\u2191\u2193\u00d7\u00f7\u00b1\u2212\u00bf\u00a1\u2010\u2011\u2012\u25cf\u25a0"
    "\u2605\u2606\u2713\u2714\u2715\u2716\u2764\u00a6\u00a8\u00af\u00b8\ufffd"
)
_WORDISH = regex.compile(r"[\w\p{L}\p{Lu}\d]")
_NEUTRAL = frozenset(c for c in _NEUTRAL_CANDIDATES if _WORDISH.match(c) is None)
# _legal reads a neutral character as itself: none is a letter of _LEGAL's words in another case
# (tests/test_fast_paths.py checks it).
_CLOSERS = "\"'’”)]"  # what may follow a line's final sentence mark or ellipsis
_SENTENCE_MARKS = (".", "!", "?", "。", "！", "？")
_ELLIPSES = ("...", "…")
_CJK_MARKS = regex.compile(r"[。！？]")
_SEPARATOR_CHARS = "|·»›•/"
_LIST_FIRST = frozenset("*•·▪►▸◦‣∙+-[(")
_GREETING_FIRST = "hdtglibm"  # first letters of the _GREETING openings
# log1p of small counts and tenths, looked up instead of computed: the same floats, and one
# shared object each instead of a new one per line (the rows of a long page add up).
_LOG1P = tuple(log1p(i) for i in range(1024))
_TENTHS = tuple(i / 10.0 for i in range(11))
# Window shares of prose lines, k of d neighbours (d <= 20), looked up for the same reason.
_SHARE = tuple(tuple(k / (d or 1) for k in range(d + 1)) for d in range(21))


def _webby(key: str) -> bool:
    """``_WEBBY.search(key)``, with the regex run only when a literal part of it is there."""
    if "@" in key or ":" in key or "www." in key or ".com" in key or ".org" in key or ".net" in key:
        return _WEBBY.search(key) is not None
    return False


def _legal(text: str, raw: bytes | None = None) -> bool:
    """``_LEGAL.search(text)``. Text whose only non-ASCII characters are :data:`_NEUTRAL` ones is
    answered by plain substring tests in lower case of *raw*, its ASCII bytes with ``?`` for
    every other character (None: worked out here; :func:`_line_info` has them at hand).

    Such text holds no letter beyond ASCII, and no neutral character is one of the pattern's
    letters in another case (checked below), so the pattern's words and "(c)" match it where
    they occur in its lower case; of its other characters only the three signs match."""
    if text.isascii():
        low = text.lower()
        if "(c)" not in low and "copyright" not in low and "all rights reserved" not in low:
            return False
    else:
        if raw is None and _NEUTRAL.issuperset(_NON_ASCII.findall(text)):
            raw = text.encode("ascii", "replace")
        if raw is not None:
            low = raw.decode("ascii").lower()
            if "(c)" not in low and "copyright" not in low and "all rights reserved" not in low:
                return "©" in text or "™" in text or "®" in text
    return _LEGAL.search(text) is not None


_Info = tuple[str, tuple[float, ...], int, int, float, int, int, int, int, tuple[int, ...], tuple[float, float]]
"""What :func:`_line_info` returns: the line's key, its own row (with ``repeated`` and
``gap_before`` still 0.0), its word count, prose flag, end_sentence, greeting, key_value,
date_like, shape code (:func:`_shape`), its distinct topic words, by their numbers in
:attr:`LineMemo.words`, and its word score and scored share (:meth:`WordScores.line_score`)."""


class _Numbering(dict[str, int]):
    """Words numbered in order of first sight: looking up a new word gives it the next number."""

    def __missing__(self, word: str) -> int:
        number = self[word] = len(self)
        return number


class LineMemo:
    """What :func:`line_features` works out from a line's text alone, kept for its next call on
    lines of the same document with the same lexicon (a settle round of the pipeline gives the
    layout model the same lines again, in a new context): per text, its :data:`_Info`; and the
    topic words of those lines, numbered once (a line holds its topic words as numbers, so the
    words of a document are counted by number, with no dictionary of words per call).

    Example:
        >>> from cleanwire.document import Document
        >>> from cleanwire.lexicon import lexicon_for
        >>> memo = LineMemo()
        >>> lines = Document.from_text("Storm warning\\nThe storm reached the coast on Monday.").lines
        >>> line_features(lines, lexicon_for("en"), memo=memo) == line_features(lines, lexicon_for("en"))
        True
        >>> sorted(memo.words)
        ['coast', 'monday', 'reached', 'storm', 'warning']
    """

    __slots__ = ("infos", "words")

    def __init__(self) -> None:
        self.infos: dict[str, _Info] = {}
        self.words: dict[str, int] = _Numbering()

_TOPIC_MIN_LEN = 4  # topic words: four letters or more, not function words, not numbers


def _line_info(
    text: str, key: str, stop: Callable[[str], bool], widget: Callable[[str], bool], stopwords: frozenset[str],
    number: Callable[[str], int], scores: WordScores,
) -> _Info:
    """Everything :func:`line_features` reads of one line that depends on its text and key alone
    (see :data:`_Info`); *number* gives a topic word's number, *scores* the word scores."""
    first_person = _FIRST_PERSON.__contains__
    tenths = _TENTHS
    tokens = key_words(key)
    nw = len(tokens)
    nch = len(text)
    bare = text.rstrip(_CLOSERS)
    end_sentence = bare.endswith(_SENTENCE_MARKS)
    last = text[-1]
    first = text[0]
    ascii_text = text.isascii()
    raw: bytes | None = None
    if ascii_text or _NEUTRAL.issuperset(_NON_ASCII.findall(text)):
        raw = text.encode("ascii", "replace")
        classes = raw.translate(_ASCII_CLASSES)
        upper = classes.count(b"U")
        letters = upper + classes.count(b"l")
        digits = classes.count(b"d")
        capitalised = classes.count(b" U") + (classes[0] == 85)  # 85: "U"
    else:
        upper = sum(map(len, _UPPER.findall(text)))
        letters = sum(map(len, _LETTER.findall(text)))
        digits = sum(map(len, _DIGIT.findall(text)))
        capitalised = len(_CAPITALISED.findall(text))
    # of the separators, ASCII text can hold only "|" and "/"
    separators = text.count("|") + text.count("/") if ascii_text else sum(map(text.count, _SEPARATOR_CHARS))
    if nch >= 2000:
        letters = nch
    prose = _is_prose(nw, end_sentence)
    greeting = key[:1] in _GREETING_FIRST and _GREETING.match(key) is not None
    if nw:
        stops = sum(map(stop, tokens))
        widgets = sum(map(widget, tokens))
        firsts = sum(map(first_person, tokens))
        commas = text.count(",")
        lengths = list(map(len, tokens))
        shorts = lengths.count(1) + lengths.count(2) + lengths.count(3)
        capitalised_share = capitalised / nw if capitalised else 0.0
        stop_share = stops / nw if stops else 0.0
        comma_share = commas / nw if commas else 0.0
        word_len = min(sum(lengths) / nw, 20.0) / 10.0
        widget_share = widgets / nw if widgets else 0.0
        first_share = firsts / nw if firsts else 0.0
        short_share = shorts / nw if shorts else 0.0
    else:
        capitalised_share = stop_share = comma_share = word_len = widget_share = first_share = short_share = 0.0
    if "." in text or "!" in text or "?" in text or (not ascii_text and _CJK_MARKS.search(text)):
        breaks = _ASCII_SENTENCE_BREAK if ascii_text and text.isprintable() else _SENTENCE_BREAK
        sentences = tenths[min(len(breaks.findall(text)), 10)]
    else:
        sentences = 0.0
    list_mark = 1.0 if (first in _LIST_FIRST or first.isdigit()) and _LIST_MARK.match(text) else 0.0
    own = (
        1.0,
        _LOG1P[nw] if nw < 1024 else log1p(nw),
        _LOG1P[nch] if nch < 1024 else log1p(nch),
        1.0 if end_sentence else 0.0,
        1.0 if last == ":" else 0.0,
        1.0 if bare.endswith(_ELLIPSES) else 0.0,
        1.0 if last.isalnum() else 0.0,
        list_mark,
        1.0 if first.isupper() else 0.0,
        capitalised_share,
        upper / letters if upper and letters else 0.0,
        digits / nch if digits else 0.0,
        stop_share,
        comma_share,
        sentences,
        tenths[min(separators, 10)],
        1.0 if _webby(key) else 0.0,
        1.0 if _legal(text, raw) else 0.0,
        word_len,
        0.0,  # repeated: set per document
        1.0 if nw <= 3 else 0.0,
        widget_share,
        0.0,  # gap_before: set per line
        1.0 if greeting else 0.0,
        first_share,
        1.0 if last == "?" else 0.0,
        1.0 if first.islower() else 0.0,
        1.0 if first == "|" else 0.0,
        short_share,
    )
    key_value = 1 if nw <= 15 and ":" in text and _KEY_VALUE.match(text) else 0
    date_like = 1 if nw <= 12 and digits and _DATE_LIKE.search(key) else 0
    sent = 1.0 if end_sentence else 0.0
    distinct = set(tokens)
    distinct -= stopwords
    # The words' numbers, not the words: the per-document memo keeps one tuple per distinct
    # line, and a number is one shared object per word of the document (as interned words were).
    topic = tuple(map(number, [word for word in distinct if len(word) >= _TOPIC_MIN_LEN and not word.isdigit()]))
    word = scores.line_score(tokens) if scores.scores else _UNSCORED
    return (key, own, nw, 1 if prose else 0, sent, 1 if greeting else 0, key_value, date_like,
            _shape(nw, sent, list_mark, date_like, key_value), topic, word)


_NO_TOPIC = (-1.0, -1.0, -1.0)


def _shape(words: int, end_sentence: float, list_mark: float, date_like: int, key_value: int) -> int:
    """A small code for the shape of a line: its length class, sentence ending, list mark, time
    stamp and key-value form. Lines of cards, menus and lists repeat these codes; paragraphs
    (more than twenty words, or more than eight ending a sentence) share one length class
    whatever their ending, so a run of paragraphs of varied lengths is one run, not a pattern."""
    if words > 20 or (words > 8 and end_sentence):
        return 48 + (4 if list_mark else 0) + 2 * date_like + key_value
    size = 0 if words <= 3 else 1 if words <= 8 else 2
    return size * 16 + (8 if end_sentence else 0) + (4 if list_mark else 0) + 2 * date_like + key_value


def _same_runs(shapes: Sequence[int]) -> list[int]:
    """Per line, the length (capped) of the run of consecutive lines of its shape around it.

    Example:
        >>> _same_runs([1, 1, 1, 2, 3, 3])
        [3, 3, 3, 1, 2, 2]
    """
    n = len(shapes)
    out = [1] * n
    i = 0
    while i < n:
        j = i + 1
        while j < n and shapes[j] == shapes[i]:
            j += 1
        run = min(j - i, _RUN_CAP)
        for k in range(i, j):
            out[k] = run
        i = j
    return out


def _card_runs(shapes: Sequence[int]) -> list[int]:
    """Per line, the length (capped) of the longest periodic run of shapes through it, with a
    period of two to four lines that holds at least two shapes (a headline, a summary and a time
    stamp, repeated); 0 when no such run of two periods or more passes through the line.

    Example:
        >>> _card_runs([5, 1, 2, 1, 2, 1, 2, 7])
        [0, 6, 6, 6, 6, 6, 6, 0]
    """
    out = [0] * len(shapes)
    for p in _PERIODS:
        # same[t]: line t + p has the shape of line t; a run of them [a, b) makes lines [a, b + p)
        # repeat with period p (found by the regex engine, not a loop over the lines)
        same = bytes(map(eq, shapes[p:], shapes[:-p]))
        for found in _TRUE_RUN.finditer(same):
            first, last = found.start(), found.end() + p
            if last - first >= 2 * p and len(set(shapes[first:first + p])) > 1:
                run = min(last - first, _RUN_CAP)
                for m in range(first, last):
                    if run > out[m]:
                        out[m] = run
    return out


_TRUE_RUN = re.compile(b"\x01+")


def _counts(topics: Sequence[tuple[int, ...]], size: int) -> list[int]:
    """Per word number below *size*, on how many of the lines whose topic words are *topics* it occurs.

    Example:
        >>> _counts([(0, 2), (2,), ()], 4)
        [1, 0, 2, 0]
    """
    out = [0] * size
    for j, count in Counter(chain.from_iterable(topics)).items():
        out[j] = count
    return out


def _distance_to_flag(flags: Sequence[bool], step: int) -> list[int]:
    """Per line, how many lines back (``step=1``: above; ``-1``: below) the nearest flagged line is,
    capped at the reach; the line itself does not count.

    Example:
        >>> _distance_to_flag([False, True, False, False], 1)
        [20, 20, 1, 2]
    """
    n = len(flags)
    out = [_ARTICLE_REACH] * n
    last = -1
    order = range(n) if step == 1 else range(n - 1, -1, -1)
    for count, i in enumerate(order):
        if last >= 0:
            out[i] = min(count - last, _ARTICLE_REACH)
        if flags[i]:
            last = count
    return out


def line_features(
    lines: Sequence[Line], lexicon: Lexicon, gaps: Sequence[bool] | None = None, memo: LineMemo | None = None,
    scores: WordScores | None = None,
) -> list[list[float]]:
    """Return one feature row per line of *lines* (the kept lines, in order).

    *gaps* says, per line, whether a blank line separates it from the line before
    (``gap_before``); without it, the lines' own ``blank_before`` counts. The layout
    model passes :meth:`Document.kept_gaps <cleanwire.document.Document.kept_gaps>`,
    the spacing the cleaned text will have.

    Besides the line's own shape and its neighbours', three features say whether the
    line talks about what the page talks about: of its topic words (four letters or
    more, not function words or numbers), the share used on another line
    (``shared_words``), the share used in the main block of prose (``block_words``),
    and how many other lines use them (``shared_degree``, up to four each, as a share).
    A line without topic words gets -1 for all three.

    The last four values (:data:`WORD_FEATURE_NAMES`) are the line's mean word score under
    *scores* (a :class:`WordScores`, the layout model's table; None: all 0.0), those of the
    lines above and below it, and the share of its words that *scores* holds.

    *memo* (optional, a :class:`LineMemo`) keeps what a line's text alone gives, by text, for
    the next call on lines with the same texts: pass the same memo only with the same *lexicon*
    and *scores*.
    """
    if scores is None:
        scores = _NO_WORDS
    n = len(lines)
    if n == 0:
        return []
    stopwords = lexicon.stopwords
    stop = stopwords.__contains__
    widget = (lexicon.widget_words | lexicon.section_words).__contains__
    log1p_ = _LOG1P
    keys: dict[str, int] = {}
    for line in lines:
        keys[line.key] = keys.get(line.key, 0) + 1

    if gaps is None:
        gaps = [line.blank_before > 0 for line in lines]
    if memo is None:
        memo = LineMemo()
    known_lines = memo.infos
    get = known_lines.get
    number = memo.words.__getitem__
    infos: list[_Info] = []
    append_info = infos.append
    for line in lines:
        text = line.text
        known = get(text)
        if known is None or known[0] != line.key:
            known = known_lines[text] = _line_info(text, line.key, stop, widget, stopwords, number, scores)
        append_info(known)
    # One column per part of the lines' infos (tuples that share the infos' values).
    _, owns, words_l, prose_l, sent_l, greet_l, kv_l, date_l, shape_l, topics_l, word_l = zip(*infos)
    del infos

    # Where the prose is: the densest run of lines, and the share of prose words on each side.
    values = [min(w, 60.0) if p else -6.0 for w, p in zip(words_l, prose_l)]
    start, end = main_block(values)
    # Per topic word (by number): on how many lines it occurs, and on how many of the main block.
    lines_using = _counts(topics_l, len(memo.words))
    lines_in_block = _counts(topics_l[start:end], len(memo.words))
    prose_words = [w if p else 0 for w, p in zip(words_l, prose_l)]
    total = float(sum(prose_words)) or 1.0
    # Running sums for windowed means (prose lines counted in integers: exact, and shares come from a table).
    cum_prose = [0]
    cum_words = [0.0]
    for p, w in zip(prose_l, words_l):
        cum_prose.append(cum_prose[-1] + p)
        cum_words.append(cum_words[-1] + (w if w < 100 else 100))
    # Page renderers indent nested blocks: the article's paragraphs share one indentation,
    # menus and sidebars sit at others. Text without indentation gives zeros here.
    indent_counts: dict[int, int] = {}
    for line, p in zip(lines, prose_l):
        if p:
            indent_counts[line.indent] = indent_counts.get(line.indent, 0) + 1
    prose_indent = max(indent_counts, key=lambda k: (indent_counts[k], -k)) if indent_counts else 0
    # The topic features of every line (see the docstring), then where the article's prose is:
    # prose lines of the main block, or prose that shares most of its vocabulary with it.
    topics: list[tuple[float, float, float]] = []
    for i, topic in enumerate(topics_l):
        if topic:
            here = 1 if start <= i < end else 0
            n_shared = n_block = n_degree = 0
            for j in topic:
                c = lines_using[j]
                if c > 1:
                    n_shared += 1
                    n_degree += c - 1 if c < 5 else 4
                if lines_in_block[j] > here:
                    n_block += 1
            k = len(topic)
            topics.append((n_shared / k, n_block / k, n_degree / (4 * k)))
        else:
            topics.append(_NO_TOPIC)
    article = [p == 1 and (start <= i < end or topics[i][1] >= 0.5) for i, p in enumerate(prose_l)]
    above = _distance_to_flag(article, 1)
    below = _distance_to_flag(article, -1)
    same_run = _same_runs(shape_l)
    card_run = _card_runs(shape_l)
    block_words_total = sum(words_l[start:end])
    block_share = block_words_total / (sum(words_l) or 1)
    log_n = log1p(n)
    doc_prose = sum(prose_l) / n
    doc_sentence = ordered_sum(sent_l) / n
    doc_words = log1p(sum(words_l) / n)
    share = _SHARE
    # Per line, looked up by its neighbours too: log1p of the word count, and the count capped at 100.
    log_words = [log1p_[w] if w < 1024 else log1p(w) for w in words_l]
    capped = [w if w < 100 else 100 for w in words_l]
    greetings = 0
    before = 0.0
    last = n - 1
    rows: list[list[float]] = []
    append = rows.append
    # Window bounds as conditional expressions, not max()/min() calls: this runs for every line.
    for i, own, line, gap, prose, pw in zip(range(n), owns, lines, gaps, prose_l, prose_words):
        if start <= i < end:
            in_block, dist = 1.0, 0.0
        else:
            in_block = 0.0
            away = start - i if i < start else i - end + 1
            dist = log1p_[away] if away < 1024 else log1p(away)
        after = total - before - pw
        lo3 = i - 3 if i > 3 else 0
        hi3 = i + 4 if i + 4 < n else n
        lo10 = i - 10 if i > 10 else 0
        hi10 = i + 11 if i + 11 < n else n
        lo5 = i - 5 if i > 5 else 0
        hi5 = i + 6 if i + 6 < n else n
        if i:
            prev_log, prev_sent, prev_short = log_words[i - 1], sent_l[i - 1], 1.0 if words_l[i - 1] <= 3 else 0.0
        else:
            prev_log = prev_sent = prev_short = 0.0
        if i < last:
            next_log, next_sent, next_short = log_words[i + 1], sent_l[i + 1], 1.0 if words_l[i + 1] <= 3 else 0.0
        else:
            next_log = next_sent = next_short = 0.0
        indent_delta = abs(line.indent - prose_indent)
        shared, in_block_share, degree = topics[i]
        # One exact-size list per row: the line's own part, then its place.
        row = [
            *own,
            i / n,
            log_n,
            in_block,
            dist,
            before / total,
            after / total,
            prev_log,
            next_log,
            prev_sent,
            next_sent,
            prev_short,
            next_short,
            share[hi3 - lo3 - 1][cum_prose[hi3] - cum_prose[lo3] - prose],
            share[hi10 - lo10 - 1][cum_prose[hi10] - cum_prose[lo10] - prose],
            log1p((cum_words[hi5] - cum_words[lo5] - capped[i]) / (hi5 - lo5 - 1 or 1)),
            log1p_[greetings] if greetings < 1024 else log1p(greetings),
            1.0 if i >= end else 0.0,
            1.0 if indent_delta else 0.0,
            log1p_[indent_delta] if indent_delta < 1024 else log1p(indent_delta),
            shared,
            in_block_share,
            degree,
            float(kv_l[i]),
            float(date_l[i]),
            log1p_[same_run[i]],
            log1p_[card_run[i]],
            log1p_[above[i]],
            log1p_[below[i]],
            doc_prose,
            doc_sentence,
            doc_words,
            block_share,
            word_l[i][0],
            word_l[i - 1][0] if i else 0.0,
            word_l[i + 1][0] if i < last else 0.0,
            word_l[i][1],
        ]
        if keys[line.key] > 1:
            row[_REPEATED] = 1.0
        if gap:
            row[_GAP_BEFORE] = 1.0
        append(row)
        before += pw
        greetings += greet_l[i]
    return rows

