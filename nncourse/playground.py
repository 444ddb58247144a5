"""The compute behind the decision-boundary playground: a small numpy MLP trained by mini-batch
gradient descent with its own backward pass, L1/L2 regularisation, a train/test split, and the
views the widget draws (every unit's output over the plane, the last hidden layer's view).

Everything here is plain numpy and testable without a display; ``nncourse.widgets.playground``
only wires controls to it and ``nncourse.plots_playground`` draws it. The data sets and input
features live in ``nncourse.playground_data`` (re-exported here).

The model: standardised input features -> hidden layers with the chosen unit
(``nncourse.engine.unit``) -> two linear outputs -> softmax cross-entropy against the 0/1
label, plus an optional penalty on the weights (not the biases). One ``Trainer.step()`` is one
epoch: a shuffled pass over the training points in mini-batches, each a fused ``train_step``
(forward, loss, backward and update in one call). This is a demo engine of the student edition:
its pieces take the unit's or the penalty's name first, so none of them is a drop-in answer to
an exercise (activations, softmax, losses and backprop are exercises of units 02 and 03).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from nncourse.engine import HIDDEN_UNITS, unit, unit_slope
from nncourse.playground_data import (
    DATASETS,
    EXTENT,
    FEATURES,
    feature_matrix,
    feature_names,
    hidden_sizes,
    holdout_mask,
    make_dataset,
)
from nncourse.playground_views import diagram_weights, output_view

__all__ = [
    "DATASETS", "EXTENT", "FEATURES", "REGULARIZATIONS", "Config", "Trainer", "diagram_weights",
    "feature_matrix", "feature_names", "hidden_sizes", "holdout_mask", "init_weights",
    "layer_outputs", "make_dataset", "mean_loss", "objective", "output_view", "penalty",
    "penalty_slope", "predict_proba", "sgd_epoch", "train", "train_step",
]  # fmt: skip

REGULARIZATIONS = ("none", "L1", "L2")
"""Penalties on the weights: none, rate * sum |W| (L1), rate * sum W^2 / 2 (L2)."""

Params = list[tuple[np.ndarray, np.ndarray]]


def init_weights(sizes: Sequence[int], rng: np.random.Generator, scheme: str = "xavier") -> Params:
    """Random weights for layer sizes ``[n_in, n_hidden..., n_out]``, zero biases.

    ``scheme`` "he" draws W with std sqrt(2 / n_in) (ReLU), "xavier" with sqrt(1 / n_in).
    """
    gain = 2.0 if scheme == "he" else 1.0
    return [
        (rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in)), np.zeros(n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]


def _layers(activation: str, params: Params, F: np.ndarray) -> tuple[list, list]:
    """Inputs of every layer ``[F, H1, ...]`` and pre-activations of every layer (the last
    one is the two logits)."""
    hs, zs = [F], []
    for i, (W, b) in enumerate(params):
        z = hs[-1] @ W.T + b
        zs.append(z)
        if i < len(params) - 1:
            hs.append(unit(activation, z))
    return hs, zs


def layer_outputs(activation: str, params: Params, F: np.ndarray) -> list[np.ndarray]:
    """The output of every hidden layer for a batch of features.

    Parameters
    ----------
    activation : str
    params : list of (W, b)
    F : ndarray, shape (N, n_in)

    Returns
    -------
    list of ndarray, shape (N, n_l) each, one per hidden layer (empty without hidden layers)
    """
    return _layers(activation, params, np.asarray(F, dtype=np.float64))[0][1:]


def _gap_terms(logits: np.ndarray, t: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean two-class cross-entropy from the logit gap d = z1 - z0, and P(class 1) - t.

    With two classes the softmax's P(class 1) is the logistic of d, and the loss of a point is
    log(1 + e^d) - t d (``np.logaddexp`` keeps it finite at any d).
    """
    d = logits[:, 1] - logits[:, 0]
    loss = float(np.mean(np.logaddexp(0.0, d) - t * d))
    return loss, 0.5 * (1.0 + np.tanh(0.5 * d)) - t


def mean_loss(activation: str, params: Params, F: np.ndarray, t: np.ndarray) -> float:
    """Mean softmax cross-entropy of the network on features ``F`` (N, n_in), labels ``t``."""
    return _gap_terms(_layers(activation, params, F)[1][-1], np.asarray(t, np.float64))[0]


def penalty(kind: str, rate: float, params: Params) -> float:
    """The regularisation term added to the loss: a function of the weights, not the biases.

    Parameters
    ----------
    kind : {"none", "L1", "L2"}
        L1 is ``rate * sum |W|``, L2 is ``rate * sum W**2 / 2`` over every layer's W.
    rate : float
        Strength (lambda), >= 0.
    params : list of (W, b)

    Returns
    -------
    float
    """
    if kind not in REGULARIZATIONS:
        raise ValueError(f"unknown regularisation {kind!r}; choose from {REGULARIZATIONS}")
    if kind == "none" or rate == 0:
        return 0.0
    if kind == "L1":
        return float(rate * sum(np.abs(W).sum() for W, _ in params))
    return float(0.5 * rate * sum((W * W).sum() for W, _ in params))


def penalty_slope(kind: str, rate: float, W: np.ndarray) -> np.ndarray:
    """The gradient of ``penalty`` with respect to one weight matrix; same shape as ``W``.

    L1's gradient is ``rate * sign(W)`` (0 at W = 0, a subgradient); L2's is ``rate * W``.
    """
    if kind == "L1":
        return rate * np.sign(W)
    if kind == "L2":
        return rate * W
    return np.zeros_like(W)


def objective(
    activation: str, params: Params, F: np.ndarray, t: np.ndarray, kind: str = "none", rate=0.0
) -> float:
    """What training minimises: ``mean_loss`` plus ``penalty(kind, rate, params)``."""
    return mean_loss(activation, params, F, t) + penalty(kind, rate, params)


def train_step(
    activation: str,
    params: Params,
    F: np.ndarray,
    t: np.ndarray,
    lr: float,
    kind: str = "none",
    rate: float = 0.0,
) -> float:
    """One gradient-descent update of ``params`` in place on one batch; returns the batch's
    objective (loss plus penalty) before the update.

    Parameters
    ----------
    activation : str
        Hidden unit, one of ``nncourse.engine.HIDDEN_UNITS``.
    params : list of (W, b)
        Updated in place: ``W -= lr * dJ/dW``, ``b -= lr * dJ/db`` for the objective J, the
        mean cross-entropy plus the penalty.
    F : ndarray, shape (N, n_in)
    t : ndarray of int, shape (N,), labels 0/1
    lr : float
    kind, rate : str, float
        Regularisation, as in ``penalty``.
    """
    hs, zs = _layers(activation, params, F)
    loss, gap = _gap_terms(zs[-1], np.asarray(t, np.float64))
    loss += penalty(kind, rate, params)
    delta = np.column_stack([-gap, gap]) / len(F)
    for layer in range(len(params) - 1, -1, -1):
        W, b = params[layer]
        back = (delta @ W) * unit_slope(activation, zs[layer - 1]) if layer > 0 else None
        step = delta.T @ hs[layer]
        if kind != "none" and rate:
            step += penalty_slope(kind, rate, W)
        W -= lr * step
        b -= lr * delta.sum(axis=0)
        delta = back
    return loss


def sgd_epoch(
    params: Params,
    F: np.ndarray,
    t: np.ndarray,
    activation: str,
    lr: float,
    batch_size: int,
    rng: np.random.Generator,
    kind: str = "none",
    rate: float = 0.0,
) -> Params:
    """One shuffled pass of mini-batch gradient descent; returns new parameters.

    Parameters
    ----------
    params : list of (W, b)
        Not modified.
    F : ndarray, shape (N, n_in)
    t : ndarray of int, shape (N,)
    activation : str
    lr : float
    batch_size : int
        Points per update; ``ceil(N / batch_size)`` updates per epoch.
    rng : np.random.Generator
        Used for the shuffle.
    kind, rate : str, float
        Regularisation, as in ``penalty``.

    Returns
    -------
    list of (W, b)
    """
    params = [(W.copy(), b.copy()) for W, b in params]
    order = rng.permutation(len(t))
    for start in range(0, len(t), batch_size):
        batch = order[start : start + batch_size]
        train_step(activation, params, F[batch], t[batch], lr, kind, rate)
    return params


def predict_proba(F: np.ndarray, params: Params, activation: str) -> np.ndarray:
    """P(class 1) for each row of features; shape (N, n_in) -> (N,)."""
    logits = _layers(activation, params, F)[1][-1]
    return 0.5 * (1.0 + np.tanh(0.5 * (logits[:, 1] - logits[:, 0])))


@dataclass(frozen=True)
class Config:
    """Everything the playground's controls choose.

    Attributes
    ----------
    dataset : str
        One of ``DATASETS``.
    features : tuple of str
        Keys of ``FEATURES``.
    hidden : tuple of int
        Width of each hidden layer (empty for a linear classifier).
    activation : str
        Hidden activation.
    lr : float
        Learning rate.
    batch_size, n_points : int
    noise : float
        Standard deviation of the jitter on the points.
    test_fraction : float
        Share of the points held out to measure the test loss.
    regularization : str
        One of ``REGULARIZATIONS``.
    reg_rate : float
        Its strength.
    seed : int
        Seeds the data, the split, the initial weights and the shuffles.
    """

    dataset: str = "xor"
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 4)
    activation: str = "tanh"
    lr: float = 0.03
    batch_size: int = 10
    n_points: int = 200
    noise: float = 0.0
    test_fraction: float = 0.5
    regularization: str = "none"
    reg_rate: float = 0.0
    seed: int = 0


LIVE_SETTINGS = ("lr", "batch_size", "regularization", "reg_rate")
"""Settings ``Trainer.retune`` changes without starting again."""


@dataclass
class Trainer:
    """Data, split, features, weights and training history for one playground configuration.

    ``step()`` trains one epoch on the training points and records the training and test
    losses (cross-entropy, without the penalty). Features are standardised with the training
    points' mean and spread.

    Attributes
    ----------
    X : ndarray, shape (N, 2)
        Every point; ``t`` (N,) their labels and ``is_test`` (N,) the held-out ones.
    F : ndarray, shape (N, n_features)
        Their standardised features.
    params : list of (W, b)
    epoch : int
    losses, test_losses : list of float
        After each epoch (first entry: before training).
    """

    config: Config = field(default_factory=Config)

    def __post_init__(self) -> None:
        cfg = self.config
        if cfg.activation not in HIDDEN_UNITS:
            raise ValueError(f"unknown activation {cfg.activation!r}")
        if any(int(h) < 1 for h in cfg.hidden):
            raise ValueError("every hidden layer needs at least one unit")
        self._check_live(cfg)
        self._rng = np.random.default_rng(cfg.seed)
        self.X, self.t = make_dataset(cfg.dataset, cfg.n_points, self._rng, cfg.noise)
        self.is_test = holdout_mask(len(self.t), cfg.test_fraction, self._rng)
        raw = feature_matrix(cfg.features, self.X)
        train = raw[~self.is_test]
        self._mean, self._std = train.mean(axis=0), train.std(axis=0) + 1e-8
        self.F = (raw - self._mean) / self._std
        sizes = [self.F.shape[1], *[int(h) for h in cfg.hidden], 2]
        self.params = init_weights(sizes, self._rng, "he" if cfg.activation == "relu" else "xavier")
        self.epoch = 0
        self.losses, self.test_losses = [self.loss()], [self.test_loss()]

    @staticmethod
    def _check_live(cfg: Config) -> None:
        if not cfg.lr > 0:
            raise ValueError(f"the learning rate must be positive, not {cfg.lr!r}")
        if int(cfg.batch_size) < 1:
            raise ValueError("the batch size must be at least 1")
        if cfg.regularization not in REGULARIZATIONS or not cfg.reg_rate >= 0:
            raise ValueError(f"unknown regularisation {cfg.regularization!r} {cfg.reg_rate!r}")

    def features_of(self, X: np.ndarray) -> np.ndarray:
        """Standardised features of any points: shape (M, 2) -> (M, n_features)."""
        return (feature_matrix(self.config.features, X) - self._mean) / self._std

    def _part(self, test: bool) -> tuple[np.ndarray, np.ndarray]:
        mask = self.is_test if test else ~self.is_test
        return self.F[mask], self.t[mask]

    def loss(self) -> float:
        """Mean cross-entropy on the training points."""
        return mean_loss(self.config.activation, self.params, *self._part(False))

    def test_loss(self) -> float:
        """Mean cross-entropy on the test points (nan without test points)."""
        F, t = self._part(True)
        return mean_loss(self.config.activation, self.params, F, t) if len(t) else float("nan")

    def accuracy(self, test: bool = False) -> float:
        """Fraction of training (or test) points on the right side of the boundary."""
        F, t = self._part(test)
        p = predict_proba(F, self.params, self.config.activation)
        return float(np.mean((p >= 0.5) == (t == 1))) if len(t) else float("nan")

    def step(self) -> float:
        """Train one epoch; record the training and test losses; return the training loss."""
        cfg = self.config
        F, t = self._part(False)
        self.params = sgd_epoch(
            self.params, F, t, cfg.activation, cfg.lr, int(cfg.batch_size), self._rng,
            cfg.regularization, cfg.reg_rate,
        )  # fmt: skip
        self.epoch += 1
        self.losses.append(self.loss())
        self.test_losses.append(self.test_loss())
        return self.losses[-1]

    def retune(self, **changes) -> None:
        """Change settings of ``LIVE_SETTINGS`` from the next step on, keeping the weights."""
        unknown = set(changes) - set(LIVE_SETTINGS)
        if unknown:
            raise ValueError(f"{sorted(unknown)} need a fresh model; live: {LIVE_SETTINGS}")
        cfg = replace(self.config, **changes)
        self._check_live(cfg)
        self.config = cfg

    def set_learning_rate(self, lr: float) -> None:
        """Change the learning rate from the next step on, keeping the weights."""
        self.retune(lr=float(lr))

    def grids(self, n: int = 40) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """P(class 1) and every hidden unit's output on an n-by-n grid over the square
        [-EXTENT, EXTENT]^2, from one forward pass.

        Returns
        -------
        axis : ndarray, shape (n,)
            Grid coordinates along x1 and along x2.
        prob : ndarray, shape (n, n)
            ``prob[i, j]`` at the point (axis[j], axis[i]) (rows follow x2, as contourf and
            imshow with origin "lower" expect).
        hidden : list of ndarray, shape (n_l, n, n)
            Per hidden layer, each unit's output in the same layout.
        """
        axis = np.linspace(-EXTENT, EXTENT, n)
        g1, g2 = np.meshgrid(axis, axis)
        F = self.features_of(np.column_stack([g1.ravel(), g2.ravel()]))
        hs, zs = _layers(self.config.activation, self.params, F)
        prob = 0.5 * (1.0 + np.tanh(0.5 * (zs[-1][:, 1] - zs[-1][:, 0])))
        hidden = [h.T.reshape(-1, n, n) for h in hs[1:]]
        return axis, prob.reshape(n, n), hidden

    def feature_grids(self, n: int = 40) -> np.ndarray:
        """Every standardised input feature on the grid of ``grids``: shape (n_features, n, n)."""
        axis = np.linspace(-EXTENT, EXTENT, n)
        g1, g2 = np.meshgrid(axis, axis)
        return self.features_of(np.column_stack([g1.ravel(), g2.ravel()])).T.reshape(-1, n, n)

    def decision_grid(self, n: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(x1, x2, prob)``: the grid axes, each (n,), and P(class 1) (n, n) from ``grids``."""
        axis, prob, _ = self.grids(n)
        return axis, axis.copy(), prob

    def hidden_view(self) -> tuple[np.ndarray, float]:
        """Every point as the output layer sees it (``output_view`` of the last hidden layer,
        or of the input features without hidden layers): coords (N, 2) and the threshold."""
        hs = layer_outputs(self.config.activation, self.params, self.F)
        W, b = self.params[-1]
        return output_view(hs[-1] if hs else self.F, W, b)


def train(config: Config, epochs: int) -> Trainer:
    """A trainer after ``epochs`` epochs (convenience for notebooks and tests)."""
    trainer = Trainer(config)
    for _ in range(epochs):
        trainer.step()
    return trainer
