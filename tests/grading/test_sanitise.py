"""RebuildFromRelease: only the learner's literal answers survive; every repair is noted."""

from __future__ import annotations

import copy

import nbformat
import pytest

from tic_course.grading.sanitise import RebuildFromRelease, literal_answer, literal_markdown, reflection_text
from tic_course.notebook.source import build_source_notebook


@pytest.mark.parametrize(
    "source, value, reasons",
    [
        ('answer_1 = "B"', "B", []),
        ('# Type one letter\nanswer_1 = ""\nanswer_1 = "c"', "c", []),
        ('answer_1 = """line one\nline two"""', "line one\nline two", []),
        (
            'answer_1 = "B"\nprint("All tests passed")',
            "B",
            ["1 other statement(s) in the cell were removed and not run"],
        ),
        (
            "class A:\n    def __eq__(s, o): return True\nanswer_1 = A()",
            None,
            [
                "answer_1 was not plain text between quote marks, so it was marked as unanswered",
                "1 other statement(s) in the cell were removed and not run",
            ],
        ),
        (
            'answer_1 = str.__new__(type("S", (str,), {}), "B")',
            None,
            ["answer_1 was not plain text between quote marks, so it was marked as unanswered"],
        ),
        ("answer_1 = 3", None, ["answer_1 was not plain text between quote marks, so it was marked as unanswered"]),
        (
            'answer_1 = "B" + "C"',
            None,
            ["answer_1 was not plain text between quote marks, so it was marked as unanswered"],
        ),
        ("while True:\n    pass", None, ["1 other statement(s) in the cell were removed and not run"]),
        ('answer_1 = "B', None, ["could not be read (Python syntax error on line 1); check the quote marks"]),
    ],
)
def test_literal_answer(source, value, reasons):
    assert literal_answer(source, "answer_1") == (value, reasons)


@pytest.fixture
def released(fixture_scenario):
    """A stand-in for the released notebook: the source notebook is enough for rebuild logic."""
    return build_source_notebook(fixture_scenario)


def cell(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def rebuild(submitted, released):
    target = copy.deepcopy(released)
    notes = RebuildFromRelease().rebuild(submitted, target)
    return target, notes


def test_clean_submission_needs_no_notes(released):
    sub = copy.deepcopy(released)
    cell(sub, "first-words-answer").source = 'answer_1 = "B"'
    out, notes = rebuild(sub, released)
    assert notes == []
    assert cell(out, "first-words-answer").source.endswith("answer_1 = 'B'")


def test_added_reordered_duplicated_and_deleted_cells(released):
    sub = copy.deepcopy(released)
    cell(sub, "first-words-answer").source = 'answer_1 = "A"'
    dup = copy.deepcopy(cell(sub, "first-words-answer"))
    dup.source = 'answer_1 = "B"'
    sub.cells.append(dup)
    sub.cells.append(nbformat.v4.new_code_cell("import os; os._exit(1)"))
    sub.cells = [c for c in sub.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "red-flags-answer"]
    out, notes = rebuild(sub, released)
    assert notes == [
        "1 code cell(s) added to the notebook were removed and not run",
        "the answer cell 'first-words-answer' appeared 2 times; the last one was used",
        "the answer cell 'red-flags-answer' was missing, so it was marked as unanswered",
    ]
    assert cell(out, "first-words-answer").source.endswith("answer_1 = 'B'")
    assert [c.metadata.get("nbgrader", {}).get("grade_id") for c in out.cells] == [
        c.metadata["nbgrader"]["grade_id"] for c in released.cells
    ]


def test_reordered_cells_are_put_back(released):
    sub = copy.deepcopy(released)
    sub.cells = sub.cells[::-1]
    out, notes = rebuild(sub, released)
    assert notes == ["cells had been moved; the original order was used"]
    assert [c.metadata["nbgrader"]["grade_id"] for c in out.cells] == [
        c.metadata["nbgrader"]["grade_id"] for c in released.cells
    ]
    assert cell(out, "first-words-answer").source == (
        "# Type one letter (A, B or C) between the quotes, then press Shift+Enter.\nanswer_1 = 'B'"
    )


def test_tampered_test_cell_and_metadata_come_from_the_release(released):
    sub = copy.deepcopy(released)
    test = cell(sub, "first-words-check")
    test.source = "2.0"
    test.metadata["nbgrader"]["points"] = 100
    out, _ = rebuild(sub, released)
    assert cell(out, "first-words-check").source == cell(released, "first-words-check").source
    assert cell(out, "first-words-check").metadata["nbgrader"]["points"] == 2


def test_reflection_text_is_kept_but_capped(released):
    sub = copy.deepcopy(released)
    cell(sub, "reflection").source = "x" * 30_000
    out, notes = rebuild(sub, released)
    assert cell(out, "reflection").source == literal_markdown("x" * 20_000)
    assert reflection_text(cell(out, "reflection").source) == "x" * 20_000
    assert notes == ["the reflection 'reflection' was cut to 20000 characters"]


def test_answer_cell_turned_into_markdown(released):
    sub = copy.deepcopy(released)
    cell(sub, "first-words-answer").cell_type = "markdown"
    _, notes = rebuild(sub, released)
    assert notes == ["the answer cell 'first-words-answer' had been changed to another cell type; marked as unanswered"]
