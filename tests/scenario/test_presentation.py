"""The display order: seeded and stable, keys balanced over the bank and the modules, option ids kept."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import EXERCISES
from tic_course.checkpoints import kind_of
from tic_course.checkpoints.ordering import kept_pairs, score_ordering
from tic_course.checkpoints.single_choice import score_single_choice
from tic_course.scenario import load_scenario
from tic_course.scenario.presentation import (
    CONVERSATION,
    DEFAULT_SEED,
    Entry,
    PresentationError,
    assign,
    displayed_options,
    plan,
    present,
    read_seed,
    scenario_entries,
)

BANK = [load_scenario(f) for f in EXERCISES]
SEED = "test-seed"


@pytest.fixture(scope="module")
def presentation():
    return plan(BANK, SEED)


def key_positions(presentation) -> Counter:
    """(group, n, position) -> how many keys are displayed there."""
    found: Counter = Counter()
    for s in BANK:
        for e in scenario_entries(s):
            order = presentation.orders[e.name]
            found.update((e.group, len(order), order.index(k)) for k in e.keyed)
    return found


def test_same_seed_same_orders_other_seed_other_orders(presentation):
    assert plan(BANK, SEED) == presentation
    assert plan(list(reversed(BANK)), SEED) == presentation  # the file order does not matter
    assert plan(BANK, "another seed").orders != presentation.orders


def test_every_item_is_ordered_and_every_order_is_a_permutation(presentation):
    entries = [e for s in BANK for e in scenario_entries(s)]
    assert len(presentation.orders) == len(entries)
    for e in entries:
        assert sorted(presentation.orders[e.name]) == sorted(e.options)


def test_keys_are_spread_evenly_over_positions_in_every_group(presentation):
    counts = key_positions(presentation)
    for group, n in {(g, n) for g, n, _ in counts}:
        row = [counts[(group, n, p)] for p in range(n)]
        assert max(row) - min(row) <= 1, (group, n, row)
        # When a group does not divide evenly, the extra keys are never first or second.
        assert max(row[:2]) <= min(row[2:]), (group, n, row)


def test_the_helpful_reply_is_no_longer_first_everywhere(presentation):
    firsts = [
        presentation.orders[e.name][0] in e.keyed
        for s in BANK
        for e in scenario_entries(s)
        if e.group == CONVERSATION
    ]
    assert 0.25 < sum(firsts) / len(firsts) < 0.42  # chance is about 1/3


def test_a_presented_choice_is_scored_on_the_letters_shown(fixture_scenario):
    item = next(i for i in fixture_scenario["checkpoints"] if i["type"] == "single_choice")
    kind = kind_of(item)
    shown = kind.presented(item, ("B", "C", "A"))  # the authored key B is now shown first
    assert [o["key"] for o in shown["options"]] == ["A", "B", "C"]
    assert [o["option_id"] for o in shown["options"]] == ["B", "C", "A"]
    assert kind.correct(shown) == ["A"] and kind.key_ids(shown) == "B"
    assert kind.option_ids(shown) == {"A": "B", "B": "C", "C": "A"}
    assert kind.feedback(shown)["A"] == item["options"][1]["feedback"].strip()
    assert kind.answer_ids("a, ", shown) == "B" and kind.answer_ids("C", shown) == "A"
    assert kind.answer_ids("Z?", shown) == "Z?"  # not a letter: kept for the stray-entries list
    feedback = kind.feedback(shown)
    assert score_single_choice("A", correct="A", feedback=feedback, points=2) == 2.0
    assert score_single_choice("B", correct="A", feedback=feedback, points=2) == 0.0  # the authored letter
    with pytest.raises(ValueError, match="is not its options"):
        kind.presented(item, ("A", "B"))


def test_a_presented_ordering_translates_the_correct_order(fixture_scenario):
    item = next(i for i in fixture_scenario["checkpoints"] if i["type"] == "ordering")  # order B, C, D, A
    kind = kind_of(item)
    shown = kind.presented(item, ("D", "A", "B", "C"))
    assert shown["order"] == ["C", "D", "A", "B"]
    assert kind.key_ids(shown) == "B,C,D,A"
    assert score_ordering("C, D, A, B", order=shown["order"], points=3) == 3.0
    assert not kind.acceptable(item, ("B", "C", "D", "A"))  # the correct order
    assert not kind.acceptable(item, ("A", "D", "C", "B"))  # its reverse
    assert not kind.acceptable(item, ("B", "C", "A", "D"))  # copying it keeps 2 of 3 pairs


def test_no_ordering_is_shown_in_a_way_that_copying_beats_a_guess(presentation):
    for s in BANK:
        for item in present(s, presentation)["checkpoints"]:
            if item["type"] != "ordering":
                continue
            shown = [st["key"] for st in item["steps"]]
            half = (len(shown) - 1) // 2
            assert item["order"] not in (shown, shown[::-1])
            assert kept_pairs(item["order"], shown) <= half
            assert kept_pairs(item["order"], [*shown[1:], shown[0]]) <= half


def test_present_keeps_everything_but_the_order(fixture_scenario):
    p = plan([fixture_scenario], SEED)
    shown = present(fixture_scenario, p)
    assert present(fixture_scenario, None) == fixture_scenario
    for before, after in zip(fixture_scenario["conversation"]["nodes"], shown["conversation"]["nodes"], strict=True):
        assert sorted(map(str, before.get("responses", []))) == sorted(map(str, after.get("responses", [])))
    assert fixture_scenario["checkpoints"][0]["options"][0]["key"] == "A"  # the authored data is not changed


def test_displayed_options_gives_letters_and_the_authored_options(fixture_scenario):
    p = plan([fixture_scenario], SEED)
    shown = present(fixture_scenario, p)
    for authored, displayed in zip(fixture_scenario["checkpoints"], shown["checkpoints"], strict=True):
        if authored["type"] in ("rewrite", "reflection"):
            with pytest.raises(ValueError, match="has no lettered options"):
                displayed_options(fixture_scenario, authored, p)
            continue
        field = "steps" if authored["type"] == "ordering" else "options"
        got = displayed_options(fixture_scenario, authored, p)
        assert [letter for letter, _ in got] == [e["key"] for e in displayed[field]]
        assert [o["key"] for _, o in got] == [e["option_id"] for e in displayed[field]]
        assert all(o in authored[field] for _, o in got)
        assert [o["key"] for _, o in displayed_options(fixture_scenario, authored, None)] == sorted(
            o["key"] for o in authored[field]
        )


def test_a_small_module_gets_its_unavoidable_excess_away_from_first_and_second():
    # Seven one-key items of four options: the seventh key in the cycle lands on A or B. The
    # small module's only item must not be the one holding it.
    entries = [Entry("g", "big", "big", f"q{i}", ("A", "B", "C", "D"), ("A",)) for i in range(6)]
    entries.append(Entry("g", "small", "small", "q", ("A", "B", "C", "D"), ("A",)))
    for seed in ("1", "2", "3", "4", "5"):
        orders = assign(entries, seed)
        assert orders[("g", "small", "q")].index("A") in (2, 3), seed
        counts = Counter(o.index("A") for o in orders.values())
        assert max(counts.values()) - min(counts[p] for p in range(4)) <= 1


def test_read_seed(tmp_path):
    assert read_seed(tmp_path) == DEFAULT_SEED  # no _config.yml
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    assert read_seed(tmp_path) == DEFAULT_SEED
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    tic_presentation_seed: 2027\n", encoding="utf-8")
    assert read_seed(tmp_path) == "2027"
    for bad in ("[1, 2]", '""', "true", "{a: 1}"):
        (tmp_path / "_config.yml").write_text(f"sphinx:\n  config:\n    tic_presentation_seed: {bad}\n", "utf-8")
        with pytest.raises(PresentationError, match=r"_config.yml: sphinx.config.tic_presentation_seed: .* not a seed"):
            read_seed(tmp_path)
    (tmp_path / "_config.yml").write_text("sphinx: [\n", encoding="utf-8")
    with pytest.raises(PresentationError, match="invalid YAML"):
        read_seed(tmp_path)
