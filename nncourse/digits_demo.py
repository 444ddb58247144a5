"""Digits end to end: data, a one-hidden-layer classifier, and a training loop that uses the
update rule it is given.

Student edition. The data are scikit-learn's bundled 8x8 digits (``load_digits``, no download).
The network here is fixed in shape (one hidden layer, softmax output, parameters in a dict
``{"W1", "b1", "W2", "b2"}``); training takes the optimizer as an argument: the student's
``step(w, grad, state, **hyper)``. Without one it takes a built-in fixed-rate gradient step.

    data = load_split("10 classes")
    params = init_params(64, 32, 10, seed=0)
    hist = train(params, data, step=my_adam, hyper={"lr": 0.01}, epochs=20)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

TASKS = ("10 classes", "2 vs not 2")
ACTIVATIONS = ("tanh", "logistic")


@dataclass
class Split:
    """Training and validation data, inputs standardised with the training set's statistics.

    Attributes
    ----------
    X_train : ndarray, shape (N_train, 64)
    y_train : int ndarray, shape (N_train,)
    X_val, y_val : the same for validation
    images_val : ndarray, shape (N_val, 8, 8), the raw validation images (0..16)
    n_classes : int
    class_names : list of str
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    images_val: np.ndarray
    n_classes: int
    class_names: list


def _bundled_csv():
    """Path of the digits file inside the installed scikit-learn, found without importing it."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "datasets" / "data" / "digits.csv.gz"
        if path.exists():
            return path
    return None


@functools.lru_cache(maxsize=1)
def _load_raw_cached() -> tuple[np.ndarray, np.ndarray]:
    """(X, y): the 1797 digits as rows of 64 pixel values in 0..16 and labels 0..9.

    The data are scikit-learn's bundled ``load_digits`` (no download). They are read straight
    from the file scikit-learn ships, ``sklearn/datasets/data/digits.csv.gz`` (importing
    scikit-learn itself can take seconds); ``sklearn.datasets.load_digits`` is the fallback.
    """
    path = _bundled_csv()
    if path is not None:
        table = np.loadtxt(path, delimiter=",")
        return table[:, :-1].astype(np.float64), table[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.data.astype(np.float64), d.target.astype(np.int64)


def load_raw() -> tuple[np.ndarray, np.ndarray]:
    """(X, y): the 1797 digits as rows of 64 pixel values in 0..16 and labels 0..9 (fresh
    copies; see ``_load_raw_cached`` for where they come from)."""
    X, y = _load_raw_cached()
    return X.copy(), y.copy()


def load_split(
    task: str = "10 classes", val_fraction: float = 0.25, seed: int = 0, normalise: bool = True
) -> Split:
    """Shuffle, split and (by default) standardise the digits.

    Parameters
    ----------
    task : {"10 classes", "2 vs not 2"}
        Labels 0..9, or 1 for the digit 2 and 0 for every other digit.
    val_fraction : float
    seed : int
        Seeds the shuffle.
    normalise : bool
        Centre each pixel and divide by its standard deviation (training-set statistics;
        constant pixels are left at 0). Otherwise raw values 0..16.

    Returns
    -------
    Split
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}")
    X, y = load_raw()
    perm = np.random.default_rng(seed).permutation(len(y))
    X, y = X[perm], y[perm]
    n_val = int(round(val_fraction * len(y)))
    Xt, Xv, yt, yv = X[n_val:], X[:n_val], y[n_val:], y[:n_val]
    images = Xv.reshape(-1, 8, 8)
    if normalise:
        mu, sd = Xt.mean(axis=0), Xt.std(axis=0)
        sd = np.where(sd > 0, sd, 1.0)
        Xt, Xv = (Xt - mu) / sd, (Xv - mu) / sd
    if task == "2 vs not 2":
        yt, yv = (yt == 2).astype(np.int64), (yv == 2).astype(np.int64)
        return Split(Xt, yt, Xv, yv, images, 2, ["not 2", "2"])
    return Split(Xt, yt, Xv, yv, images, 10, [str(i) for i in range(10)])


def init_params(n_in: int, n_hidden: int, n_out: int, seed: int = 0) -> dict:
    """Small random weights (scaled by 1/sqrt(fan-in)) and zero biases.

    Returns
    -------
    dict
        ``W1`` (n_hidden, n_in), ``b1`` (n_hidden,), ``W2`` (n_out, n_hidden), ``b2`` (n_out,).
    """
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0, 1 / np.sqrt(n_in), (n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0, 1 / np.sqrt(n_hidden), (n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


def _hidden(z: np.ndarray, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """(h, dh/dz) for the hidden activation."""
    if activation == "tanh":
        h = np.tanh(z)
        return h, 1.0 - h**2
    h = 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, without overflow
    return h, h * (1.0 - h)


def _logits(params: dict, X: np.ndarray, activation: str):
    h, dh = _hidden(X @ params["W1"].T + params["b1"], activation)
    return h, dh, h @ params["W2"].T + params["b2"]


def predict(params: dict, X: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """Predicted class of each row of ``X`` (N, 64) -> int ndarray (N,)."""
    return np.argmax(_logits(params, X, activation)[2], axis=1)


def loss_and_grads(
    params: dict, X: np.ndarray, y: np.ndarray, activation: str = "tanh"
) -> tuple[float, dict]:
    """Mean softmax cross-entropy over the batch and its gradient for every tensor.

    Parameters
    ----------
    params : dict of W1 (H, D), b1 (H,), W2 (K, H), b2 (K,)
    X : ndarray, shape (N, D)
    y : int ndarray, shape (N,)
    activation : {"tanh", "logistic"}

    Returns
    -------
    (float, dict)
        The loss and a dict of gradients with the shapes of ``params``.
    """
    h, dh, z = _logits(params, X, activation)
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    n = len(y)
    loss = float(-np.mean(np.log(p[np.arange(n), y] + 1e-300)))
    dz = p
    dz[np.arange(n), y] -= 1.0
    dz /= n
    da = (dz @ params["W2"]) * dh
    grads = {"W2": dz.T @ h, "b2": dz.sum(axis=0), "W1": da.T @ X, "b1": da.sum(axis=0)}
    return loss, grads


@dataclass
class History:
    """What :func:`train` records once per epoch (index 0 is before training).

    Attributes
    ----------
    params : dict
        Final weights.
    train_loss, val_loss, train_acc, val_acc : list of float
    seconds : float
        Wall-clock time of the training loop.
    """

    params: dict
    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    seconds: float = 0.0


def evaluate(params: dict, X, y, activation: str = "tanh") -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``params`` on ``(X, y)`` (forward pass only)."""
    z = _logits(params, X, activation)[2]
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = float(-np.mean(log_p[np.arange(len(y)), y]))
    return loss, float(np.mean(np.argmax(z, axis=1) == y))


def train(
    params: dict,
    data: Split,
    step: Callable | None = None,
    hyper: dict | None = None,
    *,
    epochs: int = 10,
    batch_size: int = 32,
    activation: str = "tanh",
    lr: float = 0.1,
    seed: int = 0,
    progress: bool = True,
) -> History:
    """Mini-batch training; batches are drawn from a fresh permutation every epoch.

    Parameters
    ----------
    params : dict
        Initial weights (not changed).
    data : Split
    step : callable, optional
        The optimizer, ``step(w, grad, state, **hyper) -> (w, state)``. ``None``: a built-in
        fixed-rate gradient step with rate ``lr``.
    hyper : dict, optional
        Keyword arguments for ``step``.
    epochs, batch_size : int
    activation : {"tanh", "logistic"}
    lr : float
        Only for the built-in step.
    seed : int
        Seeds the batch order.
    progress : bool
        Show a tqdm progress bar (``tqdm.auto``: a widget in Jupyter, text elsewhere).

    Returns
    -------
    History
    """
    import time

    from tqdm.auto import tqdm

    hyper = dict(hyper or {})
    rng = np.random.default_rng(seed)
    w = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    hist = History(w)
    start = time.perf_counter()

    def record():
        for X, y, losses, accs in (
            (data.X_train, data.y_train, hist.train_loss, hist.train_acc),
            (data.X_val, data.y_val, hist.val_loss, hist.val_acc),
        ):
            loss, acc = evaluate(w, X, y, activation)
            losses.append(loss)
            accs.append(acc)

    record()
    state = None
    bar = tqdm(range(epochs), desc="epochs", disable=not progress, leave=False, delay=0.2)
    n = len(data.y_train)
    for _ in bar:
        order = rng.permutation(n)
        for s in range(0, n, batch_size):
            idx = order[s : s + batch_size]
            _, g = loss_and_grads(w, data.X_train[idx], data.y_train[idx], activation)
            if step is None:
                w = {k: w[k] - lr * g[k] for k in w}
            else:
                w, state = step(w, g, state, **hyper)
                w = {k: np.asarray(v, dtype=np.float64) for k, v in w.items()}
        record()
        bar.set_postfix(val_acc=f"{hist.val_acc[-1]:.3f}")
    hist.params, hist.seconds = w, time.perf_counter() - start
    return hist


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of class i predicted as j; shape (n_classes, n_classes)."""
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return C


def linear_ravine(normalise: bool, n_steps: int = 100) -> dict:
    """Why normalising inputs removes the ravine: least squares ``E(w) = |X w - t|² / (2N)``
    on the digits (t = 1 for a 2, else 0, plus a bias column), raw pixels against standardised.

    E is quadratic with Hessian ``A = Xᵀ X / N``; gradient descent at its largest safe rate
    ``1 / lambda_max`` converges at a speed set by the condition number ``lambda_max /
    lambda_min`` (unit 06).

    Returns
    -------
    dict
        ``eigenvalues`` (ascending, ndarray (65,)), ``condition`` (float; over the nonzero
        eigenvalues), ``losses`` (ndarray (n_steps + 1,), E - E* under fixed-rate gradient
        descent from w = 0 at rate 1 / lambda_max).
    """
    X, y = load_raw()
    if normalise:
        sd = X.std(axis=0)
        X = (X - X.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    X = np.hstack([X, np.ones((len(X), 1))])
    t = (y == 2).astype(np.float64)
    n = len(t)
    A, b = X.T @ X / n, X.T @ t / n
    lam = np.linalg.eigvalsh(A)
    nonzero = lam[lam > 1e-9 * lam[-1]]
    w_star = np.linalg.lstsq(X, t, rcond=None)[0]
    w, lr, losses = np.zeros(X.shape[1]), 1.0 / lam[-1], []
    for _ in range(n_steps + 1):
        d = w - w_star  # E(w) - E* = (w - w*)' A (w - w*) / 2 for a quadratic
        losses.append(0.5 * d @ (A @ d))
        w = w - lr * (A @ w - b)
    return {
        "eigenvalues": lam,
        "condition": float(nonzero[-1] / nonzero[0]),
        "losses": np.maximum(np.array(losses), 1e-16),
    }
