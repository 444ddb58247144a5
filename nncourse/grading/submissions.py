"""Find submissions, read notebooks as data, and describe what each assignment grades.

Layout (nbgrader's): ``<submitted>/<student>/<assignment>/<notebook>.ipynb``, or a zip file of
that tree (optionally under one top-level folder). The grading spec of an assignment comes from
its *source* notebook (``solutions/<assignment>.ipynb``): points and cell kinds are taken from
there, never from the submission, whose metadata the student can edit.

Nothing here executes student content: notebooks are parsed as JSON and only their code-cell text
and ``grade_id`` metadata are kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from nncourse.check import exercise_for_grade_id

MAX_NOTEBOOK_BYTES = 20 * 2**20
"""Larger submitted notebooks are refused (a notebook of source code is a few hundred kB)."""

MAX_ZIP_BYTES = 2**30
"""Largest total uncompressed size accepted from a zip of submissions."""

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,99}$")


class SubmissionError(ValueError):
    """A notebook or archive that cannot be read as a submission."""


@dataclass(frozen=True)
class GradedCell:
    """One graded cell of a source notebook.

    Attributes
    ----------
    grade_id : str
        nbgrader ``grade_id`` (``"test_02_softmax"``).
    points : float
        Points the source notebook gives the cell.
    kind : str
        ``"auto"`` (hidden tests, checked out of process) or ``"manual"`` (left for formgrader).
    exercise : str
        Registered exercise id (``"02.softmax"``) for auto cells; ``""`` if none is registered.
    targets : tuple of str
        Names the student defines for that exercise.
    """

    grade_id: str
    points: float
    kind: str
    exercise: str = ""
    targets: tuple[str, ...] = ()

    @property
    def answer_id(self) -> str:
        return (
            "answer_" + self.grade_id[len("test_") :] if self.grade_id.startswith("test_") else ""
        )


@dataclass(frozen=True)
class Spec:
    """What one assignment's source notebook grades."""

    assignment: str
    notebook: str
    cells: tuple[GradedCell, ...]
    digest: str

    def to_dict(self) -> dict:
        return {
            "assignment": self.assignment,
            "notebook": self.notebook,
            "digest": self.digest,
            "cells": [c.__dict__ | {"targets": list(c.targets)} for c in self.cells],
        }


@dataclass(frozen=True)
class Submission:
    """One submitted notebook on disk."""

    student: str
    assignment: str
    notebook: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.student}/{self.assignment}/{self.notebook}"


@dataclass
class Cell:
    """A code cell of a submitted notebook, as data."""

    index: int
    source: str
    grade_id: str = ""
    is_test: bool = False
    meta: dict = field(default_factory=dict)


def _text(value) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def read_cells(data: bytes) -> list[Cell]:
    """Code cells of a notebook given as bytes (JSON); raises ``SubmissionError``."""
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(f"the notebook is larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
    try:
        nb = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise SubmissionError(f"the notebook is not valid JSON ({type(exc).__name__})") from exc
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SubmissionError("the file is not a Jupyter notebook (no list of cells)")
    cells = []
    for i, raw in enumerate(nb["cells"]):
        if not isinstance(raw, dict) or raw.get("cell_type") != "code":
            continue
        meta = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
        nbg = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        grade_id = nbg.get("grade_id") if isinstance(nbg.get("grade_id"), str) else ""
        is_test = bool(nbg.get("grade")) and not bool(nbg.get("solution"))
        cells.append(Cell(i, _text(raw.get("source")), grade_id[:200], is_test, nbg))
    return cells


def read_spec(source: Path, assignment: str) -> Spec:
    """The graded cells of a source notebook (points, kinds and exercises)."""
    data = Path(source).read_bytes()
    nb = json.loads(data)
    cells = []
    for raw in nb["cells"]:
        nbg = raw.get("metadata", {}).get("nbgrader", {})
        if not (nbg.get("grade") or nbg.get("task")):
            continue
        grade_id = nbg["grade_id"]
        auto = raw["cell_type"] == "code" and nbg.get("grade") and not nbg.get("solution")
        ex = exercise_for_grade_id(grade_id) if auto else None
        cells.append(
            GradedCell(
                grade_id,
                float(nbg.get("points", 0.0)),
                "auto" if auto else "manual",
                ex.id if ex else "",
                tuple(ex.targets) if ex else (),
            )
        )
    digest = hashlib.sha256(data).hexdigest()
    return Spec(assignment, Path(source).name, tuple(cells), digest)


def find_specs(solutions: Path) -> dict[str, Spec]:
    """Every source notebook ``solutions/<assignment>.ipynb`` by assignment id."""
    return {p.stem: read_spec(p, p.stem) for p in sorted(Path(solutions).glob("*.ipynb"))}


def find_submissions(submitted: Path) -> list[Submission]:
    """Every ``<student>/<assignment>/<notebook>.ipynb`` under ``submitted``, sorted."""
    found = []
    for path in sorted(Path(submitted).glob("*/*/*.ipynb")):
        student, assignment = path.parent.parent.name, path.parent.name
        if all(_NAME.match(n) for n in (student, assignment, path.name)) and path.is_file():
            found.append(Submission(student, assignment, path.name, path))
    return found


def extract_zip(archive: Path, dest: Path) -> Path:
    """Safely unpack the ``.ipynb`` files of a zip of submissions; return the submitted folder.

    Members with absolute paths, ``..``, odd names, or that are not ``.ipynb`` at depth 3 (after
    an optional common top-level folder) are skipped; the total size is capped.
    """
    dest = Path(dest)
    with zipfile.ZipFile(archive) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        parts = [PurePosixPath(i.filename).parts for i in infos]
        tops = {p[0] for p in parts if len(p) == 4}
        strip = 1 if len(tops) == 1 and not any(len(p) == 3 for p in parts) else 0
        total = 0
        for info, part in zip(infos, parts):
            rel = part[strip:]
            named = all(_NAME.match(p) for p in rel)
            if len(rel) != 3 or not rel[2].endswith(".ipynb") or not named:
                continue
            total += info.file_size
            if info.file_size > MAX_NOTEBOOK_BYTES or total > MAX_ZIP_BYTES:
                raise SubmissionError(f"{archive.name}: {info.filename} is too large")
            target = dest.joinpath(*rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src:
                data = src.read(MAX_NOTEBOOK_BYTES + 1)
            target.write_bytes(data)
    return dest
