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

from collections.abc import Sequence
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
    "indent_off_prose", "indent_delta",
    # the document as a whole
    "doc_prose_share", "doc_sentence_share", "doc_mean_words",
)
"""Names of the values returned per line by :func:`line_features`, in order."""


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


def line_features(lines: Sequence[Line], lexicon: Lexicon) -> list[list[float]]:
    """Return one feature row per line of *lines* (the kept lines, in order)."""
    n = len(lines)
    if n == 0:
        return []
    stop = lexicon.stopwords
    widget = lexicon.widget_words | lexicon.section_words
    keys: dict[str, int] = {}
    for line in lines:
        keys[line.key] = keys.get(line.key, 0) + 1

    base: list[list[float]] = []
    words_l: list[int] = []
    prose_l: list[float] = []
    sent_l: list[float] = []
    greet_l: list[float] = []
    for line in lines:
        text = line.text
        key = line.key
        tokens = _WORDS.findall(key)
        nw = len(tokens)
        nch = len(text)
        end_sentence = _END_SENTENCE.search(text) is not None
        last = text[-1]
        letters = sum(map(len, _LETTER.findall(text))) if nch < 2000 else nch
        stops = sum(1 for t in tokens if t in stop)
        widgets = sum(1 for t in tokens if t in widget)
        prose = _is_prose(nw, end_sentence)
        greeting = _GREETING.match(key) is not None
        greet_l.append(1.0 if greeting else 0.0)
        words_l.append(nw)
        prose_l.append(1.0 if prose else 0.0)
        sent_l.append(1.0 if end_sentence else 0.0)
        base.append([
            1.0,
            log1p(nw),
            log1p(nch),
            1.0 if end_sentence else 0.0,
            1.0 if last == ":" else 0.0,
            1.0 if _END_ELLIPSIS.search(text) else 0.0,
            1.0 if last.isalnum() else 0.0,
            1.0 if _LIST_MARK.match(text) else 0.0,
            1.0 if text[0].isupper() else 0.0,
            len(_CAPITALISED.findall(text)) / nw if nw else 0.0,
            sum(map(len, _UPPER.findall(text))) / letters if letters else 0.0,
            sum(map(len, _DIGIT.findall(text))) / nch,
            stops / nw if nw else 0.0,
            text.count(",") / nw if nw else 0.0,
            min(len(_SENTENCE_BREAK.findall(text)), 10) / 10.0,
            min(len(_SEPARATORS.findall(text)), 10) / 10.0,
            1.0 if _WEBBY.search(key) else 0.0,
            1.0 if _LEGAL.search(text) else 0.0,
            min(sum(len(t) for t in tokens) / nw, 20.0) / 10.0 if nw else 0.0,
            1.0 if keys[key] > 1 else 0.0,
            1.0 if nw <= 3 else 0.0,
            widgets / nw if nw else 0.0,
            1.0 if line.blank_before else 0.0,
            1.0 if greeting else 0.0,
            sum(1 for t in tokens if t in _FIRST_PERSON) / nw if nw else 0.0,
            1.0 if last == "?" else 0.0,
            1.0 if text[0].islower() else 0.0,
            1.0 if text[0] == "|" else 0.0,
        ])

    # Where the prose is: the densest run of lines, and the share of prose words on each side.
    values = [min(w, 60.0) if p else -6.0 for w, p in zip(words_l, prose_l)]
    start, end = main_block(values)
    prose_words = [w if p else 0 for w, p in zip(words_l, prose_l)]
    total = float(sum(prose_words)) or 1.0
    # Running sums for windowed means.
    cum_prose = [0.0]
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
    greetings = 0.0
    before = 0.0
    rows: list[list[float]] = []
    for i in range(n):
        if start <= i < end:
            in_block, dist = 1.0, 0.0
        else:
            in_block = 0.0
            dist = log1p(start - i if i < start else i - end + 1)
        after = total - before - prose_words[i]
        lo3, hi3 = max(0, i - 3), min(n, i + 4)
        lo10, hi10 = max(0, i - 10), min(n, i + 11)
        lo5, hi5 = max(0, i - 5), min(n, i + 6)
        prev_w = words_l[i - 1] if i else 0
        next_w = words_l[i + 1] if i + 1 < n else 0
        row = base[i]
        row.extend((
            i / n,
            log_n,
            in_block,
            dist,
            before / total,
            after / total,
            log1p(prev_w),
            log1p(next_w),
            sent_l[i - 1] if i else 0.0,
            sent_l[i + 1] if i + 1 < n else 0.0,
            1.0 if i and prev_w <= 3 else 0.0,
            1.0 if i + 1 < n and next_w <= 3 else 0.0,
            (cum_prose[hi3] - cum_prose[lo3] - prose_l[i]) / (hi3 - lo3 - 1 or 1),
            (cum_prose[hi10] - cum_prose[lo10] - prose_l[i]) / (hi10 - lo10 - 1 or 1),
            log1p((cum_words[hi5] - cum_words[lo5] - min(words_l[i], 100)) / (hi5 - lo5 - 1 or 1)),
            log1p(greetings),
            1.0 if i >= end else 0.0,
            1.0 if lines[i].indent != prose_indent else 0.0,
            log1p(abs(lines[i].indent - prose_indent)),
            doc_prose,
            doc_sentence,
            doc_words,
        ))
        rows.append(row)
        before += prose_words[i]
        greetings += greet_l[i]
    return rows
