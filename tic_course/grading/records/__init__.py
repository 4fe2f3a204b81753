"""Records a hospital can import: the training record and who has not submitted.

:func:`make_records` joins the class list (:mod:`tic_course.grading.roster`) with the graded
results, module by module (:mod:`.modules`: a chapter plus its scenarios), decides each
learner's status (:mod:`.training`) and writes the records folder (:mod:`.writer`). Codes, pass
marks and the time zone are traitlets settings, ``c.TrainingRecord.*`` (:mod:`.settings`), read
from the course's ``nbgrader_config.py`` like the rest of grading.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from tic_course.grading.records.modules import Module, RecordsError, course_modules
from tic_course.grading.records.settings import DEFAULT_PASS_MARK, TrainingRecord
from tic_course.grading.records.training import (
    NON_SUBMITTER_COLUMNS,
    STATUSES,
    TRAINING_RECORD_COLUMNS,
    non_submitters,
    training_record,
)
from tic_course.grading.records.writer import write_records
from tic_course.grading.report.tables import completion_table
from tic_course.grading.roster import Roster, unknown_learners

__all__ = ["DEFAULT_PASS_MARK", "NON_SUBMITTER_COLUMNS", "STATUSES", "TRAINING_RECORD_COLUMNS", "Module",
           "RecordsError", "TrainingRecord", "course_modules", "make_records", "strangers"]


def strangers(roster: Roster, results: pd.DataFrame) -> dict[str, list[str]]:
    """{learner id: assignments handed in} for submitters the roster does not name."""
    unknown = set(unknown_learners(roster, results["learner_id"]))
    rows = results[results["learner_id"].isin(unknown)]
    return {learner: sorted(set(group["assignment"])) for learner, group in rows.groupby("learner_id")}


def make_records(
    results: pd.DataFrame,
    assignments: pd.DataFrame,
    roster: Roster,
    out_dir: Path,
    *,
    chapter_minutes: Mapping[str, int],
    chapter_titles: Mapping[str, str],
    settings: TrainingRecord,
    course_code: str,
    due_dates: Mapping[str, datetime] | None = None,
    not_graded: Mapping[str, list[str]] | None = None,
) -> dict[str, Path]:
    """Write the records folder for prepared ``results`` and ``assignments``; return the files.

    Results of learners not on the roster are left out of the record and listed in
    ``not_on_roster.csv``, with ``not_graded`` ({learner: assignments} the pipeline held back
    because the roster does not name them). ``course_code`` is used when ``settings.course_code``
    is empty.
    """
    modules = course_modules(assignments, dict(chapter_minutes), dict(chapter_titles), settings)
    completion = completion_table(results, assignments)
    record = training_record(roster, completion, modules, course_code=settings.course_code or course_code,
                             timezone=settings.timezone)
    titles = dict(zip(assignments["assignment"], assignments["title"], strict=True))
    missing = non_submitters(record, completion, modules, titles, due_dates or {}, timezone=settings.timezone)
    outsiders = strangers(roster, results)
    for learner, handed in (not_graded or {}).items():
        outsiders[learner] = sorted({*outsiders.get(learner, []), *handed})
    return write_records(out_dir, record, missing, modules, outsiders)
