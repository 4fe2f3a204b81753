"""One grading worker process: ``python -m tic_course.grading.worker MODE ROOT JOBS``.

Started by :mod:`tic_course.grading.parallel`, never by hand. It loads the nbgrader course at ROOT
(a sandbox for ``autograde``, the real course for ``feedback``), runs nbgrader's own API for each
job in the JSON file JOBS, and prints one JSON line per job so the parent can merge and report
progress while the rest are still running. A failing job is reported and the worker moves on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

from tic_course.grading.feedback.marked_notebook import use_phone_template
from tic_course.grading.sanitise import NOTE_PREFIX

GENERIC = "Please see the"  # nbgrader's closing line, which names no cause


def _reason(error: str, log: str) -> str:
    """The most specific single line from nbgrader's traceback or log."""
    lines = [line.strip() for line in f"{error}\n{log}".splitlines() if line.strip()]
    for pattern in (r"^[\w.]+(Error|Exception|Invalid\w*|Timeout\w*|DeadKernel\w*): ", r"ERROR"):
        for line in reversed(lines):
            if re.search(pattern, line) and GENERIC not in line:
                return line[:500]
    return lines[-1][:500] if lines else "unknown error"


def _grade(api: NbGraderAPI, mode: str, assignment: str, learner: str) -> dict:
    if mode == "autograde":
        return api.autograde(assignment, learner, force=True, create=True)
    return api.generate_feedback(assignment, learner, force=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["autograde", "feedback"])
    parser.add_argument("root", type=Path)
    parser.add_argument("jobs", type=Path)
    parser.add_argument("--db-url", default=None)
    args = parser.parse_args(argv)

    config = PyFileConfigLoader("nbgrader_config.py", path=str(args.root)).load_config()
    if args.db_url:
        config.CourseDirectory.db_url = args.db_url
    config.NbGraderAPI.log_level = "WARN"
    if args.mode == "feedback":
        use_phone_template(config)  # the marked notebook, readable on a phone
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    for learner, assignment in json.loads(args.jobs.read_text(encoding="utf-8")):
        start = time.monotonic()
        result = _grade(api, args.mode, assignment, learner)
        first_failure = ""
        if not result.get("success"):
            # Kernels started at the same moment by two workers can collide (a port already in
            # use); that is transient, so one retry. A real problem fails again and is reported.
            first_failure = _reason(result.get("error", ""), result.get("log", "") or "")
            result = _grade(api, args.mode, assignment, learner)
        log = result.get("log", "") or ""
        prefix = f"{NOTE_PREFIX} {assignment}/{learner}: "
        notes = [line.split(prefix, 1)[1] for line in log.splitlines() if prefix in line]
        record = {
            "learner": learner,
            "assignment": assignment,
            "success": bool(result.get("success")),
            "seconds": round(time.monotonic() - start, 3),
            "notes": notes,
        }
        if not record["success"]:
            record["error"] = _reason(result.get("error", ""), log)
        elif first_failure:
            record["notes"].append(f"graded at the second attempt; the first failed with: {first_failure}")
        print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
