"""Writing the usable notebooks into ``submitted/<learner>/<assignment>/`` for nbgrader.

Learners resubmit, so a download can hold several attempts per learner and assignment, and an
older download can be taken in after a newer one: only the latest attempt is kept, and a
submission already in place is never replaced by an older one. Files are written through
``tic_course.atomic``, so nbgrader never finds half a notebook, and identical files are left
alone, so running intake again on the same download writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tic_course.atomic import write_bytes
from tic_course.grading.intake.download import Entry
from tic_course.grading.intake.nbgrader_tree import TIMESTAMP_FILE, format_timestamp, parse_timestamp
from tic_course.grading.intake.notebook_check import without_bom
from tic_course.grading.intake.outcome import IntakeResult, Rejected
from tic_course.grading.intake.unpack_safety import read_capped


@dataclass
class Candidate:
    """A notebook that passed every check and competes with the learner's other attempts."""

    entry: Entry
    learner: str
    assignment: str
    when: datetime
    order: int  # the LMS duplicate number (name-2 is later than name-1), a tie-breaker


def place(candidates: list[Candidate], course: Path, result: IntakeResult) -> None:
    """Keep each learner's latest attempt per assignment and write it unless it is unchanged."""
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        groups.setdefault((c.learner, c.assignment), []).append(c)
    for (learner, assignment), group in sorted(groups.items()):
        group.sort(key=lambda c: (c.when, c.order, c.entry.display))
        kept = group[-1]
        for older in group[:-1]:
            result.rejected.append(Rejected(older.entry.display, (
                f"older attempt; kept {kept.entry.display} (submitted "
                f"{format_timestamp(kept.when)})")))
        folder = course / "submitted" / learner / assignment
        dest, stamp_file = folder / f"{assignment}.ipynb", folder / TIMESTAMP_FILE
        stamp = format_timestamp(kept.when).encode()
        old_stamp = _read_if_exists(stamp_file)
        existing = parse_timestamp(old_stamp.decode("utf-8", "replace")) if old_stamp else None
        if existing is not None and existing > kept.when:
            result.rejected.append(Rejected(kept.entry.display, (
                f"older attempt; kept the submission already in {dest} (submitted "
                f"{format_timestamp(existing)})")))
            continue
        data = without_bom(read_capped(kept.entry))
        if _read_if_exists(dest) == data and old_stamp == stamp:
            result.skipped_unchanged += 1
            continue
        write_bytes(dest, data)
        write_bytes(stamp_file, stamp)
        result.placed.append((learner, assignment, dest))


def _read_if_exists(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
