"""Inputs of the review-page tests: hostile lines a scraped page may hold, and the command run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    "</textarea><img src=x onerror=\"window.__pwned = 2\">",
    "</style><svg onload=window.__pwned=3>",
    "<a href=\"javascript:window.__pwned=4\">read more</a>",
    "\"><iframe srcdoc='<script>parent.__pwned=5</script>'></iframe>",
    "--></script><!-- <base href=//evil.example/>",
]
"""Lines a scraped page may hold; each must reach the page as text."""


def hostile_document() -> str:
    """A page holding every :data:`HOSTILE` line between cruft and one line of prose."""
    lines = ["Share post:", *HOSTILE, "The council approved the budget on Tuesday after a long debate.",
             "LEAVE A REPLY"]
    return "\n".join(lines)


def run_cleanwire(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m cleanwire`` with *args* in *cwd* (a temporary folder) and capture its output."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([sys.executable, "-m", "cleanwire", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=300)
