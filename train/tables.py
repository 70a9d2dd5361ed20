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
  with single newlines hands over).

Used only at training and evaluation time: nothing here is read by the library.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import cipher  # noqa: E402
import transplant as tp  # noqa: E402
from dataset import build  # noqa: E402

from cleanwire import Pipeline  # noqa: E402
from cleanwire.cleaners.layout import gate_features, model_rows  # noqa: E402
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
