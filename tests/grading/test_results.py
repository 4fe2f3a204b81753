"""The results export records option ids (authored keys), never the letters a learner was shown."""

from __future__ import annotations

import nbformat

from tic_course.grading.results import items_table, typed_answers
from tic_course.notebook.shown import as_released
from tic_course.notebook.source import build_source_notebook
from tic_course.scenario.presentation import plan, present
from tools.submissions import fill_answers, solved_answers


def test_answers_and_keys_are_exported_by_option_id(tmp_path, fixture_scenario):
    shown = present(fixture_scenario, plan([fixture_scenario], "results"))
    nb = build_source_notebook(shown)
    choice, several, ordering = shown["checkpoints"][:3]
    # The learner types the letters shown: the right answers, and one wrong single choice.
    wrong = next(o["key"] for o in choice["options"] if not o["correct"])
    answers = solved_answers(shown) | {choice["id"]: wrong.lower()}
    path = tmp_path / "submission.ipynb"
    nbformat.write(fill_answers(nb, shown, answers), path)

    read_back = as_released(nbformat.read(path, as_version=4), fixture_scenario)
    got = typed_answers(path, read_back)
    wrong_id = next(o["option_id"] for o in choice["options"] if o["key"] == wrong)
    assert got[choice["id"]] == wrong_id
    assert sorted(got[several["id"]].split(",")) == ["A", "B", "D"]  # the authored keys of the fixture
    assert got[ordering["id"]] == "B,C,D,A"  # the authored order, whatever order it was shown in

    items = items_table([read_back]).set_index("item_id")
    assert items.loc[choice["id"], "correct"] == "B" and items.loc[choice["id"], "options"] == "ABC"
    assert items.loc[several["id"], "correct"] == "A,B,D" and items.loc[several["id"], "options"] == "ABCD"
    assert items.loc[ordering["id"], "correct"] == "B,C,D,A"
    assert items_table([fixture_scenario]).equals(items_table([read_back]))  # the same however shown


def test_stray_entries_are_kept_as_typed(tmp_path, fixture_scenario):
    shown = present(fixture_scenario, plan([fixture_scenario], "results"))
    choice = shown["checkpoints"][0]
    path = tmp_path / "submission.ipynb"
    nbformat.write(fill_answers(build_source_notebook(shown), shown, {choice["id"]: "E"}), path)
    assert typed_answers(path, shown)[choice["id"]] == "E"
