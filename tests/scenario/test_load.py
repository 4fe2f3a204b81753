"""The validator accepts every real scenario and rejects each kind of malformed file clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import EXERCISES, FIXTURE
from tic_course.scenario import ScenarioError, load_scenario


def write(tmp_path: Path, data: dict | str) -> Path:
    file = tmp_path / "scenario.yml"
    file.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return file


def problems_of(file: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    return info.value.report().splitlines()


def test_fixture_is_valid():
    data = load_scenario(FIXTURE)
    assert data["id"] == "triage-pain"
    assert data["total_points"] == 13


@pytest.mark.parametrize("file", EXERCISES, ids=[f.parent.name for f in EXERCISES])
def test_every_real_scenario_is_valid(file: Path):
    data = load_scenario(file)
    assert data["id"] == file.parent.name, "the folder name must equal the scenario id"


def test_there_are_real_scenarios():
    assert len(EXERCISES) >= 1


def test_missing_field(tmp_path, fixture_data):
    del fixture_data["title"]
    file = write(tmp_path, fixture_data)
    assert problems_of(file) == [f"{file}:1: (top level): 'title' is missing (required field)"]


def test_missing_field_inside_a_checkpoint(tmp_path, fixture_data):
    del fixture_data["checkpoints"][1]["prompt"]
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert line.endswith("checkpoints[1]: 'prompt' is missing (required field)")
    assert line.startswith(f"{file}:")


def test_unknown_branch_target(tmp_path, fixture_data):
    fixture_data["conversation"]["nodes"][0]["responses"][1]["next"] = "nowhere"
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert line.endswith("conversation.nodes[0].responses[1].next: unknown node 'nowhere'")


def test_unreachable_node(tmp_path, fixture_data):
    # Nothing leads to 'guarded' any more.
    fixture_data["conversation"]["nodes"][0]["responses"][1]["next"] = "history"
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert line.endswith("conversation.nodes[1].id: node 'guarded' is unreachable from the start")


def test_duplicate_ids(tmp_path, fixture_data):
    fixture_data["conversation"]["nodes"][2]["id"] = "guarded"
    fixture_data["checkpoints"][1]["id"] = "first-words"
    file = write(tmp_path, fixture_data)
    lines = problems_of(file)
    assert any(line.endswith("checkpoints[0].id: duplicate checkpoint id 'first-words'") for line in lines)
    assert any(line.endswith("checkpoints[1].id: duplicate checkpoint id 'first-words'") for line in lines)
    assert any(line.endswith("conversation.nodes[2].id: duplicate node id 'guarded'") for line in lines)


def test_question_with_no_correct_option(tmp_path, fixture_data):
    for option in fixture_data["checkpoints"][0]["options"]:
        option["correct"] = False
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert line.endswith("checkpoints[0].options: no option is marked correct: true")


def test_single_choice_with_two_correct_options(tmp_path, fixture_data):
    fixture_data["checkpoints"][0]["options"][0]["correct"] = True
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert line.endswith(
        "checkpoints[0].options: a single-choice question needs exactly one correct option (found A, B)"
    )


def test_points_that_do_not_add_up(tmp_path, fixture_data):
    fixture_data["total_points"] = 14
    fixture_data["checkpoints"][3]["points"] = 4
    file = write(tmp_path, fixture_data)
    lines = [line.split(": ", 1)[1] for line in problems_of(file)]
    # total_points (14) matches the checkpoints; only the rubric total is wrong.
    assert lines == ["checkpoints[3].points: points is 4 but the rubric adds up to 3"]


def test_total_points_wrong(tmp_path, fixture_data):
    fixture_data["total_points"] = 12
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert line.endswith("total_points: total_points is 12 but the checkpoints add up to 13")


def test_invalid_yaml_reports_the_line(tmp_path):
    file = write(tmp_path, "id: broken\ntitle: [unclosed\nsummary: x\n")
    [line] = problems_of(file)
    assert line.startswith(f"{file}:3: (top level): invalid YAML")


def test_wrong_types(tmp_path, fixture_data):
    fixture_data["minutes"] = "ten"
    fixture_data["checkpoints"][0]["points"] = 2.5
    file = write(tmp_path, fixture_data)
    lines = problems_of(file)
    assert any(line.endswith("checkpoints[0].points: 2.5 has the wrong type: expected integer") for line in lines)
    assert any(line.endswith("minutes: 'ten' has the wrong type: expected integer") for line in lines)


def test_loop_is_rejected(tmp_path, fixture_data):
    fixture_data["conversation"]["nodes"][2]["responses"][2]["next"] = "arrival"
    file = write(tmp_path, fixture_data)
    lines = problems_of(file)
    assert any("the conversation can loop forever: arrival -> history -> arrival" in line for line in lines)


def test_unknown_skill_tag(tmp_path, fixture_data):
    fixture_data["checkpoints"][0]["skills"] = ["kindness"]
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert "checkpoints[0].skills[0]: 'kindness' is not one of" in line


def test_rubric_must_reward_the_model_answer(tmp_path, fixture_data):
    fixture_data["checkpoints"][3]["model_answer"] = (
        "Please sit down and wait for the doctor like everyone else tonight."
    )
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert "checkpoints[3].model_answer: the rubric gives the model answer" in line


def test_a_rubric_pattern_that_can_backtrack_catastrophically_is_refused(tmp_path, fixture_data):
    fixture_data["checkpoints"][3]["rubric"][0]["any_of"] = ["(\\w+\\s?)+changed"]
    file = write(tmp_path, fixture_data)
    [line] = problems_of(file)
    assert line.split(": ", 1)[1] == (
        "checkpoints[3].rubric[0].any_of[0]: a repeat inside a repeat (such as (a+)+) can take exponential "
        "time; remove one of them"
    )


def test_not_a_mapping(tmp_path):
    file = write(tmp_path, "- just\n- a list\n")
    assert problems_of(file) == [
        f"{file}:1: (top level): the file must be a mapping of fields (id, title, conversation, ...)"
    ]


def test_missing_file(tmp_path):
    assert problems_of(tmp_path / "nope.yml") == [f"{tmp_path / 'nope.yml'}: (top level): file not found"]
