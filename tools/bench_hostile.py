"""Benchmark: what the worst hostile answers cost one submission (issue #11: <= 2 s, <= 200 MB extra).

``python -m tools.bench_hostile`` runs each case in a fresh child process (so one case's memory
cannot hide another's) and prints, per case, the seconds taken and the peak memory: Python's own
allocations traced by ``tracemalloc`` (the parser's AST arena included) and the growth of the
process's peak resident size (``resource.getrusage``). The measured work is what the grading
process does with learner text: read the submitted notebook's JSON, rebuild it from the release
(:class:`tic_course.grading.sanitise.RebuildFromRelease`), write the rebuilt notebook, and, for
rewrites, run the rubric exactly as the hidden test does. Timings, not a test; the tests check
the outcomes (tests/grading/test_hostile_answers.py).

Before the limits, the issue measured 827 MB for ``ast.parse`` of the 1.2 MB cell and 18.5 s for
the rubric on a 2 MB rewrite; ``--before`` re-measures the rubric one (the parser one is left
out on purpose: it needs most of a gigabyte on a shared machine).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "triage-pain.yml"
EXERCISES = sorted((ROOT / "exercises").glob("*/scenario.yml"))
TARGET_SECONDS, TARGET_MB = 2.0, 200.0

# grade id -> the hostile cell; every other answer is left blank
CELLS: dict[str, dict[str, str]] = {
    "1.2 MB crafted answer cell": {"first-words-answer": "answer_1 = [" + "0," * 600_000 + "]"},
    "5,000-digit integer": {"red-flags-answer": "answer_2 = " + "9" * 5000},
    "deep nesting (30 brackets)": {"escalation-order-answer": "answer_3 = " + "(" * 30 + '"A"' + ")" * 30},
    "worst accepted cell (19 levels, 20 kB list)": {
        "first-words-answer": "answer_1 = " + "[" * 19 + "0," * 9_960 + "]" * 19
    },
    "operator chains (+, unary -, attributes)": {
        "first-words-answer": "answer_1 = " + "1+" * 9_000 + "1",
        "red-flags-answer": "answer_2 = " + "-" * 19_000 + "1",
        "escalation-order-answer": "answer_3 = a" + ".b" * 9_000,
    },
    "2 MB rewrite cell": {"rewrite-regular-answer": 'answer_4 = """' + "I hear you. " * 175_000 + '"""'},
    "20,000-character hostile reflection": {"reflection": "<script>&[x](javascript:1)$\\" * 740},
}
CELLS["one submission: 4 worst cells + reflection"] = {
    "first-words-answer": "answer_1 = " + "1+" * 9_990 + "1",
    "red-flags-answer": "answer_2 = " + "-" * 19_980 + "1",
    "escalation-order-answer": "answer_3 = " + "[" * 19 + "0," * 9_960 + "]" * 19,
    "rewrite-regular-answer": "answer_4 = a" + ".b" * 9_990,
    "reflection": "<script>&[x](javascript:1)$\\" * 740,
}
# Replies that make rubric patterns try hardest: long runs of a pattern's first words that never
# complete it, no question mark, no sentence end.
HOSTILE_REPLIES = {
    "words": "sounds must be can see what how you I " * 60_000,
    "letters": "a" * 2_000_000,
    "spaces": " " * 2_000_000,
    "apostrophes": "I'm don't can't won't " * 100_000,
}


def _submission(released: nbformat.NotebookNode, cells: dict[str, str]) -> str:
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in cells:
            cell.source = cells[gid]
    return nbformat.writes(nb)


def _released() -> nbformat.NotebookNode:
    from tic_course.notebook.source import build_source_notebook
    from tic_course.scenario import load_scenario

    return build_source_notebook(load_scenario(FIXTURE))


def _rebuild_case(name: str) -> Callable[[], str]:
    """Prepare the submission's JSON; return the measured work (read, rebuild, write)."""
    from tic_course.grading.sanitise import RebuildFromRelease

    released = _released()
    text = _submission(released, CELLS[name])

    def work() -> str:
        submitted = nbformat.reads(text, as_version=4)
        target = copy.deepcopy(released)
        notes = RebuildFromRelease().rebuild(submitted, target)
        nbformat.writes(target).encode("utf-8")
        return "; ".join(notes)[:150]

    return work


def _rubric_case(reply: str) -> Callable[[], str]:
    """Every real rewrite rubric, scored as the hidden test does, on one hostile reply."""
    from tic_course.checkpoints import kind_of
    from tic_course.checkpoints.rewrite import score_rewrite
    from tic_course.scenario import load_scenario

    items = [i for f in EXERCISES for i in load_scenario(f)["checkpoints"] if kind_of(i).name == "rewrite"]

    def work() -> str:
        with contextlib.redirect_stdout(io.StringIO()):
            scores = [
                score_rewrite(
                    reply, rubric=i["rubric"], original=i["original"], points=i["points"],
                    model_answer=i["model_answer"],
                )
                for i in items
            ]
        return f"{len(items)} rubrics, {sum(len(i['rubric']) for i in items)} checks, total {sum(scores):g} points"

    return work


def _unbounded_rubric_case(reply: str) -> Callable[[], str]:
    """The rubric as it was before the cut (every check over the whole reply), for --before."""
    from tic_course.checkpoints import rubric

    def work() -> str:
        saved = rubric.MAX_REWRITE_CHARS
        rubric.MAX_REWRITE_CHARS = len(reply)
        try:
            item = next(
                i for i in __import__("yaml").safe_load(FIXTURE.read_text(encoding="utf-8"))["checkpoints"]
                if i["id"] == "rewrite-regular"
            )
            result = rubric.check_rewrite(reply, item["rubric"], original=item["original"])
        finally:
            rubric.MAX_REWRITE_CHARS = saved
        return f"{result.score:g} points"

    return work


def case_names(before: bool) -> list[str]:
    names = list(CELLS) + [f"rubric: 2 MB reply of {k}" for k in HOSTILE_REPLIES]
    return names + (["BEFORE: unbounded rubric, 2 MB reply"] if before else [])


def _work(name: str) -> Callable[[], str]:
    if name in CELLS:
        return _rebuild_case(name)
    if name.startswith("rubric: "):
        return _rubric_case(HOSTILE_REPLIES[name.rsplit(" ", 1)[1]])
    return _unbounded_rubric_case("I hear you. " * 175_000)


def measure(name: str) -> dict[str, object]:
    """Run one case in this process and return its figures.

    The work runs twice: once plain, for the seconds and the growth of the peak resident size,
    and once under ``tracemalloc`` (which slows Python code down several times) for the peak of
    Python's own allocations.
    """
    work = _work(name)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    outcome = work()
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "case": name,
        "seconds": round(seconds, 3),
        "traced_peak_mb": round(peak / 1e6, 1),
        "rss_growth_mb": round((rss_after - rss_before) * 1024 / 1e6, 1),
        "outcome": outcome,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help="run one case in this process and print its figures as JSON")
    parser.add_argument("--before", action="store_true", help="also time the rubric without the cut")
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(measure(args.case)))
        return 0
    worst_s = worst_mb = 0.0
    print(f"{'case':52} {'seconds':>8} {'traced MB':>10} {'RSS +MB':>8}  outcome")
    for name in case_names(args.before):
        proc = subprocess.run(
            [sys.executable, "-m", "tools.bench_hostile", "--case", name],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        r = json.loads(proc.stdout.splitlines()[-1])
        figures = f"{r['seconds']:8.3f} {r['traced_peak_mb']:10.1f} {r['rss_growth_mb']:8.1f}"
        print(f"{r['case']:52} {figures}  {r['outcome']}")
        if not name.startswith("BEFORE"):
            worst_s = max(worst_s, float(r["seconds"]))
            worst_mb = max(worst_mb, float(r["traced_peak_mb"]), float(r["rss_growth_mb"]))
    ok = worst_s <= TARGET_SECONDS and worst_mb <= TARGET_MB
    print(f"worst_seconds={worst_s:.3f} worst_mb={worst_mb:.1f} target=<={TARGET_SECONDS:g}s,<={TARGET_MB:g}MB "
          f"{'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
