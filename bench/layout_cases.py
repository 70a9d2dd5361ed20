"""Record the layout classifier's inputs and outputs, for the Rust port's differential tests.

Runs the Python engine (``Pipeline.run``, as ``clean_and_explain`` does) with a wrapper
around :meth:`LayoutClassifier.apply` and writes one JSON line per call of the cleaner
(every pass and settle round): the kept lines (text, key, words, indent), their gaps,
the lexicon's language, and what the classifier computed from them: the feature rows,
the gate, the leading regime, p(content) and the cut-off per line, and the verdict per
line (None or the drop reason) three ways: as run (``explain=True``, the model's
cut-off), with ``explain=False``, and with a user threshold (``--threshold``,
``explain=True``). The two extra verdicts come from copies of the document, so the
pipeline itself runs once. Floats are written as Python's repr, which reads back exactly.

The word lists of each language go to ``--wordsets`` (a JSON object: language ->
``stopwords``, ``widget_words``, ``section_words``).

    python bench/layout_cases.py --out native/layout/tests/data/cases.jsonl       # fixtures and seeds
    python bench/layout_cases.py --corpus --out /tmp/layout_cases.jsonl           # the whole corpus
    python bench/layout_cases.py --corpus --limit 20 --out /tmp/small.jsonl
    python bench/layout_cases.py --pick /tmp/layout_cases.jsonl --out native/layout/tests/data/corpus.jsonl

Besides the cases, each line carries ``py_seconds``: the wall time of the classifier's own
``apply`` in that call. ``--time CASES`` replays a cases file through ``apply`` and reports
its CPU time per MB of kept text (the Rust side, ``cargo run --release --example compare``,
times the same work the same way):

    python bench/layout_cases.py --time /tmp/layout_cases.jsonl
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
# The cases are the Python engine's: with the native engine the pipeline would not call the
# Python classifier, and nothing would be recorded.
os.environ["CLEANWIRE_ENGINE"] = "python"

from cleanwire import Pipeline  # noqa: E402
from cleanwire.cleaners.layout import LayoutClassifier, load_model, model_rows  # noqa: E402
from cleanwire.document import Document  # noqa: E402
from cleanwire.lexicon import LANGUAGES, Lexicon, lexicon_for  # noqa: E402

FIXTURE_DIRS = ("fixtures/seeds", "fixtures/golden", "fixtures/multilingual")
_MIN_LINES = 5


def _verdicts(doc: Document, lexicon: Lexicon, classifier: LayoutClassifier, explain: bool,
              apply: Any) -> list[str | None]:
    """The verdict of *apply* (the unwrapped ``LayoutClassifier.apply``) per kept line of a copy of *doc*."""
    twin = Document(lines=[copy.copy(line) for line in doc.lines], language=doc.language, explain=explain)
    kept, _ = twin.kept_gaps()
    apply(classifier, twin, lexicon)
    return [None if line.keep else line.reason for line in kept]


class Recorder:
    """Wraps ``LayoutClassifier.apply`` and keeps one case per call."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.cases: list[dict[str, Any]] = []
        self.source = ""
        self._original = LayoutClassifier.apply

    def __enter__(self) -> Recorder:
        recorder = self
        original = self._original

        def apply(classifier: LayoutClassifier, doc: Document, lexicon: Lexicon) -> None:
            recorder.record(classifier, doc, lexicon, original)

        LayoutClassifier.apply = apply  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        LayoutClassifier.apply = self._original  # type: ignore[method-assign]

    def record(self, classifier: LayoutClassifier, doc: Document, lexicon: Lexicon, original: Any) -> None:
        """Run the classifier on *doc* and keep its inputs and outputs."""
        kept, gaps = doc.kept_gaps()
        case: dict[str, Any] = {
            "source": self.source,
            "call": sum(1 for c in self.cases if c["source"] == self.source),
            "lang": lexicon.language,
            "lines": [[line.text, line.key, line.words, line.indent] for line in kept],
            "gaps": gaps,
            "threshold": self.threshold,
        }
        if len(kept) >= _MIN_LINES:
            model = classifier.model or load_model()
            rows = model_rows(kept, gaps, lexicon, words=model.words)
            indents = [line.indent for line in kept]
            probabilities, cutoff, regime, stack = model.decide(rows, indents)
            case.update(
                rows=rows,
                gate=model.page_probability(rows, indents),
                regime=regime,
                probabilities=probabilities,
                stage1=list(stack.p),
                cutoffs=[cutoff(line.words) for line in kept],
            )
        plain = _verdicts(doc, lexicon, classifier, False, original)
        user = _verdicts(doc, lexicon, LayoutClassifier(self.threshold, classifier.model), True, original)
        start = time.perf_counter()
        original(classifier, doc, lexicon)
        case["py_seconds"] = time.perf_counter() - start
        case["explain"] = doc.explain
        case["verdicts"] = [None if line.keep else line.reason for line in kept]
        case["verdicts_plain"] = plain
        case["verdicts_threshold"] = user
        self.cases.append(case)


# Lines that exercise every place where Python's string semantics matter: str.isalnum /
# isupper / islower / isdigit, the regex module's \w, \b, \d, \s, \p{Lu}, \p{L}, case-insensitive
# matching, len() in code points, and characters that never reach a line through splitlines
# (\x85, \u2028, \x1c) but may reach the classifier from another caller.
TRICKY = (
    "Straße STRASSE ß ẞ große", "İstanbul İSTANBUL ıi I\u0307", "Cafe\u0301 de\u0301ja\u0300 vu \u0301x",
    "\u0661\u0662\u0663 \u0664\u0665 Arabic-Indic 2024", "Devanagari \u0967\u096f\u096f\u096f year",
    "Fullwidth \uff11\uff12:\uff13\uff10 \uff12\uff10\uff12\uff14", "x\u00b2 and \u00b3", "\u00b2. superscript item",
    "\u216b Roman twelve \u216b", "\u24b6 circled capital", "next\x85line inside", "line\u2028separator inside",
    "NUL\x00inside the line", "unit\x1fseparator", "\u01c5 titlecase \u01c5ungla", "\ufb01nal ligature \ufb01",
    "\u03a3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2 \u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3",
    "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3067\u3059\u3002", "\ud55c\uad6d\uc5b4 \ubb38\uc7a5\uc785\ub2c8\ub2e4.",
    "emoji \U0001f44d\U0001f3fd family \U0001f468\u200d\U0001f469\u200d\U0001f467", "zero\u200bwidth space",
    "\u00a0non-breaking\u00a0inside", "COPYR\u0130GHT 2024 Example", "ALL RIGHTS RESERVED", "copyr\u0131ght",
    "\u00a9 Example Ltd", "all rights re\u017fer\u017fed", "Updated 12/03/2024 \u2013 5 min read", "\u0663 hours ago",
    "3\u00a0min", "10:30", "At 10:305 or 1:30pm", "2019", "1999x", "\u0661\u0669\u0669\u0669", "hi there", "hi_there",
    "h\u00e9llo", "Key: value", "Title:\u00a0Subtitle", "Key:\u2003value",
    "A very long key that is more than forty characters: x",
    "1. Item", "\u2022 bullet", "[12] reference", "(3) item", "\u0661. Arabic item", "www.example.com", "mail@x.org",
    "x.company", "a.comb", "Mr. Smith. He said", "He said. \u201cYes\u201d", "End.\" Next",
    "It ended.) \u00c9tienne came",
    "question?", "ellipsis...", "ellipsis\u2026\u201d", "colon:", "| table | row |", "a/b/c \u00bb d \u203a e \u00b7 f",
    "Price: 5 \u20ac \u2013 \u201cquoted\u201d \u2014 dash", "\u201cQuoted\u201d with \u00e9 accent",
    "\u2018single\u2019 \u2019", "___", "_Under score", "\u0300\u0301 marks first", "\u00bfQu\u00e9 pasa?",
    "Stra\u00dfe 12, 10115 Berlin", "Die Stra\u00dfe ist 3 Stunden lang.", "Il y a 2 jours", "Hace 3 d\u00edas",
    "Vor 5 Std", "\u00c0 la une", "\u01c4 \u01c6 \u1e9e", "x" * 2100, "\u00e9" * 2050,
)
PROSE = (
    "The council approved the budget for the new schools on Monday evening, after a long debate about costs.",
    "Officials said that the first projects would start in the spring, once the money from the state arrives.",
    "Residents who spoke at the meeting asked for more details about the timetable and the cost of the works.",
)


def tricky_documents() -> Iterator[tuple[str, Document]]:
    """Documents of the tricky lines between prose, built line by line (as another caller might)."""
    from cleanwire.document import Line, _count_words, line_key

    for start in range(0, len(TRICKY), 6):
        texts = [*PROSE[:2], *TRICKY[start:start + 6], PROSE[2]]
        lines = [Line(n + 1, n, text, (n % 3) * 2, n % 2, line_key(text), _count_words(text))
                 for n, text in enumerate(texts)]
        yield f"tricky/{start}", Document(lines=lines)


def random_documents(count: int, seed: int) -> Iterator[tuple[str, Document]]:
    """*count* documents of random lines (seeded): words of the lexicons (stop, widget and
    section words), the tricky lines' pieces, dates, list marks, key-value rows, repeated
    lines, empty keys, runs and cards of one shape, random indents and blank lines."""
    import random

    from cleanwire.document import Line, _count_words, line_key

    rng = random.Random(seed)
    lex = lexicon_for("en")
    vocab = [*sorted(lex.stopwords), *sorted(lex.widget_words), *sorted(lex.section_words)]
    vocab += ["council", "budget", "schools", "Monday", "river", "flood", "Straße", "İstanbul", "café",
              "\u0663\u0664", "2024", "12:30", "3 min", "5 hours ago", "12/03/2024", "www.example.com",
              "©", "(c)", "hi", "thanks", "I", "my", "—", "|", "»", "•", "…", "\u201cquote\u201d", "e\u0301"]
    ends = ["", ".", "!", "?", ":", "...", "\u2026", ".\u201d", ")", " |"]
    starts = ["", "", "", "• ", "1. ", "[2] ", "(3) ", "| ", "- ", "Key: "]
    for d in range(count):
        texts: list[str] = []
        n = rng.randint(5, 60)
        while len(texts) < n:
            kind = rng.random()
            if kind < 0.1 and texts:
                texts.append(rng.choice(texts))  # a repeated line
            elif kind < 0.2:
                card = [" ".join(rng.choices(vocab, k=rng.randint(1, 4))), "3 hours ago"]
                texts += card * rng.randint(2, 4)  # teaser cards
            elif kind < 0.25:
                texts.append(rng.choice(["...", "|", "—", "•", "©"]))  # no words
            else:
                words = rng.choices(vocab, k=rng.choice((1, 2, 3, 6, 12, 25, 40)))
                texts.append(rng.choice(starts) + " ".join(words) + rng.choice(ends))
        lines = [Line(i + 1, i, t, rng.choice((0, 0, 0, 2, 4, 8)), rng.choice((0, 0, 1)), line_key(t), _count_words(t))
                 for i, t in enumerate(t.strip() or "x" for t in texts)]
        yield f"random/{seed}/{d}", Document(lines=lines)


def fixture_texts() -> Iterator[tuple[str, str]]:
    """(name, text) of the bundled fixtures and seeds."""
    for folder in FIXTURE_DIRS:
        for path in sorted((ROOT / folder).glob("*.txt")):
            yield f"{folder}/{path.name}", path.read_text(encoding="utf-8")


def corpus_texts(limit: int | None) -> Iterator[tuple[str, str]]:
    """(name, text) of every scraped variant of the corpus records (the gold is not read)."""
    from _corpus import VARIANTS, load_records

    for record in load_records(limit=limit):
        for variant in VARIANTS:
            text = record["inputs"].get(variant) or ""
            if text.strip():
                yield f"{record['id']}/{variant}", text


def case_document(case: dict[str, Any]) -> Document:
    """The document of a recorded case: its kept lines, with their gaps, language and explain flag."""
    from cleanwire.document import Line

    lines = [Line(n + 1, n, text, indent, 1 if gap else 0, key, words)
             for n, ((text, key, words, indent), gap) in enumerate(zip(case["lines"], case["gaps"]))]
    return Document(lines=lines, language=case["lang"], explain=case["explain"])


def replay(path: Path) -> int:
    """Time ``LayoutClassifier.apply`` on the recorded cases of *path*, in CPU time of the
    thread (the machine is shared); check that the verdicts are the recorded ones."""
    classifier = LayoutClassifier()
    seconds = 0.0
    size = calls = differ = 0
    with path.open(encoding="utf-8") as cases:
        for raw in cases:
            case = json.loads(raw)
            doc = case_document(case)
            lines = doc.lines
            lexicon = lexicon_for(case["lang"])
            start = time.thread_time()
            classifier.apply(doc, lexicon)
            seconds += time.thread_time() - start
            calls += 1
            size += sum(len(line.text.encode("utf-8")) + 1 for line in lines)
            differ += [None if line.keep else line.reason for line in lines] != case["verdicts"]
    mb = size / 1e6
    print(f"{calls} calls, {mb:.2f} MB of kept text, {differ} calls with other verdicts than recorded")
    print(f"python apply (explain as recorded): {seconds:.2f} s CPU, {seconds / mb:.4f} s/MB ({mb / seconds:.2f} MB/s)")
    return 1 if differ else 0


def refresh(source: Path, out: Path, threshold: float) -> int:
    """Record the cases of *source* again, from their recorded inputs, with the classifier as it
    is now (after a retrained model, say): same lines, gaps, language and explain flag."""
    classifier = LayoutClassifier()
    recorder = Recorder(threshold)
    cases = [json.loads(raw) for raw in source.read_text(encoding="utf-8").splitlines()]
    with out.open("w", encoding="utf-8") as f:
        for case in cases:
            doc = case_document(case)
            recorder.source = case["source"]
            recorder.cases.clear()
            recorder.record(classifier, doc, lexicon_for(case["lang"]), recorder._original)
            new = recorder.cases[0]
            new["call"] = case["call"]
            f.write(json.dumps(new, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases recorded again -> {out}")
    return 0


def pick(source: Path, out: Path, budget: int) -> int:
    """Copy a deterministic selection of the cases in *source* to *out*, at most *budget* bytes:
    by turns from each stratum (leading regime, blended or not, language), smallest cases
    first (within a stratum and within a turn), only cases where the model dropped something
    in one of the three verdicts."""
    strata: dict[tuple[str, bool, str], list[tuple[int, int, str]]] = {}
    with source.open(encoding="utf-8") as cases:
        for number, raw in enumerate(cases):
            case = json.loads(raw)
            if "gate" not in case:
                continue
            dropped = any(v for key in ("verdicts", "verdicts_plain", "verdicts_threshold") for v in case[key])
            if not dropped:
                continue
            blended = 0.1 < case["gate"] < 0.9
            strata.setdefault((case["regime"], blended, case["lang"]), []).append((len(raw), number, raw))
    queues = [sorted(items) for _, items in sorted(strata.items())]
    chosen: list[tuple[int, str]] = []
    used = 0
    while any(queues):
        # one case from each stratum per turn, the smallest first, so that a few large cases of
        # one stratum cannot use up the budget before the others have one
        for size, number, raw in sorted(queue.pop(0) for queue in queues if queue):
            if used + size <= budget:
                chosen.append((number, raw))
                used += size
        if all(q and used + q[0][0] > budget for q in queues if q):
            break
    with out.open("w", encoding="utf-8") as f:
        for _, raw in sorted(chosen):
            f.write(raw)
    print(f"{len(chosen)} cases from {len(strata)} strata, {used} bytes -> {out}")
    return 0


def perturbed_model(seed: int) -> dict[str, Any]:
    """The shipped model with other numbers (as a retrained one would have): leaf values
    jittered, other cut-offs (a short-line cut-off in both regimes), the gate shifted towards
    blending, a one-leaf tree, another price for filling dips, a rescue that applies far more
    often, and integers where floats were.
    Same format, same features."""
    import random
    from importlib import resources

    rng = random.Random(seed)
    text = resources.files("cleanwire").joinpath("models").joinpath("layout.json").read_text(encoding="utf-8")
    spec: dict[str, Any] = json.loads(text)
    for regime in spec["regimes"].values():
        for stage in ("stage1", "stage2"):
            for tree in regime[stage]["trees"]:
                for node in tree:
                    node[4] = node[4] * (1.0 + rng.uniform(-0.2, 0.2))
    page, extract = spec["regimes"]["page"], spec["regimes"]["extract"]
    page.update(threshold=0.45, short_threshold=0.6, short_words=4)
    extract.update(threshold=0.5, short_threshold=0.7, short_words=3)
    page["stage1"]["trees"].append([[-1, 0, 0, 0, 0.125]])
    extract["stage2"]["trees"][0][0][1] = 1  # an integer threshold
    gate = spec["gate"]
    shift = "base" if "trees" in gate else "intercept"  # boosted trees or a logistic regression
    gate[shift] = float(gate[shift]) + 4.0
    spec["fill"] = 5  # an integer price, deeper dips filled than by the shipped model
    spec["rescue"] = {"share": 0.4, "factor": 0.6}  # decided again far more often than by the shipped model
    return spec


def main(argv: list[str] | None = None) -> int:
    """Write the cases (and the word sets) and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="store_true", help="all scraped variants of the shared corpus")
    parser.add_argument("--tricky", action="store_true",
                        help="also the documents of tricky lines, through the classifier alone (in both en and de)")
    parser.add_argument("--random", type=int, default=0, metavar="N",
                        help="also N documents of random lines, through the classifier alone (en and de)")
    parser.add_argument("--seed", type=int, default=1, help="seed of --random")
    parser.add_argument("--limit", type=int, default=None, help="at most this many corpus records (or fixtures)")
    parser.add_argument("--out", type=Path, help="JSON-lines file of cases")
    parser.add_argument("--time", type=Path, default=None, metavar="CASES",
                        help="instead: time LayoutClassifier.apply on the cases of this file (CPU time)")
    parser.add_argument("--wordsets", type=Path, default=None,
                        help="JSON file of the word sets per language (default: wordsets.json beside --out)")
    parser.add_argument("--threshold", type=float, default=0.5, help="the user threshold of the third verdicts")
    parser.add_argument("--pick", type=Path, default=None, metavar="CASES",
                        help="instead: copy a small stratified selection of this cases file to --out")
    parser.add_argument(
        "--perturb",
        type=int,
        default=None,
        metavar="SEED",
        help="run with a perturbed copy of the model (written to model.json beside --out)",
    )
    parser.add_argument("--budget", type=int, default=250_000, help="bytes at most for --pick")
    parser.add_argument("--refresh", type=Path, default=None, metavar="CASES",
                        help="instead: record the cases of this file again from their inputs (to --out)")
    args = parser.parse_args(argv)
    if args.refresh is not None and args.out is not None:
        return refresh(args.refresh, args.out, args.threshold)
    if args.time is not None:
        return replay(args.time)
    if args.pick is not None and args.out is not None:
        return pick(args.pick, args.out, args.budget)
    if args.out is None:
        parser.error("--out is required")

    if args.perturb is not None:
        from cleanwire.cleaners import layout

        spec = perturbed_model(args.perturb)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_name("model.json").write_text(json.dumps(spec) + "\n", encoding="utf-8")
        layout._model = layout.LayoutModel(spec)
    texts = corpus_texts(args.limit) if args.corpus else fixture_texts()
    pipeline = Pipeline.preset("default")
    documents = calls = lines = 0
    seconds = 0.0
    size = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out, Recorder(args.threshold) as recorder:

        def write_cases() -> None:
            nonlocal documents, calls, lines, seconds, size
            documents += 1
            for case in recorder.cases:
                calls += 1
                lines += len(case["lines"])
                seconds += case["py_seconds"]
                size += sum(len(t.encode("utf-8")) + 1 for t, *_ in case["lines"])
                out.write(json.dumps(case, ensure_ascii=False) + "\n")

        for i, (name, text) in enumerate(texts):
            if not args.corpus and args.limit is not None and i >= args.limit:
                break
            recorder.source = name
            recorder.cases.clear()
            pipeline.run(text)
            write_cases()
        built: list[tuple[str, Document]] = []
        if args.tricky:
            built += tricky_documents()
        if args.random:
            built += random_documents(args.random, args.seed)
        if built:
            for name, doc in built:
                for code in ("en", "de"):
                    recorder.source = f"{name}/{code}"
                    recorder.cases.clear()
                    twin = Document(lines=[copy.copy(line) for line in doc.lines], language=code)
                    LayoutClassifier().apply(twin, lexicon_for(code))
                    write_cases()
    wordsets_path = args.wordsets or args.out.with_name("wordsets.json")
    wordsets = {
        code: {
            "stopwords": sorted(lexicon_for(code).stopwords),
            "widget_words": sorted(lexicon_for(code).widget_words),
            "section_words": sorted(lexicon_for(code).section_words),
        }
        for code in LANGUAGES
    }
    wordsets_path.write_text(json.dumps(wordsets, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    mb = size / 1e6
    print(f"{documents} documents, {calls} calls, {lines} kept lines, {mb:.2f} MB of kept text -> {args.out}")
    if mb:
        print(f"Python LayoutClassifier.apply: {seconds:.2f} s, {seconds / mb:.3f} s/MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
