"""Which cleaner drops the gold text's lines: words lost per cleaner and reason (in-sample); with
``--kept``, where the cruft that cleaning keeps sits; with ``--leaks``, which lines hold the known
boilerplate it keeps.

    python bench/lost_lines.py                                      # articles' page texts
    python bench/lost_lines.py --types collection,documentation,forum,listing,product,service \\
        --variants trafilatura,readability,trafilatura_recall --examples 3
    python bench/lost_lines.py --kept --examples 5                  # cruft kept, by position
    python bench/lost_lines.py --leaks --examples 3                 # known boilerplate kept, by line

Every text of the chosen page types and variants is cleaned with ``clean_and_explain``. A
dropped line counts as lost content when it holds at least ``--min-chars`` characters and the
gold text holds it (spaces collapsed) more often than the cleaned text does, so a repeat the
gold text does not hold is not counted. The words of such lines are summed per cleaner and
reason; the layout step's reasons are grouped by regime (``layout (page)``, ``layout
(extract)``). Rules are not learned, so their rows hold out of sample too; the layout step's
are in-sample (``train/harness.py`` has the held-out figures).

``--kept`` counts the other side: a kept line of at least ``--min-chars`` characters that is not
content by the training labels' rule (``train/labels.py``: half of its word 4-grams in the gold
text) is cruft kept. Its words are summed by where the line sits among the
kept lines: above the first kept line the gold text holds (``above the content``), below the
last (``below the content``), between them (``within the content``), or in a text where no kept
line is gold (``no content kept``).

``--leaks`` counts what the reference scorer's ``leak`` counts: the record's known-boilerplate
snippets (``without``) that the cleaned text holds (case and spaces aside), each by the kept line
that holds it: whether the training labels call that line content or cruft (a snippet on a
content line is one no line cleaner can remove without the content), whether it has five words or
fewer, and where it sits, as with ``--kept``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "train"))

import _corpus  # noqa: E402
from labels import Gold  # noqa: E402

import cleanwire  # noqa: E402


def collapse(text: str) -> str:
    """*text* with every run of whitespace made one space."""
    return " ".join(text.split())


def group(cleaner: str, reason: str) -> str:
    """The row a drop is counted in: the layout step's by regime, a rule's by its reason."""
    if cleaner == "layout":
        return "layout (" + reason.split(";")[0].rsplit("(", 1)[-1]
    return f"{cleaner}: {reason}"


def texts_of(records: list[dict[str, Any]], variants: list[str]) -> Iterator[tuple[dict[str, Any], str, str]]:
    """Every non-empty text of *records* in *variants*: its record, variant and text."""
    for record in records:
        for variant in variants:
            text = record["inputs"].get(variant)
            if text:
                yield record, variant, text


def lost_words(records: list[dict[str, Any]], variants: list[str], min_chars: int,
               examples: int) -> tuple[Counter[str], dict[str, list[str]], int]:
    """Words of gold lines dropped, per row; a few example lines per row; the gold words in all."""
    lost: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    gold_words = 0
    for record, variant, text in texts_of(records, variants):
        truth = collapse(record["truth"])
        gold_words += len(truth.split())
        result = cleanwire.clean_and_explain(text)
        kept = collapse(result.text)
        for decision in result.trace:
            line = collapse(decision.text)
            if decision.action != "drop" or len(line) < min_chars or truth.count(line) <= kept.count(line):
                continue
            row = group(decision.cleaner, decision.reason)
            lost[row] += len(line.split())
            if len(shown[row]) < examples:
                shown[row].append(f"{record['page_type']}/{variant}: {line[:90]}")
    return lost, shown, gold_words


def position(index: int, content: list[int]) -> str:
    """Where the kept line at *index* sits against the kept gold lines at indices *content*."""
    if not content:
        return "no content kept"
    if index < content[0]:
        return "above the content"
    return "below the content" if index > content[-1] else "within the content"


def kept_cruft_words(records: list[dict[str, Any]], variants: list[str], min_chars: int,
                     examples: int) -> tuple[Counter[str], dict[str, list[str]], int]:
    """Words of kept lines that are not content by the training labels, per position; a few example lines per
    position; the words of every kept line in all."""
    kept_cruft: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    kept_words = 0
    for record, variant, text in texts_of(records, variants):
        gold = Gold(record["truth"])
        dropped = {d.line for d in cleanwire.clean_and_explain(text).trace if d.action == "drop"}
        kept = [line for number, raw in enumerate(text.splitlines(), start=1)
                if number not in dropped and (line := collapse(raw))]
        kept_words += sum(len(line.split()) for line in kept)
        labels = [gold.label(line) for line in kept]
        content = [i for i, label in enumerate(labels) if label]
        for i, line in enumerate(kept):
            if len(line) < min_chars or labels[i]:
                continue
            row = position(i, content)
            kept_cruft[row] += len(line.split())
            if len(shown[row]) < examples:
                shown[row].append(f"{record['page_type']}/{variant}: {line[:90]}")
    return kept_cruft, shown, kept_words


def leaked_snippets(records: list[dict[str, Any]], variants: list[str],
                    examples: int) -> tuple[Counter[str], dict[str, list[str]], int]:
    """The known-boilerplate snippets (``without``) that the cleaned text still holds, counted by
    the kept line that holds each: whether the training labels call it content or cruft, whether
    it is short (five words or fewer) and where it sits among the kept lines; a few examples
    per row; the snippets in all."""
    leaked: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    snippets = 0
    for record, variant, text in texts_of(records, variants):
        gold = Gold(record["truth"])
        kept = [line for raw in cleanwire.clean(text).splitlines() if (line := collapse(raw))]
        folded = [line.lower() for line in kept]
        labels = [gold.label(line) for line in kept]
        content = [i for i, label in enumerate(labels) if label]
        whole = " ".join(folded)
        for snippet in record.get("without") or []:
            snippets += 1
            needle = collapse(snippet).lower()
            if not needle or needle not in whole:
                continue
            holding = [i for i, line in enumerate(folded) if needle in line]
            if not holding:
                row = "across kept lines"
            else:
                i = holding[0]
                size = "short line" if len(kept[i].split()) <= 5 else "longer line"
                row = f"{'content' if labels[i] else 'cruft'} by the labels, {size}, {position(i, content)}"
            leaked[row] += 1
            if len(shown[row]) < examples:
                line = kept[holding[0]] if holding else needle
                shown[row].append(f"{record['page_type']}/{variant}: {snippet[:40]!r} in {line[:80]!r}")
    return leaked, shown, snippets


def print_rows(counts: Counter[str], shown: dict[str, list[str]], top: int | None = None) -> None:
    """The *top* rows of *counts* (all: None), largest first, each with its example lines."""
    for row, count in counts.most_common(top):
        print(f"{count:8d}  {row}")
        for line in shown[row]:
            print(f"              {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--types", default="article", help="comma-separated page types (default: article)")
    ap.add_argument("--variants", default="page_text", help="comma-separated input variants")
    ap.add_argument("--min-chars", type=int, default=15, help="shortest line counted (default: 15)")
    ap.add_argument("--examples", type=int, default=0, help="example lines shown per row")
    ap.add_argument("--top", type=int, default=20, help="rows shown (default: 20)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--kept", action="store_true", help="count the cruft kept, by position, instead")
    mode.add_argument("--leaks", action="store_true",
                      help="count the known-boilerplate snippets kept, by the line that holds them, instead")
    a = ap.parse_args(argv)
    records = _corpus.load_records(set(a.types.split(",")))
    variants = a.variants.split(",")
    if a.leaks:
        leaked, shown, snippets = leaked_snippets(records, variants, a.examples)
        print(f"{len(records)} pages x {a.variants}: {sum(leaked.values())} of {snippets} known-boilerplate "
              f"snippets kept; engine {cleanwire.ENGINE}")
        print_rows(leaked, shown)
    elif a.kept:
        cruft, shown, kept_words = kept_cruft_words(records, variants, a.min_chars, a.examples)
        print(f"{len(records)} pages x {a.variants}: {sum(cruft.values())} words of kept lines that are not "
              f"content ({kept_words} words kept in all); engine {cleanwire.ENGINE}")
        print_rows(cruft, shown)
    else:
        lost, shown, gold_words = lost_words(records, variants, a.min_chars, a.examples)
        print(f"{len(records)} pages x {a.variants}: {sum(lost.values())} words of gold lines dropped "
              f"({gold_words} gold words in all); engine {cleanwire.ENGINE}")
        print_rows(lost, shown, a.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
