"""The notebook's solutions to unit 05, written as a student would (no answer key): used to
run the visible checks and the demos in the student edition."""

from __future__ import annotations

import math

import numpy as np


def find_jensen_violation(f, center, radius=1.0, n_segments=200, seed=0):
    """(a, b, t) with f(t a + (1-t) b) above the chord, or None if no violation was found."""
    center = np.asarray(center, dtype=float)
    rng = np.random.default_rng(seed)
    for _ in range(n_segments):
        a = center + rng.uniform(-radius, radius, center.shape)
        b = center + rng.uniform(-radius, radius, center.shape)
        fa, fb = f(a), f(b)
        for t in (0.25, 0.5, 0.75):
            chord = t * fa + (1 - t) * fb
            if f(t * a + (1 - t) * b) - chord > 1e-9 * (1 + abs(chord)):
                return a, b, t
    return None


def permute_hidden(params, perm, layer=0):
    """The same network with hidden layer `layer`'s units reordered: new unit i = old perm[i]."""
    perm = np.asarray(perm)
    out = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    W, b = out[layer]
    out[layer] = (W[perm], b[perm])
    W_next, b_next = out[layer + 1]
    out[layer + 1] = (W_next[:, perm], b_next)
    return out


def count_equivalent(hidden_sizes):
    """prod over layers of K_l!, as an exact Python int."""
    total = 1
    for k in hidden_sizes:
        total *= math.factorial(int(k))
    return total


def average_permutations(params, layer=0):
    """The average of the network over all orderings of hidden layer `layer`'s units."""
    out = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    W, b = out[layer]
    out[layer] = (np.tile(W.mean(axis=0), (W.shape[0], 1)), np.full(b.shape, b.mean()))
    W_next, b_next = out[layer + 1]
    out[layer + 1] = (np.tile(W_next.mean(axis=1, keepdims=True), (1, W_next.shape[1])), b_next)
    return out


def fd_hessian(f, w, h=1e-4):
    """Finite-difference Hessian of f: R^n -> R at w, shape (n, n)."""
    w = np.asarray(w, dtype=float)
    n = w.size
    E = np.eye(n) * h
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            H[i, j] = H[j, i] = (
                f(w + E[i] + E[j]) - f(w + E[i] - E[j]) - f(w - E[i] + E[j]) + f(w - E[i] - E[j])
            ) / (4 * h * h)
    return H


def classify_critical_point(f, w):
    """'not critical', 'minimum', 'maximum', 'saddle' or 'degenerate'."""
    w = np.asarray(w, dtype=float)
    E = np.eye(w.size) * 1e-6
    grad = np.array([(f(w + e) - f(w - e)) / 2e-6 for e in E])
    if np.linalg.norm(grad) > 1e-5:
        return "not critical"
    eig = np.linalg.eigvalsh(fd_hessian(f, w))
    pos, neg = np.any(eig > 1e-4), np.any(eig < -1e-4)
    if pos and neg:
        return "saddle"
    if np.all(np.abs(eig) > 1e-4):
        return "minimum" if pos else "maximum"
    return "degenerate"
