"""Deadlines and the late policy: when a submission is late, and what that costs.

The due date of each assignment is nbgrader's own setting, the gradebook assignment's
``duedate`` (``nbgrader db assignment add <id> --duedate="2027-03-01 17:00:00 Europe/London"``,
or formgrader). nbgrader works out ``total_seconds_late`` from it and the submission's
``timestamp.txt``, which intake writes from what the LMS recorded (Blackboard's attempt time in
the file name). A submission handed in exactly at the due date is on time.

Canvas decides lateness itself against each learner's own due date (extensions and overrides
included) and writes ``LATE`` into the downloaded file name. Intake keeps that marker in its
order record, and where it exists it wins over the timestamp: Canvas knows about an extension
the course does not. A Canvas LATE with no measurable delay counts as one day late.

The policy is one of ``accept`` (lateness is recorded, nothing more), ``flag`` (late work is
marked in ``results.csv``, the report and the gradebook exports, the score stands; the default,
because most hospital training is about completion rather than competition) or ``penalty``
(``percent_per_day`` of the score for each day or part of a day late, never more than
``max_percent``). It is a plugin for nbgrader's own late-submission mechanism
(``c.AssignLatePenalties.plugin_class``), so ``nbgrader autograde`` records the same penalty in
the gradebook; the exports apply it again to the final total, after manual marks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nbgrader.plugins import BasePlugin
from traitlets import Enum, Float, TraitError, validate

DAY_SECONDS = 86_400
POLICIES = ("accept", "flag", "penalty")


@dataclass(frozen=True)
class Lateness:
    """How late one submission is, and the share of its score the policy takes away."""

    late: bool
    days: int  # whole days or part days late; 0 when on time
    penalty_percent: float  # 0 unless the policy is "penalty"

    def apply(self, points: float) -> float:
        """``points`` after the penalty, rounded to hundredths as the exports write them."""
        return round(points * (1 - self.penalty_percent / 100), 2)


class LatePolicy(BasePlugin):
    """The course's late policy, read from ``c.LatePolicy`` in ``grading/nbgrader_config.py``."""

    policy = Enum(
        POLICIES,
        default_value="flag",
        help="What a late submission means: 'accept' (recorded only), 'flag' (shown as late, score "
        "unchanged) or 'penalty' (percent_per_day off the score per day or part day late, capped).",
    ).tag(config=True)
    percent_per_day = Float(10.0, help="Penalty per day or part day late, in percent of the score.").tag(config=True)
    max_percent = Float(100.0, help="The most a penalty can take away, in percent of the score.").tag(config=True)

    @validate("percent_per_day", "max_percent")
    def _percent(self, proposal: dict) -> float:
        value = float(proposal["value"])
        if not 0 <= value <= 100 or math.isnan(value):
            raise TraitError(
                f"c.LatePolicy.{proposal['trait'].name} must be a percentage from 0 to 100, not {proposal['value']!r}"
            )
        return value

    def lateness(self, seconds_late: float | None, lms_late: bool | None = None) -> Lateness:
        """Lateness from nbgrader's ``total_seconds_late`` and the LMS's own marker (None: none)."""
        seconds = max(float(seconds_late or 0.0), 0.0)
        late = seconds > 0 if lms_late is None else lms_late
        if not late:
            return Lateness(False, 0, 0.0)
        days = max(math.ceil(seconds / DAY_SECONDS), 1)
        percent = min(self.percent_per_day * days, self.max_percent) if self.policy == "penalty" else 0.0
        return Lateness(True, days, round(percent, 2))

    def describe(self) -> str:
        """The policy in one plain sentence, for the report."""
        if self.policy == "accept":
            return "Late work is accepted: lateness is recorded but changes nothing."
        if self.policy == "flag":
            return "Late work is flagged as late; its score is not reduced."
        return (
            f"Late work loses {self.percent_per_day:g}% of its score for each day or part of a day late, "
            f"up to {self.max_percent:g}%."
        )

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float | None:
        """nbgrader's plugin call: the points to take off one notebook's score (None: no penalty)."""
        found = self.lateness(total_seconds_late)
        if not found.penalty_percent:
            return None
        return round(score * found.penalty_percent / 100, 2)
