"""Make submissions from released notebooks: a learner's answers written into the answer cells.

Used by the tests (a solved, a blank and a partly wrong submission for every scenario) and by the
synthetic demo cohort. Answers are given per checkpoint id, as the learner would type them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from tic_course.checkpoints import ids, kind_of


def answer_variables(scenario: dict[str, Any]) -> dict[str, str]:
    """checkpoint id -> the variable its answer cell assigns (hand-marked kinds have none)."""
    return {
        item["id"]: ids.variable(number)
        for number, item in enumerate(scenario["checkpoints"], 1)
        if not kind_of(item).hand_marked
    }


def solved_answers(scenario: dict[str, Any]) -> dict[str, str]:
    """What a learner who gets everything right types, per checkpoint id."""
    return {item["id"]: kind_of(item).solved_answer(item) for item in scenario["checkpoints"]}


def cell_source(variable: str | None, text: str) -> str:
    """The answer cell a learner would leave behind after typing ``text``."""
    if variable is None:  # a markdown reflection cell holds the text itself
        return text
    return f'{variable} = """{text}"""' if "\n" in text or '"' in text else f'{variable} = "{text}"'


def fill_answers(
    released: nbformat.NotebookNode, scenario: dict[str, Any], answers: dict[str, str]
) -> nbformat.NotebookNode:
    """A copy of the released notebook with the given answers typed into their cells."""
    nb = nbformat.from_dict(released)
    variables = answer_variables(scenario)
    targets = {ids.answer_id(cid): cid for cid in variables} | {
        item["id"]: item["id"] for item in scenario["checkpoints"] if kind_of(item).hand_marked
    }
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cid = targets.get(grade_id)
        if cid is not None and cid in answers:
            cell.source = cell_source(variables.get(cid), answers[cid])
    return nb


def write_submission(course: Path, learner: str, assignment: str, nb: nbformat.NotebookNode) -> Path:
    """Place a notebook where ``nbgrader autograde`` looks for it."""
    dest = course / "submitted" / learner / assignment / f"{assignment}.ipynb"
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest)
    return dest
