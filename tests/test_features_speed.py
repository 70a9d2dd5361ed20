"""The fast paths of :func:`cleanwire.features.line_features` give exactly the values of the
plain implementation it replaced (kept here as the reference): a trained model depends on them."""

from __future__ import annotations

from collections.abc import Sequence
from math import log1p

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanwire.document import Document, Line
from cleanwire.features import FEATURE_NAMES, LineMemo, WordScores, line_features, main_block, ordered_sum
from cleanwire.lexicon import Lexicon, lexicon_for

_WORDS = regex.compile(r"\w+")
# Chinese and Japanese runs inside a word count one word per two characters.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_PIECES = regex.compile(f"[{_CJK}]{{1,2}}|(?:(?![{_CJK}]).)+")
_END_SENTENCE = regex.compile(r"[.!?。！？][\"'’”)\]]*$")
_END_ELLIPSIS = regex.compile(r"(?:\.\.\.|…)[\"'’”)\]]*$")
_LIST_MARK = regex.compile(r"^(?:[*•·▪►▸◦‣∙+-]\s|\d{1,3}[.)]\s|\[\d+\]|\(\d+\))")
_SEPARATORS = regex.compile(r"[|·»›•/]")
_SENTENCE_BREAK = regex.compile(r"[.!?][\"'’”)]?\s+[\"'‘“(]?\p{Lu}|[。！？]\s*(?=\S)")
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
_KEY_VALUE = regex.compile(r"^[^:]{1,40}:\s+\S")
_DATE_LIKE = regex.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b"
    r"|\b\d+\s*(?:min|mins|minutes?|hrs?|hours?|days?|weeks?|months?|years?|std|stunden?|tagen?|jours?|heures?"
    r"|horas?|d[ií]as?)\b"
)



def _is_prose(words: int, end_sentence: bool) -> bool:
    return words >= 30 or (words >= 8 and end_sentence)


def reference_line_features(
    lines: Sequence[Line], lexicon: Lexicon, scores: WordScores | None = None
) -> list[list[float]]:
    """Return one feature row per line of *lines* (the kept lines, in order), the word scores read
    from *scores*."""
    table, scale = (scores.scores, scores.scale) if scores is not None else ({}, 100)
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
    topics: list[set[str]] = []
    kv_l: list[float] = []
    date_l: list[float] = []
    shape_l: list[tuple[object, ...]] = []
    word_l: list[tuple[float, float]] = []
    for line in lines:
        text = line.text
        key = line.key
        tokens = [piece for word in _WORDS.findall(key) for piece in _PIECES.findall(word)]
        topics.append({t for t in tokens if len(t) >= 4 and t not in stop and not t.isdigit()})
        scored = [table[t] for t in tokens if t in table]
        word_l.append((sum(scored) / (len(scored) * scale), len(scored) / len(tokens)) if scored else (0.0, 0.0))
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
            sum(1 for t in tokens if len(t) <= 3) / nw if nw else 0.0,
        ])
        kv_l.append(1.0 if nw <= 15 and _KEY_VALUE.match(text) else 0.0)
        date_l.append(1.0 if nw <= 12 and _DATE_LIKE.search(key) else 0.0)
        paragraph = nw > 20 or (nw > 8 and end_sentence)
        size = 3 if paragraph else 0 if nw <= 3 else 1 if nw <= 8 else 2
        shape_l.append((size, end_sentence and not paragraph, bool(_LIST_MARK.match(text)), date_l[-1], kv_l[-1]))

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
    block_share = sum(words_l[start:end]) / (sum(words_l) or 1)
    topic_rows = [_reference_topic(topics, i, start, end) for i in range(n)]
    article = [bool(prose_l[i]) and (start <= i < end or topic_rows[i][1] >= 0.5) for i in range(n)]
    card_runs = _reference_card_runs(shape_l)
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
            *topic_rows[i],
            kv_l[i],
            date_l[i],
            log1p(_reference_same_run(shape_l, i)),
            log1p(card_runs[i]),
            log1p(_reference_distance(article, i, -1)),
            log1p(_reference_distance(article, i, 1)),
            doc_prose,
            doc_sentence,
            doc_words,
            block_share,
            word_l[i][0],
            word_l[i - 1][0] if i else 0.0,
            word_l[i + 1][0] if i + 1 < n else 0.0,
            word_l[i][1],
        ))
        rows.append(row)
        before += prose_words[i]
        greetings += greet_l[i]
    return rows


def _reference_topic(topics: list[set[str]], i: int, start: int, end: int) -> tuple[float, float, float]:
    """shared_words, block_words, shared_degree of line *i*, counting the other lines one by one."""
    words = topics[i]
    if not words:
        return -1.0, -1.0, -1.0
    others = [topics[j] for j in range(len(topics)) if j != i]
    block = [topics[j] for j in range(start, end) if j != i]
    shared = sum(1 for w in words if any(w in t for t in others)) / len(words)
    in_block = sum(1 for w in words if any(w in t for t in block)) / len(words)
    degree = sum(min(sum(1 for t in others if w in t), 4) for w in words) / (4 * len(words))
    return shared, in_block, degree


def _reference_same_run(shapes: list[tuple[object, ...]], i: int) -> int:
    """How many lines around line *i* (itself included) share its shape, in one unbroken run (at most 40)."""
    lo = hi = i
    while lo > 0 and shapes[lo - 1] == shapes[i]:
        lo -= 1
    while hi + 1 < len(shapes) and shapes[hi + 1] == shapes[i]:
        hi += 1
    return min(hi - lo + 1, 40)


def _reference_card_runs(shapes: list[tuple[object, ...]]) -> list[int]:
    """Per line, the longest stretch of lines through it that repeats with a period of 2, 3 or 4 lines,
    spans two periods or more and holds more than one shape in a period (at most 40); 0 if none."""
    n = len(shapes)
    best = [0] * n
    for p in (2, 3, 4):
        for first in range(n):
            for last in range(first + 2 * p, n + 1):
                span = shapes[first:last]
                if not all(span[j] == span[j - p] for j in range(p, len(span))) or len(set(span[:p])) < 2:
                    continue
                # only maximal stretches count: one that could grow on either side is part of a longer one
                if (first > 0 and shapes[first - 1] == shapes[first - 1 + p]) or (
                        last < n and shapes[last] == shapes[last - p]):
                    continue
                for i in range(first, last):
                    best[i] = max(best[i], min(last - first, 40))
    return best


def _reference_distance(flags: list[bool], i: int, step: int) -> int:
    """Lines from line *i* to the nearest flagged line in direction *step* (-1 up, 1 down), at most 20."""
    j = i + step
    while 0 <= j < len(flags):
        if flags[j]:
            return min(abs(j - i), 20)
        j += step
    return 20


# A word score table for the tests: words of menus and sign-ups, and of articles (CJK pieces too).
WORDS = WordScores({"home": 250, "share": 310, "news": 90, "council": -120, "the": -7, "said": -200,
                    "北京": 45, "straße": -33, "reserved": 400}, scale=100)


def _same(text: str, language: str = "en") -> None:
    lines = Document.from_text(text).lines
    # A memo filled by one call gives the next call on some of the same lines (a settle round)
    # the values a fresh call gives; with and without a word score table.
    for scores in (None, WORDS):
        _same_lines(lines, language, scores)


def _same_lines(lines: list[Line], language: str, scores: WordScores | None) -> None:
    memo = LineMemo()
    for some in (lines, lines, lines[::2], lines[1:]):
        want = reference_line_features(some, lexicon_for(language), scores)
        for got in (line_features(some, lexicon_for(language), scores=scores),
                    line_features(some, lexicon_for(language), memo=memo, scores=scores)):
            assert len(got) == len(want)
            for line, a, b in zip(some, got, want):
                assert len(a) == len(b) == len(FEATURE_NAMES)
                assert a == b, (line.text, [(FEATURE_NAMES[i], x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y])
                assert [type(x) for x in a] == [type(y) for y in b]


def test_a_memo_entry_is_used_only_for_the_same_key() -> None:
    lexicon = lexicon_for("en")
    line = Document.from_text("Share this story on Facebook").lines[0]
    odd = Line(1, 0, line.text, 0, 0, "the council met on monday and voted", 7)
    memo = LineMemo()
    assert line_features([line], lexicon, memo=memo) == line_features([line], lexicon)
    assert line_features([odd], lexicon, memo=memo) == line_features([odd], lexicon)
    assert line_features([odd], lexicon) != line_features([line], lexicon)


TRICKY = [
    "Home\nNews | Sport / Weather\n\n\u201cThe council met,\u201d she said. \u201cIt voted.\u201d Then it left\u2026",
    "COPYRIGHT 2024 ACME. ALL RIGHTS RESERVED\n(C) Example \u00a9 2025 \u2122 \u00ae\nall righ\u0442s",
    "Stra\u00dfe und \u00c4rger: Die Regierung hat am Montag neue Regeln beschlossen.\n\u24b6\u24b7 circled \u24d0",
    "\u2022 One\n\u2022 Two\n1. first\n12) second\n[3] ref\n(4) item\n+ plus\n- minus\n* star",
    "Hi there, great article!\nThank you for this\nI loved it\nvisit www.example.com or mail me@x.org",
    "snake_case_word and \u0130stanbul \u0131 \u017f \u212a Kelvin \u00b2 \u00bd \u0660\u0661 digits",
    "x" * 1500 + " end.\n" + "Word " * 600 + "\n" + "A\u2019s " * 500,
    "\u00ab Read more \u00bb \u203a next \u00b7 dot \u2013 dash \u2014 dash \ufffd",
    "Why?\nHe said: \"No.\"\nEnds with closers.)]\nEllipsis...\u201d\nReally\u2026)",
    "\u5317\u4eac\u5e02\u653f\u5e9c\u5468\u4e00\u5ba3\u5e03\u3002\u65b0\u7684 \u4ea4\u901a\uff01 "
    "\nBeijing2024\u5e74\u3002\u3002\n\u6771\u4eac\u90fd\u306f\u30ab\u30bf\u30ab\u30ca\uff1f\u3000x"
    "\n\u7b80\u4f53\u4e2d\u6587 (Chinese)\n\U00020000\U00020001\U00020002",
]


def test_tricky_lines_same_values() -> None:
    for text in TRICKY:
        for language in ("en", "de", "fr"):
            _same(text, language)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80),
                min_size=1, max_size=12))
def test_random_lines_same_values(parts: list[str]) -> None:
    _same("\n".join(parts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aAbZ09_ .,!?:;|/()[]\"'\u2019\u201c\u201d\u2026\u00e9\u00df\u2022\u00a9-",
                        min_size=1, max_size=60), min_size=1, max_size=30))
def test_ascii_like_lines_same_values(parts: list[str]) -> None:
    _same("\n\n".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(), st.integers(-10**6, 10**6), st.booleans()), max_size=40))
def test_ordered_sum_adds_left_to_right(values: list[float]) -> None:
    from functools import reduce
    from operator import add

    want = reduce(add, values, 0.0)
    got = ordered_sum(values)
    assert type(got) is float
    assert repr(got) == repr(want)  # the same float, bit for bit (nan and -0.0 included)
