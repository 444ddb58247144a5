"""guarded_call and to_plain: copies in, plain data out, a real time limit, nothing escapes."""

from __future__ import annotations

import enum
import signal
import sys
import threading
import time
import warnings

import numpy as np
import pytest

from nncourse.check import guarded_call, to_plain
from nncourse.inside.guard import (
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_STRING,
    OK,
    RAISED,
    STUB,
    TIMED_OUT,
    Opaque,
    describe_value,
)

# ---------------------------------------------------------------- guarded_call


def test_a_normal_call_returns_plain_data():
    out = guarded_call(lambda a, b=0: np.float64(a + b), (2,), {"b": 3})
    assert out.status == OK
    assert out.value == 5.0 and type(out.value) is float
    assert out.error == ""
    assert out.seconds >= 0.0


def test_inputs_are_deep_copies():
    z = np.array([1.0, 2.0, 3.0])
    params = [(np.ones((2, 2)), np.zeros(2))]
    options = {"scale": [1.0]}

    def vandal(z, params, options):
        z[:] = -1.0
        params[0][0][:] = 7.0
        params.append("junk")
        options["scale"].append(2.0)
        return z.sum()

    out = guarded_call(vandal, (z, params), {"options": options})
    assert out.status == OK and out.value == -3.0
    np.testing.assert_array_equal(z, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(params[0][0], np.ones((2, 2)))
    assert len(params) == 1
    assert options == {"scale": [1.0]}


def test_the_result_is_a_copy_not_a_view_of_student_state():
    kept = np.zeros(3)
    out = guarded_call(lambda: kept)
    kept[:] = 5.0
    np.testing.assert_array_equal(out.value, np.zeros(3))


def test_stub_is_not_attempted():
    def stub(z):
        raise NotImplementedError()

    out = guarded_call(stub, (1.0,))
    assert out.status == STUB
    assert out.value is None


def test_an_exception_names_its_type_and_first_line():
    def broken(z):
        raise ValueError("shapes (3,) and (4,) not aligned\nsecond line")

    out = guarded_call(broken, (1.0,))
    assert out.status == RAISED
    assert out.error == "ValueError: shapes (3,) and (4,) not aligned"


def test_an_exception_without_message_is_named():
    def broken():
        raise KeyError

    out = guarded_call(broken)
    assert out.status == RAISED and out.error == "KeyError"


def test_recursion_error_is_reported():
    def forever(n):
        return forever(n + 1)

    out = guarded_call(forever, (0,))
    assert out.status == RAISED
    assert out.error.startswith("RecursionError")


def test_sys_exit_is_reported_not_obeyed():
    def quitter():
        sys.exit(3)

    out = guarded_call(quitter)
    assert out.status == RAISED
    assert "SystemExit" in out.error and "exit(3)" in out.error


def test_something_not_callable_is_refused():
    out = guarded_call(np.zeros(3))
    assert out.status == RAISED
    assert "expected a function" in out.error and "array of shape (3,)" in out.error


def test_endless_loop_is_interrupted_in_the_main_thread():
    def spin():
        while True:
            pass

    start = time.perf_counter()
    out = guarded_call(spin, timeout=0.3)
    elapsed = time.perf_counter() - start
    assert out.status == TIMED_OUT
    assert "did not finish within 0.3 s" in out.error
    assert elapsed < 1.5


def test_a_bare_except_cannot_swallow_the_time_limit():
    def stubborn():
        try:
            while True:
                pass
        except:  # noqa: E722 - this is the student habit under test
            pass
        while True:
            pass

    start = time.perf_counter()
    out = guarded_call(stubborn, timeout=0.2)
    assert out.status == TIMED_OUT
    assert time.perf_counter() - start < 1.5


def test_the_alarm_handler_is_restored():
    before = signal.getsignal(signal.SIGALRM)
    guarded_call(lambda: 1)
    guarded_call(lambda: time.sleep(5), timeout=0.1)
    assert signal.getsignal(signal.SIGALRM) is before


def test_an_outer_timer_survives_a_guarded_call():
    """A timer armed by the caller (pytest-timeout, a grader) is still armed afterwards."""
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    old_timer = signal.setitimer(signal.ITIMER_REAL, 50.0)
    try:
        guarded_call(lambda: sum(range(1000)))
        guarded_call(lambda: time.sleep(5), timeout=0.1)
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    finally:
        signal.setitimer(signal.ITIMER_REAL, *old_timer)
        signal.signal(signal.SIGALRM, previous)
    assert 45.0 < remaining <= 50.0
    assert fired == []


def test_timeout_also_works_from_a_worker_thread():
    stop = threading.Event()
    box = {}

    def spin():
        while not stop.is_set():
            time.sleep(0.01)

    def worker():
        box["out"] = guarded_call(spin, timeout=0.3)

    thread = threading.Thread(target=worker)
    start = time.perf_counter()
    thread.start()
    thread.join(5.0)
    elapsed = time.perf_counter() - start
    stop.set()  # let the abandoned student thread end
    assert not thread.is_alive()
    assert box["out"].status == TIMED_OUT
    assert "did not finish within 0.3 s" in box["out"].error
    assert elapsed < 1.5


def test_errors_and_values_come_back_from_a_worker_thread():
    box = {}

    def worker():
        box["ok"] = guarded_call(lambda z: z * 2, (np.arange(3.0),))
        box["err"] = guarded_call(lambda: 1 / 0)
        box["stub"] = guarded_call(lambda: (_ for _ in ()).throw(NotImplementedError()))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5.0)
    np.testing.assert_array_equal(box["ok"].value, [0.0, 2.0, 4.0])
    assert box["err"].status == RAISED and box["err"].error.startswith("ZeroDivisionError")
    assert box["stub"].status == STUB


def test_converting_the_result_is_under_the_time_limit_too():
    """A returned object whose conversion loops forever cannot hang the checker."""

    class Endless(float):
        def __float__(self):
            while True:
                pass

    start = time.perf_counter()
    out = guarded_call(lambda: Endless(1.0), timeout=0.3)
    assert out.status == TIMED_OUT
    assert time.perf_counter() - start < 1.5


def test_quiet_discards_prints(capsys):
    def chatty(x):
        print("hello from stdout")
        print("hello from stderr", file=sys.stderr)
        return x

    out = guarded_call(chatty, (1,), quiet=True)
    captured = capsys.readouterr()
    assert out.value == 1
    assert captured.out == "" and captured.err == ""

    guarded_call(chatty, (1,), quiet=False)
    captured = capsys.readouterr()
    assert "hello from stdout" in captured.out
    assert "hello from stderr" in captured.err


def test_warnings_in_student_code_do_not_escape():
    def noisy(z):
        warnings.warn("student warning", UserWarning, stacklevel=1)
        return 1.0 / (1.0 + np.exp(-z))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = guarded_call(noisy, (np.array([-1000.0, 0.0]),))
    assert out.status == OK
    np.testing.assert_array_equal(out.value, [0.0, 0.5])
    assert caught == []


def test_a_huge_array_is_refused_in_words():
    huge = np.broadcast_to(np.float64(0.0), (MAX_ELEMENTS + 1,))
    out = guarded_call(lambda: huge)
    assert out.status == RAISED
    expected = f"returned an array of {MAX_ELEMENTS + 1} elements (the limit is {MAX_ELEMENTS})"
    assert expected in out.error


# ---------------------------------------------------------------- to_plain


@pytest.mark.parametrize(
    "value, plain, kind",
    [
        (np.float64(1.5), 1.5, float),
        (np.float32(0.25), 0.25, float),
        (np.int32(-4), -4, int),
        (np.uint8(200), 200, int),
        (np.bool_(True), True, bool),
        (np.complex128(1 + 2j), 1 + 2j, complex),
        (3, 3, int),
        (2.5, 2.5, float),
        (None, None, type(None)),
    ],
)
def test_numbers_become_python_numbers(value, plain, kind):
    got = to_plain(value)
    assert type(got) is kind
    assert got == plain


def test_subclasses_of_builtins_become_builtins():
    class Colour(enum.IntEnum):
        RED = 2

    class Name(str):
        def __str__(self):
            return "lie"

    class Num(float):
        def __eq__(self, other):
            return True

    assert type(to_plain(Colour.RED)) is int and to_plain(Colour.RED) == 2
    assert type(to_plain(Name("abc"))) is str and to_plain(Name("abc")) == "abc"
    plain = to_plain(Num(0.5))
    assert type(plain) is float and plain == 0.5 and plain != 0.75


def test_nested_containers_are_converted_element_by_element():
    value = {"loss": np.float64(0.5), "grads": [np.ones(2), (np.int64(1), [np.float32(2.0)])]}
    got = to_plain(value)
    assert set(got) == {"loss", "grads"}
    assert type(got["loss"]) is float
    assert type(got["grads"]) is list and type(got["grads"][1]) is tuple
    assert type(got["grads"][0]) is np.ndarray
    assert type(got["grads"][1][0]) is int
    assert type(got["grads"][1][1][0]) is float


def test_arrays_keep_their_dtype_and_become_base_ndarrays():
    for dtype in (np.float64, np.float32, np.int64, np.bool_):
        got = to_plain(np.arange(4).astype(dtype).reshape(2, 2))
        assert type(got) is np.ndarray and got.dtype == dtype and got.shape == (2, 2)


def test_strings_are_truncated():
    assert len(to_plain("x" * (MAX_STRING + 50))) == MAX_STRING


class _Thing:
    pass


@pytest.mark.parametrize(
    "value, type_name",
    [
        (_Thing(), "_Thing"),
        (lambda: 0, "function"),
        ({1: "a"}, "dict"),
        ({1, 2}, "set"),
        (np.array([1, "a"], dtype=object), "numpy array of dtype object"),
        (np.array(["a", "b"]), "numpy array of dtype <U1"),
        (np.datetime64("2024-01-01"), "datetime64"),
    ],
)
def test_anything_else_becomes_opaque(value, type_name):
    got = to_plain(value)
    assert isinstance(got, Opaque)
    assert got.type_name == type_name
    assert repr(got) == f"<object of type {type_name}>"


def test_nesting_is_cut_at_the_depth_limit():
    value: list = [1.0]
    for _ in range(MAX_DEPTH + 3):
        value = [value]
    got = to_plain(value)
    for _ in range(MAX_DEPTH):
        assert type(got) is list
        got = got[0]
    assert isinstance(got, Opaque)
    assert "nested too deeply" in got.type_name


def test_self_containing_list_does_not_recurse_forever():
    loop: list = []
    loop.append(loop)
    got = to_plain(loop)
    depth = 0
    while isinstance(got, list):
        got, depth = got[0], depth + 1
    assert isinstance(got, Opaque) and depth == MAX_DEPTH


class _Liar(np.ndarray):
    """A numpy subclass whose comparisons, conversions and ufuncs all claim success."""

    def __array_finalize__(self, obj):
        self.lie = True

    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(other), dtype=bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        shape = np.broadcast_shapes(*(getattr(x, "shape", ()) for x in inputs))
        if ufunc.nout == 1 and ufunc.types[0].endswith("?"):
            return np.ones(shape, dtype=bool)
        return np.zeros(shape)

    def __array_function__(self, func, types, args, kwargs):
        return True

    def __array__(self, dtype=None, copy=None):
        return np.full(self.shape, 0.2)

    def view(self, *args, **kwargs):
        return np.full(self.shape, 0.2)

    def astype(self, *args, **kwargs):
        return np.full(self.shape, 0.2)

    def copy(self, *args, **kwargs):
        return np.full(self.shape, 0.2)

    def tolist(self):
        return [0.2] * self.size

    def __float__(self):
        return 0.2


def test_lying_numpy_subclass_is_reduced_to_its_own_data():
    wrong = np.array([9.0, 8.0, 7.0, 6.0, 5.0])
    liar = wrong.view(_Liar)
    # the lies work on the raw object ...
    assert bool(np.all(liar == np.full(5, 0.2)))
    assert np.allclose(liar, np.full(5, 0.2)) is True
    assert not np.any(np.subtract(liar, np.full(5, 0.2)))
    assert liar.tolist() == [0.2] * 5 and np.array_equal(liar.copy(), np.full(5, 0.2))
    got = to_plain(liar)  # ... but to_plain keeps only the data underneath
    assert type(got) is np.ndarray
    np.testing.assert_array_equal(got, wrong)
    assert not np.allclose(got, 0.2)


# ---------------------------------------------------------------- describe_value


def test_describe_value_names_shape_dtype_and_values():
    text = describe_value(np.array([1.0, 2.0, 3.0]))
    assert text.startswith("array of shape (3,), dtype float64:")
    assert "1." in text and "3." in text
    assert describe_value([1, 2]) == "list of length 2: [1, 2]"
    assert describe_value((1,)) == "tuple of length 1: (1,)"
    assert describe_value(Opaque("Foo")) == "<object of type Foo>"
    assert describe_value(None) == "None"


def test_describe_value_is_short():
    text = describe_value(np.arange(10_000.0).reshape(100, 100), limit=60)
    assert len(text) <= 60 and text.endswith("...")
    assert "\n" not in describe_value(np.eye(4))
