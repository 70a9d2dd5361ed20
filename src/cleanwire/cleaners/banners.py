"""Remove consent, cookie, sign-up and paywall banners.

Example:
    >>> from cleanwire import clean
    >>> clean("We use cookies to improve your experience.\\nThe council met on Monday.")
    'The council met on Monday.'
"""

from __future__ import annotations

from typing import ClassVar

from ..document import Line
from ..lexicon import Lexicon
from .base import LineCleaner

__all__ = ["ConsentBanners"]


class ConsentBanners(LineCleaner):
    """Drops lines carrying a consent, cookie, newsletter sign-up or paywall phrase."""

    name: ClassVar[str] = "banners"
    max_chars: ClassVar[int] = 700

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        if lexicon.consent_banner.search(line.key):
            return "consent or sign-up banner"
        return None
