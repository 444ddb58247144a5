"""Unit 01 (issue 10): points only for working code, part-by-part credit, inputs left alone,
and hints that name a cause only when the result shows it."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import EXERCISES, unit01
from nncourse.key import feature_maps as fm
from nncourse.key import linear_collapse as lc
from nncourse.key import separability as sep
from nncourse.key import threshold as th

pytestmark = pytest.mark.unit01

SEEDS = (None, 7)


def lp_answer(X, y):
    found = sep.separate(X, y)
    return (found.w, found.b) if found.separable else None


def result(report, name):
    matches = [r for r in report.results if r.name == name]
    assert matches, f"no check named {name!r}"
    return matches[0]


def stub(*_args):
    raise NotImplementedError()


# ------------------------------------------------------------------ no points without code
@pytest.mark.parametrize("seed", SEEDS)
def test_never_separable_scores_zero(seed):
    report = unit01.separable(lambda X, y: None, seed=seed)
    assert result(report, "XOR is not separable").passed
    assert report.earned_points == 0
    assert "counts once" in report.note(result(report, "XOR is not separable"))


@pytest.mark.parametrize("seed", SEEDS)
def test_an_xor_net_wrong_on_three_rows_scores_zero(seed):
    wrong = lambda: [  # noqa: E731 - OR and AND hidden units, output = AND: wrong on 3 rows
        (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-1.0, -2.0])),
        (np.array([[1.0, 1.0]]), np.array([-2.0])),
    ]
    report = unit01.threshold_xor(wrong, seed=seed)
    assert "wrong on 3 of 4 rows" in result(report, "y = XOR on all 4 rows").message
    assert result(report, "the hidden units are OR and AND").passed
    assert report.earned_points == 0


@pytest.mark.parametrize("ex_id", ["01.threshold_xor", "01.sign_xor", "01.mcculloch_pitts"])
def test_right_shapes_filled_with_zeros_score_zero(ex_id):
    ref = {"01.threshold_xor": th.xor_step_params, "01.sign_xor": th.xor_sign_params}
    if ex_id == "01.mcculloch_pitts":
        answer = lambda: (np.zeros(3), 0.0)  # noqa: E731
    else:
        answer = lambda: [(np.zeros_like(W), np.zeros_like(b)) for W, b in ref[ex_id]()]  # noqa: E731
    report = EXERCISES[ex_id](answer, seed=7)
    assert report.results[0].passed and report.earned_points == 0


def test_universal_constant_network_scores_zero():
    def zero_net(X, t):
        X = np.asarray(X)
        return [(np.zeros((1, X.shape[1])), np.zeros(1)), (np.zeros((1, 1)), np.zeros(1))]

    report = unit01.universal(zero_net, seed=7)
    assert result(report, "always 0 (D = 3)").passed
    assert report.earned_points == 0


def test_classic_sets_are_drawn_from_the_seed():
    ex = EXERCISES["01.separable"]
    for name in ("AND is separable", "XOR is not separable", "3-bit parity is not separable"):
        one, two = (next(c for c in ex.build_cases(s) if c.name == name) for s in (1, 2))
        assert not np.allclose(one.args[0], two.args[0]), name
        assert not np.allclose(one.args[0], np.round(one.args[0])), name  # not the corners


@pytest.mark.parametrize("seed", [1, 2, 3, 901_001])
def test_the_perceptron_still_passes_the_drawn_classics(seed):
    report = unit01.separable(lambda X, y: sep.perceptron(X, y, 1000), seed=seed)
    assert report.passed, report


# ------------------------------------------------------------------ part-by-part credit
def test_xor_features_is_credited_while_xor_weights_is_a_stub():
    def xor_weights():
        raise NotImplementedError()

    report = unit01.xor_features(fm.xor_features, xor_weights)
    assert report.attempted
    weights = result(report, "the weights classify XOR through psi")
    assert weights.status == "not attempted" and "`xor_weights` still raises" in weights.message
    others = [r for r in report.results if r is not weights]
    assert others and all(r.passed and report.counts(r) for r in others)
    assert 0 < report.earned_points < sum(r.points for r in report.results)
    assert "still to write: `xor_weights`" in report.summary()


def test_weights_through_psi_count_only_with_a_working_psi():
    def xor_features(X):
        raise NotImplementedError()

    report = unit01.xor_features(xor_features, fm.xor_feature_weights)
    assert result(report, "the weights classify XOR through psi").passed
    assert report.earned_points == 0
    assert "still to write: `xor_features`" in report.summary()


# ------------------------------------------------------------------ inputs left alone
def test_separable_relabelling_y_in_place_is_caught():
    def relabels(X, y):
        answer = lp_answer(X, y)
        y[:] = np.where(y > 0, 1.0, 0.0)  # bug: turns the caller's labels into 0/1
        return answer

    report = unit01.separable(relabels)
    bad = result(report, "leaves X and y unchanged")
    assert not bad.passed and "changed its argument y in place" in bad.message
    assert "copy" in bad.hint
    assert result(report, "random separable set in 5-D").passed


def test_universal_and_collapse_and_psi_mutating_their_inputs_are_caught():
    def universal(X, t):
        out = th.universal_params(X.copy(), t.copy())
        t[:] = 0.0
        return out

    bad = result(unit01.universal(universal), "leaves X and t unchanged")
    assert not bad.passed and "argument t in place" in bad.message

    def collapse(params):
        out = lc.collapse_linear(params)
        params[0][1][:] = 0.0
        return out

    bad = result(unit01.linear_collapse(collapse), "leaves params unchanged")
    assert not bad.passed and "argument params in place" in bad.message

    def psi(X):
        out = fm.xor_features(X)
        X[:, 0] = 0.0
        return out

    bad = result(unit01.xor_features(psi, fm.xor_feature_weights), "leaves X unchanged")
    assert not bad.passed and "argument X in place" in bad.message


# ------------------------------------------------------------------ hints from evidence
def test_separator_hints_name_a_cause_only_when_it_shows():
    def zero_bias(X, y):  # a bias that is never learned
        return np.ones(X.shape[1]), 0.0

    bad = result(unit01.separable(zero_bias), "only one class (around the origin: needs the bias)")
    assert not bad.passed and "b is exactly 0" in bad.hint and "boundary" not in bad.hint

    def shifted(X, y):  # a nonzero bias, far off: no point on the boundary, b is not 0
        found = lp_answer(X, y)
        return None if found is None else (found[0], found[1] + 100.0)

    bad = result(unit01.separable(shifted), "random separable set in 2-D")
    assert not bad.passed
    assert "boundary" not in bad.hint and "exactly 0" not in bad.hint


def test_collapse_hints_name_the_order_only_for_the_reversed_product():
    def doubled(params):
        W, b = lc.collapse_linear(params)
        return 2 * W, b

    bad = result(unit01.linear_collapse(doubled), "square layers: the order of the product matters")
    assert "W'" in bad.message and "last layer is on the left" not in bad.hint
    assert not bad.mistake

    def summed(params):
        W, _ = lc.collapse_linear(params)
        return W, sum(np.asarray(b, float) for _, b in params)

    bad = result(unit01.linear_collapse(summed), "square layers: the order of the product matters")
    assert "added up without the weights" in bad.message and "each bias" in bad.hint


def test_mcculloch_pitts_hint_names_a_wrong_sign_only_when_there_is_one():
    bad = only_failure_of(unit01.mcculloch_pitts(lambda: ([2, 4, 1], -2)))
    assert "w3 should be negative" in bad.hint and "w1" not in bad.hint
    bad = only_failure_of(unit01.mcculloch_pitts(lambda: ([1, 1, -1], 2)))  # fires everywhere
    assert "signs are right" in bad.hint and "should be" not in bad.hint


def only_failure_of(report):
    failures = report.failures()
    assert failures, report
    return failures[0]
