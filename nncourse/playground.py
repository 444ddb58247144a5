"""The compute behind the decision-boundary playground: 2-D data sets, input features, and a
small numpy MLP trained by mini-batch gradient descent with its own backward pass.

Everything here is plain numpy and testable without a display; ``nncourse.widgets.playground``
only wires controls to it and ``nncourse.plots_xor.plot_playground`` draws it.

The model: standardised input features -> hidden layers with the chosen unit
(``nncourse.engine.unit``) -> two linear outputs -> softmax cross-entropy against the 0/1
label. One ``Trainer.step()`` is one epoch: a shuffled pass over the data in mini-batches, each
a fused ``train_step`` (forward, loss, backward and update in one call). This is a demo engine
of the student edition: its pieces take the unit's name or the parameters first, so none of
them is a drop-in answer to an exercise (activations, softmax, losses and backprop are
exercises of units 02 and 03).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from nncourse.engine import HIDDEN_UNITS, unit, unit_slope

DATASETS = ("xor", "circles", "spirals", "gaussian blobs")
"""Names accepted by ``make_dataset``."""

EXTENT = 6.0
"""Points and the decision grid live in the square [-EXTENT, EXTENT]^2."""

Params = list[tuple[np.ndarray, np.ndarray]]


def make_dataset(
    name: str, n: int, rng: np.random.Generator, noise: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D two-class data set.

    Parameters
    ----------
    name : {"xor", "circles", "spirals", "gaussian blobs"}
    n : int
        Number of points (about half per class).
    rng : np.random.Generator
    noise : float
        Standard deviation of Gaussian jitter added to every point (in data units).

    Returns
    -------
    X : ndarray, shape (n, 2)
    t : ndarray of int, shape (n,), labels 0/1
    """
    half = n // 2
    if name == "xor":
        X = rng.uniform(-5.0, 5.0, size=(n, 2))
        X += np.where(X >= 0, 0.4, -0.4)  # keep points off the axes, like the original
        t = (X[:, 0] * X[:, 1] >= 0).astype(np.int64)
    elif name == "circles":
        r = np.concatenate([rng.uniform(0.0, 2.5, half), rng.uniform(3.5, 5.0, n - half)])
        angle = rng.uniform(0.0, 2 * np.pi, n)
        X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
        t = np.concatenate([np.ones(half, np.int64), np.zeros(n - half, np.int64)])
    elif name == "spirals":
        parts, labels = [], []
        for label, count, offset in ((1, half, 0.0), (0, n - half, np.pi)):
            s = np.linspace(0.0, 1.0, count, endpoint=False)
            r, angle = 5.0 * s, 1.75 * 2 * np.pi * s + offset
            parts.append(np.column_stack([r * np.sin(angle), r * np.cos(angle)]))
            labels.append(np.full(count, label, np.int64))
        X, t = np.vstack(parts), np.concatenate(labels)
    elif name == "gaussian blobs":
        centres = np.repeat(np.array([[2.0, 2.0], [-2.0, -2.0]]), [half, n - half], axis=0)
        X = centres + rng.normal(0.0, 1.0, size=(n, 2))
        t = np.concatenate([np.ones(half, np.int64), np.zeros(n - half, np.int64)])
    else:
        raise ValueError(f"unknown data set {name!r}; choose from {DATASETS}")
    X = X + rng.normal(0.0, noise, size=X.shape) if noise > 0 else X
    return np.clip(X, -EXTENT, EXTENT), t


FEATURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}
"""The playground's input features, as TensorFlow Playground offers them: name -> feature of
a 2-D batch (N, 2) -> (N,)."""


def feature_matrix(names: Sequence[str], X: np.ndarray) -> np.ndarray:
    """Stack the named features of a batch of 2-D points.

    Parameters
    ----------
    names : sequence of str
        Keys of ``FEATURES``, in the order wanted.
    X : ndarray, shape (N, 2)

    Returns
    -------
    ndarray, shape (N, len(names))

    Raises
    ------
    ValueError
        For an empty selection or an unknown name.
    """
    if isinstance(names, str) or not names:
        raise ValueError("choose at least one input feature")
    unknown = [n for n in names if not isinstance(n, str) or n not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from {list(FEATURES)}")
    X = np.asarray(X, dtype=np.float64)
    return np.column_stack([FEATURES[n](X) for n in names])


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


def train_step(activation: str, params: Params, F: np.ndarray, t: np.ndarray, lr: float) -> float:
    """One gradient-descent update of ``params`` in place on one batch; returns the batch's loss
    before the update.

    Parameters
    ----------
    activation : str
        Hidden unit, one of ``nncourse.engine.HIDDEN_UNITS``.
    params : list of (W, b)
        Updated in place: ``W -= lr * dL/dW``, ``b -= lr * dL/db`` for the mean cross-entropy.
    F : ndarray, shape (N, n_in)
    t : ndarray of int, shape (N,), labels 0/1
    lr : float
    """
    hs, zs = _layers(activation, params, F)
    loss, gap = _gap_terms(zs[-1], np.asarray(t, np.float64))
    delta = np.column_stack([-gap, gap]) / len(F)
    for layer in range(len(params) - 1, -1, -1):
        W, b = params[layer]
        back = (delta @ W) * unit_slope(activation, zs[layer - 1]) if layer > 0 else None
        W -= lr * (delta.T @ hs[layer])
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
    rng : np.random.Generator
        Used for the shuffle.

    Returns
    -------
    list of (W, b)
    """
    params = [(W.copy(), b.copy()) for W, b in params]
    order = rng.permutation(len(t))
    for start in range(0, len(t), batch_size):
        batch = order[start : start + batch_size]
        train_step(activation, params, F[batch], t[batch], lr)
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
    seed : int
        Seeds the data, the initial weights and the shuffles.
    """

    dataset: str = "xor"
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 4)
    activation: str = "tanh"
    lr: float = 0.03
    batch_size: int = 10
    n_points: int = 200
    noise: float = 0.0
    seed: int = 0


@dataclass
class Trainer:
    """Data, features, weights and training history for one playground configuration.

    ``step()`` trains one epoch and returns the training loss; ``decision_grid()`` returns
    the contour data. Features are standardised with the training set's mean and spread.
    """

    config: Config = field(default_factory=Config)

    def __post_init__(self) -> None:
        cfg = self.config
        if cfg.activation not in HIDDEN_UNITS:
            raise ValueError(f"unknown activation {cfg.activation!r}")
        if any(int(h) < 1 for h in cfg.hidden):
            raise ValueError("every hidden layer needs at least one unit")
        self._rng = np.random.default_rng(cfg.seed)
        self.X, self.t = make_dataset(cfg.dataset, cfg.n_points, self._rng, cfg.noise)
        raw = feature_matrix(cfg.features, self.X)
        self._mean, self._std = raw.mean(axis=0), raw.std(axis=0) + 1e-8
        self.F = (raw - self._mean) / self._std
        sizes = [self.F.shape[1], *[int(h) for h in cfg.hidden], 2]
        self.params = init_weights(sizes, self._rng, "he" if cfg.activation == "relu" else "xavier")
        self.epoch = 0
        self.losses = [self.loss()]

    def features_of(self, X: np.ndarray) -> np.ndarray:
        """Standardised features of any points: shape (M, 2) -> (M, n_features)."""
        return (feature_matrix(self.config.features, X) - self._mean) / self._std

    def loss(self) -> float:
        """Mean cross-entropy on the whole training set."""
        return mean_loss(self.config.activation, self.params, self.F, self.t)

    def accuracy(self) -> float:
        """Fraction of training points on the right side of the boundary."""
        p = predict_proba(self.F, self.params, self.config.activation)
        return float(np.mean((p >= 0.5) == (self.t == 1)))

    def step(self) -> float:
        """Train one epoch; record and return the training loss after it."""
        cfg = self.config
        self.params = sgd_epoch(
            self.params, self.F, self.t, cfg.activation, cfg.lr, cfg.batch_size, self._rng
        )
        self.epoch += 1
        self.losses.append(self.loss())
        return self.losses[-1]

    def set_learning_rate(self, lr: float) -> None:
        """Change the learning rate from the next step on, keeping the weights."""
        if not lr > 0:
            raise ValueError(f"the learning rate must be positive, not {lr!r}")
        self.config = replace(self.config, lr=float(lr))

    def decision_grid(self, n: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """P(class 1) on an n-by-n grid over the square [-EXTENT, EXTENT]^2.

        Returns
        -------
        x1, x2 : ndarray, shape (n,)
            Grid coordinates.
        prob : ndarray, shape (n, n)
            ``prob[i, j]`` at the point (x1[j], x2[i]) (rows follow x2, as contourf expects).
        """
        axis = np.linspace(-EXTENT, EXTENT, n)
        g1, g2 = np.meshgrid(axis, axis)
        points = np.column_stack([g1.ravel(), g2.ravel()])
        prob = predict_proba(self.features_of(points), self.params, self.config.activation)
        return axis, axis.copy(), prob.reshape(n, n)


def train(config: Config, epochs: int) -> Trainer:
    """A trainer after ``epochs`` epochs (convenience for notebooks and tests)."""
    trainer = Trainer(config)
    for _ in range(epochs):
        trainer.step()
    return trainer


def hidden_sizes(text: str) -> tuple[int, ...]:
    """Parse "4, 2" into (4, 2); "" or "0" means no hidden layer.

    Raises
    ------
    ValueError
        For anything that is not a comma-separated list of whole numbers in 1..64.
    """
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    if parts == ["0"]:
        return ()
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden sizes must be whole numbers like '4, 2', not {text!r}") from None
    if any(not 1 <= s <= 64 for s in sizes):
        raise ValueError("each hidden layer needs between 1 and 64 units")
    return sizes


def feature_names(selected: Sequence[str]) -> tuple[str, ...]:
    """The selected feature names in the canonical order of ``FEATURES``."""
    return tuple(n for n in FEATURES if n in set(selected))
