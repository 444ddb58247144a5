"""The wire format refuses anything that is not plain data; the sandbox layers hold.

The sandbox tests talk to a real worker through the same protocol the grader uses, with student
code written here, and check each layer from the inside (what the code can do) and the outside
(canary files unchanged).
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from nncourse.grading.sandbox import Limits, WorkerPool
from nncourse.inside import wire
from nncourse.inside.guard import Opaque

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- wire


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -2.5,
        float("nan"),
        float("inf"),
        1 + 2j,
        "text",
        np.arange(6, dtype=np.float64).reshape(2, 3),
        np.ones(3, dtype=np.float32),
        np.array([True, False]),
        np.arange(4, dtype=np.int64),
        np.zeros((0, 3)),
        [1, (2.0, np.ones(2))],
        {"loss": 1.5, "grad": np.eye(2)},
    ],
)
def test_plain_values_round_trip(value):
    back = wire.decode(json.loads(wire.dumps({"v": wire.encode(value)}))["v"], opaque=Opaque)
    if isinstance(value, np.ndarray):
        assert type(back) is np.ndarray and back.dtype == value.dtype
        assert back.shape == value.shape and np.array_equal(back, value)
    elif isinstance(value, float) and np.isnan(value):
        assert np.isnan(back)
    elif isinstance(value, list):
        assert back[0] == 1 and type(back[1]) is tuple and np.array_equal(back[1][1], np.ones(2))
    elif isinstance(value, dict):
        assert back["loss"] == 1.5 and np.array_equal(back["grad"], np.eye(2))
    else:
        assert back == value and type(back) is type(value)


def test_objects_travel_only_as_opaque_markers():
    class Sneaky:
        def __eq__(self, other):
            return True

    encoded = wire.encode([Sneaky(), np.array(["a"], dtype=object)])
    back = wire.decode(encoded, opaque=Opaque)
    assert back[0] == Opaque("Sneaky")
    assert isinstance(back[1], Opaque) and "object" in back[1].type_name


def _array_msg(dtype="<f8", shape=(2,), data=b"\0" * 16):
    return {"$a": dtype, "shape": list(shape), "b64": base64.b64encode(data).decode()}


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (_array_msg(dtype="|O"), "may not travel"),
        (_array_msg(dtype="<V8"), "may not travel"),
        (_array_msg(shape=(3,)), "does not match"),
        (_array_msg(shape=(-1,)), "shape"),
        (_array_msg(shape=(wire.MAX_ELEMENTS + 1,)), "shape"),
        ({"$a": "<f8", "shape": [1], "b64": "!!!!"}, "malformed"),
        ({"$q": 1}, "malformed"),
        ({"$d": [[1, 2]]}, "malformed"),
        ([[[[[[[[[[[[1]]]]]]]]]]]], "nested"),
        (
            [
                _array_msg(
                    shape=(wire.MAX_ELEMENTS // 2 + 1,),
                    data=b"\0" * 8 * (wire.MAX_ELEMENTS // 2 + 1),
                )
            ]
            * 2,
            "elements",
        ),
    ],
)
def test_decode_refuses_malformed_or_oversized_data(message, words):
    with pytest.raises(wire.WireError, match=words):
        wire.decode(message, opaque=Opaque)


def test_loads_refuses_non_objects_and_bad_json():
    for line in (b"[1, 2]", b"{not json", b"[" * 100_000 + b"]" * 100_000):
        with pytest.raises(wire.WireError):
            wire.loads(line)


def test_encode_refuses_too_many_elements():
    with pytest.raises(wire.WireError, match="elements"):
        wire.encode(np.zeros(wire.MAX_ELEMENTS + 1))


# ---------------------------------------------------------------- sandbox


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(1, Limits(timeout=2.0, grace=1.0)) as p:
        yield p


def _run(pool, source: str, names: list[str]) -> dict:
    """Run ``source`` as one cell in a fresh worker; return ``report()``'s plain-data answer."""
    worker = pool.take()
    try:
        worker.send(
            {
                "op": "load",
                "limit": 2.0,
                "targets": ["report"],
                "cells": [
                    {"index": 0, "source": source},
                    {
                        "index": 1,
                        "source": "def report():\n    return {k: str(globals()"
                        f".get(k))[:300] for k in {names!r}}}",
                    },
                ],
            }
        )
        while worker.receive(time.monotonic() + 10).get("event") != "loaded":
            pass
        worker.send(
            {
                "op": "call",
                "nonce": 7,
                "targets": ["report"],
                "probe": "",
                "args": wire.encode(()),
                "kwargs": wire.encode({}),
                "timeout": 2.0,
            }
        )
        reply = worker.receive(time.monotonic() + 10)
        return wire.decode(reply["value"], opaque=Opaque)
    finally:
        worker.kill()


def _attempt(name: str, code: str) -> str:
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return (
        f"try:\n{body}\n    {name} = 'succeeded'\nexcept BaseException as exc:\n"
        f"    {name} = 'refused: ' + type(exc).__name__\n"
    )


def test_filesystem_outside_the_sandbox_is_refused(pool, tmp_path):
    secret = tmp_path / "solutions.ipynb"
    secret.write_text("the instructor's answers")
    book = tmp_path / "gradebook.db"
    book.write_bytes(b"grades")
    code = "\n".join(
        [
            _attempt("READ", f"open({str(secret)!r}).read()"),
            _attempt("WRITE", f"open({str(book)!r}, 'wb').write(b'0')"),
            _attempt("CREATE", f"open({str(tmp_path / 'HACKED.txt')!r}, 'w').write('x')"),
            _attempt("REPO", f"open({str(REPO / 'solutions' / '02_activations.ipynb')!r}).read()"),
            _attempt("PROC", "open('/proc/1/environ').read()"),
            _attempt("LOCAL", "open('scratch.txt', 'w').write('own folder is fine')"),
        ]
    )
    got = _run(pool, code, ["READ", "WRITE", "CREATE", "REPO", "PROC", "LOCAL"])
    layers = pool.take()
    landlock = layers.layers.get("landlock")
    layers.kill()
    if not landlock:
        pytest.skip("Landlock is not available on this kernel")
    for key in ("READ", "WRITE", "CREATE", "REPO", "PROC"):
        assert got[key].startswith("refused"), (key, got[key])
    assert got["LOCAL"] == "succeeded"
    assert secret.read_text() == "the instructor's answers"
    assert book.read_bytes() == b"grades"
    assert not (tmp_path / "HACKED.txt").exists()


def test_no_network_no_processes_no_signals_out(pool):
    code = "\n".join(
        [
            _attempt("TCP", "import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=1)"),
            _attempt("FORK", "import os\npid = os.fork()\nif pid == 0:\n    os._exit(0)"),
            _attempt("EXEC", "import subprocess\nsubprocess.run(['/bin/true'])"),
            _attempt("KILL", f"import os\nos.kill({os.getpid()}, 0)"),
            _attempt(
                "THREAD",
                "import threading\nt = threading.Thread(target=print)\nt.start()\nt.join()",
            ),
        ]
    )
    got = _run(pool, code, ["TCP", "FORK", "EXEC", "KILL", "THREAD"])
    assert got["TCP"].startswith("refused")
    assert got["FORK"].startswith("refused") and got["EXEC"].startswith("refused")
    assert got["KILL"].startswith("refused"), "the grader's process must be out of reach"
    assert got["THREAD"] == "succeeded", "threads stay allowed"


def test_clean_environment_and_no_reference_code(pool):
    code = "\n".join(
        [
            "import os, sys",
            "ENV = sorted(os.environ)",
            "SEEN = sys.path + sys.argv + list(os.environ.values())",
            f"LEAKS = [p for p in SEEN if {str(REPO)!r} in p]",
            "from nncourse.key import activations",
            _attempt("CALL", "activations.softmax([1.0])"),
            _attempt(
                "REAL",
                "sys.meta_path.pop(0)\nsys.modules.pop('nncourse', None)\n"
                f"sys.path.insert(0, {str(REPO)!r})\nimport nncourse.key.activations",
            ),
            _attempt("MATPLOTLIB", "import matplotlib"),
        ]
    )
    got = _run(pool, code, ["ENV", "LEAKS", "CALL", "REAL", "MATPLOTLIB"])
    assert got["ENV"] == str(["HOME", "LANG", "PATH", "TMPDIR"])
    assert got["LEAKS"] == "[]"
    assert got["CALL"] == "refused: ReferenceCodeUsed"
    assert got["REAL"].startswith("refused"), "reference code must not be importable"
    assert got["MATPLOTLIB"].startswith("refused")


def test_memory_and_file_size_are_limited(pool):
    code = "\n".join(
        [
            "import numpy as np",
            _attempt("MEMORY", "x = np.ones(400_000_000)"),
            _attempt("FILE", "open('big.bin', 'wb').write(b'0' * (64 * 2**20))"),
        ]
    )
    got = _run(pool, code, ["MEMORY", "FILE"])
    assert got["MEMORY"] == "refused: MemoryError"
    assert got["FILE"].startswith("refused")


def test_uninterruptible_loop_is_killed_and_the_pool_goes_on(pool):
    worker = pool.take()
    start = time.monotonic()
    worker.send(
        {
            "op": "load",
            "limit": 1.0,
            "targets": [],
            "cells": [
                {
                    "index": 0,
                    "source": "import signal\n\n\ndef spin():\n"
                    "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                    "    while True:\n        pass\n\n\nspin()",
                }
            ],
        }
    )
    from nncourse.grading.sandbox import WorkerTimeout

    assert worker.receive(time.monotonic() + 5)["event"] == "cell"
    with pytest.raises(WorkerTimeout):
        worker.receive(time.monotonic() + 2.0)
    worker.kill()
    assert worker.proc.poll() is not None
    assert time.monotonic() - start < 6
    fresh = pool.take()
    assert fresh.proc.poll() is None
    fresh.kill()
