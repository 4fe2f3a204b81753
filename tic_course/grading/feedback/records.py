"""One submission as the gradebook records it, and a fingerprint of what an educator changes by hand.

The learner's page takes every score from here, never from re-scoring, so it always agrees with
the gradebook and with formgrader. The fingerprint covers what formgrader can change (manual
scores, the "needs manual grade" flags, comments) and what changes the page without a regrade
(whether keys are revealed yet, the settings): a stored fingerprint that differs means the
feedback is out of date, so a rerun of ``tic-course grade`` regenerates it without ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from nbgrader.api import Gradebook, MissingEntry

FORMAT = 1  # bump when the page changes in a way that should regenerate every learner's page


@dataclass(frozen=True)
class GradeRow:
    """One graded cell: nbgrader's automatic and manual scores and its review flag."""

    name: str
    max_score: float
    auto_score: float | None
    manual_score: float | None
    needs_manual_grade: bool

    @property
    def score(self) -> float | None:
        """The score nbgrader counts: the educator's when there is one, else the automatic one."""
        return self.manual_score if self.manual_score is not None else self.auto_score


@dataclass(frozen=True)
class SubmissionRecord:
    """What the gradebook holds for one learner's submission of one assignment."""

    learner: str
    assignment: str
    timestamp: datetime | None
    duedate: datetime | None
    grades: dict[str, GradeRow] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)  # cell name -> the educator's comment


def read_submission(gb: Gradebook, assignment: str, learner: str) -> SubmissionRecord | None:
    """The learner's submission from an open gradebook, or None when it has none."""
    try:
        sub = gb.find_submission(assignment, learner)
    except MissingEntry:
        return None
    grades: dict[str, GradeRow] = {}
    comments: dict[str, str] = {}
    for nb in sub.notebooks:
        for g in nb.grades:
            grades[g.name] = GradeRow(
                g.name,
                float(g.max_score or 0.0),
                None if g.auto_score is None else float(g.auto_score),
                None if g.manual_score is None else float(g.manual_score),
                bool(g.needs_manual_grade),
            )
        for c in nb.comments:
            if c.manual_comment and c.manual_comment.strip():
                comments[c.name] = c.manual_comment.strip()
    return SubmissionRecord(learner, assignment, sub.timestamp, sub.assignment.duedate, grades, comments)


def fingerprint(record: SubmissionRecord, *, revealed: bool, settings: dict[str, str]) -> str:
    """A digest of everything an educator or the calendar can change about a graded submission."""
    data = {
        "format": FORMAT,
        "timestamp": record.timestamp.isoformat() if record.timestamp else None,
        "grades": sorted((g.name, g.auto_score, g.manual_score, g.needs_manual_grade) for g in record.grades.values()),
        "comments": sorted(record.comments.items()),
        "revealed": revealed,
        "settings": sorted(settings.items()),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()
