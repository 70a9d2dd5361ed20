"""Remove site furniture: "Home", "Menu", "Skip to content", "Sign in", "Advertisement".

Example:
    >>> from cleanwire import clean
    >>> clean("Skip to content\\nAdvertisement\\nThe bridge reopened today.")
    'The bridge reopened today.'
"""

from __future__ import annotations

from typing import ClassVar

from ..document import Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["SiteFurniture"]


class SiteFurniture(LineCleaner):
    """Drops whole lines that are navigation, account or advertising labels."""

    name: ClassVar[str] = "navigation"
    max_chars: ClassVar[int] = 80

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        if lexicon.navigation_line.match(line.key):
            return "navigation or site furniture"
        return None
