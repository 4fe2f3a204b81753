"""safe_text: one cleaner for files and pages, spreadsheet-safe CSV cells, visible terminal escapes."""

from __future__ import annotations

import pandas as pd
import pytest

from tic_course.grading.safe_text import clean, console_text, csv_cell, csv_safe


@pytest.mark.parametrize(
    "value, cleaned",
    [
        ("Léon O'Neil", "Léon O'Neil"),  # ordinary text is untouched
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("L\udce9on", "L\ufffdon"),  # a non-UTF-8 file name decoded with surrogateescape
        ("\ud800", "\ufffd"),
        ("red\x1b[31m", "red\ufffd[31m"),
        ("a\x00b\x7fc\x9bd\re", "a\ufffdb\ufffdc\ufffdd\ufffde"),
        ("abc\u202edcba\u2066x\u2069", "abc\ufffddcba\ufffdx\ufffd"),
        ("\u200dzero width joiner stays", "\u200dzero width joiner stays"),  # needed by some scripts
        (12, "12"),
    ],
)
def test_clean(value, cleaned):
    assert clean(value) == cleaned
    clean(value).encode("utf-8")


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tA", "'\tA"),
        ("\r=1", "\ufffd=1"),  # a carriage return is cleaned first, so nothing is left to run
        ("A,C", "A,C"),
        ("'already quoted", "'already quoted"),
        (-1.5, -1.5),  # numbers stay numbers
        (True, True),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_csv_safe_changes_text_columns_only():
    frame = pd.DataFrame({"learner_id": ["=1+1", "L2"], "score": [-1.0, 2.0], "late": [True, False]})
    out = csv_safe(frame)
    assert out.to_csv(index=False) == "learner_id,score,late\n'=1+1,-1.0,True\nL2,2.0,False\n"
    assert list(frame["learner_id"]) == ["=1+1", "L2"]  # the input is not changed


@pytest.mark.parametrize(
    "value, shown",
    [
        ("plain Léon", "plain Léon"),
        ("\x1b[2J", "\\x1b[2J"),
        ("bell\x07", "bell\\x07"),
        ("over\rwrite", "over\\x0dwrite"),
        ("line\nbreak", "line\\x0abreak"),
        ("csi\x9b31m", "csi\\x9b31m"),
        ("rlo\u202eexe.fdp", "rlo\\u202eexe.fdp"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("sep\u2028arator", "sep\\u2028arator"),
        ("lone\ud800", "lone\\ud800"),
    ],
)
def test_console_text(value, shown):
    assert console_text(value) == shown
