"""The student wheel: the student edition of ``nncourse`` as an installable wheel.

It holds the checker framework with every exercise's visible cases (``nncourse/check/data``),
the code that runs beside student code (``nncourse/inside``), plots, widgets, data and demo
engines, and leaves out what only the instructor may have: the answer key (``nncourse/key``),
the grader (``nncourse/grading``), course building (``nncourse/course``) and the command line.

The wheel is assembled here with ``zipfile`` (a wheel is a zip with a ``.dist-info`` folder), so
what goes in is decided by one list (``INSTRUCTOR_ONLY``) that a test reads too.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import nncourse

PACKAGE_ROOT = Path(nncourse.__file__).resolve().parent
"""The ``nncourse`` package folder the wheel is built from."""

DIST_NAME = "nncourse_student"
"""Distribution name of the student wheel (it installs the import package ``nncourse``)."""

INSTRUCTOR_ONLY = ("key", "grading", "course", "cli.py")
"""Top-level entries of ``nncourse/`` that the student wheel leaves out."""

REQUIRES = (
    "numpy>=1.26",
    "matplotlib>=3.8",
    "ipywidgets>=8.1",
    "ipykernel>=6.29",
    "jupyterlab>=4.2",
    "scikit-learn>=1.4",
    "tqdm>=4.66",
    "threadpoolctl>=3.1",
)
"""What the student edition imports (no nbgrader: grading happens on the instructor's side)."""


def student_files(root: Path = PACKAGE_ROOT) -> list[Path]:
    """Files of the student edition, relative to ``root``'s parent (``nncourse/...``), sorted."""
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if (
            path.is_dir()
            or rel.parts[0] in INSTRUCTOR_ONLY
            or "__pycache__" in rel.parts
            or path.suffix in (".pyc", ".pyo")
        ):
            continue
        out.append(Path(root.name) / rel)
    return out


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_student_wheel(dest: Path, root: Path = PACKAGE_ROOT) -> Path:
    """Write ``<dest>/nncourse_student-<version>-py3-none-any.whl`` and return its path.

    Parameters
    ----------
    dest : Path
        Folder for the wheel (created if needed).
    root : Path
        The ``nncourse`` package folder (default: the one this module belongs to).
    """
    version = nncourse.__version__
    dist_info = f"{DIST_NAME}-{version}.dist-info"
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    wheel = dest / f"{DIST_NAME}-{version}-py3-none-any.whl"
    metadata = "\n".join(
        [
            "Metadata-Version: 2.1",
            "Name: nncourse-student",
            f"Version: {version}",
            "Summary: nncourse, student edition: checkers, plots and widgets (no answer key).",
            "Requires-Python: >=3.11",
            *(f"Requires-Dist: {r}" for r in REQUIRES),
            "",
        ]
    )
    wheel_info = "Wheel-Version: 1.0\nGenerator: nncourse release\nRoot-Is-Purelib: true\n"
    wheel_info += "Tag: py3-none-any\n"
    tmp = wheel.with_suffix(".tmp")
    records = []
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in student_files(root):
            data = (root.parent / rel).read_bytes()
            name = rel.as_posix()
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            records.append(_record_line(name, data))
        for name, text in (("METADATA", metadata), ("WHEEL", wheel_info)):
            data = text.encode()
            zf.writestr(f"{dist_info}/{name}", data)
            records.append(_record_line(f"{dist_info}/{name}", data))
        records.append(f"{dist_info}/RECORD,,")
        zf.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")
    tmp.replace(wheel)
    return wheel
