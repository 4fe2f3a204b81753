"""Turn the gradebook into the tables the cohort report reads (see ``tic_course.grading.report``).

One row per learner x checkpoint, plus item and assignment tables built from the scenario files.
Learners appear by id only. For choice and ordering items the answer column holds the option
letters the learner typed (for distractor analysis), and only letters: an answer that is not a
list of the item's own option keys is recorded as ``invalid answer``, never as the text typed
(a learner may type something private into any cell). Free text — rewrites and reflections — is
never exported: the educator reads it in formgrader, and the report needs no more than scores.

Every learner string goes through :func:`tic_course.grading.safe_text.clean` before it joins a
table, and every CSV through :func:`~tic_course.grading.safe_text.csv_safe`, so a lone surrogate
cannot stop the files being written (on this run or any later one) and no cell runs as a formula.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
from nbgrader.api import Gradebook, MissingEntry

from tic_course import atomic
from tic_course.checkpoints import ids, kind_of
from tic_course.grading.columns import CONFIDENCE_ORDER, INVALID_ANSWER, RESULTS_COLUMNS, REVIEW_QUEUE_COLUMNS
from tic_course.grading.safe_text import clean, csv_safe
from tic_course.grading.sanitise import literal_answer
from tic_course.runtime.answers import AnswerFormatError, option_letters


def items_table(scenarios: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per checkpoint: its kind, points, tags, option letters and key (instructor-only)."""
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
                    "options": kind.option_keys(item),
                    "correct": kind.key(item),
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


def recorded_letters(value: str | None, options: str) -> str:
    """How the results table records a lettered answer: "A,C", "" when blank, else INVALID_ANSWER.

    The letters are read exactly as the scoring reads them. More letters than the item has
    options is not a way of answering any lettered kind, so it is invalid too, which also keeps
    the exported cell short.
    """
    if value is None or not value.strip():
        return ""
    try:
        letters = option_letters(value, options)
    except AnswerFormatError:
        return INVALID_ANSWER
    if not letters:  # only separators, such as ", ": the scoring says "No answer given."
        return ""
    return ",".join(letters) if len(letters) <= len(options) else INVALID_ANSWER


def typed_answers(notebook: Path, scenario: dict[str, Any]) -> dict[str, str]:
    """checkpoint id -> the letters the learner typed, read from the autograded notebook."""
    try:
        nb = nbformat.read(notebook, as_version=4)
    except (OSError, ValueError):  # missing, unreadable or not JSON: the scores stand, the letters are unknown
        return {}
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
        found[cid] = recorded_letters(value, kind_of(item).option_keys(item))
    return found


def checker_confidences(notebook: Path, scenario: dict[str, Any]) -> dict[str, str]:
    """checkpoint id -> how sure the automatic reading of a free-text answer is (never the text).

    Only kinds that read free text automatically answer (``kind.checker_confidence``); the
    answer is read from the autograded notebook exactly as the sanitiser reads it.
    """
    try:
        nb = nbformat.read(notebook, as_version=4)
    except (OSError, ValueError):
        return {}
    items = {item["id"]: (ids.variable(number), item) for number, item in enumerate(scenario["checkpoints"], 1)}
    found: dict[str, str] = {}
    for cell in nb.cells:
        cid = ids.checkpoint_of_answer(cell.metadata.get("nbgrader", {}).get("grade_id", ""))
        if cid not in items:
            continue
        variable, item = items[cid]
        value, _ = literal_answer(cell.source, variable)
        level = kind_of(item).checker_confidence(item, value or "")
        if level:
            found[cid] = level
    return found


def review_queue(results: pd.DataFrame) -> pd.DataFrame:
    """The automatically read free-text answers, least sure first, for the educator to read in order."""
    queue = results[results["checker_confidence"].isin(CONFIDENCE_ORDER)].copy()
    rank = {level: i for i, level in enumerate(CONFIDENCE_ORDER)}
    queue["rank"] = queue["checker_confidence"].map(rank)
    queue = queue.sort_values(["rank", "assignment", "item_id", "learner_id"], kind="stable")
    return queue.loc[:, REVIEW_QUEUE_COLUMNS].reset_index(drop=True)


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
                learner = clean(sub.student.id)
                notebook = course / "autograded" / sub.student.id / s["id"] / f"{s['id']}.ipynb"
                answers = typed_answers(notebook, s)
                confidences = checker_confidences(notebook, s)
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
                            "checker_confidence": confidences.get(item["id"], ""),
                        }
                    )
    return pd.DataFrame(rows, columns=RESULTS_COLUMNS)


def write_tables(out_dir: Path, results: pd.DataFrame, items: pd.DataFrame, assignments: pd.DataFrame) -> None:
    """results.csv, items.csv, assignments.csv and review_queue.csv, atomically and spreadsheet-safe."""
    queue = review_queue(results)
    for name, frame in (("results", results), ("items", items), ("assignments", assignments), ("review_queue", queue)):
        text = csv_safe(frame).to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
        atomic.write_text(out_dir / f"{name}.csv", text)
