"""The demo cohort's class list: everyone the LMS enrols, including learners who never submit.

A real class list always names people who have not handed anything in, and the training record
and reminder lists exist for them; so the demo's list is the cohort plus ``absent`` learners with
no submissions at all. It is a plain class list (learner_id, lms_id, name, email, section) with
made-up names ("Learner 0007") and addresses at the reserved domain example.org, so no realistic
personal data appears.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tic_course import atomic

COLUMNS = ["learner_id", "lms_id", "name", "email", "section"]


def class_list_rows(learners: int, absent: int) -> list[list[str]]:
    """Rows for learners 1..learners+absent, in the ids the demo's learner map gives them."""
    return [
        [f"L{n:04d}", str(100_000 + n), f"Learner {n:04d}", f"learner{n:04d}@example.org",
         "Ward A" if n % 2 else "Ward B"]
        for n in range(1, learners + absent + 1)
    ]


def write_class_list(dest: Path, learners: int, absent: int) -> None:
    """Write the class list atomically (see module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(class_list_rows(learners, absent))
    atomic.write_text(dest, buffer.getvalue())
