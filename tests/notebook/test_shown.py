"""Reading a released notebook's display order back, so grading records option ids."""

from __future__ import annotations

import copy

import pytest

from tic_course.checkpoints import ids
from tic_course.notebook.shown import ShownOrderError, as_released
from tic_course.notebook.source import build_source_notebook
from tic_course.scenario.presentation import plan, present


def test_the_order_is_read_back_from_the_question_cells(fixture_scenario):
    for seed in ("a", "b", "c"):
        shown = present(fixture_scenario, plan([fixture_scenario], seed))
        nb = build_source_notebook(shown)
        assert as_released(nb, fixture_scenario)["checkpoints"] == shown["checkpoints"]


def test_a_notebook_in_authored_order_reads_back_as_the_identity(fixture_scenario):
    nb = build_source_notebook(fixture_scenario)
    back = as_released(nb, fixture_scenario)
    for item in back["checkpoints"]:
        for entry in item.get("options", item.get("steps", [])):
            assert entry["option_id"] == entry["key"]


def test_overlapping_option_texts_are_told_apart(fixture_scenario):
    scenario = copy.deepcopy(fixture_scenario)
    options = scenario["checkpoints"][0]["options"]
    options[1]["text"] = options[0]["text"].strip() + " and more"  # A's text is a prefix of B's
    shown = present(scenario, plan([scenario], "overlap"))
    assert as_released(build_source_notebook(shown), scenario)["checkpoints"] == shown["checkpoints"]


def test_a_notebook_from_another_version_of_the_scenario_is_refused(fixture_scenario):
    nb = build_source_notebook(present(fixture_scenario, plan([fixture_scenario], "a")))
    edited = copy.deepcopy(fixture_scenario)
    edited["checkpoints"][0]["options"][0]["text"] = "Wording that the notebook never showed."
    with pytest.raises(ShownOrderError, match=r"triage-pain: checkpoint '.+': the released question matches no order"):
        as_released(nb, edited)
    qid = ids.question_id(fixture_scenario["checkpoints"][1]["id"])
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != qid]
    with pytest.raises(ShownOrderError, match="has no question cell"):
        as_released(nb, fixture_scenario)


def test_the_same_seed_builds_byte_identical_notebooks(fixture_scenario):
    import nbformat

    def built(seed: str) -> str:
        return nbformat.writes(build_source_notebook(present(fixture_scenario, plan([fixture_scenario], seed))))

    assert built("one") == built("one")
    assert built("one") != built("two")
