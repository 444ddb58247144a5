"""Bad output from a student's unit 05 function becomes a clear result, never a traceback."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nncourse.check import unit05

pytestmark = pytest.mark.unit05

EXERCISES = {
    "jensen": (unit05.jensen, 5),
    "permute_hidden": (unit05.permute_hidden, 3),
    "count_equivalent": (unit05.count_equivalent, 1),
    "average_permutations": (unit05.average_permutations, 2),
    "hessian": (unit05.hessian, 3),
    "classify": (unit05.classify, 2),
}


def _taking(n_args, body):
    if n_args == 1:
        return lambda a: body()
    if n_args == 2:
        return lambda a, b=0: body()
    if n_args == 3:
        return lambda a, b, c=0: body()
    return lambda f, center, radius=1.0, n_segments=200, seed=0: body()


def _stub():
    raise NotImplementedError()


def _boom():
    raise ZeroDivisionError("division by zero")


def _forever():
    while True:
        time.sleep(0.01)


def _clean(report):
    assert not report.passed
    assert report.points(1) == 0.0
    assert "Traceback" not in repr(report) and "Traceback" not in report._repr_html_()


@pytest.mark.parametrize("name", sorted(EXERCISES))
@pytest.mark.parametrize(
    "body, words",
    [
        (lambda: None, ""),
        (lambda: [1.0, 2.0], ""),
        (lambda: np.full((2, 2), np.nan), ""),
        (lambda: "a string", ""),
        (_boom, "ZeroDivisionError"),
    ],
)
def test_bad_results_are_reported_in_words(name, body, words):
    exercise, n_args = EXERCISES[name]
    report = exercise(_taking(n_args, body))
    _clean(report)
    text = " ".join(r.message + r.got + r.hint for r in report.results)
    assert text.strip()
    assert words in text


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_stub_is_not_attempted(name):
    exercise, n_args = EXERCISES[name]
    report = exercise(_taking(n_args, _stub))
    assert all(r.status == "not attempted" for r in report.results)
    assert report.points(1) == 0.0


@pytest.mark.parametrize("name", ["count_equivalent", "hessian"])
def test_endless_loop_times_out(name):
    exercise, n_args = EXERCISES[name]
    report = exercise(_taking(n_args, _forever), timeout=0.3)
    assert report.results[0].status == "timeout"
    assert report.points(1) == 0.0


def test_printing_keeps_full_marks(capsys):
    from nncourse.key.symmetry import count_equivalent

    def chatty(ks):
        print("counting", ks)
        return count_equivalent(ks)

    assert unit05.count_equivalent(chatty).points(1) == 1.0


def test_nan_hessian_is_named():
    report = unit05.hessian(lambda f, w, h=1e-4: np.full((w.size, w.size), np.nan))
    assert "NaN" in report.results[0].message
