"""Write nbgrader source notebooks from a plain-text "percent" script.

Authors may edit ``solutions/*.ipynb`` directly in JupyterLab (with nbgrader's create-assignment
toolbar), or write a script and convert it once with ``nncourse author script.py out.ipynb``.
Cell markers (one per line, at the start of a cell):

``# %% [markdown]``
    Markdown; each following line loses its leading ``# ``.
``# %%``
    Ordinary code cell (demos, imports).
``# %% solution id=answer_02_softmax``
    Autograded answer: nbgrader ``solution`` cell; put ``### BEGIN SOLUTION`` /
    ``### END SOLUTION`` *inside a function body* so the release still runs.
``# %% tests id=test_02_softmax points=3``
    Autograder tests: locked, graded, with ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``.
``# %% readonly id=some_id``
    Locked ordinary cell (instructions the student must not edit).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

_MARKER = re.compile(r"^# %%(?P<rest>.*)$")


def _nbgrader_meta(kind: str, options: dict[str, str]) -> dict:
    grade_id = options.get("id")
    if not grade_id:
        raise ValueError(f"a {kind} cell needs id=...")
    meta = {
        "grade": kind == "tests",
        "grade_id": grade_id,
        "locked": kind in ("tests", "readonly"),
        "schema_version": 3,
        "solution": kind == "solution",
        "task": False,
    }
    if kind == "tests":
        meta["points"] = float(options.get("points", "1"))
    return meta


def script_to_notebook(text: str) -> nbformat.NotebookNode:
    """Convert a percent-format script (see module docstring) into an nbgrader notebook."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    chunks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        m = _MARKER.match(line)
        if m:
            chunks.append((m.group("rest").strip(), []))
        elif chunks:
            chunks[-1][1].append(line)
    for header, lines in chunks:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if header == "[markdown]":
            body = "\n".join(re.sub(r"^# ?", "", ln) for ln in lines)
            nb.cells.append(nbformat.v4.new_markdown_cell(body))
            continue
        cell = nbformat.v4.new_code_cell("\n".join(lines))
        if header:
            kind, *rest = header.split()
            options = dict(item.split("=", 1) for item in rest)
            if kind not in ("solution", "tests", "readonly"):
                raise ValueError(f"unknown cell kind {kind!r} in '# %% {header}'")
            cell.metadata["nbgrader"] = _nbgrader_meta(kind, options)
        nb.cells.append(cell)
    for cell in nb.cells:
        cell.pop("id", None)
    return nb


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write ``nb`` in the repository's canonical form (no outputs, stable ids, indent 1)."""
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb, version=4) + "\n", encoding="utf-8")


def convert(script: Path, out: Path) -> Path:
    """Read ``script``, write the notebook to ``out``; return ``out``."""
    write_notebook(script_to_notebook(Path(script).read_text(encoding="utf-8")), Path(out))
    return Path(out)
