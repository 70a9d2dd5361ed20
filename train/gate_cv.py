"""Compare feature sets for the layout model's gate, cross-validated by domain.

The gate is a logistic regression that guesses from document-level features
whether a text is a whole-page dump (`page_text`) or extractor output. This
script fits it on three feature sets, each time scoring every document with a
gate trained without its site (the five domain folds of train_layout.py), and
prints the log loss, the error rate, and the share of documents left between
0.1 and 0.9 (where the pipeline blends both regimes):

  eight means   the gate before 2026-11-24 13:00 UTC: means of eight line features
  line means    the shipped gate (cleanwire.cleaners.layout.GATE_NAMES)
  all means     the line means plus the means of the rule-context features
                (better separated, but it reads how much the rules removed, so
                planted cruft can tip an article into the page regime: not shipped)

    pip install -e '.[train]'
    python train/gate_cv.py --cache FILE     # FILE: the feature table of train_layout.py --cache
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from labels import load  # noqa: E402
from train_layout import FOLDS, C, feature_table, fold_of  # noqa: E402

from cleanwire.cleaners.layout import MODEL_FEATURES, gate_features  # noqa: E402
from cleanwire.features import FEATURE_NAMES  # noqa: E402

EIGHT = ("log_lines", "doc_prose_share", "doc_sentence_share", "doc_mean_words",
         "short", "list_mark", "end_open", "widget_share")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, help="reuse (or write) the feature table in this pickle file")
    a = ap.parse_args(argv)
    docs = [d for d in feature_table(load(), a.cache) if len(d["X"]) >= 5]  # the layout cleaner leaves shorter texts to the rules
    y = np.array([d["variant"] == "page_text" for d in docs])
    fold = np.array([fold_of(d["domain"]) for d in docs])
    means = np.array([np.mean(np.array(d["X"]), axis=0) for d in docs])
    indented = np.array([[gate_features(d["X"], d["indents"])[-1]] for d in docs])
    line = list(range(1, len(FEATURE_NAMES)))
    sets = {
        "eight means": [MODEL_FEATURES.index(n) for n in EIGHT],
        "line means": line,
        "all means": list(range(1, len(MODEL_FEATURES))),
    }
    print(f"{len(docs)} documents, {FOLDS} domain folds")
    for name, columns in sets.items():
        x = np.hstack([means[:, columns], indented])
        p = np.zeros(len(y))
        for k in range(FOLDS):
            train, test = fold != k, fold == k
            model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=3000))
            model.fit(x[train], y[train])
            p[test] = model.predict_proba(x[test])[:, 1]
        q = np.clip(p, 1e-9, 1 - 1e-9)
        loss = -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
        blended = np.mean((p > 0.1) & (p < 0.9))
        print(f"{name:12} features {x.shape[1]:3}  log loss {loss:.4f}  error {np.mean((p >= 0.5) != y):.4f}  "
              f"blended {blended:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
