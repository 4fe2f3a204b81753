"""The options of a checkpoint as the learner saw them: the one place feedback asks for that.

Feedback must show options in the order, and with the letters, that the learner's notebook
showed, or "you chose B" would point at the wrong text. The options are shuffled per release
(:mod:`tic_course.scenario.presentation`), and the pipeline hands feedback the scenarios *as
released* (:func:`tic_course.notebook.shown.as_released`): each lettered item already lists its
options in the order shown, under the letters shown, with the authored key kept as ``option_id``.
Every part of the learner's page gets options through :func:`displayed_options`.
"""

from __future__ import annotations

from typing import Any

from tic_course.checkpoints import kind_of


def displayed_options(scenario: dict[str, Any], item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(letter shown, option) in the order shown; [] for a free-text checkpoint.

    ``item`` is a checkpoint of a scenario as released, so its ``key`` is the letter shown.
    ``scenario`` is kept in the signature for callers that look up the item through it.
    """
    del scenario  # the item as released already carries the order shown
    return [(option["key"], option) for option in kind_of(item).learner_options(item)]
