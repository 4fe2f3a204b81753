"""The educators' cohort report: completion, mastery, item analysis and distractors.

Educators get one self-contained HTML page (inline CSS, charts as inline PNG, no scripts, no
external URLs, so it can be e-mailed or archived with a training record and still open years
later) plus CSV files for spreadsheets and the hospital's training-record system.

Privacy is designed in rather than checked afterwards: the input tables are cut down to their
documented columns before anything else runs, so a column that should never have been exported
(a name, reflection text) cannot reach a report; learners appear by id only; and every value that
came from learners or scenario files is HTML-escaped.

Run ``python -m tic_course.grading.report DIR --out OUT`` on a folder holding ``results.csv``,
``items.csv`` and ``assignments.csv`` (see ``--help``), or call :func:`write_report`.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tic_course.grading.item_analysis import (
    FLAG_EASY,
    FLAG_HARD,
    FLAG_NEGATIVE,
    TOO_EASY,
    TOO_HARD,
    distractors,
    graded_mask,
    item_statistics,
    mastery,
)

RESULTS_COLUMNS = ["learner_id", "assignment", "item_id", "item_type", "score", "max_score",
                   "needs_manual", "answer", "submitted_at", "late", "objectives", "skills"]
ITEMS_COLUMNS = ["assignment", "item_id", "item_type", "max_score", "objectives", "skills",
                 "options", "correct"]
ASSIGNMENTS_COLUMNS = ["assignment", "title", "chapter", "minutes", "total_points"]
ITEM_TYPES = ("single_choice", "multiple_select", "ordering", "rewrite", "reflection")
FREE_TEXT_TYPES = ("rewrite", "reflection")

COMPLETION_COLUMNS = ["learner_id", "assignment", "submitted", "complete", "score", "max_score",
                      "percent", "late", "submitted_at"]
COMPLIANCE_COLUMNS = ["learner_id", "modules_completed", "modules", "last_completed", "hours"]
INPUT_FILES = {"results": "results.csv", "items": "items.csv", "assignments": "assignments.csv"}
REPORT_HTML = "report.html"

# Colours: every text pair meets WCAG AA (4.5:1) and the bar colour meets the 3:1 rule for
# graphics against white; tests check the ratios. Meaning never rests on colour alone.
TEXT = "#1a1a1a"
BACKGROUND = "#ffffff"
MUTED = "#4d4d4d"
HEADER_BG = "#e6edf5"
FLAG = "#8a1c1c"
LATE_FG = "#6b3d00"
LATE_BG = "#fff1d0"
DONE = "#1e5e2e"
BAR = "#1f5f99"
TEXT_PAIRS = [(TEXT, BACKGROUND), (MUTED, BACKGROUND), (TEXT, HEADER_BG), (FLAG, BACKGROUND),
              (LATE_FG, LATE_BG), (DONE, BACKGROUND)]
GRAPHIC_PAIRS = [(BAR, BACKGROUND)]


class ReportError(Exception):
    """A problem the user can fix (bad input, unsafe output folder); the CLI prints it plainly."""


class ReportInputError(ReportError):
    """An input table is missing, lacks a column, or holds a value of the wrong kind."""


class ReportOutputError(ReportError):
    """The output folder cannot safely be replaced."""


# ---------------------------------------------------------------------------------------------
# Input preparation


def _require_columns(df: pd.DataFrame, columns: Sequence[str], source: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ReportInputError(f"{source}: missing column(s): {', '.join(missing)} "
                               f"(expected: {', '.join(columns)})")


def _first_bad(mask: pd.Series) -> int:
    """1-based data-row number of the first True in mask (row 1 is the line after the header)."""
    return int(mask.to_numpy().nonzero()[0][0]) + 1


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "").astype(str)


def _numbers(series: pd.Series, source: str, column: str, *, allow_missing: bool) -> pd.Series:
    text = _text(series).str.strip()
    values = pd.to_numeric(text.where(text != "", None), errors="coerce").astype(float)
    bad = values.isna() & (text != "")
    if not allow_missing:
        bad |= text == ""
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(f"{source}: column '{column}', data row {row}: expected a number, "
                               f"got {text.iloc[row - 1]!r}")
    return values


def _booleans(series: pd.Series, source: str, column: str) -> pd.Series:
    if pd.api.types.is_bool_dtype(series):
        return series.astype(bool)
    words = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
    text = _text(series).str.strip().str.lower()
    bad = ~text.isin(list(words))
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(f"{source}: column '{column}', data row {row}: expected true or "
                               f"false, got {_text(series).iloc[row - 1]!r}")
    return text.map(words).astype(bool)


def _timestamps(series: pd.Series, source: str, column: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return pd.to_datetime(series, utc=True)
    text = _text(series).str.strip()
    values = pd.to_datetime(text.where(text != "", None), utc=True, errors="coerce",
                            format="ISO8601")
    bad = values.isna() & (text != "")
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(f"{source}: column '{column}', data row {row}: expected an ISO "
                               f"8601 date and time, got {text.iloc[row - 1]!r}")
    return values


def _no_duplicates(df: pd.DataFrame, keys: list[str], source: str) -> None:
    dup = df.duplicated(keys)
    if dup.any():
        row = _first_bad(dup)
        values = ", ".join(f"{k}={df[k].iloc[row - 1]!r}" for k in keys)
        raise ReportInputError(f"{source}: data row {row} repeats {values}")


def _known_types(df: pd.DataFrame, source: str) -> None:
    bad = ~df["item_type"].isin(ITEM_TYPES)
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(f"{source}: column 'item_type', data row {row}: unknown type "
                               f"{df['item_type'].iloc[row - 1]!r} (expected one of "
                               f"{', '.join(ITEM_TYPES)})")


def prepare_results(df: pd.DataFrame, source: str = "results") -> pd.DataFrame:
    """The documented results columns only, typed; answers of free-text items blanked.

    Selecting the documented columns first is the privacy guarantee: whatever else an export
    carries (names, reflection text) is gone before any table or page is built. Blanking the
    answer of rewrite and reflection rows is a second guard: the contract says those answers are
    empty, and the report must stay safe even if an upstream bug fills them.
    """
    _require_columns(df, RESULTS_COLUMNS, source)
    out = df.loc[:, RESULTS_COLUMNS].reset_index(drop=True).copy()
    for column in ("learner_id", "assignment", "item_id", "item_type", "answer", "objectives",
                   "skills"):
        out[column] = _text(out[column]).str.strip()
    out["score"] = _numbers(out["score"], source, "score", allow_missing=True)
    out["max_score"] = _numbers(out["max_score"], source, "max_score", allow_missing=False)
    out["needs_manual"] = _booleans(out["needs_manual"], source, "needs_manual")
    out["late"] = _booleans(out["late"], source, "late")
    out["submitted_at"] = _timestamps(out["submitted_at"], source, "submitted_at")
    _known_types(out, source)
    blank = out["learner_id"] == ""
    if blank.any():
        raise ReportInputError(f"{source}: column 'learner_id', data row {_first_bad(blank)}: "
                               "empty learner id")
    out.loc[out["item_type"].isin(FREE_TEXT_TYPES), "answer"] = ""
    _no_duplicates(out, ["learner_id", "assignment", "item_id"], source)
    return out


def prepare_items(df: pd.DataFrame, source: str = "items") -> pd.DataFrame:
    """The documented items columns, typed, one row per assignment x checkpoint."""
    _require_columns(df, ITEMS_COLUMNS, source)
    out = df.loc[:, ITEMS_COLUMNS].reset_index(drop=True).copy()
    for column in ("assignment", "item_id", "item_type", "objectives", "skills", "options",
                   "correct"):
        out[column] = _text(out[column]).str.strip()
    out["max_score"] = _numbers(out["max_score"], source, "max_score", allow_missing=False)
    _known_types(out, source)
    _no_duplicates(out, ["assignment", "item_id"], source)
    return out


def prepare_assignments(df: pd.DataFrame, source: str = "assignments") -> pd.DataFrame:
    """The documented assignments columns, typed, one row per assignment."""
    _require_columns(df, ASSIGNMENTS_COLUMNS, source)
    out = df.loc[:, ASSIGNMENTS_COLUMNS].reset_index(drop=True).copy()
    for column in ("assignment", "title", "chapter"):
        out[column] = _text(out[column]).str.strip()
    minutes = _numbers(out["minutes"], source, "minutes", allow_missing=False)
    fractional = minutes != minutes.round()
    if fractional.any():
        raise ReportInputError(f"{source}: column 'minutes', data row {_first_bad(fractional)}: "
                               "expected a whole number of minutes")
    out["minutes"] = minutes.astype(int)
    out["total_points"] = _numbers(out["total_points"], source, "total_points",
                                   allow_missing=False)
    _no_duplicates(out, ["assignment"], source)
    return out


def _check_references(results: pd.DataFrame, items: pd.DataFrame,
                      assignments: pd.DataFrame) -> None:
    """Every result must belong to a known item, and every item to a known assignment.

    A result for an unknown item would silently vanish from the item analysis and the hours of
    an unknown module could not be counted, so both are input errors, not warnings.
    """
    known = set(assignments["assignment"])
    for source, df in (("items", items), ("results", results)):
        unknown = ~df["assignment"].isin(known)
        if unknown.any():
            row = _first_bad(unknown)
            raise ReportInputError(f"{source}: data row {row}: assignment "
                                   f"{df['assignment'].iloc[row - 1]!r} is not in assignments")
    item_keys = set(zip(items["assignment"], items["item_id"], strict=True))
    pairs = pd.Series([(a, i) in item_keys for a, i in
                       zip(results["assignment"], results["item_id"], strict=True)], dtype=bool)
    if (~pairs).any():
        row = _first_bad(~pairs)
        raise ReportInputError(f"results: data row {row}: item {results['item_id'].iloc[row - 1]!r}"
                               f" of assignment {results['assignment'].iloc[row - 1]!r} is not in "
                               "items")


# ---------------------------------------------------------------------------------------------
# Tables


def completion_table(results: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """One row per learner x assignment: submitted, complete, score over graded items, late.

    score and max_score sum the graded items only, so a reflection awaiting its manual grade
    neither counts as zero nor inflates the maximum; ``pending`` (not written to CSV) counts the
    items still waiting. Complete means submitted with nothing waiting.
    """
    learners = sorted(results["learner_id"].unique())
    grid = pd.MultiIndex.from_product([learners, list(assignments["assignment"])],
                                      names=["learner_id", "assignment"]).to_frame(index=False)
    rows = results.assign(graded=graded_mask(results))
    rows["graded_score"] = rows["score"].where(rows["graded"], 0.0)
    rows["graded_max"] = rows["max_score"].where(rows["graded"], 0.0)
    rows["waiting"] = ~rows["graded"]
    per = rows.groupby(["learner_id", "assignment"], sort=False).agg(
        score=("graded_score", "sum"), max_score=("graded_max", "sum"),
        pending=("waiting", "sum"), late=("late", "any"),
        submitted_at=("submitted_at", "max")).reset_index()
    per["submitted"] = True
    table = grid.merge(per, on=["learner_id", "assignment"], how="left")
    table["submitted"] = table["submitted"].fillna(False).astype(bool)
    table["pending"] = table["pending"].fillna(0).astype(int)
    table["late"] = table["late"].fillna(False).astype(bool)
    table["complete"] = table["submitted"] & (table["pending"] == 0)
    table["score"] = table["score"].astype(float).round(2)
    table["max_score"] = table["max_score"].astype(float).round(2)
    positive = table["max_score"].where(table["max_score"] > 0)
    table["percent"] = (100 * table["score"] / positive).round(2)
    table["submitted_at"] = pd.to_datetime(table["submitted_at"], utc=True)
    return table[[*COMPLETION_COLUMNS, "pending"]]


def compliance_table(completion: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """One row per learner for hospital training records: completed modules and hours.

    Hours count the planned minutes of completed modules only (a module awaiting manual grades
    is not yet evidence of training); last_completed is the UTC date of the latest completed
    submission.
    """
    minutes = dict(zip(assignments["assignment"], assignments["minutes"], strict=True))
    rows = []
    for learner, group in completion.groupby("learner_id", sort=True):
        done = group[group["complete"]]
        modules = sorted(done["assignment"])
        last = done["submitted_at"].max() if len(done) else pd.NaT
        rows.append({"learner_id": learner, "modules_completed": len(modules),
                     "modules": ";".join(modules),
                     "last_completed": "" if pd.isna(last) else last.date().isoformat(),
                     "hours": round(sum(minutes[m] for m in modules) / 60, 2)})
    return pd.DataFrame(rows, columns=COMPLIANCE_COLUMNS)


def _iso(ts: pd.Timestamp) -> str:
    return "" if pd.isna(ts) else ts.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _completion_csv(completion: pd.DataFrame) -> pd.DataFrame:
    out = completion[COMPLETION_COLUMNS].copy()
    out["submitted_at"] = out["submitted_at"].map(_iso)
    return out


def _rounded(df: pd.DataFrame, columns: Sequence[str], places: int) -> pd.DataFrame:
    out = df.copy()
    for column in columns:
        out[column] = out[column].astype(float).round(places)
    return out


# ---------------------------------------------------------------------------------------------
# HTML


class Safe(str):
    """Markup built by this module from escaped parts; inserted without escaping again."""


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute (Safe markup passes through)."""
    if isinstance(value, Safe):
        return value
    return html.escape(str(value), quote=True)


def _pct(value: float, places: int = 1) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.{places}f}%"


def _num(value: float, places: int = 2) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.{places}f}"


def html_table(caption: str, header: Sequence[object], rows: Sequence[Sequence[object]],
               *, css_class: str = "") -> str:
    """A table whose first column holds row headers; every cell is escaped unless Safe."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = []
    for row in rows:
        first, *rest = row
        cells = "".join(f"<td>{esc(c)}</td>" for c in rest)
        body.append(f'<tr><th scope="row">{esc(first)}</th>{cells}</tr>')
    if not rows:
        body.append(f'<tr><td colspan="{len(header)}">No data yet.</td></tr>')
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return (f"<table{cls}><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def bar_chart(labels: Sequence[str], percents: Sequence[float], title: str) -> tuple[str, str]:
    """A horizontal bar chart as (base64 PNG, alt text) for mastery percentages.

    Drawn on an Agg canvas directly (no pyplot) so the report neither needs a display nor
    changes the caller's matplotlib state; mathtext is off so a "$" in a tag stays literal.
    The alt text lists every value, so a screen-reader user gets what the picture shows.
    """
    with rc_context({"text.parse_math": False, "font.size": 10}):
        height = 1.2 + 0.35 * len(labels)
        fig = Figure(figsize=(7.5, height), dpi=100, facecolor=BACKGROUND)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        ax.barh(positions, percents, color=BAR)
        ax.set_yticks(positions, labels=list(labels))
        ax.invert_yaxis()
        ax.set_xlim(0, 112)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.set_xlabel("Mastery: % of available points earned")
        ax.set_title(title, loc="left")
        for y, value in zip(positions, percents, strict=True):
            ax.text(value + 1, y, f"{value:.0f}%", va="center", color=TEXT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
    values = "; ".join(f"{label}: {value:.0f}%" for label, value in zip(labels, percents,
                                                                         strict=True))
    alt = f"{title}. Horizontal bar chart, 0 to 100 percent. {values}."
    return base64.b64encode(buffer.getvalue()).decode("ascii"), alt


CSS = f"""
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: {TEXT};
  background: {BACKGROUND}; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.5; }}
h1, h2, h3 {{ line-height: 1.25; }}
table {{ border-collapse: collapse; margin: 1rem 0 2rem; }}
caption {{ text-align: left; font-weight: bold; padding: 0.3rem 0; }}
th, td {{ border: 1px solid #767676; padding: 0.3rem 0.6rem; text-align: left;
  vertical-align: top; }}
thead th {{ background: {HEADER_BG}; }}
tbody th {{ font-weight: normal; font-family: ui-monospace, monospace; }}
.muted {{ color: {MUTED}; }}
.flag {{ color: {FLAG}; font-weight: bold; }}
.late {{ color: {LATE_FG}; background: {LATE_BG}; padding: 0 0.25rem; }}
.done {{ color: {DONE}; }}
.formula {{ font-family: ui-monospace, monospace; }}
.note {{ border-left: 4px solid {BAR}; padding: 0.5rem 1rem; }}
img {{ max-width: 100%; height: auto; }}
"""


def _section_summary(completion: pd.DataFrame, assignments: pd.DataFrame) -> str:
    submitted = completion[completion["submitted"]]
    rows = [["Learners", completion["learner_id"].nunique()],
            ["Modules", len(assignments)],
            ["Submissions", len(submitted)],
            ["Complete submissions", int(submitted["complete"].sum())],
            ["Submissions awaiting manual grading", int((submitted["pending"] > 0).sum())],
            ["Late submissions", int(submitted["late"].sum())],
            ["Mean score", _pct(submitted["percent"].mean())]]
    return ("<section><h2>Summary</h2>"
            + html_table("Cohort summary", ["Measure", "Value"], rows)
            + '<p class="muted">Mean score is the mean, over submissions, of each submission\'s '
              "percentage of the points available on its graded items.</p></section>")


def _completion_cell(row: pd.Series) -> Safe:
    if not row["submitted"]:
        return Safe('<span class="muted">not submitted</span>')
    parts = [esc(_pct(row["percent"]))]
    if row["complete"]:
        parts.append('<span class="done">complete</span>')
    else:
        parts.append(f"awaiting manual grading ({int(row['pending'])} item"
                     f"{'' if row['pending'] == 1 else 's'})")
    if row["late"]:
        parts.append('<span class="late">late</span>')
    return Safe("<br>".join(parts))


def _section_completion(completion: pd.DataFrame, assignments: pd.DataFrame) -> str:
    header = ["Learner", *[Safe(f"{esc(t)}<br><span class=\"muted\">{esc(a)}</span>")
                           for a, t in zip(assignments["assignment"], assignments["title"],
                                           strict=True)], "Modules complete"]
    rows = []
    for learner, group in completion.groupby("learner_id", sort=True):
        cells = {r["assignment"]: _completion_cell(r) for _, r in group.iterrows()}
        rows.append([learner, *[cells[a] for a in assignments["assignment"]],
                     f"{int(group['complete'].sum())} of {len(assignments)}"])
    module_rows = []
    for a, t, minutes in zip(assignments["assignment"], assignments["title"],
                             assignments["minutes"], strict=True):
        sub = completion[(completion["assignment"] == a) & completion["submitted"]]
        module_rows.append([a, t, minutes, len(sub), int(sub["complete"].sum()),
                            int(sub["late"].sum()), _pct(sub["percent"].mean())])
    return (
        "<section><h2>Completion and score per learner and module</h2>"
        "<p>A module is <strong>complete</strong> when the learner has submitted it and no item "
        "in it is awaiting manual grading. The score is the points earned on the graded items "
        "as a percentage of the points those items carry; items awaiting manual grading are "
        "left out of both until an educator grades them. <span class=\"late\">late</span> marks "
        "a submission after the deadline (it still counts towards completion). Learners appear "
        "once they have submitted at least one module.</p>"
        + html_table("Score and completion per learner (rows) and module (columns)", header, rows)
        + html_table("Per module", ["Module", "Title", "Minutes", "Submitted", "Complete", "Late",
                                    "Mean score"], module_rows)
        + "</section>")


def _mastery_block(table: pd.DataFrame, label: str, noun: str) -> str:
    rows = [[r[label], _pct(r["percent"]), f"{r['score']:g} / {r['max_score']:g}", r["learners"],
             r["items"]] for _, r in table.iterrows()]
    block = html_table(f"Mastery per {noun}", [noun.capitalize(), "Mastery", "Points",
                                               "Learners", "Items"], rows)
    shown = table[table["percent"].notna()]
    if len(shown):
        png, alt = bar_chart(list(shown[label]), list(shown["percent"]), f"Mastery per {noun}")
        block += (f'<figure><img src="data:image/png;base64,{png}" alt="{esc(alt)}">'
                  f"<figcaption>Mastery per {esc(noun)} (the table above gives the same "
                  "values).</figcaption></figure>")
    return block


def _section_mastery(objectives: pd.DataFrame, skills: pd.DataFrame) -> str:
    return ("<section><h2>Mastery per learning objective and skill</h2>"
            '<p>Mastery of a tag = <span class="formula">sum(score) / sum(max_score)</span> over '
            "the graded responses to items carrying that tag; responses awaiting manual grading "
            "are excluded. Learners and Items count who and what the figure rests on.</p>"
            + _mastery_block(objectives, "objective", "learning objective")
            + _mastery_block(skills, "skill", "skill")
            + "</section>")


def _section_items(stats: pd.DataFrame) -> str:
    rows = []
    for _, r in stats.iterrows():
        flags = Safe(f'<span class="flag">{esc(r["flags"])}</span>') if r["flags"] else ""
        d = _num(r["upper_lower_d"])
        rows.append([r["item_id"], r["assignment"], r["item_type"].replace("_", " "), r["n"],
                     _num(r["difficulty"]), _num(r["point_biserial"]),
                     f"{d} (g = {r['group_size']})" if r["group_size"] else d,
                     f"excluded: {r['discrimination_excluded']}" if r["discrimination_excluded"]
                     else r["discrimination_n"], flags])
    return (
        "<section><h2>Item analysis</h2>"
        "<p>n is the number of graded responses. Formulas:</p><ul>"
        '<li><strong>Difficulty</strong> <span class="formula">p = mean(score / max_score)</span> '
        "over graded responses (higher is easier).</li>"
        "<li><strong>Corrected point-biserial</strong> <span class=\"formula\">r = Pearson "
        "correlation(x, R)</span> across learners, where x is the learner's score fraction on "
        "the item and R the learner's total points on the <em>other</em> auto-graded items of "
        "the same module. n/a when undefined: fewer than two learners, no other auto-graded "
        "item in the module, or no variation in x or R.</li>"
        "<li><strong>Upper–lower index</strong> <span class=\"formula\">D = mean x (top g) − "
        "mean x (bottom g)</span>, learners ranked by module total (all auto-graded items of "
        "the module), <span class=\"formula\">g = max(1, round(0.27 × n))</span> with halves "
        "rounded up and ties broken by learner id.</li>"
        "<li>Discrimination uses the learners with a graded response to every auto-graded item "
        "of the module (column Ranked). Reflections and items awaiting manual grading are "
        "excluded from discrimination (the column says why) and reflections get no flags.</li>"
        f"<li><strong>Flags</strong>: “{FLAG_EASY}” when p &gt; {TOO_EASY:.2f}, “{FLAG_HARD}” "
        f"when p &lt; {TOO_HARD:.2f}, “{FLAG_NEGATIVE}” when r &lt; 0 or D &lt; 0.</li></ul>"
        + html_table("Item statistics", ["Item", "Module", "Type", "n", "Difficulty p",
                                         "Point-biserial r", "Upper–lower D", "Ranked",
                                         "Flags"], rows)
        + "</section>")


def _section_distractors(options: pd.DataFrame, others: pd.DataFrame) -> str:
    parts = ["<section><h2>Distractor frequencies</h2><p>For each single-choice and "
             "multiple-select item: how many submissions chose each option, as a count and as a "
             "percentage of all submissions of the item (blank answers included; in "
             "multiple-select items one submission can choose several options). Correct "
             "options are marked “correct”, the others “distractor”. A distractor nobody "
             "chooses is not doing its job; one that many choose may point to a misconception "
             "worth teaching to.</p>"]
    if options.empty:
        parts.append('<p class="muted">No choice items yet.</p>')
    for (assignment, item_id), group in options.groupby(["assignment", "item_id"], sort=False):
        first = group.iloc[0]
        rows = [[r["option"], "correct" if r["correct"] else "distractor", r["count"],
                 _pct(r["percent"])]
                for _, r in group.iterrows()]
        caption = (f"{item_id} ({assignment}, {first['item_type'].replace('_', ' ')}): "
                   f"{first['submissions']} submissions")
        parts.append(html_table(caption, ["Option", "Key", "Count", "Percent"], rows))
        extra = others[(others["assignment"] == assignment) & (others["item_id"] == item_id)]
        if len(extra):
            listed = ", ".join(f"“{esc(e)}” ({c})" for e, c in zip(extra["entry"], extra["count"],
                                                                   strict=True))
            parts.append(f'<p class="muted">Entries that are not options: {listed}.</p>')
    parts.append("</section>")
    return "".join(parts)


NOTE = (
    "<section class=\"note\"><h2>How to read these figures</h2>"
    "<p>This cohort has {learners} learner(s). "
    "In a small cohort one learner can move a percentage, a correlation or an upper–lower "
    "index a long way, so treat these statistics as prompts for a closer look, not as "
    "verdicts: with fewer than about 30 learners, discrimination values in particular are "
    "unstable, and a flag is a reason to reread the item, not proof that it is flawed.</p>"
    "<p>The rubric checker's score for a rewrite is a first reading: it looks for patterns of "
    "words, so it can miss a good reply in unusual words and cannot hear tone. Educators read "
    "every rewrite and reflection, and their manual grades decide.</p></section>")


def render_html(*, cohort_name: str, generated_at: datetime, completion: pd.DataFrame,
                assignments: pd.DataFrame, objectives: pd.DataFrame, skills: pd.DataFrame,
                stats: pd.DataFrame, options: pd.DataFrame, others: pd.DataFrame) -> str:
    """The whole report page as one string (no external resources, no scripts)."""
    stamp = generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Cohort report: {esc(cohort_name)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>Cohort report: {esc(cohort_name)}</h1>"
        f'<p class="muted">Generated {esc(stamp)}. Learners are identified by id only. '
        "This report shows answer keys and is for educators.</p></header><main>"
        + _section_summary(completion, assignments)
        + _section_completion(completion, assignments)
        + _section_mastery(objectives, skills)
        + _section_items(stats)
        + _section_distractors(options, others)
        + NOTE.format(learners=completion["learner_id"].nunique())
        + "</main></body></html>\n")


# ---------------------------------------------------------------------------------------------
# Writing


def _check_out_dir(out_dir: Path) -> None:
    """Refuse to replace anything that is not an earlier report (or an empty folder).

    The report folder is replaced whole, so pointing --out at the wrong folder must not delete
    someone's files.
    """
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ReportOutputError(f"{out_dir}: exists and is not a folder")
    if any(out_dir.iterdir()) and not (out_dir / REPORT_HTML).is_file():
        raise ReportOutputError(f"{out_dir}: folder is not empty and holds no {REPORT_HTML}; "
                                "refusing to replace it (choose a new or report folder)")


def _folder_mode(out_dir: Path) -> int:
    """Permissions for the new report folder: those of the report it replaces, else the umask's.

    mkdtemp makes a private (0700) folder; keeping that would silently lock colleagues out of
    a shared report folder, so the swapped-in folder looks as if it had been made with mkdir.
    """
    if out_dir.is_dir():
        return out_dir.stat().st_mode & 0o7777
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def _swap_in(built: Path, out_dir: Path) -> None:
    """Put the finished folder ``built`` at ``out_dir``, replacing any older report whole.

    Both renames happen inside one parent folder, so each is atomic: a reader sees the old
    complete report, briefly no folder, or the new complete report, never a mixture.
    """
    old = None
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{uuid.uuid4().hex}"
        os.replace(out_dir, old)
    try:
        os.replace(built, out_dir)
    except BaseException:
        if old is not None:
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_report(results: pd.DataFrame, items: pd.DataFrame, assignments: pd.DataFrame,
                 out_dir: Path, *, cohort_name: str = "Cohort",
                 generated_at: datetime | None = None) -> dict[str, Path]:
    """Write report.html and the CSV files into ``out_dir``; return {file name: path}.

    Everything is built in a temporary folder next to ``out_dir`` and swapped in at the end, so
    a failure leaves the previous report untouched and no partial files. Raises
    ReportInputError for tables that break the contract, ReportOutputError when ``out_dir``
    exists and is not a report folder.
    """
    out_dir = Path(out_dir)
    results = prepare_results(results)
    items = prepare_items(items)
    assignments = prepare_assignments(assignments)
    _check_references(results, items, assignments)
    _check_out_dir(out_dir)
    generated_at = generated_at or datetime.now(UTC)
    if generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=UTC)

    completion = completion_table(results, assignments)
    compliance = compliance_table(completion, assignments)
    objectives = mastery(results, "objectives", "objective")
    skills = mastery(results, "skills", "skill")
    stats = item_statistics(results, items)
    options, others = distractors(results, items)
    page = render_html(cohort_name=cohort_name, generated_at=generated_at, completion=completion,
                       assignments=assignments, objectives=objectives, skills=skills,
                       stats=stats, options=options, others=others)
    csvs = {
        "completion.csv": _completion_csv(completion),
        "mastery_objectives.csv": _rounded(objectives, ["percent"], 2),
        "mastery_skills.csv": _rounded(skills, ["percent"], 2),
        "item_analysis.csv": _rounded(stats, ["difficulty", "point_biserial", "upper_lower_d"],
                                      4),
        "distractors.csv": _rounded(options, ["percent"], 2),
        "compliance.csv": compliance,
    }

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    mode = _folder_mode(out_dir)
    built = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        built.chmod(mode)
        (built / REPORT_HTML).write_text(page, encoding="utf-8")
        for name, table in csvs.items():
            table.to_csv(built / name, index=False, encoding="utf-8", lineterminator="\n")
        _swap_in(built, out_dir)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return {name: out_dir / name for name in [REPORT_HTML, *csvs]}


# ---------------------------------------------------------------------------------------------
# Command line


def read_table(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read one exported CSV as text, checking that the file exists and has every column."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise ReportInputError(f"{path}: file not found") from None
    except pd.errors.EmptyDataError:
        raise ReportInputError(f"{path}: file is empty (expected a header row)") from None
    except UnicodeDecodeError:
        raise ReportInputError(f"{path}: not UTF-8 text") from None
    except pd.errors.ParserError as exc:
        raise ReportInputError(f"{path}: not valid CSV ({exc})") from None
    _require_columns(df, columns, str(path))
    return df


def load_folder(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """results, items and assignments from an export folder, validated with file names."""
    if not folder.is_dir():
        raise ReportInputError(f"{folder}: not a folder")
    results_path, items_path, assignments_path = (folder / INPUT_FILES[k] for k in
                                                  ("results", "items", "assignments"))
    results = prepare_results(read_table(results_path, RESULTS_COLUMNS), str(results_path))
    items = prepare_items(read_table(items_path, ITEMS_COLUMNS), str(items_path))
    assignments = prepare_assignments(read_table(assignments_path, ASSIGNMENTS_COLUMNS),
                                      str(assignments_path))
    return results, items, assignments


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tic_course.grading.report",
        description="Write the educators' cohort report (report.html and CSV files) from an "
                    "export folder holding results.csv, items.csv and assignments.csv.")
    parser.add_argument("folder", type=Path, metavar="DIR",
                        help="folder with results.csv, items.csv and assignments.csv")
    parser.add_argument("--out", type=Path, default=None,
                        help="report folder to write (replaced whole if it holds an older "
                             "report; default: DIR/report)")
    parser.add_argument("--cohort-name", default="Cohort",
                        help="name shown at the top of the report (default: %(default)s)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns 0 on success, 2 for bad input or an unsafe --out."""
    args = build_parser().parse_args(argv)
    folder: Path = args.folder
    out: Path = args.out if args.out is not None else folder / "report"
    try:
        resolved_out, resolved_in = out.resolve(), folder.resolve()
        if resolved_out == resolved_in or resolved_out in resolved_in.parents:
            raise ReportOutputError(f"{out}: --out must not be the input folder or contain it")
        print(f"Reading {folder} ...")
        results, items, assignments = load_folder(folder)
        print(f"Writing report for {results['learner_id'].nunique()} learners, "
              f"{len(assignments)} modules, {len(items)} items ...")
        paths = write_report(results, items, assignments, out, cohort_name=args.cohort_name)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"Wrote {len(paths)} files to {out}: {', '.join(paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
