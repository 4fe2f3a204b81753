"""Autograde many submissions across CPU cores, safely for the gradebook.

nbgrader grades one submission at a time, and its SQLite gradebook is not safe for concurrent
writers. So each worker process grades in its own **sandbox**: a throwaway nbgrader course that
holds the released (student) notebooks, its share of the submissions, and a private SQLite
gradebook containing only the assignments' structure. A sandbox never contains the instructor's
source notebooks and cannot write the real gradebook. (And no learner code runs at all: see
:mod:`tic_course.grading.sanitise`.)

The parent process is the **only writer** of the real gradebook (SQLite by default, or any
database nbgrader supports, such as PostgreSQL). As each submission finishes, the parent copies
its autograded notebook into the course and its automatic grades into the gradebook — keeping
any manual grade an educator has already given, exactly as nbgrader's own SaveAutoGrades does —
and then writes a small ledger file. A submission whose notebook has not changed since its
ledger was written is skipped, so running again changes nothing, and a run that is killed
part-way loses no grade and duplicates none: the next run grades what has no ledger yet.

Sandboxes hold learners' notebooks, so none may outlive its run. They live in one temporary
folder named ``tic-grade-<course tag>-<pid>-...`` (the tag is a hash of the course's path, the
pid the grading process's), removed when the run ends, also on an exception or Ctrl-C, after
the workers are stopped. A run killed outright (``kill -9``) cannot clean up, so every run first
sweeps its own course's leftovers whose process is gone; another course's, or a live run's, are
never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from tic_course import atomic
from tic_course.environment import tool_env
from tic_course.grading.safe_text import console_text

# nbgrader's add_submission triggers SQLAlchemy autoflush warnings that are harmless noise here.
warnings.filterwarnings("ignore", category=SAWarning)

LEDGER = ".tic-graded.json"
SANDBOX_PREFIX = "tic-grade-"


def course_tag(course: Path) -> str:
    """A short, stable tag for a course's sandboxes: 12 hex digits of its path's sha256."""
    return hashlib.sha256(str(Path(course).resolve()).encode()).hexdigest()[:12]


def sandbox_prefix(course: Path, pid: int | None = None) -> str:
    """``tic-grade-<course tag>-<pid>-``: whose sandboxes these are, and which process owns them."""
    return f"{SANDBOX_PREFIX}{course_tag(course)}-{os.getpid() if pid is None else pid}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sweep_sandboxes(course: Path, tmp_root: Path | None = None) -> list[Path]:
    """Remove this course's sandboxes left by runs whose process has died; return them.

    Only folders named with this course's tag, owned by this user, and whose pid is not a
    running process are removed, so a run of another course or a live run is never touched.
    """
    root = Path(tmp_root or tempfile.gettempdir())
    removed = []
    for folder in sorted(root.glob(f"{SANDBOX_PREFIX}{course_tag(course)}-*")):
        pid_text = folder.name.removeprefix(f"{SANDBOX_PREFIX}{course_tag(course)}-").split("-")[0]
        try:
            mine = folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@dataclass(frozen=True, order=True)
class Job:
    """One submission: a learner's notebook for one assignment."""

    learner: str
    assignment: str


@dataclass
class Outcome:
    """What happened to one submission in this run."""

    job: Job
    status: str  # "graded", "unchanged" or "failed"
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    error: str = ""


def submitted_notebook(course: Path, job: Job) -> Path:
    return course / "submitted" / job.learner / job.assignment / f"{job.assignment}.ipynb"


def fingerprint(course: Path, job: Job) -> str:
    """sha256 of the submitted notebook and its timestamp: what makes a submission 'the same'."""
    digest = hashlib.sha256(submitted_notebook(course, job).read_bytes())
    stamp = submitted_notebook(course, job).parent / "timestamp.txt"
    if stamp.exists():
        digest.update(stamp.read_bytes())
    return digest.hexdigest()


def discover_jobs(course: Path, assignments: Iterable[str]) -> list[Job]:
    """Every ``submitted/<learner>/<assignment>/<assignment>.ipynb`` for the given assignments."""
    wanted = set(assignments)
    jobs = []
    for nb in sorted((course / "submitted").glob("*/*/*.ipynb")):
        learner, assignment = nb.parent.parent.name, nb.parent.name
        if assignment in wanted and nb.stem == assignment:
            jobs.append(Job(learner, assignment))
    return jobs


def split_pending(course: Path, jobs: list[Job], db_url: str) -> tuple[list[Job], list[Job]]:
    """(to grade, unchanged since their ledger was written and present in the gradebook)."""
    to_grade, unchanged = [], []
    with Gradebook(db_url) as gb:
        for job in jobs:
            ledger = course / "autograded" / job.learner / job.assignment / LEDGER
            same = False
            if ledger.exists():
                try:
                    recorded = json.loads(ledger.read_text(encoding="utf-8")).get("fingerprint")
                    gb.find_submission(job.assignment, job.learner)
                    same = recorded == fingerprint(course, job)
                except (MissingEntry, ValueError):
                    same = False
            (unchanged if same else to_grade).append(job)
    return to_grade, unchanged


def copy_structure(source_db: str, target_db: str, assignments: Iterable[str]) -> None:
    """Copy the assignments' structure (cells, points, hidden-test sources) — never any grades."""
    with Gradebook(source_db) as src, Gradebook(target_db) as dst:
        for name in assignments:
            a = src.find_assignment(name)
            dst.update_or_create_assignment(name, duedate=a.duedate)
            for nb in a.notebooks:
                dst.update_or_create_notebook(nb.name, name)
                for c in nb.grade_cells:
                    dst.update_or_create_grade_cell(c.name, nb.name, name, max_score=c.max_score, cell_type=c.cell_type)
                for c in nb.task_cells:
                    dst.update_or_create_task_cell(c.name, nb.name, name, max_score=c.max_score, cell_type=c.cell_type)
                for c in nb.solution_cells:
                    dst.update_or_create_solution_cell(c.name, nb.name, name)
                for c in nb.source_cells:
                    dst.update_or_create_source_cell(
                        c.name,
                        nb.name,
                        name,
                        cell_type=c.cell_type,
                        locked=c.locked,
                        source=c.source,
                        checksum=c.checksum,
                    )


def make_sandbox(course: Path, sandbox: Path, jobs: list[Job], db_url: str) -> None:
    """A throwaway course for one worker: release, its submissions, a structure-only gradebook."""
    assignments = sorted({j.assignment for j in jobs})
    sandbox.mkdir(parents=True)
    config = course / "nbgrader_config.py"
    (sandbox / "nbgrader_config.py").write_text(
        "# Worker sandbox: the course's configuration, with its own root and gradebook.\n"
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(config)!r})  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(sandbox)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(sandbox / 'gradebook.db')!r}\n",
        encoding="utf-8",
    )
    for a in assignments:
        shutil.copytree(course / "release" / a, sandbox / "release" / a)
    for job in jobs:
        src = submitted_notebook(course, job).parent
        shutil.copytree(src, sandbox / "submitted" / job.learner / job.assignment)
    copy_structure(db_url, f"sqlite:///{sandbox / 'gradebook.db'}", assignments)


def merge(course: Path, sandbox: Path, job: Job, db_url: str, notes: list[str]) -> None:
    """Bring one graded submission from a sandbox into the course. The parent is the only writer."""
    src = sandbox / "autograded" / job.learner / job.assignment
    dest = course / "autograded" / job.learner / job.assignment
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{job.assignment}."))
    shutil.copytree(src, tmp, dirs_exist_ok=True)
    atomic.replace_folder(tmp, dest)
    with Gradebook(f"sqlite:///{sandbox / 'gradebook.db'}") as wgb, Gradebook(db_url) as gb:
        wsub = wgb.find_submission(job.assignment, job.learner)
        gb.update_or_create_student(job.learner)
        gb.update_or_create_submission(job.assignment, job.learner, timestamp=wsub.timestamp)
        for wnb in wsub.notebooks:
            # nbgrader's AssignLatePenalties ran in the sandbox (c.AssignLatePenalties.plugin_class).
            gb.find_submission_notebook(wnb.name, job.assignment, job.learner).late_submission_penalty = (
                wnb.late_submission_penalty
            )
            for wgrade in wnb.grades:
                grade = gb.find_grade(wgrade.name, wnb.name, job.assignment, job.learner)
                grade.auto_score = wgrade.auto_score
                # As nbgrader's SaveAutoGrades: an existing manual grade is kept and flagged for review.
                grade.needs_manual_grade = grade.manual_score is not None or wgrade.auto_score is None
            for wcomment in wnb.comments:
                comment = gb.find_comment(wcomment.name, wnb.name, job.assignment, job.learner)
                comment.auto_comment = wcomment.auto_comment
        gb.db.commit()
    ledger = {
        "fingerprint": fingerprint(course, job),
        "graded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "notes": notes,
    }
    atomic.write_text(dest / LEDGER, json.dumps(ledger, indent=1))


def shard(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Deal jobs round-robin so every worker gets a similar mix of assignments."""
    shards: list[list[Job]] = [[] for _ in range(max(1, workers))]
    for i, job in enumerate(sorted(jobs)):
        shards[i % len(shards)].append(job)
    return [s for s in shards if s]


def run_workers(
    course: Path,
    jobs: list[Job],
    db_url: str,
    *,
    workers: int,
    mode: str = "autograde",
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Grade (or make feedback for) ``jobs`` with ``workers`` processes; merge as results arrive."""
    outcomes: list[Outcome] = []
    sweep_sandboxes(course)
    if not jobs:
        return outcomes
    with tempfile.TemporaryDirectory(prefix=sandbox_prefix(course)) as tmp:
        procs: list[tuple[Path, subprocess.Popen[str]]] = []
        try:
            _start_and_collect(course, jobs, db_url, workers, mode, Path(tmp), procs, outcomes,
                               on_outcome)
        finally:
            for _, p in procs:  # on an exception or Ctrl-C: no worker outlives its sandbox
                if p.poll() is None:
                    p.kill()
                p.wait()
        done = {o.job for o in outcomes}
        for job in jobs:
            if job not in done:
                outcome = Outcome(job, "failed", error="the worker stopped before reaching this submission")
                outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
    return outcomes


def _start_and_collect(
    course: Path,
    jobs: list[Job],
    db_url: str,
    workers: int,
    mode: str,
    tmp: Path,
    procs: list[tuple[Path, subprocess.Popen[str]]],
    outcomes: list[Outcome],
    on_outcome: Callable[[Outcome], None] | None,
) -> None:
    """Start the workers (recorded in ``procs`` as they start) and merge their results."""
    for k, part in enumerate(shard(jobs, workers)):
        if mode == "autograde":
            root = tmp / f"worker-{k}"
            make_sandbox(course, root, part, db_url)
        else:
            root = course  # feedback only reads the gradebook; concurrent readers are safe
        jobs_file = tmp / f"jobs-{k}.json"
        jobs_file.write_text(json.dumps([[j.learner, j.assignment] for j in part]), encoding="utf-8")
        cmd = [sys.executable, "-m", "tic_course.grading.worker", mode, str(root), str(jobs_file)]
        if mode != "autograde":
            cmd += ["--db-url", db_url]
        procs.append(
            (
                root,
                subprocess.Popen(
                    cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=tool_env(), cwd=root
                ),
            )
        )
    streams = {p.stdout: (root, p) for root, p in procs}
    sel = selectors.DefaultSelector()
    for stream in streams:
        sel.register(stream, selectors.EVENT_READ)
    while sel.get_map():
        for key, _ in sel.select():
            line = key.fileobj.readline()
            if not line:
                sel.unregister(key.fileobj)
                continue
            record = json.loads(line)
            job = Job(record["learner"], record["assignment"])
            outcome = Outcome(
                job,
                "graded" if record["success"] else "failed",
                record["seconds"],
                record.get("notes", []),
                record.get("error", ""),
            )
            root, _ = streams[key.fileobj]
            if outcome.status == "graded" and mode == "autograde":
                try:
                    merge(course, root, job, db_url, outcome.notes)
                except Exception as exc:  # one bad merge must not stop the batch
                    outcome.status, outcome.error = "failed", f"could not record the grades: {exc}"
            outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
    for _, p in procs:
        p.wait()


def progress_printer(total: int, verb: str = "graded") -> Callable[[Outcome], None]:
    """A callback printing ``[12/200] graded L0003/consent (1.4 s)`` lines as outcomes arrive."""
    state = {"n": 0, "start": time.monotonic()}

    def show(outcome: Outcome) -> None:
        state["n"] += 1
        job = outcome.job
        word = verb if outcome.status == "graded" else "FAILED"
        tail = f": {console_text(outcome.error)}" if outcome.error else ""
        learner = console_text(job.learner)  # learner-controlled: must not drive the terminal
        print(f"[{state['n']}/{total}] {word} {learner}/{job.assignment} ({outcome.seconds:.1f} s){tail}", flush=True)

    return show
