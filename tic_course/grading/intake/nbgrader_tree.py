"""nbgrader's own layout: ``<learner>/<assignment>/<assignment>.ipynb`` beside ``timestamp.txt``.

Intake reads this layout when no file of a download matches an LMS pattern (another course's
``submitted/`` folder, or a hand-made tree), and writes it into ``submitted/``. ``timestamp.txt``
holds the submission time that nbgrader compares with the due date, so intake keeps the one a
tree brings and writes one for every notebook it places.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, datetime

from tic_course.grading.intake.download import Entry

TIMESTAMP_FILE = "timestamp.txt"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"  # what nbgrader writes into timestamp.txt


def tree_match(parts: tuple[str, ...], assignments: set[str]) -> tuple[str, str] | None:
    """(learner, assignment) for ``<learner>/<assignment>/<assignment>.ipynb``, else None."""
    if len(parts) >= 3 and parts[-1] == f"{parts[-2]}.ipynb" and parts[-2] in assignments:
        return parts[-3], parts[-2]
    return None


def timestamp_entries(entries: Iterable[Entry]) -> dict[tuple[str, ...], Entry]:
    """folder -> its ``timestamp.txt``, so each notebook can find the time beside it."""
    return {e.parts[:-1]: e for e in entries if e.parts and e.parts[-1] == TIMESTAMP_FILE}


def stamp_time(stamp: Entry) -> datetime | None:
    """The time a ``timestamp.txt`` of the download holds; None when it cannot be read.

    An unreadable stamp is not worth rejecting the notebook for: the file's own time is used.
    """
    with suppress(zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
        return parse_timestamp(stamp.read(1000).decode("utf-8", "replace"))
    return None


def parse_timestamp(text: str) -> datetime | None:
    """A time as nbgrader writes it in timestamp.txt (other ISO-like forms accepted)."""
    from dateutil import parser as dateparser  # nbgrader's own parser for timestamp.txt

    try:
        when = dateparser.parse(text.strip())
    except (ValueError, OverflowError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def format_timestamp(when: datetime) -> str:
    """nbgrader's timestamp.txt format, in UTC."""
    return when.astimezone(UTC).strftime(TIMESTAMP_FORMAT)
