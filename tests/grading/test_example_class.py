"""The committed example class is what ``grading/make_examples.py`` builds from today's release
(the class's own ``release --check``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]


def test_the_example_class_is_up_to_date():
    spec = importlib.util.spec_from_file_location(
        "make_examples", REPO / "grading" / "make_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = module.stale_files(module.build_class())
    assert stale == [], f"run `python grading/make_examples.py`: {stale}"
