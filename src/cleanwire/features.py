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
from array import array
from collections.abc import Callable, Sequence
from math import log1p

import regex

from .document import Line
from .lexicon import Lexicon

__all__ = ["FEATURE_NAMES", "line_features", "main_block"]

_WORDS = regex.compile(r"\w+")
_END_SENTENCE = regex.compile(r"[.!?][\"'’”)\]]*$")
_END_ELLIPSIS = regex.compile(r"(?:\.\.\.|…)[\"'’”)\]]*$")
_LIST_MARK = regex.compile(r"^(?:[*•·▪►▸◦‣∙+-]\s|\d{1,3}[.)]\s|\[\d+\]|\(\d+\))")
_SEPARATORS = regex.compile(r"[|·»›•/]")
_SENTENCE_BREAK = regex.compile(r"[.!?][\"'’”)]?\s+[\"'‘“(]?\p{Lu}")
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

FEATURE_NAMES: tuple[str, ...] = (
    # the line itself
    "bias", "log_words", "log_chars", "end_sentence", "end_colon", "end_ellipsis", "end_open",
    "list_mark", "starts_upper", "capitalised_share", "upper_share", "digit_share", "stopword_share",
    "commas_per_word", "sentences", "separators", "webby", "legal", "mean_word_len", "repeated",
    "short", "widget_share", "gap_before", "greeting", "first_person", "question", "starts_lower", "table_row",
    # its place in the document and its neighbours
    "rel_position", "log_lines", "in_block", "log_block_distance", "prose_before", "prose_after",
    "prev_words", "next_words", "prev_sentence", "next_sentence", "prev_short", "next_short",
    "prose_near3", "prose_near10", "words_near5", "greetings_before", "after_block",
    "indent_off_prose", "indent_delta", "shared_words", "block_words", "shared_degree",
    # the document as a whole
    "doc_prose_share", "doc_sentence_share", "doc_mean_words",
)
"""Names of the values returned per line by :func:`line_features`, in order."""


_REPEATED = FEATURE_NAMES.index("repeated")
_GAP_BEFORE = FEATURE_NAMES.index("gap_before")


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
_CLOSERS = "\"'’”)]"  # what _END_SENTENCE and _END_ELLIPSIS allow after the final mark
_SENTENCE_MARKS = (".", "!", "?")
_ELLIPSES = ("...", "…")
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


def _legal(text: str) -> bool:
    """``_LEGAL.search(text)``; ASCII text is answered by plain substring tests in lower case."""
    if text.isascii():
        low = text.lower()
        if "(c)" not in low and "copyright" not in low and "all rights reserved" not in low:
            return False
    return _LEGAL.search(text) is not None


_Part = tuple[tuple[float, ...], int, int, float, int, list[str]]
"""What :func:`_line_part` returns: the line's own row (with ``repeated`` and ``gap_before``
still 0.0), its word count, prose flag, end_sentence, greeting and its words."""

_TOPIC_MIN_LEN = 4  # topic words: four letters or more, not function words, not numbers


def _line_part(
    text: str, key: str, stop: Callable[[str], bool], widget: Callable[[str], bool]
) -> _Part:
    """The features of one line that depend on its text and key alone (see :data:`_Part`)."""
    first_person = _FIRST_PERSON.__contains__
    tenths = _TENTHS
    tokens = key.translate(_ASCII_NON_WORD).split() if key.isascii() else _WORDS.findall(key)
    nw = len(tokens)
    nch = len(text)
    bare = text.rstrip(_CLOSERS)
    end_sentence = bare.endswith(_SENTENCE_MARKS)
    last = text[-1]
    first = text[0]
    if text.isascii() or _NEUTRAL.issuperset(_NON_ASCII.findall(text)):
        classes = text.encode("ascii", "replace").translate(_ASCII_CLASSES)
        upper = classes.count(b"U")
        letters = upper + classes.count(b"l")
        digits = classes.count(b"d")
        capitalised = classes.count(b" U") + (classes[0] == 85)  # 85: "U"
    else:
        upper = sum(map(len, _UPPER.findall(text)))
        letters = sum(map(len, _LETTER.findall(text)))
        digits = sum(map(len, _DIGIT.findall(text)))
        capitalised = len(_CAPITALISED.findall(text))
    separators = sum(map(text.count, _SEPARATOR_CHARS))
    if nch >= 2000:
        letters = nch
    prose = _is_prose(nw, end_sentence)
    greeting = key[:1] in _GREETING_FIRST and _GREETING.match(key) is not None
    if nw:
        stops = sum(map(stop, tokens))
        widgets = sum(map(widget, tokens))
        firsts = sum(map(first_person, tokens))
        commas = text.count(",")
        capitalised_share = capitalised / nw if capitalised else 0.0
        stop_share = stops / nw if stops else 0.0
        comma_share = commas / nw if commas else 0.0
        word_len = min(sum(map(len, tokens)) / nw, 20.0) / 10.0
        widget_share = widgets / nw if widgets else 0.0
        first_share = firsts / nw if firsts else 0.0
    else:
        capitalised_share = stop_share = comma_share = word_len = widget_share = first_share = 0.0
    if "." in text or "!" in text or "?" in text:
        sentences = tenths[min(len(_SENTENCE_BREAK.findall(text)), 10)]
    else:
        sentences = 0.0
    return (
        1.0,
        _LOG1P[nw] if nw < 1024 else log1p(nw),
        _LOG1P[nch] if nch < 1024 else log1p(nch),
        1.0 if end_sentence else 0.0,
        1.0 if last == ":" else 0.0,
        1.0 if bare.endswith(_ELLIPSES) else 0.0,
        1.0 if last.isalnum() else 0.0,
        1.0 if (first in _LIST_FIRST or first.isdigit()) and _LIST_MARK.match(text) else 0.0,
        1.0 if first.isupper() else 0.0,
        capitalised_share,
        upper / letters if upper and letters else 0.0,
        digits / nch if digits else 0.0,
        stop_share,
        comma_share,
        sentences,
        tenths[min(separators, 10)],
        1.0 if _webby(key) else 0.0,
        1.0 if _legal(text) else 0.0,
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
    ), nw, 1 if prose else 0, 1.0 if end_sentence else 0.0, 1 if greeting else 0, tokens


def line_features(lines: Sequence[Line], lexicon: Lexicon) -> list[list[float]]:
    """Return one feature row per line of *lines* (the kept lines, in order).

    Besides the line's own shape and its neighbours', three features say whether the
    line talks about what the page talks about: of its topic words (four letters or
    more, not function words or numbers), the share used on another line
    (``shared_words``), the share used in the main block of prose (``block_words``),
    and how many other lines use them (``shared_degree``, up to four each, as a share).
    A line without topic words gets -1 for all three.
    """
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

    base: list[list[float]] = []
    words_l: list[int] = []
    prose_l: list[int] = []
    sent_l: list[float] = []
    greet_l: list[int] = []
    # Topic words, numbered per document: each line's distinct ones are a slice of *flat*
    # (flat[bounds[i]:bounds[i + 1]]), so a page holds no container per line.
    word_ids: dict[str, int] = {}
    lines_using: list[int] = []  # per topic word: on how many lines it occurs
    flat = array("l")
    bounds = array("l", [0])
    min_len = _TOPIC_MIN_LEN
    for line in lines:
        key = line.key
        part = _line_part(line.text, key, stop, widget)
        row = list(part[0])
        if keys[key] > 1:
            row[_REPEATED] = 1.0
        if line.blank_before:
            row[_GAP_BEFORE] = 1.0
        base.append(row)
        words_l.append(part[1])
        prose_l.append(part[2])
        sent_l.append(part[3])
        greet_l.append(part[4])
        distinct = set(part[5])
        distinct -= stopwords
        for word in distinct:
            if len(word) < min_len or word.isdigit():
                continue
            j = word_ids.get(word)
            if j is None:
                j = word_ids[word] = len(lines_using)
                lines_using.append(1)
            else:
                lines_using[j] += 1
            flat.append(j)
        bounds.append(len(flat))

    # Where the prose is: the densest run of lines, and the share of prose words on each side.
    values = [min(w, 60.0) if p else -6.0 for w, p in zip(words_l, prose_l)]
    start, end = main_block(values)
    # On how many lines of the main block each topic word occurs.
    lines_in_block = [0] * len(lines_using)
    for j in flat[bounds[start]:bounds[end]]:
        lines_in_block[j] += 1
    prose_words = [w if p else 0 for w, p in zip(words_l, prose_l)]
    total = float(sum(prose_words)) or 1.0
    # Running sums for windowed means (prose lines counted in integers: exact, and shares come from a table).
    cum_prose = [0]
    cum_words = [0.0]
    for p, w in zip(prose_l, words_l):
        cum_prose.append(cum_prose[-1] + p)
        cum_words.append(cum_words[-1] + min(w, 100))
    # Page renderers indent nested blocks: the article's paragraphs share one indentation,
    # menus and sidebars sit at others. Text without indentation gives zeros here.
    indent_counts: dict[int, int] = {}
    for line, p in zip(lines, prose_l):
        if p:
            indent_counts[line.indent] = indent_counts.get(line.indent, 0) + 1
    prose_indent = max(indent_counts, key=lambda k: (indent_counts[k], -k)) if indent_counts else 0
    log_n = log1p(n)
    doc_prose = sum(prose_l) / n
    doc_sentence = sum(sent_l) / n
    doc_words = log1p(sum(words_l) / n)
    share = _SHARE
    greetings = 0
    before = 0.0
    for i in range(n):
        if start <= i < end:
            in_block, dist = 1.0, 0.0
        else:
            in_block = 0.0
            gap = start - i if i < start else i - end + 1
            dist = log1p_[gap] if gap < 1024 else log1p(gap)
        after = total - before - prose_words[i]
        lo3, hi3 = max(0, i - 3), min(n, i + 4)
        lo10, hi10 = max(0, i - 10), min(n, i + 11)
        lo5, hi5 = max(0, i - 5), min(n, i + 6)
        prev_w = words_l[i - 1] if i else 0
        next_w = words_l[i + 1] if i + 1 < n else 0
        indent_delta = abs(lines[i].indent - prose_indent)
        lo, hi = bounds[i], bounds[i + 1]
        if hi > lo:
            here = 1 if in_block else 0
            n_shared = n_block = n_degree = 0
            for j in flat[lo:hi]:
                c = lines_using[j]
                if c > 1:
                    n_shared += 1
                    n_degree += c - 1 if c < 5 else 4
                if lines_in_block[j] > here:
                    n_block += 1
            k = hi - lo
            shared, in_block_share, degree = n_shared / k, n_block / k, n_degree / (4 * k)
        else:
            shared = in_block_share = degree = -1.0
        # One exact-size list per row; it replaces the line's part in *base*, which is returned.
        base[i] = base[i] + [
            i / n,
            log_n,
            in_block,
            dist,
            before / total,
            after / total,
            log1p_[prev_w] if prev_w < 1024 else log1p(prev_w),
            log1p_[next_w] if next_w < 1024 else log1p(next_w),
            sent_l[i - 1] if i else 0.0,
            sent_l[i + 1] if i + 1 < n else 0.0,
            1.0 if i and prev_w <= 3 else 0.0,
            1.0 if i + 1 < n and next_w <= 3 else 0.0,
            share[hi3 - lo3 - 1][cum_prose[hi3] - cum_prose[lo3] - prose_l[i]],
            share[hi10 - lo10 - 1][cum_prose[hi10] - cum_prose[lo10] - prose_l[i]],
            log1p((cum_words[hi5] - cum_words[lo5] - min(words_l[i], 100)) / (hi5 - lo5 - 1 or 1)),
            log1p_[greetings] if greetings < 1024 else log1p(greetings),
            1.0 if i >= end else 0.0,
            1.0 if indent_delta else 0.0,
            log1p_[indent_delta] if indent_delta < 1024 else log1p(indent_delta),
            shared,
            in_block_share,
            degree,
            doc_prose,
            doc_sentence,
            doc_words,
        ]
        before += prose_words[i]
        greetings += greet_l[i]
    return base
