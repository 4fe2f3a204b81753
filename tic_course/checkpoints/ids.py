"""Cell and grade-id naming: the one place that says what every notebook cell is called.

nbgrader identifies cells by ``grade_id``; the sanitiser, intake, the results table and the
learners' feedback all find answers by these names, so they are made here and nowhere else.
"""

from __future__ import annotations

import re

INTRODUCTION = "introduction"
PRACTICE = "practice-conversation"
CHECKPOINTS_INTRO = "checkpoints-intro"
FINISH = "finish"


def variable(number: int) -> str:
    """The variable a learner's answer cell assigns: ``answer_3`` for the third checkpoint."""
    return f"answer_{number}"


def question_id(checkpoint_id: str) -> str:
    """The locked markdown cell that asks the question."""
    return f"{checkpoint_id}-question"


def answer_id(checkpoint_id: str) -> str:
    """The cell the learner types into (an nbgrader solution cell)."""
    return f"{checkpoint_id}-answer"


def check_id(checkpoint_id: str) -> str:
    """The graded test cell below an answer cell (preview, then hidden tests)."""
    return f"{checkpoint_id}-check"


def checkpoint_of_answer(grade_id: str) -> str | None:
    """``consent-1-answer`` -> ``consent-1``; None for any other cell."""
    return grade_id[: -len("-answer")] if grade_id.endswith("-answer") else None


def cell_id(grade_id: str) -> str:
    """An nbformat cell id made from a grade id, so the same scenario always builds the same notebook."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", grade_id)[:64]
