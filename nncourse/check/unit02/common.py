"""Pieces shared by unit 02's checkers: one-call array cases, inputs left unchanged, activation
pairs, loss pairs.

Every input is drawn from the seed, so a table of the visible checks' outputs earns nothing on
the hidden inputs; property checks (shape, input unchanged) and edge cases a trivial answer can
pass name the main value case in ``needs``, so they earn nothing without correct values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import (
    Verdict,
    all_of,
    as_array,
    expect_array,
    expect_scalar,
    expect_tuple,
    fail,
    show,
)
from nncourse.inside.guard import describe_value


def large_z(rng: np.random.Generator, size: int = 8) -> np.ndarray:
    """Inputs that overflow a naive exp(), drawn from the seed, in random places: one value in
    [710, 1000] and one in [-1000, -710] (exp overflows past 709.8), ``size // 2 - 2`` more with
    |z| in [30, 1000] and both signs, the rest moderate (|z| < 3)."""
    sure = np.array([1.0, -1.0]) * rng.uniform(710.0, 1000.0, size=2)
    n_big = size // 2 - 2
    big = rng.uniform(30.0, 1000.0, size=n_big) * rng.permutation(np.resize([1.0, -1.0], n_big))
    small = rng.uniform(-3.0, 3.0, size=size - size // 2)
    return rng.permutation(np.concatenate([sure, big, small]))


def both_signs(rng: np.random.Generator, shape: tuple, scale: float = 2.5) -> np.ndarray:
    """Normal draws with about half of each sign in random places and |z| >= 0.05."""
    z = rng.normal(0.0, scale, size=shape)
    flat = z.reshape(-1)
    signs = rng.permutation(np.resize([1.0, -1.0], flat.size))
    flat[:] = signs * np.maximum(np.abs(flat), 0.05)
    return z


def fn_case(
    name: str,
    fn_name: str,
    index: int,
    args: tuple,
    expected: np.ndarray,
    hint: str = "",
    points: float = 1.0,
    *,
    needs: tuple[str, ...] = (),
    part: str = "",
    mistakes: tuple = (),
) -> Case:
    """A case that calls target ``index`` on ``args`` and compares an array result."""
    return Case(
        name=name,
        call=f"{fn_name}({', '.join(show(a) for a in args)})",
        judge=judge(
            expect_array, expected=expected, name=f"{fn_name}(...)", hint=hint, mistakes=mistakes
        ),
        args=(index, *args),
        probe="call_target",
        points=points,
        needs=needs,
        part=part,
    )


def inputs_unchanged(
    got: object,
    *,
    expected: object,
    fn_name: str,
    arg_names: list,
    originals: list,
    loss: float | None = None,
) -> Verdict:
    """Judge ``(result, [arguments after the call])``: right values first (wrong ones fail with
    their own verdict, so a function that returns zeros is not told it left its input alone),
    then every argument equal to what was sent (a function must not write into its caller's
    arrays).

    ``loss`` given: the result is a ``(loss, gradient)`` pair and ``expected`` the gradient.
    """
    if not isinstance(got, tuple | list) or len(got) != 2:
        return fail("the probe returned something unexpected", got=describe_value(got))
    result, after = got
    if loss is None:
        values = expect_array(result, expected, name=f"{fn_name}(...)")
    else:
        values = loss_pair(result, loss=loss, grad=expected, fn_name=fn_name, hints=("", ""))
    if not values.passed:
        return values
    for name, before, now in zip(arg_names, originals, after):
        if not _same(before, now):
            return fail(
                f"{fn_name} changed its argument `{name}` in place",
                expected=f"`{name}` as it was sent (see the call)",
                wanted=f"`{name}` unchanged after the call",
                got=f"{name} afterwards: {describe_value(now)}",
                hint=f"compute into a new array (`{name} = {name} - ...`), not in place "
                f"(`{name} -= ...`, `{name}[...] = ...`)",
            )
    return Verdict(True)


def _same(before: object, now: object) -> bool:
    if isinstance(before, str):
        return before == now
    if isinstance(before, list | tuple):
        return (
            isinstance(now, list | tuple)
            and len(now) == len(before)
            and all(_same(b, n) for b, n in zip(before, now))
        )
    arr, refusal = as_array(now)
    if refusal is not None:
        return False
    before = np.asarray(before, dtype=np.float64)
    return arr.shape == before.shape and np.array_equal(arr, before)


def unchanged_case(
    fn_name: str,
    index: int,
    arg_names: tuple[str, ...],
    args: tuple,
    expected: object,
    *,
    needs: tuple[str, ...],
    part: str = "",
    loss: float | None = None,
    points: float = 0.5,
) -> Case:
    """ "leaves its input unchanged": calls target ``index`` on ``args`` and compares both the
    result and the arguments afterwards; earns its points only with the cases in ``needs``."""
    shown = ", ".join(arg_names)
    return Case(
        f"{fn_name} leaves {shown} unchanged",
        f"{fn_name}({shown}), then compare {shown} with what was sent",
        judge(
            inputs_unchanged,
            expected=expected,
            fn_name=fn_name,
            arg_names=list(arg_names),
            originals=list(args),
            loss=loss,
        ),
        args=(index, *args),
        probe="output_and_args",
        points=points,
        needs=needs,
        part=part,
    )


def elementwise(
    ex_id: str,
    title: str,
    names: tuple[str, str],
    key_names: tuple[str, str],
    special: Callable[[np.random.Generator, Callable], list[Case]],
    *,
    overflow_hint: str = "",
    mistakes: Callable[[np.ndarray], tuple] | None = None,
    each_needs_the_other: bool = False,
) -> Exercise:
    """An activation and its derivative, credited part by part: values on random inputs (most
    of the points), a 2-D shape, large |z| and the input left unchanged (each only with the
    values), plus the exercise's specials.

    ``key_names`` name the reference pair in ``nncourse.key.activations``;
    ``special(rng, ref_grad)`` adds the exercise's own cases. ``overflow_hint`` is given on the
    large-|z| cases only (where an overflow is what the evidence shows). ``mistakes(z)`` gives
    known wrong derivatives for the derivative's value case. ``each_needs_the_other``: a part
    earns only with the other part's values (for ``linear``, whose two right answers are the
    input returned and ones).
    """
    f_name, g_name = names

    def make(rng: np.random.Generator) -> list[Case]:
        from nncourse.key import activations

        f_ref, g_ref = (getattr(activations, n) for n in key_names)
        z = both_signs(rng, (7,))
        z2 = both_signs(rng, (3, 4))
        big = large_z(rng)
        cases = []
        for index, (name, ref, other) in enumerate(
            ((f_name, f_ref, g_name), (g_name, g_ref, f_name))
        ):
            main = f"{name} values"
            needs = (main, f"{other} values") if each_needs_the_other else (main,)
            known = mistakes(z) if mistakes and index == 1 else ()
            cases += [
                fn_case(
                    main,
                    name,
                    index,
                    (z,),
                    ref(z),
                    points=3.0,
                    part=name,
                    needs=needs[1:],
                    mistakes=known,
                ),
                fn_case(
                    f"{name} keeps a 2-D shape",
                    name,
                    index,
                    (z2,),
                    ref(z2),
                    needs=needs,
                    part=name,
                    points=0.5,
                ),
                fn_case(
                    f"{name} at large |z|",
                    name,
                    index,
                    (big,),
                    ref(big),
                    overflow_hint,
                    needs=needs,
                    part=name,
                ),
                unchanged_case(name, index, ("z",), (z,), ref(z), needs=needs, part=name),
            ]
        return cases + special(rng, g_ref)

    return register(Exercise(ex_id, title, names, make))


def loss_pair(
    got: object, *, loss: float, grad: np.ndarray, fn_name: str, hints: tuple[str, str]
) -> Verdict:
    """Judge ``(loss, gradient)``: a tuple of 2, a real finite loss, then the gradient array.

    A loss that is NaN or infinite gets ``hints[0]`` only (no guessed cause): a case whose
    inputs can overflow passes a hint that says so.
    """
    bad = expect_tuple(got, 2, name=f"{fn_name}(...)")
    if bad is not None:
        return bad
    value = got[0]
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf":
        value = value.reshape(())
    if isinstance(value, float | np.ndarray) and not np.all(np.isfinite(value)):
        return fail(
            f"the loss is {float(value)}",
            expected=f"{float(loss):.6g}",
            wanted="a finite number",
            got=str(float(value)),
            hint=hints[0],
        )
    return all_of(
        expect_scalar(got[0], loss, name="the loss", hint=hints[0]),
        expect_array(got[1], grad, name="the gradient", hint=hints[1]),
    )
