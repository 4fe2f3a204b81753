"""A throwaway JupyterLab (and Notebook 7) server, and a released notebook to open in it, for browser checks.

Used by the JupyterLab test (tests/runtime/test_jupyterlab.py) and the notebook-start benchmark
(tools/bench_notebook_start.py). The server runs on a free local port with a random token, with
its own config, data, runtime and settings folders in a temporary directory, so nothing of the
user's Jupyter setup is read or written; JupyterLab's news and update checks are switched off
(they would reach the internet). Its kernels import ``tic_course`` from the checkout given as
``root`` (put first on PYTHONPATH), so the code under test is the code in this tree.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

SCENARIO_ID = "triage-pain"


@dataclass(frozen=True)
class Lab:
    """A running server: its address, token and the folder it serves."""

    url: str
    token: str
    folder: Path

    def notebook_url(self, name: str, ui: str = "lab") -> str:
        """Where a learner opens ``name``: JupyterLab (``lab``) or Notebook 7 (``notebook``), same server."""
        if ui == "lab":
            return f"{self.url}/lab/tree/{name}?token={self.token}"
        if ui == "notebook":
            return f"{self.url}/notebooks/{name}?token={self.token}"
        raise ValueError(f"unknown notebook interface {ui!r}: use 'lab' or 'notebook'")

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.url}/api/{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own local server
            body = response.read()
        return json.loads(body) if body else None

    def stop_kernels(self) -> None:
        """End every session, so the next opening starts a cold kernel as a learner's would."""
        for session in self.api("sessions"):  # type: ignore[union-attr]
            self.api(f"sessions/{session['id']}", method="DELETE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def release_fixture(root: Path, course: Path) -> Path:
    """Release the test fixture scenario with nbgrader into ``course``; returns the student notebook."""
    from tic_course.notebook.release import build_sources, release
    from tic_course.scenario.catalogue import load_all

    exercises = course.parent / "exercises"
    (exercises / SCENARIO_ID).mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "tests" / "fixtures" / f"{SCENARIO_ID}.yml", exercises / SCENARIO_ID / "scenario.yml")
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "grading" / "nbgrader_config.py", course / "nbgrader_config.py")
    scenarios = load_all([exercises / SCENARIO_ID / "scenario.yml"])
    release(build_sources(scenarios, course), course, None)
    released = course / "release" / SCENARIO_ID / f"{SCENARIO_ID}.ipynb"
    nbformat.validate(nbformat.read(released, as_version=4))
    return released


NBGRADER_SERVER_EXTENSIONS = [
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.validate_assignment",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
]


def _as_a_learner(config: Path) -> None:
    """Switch off nbgrader's educator extensions, as in a learner's JupyterLab.

    The course's own environment has nbgrader (to build and grade); a learner's has what the
    learners' repository asks for (ipywidgets), so their JupyterLab loads no nbgrader panels.
    """
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyter/nbgrader": True}}), encoding="utf-8"
    )
    server = {"ServerApp": {"jpserver_extensions": dict.fromkeys(NBGRADER_SERVER_EXTENSIONS, False)}}
    (config / "jupyter_server_config.json").write_text(json.dumps(server), encoding="utf-8")


@contextlib.contextmanager
def jupyter_lab(folder: Path, root: Path, *, timeout: float = 60.0, learner: bool = True) -> Iterator[Lab]:
    """Start ``jupyter lab`` serving ``folder``; stop it (and its kernels) on exit.

    ``learner`` (the default) runs it as a learner's JupyterLab: see :func:`_as_a_learner`.
    """
    state = folder.parent / f".{folder.name}-jupyter"
    if learner:
        _as_a_learner(state / "config")
    settings = state / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"checkForUpdates": False, "fetchNews": "false"}), encoding="utf-8"
    )
    token = secrets.token_hex(16)
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "JUPYTER_CONFIG_DIR": str(state / "config"),
            "JUPYTER_DATA_DIR": str(state / "data"),
            "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
        }
    )
    env.pop("NBGRADER_EXECUTION", None)
    command = [
        str(Path(sys.executable).parent / "jupyter-lab"),
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.disable_check_xsrf=False",
        "--LabApp.expose_app_in_browser=True",
        # Notebook 7 is served by the same server (/notebooks/...); expose its app the same way.
        "--JupyterNotebookApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root
    log = (state / "server.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    lab = Lab(f"http://127.0.0.1:{port}", token, folder)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                lab.api("status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    raise RuntimeError(
                        f"jupyter lab did not start: {(state / 'server.log').read_text(encoding='utf-8')[-2000:]}"
                    ) from None
                time.sleep(0.2)
        yield lab
    finally:
        with contextlib.suppress(OSError):
            lab.stop_kernels()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def run_all_when_ready(page) -> None:
    """Run every cell of the open notebook through JupyterLab's own command (queued until the kernel is up)."""
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=60_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # Before the session has its kernel, "run all" asks which kernel to use (a dialog).
    page.evaluate(
        """async () => { const w = window.jupyterapp.shell.currentWidget;
                         await w.context.ready; await w.sessionContext.ready; }"""
    )
    # Not awaited: the command's promise settles only when every cell has run.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
