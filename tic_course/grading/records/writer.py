"""Write the records folder: training record (CSV and .xlsx), non-submitter lists, strangers.

Files (columns documented in the README, "Training record"):

- ``training_record.csv`` and ``training_record.xlsx``: one row per roster learner x module;
- ``not_submitted.csv``: every learner x module not handed in, ready for a mail merge, and
  ``not_submitted/<module code>.csv`` the same for one module (written for every module, with
  just the header when everyone has submitted, so a mail merge never points at a missing file);
- ``not_on_roster.csv``: learners who handed something in but are not on the roster (their
  work is not graded until the roster names them).

The folder is built beside its destination and swapped in whole (:func:`tic_course.atomic.
replace_folder`), so a training lead never opens half a record or last week's list for a module
that has since been renamed. Every cell is written as text where it is text: in the CSV files
through :func:`~tic_course.grading.safe_text.csv_safe` (a name such as ``=HYPERLINK(...)`` gets
a leading quote), and in the workbook as string cells, which spreadsheets never run.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from tic_course.atomic import replace_folder
from tic_course.grading.records.modules import Module, RecordsError
from tic_course.grading.safe_text import clean, csv_safe

RECORD_CSV, RECORD_XLSX = "training_record.csv", "training_record.xlsx"
NOT_SUBMITTED_CSV, NOT_ON_ROSTER_CSV = "not_submitted.csv", "not_on_roster.csv"
NOT_ON_ROSTER_COLUMNS = ["learner_id", "assignments"]
TEXT_COLUMNS = {"learner_id", "name", "email", "course_code", "module_code", "module_title", "status",
                "date_completed"}


def csv_text(frame: pd.DataFrame) -> str:
    return csv_safe(frame).to_csv(index=False, lineterminator="\r\n")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Training record") -> bytes:
    """The table as an .xlsx workbook whose text cells are strings, never formulas.

    openpyxl stores a string that starts with '=' as a formula; each such cell is set back to a
    string cell, so a learner's name cannot run in the training lead's Excel. Text columns are
    also given Excel's text format ("@"), so an id such as 000123 keeps its zeros when edited.
    """
    cleaned = frame.copy()
    for column in cleaned.columns:
        if column in TEXT_COLUMNS:
            cleaned[column] = cleaned[column].map(lambda v: clean(v) if isinstance(v, str) else v)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cleaned.to_excel(writer, sheet_name=sheet, index=False)
        worksheet = writer.sheets[sheet]
        for column_cells in worksheet.iter_cols(min_row=1):
            text_column = column_cells[0].value in TEXT_COLUMNS
            for cell in column_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                if text_column and cell.row > 1:
                    cell.number_format = "@"
    return buffer.getvalue()


def check_out_dir(out_dir: Path) -> None:
    """Refuse to replace a folder that is not an earlier records folder (or empty)."""
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / RECORD_CSV).is_file())):
        raise RecordsError(f"{out_dir}: exists and is not a records folder (no {RECORD_CSV}); "
                           "refusing to replace it (choose a new folder)")


def write_records(
    out_dir: Path,
    record: pd.DataFrame,
    missing: pd.DataFrame,
    modules: list[Module],
    strangers: dict[str, list[str]],
) -> dict[str, Path]:
    """Write the folder described above in one swap; return {file name: path}."""
    out_dir = Path(out_dir)
    check_out_dir(out_dir)
    files: dict[str, bytes] = {
        RECORD_CSV: csv_text(record).encode("utf-8"),
        RECORD_XLSX: xlsx_bytes(record),
        NOT_SUBMITTED_CSV: csv_text(missing).encode("utf-8"),
    }
    for module in modules:
        files[f"not_submitted/{module.code}.csv"] = csv_text(missing[missing["module_code"] == module.code]).encode()
    rows = [[learner, ";".join(assignments)] for learner, assignments in sorted(strangers.items())]
    files[NOT_ON_ROSTER_CSV] = csv_text(pd.DataFrame(rows, columns=NOT_ON_ROSTER_COLUMNS)).encode("utf-8")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        built.chmod(0o755)
        for name, data in files.items():
            (built / name).parent.mkdir(exist_ok=True)
            (built / name).write_bytes(data)
        replace_folder(built, out_dir)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return {name: out_dir / name for name in files}
