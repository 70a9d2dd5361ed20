"""A NeMo Curator ``DocumentModifier`` that cleans text with cleanwire, for the ``Modify`` stage.

Needs ``pip install cleanwire[nemo]`` (NeMo Curator 1.x, Python 3.11 to 3.13;
it brings Ray and PyTorch). :class:`CleanwireModifier` is a
``nemo_curator.stages.text.modifiers.DocumentModifier``: NeMo Curator's
``Modify`` stage calls its ``modify_document(text)`` on every value of the
input field of each ``DocumentBatch``. :func:`cleanwire_stage` builds that
stage. Values that are not strings (a missing text, ``None``, ``NaN``) are
returned unchanged.

In a pipeline::

    from nemo_curator.pipeline import Pipeline
    from nemo_curator.stages.text.io.reader import JsonlReader
    from nemo_curator.stages.text.io.writer import JsonlWriter
    from cleanwire.integrations.nemo_curator import cleanwire_stage

    pipeline = Pipeline(name="clean", stages=[
        JsonlReader("crawl/", fields=["id", "text"]),
        cleanwire_stage(input_field="text", pipeline={"disable": ["captions"]}),
        JsonlWriter("clean/"),
    ])
    pipeline.run()

Example:
    >>> modifier = CleanwireModifier()
    >>> modifier.modify_document("Share post:\\nThe bridge reopened.")
    'The bridge reopened.'
    >>> modifier.name, modifier.modify_document(None) is None
    ('cleanwire', True)
"""

from __future__ import annotations

from typing import Any

from nemo_curator.stages.text.modifiers import DocumentModifier, Modify

from ._common import PipelineLike, checked_pipeline, clean_value, resolve_pipeline

__all__ = ["CleanwireModifier", "cleanwire_stage"]


class CleanwireModifier(DocumentModifier):  # type: ignore[misc, unused-ignore]
    """Clean one document's text with a cleanwire preset, :class:`~cleanwire.Pipeline` or spec mapping.

    Names and specs (``"rules"``, ``{"disable": ["captions"]}``) are built once
    per worker process; a :class:`~cleanwire.Pipeline` is pickled to the workers.

    Example:
        >>> CleanwireModifier({"preset": "rules", "quotes": False}).modify_document(
        ...     "LEAVE A REPLY\\n\\u201cYes,\\u201d she said.")
        '\\u201cYes,\\u201d she said.'
    """

    def __init__(self, pipeline: PipelineLike = None) -> None:
        super().__init__()
        self.pipeline = checked_pipeline(pipeline)  # a bad preset or spec fails now, in the driver
        self._name = "cleanwire"

    def modify_document(self, text: Any) -> Any:
        """Return *text* cleaned; anything but a string is returned as it is."""
        return clean_value(resolve_pipeline(self.pipeline), text)


def cleanwire_stage(input_field: str = "text", output_field: str | None = None, *,
                    pipeline: PipelineLike = None) -> Any:
    """A NeMo Curator ``Modify`` stage that cleans *input_field* (into *output_field*, else in place).

    Example:
        >>> stage = cleanwire_stage("body", "clean_body")
        >>> stage.name, stage.inputs(), stage.outputs()
        ('cleanwire', (['data'], ['body']), (['data'], ['clean_body']))
    """
    return Modify(CleanwireModifier(pipeline), input_fields=input_field, output_fields=output_field)
