"""The feedback page each learner receives: ours, not nbgrader's.

nbgrader's own feedback (``<course>/feedback/``) shows hidden test cells and so the answer key;
it stays for the educator. This package writes one self-contained page per learner and
assignment, ``<course>/learner_feedback/<learner>/<assignment>.html``, for the educator to send:
the learner's answers, points from the gradebook, the explanation of each choice, the teaching
point with a link to the chapter, and the educator's mark and comment; keys only as
``c.LearnerFeedback.reveal_answers`` allows.

Modules: :mod:`.settings` (traitlets settings, when keys may show), :mod:`.records` (the
gradebook's view of a submission and its fingerprint), :mod:`.options` (options as learners saw
them), :mod:`.teaching` (objectives and chapter links), :mod:`.page` (what the page shows),
:mod:`.render` (Jinja2, autoescaped) and :mod:`.writer` (files, and which pages are stale).
"""

from __future__ import annotations

from tic_course.grading.feedback.options import displayed_options
from tic_course.grading.feedback.settings import REVEAL_CHOICES, LearnerFeedback, answers_revealed
from tic_course.grading.feedback.writer import Written, page_path, stale, write_pages

__all__ = [
    "REVEAL_CHOICES",
    "LearnerFeedback",
    "Written",
    "answers_revealed",
    "displayed_options",
    "page_path",
    "stale",
    "write_pages",
]
