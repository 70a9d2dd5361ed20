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
``pipeline``    the ``cv`` documents cleaned by the library's whole default pipeline (rules, layout with
                the fold's model, settle rounds, quote normalization), Python engine: what a
                user gets on a site the model never saw. The ``cv`` figures decide each
                document once, on the lines the rules kept; the pipeline also calls the layout
                step again on the survivors in its settle rounds;
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
import math
import pickle
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
import word_table  # noqa: E402
from labels import CORPUS, FOLDS, fold_of, load  # noqa: E402
from train_layout import RULE, Fitted, fit_model, matrix, to_spec  # noqa: E402

from cleanwire.cleaners import layout  # noqa: E402
from cleanwire.cleaners.layout import MODEL_FEATURES, LayoutModel, stack_features  # noqa: E402
from cleanwire.document import Document  # noqa: E402
from cleanwire.pipeline import Pipeline  # noqa: E402

sys.path.insert(0, str(CORPUS.parent))
import score  # noqa: E402  (the reference scorer)

EVALUATIONS = ("cv", "transplant", "cipher", "pipeline", "page-type", "language")
MIN_LANGUAGE_PAGES = 20
VARIANTS = ("page_text", "trafilatura", "trafilatura_recall", "readability")


# -- scoring with fold models -------------------------------------------------------------------


class FoldModel:
    """A model trained on some documents, scoring others with the library's decision rule."""

    def __init__(self, fitted: Fitted, rule: dict[str, float] | None = None) -> None:
        self.fitted = fitted
        self.model = self.with_rule(rule)
        self.gate_bias = (rule or RULE)["gate_bias"]

    def with_rule(self, rule: dict[str, float] | None) -> LayoutModel:
        """The library's model of these trees with the decision rule *rule* (None: :data:`RULE`).

        The library's model file holds two stages; with --stages N the probabilities come from
        the fitted trees (_probabilities), and the file's model only applies the decision rule."""
        two = {name: (stages[0], stages[-1]) for name, stages in self.fitted.regimes.items()}
        return LayoutModel(to_spec(Fitted(self.fitted.gate, two, self.fitted.documents, self.fitted.lines,
                                          self.fitted.words), rule))

    def probabilities(self, docs: list[dict]) -> list[tuple[float, dict[str, np.ndarray]]]:
        """Per document: the gate's page probability and each regime's p(content) per line
        (recorded in :data:`RECORDED` when that is not None)."""
        out = self._probabilities(docs)
        if RECORDED is not None:  # the first model to score a document: its cv fold's
            for d, (g, ps) in zip(docs, out):
                if doc_key(d) not in RECORDED:
                    RECORDED[doc_key(d)] = (_logit(g) - self.gate_bias, {k: np.asarray(v, dtype=np.float32)
                                                                         for k, v in ps.items()})
        return out

    def _probabilities(self, docs: list[dict]) -> list[tuple[float, dict[str, np.ndarray]]]:
        for d in docs:  # the word columns under this model's table (learned without these documents)
            word_table.set_columns(d, self.fitted.words)
        g = [self.model.page_probability(d["X"], d["indents"]) for d in docs]
        X = np.concatenate([matrix(d) for d in docs])
        bounds = np.cumsum([0] + [len(d["X"]) for d in docs])
        regimes: dict[str, np.ndarray] = {}
        for name, stages in self.fitted.regimes.items():
            p = stages[0].predict_proba(X)[:, 1]
            for later in stages[1:]:
                S = np.concatenate([np.asarray(stack_features(list(p[a:b])), dtype=float).reshape(b - a, -1)
                                    for a, b in zip(bounds[:-1], bounds[1:])])
                p = later.predict_proba(np.hstack([X, S]))[:, 1]
            regimes[name] = p
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
                DECIDED[doc_key(d)] = keep
        return out


SMOOTH = 0.0
"""Experiment (``--smooth``): the price, in log-odds, of each switch between kept and dropped lines
in a document. 0 decides every line alone (the library's rule); above 0 the decision is the
labelling that maximises the sum of the kept lines' log-odds over their cut-off minus the price
of its switches (a two-state Viterbi pass), so an isolated line is judged with its run."""
def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def smoothed(margins: list[float], price: float) -> list[bool]:
    """The keep/drop labelling maximising the kept lines' *margins* minus *price* per switch;
    ties keep. With *price* 0, a line is kept exactly when its margin is at least 0."""
    n = len(margins)
    if not n:
        return []
    drop_v, keep_v = 0.0, margins[0]
    back: list[tuple[bool, bool]] = []  # per line after the first: (best before drop is keep, before keep is keep)
    for m in margins[1:]:
        d_from_keep = keep_v - price >= drop_v
        k_from_keep = keep_v >= drop_v - price
        drop_v, keep_v = (keep_v - price if d_from_keep else drop_v), (keep_v if k_from_keep else drop_v - price) + m
        back.append((d_from_keep, k_from_keep))
    state = keep_v >= drop_v
    out = [state]
    for d_from_keep, k_from_keep in reversed(back):
        state = k_from_keep if state else d_from_keep
        out.append(state)
    out.reverse()
    return out


RECORDED: dict[tuple[str, str], tuple[float, dict[str, np.ndarray]]] | None = None
MODELS: Path | None = None
"""With ``--models``: where the ``cv`` fold models are kept between runs of the same training options."""
SAVED: dict[tuple[str, str], tuple[float, dict[str, np.ndarray]]] | None = None
DECIDED: dict[tuple[str, str], list[bool]] = {}
"""The keep decisions of the documents collected for ``--choose`` (smoothing and filling included)."""
"""With ``--from-probs``: the probabilities of an earlier run, used instead of training."""
"""With ``--save-probs``: every scored document's gate log-odds (before the rule's shift) and regime
scores, by :func:`doc_key`."""


def doc_key(d: dict) -> tuple[str, str]:
    """What tells the documents of the corpus, transplant and cipher tables apart."""
    return str(d["id"]), str(d["variant"])


class SavedModel(FoldModel):
    """The probabilities a harness run saved (``--save-probs``), decided with another rule or
    smoothing (``--from-probs``): no training."""

    def __init__(self, saved: dict[tuple[str, str], tuple[float, dict[str, np.ndarray]]],
                 rule: dict[str, float] | None = None) -> None:
        rule = rule or RULE
        spec = json.loads(train_layout.OUT.read_text(encoding="utf-8"))
        page, extract = spec["regimes"]["page"], spec["regimes"]["extract"]
        page["threshold"], page["short_threshold"] = rule["page_long"], rule["page_short"]
        extract["threshold"] = rule["extract"]
        spec["fill"] = rule.get("fill", 0.0)
        spec.pop("rescue", None)
        spec.update(train_layout.rescue_spec(rule))
        self.model = LayoutModel(spec)
        self.saved = saved
        self.gate_bias = rule["gate_bias"]

    def _probabilities(self, docs: list[dict]) -> list[tuple[float, dict[str, np.ndarray]]]:
        out = []
        for d in docs:
            z, ps = self.saved[doc_key(d)]
            out.append((1.0 / (1.0 + math.exp(-(z + self.gate_bias))), ps))
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
    if SMOOTH > 0:
        margins = []
        for p, w, k in zip(probs, words, guarded):
            margins.append(1e9 if k else layout.margin(p, cutoff(w)))
        return smoothed(margins, SMOOTH), words, guarded
    dropped = layout.drops(lines, probs, cutoff, model.fill, model.rescue)  # the library's own rule
    return [not x for x in dropped], words, guarded


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
        rows[f"{d['variant']}|{d['type']}"].append(scored(render(d, keep), gold[d["id"]]))
    return rows


def scored(text: str, record: dict) -> tuple[float | None, float | None, float | None]:
    """The scorer's (precision, recall, leak) of *text* against corpus *record* (None where undefined)."""
    p, r, hp, hr = score.shingle_prf(text, record["truth"])
    return p if hp else None, r if hr else None, score.snippet_rate(text, record.get("without"))


def pipeline_rows(model: LayoutModel, test: Iterable[dict], gold: dict[str, dict]) -> dict[str, list]:
    """:func:`corpus_rows` of *test* cleaned by the library's default pipeline with *model* as its
    layout step (so on the Python engine, which runs a model of one's own)."""
    pipeline = Pipeline([layout.LayoutClassifier(model=model) if c.name == "layout" else c
                         for c in Pipeline.preset("default").cleaners])
    rows: dict[str, list] = defaultdict(list)
    for d in test:
        record = gold[d["id"]]
        rows[f"{d['variant']}|{d['type']}"].append(scored(pipeline.clean(record["inputs"][d["variant"]]), record))
    return rows


def uncleaned_recall(docs: Iterable[dict], gold: dict[str, dict]) -> float:
    """The scorer's mean shingle recall of *docs*' scraped texts as they come, nothing removed: the
    most any cleaner can keep. On collections, listings and product pages the page text holds only
    about 85 % of the gold text's shingles, so a recall goal above that cannot be met there."""
    rs = []
    for d in docs:
        record = gold[d["id"]]
        _, r, _, hr = score.shingle_prf(record["inputs"][d["variant"]] or "", record["truth"])
        if hr:
            rs.append(r)
    return statistics.mean(rs) if rs else 0.0


def held_out_figures(model: FoldModel, test: list[dict], gold: dict[str, dict]) -> dict[str, dict[str, float]]:
    """A held-out group's table: *model*'s figures on *test*, and beside the page texts' the
    recall of those texts uncleaned (``uncleaned sR``)."""
    table = summarise_corpus(corpus_rows(zip(test, model.decide(test)), gold))
    table["page_text|all"]["uncleaned sR"] = uncleaned_recall((d for d in test if d["variant"] == "page_text"), gold)
    return table


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


def gate_report(held: list, flat: list[tuple[dict, float]]) -> dict[str, float]:
    """How the gate routes held-out documents: the share of whole-page texts it takes for extracted
    text (below 0.5), of extracted texts it takes for page dumps, and of each left to a blend; the
    same two shares for the pages of *flat* (tables.flat_table: no blank lines, no indentation;
    each with its gate probability) when there are any, and the share of the short page texts
    among them (tables.short_page_table) taken for extracts."""
    page = [g for d, g, *_ in held if d["variant"] == "page_text" and len(d["X"]) >= layout._MIN_LINES]
    extract = [g for d, g, *_ in held if d["variant"] != "page_text" and len(d["X"]) >= layout._MIN_LINES]
    out = {
        "page texts taken for extracts": sum(g < 0.5 for g in page) / (len(page) or 1),
        "page texts blended": sum(0.1 < g < 0.9 for g in page) / (len(page) or 1),
        "extracts taken for page texts": sum(g >= 0.5 for g in extract) / (len(extract) or 1),
        "extracts blended": sum(0.1 < g < 0.9 for g in extract) / (len(extract) or 1),
    }
    flat = [(d, g) for d, g in flat if d["lines"] >= layout._MIN_LINES]
    short = [g for d, g in flat if "~short" in d["id"]]
    flat = [(d, g) for d, g in flat if "~short" not in d["id"]]
    if short:
        out["short page texts taken for extracts"] = sum(g < 0.5 for g in short) / len(short)
    flat_page = [g for d, g in flat if d["variant"] == "page_text"]
    flat_extract = [g for d, g in flat if d["variant"] != "page_text"]
    if flat_page and flat_extract:
        out["flattened page texts taken for extracts"] = sum(g < 0.5 for g in flat_page) / len(flat_page)
        out["flattened extracts taken for page texts"] = sum(g >= 0.5 for g in flat_extract) / len(flat_extract)
    return out


def fmt(row: dict[str, float]) -> str:
    leak = f"  leak {row['leak']:.3f}" if "leak" in row else ""
    return f"docs {row['docs']:>5}  sP {row['sP']:.4f}  sR {row['sR']:.4f}  sF1 {row['sF1']:.4f}{leak}"


# -- the evaluations ---------------------------------------------------------------------------


def run(only: tuple[str, ...], corpus: list[dict], eval_set: list[dict], train_set: list[dict],
        cipher_set: list[dict], gold: dict[str, dict], augment: bool, cipher_train: bool,
        log: Callable[[str], None], rule: dict[str, float] | None = None,
        held: list | None = None, gate_set: list[dict] | None = None,
        gate_train: list[dict] | None = None, pipeline_rules: list[dict[str, float]] | None = None,
        ) -> dict[str, Any]:
    """Run the evaluations in *only*; with *held*, collect the out-of-fold facts of the ``cv`` and
    ``transplant`` documents for choosing cut-offs (train/decision_rule.py); with
    *pipeline_rules*, the ``pipeline`` evaluation also runs with each of these decision rules in
    the fold models (``rules``: the rule and its figures, per rule). The gates also
    learn from the documents of *gate_train* (known by their gate inputs only: tables.flat_table,
    tables.short_page_table) of their training folds; the ``cv`` gate report scores those of
    *gate_set* of the held-out folds."""
    results: dict[str, Any] = {}
    gate_set = gate_set or []
    gate_train = gate_train or []
    truth = {d["id"]: gold[d["id"]]["truth"] for d in corpus}  # the corpus pages' (not transplants')
    every = corpus  # the pipeline evaluation cleans every text, also those the rules empty
    corpus = [d for d in corpus if d["X"]]

    def fit(docs: list[dict], flat: list[dict], name: str | None = None) -> FoldModel:
        if SAVED is not None:
            return SavedModel(SAVED, rule)
        kept = MODELS / f"{name}.pkl" if MODELS is not None and name else None
        if kept is not None and kept.exists():
            with kept.open("rb") as f:
                return FoldModel(pickle.load(f), rule)
        t0 = time.time()
        fitted = fit_model(docs, flat, truth, rule)
        log(f"  trained on {len(docs)} documents in {time.time() - t0:.0f} s")
        if kept is not None:
            with kept.open("wb") as f:
                pickle.dump(fitted, f, protocol=pickle.HIGHEST_PROTOCOL)
        return FoldModel(fitted, rule)

    if {"cv", "transplant", "cipher", "pipeline"} & set(only):
        pipeline: dict[str, list] = defaultdict(list)
        by_rule: list[dict[str, list]] = [defaultdict(list) for _ in pipeline_rules or []]
        decided: list[tuple[dict, list[bool]]] = []
        decided_t: list[tuple[dict, list[bool]]] = []
        decided_c: list[tuple[dict, list[bool]]] = []
        held_cv: list = []
        flat_cv: list[tuple[dict, float]] = []
        for k in range(FOLDS):
            log(f"cv fold {k}")
            train = [d for d in corpus if fold_of(d["domain"]) != k]
            if augment:
                train += [d for d in train_set if d["fold"] != k and d["X"]]
            if cipher_train:
                train += [d for d in cipher_set if fold_of(d["domain"]) != k and d["X"]]
            model = fit(train, [d for d in gate_train if fold_of(d["domain"]) != k], f"cv{k}")
            if "cipher" in only:
                test_c = [d for d in cipher_set if fold_of(d["domain"]) == k and d["X"]]
                decided_c += list(zip(test_c, model.decide(test_c)))
            if "cv" in only:
                if SAVED is None:
                    flat_cv += [(d, model.model.gate_probability(d["G"]))
                                for d in gate_set if fold_of(d["domain"]) == k]
                test = [d for d in corpus if fold_of(d["domain"]) == k]
                before = len(held_cv)
                decided += list(zip(test, model.decide(test, held_cv)))
                if held is not None:
                    held.extend(held_cv[before:])
            if "pipeline" in only:
                fold = [d for d in every if fold_of(d["domain"]) == k]
                for table, fold_model in [(pipeline, model.model),
                                          *((t, model.with_rule(r)) for t, r in zip(by_rule, pipeline_rules or []))]:
                    for key, rows in pipeline_rows(fold_model, fold, gold).items():
                        table[key] += rows
            if "transplant" in only:
                test_t = [d for d in eval_set if d["fold"] == k and d["X"]]
                decided_t += list(zip(test_t, model.decide(test_t, held)))
        if "cv" in only:
            results["cv"] = summarise_corpus(corpus_rows(decided, gold))
            results["gate"] = gate_report(held_cv, flat_cv)
        if "transplant" in only:
            results["transplant"] = transplant_report(decided_t)
        if "cipher" in only:
            results["cipher"] = summarise_corpus(corpus_rows(decided_c, gold))
        if "pipeline" in only:
            results["pipeline"] = summarise_corpus(pipeline)
            if pipeline_rules:
                results["rules"] = [{"rule": r, "pipeline": summarise_corpus(t)}
                                    for r, t in zip(pipeline_rules, by_rule)]
    extra = (train_set if augment else []) + (cipher_set if cipher_train else [])
    if "page-type" in only:
        out: dict[str, Any] = {}
        for page_type in sorted({d["type"] for d in corpus}):
            log(f"leave out page type {page_type}")
            train, test, flat = leave_type_out(page_type, corpus, extra, gate_train)
            out[page_type] = held_out_figures(fit(train, flat), test, gold)
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
            flat = [d for d in gate_train if not held_out(d)]
            out[name] = held_out_figures(fit(train, flat), test, gold)
        results["language"] = out
    return results


def leave_type_out(page_type: str, corpus: list[dict], extra: list[dict],
                   gate_train: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """The ``page-type`` evaluation's split for *page_type*: the training documents (the corpus
    pages of the other types, and of *extra* those whose page is of another type), the test
    documents (the corpus pages of the type) and the gate's extra training pages (*gate_train*
    of the other types)."""
    type_of = {d["id"]: d["type"] for d in corpus}
    train = [d for d in corpus if d["type"] != page_type]
    # transplants are articles; enciphered pages keep their page type
    train += [d for d in extra if d["X"] and type_of.get(source(d)) != page_type]
    test = [d for d in corpus if d["type"] == page_type]
    flat = [d for d in gate_train if d["type"] != page_type]
    return train, test, flat


def source(d: dict) -> str:
    """The corpus record a document comes from (a transplant's article, an enciphered page's original)."""
    return str(d["id"]).split("#", 1)[0].removesuffix("~cipher").removesuffix("~flat").removesuffix("~short")


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


def goals(results: dict[str, Any]) -> list[tuple[str, float, bool, float, bool, float | None]]:
    """The goals of the generalization issue that *results* hold figures for (the cross-validated
    ones from the ``pipeline`` evaluation when it ran, else from ``cv``): (what, figure, at
    least?, goal, met?, the most a cleaner can reach there where that is known: the held-out
    groups' uncleaned recall, :func:`uncleaned_recall`; else None)."""
    rows: list[tuple[str, float, bool, float]] = []
    reach: dict[str, float] = {}
    # what the library does, settle rounds included, where the run measured it; else the layout step's decisions
    cv_source = "pipeline" if "pipeline" in results else "cv" if "cv" in results else None
    if cv_source is not None:
        cv = results[cv_source]["page_text|article"]
        what = "page_text articles, cross-validated" + (", whole pipeline" if cv_source == "pipeline" else "")
        rows += [(f"{what}: sF1", cv["sF1"], True, GOALS_AT_LEAST["cv sF1"]),
                 (f"{what}: sR", cv["sR"], True, GOALS_AT_LEAST["cv sR"]),
                 (f"{what}: leak", cv["leak"], False, GOALS_AT_MOST["cv leak"])]
    for kind in ("page-type", "language"):
        for group, figures in results.get(kind, {}).items():
            what = f"held out ({kind}) {group}: page_text sR"
            rows.append((what, figures["page_text|all"]["sR"], True, GOALS_AT_LEAST["held-out group sR"]))
            if "uncleaned sR" in figures["page_text|all"]:
                reach[what] = figures["page_text|all"]["uncleaned sR"]
    if "transplant" in results:
        t = results["transplant"]["all"]
        rows += [("transplant set: sR", t["sR"], True, GOALS_AT_LEAST["transplant sR"]),
                 ("transplant set: sF1", t["sF1"], True, GOALS_AT_LEAST["transplant sF1"])]
    return [(what, got, least, goal, got >= goal if least else got <= goal, reach.get(what))
            for what, got, least, goal in rows]


def print_goals(results: dict[str, Any]) -> None:
    rows = goals(results)
    if not rows:
        return
    print(f"\n== goals of the generalization issue: {sum(r[4] for r in rows)} of {len(rows)} met ==")
    for what, got, least, goal, met, most in rows:
        line = f"{'met    ' if met else 'NOT met'}  {what:<58} {got:.3f}  (goal {'>=' if least else '<='} {goal})"
        if most is not None:
            line += f"  uncleaned {most:.3f} = {got / most:.3f} of it" if most else ""
            if not met and most < goal:
                line += ", out of reach: the uncleaned text is below the goal"
        print(line)
    out_of_reach = sum(1 for r in rows if not r[4] and r[5] is not None and r[5] < r[3])
    if out_of_reach:
        print(f"({out_of_reach} of the unmet goals cannot be met by any cleaner: their uncleaned text's recall is "
              "below the goal)")


def print_results(results: dict[str, Any]) -> None:
    if "cv" in results:
        print_corpus("cross-validated by domain (5 folds)", results["cv"])
    if "gate" in results:
        print("gate: " + "  ".join(f"{k} {v:.3f}" for k, v in results["gate"].items()))
    if "pipeline" in results:
        print_corpus("cross-validated by domain, cleaned by the whole pipeline", results["pipeline"])
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
    if "rules" in results:
        print_rules(results)


def print_rules(results: dict[str, Any]) -> None:
    """The ``pipeline`` figures of each rule of ``--pipeline-rules`` (the rule in use first), and the
    recall-first choice among them: the highest sF1 on page texts of articles among the rules whose
    sR there meets the goal."""
    rows = [("in use", results["pipeline"]), *((json.dumps(x["rule"]), x["pipeline"]) for x in results["rules"])]
    print("\n== decision rules, cross-validated, whole pipeline: page_text articles | page_text every type | "
          "trafilatura articles | readability articles ==")
    for name, table in rows:
        a, every, t, r = (table.get(k, {}) for k in ("page_text|article", "page_text|all", "trafilatura|article",
                                                       "readability|article"))
        print(f"{name}\n    sP {a['sP']:.4f} sR {a['sR']:.4f} sF1 {a['sF1']:.4f} leak {a.get('leak', 0):.3f} | "
              f"sR {every['sR']:.4f} sF1 {every['sF1']:.4f} leak {every.get('leak', 0):.3f} | "
              f"sF1 {t.get('sF1', 0):.4f} | sF1 {r.get('sF1', 0):.4f}")
    meeting = [(table["page_text|article"]["sF1"], name) for name, table in rows
               if table["page_text|article"]["sR"] >= GOALS_AT_LEAST["cv sR"]]
    if meeting:
        print(f"highest sF1 with sR >= {GOALS_AT_LEAST['cv sR']}: {max(meeting)[1]}")
    else:
        print(f"no rule reaches sR >= {GOALS_AT_LEAST['cv sR']}")


def training_settings(augment: bool, cipher_train: bool, dropped: list[str],
                      rule: dict[str, float] | None) -> dict[str, Any]:
    """What a fold model depends on besides its folds: the options ``--models`` checks."""
    return {"augment": augment, "cipher_train": cipher_train, "drop": dropped, "rule": rule or RULE,
            "features": list(MODEL_FEATURES),
            **{name: getattr(train_layout, name) for name in ("LINE_WEIGHTS", "EDGE_WEIGHT", "STAGES", "TREES",
                                                                "PAGE_EXTRACTED", "FLAT_GATE", "SHORT_GATE",
                                                                "SETTLED", "SETTLED_FITS", "GATE_TREES")}}


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
        cut_offs = {k: in_use[k] for k in decision_rule.GRID}
        current = decision_rule.cost(h, decision_rule.keep(h, **{**cut_offs, "gate_bias": 0.0}))
        print(f"\n== decision rule on {name} ({len(items)} documents; cost = "
              f"{decision_rule.LOSS_WEIGHT:g} x content lost + cruft kept; gate_bias: a further shift) ==")
        print(f"in use {json.dumps(cut_offs)}: cost {current[0]:.4f}  content lost {current[1]:.4f}  "
              f"cruft kept {current[2]:.4f}")
        if SMOOTH > 0 or in_use.get("fill", 0.0) > 0:
            kept = np.concatenate([np.asarray(DECIDED[doc_key(d)], dtype=bool) for d, *_ in items])
            together = decision_rule.cost(h, kept | h.guarded)
            print(f"in use, smoothed/filled: cost {together[0]:.4f}  content lost {together[1]:.4f}  "
                  f"cruft kept {together[2]:.4f}")
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
    ap.add_argument("--page-extracted", action="store_true",
                    help="experiment: train the page regime on the extracted texts the shifted gate takes for "
                         "pages too (train_layout.PAGE_EXTRACTED)")
    ap.add_argument("--gate-trees", metavar="JSON",
                    help="experiment: the gate as boosted trees with these settings as JSON, or null for the "
                         "logistic regression (default: train_layout.GATE_TREES)")
    ap.add_argument("--flat-gate", action=argparse.BooleanOptionalAction,
                    help="experiment: train the gate on the corpus pages stripped of blank lines and indentation "
                         "too, or not (default: train_layout.FLAT_GATE)")
    ap.add_argument("--short-gate", action=argparse.BooleanOptionalAction,
                    help="experiment: train the gate on short page texts cut from the corpus pages too, or not "
                         "(default: train_layout.SHORT_GATE)")
    ap.add_argument("--settled", action=argparse.BooleanOptionalAction,
                    help="experiment: train the page regime on what each model's first fit leaves of the page "
                         "texts too, or not (default: train_layout.SETTLED)")
    ap.add_argument("--settled-fits", type=int, metavar="N",
                    help="experiment: with --settled, fit N times more, each also on what the previous fit "
                         "leaves (default: train_layout.SETTLED_FITS)")
    ap.add_argument("--trees", metavar="JSON",
                    help="experiment: tree settings as JSON, merged into train_layout.TREES "
                         "(e.g. '{\"max_iter\": 60, \"max_depth\": 4}')")
    ap.add_argument("--stages", type=int, metavar="N",
                    help="experiment: N stages of trees, each after the first reading the previous stage's "
                         "scores (train_layout.STAGES; the library runs 2)")
    ap.add_argument("--smooth", type=float, metavar="PRICE",
                    help="experiment: decide each document's lines together, PRICE log-odds per switch "
                         "between kept and dropped (SMOOTH)")
    ap.add_argument("--fill", type=float, metavar="PRICE",
                    help="keep a dropped run between kept lines when its log-odds under the cut-offs sum to "
                         "at least -PRICE (layout.fill_dips), instead of the rule's fill")
    ap.add_argument("--save-probs", type=Path, metavar="PICKLE",
                    help="save every scored document's probabilities (by the first model that scores it)")
    ap.add_argument("--from-probs", type=Path, metavar="PICKLE",
                    help="decide with the probabilities of --save-probs instead of training: the evaluations "
                         "(cv/transplant/cipher, page-type or language) and training options must be those of "
                         "the saved run")
    ap.add_argument("--rule", help="decision rule as JSON (keys of train/decision_rule.py GRID); default: "
                                   "train_layout.RULE")
    ap.add_argument("--pipeline-rules", metavar="JSON",
                    help="the pipeline evaluation also with each of these decision rules (a JSON list of "
                         "objects, each merged into the rule in use) in the same fold models, and the "
                         "recall-first choice among them")
    ap.add_argument("--models", type=Path, metavar="DIR",
                    help="keep the cv fold models here: a later run with the same training options loads "
                         "them instead of training (e.g. to try more --pipeline-rules)")
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
    if a.page_extracted:
        train_layout.PAGE_EXTRACTED = True
    if a.flat_gate is not None:
        train_layout.FLAT_GATE = a.flat_gate
    if a.short_gate is not None:
        train_layout.SHORT_GATE = a.short_gate
    if a.gate_trees is not None:
        train_layout.GATE_TREES = json.loads(a.gate_trees)
    if a.trees:
        try:
            train_layout.TREES = train_layout.tree_settings(a.trees)
        except ValueError as e:
            ap.error(f"--trees: {e}")
    if a.stages is not None:
        if a.stages < 1:
            ap.error("--stages: at least 1")
        train_layout.STAGES = a.stages
    global SMOOTH, RECORDED, SAVED, MODELS
    if a.settled is not None:
        train_layout.SETTLED = a.settled
    if a.settled_fits is not None:
        if a.settled_fits < 1:
            ap.error("--settled-fits: at least 1 (--no-settled fits once)")
        train_layout.SETTLED_FITS = a.settled_fits
    if a.fill is not None:
        if a.fill < 0:
            ap.error("--fill: a price >= 0")
        rule = {**(rule or RULE), "fill": a.fill}
    if a.smooth is not None:
        SMOOTH = a.smooth
    if a.save_probs:
        RECORDED = {}
    if a.from_probs:
        # each document's saved probabilities are those of the first model that scored it, so a
        # pickle serves the evaluations of the run that saved it: cv, transplant and cipher share
        # the fold models; page-type and language each train their own
        if "pipeline" in only:
            ap.error("--from-probs: the pipeline evaluation needs the fold models themselves")
        families = [{"cv", "transplant", "cipher"}, {"page-type"}, {"language"}]
        if sum(bool(set(only) & f) for f in families) > 1:
            ap.error("--from-probs: cv/transplant/cipher, page-type or language, one of them per run "
                     "(the saved run's evaluations)")
        with a.from_probs.open("rb") as f:
            SAVED = pickle.load(f)
    pipeline_rules = None
    if a.pipeline_rules:
        if "pipeline" not in only:
            ap.error("--pipeline-rules: the pipeline evaluation is not among --only")
        given = json.loads(a.pipeline_rules)
        if not isinstance(given, list) or not all(isinstance(r, dict) and set(r) <= set(RULE) for r in given):
            ap.error(f"--pipeline-rules: a JSON list of objects with keys among {sorted(RULE)}")
        pipeline_rules = [{**(rule or RULE), **r} for r in given]
    if a.models:
        if a.from_probs:
            ap.error("--models: not with --from-probs, which trains nothing")
        settings = training_settings(not a.no_augment, cipher_train, dropped, rule)
        kept = a.models / "settings.json"
        if kept.exists():
            if json.loads(kept.read_text(encoding="utf-8")) != json.loads(json.dumps(settings)):
                ap.error(f"--models: {a.models} holds models trained with other options ({kept})")
        else:
            a.models.mkdir(parents=True, exist_ok=True)
            kept.write_text(json.dumps(settings, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        MODELS = a.models
    held: list | None = [] if a.choose else None
    # the flat and short pages: training material with --flat-gate and --short-gate, and scored by
    # the cv gate report
    flat_set = tables.flat_table(records, a.cache_dir) if train_layout.FLAT_GATE or "cv" in only else []
    short_set = tables.short_page_table(corpus, a.cache_dir) if train_layout.SHORT_GATE or "cv" in only else []
    gate_train = (flat_set if train_layout.FLAT_GATE else []) + (short_set if train_layout.SHORT_GATE else [])
    results = run(only, corpus, eval_set, train_set, cipher_set, gold, not a.no_augment, cipher_train, log,
                  rule, held, flat_set + short_set, gate_train, pipeline_rules)
    print_results(results)
    print_goals(results)
    if held is not None:
        choose(held, rule or RULE)
    if RECORDED is not None:
        with a.save_probs.open("wb") as f:
            pickle.dump(RECORDED, f, protocol=pickle.HIGHEST_PROTOCOL)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
