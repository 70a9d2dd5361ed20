"""Remove calls to action, advertising labels and legal footers.

Example:
    >>> from cleanwire import clean
    >>> clean("Book a demo\\nThe new release fixes the login bug.\\nCopyright © 2025 Example Ltd. All rights reserved.")
    'The new release fixes the login bug.'
"""

from __future__ import annotations

from typing import ClassVar

from .base import PhraseCleaner

__all__ = ["Promotions"]


class Promotions(PhraseCleaner):
    """Drops "Book a demo", "Start free trial", "Advertisement", "Cite this page",
    "Copyright © 2025 …" and pipe-separated legal link rows."""

    name: ClassVar[str] = "promotions"
    max_chars: ClassVar[int] = 240
    family: ClassVar[str] = "call_to_action"
    reason: ClassVar[str] = "call to action, advertising label or legal footer"
