"""Unit 05's checkers: the reference passes, each typical bug fails with the right words, trivial
answers score 0, and honest variants keep every point."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nncourse.check import unit05
from nncourse.key import convexity as C
from nncourse.key import symmetry as S

pytestmark = pytest.mark.unit05

SEEDS = (0, 1, 905_001)


def _failure_text(report) -> str:
    return " | ".join(
        " ".join((r.message, r.hint, r.mistake if hasattr(r, "mistake") else ""))
        for r in report.results
        if not r.passed
    )


REFERENCES = {
    "jensen": (unit05.jensen, C.find_jensen_violation),
    "permute_hidden": (unit05.permute_hidden, S.permute_hidden),
    "count_equivalent": (unit05.count_equivalent, S.count_equivalent),
    "average_permutations": (unit05.average_permutations, S.average_permutations),
    "hessian": (unit05.hessian, C.fd_hessian),
    "classify": (unit05.classify, C.classify_critical_point),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("seed", SEEDS)
def test_reference_scores_full_marks(name, seed):
    exercise, ref = REFERENCES[name]
    report = exercise(ref, seed=seed)
    assert report.points(1.0) == 1.0, report


# ------------------------------------------------------------------------- 05.jensen


def _jensen(compare="above", tol=True, ts=(0.25, 0.5, 0.75), swap=False, answer=None):
    def tester(f, center, radius=1.0, n_segments=200, seed=0):
        if answer is not None:
            return answer(center)
        rng = np.random.default_rng(seed)
        for _ in range(n_segments):
            a = center + rng.uniform(-radius, radius, center.shape)
            b = center + rng.uniform(-radius, radius, center.shape)
            for t in ts:
                chord = t * f(a) + (1 - t) * f(b)
                gap = f(t * a + (1 - t) * b) - chord
                limit = 1e-9 * (1 + abs(chord)) if tol else 0.0
                if (gap > limit) if compare == "above" else (gap < -limit):
                    return (a, b, 1 - t) if swap else (a, b, t)
        return None

    return tester


def test_jensen_midpoint_only_is_honest():
    assert unit05.jensen(_jensen(ts=(0.5,))).points(1) == 1.0


@pytest.mark.parametrize(
    "bug, words",
    [
        (dict(answer=lambda c: None), "no violation was found"),
        (dict(answer=lambda c: (c - 0.5, c + 0.5, 0.5)), "which is convex"),
        (dict(compare="below"), "below its chord"),
        (dict(tol=False), "round-off"),
        (dict(swap=True), "swapped"),
    ],
)
def test_jensen_bugs_fail_with_words(bug, words):
    for seed in SEEDS:
        report = unit05.jensen(_jensen(**bug), seed=seed)
        assert report.points(1) < 1, report
        assert words in _failure_text(report), _failure_text(report)


@pytest.mark.parametrize("answer", [lambda c: None, lambda c: (c, c, 0.5), lambda c: 0])
def test_jensen_trivial_answers_score_zero(answer):
    for seed in SEEDS:
        assert unit05.jensen(_jensen(answer=answer), seed=seed).points(1) == 0.0


# -------------------------------------------------------------------- 05.permute_hidden


def _permute(variant):
    def fn(params, perm, layer=0):
        perm = np.asarray(perm)
        out = [(np.array(W), np.array(b)) for W, b in params]
        W, b = out[layer]
        Wn, bn = out[layer + 1]
        if variant == "inverse":
            perm = np.argsort(perm)
        if variant == "columns":
            out[layer] = (W[:, perm] if W.shape[1] == len(perm) else W, b[perm])
        elif variant == "no_bias":
            out[layer] = (W[perm], b)
        else:
            out[layer] = (W[perm], b[perm])
        if variant == "next_rows":
            out[layer + 1] = (Wn[perm] if Wn.shape[0] == len(perm) else Wn, bn)
        elif variant != "no_next":
            out[layer + 1] = (Wn[:, perm], bn)
        if variant == "in_place":
            params[layer][0][:] = W[perm]
        if variant == "float32":
            out = [(W.astype(np.float32), b.astype(np.float32)) for W, b in out]
        return out

    return fn


@pytest.mark.parametrize(
    "variant, words",
    [
        ("inverse", "inverse permutation"),
        ("columns", "columns permuted instead of rows"),
        ("no_bias", "b1 is wrong: not permuted"),
        ("next_rows", "rows permuted instead of columns"),
        ("no_next", "outputs changed"),
        ("in_place", "in place"),
    ],
)
def test_permute_bugs_fail_with_words(variant, words):
    report = unit05.permute_hidden(_permute(variant))
    assert report.points(1) < 1
    assert words in _failure_text(report), _failure_text(report)


def test_permute_float32_keeps_full_marks():
    assert unit05.permute_hidden(_permute("float32")).points(1) == 1.0


@pytest.mark.parametrize(
    "fn",
    [
        lambda p, perm, layer=0: p,
        lambda p, perm, layer=0: None,
        lambda p, perm, layer=0: [(np.zeros_like(W), np.zeros_like(b)) for W, b in p],
    ],
)
def test_permute_trivial_answers_score_zero(fn):
    for seed in SEEDS:
        assert unit05.permute_hidden(fn, seed=seed).points(1) == 0.0


# ------------------------------------------------------------------ 05.count_equivalent


@pytest.mark.parametrize(
    "fn, words",
    [
        (lambda ks: sum(math.factorial(k) for k in ks), "added, not multiplied"),
        (lambda ks: math.prod(float(math.factorial(k)) for k in ks), "float"),
        (lambda ks: int(np.prod([math.factorial(k) for k in ks], dtype=np.int64)), "overflow"),
        (lambda ks: math.factorial(ks[0]), "only the first layer"),
        (lambda ks: None, "Python int"),
    ],
)
def test_count_bugs_fail_with_words(fn, words):
    report = unit05.count_equivalent(fn)
    assert report.points(1) < 1
    assert words in _failure_text(report), _failure_text(report)


@pytest.mark.parametrize("fn", [lambda ks: 1, lambda ks: 0, lambda ks: math.factorial(5)])
def test_count_constants_score_zero(fn):
    assert unit05.count_equivalent(fn).points(1) == 0.0


def test_count_numpy_int_is_accepted():
    def fn(ks):
        return (
            np.int64(S.count_equivalent(ks))
            if S.count_equivalent(ks) < 2**62
            else S.count_equivalent(ks)
        )

    assert unit05.count_equivalent(fn).points(1) == 1.0


# -------------------------------------------------------------- 05.average_permutations


def _average(variant):
    def fn(params, layer=0):
        out = [(np.array(W), np.array(b)) for W, b in params]
        W, b = out[layer]
        Wn, bn = out[layer + 1]
        row = W.sum(axis=0) if variant == "sum" else W.mean(axis=0)
        out[layer] = (np.tile(row, (W.shape[0], 1)), np.full(b.shape, b.mean()))
        if variant == "next_axis0":
            out[layer + 1] = (np.tile(Wn.mean(axis=0), (Wn.shape[0], 1)), bn)
        else:
            col = Wn.mean(axis=1, keepdims=True)
            out[layer + 1] = (np.tile(col, (1, Wn.shape[1])), bn)
        if variant == "next_bias":
            out[layer + 1] = (out[layer + 1][0], np.full(bn.shape, bn.mean()))
        if variant == "no_bias":
            out[layer] = (out[layer][0], b)
        return out

    return fn


@pytest.mark.parametrize(
    "variant, words",
    [
        ("sum", "summed instead of averaged"),
        ("next_axis0", "instead of the mean column"),
        ("next_bias", "belongs to no unit"),
        ("no_bias", "not averaged"),
    ],
)
def test_average_bugs_fail_with_words(variant, words):
    report = unit05.average_permutations(_average(variant))
    assert report.points(1) < 1
    assert words in _failure_text(report), _failure_text(report)


def test_average_by_looping_over_all_permutations_times_out():
    import itertools

    def brute(params, layer=0):
        k = len(params[layer][1])
        total = None
        for perm in itertools.permutations(range(k)):
            p = S.permute_hidden(params, list(perm), layer)
            total = p if total is None else [(W + W2, b + b2) for (W, b), (W2, b2) in zip(total, p)]
        count = math.factorial(k)
        return [(W / count, b / count) for W, b in total]

    report = unit05.average_permutations(brute, timeout=1.0)
    assert report.points(1) < 1
    assert any(r.status == "timeout" for r in report.results), report


@pytest.mark.parametrize("fn", [lambda p, layer=0: p, lambda p, layer=0: None])
def test_average_trivial_answers_score_zero(fn):
    assert unit05.average_permutations(fn).points(1) == 0.0


# ------------------------------------------------------------------------ 05.hessian


def _hessian(variant):
    def fn(f, w, h=1e-4):
        n = w.size
        E = np.eye(n) * h
        H = np.zeros((n, n))
        for i in range(n):
            for j in range(n):
                if variant == "one_sided":
                    H[i, j] = (f(w + E[i] + E[j]) - f(w + E[i]) - f(w + E[j]) + f(w)) / h**2
                else:
                    den = 2 * h * h if variant == "two_h2" else 4 * h * h
                    H[i, j] = (
                        f(w + E[i] + E[j])
                        - f(w + E[i] - E[j])
                        - f(w - E[i] + E[j])
                        + f(w - E[i] - E[j])
                    ) / den
        if variant == "diag":
            H = np.diag(np.diag(H))
        if variant == "in_place":
            w[0] += 1.0
        if variant == "float32":
            H = H.astype(np.float32)
        return H

    return fn


@pytest.mark.parametrize(
    "variant, words",
    [
        ("one_sided", "one-sided"),
        ("two_h2", "4 h^2"),
        ("diag", "only the diagonal"),
        ("in_place", "changed its input"),
    ],
)
def test_hessian_bugs_fail_with_words(variant, words):
    report = unit05.hessian(_hessian(variant))
    assert report.points(1) < 1
    assert words in _failure_text(report), _failure_text(report)


def test_hessian_float32_result_keeps_full_marks():
    assert unit05.hessian(_hessian("float32")).points(1) == 1.0


@pytest.mark.parametrize(
    "fn",
    [
        lambda f, w, h=1e-4: np.zeros((w.size, w.size)),
        lambda f, w, h=1e-4: np.eye(w.size),
        lambda f, w, h=1e-4: w,
    ],
)
def test_hessian_trivial_answers_score_zero(fn):
    assert unit05.hessian(fn).points(1) == 0.0


# ----------------------------------------------------------------------- 05.classify


def _classify(variant):
    def fn(f, w):
        w = np.asarray(w, dtype=float)
        grad = np.array([(f(w + e) - f(w - e)) / 2e-6 for e in np.eye(w.size) * 1e-6])
        if variant != "no_grad" and np.linalg.norm(grad) > 1e-5:
            return "not critical"
        H = C.fd_hessian(f, w)
        eig = np.diag(H) if variant == "diag" else np.linalg.eigvalsh(H)
        tol = 0.0 if variant == "no_tol" else 1e-4
        pos, neg = np.any(eig > tol), np.any(eig < -tol)
        if pos and neg:
            return "saddle"
        if variant == "det":
            return (
                "minimum"
                if np.linalg.det(H) > 0 and np.trace(H) > 0
                else ("maximum" if np.linalg.det(H) < 0 else "saddle")
            )
        if np.all(np.abs(eig) > tol):
            return "minimum" if pos else "maximum"
        return "degenerate"

    return fn


@pytest.mark.parametrize(
    "variant, words",
    [
        ("no_grad", "check the gradient first"),
        ("diag", "not at the diagonal"),
        ("no_tol", "within 1e-4 of zero"),
    ],
)
def test_classify_bugs_fail_with_words(variant, words):
    report = unit05.classify(_classify(variant))
    assert report.points(1) < 1
    assert words in _failure_text(report), _failure_text(report)


@pytest.mark.parametrize("label", ["minimum", "maximum", "saddle", "degenerate", "not critical"])
def test_classify_constant_answers_score_zero(label):
    for seed in SEEDS:
        assert unit05.classify(lambda f, w, label=label: label, seed=seed).points(1) == 0.0


def test_classify_accepts_capitals_and_spaces():
    def shouty(f, w):
        return " " + C.classify_critical_point(f, w).upper()

    assert unit05.classify(shouty).points(1) == 1.0
