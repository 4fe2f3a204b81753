"""A fixed cohort for the gradebook exports: a roster, results and modules, built by hand.

- L1 Jane Smith: triage-pain 12.5 of 13; years-of-dismissal 8 of 10 but two days late under a
  20% penalty (6.4).
- L2, a hostile name (quotes, comma, a leading ``=``, a newline): triage-pain 9 of 11 scored
  with one 2-point reflection opted out (13 x 9 / 11 = 10.64); years-of-dismissal awaiting the
  educator (held back, blank).
- L3 Ali Khan: never submitted (blank).
- L9: in the results but not in the roster (never written).
"""

from __future__ import annotations

import pandas as pd

from tic_course.grading.columns import RESULTS_COLUMNS
from tic_course.grading.lms_export import ROSTER_COLUMNS
from tic_course.grading.states import AWAITING, OPTED_OUT, SCORED

HOSTILE = '=HYPERLINK("http://evil.example","x"), Bob\nO\'Neil'


def roster() -> pd.DataFrame:
    rows = [
        ["L1", "1001", "Smith, Jane", "jane.smith@nhs.example", "S-1", "Ward 7", "canvas"],
        ["L2", "1002", HOSTILE, "bob@nhs.example", "S-2", "Ward 7", "canvas"],
        ["L3", "1003", "Ali Khan", "ali.khan@nhs.example", "", "ED", "canvas"],
    ]
    return pd.DataFrame(rows, columns=ROSTER_COLUMNS)


def assignments() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"assignment": "triage-pain", "title": "Triage: pain", "chapter": "c", "minutes": 20, "total_points": 13},
            {"assignment": "years-of-dismissal", "title": "Years of dismissal", "chapter": "c", "minutes": 25,
             "total_points": 10},
        ]
    )


def _row(learner: str, assignment: str, item: str, score: float | None, max_score: float, state: str,
         late: bool = False, days: int = 0, penalty: float = 0.0) -> dict:
    return {
        "learner_id": learner, "assignment": assignment, "item_id": item, "item_type": "single_choice",
        "score": float("nan") if score is None else score, "max_score": max_score, "needs_manual": state == AWAITING,
        "answer": "", "submitted_at": pd.Timestamp("2027-03-01T12:00:00Z"), "late": late, "late_days": days,
        "late_penalty_percent": penalty, "objectives": "", "skills": "", "state": state, "checker_confidence": "",
    }


def results() -> pd.DataFrame:
    rows = [
        _row("L1", "triage-pain", "a", 7.0, 7.0, SCORED),
        _row("L1", "triage-pain", "b", 5.5, 6.0, SCORED),
        _row("L1", "years-of-dismissal", "a", 8.0, 10.0, SCORED, late=True, days=2, penalty=20.0),
        _row("L2", "triage-pain", "a", 5.0, 7.0, SCORED),
        _row("L2", "triage-pain", "b", 4.0, 4.0, SCORED),
        _row("L2", "triage-pain", "r", None, 2.0, OPTED_OUT),
        _row("L2", "years-of-dismissal", "a", 6.0, 8.0, SCORED),
        _row("L2", "years-of-dismissal", "r", None, 2.0, AWAITING),
        _row("L9", "triage-pain", "a", 7.0, 13.0, SCORED),
    ]
    return pd.DataFrame(rows, columns=RESULTS_COLUMNS)


SAFE_HOSTILE = "'" + HOSTILE  # csv_safe: a leading = is made text for spreadsheets
