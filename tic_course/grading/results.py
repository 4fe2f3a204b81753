"""Turn the gradebook into the tables the cohort report reads (see ``tic_course.grading.report``).

One row per learner x checkpoint, plus item and assignment tables built from the scenario files.
Learners appear by id only. The learner's typed letters are kept for choice and ordering items
(for distractor analysis); free text — rewrites and reflections — is never exported.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
from nbgrader.api import Gradebook, MissingEntry

from tic_course.grading.answers import AnswerFormatError, option_letters
from tic_course.grading.columns import RESULTS_COLUMNS
from tic_course.grading.sanitise import literal_answer
from tic_course.grading.submissions import answer_variables

CHOICE_TYPES = {"single_choice", "multiple_select", "ordering"}


def grade_name(item: dict[str, Any]) -> str:
    """The nbgrader grade id that scores a checkpoint."""
    return item["id"] if item["type"] == "reflection" else f"{item['id']}-check"


def items_table(scenarios: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        for item in s["checkpoints"]:
            options = item.get("options", item.get("steps", []))
            if item["type"] in {"single_choice", "multiple_select"}:
                correct = ",".join(o["key"] for o in item["options"] if o["correct"])
            elif item["type"] == "ordering":
                correct = ",".join(item["order"])
            else:
                correct = ""
            rows.append(
                {
                    "assignment": s["id"],
                    "item_id": item["id"],
                    "item_type": item["type"],
                    "max_score": float(item["points"]),
                    "objectives": ";".join(item["objectives"]),
                    "skills": ";".join(item["skills"]),
                    "options": "".join(o["key"] for o in options),
                    "correct": correct,
                }
            )
    return pd.DataFrame(rows)


def assignments_table(scenarios: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "assignment": s["id"],
                "title": s["title"],
                "chapter": s["chapter"],
                "minutes": int(s["minutes"]),
                "total_points": int(s["total_points"]),
            }
            for s in scenarios
        ]
    )


def typed_answers(notebook: Path, scenario: dict[str, Any]) -> dict[str, str]:
    """checkpoint id -> the letters the learner typed, read from the autograded notebook."""
    if not notebook.exists():
        return {}
    nb = nbformat.read(notebook, as_version=4)
    variables = answer_variables(scenario)
    kinds = {item["id"]: item for item in scenario["checkpoints"]}
    found: dict[str, str] = {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        cid = gid.removesuffix("-answer")
        item = kinds.get(cid)
        if not gid.endswith("-answer") or item is None or item["type"] not in CHOICE_TYPES:
            continue
        value, _ = literal_answer(cell.source, variables[cid])
        keys = "".join(o["key"] for o in item.get("options", item.get("steps", [])))
        try:
            found[cid] = ",".join(option_letters(value or "", keys))
        except AnswerFormatError:
            found[cid] = (value or "").strip().upper()[:40]
    return found


def collect_results(course: Path, scenarios: list[dict[str, Any]], db_url: str) -> pd.DataFrame:
    """Every graded checkpoint of every submission in the gradebook, as the results table."""
    rows = []
    with Gradebook(db_url) as gb:
        for s in scenarios:
            try:
                submissions = gb.assignment_submissions(s["id"])
            except MissingEntry:
                continue
            for sub in submissions:
                learner = sub.student.id
                answers = typed_answers(course / "autograded" / learner / s["id"] / f"{s['id']}.ipynb", s)
                grades = {g.name: g for nb in sub.notebooks for g in nb.grades}
                stamp = pd.Timestamp(sub.timestamp, tz="UTC") if sub.timestamp else pd.NaT
                for item in s["checkpoints"]:
                    g = grades.get(grade_name(item))
                    if g is None:
                        continue
                    pending = bool(g.needs_manual_grade) and g.manual_score is None
                    score = g.manual_score if g.manual_score is not None else g.auto_score
                    rows.append(
                        {
                            "learner_id": learner,
                            "assignment": s["id"],
                            "item_id": item["id"],
                            "item_type": item["type"],
                            "score": math.nan if pending or score is None else float(score),
                            "max_score": float(item["points"]),
                            "needs_manual": pending,
                            "answer": answers.get(item["id"], "") if item["type"] in CHOICE_TYPES else "",
                            "submitted_at": stamp,
                            "late": bool(sub.total_seconds_late and sub.total_seconds_late > 0),
                            "objectives": ";".join(item["objectives"]),
                            "skills": ";".join(item["skills"]),
                        }
                    )
    return pd.DataFrame(rows, columns=RESULTS_COLUMNS)


def write_tables(out_dir: Path, results: pd.DataFrame, items: pd.DataFrame, assignments: pd.DataFrame) -> None:
    """results.csv, items.csv and assignments.csv, each written atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in (("results", results), ("items", items), ("assignments", assignments)):
        tmp = out_dir / f".{name}.csv.tmp"
        frame.to_csv(tmp, index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
        tmp.replace(out_dir / f"{name}.csv")
