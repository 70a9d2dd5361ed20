"""Quality per detected language on the development corpus (in-sample, reference scorer).

    python bench/languages.py                  # every text whose language is not English
    python bench/languages.py --all            # English too (cleans all 1,497 x 4 texts: slow)
    python bench/languages.py --markdown

Each text (every scraped variant of every page) is grouped by the language cleanwire detects
for the whole text (the settle rounds may detect another one once cruft is gone), and scored
with the reference scorer's functions (``../shared/corpus/score.py``): shingle precision,
recall and F1 and the known-boilerplate leak, uncleaned and cleaned. The development corpus
is nearly all English, so the other groups are small: read them as examples, not estimates
(the held-out figures are ``train/harness.py``'s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402

import cleanwire  # noqa: E402
from cleanwire.document import Document  # noqa: E402
from cleanwire.lang import detect_language  # noqa: E402
from cleanwire.pipeline import _language_sample  # noqa: E402


def _scores(pairs: list[tuple[str, dict[str, Any]]], scorer: Any) -> dict[str, float | None]:
    ps, rs, leaks = [], [], []
    for out, record in pairs:
        p, r, has_p, has_r = scorer.shingle_prf(out, record["truth"])
        if has_p:
            ps.append(p)
        if has_r:
            rs.append(r)
        leak = scorer.snippet_rate(out, record.get("without"))
        if leak is not None:
            leaks.append(leak)
    precision = statistics.mean(ps) if ps else 0.0
    recall = statistics.mean(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"sP": precision, "sR": recall, "sF1": f1, "leak": statistics.mean(leaks) if leaks else None}


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--all", action="store_true", help="include the English texts")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args(argv)
    scorer = _corpus.load_scorer()
    groups: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for record in _corpus.load_records():
        for text in record["inputs"].values():
            if text is None:
                continue
            language = detect_language(_language_sample(Document.from_text(text).lines))
            if language == "en" and not args.all:
                continue
            groups[language].append((text, cleanwire.clean(text), record))
    rows = []
    for language, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        before = _scores([(text, record) for text, _, record in items], scorer)
        after = _scores([(out, record) for _, out, record in items], scorer)
        rows.append({"language": language, "texts": len(items),
                     "lists": language in cleanwire.lexicon.LANGUAGES, "uncleaned": before, "cleanwire": after})
    head = "| language | phrase lists | texts | uncleaned sF1 | sP | sR | sF1 | leak (uncleaned) |"
    print(head if args.markdown else head.replace("|", " ").strip())
    if args.markdown:
        print("|---|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        b, a = row["uncleaned"], row["cleanwire"]
        leak = "-" if a["leak"] is None else f"{a['leak']:.3f} ({b['leak']:.3f})"
        cells = [row["language"], "yes" if row["lists"] else "no", str(row["texts"]), f"{b['sF1']:.3f}",
                 f"{a['sP']:.3f}", f"{a['sR']:.3f}", f"{a['sF1']:.3f}", leak]
        print("| " + " | ".join(cells) + " |" if args.markdown else "  ".join(cells))
    return rows


if __name__ == "__main__":
    main()
