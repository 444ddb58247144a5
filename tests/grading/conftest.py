"""The example class graded once per test session, shared by the grading tests that read it
(the gradebook checks and the formgrader browser test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nncourse.grading.autograde import grade
from nncourse.grading.sandbox import Limits

REPO = Path(__file__).resolve().parents[2]
CLASS = REPO / "grading" / "submitted"
LIMITS = Limits()
"""The defaults, as ``nncourse grade`` uses them (expected.json assumes them)."""


@pytest.fixture(scope="session")
def class_dir(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("class") / "submitted"
    shutil.copytree(CLASS, dest)
    return dest


@pytest.fixture(scope="session")
def class_run(class_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return grade(class_dir, out=out, workers=2, limits=LIMITS)
