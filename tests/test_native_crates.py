"""The Rust crates' own tests (``cargo test --release``), run from pytest so that CI runs them.

The native engine is three crates: ``native/`` (the extension), ``native/layout/`` (the layout
classifier, tested against the Python classifier's recorded answers, a perturbed model, Python's
float formatting and the hand-matched patterns) and ``native/langdetect/`` (the langdetect port,
tested against CPython's random generator and langdetect's answers). The Python differential tests
reach them only through the default pipeline; these tests reach the paths it does not.

Without ``cargo`` on the ``PATH`` (or without the ``native/`` sources, as in an installed copy)
the tests are skipped, except under ``CI=true``, where they must run. A crate whose run reports
no passed test fails: an empty run is not a pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NATIVE = ROOT / "native"
CRATES = {"native": NATIVE, "layout": NATIVE / "layout", "langdetect": NATIVE / "langdetect"}
_RESULT = re.compile(r"test result: (\w+)\. (\d+) passed; (\d+) failed")


def _cargo() -> str:
    cargo = shutil.which("cargo")
    if cargo is None or not (NATIVE / "Cargo.toml").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("cargo or the native/ sources are missing under CI")
        pytest.skip("no cargo on the PATH, or no native/ sources here")
    return cargo


def _langdetect_profiles() -> str:
    import langdetect

    return str(Path(langdetect.__file__).parent / "profiles")


@pytest.mark.parametrize("name", sorted(CRATES))
def test_the_crate_s_own_tests_pass(name: str) -> None:
    cargo = _cargo()
    env = dict(os.environ, LANGDETECT_PROFILES=_langdetect_profiles())
    run = subprocess.run([cargo, "test", "--release", "--quiet"], cwd=CRATES[name], env=env,
                         capture_output=True, text=True, timeout=1800)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    results = _RESULT.findall(output)
    assert results, output[-4000:]
    assert all(status == "ok" and failed == "0" for status, _, failed in results), output[-4000:]
    assert sum(int(passed) for _, passed, _ in results) > 0, output[-4000:]
    assert "skipped" not in output.lower(), output[-4000:]  # the langdetect tests skip without profiles
