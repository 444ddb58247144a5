"""Helpers shared by tests of several units (``tests/`` is on sys.path through its conftest)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def failed(report, check_name, *words):
    """Assert that the named check failed and that each word appears in what the student sees."""
    by_name = {r.name: r for r in report.results}
    assert check_name in by_name, f"no check named {check_name!r}: {list(by_name)}"
    result = by_name[check_name]
    assert not result.passed, f"{check_name!r} should fail:\n{report!r}"
    text = " ".join((result.message, result.expected, result.got, result.hint, result.call))
    for word in words:
        assert word.lower() in text.lower(), f"{word!r} not in {text!r}"
    assert report.score < 1.0
    return result


def with_answers(source: Path, answers: dict[str, str]) -> str:
    """The source notebook's JSON with the cells named by ``grade_id`` replaced by ``answers``."""
    nb = json.loads(source.read_text())
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id].strip("\n")
    return json.dumps(nb)


def grade_honest_and_buggy(root: Path, name: str, buggy_answers: dict[str, str]) -> dict:
    """Grade the solution notebook ``name`` and a copy with ``buggy_answers`` in the sandbox.

    Returns
    -------
    dict
        ``{"honest": {grade_id: row}, "buggy": {grade_id: row}}`` from ``nncourse grade``.
    """
    from nncourse.grading.autograde import grade

    source = REPO / "solutions" / f"{name}.ipynb"
    for student in ("honest", "buggy"):
        (root / "submitted" / student / name).mkdir(parents=True)
    shutil.copyfile(source, root / "submitted" / "honest" / name / f"{name}.ipynb")
    (root / "submitted" / "buggy" / name / f"{name}.ipynb").write_text(
        with_answers(source, buggy_answers)
    )
    run = grade(root / "submitted", out=root / "out", workers=2)
    return {r["student"]: {row["grade_id"]: row for row in r["rows"]} for r in run.results}


def failing_checks(row) -> set[str]:
    """Names of the checks that did not pass in one gradebook row."""
    return {c["name"] for c in row["report"]["results"] if c["status"] != "pass"}
