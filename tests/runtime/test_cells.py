"""The check cell reads the answer cell as last run, as marking will: in a real IPython shell.

The bug this guards: after a syntax error in an answer cell the kernel's variable still held
the previous answer and the preview said "Saved" with it, while marking (which reads the saved
cell as data) recorded nothing.
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from tic_course.grading.sanitise import literal_answer as marking_reader
from tic_course.runtime.cells import Recorded, answer_cell, find_answer_source, literal_answer

CHECK_1 = (
    "from tic_course.runtime.preview import answer_cell, preview_choice\n"
    'preview_choice(answer_cell("answer_1"), "ABC")'
)
INSTRUCTION = "# Type one letter (A, B or C) between the quotes, then press Shift+Enter.\n"


@pytest.fixture
def shell():
    InteractiveShell.clear_instance()
    sh = InteractiveShell.instance()
    yield sh
    InteractiveShell.clear_instance()


def run(shell, source: str) -> None:
    shell.run_cell(source, store_history=True)


def check(shell, capsys) -> str:
    capsys.readouterr()
    run(shell, CHECK_1)
    return capsys.readouterr().out.strip()


def test_marking_and_the_preview_share_one_reader():
    assert marking_reader is literal_answer


def test_a_syntax_error_is_reported_and_the_stale_answer_is_not_called_saved(shell, capsys):
    run(shell, INSTRUCTION + 'answer_1 = "A"')
    assert check(shell, capsys) == "Saved: A. This checkpoint is marked after you submit."
    run(shell, INSTRUCTION + 'answer_1 = "B')  # the closing quote is missing
    assert shell.user_ns["answer_1"] == "A"  # the kernel still holds the old answer
    out = check(shell, capsys)
    assert out == (
        "Not saved: the answer cell could not be read (Python syntax error on line 2); check the quote marks. "
        "Nothing is recorded for this checkpoint, so it counts as unanswered (no points), and any earlier "
        "answer no longer counts. Please fix the answer cell, run it (Shift+Enter), then run this cell again."
    )
    assert "Saved: A" not in out


def test_an_unquoted_answer_and_a_misspelt_name_say_what_is_wrong(shell, capsys):
    run(shell, INSTRUCTION + 'answer_1 = "A"')
    run(shell, INSTRUCTION + "answer_1 = B")  # NameError in the kernel; marking sees no text
    assert check(shell, capsys).startswith(
        "Not saved: answer_1 was not plain text between quote marks. Nothing is recorded"
    )
    run(shell, INSTRUCTION + 'anwser_1 = "C"')
    assert check(shell, capsys).startswith(
        "Not saved: the answer cell sets anwser_1, not answer_1; type the name exactly as it was given."
    )


def test_near_misses_are_read_and_said_back(shell, capsys):
    run(shell, INSTRUCTION + 'answer_1 = "(b)"')
    assert check(shell, capsys) == (
        "Saved: B (you typed \u201c(b)\u201d, read as B). This checkpoint is marked after you submit."
    )
    run(shell, INSTRUCTION + 'answer_1 = "b or c"')
    assert check(shell, capsys) == (
        "Please check your answer: 'or' is not an option letter: type only letters (A, B, C). Recorded as "
        "typed: \u201cb or c\u201d, which cannot be marked, so this checkpoint would score no points. "
        "Please fix the answer cell, run it (Shift+Enter), then run this cell again."
    )


def test_other_statements_are_named_but_the_answer_is_kept(shell, capsys):
    run(shell, INSTRUCTION + 'answer_1 = "C"\nprint("hello")')
    assert check(shell, capsys).splitlines()[-2:] == [
        "Note: the answer cell has 1 other statement(s), which marking drops.",
        "Saved: C. This checkpoint is marked after you submit.",
    ]


def test_a_check_before_the_answer_cell_ran_asks_for_it(shell, capsys):
    assert check(shell, capsys) == (
        "Not checked yet: run the answer cell above first (click it and press Shift+Enter), then run this cell again."
    )


def test_outside_ipython_nothing_is_claimed():
    assert answer_cell("answer_1") == Recorded("answer_1", None, ["the answer cell has not been run yet"], ran=False)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("answer_1 = '" + "x" * 20_000 + "'", "the answer cell is too long (20013 characters; limit 20000)"),
        (
            "answer_1 = " + "(" * 30 + "'B'" + ")" * 30,
            "the answer cell has brackets nested too deeply (30 levels; limit 20)",
        ),
        ("answer_1 = 'B'\nanswer_1 = 3", "answer_1 was not plain text between quote marks"),
    ],
)
def test_every_marking_note_reads_as_words_for_the_learner(shell, capsys, source, problem):
    run(shell, source)
    assert check(shell, capsys).startswith(f"Not saved: {problem}. Nothing is recorded for this checkpoint")


def test_the_answer_cell_is_the_latest_run_that_names_the_variable():
    history = ['answer_1 = "A"', 'answer_2 = "C"', 'answer_1 = "B', "x = 1", "check"]
    assert find_answer_source(history, "answer_1") == ('answer_1 = "B', None)
    assert find_answer_source(['answer_1 = "A"', 'answer1 = "B"', "check"], "answer_1") == ('answer1 = "B"', "answer1")
    # Another checkpoint's variable is never taken for a misspelling of this one.
    assert find_answer_source(['answer_1 = "A"', 'answer_2 = "B"', "check"], "answer_1") == ('answer_1 = "A"', None)
    assert find_answer_source(["check"], "answer_1") == (None, None)
