"""cleanwire: strip boilerplate from scraped text, repair its encoding, normalize quotes.

Example:
    >>> from cleanwire import clean
    >>> clean("By Jane Doe\\nThe council approved the budget on Tuesday.\\nLEAVE A REPLY")
    'The council approved the budget on Tuesday.'

For the trace of what was removed and why, use :func:`clean_and_explain`; to
compose your own cleaner list, use :class:`Pipeline`. :data:`ENGINE` names the engine
that runs (``"native"`` or ``"python"``; see :mod:`cleanwire._engine`).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from ._engine import ENGINE, native_clean
from ._version import __version__
from .cleaners.base import Cleaner, FunctionCleaner, LineCleaner
from .document import Decision, Document, Line
from .normalize import decode
from .pipeline import BUILTIN_CLEANERS, PRESETS, CleanResult, Pipeline

__all__ = [
    "BUILTIN_CLEANERS",
    "ENGINE",
    "PRESETS",
    "CleanResult",
    "Cleaner",
    "Decision",
    "Document",
    "FunctionCleaner",
    "Line",
    "LineCleaner",
    "Pipeline",
    "__version__",
    "clean",
    "clean_and_explain",
    "decode",
]

_PRESET_CACHE: dict[str, Pipeline] = {}
# Pipelines derived from a preset or from a caller's pipeline by clean()'s options, built once:
# building a Pipeline (and its native plan) costs more than cleaning a short text. A derived
# pipeline is a pure function of its key, so the cache never changes an answer; it is bounded.
_DERIVED_CACHE: dict[tuple[object, ...], Pipeline] = {}
_DERIVED_BY_PIPELINE: weakref.WeakKeyDictionary[Pipeline, dict[tuple[object, ...], Pipeline]] = (
    weakref.WeakKeyDictionary())
_DERIVED_MAX = 256


def _derive(
    base: Pipeline,
    quotes: bool | None,
    repair: bool | None,
    language: str | None,
    disable: Iterable[str],
) -> Pipeline:
    if isinstance(disable, str):
        disable = (disable,)
    disable = tuple(disable)
    if disable:
        base = base.without(*disable)
    options = {k: v for k, v in (("quotes", quotes), ("repair", repair), ("language", language)) if v is not None}
    return base.replace(**options) if options else base


def _cacheable(quotes: object, repair: object, language: object, disable: object) -> bool:
    return (all(v is None or isinstance(v, bool) for v in (quotes, repair))
            and (language is None or isinstance(language, str))
            and (isinstance(disable, (str, tuple, list)) and all(isinstance(d, str) for d in disable)))


def _pipeline(
    pipeline: str | Pipeline | None,
    quotes: bool | None,
    repair: bool | None,
    language: str | None,
    disable: Iterable[str],
) -> Pipeline:
    if pipeline is None:
        pipeline = "default"
    if isinstance(pipeline, str):
        base = _PRESET_CACHE.get(pipeline)
        if base is None:
            base = _PRESET_CACHE[pipeline] = Pipeline.preset(pipeline)
    elif isinstance(pipeline, Pipeline):
        base = pipeline
    else:
        raise TypeError(f"pipeline must be a preset name or a Pipeline, got {type(pipeline).__name__}")
    if quotes is None and repair is None and language is None and not disable:
        return base
    if not _cacheable(quotes, repair, language, disable):  # let the constructors raise their errors
        return _derive(base, quotes, repair, language, disable)
    key: tuple[object, ...] = (quotes, repair, language, (disable,) if isinstance(disable, str) else tuple(disable))
    if isinstance(pipeline, str):
        cache = _DERIVED_CACHE
        key = (pipeline, *key)
    else:
        cache = _DERIVED_BY_PIPELINE.setdefault(base, {})
    derived = cache.get(key)
    if derived is None:
        derived = _derive(base, quotes, repair, language, disable)
        if len(cache) >= _DERIVED_MAX:
            cache.clear()
        cache[key] = derived
    return derived


def clean(
    text: str,
    *,
    pipeline: str | Pipeline | None = None,
    quotes: bool | None = None,
    repair: bool | None = None,
    language: str | None = None,
    disable: Iterable[str] = (),
) -> str:
    """Return *text* without boilerplate, with its encoding repaired and quotes normalized.

    Options: ``pipeline`` (a preset name such as ``"default"`` or
    ``"repair_only"``, or a :class:`Pipeline`); ``quotes=False`` keeps curly
    quotes; ``repair=False`` skips encoding repair; ``language`` forces the
    language of the phrase lists; ``disable`` names cleaners to switch off.
    Raises :class:`TypeError` for anything but ``str``.

    Example:
        >>> clean("Subscribe\\n\\u201cHe seems erratic.\\u201d")
        '"He seems erratic."'
        >>> clean("Subscribe\\n\\u201cHe seems erratic.\\u201d", quotes=False)
        '\\u201cHe seems erratic.\\u201d'
    """
    if pipeline is None and quotes is None and repair is None and language is None and disable == ():
        # the default call, the commonest: no options to resolve (what _pipeline would return)
        base = _PRESET_CACHE.get("default")
        if base is not None:
            if ENGINE == "native" and isinstance(text, str):  # Pipeline.clean, one call fewer
                cleaned = native_clean(base, text)
                if cleaned is not None:
                    return cleaned
            return base._clean_fully(text)
    return _pipeline(pipeline, quotes, repair, language, disable).clean(text)


def clean_and_explain(
    text: str,
    *,
    pipeline: str | Pipeline | None = None,
    quotes: bool | None = None,
    repair: bool | None = None,
    language: str | None = None,
    disable: Iterable[str] = (),
) -> CleanResult:
    """Like :func:`clean`, but return a :class:`CleanResult` with the language and the trace.

    Example:
        >>> result = clean_and_explain("Share post:\\nThe mayor resigned.")
        >>> print(result.explain())
        language: en
        -     1 [social: share or subscribe widget] Share post:
    """
    return _pipeline(pipeline, quotes, repair, language, disable).run(text)
