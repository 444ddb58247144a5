"""Every release notebook runs top to bottom where only the student wheel is installed.

The release must run without a traceback and say "not attempted" once per graded exercise; the
source notebooks with their solutions filled in (hidden tests removed) must pass every visible
check there too. Kernels are real (nbclient in the student venv, so the kernel is the student
venv's Python) and every notebook runs from a temporary folder, away from the repository.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from studentenv import run_student

pytestmark = [pytest.mark.student, pytest.mark.notebooks]

REPO = Path(__file__).resolve().parents[2]
RELEASED = sorted((REPO / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((REPO / "solutions").glob("*.ipynb"))
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)

RUNNER = """
import json, os, sys
import nbformat
from nbclient import NotebookClient
path = sys.argv[1] if len(sys.argv) > 1 else {path!r}
nb = nbformat.read(path, as_version=4)
env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline",
           OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
               resources={{"metadata": {{"path": os.path.dirname(path)}}}}).execute(env=env)
cells = []
for cell in nb.cells:
    texts, errors = [], []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            errors.append(out.get("ename", "") + ": " + out.get("evalue", ""))
        if out.get("output_type") == "stream":
            texts.append(out.get("text", ""))
        texts.append(str(out.get("data", {{}}).get("text/plain", "")))
    cells.append({{"source": cell.source, "text": "\\n".join(texts), "errors": errors}})
print(json.dumps(cells))
"""


def _run(student_python: Path, notebook: Path, tmp_path: Path) -> list[dict]:
    work = tmp_path / notebook.stem
    work.mkdir()
    target = work / notebook.name
    shutil.copyfile(notebook, target)
    done = run_student(student_python, RUNNER.format(path=str(target)), work, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _graded_count(path: Path) -> int:
    source = json.loads((REPO / "solutions" / path.name).read_text())
    return sum(
        1
        for c in source["cells"]
        if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("grade")
    )


@pytest.mark.parametrize("path", RELEASED, ids=[p.stem for p in RELEASED])
def test_release_runs_in_the_student_edition_and_says_not_attempted(path, student_python, tmp_path):
    cells = _run(student_python, path, tmp_path)
    errors = [(i, e) for i, c in enumerate(cells) for e in c["errors"]]
    assert errors == [], "the student release must run without a traceback"
    text = "\n".join(c["text"] for c in cells)
    assert text.count("not attempted yet") == _graded_count(path)
    assert "all checks passed" not in text
    assert "BEGIN HIDDEN TESTS" not in path.read_text()
    assert "BEGIN SOLUTION" not in path.read_text()


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_solutions_pass_every_visible_check_in_the_student_edition(path, student_python, tmp_path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = HIDDEN.sub("", text)
    stripped = tmp_path / "src" / path.name
    stripped.parent.mkdir()
    stripped.write_text(json.dumps(nb))
    cells = _run(student_python, stripped, tmp_path)
    errors = [(i, e) for i, c in enumerate(cells) for e in c["errors"]]
    assert errors == []
    text = "\n".join(c["text"] for c in cells)
    assert text.count("all checks passed") >= _graded_count(path), text[-2000:]
    assert not re.search(r"\d+/\d+ checks passed", text), "a visible check failed"
    assert "not attempted" not in text
