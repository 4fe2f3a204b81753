"""Unit tests for the cohort statistics: group sizes, ties, undefined correlations, flags and
which items count towards discrimination."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tic_course.grading.item_analysis import (
    answer_tokens,
    group_size,
    item_flags,
    item_statistics,
    mastery,
    pearson,
    split_tags,
    upper_lower_index,
)
from tic_course.grading.report import prepare_items, prepare_results
from tic_course.grading.states import AWAITING, SCORED

TS = pd.Timestamp("2024-03-01T09:00:00Z")


@pytest.mark.parametrize(("n", "g"), [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (10, 3),
                                      (50, 14), (100, 27), (150, 41)])
def test_group_size_rounds_half_up(n, g):
    # 0.27 * 50 = 13.5 -> 14 and 0.27 * 150 = 40.5 -> 41, where Python's round() gives 40
    assert group_size(n) == g


def test_upper_lower_ties_broken_by_learner_id():
    # n = 3, g = 1. "a" and "b" tie on 5; "a" sorts first so it is the top group.
    totals = pd.Series({"b": 5.0, "a": 5.0, "c": 1.0})
    fractions = pd.Series({"a": 1.0, "b": 0.0, "c": 0.0})
    assert upper_lower_index(fractions, totals) == (1.0, 1)
    assert math.isnan(upper_lower_index(fractions[["a"]], totals[["a"]])[0])


def test_pearson_undefined_cases():
    assert math.isnan(pearson([1.0], [2.0]))
    assert math.isnan(pearson([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]))
    assert math.isnan(pearson([0.0, 1.0, 0.5], [4.0, 4.0, 4.0]))
    assert pearson([0.0, 1.0, 2.0], [2.0, 1.0, 0.0]) == -1.0
    # dx = .5,.5,-.5,-.5 and dy = .5,-.5,.5,-.5 are orthogonal: exactly 0, never -1e-17
    assert pearson([1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 1.0, 0.0]) == 0.0
    # Truly uncorrelated, but plain floating point gives -9.8e-17, which would raise a false
    # "negative discrimination" flag; the result is rounded to 12 places.
    assert pearson([0.1, 0.2, 0.2, 0.3], [1.0, 0.0, 0.0, 1.0]) == 0.0


def test_flags_thresholds_and_either_negative_index():
    assert item_flags(0.91, 0.2, 0.1, "single_choice") == ["too easy"]
    assert item_flags(0.90, 0.2, 0.1, "single_choice") == []
    assert item_flags(0.30, 0.2, 0.1, "ordering") == []
    assert item_flags(0.29, 0.2, 0.1, "ordering") == ["too hard"]
    assert item_flags(0.5, math.nan, -0.2, "rewrite") == ["negative discrimination"]
    assert item_flags(0.5, -0.01, 0.3, "multiple_select") == ["negative discrimination"]
    assert item_flags(0.5, math.nan, math.nan, "single_choice") == []
    assert item_flags(1.0, -0.5, -0.5, "reflection") == []


def _row(learner, item, item_type, score, max_score, *, manual=False, objectives="o1"):
    return {"learner_id": learner, "assignment": "m", "item_id": item, "item_type": item_type,
            "score": score, "max_score": max_score, "needs_manual": manual, "answer": "",
            "submitted_at": TS, "late": False, "objectives": objectives, "skills": "",
            "state": AWAITING if manual else SCORED}


def test_item_awaiting_manual_grading_is_left_out_of_everyone_elses_rest_score():
    # Items a, c (0/1) and rewrite b (max 2) whose P4 response awaits manual grading.
    #        a  b    c
    #   P1   1  2    1
    #   P2   1  1    0
    #   P3   0  0    1
    #   P4   0  ...  0
    # b is excluded, so a's rest score is c alone: x = 1,1,0,0, R = 1,0,1,0,
    # dx = .5,.5,-.5,-.5, dR = .5,-.5,.5,-.5, sum dx*dR = 0 -> r = 0 exactly.
    # Module totals (a + c) 2,1,1,0; n = 4, g = 1: top P1, bottom P4 -> D(a) = D(c) = 1 - 0.
    rows = []
    for learner, a, b, c in [("P1", 1, 2, 1), ("P2", 1, 1, 0), ("P3", 0, 0, 1),
                             ("P4", 0, None, 0)]:
        rows.append(_row(learner, "a", "single_choice", a, 1))
        rows.append(_row(learner, "b", "rewrite", math.nan if b is None else b, 2,
                         manual=b is None))
        rows.append(_row(learner, "c", "single_choice", c, 1))
    items = pd.DataFrame({"assignment": "m", "item_id": ["a", "b", "c"],
                          "item_type": ["single_choice", "rewrite", "single_choice"],
                          "max_score": [1, 2, 1], "objectives": "o1", "skills": "",
                          "options": ["AB", "", "AB"], "correct": ["A", "", "A"]})
    stats = item_statistics(prepare_results(pd.DataFrame(rows)), prepare_items(items))
    stats = stats.set_index("item_id")
    assert stats.loc["a", "point_biserial"] == 0.0
    assert stats.loc["a", "upper_lower_d"] == 1.0 and stats.loc["c", "upper_lower_d"] == 1.0
    assert stats.loc["a", "flags"] == ""
    assert stats.loc["b", "discrimination_excluded"] == "awaiting manual grading"
    assert math.isnan(stats.loc["b", "point_biserial"])
    # b's difficulty uses its three graded responses: (2/2 + 1/2 + 0/2) / 3 = 0.5
    assert stats.loc["b", "difficulty"] == pytest.approx(0.5, abs=1e-12)
    assert stats.loc["b", "n"] == 3


def test_learner_missing_an_item_is_not_ranked():
    # P1..P4 answer a and c; P5 has a result for a only (a partial export). Totals would be
    # incomparable, so discrimination ranks the four complete learners: a: x = 1,1,0,0 and
    # R = c = 1,0,1,0 -> r = 0 (as above); n = 4, not 5.
    rows = []
    for learner, a, c in [("P1", 1, 1), ("P2", 1, 0), ("P3", 0, 1), ("P4", 0, 0)]:
        rows += [_row(learner, "a", "single_choice", a, 1), _row(learner, "c", "ordering", c, 1)]
    rows.append(_row("P5", "a", "single_choice", 1, 1))
    items = pd.DataFrame({"assignment": "m", "item_id": ["a", "c"],
                          "item_type": ["single_choice", "ordering"], "max_score": [1, 1],
                          "objectives": "o1", "skills": "", "options": ["AB", "AB"],
                          "correct": ["A", "A,B"]})
    stats = item_statistics(prepare_results(pd.DataFrame(rows)), prepare_items(items))
    stats = stats.set_index("item_id")
    assert stats.loc["a", "discrimination_n"] == 4 and stats.loc["a", "n"] == 5
    assert stats.loc["a", "point_biserial"] == 0.0
    assert stats.loc["a", "difficulty"] == pytest.approx(0.6, abs=1e-12)  # 3 of 5


def test_tags_and_answers_are_split_once_each():
    assert split_tags(" cat-1 ; cat-2;;cat-1 ") == ["cat-1", "cat-2"]
    assert split_tags("") == []
    assert answer_tokens("A, C,A") == ["A", "C"]
    # a tag repeated on one item counts that response once: 1/2, not 2/4
    results = prepare_results(pd.DataFrame([_row("P1", "a", "rewrite", 1, 2,
                                                 objectives="o1;o1")]))
    table = mastery(results, "objectives", "objective")
    assert table.to_dict("records") == [{"objective": "o1", "score": 1.0, "max_score": 2.0,
                                         "percent": 50.0, "learners": 1, "items": 1}]
