"""Bring learners' notebooks from an LMS bulk download into nbgrader's ``submitted/`` folder.

Educators download every submission from Canvas, Moodle or Blackboard as one zip (or unpack it
into a folder). Each LMS names files its own way, learners rename and re-upload, zips made on
other systems carry junk and odd file-name encodings. ``nbgrader autograde`` expects a clean
``submitted/<learner>/<assignment>/<assignment>.ipynb`` plus ``timestamp.txt``, and it grades
whatever it finds. So intake checks every file before it reaches the gradebook and reports each
one it could not use as a sentence the educator can act on, instead of failing on the first.

Learner ids come from the LMS user id, participant id or username, never from names, so names
never reach the gradebook. Intake is idempotent: running it again on the same download writes
nothing and counts the identical files as unchanged.

The steps, in the order a file meets them: ``download`` (zip or folder -> entries),
``guard`` (not the course's own folders; ``submitted/`` writable), ``unpack_safety`` (unsafe
paths, links, special files, junk, size limits), ``which_lms`` (one LMS per download),
``lms_patterns`` with ``canvas``, ``moodle`` and ``blackboard``, or ``nbgrader_tree`` (which
learner and assignment, and the LMS's order), ``identity`` (learner ids), ``notebook_check`` (is
it the released notebook, with values of the right types), ``placement`` (the latest by the LMS's
order, written to ``submitted/``). This module only runs them in that order. Run
``tic-course intake --help``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tic_course.grading.intake.blackboard import BLACKBOARD
from tic_course.grading.intake.canvas import CANVAS
from tic_course.grading.intake.download import Entry, read_download
from tic_course.grading.intake.guard import check_writable, refuse_own_folders
from tic_course.grading.intake.identity import check_learner_map, learner_id, read_learner_map
from tic_course.grading.intake.lms_patterns import (
    LmsPattern,
    assignment_of,
    attempt_time,
    pattern_names,
    patterns_from_config,
)
from tic_course.grading.intake.moodle import MOODLE
from tic_course.grading.intake.nbgrader_tree import (
    TIMESTAMP_FILE,
    format_timestamp,
    stamp_time,
    timestamp_entries,
    tree_match,
)
from tic_course.grading.intake.notebook_check import (
    check_notebook,
    likely_assignment,
    released_grade_ids,
    without_bom,
)
from tic_course.grading.intake.outcome import IntakeError, IntakeResult, Rejected, Unusable
from tic_course.grading.intake.placement import Candidate, LmsName, Order, place, time_order
from tic_course.grading.intake.unpack_safety import (
    MAX_NOTEBOOK_BYTES,
    download_too_big,
    peek_notebook,
    read_notebook_bytes,
    worth_checking,
)
from tic_course.grading.intake.which_lms import LmsChoice, choose_lms

__all__ = [
    "DEFAULT_PATTERNS",
    "MAX_NOTEBOOK_BYTES",
    "IntakeError",
    "IntakeResult",
    "LmsPattern",
    "Rejected",
    "check_notebook",
    "check_writable",
    "format_timestamp",
    "intake",
    "patterns_from_config",
    "read_learner_map",
    "refuse_own_folders",
    "released_grade_ids",
]

# Tried in this order; a pattern given by the educator goes before these.
DEFAULT_PATTERNS: tuple[LmsPattern, ...] = (CANVAS, MOODLE, BLACKBOARD)


def intake(source: Path, course: Path, assignments: set[str],
           patterns: list[LmsPattern] | None = None, *, learner_map: dict[str, str] | None = None,
           progress: Callable[[int, int], None] | None = None,
           protected: Iterable[Path] = (), now: datetime | None = None) -> IntakeResult:
    """Check every file of an LMS download (zip or folder) and place the usable notebooks.

    ``source`` may also be an nbgrader-style tree ``<learner>/<assignment>/<assignment>.ipynb``
    (with optional ``timestamp.txt``); that layout is used when no file matches an LMS pattern.
    ``learner_map`` renames LMS ids (e.g. to a course roster's ids); unmapped ids are kept.
    ``progress(done, total)`` is called as files are checked. ``protected`` folders (and the
    course's own) are refused as a source. ``now`` is the clock that dates in names are checked
    against (a test's fixed time). Raises IntakeError when intake cannot start, when the download
    mixes two LMSs, or when the course cannot be written; every problem with one file of the
    download becomes a ``Rejected`` entry.
    """
    source, course = Path(source), Path(course)
    patterns = list(DEFAULT_PATTERNS if patterns is None else patterns)
    learner_map = learner_map or {}
    now = now or datetime.now(UTC)
    if not source.exists():
        raise IntakeError(f"{source}: no such file or folder")
    refuse_own_folders(source, course, protected)
    released = released_grade_ids(course)
    missing = sorted(a for a in assignments if a not in released)
    if missing:
        raise IntakeError(
            f"no released notebook for {', '.join(missing)} in {course / 'release'}: "
            "run `tic-course release` first (intake compares submissions with it)")
    if not assignments:
        raise IntakeError("no assignments to take in")
    check_learner_map(learner_map)
    check_writable(course / "submitted")

    result = IntakeResult()
    with ExitStack() as stack:
        try:
            entries, what = read_download(source, stack)
        except Unusable as exc:
            result.rejected.append(Rejected(str(source), exc.reason))
            return result
        if not entries:
            result.rejected.append(
                Rejected(str(source), f"the {what} is empty: no submissions found"))
            return result
        too_big = download_too_big(entries)
        if too_big:
            result.rejected.append(Rejected(str(source), f"the {what} was refused: {too_big}"))
            return result
        scan = _Scan.of(entries, assignments, patterns, learner_map, released, now)
        candidates = []
        for done, entry in enumerate(entries, 1):
            if progress and (done % 250 == 0 or done == len(entries)):
                progress(done, len(entries))
            try:
                candidate = scan.check(entry)
            except Unusable as exc:
                result.rejected.append(Rejected(entry.display, exc.reason))
                continue
            if candidate is not None:
                candidates.append(candidate)
        if not candidates and not result.rejected:
            result.rejected.append(Rejected(str(source), f"the {what} holds only system files "
                                            "(__MACOSX, .DS_Store and the like): no submissions"))
        place(candidates, course, result)
    result.placed.sort(key=lambda p: (p[0], p[1]))
    result.rejected.sort(key=lambda r: r.source)
    return result


@dataclass
class _Scan:
    """What every file of one download is checked against."""

    assignments: set[str]
    patterns: list[LmsPattern]
    learner_map: dict[str, str]
    released: dict[str, frozenset[str]]
    lms: LmsChoice  # the download's LMS (None: an nbgrader tree)
    stamps: dict[tuple[str, ...], Entry]  # the tree's timestamp.txt files, by folder
    now: datetime

    @classmethod
    def of(cls, entries: list[Entry], assignments: set[str], patterns: list[LmsPattern],
           learner_map: dict[str, str], released: dict[str, frozenset[str]],
           now: datetime) -> _Scan:
        """Decide the layout once for the whole download (IntakeError if it mixes LMSs)."""
        lms = choose_lms(entries, patterns)
        stamps = {} if lms.pattern or lms.fits else timestamp_entries(entries)
        return cls(assignments, patterns, learner_map, released, lms, stamps, now)

    def check(self, entry: Entry) -> Candidate | None:
        """A usable notebook, None for a file to skip silently, or Unusable with the reason."""
        if entry.parts and entry.parts[:-1] in self.stamps and entry.parts[-1] == TIMESTAMP_FILE:
            return None  # read (at most 101 bytes) with its notebook
        if not worth_checking(entry):
            return None
        filename = entry.parts[-1]
        if not filename.lower().endswith(".ipynb"):
            raise Unusable("not a notebook (only .ipynb files are graded)")
        lms_name: LmsName | None = None
        if self.lms.pattern or self.lms.fits:
            lms_id, assignment, order, attempt, lms_name = self._lms_name(entry)
        else:
            lms_id, assignment, order, attempt = self._tree_name(entry)
        learner = learner_id(lms_id, self.learner_map)
        problem = check_notebook(without_bom(read_notebook_bytes(entry)), assignment,
                                 self.released)
        if problem:
            raise Unusable(problem)
        return Candidate(entry, learner, assignment, attempt or entry.when, order, lms_name)

    def _lms_name(self, entry: Entry) -> tuple[str, str, Order | None, datetime | None, LmsName]:
        """(LMS id, assignment, order, attempt time, what the LMS wrote) from a name in its form."""
        fitting = self.lms.fitting(entry.parts)
        pattern = self.lms.pattern
        if pattern is not None and pattern not in fitting:
            raise Unusable(f"this is a {pattern.name} download, and the file name does not have "
                           f"the {pattern.name} form, so the learner is unknown")
        if pattern is None and not fitting:
            raise Unusable(f"the file name matches none of the LMS naming patterns "
                           f"({pattern_names(self.patterns)}), so the learner is unknown")
        if pattern is None:  # no file decided the LMS, and this name fits several
            raise Unusable(f"ambiguous name: it fits the naming of {pattern_names(fitting)}, and "
                           "no other file of the download says which LMS it came from; not used "
                           "(intake never guesses)")
        found = pattern.parse(entry.parts)
        filename = found.group("filename")
        assignment, duplicate = assignment_of(filename, self.assignments)
        if assignment is None:
            raise Unusable(self._not_an_assignment(entry, filename))
        groups = found.groupdict()
        attempt = None
        if groups.get("attempt") is not None:
            attempt = attempt_time(groups["attempt"], self.now)
            order = time_order(attempt, duplicate, "attempt")
        elif groups.get("submission") is not None:
            if not (groups["submission"].isascii() and groups["submission"].isdigit()
                    and len(groups["submission"]) <= 30):
                raise Unusable(f"the {pattern.name} file number in the name, "
                               f"{groups['submission'][:40]!r}, is not a number")
            number = int(groups["submission"])
            order = Order(f"id:{pattern.name}", (number, duplicate),
                          f"{pattern.name} file id {number}")
        else:
            order = Order(f"local:{pattern.name}", (duplicate,), f"duplicate number {duplicate}")
        lms_name = LmsName(pattern.name, found.group("learner"), pattern.lms_prefix(found), pattern.late_marker(found))
        return found.group("learner"), assignment, order, attempt, lms_name

    def _tree_name(self, entry: Entry) -> tuple[str, str, Order | None, datetime | None]:
        """(learner, assignment, order, stamp time) from the exact nbgrader tree layout."""
        tree = tree_match(entry.parts, self.assignments)
        if tree is None:
            filename = entry.parts[-1]
            if assignment_of(filename, self.assignments)[0] is None:
                raise Unusable(self._not_an_assignment(entry, filename))
            raise Unusable(f"the file name matches none of the LMS naming patterns "
                           f"({pattern_names(self.patterns)}) and it is not exactly at "
                           "<learner>/<assignment>/<assignment>.ipynb, so the learner is unknown")
        stamp = self.stamps.get(entry.parts[:-1])
        if stamp is None:
            return tree[0], tree[1], None, None
        when = stamp_time(stamp, self.now)
        return tree[0], tree[1], time_order(when, 0, TIMESTAMP_FILE), when

    def _not_an_assignment(self, entry: Entry, filename: str) -> str:
        hint = likely_assignment(peek_notebook(entry), self.released)
        return (f"{filename} is not a notebook for any assignment in this course "
                f"(expected one of {', '.join(sorted(self.assignments))}){hint}")
