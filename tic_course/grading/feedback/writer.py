"""Write learners' pages beside their fingerprints, and find the pages that are out of date.

Pages go to ``<course>/<folder>/<learner>/<assignment>.html`` (``folder`` is
``c.LearnerFeedback.folder``, by default ``learner_feedback``): one folder per learner, ready to
send. Beside each page, ``.<assignment>.fingerprint`` records the gradebook state it was made
from (:func:`~tic_course.grading.feedback.records.fingerprint`). A page is rewritten when its
submission was graded in this run, or when the gradebook changed by hand since (a manual grade,
a comment), or when answers became revealable: so a rerun brings an educator's marks to the
learner without ``--force``. The fingerprint is written after the page, so a run stopped
between the two rewrites the page next time rather than keeping a stale one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook

from tic_course import atomic
from tic_course.grading.feedback.page import page_view
from tic_course.grading.feedback.records import SubmissionRecord, fingerprint, read_submission
from tic_course.grading.feedback.render import render_page
from tic_course.grading.feedback.settings import LearnerFeedback, answers_revealed
from tic_course.grading.feedback.teaching import chapter_titles, course_objectives
from tic_course.grading.results import typed_answers, written_answers


@dataclass
class Written:
    """What a call wrote, and what it could not (learner, assignment, reason)."""

    pages: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)


def page_path(course: Path, settings: LearnerFeedback, learner: str, assignment: str) -> Path:
    return course / settings.folder / learner / f"{assignment}.html"


def fingerprint_path(course: Path, settings: LearnerFeedback, learner: str, assignment: str) -> Path:
    return course / settings.folder / learner / f".{assignment}.fingerprint"


def _settings_key(settings: LearnerFeedback) -> dict[str, str]:
    return {"reveal_answers": settings.reveal_answers, "book_url": settings.book_url}


def _current(record: SubmissionRecord, settings: LearnerFeedback, now: datetime) -> tuple[bool, str]:
    revealed = answers_revealed(settings.reveal_answers, record.duedate, now)
    return revealed, fingerprint(record, revealed=revealed, settings=_settings_key(settings))


def stale(
    course: Path, jobs: Iterable[tuple[str, str]], db_url: str, settings: LearnerFeedback, now: datetime | None = None
) -> list[tuple[str, str]]:
    """The (learner, assignment) pairs whose page is missing or was made from another gradebook state."""
    now = now or datetime.now(UTC)
    out = []
    with Gradebook(db_url) as gb:
        for learner, assignment in jobs:
            record = read_submission(gb, assignment, learner)
            if record is None:
                continue
            stored = fingerprint_path(course, settings, learner, assignment)
            page = page_path(course, settings, learner, assignment)
            current = _current(record, settings, now)[1]
            if not page.exists() or not stored.exists() or stored.read_text(encoding="utf-8").strip() != current:
                out.append((learner, assignment))
    return out


def write_pages(
    course: Path,
    scenarios: dict[str, dict[str, Any]],
    db_url: str,
    jobs: Iterable[tuple[str, str]],
    settings: LearnerFeedback,
    *,
    chapters: Path | None,
    now: datetime | None = None,
) -> Written:
    """Write each job's page (and then its fingerprint); a job that fails is reported, not fatal."""
    now = now or datetime.now(UTC)
    objectives, titles = course_objectives(chapters), chapter_titles(chapters)
    done = Written()
    with Gradebook(db_url) as gb:
        for learner, assignment in jobs:
            try:
                scenario = scenarios[assignment]
                record = read_submission(gb, assignment, learner)
                if record is None:
                    raise LookupError("the gradebook has no submission")
                notebook = course / "autograded" / learner / assignment / f"{assignment}.ipynb"
                answers = typed_answers(notebook, scenario) | written_answers(notebook, scenario)
                revealed, digest = _current(record, settings, now)
                view = page_view(
                    scenario,
                    record,
                    answers,
                    revealed=revealed,
                    reveal_setting=settings.reveal_answers,
                    objectives=objectives,
                    chapters=titles,
                    book_url=settings.book_url,
                )
                page = page_path(course, settings, learner, assignment)
                atomic.write_text(page, render_page(view))
                atomic.write_text(fingerprint_path(course, settings, learner, assignment), digest + "\n")
                done.pages.append(page)
            except Exception as exc:  # noqa: BLE001 - one bad submission must not stop the others
                done.failed.append((learner, assignment, f"learner feedback: {type(exc).__name__}: {exc}"))
    return done
