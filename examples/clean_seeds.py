"""Clean the bundled seed texts and show what was removed and why.

Usage (from the repository root)::

    python examples/clean_seeds.py                    # every fixtures/seeds/*.txt
    python examples/clean_seeds.py some.txt other.txt # your own files
    python examples/clean_seeds.py --write-golden     # refresh fixtures/golden/ (review the diff!)

For each file it prints the cleaned text, then ``result.explain()``: one line
per decision, ``-`` for a dropped line and ``~`` for a changed one, with the
input line number, the cleaner and its reason.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleanwire import clean_and_explain

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
GOLDEN = ROOT / "fixtures" / "golden"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="text files (default: fixtures/seeds/*.txt)")
    parser.add_argument("--write-golden", action="store_true",
                        help="write each cleaned seed to fixtures/golden/<name>.txt instead of printing")
    args = parser.parse_args(argv)
    files = args.files or sorted(SEEDS.glob("*.txt"))
    if not files:
        parser.error(f"no files given and none in {SEEDS}")
    for path in files:
        result = clean_and_explain(path.read_text(encoding="utf-8"))
        if args.write_golden:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path.name).write_text(result.text + "\n", encoding="utf-8")
            print(f"wrote {GOLDEN / path.name}")
            continue
        rule = "=" * 78
        print(f"{rule}\n{path.name}: cleaned text\n{rule}")
        print(result.text)
        print(f"{'-' * 78}\n{path.name}: what was removed or changed\n{'-' * 78}")
        print(result.explain())
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
