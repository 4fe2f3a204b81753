"""Turn the gradebook into the tables the cohort report reads (see ``tic_course.grading.report``).

One row per learner x checkpoint, plus item and assignment tables built from the scenario files.
Learners appear by id only. The learner's answer is kept for choice and ordering items (for
distractor analysis) as **option ids** — the letter each option has in the scenario file, not the
letter it was shown under (the display order is shuffled; the scenarios passed in are as released,
see :mod:`tic_course.notebook.shown`); free text — rewrites and reflections — is never exported.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
from nbgrader.api import Gradebook, MissingEntry

from tic_course import atomic
from tic_course.checkpoints import ids, kind_of
from tic_course.checkpoints.lettered import option_id
from tic_course.grading.columns import RESULTS_COLUMNS
from tic_course.grading.sanitise import literal_answer


def items_table(scenarios: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per checkpoint: its kind, points, tags, option ids and key by option id (instructor-only)."""
    rows = []
    for s in scenarios:
        for item in s["checkpoints"]:
            kind = kind_of(item)
            rows.append(
                {
                    "assignment": s["id"],
                    "item_id": item["id"],
                    "item_type": item["type"],
                    "max_score": float(item["points"]),
                    "objectives": ";".join(item["objectives"]),
                    "skills": ";".join(item["skills"]),
                    "options": "".join(sorted(kind.option_ids(item).values())),
                    "correct": kind.key_ids(item),
                    "option_texts": _option_texts(kind, item),
                }
            )
    return pd.DataFrame(rows)


def _option_texts(kind: Any, item: dict[str, Any]) -> str:
    """{option id: text} as JSON, so the report can show what each option said."""
    if not kind.lettered:
        return ""
    texts = {option_id(o): o["text"].strip() for o in item[kind.listed]}
    return json.dumps(dict(sorted(texts.items())), ensure_ascii=False)


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
    """checkpoint id -> the option ids the learner chose (typed as displayed letters), read from the
    autograded notebook; ``scenario`` is as released (:func:`tic_course.notebook.shown.as_released`)."""
    if not notebook.exists():
        return {}
    nb = nbformat.read(notebook, as_version=4)
    lettered = {
        item["id"]: (ids.variable(number), item)
        for number, item in enumerate(scenario["checkpoints"], 1)
        if kind_of(item).lettered
    }
    found: dict[str, str] = {}
    for cell in nb.cells:
        cid = ids.checkpoint_of_answer(cell.metadata.get("nbgrader", {}).get("grade_id", ""))
        if cid not in lettered:
            continue
        variable, item = lettered[cid]
        value, _ = literal_answer(cell.source, variable)
        found[cid] = kind_of(item).answer_ids(value or "", item)
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
                    kind = kind_of(item)
                    g = grades.get(kind.graded_cell(item))
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
                            "answer": answers.get(item["id"], "") if kind.lettered else "",
                            "submitted_at": stamp,
                            "late": bool(sub.total_seconds_late and sub.total_seconds_late > 0),
                            "objectives": ";".join(item["objectives"]),
                            "skills": ";".join(item["skills"]),
                        }
                    )
    return pd.DataFrame(rows, columns=RESULTS_COLUMNS)


def write_tables(out_dir: Path, results: pd.DataFrame, items: pd.DataFrame, assignments: pd.DataFrame) -> None:
    """results.csv, items.csv and assignments.csv, each written atomically."""
    for name, frame in (("results", results), ("items", items), ("assignments", assignments)):
        atomic.write_text(out_dir / f"{name}.csv", frame.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%SZ"))
