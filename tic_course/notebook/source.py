"""Build the nbgrader *source* notebook (solutions, hidden tests, points) from a scenario.

The scenario file is the single source (as in otter-grader): everything a learner sees, every
answer key and every hidden test comes from it. ``nbgrader generate_assignment`` then strips the
solutions and hidden tests to make the student version; we never write a student notebook here.
"""

from __future__ import annotations

import json
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tic_course.checkpoints import ids, kind_of
from tic_course.checkpoints.base import CellSpec
from tic_course.runtime.conversation import practice_view


def _meta(
    grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False, points: int | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _locked_md(grade_id: str, text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip() + "\n", metadata=_meta(grade_id, locked=True))


def _intro(s: dict[str, Any]) -> str:
    """The first cell. The content note comes before anything else, even the title, so a learner
    can decide whether to go on before reading a word of the scenario."""
    return f"""> **Content note.** {s["content_note"].strip()} You can pause, skip the conversation and go
> straight to the checkpoints, or stop and come back later. Nothing here asks about your own
> experiences.

# {s["title"]}

{s["summary"].strip()}

**Setting.** {s["setting"].strip()}

**Your role.** {s["role"].strip()}

**Time.** About {s["minutes"]} minutes.

## How this notebook works

1. **Practice conversation (not marked).** Run the next cell: click it and press
   <kbd>Shift</kbd>+<kbd>Enter</kbd>. Each reply is a button: click or tap the one you would
   say, or move to it with <kbd>Tab</kbd> and press <kbd>Enter</kbd>. You see feedback straight
   away, and at the end a review of your choices. Try different paths as often as you like.
2. **Checkpoints (marked after you submit).** Each one has a grey answer cell. Type your answer
   between the quote marks and run the cell. The cell below it tells you what was saved, not
   whether it is right.
3. **Reflection (marked by your educator).** You can always opt out and get the same credit.

When you have finished, save the notebook (<kbd>Ctrl</kbd>+<kbd>S</kbd>) and submit it the way
your course tells you to.
"""


def _player_cell(s: dict[str, Any]) -> nbformat.NotebookNode:
    payload = json.dumps(practice_view(s), ensure_ascii=True, sort_keys=True)
    source = (
        "# Practice conversation: run this cell (Shift+Enter). It is not marked.\n"
        "from tic_course.runtime.player import conversation_player\n\n"
        f'conversation_player(r"""{payload}""")'
    )
    meta = _meta(ids.PRACTICE, locked=True)
    meta["tags"] = ["remove-input"]
    meta["jupyter"] = {"source_hidden": True}
    return new_code_cell(source, metadata=meta)


def _cell(spec: CellSpec) -> nbformat.NotebookNode:
    meta = _meta(spec.grade_id, grade=spec.grade, solution=spec.solution, locked=spec.locked, points=spec.points)
    make = new_markdown_cell if spec.cell_type == "markdown" else new_code_cell
    return make(spec.source, metadata=meta)


def build_source_notebook(scenario: dict[str, Any]) -> nbformat.NotebookNode:
    """The complete instructor notebook for one validated scenario."""
    cells = [_locked_md(ids.INTRODUCTION, _intro(scenario)), _player_cell(scenario)]
    cells.append(
        _locked_md(
            ids.CHECKPOINTS_INTRO,
            (
                "## Checkpoints\n\nThese are marked after you submit. Take your time; you can change an "
                "answer and run its cell again as often as you like before you submit."
            ),
        )
    )
    for number, item in enumerate(scenario["checkpoints"], 1):
        kind = kind_of(item)
        cells.append(_locked_md(ids.question_id(item["id"]), kind.question(number, item)))
        cells.extend(_cell(spec) for spec in kind.answer_cells(number, item))
    cells.append(
        _locked_md(
            ids.FINISH,
            (
                "## Before you submit\n\nRun every cell from the top (menu *Run* \u2192 *Run All Cells*) "
                "to check that each answer was saved, then save the notebook. Your marks and written "
                "feedback come back after your educator has graded the course."
            ),
        )
    )
    nb = new_notebook(cells=cells)
    # nbformat gives new cells random ids; name them after their nbgrader grade ids instead, so the
    # same scenario always builds the same notebook (and the learners' repository the same commit).
    for index, cell in enumerate(nb.cells):
        cell.id = ids.cell_id(cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell-{index}")
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb
