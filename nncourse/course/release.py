"""Build the student release: ``notebooks/``, the visible cases, and the student wheel.

* ``notebooks/`` from the source notebooks in ``solutions/``;
* ``nncourse/check/data/<unit>.json``: every exercise's visible cases, computed with the answer
  key (``nncourse.check.visible``), so the student edition's check cells need no reference code;
* ``dist/nncourse_student-<version>-py3-none-any.whl`` (``nncourse.course.wheel``).

The work is done by nbgrader's own ``generate_assignment`` (through ``NbGraderAPI``), so
solutions and hidden tests are stripped exactly as nbgrader strips them, cells are locked and
checksummed the same way, and stock ``nbgrader autograde`` can grade what students hand in.

Each ``solutions/<name>.ipynb`` is one nbgrader assignment ``<name>`` with one notebook
``<name>.ipynb``.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat


@dataclass(frozen=True)
class ReleaseDiff:
    """Result of comparing a fresh release with the committed ``notebooks/``."""

    stale: list[str]
    missing: list[str]
    extra: list[str]
    stale_data: list[str] = ()

    @property
    def up_to_date(self) -> bool:
        return not (self.stale or self.missing or self.extra or self.stale_data)


class ReleaseError(RuntimeError):
    """nbgrader refused a source notebook (bad metadata, duplicate grade ids, ...)."""


def _canonical(nb: nbformat.NotebookNode) -> str:
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nbformat.writes(nb, version=4) + "\n"


def build_release(solutions: Path, course_root: Path | None = None) -> dict[str, str]:
    """Run nbgrader's generate_assignment on every source notebook.

    Parameters
    ----------
    solutions : Path
        Folder of ``*.ipynb`` source notebooks.
    course_root : Path, optional
        nbgrader course directory to use (its ``source/`` and ``release/`` are overwritten);
        a temporary one by default.

    Returns
    -------
    dict
        Notebook file name -> canonical JSON text of the student version.

    Raises
    ------
    ReleaseError
        If nbgrader reports an error for any notebook.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from nncourse.grading import ensure_tools_on_path

    ensure_tools_on_path()
    sources = sorted(Path(solutions).glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="nncourse-release-") as tmp:
        root = Path(course_root) if course_root else Path(tmp)
        for src in sources:
            dest = root / "source" / src.stem / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
        config = Config()
        config.CourseDirectory.root = str(root)
        config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
        config.Exchange.root = str(root / "exchange")
        config.CourseDirectory.course_id = "nncourse"
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        out: dict[str, str] = {}
        for src in sources:
            result = api.generate_assignment(src.stem, force=True, create=True)
            if not result.get("success"):
                details = f"{result.get('log', '')}\n{result.get('error', '')}"
                raise ReleaseError(f"nbgrader could not release {src.name}:\n{details}")
            released = root / "release" / src.stem / src.name
            out[src.name] = _canonical(nbformat.read(released, as_version=4))
        return out


def build_visible(units: list[str] | None = None) -> dict[str, str]:
    """``{file name: JSON text}`` of the visible cases of every registered exercise, by unit.

    ``units`` (e.g. ``["02"]``) limits the build to those units.
    """
    from nncourse.check import EXERCISES, visible

    chosen = [e for e in EXERCISES.values() if units is None or e.id.split(".")[0] in units]
    return {f"{unit}.json": text for unit, text in visible.unit_data(chosen).items()}


def write_visible(data_dir: Path | None = None, units: list[str] | None = None) -> list[Path]:
    """Write the visible cases into ``data_dir`` (default: ``nncourse/check/data``).

    ``units`` limits the build to those units (other units' files are kept).
    """
    from nncourse.check import visible

    data_dir = Path(data_dir or visible.DATA)
    data_dir.mkdir(parents=True, exist_ok=True)
    built = build_visible(units)
    for old in data_dir.glob("*.json"):
        if units is None and old.name not in built:
            old.unlink()
    written = []
    for name, text in built.items():
        path = data_dir / name
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    visible.forget()
    return written


def compare_visible(data_dir: Path | None = None) -> list[str]:
    """Names of visible-case files that are missing, stale or extra in ``data_dir``."""
    from nncourse.check import visible

    data_dir = Path(data_dir or visible.DATA)
    built = build_visible()
    present = {p.name: p for p in data_dir.glob("*.json")}
    wrong = [n for n, t in built.items() if n not in present or present[n].read_text() != t]
    return sorted(wrong + [n for n in present if n not in built])


def release(solutions: Path, notebooks: Path) -> list[Path]:
    """Write the student release of every source notebook into ``notebooks``.

    Files in ``notebooks`` without a source are removed. Returns the paths written.
    """
    built = build_release(solutions)
    notebooks = Path(notebooks)
    notebooks.mkdir(parents=True, exist_ok=True)
    for old in notebooks.glob("*.ipynb"):
        if old.name not in built:
            old.unlink()
    written = []
    for name, text in built.items():
        path = notebooks / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def compare_release(solutions: Path, notebooks: Path) -> ReleaseDiff:
    """Compare a fresh release with what is in ``notebooks`` (nothing is written)."""
    built = build_release(solutions)
    notebooks = Path(notebooks)
    present = {p.name: p for p in notebooks.glob("*.ipynb")}
    stale = [n for n, t in built.items() if n in present and present[n].read_text("utf-8") != t]
    missing = [n for n in built if n not in present]
    extra = [n for n in present if n not in built]
    return ReleaseDiff(sorted(stale), sorted(missing), sorted(extra), compare_visible())
