"""Learners' temporary copies (``tic-grade-*`` sandboxes) never outlive their run (issue #11).

Removed on a normal end, on an exception and on Ctrl-C (with the workers stopped first); swept
at the start of the next run after a ``kill -9``, but only this course's, and only a dead run's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import tic_course.grading.parallel as parallel
from tic_course.grading.parallel import Job, course_tag, run_workers, sandbox_prefix, sweep_sandboxes


@pytest.fixture
def tmp_root(tmp_path, monkeypatch) -> Path:
    """A private temporary folder, so no other test's or run's sandboxes are in view."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_prefix_names_the_course_and_the_process(tmp_path):
    course = tmp_path / "course"
    tag = course_tag(course)
    assert len(tag) == 12 and tag == course_tag(tmp_path / "x" / ".." / "course")
    assert tag != course_tag(tmp_path / "other")
    assert sandbox_prefix(course, 4242) == f"tic-grade-{tag}-4242-"


def test_sweep_removes_only_this_course_dead_runs(tmp_root, tmp_path):
    course, other = tmp_path / "course", tmp_path / "other"
    dead = dead_pid()
    mine_dead = Path(tempfile.mkdtemp(prefix=sandbox_prefix(course, dead)))
    (mine_dead / "submitted" / "L0001").mkdir(parents=True)  # a learner's copy inside
    mine_live = Path(tempfile.mkdtemp(prefix=sandbox_prefix(course, os.getpid())))
    other_dead = Path(tempfile.mkdtemp(prefix=sandbox_prefix(other, dead)))
    not_a_pid = tmp_root / f"tic-grade-{course_tag(course)}-notapid-x"
    not_a_pid.mkdir()
    assert sweep_sandboxes(course) == [mine_dead]
    assert sorted(tmp_root.iterdir()) == sorted([mine_live, other_dead, not_a_pid])


def test_a_run_killed_with_sigkill_is_swept_by_the_next(tmp_root, tmp_path):
    course = tmp_path / "course"
    code = ("import tempfile, time, sys; from pathlib import Path; "
            "from tic_course.grading.parallel import sandbox_prefix; "
            f"d = Path(tempfile.mkdtemp(prefix=sandbox_prefix(Path({str(course)!r})))); "
            "(d / 'learner.ipynb').write_text('{}'); print(d, flush=True); time.sleep(60)")
    env = {**os.environ, "TMPDIR": str(tmp_root)}
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    left = Path(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert left.is_dir() and left.name.startswith(sandbox_prefix(course, proc.pid))
    run_workers(course, [], "sqlite://", workers=1)  # every run sweeps first, even with no jobs
    assert list(tmp_root.iterdir()) == []


def test_ctrl_c_while_preparing_leaves_no_sandbox(tmp_root, tmp_path, monkeypatch):
    def interrupted(course, sandbox, jobs, db_url):
        sandbox.mkdir(parents=True)
        (sandbox / "learner.ipynb").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel, "make_sandbox", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_workers(tmp_path / "course", [Job("L0001", "a")], "sqlite://", workers=1)
    assert list(tmp_root.iterdir()) == []


def test_an_exception_stops_started_workers_and_removes_the_sandbox(tmp_root, tmp_path, monkeypatch):
    started: list[subprocess.Popen] = []
    calls = {"n": 0}

    def prepare(course, sandbox, jobs, db_url):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        sandbox.mkdir(parents=True)

    real_popen = subprocess.Popen

    def sleeper(cmd, **kwargs):
        proc = real_popen([sys.executable, "-c", "import time; time.sleep(60)"], **kwargs)
        started.append(proc)
        return proc

    monkeypatch.setattr(parallel, "make_sandbox", prepare)
    monkeypatch.setattr(parallel.subprocess, "Popen", sleeper)
    begin = time.monotonic()
    with pytest.raises(OSError, match="No space left"):
        run_workers(tmp_path / "course", [Job("L0001", "a"), Job("L0002", "a")], "sqlite://",
                    workers=2)
    assert time.monotonic() - begin < 30
    assert len(started) == 1 and started[0].returncode == -signal.SIGKILL
    assert list(tmp_root.iterdir()) == []
