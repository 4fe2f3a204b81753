"""The cue audit: exact figures, and every rule fails when it should and only then."""

from __future__ import annotations

import math

from tic_course.scenario.cue_audit import ALL, Shown, audit, scenario_shown, table
from tic_course.scenario.presentation import plan


def item(group: str, key_at: int, n: int = 4, long_at: int | None = None, label: str = "") -> Shown:
    texts = ["same size"] * n
    if long_at is not None:
        texts[long_at] = "a much longer option"
    keyed = tuple(i == key_at for i in range(n))
    return Shown(group, label or f"s: {group}-{key_at}", tuple(texts), keyed)


def test_a_balanced_bank_without_length_cues_passes_with_exact_figures():
    shown = [item("g", p % 4, label=f"s: q{p}") for p in range(8)]
    result = audit(shown)
    assert result.ok and result.failures == []
    [row] = result.rows  # one group: no separate whole-bank row
    assert row.counts == [2, 2, 2, 2] and row.fair == [2.0, 2.0, 2.0, 2.0]
    assert row.first == 0.25 and row.first_chance == 0.25
    assert row.longest == 0.25  # all tied: the key shares the credit 1/4


def test_keys_piled_on_one_position_fail_and_name_the_items():
    shown = [item("g", 1, label=f"s: q{i}") for i in range(6)] + [item("g", 2, label="s: other")]
    result = audit(shown)
    assert not result.ok
    [position] = [f for f in result.failures if "position" in f]
    assert position.startswith("g: position B holds 6 keys, more than 1.5x its fair share of 1.8:")
    assert "s: q0" in position and "s: other" not in position


def test_unavoidable_rounding_is_not_a_failure():
    # Five items over four positions: some position must hold two keys (fair share 1.25).
    assert audit([item("g", p % 4) for p in range(4)] + [item("g", 3)]).ok
    # ...but two where the fair share is 0.5 exceeds both 1.5x and the rounding.
    assert not audit([item("g", 0, n=2), item("g", 0, n=2)]).ok


def test_a_key_that_is_usually_the_longest_fails():
    shown = [item("g", p % 4, long_at=p % 4, label=f"s: q{p}") for p in range(8)]
    result = audit(shown)
    assert result.rows[0].longest == 1.0 and result.rows[0].longest_chance == 0.25
    assert result.failures == [
        "g: the key is the longest option in 100% of items, more than 1.5x chance (25%): "
        "s: q0, s: q1, s: q2, s: q3, s: q4, s: q5, s: q6, s: q7"
    ]
    # One item in three with a longest key is 33%, under 1.5 x 25%: passes.
    mixed = [item("g", p % 4, long_at=(p % 4 if p < 3 else (p + 1) % 4)) for p in range(9)]
    assert not any("longest" in f for f in audit(mixed).failures)


def test_a_key_usually_shown_first_fails_and_ordering_has_no_length_rule():
    first = audit([item("g", 0, n=3, label="s: a"), item("g", 0, n=3, label="s: b"), item("g", 1, n=3)])
    assert any(f.startswith("g: the key is shown first in 67% of items") for f in first.failures)
    steps = Shown("steps", "s: o", ("short", "a much longer step"), (False, True), length_cue=False)
    row = audit([steps]).rows[0]
    assert math.isnan(row.longest) and "n/a" in table(audit([steps]))


def test_whole_bank_row_and_table():
    shown = [item("a", p % 4) for p in range(4)] + [item("b", p % 3, n=3) for p in range(3)]
    result = audit(shown)
    assert [r.group for r in result.rows] == ["a", "b", ALL]
    assert result.rows[-1].counts == [2, 2, 2, 1]
    text = table(result)
    assert "whole bank" in text and "2(2.0) 2(2.0) 2(2.0) 1(1.0)" in text


def test_scenario_shown_lists_checkpoints_and_reply_turns_as_displayed(fixture_scenario):
    p = plan([fixture_scenario], "x")
    shown = scenario_shown([fixture_scenario], p)
    turns = [n for n in fixture_scenario["conversation"]["nodes"] if len(n.get("responses", [])) >= 2]
    assert len(shown) == 3 + len(turns)  # single choice, multiple select, ordering
    choice = next(s for s in shown if s.group == "single_choice")
    assert sum(choice.keyed) == 1 and len(choice.texts) == 3
    ordering = next(s for s in shown if s.group == "ordering")
    assert not ordering.length_cue and sum(ordering.keyed) == 1
    authored = scenario_shown([fixture_scenario], None)
    assert all(s.keyed[0] for s in authored if s.group == "conversation")  # the fixture writes helpful first
