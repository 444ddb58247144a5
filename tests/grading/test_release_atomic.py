"""``nncourse release`` is all or nothing: notebooks, visible cases and the wheel are built in
temporary folders and swapped in only when every part was built."""

from __future__ import annotations

import hashlib
import stat
import zipfile
from pathlib import Path

import pytest

from nncourse.course import release as rel
from nncourse.grading.gradebook import FILE_MODE

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def folders(tmp_path):
    """An earlier release: a stale notebook, a checkpoint folder, old visible cases."""
    notebooks, data, wheels = tmp_path / "notebooks", tmp_path / "data", tmp_path / "dist"
    notebooks.mkdir()
    (notebooks / "00_old.ipynb").write_text("{}")
    (notebooks / ".ipynb_checkpoints").mkdir()
    (notebooks / ".ipynb_checkpoints" / "keep.txt").write_text("kept")
    data.mkdir()
    (data / "00.json").write_text("{}")
    return notebooks, data, wheels


def test_a_release_replaces_every_part(folders, monkeypatch):
    notebooks, data, wheels = folders
    whole = rel.build_visible
    # unit 02's visible cases only: the other units' checkers are being converted elsewhere
    monkeypatch.setattr(rel, "build_visible", lambda units=None, solutions=None: whole(["02"]))
    done = rel.release_all(REPO / "solutions", notebooks, data_dir=data, wheel_dir=wheels)
    sources = sorted(p.name for p in (REPO / "solutions").glob("*.ipynb"))
    assert sorted(p.name for p in notebooks.glob("*.ipynb")) == sources
    assert (notebooks / ".ipynb_checkpoints" / "keep.txt").read_text() == "kept"
    assert not (data / "00.json").exists() and sorted(p.name for p in done.data)
    for path in [*notebooks.glob("*.ipynb"), *data.glob("*.json"), done.wheel]:
        assert stat.S_IMODE(path.stat().st_mode) == FILE_MODE, path
    with zipfile.ZipFile(done.wheel) as zf:
        for path in data.glob("*.json"):
            assert zf.read(f"nncourse/check/data/{path.name}") == path.read_bytes()
        assert not [n for n in zf.namelist() if n.startswith("nncourse/key/")]
    leftovers = [p.name for p in notebooks.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [] and [p.name for p in wheels.iterdir()] == [done.wheel.name]


@pytest.fixture
def canned(monkeypatch):
    """Skip nbgrader and the answer key: the swap is what is under test."""
    monkeypatch.setattr(rel, "build_release", lambda solutions: {"01_new.ipynb": "{}\n"})
    monkeypatch.setattr(
        rel, "build_visible", lambda units=None, solutions=None: {"01.json": "{}\n"}
    )


def test_a_failing_wheel_changes_nothing(folders, canned, monkeypatch):
    notebooks, data, wheels = folders
    before = _tree(notebooks.parent)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rel, "_stage_wheel", broken)
    with pytest.raises(rel.ReleaseError, match="nothing was changed"):
        rel.release_all(REPO / "solutions", notebooks, data_dir=data, wheel_dir=wheels)
    assert _tree(notebooks.parent) == before
    assert not [p for p in notebooks.parent.iterdir() if ".new-" in p.name or ".old-" in p.name]


def test_a_failing_swap_puts_every_old_folder_back(folders, canned, monkeypatch):
    notebooks, data, wheels = folders
    before = _tree(notebooks.parent)
    real = rel.os.rename

    def rename(src, dst):
        if Path(dst) == data and ".new-" in Path(src).name:  # the second swap fails
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(rel.os, "rename", rename)
    with pytest.raises(rel.ReleaseError):
        rel.release_all(REPO / "solutions", notebooks, data_dir=data, wheel_dir=wheels)
    monkeypatch.setattr(rel.os, "rename", real)
    assert _tree(notebooks.parent) == before
    assert not [p for p in notebooks.parent.iterdir() if ".new-" in p.name or ".old-" in p.name]


def test_release_refuses_empty_or_missing_solutions(folders, tmp_path):
    notebooks, data, wheels = folders
    before = _tree(notebooks.parent)
    (tmp_path / "empty").mkdir()
    for solutions in (tmp_path / "empty", tmp_path / "nosuch"):
        with pytest.raises(rel.ReleaseError, match="solutions folder"):
            rel.release_all(solutions, notebooks, data_dir=data, wheel_dir=wheels)
    assert _tree(notebooks.parent) == before
