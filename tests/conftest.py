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


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def student_wheel(tmp_path_factory):
    """The student wheel, built once per run (``nncourse.course.wheel``)."""
    from nncourse.course.wheel import build_student_wheel

    return build_student_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def student_python(tmp_path_factory, student_wheel):
    """Python of a fresh venv holding the student wheel and nothing else of nncourse."""
    from studentenv import make_student_python

    return make_student_python(tmp_path_factory.mktemp("student-venv"), student_wheel)
