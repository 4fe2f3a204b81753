"""Honest states: one rule for each checkpoint's state and the totals, and the cohort report's counts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tic_course.checkpoints import KINDS
from tic_course.grading.report import ReportInputError, prepare_results, write_report
from tic_course.grading.report.tables import completion_table, summary_table
from tic_course.grading.states import (
    AWAITING,
    NEEDS_REGRADING,
    OPTED_OUT,
    SCORED,
    item_state,
    total,
)

TS = pd.Timestamp("2026-02-01T10:00:00Z")


@pytest.mark.parametrize(
    ("flag", "manual", "opted", "expected"),
    [
        (False, None, False, SCORED),  # autograded
        (False, 1.5, False, SCORED),  # marked by hand in formgrader (flag cleared)
        (True, None, False, AWAITING),  # not marked yet
        (True, 2.0, False, NEEDS_REGRADING),  # resubmitted after marking: nbgrader set the flag again
        (True, None, True, OPTED_OUT),
        (False, 2.0, True, OPTED_OUT),  # an opt-out stays out of the total even when marked
    ],
)
def test_item_state(flag, manual, opted, expected):
    assert item_state(needs_manual_grade=flag, manual_score=manual, opted_out=opted) == expected


def test_total_leaves_out_opted_out_and_waiting_items():
    t = total(
        [
            (SCORED, 2.0, 2.0),
            (SCORED, 1.5, 3.0),
            (OPTED_OUT, None, 2.0),
            (AWAITING, None, 2.0),
            (NEEDS_REGRADING, 2.0, 2.0),
        ]
    )
    assert (t.score, t.max_score, t.waiting, t.opted_out, t.needs_regrading, t.provisional) == (3.5, 5.0, 2, 1, 1, True)
    assert total([(SCORED, 1.0, 1.0), (OPTED_OUT, None, 2.0)]).provisional is False


def test_reflection_opt_out_is_the_phrase_alone():
    reflection = KINDS["reflection"]
    for text in (
        "I choose to opt out",
        "  i choose to opt out. ",
        "\u201cI choose to opt out\u201d",
        "**I choose to opt out**",
    ):
        assert reflection.opted_out(text), text
    for text in ("I choose to opt out of nothing: I would listen first.", "", "opt out"):
        assert not reflection.opted_out(text), text
    assert not KINDS["rewrite"].opted_out("I choose to opt out")


def _row(learner: str, item: str, state: str, score: float | None, max_score: float = 2.0) -> dict:
    return {
        "learner_id": learner,
        "assignment": "m",
        "item_id": item,
        "item_type": "reflection" if item == "r" else "single_choice",
        "score": math.nan if score is None else score,
        "max_score": max_score,
        "needs_manual": state in (AWAITING, NEEDS_REGRADING),
        "answer": "",
        "submitted_at": TS,
        "late": False,
        "objectives": "o1",
        "skills": "s1",
        "state": state,
    }


def results() -> pd.DataFrame:
    return prepare_results(
        pd.DataFrame(
            [
                _row("L1", "q", SCORED, 2.0),
                _row("L1", "r", OPTED_OUT, None),
                _row("L2", "q", SCORED, 0.0),
                _row("L2", "r", AWAITING, None),
                _row("L3", "q", SCORED, 2.0),
                _row("L3", "r", NEEDS_REGRADING, None),
            ]
        )
    )


ASSIGNMENTS = pd.DataFrame(
    {"assignment": ["m"], "title": ["Module"], "chapter": ["ch"], "minutes": [10], "total_points": [4]}
)
ITEMS = pd.DataFrame(
    {
        "assignment": "m",
        "item_id": ["q", "r"],
        "item_type": ["single_choice", "reflection"],
        "max_score": [2.0, 2.0],
        "objectives": "o1",
        "skills": "s1",
        "options": ["AB", ""],
        "correct": ["A", ""],
    }
)


def test_completion_counts_and_summary_rows():
    table = completion_table(results(), ASSIGNMENTS).set_index("learner_id")
    assert table.loc[
        "L1", ["complete", "score", "max_score", "percent", "pending", "opted_out", "regrade"]
    ].tolist() == [True, 2.0, 2.0, 100.0, 0, 1, 0]
    assert table.loc["L2", ["complete", "pending", "regrade"]].tolist() == [False, 1, 0]
    assert table.loc["L3", ["complete", "score", "max_score", "pending", "regrade"]].tolist() == [False, 2.0, 2.0, 1, 1]
    rows = dict(summary_table(completion_table(results(), ASSIGNMENTS), ASSIGNMENTS).rows)
    assert rows["Complete submissions"] == 1
    assert rows["Submissions with a provisional total (items awaiting manual grading)"] == 2
    assert rows["Submissions that need regrading (resubmitted after manual grading)"] == 1
    assert rows["Items opted out, not scored"] == 1


def test_report_cells_use_the_same_words(tmp_path):
    page = write_report(results(), ITEMS, ASSIGNMENTS, tmp_path / "report")["report.html"].read_text(encoding="utf-8")
    assert '100.0%<br><span class="done">complete</span><br>opted out, not scored (1 item)' in page
    assert "provisional<br>awaiting your educator (1 item)" in page
    assert 'provisional<br><span class="flag">needs regrading</span> (1 item)' in page


def test_unknown_state_is_refused_with_row_and_column():
    bad = pd.DataFrame([_row("L1", "q", "maybe", 1.0)])
    with pytest.raises(ReportInputError, match=r"results: column 'state', data row 1: unknown state 'maybe'"):
        prepare_results(bad)
