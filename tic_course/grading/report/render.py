"""The report page: prepared tables and statistics in, one self-contained HTML string out.

Rendering goes through Jinja2 templates (``templates/``) with autoescaping on, so every value that
came from learners or scenario files (learner ids, answers, titles, tags, the cohort name) is
escaped by the template engine; this module builds no markup and marks nothing safe. The page
needs nothing from outside itself (inline CSS, charts as inline PNG, no scripts, no external
URLs), so it can be e-mailed or archived with a training record and still open years later.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from jinja2 import Environment

from tic_course.grading import states
from tic_course.grading.item_analysis import FLAG_EASY, FLAG_HARD, FLAG_NEGATIVE, TOO_EASY, TOO_HARD
from tic_course.grading.report.charts import Chart, mastery_chart
from tic_course.grading.report.glance import Glance
from tic_course.grading.report.palette import PALETTE
from tic_course.grading.report.tables import (
    CompletionCell,
    Flags,
    ModuleHeading,
    Table,
    completion_matrix,
    distractor_items,
    item_table,
    mastery_table,
    module_table,
    summary_table,
)
from tic_course.html_templates import html_environment

PAGE_TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class MasteryBlock:
    """One mastery table with its chart (None when no tag has a percentage yet)."""

    noun: str
    table: Table
    chart: Chart | None


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment for the report templates (built once, it caches compiled templates).

    Autoescaping is on for every template, the CSS included, because all of them end up inside
    the HTML page. StrictUndefined turns a misspelt variable into an error instead of a silently
    empty cell. The tests let the cell macro tell the typed cells of
    :mod:`~tic_course.grading.report.tables` apart without building markup in Python.
    """
    env = html_environment("tic_course.grading.report")
    env.tests["completion_cell"] = lambda value: isinstance(value, CompletionCell)
    env.tests["module_heading"] = lambda value: isinstance(value, ModuleHeading)
    env.tests["flags"] = lambda value: isinstance(value, Flags)
    env.globals["states"] = states  # the honest states, worded as on the learner's page
    return env


def _mastery_block(
    table: pd.DataFrame, label: str, noun: str, texts: Mapping[str, str] | None = None
) -> MasteryBlock:
    return MasteryBlock(
        noun=noun, table=mastery_table(table, label, noun, texts), chart=mastery_chart(table, label, noun)
    )


def render_html(
    *,
    cohort_name: str,
    generated_at: datetime,
    completion: pd.DataFrame,
    assignments: pd.DataFrame,
    objectives: pd.DataFrame,
    skills: pd.DataFrame,
    stats: pd.DataFrame,
    options: pd.DataFrame,
    others: pd.DataFrame,
    glance: Glance,
    objective_texts: Mapping[str, str] | None = None,
    extra_includes: Sequence[str] = (),
) -> str:
    """The whole report page as one string (no external resources, no scripts).

    The same inputs and ``generated_at`` give the same bytes, so a report can be regenerated
    and compared. ``extra_includes`` names further templates of this package, rendered with the
    same context after the detailed sections (a place for later sections, such as a late policy).
    """
    context = {
        "cohort_name": cohort_name,
        "generated": generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "palette": PALETTE,
        "summary": summary_table(completion, assignments),
        "completion": completion_matrix(completion, assignments),
        "modules": module_table(completion, assignments),
        "mastery": [
            _mastery_block(objectives, "objective", "learning objective", objective_texts),
            _mastery_block(skills, "skill", "skill"),
        ],
        "items": item_table(stats),
        "flags": {
            "easy": FLAG_EASY,
            "hard": FLAG_HARD,
            "negative": FLAG_NEGATIVE,
            "too_easy": TOO_EASY,
            "too_hard": TOO_HARD,
        },
        "distractors": distractor_items(options, others),
        "learners": completion["learner_id"].nunique(),
        "glance": glance,
        "extra_includes": list(extra_includes),
    }
    return environment().get_template(PAGE_TEMPLATE).render(context)
