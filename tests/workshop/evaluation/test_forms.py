"""Reading Microsoft Forms and Google Forms exports: every problem named by row and column, no guesses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tic_course.workshop.evaluation.forms import (
    ResponsesError,
    choices,
    read_responses,
    template_header,
    write_template,
)

RESPONSES = ROOT / "tests" / "fixtures" / "workshop-responses.csv"
K1 = "Which reply keeps the patient's choice?"
K1_RIGHT = "Would you like to go ahead now, or wait?"
FIRST_WORDS_RIGHT = '"This feels different from your usual pain. Tell me what\'s changed tonight."'
RED_FLAGS_RIGHT = frozenset({"Weakness in his legs", "Trouble passing water", "Pain spreading into his abdomen"})


def table() -> list[list[str]]:
    return list(csv.reader(io.StringIO(RESPONSES.read_text(encoding="utf-8"), newline="")))


def write(tmp_path: Path, rows: list[list[str]], name: str = "export.csv") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def as_google(rows: list[list[str]]) -> list[list[str]]:
    """The same answers as a Google Forms export: Timestamp first, checkboxes joined by ', '."""
    out = [["Timestamp", *rows[0][5:]]]
    for row in rows[1:]:
        out.append([row[2]] + [c.rstrip(";").replace(";", ", ") for c in row[5:]])
    return out


def test_template_headers_match_each_export(questionnaire, tmp_path):
    assert template_header(questionnaire, "microsoft")[:7] == [
        "ID", "Start time", "Completion time", "Email", "Name", "Your code", "When?",
    ]  # fmt: skip
    assert template_header(questionnaire, "google")[:3] == ["Timestamp", "Your code", "When?"]
    write_template(questionnaire, tmp_path / "t.csv")
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n") and raw.count(b"\r\n") == 1
    assert next(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == template_header(questionnaire)


def test_the_fixed_export_reads_exactly(questionnaire):
    responses = read_responses(RESPONSES, questionnaire)
    assert responses.form == "Microsoft Forms"
    assert [(r.row, r.code, r.phase) for r in responses.rows] == [
        (2, "SEASIDE42", "pre"), (3, "OAK7", "pre"), (4, "RIVER11", "pre"), (5, "MOON88", "pre"),
        (6, "FERN2024", "pre"), (7, "BLUE5", "pre"), (8, "LAKE99", "pre"), (9, "SEASIDE42", "post"),
        (10, "OAK7", "post"), (11, "RIVER11", "post"), (12, "MOON88", "post"), (13, "FERN2024", "post"),
        (14, "BLUE5", "post"), (15, "HILL33", "post"),
    ]  # fmt: skip
    first_after = responses.rows[7].answers
    assert first_after == {
        "t-kc-1": frozenset({K1_RIGHT}),
        "triage-pain-red-flags": RED_FLAGS_RIGHT,
        "triage-pain-first-words": frozenset({FIRST_WORDS_RIGHT}),
        "c1": 3, "c2": 3, "a1": 5, "s1": 5, "s2": 5,
        "m1": "<script>alert('x')</script> Loved it",
    }  # fmt: skip
    before = responses.rows[2].answers  # RIVER11 left the knowledge questions blank
    assert before["t-kc-1"] == frozenset() and "s1" not in before and "m1" not in before
    assert responses.rows[9].answers["c2"] is None
    assert responses.notes == [
        "The export holds names or email addresses. They were not read and are not in this report; "
        "set the form not to record names next time.",
        "1 answer(s) to after-the-session questions were given on before-the-session forms and were not used.",
    ]
    assert responses.ignored_columns == []


def test_a_google_export_of_the_same_answers_reads_the_same(questionnaire, tmp_path):
    microsoft = read_responses(RESPONSES, questionnaire)
    google = read_responses(write(tmp_path, as_google(table())), questionnaire)
    assert google.form == "Google Forms"
    assert [(r.code, r.phase, r.answers) for r in google.rows] == [(r.code, r.phase, r.answers) for r in microsoft.rows]


def test_extra_columns_are_reported_not_used(questionnaire, tmp_path):
    rows = table()
    rows = [[*row, "Ward 7" if i else "Your ward"] for i, row in enumerate(rows)]
    responses = read_responses(write(tmp_path, rows), questionnaire)
    assert responses.ignored_columns == ["Your ward"]


def edit(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    rows = [list(r) for r in rows]
    rows[row - 1][rows[0].index(column)] = value
    return rows


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda rows: [["Respondent", *rows[0][1:]], *rows[1:]],
            "the first column is 'Respondent': expected a Microsoft Forms export (ID, Start time, Completion "
            "time, Email, Name, then the questions) or a Google Forms export (Timestamp, then the questions)",
        ),
        (
            lambda rows: edit(rows, 1, "Confident to stop?", "Confident to stop"),
            "no column for the question 'Confident to stop?' (the closest column is 'Confident to stop': "
            "reword the form or the questionnaire so they match)",
        ),
        (
            lambda rows: edit(rows, 3, K1, "Maybe"),
            "row 3, column \"Which reply keeps the patient's choice?\": 'Maybe' is not one of this question's options",
        ),
        (
            lambda rows: edit(rows, 2, "Confident to offer choice?", "7"),
            "row 2, column 'Confident to offer choice?': '7' is not a rating from 1 to 5",
        ),
        (
            lambda rows: edit(rows, 2, "Your code", "ab"),
            "row 2, column 'Your code': 'ab' is not a participant code (4 to 12 letters or digits); "
            "correct it if you know it, or delete the row",
        ),
        (
            lambda rows: edit(rows, 4, "Your code", " "),
            "row 4, column 'Your code': an empty cell is not a participant code (4 to 12 letters or digits); "
            "correct it if you know it, or delete the row",
        ),
        (
            lambda rows: edit(rows, 2, "When?", "During"),
            "row 2, column 'When?': 'During' is neither 'Before' nor 'After'",
        ),
        (
            lambda rows: [*rows, rows[2]],
            "rows 3 and 16 both give participant code 'OAK7' and 'Before': keep the one you want to count "
            "and delete the other",
        ),
        (lambda rows: [*rows[:3], rows[3][:3], *rows[4:]], "row 4 has 3 cells but the header has 16"),
        (
            lambda rows: [[*rows[0][:-1], "Felt safe."], *rows[1:]],
            "column 16 'Felt safe.' repeats column 15: every column needs its own heading",
        ),
        (lambda rows: rows[:1], "has a header but no responses"),
        (
            lambda rows: [[";".join(r)] for r in rows],
            "the columns are separated by semicolons, not commas: in Excel use Save As, 'CSV UTF-8 (Comma delimited)'",
        ),
    ],
)
def test_bad_exports_are_rejected_with_exact_messages(questionnaire, tmp_path, change, message):
    path = write(tmp_path, change(table()))
    with pytest.raises(ResponsesError) as info:
        read_responses(path, questionnaire)
    assert f"{path}: {message}" in str(info.value).splitlines()


def test_every_problem_is_listed_at_once(questionnaire, tmp_path):
    rows = edit(edit(table(), 2, "Confident to offer choice?", "0"), 9, "Felt safe.", "five")
    path = write(tmp_path, rows)
    with pytest.raises(ResponsesError) as info:
        read_responses(path, questionnaire)
    assert str(info.value).splitlines() == [
        f"{path}: row 2, column 'Confident to offer choice?': '0' is not a rating from 1 to 5",
        f"{path}: row 9, column 'Felt safe.': 'five' is not a rating from 1 to 5",
    ]


def test_files_that_are_not_utf8_csv_are_rejected(questionnaire, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(RESPONSES.read_bytes().replace(b"Would you", "Caf\u00e9".encode("latin-1")))
    with pytest.raises(ResponsesError, match=r"is not UTF-8 text \(byte \d+\): in Excel use Save As, 'CSV UTF-8"):
        read_responses(latin, questionnaire)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ResponsesError, match="is empty: expected a header row of question texts"):
        read_responses(empty, questionnaire)
    with pytest.raises(ResponsesError, match="cannot be read"):
        read_responses(tmp_path / "missing.csv", questionnaire)


def test_choices_split_only_where_every_piece_is_an_option():
    options = ("Red", "Blue, or green", "Yellow")
    assert choices("Red;Blue, or green;", options) == {"Red", "Blue, or green"}
    assert choices("Blue, or green, Yellow", options) == {"Blue, or green", "Yellow"}
    assert choices("  red ", options) == {"Red"}
    assert choices("", options) == frozenset()
    with pytest.raises(ValueError, match="'Red, Purple' is not one of this question's options"):
        choices("Red, Purple", options)
    with pytest.raises(ValueError, match="can be read as more than one set of options"):
        choices("a, b, c", ("a, b", "c", "a", "b, c"))
