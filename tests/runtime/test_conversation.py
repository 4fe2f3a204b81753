"""The conversation engine, driven headlessly with sequences of choices."""

from __future__ import annotations

import pytest

from tests.conftest import EXERCISES
from tic_course.runtime.conversation import Conversation, all_paths, play, practice_view
from tic_course.scenario import load_scenario


def test_a_helpful_path_gives_exact_feedback_and_a_good_outcome(fixture_scenario):
    conv = play(fixture_scenario, ["believe", "escalate"])
    assert conv.finished
    assert conv.ending["outcome"] == "good"
    assert conv.ending["title"] == "Seen and believed"
    assert [s.quality for s in conv.history] == ["helpful", "helpful"]
    assert conv.history[0].feedback == (
        "You take the report at face value and invite detail. Changed pain is a red flag as well "
        "as a request to be heard."
    )
    assert conv.history[1].skill == "trustworthiness-transparency"


def test_a_harmful_choice_can_be_repaired(fixture_scenario):
    conv = play(fixture_scenario, ["frequent", "repair", "wait"])
    assert [s.node_id for s in conv.history] == ["arrival", "guarded", "history"]
    assert conv.ending["outcome"] == "mixed"
    assert conv.history[0].feedback.startswith("Labelling him a 'regular'")


def test_defending_intent_ends_badly(fixture_scenario):
    conv = play(fixture_scenario, ["frequent", "defend"])
    assert conv.ending == {
        "outcome": "poor",
        "title": "Unheard",
        "text": "Dev leaves before being seen and returns by ambulance the next day.",
    }


def test_speaker_and_responses_of_a_turn(fixture_scenario):
    conv = Conversation(fixture_scenario)
    assert conv.speaker_name() == "Dev"
    assert [r["id"] for r in conv.responses()] == ["believe", "frequent", "scale"]


def test_invalid_choice_is_rejected_with_the_options(fixture_scenario):
    conv = Conversation(fixture_scenario)
    with pytest.raises(
        ValueError, match=r"no response 'shout' at turn 'arrival' \(choose one of believe, frequent, scale\)"
    ):
        conv.choose("shout")


def test_choosing_after_the_end_is_rejected(fixture_scenario):
    conv = play(fixture_scenario, ["believe", "escalate"])
    with pytest.raises(ValueError, match="the conversation has ended at 'end-good'"):
        conv.choose("believe")


def test_restart(fixture_scenario):
    conv = play(fixture_scenario, ["believe"])
    conv.restart()
    assert conv.current_id == "arrival" and conv.history == []


def test_all_paths_of_the_fixture(fixture_scenario):
    paths = sorted(all_paths(fixture_scenario))
    assert len(paths) == 11
    assert ["frequent", "defend"] in paths and ["scale", "wait"] in paths


@pytest.mark.parametrize("file", EXERCISES, ids=[f.parent.name for f in EXERCISES])
def test_every_path_of_every_scenario_reaches_an_ending(file):
    scenario = load_scenario(file)
    outcomes = set()
    shortest = None
    for path in all_paths(scenario):
        conv = play(scenario, path)
        assert conv.finished, f"{file}: path {path} does not end"
        outcomes.add(conv.ending["outcome"])
        shortest = len(path) if shortest is None else min(shortest, len(path))
    assert len(outcomes) >= 2
    assert shortest >= 3, f"{file}: a path has only {shortest} decision point(s); at least 3 are required"


def test_practice_view_has_no_checkpoints(fixture_scenario):
    view = practice_view(fixture_scenario)
    assert "checkpoints" not in view and "total_points" not in view
    assert view["conversation"] == fixture_scenario["conversation"]


def test_transcript_holds_every_line_in_order(fixture_scenario):
    conv = play(fixture_scenario, ["frequent", "repair"])
    lines = conv.transcript()
    assert [(line.speaker, line.learner) for line in lines] == [
        ("Dev", False), ("You", True), ("Dev", False), ("You", True)
    ]
    assert lines[0].context == "Dev is bent over the counter, sweating."
    assert lines[2].text == "Right. Forget it. I'll just sit in the corner."
    assert lines[3].text.startswith("I'm sorry, that came out wrong.")
    conv.restart()
    assert conv.transcript() == []


def test_review_lists_the_path_skills_and_helpful_replies_not_chosen(fixture_scenario):
    review = play(fixture_scenario, ["frequent", "repair", "usual"]).review()
    assert [s.response_id for s in review.path] == ["frequent", "repair", "usual"]
    assert [h.text[:12] for h in review.heard] == ["I know you'v", "Right. Forge", "It's in my b"]
    assert review.skills == ["Validating feelings", "Apology and repair", "Believing pain"]
    assert [(a.step.response_id, [say[:20] for say, _ in a.replies]) for a in review.try_instead] == [
        ("frequent", ["This feels different"]),
        ("usual", ["Thank you for tellin"]),
    ]
    assert play(fixture_scenario, ["believe", "escalate"]).review().try_instead == []


def test_practice_view_names_the_skills_for_the_book_review(fixture_scenario):
    names = practice_view(fixture_scenario)["skill_names"]
    assert names["believing-pain"] == "Believing pain" and names["validation"] == "Validating feelings"
    assert set(names) == {r["skill"] for n in fixture_scenario["conversation"]["nodes"] for r in n.get("responses", [])}


def test_practice_view_carries_exactly_the_practice_fields(fixture_scenario):
    """The players (and so their reviews) get only these fields: no checkpoint, key or rubric."""
    assert sorted(practice_view(fixture_scenario)) == sorted(
        ["id", "title", "summary", "setting", "role", "content_note", "characters", "conversation", "skill_names"]
    )


def test_practice_view_is_a_copy_that_cannot_change_the_scenario(fixture_scenario):
    """Pages reorder and escape the view; the scenario (shared by the whole build) must stay as authored."""
    before = [n.get("says") for n in fixture_scenario["conversation"]["nodes"]]
    view = practice_view(fixture_scenario)
    view["conversation"]["nodes"][0]["says"] = "changed"
    view["characters"].clear()
    assert [n.get("says") for n in fixture_scenario["conversation"]["nodes"]] == before
    assert fixture_scenario["characters"]
