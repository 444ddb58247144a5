"""Unit 02 as a book: the numbers and figures of its new sections (choosing an activation,
losses against the margin, the sawtooth net), the figures drawn from the student's own
functions, and the notebook's shape.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from nokey import run_without_key

from nncourse import deep_stacks, expressivity, plots_choices
from nncourse.key import activations as act

pytestmark = pytest.mark.unit02

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "solutions" / "02_activations.ipynb"
START, END = np.array([-3.0, -3.0]), np.array([3.0, 3.0])


def _stub(*args):
    raise NotImplementedError()


def _small(fig: Figure) -> bool:
    width, height = fig.get_size_inches()
    return width <= 9 and height <= 3.5


# ---------------------------------------------------------------- numbers


def test_sigmoid_stacks_lose_the_gradient_and_he_scaled_relu_keeps_it():
    sigmoid = deep_stacks.gradient_norms("sigmoid", depth=20, width=50)
    tanh = deep_stacks.gradient_norms("tanh", depth=20, width=50)
    he = deep_stacks.gradient_norms("relu", depth=20, width=50, gain=np.sqrt(2))
    assert sigmoid.shape == (21,) and sigmoid[-1] == pytest.approx(1.0)
    assert sigmoid[0] < 4.0**-15  # sigma' <= 1/4 at every layer
    assert sigmoid[0] < tanh[0] and 0.2 < he[0] < 5.0


def test_dead_units_appear_as_the_bias_goes_down():
    shifts = np.linspace(0.0, -6.0, 13)
    dead = deep_stacks.dead_fraction(shifts)
    assert dead.shape == (13,) and dead[0] == 0.0 and dead[-1] > 0.9
    assert np.all(np.diff(dead) >= 0)


def test_margin_losses_at_zero_and_as_bounds_of_the_0_1_loss():
    m = np.linspace(-3.0, 3.0, 61)
    losses = deep_stacks.margin_losses(m)
    assert tuple(losses) == deep_stacks.MARGIN_LOSSES
    at_zero = {name: values[30] for name, values in losses.items()}
    assert at_zero == pytest.approx(
        {"0-1": 1.0, "perceptron": 0.0, "hinge": 1.0, "logistic": 1.0, "squared": 1.0}
    )
    for name in ("hinge", "logistic", "squared"):
        assert np.all(losses[name] >= losses["0-1"] - 1e-12), name
    np.testing.assert_allclose(losses["logistic"] * np.log(2), np.log1p(np.exp(-m)))


def _relu_net(params, X):
    h = X
    for W, b in params[:-1]:
        h = np.maximum(h @ W.T + b, 0.0)
    W, b = params[-1]
    return h @ W.T + b


@pytest.mark.parametrize("depth", [1, 2, 3, 5, 7])
def test_the_sawtooth_net_has_2_to_the_depth_pieces(depth):
    params = expressivity.sawtooth_net(depth)
    assert len(params) == depth + 1 and all(W.shape[0] <= 2 for W, _ in params)
    assert expressivity.count_regions_on_line(params, START, END) == 2**depth
    x1 = np.linspace(-3.0, 3.0, 97)
    X = np.column_stack([x1, np.random.default_rng(depth).normal(size=97)])
    np.testing.assert_allclose(
        _relu_net(params, X)[:, 0], expressivity.tent_iterates((x1 + 3) / 6, depth), atol=1e-12
    )


def test_the_sawtooth_beats_one_layer_of_as_many_units():
    pieces = expressivity.pieces_by_units([4, 8, 12], seeds=2)
    assert pieces["sawtooth (layers of 2)"] == [4.0, 16.0, 64.0]
    assert all(c <= n + 1 for c, n in zip(pieces["random, one layer"], [4, 8, 12]))


# ---------------------------------------------------------------- figures


def test_the_new_figures_are_small():
    m = np.linspace(-2, 3, 11)
    shifts = np.array([0.0, -2.0])
    figures = [
        plots_choices.plot_gradient_norms({"tanh": np.ones(4)}, shifts, np.zeros(2)),
        plots_choices.plot_margin_losses(m, deep_stacks.margin_losses(m)),
        plots_choices.plot_softmax_temperatures(np.array([1.0, 0.0, -1.0]), (0.5, 1.0, 2.0)),
        plots_choices.plot_sawtooth((1, 2), [2, 4], {"a": [2.0, 4.0]}),
        plots_choices.plot_jacobian(lambda z: np.eye(len(z)), np.zeros(3), "Exercise 2.6"),
        plots_choices.plot_overflow(),
    ]
    assert all(isinstance(f, Figure) and _small(f) for f in figures)


def test_jacobian_figure_draws_the_matrix_it_is_given(capsys):
    z = np.array([2.0, 1.0, 0.1, -1.0])
    y = act.softmax(z)
    fig = plots_choices.plot_jacobian(lambda v: np.diag(y) - np.outer(y, y), z, "Exercise 2.6")
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), np.diag(y) - np.outer(y, y))
    assert capsys.readouterr().out == ""
    assert plots_choices.plot_jacobian(_stub, z, "Exercise 2.6") is None
    assert capsys.readouterr().out.strip() == "Exercise 2.6 brings this figure to life."


def test_network_figure_calls_the_forward_it_is_given_per_activation(capsys):
    calls = []

    def forward(X, params, activation):
        calls.append((np.shape(X), activation))
        return np.zeros((len(X), 1))

    fig = plots_choices.plot_network_outputs(forward, ("tanh", "relu"), "Exercise 2.9")
    assert isinstance(fig, Figure) and len(fig.axes) == 2 and _small(fig)
    assert calls == [((601, 1), "tanh"), ((601, 1), "relu")]
    assert plots_choices.plot_network_outputs(_stub, ("relu",), "Exercise 2.9") is None
    assert capsys.readouterr().out.strip() == "Exercise 2.9 brings this figure to life."


def test_new_modules_import_without_the_answer_key():
    done = run_without_key(
        """
        import nncourse.deep_stacks, nncourse.plots_choices
        assert not [m for m in sys.modules if m.startswith("nncourse.key")]
        print("ok")
        """
    )
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr


# ---------------------------------------------------------------- the notebook's shape


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


@pytest.mark.parametrize("path", [SOURCE, REPO / "notebooks" / SOURCE.name], ids=["src", "rel"])
def test_every_graded_cell_says_what_it_checks(path):
    for cell in _cells(path):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            # the release opens the cell with the points split, then the same sentence
            lines = "".join(cell["source"]).splitlines()
            said = next((line for line in lines if line.startswith("# Hidden tests: ")), "")
            assert len(said) > 40, lines


def test_no_run_of_exercises_without_a_figure_or_prose():
    """Between two answer cells there is prose; at most three exercises without a figure."""
    cells = _cells(SOURCE)
    since_figure = 0
    previous_answer = None
    for i, cell in enumerate(cells):
        src = "".join(cell["source"])
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            if previous_answer is not None:
                between = [c["cell_type"] for c in cells[previous_answer + 1 : i]]
                assert "markdown" in between, f"no prose before cell {i}"
            previous_answer = i
            since_figure += 1
            assert since_figure <= 3, f"three exercises in a row without a figure before cell {i}"
        elif cell["cell_type"] == "code" and "plot" in src:
            since_figure = 0
    last = "".join(cells[-1]["source"])
    assert "## Summary" in last and "## Questions to think about" in last
