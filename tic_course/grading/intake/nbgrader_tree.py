"""nbgrader's own layout: ``<learner>/<assignment>/<assignment>.ipynb`` beside ``timestamp.txt``.

Intake reads this layout when no file of a download matches an LMS pattern (another course's
``submitted/`` folder, or a hand-made tree), and writes it into ``submitted/``. The layout is
matched exactly: three path components from the top of the download, the notebook named after
its folder, the folder one of the course's assignments. A deeper or shallower path is rejected,
so ``evil/L0001/a/a.ipynb`` cannot become learner ``L0001``.

``timestamp.txt`` holds the submission time that nbgrader compares with the due date, and
orders two copies of one submission. A stamp that cannot be read (binary, huge, compressed in a
way Python cannot read, a year past 9999, a time in the future) rejects its notebook with the
reason, instead of the notebook being graded with a made-up time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from tic_course.grading.intake.download import Entry
from tic_course.grading.intake.lms_patterns import CLOCK_SKEW
from tic_course.grading.intake.outcome import Unusable
from tic_course.grading.intake.unpack_safety import READ_ERRORS

TIMESTAMP_FILE = "timestamp.txt"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"  # what nbgrader writes into timestamp.txt
MAX_TIMESTAMP_BYTES = 100  # nbgrader writes 30; anything much longer is not a timestamp


def tree_match(parts: tuple[str, ...], assignments: set[str]) -> tuple[str, str] | None:
    """(learner, assignment) for exactly ``<learner>/<assignment>/<assignment>.ipynb``."""
    if len(parts) == 3 and parts[2] == f"{parts[1]}.ipynb" and parts[1] in assignments:
        return parts[0], parts[1]
    return None


def timestamp_entries(entries: Iterable[Entry]) -> dict[tuple[str, ...], Entry]:
    """folder -> its ``timestamp.txt``, for the tree's ``<learner>/<assignment>/`` folders."""
    return {e.parts[:-1]: e for e in entries
            if len(e.parts) == 3 and e.parts[-1] == TIMESTAMP_FILE and not e.unsafe}


def stamp_time(stamp: Entry, now: datetime) -> datetime:
    """The time a ``timestamp.txt`` of the download holds, or Unusable with the reason."""
    if stamp.symlink or stamp.special:
        raise Unusable(f"its {TIMESTAMP_FILE} is not a regular file, so the submission time is "
                       "unknown")
    try:
        raw = stamp.read(MAX_TIMESTAMP_BYTES + 1)
    except READ_ERRORS as exc:
        raise Unusable(f"its {TIMESTAMP_FILE} could not be read ({exc}), so the submission time "
                       "is unknown") from exc
    if len(raw) > MAX_TIMESTAMP_BYTES:
        raise Unusable(f"its {TIMESTAMP_FILE} is over {MAX_TIMESTAMP_BYTES} bytes: not a "
                       "timestamp, so the submission time is unknown")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Unusable(f"its {TIMESTAMP_FILE} is not text, so the submission time is "
                       "unknown") from None
    when = parse_timestamp(text)
    if when is None:
        raise Unusable(f"its {TIMESTAMP_FILE} does not hold a date and time nbgrader can read "
                       f"({text.strip()[:40]!r}), so the submission time is unknown")
    if when > now + CLOCK_SKEW:
        raise Unusable(f"its {TIMESTAMP_FILE} says {format_timestamp(when)}, later than now: "
                       "impossible for a real submission")
    return when


def parse_timestamp(text: str) -> datetime | None:
    """A time as nbgrader writes it in timestamp.txt (other ISO-like forms accepted)."""
    from dateutil import parser as dateparser  # nbgrader's own parser for timestamp.txt

    try:
        when = dateparser.parse(text.strip())
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (ValueError, OverflowError, TypeError):
        return None


def format_timestamp(when: datetime) -> str:
    """nbgrader's timestamp.txt format, in UTC."""
    return when.astimezone(UTC).strftime(TIMESTAMP_FORMAT)
