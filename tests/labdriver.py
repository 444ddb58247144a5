"""Real JupyterLab in headless Chromium, for the widget tests of every unit.

``lab_page(tmp_path, cells)`` writes a notebook with the given code cells into a fresh root,
starts ``jupyter lab`` on 127.0.0.1 (free port, a token, no browser, its own process group),
starts the notebook's kernel through the REST API, opens the notebook in Chromium through
Playwright and yields the page. The server and its kernels are stopped whatever happens; a
failure inside the ``with`` block keeps a screenshot and the notebook's output text.

``lab_server`` and ``browser_page`` are the two halves, for a test that needs its own server
root (formgrader over a course folder). Tests using them skip (with a reason) when Debian's
chromium is not installed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTEBOOK = "widget.ipynb"


def require_chromium() -> None:
    """Skip the calling test when chromium is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium); browser test skipped")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(path: Path, cells: list[str]) -> None:
    """A notebook of code cells, no outputs, the python3 kernel."""
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell{i}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb))


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"jupyter lab did not answer within {limit} s:\n{log.read_text()[-3000:]}")


def _start_kernel_session(base: str, token: str) -> None:
    """Start the notebook's kernel through the REST API, so JupyterLab attaches to it on open
    instead of asking which kernel to use."""
    body = json.dumps(
        {"path": NOTEBOOK, "type": "notebook", "name": NOTEBOOK, "kernel": {"name": "python3"}}
    ).encode()
    request = urllib.request.Request(
        f"{base}/api/sessions",
        data=body,
        method="POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201, response.read()


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started and everything in its process group (its kernels)."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_cell_until(page, selector: str, index: int = 0, attempts: int = 4) -> None:
    """Run code cell ``index`` until ``selector`` appears in the page.

    A run request sent while the kernel's connection is still being set up can be dropped,
    so the cell is run again (in place, Ctrl+Enter) until the selector shows up.
    """
    page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content")
    for _ in range(attempts):
        accept = page.locator(".jp-Dialog .jp-mod-accept")  # "Select Kernel", if it shows
        if accept.count():
            accept.first.click()
        page.locator(".jp-Notebook .jp-Cell .cm-content").nth(index).click()
        page.keyboard.press("Control+Enter")
        try:
            page.wait_for_selector(selector, state="attached", timeout=12_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
            continue
    raise AssertionError(f"{selector} never appeared after running cell {index}")


def wait_changed(page, selector: str, attribute: str, old: str, timeout_ms: int = 20_000) -> str:
    """Wait until ``selector``'s ``attribute`` differs from ``old``; return the new value."""
    page.wait_for_function(
        "([sel, attr, old]) => { const e = document.querySelector(sel);"
        " return e && e.getAttribute(attr) !== old; }",
        arg=[selector, attribute, old],
        timeout=timeout_ms,
    )
    return page.get_attribute(selector, attribute) or ""


@contextlib.contextmanager
def lab_server(
    tmp_path: Path, root: Path, *, cwd: Path | None = None, limit: float = 40
) -> Iterator[tuple[str, str, Path]]:
    """Start ``jupyter lab`` serving ``root``; yield ``(base URL, token, log file)``.

    The server runs from ``cwd`` (default ``root``) in its own process group, with this
    environment's scripts first on ``PATH``, and is stopped with its kernels whatever happens.
    """
    port, token = _free_port(), os.urandom(16).hex()
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        MPLBACKEND="Agg",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    )
    log = tmp_path / "jupyter.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                f"--LabApp.workspaces_dir={tmp_path / 'ws'}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd or root,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc, log, limit=limit)
        yield base, token, log
    finally:
        _stop(proc)
    assert proc.poll() is not None, "the jupyter server is still running"


@contextlib.contextmanager
def browser_page(
    tmp_path: Path,
    *,
    log: Path | None = None,
    viewport: tuple[int, int] = (1280, 1000),
    timeout_ms: int = 30_000,
) -> Iterator:
    """Yield a fresh page of headless Chromium (Playwright).

    A failure inside the ``with`` block keeps a screenshot and adds the page's notebook output
    and the end of the server ``log`` (when given) to the error.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        try:
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            try:
                yield page
            except Exception as exc:
                shot = tmp_path / "failure.png"
                page.screenshot(path=str(shot))
                outputs = page.locator(".jp-OutputArea").all_inner_texts()
                server = f"\nserver log: {log.read_text()[-3000:]}" if log else ""
                raise AssertionError(
                    f"{exc}\nnotebook output: {outputs}\nscreenshot: {shot}{server}"
                ) from exc
        finally:
            context.close()


@contextlib.contextmanager
def lab_page(tmp_path: Path, cells: list[str], *, server_limit: float = 40) -> Iterator:
    """Yield a Playwright page showing a fresh notebook of ``cells`` in real JupyterLab."""
    require_chromium()
    root = tmp_path / "root"
    root.mkdir()
    write_notebook(root / NOTEBOOK, cells)
    with lab_server(tmp_path, root, limit=server_limit) as (base, token, _log):
        _start_kernel_session(base, token)
        with browser_page(tmp_path) as page:
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
            yield page
