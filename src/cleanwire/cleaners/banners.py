"""Remove consent, cookie, sign-up and paywall banners.

Example:
    >>> from cleanwire import clean
    >>> clean("We use cookies to improve your experience.\\nThe council met on Monday.")
    'The council met on Monday.'
"""

from __future__ import annotations

from typing import ClassVar

from .base import PhraseCleaner

__all__ = ["ConsentBanners"]


class ConsentBanners(PhraseCleaner):
    """Drops lines carrying a consent, cookie, newsletter sign-up or paywall phrase."""

    name: ClassVar[str] = "banners"
    max_chars: ClassVar[int] = 700
    family: ClassVar[str] = "consent_banner"
    reason: ClassVar[str] = "consent or sign-up banner"
    anywhere: ClassVar[bool] = True
