"""Shared test configuration: Hypothesis profiles.

The ``ci`` profile (the default) is derandomized and keeps no example
database, so every run of the suite tries the same examples and finishes in
the same time. Set ``HYPOTHESIS_PROFILE=explore`` to search with fresh random
examples (and a local database) while developing.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    deadline=None,
    max_examples=500,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
