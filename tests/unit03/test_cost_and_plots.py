"""The cost demo's counting and timing helpers, and the unit 03 figures."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from nncourse import backprop_cost, plots_backprop

pytestmark = pytest.mark.unit03


def test_multiply_adds_of_the_digit_network():
    counts = backprop_cost.multiply_adds([784, 256, 256, 10], 64)
    assert counts["forward"] == 64 * (784 * 256 + 256 * 256 + 256 * 10)
    assert counts["backward"] == 2 * counts["forward"] - 64 * 784 * 256
    assert counts["ratio"] == pytest.approx(1.2533, abs=1e-4)
    assert backprop_cost.multiply_adds([784, 256, 256, 10], 64, input_grad=True)["ratio"] == 2.0


def test_equal_layers_give_two_minus_one_over_depth():
    for depth in (1, 2, 4):
        ratio = backprop_cost.multiply_adds([32] * (depth + 1), 8)["ratio"]
        assert ratio == pytest.approx((2 * depth - 1) / depth)


def test_time_passes_and_scaling_return_positive_times():
    rng = np.random.default_rng(0)
    times = backprop_cost.time_passes([6, 5, 3], 4, rng, repeats=2)
    assert set(times) == {"forward", "backward", "backward_to_input"}
    assert all(t > 0 for t in times.values())
    out = backprop_cost.scaling([[4, 4, 2], [4, 8, 2]], 3, rng, repeats=1)
    assert out.shape == (2,) and np.all(out > 0)


def test_plots_return_figures():
    import matplotlib.pyplot as plt

    fig = plots_backprop.plot_pass_times(
        {"forward": 1e-3, "backward": 1.3e-3, "backward_to_input": 2e-3},
        {"backward": 1.25, "backward_to_input": 2.0},
    )
    assert isinstance(fig, Figure)
    fig2 = plots_backprop.plot_cost_scaling(
        np.arange(1, 4),
        np.array([1e-3, 2e-3, 3e-3]),
        np.array([8, 16, 32]),
        np.array([1e-4, 4e-4, 1.6e-3]),
    )
    assert isinstance(fig2, Figure) and len(fig2.axes) == 2
    plt.close("all")
