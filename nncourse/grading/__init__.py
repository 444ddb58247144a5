"""Release, autograde, feedback and gradebook for the course (built on nbgrader)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def ensure_tools_on_path() -> None:
    """Put this interpreter's ``bin`` folder on PATH.

    nbgrader runs the ``alembic`` command of its own environment when it opens a gradebook; when
    ``nncourse`` is started by full path from an inactive virtual environment, that folder is
    not on PATH yet.
    """
    bin_dir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bin_dir not in parts:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *parts])
