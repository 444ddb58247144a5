"""The exercise registry, the case runner and grade_cell."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from nncourse.check import (
    EXERCISES,
    Case,
    Exercise,
    exercise_for_grade_id,
    grade_cell,
    register,
)
from nncourse.check import exercise as exercise_module
from nncourse.check.judge import expect_array, expect_scalar
from nncourse.check.results import ERROR, NOT_ATTEMPTED, PASS, TIMEOUT
from nncourse.inside.probes import PROBES, probe
from nncourse.key.activations import softmax as ref_softmax

ID_PATTERN = re.compile(r"^\d{2}\.[a-z][a-z0-9_]*$")


def _toy_cases(rng):
    x = rng.normal(size=3)
    return [
        Case("doubles", "f(x)", lambda got, e=2 * x: expect_array(got, e), args=(x,)),
        Case("doubles zero", "f(0)", lambda got: expect_scalar(got, 0.0), args=(0.0,), points=2),
        Case(
            "doubles a matrix",
            "f(X)",
            lambda got: expect_array(got, 2 * np.eye(2)),
            args=(np.eye(2),),
        ),
    ]


TOY = Exercise("99.toy", "Toy: double it", ("double",), _toy_cases)


@pytest.fixture
def private_registry(monkeypatch):
    """Register into a copy of the registry, so tests leave the real one untouched."""
    registry = dict(EXERCISES)
    monkeypatch.setattr(exercise_module, "EXERCISES", registry)
    return registry


def test_every_exercise_id_is_unit_dot_name():
    assert EXERCISES, "no exercises registered"
    for ex_id, ex in EXERCISES.items():
        assert ID_PATTERN.match(ex_id), ex_id
        assert ex.id == ex_id
        assert ex.grade_id == "test_" + ex_id.replace(".", "_")
        assert ex.answer_id == "answer_" + ex_id.replace(".", "_")
        assert ex.targets and all(t.isidentifier() for t in ex.targets)
        assert ex.title


def test_register_refuses_a_duplicate_id(private_registry):
    original = EXERCISES["02.softmax"]
    clash = Exercise("02.softmax", "Impostor", ("softmax",), _toy_cases)
    with pytest.raises(ValueError, match="registered twice"):
        register(clash)
    assert private_registry["02.softmax"] is original


def test_register_adds_and_returns_the_exercise(private_registry):
    assert register(TOY) is TOY
    assert private_registry["99.toy"] is TOY
    assert "99.toy" not in EXERCISES, "the fixture keeps the real registry clean"
    assert exercise_for_grade_id("test_99_toy") is TOY


def test_exercise_for_grade_id_finds_unit02_softmax():
    assert exercise_for_grade_id("test_02_softmax") is EXERCISES["02.softmax"]
    assert exercise_for_grade_id("test_02_softmax_jacobian") is EXERCISES["02.softmax_jacobian"]
    assert exercise_for_grade_id("test_02_nonexistent") is None
    assert exercise_for_grade_id("02.softmax") is None


def test_grade_ids_are_unique():
    grade_ids = [ex.grade_id for ex in EXERCISES.values()]
    assert len(grade_ids) == len(set(grade_ids))


def test_every_probe_named_by_a_case_exists():
    for ex in EXERCISES.values():
        for case in ex.cases():
            assert not case.probe or case.probe in PROBES, (ex.id, case.probe)


def test_probe_names_are_unique():
    def call_target(targets):
        return None

    with pytest.raises(ValueError, match="registered twice"):
        probe(call_target)


def test_wrong_number_of_student_objects_is_a_clear_result():
    report = EXERCISES["02.sigmoid"](lambda z: z)
    assert report.score == 0.0 and not report.passed
    (only,) = report.results
    assert only.status == ERROR
    assert "takes 2 argument(s): sigmoid, sigmoid_grad" in only.message
    assert "given 1" in only.message
    assert only.hint == "call it as check(sigmoid, sigmoid_grad)"

    too_many = EXERCISES["02.softmax"](ref_softmax, ref_softmax)
    assert "takes 1 argument(s): softmax; it was given 2" in too_many.results[0].message


def test_same_seed_same_cases_other_seed_other_inputs():
    def flat(cases):
        return [
            np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in _arrays(c.args)])
            for c in cases
        ]

    unit02 = [ex for ex in EXERCISES.values() if ex.id.startswith("02.")]
    assert len(unit02) == 11
    for ex in unit02:
        a, b, c = flat(ex.cases(7)), flat(ex.cases(7)), flat(ex.cases(8))
        assert all(np.array_equal(x, y) for x, y in zip(a, b)), ex.id
        assert any(x.shape != y.shape or not np.array_equal(x, y) for x, y in zip(a, c)), (
            f"{ex.id}: hidden inputs must depend on the seed"
        )
        assert len(ex.cases()) == len(ex.cases(ex.default_seed()))


def _arrays(obj):
    """Every number and array inside plain case arguments, flattened to a list of arrays."""
    if isinstance(obj, np.ndarray):
        return [obj]
    if isinstance(obj, int | float) and not isinstance(obj, bool):
        return [np.array([obj])]
    if isinstance(obj, list | tuple):
        return [a for item in obj for a in _arrays(item)] or [np.zeros(0)]
    if isinstance(obj, dict):
        return [a for v in obj.values() for a in _arrays(v)] or [np.zeros(0)]
    return [np.zeros(0)]


def _is_plain(obj) -> bool:
    if obj is None or type(obj) in (bool, int, float, str):
        return True
    if isinstance(obj, np.generic):
        return obj.dtype.kind in "biuf"
    if type(obj) is np.ndarray:
        return obj.dtype.kind in "biuf"
    if type(obj) in (list, tuple):
        return all(_is_plain(x) for x in obj)
    if type(obj) is dict:
        return all(type(k) is str and _is_plain(v) for k, v in obj.items())
    return False


def test_case_arguments_are_plain_data():
    for ex in EXERCISES.values():
        for case in ex.cases():
            assert _is_plain(case.args), (ex.id, case.name)
            assert _is_plain(case.kwargs), (ex.id, case.name)


def test_case_names_are_unique_within_an_exercise():
    for ex in EXERCISES.values():
        names = [c.name for c in ex.cases()]
        assert len(names) == len(set(names)), ex.id


def test_runner_on_a_toy_exercise():
    assert TOY(lambda x: 2 * np.asarray(x)).passed
    report = TOY(lambda x: x + x if np.ndim(x) else 1.0)
    assert [r.status for r in report.results] == [PASS, "fail", PASS]
    assert report.score == pytest.approx(2 / 4)


def test_a_stub_is_called_once_and_every_case_is_not_attempted():
    calls = []

    def stub(x):
        calls.append(x)
        raise NotImplementedError("Need to implement for Task 2")

    report = TOY(stub)
    assert len(calls) == 1
    assert [r.status for r in report.results] == [NOT_ATTEMPTED] * 3
    assert report.attempted is False and report.score == 0.0
    assert "not attempted" in report.summary()


def test_after_a_timeout_the_remaining_cases_are_not_run():
    calls = []

    def spin(x):
        calls.append(x)
        while True:
            pass

    report = TOY(spin, timeout=0.2)
    assert len(calls) == 1
    assert [r.status for r in report.results] == [TIMEOUT] * 3
    assert "did not finish within 0.2 s" in report.results[0].message
    assert all("not run" in r.message for r in report.results[1:])


def test_a_judge_that_crashes_becomes_a_failed_check():
    def broken_judge(got):
        raise RuntimeError("judge bug")

    ex = Exercise("99.broken", "Broken judge", ("f",), lambda rng: [Case("c", "f()", broken_judge)])
    (result,) = ex(lambda: 1.0).results
    assert result.status == "fail"
    assert "could not be judged" in result.message and "RuntimeError" in result.message


def test_grade_cell_scales_to_points():
    assert grade_cell("02.softmax", ref_softmax, points=3, seed=11) == 3.0

    def wrong_axis(z):
        e = np.exp(z - np.max(z))
        return e / e.sum(axis=0, keepdims=True)

    report = EXERCISES["02.softmax"](wrong_axis, seed=11)
    failing = {r.name for r in report.failures()}
    assert failing == {"each row of a batch separately", "rows on very different scales"}
    cases = EXERCISES["02.softmax"].cases(11)
    total = sum(c.points for c in cases)
    earned = sum(c.points for c in cases if c.name not in failing)
    assert grade_cell("02.softmax", wrong_axis, points=3, seed=11) == round(3 * earned / total, 2)
    assert 0 < earned < total


def test_grade_cell_is_quiet(capsys):
    def chatty_softmax(z):
        print("debugging softmax", z)
        print("to stderr", file=sys.stderr)
        return ref_softmax(z)

    assert grade_cell("02.softmax", chatty_softmax, points=2, seed=1) == 2.0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_grade_cell_gives_zero_for_a_stub():
    def stub(z):
        raise NotImplementedError()

    assert grade_cell("02.softmax", stub, points=5, seed=3) == 0.0
