"""The training record for an nbgrader course: its settings, due dates and the book's minutes.

Both ``tic-course records`` and ``tic-course grade --roster`` come here, so the two routes write
the same folder from the same settings: ``c.TrainingRecord.*`` and nbgrader's
``c.CourseDirectory.course_id`` from the course's ``nbgrader_config.py``, each assignment's due
date from nbgrader's gradebook (``nbgrader db assignment add ID --duedate=...``), and chapter
minutes and titles from the book's chapters.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from traitlets import TraitError
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from tic_course.book.chapter_minutes import ChapterMinutesError, chapter_minutes, chapter_titles
from tic_course.grading.records import RecordsError, TrainingRecord, make_records
from tic_course.grading.roster import Roster


def course_config(course: Path) -> Config:
    """The course's nbgrader_config.py (RecordsError when there is none)."""
    if not (course / "nbgrader_config.py").is_file():
        raise RecordsError(f"{course / 'nbgrader_config.py'}: no nbgrader_config.py, so {course} is not an "
                           "nbgrader course")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course.resolve())
    return config


def settings_of(course: Path, config: Config) -> TrainingRecord:
    try:
        return TrainingRecord(config=config)
    except TraitError as exc:
        raise RecordsError(f"{course / 'nbgrader_config.py'}: {exc}") from None


def due_dates(db_url: str, assignments: list[str]) -> dict[str, datetime]:
    """{assignment: due date (naive UTC, as nbgrader keeps it)} for those that have one."""
    found = {}
    with Gradebook(db_url) as gb:
        for name in assignments:
            try:
                due = gb.find_assignment(name).duedate
            except MissingEntry:
                continue
            if due is not None:
                found[name] = due
    return found


def write_course_records(
    results: pd.DataFrame,
    assignments: pd.DataFrame,
    roster: Roster,
    out_dir: Path,
    *,
    course: Path,
    chapters: Path,
    config: Config | None = None,
    not_graded: dict[str, list[str]] | None = None,
) -> dict[str, Path]:
    """Write the records folder for ``course`` (prepared tables in); RecordsError when it cannot."""
    config = config if config is not None else course_config(course)
    coursedir = CourseDirectory(config=config)
    try:
        minutes, titles = chapter_minutes(chapters), chapter_titles(chapters)
    except ChapterMinutesError as exc:
        raise RecordsError(str(exc)) from None
    return make_records(
        results, assignments, roster, out_dir, chapter_minutes=minutes, chapter_titles=titles,
        settings=settings_of(course, config), course_code=coursedir.course_id or course.name,
        due_dates=due_dates(coursedir.db_url, list(assignments["assignment"])), not_graded=not_graded,
    )
