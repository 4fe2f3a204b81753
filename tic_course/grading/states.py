"""The honest state of one graded checkpoint, worded once for the learner page and the cohort report.

A score of zero must mean "earned nothing", never "not marked yet" or "chose not to answer". So
every checkpoint of a submission is in exactly one state, decided from the gradebook and the
learner's own answer:

- **scored**: the score counts, towards both the total and the maximum;
- **opted out, not scored**: the learner used a reflection's opt-out. The course's rule is that an
  opted-out item is removed from both the score and the maximum, so opting out never lowers a
  percentage (the same credit, as the notebook promises);
- **awaiting your educator**: a hand-marked item not yet marked. It is left out of both sums and
  the total is labelled provisional until the educator marks it;
- **needs regrading**: the learner resubmitted after the educator had marked the item by hand
  (nbgrader keeps the old manual grade and flags it). The old mark no longer describes the
  submission, so it is left out like an awaiting item, and the module is not complete until the
  educator marks it again.
"""

from __future__ import annotations

from dataclasses import dataclass

SCORED = "scored"
OPTED_OUT = "opted out, not scored"
AWAITING = "awaiting your educator"
NEEDS_REGRADING = "needs regrading"
STATES = (SCORED, OPTED_OUT, AWAITING, NEEDS_REGRADING)
WAITING = (AWAITING, NEEDS_REGRADING)
"""States that keep a total provisional and a module incomplete."""


def item_state(*, needs_manual_grade: bool, manual_score: float | None, opted_out: bool) -> str:
    """The state of one checkpoint from its nbgrader Grade row and whether the learner opted out.

    In nbgrader, marking by hand in formgrader sets ``manual_score`` and clears
    ``needs_manual_grade``; autograding a resubmission keeps ``manual_score`` and sets the flag
    again. So a manual score that is still flagged is a resubmission after manual grading.
    """
    if opted_out:
        return OPTED_OUT
    if needs_manual_grade:
        return NEEDS_REGRADING if manual_score is not None else AWAITING
    return SCORED


@dataclass(frozen=True)
class Total:
    """A submission's total under the course's rule: scored items only, and whether it is final."""

    score: float
    max_score: float
    waiting: int  # items awaiting the educator or needing regrading
    opted_out: int
    needs_regrading: int

    @property
    def provisional(self) -> bool:
        return self.waiting > 0


def total(rows: list[tuple[str, float | None, float]]) -> Total:
    """Sum (state, score, max_score) rows by the rule above."""
    scored = [(s or 0.0, m) for state, s, m in rows if state == SCORED]
    return Total(
        score=round(sum(s for s, _ in scored), 2),
        max_score=round(sum(m for _, m in scored), 2),
        waiting=sum(state in WAITING for state, _, _ in rows),
        opted_out=sum(state == OPTED_OUT for state, _, _ in rows),
        needs_regrading=sum(state == NEEDS_REGRADING for state, _, _ in rows),
    )
