"""Every unit 01 checker turns bad student output into a clear message, never a traceback:
None, a string, NaN, an exception, an endless loop, and the unedited stub."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nncourse.check import EXERCISES, unit01
from nncourse.key import feature_maps as fm
from nncourse.key import linear_collapse as lc
from nncourse.key import separability as sep
from nncourse.key import threshold as th

pytestmark = pytest.mark.unit01


def _lp(X, y):
    found = sep.separate(X, y)
    return (found.w, found.b) if found.separable else None


REFERENCE = {
    "01.separable": (_lp,),
    "01.xor_features": (fm.xor_features, fm.xor_feature_weights),
    "01.threshold_xor": (th.xor_step_params,),
    "01.sign_xor": (th.xor_sign_params,),
    "01.mcculloch_pitts": (th.mcculloch_pitts_weights,),
    "01.universal": (th.universal_params,),
    "01.linear_collapse": (lc.collapse_linear,),
}
CHECKERS = {
    "01.separable": unit01.separable,
    "01.xor_features": unit01.xor_features,
    "01.threshold_xor": unit01.threshold_xor,
    "01.sign_xor": unit01.sign_xor,
    "01.mcculloch_pitts": unit01.mcculloch_pitts,
    "01.universal": unit01.universal,
    "01.linear_collapse": unit01.linear_collapse,
}
IDS = sorted(REFERENCE)


def _nan_like(value):
    if isinstance(value, np.ndarray):
        return np.full(value.shape, np.nan)
    if isinstance(value, float | int):
        return float("nan")
    if isinstance(value, list | tuple):
        return type(value)(_nan_like(v) for v in value)
    return value


def _wrapped(ex_id, transform):
    return tuple(lambda *a, f=f: transform(f, *a) for f in REFERENCE[ex_id])


def test_every_unit01_exercise_is_covered_here():
    assert sorted(k for k in EXERCISES if k.startswith("01.")) == IDS


@pytest.mark.parametrize("ex_id", IDS)
def test_reference_passes(ex_id):
    report = CHECKERS[ex_id](*REFERENCE[ex_id])
    assert report.passed, report


@pytest.mark.parametrize("ex_id", IDS)
def test_none_is_reported_in_words(ex_id):
    report = CHECKERS[ex_id](*_wrapped(ex_id, lambda f, *a: None))
    assert not report.passed
    text = " ".join(r.message + " " + r.hint for r in report.failures())
    assert "None" in text or "return" in text


@pytest.mark.parametrize("ex_id", IDS)
def test_a_string_is_reported_in_words(ex_id):
    report = CHECKERS[ex_id](*_wrapped(ex_id, lambda f, *a: "weights"))
    assert not report.passed
    assert all(r.status == "fail" for r in report.failures())
    for r in report.failures():
        assert "'weights'" in r.got, r.describe()  # what came back is shown as it is


@pytest.mark.parametrize("ex_id", IDS)
def test_nan_values_are_named(ex_id):
    report = CHECKERS[ex_id](*_wrapped(ex_id, lambda f, *a: _nan_like(f(*a))))
    assert not report.passed
    assert any("NaN" in r.message for r in report.failures()), report


@pytest.mark.parametrize("ex_id", IDS)
def test_an_exception_is_an_error_result(ex_id):
    def boom(f, *a):
        raise ZeroDivisionError("division by zero")

    report = CHECKERS[ex_id](*_wrapped(ex_id, boom))
    assert report.results and all(r.status == "error" for r in report.results)
    assert "the call raised ZeroDivisionError" in report.results[0].message


@pytest.mark.parametrize("ex_id", IDS)
def test_an_endless_loop_times_out(ex_id):
    def spin(f, *a):
        while True:
            pass

    report = CHECKERS[ex_id](*_wrapped(ex_id, spin), timeout=0.2)
    assert report.results[0].status == "timeout"
    assert "did not finish within 0.2 s" in report.results[0].message


@pytest.mark.parametrize("ex_id", IDS)
def test_the_stub_is_not_attempted(ex_id):
    def stub(f, *a):
        raise NotImplementedError()

    report = CHECKERS[ex_id](*_wrapped(ex_id, stub))
    assert not report.attempted and "not attempted" in report.summary()
    assert EXERCISES[ex_id].grade_id == "test_" + ex_id.replace(".", "_")


@pytest.mark.parametrize("ex_id", IDS)
def test_wrong_number_of_functions_is_explained(ex_id):
    report = CHECKERS[ex_id](*REFERENCE[ex_id], REFERENCE[ex_id][0])
    assert report.results[0].status == "error" and "takes" in report.results[0].message


@pytest.mark.parametrize("ex_id", IDS)
def test_mutating_inputs_cannot_change_the_verdict(ex_id):
    def vandal(f, *a):
        out = copy.deepcopy(f(*a))
        for arg in a:
            if isinstance(arg, np.ndarray):
                arg[...] = 0.0
        return out

    report = CHECKERS[ex_id](*_wrapped(ex_id, vandal))
    # The vandal's own verdicts stand (each call gets fresh inputs); only the check that
    # looks at the caller's arrays after the call fails, and it names the argument.
    failing = report.failures()
    assert all(r.name.startswith("leaves ") for r in failing), report
    assert all("in place" in r.message for r in failing), report
