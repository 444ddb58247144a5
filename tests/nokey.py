"""Run code in a fresh interpreter where ``nncourse.key`` (the answer key) cannot be imported.

The unit tests' "student edition" checks use it: the checkers, probes, demos, plots and widgets
of a unit must import and run there, as in a student's install. (``tests/student/`` checks the
real student wheel in a fresh virtual environment; this is the quick in-repository version.)
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NO_KEY = textwrap.dedent(
    """
    import importlib
    import importlib.abc
    import sys


    class _NoKey(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "nncourse.key" or name.startswith("nncourse.key."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None


    sys.meta_path.insert(0, _NoKey())
    """
)
"""A prelude that blocks ``nncourse.key`` for everything imported after it."""


def run_without_key(code: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``code`` (dedented) after ``NO_KEY`` in a fresh interpreter; text output captured."""
    return subprocess.run(
        [sys.executable, "-c", NO_KEY + textwrap.dedent(code), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_with_exercises(body: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """``run_without_key`` with ``EXERCISES`` (the checker registry) imported first."""
    prelude = "from nncourse.check.exercise import EXERCISES\n"
    return run_without_key(prelude + textwrap.dedent(body), *args, timeout=timeout)
