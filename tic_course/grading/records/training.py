"""The training record and the "who has not submitted" lists, as tables.

One row per roster learner x module, learners who never started included, because a hospital's
record must show who is missing as plainly as who passed. A module's status combines its
scenarios (each assignment's honest state comes from :mod:`tic_course.grading.states` through
the report's completion table), first rule that applies wins:

1. ``not_submitted``: at least one of the module's scenarios has not been handed in;
2. ``needs_regrading``: a scenario was resubmitted after the educator marked it by hand;
3. ``awaiting_marking``: a hand-marked item is not marked yet;
4. ``passed`` / ``not_passed``: everything is marked, and the module's score (points scored over
   points available, summed over its scenarios, opted-out items left out of both as the course
   promises) reaches the module's pass mark, or does not.

Score, date completed and CPD minutes are only given once the status is final (passed or not
passed): a provisional score in an HR system would read as a result.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from tic_course.grading.records.modules import Module
from tic_course.grading.roster import Roster

NOT_SUBMITTED, AWAITING, NEEDS_REGRADING, PASSED, NOT_PASSED = (
    "not_submitted", "awaiting_marking", "needs_regrading", "passed", "not_passed")
STATUSES = (NOT_SUBMITTED, AWAITING, NEEDS_REGRADING, PASSED, NOT_PASSED)
FINAL = (PASSED, NOT_PASSED)

TRAINING_RECORD_COLUMNS = [
    "learner_id", "name", "email", "course_code", "module_code", "module_title", "status",
    "score_percent", "pass_mark", "date_completed", "cpd_minutes",
]
NON_SUBMITTER_COLUMNS = ["name", "email", "learner_id", "module_code", "module_title", "not_submitted", "due_date"]


def _iso(ts: pd.Timestamp | datetime | None, zone: ZoneInfo) -> str:
    if ts is None or pd.isna(ts):
        return ""
    stamp = pd.Timestamp(ts)
    if stamp.tzinfo is None:  # nbgrader keeps due dates as naive UTC
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert(zone).isoformat(timespec="seconds")


def module_status(rows: pd.DataFrame, module: Module) -> tuple[str, float | None, pd.Timestamp | None]:
    """(status, score %, completed at) of one learner's module from their completion rows."""
    by_assignment = rows.set_index("assignment")
    submitted = [a for a in module.assignments if a in by_assignment.index and by_assignment.at[a, "submitted"]]
    if len(submitted) < len(module.assignments):
        return NOT_SUBMITTED, None, None
    mine = by_assignment.loc[list(module.assignments)]
    if int(mine["regrade"].sum()):
        return NEEDS_REGRADING, None, None
    if int(mine["pending"].sum()):
        return AWAITING, None, None
    available = float(mine["max_score"].sum())
    # Everything opted out: the course's rule gives an opt-out full credit, so nothing is lost.
    percent = round(100 * float(mine["score"].sum()) / available, 2) if available > 0 else 100.0
    status = PASSED if percent >= module.pass_mark else NOT_PASSED
    return status, percent, mine["submitted_at"].max()


def training_record(
    roster: Roster, completion: pd.DataFrame, modules: list[Module], *, course_code: str, timezone: str
) -> pd.DataFrame:
    """One row per roster learner x module, in roster order then module order."""
    zone = ZoneInfo(timezone)
    groups = {learner: rows for learner, rows in completion.groupby("learner_id", sort=False)}
    empty = completion.iloc[0:0]
    rows = []
    for learner in roster.learners:
        mine = groups.get(learner.learner_id, empty)
        for module in modules:
            status, percent, completed = module_status(mine, module)
            final = status in FINAL
            rows.append([
                learner.learner_id, learner.name, learner.email, course_code, module.code, module.title, status,
                percent if final else None, module.pass_mark, _iso(completed, zone) if final else "",
                module.minutes if final else 0,
            ])
    return pd.DataFrame(rows, columns=TRAINING_RECORD_COLUMNS)


def non_submitters(
    record: pd.DataFrame,
    completion: pd.DataFrame,
    modules: list[Module],
    titles: Mapping[str, str],
    due_dates: Mapping[str, datetime],
    *,
    timezone: str,
) -> pd.DataFrame:
    """One row per learner x module not handed in: who to remind, of what, and by when.

    ``not_submitted`` lists the titles of the module's scenarios still missing; ``due_date`` is
    the earliest due date among them (empty when no due date is set in the gradebook).
    """
    zone = ZoneInfo(timezone)
    handed = set(zip(completion.loc[completion["submitted"], "learner_id"],
                     completion.loc[completion["submitted"], "assignment"], strict=True))
    by_code = {m.code: m for m in modules}
    rows = []
    for row in record[record["status"] == NOT_SUBMITTED].itertuples(index=False):
        module = by_code[row.module_code]
        missing = [a for a in module.assignments if (row.learner_id, a) not in handed]
        dues = [due_dates[a] for a in missing if due_dates.get(a) is not None]
        rows.append([row.name, row.email, row.learner_id, row.module_code, row.module_title,
                     "; ".join(titles.get(a, a) for a in missing), _iso(min(dues), zone) if dues else ""])
    return pd.DataFrame(rows, columns=NON_SUBMITTER_COLUMNS)
