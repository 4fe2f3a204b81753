"""Which order a released notebook shows: a scenario as its learners saw it.

Grading must read a learner's letters in the order *that notebook* showed, whatever seed or bank
is current when the grades are collected (a course may be re-released with a new seed while old
submissions are still being graded). So the results, and the tools that fill in answers, do not
re-plan the presentation: they read it back from the notebook's own locked question cells, and
check it by rendering the question again with the kind's own code.
"""

from __future__ import annotations

import itertools
from typing import Any

import nbformat

from tic_course.checkpoints import ids, kind_of
from tic_course.checkpoints.lettered import OPTION_LETTERS, LetteredKind
from tic_course.scenario.presentation import present


class ShownOrderError(Exception):
    """A notebook's question does not match its scenario in any order."""


def _question_cells(nb: nbformat.NotebookNode) -> dict[str, str]:
    found = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-question"):
            found[grade_id] = cell.source.strip()
    return found


def _order_in(question: str, number: int, item: dict[str, Any], kind: LetteredKind) -> tuple[str, ...] | None:
    """The option ids in the order ``question`` lists them, or None if no order renders it."""
    entries = item[kind.listed]
    letters = OPTION_LETTERS[: len(entries)]
    where: dict[str, list[str]] = {}
    for entry in entries:
        text = entry["text"].strip()
        where[entry["key"]] = [x for x in letters if f"**{x}.** {text}" in question]
    # Each option's text names its letter unless texts overlap; try the few combinations left.
    for combo in itertools.product(*(where[e["key"]] for e in entries)):
        if len(set(combo)) != len(combo):
            continue
        order = tuple(e["key"] for _, e in sorted(zip(combo, entries, strict=True), key=lambda p: p[0]))
        if kind.question(number, kind.presented(item, order)).strip() == question:
            return order
    return None


def as_released(nb: nbformat.NotebookNode, scenario: dict[str, Any]) -> dict[str, Any]:
    """The authored ``scenario`` with each lettered checkpoint in the order ``nb`` shows it.

    Every lettered entry of the result carries ``option_id`` (its authored key), so the letters a
    learner typed map back to option ids. Raises ShownOrderError naming the scenario and the
    checkpoint when a question cell is missing or matches no order of the authored options (the
    notebook was released from a different version of the scenario).
    """
    questions = _question_cells(nb)
    shown = present(scenario, None)
    for number, item in enumerate(scenario["checkpoints"], 1):
        kind = kind_of(item)
        if not isinstance(kind, LetteredKind):
            continue
        question = questions.get(ids.question_id(item["id"]))
        if question is None:
            raise ShownOrderError(f"{scenario['id']}: the notebook has no question cell for {item['id']!r}")
        order = _order_in(question, number, item, kind)
        if order is None:
            raise ShownOrderError(
                f"{scenario['id']}: checkpoint {item['id']!r}: the released question matches no order of "
                "the scenario's options; the notebook was released from another version of the "
                "scenario (run tic-course release again)"
            )
        shown["checkpoints"][number - 1] = kind.presented(item, order)
    return shown
