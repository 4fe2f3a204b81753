"""How an LMS names the files of its bulk download, and what such a name tells intake.

Each LMS puts the learner's id, and sometimes the submission time, into the file names of its
"download all submissions" zip (see ``canvas.py``, ``moodle.py``, ``blackboard.py``). A pattern
is a regular expression with named groups, plain strings so that nbgrader or traitlets
configuration (and ``tic-course intake --pattern``) can add one for another LMS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

# An LMS renames a re-uploaded file "name-1.ipynb"; browsers save a second download "name (1)".
DUPLICATE_SUFFIX = re.compile(r"(?:-\d+|\s*\(\d+\))$")


@dataclass(frozen=True)
class LmsPattern:
    """How one LMS names the files in its bulk download.

    ``regex`` must fully match the end of a file's path (one or more path components, joined by
    ``/``) and define the named groups ``learner`` (the LMS's stable id for the learner) and
    ``filename`` (the name the learner uploaded). Optional groups: ``late`` (ignored: nbgrader
    computes lateness from timestamps and due dates) and ``attempt`` (a date and time written as
    six numbers, year first, used as the submission time). Plain strings so that nbgrader or
    traitlets configuration can build them.
    """

    name: str
    regex: str

    def __post_init__(self) -> None:
        try:
            compiled = re.compile(self.regex)
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

    def match(self, parts: tuple[str, ...]) -> re.Match[str] | None:
        """Match the shortest tail of the path first, so a download's top folder is ignored."""
        for start in range(len(parts) - 1, -1, -1):
            found = self.compiled.fullmatch("/".join(parts[start:]))
            if found:
                return found
        return None


def patterns_from_config(config: dict[str, str]) -> list[LmsPattern]:
    """``{"name": "regex"}`` (as read from a config file) -> patterns, validated."""
    return [LmsPattern(name, regex) for name, regex in config.items()]


def pattern_names(patterns: Iterable[LmsPattern]) -> str:
    """The patterns' names for a rejection, so the educator sees which namings were tried."""
    return ", ".join(p.name for p in patterns)


def first_match(patterns: Iterable[LmsPattern], parts: tuple[str, ...]) -> re.Match[str] | None:
    """The match of the first pattern (in the given order) that names this path."""
    return next((m for p in patterns if (m := p.match(parts))), None)


def attempt_time(value: str | None) -> datetime | None:
    """The submission time an ``attempt`` group holds (six numbers, year first), in UTC."""
    numbers = re.findall(r"\d+", value or "")
    if len(numbers) < 6:
        return None
    try:
        return datetime(*(int(n) for n in numbers[:6]), tzinfo=UTC)
    except ValueError:
        return None


def assignment_of(filename: str, assignments: set[str]) -> tuple[str | None, int]:
    """(assignment, duplicate number) from an uploaded file name such as ``name-1.ipynb``.

    The duplicate number breaks ties between attempts with the same time: name-2 was uploaded
    after name-1.
    """
    stem = filename[: -len(".ipynb")] if filename.lower().endswith(".ipynb") else filename
    stem = stem.strip()
    if stem in assignments:
        return stem, 0
    suffix = DUPLICATE_SUFFIX.search(stem)
    if suffix:
        base = stem[: suffix.start()].strip()
        if base in assignments:
            return base, int(re.sub(r"\D", "", suffix.group()))
    return None, 0
