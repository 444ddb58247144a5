"""Figures for unit 04 (gradient checking). Each function takes computed data, returns a Figure."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from nncourse.gradcheck_demo import GRADCHECK_TOL, ErrorCurve


def _guide(ax, hs, anchor_h, anchor_err, power, label, style) -> None:
    """A dotted line ``err = c h^power`` through (anchor_h, anchor_err)."""
    ax.plot(hs, anchor_err * (hs / anchor_h) ** power, style, lw=1, color="0.45", label=label)


def plot_error_vs_h(curves: Sequence[ErrorCurve]) -> Figure:
    """Log-log error of the one- and two-sided differences against h, one panel per curve.

    Dotted guides show the slopes: ``h`` (one-sided truncation), ``h^2`` (two-sided
    truncation) and ``eps / h`` (round-off), anchored on the data.
    """
    fig = Figure(figsize=(5.2 * len(curves), 4.0), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(curves), sharey=True))
    positive = [e[e > 0] for c in curves for e in (c.one_sided, c.two_sided)]
    bottom = max(1e-17, 0.1 * min(float(e.min()) for e in positive if e.size))
    for ax, c in zip(axes, curves):
        hs = c.hs
        for errs, label, colour in (
            (c.one_sided, "one-sided", "C0"),
            (c.two_sided, "two-sided", "C1"),
        ):
            shown = np.where(errs > 0, errs, np.nan)  # exact quotients cannot sit on a log axis
            ax.loglog(hs, shown, "o-", ms=3, color=colour, label=label)
        top = hs[-1]
        _guide(ax, hs[hs >= 1e-3 * top], top, 0.3 * c.one_sided[-1], 1, "slope 1 (h)", ":")
        _guide(ax, hs[hs >= 1e-2 * top], top, 0.3 * c.two_sided[-1], 2, "slope 2 (h^2)", "--")
        small = hs <= c.best("two-sided")[0]
        _guide(ax, hs[small], 1.0, c.eps, -1, "slope -1 (eps / h)", "-.")
        if c.eps > bottom:
            ax.axhline(c.eps, color="0.8", lw=0.8)
            ax.text(hs[0], c.eps * 1.5, f"eps = {c.eps:.1e}", fontsize=8, color="0.4")
        ax.set_ylim(bottom, 10.0)
        ax.set_xlabel("step h")
        ax.set_title(f"f evaluated in {c.dtype}")
        ax.legend(fontsize=8, loc="lower left")
    axes[0].set_ylabel("|difference quotient - f'(x)|")
    return fig


def plot_tensor_errors(rows: dict[str, dict[str, float]], tol: float = GRADCHECK_TOL) -> Figure:
    """A table of per-tensor relative errors (one row per gradient function), coloured on a log
    scale; cells at or above ``tol`` are marked as flagged, ``inf`` cells read "shape", and a
    tensor a row's network does not have is left blank.

    Parameters
    ----------
    rows : dict
        Row label -> ``{"W1": err, "b1": err, ...}`` (networks of any depth).
    tol : float
        Threshold drawn as the flag.
    """
    labels = list(rows)
    depth = max(len(errors) for errors in rows.values()) // 2
    names = [f"{kind}{layer}" for layer in range(1, depth + 1) for kind in ("W", "b")]
    table = np.array([[rows[r].get(n, np.nan) for n in names] for r in labels], dtype=np.float64)
    shown = np.ma.masked_invalid(np.clip(np.where(np.isinf(table), 1.0, table), 1e-13, 1.0))
    fig = Figure(figsize=(1.1 * len(names) + 4.0, 0.45 * len(labels) + 1.2), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(shown, cmap="RdYlGn_r", norm=LogNorm(1e-13, 1.0), aspect="auto")
    for i in range(len(labels)):
        for j in range(len(names)):
            value = table[i, j]
            if np.isnan(value):
                continue
            text = "shape" if not np.isfinite(value) else f"{value:.0e}"
            weight = "bold" if not value < tol else "normal"
            ax.text(j, i, text, ha="center", va="center", fontsize=8, fontweight=weight)
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.xaxis.tick_top()
    fig.colorbar(image, ax=ax, label=f"relative error (bold: >= {tol:g})")
    return fig
