"""The report's first screen: what an educator needs in two minutes, before the detail.

Four questions, each answered by one small table: how far each module has got (completion and
pass rate), which items look wrong (the item-analysis flags), which learners need a word
(nothing handed in, below the pass mark, work to mark again), and what has not been graded and
why (files rejected at intake, hand-marking still to do, regrading after a resubmission,
rewrites the checker read with low confidence, submitters not on the class list). With a class
list, learners who never submitted count in every denominator and are named per module.

As in :mod:`.tables`, cells are plain values or typed cells; no markup is built here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from tic_course.grading.report.tables import Flags, Table, num, pct

LOW_CONFIDENCE = ("none", "low")
"""Checker confidences an educator should read first (``review_queue.csv`` order)."""


@dataclass(frozen=True)
class Glance:
    """The first screen's tables, and the long lists that sit in collapsible sections."""

    modules: Table
    flagged: Table
    attention: Table
    not_graded: Table
    missing: list[tuple[str, list[str]]] = field(default_factory=list)  # (module title, learner ids)
    rejected: Table | None = None
    strangers: Table | None = None


def _reached(completion: pd.DataFrame, marks: Mapping[str, float]) -> pd.Series:
    """Rows whose percentage reaches their module's pass mark (False where there is none yet)."""
    return completion["percent"].fillna(-1) >= completion["assignment"].map(marks).astype(float)


def module_glance(completion: pd.DataFrame, assignments: pd.DataFrame, marks: Mapping[str, float]) -> Table:
    """Per module: learners, submitted, complete and passed, with completion and pass rates."""
    learners = completion["learner_id"].nunique()
    passed = completion["complete"] & _reached(completion, marks)
    rows: list[list[object]] = []
    for a, title in zip(assignments["assignment"], assignments["title"], strict=True):
        mine = completion["assignment"] == a
        done, ok = int((mine & completion["complete"]).sum()), int((mine & passed).sum())
        rows.append([title, learners, int((mine & completion["submitted"]).sum()), done,
                     pct(100 * done / learners if learners else None, 0), f"{marks[a]:g}%", ok,
                     pct(100 * ok / learners if learners else None, 0)])
    header = ["Module", "Learners", "Submitted", "Complete", "Completion", "Pass mark", "Passed", "Pass rate"]
    return Table("Completion and pass rate per module", header, rows)


def flagged_items(stats: pd.DataFrame) -> Table:
    """Items the statistics flag (too easy, too hard, negatively discriminating)."""
    rows: list[list[object]] = [
        [r["item_id"], r["assignment"], Flags(r["flags"]), num(r["difficulty"])]
        for _, r in stats.iterrows()
        if r["flags"]
    ]
    return Table("Items flagged by the item analysis (details under Item analysis)",
                 ["Item", "Module", "Flags", "Difficulty p"], rows, empty="No item is flagged.")


def learners_needing_attention(
    completion: pd.DataFrame, assignments: pd.DataFrame, marks: Mapping[str, float]
) -> Table:
    """Learners with nothing handed in, a complete module below the pass mark, or work to regrade."""
    titles = dict(zip(assignments["assignment"], assignments["title"], strict=True))
    rows: list[list[object]] = []
    below_mark = completion["complete"] & ~_reached(completion, marks)
    for learner, group in completion.groupby("learner_id", sort=True):
        reasons = []
        if not group["submitted"].any():
            reasons.append("nothing submitted")
        below = group[below_mark[group.index]]
        if len(below):
            reasons.append("below the pass mark in " + "; ".join(titles[a] for a in below["assignment"]))
        regrade = group[group["regrade"] > 0]
        if len(regrade):
            reasons.append("needs regrading in " + "; ".join(titles[a] for a in regrade["assignment"]))
        if reasons:
            rows.append([learner, ", ".join(reasons)])
    return Table("Learners needing attention", ["Learner", "Why"], rows, empty="No learner needs attention.")


def not_graded(
    completion: pd.DataFrame,
    results: pd.DataFrame,
    rejected: Sequence[tuple[str, str]],
    strangers: Mapping[str, Sequence[str]],
) -> Table:
    """What has not been graded (or not finally), and why, with what to do about it."""
    submitted = completion[completion["submitted"]]
    low = results[results["checker_confidence"].isin(LOW_CONFIDENCE)]
    rows: list[list[object]] = [
        ["Files rejected at intake", len(rejected),
         "listed below and by the grade command; ask the learner to resubmit"],
        ["Submissions awaiting marking", int(((submitted["pending"] - submitted["regrade"]) > 0).sum()),
         "hand-marked items to mark in formgrader; totals are provisional until then"],
        ["Submissions needing regrading", int((submitted["regrade"] > 0).sum()),
         "resubmitted after you marked them by hand; mark them again"],
        ["Rewrites read with low confidence", len(low),
         "the checker was unsure: read these first (review_queue.csv)"],
        ["Submitters not on the class list", len(strangers), "not graded; add them to the class list and grade again"],
    ]
    return Table("Not graded yet, and why", ["What", "How many", "What to do"], rows)


def missing_per_module(completion: pd.DataFrame, assignments: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(module title, ids of learners who have not submitted it), for modules someone is missing."""
    out = []
    for a, title in zip(assignments["assignment"], assignments["title"], strict=True):
        ids = sorted(completion.loc[(completion["assignment"] == a) & ~completion["submitted"], "learner_id"])
        if ids:
            out.append((title, ids))
    return out


def glance(
    completion: pd.DataFrame,
    assignments: pd.DataFrame,
    results: pd.DataFrame,
    stats: pd.DataFrame,
    *,
    marks: Mapping[str, float],
    rejected: Sequence[tuple[str, str]] = (),
    strangers: Mapping[str, Sequence[str]] | None = None,
) -> Glance:
    strangers = strangers or {}
    return Glance(
        modules=module_glance(completion, assignments, marks),
        flagged=flagged_items(stats),
        attention=learners_needing_attention(completion, assignments, marks),
        not_graded=not_graded(completion, results, rejected, strangers),
        missing=missing_per_module(completion, assignments),
        rejected=Table("Files rejected at intake", ["File", "Reason"], [list(r) for r in rejected])
        if rejected
        else None,
        strangers=Table("Submitters not on the class list (not graded)", ["Learner", "Handed in"],
                        [[k, "; ".join(v)] for k, v in sorted(strangers.items())]) if strangers else None,
    )
