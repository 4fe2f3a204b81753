"""The columns of the exported tables: the contract between the results export and the report.

``tic_course.grading.results`` writes these columns and ``tic_course.grading.report`` keeps only
these columns (its privacy guarantee), so both import the one definition here: a column added on
one side and forgotten on the other would otherwise either vanish from the report silently or,
worse, let an undocumented column through.
"""

from __future__ import annotations

RESULTS_COLUMNS = [
    "learner_id",
    "assignment",
    "item_id",
    "item_type",
    "score",
    "max_score",
    "needs_manual",
    "answer",
    "submitted_at",
    "late",
    "late_days",
    "late_penalty_percent",
    "objectives",
    "skills",
    "state",
    "checker_confidence",
]
"""One row per learner x checkpoint (``results.csv``). ``state`` is one of
tic_course.grading.states.STATES; ``checker_confidence`` is the automatic reading's confidence for
free text it scores (``CONFIDENCE_ORDER``), empty for other kinds. ``late`` is the submission's
lateness by the LMS's own marker where it has one, else nbgrader's due date; ``late_days`` counts
days or part days late; ``late_penalty_percent`` is what the late policy takes off the
submission's score (0 unless ``c.LatePolicy.policy = "penalty"``;
see :mod:`tic_course.grading.late_policy`)."""

OPTIONAL_RESULTS_COLUMNS = {"checker_confidence": "", "late_days": 0, "late_penalty_percent": 0.0}
"""Columns an older ``results.csv`` may lack, with the value they take."""

CONFIDENCE_ORDER = ("none", "low", "medium", "high")
"""Least sure first: the order of ``review_queue.csv``, so an educator reads the doubtful first."""

REVIEW_QUEUE_COLUMNS = ["checker_confidence", "learner_id", "assignment", "item_id", "score", "max_score"]
"""``review_queue.csv``: every automatically read free-text answer, least sure first."""

ITEMS_COLUMNS = [
    "assignment",
    "item_id",
    "item_type",
    "max_score",
    "objectives",
    "skills",
    "options",
    "correct",
    "option_texts",
]
"""One row per assignment x checkpoint (``items.csv``). ``options`` and ``correct`` are **option
ids** (the letters in the scenario file, not the shuffled letters learners saw); ``option_texts``
is a JSON object {option id: text} for lettered items, empty otherwise."""

OPTIONAL_ITEMS_COLUMNS = {"option_texts": ""}
"""Columns an older export may lack, with the value they take (the report still renders)."""

ASSIGNMENTS_COLUMNS = ["assignment", "title", "chapter", "minutes", "total_points"]
"""One row per assignment (``assignments.csv``)."""

INVALID_ANSWER = "invalid answer"
"""What the answer column holds for a lettered item whose answer is not a list of its option keys.

The text a learner typed into a choice cell may be private, so it is never exported; only this
marker (counted like an entry that is not an option in the report's distractor tables)."""
