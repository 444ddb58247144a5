"""Shared test settings: quiet matplotlib, one BLAS thread, a hypothesis profile for CI."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from hypothesis import settings  # noqa: E402

settings.register_profile("nncourse", max_examples=60, deadline=None)
# CI replays the same examples every run: a red build then always means a changed code path.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "nncourse")
