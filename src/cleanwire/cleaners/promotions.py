"""Remove calls to action, advertising labels and legal footers.

Example:
    >>> from cleanwire import clean
    >>> clean("Book a demo\\nThe new release fixes the login bug.\\nCopyright © 2025 Example Ltd. All rights reserved.")
    'The new release fixes the login bug.'
"""

from __future__ import annotations

from typing import ClassVar

from ..document import Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["Promotions"]


class Promotions(LineCleaner):
    """Drops "Book a demo", "Start free trial", "Advertisement", "Cite this page",
    "Copyright © 2025 …" and pipe-separated legal link rows."""

    name: ClassVar[str] = "promotions"
    max_chars: ClassVar[int] = 240

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        if lexicon.call_to_action.match(line.key):
            return "call to action, advertising label or legal footer"
        return None
