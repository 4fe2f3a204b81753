"""Build the nbgrader *source* notebook (solutions, hidden tests, points) from a scenario.

The scenario file is the single source (as in otter-grader): everything a learner sees, every
answer key and every hidden test comes from it. ``nbgrader generate_assignment`` then strips the
solutions and hidden tests to make the student version; we never write a student notebook here.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tic_course.scenario.conversation import practice_view

OPT_OUT_PHRASE = "I choose to opt out"
REFLECTION_STUB = (
    "Write your reflection here, in place of this sentence. If you would rather not write about "
    f"this, replace this sentence with: {OPT_OUT_PHRASE}"
)
KIND_LABEL = {
    "single_choice": "Choose one option",
    "multiple_select": "Choose every option that applies",
    "ordering": "Put the steps in order",
    "rewrite": "Rewrite the reply",
    "reflection": "Reflection (marked by your educator)",
}


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


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.strip().splitlines())


def _intro(s: dict[str, Any]) -> str:
    return f"""# {s["title"]}

{s["summary"].strip()}

**Setting.** {s["setting"].strip()}

**Your role.** {s["role"].strip()}

**Time.** About {s["minutes"]} minutes.

> **Content note.** {s["content_note"].strip()} You can pause, skip the conversation and go
> straight to the checkpoints, or stop and come back later. Nothing here asks about your own
> experiences.

## How this notebook works

1. **Practice conversation (not marked).** Run the next cell: click it and press
   <kbd>Shift</kbd>+<kbd>Enter</kbd>. Choose a reply with the mouse or the arrow keys, then
   press *Say this*. You see feedback straight away. Try different paths as often as you like.
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
        "from tic_course.notebook.player import conversation_player\n\n"
        f'conversation_player(r"""{payload}""")'
    )
    meta = _meta("practice-conversation", locked=True)
    meta["tags"] = ["remove-input"]
    meta["jupyter"] = {"source_hidden": True}
    return new_code_cell(source, metadata=meta)


def _options_md(options: list[dict[str, Any]]) -> str:
    return "\n".join(f"- **{o['key']}.** {o['text'].strip()}" for o in options)


def _question_md(number: int, item: dict[str, Any]) -> str:
    head = f"### Checkpoint {number}: {KIND_LABEL[item['type']]} ({item['points']} points)\n\n"
    body = item["prompt"].strip()
    if item["type"] in {"single_choice", "multiple_select"}:
        body += "\n\n" + _options_md(item["options"])
        if item["type"] == "multiple_select":
            body += "\n\nYou gain credit for each option that applies and lose it for each that does not."
    elif item["type"] == "ordering":
        body += "\n\n" + _options_md(item["steps"])
        body += "\n\nYou gain credit for each pair of neighbouring steps that you put in the right order."
    elif item["type"] == "rewrite":
        body += "\n\nThe original reply:\n\n" + _quote(item["original"])
    elif item["type"] == "reflection":
        body += (
            "\n\nThere is no right answer, and you never need to describe your own experiences "
            "or health. Write about practice: what you would notice, say or do. "
            f"**If you would rather not answer, write \u201c{OPT_OUT_PHRASE}\u201d in the box "
            "below. Opting out earns exactly the same credit and no one will ask why.**"
        )
    return head + body


def _either(keys: str) -> str:
    """'A, B, C or D' — how the instruction lists the letters a learner may type."""
    return ", ".join(keys[:-1]) + f" or {keys[-1]}"


def _answer_cells(number: int, item: dict[str, Any]) -> list[nbformat.NotebookNode]:
    """The learner's answer cell and the graded test cell below it."""
    var = f"answer_{number}"
    kind, points, cid = item["type"], item["points"], item["id"]
    keys = "".join(o["key"] for o in item.get("options", item.get("steps", [])))
    if kind == "single_choice":
        instruction = f"# Type one letter ({_either(keys)}) between the quotes, then press Shift+Enter."
        blank, solution = f'{var} = ""', f'{var} = "{_correct(item)[0]}"'
        preview = f'preview_choice({var}, "{keys}")'
        hidden = (
            f"score_single_choice({var}, correct={_correct(item)[0]!r}, feedback={_feedback(item)!r}, points={points})"
        )
        scorer = "score_single_choice"
    elif kind == "multiple_select":
        instruction = '# Type every letter that applies between the quotes, e.g. "A, C". Then press Shift+Enter.'
        blank, solution = f'{var} = ""', f'{var} = "{", ".join(_correct(item))}"'
        preview = f'preview_choice({var}, "{keys}", several=True)'
        hidden = (
            f"score_multiple_select({var}, correct={_correct(item)!r}, feedback={_feedback(item)!r}, points={points})"
        )
        scorer = "score_multiple_select"
    elif kind == "ordering":
        instruction = (
            '# Type all the letters in the order you would do them, e.g. "C, A, B, D". Then press Shift+Enter.'
        )
        blank, solution = f'{var} = ""', f'{var} = "{", ".join(item["order"])}"'
        preview = f'preview_choice({var}, "{keys}", ordering=True)'
        hidden = f"score_ordering({var}, order={item['order']!r}, points={points})"
        scorer = "score_ordering"
    else:  # rewrite
        min_words = item.get("min_words", 8)
        instruction = "# Write your reply between the three quote marks. It can take several lines."
        blank = f'{var} = """\n\n"""'
        solution = f'{var} = """\n{item["model_answer"].strip()}\n"""'
        preview = f"preview_text({var}, min_words={min_words})"
        rubric = [{k: v for k, v in c.items()} for c in item["rubric"]]
        hidden = (
            f"score_rewrite({var}, rubric={rubric!r}, original={item['original'].strip()!r}, "
            f"points={points}, min_words={min_words})"
        )
        scorer = "score_rewrite"
    answer = new_code_cell(
        f"{instruction}\n{blank}\n### BEGIN SOLUTION\n{solution}\n### END SOLUTION",
        metadata=_meta(f"{cid}-answer", solution=True),
    )
    preview_fn = "preview_text" if kind == "rewrite" else "preview_choice"
    test = new_code_cell(
        f"# Run this cell to check your answer was saved. It does not say whether it is right.\n"
        f"from tic_course.grading.preview import {preview_fn}\n\n{preview}\n"
        f"### BEGIN HIDDEN TESTS\nfrom tic_course.grading.scoring import {scorer}\n\n{hidden}\n"
        f"### END HIDDEN TESTS",
        metadata=_meta(f"{cid}-check", grade=True, locked=True, points=points),
    )
    return [answer, test]


def _correct(item: dict[str, Any]) -> list[str]:
    return [o["key"] for o in item["options"] if o["correct"]]


def _feedback(item: dict[str, Any]) -> dict[str, str]:
    return {o["key"]: o["feedback"].strip() for o in item["options"]}


def build_source_notebook(scenario: dict[str, Any]) -> nbformat.NotebookNode:
    """The complete instructor notebook for one validated scenario."""
    cells = [_locked_md("introduction", _intro(scenario)), _player_cell(scenario)]
    cells.append(
        _locked_md(
            "checkpoints-intro",
            (
                "## Checkpoints\n\nThese are marked after you submit. Take your time; you can change an "
                "answer and run its cell again as often as you like before you submit."
            ),
        )
    )
    for number, item in enumerate(scenario["checkpoints"], 1):
        cells.append(_locked_md(f"{item['id']}-question", _question_md(number, item)))
        if item["type"] == "reflection":
            guidance = (
                f"Marking guidance (educators only): {item['marking_guidance'].strip()} "
                f"A reply of \u201c{OPT_OUT_PHRASE}\u201d earns full marks."
            )
            cells.append(
                new_markdown_cell(
                    f"### BEGIN SOLUTION\n{guidance}\n### END SOLUTION",
                    metadata=_meta(item["id"], grade=True, solution=True, points=item["points"]),
                )
            )
        else:
            cells.extend(_answer_cells(number, item))
    cells.append(
        _locked_md(
            "finish",
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
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell-{index}"
        cell.id = re.sub(r"[^A-Za-z0-9_-]", "-", grade_id)[:64]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write_notebook_atomically(nb: nbformat.NotebookNode, dest: Path) -> None:
    """Write a notebook so that a crash leaves either the old file or the new one, never half."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
