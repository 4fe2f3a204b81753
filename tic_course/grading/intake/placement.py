"""Writing the usable notebooks into ``submitted/<learner>/<assignment>/`` for nbgrader.

Learners resubmit, so a download can hold several files for one learner and assignment, and an
older download can be taken in after a newer one. Which file is the learner's latest is decided
only by what the LMS itself wrote (``Order``), never by a file's modification time (a zip
records whatever the zipping machine's clock said) or by anything inside the notebook (the
learner wrote that):

- Blackboard: the attempt time in the name (a time in the future is rejected as impossible);
- Canvas: the id Canvas gave the uploaded file, which grows with every upload;
- an nbgrader tree: its ``timestamp.txt`` (a notebook without one has no order);
- Moodle, and course patterns with neither ``attempt`` nor ``submission``: only the duplicate
  number the LMS gives a second upload of one name (``name (1)``, ``name-1``) inside one download.

When two files claim one learner's assignment and the LMS gives no order between them (no order
at all, the same order, or different kinds), none is placed: each is rejected as ambiguous, with
the names, so the educator asks the learner instead of intake guessing.

The order of each submission placed is recorded in ``COURSE/.tic-intake/<learner>/<assignment>.json``
(outside ``submitted/``, which holds only what nbgrader expects). A later download
replaces it only when the LMS's order says the new file is later; an earlier one is rejected as
an older attempt, and one with no order against it (Moodle keeps no order between downloads) is
rejected with the folder to delete if the educator wants the new one. Each submission folder is
built aside and swapped in whole (``tic_course.atomic``), so nbgrader never finds half a
notebook or a notebook with another attempt's timestamp, and identical files are left alone, so
running intake again on the same download writes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tic_course import atomic
from tic_course.grading.intake.download import Entry
from tic_course.grading.intake.nbgrader_tree import TIMESTAMP_FILE, format_timestamp
from tic_course.grading.intake.notebook_check import without_bom
from tic_course.grading.intake.outcome import IntakeError, IntakeResult, Rejected, Unusable
from tic_course.grading.intake.unpack_safety import read_notebook_bytes

RECORD_DIR = ".tic-intake"


@dataclass(frozen=True)
class Order:
    """Where the LMS put one file among a learner's uploads.

    ``kind`` says which orders can be compared: ``time`` (attempt times and timestamp.txt),
    ``id:<lms>`` (one LMS's file ids), ``local:<lms>`` (duplicate numbers: only within one
    download). ``key`` holds ints and ISO times, so it compares and survives JSON as it is.
    """

    kind: str
    key: tuple[int | str, ...]
    text: str

    @property
    def across_downloads(self) -> bool:
        return not self.kind.startswith("local:")


def time_order(when: datetime, duplicate: int, what: str) -> Order:
    """The order of a file the LMS dated (``what``: "attempt" or "timestamp.txt")."""
    dup = f", duplicate number {duplicate}" if duplicate else ""
    return Order("time", (when.isoformat(), duplicate), f"{what} {format_timestamp(when)}{dup}")


@dataclass(frozen=True)
class LmsName:
    """What the LMS itself wrote into a submission's name, kept for the return trip.

    ``prefix`` is the name up to the learner's own file name (``smithjane_LATE_12345_678901_``,
    ``Jane Smith_4321_assignsubmission_file_``): feedback files sent back to the LMS are named
    from it (:mod:`tic_course.grading.feedback_return`), never from what the learner chose.
    ``late`` is the LMS's own late marker (Canvas's ``LATE``), None when its names carry none.
    """

    lms: str
    lms_id: str
    prefix: str
    late: bool | None


@dataclass
class Candidate:
    """A notebook that passed every check and competes with the learner's other files."""

    entry: Entry
    learner: str
    assignment: str
    when: datetime  # written to timestamp.txt for nbgrader's lateness; never used for order
    order: Order | None
    lms_name: LmsName | None = None


def record_path(course: Path, learner: str, assignment: str) -> Path:
    """Where intake keeps the order record of one learner's submission of one assignment."""
    return course / RECORD_DIR / learner / f"{assignment}.json"


def read_record(course: Path, learner: str, assignment: str) -> dict:
    """The intake record of a placed submission, or {} (an nbgrader tree, or none readable).

    Keys, when the submission came from an LMS download: ``lms``, ``lms_id``, ``lms_prefix``,
    ``lms_late`` (see :class:`LmsName`), beside the order keys ``kind``, ``key``, ``order``.
    """
    try:
        record = json.loads(record_path(course, learner, assignment).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def place(candidates: list[Candidate], course: Path, result: IntakeResult) -> None:
    """Keep each learner's latest file per assignment and write it unless it is unchanged.

    Raises IntakeError, naming the folder, when the course cannot be written (read-only, disk
    full); every submission placed before that is complete, and none is half-written.
    """
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        groups.setdefault((c.learner, c.assignment), []).append(c)
    for (learner, assignment), group in sorted(groups.items()):
        kept = _latest(group, result)
        if kept is None:
            continue
        folder = course / "submitted" / learner / assignment
        try:
            _write(kept, folder, record_path(course, learner, assignment), result)
        except Unusable as exc:  # the file changed or vanished since it was checked
            result.rejected.append(Rejected(kept.entry.display, exc.reason))
        except OSError as exc:
            raise IntakeError(
                f"cannot write {folder}: {exc.strerror or exc}. {len(result.placed)} "
                "submission(s) were placed before this and none is half-written; make the "
                "course folder writable (or free disk space) and run intake again") from None


def _latest(group: list[Candidate], result: IntakeResult) -> Candidate | None:
    """The one file of a learner's assignment to keep, or None (each rejected as ambiguous)."""
    if len(group) == 1:
        return group[0]
    orders = [c.order for c in group]
    kinds = {o.kind if o else None for o in orders}
    keys = sorted((o.key for o in orders if o), reverse=True)
    if None in kinds or len(kinds) > 1 or keys[0] == keys[1]:
        names = ", ".join(sorted(c.entry.display for c in group))
        for c in group:
            result.rejected.append(Rejected(c.entry.display, (
                f"ambiguous: {len(group)} files claim learner {c.learner}'s {c.assignment} "
                f"({names}) and the LMS gives no order between them, so none was placed "
                "(intake never guesses): ask the learner which to grade and take in only that")))
        return None
    ranked = sorted(((c.order, c) for c in group if c.order), key=lambda pair: pair[0].key)
    kept_order, kept = ranked[-1]
    for order, older in ranked[:-1]:
        result.rejected.append(Rejected(older.entry.display, (
            f"older attempt ({order.text}); kept {kept.entry.display} ({kept_order.text})")))
    return kept


def _write(kept: Candidate, folder: Path, record_file: Path, result: IntakeResult) -> None:
    """Place one submission (folder first, then its order record) unless it is unchanged.

    A crash between the two leaves a submission without a record, which a later download
    cannot replace without the educator: the safe side.
    """
    dest, stamp_file = folder / f"{kept.assignment}.ipynb", folder / TIMESTAMP_FILE
    data = without_bom(read_notebook_bytes(kept.entry))
    stamp = format_timestamp(kept.when).encode()
    fields: dict = {"order": None} if kept.order is None else {
        "kind": kept.order.kind, "key": list(kept.order.key), "order": kept.order.text,
        "source": kept.entry.display}
    if kept.lms_name is not None:
        name = kept.lms_name
        fields |= {"lms": name.lms, "lms_id": name.lms_id, "lms_prefix": name.prefix, "lms_late": name.late}
    record = json.dumps(fields, indent=1).encode()
    if _read_if_exists(dest) == data and _read_if_exists(stamp_file) == stamp:
        result.skipped_unchanged += 1
        old = _read_if_exists(record_file)
        # Missing, or written before the LMS's name was kept: an older order is never put back.
        if old is None or (kept.lms_name is not None and b'"lms"' not in old):
            atomic.write_bytes(record_file, record)
        return
    if dest.exists():
        reason = _why_not_replaced(kept, folder, record_file)
        if reason:
            result.rejected.append(Rejected(kept.entry.display, reason))
            return
    folder.parent.mkdir(parents=True, exist_ok=True)
    built = folder.parent / f".{kept.assignment}.intake-{os.getpid()}"
    shutil.rmtree(built, ignore_errors=True)
    try:
        atomic.write_bytes(built / dest.name, data)
        atomic.write_bytes(built / TIMESTAMP_FILE, stamp)
        atomic.replace_folder(built, folder)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    atomic.write_bytes(record_file, record)
    result.placed.append((kept.learner, kept.assignment, dest))


def _why_not_replaced(new: Candidate, folder: Path, record_file: Path) -> str | None:
    """None when ``new`` is later than the submission in ``folder`` by the LMS's order."""
    try:
        old = json.loads(record_file.read_text(encoding="utf-8"))
        old_order = Order(old["kind"], tuple(old["key"]), old["order"])
    except (OSError, ValueError, KeyError, TypeError):
        old_order = None
    if (new.order is None or old_order is None or old_order.kind != new.order.kind
            or not new.order.across_downloads):
        return (f"a different submission is already in {folder} and the LMS gives no order "
                "between the two (intake never guesses), so it was not replaced: to grade this "
                f"file instead, delete {folder} and run intake again")
    if new.order.key < old_order.key:
        return (f"older attempt ({new.order.text}); kept the submission already in {folder} "
                f"({old_order.text})")
    if new.order.key == old_order.key:
        return (f"the submission already in {folder} has the same LMS order ({old_order.text}) "
                "but different content, so it was not replaced: one of the two was altered "
                "after the LMS made it")
    return None


def _read_if_exists(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
