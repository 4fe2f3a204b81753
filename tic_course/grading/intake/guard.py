"""Operator mistakes caught before anything is read or written.

``tic-course grade grading`` (or ``grading/source``, ``grading/release``, ``exercises/`` ...)
would otherwise take the instructor's own notebooks, with their solutions, as if learners had
submitted them. So intake refuses any source that is the course itself, one of nbgrader's folders
inside it, a folder holding the course, or another folder the caller protects (the scenario
sources). And a course whose ``submitted/`` cannot be written is named before the first file is
placed, instead of failing part-way with a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tic_course import atomic
from tic_course.grading.intake.outcome import IntakeError

# nbgrader's CourseDirectory folders: the instructor's own notebooks and the outputs.
COURSE_FOLDERS = ("source", "release", "submitted", "autograded", "feedback")


def refuse_own_folders(source: Path, course: Path, protected: Iterable[Path] = ()) -> None:
    """Raise IntakeError when ``source`` is the course, one of its own folders, or protected."""
    where = source.resolve()
    root = course.resolve()
    own = [root / name for name in COURSE_FOLDERS] + [Path(p).resolve() for p in protected]
    if where == root or root.is_relative_to(where):
        raise IntakeError(
            f"{source} is the course folder {course} (or holds it): intake reads an LMS download, "
            "never the course's own notebooks; give the path of the downloaded .zip or folder")
    for folder in own:
        if where == folder or where.is_relative_to(folder):
            raise IntakeError(
                f"{source} is the course's own {folder.name}/ folder: intake reads an LMS "
                "download, never the course's own notebooks or outputs; give the path of the "
                "downloaded .zip or folder")


def check_writable(folder: Path) -> None:
    """Raise IntakeError naming ``folder`` when a file cannot be written in it.

    Tried with a real (atomic) write of an empty file, because permission bits say nothing for
    root, read-only mounts or a full disk.
    """
    probe = folder / f".tic-write-check-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(probe, b"")
        probe.unlink()
    except OSError as exc:
        raise IntakeError(
            f"cannot write in {folder}: {exc.strerror or exc}. Nothing was written; make the "
            "folder writable (or free disk space) and run again") from None
