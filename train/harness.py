"""Generalization harness: the layout model on sites, page types, languages and page shapes it never saw.

    pip install -e '.[train]'
    python train/harness.py --cache-dir /tmp/cw                 # every evaluation, tables on stdout
    python train/harness.py --only cv,transplant --cache-dir /tmp/cw
    python train/harness.py --cache-dir /tmp/cw --choose --json bench/results/harness.json
    python train/harness.py --render bench/results/harness.json   # the saved tables and the goals met

Evaluations (each document is scored by a model trained without it):

``cv``          cross-validation by domain (the five domain folds of train_layout.py): every page
                of the development corpus, all four scraped variants;
``transplant``  the transplant set (train/transplant.py): every article of a fold wrapped in the
                chrome, teaser rails, comment threads, bios and disclaimers of other pages of
                that fold, indentation varied; scored per family of content and cruft. The
                models are the ``cv`` models, so neither the article nor its chrome was seen;
``cipher``      the page texts of every page enciphered word for word into a made-up language
                (train/cipher.py): what the model does where no phrase list and no stop word
                applies; scored by the ``cv`` models, so the sites are unseen too;
``page-type``   leave one page type out: train on the other six types, test on this one;
``language``    leave one language out: train without the pages detected as that language,
                test on them. The development corpus is nearly all English (32 of 1,497 page
                texts are detected as another language, none with enough pages alone), so the
                languages other than English are left out together.

Training is the shipped model's (train/train_layout.py): the corpus, the ``train`` transplant
set (other template wording than the evaluated ``eval`` set; see train/transplant.py) and the
enciphered page texts, of the training folds only. ``--no-augment`` leaves out the
transplants, ``--no-cipher-train`` the enciphered texts (to measure what each brings).

Figures: the reference scorer's 4-gram shingle precision, recall and F1 and the known-boilerplate
leak (``../shared/corpus/score.py``), against the gold text for corpus pages and against the
article's own lines for transplants; per family, the share of content lines kept and of cruft
lines removed. The decision rule is the library's own (``LayoutModel.combine`` and the
guards of ``LayoutClassifier``), applied to the fold models' probabilities.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import tables  # noqa: E402
import train_layout  # noqa: E402
import transplant as tp  # noqa: E402
from labels import CORPUS, FOLDS, fold_of, load  # noqa: E402
from train_layout import RULE, Fitted, fit_all, matrix, to_spec  # noqa: E402

from cleanwire.cleaners import layout  # noqa: E402
from cleanwire.cleaners.layout import MODEL_FEATURES, LayoutModel, gate_features, stack_features  # noqa: E402
from cleanwire.document import Document  # noqa: E402

sys.path.insert(0, str(CORPUS.parent))
import score  # noqa: E402  (the reference scorer)

EVALUATIONS = ("cv", "transplant", "cipher", "page-type", "language")
MIN_LANGUAGE_PAGES = 20
VARIANTS = ("page_text", "trafilatura", "trafilatura_recall", "readability")


# -- scoring with fold models -------------------------------------------------------------------


class FoldModel:
    """A model trained on some documents, scoring others with the library's decision rule."""

    def __init__(self, fitted: Fitted, rule: dict[str, float] | None = None) -> None:
        self.fitted = fitted
        self.spec = to_spec(fitted, rule)
        self.model = LayoutModel(self.spec)

    def probabilities(self, docs: list[dict]) -> list[tuple[float, dict[str, np.ndarray]]]:
        """Per document: the gate's page probability and each regime's p(content) per line."""
        G = np.array([gate_features(d["X"], d["indents"]) for d in docs])
        weights, bias = layout._fold(self.spec["gate"])
        g = 1.0 / (1.0 + np.exp(-(G @ np.asarray(weights) + bias)))
        X = np.concatenate([matrix(d) for d in docs])
        bounds = np.cumsum([0] + [len(d["X"]) for d in docs])
        regimes: dict[str, np.ndarray] = {}
        for name, (stage1, stage2) in self.fitted.regimes.items():
            p1 = stage1.predict_proba(X)[:, 1]
            S = np.concatenate([np.asarray(stack_features(list(p1[a:b])), dtype=float).reshape(b - a, -1)
                                for a, b in zip(bounds[:-1], bounds[1:])])
            regimes[name] = stage2.predict_proba(np.hstack([X, S]))[:, 1]
        return [(float(g[i]), {name: p[bounds[i]:bounds[i + 1]] for name, p in regimes.items()})
                for i in range(len(docs))]

    def decide(self, docs: list[dict], held: list | None = None) -> list[list[bool]]:
        """Keep/drop per kept line of every document, as LayoutClassifier.apply decides; with
        *held*, also collect what train/decision_rule.py needs to choose cut-offs."""
        out = []
        for d, (g, ps) in zip(docs, self.probabilities(docs)):
            keep, words, guarded = keep_lines(self.model, d, g, ps)
            out.append(keep)
            if held is not None:
                held.append((d, g, ps, words, guarded))
        return out


def keep_lines(model: LayoutModel, d: dict, g: float,
               ps: dict[str, np.ndarray]) -> tuple[list[bool], list[int], list[bool]]:
    """The keep decisions, the words per line, and which lines the guards keep whatever their score."""
    lines = Document.from_text("\n".join(d["texts"])).lines
    words = [line.words for line in lines]
    if len(d["X"]) < layout._MIN_LINES:
        return [True] * len(d["X"]), words, [True] * len(d["X"])
    probs, cutoff, _ = model.combine(g, list(ps["page"]), list(ps["extract"]))
    guard = max(layout._GUARD_MIN_WORDS, layout._GUARD_SHARE * sum(words))
    title = layout.title_index(lines)
    guarded = [w >= guard or i == title for i, w in enumerate(words)]
    return [p >= cutoff(w) or k for p, w, k in zip(probs, words, guarded)], words, guarded


def render(d: dict, keep: list[bool]) -> str:
    parts: list[str] = []
    for text, gap, k in zip(d["texts"], d["gaps"], keep):
        if k:
            parts.append(("\n\n" if gap else "\n") + text if parts else text)
    return "".join(parts)


# -- reports -----------------------------------------------------------------------------------


def _prf(rows: list[tuple[float | None, float | None, float | None]]) -> dict[str, float]:
    ps = [p for p, _, _ in rows if p is not None]
    rs = [r for _, r, _ in rows if r is not None]
    leaks = [k for _, _, k in rows if k is not None]
    P = statistics.mean(ps) if ps else 0.0
    R = statistics.mean(rs) if rs else 0.0
    out = {"docs": len(rows), "sP": P, "sR": R, "sF1": 2 * P * R / (P + R) if P + R else 0.0}
    if leaks:
        out["leak"] = statistics.mean(leaks)
    return out


def corpus_rows(decided: Iterable[tuple[dict, list[bool]]], gold: dict[str, dict]) -> dict[str, list]:
    """Per (variant, page type): (precision, recall, leak) of every document, as the scorer computes them."""
    rows: dict[str, list] = defaultdict(list)
    for d, keep in decided:
        record = gold[d["id"]]
        text = render(d, keep)
        p, r, hp, hr = score.shingle_prf(text, record["truth"])
        leak = score.snippet_rate(text, record.get("without"))
        rows[f"{d['variant']}|{d['type']}"].append((p if hp else None, r if hr else None, leak))
    return rows


def summarise_corpus(rows: dict[str, list]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for key in sorted(rows):
        out[key] = _prf(rows[key])
    for variant in VARIANTS:
        every = [x for key, v in rows.items() if key.startswith(variant + "|") for x in v]
        if every:
            out[f"{variant}|all"] = _prf(every)
    return out


def transplant_report(decided: Iterable[tuple[dict, list[bool]]]) -> dict[str, Any]:
    """Shingle P/R/F1 against the article's own lines, and per family the share of lines kept."""
    rows = []
    by_mode: dict[str, list] = defaultdict(list)
    kept_by_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d, keep in decided:
        text = render(d, keep)
        p, r, hp, hr = score.shingle_prf(text, d["gold"])
        row = (p if hp else None, r if hr else None, None)
        rows.append(row)
        by_mode[d["mode"]].append(row)
        for family, k in zip(d["families"], keep):
            kept_by_family[family][0] += int(k)
            kept_by_family[family][1] += 1
        for family in d["lost"]:  # content the rules removed
            kept_by_family[family][1] += 1
    families = {}
    for family in (*tp.CONTENT_FAMILIES, *tp.CRUFT_FAMILIES):
        k, n = kept_by_family.get(family, [0, 0])
        if n:
            families[family] = {"lines": n, "kept": k / n}
    return {"all": _prf(rows), "modes": {m: _prf(v) for m, v in sorted(by_mode.items())}, "families": families}


def gate_report(held: list) -> dict[str, float]:
    """How the gate routes held-out documents: the share of whole-page texts it takes for extracted
    text (below 0.5), of extracted texts it takes for page dumps, and of each left to a blend."""
    page = [g for d, g, *_ in held if d["variant"] == "page_text" and len(d["X"]) >= layout._MIN_LINES]
    extract = [g for d, g, *_ in held if d["variant"] != "page_text" and len(d["X"]) >= layout._MIN_LINES]
    return {
        "page texts taken for extracts": sum(g < 0.5 for g in page) / (len(page) or 1),
        "page texts blended": sum(0.1 < g < 0.9 for g in page) / (len(page) or 1),
        "extracts taken for page texts": sum(g >= 0.5 for g in extract) / (len(extract) or 1),
        "extracts blended": sum(0.1 < g < 0.9 for g in extract) / (len(extract) or 1),
    }


def fmt(row: dict[str, float]) -> str:
    leak = f"  leak {row['leak']:.3f}" if "leak" in row else ""
    return f"docs {row['docs']:>5}  sP {row['sP']:.4f}  sR {row['sR']:.4f}  sF1 {row['sF1']:.4f}{leak}"


# -- the evaluations ---------------------------------------------------------------------------


def run(only: tuple[str, ...], corpus: list[dict], eval_set: list[dict], train_set: list[dict],
        cipher_set: list[dict], gold: dict[str, dict], augment: bool, cipher_train: bool,
        log: Callable[[str], None], rule: dict[str, float] | None = None,
        held: list | None = None) -> dict[str, Any]:
    """Run the evaluations in *only*; with *held*, collect the out-of-fold facts of the ``cv`` and
    ``transplant`` documents for choosing cut-offs (train/decision_rule.py)."""
    results: dict[str, Any] = {}
    corpus = [d for d in corpus if d["X"]]

    def fit(docs: list[dict]) -> FoldModel:
        t0 = time.time()
        model = FoldModel(fit_all(docs), rule)
        log(f"  trained on {len(docs)} documents in {time.time() - t0:.0f} s")
        return model

    if "cv" in only or "transplant" in only or "cipher" in only:
        decided: list[tuple[dict, list[bool]]] = []
        decided_t: list[tuple[dict, list[bool]]] = []
        decided_c: list[tuple[dict, list[bool]]] = []
        held_cv: list = []
        for k in range(FOLDS):
            log(f"cv fold {k}")
            train = [d for d in corpus if fold_of(d["domain"]) != k]
            if augment:
                train += [d for d in train_set if d["fold"] != k and d["X"]]
            if cipher_train:
                train += [d for d in cipher_set if fold_of(d["domain"]) != k and d["X"]]
            model = fit(train)
            if "cipher" in only:
                test_c = [d for d in cipher_set if fold_of(d["domain"]) == k and d["X"]]
                decided_c += list(zip(test_c, model.decide(test_c)))
            if "cv" in only:
                test = [d for d in corpus if fold_of(d["domain"]) == k]
                before = len(held_cv)
                decided += list(zip(test, model.decide(test, held_cv)))
                if held is not None:
                    held.extend(held_cv[before:])
            if "transplant" in only:
                test_t = [d for d in eval_set if d["fold"] == k and d["X"]]
                decided_t += list(zip(test_t, model.decide(test_t, held)))
        if "cv" in only:
            results["cv"] = summarise_corpus(corpus_rows(decided, gold))
            results["gate"] = gate_report(held_cv)
        if "transplant" in only:
            results["transplant"] = transplant_report(decided_t)
        if "cipher" in only:
            results["cipher"] = summarise_corpus(corpus_rows(decided_c, gold))
    extra = (train_set if augment else []) + (cipher_set if cipher_train else [])
    if "page-type" in only:
        out: dict[str, Any] = {}
        type_of = {d["id"]: d["type"] for d in corpus}
        for page_type in sorted(set(type_of.values())):
            log(f"leave out page type {page_type}")
            train = [d for d in corpus if d["type"] != page_type]
            # transplants are articles; enciphered pages keep their page type
            train += [d for d in extra if d["X"] and type_of.get(source(d)) != page_type]
            test = [d for d in corpus if d["type"] == page_type]
            out[page_type] = summarise_corpus(corpus_rows(zip(test, fit(train).decide(test)), gold))
        results["page-type"] = out
    if "language" in only:
        out = {}
        # a page's language: the one detected on its page text (its other variants may read otherwise)
        language_of = {d["id"]: d["language"] for d in corpus if d["variant"] == "page_text"}
        counts: dict[str, int] = defaultdict(int)
        for language in language_of.values():
            counts[language] += 1
        groups = {lang: {lang} for lang, n in counts.items() if lang != "en" and n >= MIN_LANGUAGE_PAGES}
        groups["not English"] = {lang for lang in counts if lang != "en"}
        for name, languages in sorted(groups.items()):
            log(f"leave out language {name}")

            def held_out(d: dict, languages: set[str] = languages) -> bool:
                return language_of.get(source(d), "en") in languages

            train = [d for d in corpus + extra if d["X"] and not held_out(d)]
            test = [d for d in corpus if held_out(d)]
            out[name] = summarise_corpus(corpus_rows(zip(test, fit(train).decide(test)), gold))
        results["language"] = out
    return results


def source(d: dict) -> str:
    """The corpus record a document comes from (a transplant's article, an enciphered page's original)."""
    return str(d["id"]).split("#", 1)[0].removesuffix("~cipher")


def print_corpus(title: str, table: dict[str, dict[str, float]]) -> None:
    """The article and all-types rows of a corpus table, per variant."""
    print(f"\n== {title} ==")
    for key, row in table.items():
        variant, page_type = key.split("|")
        if page_type in ("article", "all"):
            print(f"{variant:<19} {page_type:<10} {fmt(row)}")


# Issue 13's goals on held-out figures: (label, figure, at least (True) or at most, goal).
GOALS_AT_LEAST = {"cv sF1": 0.935, "cv sR": 0.975, "held-out group sR": 0.95, "transplant sR": 0.97,
                  "transplant sF1": 0.95}
GOALS_AT_MOST = {"cv leak": 0.05}


def goals(results: dict[str, Any]) -> list[tuple[str, float, bool, float, bool]]:
    """The goals of the generalization issue that *results* hold figures for:
    (what, figure, at least?, goal, met?)."""
    rows: list[tuple[str, float, bool, float]] = []
    if "cv" in results:
        cv = results["cv"]["page_text|article"]
        rows += [("page_text articles, cross-validated: sF1", cv["sF1"], True, GOALS_AT_LEAST["cv sF1"]),
                 ("page_text articles, cross-validated: sR", cv["sR"], True, GOALS_AT_LEAST["cv sR"]),
                 ("page_text articles, cross-validated: leak", cv["leak"], False, GOALS_AT_MOST["cv leak"])]
    for kind in ("page-type", "language"):
        for group, figures in results.get(kind, {}).items():
            rows.append((f"held out ({kind}) {group}: page_text sR", figures["page_text|all"]["sR"], True,
                         GOALS_AT_LEAST["held-out group sR"]))
    if "transplant" in results:
        t = results["transplant"]["all"]
        rows += [("transplant set: sR", t["sR"], True, GOALS_AT_LEAST["transplant sR"]),
                 ("transplant set: sF1", t["sF1"], True, GOALS_AT_LEAST["transplant sF1"])]
    return [(what, got, least, goal, got >= goal if least else got <= goal) for what, got, least, goal in rows]


def print_goals(results: dict[str, Any]) -> None:
    rows = goals(results)
    if not rows:
        return
    print(f"\n== goals of the generalization issue: {sum(r[4] for r in rows)} of {len(rows)} met ==")
    for what, got, least, goal, met in rows:
        print(f"{'met    ' if met else 'NOT met'}  {what:<58} {got:.3f}  (goal {'>=' if least else '<='} {goal})")


def print_results(results: dict[str, Any]) -> None:
    if "cv" in results:
        print_corpus("cross-validated by domain (5 folds)", results["cv"])
    if "gate" in results:
        print("gate: " + "  ".join(f"{k} {v:.3f}" for k, v in results["gate"].items()))
    if "cipher" in results:
        print_corpus("enciphered page texts (a made-up language; held-out fold models)", results["cipher"])
    if "transplant" in results:
        t = results["transplant"]
        print("\n== transplant set (held-out fold models) ==")
        print(f"{'all':<30} {fmt(t['all'])}")
        for mode, row in t["modes"].items():
            print(f"{'indentation: ' + mode:<30} {fmt(row)}")
        print("  content kept:  " + "  ".join(f"{f} {v['kept']:.3f}" for f, v in t["families"].items()
                                              if f in tp.CONTENT_FAMILIES))
        print("  cruft removed: " + "  ".join(f"{f} {1 - v['kept']:.3f}" for f, v in t["families"].items()
                                              if f in tp.CRUFT_FAMILIES))
    for name in ("page-type", "language"):
        if name in results:
            print(f"\n== leave one {name} out ==")
            for held, table in results[name].items():
                for variant in ("page_text", "trafilatura"):
                    row = table.get(f"{variant}|all")
                    if row:
                        print(f"{held:<14} {variant:<19} {fmt(row)}")


def choose(held: list, in_use: dict[str, float]) -> None:
    """Print the cheapest decision rules on the held-out articles and transplants (and, for
    reference, on every page type), with the cost of the rule in use (*in_use*), each rule's
    cost on the other set beside it, and the rules cheapest on both (the smallest excess over
    the cheapest rule, in per cent, on the worse of the two sets). The gate's log-odds in
    *held* already carry its ``gate_bias``, so a ``gate_bias`` printed here is a further shift
    (0: none)."""
    import decision_rule

    subsets = {
        "articles + transplants": [x for x in held if x[0]["type"] in ("article", "transplant")],
        "every page": held,
    }
    ranked: dict[str, list] = {}
    costs: dict[str, dict[str, float]] = {}
    for name, items in subsets.items():
        h = decision_rule.collect(items)
        ranked[name] = decision_rule.search(h)
        costs[name] = {json.dumps(rule): c for c, rule, _, _ in ranked[name]}
        current = decision_rule.cost(h, decision_rule.keep(h, **{**in_use, "gate_bias": 0.0}))
        print(f"\n== decision rule on {name} ({len(items)} documents; cost = "
              f"{decision_rule.LOSS_WEIGHT:g} x content lost + cruft kept; gate_bias: a further shift) ==")
        print(f"in use {json.dumps(in_use)}: cost {current[0]:.4f}  content lost {current[1]:.4f}  "
              f"cruft kept {current[2]:.4f}")
    names = list(subsets)
    for name in names:
        other = names[1 - names.index(name)]
        print(f"\n-- cheapest on {name} (cost on {other} beside) --")
        for c, rule, lost, stays in ranked[name][:8]:
            print(f"{json.dumps(rule)}: cost {c:.4f}  content lost {lost:.4f}  cruft kept {stays:.4f}  "
                  f"({other}: {costs[other][json.dumps(rule)]:.4f})")
    best = {name: ranked[name][0][0] for name in names}
    joint = sorted(costs[names[0]], key=lambda r: max(100 * (costs[n][r] / best[n] - 1) for n in names))
    print("\n-- cheapest on both (excess over each set's cheapest, per cent) --")
    for r in joint[:5]:
        print(f"{r}: " + "  ".join(f"{n} {costs[n][r]:.4f} (+{100 * (costs[n][r] / best[n] - 1):.2f} %)"
                                   for n in names))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(EVALUATIONS), help="comma-separated: " + ", ".join(EVALUATIONS))
    ap.add_argument("--cache-dir", type=Path, help="keep the feature tables here between runs")
    ap.add_argument("--no-augment", action="store_true", help="train without the transplant training set")
    ap.add_argument("--no-cipher-train", action="store_true",
                    help="train without the enciphered page texts of the training folds")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--drop", default="", help="ablation: comma-separated model features to hold at 0")
    ap.add_argument("--line-weights", type=float, metavar="SHARE",
                    help="experiment: train with per-document line weights (train_layout.LINE_WEIGHTS)")
    ap.add_argument("--edge-weight", type=float, metavar="FACTOR",
                    help="experiment: multiply the training weight of content lines at a content run's edge "
                         "(train_layout.EDGE_WEIGHT)")
    ap.add_argument("--rule", help="decision rule as JSON (keys of train/decision_rule.py GRID); default: "
                                   "train_layout.RULE")
    ap.add_argument("--render", type=Path, metavar="JSON",
                    help="measure nothing: print the tables and the goals of figures saved with --json")
    ap.add_argument("--choose", action="store_true",
                    help="search the decision rule's cut-offs on the out-of-fold probabilities of cv/transplant")
    a = ap.parse_args(argv)
    if a.render:
        saved = json.loads(a.render.read_text(encoding="utf-8"))
        print_results(saved)
        print_goals(saved)
        return 0
    only = tuple(x.strip() for x in a.only.split(",") if x.strip())
    unknown = set(only) - set(EVALUATIONS)
    if unknown:
        ap.error(f"unknown evaluation(s): {sorted(unknown)}")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    records = load()
    gold = {r["id"]: r for r in records}
    corpus = tables.corpus_table(records, a.cache_dir)
    eval_set, train_set = tables.transplant_sets(records, a.cache_dir)
    cipher_set: list[dict] = []
    cipher_train = not a.no_cipher_train
    if "cipher" in only or cipher_train:
        cipher_set, enciphered = tables.cipher_table(records, a.cache_dir)
        gold.update((r["id"], r) for r in enciphered)
    dropped = [x.strip() for x in a.drop.split(",") if x.strip()]
    if dropped:
        columns = [MODEL_FEATURES.index(name) for name in dropped]
        for d in (*corpus, *eval_set, *train_set, *cipher_set):
            d["X"] = [[0.0 if j in columns else v for j, v in enumerate(row)] for row in d["X"]]
            d.pop("A", None)
    rule = json.loads(a.rule) if a.rule else None
    if a.line_weights is not None:
        if not 0.0 <= a.line_weights <= 1.0:
            ap.error("--line-weights: a share between 0 and 1")
        train_layout.LINE_WEIGHTS = a.line_weights
    if a.edge_weight is not None:
        if a.edge_weight <= 0.0:
            ap.error("--edge-weight: a positive factor")
        train_layout.EDGE_WEIGHT = a.edge_weight
    held: list | None = [] if a.choose else None
    results = run(only, corpus, eval_set, train_set, cipher_set, gold, not a.no_augment, cipher_train, log,
                  rule, held)
    print_results(results)
    print_goals(results)
    if held is not None:
        choose(held, rule or RULE)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
