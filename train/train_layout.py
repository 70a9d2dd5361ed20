"""Train the layout model (two-stage boosted-tree line classifier) and write models/layout.json.

    pip install -e '.[train]'
    python train/train_layout.py                      # writes src/cleanwire/models/layout.json
    python train/train_layout.py --check              # retrain and compare with the shipped file
    python train/train_layout.py --cv                 # score every article with a model that never saw its site

Labels come from aligning the rule-cleaned lines of each corpus variant with
the gold text (train/labels.py). Evaluation holds out whole domains: every
domain is hashed into one of five folds; fold 0 is never trained on when
reporting held-out figures (--heldout), and the shipped model is trained on
all folds. Deterministic: the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import zlib
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from dataset import build  # noqa: E402
from labels import CORPUS, load  # noqa: E402

from cleanwire.cleaners.layout import (  # noqa: E402
    GATE_NAMES,
    MODEL_FEATURES,
    STACK_NAMES,
    gate_features,
    stack_features,
)
from cleanwire.document import Document  # noqa: E402

OUT = ROOT / "src" / "cleanwire" / "models" / "layout.json"
FOLDS = 5
C = 1.0  # the gate's regularisation
# The trees of each stage: small enough to score a line in a few microseconds in pure Python.
TREES = {"max_iter": 30, "max_depth": 3, "learning_rate": 0.2, "early_stopping": False, "random_state": 0}
# Cut-offs on p(content): text an extractor already trimmed is mostly content, so the
# extract regime drops only lines it is sure about. On a page dump whose main run of prose
# holds half of its words or more (an article page), a short line (menu items, buttons,
# labels: 25 words or fewer) needs more confidence to stay than a paragraph, whose loss
# would cost the page many words; shop and service pages keep one cut-off for all lines.
THRESHOLDS = {"page": 0.5, "extract": 0.15}
PROSE_PAGE = {"min_block_share": 0.5, "threshold": 0.45, "short_words": 25, "short_threshold": 0.6}


def fold_of(domain: str) -> int:
    return zlib.crc32(domain.encode("utf-8")) % FOLDS


def fit(X: np.ndarray, y: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=C, max_iter=5000).fit(scaler.transform(X), y)
    return scaler, model


def fit_trees(X: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(**TREES).fit(X, y)


def train_regime(docs: list[dict]) -> dict:
    """Fit stage one, out-of-fold stage-one scores, then stage two, for one regime."""
    docs = [d for d in docs if d["X"]]
    X = np.array([x for d in docs for x in d["X"]])
    y = np.array([t for d in docs for t in d["y"]])
    stage1 = fit_trees(X, y)
    # Stage two learns from the stage-one scores the model would give on unseen domains.
    halves = [[d for d in docs if zlib.crc32(d["domain"].encode()) // FOLDS % 2 == k] for k in (0, 1)]
    oof: dict[int, np.ndarray] = {}
    for a, b in ((0, 1), (1, 0)):
        part = fit_trees(np.array([x for d in halves[a] for x in d["X"]]),
                         np.array([t for d in halves[a] for t in d["y"]]))
        for d in halves[b]:
            oof[id(d)] = part.predict_proba(np.array(d["X"]))[:, 1]
    X2 = np.array([x + s for d in docs for x, s in zip(d["X"], stack_features(list(oof[id(d)])))])
    stage2 = fit_trees(X2, y)
    return {"stage1": export_trees(stage1), "stage2": export_trees(stage2)}


def export_trees(model: HistGradientBoostingClassifier) -> dict:
    """The ensemble as BoostedTrees reads it: leaves carry their (shrunk) values, inner nodes the
    count-weighted mean of the leaves below them."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes

        def mean(i: int, nodes: np.ndarray = nodes) -> tuple[float, int]:
            node = nodes[i]
            if node["is_leaf"]:
                return float(node["value"]), int(node["count"])
            (lv, lc), (rv, rc) = mean(int(node["left"])), mean(int(node["right"]))
            return (lv * lc + rv * rc) / max(1, lc + rc), lc + rc

        tree = []
        for i, node in enumerate(nodes):
            if node["is_leaf"]:
                tree.append([-1, 0.0, 0, 0, round(float(node["value"]), 6)])
            else:
                tree.append([int(node["feature_idx"]), float(node["num_threshold"]), int(node["left"]),
                             int(node["right"]), round(mean(i)[0], 6)])
        trees.append(tree)
    return {"base": round(float(model._baseline_prediction[0][0]), 6), "trees": trees}


def train(docs: list[dict]) -> dict:
    """Train the gate and both regimes; return the JSON spec.

    The page regime learns from whole-page texts. The extract regime learns from extracted
    texts and also from the whole-page texts the gate takes for extracted ones (gate below
    0.5): those are the page texts it will be asked about.
    """
    docs = [d for d in docs if d["X"]]
    features = np.array([gate_features(d["X"], d["indents"]) for d in docs])
    gate = fit(features, np.array([d["variant"] == "page_text" for d in docs]))
    scaler, regression = gate
    page_like = regression.predict_proba(scaler.transform(features))[:, 1] >= 0.5
    page = [d for d in docs if d["variant"] == "page_text"]
    extract = [d for d, g in zip(docs, page_like) if d["variant"] != "page_text" or not g]
    return {
        "kind": "gated-two-stage-boosted-trees",
        "features": list(MODEL_FEATURES),
        "gate_features": list(GATE_NAMES),
        "stack_features": list(STACK_NAMES),
        "gate": export(gate),
        "regimes": {
            "page": {**train_regime(page), "threshold": THRESHOLDS["page"], "prose_page": PROSE_PAGE},
            "extract": {**train_regime(extract), "threshold": THRESHOLDS["extract"]},
        },
        "meta": {"documents": len(docs), "lines": sum(len(d["y"]) for d in docs), "gate_C": C, "trees": TREES,
                 "command": "python train/train_layout.py"},
    }


def export(sm: tuple[StandardScaler, LogisticRegression]) -> dict:
    scaler, model = sm
    return {"weights": [round(float(w), 6) for w in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "mean": [round(float(m), 6) for m in scaler.mean_],
            "scale": [round(float(s), 6) for s in scaler.scale_]}


def evaluate(spec: dict, docs: list[dict], gold: dict[str, dict]) -> None:
    """Print article sF1 and leak per variant for rules only and rules + model, on *docs*."""
    from cleanwire.cleaners.layout import LayoutModel

    model = LayoutModel(spec)
    report([(d, decide(model, d)) for d in docs if d["type"] == "article"], gold)


def report(decided: list[tuple[dict, list[bool]]], gold: dict[str, dict]) -> None:
    """Print article sF1 and leak per variant for rules only and for the given keep decisions.

    *gold* maps a record id to its corpus record (``truth``, and ``without``: the known
    boilerplate snippets whose share left in the text is the scorer's leak)."""
    sys.path.insert(0, str(CORPUS.parent))
    import score  # the reference scorer

    for variant in ("page_text", "trafilatura", "trafilatura_recall", "readability"):
        rows: dict[str, tuple[list[float], list[float], list[float]]] = {"rules": ([], [], []), "model": ([], [], [])}
        for d, keep in decided:
            if d["variant"] != variant or d["type"] != "article":
                continue
            record = gold[d["id"]]
            for name, kept in (("rules", [True] * len(d["texts"])), ("model", keep)):
                text = render(d, kept)
                p, r, hp, hr = score.shingle_prf(text, record["truth"])
                if hp:
                    rows[name][0].append(p)
                if hr:
                    rows[name][1].append(r)
                leak = score.snippet_rate(text, record.get("without"))
                if leak is not None:
                    rows[name][2].append(leak)
        line = [f"{variant:<19}"]
        for name, (ps, rs, leaks) in rows.items():
            if ps and rs:
                P, R = statistics.mean(ps), statistics.mean(rs)
                leak_text = f" leak {statistics.mean(leaks):.3f}" if leaks else ""
                line.append(f"{name}: sP {P:.3f} sR {R:.3f} sF1 {2 * P * R / (P + R):.3f}{leak_text}")
        print("  ".join(line))


def decide(model: object, d: dict) -> list[bool]:
    """Keep/drop per line exactly as LayoutClassifier.apply decides (gate, threshold, guard)."""
    from cleanwire.cleaners import layout

    if len(d["X"]) < layout._MIN_LINES:
        return [True] * len(d["X"])
    lines = Document.from_text("\n".join(d["texts"])).lines
    if len(lines) != len(d["texts"]):
        raise ValueError(f"{d['id']}: its kept lines do not split back into the same lines")
    words = [line.words for line in lines]
    probs, cutoff, _, _ = model.decide(d["X"], d["indents"], words)  # type: ignore[attr-defined]
    guard = max(layout._GUARD_MIN_WORDS, layout._GUARD_SHARE * sum(words))
    title = layout.title_index(lines)
    return [p >= cutoff(w) or w >= guard or i == title for i, (p, w) in enumerate(zip(probs, words))]


def render(d: dict, keep: list[bool]) -> str:
    parts: list[str] = []
    for text, gap, k in zip(d["texts"], d["gaps"], keep):
        if k:
            parts.append(("\n\n" if gap else "\n") + text if parts else text)
    return "".join(parts)


def feature_table(records: list[dict], cache: Path | None = None) -> list[dict]:
    """The feature table of *records* (train/dataset.py), read from *cache* when it exists,
    else built and written there."""
    if cache and cache.exists():
        with open(cache, "rb") as f:
            docs: list[dict] = pickle.load(f)
        return docs
    docs = build(records)
    if cache:
        with open(cache, "wb") as f:
            pickle.dump(docs, f)
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout", action="store_true", help="train on folds 1-4, report on held-out fold 0")
    ap.add_argument("--cv", action="store_true",
                    help="cross-validate by domain: every article scored by a model that never saw its site")
    ap.add_argument("--check", action="store_true", help="compare the retrained model with the shipped file")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, help="reuse (or write) the feature table in this pickle file")
    a = ap.parse_args(argv)
    records = load()
    gold = {r["id"]: r for r in records}
    docs = feature_table(records, a.cache)
    if a.heldout:
        spec = train([d for d in docs if fold_of(d["domain"]) != 0])
        print("held-out domains (fold 0):")
        evaluate(spec, [d for d in docs if fold_of(d["domain"]) == 0], gold)
        return 0
    if a.cv:
        from cleanwire.cleaners.layout import LayoutModel

        decided: list[tuple[dict, list[bool]]] = []
        for k in range(FOLDS):
            model = LayoutModel(train([d for d in docs if fold_of(d["domain"]) != k]))
            decided += [(d, decide(model, d)) for d in docs if fold_of(d["domain"]) == k and d["type"] == "article"]
        print(f"cross-validated by domain ({FOLDS} folds, every article scored by a model trained without its site):")
        report(decided, gold)
        return 0
    spec = train(docs)
    text = json.dumps(spec, separators=(",", ":")) + "\n"
    if a.check:
        same = a.out.read_text(encoding="utf-8") == text
        print("shipped model reproduced exactly" if same else "shipped model differs from the retrained one")
        return 0 if same else 1
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text, encoding="utf-8")
    print(f"wrote {a.out}")
    evaluate(spec, docs, gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
