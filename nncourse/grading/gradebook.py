"""Grader outputs that other tools read: nbgrader's gradebook, ``grades.csv``, result files.

The output folder is an nbgrader course directory (``source/``, ``autograded/``, ``feedback/``,
``gradebook.db``), so ``nbgrader formgrader`` and ``nbgrader export`` work on it. Every file is
written atomically (a temporary file in the same folder, then ``os.replace``), and each finished
submission is saved on its own before the next is recorded, so a crash loses no finished grade.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from nncourse.grading.submissions import Spec

CSV_COLUMNS = (
    "student",
    "assignment",
    "notebook",
    "grade_id",
    "points",
    "max_points",
    "status",
    "note",
)
"""Columns of ``grades.csv`` (one row per graded cell of each submission)."""


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def result_path(out: Path, student: str, assignment: str, notebook: str) -> Path:
    return Path(out) / "results" / student / assignment / (Path(notebook).stem + ".json")


def save_result(out: Path, result: dict) -> Path:
    path = result_path(out, result["student"], result["assignment"], result["notebook"])
    return atomic_write(path, json.dumps(result, indent=1, default=float))


def load_result(out: Path, student: str, assignment: str, notebook: str) -> dict | None:
    path = result_path(out, student, assignment, notebook)
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def grade_rows(results: list[dict]) -> list[dict]:
    """Flat ``grades.csv`` rows for a list of submission results."""
    rows = []
    for res in results:
        for row in res["rows"]:
            rows.append(
                {
                    "student": res["student"],
                    "assignment": res["assignment"],
                    "notebook": res["notebook"],
                    "grade_id": row["grade_id"],
                    "points": "" if row["points"] is None else f"{row['points']:g}",
                    "max_points": f"{row['max_points']:g}",
                    "status": row["status"],
                    "note": res.get("notes", {}).get(row["grade_id"], ""),
                }
            )
    return rows


def write_csv(path: Path, results: list[dict]) -> Path:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(grade_rows(results))
    return atomic_write(path, buf.getvalue())


def _config(out: Path):
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(out)
    config.CourseDirectory.db_url = db_url(out)
    config.CourseDirectory.course_id = "nncourse"
    config.Exchange.root = str(Path(out) / "exchange")
    return config


def db_url(out: Path) -> str:
    return f"sqlite:///{Path(out).resolve() / 'gradebook.db'}"


def ensure_assignment(out: Path, spec: Spec, source: Path) -> bool:
    """Record an assignment's cells in the gradebook with nbgrader's own generate_assignment.

    Skipped when the same source notebook was recorded before. Returns True if it ran.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from nncourse.grading import ensure_tools_on_path

    stamp = Path(out) / "source" / spec.assignment / ".nncourse-digest"
    book = Path(out) / "gradebook.db"
    if stamp.exists() and stamp.read_text() == spec.digest and book.exists():
        return False
    ensure_tools_on_path()
    dest = Path(out) / "source" / spec.assignment / spec.notebook
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    config = _config(out)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    result = api.generate_assignment(spec.assignment, force=True, create=True)
    if not result.get("success"):
        raise RuntimeError(f"nbgrader could not record {spec.assignment}: {result.get('log', '')}")
    atomic_write(stamp, spec.digest)
    return True


class GradebookWriter:
    """Writes grades into nbgrader's ``gradebook.db``, one transaction per submission."""

    def __init__(self, out: Path) -> None:
        from nbgrader.api import Gradebook

        self.gb = Gradebook(db_url(out), course_id="nncourse")

    def record(self, result: dict) -> None:
        """Store one submission's automatic scores; manual cells stay open for formgrader."""
        from nbgrader.api import MissingEntry

        student, assignment = result["student"], result["assignment"]
        notebook = Path(result["notebook"]).stem
        self.gb.update_or_create_student(student)
        try:
            self.gb.find_submission(assignment, student)
        except MissingEntry:
            with warnings.catch_warnings():  # nbgrader's own autoflush chatter
                warnings.simplefilter("ignore")
                self.gb.add_submission(assignment, student)
        for row in result["rows"]:
            try:
                grade = self.gb.find_grade(row["grade_id"], notebook, assignment, student)
            except MissingEntry:
                continue
            if row["status"] == "manual":
                grade.needs_manual_grade = grade.manual_score is None
                continue
            grade.auto_score = float(row["points"])
            grade.needs_manual_grade = grade.manual_score is not None
        self.gb.db.commit()

    def table(self) -> list[tuple[str, str, float, float]]:
        """(student, assignment, score, max score) for every submission in the gradebook."""
        rows = []
        for assignment in self.gb.assignments:
            for sub in assignment.submissions:
                rows.append(
                    (sub.student.id, assignment.name, float(sub.score), float(sub.max_score))
                )
        return sorted(rows)

    def close(self) -> None:
        self.gb.close()


def write_autograded(out: Path, result: dict, data: bytes) -> Path:
    """The submitted notebook, each graded test cell showing its verdict (for formgrader)."""
    nb = json.loads(data)
    rows = {r["grade_id"]: r for r in result["rows"]}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        row = rows.get(meta.get("grade_id")) if isinstance(meta, dict) else None
        if cell.get("cell_type") == "code" and row is not None and row["status"] != "manual":
            text = f"nncourse grade: {row['points']:g} / {row['max_points']:g} ({row['status']})\n"
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": text}]
    path = Path(out) / "autograded" / result["student"] / result["assignment"] / result["notebook"]
    return atomic_write(path, json.dumps(nb, indent=1))
