"""The course's learner-feedback settings (traitlets), and when answer keys may be shown.

Set in the course's ``nbgrader_config.py``, beside nbgrader's own settings::

    c.LearnerFeedback.reveal_answers = "after_due_date"   # or "never", "always"
    c.LearnerFeedback.book_url = "https://learning.example.nhs.uk/trauma-informed-care/"

A bad value stops ``tic-course grade`` before anything is graded, with a message naming the
setting, rather than sending learners pages built on a guess.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from traitlets import TraitError, Unicode, validate
from traitlets.config import Configurable

REVEAL_CHOICES = ("never", "after_due_date", "always")


class LearnerFeedback(Configurable):
    """Settings for the feedback pages sent to learners (``<course>/<folder>/<learner>/<assignment>.html``)."""

    reveal_answers = Unicode(
        "after_due_date",
        help="When a learner's page may show the answer to an item they got wrong: 'never'; "
        "'after_due_date' (once the assignment's nbgrader due date has passed; with no due date "
        "set this behaves as 'never'); or 'always'.",
    ).tag(config=True)
    book_url = Unicode(
        "",
        help="The address of the published course book, used for links to chapter sections, e.g. "
        "'https://learning.example.nhs.uk/trauma-informed-care/'. Empty: links are relative to the "
        "book's root folder (book/chapters/<chapter>.html).",
    ).tag(config=True)
    folder = Unicode(
        "learner_feedback",
        help="Where the learners' pages are written, relative to the course root.",
    ).tag(config=True)

    @validate("reveal_answers")
    def _check_reveal(self, proposal: dict) -> str:
        value = proposal["value"]
        if value not in REVEAL_CHOICES:
            raise TraitError(
                f"c.LearnerFeedback.reveal_answers = {value!r} is not a setting: write one of "
                + ", ".join(repr(c) for c in REVEAL_CHOICES)
            )
        return value

    @validate("book_url")
    def _check_book_url(self, proposal: dict) -> str:
        value = proposal["value"].strip()
        parts = urlsplit(value)
        if value and (parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment):
            raise TraitError(
                f"c.LearnerFeedback.book_url = {value!r} is not a web address: write the book's "
                "address starting http:// or https://, or leave it empty for relative links"
            )
        return value

    @validate("folder")
    def _check_folder(self, proposal: dict) -> str:
        value = proposal["value"].strip()
        if not value or value.startswith(("/", "\\")) or ".." in value.replace("\\", "/").split("/"):
            raise TraitError(
                f"c.LearnerFeedback.folder = {value!r} must be a folder name inside the course, such as "
                "'learner_feedback'"
            )
        return value


def answers_revealed(setting: str, duedate: datetime | None, now: datetime) -> bool:
    """Whether keys may be shown now: ``always``; or after the due date, when there is one.

    nbgrader stores due dates as naive UTC datetimes, so both sides are compared as UTC. With no
    due date, ``after_due_date`` never reveals: a key must not reach a learner because a date
    was forgotten.
    """
    if setting == "always":
        return True
    if setting != "after_due_date" or duedate is None:
        return False
    return _utc(now) >= _utc(duedate)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
