"""Unit 05 and issue 10: replayed evidence, caller's arrays, constants and built properties."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nncourse.check import unit05
from nncourse.check.unit05.classify import _hessian, _spread_last_axis
from nncourse.key import convexity as C
from nncourse.key import symmetry as S

pytestmark = pytest.mark.unit05

HIDDEN = 20_261_128


def _lost(report) -> dict:
    return {r.name: r.message for r in report.results if not report.counts(r)}


def test_jensen_segment_from_another_center_is_refused():
    """Evidence replayed from the visible checks lies around another center: refused."""

    def shifted(f, center, radius=1.0, n_segments=200, seed=0):
        found = C.find_jensen_violation(f, center, radius, n_segments, seed)
        if found is None:
            return None
        a, b, t = found
        return a + 3.0 * radius, b + 3.0 * radius, t

    report = unit05.jensen(shifted, seed=HIDDEN, quiet=True)
    assert report.earned_points == 0
    assert any("leaves the cube center +/- radius" in r.message for r in report.results)


def test_jensen_evidence_as_lists_keeps_every_point():
    def listed(f, center, radius=1.0, n_segments=200, seed=0):
        found = C.find_jensen_violation(f, center, radius, n_segments, seed)
        return None if found is None else (found[0].tolist(), list(found[1]), np.array(found[2]))

    assert unit05.jensen(listed, seed=HIDDEN, quiet=True).score == 1.0


def test_jensen_that_moves_center_loses_only_the_unchanged_case():
    def moves(f, center, radius=1.0, n_segments=200, seed=0):
        found = C.find_jensen_violation(f, center.copy(), radius, n_segments, seed)
        center += 0.5
        return found

    report = unit05.jensen(moves, seed=HIDDEN, quiet=True)
    assert set(_lost(report)) == {"leaves the caller's center unchanged"}
    assert "changed the caller's center" in _lost(report)["leaves the caller's center unchanged"]


def test_classify_that_writes_into_w_loses_only_the_unchanged_case():
    def writes(f, w):
        label = C.classify_critical_point(f, w.copy())
        w[0] = 99.0
        return label

    report = unit05.classify(writes, seed=HIDDEN, quiet=True)
    assert set(_lost(report)) == {"leaves the caller's w unchanged"}


@pytest.mark.parametrize("label", ["minimum", "maximum", "saddle", "degenerate", "not critical"])
def test_classify_constant_earns_nothing_even_where_w_is_unchanged(label):
    report = unit05.classify(lambda f, w: label, seed=HIDDEN, quiet=True)
    assert report.earned_points == 0


@pytest.mark.parametrize("seed", range(40))
def test_saddle_with_positive_diagonal_is_built_every_time(seed):
    rng = np.random.default_rng(seed)
    s = np.array([rng.uniform(1.0, 1.5), rng.uniform(1.0, 1.5), rng.uniform(0.05, 0.1)])
    Q = _spread_last_axis(rng, 3)
    assert np.allclose(Q.T @ Q, np.eye(3))
    assert np.all(np.diag(_hessian(Q, s, np.sqrt(s) * [1, 1, -1])) > 0.05)


@pytest.mark.parametrize("seed", [None, 1, 2, 3, HIDDEN])
def test_count_constants_earn_nothing_on_any_case(seed):
    for k in range(1, 21):
        value = math.factorial(k)
        report = unit05.count_equivalent(lambda ks, v=value: v, seed=seed, quiet=True)
        assert report.earned_points == 0, (k, seed)


def test_param_lists_of_lists_keep_every_point_and_wrong_lists_do_not():
    def listed(params, perm, layer):
        return [[W.tolist(), tuple(b)] for W, b in S.permute_hidden(params, perm, layer)]

    assert unit05.permute_hidden(listed, seed=HIDDEN, quiet=True).score == 1.0

    def wrong(params, perm, layer):
        return [[W.tolist(), b.tolist()] for W, b in params]

    report = unit05.permute_hidden(wrong, seed=HIDDEN, quiet=True)
    assert report.earned_points == 0
    assert any("not permuted" in r.message for r in report.results)
