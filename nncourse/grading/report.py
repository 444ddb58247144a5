"""The class report: what the class got wrong, and which answers look copied.

Built from what grading stored (``out/results/``, one record per submission, and
``out/autograded/``, the submitted notebooks), so ``nncourse report`` rebuilds it without
regrading. It writes ``out/report/``:

* ``index.html`` -- the report, with ``mistakes.png``;
* ``mistakes.csv`` -- per exercise, each failed check and each named mistake, how many students
  hit it, and one anonymised example of the feedback they got (the fields feedback may show:
  never a hidden test, hidden input or hidden expected value);
* ``similar.csv`` -- pairs of answers that share unusually much (``nncourse.grading.similarity``),
  a guide for reading by hand; grades never depend on it.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path

from nncourse.grading.gradebook import atomic_write
from nncourse.grading.similarity import Pair, clusters, similar_pairs

REPORT_DIR = "report"
"""Sub-folder of the grading output that holds the report."""

SAFE_FIELDS = ("message", "wanted", "got", "hint", "mistake")
"""Check-result fields an example may show (the same ones the students' feedback shows)."""

NOT_COUNTED = ("not attempted", "manual")
"""Row statuses that do not count as an attempt."""


@dataclass(frozen=True)
class Mistake:
    """One failed check or named mistake of one exercise, and how many students hit it.

    Attributes
    ----------
    assignment, exercise, title : str
    what : str
        ``check: <name>`` for a failed check, ``mistake: <label>`` for a named mistake.
    students : int
        Students who hit it.
    attempted : int
        Students who attempted the exercise.
    example : dict
        One student's feedback for it, the ``SAFE_FIELDS`` only, without a name.
    """

    assignment: str
    exercise: str
    title: str
    what: str
    students: int
    attempted: int
    example: dict

    @property
    def share(self) -> float:
        return self.students / self.attempted if self.attempted else 0.0


def load_results(out: Path) -> list[dict]:
    """Every stored submission record under ``out/results``, sorted by student."""
    found = []
    for path in sorted((Path(out) / "results").glob("*/*/*.json")):
        try:
            found.append(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(found, key=lambda r: (r["student"], r["assignment"], r["notebook"]))


def common_mistakes(results: list[dict], titles: dict[str, str] | None = None) -> list[Mistake]:
    """Failed checks and named mistakes per exercise, most frequent (by share) first."""
    titles = titles or {}
    tally: dict[tuple[str, str, str], dict] = {}
    attempted: dict[tuple[str, str], set[str]] = {}
    for res in results:
        for row in res.get("rows", []):
            exercise = row.get("exercise")
            if not exercise or row.get("status") in NOT_COUNTED:
                continue
            attempted.setdefault((res["assignment"], exercise), set()).add(res["student"])
            for check in (row.get("report") or {}).get("results", []):
                if (
                    check.get("status") in ("pass", "not attempted")
                    or check.get("from_grader")
                    or check.get("message", "").startswith("not run")
                ):
                    continue  # passed, or not the student's doing, or a consequence of another
                labels = [f"check: {check['name']}"]
                if check.get("mistake"):
                    labels.append(f"mistake: {check['mistake']}")
                for what in labels:
                    entry = tally.setdefault(
                        (res["assignment"], exercise, what), {"students": set(), "example": None}
                    )
                    entry["students"].add(res["student"])
                    if entry["example"] is None:
                        entry["example"] = {k: check.get(k, "") for k in SAFE_FIELDS}
    mistakes = [
        Mistake(
            assignment,
            exercise,
            titles.get(exercise, exercise),
            what,
            len(entry["students"]),
            len(attempted[(assignment, exercise)]),
            entry["example"],
        )
        for (assignment, exercise, what), entry in tally.items()
    ]
    return sorted(mistakes, key=lambda m: (-m.share, -m.students, m.exercise, m.what))


def _cells(path: Path) -> dict[str, str]:
    """grade_id -> source of every cell of a notebook that has one ({} if unreadable)."""
    try:
        nb = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if isinstance(meta, dict) and meta.get("grade_id"):
            src = cell.get("source", "")
            out[meta["grade_id"]] = "".join(src) if isinstance(src, list) else str(src)
    return out


@dataclass(frozen=True)
class Similar:
    """A pair of similar answers to one exercise, with the answers' sources for display."""

    assignment: str
    exercise: str
    pair: Pair
    source_a: str
    source_b: str


def similar_answers(
    out: Path, results: list[dict], solutions: Path, notebooks: Path | None = None
) -> list[Similar]:
    """Pairs of similar answer cells, per exercise, across the graded submissions."""
    answers: dict[tuple[str, str, str], dict[str, str]] = {}
    for res in results:
        cells = _cells(
            Path(out) / "autograded" / res["student"] / res["assignment"] / res["notebook"]
        )
        for row in res.get("rows", []):
            exercise = row.get("exercise")
            answer_id = "answer_" + row["grade_id"].removeprefix("test_")
            if exercise and answer_id in cells:
                key = (res["assignment"], exercise, answer_id)
                answers.setdefault(key, {})[res["student"]] = cells[answer_id]
    found = []
    for (assignment, exercise, answer_id), by_student in sorted(answers.items()):
        exclude = []
        for folder in (solutions, notebooks):
            if folder is not None:
                src = _cells(Path(folder) / f"{assignment}.ipynb").get(answer_id)
                if src:
                    exclude.append(src)
        for pair in similar_pairs(by_student, exclude):
            found.append(
                Similar(assignment, exercise, pair, by_student[pair.a], by_student[pair.b])
            )
    return sorted(found, key=lambda s: (-s.pair.score, s.exercise, s.pair.a, s.pair.b))


def _mistakes_csv(mistakes: list[Mistake]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        ["assignment", "exercise", "what", "students", "attempted", "share", *SAFE_FIELDS]
    )
    for m in mistakes:
        writer.writerow(
            [m.assignment, m.exercise, m.what, m.students, m.attempted, f"{m.share:.2f}"]
            + [m.example.get(k, "") for k in SAFE_FIELDS]
        )
    return buf.getvalue()


def _similar_csv(similar: list[Similar]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "assignment",
            "exercise",
            "student_a",
            "student_b",
            "score",
            "overlap",
            "shared",
            "lines_a",
            "lines_b",
        ]
    )
    for s in similar:
        p = s.pair
        writer.writerow(
            [
                s.assignment,
                s.exercise,
                p.a,
                p.b,
                f"{p.score:.2f}",
                f"{p.overlap:.2f}",
                p.shared,
                " ".join(map(str, p.lines_a)),
                " ".join(map(str, p.lines_b)),
            ]
        )
    return buf.getvalue()


def _plot(mistakes: list[Mistake], path: Path, top: int = 12) -> Path:
    from matplotlib.figure import Figure

    shown = mistakes[:top][::-1]
    fig = Figure(figsize=(8, 0.45 * max(len(shown), 2) + 1.2))
    ax = fig.add_subplot()
    labels = [f"{m.exercise} \u2014 {m.what.split(': ', 1)[1][:48]}" for m in shown]
    ax.barh(range(len(shown)), [100 * m.share for m in shown], color="#c5221f")
    ax.set_yticks(range(len(shown)), labels, fontsize=8)
    ax.set_xlabel("% of the students who attempted the exercise")
    ax.set_xlim(0, 100)
    ax.set_title("What the class got wrong most often")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return atomic_write(path, buf.getvalue())


def _side_by_side(s: Similar) -> str:
    esc = html.escape

    def column(source: str, lines: tuple[int, ...]) -> str:
        rows = []
        for i, line in enumerate(source.splitlines(), start=1):
            style = ' style="background:#fde293"' if i in lines else ""
            rows.append(f"<div{style}>{i:3d}  {esc(line)}</div>")
        return "<pre>" + "".join(rows) + "</pre>"

    return (
        "<table class='pair'><tr>"
        f"<th>{esc(s.pair.a)}</th><th>{esc(s.pair.b)}</th></tr><tr>"
        f"<td>{column(s.source_a, s.pair.lines_a)}</td>"
        f"<td>{column(s.source_b, s.pair.lines_b)}</td></tr></table>"
    )


_STYLE = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;color:#202124}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #dadce0;padding:.3rem .5rem;text-align:left;vertical-align:top}
pre{margin:0;font-size:.8em}.note{color:#5f6368}
"""


def render(mistakes: list[Mistake], similar: list[Similar], n_students: int) -> str:
    """The report page."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class report</title>",
        f"<style>{_STYLE}</style></head><body><h1>Class report</h1>",
        f"<p>{n_students} submission(s). Built from the stored grading results; "
        "<code>nncourse report</code> rebuilds it without regrading.</p>",
        "<h2>What the class got wrong</h2>",
        "<p class='note'>Each failed check and each named mistake, with the share of the students "
        "who attempted the exercise, and the feedback one of them got.</p>",
        "<img src='mistakes.png' alt='most frequent mistakes'>",
        "<table><tr><th>exercise</th><th>what</th><th>students</th><th>example feedback</th></tr>",
    ]
    for m in mistakes:
        example = "".join(
            f"<div><b>{esc(k)}:</b> <code>{esc(str(v))}</code></div>"
            for k, v in m.example.items()
            if v
        )
        parts.append(
            f"<tr><td>{esc(m.title)}<br><span class='note'>{esc(m.exercise)}</span></td>"
            f"<td>{esc(m.what)}</td><td>{m.students} / {m.attempted} "
            f"({100 * m.share:.0f} %)</td><td>{example}</td></tr>"
        )
    parts.append("</table><h2>Answers that look alike</h2>")
    parts.append(
        "<p class='note'>Answer cells compared after normalising names, numbers, strings and "
        "layout (token fingerprints with winnowing), leaving out what every answer shares with "
        "the stub and the instructor's solution and what many students wrote alike. Highest "
        "evidence first. A guide for reading by hand, never a penalty: no grade depends on it."
        "</p>"
    )
    if not similar:
        parts.append("<p>No pair shares unusually much.</p>")
    groups = clusters([s.pair for s in similar])
    if groups:
        parts.append("<p>Groups: " + "; ".join(esc(", ".join(g)) for g in groups) + "</p>")
    for s in similar[:20]:
        parts.append(
            f"<h3>{esc(s.exercise)}: {esc(s.pair.a)} and {esc(s.pair.b)} \u2014 evidence "
            f"{s.pair.score:.1f}, {100 * s.pair.overlap:.0f} % of the smaller answer</h3>"
            + _side_by_side(s)
        )
    parts.append("</body></html>")
    return "".join(parts)


def write_report(
    out: Path, solutions: Path, notebooks: Path | None = None, titles: dict | None = None
) -> Path:
    """Build ``out/report/`` from the stored results; returns the path of ``index.html``."""
    results = load_results(out)
    if titles is None:
        from nncourse.check import EXERCISES

        titles = {k: e.title for k, e in EXERCISES.items()}
    mistakes = common_mistakes(results, titles)
    similar = similar_answers(out, results, solutions, notebooks)
    folder = Path(out) / REPORT_DIR
    atomic_write(folder / "mistakes.csv", _mistakes_csv(mistakes))
    atomic_write(folder / "similar.csv", _similar_csv(similar))
    _plot(mistakes, folder / "mistakes.png")
    return atomic_write(folder / "index.html", render(mistakes, similar, len(results)))
