"""Train the layout model (two-stage boosted-tree line classifier) and write models/layout.json.

    pip install -e '.[train]'
    python train/train_layout.py                      # writes src/cleanwire/models/layout.json
    python train/train_layout.py --check              # retrain and compare with the shipped file
    python train/harness.py                           # how models trained this way do on what they never saw

Labels come from aligning the rule-cleaned lines of each corpus variant with the
gold text (train/labels.py). Two sets are added to the corpus: the transplant
training set (train/transplant.py: articles wrapped in other pages' chrome,
labelled line by line) and the corpus' page texts enciphered into a made-up
language (train/cipher.py), so that the model also learns to work where no
phrase list and no stop word applies. The shipped model is trained on every page; train/harness.py trains the
same way without the pages it scores. Deterministic: the same corpus gives the
same file.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import tables  # noqa: E402
import word_table  # noqa: E402
from labels import FOLDS, load  # noqa: E402

from cleanwire.cleaners.layout import (  # noqa: E402
    GATE_NAMES,
    MODEL_FEATURES,
    STACK_NAMES,
    LayoutModel,
    WordScores,
    gate_features,
    stack_features,
)

OUT = ROOT / "src" / "cleanwire" / "models" / "layout.json"
C = 1.0  # the gate's regularisation
# The trees of each stage: small enough to score a line in a few microseconds in pure Python.
# 60 trees of depth 4 cost less on the harness than 30 of depth 3 (the previous model) or 30 of
# depth 4, and as little as 100 (docs/quality.md, "Larger trees and filled dips").
TREES = {"max_iter": 60, "max_depth": 4, "learning_rate": 0.15, "early_stopping": False, "random_state": 0}


def tree_settings(text: str) -> dict[str, float]:
    """:data:`TREES` with the settings of *text* (a JSON object) merged in, for experiments
    (``--trees`` of this script and of train/harness.py).

    >>> tree_settings('{"max_depth": 8}')["max_depth"], tree_settings("{}")["max_iter"]
    (8, 60)
    """
    settings = json.loads(text)
    allowed = {*TREES, "max_leaf_nodes", "l2_regularization", "min_samples_leaf"}
    if not isinstance(settings, dict) or set(settings) - allowed:
        raise ValueError(f"a JSON object with keys among {sorted(allowed)}")
    return {**TREES, **settings}


# The decision rule: cut-offs on p(content) and a shift of the gate towards the page regime,
# chosen recall first through the whole pipeline on the cross-validation folds (train/harness.py
# --only pipeline --pipeline-rules, every document cleaned with a model that never saw its
# site): of 32 rules, the highest F1 on articles' page texts among those keeping at least 0.975
# of them (docs/quality.md, "The decision rule"; earlier rules were the cheapest of --choose's
# grid, train/decision_rule.py). A short line (menu items, buttons, labels: SHORT_WORDS words
# or fewer) has its own cut-off in the page regime.
# ``fill`` is the price of cleanwire.cleaners.layout.fill_dips (dropped runs between kept lines
# stay when their log-odds under the cut-offs add up to no more than it): chosen by hand on the
# harness (--fill), where the content words lost level off (docs/quality.md); it raises the cost
# at a weight of 2 and lowers it from a weight of about 3.4.
RULE = {"page_short": 0.35, "page_long": 0.3, "extract": 0.05, "gate_bias": 1.0, "fill": 3.0,
        "rescue_share": 0.2, "rescue_factor": 0.5}
SHORT_WORDS = 25
# Line weights in training, an experiment of the harness (``--line-weights``), off in the
# shipped model: None trains every line with weight 1; a share *s* gives each line of a
# document s / (its lines) + (1 - s) * (its words) / (the document's words), so that every
# document counts once, as the scorer's per-document averages do. With s = 0.5 the
# transplant set's F1 rose from 0.911 to 0.922, cross-validated articles stayed the same, and
# the model dropped the closing paragraph of tests/test_layout_model.py's menu page, so it
# was not shipped (docs/quality.md).
LINE_WEIGHTS: float | None = None
# Edge weights, an experiment of the harness (``--edge-weight``): a content line at the edge of a
# run of content (a cruft line or the document's end next to it: titles, leads, closing
# paragraphs) has its weight multiplied by this factor; 1.0 leaves weights as they are.
EDGE_WEIGHT: float = 1.0
# Stages, an experiment of the harness (``--stages``): each stage after the first reads the line
# features and the stack features of the previous stage's scores. The library runs two.
STAGES: int = 2
# The page regime's extracted texts, an experiment of the harness (``--page-extracted``): False
# trains the page regime on whole-page texts only; True adds the extracted texts that the gate,
# shifted by RULE's gate_bias as the library shifts it, takes for pages (those are the extracted
# texts the page regime will be asked about, as the extract regime learns from the page texts
# the gate takes for extracted ones).
PAGE_EXTRACTED: bool = False
# Whether the gate also learns from every corpus page without its blank lines and indentation
# (tables.flat_table; harness: ``--flat-gate``/``--no-flat-gate``). Without them, a gate of trees
# learns that a text without blank lines is extracted text.
FLAT_GATE: bool = True
# Whether the gate also learns from short page texts cut from the corpus page texts
# (tables.short_page_table; harness: ``--short-gate``/``--no-short-gate``). Without them, the
# gate took 44 % of held-out short page texts for extracted text (docs/quality.md, "The gate").
SHORT_GATE: bool = True
# Whether the page regime also learns from the settled page texts (tables.settled_table; harness:
# ``--settled``/``--no-settled``): what the layout step of a first fit leaves of each corpus page
# text, cleaned by the rules again, as the library's settle rounds show it to the layout step.
SETTLED: bool = True
# How many times, with SETTLED, the model is fitted again on what the previous fit's layout step
# leaves (harness: ``--settled-fits``). 2 (a third fit, on the second fit's survivors) was tried:
# through the pipeline, cross-validated articles' page texts kept 0.9749 instead of 0.9760, with
# F1 and leak the same (docs/quality.md, "Training on what the settle rounds show").
SETTLED_FITS: int = 1
# The gate's form (harness: ``--gate-trees JSON``): None fits the logistic regression of
# :func:`fit` (the gate up to this release); tree settings fit boosted trees on the same
# document features.
GATE_TREES: dict | None = {"max_iter": 100, "max_depth": 3, "learning_rate": 0.1, "early_stopping": False,
                           "random_state": 0}


def fit(X: np.ndarray, y: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
    """The gate: standardised features and a logistic regression fitted to convergence.

    Newton's method with a tolerance near machine precision reaches the optimum itself, so the
    six exported decimals do not depend on the processor or its BLAS (lbfgs stopped at the
    default tolerance differed in the fifth decimal between an AMD and an Intel machine).
    """
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=100)
    return scaler, model.fit(scaler.transform(X), y)


def line_weights(d: dict) -> np.ndarray:
    """The training weight of each line of *d* under :data:`LINE_WEIGHTS` (ones when it is None)."""
    n = len(d["y"])
    if LINE_WEIGHTS is None:
        w = np.ones(n)
    else:
        words = np.maximum(np.rint(np.expm1(matrix(d)[:, MODEL_FEATURES.index("log_words")])), 1.0)
        w = LINE_WEIGHTS / n + (1 - LINE_WEIGHTS) * words / words.sum()
    if EDGE_WEIGHT != 1.0 and n:
        y = np.asarray(d["y"], dtype=bool)
        before = np.concatenate([[False], y[:-1]])
        after = np.concatenate([y[1:], [False]])
        w = np.where(y & ~(before & after), w * EDGE_WEIGHT, w)
    return w


def fit_trees(X: np.ndarray, y: np.ndarray, weights: np.ndarray) -> HistGradientBoostingClassifier:
    """Boosted trees on rows *X*, labels *y*; *weights* per row, unless they are all ones."""
    if LINE_WEIGHTS is None and EDGE_WEIGHT == 1.0:
        return HistGradientBoostingClassifier(**TREES).fit(X, y)
    return HistGradientBoostingClassifier(**TREES).fit(X, y, sample_weight=weights * (len(weights) / weights.sum()))


Gate = tuple[StandardScaler, LogisticRegression] | HistGradientBoostingClassifier
"""A fitted gate: a scaler and a logistic regression, or boosted trees (:data:`GATE_TREES`)."""


def fit_gate(X: np.ndarray, y: np.ndarray) -> Gate:
    """The gate of :data:`GATE_TREES`'s form on document features *X*, labels *y* (page text or not)."""
    if GATE_TREES is None:
        return fit(X, y)
    return HistGradientBoostingClassifier(**GATE_TREES).fit(X, y)


def gate_page_like(gate: Gate, X: np.ndarray, shift: float = 0.0) -> np.ndarray:
    """Whether the gate, its log-odds shifted by *shift*, takes each document of *X* for a page text."""
    if isinstance(gate, HistGradientBoostingClassifier):
        return np.asarray(gate.decision_function(X) + shift >= 0.0)
    scaler, regression = gate
    scaled = scaler.transform(X)
    if shift == 0.0:  # the test the shipped model was trained with (it must reproduce exactly)
        return np.asarray(regression.predict_proba(scaled)[:, 1] >= 0.5)
    return np.asarray(regression.decision_function(scaled) + shift >= 0.0)


@dataclass
class Fitted:
    """The fitted parts of a layout model: the gate (scaler, regression), per regime the
    two stages' tree ensembles, and the word score table the line features read."""

    gate: Gate
    regimes: dict[str, tuple[HistGradientBoostingClassifier, ...]]
    documents: int
    lines: int
    words: WordScores


def _oof_scores(docs: list[dict], rows: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    """Out-of-fold scores of trees trained on *rows*: each half of the domains scored by trees
    fitted on the other half, so the next stage learns from the scores the model gives on
    unseen domains."""
    halves = [[d for d in docs if zlib.crc32(d["domain"].encode()) // FOLDS % 2 == k] for k in (0, 1)]
    oof: dict[int, np.ndarray] = {}
    for a, b in ((0, 1), (1, 0)):
        if not halves[a] or not halves[b]:
            continue
        part = fit_trees(np.concatenate([rows[id(d)] for d in halves[a]]),
                         np.concatenate([np.asarray(d["y"]) for d in halves[a]]),
                         np.concatenate([line_weights(d) for d in halves[a]]))
        scores = part.predict_proba(np.concatenate([rows[id(d)] for d in halves[b]]))[:, 1]
        start = 0
        for d in halves[b]:
            oof[id(d)] = scores[start:start + len(d["y"])]
            start += len(d["y"])
    return oof


def fit_regime(docs: list[dict]) -> tuple[HistGradientBoostingClassifier, ...]:
    """Fit stage one, then each later stage (:data:`STAGES` in all) on the line features and the
    out-of-fold scores of the stage before it, for one regime."""
    docs = [d for d in docs if d["X"]]
    y = np.concatenate([np.asarray(d["y"]) for d in docs])
    w = np.concatenate([line_weights(d) for d in docs])
    rows = {id(d): matrix(d) for d in docs}
    stages = []
    for stage in range(STAGES):
        stages.append(fit_trees(np.concatenate([rows[id(d)] for d in docs]), y, w))
        if stage + 1 < STAGES:
            oof = _oof_scores(docs, rows)
            rows = {id(d): np.hstack([matrix(d), np.asarray(stack_features(list(oof[id(d)])), dtype=float)])
                    for d in docs}
    return tuple(stages)


def matrix(d: dict) -> np.ndarray:
    """A document's feature rows as a float array (made once and kept in *d*)."""
    if "A" not in d:
        d["A"] = np.asarray(d["X"], dtype=float)
    return d["A"]


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


def fit_all(docs: list[dict], gate_docs: list[dict] | None = None, words: WordScores | None = None) -> Fitted:
    """Fit the gate and both regimes, every document's word columns set under *words*
    (word_table.set_columns; None: an empty table).

    The gate learns from *docs* and from *gate_docs*, documents known only by their gate
    inputs (``G``: tables.flat_table, pages without blank lines and indentation;
    tables.short_page_table, short page texts). The page regime
    learns from whole-page texts. The extract regime learns from extracted texts and also
    from the whole-page texts the gate takes for extracted ones (gate below 0.5): those are
    the page texts it will be asked about.
    """
    words = words or WordScores()
    for d in docs:
        word_table.set_columns(d, words)
    settled = [d for d in docs if d.get("settled") and d["X"]]
    docs = [d for d in docs if d["X"] and not d.get("settled")]
    features = np.array([gate_features(d["X"], d["indents"]) for d in docs])
    extra = gate_docs or []
    gate_X = np.vstack([features, *(np.asarray([d["G"]]) for d in extra)])
    gate = fit_gate(gate_X, np.array([d["variant"] == "page_text" for d in (*docs, *extra)]))
    page_like = gate_page_like(gate, features)
    shifted = gate_page_like(gate, features, RULE["gate_bias"])
    page = [d for d, g in zip(docs, shifted) if d["variant"] == "page_text" or (PAGE_EXTRACTED and g)] + settled
    extract = [d for d, g in zip(docs, page_like) if d["variant"] != "page_text" or not g]
    return Fitted(gate, {"page": fit_regime(page), "extract": fit_regime(extract)},
                  len(docs), sum(len(d["y"]) for d in docs), words)


def fit_model(docs: list[dict], gate_docs: list[dict], truth: dict[str, str],
              rule: dict[str, float] | None = None) -> Fitted:
    """The word score table of *docs* (word_table.learn), then :func:`fit_all`, and with
    :data:`SETTLED` a second fit that also learns from what the first fit's layout step (decision
    rule *rule*, else :data:`RULE`) leaves of the corpus page texts among *docs*
    (tables.settled_table; *truth*: the gold text by record id); :data:`SETTLED_FITS` such fits,
    each on what the previous one leaves. Every fit reads the same table."""
    words = word_table.learn(d for d in docs if not d.get("settled"))
    fitted = fit_all(docs, gate_docs, words)
    for _ in range(SETTLED_FITS if SETTLED else 0):
        previous = LayoutModel(to_spec(fitted, rule))
        fitted = fit_all(docs + tables.settled_table(previous, docs, truth), gate_docs, words)
    return fitted


def to_spec(fitted: Fitted, rule: dict[str, float] | None = None) -> dict:
    """The model file's JSON description of *fitted*, with the decision rule *rule* (keys of
    decision_rule.GRID: the page regime's cut-offs for short and long lines, the extract
    regime's cut-off, a shift of the gate's log-odds) or, without one, :data:`RULE`."""
    rule = RULE if rule is None else rule

    def regime(name: str) -> dict:
        if len(fitted.regimes[name]) != 2:
            raise ValueError("the library's model has two stages; --stages is a harness experiment")
        stage1, stage2 = fitted.regimes[name]
        return {"stage1": export_trees(stage1), "stage2": export_trees(stage2)}

    if isinstance(fitted.gate, HistGradientBoostingClassifier):
        gate = export_trees(fitted.gate)
        gate["base"] = round(gate["base"] + rule["gate_bias"], 6)
    else:
        gate = export(fitted.gate)
        gate["intercept"] = round(gate["intercept"] + rule["gate_bias"], 6)
    return {
        "kind": "gated-two-stage-boosted-trees",
        "fill": rule.get("fill", 0.0),
        **rescue_spec(rule),
        "features": list(MODEL_FEATURES),
        "gate_features": list(GATE_NAMES),
        "stack_features": list(STACK_NAMES),
        "words": {"scale": fitted.words.scale, "scores": fitted.words.scores},
        "gate": gate,
        "regimes": {
            "page": {**regime("page"), "threshold": rule["page_long"], "short_threshold": rule["page_short"],
                     "short_words": SHORT_WORDS},
            "extract": {**regime("extract"), "threshold": rule["extract"]},
        },
        "meta": {"documents": fitted.documents, "lines": fitted.lines,
                 **({"gate_C": C} if GATE_TREES is None else {"gate_trees": GATE_TREES}), "trees": TREES,
                 "word_min_domains": word_table.MIN_DOMAINS,
                 "command": "python train/train_layout.py"},
    }


def rescue_spec(rule: dict[str, float]) -> dict[str, dict[str, float]]:
    """The model file's ``rescue`` entry of *rule* (``rescue_share``, ``rescue_factor``), or none."""
    if "rescue_share" not in rule:
        return {}
    return {"rescue": {"share": rule["rescue_share"], "factor": rule["rescue_factor"]}}


def export(sm: tuple[StandardScaler, LogisticRegression]) -> dict:
    scaler, model = sm
    return {"weights": [round(float(w), 6) for w in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "mean": [round(float(m), 6) for m in scaler.mean_],
            "scale": [round(float(s), 6) for s in scaler.scale_]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare the retrained model with the shipped file")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache-dir", type=Path, help="reuse (or write) the feature tables in this folder")
    ap.add_argument("--rule", help="experiment: train with this decision rule as JSON (the keys of RULE; "
                                   "as train/harness.py --rule) instead of RULE; write the file with --out")
    ap.add_argument("--trees", metavar="JSON",
                    help="experiment: tree settings as JSON, merged into TREES (as train/harness.py --trees); "
                         "write the file with --out")
    a = ap.parse_args(argv)
    if (a.rule or a.trees) and a.out == OUT and not a.check:
        ap.error("--rule and --trees are experiments: write their model elsewhere with --out")
    if a.trees:
        global TREES
        try:
            TREES = tree_settings(a.trees)
        except ValueError as e:
            ap.error(f"--trees: {e}")
    rule = json.loads(a.rule) if a.rule else None
    records = load()
    corpus = tables.corpus_table(records, a.cache_dir)
    _, transplants = tables.transplant_sets(records, a.cache_dir)
    enciphered, _ = tables.cipher_table(records, a.cache_dir)
    gate_docs = ((tables.flat_table(records, a.cache_dir) if FLAT_GATE else [])
                 + (tables.short_page_table(corpus, a.cache_dir) if SHORT_GATE else []))
    truth = {r["id"]: r["truth"] for r in records}
    spec = to_spec(fit_model(corpus + transplants + enciphered, gate_docs, truth, rule), rule)
    text = json.dumps(spec, separators=(",", ":")) + "\n"
    if a.check:
        same = a.out.read_text(encoding="utf-8") == text
        print("shipped model reproduced exactly" if same else "shipped model differs from the retrained one")
        return 0 if same else 1
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text, encoding="utf-8")
    print(f"wrote {a.out} ({spec['meta']['documents']} documents, {spec['meta']['lines']} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
