"""A griffe extension for the API reference: read cleanwire's docstrings as the site needs them.

Two rewrites, for the site only (the docstrings and their doctests stay as written):

- an ``Example:`` heading becomes ``Examples:``. Google-style parsing takes only
  ``Examples:`` as a section of code examples; ``Example:`` would become an
  admonition whose ``>>>`` lines render as prose (and whose printed lists, such
  as ``['a', 'b']``, as Markdown links);
- a Sphinx role such as ``:class:`~cleanwire.Pipeline``` becomes inline code
  (```Pipeline```), as Markdown has no roles.

mkdocs.yml loads it for mkdocstrings.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE_HEADING = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)
_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`~?([^`]+)`")


def _short(match: re.Match[str]) -> str:
    target = match.group(1)
    if "`~" in match.group(0):  # Sphinx's ~: show the last part of the dotted name only
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def site_docstring(text: str) -> str:
    """*text* with ``Example:`` headings and Sphinx roles rewritten.

    Example:
        >>> site_docstring("See :class:`~cleanwire.Pipeline`, :func:`clean`.\\nExample:\\n    clean(text)")
        'See `Pipeline`, `clean`.\\nExamples:\\n    clean(text)'
    """
    return _ROLE.sub(_short, _EXAMPLE_HEADING.sub(r"\1Examples:", text))


class SiteDocstrings(griffe.Extension):
    """Apply :func:`site_docstring` to every docstring once the object tree is built."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of *obj*."""
        if obj.docstring is not None:
            obj.docstring.value = site_docstring(obj.docstring.value)
