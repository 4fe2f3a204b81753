"""Load a set of scenario files as one course: every file valid, every id unique.

Validating all files before anything is written keeps the course consistent: one bad file stops
the whole build instead of leaving some notebooks new and others stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tic_course.scenario.load import load_scenario
from tic_course.scenario.problems import ScenarioError


class CatalogueError(Exception):
    """At least one scenario file is unusable; the message lists every problem."""


def load_all(files: list[Path]) -> list[dict[str, Any]]:
    """Every scenario, validated; raise CatalogueError listing every problem otherwise."""
    scenarios, problems = [], []
    for file in files:
        try:
            scenarios.append(load_scenario(file))
        except ScenarioError as exc:
            problems.append(exc.report())
    if problems:
        raise CatalogueError("\n".join(problems) + "\nNo notebooks were written.")
    ids = [s["id"] for s in scenarios]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise CatalogueError(f"scenario id(s) used by more than one file: {', '.join(sorted(dupes))}")
    return scenarios
