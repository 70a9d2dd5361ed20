"""The documentation site: ``mkdocs build --strict`` passes, the API reference and the chart are there."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


chart = load(ROOT / "bench" / "chart.py")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mkdocs is missing under CI (it is in the test extra)")
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(out)], capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out


def test_strict_build_has_every_page_and_the_api_reference(site: Path) -> None:
    for page in ("index", "pipeline", "cli", "review", "scale", "recipes", "quality", "benchmarks", "model", "api",
                 "changelog"):
        assert (site / ("index.html" if page == "index" else f"{page}/index.html")).is_file(), page
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("cleanwire.clean_and_explain", "cleanwire.pipeline.Pipeline", "CleanwireFormatter",
                 "CleanwireModifier", "cleanwire.integrations.dask.clean_bag", "cleanwire.config.build_pipeline"):
        assert f'id="{name}' in api or name in api, name
    assert ":class:" not in api and "Example:" not in api  # docstrings were read for the site, see tools/
    recipes = (site / "recipes" / "index.html").read_text(encoding="utf-8")
    assert "CleanwireFormatter" in recipes and "cleanwire_stage" in recipes and "num_proc" in recipes


def test_the_chart_is_drawn_from_the_committed_results(site: Path) -> None:
    svg = (site / chart.SITE_PATH).read_text(encoding="utf-8")
    assert svg == chart.render(*chart.load_results())
    assert 'src="../assets/quality-speed.svg"' in (site / "benchmarks" / "index.html").read_text(encoding="utf-8")


def test_chart_places_every_measured_point() -> None:
    quality, speed = chart.load_results()
    points = chart.points(quality, speed)
    assert {p["tool"] for p in points} >= {"cleanwire", "c4_lines", "justext"}
    svg = chart.render(quality, speed)
    placed = {}
    for p in points:
        title = f"{p['tool']} on {chart.VARIANTS[p['variant']][0]}: F1 {p['f1']:.4f}, {p['mbps']:.2f} MB/s"
        match = re.search(re.escape(title) + r'</title><circle cx="([\d.]+)" cy="([\d.]+)"', svg)
        assert match, title
        placed[(p["tool"], p["variant"])] = (float(match[1]), float(match[2]), p)
    # Faster is further right, better is higher; positions are drawn to 0.1 px, so two tools
    # within a percent of each other's speed (or 0.002 of F1) may share a coordinate.
    for a in placed.values():
        for b in placed.values():
            if a[2]["mbps"] < b[2]["mbps"]:
                assert a[0] < b[0] if b[2]["mbps"] > 1.01 * a[2]["mbps"] else a[0] <= b[0]
            if a[2]["f1"] < b[2]["f1"]:
                assert a[1] > b[1] if b[2]["f1"] > a[2]["f1"] + 0.002 else a[1] >= b[1]


def test_site_docstrings_extension() -> None:
    pytest.importorskip("griffe")
    tool = load(ROOT / "tools" / "griffe_docstrings.py")
    assert tool.site_docstring("Use :class:`~cleanwire.Pipeline` or :func:`cleanwire.clean`.") == \
        "Use `Pipeline` or `cleanwire.clean`."
    assert tool.site_docstring("Text.\n\n    Example:\n        >>> 1\n        1") == \
        "Text.\n\n    Examples:\n        >>> 1\n        1"
