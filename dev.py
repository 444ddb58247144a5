#!/usr/bin/env python3
"""Set up and run nncourse with nothing but Python 3.

    python3 dev.py demo    # build the release, run the solutions, grade the example class
    python3 dev.py test    # the whole test suite (what CI runs)
    python3 dev.py bench   # benchmarks against torch and stock nbgrader (installs torch)

The first run creates ``.venv`` beside this file and installs the package with its extras;
later runs reuse it until ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
EXTRAS = {"demo": "dev,dask", "test": "dev,dask", "bench": "dev,dask,bench"}


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def ensure_venv(extras: str) -> None:
    """Create .venv and install ``.[extras]`` unless the same install is already there."""
    stamp = VENV / f".installed-{extras.replace(',', '-')}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and stamp.exists() and stamp.read_text() == digest:
        return
    if not PY.exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say(f"installing nncourse[{extras}] into .venv (a few minutes the first time)")
    log = VENV / "pip.log"
    with log.open("w") as out:
        steps = [
            [str(PY), "-m", "pip", "install", "--upgrade", "pip"],
            [str(PY), "-m", "pip", "install", "-e", f"{ROOT}[{extras}]"],
        ]
        for cmd in steps:
            if subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT) != 0:
                sys.exit(f"[dev] pip failed; see {log}")
    stamp.write_text(digest)


def ensure_chromium() -> None:
    """Install Debian's chromium for the browser tests when we can (root with apt-get)."""
    if shutil.which("chromium") or os.environ.get("NNCOURSE_NO_APT"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say("chromium not found and not root: browser tests will be skipped")
        return
    say("installing Debian's chromium for the JupyterLab widget tests")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT, "env": env}
    subprocess.call(["apt-get", "update"], **quiet)
    if subprocess.call(
        ["apt-get", "install", "-y", "--no-install-recommends", "chromium"], **quiet
    ):
        say("could not install chromium: browser tests will be skipped")


def run(*cmd: str) -> int:
    env = dict(os.environ, PATH=f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "help"
    if task not in EXTRAS:
        print(__doc__)
        return 2
    ensure_venv(EXTRAS[task])
    if task == "demo":
        return run(PY, "-m", "nncourse.cli", "demo", *argv[1:])
    if task == "test":
        ensure_chromium()
        lint = ("nncourse", "tests", "benchmarks", "dev.py")
        code = run(PY, "-m", "ruff", "check", *lint) or run(
            PY, "-m", "ruff", "format", "--check", *lint
        )
        if code != 0:
            say("ruff found problems (see above; `ruff format` fixes the layout ones)")
            return code
        code = run(PY, "-m", "pytest", "-q", *argv[1:])
        if code == 5:
            say("pytest collected no tests: that is a failure here")
            return 1
        return code
    bench = sorted((ROOT / "benchmarks").glob("*.py"))
    return max((run(PY, b) for b in bench), default=0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
