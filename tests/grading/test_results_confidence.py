"""The checker's confidence in the results table and the review queue: read from the autograded
notebook, never the text itself, and the least sure answers first."""

from __future__ import annotations

import math

import nbformat
import pandas as pd

from tests.conftest import ROOT
from tic_course.checkpoints import ids, kind_of
from tic_course.grading.columns import RESULTS_COLUMNS, REVIEW_QUEUE_COLUMNS
from tic_course.grading.report.inputs import prepare_results
from tic_course.grading.results import checker_confidences, review_queue, write_tables
from tic_course.scenario import load_scenario

SCENARIO = load_scenario(ROOT / "exercises" / "child-cannula-def" / "scenario.yml")
NUMBER, REWRITE = next((n, c) for n, c in enumerate(SCENARIO["checkpoints"], 1) if c["type"] == "rewrite")


def _notebook(tmp_path, answer: str):
    cells = [nbformat.v4.new_code_cell(f"{ids.variable(NUMBER)} = {answer!r}")]
    cells[0].metadata["nbgrader"] = {"grade_id": ids.answer_id(REWRITE["id"])}
    first = SCENARIO["checkpoints"][0]  # a lettered item: no confidence
    letters = nbformat.v4.new_code_cell(f"{ids.variable(1)} = 'A'")
    letters.metadata["nbgrader"] = {"grade_id": ids.answer_id(first["id"])}
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[letters, *cells]), path)
    return path


def test_confidence_is_read_from_the_autograded_answer(tmp_path):
    sure = REWRITE["model_answer"]
    assert checker_confidences(_notebook(tmp_path, sure), SCENARIO) == {REWRITE["id"]: "high"}
    welsh = "Mae'n iawn i ti fod ofn, Oscar. Rwy'n mynd i roi hufen ar dy law di yn gyntaf, ac wedyn cei di eistedd."
    assert checker_confidences(_notebook(tmp_path, welsh), SCENARIO) == {REWRITE["id"]: "none"}
    assert checker_confidences(tmp_path / "missing.ipynb", SCENARIO) == {}
    assert kind_of(SCENARIO["checkpoints"][0]).checker_confidence(SCENARIO["checkpoints"][0], "A") == ""


def _row(learner: str, item: str, confidence: str, score: float = 2.0) -> dict:
    return {
        "learner_id": learner, "assignment": "child-cannula-def", "item_id": item,
        "item_type": "rewrite" if confidence else "single_choice", "score": score, "max_score": 4.0,
        "needs_manual": False, "answer": "", "submitted_at": pd.NaT, "late": False, "objectives": "",
        "skills": "", "checker_confidence": confidence,
        "state": "awaiting your educator" if math.isnan(score) else "scored",
    }


def test_review_queue_puts_the_least_sure_first_and_leaves_other_kinds_out(tmp_path):
    results = pd.DataFrame(
        [_row("l1", "rw", "high"), _row("l2", "rw", "none", math.nan), _row("l3", "rw", "low"),
         _row("l4", "rw", "medium"), _row("l5", "q1", ""), _row("l0", "rw", "low")],
        columns=RESULTS_COLUMNS,
    )
    queue = review_queue(results)
    assert list(queue.columns) == REVIEW_QUEUE_COLUMNS
    assert list(zip(queue["checker_confidence"], queue["learner_id"], strict=True)) == [
        ("none", "l2"), ("low", "l0"), ("low", "l3"), ("medium", "l4"), ("high", "l1"),
    ]
    write_tables(tmp_path, results, pd.DataFrame(), pd.DataFrame())
    written = pd.read_csv(tmp_path / "review_queue.csv", keep_default_na=False)
    assert list(written["learner_id"]) == ["l2", "l0", "l3", "l4", "l1"]


def test_a_results_file_from_before_the_column_still_loads():
    old = pd.DataFrame([_row("l1", "rw", "high")], columns=RESULTS_COLUMNS).drop(columns="checker_confidence")
    prepared = prepare_results(old)
    assert list(prepared.columns) == RESULTS_COLUMNS and prepared["checker_confidence"].tolist() == [""]
