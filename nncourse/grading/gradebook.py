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
"""Columns of ``grades.csv``: one row per graded cell of each submission, then its ``total`` row."""

TOTAL = "total"
"""``grade_id`` of the row of ``grades.csv`` that sums one submission (sum the other rows, or
keep only these, never both)."""


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (``/proc``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


FILE_MODE = 0o666 & ~_umask()
"""Mode of every file the grader writes: what ``open()`` would give (``mkstemp`` gives 0600)."""
DIR_MODE = 0o777 & ~_umask()
"""Mode of folders built in a temporary place and swapped in (``mkdtemp`` gives 0700)."""


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a part.

    The file gets the ordinary mode (``FILE_MODE``), not the private mode of a temporary file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fchmod(fh.fileno(), FILE_MODE)
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


def _unreadable(row: dict) -> str:
    """Why the submission could not be read at all (not JSON, not a notebook), if so."""
    for check in (row.get("report") or {}).get("results", []):
        if check.get("name") == "notebook readable":
            return check.get("message", "")
    return ""


def _from_grader(row: dict) -> str:
    """The grader's own sentence about a row's run (a restart, a check not run), if any."""
    if _unreadable(row):
        return _unreadable(row)
    for check in (row.get("report") or {}).get("results", []):
        if check.get("from_grader") and check.get("status") != "pass":
            return f"{check['name']}: {check.get('message', '')}"
    return ""


def _timed_out(row: dict) -> str:
    for check in (row.get("report") or {}).get("results", []):
        if check.get("status") == "timeout":
            return f"{check['name']}: {check.get('message', '')}"
    return ""


def row_note(res: dict, row: dict) -> str:
    """The ``note`` of one cell's row: deleted/duplicated cells, restarts, timeouts."""
    parts = [res.get("notes", {}).get(row["grade_id"], "")]
    if row["status"] != "pass":
        parts += [_from_grader(row), _timed_out(row)]
    return "; ".join(dict.fromkeys(p for p in parts if p))[:1000]


def submission_note(res: dict, late: str = "") -> str:
    """The ``note`` of a submission's total row: what happened to the run as a whole."""
    parts = []
    if late:
        parts.append(late)
    restarts = res.get("restarts") or 0
    if restarts:
        parts.append(
            f"the sandbox running this notebook was restarted {restarts} time(s) "
            "(a cell or check crashed it or ran out of time)"
        )
    answer = {int(i) for i in res.get("errors", {})}
    stopped = {**(res.get("timed_out_cells") or {}), **(res.get("stopped_cells") or {})}
    for index, why in sorted(stopped.items(), key=lambda kv: int(kv[0])):
        kind = "answer cell" if int(index) in answer else "cell (not an answer cell)"
        parts.append(f"{kind} {int(index) + 1}: {why}")
    for row in res["rows"]:
        if row["status"] == "manual":
            parts.append(f"{row['grade_id']} is graded by hand (formgrader)")
    missing = [g for g, n in res.get("notes", {}).items() if "missing" in n]
    if missing:
        parts.append("missing cells: " + ", ".join(missing))
    parts += [_unreadable(r) for r in res["rows"] if _unreadable(r)][:1]
    return "; ".join(dict.fromkeys(parts))[:2000]


def _total_status(rows: list[dict]) -> str:
    auto = [r for r in rows if r["status"] != "manual"]
    if any(r["status"] == "manual" for r in rows):
        return "needs manual grading"
    if auto and all(r["status"] == "pass" for r in auto):
        return "pass"
    if auto and all(r["status"] == "not attempted" for r in auto):
        return "not attempted"
    if any((r["points"] or 0) > 0 for r in auto):
        return "partial"
    return "fail"


def grade_rows(results: list[dict], late: dict[str, str] | None = None) -> list[dict]:
    """Flat ``grades.csv`` rows for a list of submission results.

    Each submission's cells, then its ``total`` row: the automatic points, the maximum of every
    cell (manual ones included), an overall status and a note on the run as a whole (restarts,
    skipped cells, missing cells, lateness from ``late``: ``student/assignment -> words``).
    """
    late = late or {}
    rows = []
    for res in results:
        who = {k: res[k] for k in ("student", "assignment", "notebook")}
        for row in res["rows"]:
            rows.append(
                who
                | {
                    "grade_id": row["grade_id"],
                    "points": "" if row["points"] is None else f"{row['points']:g}",
                    "max_points": f"{row['max_points']:g}",
                    "status": row["status"],
                    "note": row_note(res, row),
                }
            )
        earned = sum(r["points"] for r in res["rows"] if r["points"] is not None)
        top = sum(r["max_points"] for r in res["rows"])
        rows.append(
            who
            | {
                "grade_id": TOTAL,
                "points": f"{round(earned, 6):g}",
                "max_points": f"{round(top, 6):g}",
                "status": _total_status(res["rows"]),
                "note": submission_note(res, late.get(f"{res['student']}/{res['assignment']}", "")),
            }
        )
    return rows


def write_csv(path: Path, results: list[dict], late: dict[str, str] | None = None) -> Path:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(grade_rows(results, late))
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


def late_words(seconds: float) -> str:
    """``"submitted 2 h 5 min late"`` (empty when on time)."""
    if seconds <= 0:
        return ""
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{mins} min"]
    text = " ".join(parts) if minutes else f"{int(seconds)} s"
    return f"submitted {text} late"


class GradebookWriter:
    """Writes grades into nbgrader's ``gradebook.db``, one transaction per submission.

    Parameters
    ----------
    out : Path
        The output folder (nbgrader course directory).
    config : traitlets.config.Config, optional
        nbgrader configuration; its ``AssignLatePenalties.plugin_class`` and
        ``LateSubmissionPlugin.penalty_method`` decide late penalties, as in ``nbgrader
        autograde`` (default: no penalty).
    """

    def __init__(self, out: Path, config=None) -> None:
        from nbgrader.api import Gradebook
        from nbgrader.preprocessors import AssignLatePenalties

        self.gb = Gradebook(db_url(out), course_id="nncourse")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.penalties = AssignLatePenalties(config=config) if config else AssignLatePenalties()
            self.penalties.init_plugin()

    def set_duedate(self, assignment: str, when) -> None:
        """Record an assignment's due date (a datetime in UTC) as ``nbgrader db`` would."""
        self.gb.update_or_create_assignment(assignment, duedate=when)
        self.gb.db.commit()

    def seconds_late(self, student: str, assignment: str) -> float:
        from nbgrader.api import MissingEntry

        try:
            return float(self.gb.find_submission(assignment, student).total_seconds_late or 0)
        except MissingEntry:
            return 0.0

    def record(self, result: dict, timestamp=None) -> float:
        """Store one submission's automatic scores; manual cells stay open for formgrader.

        ``timestamp`` (nbgrader's ``timestamp.txt``, a UTC datetime) is stored as the submission
        time; when the assignment has a due date and the submission is late, nbgrader's late
        penalty plugin sets the notebook's penalty. Returns the seconds late (0 when on time).
        """
        from nbgrader.api import MissingEntry

        student, assignment = result["student"], result["assignment"]
        notebook = Path(result["notebook"]).stem
        self.gb.update_or_create_student(student)
        with warnings.catch_warnings():  # nbgrader's own autoflush chatter
            warnings.simplefilter("ignore")
            try:
                submission = self.gb.find_submission(assignment, student)
            except MissingEntry:
                submission = self.gb.add_submission(assignment, student)
            if timestamp is not None:
                submission.timestamp = timestamp
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
        return self._penalise(student, assignment, notebook)

    def _penalise(self, student: str, assignment: str, notebook: str) -> float:
        """nbgrader's ``AssignLatePenalties`` step, on our scores."""
        from nbgrader.api import MissingEntry

        try:
            sub = self.gb.find_submission(assignment, student)
            nb = self.gb.find_submission_notebook(notebook, assignment, student)
        except MissingEntry:
            return 0.0
        late = float(sub.total_seconds_late or 0)
        nb.late_submission_penalty = None
        if late > 0:
            penalty = self.penalties.plugin_inst.late_submission_penalty(student, nb.score, late)
            if penalty is not None:
                nb.late_submission_penalty = min(max(float(penalty), 0.0), float(nb.score))
        self.gb.db.commit()
        return late

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
