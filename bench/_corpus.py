"""Shared helpers for the benchmark scripts: the corpus, the reference scorer and the peers.

The reference scorer ``../shared/corpus/score.py`` is imported by path so that
every figure printed by ``bench/quality.py`` is computed by the same functions
as ``score.py`` itself. Peers (datatrove's C4 line filter, jusText, clean-text)
are optional: install them with ``pip install -e '.[bench]'``; a peer whose
package is missing is reported and skipped.
"""

from __future__ import annotations

import html
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLEANWIRE_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "wcxb-dev.jsonl.gz"
SCORER = SHARED / "corpus" / "score.py"
VARIANTS = ("page_text", "trafilatura", "trafilatura_recall", "readability")

Cleaner = Callable[[str], str]


def load_scorer(path: Path = SCORER) -> ModuleType:
    """Import the reference scorer ``score.py`` by path (it is not a package)."""
    spec = importlib.util.spec_from_file_location("wcxb_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the reference scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_records(types: set[str] | None = None, limit: int | None = None,
                 path: Path = CORPUS) -> list[dict[str, Any]]:
    """Records of the corpus, filtered by page type, at most *limit* (via the scorer's ``load``)."""
    scorer = load_scorer()
    records: list[dict[str, Any]] = scorer.load(str(path), types or None, limit)
    return records


def git_revision() -> str:
    """``<short sha>`` of HEAD, with a note when the tree under src/ has changes.

    ``CLEANWIRE_BENCH_REVISION`` overrides it, e.g. when timing a clean export of a commit.
    """
    import subprocess

    if os.environ.get("CLEANWIRE_BENCH_REVISION"):
        return os.environ["CLEANWIRE_BENCH_REVISION"]

    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + (" + uncommitted changes in src/" if dirty else "")


# -- peers -------------------------------------------------------------------------------


def cleanwire_default() -> Cleaner:
    """cleanwire's default pipeline."""
    import cleanwire

    return cleanwire.clean


def cleanwire_python() -> Cleaner:
    """cleanwire's default pipeline on the Python engine (what ``clean`` runs under
    ``CLEANWIRE_ENGINE=python``), in the same process as the native one."""
    from cleanwire import Pipeline

    pipeline = Pipeline.preset("default")

    def run(text: str) -> str:
        return pipeline.document(text, explain=False).render()

    return run


def c4_lines() -> Cleaner:
    """datatrove's ``C4QualityFilter``, line rules only, applied to a Document; returns its text.

    Document-level rejections (too few sentences, lorem ipsum, curly bracket,
    bad words) are switched off so that only the line rules act: lines not
    ending in terminal punctuation, lines under 3 words, lines with
    "javascript", policy phrases and citation brackets are removed.
    """
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    filt = C4QualityFilter(
        split_paragraph=True,
        remove_citations=True,
        filter_no_terminal_punct=True,
        min_num_sentences=-1,
        min_words_per_line=3,
        max_word_length=1000,
        filter_lorem_ipsum=False,
        filter_javascript=True,
        filter_curly_bracket=False,
        filter_policy=True,
    )

    def run(text: str) -> str:
        doc = Document(text=text, id="0")
        filt.filter(doc)
        return str(doc.text)

    return run


_STOPLIST_CACHE: dict[str, frozenset[str]] = {}


def _justext_stoplist(code: str) -> frozenset[str]:
    import justext

    names = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
             "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ru": "Russian", "sv": "Swedish",
             "da": "Danish", "no": "Norwegian_Bokmal", "fi": "Finnish", "cs": "Czech", "tr": "Turkish",
             "hu": "Hungarian", "ro": "Romanian", "id": "Indonesian", "uk": "Ukrainian", "ca": "Catalan"}
    name = names.get(code, "English")
    if name not in _STOPLIST_CACHE:
        _STOPLIST_CACHE[name] = frozenset(justext.get_stoplist(name))
    return _STOPLIST_CACHE[name]


def justext_lines() -> Cleaner:
    """jusText's paragraph classifier fed the lines as ``<p>`` paragraphs (html-escaped).

    The stoplist follows the language cleanwire detects (English for languages
    jusText has no list for); non-boilerplate paragraphs are kept, one per line.
    """
    import justext

    from cleanwire.lang import detect_language

    def run(text: str) -> str:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            return ""
        code = detect_language(line for line in lines if len(line.split()) >= 10)
        page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
        paragraphs = justext.justext(page.encode("utf-8"), _justext_stoplist(code), encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def clean_text() -> Cleaner:
    """clean-text's ``clean()`` with its defaults (fix unicode, ASCII, lower case)."""
    from cleantext import clean

    def run(text: str) -> str:
        return str(clean(text))

    return run


def ftfy_only() -> Cleaner:
    """``ftfy.fix_text`` on the whole text, default configuration."""
    import ftfy

    return ftfy.fix_text  # type: ignore[no-any-return]


def langdetect_whole() -> Cleaner:
    """langdetect on the whole text (seeded factory); returns the text unchanged."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text: str) -> str:
        try:
            detect(text)
        except LangDetectException:
            pass
        return text

    return run


def build(factories: dict[str, Callable[[], Cleaner]], wanted: list[str]) -> dict[str, Cleaner]:
    """Instantiate the wanted peers; print and skip those whose package is missing."""
    out: dict[str, Cleaner] = {}
    for name in wanted:
        try:
            out[name] = factories[name]()
        except ImportError as exc:
            print(f"# skipped {name}: {exc} (pip install -e '.[bench]')", file=sys.stderr)
    return out


# -- docs ---------------------------------------------------------------------------------------

DOCS = ROOT / "docs" / "benchmarks.md"


def update_docs(section: str, body: str, path: Path = DOCS) -> None:
    """Replace the text between ``<!-- {section}:start -->`` and ``<!-- {section}:end -->`` in *path*."""
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    text = path.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"markers {start} / {end} not found in {path}")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{body.strip()}\n{end}{tail}", encoding="utf-8")


def machine() -> str:
    """The processor and core count the figures were measured on (ratios between tools depend on it)."""
    import os
    import platform

    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or platform.machine()
    if "cpu family" in fields and "model" in fields:
        name += f" (family {fields['cpu family']}, model {fields['model']})"
    return f"{name}, {os.cpu_count()} cores"


def stamp() -> str:
    """Date (UTC) and revision line for the figures."""
    import datetime

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"Measured {now} at commit `{git_revision()}`."
