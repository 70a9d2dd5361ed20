"""Pipelines described in TOML: a file of its own or ``[tool.cleanwire]`` in ``pyproject.toml``.

The format (every key optional)::

    preset = "default"             # "default", "rules" or "repair_only"
    cleaners = ["comments", "social"]  # an explicit list instead of a preset
    disable = ["captions"]         # built-in cleaners to switch off
    quotes = true                  # curly quotes to ASCII
    repair = true                  # ftfy encoding repair
    language = "en"                # force the language of the phrase lists

    [phrases]                      # extra patterns for a built-in cleaner
    social = ["follow us on (facebook|x)"]

Unknown keys and wrong types raise :class:`ConfigError`: nothing is silently
ignored. A spec is a plain ``dict`` (picklable, cheap to send to worker
processes); :func:`build_pipeline` turns it into a :class:`~cleanwire.Pipeline`.

Example:
    >>> spec = parse_spec({"preset": "default", "disable": ["captions"], "quotes": False})
    >>> p = build_pipeline(spec)
    >>> "captions" in p.names, p.quotes
    (False, False)
    >>> parse_spec({"quote": True})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cleanwire.config.ConfigError: <config>: unknown key 'quote'; known keys: cleaners, disable, ...
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .pipeline import BUILTIN_CLEANERS, PRESETS, Pipeline

__all__ = [
    "ConfigError",
    "Spec",
    "build_pipeline",
    "find_project_config",
    "load_spec",
    "merge_specs",
    "parse_spec",
    "read_toml",
]

Spec = dict[str, Any]
"""A validated pipeline description: the keys of the TOML format, nothing else."""

_KEYS = ("cleaners", "disable", "language", "phrases", "preset", "quotes", "repair")


class ConfigError(ValueError):
    """A pipeline description that cannot be read or does not make sense."""


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML file (``tomllib`` on Python 3.11+, ``tomli`` on 3.10).

    Raises :class:`ConfigError` when the file is missing, unreadable or not TOML.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        try:
            import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:
            raise ConfigError(f"{path}: reading TOML on Python 3.10 needs the 'tomli' package "
                              "(pip install tomli)") from None
    try:
        with open(path, "rb") as f:
            data: dict[str, Any] = tomllib.load(f)
            return data
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings, got {value!r}")
    return list(value)


def _cleaner_names(value: object, where: str) -> list[str]:
    names = _strings(value, where)
    unknown = [n for n in names if n not in BUILTIN_CLEANERS]
    if unknown:
        known = ", ".join(BUILTIN_CLEANERS)
        raise ConfigError(f"{where}: unknown cleaner(s) {unknown}; built-in cleaners are: {known}")
    return names


def parse_spec(data: Mapping[str, Any], *, source: str = "<config>") -> Spec:
    """Validate a pipeline description (the table of a TOML file) and return it as a spec.

    Example:
        >>> parse_spec({"phrases": {"social": ["join our channel"]}})
        {'phrases': {'social': ['join our channel']}}
    """
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a table, got {type(data).__name__}")
    spec: Spec = {}
    for key, value in data.items():
        where = f"{source}: {key}"
        if key not in _KEYS:
            raise ConfigError(f"{source}: unknown key {key!r}; known keys: {', '.join(_KEYS)}")
        if key == "preset":
            if value not in PRESETS:
                raise ConfigError(f"{where}: unknown preset {value!r}; presets are: {', '.join(PRESETS)}")
            spec[key] = value
        elif key in ("cleaners", "disable"):
            spec[key] = _cleaner_names(value, where)
        elif key in ("quotes", "repair"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false, got {value!r}")
            spec[key] = value
        elif key == "language":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where} must be a language code such as \"en\", got {value!r}")
            spec[key] = value
        else:  # phrases
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where} must be a table of cleaner = [patterns], got {value!r}")
            _cleaner_names(list(value), where)
            spec[key] = {name: _strings(patterns, f"{where}.{name}") for name, patterns in value.items()}
    if "preset" in spec and "cleaners" in spec:
        raise ConfigError(f"{source}: give 'preset' or 'cleaners', not both")
    return spec


def merge_specs(*specs: Mapping[str, Any]) -> Spec:
    """Merge specs left to right: later scalars win, ``disable`` and ``phrases`` accumulate.

    A later ``preset`` replaces an earlier ``cleaners`` list and the other way round.

    Example:
        >>> merge_specs({"preset": "rules", "disable": ["captions"]}, {"disable": ["bylines"], "quotes": False})
        {'preset': 'rules', 'disable': ['captions', 'bylines'], 'quotes': False}
    """
    merged: Spec = {}
    for spec in specs:
        for key, value in spec.items():
            if key == "disable":
                merged["disable"] = merged.get("disable", []) + [n for n in value if n not in merged.get("disable", [])]
            elif key == "phrases":
                phrases = {k: list(v) for k, v in merged.get("phrases", {}).items()}
                for name, patterns in value.items():
                    phrases[name] = phrases.get(name, []) + list(patterns)
                merged["phrases"] = phrases
            else:
                if key in ("preset", "cleaners"):
                    merged.pop("cleaners" if key == "preset" else "preset", None)
                merged[key] = list(value) if isinstance(value, list) else value
    return merged


def build_pipeline(spec: Mapping[str, Any]) -> Pipeline:
    """Build the :class:`~cleanwire.Pipeline` a spec describes.

    Cleaners named in ``disable`` that the pipeline does not hold are ignored;
    ``phrases`` for a cleaner that is not in the pipeline raise :class:`ConfigError`.
    """
    options = {k: spec[k] for k in ("quotes", "repair", "language") if k in spec}
    if "cleaners" in spec:
        pipeline = Pipeline.from_names(spec["cleaners"], **options)
    else:
        pipeline = Pipeline.preset(spec.get("preset", "default"), **options)
    disable = [n for n in spec.get("disable", ()) if n in pipeline.names]
    if disable:
        pipeline = pipeline.without(*disable)
    for name, patterns in spec.get("phrases", {}).items():
        try:
            pipeline = pipeline.with_phrases(name, patterns)
        except ValueError as e:
            raise ConfigError(f"phrases.{name}: {e}") from None
    return pipeline


def load_spec(path: str | Path) -> Spec:
    """Read a pipeline spec from a TOML file.

    The keys are read from ``[tool.cleanwire]`` when the file has that table
    (a ``pyproject.toml``), else from the top level.
    """
    data = read_toml(path)
    table = data.get("tool", {}).get("cleanwire") if isinstance(data.get("tool"), dict) else None
    return parse_spec(table if table is not None else data, source=str(path))


def find_project_config(start: str | Path = ".") -> Path | None:
    """Return the nearest ``pyproject.toml`` at or above *start* that has ``[tool.cleanwire]``.

    The search stops at the first ``pyproject.toml`` found (the project root),
    whether or not it has the table. An invalid ``pyproject.toml`` raises :class:`ConfigError`.
    """
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data = read_toml(candidate)
            tool = data.get("tool")
            return candidate if isinstance(tool, dict) and "cleanwire" in tool else None
    return None
