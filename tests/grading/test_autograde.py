"""``nncourse grade`` on the example class: expected points, hostile students contained, outputs.

The class is ``grading/submitted`` (built by ``grading/make_examples.py``); what each student must
score is declared in ``grading/expected.json`` (failing checks per cell, with points derived from
the checker's case weights), independently of the grader.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from nncourse.grading.autograde import grade, gradebook_table
from nncourse.grading.feedback import WITHHELD
from nncourse.grading.gradebook import CSV_COLUMNS
from nncourse.grading.sandbox import Limits

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]
CLASS = REPO / "grading" / "submitted"
EXPECTED = json.loads((REPO / "grading" / "expected.json").read_text())
STUDENTS = sorted(EXPECTED["students"])
LIMITS = Limits()


@pytest.fixture(scope="module")
def class_dir(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("class") / "submitted"
    shutil.copytree(CLASS, dest)
    return dest


@pytest.fixture(scope="module")
def class_run(class_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return grade(class_dir, out=out, workers=2, limits=LIMITS)


def _by_student(run) -> dict[str, dict]:
    return {r["student"]: r for r in run.results}


def _check_against_expected(result: dict) -> None:
    want = EXPECTED["students"][result["student"]]
    for row in result["rows"]:
        exp = want["cells"][row["grade_id"]]
        failing = [c["name"] for c in row["report"]["results"] if c["status"] != "pass"]
        assert (row["grade_id"], row["points"], row["status"]) == (
            row["grade_id"],
            exp["points"],
            exp["status"],
        ), row["report"]
        assert sorted(failing) == sorted(exp["failing"]), row["grade_id"]
    assert round(sum(r["points"] for r in result["rows"]), 2) == want["total"]


def test_the_whole_class_was_graded(class_run):
    assert not class_run.failed and not class_run.unknown
    assert sorted(_by_student(class_run)) == STUDENTS


@pytest.mark.parametrize("student", STUDENTS)
def test_every_example_gets_the_expected_points(class_run, student):
    _check_against_expected(_by_student(class_run)[student])


def test_honest_students_keep_every_point(class_run):
    results = _by_student(class_run)
    for student in (
        "honest_complete",
        "honest_noisy",
        "honest_float32",
        "honest_slow",
        "honest_edited_cells",
    ):
        rows = results[student]["rows"]
        assert all(r["status"] == "pass" for r in rows), student
        assert sum(r["points"] for r in rows) == sum(r["max_points"] for r in rows)


def test_hostile_students_are_contained(class_run, class_dir):
    results = _by_student(class_run)
    assert not list(class_dir.rglob("HACKED.txt")), "a sandbox wrote into another student's folder"
    assert not list(class_run.out.rglob("HACKED.txt"))
    # the gradebook holds exactly what the grader computed, for everybody
    table = {s: score for s, _, score, _ in gradebook_table(class_run.out)}
    for student, res in results.items():
        assert table[student] == pytest.approx(sum(r["points"] for r in res["rows"]))
    reference = results["hostile_import_reference"]["rows"]
    delegated = [r for r in reference if r["status"] == "reference code"]
    assert len(delegated) == len(reference) - 1
    for row in delegated:
        assert row["points"] == 0
        message = row["report"]["results"][0]["message"]
        assert "reference implementation" in message and "nncourse" in message


def test_deleted_and_duplicated_cells_are_reported(class_run):
    notes = _by_student(class_run)["honest_edited_cells"]["notes"]
    assert "test_02_tanh is missing" in notes["test_02_tanh"]
    assert "answer_02_relu is missing" in notes["test_02_relu"]
    assert "appears 2 times" in notes["test_02_sigmoid"]
    assert "last definition counts" in notes["test_02_sigmoid"]
    assert "appears 2 times" in notes["test_02_linear"]
    html = (
        class_run.feedback / "honest_edited_cells" / "02_activations" / "02_activations.html"
    ).read_text()
    assert "test_02_tanh is missing" in html


def test_broken_notebooks_cost_only_what_broke(class_run):
    results = _by_student(class_run)
    syntax = results["broken_syntax_error"]
    sparse = next(r for r in syntax["rows"] if r["grade_id"] == "test_02_sparsemax")
    assert "SyntaxError" in sparse["report"]["results"][0]["message"]
    assert "not defined" in sparse["report"]["results"][0]["message"]
    loop = results["broken_endless_loop"]
    # two endless loops (a cell and a function): each costs at most one limit plus the grace
    assert loop["seconds"] < 2 * (LIMITS.timeout + LIMITS.grace) + 3
    relu = next(r for r in loop["rows"] if r["grade_id"] == "test_02_relu")
    assert any("did not finish" in c["message"] for c in relu["report"]["results"])
    exit_rows = results["broken_os_exit"]["rows"]
    vjp = next(r for r in exit_rows if r["grade_id"] == "test_02_softmax_vjp")
    assert "exited" in vjp["report"]["results"][0]["message"]


def test_grades_csv(class_run):
    with class_run.csv.open() as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    n_cells = len(EXPECTED["students"]["honest_complete"]["cells"])
    assert len(rows) == len(STUDENTS) * n_cells
    for row in rows:
        want = EXPECTED["students"][row["student"]]["cells"][row["grade_id"]]
        assert float(row["points"]) == pytest.approx(want["points"])
        assert row["status"] == want["status"]


def test_feedback_never_shows_hidden_tests_or_hidden_values(class_run):
    source = (REPO / "solutions" / "02_activations.ipynb").read_text()
    hidden = re.findall(r"grade_cell\([^)]*\)", source)
    assert hidden, "the source notebook should have hidden test calls"
    checked = 0
    for res in class_run.results:
        path = class_run.feedback / res["student"] / "02_activations" / "02_activations.html"
        html = path.read_text()
        assert "BEGIN HIDDEN TESTS" not in html and "grade_cell" not in html
        for call in hidden:
            assert call not in html
        for seed in res["seeds"].values():
            assert str(seed) not in html
        for row in res["rows"]:
            for check in (row["report"] or {}).get("results", []):
                expected = check["expected"]
                if check["status"] != "pass" and re.search(r"\d\.\d", expected):
                    checked += 1
                    assert expected not in html and WITHHELD in html
    assert checked > 5, "the class should have failing checks with hidden expected values"


def test_plot_and_autograded_copies(class_run):
    assert class_run.plot.stat().st_size > 10_000
    copy = class_run.out / "autograded" / "honest_partial" / "02_activations"
    assert "nncourse grade: 2 / 2 (pass)" in (copy / "02_activations.ipynb").read_text()


def test_rerun_regrades_only_what_changed(class_run, class_dir):
    again = grade(class_dir, out=class_run.out, workers=2, limits=LIMITS)
    assert again.graded == [] and sorted(again.reused) == sorted(
        r["student"] + "/02_activations/02_activations.ipynb" for r in class_run.results
    )
    # one student edits a notebook: only that one is graded again
    nb = class_dir / "honest_partial" / "02_activations" / "02_activations.ipynb"
    text = nb.read_text()
    nb.write_text(text + "\n")  # saved again: different bytes, same answers
    third = grade(class_dir, out=class_run.out, workers=2, limits=LIMITS)
    assert third.graded == ["honest_partial/02_activations/02_activations.ipynb"]
    _check_against_expected(_by_student(third)["honest_partial"])
    nb.write_text(text)


def _subset(tmp_path: Path, students) -> Path:
    dest = tmp_path / "submitted"
    for s in students:
        shutil.copytree(CLASS / s, dest / s)
    return dest


def test_force_regrades_and_zip_input(tmp_path):
    students = ["honest_complete", "bug_unstable_softmax", "hostile_write_gradebook"]
    src = _subset(tmp_path, students)
    archive = shutil.make_archive(
        str(tmp_path / "class"), "zip", root_dir=tmp_path, base_dir="submitted"
    )
    out = tmp_path / "out"
    first = grade(Path(archive), out=out, workers=2)
    assert sorted(first.graded) == sorted(
        f"{s}/02_activations/02_activations.ipynb" for s in students
    )
    for res in first.results:
        _check_against_expected(res)
    forced = grade(src, out=out, workers=2, force=True)
    assert len(forced.graded) == 3 and not forced.reused
    assert [r["student"] for r in forced.results] == sorted(students)


def test_dask_local_cluster_gives_the_same_grades(tmp_path):
    distributed = pytest.importorskip("distributed")
    students = ["honest_noisy", "bug_derivatives", "broken_os_exit", "hostile_import_reference"]
    src = _subset(tmp_path, students)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        run = grade(src, out=tmp_path / "out", scheduler=cluster.scheduler_address)
    assert not run.failed
    assert sorted(r["student"] for r in run.results) == sorted(students)
    for res in run.results:
        _check_against_expected(res)


def test_manual_cells_are_left_for_formgrader(tmp_path):
    """A written-answer cell in the source notebook: no automatic score, flagged for a human."""
    from nbgrader.api import Gradebook

    source = json.loads((REPO / "solutions" / "02_activations.ipynb").read_text())
    source["cells"].append(
        {
            "cell_type": "markdown",
            "id": "written-1",
            "source": "Why subtract the maximum?",
            "metadata": {
                "nbgrader": {
                    "grade": True,
                    "solution": True,
                    "locked": False,
                    "grade_id": "written_02_why",
                    "points": 3.0,
                    "schema_version": 3,
                    "task": False,
                }
            },
        }
    )
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "02_activations.ipynb").write_text(json.dumps(source))
    run = grade(
        _subset(tmp_path, ["honest_complete"]), out=tmp_path / "out", solutions=solutions, workers=1
    )
    rows = {r["grade_id"]: r for r in run.results[0]["rows"]}
    assert rows["written_02_why"]["status"] == "manual"
    assert rows["written_02_why"]["points"] is None
    assert rows["test_02_softmax"]["points"] == 2.0
    with run.csv.open() as fh:
        written = next(r for r in csv.DictReader(fh) if r["grade_id"] == "written_02_why")
    assert written["points"] == "" and written["max_points"] == "3"
    with Gradebook(f"sqlite:///{run.out / 'gradebook.db'}") as gb:
        grade_row = gb.find_grade(
            "written_02_why", "02_activations", "02_activations", "honest_complete"
        )
        assert grade_row.auto_score is None and grade_row.needs_manual_grade
        auto = gb.find_grade(
            "test_02_softmax", "02_activations", "02_activations", "honest_complete"
        )
        assert auto.auto_score == 2.0 and not auto.needs_manual_grade


def test_grading_still_works_without_the_optional_os_layers(tmp_path):
    """Namespaces, Landlock and seccomp degrade to nothing; honest grades do not change."""
    from nncourse.grading.sandbox import Layers

    run = grade(
        _subset(tmp_path, ["honest_noisy", "bug_unstable_softmax"]),
        out=tmp_path / "out",
        workers=2,
        layers=Layers(namespaces=False, landlock=False, seccomp=False),
    )
    assert run.layers["landlock"] == "" and run.layers["seccomp"] == ""
    assert run.layers["limits"]
    for res in run.results:
        _check_against_expected(res)


def test_every_unit_grades_generically(tmp_path):
    """Each source notebook, handed in as a submission, scores full marks in the sandbox (its
    probes and checks work out of process); each student release scores 0, 'not attempted'."""
    sources = sorted((REPO / "solutions").glob("*.ipynb"))
    for path in sources:
        for student, folder in (
            ("solution_as_submission", "solutions"),
            ("release_as_submission", "notebooks"),
        ):
            dest = tmp_path / "submitted" / student / path.stem
            dest.mkdir(parents=True)
            shutil.copyfile(REPO / folder / path.name, dest / path.name)
    run = grade(tmp_path / "submitted", out=tmp_path / "out", workers=2)
    assert not run.failed and len(run.results) == 2 * len(sources)
    for res in run.results:
        assert res["rows"], res["assignment"]
        for row in res["rows"]:
            if res["student"] == "solution_as_submission":
                assert (row["status"], row["points"]) == ("pass", row["max_points"]), row
            else:
                assert (row["status"], row["points"]) == ("not attempted", 0.0), row
