"""Checkers for unit 01: linear separability, XOR, feature maps, threshold networks, universality
and the collapse of deep linear networks.

Usage in a notebook::

    from nncourse.check import unit01
    unit01.separable(linear_separator)
    unit01.threshold_xor(threshold_xor)

Threshold convention (every check below): step(z) = 1 if z >= 0 else 0, and
sgn(z) = +1 if z >= 0 else -1 -- a unit whose pre-activation is exactly 0 fires. Weights are
evaluated by the checker on every row of the truth table, so *any* weights that are correct
under this convention pass.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.judge import Verdict, all_of, expect_array, expect_tuple, fail, ok
from nncourse.check.unit01_nets import (
    CONVENTION,
    layers,
    pre_activations,
    truth_table_verdict,
    weights_and_bias,
)
from nncourse.check.unit01_separable import separable_cases
from nncourse.inside.guard import describe_value
from nncourse.key import feature_maps as fm
from nncourse.key.linear_collapse import collapse_linear
from nncourse.key.threshold import (
    boolean_inputs,
    mcculloch_pitts_target,
    step,
    threshold_forward,
)

__all__ = [
    "CONVENTION",
    "linear_collapse",
    "mcculloch_pitts",
    "separable",
    "sign_xor",
    "threshold_xor",
    "universal",
    "xor_features",
]


def _show(x) -> str:
    return describe_value(np.asarray(x), limit=90).split(": ", 1)[-1]


# ----------------------------------------------------------------------------- 01.separable
separable = register(
    Exercise(
        "01.separable",
        "A linear-separability test",
        ("linear_separator",),
        separable_cases,
        timeout=20.0,
    )
)


# ----------------------------------------------------------------------------- 01.xor_features
def _weights_through_psi(got) -> Verdict:
    parsed, refusal = weights_and_bias(got, 3, "xor_weights()")
    if refusal is not None:
        return refusal
    w, b = parsed
    z = fm.xor_features(fm.XOR_INPUTS) @ w + b
    return truth_table_verdict(
        fm.XOR_INPUTS,
        step(z),
        fm.XOR_TARGETS,
        "step(w . psi(x) + b)",
        zs=[z],
        hint="with psi = (x1, x2, x1 x2) the corner (1, 1) is the only one with psi_3 = 1: "
        "a large negative weight on psi_3 pulls it back below the threshold",
    )


def _xor_feature_cases(rng: np.random.Generator) -> list[Case]:
    batch = rng.normal(0.0, 2.0, size=(6, 2))
    one = rng.integers(-3, 4, size=(1, 2)).astype(float)
    hint = "psi(x) = (x1, x2, x1 * x2) for every row: stack the three columns side by side"
    cases = [
        Case(
            name,
            f"xor_features({call})",
            lambda got, X=X: expect_array(
                got, fm.xor_features(X), name="xor_features(X)", hint=hint
            ),
            args=(0, X),
            probe="call_target",
        )
        for name, call, X in (
            ("psi on the four XOR inputs", "X = the four XOR inputs", fm.XOR_INPUTS),
            ("psi on a batch of real inputs", f"X of shape {batch.shape}", batch),
            ("psi of a single row keeps shape (1, 3)", f"X = {_show(one)}", one),
        )
    ]
    cases.append(
        Case(
            "the weights classify XOR through psi",
            "xor_weights(), then step(w . psi(x) + b) on the four XOR inputs",
            _weights_through_psi,
            args=(1,),
            probe="call_target",
            points=2.0,
        )
    )
    return cases


xor_features = register(
    Exercise(
        "01.xor_features",
        "XOR through the feature map psi(x) = (x1, x2, x1 x2)",
        ("xor_features", "xor_weights"),
        _xor_feature_cases,
    )
)


# ----------------------------------------------------------------------------- XOR networks
def _shape_case(fn: str, sizes: list[int]) -> Case:
    def judge(got) -> Verdict:
        return layers(got, sizes, f"{fn}()")[1] or ok()

    return Case(
        "two layers of the right shapes", f"{fn}()", judge, hint="return [(W1, b1), (W2, b2)]"
    )


def _network_case(fn: str, X: np.ndarray, want: np.ndarray, unit: str, what: str) -> Case:
    def judge(got) -> Verdict:
        params, refusal = layers(got, [2, 2, 1], f"{fn}()")
        if refusal is not None:
            return refusal
        y = threshold_forward(X, params, unit)[-1]
        return truth_table_verdict(
            X,
            y,
            want,
            "the network's output",
            pre_activations(X, params, unit),
            hint=f"work out each hidden unit's truth table first ({what})",
        )

    return Case(
        f"y = XOR on all {len(X)} rows",
        f"{fn}(), then run the network on every input",
        judge,
        points=3.0,
    )


def _threshold_xor_cases(rng: np.random.Generator) -> list[Case]:
    X = boolean_inputs(2)[rng.permutation(4)]
    want = np.logical_xor(X[:, 0], X[:, 1]).astype(float)

    def hidden(got) -> Verdict:
        params, refusal = layers(got, [2, 2, 1], "threshold_xor()")
        if refusal is not None:
            return refusal
        H = threshold_forward(X, params, "step")[0]
        OR, AND = np.maximum(X[:, 0], X[:, 1]), np.minimum(X[:, 0], X[:, 1])
        for a, b in ((OR, AND), (AND, OR)):
            if np.array_equal(H[:, 0], a) and np.array_equal(H[:, 1], b):
                return ok()
        return fail(
            "the hidden units do not compute OR and AND",
            expected="one hidden unit = x1 OR x2, the other = x1 AND x2",
            got="; ".join(
                f"x = ({x[0]:g}, {x[1]:g}): h = ({h[0]:g}, {h[1]:g})" for x, h in zip(X, H)
            ),
            hint=f"OR fires when x1 + x2 >= 1, AND when x1 + x2 >= 2; {CONVENTION}",
        )

    return [
        _shape_case("threshold_xor", [2, 2, 1]),
        _network_case("threshold_xor", X, want, "step", "h1 = OR, h2 = AND, y = h1 AND NOT h2"),
        Case(
            "the hidden units are OR and AND",
            "threshold_xor(), then the hidden layer alone",
            hidden,
        ),
    ]


threshold_xor = register(
    Exercise(
        "01.threshold_xor",
        "XOR with hard-threshold (step) units on 0/1 inputs",
        ("threshold_xor",),
        _threshold_xor_cases,
    )
)


def _sign_xor_cases(rng: np.random.Generator) -> list[Case]:
    X = boolean_inputs(2, (-1.0, 1.0))[rng.permutation(4)]
    want = np.where(X[:, 0] != X[:, 1], 1.0, -1.0)
    return [
        _shape_case("sign_xor", [2, 2, 1]),
        _network_case(
            "sign_xor",
            X,
            want,
            "sign",
            "on -1/+1 inputs: z1 = sgn(1 - x1 + x2) and z2 = sgn(-1 - x1 + x2) work",
        ),
    ]


sign_xor = register(
    Exercise("01.sign_xor", "XOR with sign units on -1/+1 inputs", ("sign_xor",), _sign_xor_cases)
)


# ----------------------------------------------------------------------------- McCulloch-Pitts
def _mp_judge(X: np.ndarray):
    def judge(got) -> Verdict:
        parsed, refusal = weights_and_bias(got, 3, "mcculloch_pitts()")
        if refusal is not None:
            return refusal
        w, b = parsed
        z = X @ w + b
        return truth_table_verdict(
            X,
            np.where(z >= 0, 1.0, -1.0),
            mcculloch_pitts_target(X),
            "sgn(w . x + b)",
            zs=[z],
            hint="x2 must dominate (a large weight), x1 and NOT x3 must each be enough "
            "once x2 holds: give x3 a negative weight",
        )

    return judge


def _mp_cases(rng: np.random.Generator) -> list[Case]:
    X = boolean_inputs(3, (-1.0, 1.0))
    shuffled = X[rng.permutation(8)]

    def shape(got) -> Verdict:
        return weights_and_bias(got, 3, "mcculloch_pitts()")[1] or ok()

    return [
        Case("one unit: three weights and a bias", "mcculloch_pitts()", shape),
        Case(
            "y = x2 AND (x1 OR NOT x3) on all 8 rows",
            "mcculloch_pitts(), then sgn(w . x + b) on every -1/+1 input",
            _mp_judge(shuffled),
            points=3.0,
        ),
    ]


mcculloch_pitts = register(
    Exercise(
        "01.mcculloch_pitts",
        "McCulloch-Pitts threshold logic: y = x2 AND (x1 OR NOT x3)",
        ("mcculloch_pitts",),
        _mp_cases,
    )
)


# ----------------------------------------------------------------------------- universality
def _universal_judge(X: np.ndarray, t: np.ndarray, structure: bool = False):
    d = X.shape[1]

    def judge(got) -> Verdict:
        params, refusal = layers(got, [d, None, 1], "universal_net(X, t)")
        if refusal is not None:
            return refusal
        H, y = threshold_forward(X, params, "step", linear_output=True)
        if not structure:
            return truth_table_verdict(
                X,
                y,
                t,
                "the network's output (linear output unit)",
                zs=pre_activations(X, params, "step")[:1],
                hint="the output unit is linear: y = W2 h + b2 must equal t exactly; with one "
                "hidden unit per pattern firing alone, W2 = t and b2 = 0 do it",
            )
        fires = H.sum(axis=0)
        if H.shape[1] != len(X) or not (np.all(H.sum(axis=1) == 1) and np.all(fires == 1)):
            return fail(
                "the hidden layer is not one unit per input pattern",
                expected=f"{len(X)} hidden units (2^{d}), each firing on exactly one pattern",
                got=f"{H.shape[1]} hidden units; units fire on "
                f"{_show(fires.astype(int))} patterns; patterns fire {_show(H.sum(axis=1))} units",
                hint="the unit for pattern p: weight +1 where p has a 1, -1 where it has a 0, "
                f"bias 0.5 - (number of ones in p); {CONVENTION}",
            )
        return ok()

    return judge


def _universal_cases(rng: np.random.Generator) -> list[Case]:
    def table(d: int, shuffle: bool, kind: str = "random"):
        counting = boolean_inputs(d)
        while True:
            order = rng.permutation(len(counting)) if shuffle else np.arange(len(counting))
            X = counting[order]
            if kind == "random":
                t = rng.integers(0, 2, size=len(X)).astype(float)
            elif kind == "parity":
                t = X.sum(axis=1) % 2
            else:
                return X, np.full(len(X), float(kind))
            # A shuffled table must be one that an answer assuming counting order gets wrong:
            # t[k] is the target of row X[k], and counting[k] = X[inverse[k]].
            inverse = np.argsort(order)
            if not shuffle or np.any(t != t[inverse]):
                return X, t

    specs = [
        ("XOR (D = 2)", (boolean_inputs(2), np.array([0.0, 1.0, 1.0, 0.0])), 1.0, False),
        ("always 0 (D = 3)", table(3, False, "0"), 1.0, False),
        ("always 1 (D = 2)", table(2, True, "1"), 1.0, False),
        ("3-bit parity, rows in random order", table(3, True, "parity"), 1.0, False),
        ("a random function of D = 1 input", table(1, False), 1.0, False),
        ("a random function of D = 4, rows in random order", table(4, True), 1.0, False),
        ("a random function of D = 5", table(5, False), 1.0, False),
        ("a random function of D = 6, rows in random order", table(6, True), 2.0, False),
        ("one hidden unit per input pattern (D = 3)", table(3, True), 2.0, True),
    ]
    return [
        Case(
            name,
            f"universal_net(X of shape {X.shape}, t = {_show(t)})",
            _universal_judge(X, t, structure),
            args=(X, t),
            points=points,
        )
        for name, (X, t), points, structure in specs
    ]


universal = register(
    Exercise(
        "01.universal",
        "Universality: one step unit per input pattern",
        ("universal_net",),
        _universal_cases,
    )
)


# ----------------------------------------------------------------------------- linear collapse
def _collapse_judge(params: list) -> Callable[[object], Verdict]:
    W_ref, b_ref = collapse_linear(params)

    def judge(got) -> Verdict:
        bad = expect_tuple(got, 2, name="collapse(params)")
        if bad is not None:
            return bad
        return all_of(
            expect_array(
                got[0],
                W_ref,
                name="W'",
                hint="W' = W_L ... W_2 W_1: the last layer is on the left "
                "(the first layer acts on x first)",
            ),
            expect_array(
                got[1],
                b_ref,
                name="b'",
                hint="b' is the stack's output at x = 0: each bias is multiplied by "
                "every weight matrix after it, b' = W_L(...(W_2 b_1 + b_2)...) + b_L",
            ),
        )

    return judge


def _collapse_cases(rng: np.random.Generator) -> list[Case]:
    def stack(sizes, zero_bias_after_first=False):
        params = []
        for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
            b = np.zeros(n_out) if zero_bias_after_first and i > 0 else rng.normal(size=n_out)
            params.append((rng.normal(size=(n_out, n_in)), b))
        return params

    widths3 = [int(v) for v in rng.integers(1, 7, size=4)]
    widths5 = [int(v) for v in rng.integers(1, 7, size=6)]
    specs = [
        ("one layer is already collapsed", stack([3, 2]), 1.0),
        (f"three layers {widths3}", stack(widths3), 2.0),
        ("square layers: the order of the product matters", stack([3, 3, 3, 3]), 2.0),
        ("the first bias passes through the later layers", stack([2, 4, 3], True), 1.0),
        (f"five layers {widths5}", stack(widths5), 1.0),
        ("a bottleneck of width 1", stack([4, 1, 5]), 1.0),
    ]
    return [
        Case(
            name,
            "collapse(params) with layer shapes " + ", ".join(f"{W.shape}" for W, _ in params),
            _collapse_judge(params),
            args=([tuple(p) for p in params],),
            points=points,
        )
        for name, params, points in specs
    ]


linear_collapse = register(
    Exercise(
        "01.linear_collapse",
        "A stack of linear layers is one affine layer",
        ("collapse",),
        _collapse_cases,
    )
)
