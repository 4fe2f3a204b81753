"""Where everything of a course lives, in one object that is passed in.

The repository is one course: scenario sources in ``exercises/``, nbgrader's course in
``grading/``, the book in ``book/`` and the built site in ``_build/``. Code never works these
paths out from its own location (``__file__``): a command builds a :class:`CourseLayout` from the
folder it was given (or the current one) and hands it down, so the same code serves the
repository, a test's temporary copy and a hospital's fork that moved a folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MARKERS = ("_config.yml", "exercises")


class LayoutError(Exception):
    """The folder is not a course (no ``_config.yml`` and ``exercises/``)."""


@dataclass(frozen=True)
class CourseLayout:
    """Paths of one course. Only ``root`` is stored; every other path is derived from it."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> CourseLayout:
        """The course that holds ``start`` (default: the current folder), looking upwards."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if all((folder / m).exists() for m in MARKERS):
                return cls(folder)
        raise LayoutError(
            f"{here} is not inside a course: no folder above it has both {' and '.join(MARKERS)}. "
            "Run the command from the course repository, or pass --root."
        )

    @classmethod
    def at(cls, root: Path | None) -> CourseLayout:
        """The course at ``root`` when given (a ``--root`` option), else :meth:`find`.

        Commands call this only when they need a path they were not given, so a command with
        explicit files or folders works from anywhere.
        """
        return cls(Path(root).resolve()) if root else cls.find()

    # --- 1. scenario sources --------------------------------------------------------------
    @property
    def exercises(self) -> Path:
        """One folder per scenario: ``exercises/<scenario-id>/scenario.yml``."""
        return self.root / "exercises"

    def scenario_file(self, scenario_id: str) -> Path:
        return self.exercises / scenario_id / "scenario.yml"

    def scenario_files(self) -> list[Path]:
        return sorted(self.exercises.glob("*/scenario.yml"))

    # --- 2-5. nbgrader's course ---------------------------------------------------------------
    @property
    def course(self) -> Path:
        """nbgrader's course root (``grading/``), with its ``nbgrader_config.py``.

        Inside it, nbgrader's own ``CourseDirectory`` names ``source/``, ``release/``,
        ``submitted/``, ``autograded/`` and ``feedback/``; the grading code takes a course folder
        (this one, or a scratch course such as the demo's) and asks nbgrader, not this object.
        """
        return self.root / "grading"

    # --- the book ---------------------------------------------------------------------------
    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def chapters(self) -> Path:
        return self.book / "chapters"

    @property
    def bibliography(self) -> Path:
        return self.book / "references.bib"

    @property
    def book_scenarios(self) -> Path:
        """Generated: each scenario's practice page and its released notebook."""
        return self.book / "scenarios"

    @property
    def vendor(self) -> Path:
        """Generated: browser libraries fetched from the npm registry at pinned versions."""
        return self.book / "_vendor"

    @property
    def requirements(self) -> Path:
        return self.root / "requirements.txt"

    # --- build outputs ------------------------------------------------------------------------
    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"
