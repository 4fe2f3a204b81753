"""The report's tables: completion, the CSV exports, and the rows the page shows.

The statistics themselves live in :mod:`tic_course.grading.item_analysis`; this module shapes
prepared inputs and those statistics into tables. The page tables hold display values (already
formatted numbers, words instead of booleans) and, where a cell means more than its text, a small
typed cell (:class:`CompletionCell`, :class:`ModuleHeading`, :class:`Flags`) that the templates
render. No markup is built here, so nothing here can bypass the templates' escaping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from tic_course.grading.item_analysis import graded_mask
from tic_course.grading.states import NEEDS_REGRADING, OPTED_OUT, WAITING

COMPLETION_COLUMNS = [
    "learner_id",
    "assignment",
    "submitted",
    "complete",
    "score",
    "max_score",
    "percent",
    "late",
    "submitted_at",
]
COUNT_COLUMNS = ["pending", "opted_out", "regrade"]
"""Per-submission counts of items by honest state (tic_course.grading.states); not written to CSV."""


# ---------------------------------------------------------------------------------------------
# Data tables (also written as CSV)


def completion_table(
    results: pd.DataFrame, assignments: pd.DataFrame, learners: Sequence[str] = ()
) -> pd.DataFrame:
    """One row per learner x assignment: submitted, complete, score over graded items, late.

    score and max_score sum the graded items only, so a reflection awaiting its manual grade or
    opted out neither counts as zero nor inflates the maximum; ``pending`` (not written to CSV)
    counts the items still waiting, including those that need regrading after a resubmission
    (``regrade``), and ``opted_out`` the opt-outs. Complete means submitted with nothing waiting.
    ``learners`` (the class list) adds rows for learners who have submitted nothing.
    """
    learners = sorted({*results["learner_id"].unique(), *learners})
    grid = pd.MultiIndex.from_product(
        [learners, list(assignments["assignment"])], names=["learner_id", "assignment"]
    ).to_frame(index=False)
    rows = results.assign(graded=graded_mask(results))
    rows["graded_score"] = rows["score"].where(rows["graded"], 0.0)
    rows["graded_max"] = rows["max_score"].where(rows["graded"], 0.0)
    rows["waiting"] = rows["state"].isin(WAITING)
    rows["opted"] = rows["state"] == OPTED_OUT
    rows["regrade"] = rows["state"] == NEEDS_REGRADING
    per = (
        rows.groupby(["learner_id", "assignment"], sort=False)
        .agg(
            score=("graded_score", "sum"),
            max_score=("graded_max", "sum"),
            pending=("waiting", "sum"),
            opted_out=("opted", "sum"),
            regrade=("regrade", "sum"),
            late=("late", "any"),
            submitted_at=("submitted_at", "max"),
        )
        .reset_index()
    )
    per["submitted"] = True
    table = grid.merge(per, on=["learner_id", "assignment"], how="left")
    table["submitted"] = table["submitted"].fillna(False).astype(bool)
    for count in ("pending", "opted_out", "regrade"):
        table[count] = table[count].fillna(0).astype(int)
    table["late"] = table["late"].fillna(False).astype(bool)
    table["complete"] = table["submitted"] & (table["pending"] == 0)
    table["score"] = table["score"].astype(float).round(2)
    table["max_score"] = table["max_score"].astype(float).round(2)
    positive = table["max_score"].where(table["max_score"] > 0)
    table["percent"] = (100 * table["score"] / positive).round(2)
    table["submitted_at"] = pd.to_datetime(table["submitted_at"], utc=True)
    return table[[*COMPLETION_COLUMNS, *COUNT_COLUMNS]]


def _iso(ts: pd.Timestamp) -> str:
    return "" if pd.isna(ts) else ts.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _rounded(df: pd.DataFrame, columns: Sequence[str], places: int) -> pd.DataFrame:
    out = df.copy()
    for column in columns:
        out[column] = out[column].astype(float).round(places)
    return out


def csv_exports(
    *,
    completion: pd.DataFrame,
    objectives: pd.DataFrame,
    skills: pd.DataFrame,
    stats: pd.DataFrame,
    options: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """{file name: table} for the CSV files, rounded so a spreadsheet shows stable figures.

    Timestamps are written as ISO 8601 UTC text ("Z") so a training-record import does not have
    to guess a time zone; the internal ``pending`` count is left out of completion.csv.

    There is deliberately no per-learner "compliance" summary: whether a learner has done a
    module is the training record's question (:mod:`tic_course.grading.records`), answered once,
    per chapter module at its pass mark. A second file that counted graded work as done disagreed
    with it, and a training lead cannot tell which of two records to believe.
    """
    completion_out = completion[COMPLETION_COLUMNS].copy()
    completion_out["submitted_at"] = completion_out["submitted_at"].map(_iso)
    return {
        "completion.csv": completion_out,
        "mastery_objectives.csv": _rounded(objectives, ["percent"], 2),
        "mastery_skills.csv": _rounded(skills, ["percent"], 2),
        "item_analysis.csv": _rounded(stats, ["difficulty", "point_biserial", "upper_lower_d"], 4),
        "distractors.csv": _rounded(options, ["percent"], 2),
    }


# ---------------------------------------------------------------------------------------------
# Page tables: display values and typed cells for the templates


@dataclass(frozen=True)
class CompletionCell:
    """One learner's state in one module, rendered as percent, complete or waiting, and late."""

    submitted: bool
    percent: str = ""
    complete: bool = False
    pending: int = 0
    late: bool = False
    regrade: int = 0
    opted_out: int = 0


@dataclass(frozen=True)
class ModuleHeading:
    """A column heading for a module: its title, with its id underneath."""

    title: str
    assignment: str


@dataclass(frozen=True)
class Flags:
    """An item's flags, shown in the flag colour (the words carry the meaning, not the colour)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A captioned table whose first column holds row headers (rendered by the ``table`` macro)."""

    caption: str
    header: list[object]
    rows: list[list[object]]
    empty: str = "No data yet."  # what the table says when it has no rows


@dataclass(frozen=True)
class DistractorItem:
    """One choice item's option table plus the entries that matched no option (entry, count)."""

    table: Table
    others: list[tuple[str, int]] = field(default_factory=list)


def pct(value: float | None, places: int = 1) -> str:
    """A percentage for the page, "n/a" when there is none (nothing graded yet)."""
    return "n/a" if value is None or pd.isna(value) else f"{value:.{places}f}%"


def num(value: float | None, places: int = 2) -> str:
    """A statistic for the page, "n/a" when it is undefined."""
    return "n/a" if value is None or pd.isna(value) else f"{value:.{places}f}"


def summary_table(completion: pd.DataFrame, assignments: pd.DataFrame) -> Table:
    """Cohort-wide counts; submissions, not learners, are the unit of the score mean."""
    submitted = completion[completion["submitted"]]
    rows: list[list[object]] = [
        ["Learners", completion["learner_id"].nunique()],
        ["Modules", len(assignments)],
        ["Submissions", len(submitted)],
        ["Complete submissions", int(submitted["complete"].sum())],
        ["Submissions with a provisional total (items awaiting manual grading)", int((submitted["pending"] > 0).sum())],
        ["Submissions that need regrading (resubmitted after manual grading)", int((submitted["regrade"] > 0).sum())],
        ["Items opted out, not scored", int(submitted["opted_out"].sum())],
        ["Late submissions", int(submitted["late"].sum())],
        ["Mean score", pct(submitted["percent"].mean())],
    ]
    return Table("Cohort summary", ["Measure", "Value"], rows)


def _completion_cell(row: pd.Series) -> CompletionCell:
    if not row["submitted"]:
        return CompletionCell(submitted=False)
    return CompletionCell(
        submitted=True,
        percent=pct(row["percent"]),
        complete=bool(row["complete"]),
        pending=int(row["pending"]),
        late=bool(row["late"]),
        regrade=int(row["regrade"]),
        opted_out=int(row["opted_out"]),
    )


def completion_matrix(completion: pd.DataFrame, assignments: pd.DataFrame) -> Table:
    """Learners as rows, modules as columns, each cell a :class:`CompletionCell`."""
    modules = list(assignments["assignment"])
    header: list[object] = [
        "Learner",
        *[ModuleHeading(title=t, assignment=a) for a, t in zip(modules, assignments["title"], strict=True)],
        "Modules complete",
    ]
    rows: list[list[object]] = []
    for learner, group in completion.groupby("learner_id", sort=True):
        cells = {r["assignment"]: _completion_cell(r) for _, r in group.iterrows()}
        rows.append([learner, *[cells[a] for a in modules], f"{int(group['complete'].sum())} of {len(modules)}"])
    return Table("Score and completion per learner (rows) and module (columns)", header, rows)


def module_table(completion: pd.DataFrame, assignments: pd.DataFrame) -> Table:
    """One row per module: how many submitted, completed and were late, and the mean score."""
    rows: list[list[object]] = []
    for a, t, minutes in zip(assignments["assignment"], assignments["title"], assignments["minutes"], strict=True):
        sub = completion[(completion["assignment"] == a) & completion["submitted"]]
        rows.append(
            [a, t, minutes, len(sub), int(sub["complete"].sum()), int(sub["late"].sum()), pct(sub["percent"].mean())]
        )
    return Table("Per module", ["Module", "Title", "Minutes", "Submitted", "Complete", "Late", "Mean score"], rows)


def mastery_table(table: pd.DataFrame, label: str, noun: str, texts: Mapping[str, str] | None = None) -> Table:
    """A mastery table (from :func:`~tic_course.grading.item_analysis.mastery`) for the page.

    ``texts`` gives a tag's words (a learning objective as its chapter states it), shown with the
    code after it, so an educator reads what was learnt rather than ``con-2``.
    """
    texts = texts or {}
    rows: list[list[object]] = [
        [
            f"{texts[r[label]]} ({r[label]})" if r[label] in texts else r[label],
            pct(r["percent"]),
            f"{r['score']:g} / {r['max_score']:g}",
            r["learners"],
            r["items"],
        ]
        for _, r in table.iterrows()
    ]
    return Table(f"Mastery per {noun}", [noun.capitalize(), "Mastery", "Points", "Learners", "Items"], rows)


def item_table(stats: pd.DataFrame) -> Table:
    """The item statistics for the page; the Ranked column says why an item was left out."""
    rows: list[list[object]] = []
    for _, r in stats.iterrows():
        d = num(r["upper_lower_d"])
        ranked = f"excluded: {r['discrimination_excluded']}" if r["discrimination_excluded"] else r["discrimination_n"]
        rows.append(
            [
                r["item_id"],
                r["assignment"],
                r["item_type"].replace("_", " "),
                r["n"],
                num(r["difficulty"]),
                num(r["point_biserial"]),
                f"{d} (g = {r['group_size']})" if r["group_size"] else d,
                ranked,
                Flags(r["flags"]) if r["flags"] else "",
            ]
        )
    header: list[object] = [
        "Item",
        "Module",
        "Type",
        "n",
        "Difficulty p",
        "Point-biserial r",
        "Upper–lower D",
        "Ranked",
        "Flags",
    ]
    return Table("Item statistics", header, rows)


def distractor_items(options: pd.DataFrame, others: pd.DataFrame) -> list[DistractorItem]:
    """One option table per choice item, in the order of the statistics, with its stray entries."""
    found = []
    for (assignment, item_id), group in options.groupby(["assignment", "item_id"], sort=False):
        first = group.iloc[0]
        rows: list[list[object]] = [
            [r["option"], r["text"], "correct" if r["correct"] else "distractor", r["count"], pct(r["percent"])]
            for _, r in group.iterrows()
        ]
        caption = (
            f"{item_id} ({assignment}, {first['item_type'].replace('_', ' ')}): {first['submissions']} submissions"
        )
        extra = others[(others["assignment"] == assignment) & (others["item_id"] == item_id)]
        found.append(
            DistractorItem(
                table=Table(caption, ["Option id", "Option text", "Key", "Count", "Percent"], rows),
                others=list(zip(extra["entry"], extra["count"], strict=True)),
            )
        )
    return found
