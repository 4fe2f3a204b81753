"""The options of a checkpoint as the learner saw them: the one place feedback asks for that.

Feedback must show options in the order, and with the letters, that the learner's notebook
showed, or "you chose B" would point at the wrong text. Every part of the learner's page gets
options through :func:`displayed_options`, so when options are shuffled per release this is the
only function to change.
"""

from __future__ import annotations

from typing import Any

from tic_course.checkpoints import kind_of


def displayed_options(scenario: dict[str, Any], item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(letter shown, option) in the order shown; [] for a free-text checkpoint.

    Today options are shown as authored, so the letter shown is the option's own key.
    ``scenario`` is taken now so a seeded per-release order can be derived from it later.
    """
    del scenario  # not needed until options are shuffled per release
    return [(option["key"], option) for option in kind_of(item).learner_options(item)]
