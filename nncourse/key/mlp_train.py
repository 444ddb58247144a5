"""A fast SGD training step for a fixed-shape MLP: the same maths as ``backprop``, tuned buffers.

:mod:`nncourse.backprop` is the readable reference; this module computes exactly the same
loss and gradients but is written for speed, because the training demos and the benchmark
(``benchmarks/mlp_step.py``) run many steps:

* every intermediate array is allocated once, for one batch size, and reused
  (``np.matmul(..., out=...)``, in-place activations);
* weights are stored as C-ordered (n_out, n_in) arrays, so ``H @ W.T`` (forward),
  ``dZ @ W`` (backward to the layer input) and the weight update all run as BLAS GEMMs on
  contiguous memory without copies;
* :meth:`MLPTrainer.sgd_step` folds the update into the weight-gradient GEMM:
  ``W^T <- W^T - lr H^T dZ`` is one ``dgemm`` call with alpha = -lr and beta = 1, so the
  gradient matrix is never written out and read back.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg.blas import dgemm

from nncourse.key.activations import HIDDEN_ACTIVATIONS, sigmoid
from nncourse.key.backprop import VALID_COMBINATIONS, Grads, Params


class MLPTrainer:
    """Forward, backward and SGD for one network shape and batch size, on its own weights.

    Parameters
    ----------
    params : list of (W, b)
        Initial weights, ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,); copied (the
        caller's arrays are never changed).
    batch_size : int
        N, the number of rows of every ``X`` passed in.
    activation : {"linear", "sigmoid", "tanh", "relu"}
        Hidden activation.
    output, loss : str
        One of ``backprop.VALID_COMBINATIONS``: ("linear", "squared"), ("softmax", "squared"),
        ("softmax", "cross_entropy").
    """

    def __init__(
        self,
        params: Params,
        batch_size: int,
        activation: str = "relu",
        output: str = "softmax",
        loss: str = "cross_entropy",
    ):
        if activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"activation must be one of {HIDDEN_ACTIVATIONS}")
        if (output, loss) not in VALID_COMBINATIONS:
            raise ValueError(f"(output, loss) must be one of {VALID_COMBINATIONS}")
        self.activation, self.output, self.loss = activation, output, loss
        self.W = [np.array(W, dtype=np.float64, order="C") for W, _ in params]
        self.b = [np.array(b, dtype=np.float64) for _, b in params]
        n = int(batch_size)
        self.batch_size = n
        widths = [W.shape[0] for W in self.W]
        self._z = [np.empty((n, k)) for k in widths]  # pre-activations; last = logits
        self._h = [np.empty((n, k)) for k in widths[:-1]]  # hidden outputs
        self._dz = [np.empty((n, k)) for k in widths]
        self._mask = [np.empty((n, k), dtype=bool) for k in widths[:-1]]
        self._db = [np.empty(k) for k in widths]
        self._rows = np.arange(n)

    @property
    def params(self) -> Params:
        """Copies of the current weights as a list of (W, b)."""
        return [(W.copy(), b.copy()) for W, b in zip(self.W, self.b)]

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Network output for ``X`` of shape (batch_size, n_in); a new (N, n_out) array."""
        self._forward(self._input(X))
        out = self._z[-1]
        return self._softmax_rows(out.copy()) if self.output == "softmax" else out.copy()

    def loss_and_grads(self, X: np.ndarray, y: np.ndarray) -> tuple[float, Grads]:
        """Batch-mean loss and new arrays (dW, db) for every layer, as ``backprop.loss_and_grads``.

        Parameters
        ----------
        X : ndarray, shape (batch_size, n_in)
        y : ndarray
            (N, K) floats for the squared loss, (N,) integer labels for cross-entropy.

        Returns
        -------
        loss : float
        grads : list of (dW, db), shapes as the weights
        """
        X = self._input(X)
        self._forward(X)
        value = self._output_grad(y)
        grads: Grads = []
        for i in range(len(self.W) - 1, -1, -1):
            h = X if i == 0 else self._h[i - 1]
            grads.append((self._dz[i].T @ h, self._dz[i].sum(axis=0)))
            if i > 0:
                self._hidden_backward(i)
        grads.reverse()
        return value, grads

    def sgd_step(self, X: np.ndarray, y: np.ndarray, lr: float) -> float:
        """One SGD step ``theta <- theta - lr * grad`` in place; returns the loss before it.

        Parameters
        ----------
        X : ndarray, shape (batch_size, n_in)
        y : ndarray
            Targets as in :meth:`loss_and_grads`.
        lr : float
            Learning rate.

        Returns
        -------
        float
            The batch-mean loss at the weights before the step.
        """
        X = self._input(X)
        self._forward(X)
        value = self._output_grad(y)
        for i in range(len(self.W) - 1, -1, -1):
            h = X if i == 0 else self._h[i - 1]
            dz = self._dz[i]
            if i > 0:
                self._hidden_backward(i)  # uses W[i] before its update
            # W^T (Fortran view of C-ordered W) <- W^T - lr * h^T dz, in place.
            wt = dgemm(-lr, h.T, dz.T, beta=1.0, c=self.W[i].T, trans_b=1, overwrite_c=1)
            if not np.shares_memory(wt, self.W[i]):  # a BLAS build that copied c
                self.W[i][...] = wt.T
            np.sum(dz, axis=0, out=self._db[i])
            self._db[i] *= lr
            self.b[i] -= self._db[i]
        return value

    # -- internals --------------------------------------------------------------------------

    def _input(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.shape[0] != self.batch_size or not X.flags.c_contiguous:
            if X.shape[0] != self.batch_size:
                raise ValueError(f"X has {X.shape[0]} rows; this trainer is for {self.batch_size}")
            X = np.ascontiguousarray(X)
        return X

    def _forward(self, X: np.ndarray) -> None:
        h = X
        last = len(self.W) - 1
        for i, (W, b) in enumerate(zip(self.W, self.b)):
            z = self._z[i]
            np.matmul(h, W.T, out=z)
            z += b
            if i < last:
                h = self._activate(z, self._h[i], self._mask[i])

    def _activate(self, z: np.ndarray, h: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.activation == "relu":
            np.greater(z, 0.0, out=mask)
            np.multiply(z, mask, out=h)
        elif self.activation == "tanh":
            np.tanh(z, out=h)
        elif self.activation == "sigmoid":
            h[...] = sigmoid(z)
        else:
            h[...] = z
        return h

    def _hidden_backward(self, i: int) -> None:
        """dz of layer i-1 from dz of layer i: (dz_i @ W_i) * g'(z_{i-1})."""
        out = self._dz[i - 1]
        np.matmul(self._dz[i], self.W[i], out=out)
        h = self._h[i - 1]
        if self.activation == "relu":
            np.multiply(out, self._mask[i - 1], out=out)
        elif self.activation == "tanh":
            out *= 1.0 - h * h
        elif self.activation == "sigmoid":
            out *= h * (1.0 - h)

    @staticmethod
    def _softmax_rows(z: np.ndarray) -> np.ndarray:
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        return z

    def _output_grad(self, y: np.ndarray) -> float:
        """Fill ``_dz[-1]`` with dL/d(logits) and return the loss."""
        z, dz = self._z[-1], self._dz[-1]
        n = self.batch_size
        if self.loss == "cross_entropy":
            labels = np.asarray(y, dtype=np.int64)
            dz[...] = z
            dz -= dz.max(axis=1, keepdims=True)
            shifted_true = dz[self._rows, labels]
            np.exp(dz, out=dz)
            sums = dz.sum(axis=1)
            value = float(np.mean(np.log(sums) - shifted_true))
            dz /= sums[:, None]
            dz[self._rows, labels] -= 1.0
            dz /= n
            return value
        target = np.asarray(y, dtype=np.float64)
        if self.output == "softmax":
            p = self._softmax_rows(z.copy())
            diff = p - target
            g = diff / n
            dz[...] = p * (g - np.sum(g * p, axis=1, keepdims=True))
        else:
            diff = z - target
            np.divide(diff, n, out=dz)
        return float(0.5 * np.sum(diff * diff) / n)
