"""Who a submission belongs to: the LMS's id for the learner, optionally renamed by a map.

Learner ids come from the LMS user id, participant id or username, never from names, so names
never reach the gradebook. A learner map (a CSV the educator exports from a roster) renames those
ids to the course's own; ids not in the map are kept. Every id becomes a folder name under
``submitted/`` and a gradebook key, so it must be a plain, safe file name.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from tic_course.grading.intake.outcome import IntakeError, Unusable

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")


def read_learner_map(path: Path) -> dict[str, str]:
    """A CSV with the columns ``lms_id`` and ``learner_id`` -> {lms_id: learner_id}."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise IntakeError(f"{path}: cannot read the learner map: {exc}") from exc
    if not rows or not {"lms_id", "learner_id"} <= set(rows[0]):
        raise IntakeError(f"{path}: the learner map needs a header row with the columns "
                          "lms_id,learner_id")
    out = {}
    for line, row in enumerate(rows, 2):
        lms_id, learner = (row.get("lms_id") or "").strip(), (row.get("learner_id") or "").strip()
        if not lms_id or not learner:
            raise IntakeError(f"{path}:{line}: both lms_id and learner_id are needed")
        out[lms_id] = learner
    return out


def check_learner_map(learner_map: dict[str, str]) -> None:
    """Raise IntakeError before anything is read if the map would give an unusable id.

    A bad map is the educator's one mistake for every learner, so it stops intake instead of
    rejecting each of their files.
    """
    for lms_id, learner in learner_map.items():
        if not SAFE_ID.fullmatch(learner):
            raise IntakeError(f"learner map: {learner!r} (for {lms_id!r}) cannot be used as a "
                              "learner id: use letters, digits, '.', '_', '-', '@' or '+'")


def learner_id(lms_id: str, learner_map: dict[str, str]) -> str:
    """The learner id to file a submission under, or Unusable when it is not a safe name."""
    learner = learner_map.get(lms_id, lms_id)
    if not SAFE_ID.fullmatch(learner):
        raise Unusable(f"learner id {learner!r} cannot be used as a folder name")
    return learner
