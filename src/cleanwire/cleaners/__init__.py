"""Built-in cleaners, one module per cruft family.

=================  ======================================================
name               removes
=================  ======================================================
``stray_markup``   lines without letters or digits, lone HTML tags
``banners``        consent, cookie, newsletter and paywall banners
``attribution``    "Source: …" footers and read-the-full-article links
``comments``       comment prompts and comment-form labels
``social``         share, follow and subscribe widgets
``navigation``     "Home", "Menu", "Skip to content", "Advertisement"
``promotions``     calls to action, advertising labels, legal footers
``bylines``        bylines, datelines, empty labels, section labels
``related``        related-story headers, teasers, tagged headlines
``captions``       photo captions, credits, video titles
``duplicates``     paragraphs repeated verbatim
=================  ======================================================
"""

from .attribution import Attribution
from .banners import ConsentBanners
from .base import Cleaner, FunctionCleaner, LineCleaner, PhraseCleaner
from .bylines import Bylines
from .captions import Captions
from .comments import CommentPrompts
from .duplicates import RepeatedParagraphs
from .markup import StrayMarkup
from .navigation import SiteFurniture
from .promotions import Promotions
from .related import RelatedLinks
from .social import ShareWidgets

__all__ = [
    "Attribution",
    "Bylines",
    "Captions",
    "Cleaner",
    "CommentPrompts",
    "ConsentBanners",
    "FunctionCleaner",
    "LineCleaner",
    "PhraseCleaner",
    "Promotions",
    "RelatedLinks",
    "RepeatedParagraphs",
    "ShareWidgets",
    "SiteFurniture",
    "StrayMarkup",
]
