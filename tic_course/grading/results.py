"""Turn the gradebook into the tables the cohort report reads (see ``tic_course.grading.report``).

One row per learner x checkpoint, plus item and assignment tables built from the scenario files.
Learners appear by id only. For choice and ordering items the answer column holds the learner's
choice as **option ids** (for distractor analysis): the letter each option has in the scenario
file, not the letter it was shown under (the display order is shuffled; the scenarios passed in
are as released, see :mod:`tic_course.notebook.shown`). Only ids are exported: an answer that is
not a list of the item's own displayed letters is recorded as ``invalid answer``, never as the text
typed (a learner may type something private into any cell). Free text — rewrites and reflections —
is never exported: the educator reads it in formgrader, and the report needs no more than scores.
Each row carries its honest state (:mod:`tic_course.grading.states`): a score is only given for a
scored item, so an opt-out or an item awaiting the educator is never read as a zero.

Every learner string goes through :func:`tic_course.grading.safe_text.clean` before it joins a
table, and every CSV through :func:`~tic_course.grading.safe_text.csv_safe`, so a lone surrogate
cannot stop the files being written (on this run or any later one) and no cell runs as a formula.
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
from tic_course.grading.columns import CONFIDENCE_ORDER, INVALID_ANSWER, RESULTS_COLUMNS, REVIEW_QUEUE_COLUMNS
from tic_course.grading.intake.placement import read_record
from tic_course.grading.late_policy import LatePolicy
from tic_course.grading.safe_text import clean, csv_safe
from tic_course.grading.sanitise import literal_answer, reflection_text
from tic_course.grading.states import SCORED, WAITING, item_state
from tic_course.runtime.answers import AnswerFormatError, option_letters


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
    """checkpoint id -> the displayed letters the learner typed ("A,C", "" or ``invalid answer``),
    read from the autograded notebook; ``scenario`` is as released
    (:func:`tic_course.notebook.shown.as_released`), so the letters are the ones its items show.
    :func:`answer_ids` turns them into option ids for export."""
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


def written_answers(notebook: Path, scenario: dict[str, Any]) -> dict[str, str]:
    """checkpoint id -> the free text the learner wrote (rewrites, reflections), from the autograded notebook.

    Hand-marked kinds are answered in their graded markdown cell (made safe by the sanitiser, so
    read back with :func:`reflection_text`); the others in their answer cell, as the plain string
    between the quote marks (the sanitiser kept nothing else). This text is for the learner's own
    feedback and for recognising an opt-out; it is never exported.
    """
    try:
        nb = nbformat.read(notebook, as_version=4)
    except (OSError, ValueError):
        return {}
    cells = {cell.metadata.get("nbgrader", {}).get("grade_id", ""): cell for cell in nb.cells}
    found: dict[str, str] = {}
    for number, item in enumerate(scenario["checkpoints"], 1):
        kind = kind_of(item)
        if kind.lettered:
            continue
        cell = cells.get(kind.graded_cell(item) if kind.hand_marked else ids.answer_id(item["id"]))
        if cell is None:
            continue
        if kind.hand_marked:
            text = reflection_text(cell.source)
        else:
            text = literal_answer(cell.source, ids.variable(number))[0] or ""
        found[item["id"]] = text.strip()
    return found


def answer_ids(letters: str, item: dict[str, Any]) -> str:
    """Recorded displayed letters ("A,C") as option ids ("D,B"); blank and ``invalid answer`` as they are."""
    if letters in ("", INVALID_ANSWER):
        return letters
    by_letter = kind_of(item).option_ids(item)
    return ",".join(by_letter[x] for x in letters.split(","))


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


def collect_results(
    course: Path, scenarios: list[dict[str, Any]], db_url: str, late_policy: LatePolicy | None = None
) -> pd.DataFrame:
    """Every graded checkpoint of every submission in the gradebook, as the results table.

    Lateness comes from nbgrader's due date and the submission's timestamp, or from the LMS's own
    marker kept by intake (Canvas's LATE), under ``late_policy`` (default: flag only).
    """
    policy = late_policy if late_policy is not None else LatePolicy()
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
                written = written_answers(notebook, s)
                confidences = checker_confidences(notebook, s)
                grades = {g.name: g for nb in sub.notebooks for g in nb.grades}
                stamp = pd.Timestamp(sub.timestamp, tz="UTC") if sub.timestamp else pd.NaT
                marker = read_record(course, sub.student.id, s["id"]).get("lms_late")
                lateness = policy.lateness(sub.total_seconds_late, marker if isinstance(marker, bool) else None)
                for item in s["checkpoints"]:
                    kind = kind_of(item)
                    g = grades.get(kind.graded_cell(item))
                    if g is None:
                        continue
                    state = item_state(
                        needs_manual_grade=bool(g.needs_manual_grade),
                        manual_score=g.manual_score,
                        opted_out=kind.opted_out(written.get(item["id"], "")),
                    )
                    pending = state in WAITING
                    score = g.manual_score if g.manual_score is not None else g.auto_score
                    rows.append(
                        {
                            "learner_id": learner,
                            "assignment": s["id"],
                            "item_id": item["id"],
                            "item_type": item["type"],
                            "score": math.nan if state != SCORED or score is None else float(score),
                            "max_score": float(item["points"]),
                            "needs_manual": pending,
                            "answer": answer_ids(answers.get(item["id"], ""), item) if kind.lettered else "",
                            "submitted_at": stamp,
                            "late": lateness.late,
                            "late_days": lateness.days,
                            "late_penalty_percent": lateness.penalty_percent,
                            "objectives": ";".join(item["objectives"]),
                            "skills": ";".join(item["skills"]),
                            "state": state,
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
