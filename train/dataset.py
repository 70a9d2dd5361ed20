"""Build the training table: one row of features per kept line, with its label.

Run: python train/dataset.py OUT.pkl  (used by train/train_layout.py)
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labels import VARIANTS, Gold, domain, iter_docs, load  # noqa: E402

from cleanwire import Pipeline  # noqa: E402
from cleanwire.cleaners.layout import model_rows  # noqa: E402
from cleanwire.document import Line  # noqa: E402
from cleanwire.lexicon import lexicon_for  # noqa: E402


def rule_rows(rules: Pipeline, text: str) -> tuple[str, list[Line], list[bool], list[list[float]]]:
    """What the layout step gets when the *rules* have cleaned *text*: the detected language,
    the kept lines, whether a blank line is above each, and their feature rows."""
    doc = rules.document(text)
    kept, gaps = doc.kept_gaps()
    return doc.language, kept, gaps, model_rows(kept, gaps, lexicon_for(doc.language))


def build(records: list[dict], variants: tuple[str, ...] = VARIANTS) -> list[dict]:
    """Return one entry per (record, variant): its kept lines' features and labels."""
    rules = Pipeline.preset("rules", quotes=False)
    out = []
    for r, v, text in iter_docs(records, variants):
        language, kept, gaps, rows = rule_rows(rules, text)
        gold = Gold(r["truth"])
        out.append({
            "id": r["id"], "variant": v, "type": r["page_type"], "domain": domain(r["url"]),
            "language": language,
            "X": rows,
            "y": [gold.label(line.text) for line in kept],
            "texts": [line.text for line in kept],
            "gaps": gaps,
            "indents": [line.indent for line in kept],
        })
    return out


if __name__ == "__main__":
    data = build(load())
    with open(sys.argv[1], "wb") as f:
        pickle.dump(data, f)
    print(len(data), "documents", sum(len(d["y"]) for d in data), "lines")
