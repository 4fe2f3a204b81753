"""The class list: who should be in the course, read from the LMS's own export.

``read_roster(path, fmt=None)`` reads a Canvas gradebook export, a Moodle grading worksheet,
participants list or grade export, a Blackboard Full Grade Centre download, or a plain CSV
(one module per format, each citing the LMS's documentation of its columns). The format is
detected from the header row unless ``fmt`` names it. Every learner gets the id the course
records them under, the id intake derives from that LMS's file names, so a roster and a
download meet without names ever being matched.

The roster is what makes "who has not submitted" and the training record possible, and what
stops a stranger's submission from quietly joining the gradebook: :func:`unknown_learners`
lists submitters the roster does not name, and the pipeline reports them instead of grading
them. Any unusable file raises :class:`RosterError` naming the file and line; nothing is
written before the whole file has been read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tic_course.grading.roster import blackboard, canvas, moodle, plain
from tic_course.grading.roster.learner import SOURCES, RosterLearner
from tic_course.grading.roster.sheet import RosterError, Sheet, read_sheet, shown

ROSTER_COLUMNS = ["learner_id", "lms_id", "name", "email", "sis_id", "section", "source"]
"""The columns of :meth:`Roster.frame`, one row per learner in roster order (a contract)."""

FORMATS = {"canvas": canvas, "blackboard": blackboard, "moodle": moodle, "plain": plain}
"""Tried in this order when the format is not given; the first whose header matches reads the file."""

__all__ = ["FORMATS", "ROSTER_COLUMNS", "SOURCES", "Roster", "RosterError", "RosterLearner",
           "read_roster", "unknown_learners"]


@dataclass(frozen=True)
class Roster:
    """The learners of one class list, in the file's order."""

    path: Path
    source: str
    learners: tuple[RosterLearner, ...]

    def frame(self) -> pd.DataFrame:
        """One row per learner with :data:`ROSTER_COLUMNS`; empty strings, never NaN."""
        rows = [[getattr(learner, c) for c in ROSTER_COLUMNS] for learner in self.learners]
        return pd.DataFrame(rows, columns=ROSTER_COLUMNS, dtype=object)

    def ids(self) -> list[str]:
        return [learner.learner_id for learner in self.learners]

    def by_id(self) -> dict[str, RosterLearner]:
        return {learner.learner_id: learner for learner in self.learners}


def detect(sheet: Sheet) -> str:
    """The format whose columns the header has, or RosterError listing what each needs."""
    for name, module in FORMATS.items():
        if module.matches(sheet.header):
            return name
    raise RosterError(
        f"{sheet.where(sheet.header_line)}: the header matches no class-list format: Canvas needs Student, ID "
        "and SIS User ID or Section; Blackboard needs Last Name, First Name, Username; Moodle needs "
        "Identifier and Full name, or First name, Last name and Email address; a plain list needs "
        "learner_id and name (found: " + shown(sheet.header) + ")"
    )


def read_roster(path: Path, fmt: str | None = None) -> Roster:
    """Read a class list (``fmt``: canvas, moodle, blackboard or plain; None detects it)."""
    if fmt is not None and fmt not in FORMATS:
        raise RosterError(f"{path}: unknown roster format {fmt!r} (use one of: {', '.join(FORMATS)})")
    sheet = read_sheet(Path(path))
    source = fmt or detect(sheet)
    learners = FORMATS[source].learners(sheet)
    if not learners:
        raise RosterError(f"{sheet.path}: no learners in the class list (only staff or summary rows)")
    # Ids are compared without case: each becomes a folder under submitted/, and on Windows or
    # macOS "Ann.Lee" and "ann.lee" are one folder, so two such rows would mix two learners' work;
    # an e-mail id (Moodle's participants list) names one mailbox whatever its case.
    first: dict[str, RosterLearner] = {}
    for learner in learners:
        earlier = first.get(learner.learner_id.casefold())
        if earlier is not None:
            same = ("" if earlier.learner_id == learner.learner_id
                    else f" (as {earlier.learner_id!r}: ids differ only in case)")
            raise RosterError(
                f"{sheet.where(learner.line)}: learner id {learner.learner_id!r} is already on line "
                f"{earlier.line}{same}; each learner must appear once"
            )
        first[learner.learner_id.casefold()] = learner
    return Roster(Path(path), source, tuple(learners))


def unknown_learners(roster: Roster, learner_ids: Iterable[str]) -> list[str]:
    """Learner ids that handed something in but are not on the roster, sorted."""
    known = set(roster.ids())
    return sorted({learner for learner in learner_ids if learner not in known})
