"""How an LMS names the files of its bulk download, and what such a name tells intake.

Each LMS puts the learner's id, and sometimes the submission time or the LMS's own file id, into
the file names of its "download all submissions" zip (see ``canvas.py``, ``moodle.py``,
``blackboard.py``). A pattern is a regular expression with named groups, plain strings so that
nbgrader or traitlets configuration (``c.GradingPipeline.lms_patterns``) and
``tic-course intake --pattern`` can add one for another LMS.

Identity rule: a pattern must match the file's WHOLE path inside the download, anchored at both
ends, never "some tail of it". The LMS writes the start of every name (the learner's id); the
learner chooses only the end (the name of the file they uploaded). So every built-in pattern
reads the LMS's part from the left, and a learner who uploads ``x_999_assignsubmission_file_y``
or ``a_attempt_2030-01-01-00-00-00_b`` only changes the file name of their own submission.
Where a name could still be read two ways, a pattern carries a ``rival`` (the same shape read from
the right); when the two readings name different learners the file is rejected as ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from tic_course.grading.intake.outcome import Unusable

# An LMS renames a re-uploaded file "name-1.ipynb"; Moodle's file picker and browsers "name (1)".
DUPLICATE_SUFFIX = re.compile(r"(?:-(\d{1,4})|\s*\((\d{1,4})\))$")
# Blackboard writes attempt times in the server's local time, which is up to 14 hours ahead of
# UTC (UTC+14 is the furthest zone); a time further ahead than that cannot be a real attempt.
CLOCK_SKEW = timedelta(hours=14)


@dataclass(frozen=True)
class LmsPattern:
    """How one LMS names the files in its bulk download.

    ``regex`` must match a file's whole path inside the download (components joined by ``/``)
    and define the named groups ``learner`` (the LMS's stable id for the learner) and
    ``filename`` (the name the learner uploaded). Optional groups: ``late`` and ``anon_late``
    (the LMS's own late marker, such as Canvas's ``LATE``: kept in the intake record, see
    :mod:`tic_course.grading.late_policy`), ``attempt`` (a date and time written as
    six numbers, year first: the submission time, which orders attempts) and ``submission`` (the
    LMS's own number for the uploaded file, which grows with every upload: orders attempts).
    ``rival``, when given, is the same shape read from the right (see the module docstring).
    """

    name: str
    regex: str
    rival: str | None = None

    def __post_init__(self) -> None:
        for regex in filter(None, (self.regex, self.rival)):
            try:
                compiled = re.compile(regex)
            except re.error as exc:
                raise ValueError(
                    f"LMS pattern {self.name!r}: invalid regular expression: {exc}") from exc
            missing = {"learner", "filename"} - set(compiled.groupindex)
            if missing:
                raise ValueError(f"LMS pattern {self.name!r} needs the named group(s) "
                                 f"{', '.join(sorted(missing))}, e.g. (?P<learner>\\d+)")

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.regex)

    @cached_property
    def compiled_rival(self) -> re.Pattern[str] | None:
        return re.compile(self.rival) if self.rival else None

    def match(self, parts: tuple[str, ...]) -> re.Match[str] | None:
        """The match of the whole path, or None: no tail, no prefix, exactly this shape."""
        return self.compiled.fullmatch("/".join(parts))

    def late_marker(self, found: re.Match[str]) -> bool | None:
        """The LMS's own "late" marker in a name (True or False), or None when it writes none."""
        groups = [g for g in ("late", "anon_late") if g in self.compiled.groupindex]
        if not groups:
            return None
        return any(found.group(g) is not None for g in groups)

    @staticmethod
    def lms_prefix(found: re.Match[str]) -> str:
        """The part of a name the LMS wrote: everything before the learner's own file name."""
        return found.string[: found.start("filename")]

    def parse(self, parts: tuple[str, ...]) -> re.Match[str]:
        """The match of a path known to match; Unusable when the name can be read two ways."""
        found = self.match(parts)
        assert found is not None
        other = self.compiled_rival.fullmatch("/".join(parts)) if self.compiled_rival else None
        if other is not None and other.group("learner") != found.group("learner"):
            raise Unusable(
                f"ambiguous name: under the {self.name} naming it could belong to learner "
                f"{found.group('learner')!r} or to learner {other.group('learner')!r}, so it was "
                "not used (intake never guesses). Rename it by hand to the LMS's form, or give "
                "this course a pattern that reads it one way (c.GradingPipeline.lms_patterns)")
        return found


def patterns_from_config(config: dict[str, str]) -> list[LmsPattern]:
    """``{"name": "regex"}`` (as read from a config file) -> patterns, validated."""
    return [LmsPattern(name, regex) for name, regex in config.items()]


def pattern_names(patterns: Iterable[LmsPattern]) -> str:
    """The patterns' names for a rejection, so the educator sees which namings were tried."""
    return ", ".join(dict.fromkeys(p.name for p in patterns))


def attempt_time(value: str, now: datetime) -> datetime:
    """The submission time an ``attempt`` group holds (six numbers, year first), in UTC.

    Raises Unusable when it is not a real date, or lies in the future: a name the LMS wrote
    cannot carry either, so the file was made or renamed by hand and its time means nothing.
    """
    numbers = re.findall(r"\d+", value)
    try:
        if len(numbers) != 6 or any(len(n) > 4 for n in numbers):
            raise ValueError("six numbers, year first")
        when = datetime(*(int(n) for n in numbers), tzinfo=UTC)
    except ValueError:
        raise Unusable(f"the attempt time in the name, {value}, is not a real date and time, "
                       "so the file was not used") from None
    if when > now + CLOCK_SKEW:
        raise Unusable(f"the attempt time in the name, {value}, is later than now: impossible "
                       "for a real submission, so the file was not used")
    return when


def assignment_of(filename: str, assignments: set[str]) -> tuple[str | None, int]:
    """(assignment, duplicate number) from an uploaded file name such as ``name-1.ipynb``.

    The duplicate number orders two uploads of one name inside one submission: the LMS gives
    the second upload of ``name`` the name ``name-1`` (Canvas) or ``name (1)`` (Moodle).
    """
    stem = filename[: -len(".ipynb")] if filename.lower().endswith(".ipynb") else filename
    stem = stem.strip()
    if stem in assignments:
        return stem, 0
    suffix = DUPLICATE_SUFFIX.search(stem)
    if suffix:
        base = stem[: suffix.start()].strip()
        if base in assignments:
            return base, int(suffix.group(1) or suffix.group(2))
    return None, 0
