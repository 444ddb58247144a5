"""Unit 04 in the student edition: no answer key at import, judges as data, demos on data.

The checkers, the probes, the demo module and the plots must import (and the visible checks
run) with ``nncourse.key`` unavailable; the buggy-gradient generator must be the reference
backprop with bugs switched on, not a second backprop.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from nokey import run_with_exercises as _run_without_key

from nncourse import gradcheck_demo
from nncourse.check import EXERCISES, unit04, visible
from nncourse.check.exercise import Judge
from nncourse.check.unit04 import common
from nncourse.key import backprop, buggy_grads, gradcheck

from .students import find_buggy, gradient_check, numerical_gradient, relative_error

pytestmark = pytest.mark.unit04

REPO = Path(__file__).resolve().parents[2]

STUDENT_MODULES = (
    "nncourse.check.unit04",
    "nncourse.check.unit04.common",
    "nncourse.check.unit04.numerical_gradient",
    "nncourse.check.unit04.relative_error",
    "nncourse.check.unit04.gradient_check",
    "nncourse.check.unit04.find_buggy",
    "nncourse.inside.probes.unit04",
    "nncourse.gradcheck_demo",
    "nncourse.plots_gradcheck",
)


def test_student_modules_import_without_the_answer_key():
    done = _run_without_key(
        f"""
        for name in {STUDENT_MODULES!r}:
            importlib.import_module(name)
        print("imported", sorted(m for m in sys.modules if m.startswith("nncourse.key")))
        print(sorted(e for e in EXERCISES if e.startswith("04.")))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "imported []",
        "['04.find_buggy', '04.gradient_check', '04.numerical_gradient', '04.own_backprop', "
        "'04.relative_error']",
    ]


def test_visible_checks_and_demos_run_without_the_answer_key():
    done = _run_without_key(
        """
        import numpy as np
        sys.path.insert(0, "tests")
        from unit04.students import find_buggy, gradient_check, numerical_gradient
        from unit04.students import relative_error
        from nncourse import gradcheck_demo
        from nncourse.check import unit04
        passed = [
            unit04.numerical_gradient(numerical_gradient(), quiet=True).passed,
            unit04.relative_error(relative_error(), quiet=True).passed,
            unit04.gradient_check(gradient_check(), quiet=True).passed,
            unit04.find_buggy(find_buggy(), quiet=True).passed,
        ]
        hidden = unit04.relative_error(relative_error(), seed=1, quiet=True)
        suspects = gradcheck_demo.suspects()
        print(passed, hidden.results[0].status, len(suspects))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:4] == ["[True,", "True,", "True,", "True]"]
    assert done.stdout.split()[4] == "error"  # hidden inputs need the key
    assert int(done.stdout.split()[5]) >= 4


@pytest.mark.parametrize("exercise_id", sorted(i for i in EXERCISES if i.startswith("04.")))
@pytest.mark.parametrize("seed", [0, 1, 904_001])
def test_every_judge_is_a_checker_function_with_plain_data(exercise_id, seed):
    for case in EXERCISES[exercise_id].build_cases(seed):
        assert isinstance(case.judge, Judge)
        data = visible.case_to_data(case)  # refuses closures and functions outside nncourse.check
        again = visible.case_from_data(data)
        assert again.judge.fn is case.judge.fn


def test_the_checkers_tolerance_is_the_keys():
    assert common.GRADCHECK_TOL == gradcheck.GRADCHECK_TOL
    assert gradcheck_demo.GRADCHECK_TOL == gradcheck.GRADCHECK_TOL


@pytest.mark.parametrize("combo", backprop.VALID_COMBINATIONS)
def test_a_bug_free_generated_gradient_is_key_backprops_exactly(combo, monkeypatch):
    rng = np.random.default_rng(7)
    sizes = (3, 5, 4, 2)
    params = [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes, sizes[1:])]
    X = rng.normal(size=(6, 3))
    y = rng.integers(0, 2, 6) if combo[1] == "cross_entropy" else rng.uniform(size=(6, 2))
    net = {"activation": "sigmoid", "output": combo[0], "loss": combo[1]}
    ref_loss, ref = backprop.loss_and_grads(X, y, params, **net)
    calls = []
    real_backward = backprop.backward
    monkeypatch.setattr(
        backprop, "backward", lambda *a, **k: calls.append(1) or real_backward(*a, **k)
    )
    loss, grads = buggy_grads.buggy_loss_and_grads(X, y, params, (), **net)
    assert calls == [1], "the generator runs key.backprop's backward pass"
    assert loss == ref_loss
    for (dW, db), (rW, rb) in zip(grads, ref):
        np.testing.assert_array_equal(dW, rW)
        np.testing.assert_array_equal(db, rb)


def test_the_suspects_come_from_the_visible_cases_and_are_caught():
    suspects = gradcheck_demo.suspects()
    cases = [c for c in unit04.find_buggy.cases() if c.name.startswith("suspect")]
    assert [s.label for s in suspects] == list("ABCDEFGHIJ"[: len(cases)])
    rng = np.random.default_rng(0)
    for s, case in zip(suspects, cases):
        assert s.wrong == case.judge.params["expected"]
        assert find_buggy()(s.loss_fn, s.grad_fn, s.params) == s.wrong
        errors = gradcheck_demo.directional_check(
            gradcheck.relative_error, s.loss_fn, s.params, s.grad_fn(s.params), rng
        )
        assert gradcheck.failing(errors) == s.wrong
        with pytest.raises(ValueError, match="only answers"):
            s.grad_fn([(W + 1.0, b) for W, b in s.params])


def test_the_error_curve_runs_on_the_students_function():
    hs = np.logspace(-8, -1, 8)
    mine = gradcheck_demo.error_curve(numerical_gradient(), np.sin, np.cos, 1.0, hs)
    ref = gradcheck_demo.error_curve(gradcheck.numerical_gradient, np.sin, np.cos, 1.0, hs)
    np.testing.assert_allclose(mine.two_sided, ref.two_sided, rtol=1e-6, atol=1e-15)
    over_h = gradcheck_demo.error_curve(numerical_gradient("over_h"), np.sin, np.cos, 1.0, hs)
    assert over_h.two_sided[-1] > 0.5  # twice the derivative: the student's bug shows


def test_relative_error_students_pass_through_the_demo():
    errors = gradcheck_demo.directional_check(
        relative_error(),
        gradcheck_demo.network_loss_fn(np.ones((2, 2)), np.zeros((2, 1)), _linear_net()),
        [(np.eye(1, 2), np.zeros(1))],
        [(np.array([[1.0, 1.0]]), np.array([1.0]))],
        np.random.default_rng(1),
    )
    assert list(errors) == ["W1", "b1"] and all(e < 1e-6 for e in errors.values())


def _linear_net() -> dict:
    return {"activation": "tanh", "output": "linear", "loss": "squared"}


def test_gradient_check_student_reports_on_a_suspect():
    s = gradcheck_demo.suspects()[0]
    errors = gradient_check()(s.loss_fn, s.grad_fn, s.params)
    assert [name for name, e in errors.items() if not e < 1e-6] == s.wrong
