"""Make submissions from released notebooks: a learner's answers written into the answer cells.

Used by the tests (a solved, a blank and a partly wrong submission for every scenario) and by the
synthetic demo cohort. Answers are given per checkpoint id, as the learner would type them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from tic_course.notebook.source import OPT_OUT_PHRASE


def answer_variables(scenario: dict[str, Any]) -> dict[str, str]:
    """checkpoint id -> the variable its answer cell assigns (reflections have none)."""
    out = {}
    for number, item in enumerate(scenario["checkpoints"], 1):
        if item["type"] != "reflection":
            out[item["id"]] = f"answer_{number}"
    return out


def solved_answers(scenario: dict[str, Any]) -> dict[str, str]:
    """What a learner who gets everything right types, per checkpoint id."""
    answers = {}
    for item in scenario["checkpoints"]:
        kind = item["type"]
        if kind in {"single_choice", "multiple_select"}:
            answers[item["id"]] = ", ".join(o["key"] for o in item["options"] if o["correct"])
        elif kind == "ordering":
            answers[item["id"]] = ", ".join(item["order"])
        elif kind == "rewrite":
            answers[item["id"]] = item["model_answer"].strip()
        else:
            answers[item["id"]] = OPT_OUT_PHRASE
    return answers


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
    targets = {f"{cid}-answer": cid for cid in variables} | {
        item["id"]: item["id"] for item in scenario["checkpoints"] if item["type"] == "reflection"
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
