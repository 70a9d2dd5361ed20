"""Which cleaner drops the gold text's lines: words lost per cleaner and reason (in-sample).

    python bench/lost_lines.py                                      # articles' page texts
    python bench/lost_lines.py --types collection,documentation,forum,listing,product,service \\
        --variants trafilatura,readability,trafilatura_recall --examples 3

Every text of the chosen page types and variants is cleaned with ``clean_and_explain``. A
dropped line counts as lost content when it holds at least ``--min-chars`` characters and the
gold text holds it (spaces collapsed) more often than the cleaned text does, so a repeat the
gold text does not hold is not counted. The words of such lines are summed per cleaner and
reason; the layout step's reasons are grouped by regime (``layout (page)``, ``layout
(extract)``). Rules are not learned, so their rows hold out of sample too; the layout step's
are in-sample (``train/harness.py`` has the held-out figures).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402

import cleanwire  # noqa: E402


def collapse(text: str) -> str:
    """*text* with every run of whitespace made one space."""
    return " ".join(text.split())


def group(cleaner: str, reason: str) -> str:
    """The row a drop is counted in: the layout step's by regime, a rule's by its reason."""
    if cleaner == "layout":
        return "layout (" + reason.split(";")[0].rsplit("(", 1)[-1]
    return f"{cleaner}: {reason}"


def lost_words(records: list[dict[str, Any]], variants: list[str], min_chars: int,
               examples: int) -> tuple[Counter[str], dict[str, list[str]], int]:
    """Words of gold lines dropped, per row; a few example lines per row; the gold words in all."""
    lost: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    gold_words = 0
    for record in records:
        truth = collapse(record["truth"])
        for variant in variants:
            text = record["inputs"].get(variant)
            if not text:
                continue
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--types", default="article", help="comma-separated page types (default: article)")
    ap.add_argument("--variants", default="page_text", help="comma-separated input variants")
    ap.add_argument("--min-chars", type=int, default=15, help="shortest line counted (default: 15)")
    ap.add_argument("--examples", type=int, default=0, help="example lines shown per row")
    ap.add_argument("--top", type=int, default=20, help="rows shown (default: 20)")
    a = ap.parse_args(argv)
    records = _corpus.load_records(set(a.types.split(",")))
    lost, shown, gold_words = lost_words(records, a.variants.split(","), a.min_chars, a.examples)
    print(f"{len(records)} pages x {a.variants}: {sum(lost.values())} words of gold lines dropped "
          f"({gold_words} gold words in all); engine {cleanwire.ENGINE}")
    for row, words in lost.most_common(a.top):
        print(f"{words:8d}  {row}")
        for line in shown[row]:
            print(f"              {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
