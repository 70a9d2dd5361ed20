"""Run cleanwire inside engines people already use: pandas, Dask, Spark, datatrove and NeMo Curator.

The modules here are optional: each imports its engine, installed with an
extra (``pip install cleanwire[dask]``, ``[spark]``, ``[datatrove]`` or
``[nemo]``; pandas comes with dask and spark). The core package never imports
them.

==========================================  ====================================================
module                                      cleans
==========================================  ====================================================
:mod:`cleanwire.integrations.pandas`        a column of a pandas DataFrame, a Series
:mod:`cleanwire.integrations.dask`          a Dask bag, a text column of a Dask DataFrame
:mod:`cleanwire.integrations.spark`         a PySpark DataFrame column (a pandas UDF)
:mod:`cleanwire.integrations.datatrove`     the documents of a datatrove pipeline (a formatter step)
:mod:`cleanwire.integrations.nemo_curator`  a field of NeMo Curator's document batches (a modifier)
==========================================  ====================================================

Every helper takes ``pipeline=``: a preset name, a :class:`~cleanwire.Pipeline`,
or a spec mapping in the TOML format of :mod:`cleanwire.config`. Values that
are not strings (missing text, ``None``, ``NaN``) pass through unchanged.
"""
