"""Unit 01's student edition needs no answer key and holds no answer.

Its checkers, the playground's engine and widget, its plots and demo module import without
``nncourse.key`` (``tests/nokey.py`` blocks it in a fresh interpreter), and the notebook's
visible checks judge honest answers there. (No callable of the student edition answering an
exercise is ``tests/student/test_no_answers.py``'s business.)
"""

from __future__ import annotations

import pytest
from nokey import run_without_key

pytestmark = pytest.mark.unit01

STUDENT_MODULES = [
    "nncourse.check.unit01",
    "nncourse.check.unit01.common",
    "nncourse.check.unit01.separable",
    "nncourse.check.unit01.xor_features",
    "nncourse.check.unit01.threshold_xor",
    "nncourse.check.unit01.sign_xor",
    "nncourse.check.unit01.mcculloch_pitts",
    "nncourse.check.unit01.universal",
    "nncourse.check.unit01.linear_collapse",
    "nncourse.playground",
    "nncourse.widgets.playground",
    "nncourse.plots_xor",
    "nncourse.xor",
]


def test_student_modules_import_without_the_answer_key():
    done = run_without_key(
        f"""
        import importlib
        for name in {STUDENT_MODULES!r}:
            importlib.import_module(name)
        assert not [m for m in sys.modules if m.startswith("nncourse.key")]
        print("ok")
        """
    )
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr


def test_visible_checks_judge_honest_answers_without_the_answer_key():
    done = run_without_key(
        """
        import numpy as np
        from nncourse.check import unit01

        def xor_features(X):
            X = np.asarray(X, dtype=float)
            return np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])

        def xor_weights():
            return np.array([1.0, 1.0, -2.0]), -0.5

        def collapse(params):
            W = np.eye(np.asarray(params[0][0]).shape[1])
            b = np.zeros(W.shape[0])
            for W_l, b_l in params:
                W, b = np.asarray(W_l) @ W, np.asarray(W_l) @ b + np.asarray(b_l)
            return W, b

        def linear_separator(X, y):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(1000):
                mistakes = 0
                for x_i, y_i in zip(X, y):
                    if y_i * (x_i @ w + b) <= 0:
                        w, b, mistakes = w + y_i * x_i, b + y_i, mistakes + 1
                if mistakes == 0:
                    return w, b
            return None

        for report in (
            unit01.xor_features(xor_features, xor_weights),
            unit01.linear_collapse(collapse),
            unit01.separable(linear_separator),
        ):
            assert report.passed, report
        hidden = unit01.separable(linear_separator, seed=1)
        assert not hidden.passed and "answer key" in hidden.results[0].message
        print("ok")
        """
    )
    assert done.returncode == 0 and "ok" in done.stdout, done.stdout + done.stderr
