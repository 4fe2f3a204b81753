"""The training record and non-submitter lists: exact rows, statuses and columns for a fixed cohort.

The cohort is the report's hand-built one (tests/grading/test_report.py: five learners, modules m1
and m2), with a roster that adds L6, who never started, and leaves out S9, who handed work in.
L2's m2 answer was resubmitted after hand-marking (needs regrading); L5's m1 reflection is not
marked yet (awaiting marking). Scores and dates are worked out beside each row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from traitlets import TraitError
from traitlets.config import Config

from tests.grading.test_report import make_assignments, make_results
from tic_course.grading.records import (
    NON_SUBMITTER_COLUMNS,
    TRAINING_RECORD_COLUMNS,
    RecordsError,
    TrainingRecord,
    make_records,
)
from tic_course.grading.records.training import _iso
from tic_course.grading.report import prepare_assignments, prepare_results
from tic_course.grading.roster import read_roster
from tic_course.grading.states import NEEDS_REGRADING

HOSTILE = '=HYPERLINK("http://evil.example","Open")'
ROSTER = (
    "learner_id,name,email\n"
    "L1,Jane Smith,jane@nhs.example\nL2,Chidi Okafor,chidi@nhs.example\nL3,Siân Evans,sian@nhs.example\n"
    "L4,Asha Patel,asha@nhs.example\nL5,Tom Brown,tom@nhs.example\n"
    f'L6,"{HOSTILE.replace(chr(34), chr(34) * 2)}",l6@nhs.example\n'
)


def cohort() -> tuple[pd.DataFrame, pd.DataFrame]:
    results = make_results()
    regrade = (results["learner_id"] == "L2") & (results["item_id"] == "s1")
    results.loc[regrade, ["state", "needs_manual"]] = [NEEDS_REGRADING, True]
    stranger = results[results["learner_id"] == "L1"].assign(learner_id="S9")
    results = pd.concat([results, stranger], ignore_index=True)
    return prepare_results(results), prepare_assignments(make_assignments())


def settings(**overrides) -> TrainingRecord:
    config = Config()
    config.TrainingRecord.course_code = "TIC-1"
    config.TrainingRecord.module_codes = {"ch-1": "TIC-M1"}
    config.TrainingRecord.pass_marks = {"ch-2": 50}
    for name, value in overrides.items():
        setattr(config.TrainingRecord, name, value)
    return TrainingRecord(config=config)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("records")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    results, assignments = cohort()
    return make_records(
        results, assignments, read_roster(folder / "roster.csv"), folder / "records",
        chapter_minutes={"ch-1": 30, "ch-2": 40}, chapter_titles={"ch-1": "Consent", "ch-2": "Repair"},
        settings=settings(), course_code="unused",
        due_dates={"m2": pd.Timestamp("2024-03-08 17:00:00").to_pydatetime()},
    )


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


# CPD minutes: TIC-M1 = chapter 30 + scenario m1 20 = 50; ch-2 = 40 + m2 15 = 55. Pass marks 80 and 50.
M1 = ["TIC-1", "TIC-M1", "Consent"]
M2 = ["TIC-1", "ch-2", "Repair"]
EXPECTED = [
    ["L1", "Jane Smith", "jane@nhs.example", *M1, "passed", "80.0", "80.0", "2024-03-01T09:00:00+00:00", "50"],
    ["L1", "Jane Smith", "jane@nhs.example", *M2, "passed", "100.0", "50.0", "2024-03-10T12:00:00+00:00", "55"],
    ["L2", "Chidi Okafor", "chidi@nhs.example", *M1, "not_passed", "60.0", "80.0", "2024-03-01T10:00:00+00:00",
     "50"],
    ["L2", "Chidi Okafor", "chidi@nhs.example", *M2, "needs_regrading", "", "50.0", "", "0"],
    ["L3", "Siân Evans", "sian@nhs.example", *M1, "not_passed", "70.0", "80.0", "2024-03-02T11:30:00+00:00", "50"],
    ["L3", "Siân Evans", "sian@nhs.example", *M2, "not_passed", "0.0", "50.0", "2024-03-04T16:45:00+00:00", "55"],
    ["L4", "Asha Patel", "asha@nhs.example", *M1, "not_passed", "30.0", "80.0", "2024-03-02T23:59:59+00:00", "50"],
    ["L4", "Asha Patel", "asha@nhs.example", *M2, "not_submitted", "", "50.0", "", "0"],
    ["L5", "Tom Brown", "tom@nhs.example", *M1, "awaiting_marking", "", "80.0", "", "0"],
    ["L5", "Tom Brown", "tom@nhs.example", *M2, "passed", "100.0", "50.0", "2024-03-06T07:15:00+00:00", "55"],
    ["L6", "'" + HOSTILE, "l6@nhs.example", *M1, "not_submitted", "", "80.0", "", "0"],
    ["L6", "'" + HOSTILE, "l6@nhs.example", *M2, "not_submitted", "", "50.0", "", "0"],
]


def test_training_record_csv_exact(written):
    assert read(written["training_record.csv"]) == [TRAINING_RECORD_COLUMNS, *EXPECTED]


def test_training_record_xlsx_reads_back_the_same_with_text_cells(written):
    sheet = openpyxl.load_workbook(written["training_record.xlsx"]).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == TRAINING_RECORD_COLUMNS
    def number(text: str) -> float | None:
        return float(text) if text else None

    # the workbook holds the name itself, as a string cell (never a formula), not the CSV's quote;
    # scores, pass marks and minutes are numbers, everything else text
    expected = [[HOSTILE if c == "'" + HOSTILE else c for c in row] for row in EXPECTED]
    expected = [[*r[:7], number(r[7]), float(r[8]), r[9] or None, int(r[10])] for r in expected]
    assert values[1:] == expected
    name_cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {c.data_type for c in name_cells} == {"s"}
    assert sheet.cell(row=2, column=8).value == 80.0 and sheet.cell(row=2, column=11).value == 50


def test_non_submitters_combined_and_per_module(written):
    header = NON_SUBMITTER_COLUMNS
    l4 = ["Asha Patel", "asha@nhs.example", "L4", "ch-2", "Repair", "Module two", "2024-03-08T17:00:00+00:00"]
    l6 = ["'" + HOSTILE, "l6@nhs.example", "L6"]
    assert read(written["not_submitted.csv"]) == [
        header, l4, [*l6, "TIC-M1", "Consent", "Module one", ""], [*l6, "ch-2", "Repair", "Module two",
                                                                  "2024-03-08T17:00:00+00:00"]]
    assert read(written["not_submitted/TIC-M1.csv"]) == [header, [*l6, "TIC-M1", "Consent", "Module one", ""]]
    assert len(read(written["not_submitted/ch-2.csv"])) == 3


def test_learner_not_on_roster_is_listed_not_recorded(written):
    assert read(written["not_on_roster.csv"]) == [["learner_id", "assignments"], ["S9", "m1;m2"]]
    assert "S9" not in {row[0] for row in read(written["training_record.csv"])}


def test_module_of_two_scenarios_combines_them(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    results, assignments = cohort()
    assignments["chapter"] = "ch-1"
    paths = make_records(results, assignments, read_roster(tmp_path / "roster.csv"), tmp_path / "out",
                         chapter_minutes={"ch-1": 30}, chapter_titles={}, settings=settings(),
                         course_code="x")
    rows = {r[0]: r[6:] for r in read(paths["training_record.csv"])[1:]}
    # L1: (8 + 1) / (10 + 1) = 81.82 % >= 80, completed at the later submission; 30 + 20 + 15 = 65 min
    assert rows["L1"] == ["passed", "81.82", "80.0", "2024-03-10T12:00:00+00:00", "65"]
    assert rows["L2"][0] == "needs_regrading" and rows["L4"][0] == "not_submitted"
    assert rows["L5"][0] == "awaiting_marking" and rows["L3"] == ["not_passed", "63.64", "80.0",
                                                                  "2024-03-04T16:45:00+00:00", "65"]


def test_completion_date_carries_british_summer_time():
    from zoneinfo import ZoneInfo
    assert _iso(pd.Timestamp("2024-06-01T12:00:00Z"), ZoneInfo("Europe/London")) == "2024-06-01T13:00:00+01:00"


def test_bad_settings_and_missing_minutes_are_refused(tmp_path):
    with pytest.raises(TraitError, match="module_codes"):
        settings(module_codes={"ch-1": "../x"})
    with pytest.raises(TraitError, match="pass_marks"):
        settings(pass_marks={"ch-1": 120})
    with pytest.raises(TraitError, match="not an IANA time zone"):
        settings(timezone="Mars/Olympus")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    results, assignments = cohort()
    with pytest.raises(RecordsError, match="chapter 'ch-2' .* has no stated minutes"):
        make_records(results, assignments, read_roster(tmp_path / "roster.csv"), tmp_path / "out",
                     chapter_minutes={"ch-1": 30}, chapter_titles={}, settings=settings(), course_code="x")
    assert not (tmp_path / "out").exists()
    with pytest.raises(RecordsError, match="two modules the code SAME"):
        make_records(results, assignments, read_roster(tmp_path / "roster.csv"), tmp_path / "out",
                     chapter_minutes={"ch-1": 30, "ch-2": 1}, chapter_titles={},
                     settings=settings(module_codes={"ch-1": "SAME", "ch-2": "SAME"}), course_code="x")


def test_refuses_to_replace_a_folder_that_is_not_records(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.docx").write_text("keep me")
    results, assignments = cohort()
    with pytest.raises(RecordsError, match="not a records folder"):
        make_records(results, assignments, read_roster(tmp_path / "roster.csv"), tmp_path / "out",
                     chapter_minutes={"ch-1": 30, "ch-2": 40}, chapter_titles={}, settings=settings(),
                     course_code="x")
    assert (tmp_path / "out" / "thesis.docx").read_text() == "keep me"


def test_a_failure_half_way_through_leaves_the_previous_records_whole(tmp_path, monkeypatch):
    """A full disk while the third file is written: last run's folder stays exactly as it was."""
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    results, assignments = cohort()

    def write(out: Path, **overrides) -> dict[str, Path]:
        return make_records(results, assignments, read_roster(tmp_path / "roster.csv"), out,
                            chapter_minutes={"ch-1": 30, "ch-2": 40}, chapter_titles={},
                            settings=settings(**overrides), course_code="x")

    out = tmp_path / "records"
    write(out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real, calls = Path.write_bytes, []

    def fail_on_third(self: Path, data: bytes) -> int:
        calls.append(self.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fail_on_third)
    with pytest.raises(OSError, match="No space left"):
        write(out, course_code="TIC-2")  # a change, so a half-written folder would differ
    monkeypatch.undo()
    assert len(calls) == 3
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records", "roster.csv"]  # no staging folder left
