"""The playground in real JupyterLab, driven by Chromium through Playwright.

Starts ``jupyter lab`` on 127.0.0.1 (random free port, a token, no browser) in a temporary root
holding a one-cell notebook that builds the playground; opens it in headless Chromium; runs the
cell; clicks Step, then Train and Pause; and checks that the status line and the picture
changed. The server (and its kernel) is shut down whatever happens.

Set ``NNCOURSE_SCREENSHOT=/some/file.png`` to keep a screenshot of the trained widget.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.unit01, pytest.mark.browser]

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
STATUS = ".nncourse-playground-status"
EPOCH = re.compile(r"epoch (\d+) · loss ([0-9.]+)")

NOTEBOOK_CELL = """\
from nncourse.widgets import Playground
pg = Playground()
pg"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_notebook(path: Path) -> None:
    nb = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "playground",
                   "metadata": {}, "outputs": [], "source": NOTEBOOK_CELL}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
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
    body = json.dumps({"path": "playground.ipynb", "type": "notebook", "name": "playground.ipynb",
                       "kernel": {"name": "python3"}}).encode()
    request = urllib.request.Request(
        f"{base}/api/sessions", data=body, method="POST",
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


def _status(page) -> tuple[int, float, str]:
    """(epoch, loss, text) from the status line; epoch -1 while it shows no epoch yet."""
    text = page.inner_text(STATUS)
    match = EPOCH.search(text)
    return (int(match.group(1)), float(match.group(2)), text) if match else (-1, 0.0, text)


def _image(page) -> str:
    return page.get_attribute(".nncourse-playground-plot", "src") or ""


def _run_first_cell(page, attempts: int = 4) -> None:
    """Run the notebook's cell until the widget appears.

    A run request sent while the kernel's connection is still being set up can be dropped,
    so the cell is run again (in place, Ctrl+Enter) until the widget's status line shows up.
    """
    page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content")
    for _ in range(attempts):
        accept = page.locator(".jp-Dialog .jp-mod-accept")  # "Select Kernel", if it shows
        if accept.count():
            accept.first.click()
        page.click(".jp-Notebook .jp-Cell .cm-content")
        page.keyboard.press("Control+Enter")
        try:
            page.wait_for_selector(STATUS, state="attached", timeout=12_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
            continue
    raise AssertionError("the playground never appeared after running the cell")


def _wait_epoch(page, at_least: int, timeout_s: float) -> tuple[int, float, str]:
    deadline = time.monotonic() + timeout_s
    while True:
        epoch, loss, text = _status(page)
        if epoch >= at_least or time.monotonic() > deadline:
            return epoch, loss, text
        page.wait_for_timeout(100)


@pytest.mark.timeout(90)
def test_playground_trains_in_jupyterlab(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium); browser test skipped")
    from playwright.sync_api import sync_playwright

    root = tmp_path / "root"
    root.mkdir()
    _write_notebook(root / "playground.ipynb")
    port, token = _free_port(), os.urandom(16).hex()
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        MPLBACKEND="Agg",
        OMP_NUM_THREADS="1",
    )
    log = tmp_path / "jupyter.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={root}", f"--LabApp.workspaces_dir={tmp_path / 'ws'}",
             "--LabApp.news_url=None",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=root, start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc, log, limit=40)
        _start_kernel_session(base, token)
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                headless=True, viewport={"width": 1280, "height": 1000},
            )
            try:
                page = context.new_page()
                page.set_default_timeout(30_000)
                page.goto(f"{base}/lab/tree/playground.ipynb?token={token}")
                _run_first_cell(page)
                epoch0, loss0, _ = _wait_epoch(page, at_least=0, timeout_s=30)
                image0 = _image(page)
                assert epoch0 == 0 and image0.startswith(("blob:", "data:")), image0[:40]

                page.click(".nncourse-playground-step")
                epoch1, loss1, _ = _wait_epoch(page, at_least=1, timeout_s=20)
                page.wait_for_function(
                    "old => document.querySelector('.nncourse-playground-plot').src !== old",
                    arg=image0,
                )
                assert epoch1 == 1 and loss1 != loss0

                page.click(".nncourse-playground-train")
                epoch_t, loss_t, text = _wait_epoch(page, at_least=30, timeout_s=30)
                assert epoch_t >= 30, f"training did not progress: {text!r}"
                assert loss_t < loss1, f"the loss did not go down while training: {text!r}"
                page.click(".nncourse-playground-train")  # Pause
                page.wait_for_selector(".nncourse-playground-train >> text=Train")
                page.wait_for_timeout(1000)  # updates already on the wire may still land
                stopped, _, _ = _status(page)
                page.wait_for_timeout(1500)
                assert _status(page)[0] == stopped, "training went on after Pause"
                shot = os.environ.get("NNCOURSE_SCREENSHOT")
                page.screenshot(path=shot or str(tmp_path / "playground.png"), full_page=True)
            except Exception as exc:
                page.screenshot(path=str(tmp_path / "failure.png"))
                outputs = page.locator(".jp-OutputArea").all_inner_texts()
                raise AssertionError(
                    f"{exc}\nnotebook output: {outputs}\nscreenshot: {tmp_path / 'failure.png'}"
                ) from exc
            finally:
                context.close()
    finally:
        _stop(proc)
    assert proc.poll() is not None, "the jupyter server is still running"
