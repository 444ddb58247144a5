"""The house rules of the layout: what may import what, and what the package declares."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / "nncourse"

IMPORT_NAMES = {"sklearn": "scikit-learn", "yaml": "pyyaml", "PIL": "pillow"}
"""Import name -> distribution name, where they differ."""

PROVIDED_BY = {"matplotlib_inline": "matplotlib-inline", "traitlets": "ipywidgets"}
"""Modules that come with a declared dependency (ipykernel/ipywidgets/jupyterlab bring these)."""


def _top_level_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_inside_imports_only_the_standard_library_numpy_and_itself(tmp_path):
    """nncourse/inside works where it stands when copied alone, as the sandbox copies it."""
    pkg = tmp_path / "lib" / "_nngrade"
    shutil.copytree(PKG / "inside", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    modules = sorted(
        "_nngrade." + ".".join(p.relative_to(pkg).with_suffix("").parts).replace(".__init__", "")
        for p in pkg.rglob("*.py")
    )
    code = (
        "import sys, importlib\n"
        f"sys.path[:0] = [{str(tmp_path / 'lib')!r}, {str(Path(np.__file__).parents[1])!r}]\n"
        "import numpy\n"
        "before = set(sys.modules)\n"
        f"for m in {[m.replace('._nngrade', '') for m in modules]!r}:\n"
        "    importlib.import_module(m.rstrip('.'))\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "allowed = set(sys.stdlib_module_names) | {'_nngrade', 'numpy'}\n"
        "print(sorted(n for n in new if n not in allowed and not n.startswith('_')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    for path in pkg.rglob("*.py"):
        assert not re.search(r"^\s*(from|import) nncourse", path.read_text(), re.M), path


def test_declared_dependencies_cover_every_import():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=\[ ]", d)[0].lower() for d in meta["dependencies"]}
    stdlib = set(sys.stdlib_module_names)
    missing = set()
    for path in PKG.rglob("*.py"):
        for name in _top_level_imports(path) - stdlib - {"nncourse", "__future__"}:
            dist = IMPORT_NAMES.get(name, name).lower().replace("_", "-")
            optional = name in ("dask", "distributed", "torch", "playwright")
            if dist not in declared and name not in PROVIDED_BY and not optional:
                missing.add(f"{name} ({path.relative_to(REPO)})")
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"


def test_no_student_module_imports_the_answer_key_at_module_level():
    from nncourse.course.wheel import INSTRUCTOR_ONLY

    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[0] in INSTRUCTOR_ONLY:
            continue
        for node in ast.parse(path.read_text()).body:  # module level only
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nncourse.key"):
                offenders.append(str(rel))
            if isinstance(node, ast.Import) and any(
                a.name.startswith("nncourse.key") for a in node.names
            ):
                offenders.append(str(rel))
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "nncourse"
                and any(a.name == "key" for a in node.names)
            ):
                offenders.append(str(rel))
    assert offenders == []
