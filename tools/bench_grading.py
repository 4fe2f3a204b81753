"""Benchmark: the grading pipeline against plain sequential ``nbgrader autograde``.

``make bench`` (``python -m tools.bench_grading``). Both grade the same demo-cohort
submissions with the same course configuration, in one run, each in a fresh copy of the course:

* **plain nbgrader** — ``nbgrader autograde <assignment>`` for each assignment, one after another,
  as an educator would run it by hand;
* **pipeline** — :func:`tic_course.grading.parallel.run_workers` with one worker per core, at
  N = 50, 100 and 200 submissions, to show that the cost per submission stays flat;
* **floor** — the unavoidable work per submission: start a kernel, run the (rebuilt) notebook,
  stop the kernel, measured with nbclient on a sample of the same notebooks.

It prints submissions per second for each, the per-core cost against the floor, the seconds per
submission at each N, and finally ``speedup_vs_nbgrader=X.XX``. Timings, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from tic_course.environment import ensure_own_bin_on_path, tool_env
from tic_course.grading.parallel import Job, copy_structure, discover_jobs, run_workers
from tic_course.layout import CourseLayout


def prepare(work: Path, learners: int) -> tuple[Path, list[Job]]:
    """A course with every scenario released, and a pool of demo submissions placed by intake."""
    from tic_course.grading.intake import intake
    from tic_course.notebook.release import build_sources, release
    from tic_course.scenario.catalogue import load_all
    from tools.demo_cohort import make_demo_cohort

    layout = CourseLayout.find()

    pool = work / "pool"
    if not (pool / "release").exists():
        shutil.rmtree(pool, ignore_errors=True)
        pool.mkdir(parents=True)
        shutil.copy(layout.course / "nbgrader_config.py", pool / "nbgrader_config.py")
        print("preparing: releasing every scenario into a scratch course", flush=True)
        release(build_sources(load_all(layout.scenario_files()), pool), pool, None)
    if not (pool / "submitted").exists():
        print(f"preparing: demo cohort of {learners} learners", flush=True)
        make_demo_cohort(pool, work / "lms-download.zip", learners=learners)
        assignments = {p.name for p in (pool / "release").iterdir()}
        intake(work / "lms-download.zip", pool, assignments)
    jobs = discover_jobs(pool, [p.name for p in (pool / "release").iterdir()])
    return pool, jobs


def fresh_course(pool: Path, dest: Path, jobs: list[Job]) -> Path:
    """A copy of the pool course with only ``jobs`` submitted and an empty gradebook."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copy(pool / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(pool / "release", dest / "release")
    for job in jobs:
        src = pool / "submitted" / job.learner / job.assignment
        shutil.copytree(src, dest / "submitted" / job.learner / job.assignment)
    assignments = sorted({j.assignment for j in jobs})
    copy_structure(f"sqlite:///{pool / 'gradebook.db'}", f"sqlite:///{dest / 'gradebook.db'}", assignments)
    return dest


def time_plain(course: Path, jobs: list[Job]) -> float:
    start = time.monotonic()
    for assignment in sorted({j.assignment for j in jobs}):
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--create", "--log-level=ERROR"],
                       cwd=course, env=tool_env(), capture_output=True, check=True)
    return time.monotonic() - start


def time_pipeline(course: Path, jobs: list[Job], workers: int) -> tuple[float, int]:
    db = f"sqlite:///{course / 'gradebook.db'}"
    start = time.monotonic()
    outcomes = run_workers(course, jobs, db, workers=workers)
    return time.monotonic() - start, sum(o.status == "graded" for o in outcomes)


def time_floor(course: Path, jobs: list[Job], sample: int) -> float:
    """Mean seconds to start a kernel, run a rebuilt submission notebook, and stop the kernel."""
    from nbclient import NotebookClient

    os.environ["NBGRADER_EXECUTION"] = "autograde"  # as nbgrader sets it while grading
    times = []
    for job in jobs[:sample]:
        nb = nbformat.read(course / "autograded" / job.learner / job.assignment / f"{job.assignment}.ipynb", 4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        start = time.monotonic()
        NotebookClient(nb, timeout=60, kernel_name="python3").execute()
        times.append(time.monotonic() - start)
    os.environ.pop("NBGRADER_EXECUTION", None)
    return statistics.mean(times)


def spread(jobs: list[Job], n: int) -> list[Job]:
    """n submissions taken evenly across learners and assignments (deterministic)."""
    ordered = sorted(jobs)
    step = max(1, len(ordered) // n)
    return ordered[::step][:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work", default=str(CourseLayout.find().build / "bench"), help="scratch folder (default: _build/bench)"
    )
    parser.add_argument("--sizes", default="50,100,200", help="submission counts for the scaling runs")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="pipeline workers (default: cores)")
    parser.add_argument("--learners", type=int, default=200, help="demo cohort size (default: 200)")
    parser.add_argument("--floor-sample", type=int, default=20, help="notebooks timed for the floor (default: 20)")
    args = parser.parse_args(argv)
    ensure_own_bin_on_path()
    work = Path(args.work)
    sizes = [int(s) for s in args.sizes.split(",")]
    pool, jobs = prepare(work, args.learners)
    if len(jobs) < max(sizes):
        raise SystemExit(f"only {len(jobs)} demo submissions; lower --sizes or raise --learners")
    print(f"cores: {os.cpu_count()}, pipeline workers: {args.workers}, demo submissions available: {len(jobs)}")

    n = max(sizes)
    chosen = spread(jobs, n)
    print(f"plain nbgrader autograde, N={n} ...", flush=True)
    plain = time_plain(fresh_course(pool, work / "plain", chosen), chosen)
    per_size = {}
    for size in sizes:
        subset = spread(jobs, size)
        print(f"pipeline, N={size} ...", flush=True)
        course = fresh_course(pool, work / f"pipeline-{size}", subset)
        seconds, graded = time_pipeline(course, subset, args.workers)
        if graded != size:
            raise SystemExit(f"pipeline graded {graded} of {size} submissions")
        per_size[size] = seconds
    floor = time_floor(work / f"pipeline-{n}", chosen, args.floor_sample)

    pipe = per_size[n]
    per_core = pipe * args.workers / n
    print()
    print(f"plain nbgrader autograde  N={n}: {plain:7.1f} s  {n / plain:5.2f} submissions/s  "
          f"{plain / n:.2f} s per submission")
    print(f"pipeline ({args.workers} workers)     N={n}: {pipe:7.1f} s  {n / pipe:5.2f} submissions/s  "
          f"{pipe / n:.2f} s per submission")
    print(f"floor (start kernel, run notebook, stop): {floor:.2f} s per submission "
          f"(mean of {min(args.floor_sample, n)})")
    print(f"pipeline cost per core: {per_core:.2f} s per submission = {per_core / floor:.2f} x floor")
    for size in sizes:
        print(f"scaling: N={size:<4} {per_size[size]:7.1f} s  {per_size[size] / size:.3f} s per submission")
    print(f"speedup_vs_nbgrader={plain / pipe:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
