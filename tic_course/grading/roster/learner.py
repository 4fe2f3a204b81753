"""One learner of a class list, and the checks every format shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tic_course.grading.roster.sheet import RosterError, Sheet

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")
"""The same rule intake uses: an id becomes a folder name and a gradebook key."""

SOURCES = ("canvas", "moodle", "blackboard", "plain")


@dataclass(frozen=True)
class RosterLearner:
    """A learner as the class list names them. Unknown fields are empty strings."""

    learner_id: str
    lms_id: str
    first_name: str
    last_name: str
    name: str
    email: str
    sis_id: str
    section: str
    source: str
    line: int  # where the learner is in the file, for messages


def full_name(first: str, last: str) -> str:
    return " ".join(part for part in (first, last) if part)


def checked(sheet: Sheet, line: int, learner: RosterLearner) -> RosterLearner:
    """Refuse an id that cannot name a folder, or an e-mail that is not one, naming the line."""
    if not learner.learner_id:
        raise RosterError(f"{sheet.where(line)}: the learner's id is empty")
    if not SAFE_ID.fullmatch(learner.learner_id):
        raise RosterError(
            f"{sheet.where(line)}: {learner.learner_id!r} cannot be used as a learner id "
            "(letters, digits, '.', '_', '-', '@' or '+', starting with a letter or digit)"
        )
    if learner.email and ("@" not in learner.email or any(ch.isspace() for ch in learner.email)):
        raise RosterError(f"{sheet.where(line)}: {learner.email!r} is not an e-mail address")
    return learner
