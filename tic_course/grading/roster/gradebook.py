"""Put the roster's learners in nbgrader's gradebook, with their names, e-mail and LMS id.

nbgrader's own ``Gradebook.update_or_create_student`` does the work, so formgrader, nbgrader's
own exports and the LMS ids nbgrader keeps (``lms_user_id``) all see the same learners. Running
it again updates the same rows: importing a corrected class list is safe.
"""

from __future__ import annotations

from nbgrader.api import Gradebook

from tic_course.grading.roster import Roster
from tic_course.grading.roster.learner import RosterLearner


def split_name(learner: RosterLearner) -> tuple[str, str]:
    """First and last name, as the class list gave them or split at the last space."""
    if learner.first_name or learner.last_name:
        return learner.first_name, learner.last_name
    first, _, last = learner.name.rpartition(" ")
    return (first, last) if first else ("", last)


def import_roster(roster: Roster, db_url: str) -> int:
    """Create or update every roster learner in the gradebook at ``db_url``; return how many."""
    with Gradebook(db_url) as gb:
        for learner in roster.learners:
            first, last = split_name(learner)
            gb.update_or_create_student(
                learner.learner_id,
                first_name=first or None,
                last_name=last or None,
                email=learner.email or None,
                lms_user_id=learner.lms_id or None,
            )
    return len(roster.learners)
