"""Run a notebook headless in a real Jupyter kernel and read nbgrader's verdict on each cell."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import nbformat


@dataclass(frozen=True)
class CellGrade:
    """nbgrader's verdict on one graded test cell after execution."""

    grade_id: str
    points: float
    max_points: float
    error: str = ""


def execute_notebook(
    path: Path, *, cell_timeout: int = 120, cwd: Path | None = None, allow_errors: bool = True
) -> nbformat.NotebookNode:
    """Execute ``path`` with nbclient in a fresh ``python3`` kernel and return the result.

    Figures render through matplotlib's inline backend (as in JupyterLab), and BLAS uses one
    thread so runs are repeatable and several kernels can share the cores.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = dict(
        os.environ,
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
    )
    client = NotebookClient(
        nb,
        timeout=cell_timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(cwd or Path(path).parent)}},
    )
    client.execute(env=env)
    return nb


def error_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """``"cell 12: ValueError: ..."`` for every cell whose output is an error (a traceback)."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
    return found


def cell_grades(nb: nbformat.NotebookNode) -> list[CellGrade]:
    """nbgrader's own ``determine_grade`` for every autograded test cell of an executed notebook."""
    from nbgrader.utils import determine_grade, is_grade, is_solution

    grades = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_grade(cell) or is_solution(cell):
            continue
        points, max_points = determine_grade(cell)
        errors = [
            f"{o.get('ename')}: {o.get('evalue')}"
            for o in cell.get("outputs", [])
            if o.get("output_type") == "error"
        ]
        grades.append(
            CellGrade(
                cell.metadata["nbgrader"]["grade_id"],
                float(points or 0.0),
                float(max_points),
                errors[0] if errors else "",
            )
        )
    return grades


def output_text(
    nb: nbformat.NotebookNode, kinds: tuple[str, ...] = ("text/plain", "text/html")
) -> str:
    """Stream output and the ``kinds`` representations of every result, joined (for assertions)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            data = out.get("data", {})
            for key in kinds:
                if key in data:
                    parts.append(str(data[key]))
    return "\n".join(parts)
