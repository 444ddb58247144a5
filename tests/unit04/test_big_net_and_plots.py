"""The 784-256-256-10 directional check: fast per tensor, catches every injected bug; figures."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from nncourse import gradcheck_demo, plots_gradcheck
from nncourse.key import buggy_grads, gradcheck

pytestmark = pytest.mark.unit04


@pytest.fixture(scope="module")
def audit():
    return buggy_grads.audit(sizes=(784, 256, 256, 10), batch=64, seed=0)


def test_every_injected_bug_is_caught_and_named(audit):
    rows, _ = audit
    assert len(rows) == len(buggy_grads.AUDIT_BUGS)
    assert rows[0].expected == [] and rows[0].flagged == []
    for row in rows:
        assert row.flagged == row.expected, row.bugs
    by_bug = {row.bugs: row.flagged for row in rows}
    assert by_bug["weight gradient transposed (H^T dZ instead of dZ^T H) in layer 2"] == ["W2"]
    assert by_bug["bias gradient summed over the batch, not divided by N in layer 1"] == ["b1"]


def test_correct_gradient_errors_are_far_below_the_tolerance(audit):
    rows, _ = audit
    assert max(rows[0].errors.values()) < gradcheck.GRADCHECK_TOL / 100


def test_directional_check_times_every_tensor(audit):
    """The timings themselves are reported by benchmarks/mlp_step.py, not asserted here."""
    _, seconds = audit
    assert list(seconds) == gradcheck.tensor_names(3)
    assert all(s > 0 for s in seconds.values())


def test_other_seeds_and_tanh_are_caught_too():
    rows, _ = buggy_grads.audit(sizes=(50, 20, 20, 5), batch=16, seed=3, activation="tanh")
    assert all(row.flagged == row.expected for row in rows)


def test_plot_error_vs_h_has_one_panel_per_precision():
    hs = np.logspace(-16, 0, 17)
    ng = gradcheck.numerical_gradient
    curves = [
        gradcheck_demo.error_curve(ng, np.exp, np.exp, 0.5, hs, t) for t in (np.float64, np.float32)
    ]
    fig = plots_gradcheck.plot_error_vs_h(curves)
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert [ax.get_title() for ax in axes] == ["f evaluated in float64", "f evaluated in float32"]
    labels = {line.get_label() for line in axes[0].get_lines()}
    assert {"one-sided", "two-sided", "slope 1 (h)", "slope 2 (h^2)"} <= labels


def test_plot_tensor_errors_marks_shape_errors():
    rows = {"ok": {"W1": 1e-10, "b1": 1e-11}, "bug": {"W1": float("inf"), "b1": 0.3}}
    fig = plots_gradcheck.plot_tensor_errors(rows)
    texts = [t.get_text() for t in fig.get_axes()[0].texts]
    assert texts == ["1e-10", "1e-11", "shape", "3e-01"]


def test_plot_tensor_errors_leaves_missing_tensors_blank():
    rows = {
        "deep": {"W1": 1e-10, "b1": 1e-11, "W2": 0.5, "b2": 1e-9},
        "flat": {"W1": 1e-9, "b1": 0.2},
    }
    fig = plots_gradcheck.plot_tensor_errors(rows)
    texts = [t.get_text() for t in fig.get_axes()[0].texts]
    assert texts == ["1e-10", "1e-11", "5e-01", "1e-09", "1e-09", "2e-01"]
