"""The test-wise learner simulation: strategies, real scoring, and no habit beating chance by 10 points."""

from __future__ import annotations

import random

import pytest

from tests.conftest import ROOT
from tic_course.book.knowledge_checks import knowledge_shown
from tic_course.layout import CourseLayout
from tic_course.scenario.catalogue import load_all
from tic_course.scenario.presentation import course_presentation
from tools.testwise import (
    CHANCE,
    MARGIN,
    STRATEGIES,
    check_table,
    hedges,
    over_chance,
    pick,
    play_checkpoint,
    render,
    scenario_table,
)


def test_hedge_words_are_counted_as_whole_words():
    assert hedges("It may help; it might not. Perhaps it depends, it  DEPENDS.") == 5
    assert hedges("The mayor was often late and usually sometimes likely") == 4
    assert hedges("Tell me what happened.") == 0


def test_each_strategy_picks_its_natural_analogue():
    rng = random.Random(1)
    texts = ["short", "a bit longer", "the longest option of all", "may perhaps"]
    assert pick("always-first", "one", texts, rng) == [0]
    assert pick("always-second", "all", texts, rng) == [1]
    assert pick("always-first", "order", texts, rng) == [0, 1, 2, 3]
    assert pick("always-second", "order", texts, rng) == [1, 2, 3, 0]
    assert pick("always-longest", "one", texts, rng) == [2]
    assert pick("always-longest", "all", texts, rng) == [2, 1]
    assert pick("most-hedged", "one", texts, rng) == [3]
    assert sorted(pick("random", "order", texts, rng)) == [0, 1, 2, 3]
    assert all(pick("random", "all", texts, random.Random(s)) for s in range(50))  # never empty
    with pytest.raises(ValueError, match="unknown strategy"):
        pick("always-third", "one", texts, rng)


def test_checkpoints_are_scored_by_the_hidden_tests_own_call(fixture_scenario):
    choice, several, ordering, rewrite = fixture_scenario["checkpoints"][:4]
    rng = random.Random(0)
    assert play_checkpoint(choice, "always-second", rng) == choice["points"]  # authored key B
    assert play_checkpoint(choice, "always-first", rng) == 0.0
    assert play_checkpoint(several, "always-first", rng) == round(several["points"] / 3, 2)  # A applies
    assert 0 < play_checkpoint(ordering, "always-first", rng) < ordering["points"]
    # A test-wise learner cannot write: the original reply, scored by the rubric, earns under half.
    assert play_checkpoint(rewrite, "always-longest", rng) * 2 < rewrite["points"]


@pytest.fixture(scope="module")
def tables():
    layout = CourseLayout(ROOT)
    scenarios = load_all(layout.scenario_files())
    presentation = course_presentation(layout.root, scenarios)
    return {
        "scenarios": scenario_table(scenarios, presentation),
        "knowledge checks": check_table(knowledge_shown(layout.chapters, presentation.seed)),
    }


# Length and wording habits are beaten by content, not order (issue #12 item 2). A pair listed here
# is a known content cue still to fix: strict, so the content fix that cures it says so. None today.
CONTENT_PENDING: set[tuple[str, str]] = set()
CASES = [
    pytest.param(bank, s, marks=pytest.mark.xfail(strict=True, reason="option text still has length or "
                                                   "hedging cues (issue #12 item 2): remove when merged"))
    if (bank, s) in CONTENT_PENDING else (bank, s)
    for bank in ("scenarios", "knowledge checks")
    for s in STRATEGIES
    if s != CHANCE
]


@pytest.mark.parametrize(("bank", "strategy"), CASES)
def test_no_habit_beats_chance_by_more_than_ten_points_on_any_module(tables, bank, strategy):
    table = tables[bank]
    beaten = [(m, s, score, chance) for m, s, score, chance in over_chance(table) if s == strategy]
    assert beaten == [], render(f"{bank} ({strategy} over chance + {MARGIN:g})", table)


def test_the_table_lists_every_module_and_chance(tables):
    text = render("t", tables["scenarios"])
    for module in tables["scenarios"]:
        assert module in text
    assert "chance" in text and f"more than chance + {MARGIN:g} points" in text
