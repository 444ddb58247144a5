"""Build the student release: ``notebooks/``, the visible cases, and the student wheel.

* ``notebooks/`` from the source notebooks in ``solutions/``;
* ``nncourse/check/data/<unit>.json``: every exercise's visible cases, computed with the answer
  key (``nncourse.check.visible``), so the student edition's check cells need no reference code;
* ``dist/nncourse_student-<version>-py3-none-any.whl`` (``nncourse.course.wheel``).

The work is done by nbgrader's own ``generate_assignment`` (through ``NbGraderAPI``), so
solutions and hidden tests are stripped exactly as nbgrader strips them, cells are locked and
checksummed the same way, and stock ``nbgrader autograde`` can grade what students hand in.

Each ``solutions/<name>.ipynb`` is one nbgrader assignment ``<name>`` with one notebook
``<name>.ipynb``.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

from nncourse.grading.gradebook import DIR_MODE, FILE_MODE


@dataclass(frozen=True)
class ReleaseDiff:
    """Result of comparing a fresh release with the committed ``notebooks/``."""

    stale: list[str]
    missing: list[str]
    extra: list[str]
    stale_data: list[str] = ()

    @property
    def up_to_date(self) -> bool:
        return not (self.stale or self.missing or self.extra or self.stale_data)


class ReleaseError(RuntimeError):
    """The release cannot be built: a missing or empty solutions folder, a broken source
    notebook, nbgrader's refusal (bad metadata, duplicate grade ids, ...), an output folder that
    cannot be written. The message is one line; nothing was written when it is raised."""


def _summary(log: str, error: str) -> str:
    """nbgrader's log and error, cut to the sentences that say what went wrong, on one line."""
    lines = [ln.strip() for ln in f"{log}\n{error}".splitlines() if ln.strip()]
    found = []
    for line in lines:
        if "Traceback" in line or line.startswith(("File ", "raise ", "^")):
            continue
        match = re.search(r"(?:\w+\.)*(\w*(?:Error|Exception)): (.+)$", line)
        if match:
            found.append(match.group(2).strip())
        elif line.startswith("[ERROR]") and "error processing" not in line:
            found.append(line.removeprefix("[ERROR]").strip())
    text = "; ".join(dict.fromkeys(found or lines[-1:]))
    return text[:300] + ("..." if len(text) > 300 else "")


def source_notebooks(solutions: Path) -> list[Path]:
    """The source notebooks ``solutions/*.ipynb``; ``ReleaseError`` if there is none, or one is
    not a notebook."""
    solutions = Path(solutions)
    if not solutions.is_dir():
        raise ReleaseError(
            f"the solutions folder {solutions} does not exist"
            if not solutions.exists()
            else f"--solutions {solutions} is a file; give the folder of source notebooks"
        )
    sources = sorted(p for p in solutions.glob("*.ipynb") if p.is_file())
    if not sources:
        raise ReleaseError(
            f"the solutions folder {solutions} holds no source notebook (*.ipynb); nothing was "
            "released (check --solutions)"
        )
    for src in sources:
        try:
            nbformat.read(src, as_version=4)
        except Exception as exc:  # noqa: BLE001 - JSON, schema or encoding errors alike
            why = str(exc).splitlines()[0][:150] if str(exc) else type(exc).__name__
            raise ReleaseError(
                f"the source notebook {src} cannot be read ({why}); fix it (it must be a "
                "Jupyter notebook) and release again"
            ) from exc
    return sources


def _canonical(nb: nbformat.NotebookNode) -> str:
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nbformat.writes(nb, version=4) + "\n"


def with_points_split(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` with each graded test cell opening with how its points are split over the checks.

    The split is computed from the exercise's visible cases (the hidden ones have the same checks
    on other inputs), so the student reads before answering what each check is worth.
    """
    from nncourse.check.exercise import exercise_for_grade_id
    from nncourse.check.results import points_split

    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        exercise = exercise_for_grade_id(str(meta.get("grade_id", "")))
        if cell.cell_type != "code" or not meta.get("grade") or exercise is None:
            continue
        points = float(meta.get("points", 0))
        split = points_split(exercise.build_cases(exercise.default_seed()), points)
        lines = textwrap.wrap(
            f"{points:g} points, split over the checks of the check cell above: "
            f"{split.rpartition(' (of ')[0]}.",
            width=96,
            break_on_hyphens=False,
        )
        cell.source = "\n".join("# " + line for line in lines) + "\n" + cell.source
    return nb


def build_release(solutions: Path, course_root: Path | None = None) -> dict[str, str]:
    """Run nbgrader's generate_assignment on every source notebook.

    Parameters
    ----------
    solutions : Path
        Folder of ``*.ipynb`` source notebooks.
    course_root : Path, optional
        nbgrader course directory to use (its ``source/`` and ``release/`` are overwritten);
        a temporary one by default.

    Returns
    -------
    dict
        Notebook file name -> canonical JSON text of the student version.

    Raises
    ------
    ReleaseError
        If nbgrader reports an error for any notebook.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from nncourse.grading import ensure_tools_on_path

    ensure_tools_on_path()
    sources = source_notebooks(solutions)
    with tempfile.TemporaryDirectory(prefix="nncourse-release-") as tmp:
        root = Path(course_root) if course_root else Path(tmp)
        for src in sources:
            dest = root / "source" / src.stem / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(with_points_split(nbformat.read(src, as_version=4)), dest)
        config = Config()
        config.CourseDirectory.root = str(root)
        config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
        config.Exchange.root = str(root / "exchange")
        config.CourseDirectory.course_id = "nncourse"
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        out: dict[str, str] = {}
        for src in sources:
            result = api.generate_assignment(src.stem, force=True, create=True)
            released = root / "release" / src.stem / src.name
            if not result.get("success") or not released.exists():
                details = _summary(str(result.get("log", "")), str(result.get("error", "")))
                raise ReleaseError(
                    f"nbgrader could not release {src}: {details} (fix the source notebook's "
                    "nbgrader metadata, e.g. a missing or duplicate grade_id)"
                )
            out[src.name] = _canonical(nbformat.read(released, as_version=4))
        return out


def exercise_points(solutions: Path) -> dict[str, float]:
    """``{exercise id: points}`` from the graded hidden-test cells of the source notebooks."""
    from nncourse.check.exercise import exercise_for_grade_id

    found: dict[str, float] = {}
    for path in source_notebooks(Path(solutions)):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            exercise = exercise_for_grade_id(str(meta.get("grade_id", "")))
            if meta.get("grade") and exercise is not None:
                found[exercise.id] = float(meta.get("points", 0))
    return found


def build_visible(units: list[str] | None = None, solutions: Path | None = None) -> dict[str, str]:
    """``{file name: JSON text}`` of the visible cases of every registered exercise, by unit.

    ``units`` (e.g. ``["02"]``) limits the build to those units. With ``solutions``, the file
    ``points.json`` holds each exercise's points, so a check cell can show the points the grader
    would give.
    """
    from nncourse.check import EXERCISES, visible

    chosen = [e for e in EXERCISES.values() if units is None or e.id.split(".")[0] in units]
    built = {f"{unit}.json": text for unit, text in visible.unit_data(chosen).items()}
    if solutions is not None:
        built[visible.POINTS_FILE] = visible.points_data(exercise_points(solutions))
    return built


def write_visible(
    data_dir: Path | None = None,
    units: list[str] | None = None,
    solutions: Path | None = None,
) -> list[Path]:
    """Write the visible cases into ``data_dir`` (default: ``nncourse/check/data``).

    ``units`` limits the build to those units (other units' files are kept).
    """
    from nncourse.check import visible

    data_dir = Path(data_dir or visible.DATA)
    data_dir.mkdir(parents=True, exist_ok=True)
    built = build_visible(units, solutions)
    for old in data_dir.glob("*.json"):
        if units is None and old.name not in built:
            old.unlink()
    written = []
    for name, text in built.items():
        path = data_dir / name
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    visible.forget()
    return written


def compare_visible(data_dir: Path | None = None, solutions: Path | None = None) -> list[str]:
    """Names of visible-case files that are missing, stale or extra in ``data_dir``."""
    from nncourse.check import visible

    data_dir = Path(data_dir or visible.DATA)
    built = build_visible(solutions=solutions)
    present = {p.name: p for p in data_dir.glob("*.json")}
    wrong = [n for n, t in built.items() if n not in present or present[n].read_text() != t]
    return sorted(wrong + [n for n in present if n not in built])


def _stage(target: Path) -> Path:
    """An empty folder beside ``target`` (same filesystem, so it can be renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    mode = target.stat().st_mode & 0o7777 if target.is_dir() else DIR_MODE
    staged.chmod(mode)
    return staged


def swap_in(pairs: list[tuple[Path, Path]]) -> None:
    """Rename each staged folder onto its target, all or none.

    Each existing target is first renamed aside; when every staged folder is in place the old
    ones are deleted. If any rename fails, every target gets its old folder back.
    """
    moved: list[tuple[Path, Path | None]] = []
    try:
        for staged, target in pairs:
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.old-{secrets.token_hex(4)}")
                os.rename(target, backup)
            moved.append((target, backup))
            os.rename(staged, target)
    except BaseException:
        for target, backup in reversed(moved):
            if backup is not None:
                if target.exists() and target.is_dir():
                    shutil.rmtree(target, ignore_errors=True)
                os.rename(backup, target)
        raise
    for _, backup in moved:
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)


def check_notebooks_folder(notebooks: Path, solutions: Path) -> None:
    """``ReleaseError`` unless ``notebooks`` may be replaced by a folder of released notebooks.

    It must not be (or contain, or be inside) the solutions folder, and an existing folder may
    hold only notebooks and hidden entries (``.ipynb_checkpoints``), which are kept.
    """
    notebooks, solutions = Path(notebooks), Path(solutions)
    if notebooks.exists() and not notebooks.is_dir():
        raise ReleaseError(f"--notebooks {notebooks} is a file; give the folder to release into")
    a, b = notebooks.resolve(), solutions.resolve()
    if a == b or a.is_relative_to(b) or b.is_relative_to(a):
        raise ReleaseError(
            f"--notebooks {notebooks} and --solutions {solutions} overlap; the release would "
            "overwrite the source notebooks: give another --notebooks"
        )
    if notebooks.is_dir():
        others = [
            p.name
            for p in notebooks.iterdir()
            if not p.name.startswith(".") and not (p.suffix == ".ipynb" and p.is_file())
        ]
        if others:
            raise ReleaseError(
                f"--notebooks {notebooks} holds files other than notebooks "
                f"({', '.join(sorted(others)[:3])}); the release replaces that whole folder: "
                "give a folder of released notebooks, or a new one"
            )


def _check_writable(folder: Path, flag: str) -> None:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ReleaseError(f"{flag} {folder} is a file; give a folder")
    probe = folder
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise ReleaseError(f"cannot write {flag} {folder}: {probe} is not a writable folder")


def _fill_notebooks(staged: Path, built: dict[str, str], old: Path) -> list[Path]:
    if old.is_dir():  # hidden entries (checkpoints, .gitkeep) are kept
        for entry in old.iterdir():
            if entry.name.startswith("."):
                copy = shutil.copytree if entry.is_dir() else shutil.copy2
                copy(entry, staged / entry.name)
    written = []
    for name, text in built.items():
        path = staged / name
        path.write_text(text, encoding="utf-8")
        path.chmod(FILE_MODE)
        written.append(old / name)
    return written


def release(solutions: Path, notebooks: Path) -> list[Path]:
    """Write the student release of every source notebook into ``notebooks``.

    The release is built in a temporary folder beside ``notebooks`` and swapped in only when
    every notebook was built, so a failure leaves ``notebooks`` as it was. Files in
    ``notebooks`` without a source are gone afterwards. Returns the paths written.

    Raises
    ------
    ReleaseError
        Nothing was written (see ``check_notebooks_folder``, ``source_notebooks``).
    """
    return release_all(solutions, notebooks, data_dir=None, wheel_dir=None).notebooks


@dataclass
class Released:
    """What ``release_all`` wrote."""

    notebooks: list[Path]
    data: list[Path]
    wheel: Path | None


def _stage_wheel(data_stage: Path | None, wheel_dir: Path) -> Path:
    """Build the student wheel (with the staged visible cases) in a folder inside ``wheel_dir``."""
    from nncourse.course.wheel import PACKAGE_ROOT, build_student_wheel, student_files

    wheel_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".wheel-new-", dir=wheel_dir))
    with tempfile.TemporaryDirectory(prefix="nncourse-wheel-src-") as tmp:
        root = Path(tmp) / PACKAGE_ROOT.name
        data_rel = Path(PACKAGE_ROOT.name) / "check" / "data"
        for rel in student_files(PACKAGE_ROOT):
            if data_stage is not None and rel.is_relative_to(data_rel):
                continue
            dest = Path(tmp) / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(PACKAGE_ROOT.parent / rel, dest)
        if data_stage is not None:
            shutil.copytree(data_stage, root / "check" / "data", dirs_exist_ok=True)
        return build_student_wheel(stage, root=root)


def release_all(
    solutions: Path,
    notebooks: Path,
    *,
    data_dir: Path | None = None,
    wheel_dir: Path | None = Path("dist"),
    with_data: bool | None = None,
) -> Released:
    """The whole student release, all or nothing: ``notebooks/``, the visible cases, the wheel.

    Each part is built in a temporary folder beside its destination; only when every part was
    built are they swapped in (``swap_in``), so any failure leaves every destination as it was.

    Parameters
    ----------
    solutions, notebooks : Path
        Source notebooks; the folder of released notebooks (replaced as a whole).
    data_dir : Path, optional
        Folder of the visible cases (default: ``nncourse/check/data``).
    wheel_dir : Path, optional
        Folder for the student wheel (None: no wheel, no visible cases unless ``with_data``).
    with_data : bool, optional
        Write the visible cases (default: when a wheel is built).

    Raises
    ------
    ReleaseError
        Nothing was written.
    """
    from nncourse.check import visible

    solutions, notebooks = Path(solutions), Path(notebooks)
    with_data = wheel_dir is not None if with_data is None else with_data
    data_dir = Path(data_dir or visible.DATA)
    check_notebooks_folder(notebooks, solutions)
    _check_writable(notebooks, "--notebooks")
    if wheel_dir is not None:
        _check_writable(Path(wheel_dir), "--wheel-dir")
    if with_data:
        _check_writable(data_dir, "the visible-case folder")
    built = build_release(solutions)
    try:
        data = build_visible(solutions=solutions) if with_data else {}
    except (ValueError, TypeError) as exc:  # VisibleDataError: a case that is not plain data
        raise ReleaseError(
            f"the visible cases could not be built ({str(exc).splitlines()[0][:200]}); "
            "nothing was changed"
        ) from exc
    staged: list[Path] = []
    wheel_stage: Path | None = None
    try:
        nb_stage = _stage(notebooks)
        staged.append(nb_stage)
        written = _fill_notebooks(nb_stage, built, notebooks)
        pairs = [(nb_stage, notebooks)]
        data_written = []
        data_stage = None
        if with_data:
            data_stage = _stage(data_dir)
            staged.append(data_stage)
            for name, text in data.items():
                (data_stage / name).write_text(text, encoding="utf-8")
                (data_stage / name).chmod(FILE_MODE)
                data_written.append(data_dir / name)
            pairs.append((data_stage, data_dir))
        wheel = None
        if wheel_dir is not None:
            built_wheel = _stage_wheel(data_stage, Path(wheel_dir))
            wheel_stage = built_wheel.parent
            built_wheel.chmod(FILE_MODE)
        swap_in(pairs)
        if wheel_dir is not None:
            wheel = Path(wheel_dir) / built_wheel.name
            os.replace(built_wheel, wheel)
    except OSError as exc:
        raise ReleaseError(
            f"the release could not be written ({exc.strerror or exc}: {exc.filename or ''}); "
            "nothing was changed"
        ) from exc
    finally:
        for folder in [*staged, *([wheel_stage] if wheel_stage else [])]:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
    if with_data:
        visible.forget()
    return Released(written, data_written, wheel)


def compare_release(solutions: Path, notebooks: Path) -> ReleaseDiff:
    """Compare a fresh release with what is in ``notebooks`` (nothing is written)."""
    if Path(notebooks).exists() and not Path(notebooks).is_dir():
        raise ReleaseError(f"--notebooks {notebooks} is a file; give the folder of notebooks")
    built = build_release(solutions)
    notebooks = Path(notebooks)
    present = {p.name: p for p in notebooks.glob("*.ipynb")}
    stale = [n for n, t in built.items() if n in present and present[n].read_text("utf-8") != t]
    missing = [n for n in built if n not in present]
    extra = [n for n in present if n not in built]
    try:
        stale_data = compare_visible(solutions=solutions)
    except (ValueError, TypeError) as exc:  # VisibleDataError: a case that is not plain data
        raise ReleaseError(
            f"the visible cases could not be built ({str(exc).splitlines()[0][:200]})"
        ) from exc
    return ReleaseDiff(sorted(stale), sorted(missing), sorted(extra), stale_data)
