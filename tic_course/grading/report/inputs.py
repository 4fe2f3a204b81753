"""The report's inputs: read the exported tables and cut them down to their documented, typed columns.

Selecting the documented columns first is the report's privacy guarantee: whatever else an export
carries (names, reflection text) is gone before any table or page is built. Every problem an
educator can fix (a missing file or column, a value of the wrong kind, a result for an unknown
item) becomes a :class:`ReportInputError` naming the file, column and data row, so the command
line can print it plainly instead of a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tic_course.checkpoints import KINDS, names
from tic_course.grading.columns import (
    ASSIGNMENTS_COLUMNS,
    INVALID_ANSWER,
    ITEMS_COLUMNS,
    OPTIONAL_ITEMS_COLUMNS,
    OPTIONAL_RESULTS_COLUMNS,
    RESULTS_COLUMNS,
)
from tic_course.grading.safe_text import clean
from tic_course.grading.states import STATES

__all__ = [
    "ASSIGNMENTS_COLUMNS",
    "FREE_TEXT_TYPES",
    "INPUT_FILES",
    "ITEMS_COLUMNS",
    "ITEM_TYPES",
    "RESULTS_COLUMNS",
    "ReportError",
    "ReportInputError",
    "ReportOutputError",
    "check_references",
    "load_folder",
    "prepare_assignments",
    "prepare_items",
    "prepare_results",
    "read_table",
    "restrict_answers",
]

# Known item types, and those whose answers are free text (never exported), come from the
# checkpoint kinds, so a new kind needs no edit here.
ITEM_TYPES = tuple(KINDS)
FREE_TEXT_TYPES = names(lettered=False)
LETTERED_TYPES = names(lettered=True)
INPUT_FILES = {"results": "results.csv", "items": "items.csv", "assignments": "assignments.csv"}


class ReportError(Exception):
    """A problem the user can fix (bad input, unsafe output folder); the CLI prints it plainly."""


class ReportInputError(ReportError):
    """An input table is missing, lacks a column, or holds a value of the wrong kind."""


class ReportOutputError(ReportError):
    """The output folder cannot safely be replaced."""


def _require_columns(df: pd.DataFrame, columns: Sequence[str], source: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ReportInputError(f"{source}: missing column(s): {', '.join(missing)} (expected: {', '.join(columns)})")


def _first_bad(mask: pd.Series) -> int:
    """1-based data-row number of the first True in mask (row 1 is the line after the header)."""
    return int(mask.to_numpy().nonzero()[0][0]) + 1


def _text(series: pd.Series) -> pd.Series:
    """Cells as text, cleaned (lone surrogates and control characters -> U+FFFD) so the page and
    the CSV files can always be written, even from an export poisoned by an older version."""
    return series.astype(object).where(series.notna(), "").map(clean).astype(str)


def _numbers(series: pd.Series, source: str, column: str, *, allow_missing: bool) -> pd.Series:
    text = _text(series).str.strip()
    values = pd.to_numeric(text.where(text != "", None), errors="coerce").astype(float)
    bad = values.isna() & (text != "")
    if not allow_missing:
        bad |= text == ""
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(
            f"{source}: column '{column}', data row {row}: expected a number, got {text.iloc[row - 1]!r}"
        )
    return values


def _booleans(series: pd.Series, source: str, column: str) -> pd.Series:
    if pd.api.types.is_bool_dtype(series):
        return series.astype(bool)
    words = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
    text = _text(series).str.strip().str.lower()
    bad = ~text.isin(list(words))
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(
            f"{source}: column '{column}', data row {row}: expected true or false, got {_text(series).iloc[row - 1]!r}"
        )
    return text.map(words).astype(bool)


def _timestamps(series: pd.Series, source: str, column: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return pd.to_datetime(series, utc=True)
    text = _text(series).str.strip()
    values = pd.to_datetime(text.where(text != "", None), utc=True, errors="coerce", format="ISO8601")
    bad = values.isna() & (text != "")
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(
            f"{source}: column '{column}', data row {row}: expected an ISO 8601 date and time, "
            f"got {text.iloc[row - 1]!r}"
        )
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
        raise ReportInputError(
            f"{source}: column 'item_type', data row {row}: unknown type {df['item_type'].iloc[row - 1]!r} "
            f"(expected one of {', '.join(ITEM_TYPES)})"
        )


def _known_states(df: pd.DataFrame, source: str) -> None:
    bad = ~df["state"].isin(STATES)
    if bad.any():
        row = _first_bad(bad)
        raise ReportInputError(
            f"{source}: column 'state', data row {row}: unknown state {df['state'].iloc[row - 1]!r} "
            f"(expected one of {', '.join(STATES)})"
        )


def prepare_results(df: pd.DataFrame, source: str = "results") -> pd.DataFrame:
    """The documented results columns only, typed; answers of free-text items blanked.

    Selecting the documented columns first is the privacy guarantee: whatever else an export
    carries (names, reflection text) is gone before any table or page is built. Blanking the
    answer of rewrite and reflection rows is a second guard: the contract says those answers are
    empty, and the report must stay safe even if an upstream bug fills them.
    """
    # results.csv written before these columns existed
    df = df.assign(**{c: v for c, v in OPTIONAL_RESULTS_COLUMNS.items() if c not in df.columns})
    _require_columns(df, RESULTS_COLUMNS, source)
    out = df.loc[:, RESULTS_COLUMNS].reset_index(drop=True).copy()
    for column in ("learner_id", "assignment", "item_id", "item_type", "answer", "objectives", "skills", "state",
                   "checker_confidence"):
        out[column] = _text(out[column]).str.strip()
    out["score"] = _numbers(out["score"], source, "score", allow_missing=True)
    out["max_score"] = _numbers(out["max_score"], source, "max_score", allow_missing=False)
    out["needs_manual"] = _booleans(out["needs_manual"], source, "needs_manual")
    out["late"] = _booleans(out["late"], source, "late")
    for column in ("late_days", "late_penalty_percent"):  # blank where an older table had none: 0
        blank = out[column].isna() | (out[column].astype(str).str.strip() == "")
        out[column] = _numbers(out[column].where(~blank, 0), source, column, allow_missing=False)
    out["submitted_at"] = _timestamps(out["submitted_at"], source, "submitted_at")
    _known_types(out, source)
    _known_states(out, source)
    blank = out["learner_id"] == ""
    if blank.any():
        raise ReportInputError(f"{source}: column 'learner_id', data row {_first_bad(blank)}: empty learner id")
    out.loc[out["item_type"].isin(FREE_TEXT_TYPES), "answer"] = ""
    _no_duplicates(out, ["learner_id", "assignment", "item_id"], source)
    return out


def prepare_items(df: pd.DataFrame, source: str = "items") -> pd.DataFrame:
    """The documented items columns, typed, one row per assignment x checkpoint."""
    df = df.assign(**{c: v for c, v in OPTIONAL_ITEMS_COLUMNS.items() if c not in df.columns})
    _require_columns(df, ITEMS_COLUMNS, source)
    out = df.loc[:, ITEMS_COLUMNS].reset_index(drop=True).copy()
    for column in ("assignment", "item_id", "item_type", "objectives", "skills", "options", "correct", "option_texts"):
        out[column] = _text(out[column]).str.strip()
    for row, value in enumerate(out["option_texts"], 1):
        try:
            parsed = json.loads(value) if value else {}
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
            raise ReportInputError(f"{source}: column 'option_texts', data row {row}: not a JSON object of texts")
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
        raise ReportInputError(
            f"{source}: column 'minutes', data row {_first_bad(fractional)}: expected a whole number of minutes"
        )
    out["minutes"] = minutes.astype(int)
    out["total_points"] = _numbers(out["total_points"], source, "total_points", allow_missing=False)
    _no_duplicates(out, ["assignment"], source)
    return out


def check_references(results: pd.DataFrame, items: pd.DataFrame, assignments: pd.DataFrame) -> None:
    """Every result must belong to a known item, and every item to a known assignment.

    A result for an unknown item would silently vanish from the item analysis and the hours of
    an unknown module could not be counted, so both are input errors, not warnings.
    """
    known = set(assignments["assignment"])
    for source, df in (("items", items), ("results", results)):
        unknown = ~df["assignment"].isin(known)
        if unknown.any():
            row = _first_bad(unknown)
            raise ReportInputError(
                f"{source}: data row {row}: assignment {df['assignment'].iloc[row - 1]!r} is not in assignments"
            )
    item_keys = set(zip(items["assignment"], items["item_id"], strict=True))
    pairs = pd.Series(
        [(a, i) in item_keys for a, i in zip(results["assignment"], results["item_id"], strict=True)], dtype=bool
    )
    if (~pairs).any():
        row = _first_bad(~pairs)
        raise ReportInputError(
            f"results: data row {row}: item {results['item_id'].iloc[row - 1]!r} of assignment "
            f"{results['assignment'].iloc[row - 1]!r} is not in items"
        )


def restrict_answers(results: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``results`` whose lettered answers are lists of their item's option keys, or INVALID_ANSWER.

    The results export already records anything else as INVALID_ANSWER; this second guard keeps
    free text out of the report even when a results file comes from elsewhere (an older version,
    a hand edit). A valid answer is empty, or comma-separated single option keys, at most as many
    as the item has options.
    """
    options = {(a, i): str(o) for a, i, o in zip(items["assignment"], items["item_id"], items["options"], strict=True)}

    def valid(row: tuple[str, str, str, str]) -> bool:
        assignment, item_id, item_type, answer = row
        if item_type not in LETTERED_TYPES or answer in ("", INVALID_ANSWER):
            return True
        keys = options.get((assignment, item_id), "")
        tokens = answer.split(",")
        return len(tokens) <= len(keys) and all(len(t) == 1 and t in keys for t in tokens)

    rows = zip(results["assignment"], results["item_id"], results["item_type"], results["answer"], strict=True)
    keep = pd.Series([valid(r) for r in rows], index=results.index, dtype=bool)
    out = results.copy()
    out.loc[~keep, "answer"] = INVALID_ANSWER
    return out


def read_table(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read one exported CSV as text, checking that the file exists and has every column.

    Every cell is read as text (no type guessing, no "NA" turned into a missing value) so the
    ``prepare_*`` functions see exactly what the file says and can name the bad cell.
    """
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
    results_path, items_path, assignments_path = (folder / INPUT_FILES[k] for k in ("results", "items", "assignments"))
    needed = [c for c in RESULTS_COLUMNS if c not in OPTIONAL_RESULTS_COLUMNS]
    results = prepare_results(read_table(results_path, needed), str(results_path))
    required = [c for c in ITEMS_COLUMNS if c not in OPTIONAL_ITEMS_COLUMNS]
    items = prepare_items(read_table(items_path, required), str(items_path))
    assignments = prepare_assignments(read_table(assignments_path, ASSIGNMENTS_COLUMNS), str(assignments_path))
    return results, items, assignments
