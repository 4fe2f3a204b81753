"""Write source notebooks, release them with nbgrader, and put each scenario's pages in the book.

Step 2 -> 3 of the data flow: ``grading/source/<id>/<id>.ipynb`` (solutions, hidden tests) is
turned into the student assignment ``grading/release/<id>/<id>.ipynb`` by nbgrader's own
``generate_assignment``; the book gets a copy of that assignment and a kernel-free practice page.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat

from tic_course import atomic
from tic_course.book.scenario_pages import practice_page
from tic_course.environment import tool_env
from tic_course.notebook.source import build_source_notebook
from tic_course.scenario.presentation import Presentation, present


class ReleaseError(Exception):
    """nbgrader could not release an assignment; the message holds its output."""


def _shown(path: Path, course: Path) -> Path:
    """A path as the user thinks of it: relative to the folder that holds the course."""
    return path.relative_to(course.parent) if path.is_relative_to(course.parent) else path


def write_notebook(nb: nbformat.NotebookNode, dest: Path) -> None:
    """Write a notebook atomically, in nbformat's own serialisation."""
    atomic.write_text(dest, nbformat.writes(nb) + "\n")


def build_sources(
    scenarios: list[dict[str, Any]], course: Path, presentation: Presentation | None = None
) -> list[str]:
    """Write the source notebook of each (already validated) scenario; return their ids.

    ``presentation`` orders replies and options as learners will see them (the commands pass
    the course's, :func:`~tic_course.scenario.presentation.course_presentation`); ``None``
    keeps the authored order, which only tests and tools that need it ask for.
    """
    for i, s in enumerate(scenarios, 1):
        dest = course / "source" / s["id"] / f"{s['id']}.ipynb"
        write_notebook(build_source_notebook(present(s, presentation)), dest)
        print(f"[{i}/{len(scenarios)}] built {_shown(dest, course)}")
    return [s["id"] for s in scenarios]


def release(ids: list[str], course: Path, book_dir: Path | None) -> None:
    """Run ``nbgrader generate_assignment`` for each scenario, then copy it into the book."""
    for i, sid in enumerate(ids, 1):
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", sid, "--force", "--log-level=WARN"],
            cwd=course,
            capture_output=True,
            text=True,
            env=tool_env(),
        )
        if proc.returncode:
            raise ReleaseError(f"nbgrader generate_assignment {sid} failed:\n{proc.stdout}{proc.stderr}")
        released = course / "release" / sid / f"{sid}.ipynb"
        print(f"[{i}/{len(ids)}] released {_shown(released, course)}")
        if book_dir is not None:
            atomic.copy_file(released, book_dir / f"{sid}-notebook.ipynb")


def write_practice_pages(scenarios: list[dict[str, Any]], book_dir: Path) -> None:
    """One practice page per scenario, beside its released notebook."""
    for s in scenarios:
        atomic.write_text(book_dir / f"{s['id']}.md", practice_page(s))
