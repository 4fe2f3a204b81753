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
``unpack_safety`` (unsafe paths, links, junk, size), ``lms_patterns`` with ``canvas``, ``moodle``
and ``blackboard``, or ``nbgrader_tree`` (which learner and assignment), ``identity`` (learner
ids), ``notebook_check`` (is it the released notebook), ``placement`` (latest attempt, written to
``submitted/``). This module only runs them in that order. Run ``tic-course intake --help``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from tic_course.grading.intake.blackboard import BLACKBOARD
from tic_course.grading.intake.canvas import CANVAS
from tic_course.grading.intake.download import Entry, read_download
from tic_course.grading.intake.identity import check_learner_map, learner_id, read_learner_map
from tic_course.grading.intake.lms_patterns import (
    LmsPattern,
    assignment_of,
    attempt_time,
    first_match,
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
from tic_course.grading.intake.placement import Candidate, place
from tic_course.grading.intake.unpack_safety import (
    MAX_NOTEBOOK_BYTES,
    peek_notebook,
    read_notebook_bytes,
    worth_checking,
)

__all__ = [
    "DEFAULT_PATTERNS",
    "MAX_NOTEBOOK_BYTES",
    "IntakeError",
    "IntakeResult",
    "LmsPattern",
    "Rejected",
    "check_notebook",
    "format_timestamp",
    "intake",
    "patterns_from_config",
    "read_learner_map",
    "released_grade_ids",
]

# Tried in this order; a pattern given by the educator goes before these.
DEFAULT_PATTERNS: tuple[LmsPattern, ...] = (CANVAS, MOODLE, BLACKBOARD)


def intake(source: Path, course: Path, assignments: set[str],
           patterns: list[LmsPattern] | None = None, *, learner_map: dict[str, str] | None = None,
           progress: Callable[[int, int], None] | None = None) -> IntakeResult:
    """Check every file of an LMS download (zip or folder) and place the usable notebooks.

    ``source`` may also be an nbgrader-style tree ``<learner>/<assignment>/<assignment>.ipynb``
    (with optional ``timestamp.txt``); that layout is used when no file matches an LMS pattern.
    ``learner_map`` renames LMS ids (e.g. to a course roster's ids); unmapped ids are kept.
    ``progress(done, total)`` is called as files are checked. Raises IntakeError only when intake
    cannot start; every problem with the download itself becomes a ``Rejected`` entry.
    """
    source, course = Path(source), Path(course)
    patterns = list(DEFAULT_PATTERNS if patterns is None else patterns)
    learner_map = learner_map or {}
    if not source.exists():
        raise IntakeError(f"{source}: no such file or folder")
    submitted = (course / "submitted").resolve()
    if source.is_dir() and source.resolve().is_relative_to(submitted):
        raise IntakeError(f"{source} is inside the course's submitted/ folder; intake reads an LMS "
                          "download or another course's tree, not its own output")
    released = released_grade_ids(course)
    missing = sorted(a for a in assignments if a not in released)
    if missing:
        raise IntakeError(
            f"no released notebook for {', '.join(missing)} in {course / 'release'}: "
            "run `tic-course release` first (intake compares submissions with it)")
    if not assignments:
        raise IntakeError("no assignments to take in")
    check_learner_map(learner_map)

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
        scan = _Scan.of(entries, assignments, patterns, learner_map, released)
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
    lms: bool  # named by an LMS (else an nbgrader tree)
    stamps: dict[tuple[str, ...], Entry]  # the tree's timestamp.txt files, by folder

    @classmethod
    def of(cls, entries: list[Entry], assignments: set[str], patterns: list[LmsPattern],
           learner_map: dict[str, str], released: dict[str, frozenset[str]]) -> _Scan:
        """Decide the layout once for the whole download: one LMS-named file makes it an LMS's."""
        lms = any(not e.unsafe and e.parts and any(p.match(e.parts) for p in patterns)
                  for e in entries)
        stamps = {} if lms else timestamp_entries(entries)
        return cls(assignments, patterns, learner_map, released, lms, stamps)

    def check(self, entry: Entry) -> Candidate | None:
        """A usable notebook, None for a file to skip silently, or Unusable with the reason."""
        if not worth_checking(entry):
            return None
        filename = entry.parts[-1]
        if filename == TIMESTAMP_FILE and entry.parts[:-1] in self.stamps:
            return None
        if not filename.lower().endswith(".ipynb"):
            raise Unusable("not a notebook (only .ipynb files are graded)")
        expected = ", ".join(sorted(self.assignments))
        attempt = None
        if self.lms:
            found = first_match(self.patterns, entry.parts)
            if found is None:
                raise Unusable(f"the file name matches none of the LMS naming patterns "
                               f"({pattern_names(self.patterns)}), so the learner is unknown")
            lms_id, filename = found.group("learner"), found.group("filename")
            attempt = attempt_time(found.groupdict().get("attempt"))
            assignment, order = assignment_of(filename, self.assignments)
        else:
            tree = tree_match(entry.parts, self.assignments)
            if tree is None:
                if assignment_of(filename, self.assignments)[0] is None:
                    raise Unusable(f"{filename} is not a notebook for any assignment in this "
                                   f"course (expected one of {expected})")
                raise Unusable(f"the file name matches none of the LMS naming patterns "
                               f"({pattern_names(self.patterns)}) and it is not in the "
                               "<learner>/<assignment>/<assignment>.ipynb layout, so the "
                               "learner is unknown")
            (lms_id, assignment), order = tree, 0
        if assignment is None:
            hint = likely_assignment(peek_notebook(entry), self.released)
            raise Unusable(f"{filename} is not a notebook for any assignment in this course "
                           f"(expected one of {expected}){hint}")
        learner = learner_id(lms_id, self.learner_map)
        data = read_notebook_bytes(entry)
        problem = check_notebook(without_bom(data), assignment, self.released)
        if problem:
            raise Unusable(problem)
        when = attempt or entry.when
        stamp = self.stamps.get(entry.parts[:-1])
        if stamp is not None:
            when = stamp_time(stamp) or when
        return Candidate(entry, learner, assignment, when, order)
