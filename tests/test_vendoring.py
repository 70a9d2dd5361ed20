"""cleanwire can be vendored: copied into another project as a package under another name.

The copy is imported in a fresh interpreter in which importing ``cleanwire``
itself fails, so an absolute import or a data file read from the installed
package would show up here. Vendoring copies sources: the copy has no native
extension, runs the Python engine, and must give the installed engine's output.
The whole package directory is copied, so data added later (lexicons, models)
travels with it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import cleanwire
from cleanwire import clean
from cruft_families import SEED_PATHS

PACKAGE_DIR = Path(cleanwire.__file__).resolve().parent

_RUN_VENDORED = r"""
import importlib.abc, json, sys

class NoCleanwire(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "cleanwire" or name.startswith("cleanwire."):
            raise ImportError(f"the vendored copy imported {name}")
        return None

sys.meta_path.insert(0, NoCleanwire())
sys.path.insert(0, sys.argv[1])
import vendored_cw
from vendored_cw import clean, clean_and_explain

GERMAN = ("Kommentar schreiben\nDie Stadt plant neue Radwege, die im kommenden Jahr gebaut werden sollen, "
          "sagte der B\u00fcrgermeister am Montag.")
paths = json.loads(sys.stdin.read())
texts = [open(p, encoding="utf-8").read() for p in paths]
out = {
    "module": vendored_cw.__file__,
    "version": vendored_cw.__version__,
    "clean": [clean(t) for t in texts],
    "explain": [clean_and_explain(t).explain() for t in texts],
    "german": clean_and_explain(GERMAN, pipeline="rules").explain(),
    "leaked": sorted(m for m in sys.modules if m == "cleanwire" or m.startswith("cleanwire.")),
    "engine": vendored_cw.ENGINE,
}
print(json.dumps(out))
"""


def test_vendored_copy_gives_identical_output(tmp_path: Path) -> None:
    target = tmp_path / "vendored_cw"
    shutil.copytree(PACKAGE_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.pyd"))
    paths = [str(p) for p in SEED_PATHS]
    proc = subprocess.run(
        [sys.executable, "-c", _RUN_VENDORED, str(tmp_path)],
        input=json.dumps(paths), capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert Path(out["module"]).resolve().parent == target
    assert out["leaked"] == []
    assert out["engine"] == "python"  # a vendored copy of the sources has no native extension
    assert out["version"] == cleanwire.__version__
    texts = [p.read_text(encoding="utf-8") for p in SEED_PATHS]
    assert out["clean"] == [clean(t) for t in texts]
    assert out["explain"] == [cleanwire.clean_and_explain(t).explain() for t in texts]
    # the German phrase list is read from the copy's own package data
    assert out["german"].splitlines() == ["language: de",
                                          "-     1 [comments: comment prompt or form label] Kommentar schreiben"]
