"""The results export records option ids (authored keys), never the letters a learner was shown.

``typed_answers`` reads the letters as shown (the learner's own feedback page needs those);
``answer_ids`` turns them into option ids for every export.
"""

from __future__ import annotations

import json

import nbformat
import pandas as pd
import pytest

from tic_course.grading.columns import INVALID_ANSWER, ITEMS_COLUMNS
from tic_course.grading.item_analysis import distractors
from tic_course.grading.report import prepare_items
from tic_course.grading.report.inputs import ReportInputError
from tic_course.grading.report.tables import distractor_items
from tic_course.grading.results import answer_ids, items_table, typed_answers
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
    typed = typed_answers(path, read_back)
    assert typed[choice["id"]] == wrong  # as shown
    items_by_id = {item["id"]: item for item in read_back["checkpoints"]}
    got = {cid: answer_ids(letters, items_by_id[cid]) for cid, letters in typed.items()}
    wrong_id = next(o["option_id"] for o in choice["options"] if o["key"] == wrong)
    assert got[choice["id"]] == wrong_id
    assert sorted(got[several["id"]].split(",")) == ["A", "B", "D"]  # the authored keys of the fixture
    assert got[ordering["id"]] == "B,C,D,A"  # the authored order, whatever order it was shown in

    items = items_table([read_back]).set_index("item_id")
    assert items.loc[choice["id"], "correct"] == "B" and items.loc[choice["id"], "options"] == "ABC"
    assert items.loc[several["id"], "correct"] == "A,B,D" and items.loc[several["id"], "options"] == "ABCD"
    assert items.loc[ordering["id"], "correct"] == "B,C,D,A"
    assert items_table([fixture_scenario]).equals(items_table([read_back]))  # the same however shown


def test_stray_entries_are_recorded_as_invalid_never_as_typed(tmp_path, fixture_scenario):
    shown = present(fixture_scenario, plan([fixture_scenario], "results"))
    choice = shown["checkpoints"][0]
    path = tmp_path / "submission.ipynb"
    nbformat.write(fill_answers(build_source_notebook(shown), shown, {choice["id"]: "E"}), path)
    assert typed_answers(path, shown)[choice["id"]] == INVALID_ANSWER  # "E" is no option here
    assert answer_ids(INVALID_ANSWER, choice) == INVALID_ANSWER


def test_option_texts_reach_the_distractor_table_and_are_checked(fixture_scenario):
    items = items_table([fixture_scenario])
    choice = fixture_scenario["checkpoints"][0]
    texts = json.loads(items.set_index("item_id").loc[choice["id"], "option_texts"])
    assert texts == {o["key"]: o["text"].strip() for o in choice["options"]}
    reflection = fixture_scenario["checkpoints"][-1]["id"]
    assert items.set_index("item_id").loc[reflection, "option_texts"] == ""  # free text has no options

    prepared = prepare_items(items)
    results = pd.DataFrame([{"assignment": "triage-pain", "item_id": choice["id"], "answer": "B"}])
    options, _ = distractors(results, prepared)
    row = options[(options["item_id"] == choice["id"]) & (options["option"] == "B")].iloc[0]
    assert row["text"] == texts["B"] and bool(row["correct"])
    [table, *_] = distractor_items(options, pd.DataFrame(columns=["assignment", "item_id", "entry", "count"]))
    assert table.table.header[:2] == ["Option id", "Option text"]
    assert [texts["A"], texts["B"]] == [r[1] for r in table.table.rows[:2]]

    older = items.drop(columns=["option_texts"])  # an export made before option texts existed
    assert list(prepare_items(older).columns) == ITEMS_COLUMNS
    bad = items.assign(option_texts='["not", "an object"]')
    with pytest.raises(ReportInputError, match="column 'option_texts', data row 1: not a JSON object of texts"):
        prepare_items(bad)
