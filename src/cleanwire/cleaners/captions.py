"""Remove photo captions, picture credits and video titles.

Captions are recognised by markers ("pictured", "(Image: Getty)"), by icon
names left behind by galleries ("layers", "photo_camera"), by the
descriptive present-tense shape of a caption ("A soldier stands on …")
standing alone between paragraphs, and, above the first paragraph, by the
"Topic: what the video shows" shape of a video title after the headline.

Example:
    >>> from cleanwire import clean
    >>> text = ("The town was quiet on Sunday after a week of shelling, residents said.\\n\\n\\n"
    ...         "A woman walks past the rubble of a house in Irpin, Ukraine\\n\\n"
    ...         "Officials said repairs would take months.")
    >>> print(clean(text))
    The town was quiet on Sunday after a week of shelling, residents said.
    <BLANKLINE>
    Officials said repairs would take months.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicon import Lexicon, compile_search
from .base import first_prose_position, is_headline_like

__all__ = ["Captions", "ICON_WORDS"]

ICON_WORDS: frozenset[str] = frozenset({
    "layers", "photo_camera", "camera_alt", "photo_library", "collections", "play_arrow",
    "play_circle", "play_circle_filled", "videocam", "fullscreen", "zoom_in", "zoom_out_map",
    "open_in_new", "image", "photo", "expand_more", "expand_less", "close", "share",
})
"""Names of icon-font ligatures that galleries and players leave in scraped text."""

_ICON_TAIL = regex.compile(r"[.!?\"'’”)]\s+([a-z_]+)$")
# A line whose icon tail is an icon name ends with that name (lines are stripped: no final newline).
_ICON_ENDINGS: tuple[str, ...] = tuple(sorted(ICON_WORDS))
_ENDS_PROPER = regex.compile(r"\b\p{Lu}[\p{L}\-'’]+\.?$")
_VIDEO_TITLE = regex.compile(r"^[\p{Lu}][\p{L}'’\- ]{1,30}: [\p{Lu}\d'‘\"“]")
# "A/The <up to five words> <verb>s …": the present-tense description of a picture. The subject
# may not run past a finite or reporting verb ("A spokesman says the talks …" is a sentence).
_NOT_SUBJECT = r"(?!(?:is|was|are|were|has|had|have|does|did|says|said|told|seems|remains|appears|will|would|" \
               r"could|can|may|might|must|should)\b)"
# Nor is the verb a word that merely ends in s ("A bit of past history as we saw …").
_NOT_VERB = r"(?!(?:as|us|this|his|its|hers|ours|yours|theirs|thus|plus|less|unless|always|perhaps|sometimes|" \
            r"towards|besides|whereas|across|news|series|species)\b)"
_CAPTION_FIRST = frozenset("ATFSMPR")  # the first letters of _CAPTION_OPENING's openings
_CAPTION_OPENING = regex.compile(
    r"^(?:A|An|The|Two|Three|Four|Several|Many|Some|Members of|People|Soldiers|Police|Firefighters|Rescuers)"
    rf"(?: {_NOT_SUBJECT}[\p{{L}}\-’',]+){{0,5}}? {_NOT_SUBJECT}{_NOT_VERB}\p{{Ll}}+(?<![su])s\b"
)


class Captions:
    """Drops photo captions, picture credits, gallery icon residue and video titles."""

    name: ClassVar[str] = "captions"

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = tuple(extra)
        self._extra = compile_search(self.extra) if self.extra else None

    def __repr__(self) -> str:
        return f"Captions(extra={self.extra!r})" if self.extra else "Captions()"

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        """Mark caption-like lines; see the module documentation for the shapes."""
        self.line_checks(doc, lexicon)
        self._in_context(doc)

    def line_checks(self, doc: Document, lexicon: Lexicon) -> None:
        """The checks of a line alone: caption markers, credits and gallery icon residue."""
        marker = lexicon.caption_marker.search
        maybe = lexicon.prefilter("caption_marker")
        extra = self._extra.search if self._extra is not None else None
        for line in doc.lines:
            text = line.text
            if not line.keep or len(text) > 400:
                continue
            key = line.key
            if line.words <= 40 and (
                ((maybe is None or maybe(key)) and marker(key) is not None)
                or (extra is not None and extra(key) is not None)
            ):
                doc.drop(line, self.name, "photo caption or credit")
            elif text.endswith(_ICON_ENDINGS):
                tail = _ICON_TAIL.search(text)
                if tail is not None and tail.group(1) in ICON_WORDS:
                    doc.drop(line, self.name, "caption with gallery icon residue")

    def reapply(self, doc: Document, lexicon: Lexicon) -> None:
        """The checks in context: the described-scene caption between paragraphs and the video
        title under the headline (the pipeline runs them after every cleaner's line checks,
        and again in settle rounds)."""
        # A subclass that changed the checks gets them all again.
        if type(self).apply is not Captions.apply:
            self.apply(doc, lexicon)
            return
        self._in_context(doc)

    def _in_context(self, doc: Document) -> None:
        header_end = first_prose_position(doc)
        title_at = -1
        kept = [line for line in doc.lines if line.keep]
        for i, line in enumerate(kept):
            reason = self._scene(line, len(kept) - i, header_end) if len(line.text) <= 400 else None
            if line.position < header_end and reason is None and is_headline_like(line):
                if title_at < 0 and line.words >= 3:
                    title_at = i
                elif title_at == i - 1 and _VIDEO_TITLE.match(line.text):
                    # Only directly under the headline: further down, "Label: value" lines
                    # are a listing's or a product's own data ("Screen size: up to 37 in").
                    reason = "video title under the headline"
            if reason:
                doc.drop(line, self.name, reason)

    @staticmethod
    def _scene(line: Line, remaining: int, header_end: int) -> str | None:
        """The described-scene caption shape, for a line with *remaining* kept lines from it on."""
        text = line.text
        if line.position <= header_end or remaining <= 1 or line.words < 12 or line.words > 45:
            return None
        # A described scene that ends on a place name: "... after a battle in Kharkov".
        if (text[0] in _CAPTION_FIRST and _CAPTION_OPENING.match(text, 0, None, False)
                and _ENDS_PROPER.search(text)) and "\u201c" not in text and '"' not in text:
            if is_headline_like(line, 45):
                return "photo caption"
            if line.blank_before >= 2 and text.endswith(".") and text.count(". ") == 0:
                return "photo caption set apart by an image gap"
        return None
