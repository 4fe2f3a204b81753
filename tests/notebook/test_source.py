"""The source notebook built from a scenario: nbgrader metadata, answers and hidden tests."""

from __future__ import annotations

import json

import nbformat
import pytest

from tic_course.checkpoints.reflection import OPT_OUT_PHRASE
from tic_course.notebook.release import write_notebook
from tic_course.notebook.source import build_source_notebook


@pytest.fixture(scope="module")
def nb(fixture_scenario):
    return build_source_notebook(fixture_scenario)


def by_id(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}


def test_notebook_is_valid_nbformat(nb):
    nbformat.validate(nb)


def test_cell_order_and_ids(nb):
    assert [c.metadata["nbgrader"]["grade_id"] for c in nb.cells] == [
        "introduction",
        "practice-conversation",
        "checkpoints-intro",
        "first-words-question",
        "first-words-answer",
        "first-words-check",
        "red-flags-question",
        "red-flags-answer",
        "red-flags-check",
        "escalation-order-question",
        "escalation-order-answer",
        "escalation-order-check",
        "rewrite-regular-question",
        "rewrite-regular-answer",
        "rewrite-regular-check",
        "reflection-question",
        "reflection",
        "finish",
    ]
    # Cell ids are the grade ids, not nbformat's random ones.
    assert [c.id for c in nb.cells] == [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]


def test_the_content_note_comes_before_anything_else(nb, fixture_scenario):
    first = nb.cells[0].source
    assert first.startswith(f"> **Content note.** {fixture_scenario['content_note'].strip()}")
    assert first.index("Content note") < first.index(f"# {fixture_scenario['title']}") < first.index("**Setting.**")


def test_the_same_scenario_always_builds_the_same_notebook(nb, fixture_scenario):
    assert nbformat.writes(build_source_notebook(fixture_scenario)) == nbformat.writes(nb)


def test_points_and_cell_kinds(nb):
    cells = by_id(nb)
    graded = {k: c.metadata["nbgrader"]["points"] for k, c in cells.items() if c.metadata["nbgrader"]["grade"]}
    assert graded == {
        "first-words-check": 2,
        "red-flags-check": 3,
        "escalation-order-check": 3,
        "rewrite-regular-check": 3,
        "reflection": 2,
    }
    assert cells["reflection"].cell_type == "markdown" and cells["reflection"].metadata["nbgrader"]["solution"]
    assert cells["first-words-answer"].metadata["nbgrader"] == {
        "grade": False,
        "grade_id": "first-words-answer",
        "locked": False,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }


def test_answer_cell_has_blank_line_and_solution(nb):
    assert by_id(nb)["first-words-answer"].source == (
        "# Type one letter (A, B or C) between the quotes, then press Shift+Enter.\n"
        'answer_1 = ""\n### BEGIN SOLUTION\nanswer_1 = "B"\n### END SOLUTION'
    )


def test_hidden_test_holds_the_key_and_returns_the_score(nb):
    src = by_id(nb)["red-flags-check"].source
    visible, hidden = src.split("### BEGIN HIDDEN TESTS")
    assert 'preview_choice(answer_cell("answer_2"), "ABCD", several=True)' in visible
    assert "correct=['A', 'B', 'D']" in hidden and "points=3)" in hidden
    assert hidden.strip().endswith("### END HIDDEN TESTS")


def test_practice_cell_embeds_the_conversation_only(nb, fixture_scenario):
    cell = by_id(nb)["practice-conversation"]
    payload = cell.source.split('r"""', 1)[1].rsplit('"""', 1)[0]
    data = json.loads(payload)
    assert data["conversation"] == fixture_scenario["conversation"]
    assert "checkpoints" not in data
    assert cell.metadata["tags"] == ["remove-input"]


def test_reflection_prompt_offers_opt_out(nb):
    assert f"\u201c{OPT_OUT_PHRASE}\u201d" in by_id(nb)["reflection-question"].source
    assert "same credit" in by_id(nb)["reflection-question"].source


def test_atomic_write_leaves_no_partial_file(tmp_path, nb):
    dest = tmp_path / "a" / "n.ipynb"
    write_notebook(nb, dest)
    assert nbformat.read(dest, 4) == nb

    bad = nbformat.from_dict(nb)
    bad.cells[0]["source"] = object()  # not serialisable: the write must fail cleanly
    with pytest.raises(TypeError):
        write_notebook(bad, dest)
    assert nbformat.read(dest, 4) == nb
    assert [p.name for p in dest.parent.iterdir()] == ["n.ipynb"]
