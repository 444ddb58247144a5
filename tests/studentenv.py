"""A fresh virtual environment with only the student wheel: what a student installs.

``student_env`` builds the wheel (``nncourse.course.wheel``), creates a venv without pip, installs
the wheel into it by pip from this environment (``--target`` the venv's site-packages, no
dependencies, no index), and makes the course's dependencies visible through a ``.pth`` line to
this environment's site-packages. That line is a plain path, so this environment's editable
``nncourse`` (a ``.pth`` hook of its own) is *not* activated there: ``import nncourse`` in the
student venv finds the wheel's copy, and ``nncourse.key`` does not exist.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path


def make_student_python(root: Path, wheel: Path) -> Path:
    """Create the venv in ``root`` with ``wheel`` installed; return its Python."""
    venv.EnvBuilder(with_pip=False, clear=True).create(root)
    python = root / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
    )
    (site / "zz_course_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def run_student(python: Path, code: str, cwd: Path, timeout: float = 600):
    """Run ``code`` in the student venv from ``cwd`` (never the repository, whose ``nncourse``
    folder would shadow the wheel); returns the CompletedProcess (text)."""
    return subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )
