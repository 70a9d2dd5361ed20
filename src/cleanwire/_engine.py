"""Which engine runs: the native one (``cleanwire._native``, Rust) or the pure-Python one.

One engine per process, chosen openly:

- ``CLEANWIRE_ENGINE=python``: the Python engine, always;
- ``CLEANWIRE_ENGINE=native``: the native engine; if the extension is not there, importing
  cleanwire raises :class:`ImportError` (never a silent fallback);
- unset (or ``auto``): native when ``cleanwire._native`` imports, else Python.

:data:`ENGINE` says which one runs. The Python engine is the reference: the native one gives
the same text, language and trace for every input. A few calls still run on the Python engine
under ``ENGINE == "native"``, with the same answer by construction: a pipeline holding a
cleaner that is not built in (your own function or class, a subclass of a built-in, a
``LayoutClassifier`` with its own model), a text holding lone surrogates (not UTF-8), a phrase
written in syntax the native engine does not translate, and a look-around phrase that hits its
backtracking limit.

Example:
    >>> ENGINE in ("native", "python")
    True
"""

from __future__ import annotations

import os
import sys
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Decision
    from .pipeline import Pipeline

__all__ = ["ENGINE", "native_clean", "native_run", "needs_repair", "warm_language"]


def _choose() -> tuple[str, Any]:
    wanted = os.environ.get("CLEANWIRE_ENGINE", "auto").strip().lower() or "auto"
    if wanted not in ("auto", "native", "python"):
        raise ImportError(f"CLEANWIRE_ENGINE must be 'native', 'python' or unset, got {wanted!r}")
    if wanted == "python":
        return "python", None
    try:
        from . import _native  # type: ignore[attr-defined]
    except ImportError as e:
        if wanted == "native":
            raise ImportError(
                "CLEANWIRE_ENGINE=native, but the native extension cleanwire._native is not available "
                f"({e}); install cleanwire with a Rust toolchain present (see docs/engines.md) "
                "or unset CLEANWIRE_ENGINE"
            ) from e
        return "python", None
    return "native", _native


ENGINE, _NATIVE = _choose()
"""``"native"`` or ``"python"``: the engine this process runs (see the module documentation)."""

_lock = threading.Lock()
_engine: list[Any] = []


def needs_repair(text: str) -> bool:
    """:func:`cleanwire.normalize.needs_repair`, natively under the native engine (same classes).

    Example:
        >>> needs_repair("plain text"), needs_repair("caf\u00c3\u00a9"), needs_repair(chr(0xD800))
        (False, True, True)
    """
    if _NATIVE is not None:
        try:
            return bool(_NATIVE.needs_repair(text))
        except UnicodeEncodeError:  # a lone surrogate: a sign of trouble
            return True
    from .normalize import needs_repair as python_needs_repair

    return python_needs_repair(text)


def _detect(sample: list[str]) -> str:
    from .lang import detect_language

    return detect_language(sample)


def _langdetect_profiles() -> tuple[str, list[str]] | None:
    """langdetect's ``PROFILES_DIRECTORY`` and its entries in ``os.listdir`` order, for the native
    port of langdetect (``native/langdetect``), or ``None`` where the port does not apply: another
    langdetect than 1.0.9, or Python 3.12+ (whose ``sum`` of floats rounds differently).

    The directory is found without importing langdetect (which reads its tables on import): the
    native engine reads the profiles itself, the first time a text needs langdetect.
    """
    import importlib.metadata
    import importlib.util

    if sys.version_info >= (3, 12):
        return None
    try:
        if importlib.metadata.version("langdetect") != "1.0.9":
            return None
        spec = importlib.util.find_spec("langdetect")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    directory = os.path.join(list(spec.submodule_search_locations)[0], "profiles")
    try:
        return directory, os.listdir(directory)
    except OSError:
        return None


def _language_spec() -> dict[str, Any]:
    """What the native engine needs to run :func:`cleanwire.lang.detect_language` itself (the
    ``_detect`` callback stays for whatever it cannot take)."""
    from .lang import SAMPLE_CHARS
    from .lexicon import STOPWORDS

    return {
        "stopwords": [(code, sorted(words)) for code, words in STOPWORDS.items()],
        "sample_chars": SAMPLE_CHARS,
        "default": "en",  # _detect's
        "profiles": _langdetect_profiles(),
    }


def warm_language() -> None:
    """Load the language profiles now (not mid-batch): the native port's under the native engine
    (the library's stay unloaded unless a detection falls back to Python), else langdetect's."""
    sample = ["Zaladuj profile jezykow teraz."]  # no stop-word majority: langdetect runs
    if _NATIVE is not None and _get_engine().detect_language(sample) is not None:
        return
    from .lang import detect_language

    detect_language(sample)


def _layout(language: str, rows: list[tuple[str, str, int, int]], gaps: list[bool], explain: bool,
            threshold: float | None) -> list[str | None]:
    """The ``layout`` step on the native engine's kept lines, by the Python classifier."""
    from .cleaners.layout import LayoutClassifier
    from .document import Document, Line
    from .lexicon import lexicon_for

    lines = [Line(i + 1, i, text, indent, 1 if gap else 0, key, words)
             for i, ((text, key, words, indent), gap) in enumerate(zip(rows, gaps))]
    doc = Document(lines=lines, language=language, explain=explain)
    LayoutClassifier(threshold=threshold).apply(doc, lexicon_for(language))
    return [None if line.keep else line.reason for line in lines]


def _get_engine() -> Any:
    if not _engine:
        with _lock:
            if not _engine:
                from importlib import resources

                from . import _native_spec as spec

                models = resources.files(__package__).joinpath("models")
                model = models.joinpath("layout.json").read_text(encoding="utf-8")
                _engine.append(_NATIVE.Engine(spec.unicode_tables(), spec.internal_patterns(), spec.lexicon_spec,
                                              _detect, _layout, model, _language_spec()))
    return _engine[0]


# Plans by pipeline, beside the pipelines rather than on them: a Pipeline stays picklable
# (Dask, Spark and the CLI's worker processes send pipelines to other processes).
_PLANS: weakref.WeakKeyDictionary[Pipeline, Any] = weakref.WeakKeyDictionary()
_NO_PLAN = object()


# The last pipeline looked up (by a weak reference) and its plan: a batch cleans with one
# pipeline, and this skips the weak dictionary's lookup, which costs about as much as a short
# text's whole Python path. Replaced as one tuple, so threads never see a torn pair.
_LAST_PLAN: tuple[Any, Any] = (None, None)


def _plan(pipeline: Pipeline) -> Any:
    """The native plan of *pipeline*, built once (``None`` when it must run on the Python engine)."""
    global _LAST_PLAN
    ref, last = _LAST_PLAN
    if ref is not None and ref() is pipeline:
        return last
    cached = _PLANS.get(pipeline, _NO_PLAN)
    if cached is _NO_PLAN:
        cached = _PLANS[pipeline] = _build_plan(pipeline)
    _LAST_PLAN = (weakref.ref(pipeline), cached)
    return cached


def _build_plan(pipeline: Pipeline) -> Any:
    from . import _native_spec as spec
    from .pipeline import BUILTIN_CLEANERS

    extras: dict[str, Any] = {}
    threshold: float | None = None
    for cleaner in pipeline.cleaners:
        cls = BUILTIN_CLEANERS.get(cleaner.name)
        if cls is None or type(cleaner) is not cls:
            return None  # the user's own cleaner, or a subclass: the Python engine runs it
        if cleaner.name == "layout":
            if getattr(cleaner, "model", None) is not None:
                return None
            threshold = getattr(cleaner, "threshold", None)
        phrases = tuple(getattr(cleaner, "extra", ()))
        if phrases:
            try:
                extras[cleaner.name] = (spec.search_family(list(phrases)) if cleaner.name == "captions"
                                        else spec.full_line_family(list(phrases)))
            except spec.UntranslatableError:
                return None
    try:
        return _NATIVE.Plan(_get_engine(), list(pipeline.names), extras, pipeline.quotes, pipeline.language, threshold)
    except _NATIVE.Unsupported:
        return None


def native_run(pipeline: Pipeline, text: str, initial: list[Decision], explain: bool,
               want_trace: bool) -> tuple[str, str, list[tuple[Any, ...]] | None] | None:
    """Run *pipeline* on the (repaired) *text* natively; ``None`` when the Python engine must answer."""
    plan = _plan(pipeline)
    if plan is None:
        return None
    trace = [(d.line, d.action, d.cleaner, d.reason, d.text, d.new_text) for d in initial] if initial else []
    result: tuple[str, str, list[tuple[Any, ...]] | None] | None = _answer(
        plan.run, text, trace, explain, want_trace)
    return result


def native_clean(pipeline: Pipeline, text: str) -> str | None:
    """``pipeline.clean(text)`` natively when *text* needs no repair, in one call to the engine
    (the repair check included); ``None`` when the caller must take the full path (a text to
    repair, a pipeline or text the Python engine answers)."""
    # _plan's and _answer's work written out: two calls fewer, on the path of every short text
    ref, plan = _LAST_PLAN
    if ref is None or ref() is not pipeline:
        plan = _plan(pipeline)
    if plan is None:
        return None
    try:
        out: str | None = plan.clean(text, pipeline.repair)
    except Exception as e:
        _raise_unless_python_answers(e)
        return None
    return out


def _answer(call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)`` into the engine, or ``None`` where the Python engine must answer instead: a
    text that cannot become UTF-8, something the engine does not support, a phrase it cannot
    translate."""
    try:
        return call(*args)
    except Exception as e:
        _raise_unless_python_answers(e)
        return None


def _raise_unless_python_answers(e: Exception) -> None:
    """Raise *e* (an exception of a call into the engine) again, unless it means that the Python
    engine must answer instead (see :func:`_answer`)."""
    if isinstance(e, (UnicodeEncodeError, _NATIVE.Unsupported)):
        return
    from ._native_spec import UntranslatableError

    if not isinstance(e, UntranslatableError):
        raise e
