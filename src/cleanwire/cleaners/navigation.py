"""Remove site furniture: "Home", "Menu", "Skip to content", "Sign in", "Advertisement".

Example:
    >>> from cleanwire import clean
    >>> clean("Skip to content\\nAdvertisement\\nThe bridge reopened today.")
    'The bridge reopened today.'
"""

from __future__ import annotations

from typing import ClassVar

from .base import PhraseCleaner

__all__ = ["SiteFurniture"]


class SiteFurniture(PhraseCleaner):
    """Drops whole lines that are navigation, account or advertising labels."""

    name: ClassVar[str] = "navigation"
    max_chars: ClassVar[int] = 80
    family: ClassVar[str] = "navigation_line"
    reason: ClassVar[str] = "navigation or site furniture"
