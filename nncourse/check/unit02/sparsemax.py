"""02.sparsemax: the Euclidean projection of z onto the probability simplex.

Every input is built from the seed with the property its case needs: a sparse one (some but not
all entries zero), a fully dense one, a one-hot one, a tie, a batch holding both kinds of row.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import (
    Verdict,
    as_array,
    describe_value,
    expect_array,
    fail,
    show,
)
from nncourse.check.unit02.common import unchanged_case


def on_simplex(got: object, *, expected: np.ndarray, scale: float = 1.0) -> Verdict:
    """Judge sparsemax: on the simplex first (clear words), then equal to the projection.

    ``scale`` is the largest |z|: a float32 result is judged at float32 precision of inputs that
    large (z near 1000 holds only about 4 correct decimals in float32).
    """
    arr, refusal = as_array(got, "sparsemax(z)")
    if refusal is not None:
        return refusal
    low = isinstance(got, np.ndarray) and got.dtype in (np.float32, np.float16)
    # float32 holds |z| near 1000 to about 6e-5, and a row's sum adds one such error per entry
    atol = 8 * float(np.finfo(np.float32).eps) * max(scale, 1.0) if low else None
    sum_atol = max(1e-5, atol * arr.shape[-1]) if low and arr.ndim else 1e-8
    if arr.shape == expected.shape and np.all(np.isfinite(arr)):
        if np.any(arr < -1e-12):
            return fail(
                "the output has negative entries",
                wanted="every entry >= 0",
                got=describe_value(got),
                hint="clip with np.maximum(z - tau, 0)",
            )
        sums = arr.sum(axis=-1)
        if not np.allclose(sums, 1.0, atol=sum_atol):
            return fail(
                "the output does not sum to 1, so it is not on the simplex",
                wanted="every row sums to 1",
                got=f"row sums {show(sums)}",
                hint="tau = (sum of the k(z) largest entries - 1) / k(z); check k(z)",
            )
    return expect_array(got, expected, name="sparsemax(z)", atol=atol)


def _clear(ref, z: np.ndarray, margin: float = 0.02) -> bool:
    """True when no entry of ``z`` sits within ``margin`` of the threshold tau."""
    out = ref(z)
    tau = (z - out)[out > 0][0]
    return bool(np.min(np.abs(z - tau)) > margin)


def sparse_row(rng: np.random.Generator, ref, n: int) -> np.ndarray:
    """A row whose sparsemax has between 2 and n - 2 non-zero entries."""
    while True:
        z = rng.normal(0.0, 1.5, size=n)
        support = int(np.sum(ref(z) > 0))
        if 2 <= support <= n - 2 and _clear(ref, z):
            return z


def dense_row(rng: np.random.Generator, ref, n: int) -> np.ndarray:
    """A row whose sparsemax is positive everywhere (support = all entries)."""
    while True:
        z = rng.normal(0.0, 0.3 / n, size=n)
        if np.all(ref(z) > 0) and _clear(ref, z):
            return z


def one_hot_row(rng: np.random.Generator, n: int) -> np.ndarray:
    """A row whose largest entry leads the next by more than 1: sparsemax is one-hot."""
    z = rng.normal(0.0, 0.5, size=n)
    z[rng.integers(n)] = z.max() + rng.uniform(1.5, 5.0)
    return z


def tie_row(rng: np.random.Generator, n: int) -> np.ndarray:
    """Two equal largest entries, the rest more than 1 below: sparsemax puts 1/2 on each."""
    a = rng.normal()
    rest = a - rng.uniform(1.5, 4.0, size=n - 2)
    return rng.permutation(np.concatenate([[a, a], rest]))


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import sparsemax as ref

    sparse = sparse_row(rng, ref, 6)
    dense = dense_row(rng, ref, 6)
    rows = [sparse_row(rng, ref, 5), sparse_row(rng, ref, 5), dense_row(rng, ref, 5)]
    Z = np.stack([rows[i] for i in rng.permutation(3)] + [one_hot_row(rng, 5)])
    shift = rng.uniform(500.0, 1500.0)
    main = "sparse: small entries become exactly 0"
    cases = [
        (main, sparse, 3.0, ()),
        ("dense when entries are close", dense, 2.0, ()),
        ("a batch, one row each", Z, 2.0, ()),
        ("one dominant entry gives a one-hot", one_hot_row(rng, 4), 1.0, (main,)),
        ("ties are split evenly", tie_row(rng, 4), 1.0, (main,)),
        ("shift invariant at z = 1000", sparse + shift, 1.0, ()),
    ]
    return [
        Case(
            name,
            f"sparsemax({show(z)})",
            judge(on_simplex, expected=ref(z), scale=float(np.max(np.abs(z)))),
            args=(z,),
            points=points,
            needs=needs,
        )
        for name, z, points, needs in cases
    ] + [unchanged_case("sparsemax", 0, ("z",), (sparse,), ref(sparse), needs=(main,))]


sparsemax = register(
    Exercise("02.sparsemax", "Sparsemax (projection onto the simplex)", ("sparsemax",), _cases)
)
