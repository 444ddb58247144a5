"""Per-student HTML feedback: what was tried, what was required, what came back, a hint.

Feedback is built from the stored results only. It never contains the hidden test cells' source,
the grading seeds, or the hidden expected values: which parts of a check's result may be shown is
decided by its fields (``nncourse.check.results.CheckResult``), not by reading its sentences.
``message``, ``wanted`` (a property: "shape (3,)", "every row sums to 1"), ``got`` (the student's
own value), ``hint`` and ``mistake`` are shown; ``expected`` and ``detail``, which carry values
the reference computed, never are.
"""

from __future__ import annotations

import html
from pathlib import Path

from nncourse.grading.gradebook import atomic_write

WITHHELD = "withheld: the value the reference computes for this hidden input"
"""Shown instead of a hidden expected value."""

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#202124}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #dadce0;padding:.3rem .5rem;text-align:left;vertical-align:top}
.pass{background:#e6f4ea}.fail,.error,.partial,.reference{background:#fce8e6}
.timeout{background:#fef7e0}.manual,.not{background:#f1f3f4}
code{font-size:.9em;white-space:pre-wrap}.note{color:#5f6368}
"""


def shown_expected(result: dict) -> str:
    """What feedback shows as "expected": the required property, or a note that it is withheld."""
    return result.get("wanted", "") or (WITHHELD if result.get("expected") else "")


def _css(status: str) -> str:
    return status.split()[0] if status else ""


def _check_rows(report: dict) -> str:
    esc = html.escape
    rows = []
    for r in report.get("results", []):
        details = []
        for label, text in (
            ("what happened", r.get("message", "")),
            ("what was tried", r.get("call", "")),
            ("expected", shown_expected(r)),
            ("got", r.get("got", "")),
            ("known mistake", r.get("mistake", "")),
            ("hint", r.get("hint", "")),
        ):
            if text and (r["status"] != "pass" or label == "what was tried"):
                details.append(f"<div><b>{esc(label)}:</b> <code>{esc(text)}</code></div>")
        rows.append(
            f'<tr class="{_css(r["status"])}"><td>{esc(r["name"])}</td>'
            f"<td>{esc(r['status'])}</td><td>{''.join(details)}</td></tr>"
        )
    return "".join(rows)


def render(result: dict, titles: dict[str, str] | None = None) -> str:
    """The feedback page for one submission result (see ``session.grade_job``)."""
    esc = html.escape
    titles = titles or {}
    rows = result["rows"]
    auto = [r for r in rows if r["points"] is not None]
    earned, total = sum(r["points"] for r in auto), sum(r["max_points"] for r in rows)
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>Feedback: {esc(result['assignment'])}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Feedback on {esc(result['assignment'])} / {esc(result['notebook'])}</h1>",
        f"<p>Student: <b>{esc(result['student'])}</b>. Automatic score: <b>{earned:g} / "
        f"{total:g}</b>. Each exercise was checked again, outside your notebook, on inputs you "
        "had not seen; the checks are the ones your notebook's check cells run.</p>",
        "<table><tr><th>exercise</th><th>cell</th><th>points</th><th>result</th></tr>",
    ]
    for r in rows:
        pts = "graded by hand" if r["points"] is None else f"{r['points']:g} / {r['max_points']:g}"
        title = titles.get(r["exercise"], r["exercise"] or "written answer")
        parts.append(
            f'<tr class="{_css(r["status"])}"><td>{esc(title)}</td>'
            f"<td>{esc(r['grade_id'])}</td><td>{esc(pts)}</td>"
            f"<td>{esc(r['status'])}</td></tr>"
        )
    parts.append("</table>")
    notes = result.get("notes", {})
    for r in rows:
        if r["points"] is None:
            continue
        title = titles.get(r["exercise"], r["exercise"])
        parts.append(f"<h2>{esc(title)} \u2014 {r['points']:g} / {r['max_points']:g}</h2>")
        if notes.get(r["grade_id"]):
            parts.append(f"<p class='note'>Note: {esc(notes[r['grade_id']])}</p>")
        report = r.get("report") or {}
        parts.append(
            "<table><tr><th>check</th><th>result</th><th>details</th></tr>"
            f"{_check_rows(report)}</table>"
        )
    errors = result.get("errors", {})
    if errors:
        parts.append("<h2>Answer cells that did not run cleanly</h2><ul>")
        for index, info in sorted(errors.items(), key=lambda kv: int(kv[0])):
            parts.append(
                f"<li>cell {int(index) + 1} ({esc(info['grade_id'] or 'answer')}): "
                f"<code>{esc(info['error'])}</code></li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def write_feedback(out: Path, result: dict, titles: dict[str, str] | None = None) -> Path:
    """Write ``feedback/<student>/<assignment>/<notebook>.html`` (nbgrader's layout)."""
    name = Path(result["notebook"]).stem + ".html"
    path = Path(out) / "feedback" / result["student"] / result["assignment"] / name
    return atomic_write(path, render(result, titles))
