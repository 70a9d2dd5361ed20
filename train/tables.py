"""The feature tables the layout model is trained and evaluated on, built once and cached.

Each table is a list of documents; a document is a dict with its identity (``id``,
``variant``, ``type``, ``domain``, ``language``), the feature rows of the lines the
rules kept (``X``), their labels (``y``), texts, blank-line gaps and indentation:

- the corpus: every page of the development corpus, all four scraped variants
  (train/dataset.py), labels from aligning each line with the gold text;
- the transplant sets (train/transplant.py): articles wrapped in other pages'
  chrome, labels and families known line by line; ``eval`` to score models on,
  ``train`` (other template wording) to augment training with;
- the cipher table: every page text enciphered into a made-up language
  (train/cipher.py);
- the flat table: the gate's inputs of every corpus page, all four variants, with their
  blank lines and indentation removed (what a scraper that strips its lines and joins them
  with single newlines hands over);
- the short-page table: the gate's inputs of short whole-page texts cut from the corpus page
  texts (a few paragraphs of the article with the chrome just above and below them), as they
  are and flattened: the corpus has almost no page texts that short.

Used only at training and evaluation time: nothing here is read by the library.
"""

from __future__ import annotations

import pickle
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import cipher  # noqa: E402
import transplant as tp  # noqa: E402
from dataset import build, rule_rows  # noqa: E402
from labels import Gold  # noqa: E402

from cleanwire import Pipeline  # noqa: E402
from cleanwire.cleaners import layout  # noqa: E402
from cleanwire.cleaners.layout import LayoutModel, gate_features, model_rows  # noqa: E402
from cleanwire.document import Document  # noqa: E402
from cleanwire.lexicon import lexicon_for  # noqa: E402

EVAL_SEED, TRAIN_SEED = 1, 2


def cached(path: Path | None, make: Callable[[], Any]) -> Any:
    """The pickled value at *path* if it exists, else ``make()`` (written to *path* when given)."""
    if path is not None and path.exists():
        with open(path, "rb") as f:
            return pickle.load(f)
    value = make()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            pickle.dump(value, f)
    return value


def _in(cache_dir: Path | None, name: str) -> Path | None:
    return cache_dir / name if cache_dir else None


def corpus_table(records: list[dict], cache_dir: Path | None = None) -> list[dict]:
    """Every page of the corpus, all four variants."""
    return cached(_in(cache_dir, "corpus.pkl"), lambda: build(records))  # type: ignore[no-any-return]


def transplant_table(transplants: list[tp.Transplant]) -> list[dict]:
    """Feature rows of the transplants, as train/dataset.py builds them for corpus pages, plus the
    family of every kept line and the content lines the rules already dropped."""
    rules = Pipeline.preset("rules", quotes=False)
    out = []
    for t in transplants:
        doc = rules.document(t.text)
        label = {n: (y, f) for n, _, y, f in tp.iter_lines(t)}
        kept, gaps = doc.kept_gaps()
        lost = [label.get(line.number, (0, ""))[1] for line in doc.lines
                if not line.keep and label.get(line.number, (0, ""))[0] == 1]
        out.append({
            "id": t.id, "variant": "page_text", "type": "transplant", "domain": f"transplant-{t.fold}",
            "fold": t.fold, "mode": t.mode, "language": doc.language,
            "X": model_rows(kept, gaps, lexicon_for(doc.language)),
            "y": [label.get(line.number, (0, ""))[0] for line in kept],
            "families": [label.get(line.number, (0, ""))[1] for line in kept],
            "lost": lost,
            "texts": [line.text for line in kept],
            "gaps": gaps,
            "indents": [line.indent for line in kept],
            "gold": "\n".join(text.strip() for _, text, y, _ in tp.iter_lines(t) if y == 1),
        })
    return out


def transplant_sets(records: list[dict], cache_dir: Path | None = None) -> tuple[list[dict], list[dict]]:
    """The ``eval`` and ``train`` transplant tables."""
    evaluated = cached(_in(cache_dir, "transplant-eval.pkl"),
                       lambda: transplant_table(tp.build(records, seed=EVAL_SEED, half=0)))
    trained = cached(_in(cache_dir, "transplant-train.pkl"),
                     lambda: transplant_table(tp.build(records, seed=TRAIN_SEED, half=1)))
    return evaluated, trained


def cipher_table(records: list[dict], cache_dir: Path | None = None) -> tuple[list[dict], list[dict]]:
    """The enciphered page texts' table and the enciphered records (their gold for scoring)."""
    enciphered = [cipher.encipher_record(r) for r in records]
    return cached(_in(cache_dir, "cipher.pkl"), lambda: build(enciphered, ("page_text",))), enciphered


def flattened(text: str) -> str:
    """*text* with its blank (empty or whitespace-only) lines removed and every line stripped."""
    return "\n".join(stripped for line in text.splitlines() if (stripped := line.strip()))


def flat_table(records: list[dict], cache_dir: Path | None = None) -> list[dict]:
    """Every page of the corpus, all four variants, :func:`flattened`: identity and the gate's
    inputs (``G``, :func:`cleanwire.cleaners.layout.gate_features`) only. The gate learns from
    these too, so that a whole-page text without blank lines or indentation is still a whole
    page to it (both tell page renderings from extracted text in the corpus, not on the web)."""

    def make() -> list[dict]:
        flat = [{**r, "inputs": {v: flattened(t) if t else t for v, t in r["inputs"].items()}}
                for r in records]
        return [{"id": d["id"] + "~flat", "variant": d["variant"], "type": d["type"], "domain": d["domain"],
                 "language": d["language"], "lines": len(d["X"]), "G": gate_features(d["X"], d["indents"])}
                for d in build(flat) if d["X"]]

    return cached(_in(cache_dir, "flat.pkl"), make)  # type: ignore[no-any-return]


SHORT_SEED = 3


def short_page(d: dict, rng: random.Random) -> str | None:
    """A short whole-page text cut from the page-text table document *d*: a run of 2 to 10 of
    its article's lines (and the cruft lines between them) with the nearest chrome lines above
    and below it, at least three chrome lines for every two of the article's and at most 60
    lines in all, indentation and blank lines as in *d*; None when *d* has too little of either.
    Every such text is mostly chrome by lines, as page dumps are and extracted texts are not."""
    content = [i for i, y in enumerate(d["y"]) if y]
    chrome = [i for i, y in enumerate(d["y"]) if not y]
    if len(content) < 2 or len(chrome) < 4:
        return None
    n = rng.randint(2, min(10, len(content)))
    start = rng.randrange(len(content) - n + 1)
    lo, hi = content[start], content[start + n - 1]
    above = [i for i in chrome if i < lo]
    below = [i for i in chrome if i > hi]
    least = max(6, -(-3 * n // 2))
    wanted = min(rng.randint(least, max(12, 4 * n)), 60 - (hi - lo + 1), len(above) + len(below))
    if wanted < least:
        return None
    top = min(len(above), rng.randint(0, wanted))
    top = max(top, wanted - len(below))
    picked = sorted([*above[len(above) - top:], *range(lo, hi + 1), *below[:wanted - top]])
    out: list[str] = []
    for k, i in enumerate(picked):
        if k and d["gaps"][i]:
            out.append("")
        out.append(" " * d["indents"][i] + d["texts"][i])
    return "\n".join(out)


def short_page_table(corpus: list[dict], cache_dir: Path | None = None) -> list[dict]:
    """The gate's inputs (``G``) of one :func:`short_page` of every corpus page text with enough
    chrome and article, and of the same text :func:`flattened` (ids ``~short`` and
    ``~shortflat``), with the identity of the page it was cut from."""

    def make() -> list[dict]:
        rules = Pipeline.preset("rules", quotes=False)
        rng = random.Random(SHORT_SEED)
        out = []
        for d in corpus:
            if d["variant"] != "page_text" or (text := short_page(d, rng)) is None:
                continue
            for suffix, form in (("~short", text), ("~shortflat", flattened(text))):
                _, kept, _, rows = rule_rows(rules, form)
                if rows:
                    out.append({"id": d["id"] + suffix, "variant": "page_text", "type": d["type"],
                                "domain": d["domain"], "language": d["language"], "lines": len(rows),
                                "G": gate_features(rows, [line.indent for line in kept])})
        return out

    return cached(_in(cache_dir, "short.pkl"), make)  # type: ignore[no-any-return]


def survivors(model: LayoutModel, d: dict) -> str | None:
    """The text of the lines of table document *d* that *model*'s layout step keeps (indentation
    and blank lines as the library renders them), or None when it keeps all or none of them."""
    lines = Document.from_text("\n".join(d["texts"])).lines
    if len(lines) < layout._MIN_LINES:
        return None
    probabilities, cutoff, _, _ = model.decide(d["X"], d["indents"])
    dropped = layout.drops(lines, probabilities, cutoff, model.fill, model.rescue)
    if all(dropped) or not any(dropped):
        return None
    out: list[str] = []
    gap = False
    for i, gone in enumerate(dropped):
        gap = gap or (bool(out) and d["gaps"][i])
        if not gone:
            if gap:
                out.append("")
            out.append(" " * d["indents"][i] + d["texts"][i])
            gap = False
    return "\n".join(out)


def settled_table(model: LayoutModel, docs: list[dict], truth: dict[str, str]) -> list[dict]:
    """What the layout step sees in the library's first settle round: for each page text of *docs*
    that *model* drops some but not all lines of, the :func:`survivors` cleaned by the rules again,
    as a table document (id ``~settled``, labels from *truth*, the gold text by record id)."""
    rules = Pipeline.preset("rules", quotes=False)
    out = []
    for d in docs:
        if d["variant"] != "page_text" or d["id"] not in truth or (text := survivors(model, d)) is None:
            continue
        _, kept, gaps, rows = rule_rows(rules, text)
        gold = Gold(truth[d["id"]])
        out.append({**{k: d[k] for k in ("variant", "type", "domain", "language")}, "id": d["id"] + "~settled",
                    "X": rows,
                    "y": [gold.label(line.text) for line in kept], "texts": [line.text for line in kept],
                    "gaps": gaps, "indents": [line.indent for line in kept], "settled": True})
    return out
