"""The class report on the graded example class: counts that match the per-student records, the
copied pair first, nothing hidden in it, and ``nncourse report`` rebuilding it without regrading."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from nncourse.cli import main
from nncourse.grading.report import load_results

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]


def _rows(path: Path) -> list[dict]:
    with path.open() as fh:
        return list(csv.DictReader(fh))


def test_the_grading_run_writes_the_report(class_run):
    folder = class_run.out / "report"
    for name in ("index.html", "mistakes.csv", "similar.csv", "mistakes.png"):
        assert (folder / name).stat().st_size > 0, name
    assert class_run.report == folder / "index.html"


def test_mistake_counts_match_the_per_student_records(class_run):
    results = load_results(class_run.out)
    rows = _rows(class_run.out / "report" / "mistakes.csv")
    assert rows
    for row in rows:
        kind, what = row["what"].split(": ", 1)
        hit, tried = set(), set()
        for res in results:
            for cell in res["rows"]:
                if cell["exercise"] != row["exercise"] or cell["status"] in (
                    "not attempted",
                    "manual",
                ):
                    continue
                tried.add(res["student"])
                for check in cell["report"]["results"]:
                    failed = check["status"] not in ("pass", "not attempted")
                    counted = not check.get("from_grader") and not check["message"].startswith(
                        "not run"
                    )
                    named = check["name"] if kind == "check" else check.get("mistake")
                    if failed and counted and named == what:
                        hit.add(res["student"])
        assert int(row["students"]) == len(hit), row
        assert int(row["attempted"]) == len(tried), row


def test_the_unstable_softmax_is_among_the_class_mistakes(class_run):
    whats = {(r["exercise"], r["what"]) for r in _rows(class_run.out / "report" / "mistakes.csv")}
    assert ("02.softmax", "check: stable at z = 1000") in whats


def test_the_copied_pair_ranks_first_and_shared_short_answers_low(class_run):
    pairs = _rows(class_run.out / "report" / "similar.csv")
    assert pairs, "no similar pair found"
    first = pairs[0]
    assert {first["student_a"], first["student_b"]} == {"copied_original", "copied_renamed"}
    assert first["exercise"] == "02.sparsemax"
    for other in pairs[1:]:
        assert float(other["score"]) < 0.5 * float(first["score"]), other
    # the class's common three-line softmax is written alike by most students: never listed
    assert not [p for p in pairs if p["exercise"] == "02.softmax"]


def test_the_report_shows_no_hidden_test_input_or_expected_value(class_run):
    folder = class_run.out / "report"
    text = (folder / "index.html").read_text() + (folder / "mistakes.csv").read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "grade_cell(" not in text
    assert "seed" not in text.lower()
    for res in load_results(class_run.out):
        for cell in res["rows"]:
            for check in (cell.get("report") or {}).get("results", []):
                for hidden in (check.get("expected"), check.get("detail")):
                    if hidden and re.search(r"\d\.\d", hidden):
                        assert hidden not in text, hidden


def test_nncourse_report_rebuilds_it_from_the_stored_results(class_run, monkeypatch, capsys):
    page = class_run.out / "report" / "index.html"
    before = page.read_text()
    page.unlink()
    monkeypatch.chdir(REPO)
    assert main(["report", "--out", str(class_run.out)]) == 0
    assert page.read_text() == before
    assert "class report:" in capsys.readouterr().out


def test_nncourse_report_refuses_a_folder_without_results(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["report", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "holds no grading results" in err[0]


def test_results_on_disk_are_what_the_report_read(class_run):
    stored = sorted((class_run.out / "results").glob("*/*/*.json"))
    assert len(stored) == len(load_results(class_run.out)) == len(class_run.results)
    assert json.loads(stored[0].read_text())["student"]
