"""Hostile answers (issue #11, part 2): each input's exact outcome, through the real code paths.

Attack classes: stored XSS through a reflection (checked in nbgrader's own feedback HTML),
resource bombs in answer cells, values that used to crash a batch or poison later runs, free
text in exports, CSV formula injection and terminal control characters. The end-to-end batch
(a clean learner graded alongside hostile ones) is at the bottom and runs nbgrader for real.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import nbformat
import nbgrader
import pandas as pd
import pytest
from nbconvert.exporters import HTMLExporter
from traitlets.config import Config

from tic_course.grading.columns import INVALID_ANSWER, RESULTS_COLUMNS
from tic_course.grading.parallel import Job, Outcome
from tic_course.grading.pipeline import RunSummary, _print_summary
from tic_course.grading.report import write_report
from tic_course.grading.report.inputs import restrict_answers
from tic_course.grading.results import recorded_letters, write_tables
from tic_course.grading.sanitise import (
    REFLECTION_CLOSE,
    REFLECTION_OPEN,
    RebuildFromRelease,
    literal_answer,
    literal_markdown,
    reflection_text,
)
from tic_course.notebook.source import build_source_notebook

# ---------------------------------------------------------------------------------------------
# Bounded cost: every answer cell is measured before it is parsed.

TOO_COMPLEX = "was too complex to read (too many operators in a row), so it was marked as unanswered"


@pytest.mark.parametrize(
    "source, value, reasons",
    [
        # the 1.2 MB cell that made ast.parse take 827 MB: refused on its length alone
        (
            "answer_1 = [" + "0," * 600_000 + "]",
            None,
            ["too long (1200013 characters; limit 20000), so it was marked as unanswered"],
        ),
        (
            "answer_1 = " + "(" * 30 + '"B"' + ")" * 30,
            None,
            ["brackets nested too deeply (30 levels; limit 20), so it was marked as unanswered"],
        ),
        # brackets inside the text are text, not nesting
        ('answer_1 = "' + "(" * 50 + '"', "(" * 50, []),
        (
            "answer_1 = " + "9" * 5000,
            None,
            ["holds a number too long to read (line 1), so it was marked as unanswered"],
        ),
        ("answer_1 = " + "1+" * 9000 + "1", None, [TOO_COMPLEX]),  # RecursionError inside the parser
        ("answer_1 = " + "-" * 19_000 + "1", None, [TOO_COMPLEX]),  # MemoryError (parser stack)
        ("answer_1 = a" + ".b" * 9000, None, [TOO_COMPLEX]),
        ('answer_1 = "B"\x00', None, ["could not be read (Python syntax error); check the quote marks"]),
        (
            'answer_1 = ["B"]',
            None,
            ["answer_1 was not plain text between quote marks, so it was marked as unanswered"],
        ),
    ],
    ids=["1.2MB-cell", "nesting-30", "brackets-in-text", "5000-digit-int", "binop-chain", "unary-chain",
         "attribute-chain", "null-byte", "list-not-text"],
)
def test_answer_cell_cost_is_bounded_before_parsing(source, value, reasons):
    assert literal_answer(source, "answer_1") == (value, reasons)


def test_the_limit_is_on_the_cell_not_on_a_normal_answer():
    reply = "I can hear how frightening this has been. " * 400  # 16,800 characters: allowed
    assert literal_answer(f'answer_4 = """{reply}"""', "answer_4") == (reply, [])


# ---------------------------------------------------------------------------------------------
# The rebuild: learner cells of any shape, characters that cannot be written, attachments.


@pytest.fixture
def released(fixture_scenario):
    """The source notebook stands in for the release: the rebuild logic is the same."""
    return build_source_notebook(fixture_scenario)


def cell(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def rebuild(submitted, released):
    target = copy.deepcopy(released)
    return target, RebuildFromRelease().rebuild(submitted, target)


def test_lone_surrogate_and_escape_in_answers_become_replacement_characters(released):
    sub = copy.deepcopy(released)
    cell(sub, "first-words-answer").source = 'answer_1 = "\\ud800"'
    cell(sub, "rewrite-regular-answer").source = 'answer_4 = "I hear you \\x1b[2J\\u202e"'
    out, notes = rebuild(sub, released)
    assert cell(out, "first-words-answer").source.endswith("answer_1 = '\ufffd'")
    assert cell(out, "rewrite-regular-answer").source.endswith("answer_4 = 'I hear you \ufffd[2J\ufffd'")
    assert notes == [
        "answer cell 'first-words-answer': characters that cannot be shown (such as control characters) "
        "were replaced with \ufffd",
        "answer cell 'rewrite-regular-answer': characters that cannot be shown (such as control characters) "
        "were replaced with \ufffd",
    ]
    nbformat.writes(out).encode("utf-8")  # the rebuilt notebook can be written


def test_cells_of_the_wrong_shape_are_unanswered_not_a_crash(released):
    sub = copy.deepcopy(released)
    cell(sub, "first-words-answer")["source"] = [1, {"a": 2}]  # a list where text is expected
    cell(sub, "red-flags-answer")["metadata"] = ["not", "a", "mapping"]  # so its grade id is unknown
    out, notes = rebuild(sub, released)
    assert notes == [
        "1 code cell(s) added to the notebook were removed and not run",  # the cell nbgrader cannot name
        "the answer cell 'first-words-answer' did not hold text, so it was marked as unanswered",
        "the answer cell 'red-flags-answer' was missing, so it was marked as unanswered",
    ]
    assert cell(out, "first-words-answer").source == cell(released, "first-words-answer").source


def test_cells_that_are_not_a_list_count_as_missing(released):
    sub = nbformat.from_dict({"cells": {"first-words-answer": 'answer_1 = "B"'}, "metadata": {}})
    _, notes = rebuild(sub, released)
    assert notes == [
        f"the answer cell '{gid}' was missing, so it was marked as unanswered"
        for gid in ("first-words-answer", "red-flags-answer", "escalation-order-answer",
                    "rewrite-regular-answer", "reflection")
    ]


def test_reflection_attachments_are_removed_with_a_note(released):
    sub = copy.deepcopy(released)
    reflection = cell(sub, "reflection")
    reflection.source = "My reflection\n\n![pasted](attachment:image.png)"
    reflection["attachments"] = {"image.png": {"image/png": "iVBORw0KGgo="}}
    out, notes = rebuild(sub, released)
    assert notes == [
        "the reflection 'reflection' had 1 attached file(s) (such as pasted images); they were removed, "
        "because only typed text is marked"
    ]
    assert "attachments" not in cell(out, "reflection")
    assert cell(out, "reflection").source == (
        REFLECTION_OPEN + "My reflection\n\n!\\[pasted\\](attachment:image.png)" + REFLECTION_CLOSE
    )


def test_untouched_and_blank_reflections_stay_as_nbgrader_expects(released):
    """nbgrader scores an unchanged or emptied reflection as unanswered; wrapping it would hide that."""
    for text in (cell(released, "reflection").source, "", "   \n"):
        sub = copy.deepcopy(released)
        cell(sub, "reflection").source = text
        out, notes = rebuild(sub, released)
        assert (cell(out, "reflection").source, notes) == (text, [])


# ---------------------------------------------------------------------------------------------
# Stored XSS: the reflection, rendered by nbconvert with nbgrader's own feedback template.

NBGRADER_TEMPLATES = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
BOOTSTRAP_CSS = (
    Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "static" / "node_modules" / "bootstrap"
    / "dist" / "css"
)


def feedback_html(nb: nbformat.NotebookNode) -> str:
    """The learner's feedback page, exported exactly as nbgrader's GenerateFeedback configures it."""
    config = Config()
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [str(NBGRADER_TEMPLATES)]
    config.HTMLExporter.extra_template_paths = [str(BOOTSTRAP_CSS)]
    nb = copy.deepcopy(nb)
    for c in nb.cells:
        meta = c.metadata.get("nbgrader")
        if meta:
            meta.update(score=0, comment=None)
    resources = {"nbgrader": {"notebook": "triage-pain", "score": 0, "max_score": 13, "late_penalty": 0}}
    html, _ = HTMLExporter(config=config).from_notebook_node(nb, resources=resources)
    return html


def reflection_part(html: str) -> str:
    """The rendered reflection: from the ignore-maths div to the end of its cell."""
    start = html.index('<div class="tex2jax_ignore">')
    return html[start : html.index("</div>", start) + len("</div>")]


XSS = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", ["<script>alert"]),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", ["<img"]),
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))", ["href=\"javascript", "<a "]),
    ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;", ["<svg"]),
    ('<iframe src="https://evil.example/"></iframe>', "&lt;iframe src=\"", ["<iframe"]),
    ("![pixel](https://evil.example/track.png)", "![pixel](", ["<img", 'src="https://evil.example']),
    ("&#60;script&#62;alert(1)&#60;/script&#62;", "&amp;#60;script&amp;#62;", ["<script>alert", "&#60;script"]),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](data:text/html;base64,PHNjcmlwdD4=)", ["href=\"data:"]),
    ('<a href="vbscript:msgbox(1)">x</a>', "&lt;a href=\"vbscript:msgbox(1)\"&gt;x&lt;/a&gt;", ["<a href"]),
    ("[x]: javascript:alert(1)\n\n[x]", "[x]: javascript:alert(1)", ["href=\"javascript"]),
    ("<javascript:alert(1)>", "&lt;javascript:alert(1)&gt;", ["href=\"javascript"]),
    ("```mermaid\n<script>alert(1)</script>\n```", "&lt;script&gt;alert(1)", ["<script>alert", "jp-Mermaid"]),
    ("$\\href{javascript:alert(1)}{x}$ and \\(x\\)", "$\\href{javascript:alert(1)}{x}$ and \\(x\\)", ["<a "]),
    ("</div><script>alert(1)</script>", "&lt;/div&gt;&lt;script&gt;", ["<script>alert"]),
]


@pytest.mark.parametrize("payload, shown, absent", XSS, ids=[p[0][:24] for p in XSS])
def test_reflection_markup_is_inert_in_nbgraders_feedback_html(released, payload, shown, absent):
    sub = copy.deepcopy(released)
    cell(sub, "reflection").source = f"I would listen first.\n\n{payload}"
    out, _ = rebuild(sub, released)
    html = feedback_html(out)
    part = reflection_part(html)
    if "<" in payload:  # the raw markup appears nowhere on the page
        assert payload not in html
    assert "I would listen first." in part
    assert shown in part
    for marker in absent:
        assert marker not in part, marker
    assert part.count("<div") == 1 and part.endswith("</div>")  # the learner could not close the div
    assert reflection_text(cell(out, "reflection").source) == f"I would listen first.\n\n{payload}"


def test_ordinary_reflection_markdown_still_reads_as_written(released):
    sub = copy.deepcopy(released)
    cell(sub, "reflection").source = "I would:\n\n- sit down\n- ask *what* matters & wait\n\nCost: $5"
    out, _ = rebuild(sub, released)
    part = reflection_part(feedback_html(out))
    assert "<li>sit down</li>" in part
    assert "<li>ask <em>what</em> matters &amp; wait</li>" in part
    assert "<p>Cost: $5</p>" in part


def test_literal_markdown_round_trips_every_special_character():
    text = "\\[a](b) `c` ~d~ $e$ &amp; <f> \\\\ \ud800 end"
    assert literal_markdown(text) == (
        REFLECTION_OPEN + "&#92;\\[a\\](b) \\`c\\` \\~d\\~ \\$e\\$ &amp;amp; &lt;f&gt; &#92;&#92; \ufffd end"
        + REFLECTION_CLOSE
    )
    assert reflection_text(literal_markdown(text)) == text.replace("\ud800", "\ufffd")


# ---------------------------------------------------------------------------------------------
# Only expected data in exports; files that survive any value.


@pytest.mark.parametrize(
    "typed, options, recorded",
    [
        ("a, c", "ABCD", "A,C"),
        ("C, A, B, D", "ABCD", "C,A,B,D"),
        ("", "ABCD", ""),
        (None, "ABCD", ""),
        (" , ; ", "ABCD", ""),  # separators only: unanswered, as the scoring reads it
        ("my NHS number is 943 476 5919", "ABCD", INVALID_ANSWER),  # private text is never copied
        ("=HYPERLINK(\"http://evil.example\",\"B\")", "ABCD", INVALID_ANSWER),
        ("\ud800", "ABCD", INVALID_ANSWER),
        ("A A A A A", "ABCD", INVALID_ANSWER),  # more letters than options
        ("E", "ABCD", INVALID_ANSWER),
    ],
)
def test_lettered_answers_are_recorded_as_option_keys_or_invalid(typed, options, recorded):
    assert recorded_letters(typed, options) == recorded


def results_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """results rows (learner, item_id, item_type, answer) for assignment m1."""
    return pd.DataFrame(
        [
            {"learner_id": learner, "assignment": "m1", "item_id": item, "item_type": kind,
             "score": 0.0 if kind != "reflection" else math.nan, "max_score": 2.0,
             "needs_manual": kind == "reflection", "answer": answer,
             "submitted_at": pd.Timestamp("2024-03-01T09:00:00Z"), "late": False,
             "objectives": "o1", "skills": "s-a",
             "state": "awaiting your educator" if kind == "reflection" else "scored"}
            for learner, item, kind, answer in rows
        ],
        columns=RESULTS_COLUMNS,
    )


ITEMS = pd.DataFrame(
    [("m1", "q1", "single_choice", 2.0, "o1", "s-a", "ABC", "B"),
     ("m1", "w1", "rewrite", 2.0, "o1", "s-a", "", ""),
     ("m1", "r1", "reflection", 2.0, "o1", "s-a", "", "")],
    columns=["assignment", "item_id", "item_type", "max_score", "objectives", "skills", "options", "correct"],
)
ASSIGNMENTS = pd.DataFrame({"assignment": ["m1"], "title": ["Module one"], "chapter": ["ch"], "minutes": [20],
                            "total_points": [6]})


def test_report_guard_turns_free_text_in_a_choice_column_into_the_marker():
    results = results_frame([("L1", "q1", "single_choice", "I was assaulted"), ("L2", "q1", "single_choice", "B"),
                             ("L3", "q1", "single_choice", "A,B,C,A")])
    assert list(restrict_answers(results, ITEMS)["answer"]) == [INVALID_ANSWER, "B", INVALID_ANSWER]


EVIL_ID = "<script>alert('id')</script>"


def test_cohort_report_escapes_learner_ids_and_drops_free_text(tmp_path):
    results = results_frame([
        (EVIL_ID, "q1", "single_choice", "B"),
        (EVIL_ID, "w1", "rewrite", "<script>alert('rewrite')</script>"),
        (EVIL_ID, "r1", "reflection", "<img src=x onerror=alert('reflection')>"),
    ])
    paths = write_report(results, ITEMS, ASSIGNMENTS, tmp_path / "report", cohort_name="<b>Ward 7</b>")
    page = paths["report.html"].read_text(encoding="utf-8")
    assert "<script" not in page and "<b>Ward" not in page
    assert page.count("<img") == page.count('<img src="data:image/png;base64,')  # only the report's own charts
    assert "&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Ward 7&lt;/b&gt;" in page
    assert "rewrite&#39;" not in page and "reflection&#39;" not in page  # free text never reaches the report


FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)", "\tA", "=HYPERLINK(\"http://evil.example\")"]


def test_every_csv_neutralises_formulas(tmp_path):
    """OWASP CSV Injection: a text cell starting =, +, -, @ or tab is written with a leading quote."""
    results = results_frame([(f, "q1", "single_choice", "B") for f in FORMULAS])
    write_tables(tmp_path / "data", results, ITEMS, ASSIGNMENTS)
    paths = write_report(results, ITEMS, ASSIGNMENTS, tmp_path / "report")
    written = pd.read_csv(tmp_path / "data" / "results.csv", dtype=str, keep_default_na=False)
    assert list(written["learner_id"]) == ["'" + f for f in FORMULAS]
    for name in ("completion.csv",):  # the report strips the tab, so "A" is plain
        ids = set(pd.read_csv(paths[name], dtype=str, keep_default_na=False)["learner_id"])
        assert ids == {"'=1+1", "'+1+1", "'-1+1", "'@SUM(1+1)", "A", "'=HYPERLINK(\"http://evil.example\")"}, name
    scores = pd.read_csv(paths["item_analysis.csv"], dtype=str, keep_default_na=False)
    assert not any(v.startswith("'") for v in scores["point_biserial"])  # numbers stay numbers


def test_a_lone_surrogate_cannot_poison_this_run_or_the_next(tmp_path):
    """A learner id or answer that cannot be encoded used to stop results.csv (and so every later run)."""
    poisoned = results_frame([("L\udce9on", "q1", "single_choice", "\ud800"), ("L2", "q1", "single_choice", "B")])
    for _ in range(2):  # the second run reads what the first one wrote
        write_tables(tmp_path / "data", poisoned, ITEMS, ASSIGNMENTS)
        from tic_course.grading.report import load_folder

        results, items, assignments = load_folder(tmp_path / "data")
        write_report(results, items, assignments, tmp_path / "report")
        poisoned = results
    text = (tmp_path / "data" / "results.csv").read_text(encoding="utf-8")
    assert "L\ufffdon,m1,q1,single_choice" in text
    assert list(restrict_answers(results, items)["answer"]) == [INVALID_ANSWER, "B"]
    assert "L\ufffdon" in (tmp_path / "report" / "report.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The educator's terminal.


def test_summary_lines_cannot_drive_the_terminal(capsys):
    evil = "L1\x1b[2J\x1b]0;pwned\x07\r\x9b31m\u202eexe.fdp"
    summary = RunSummary(graded=1)
    summary.notes = [Outcome(Job(evil, "triage-pain"), "graded", notes=["note \x1b[31mred"])]
    summary.failed = [Outcome(Job(evil, "triage-pain"), "failed", error="boom\r\x1b[Kfine")]
    _print_summary(summary)
    lines = capsys.readouterr().out.splitlines()
    shown = "L1\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\x9b31m\\u202eexe.fdp"
    assert lines[1] == f"    NOTE {shown}/triage-pain: note \\x1b[31mred"
    assert lines[2] == f"    FAILED {shown}/triage-pain: boom\\x0d\\x1b[Kfine"
    assert not any(ch in "".join(lines) for ch in "\x1b\x07\r\x9b\u202e")


# ---------------------------------------------------------------------------------------------
# End to end: hostile submissions graded in one batch with a clean one, by nbgrader, twice.

MODEL = (
    "You said this isn't your usual pain, and I believe you. Tell me what has changed tonight so we can see "
    "you at the right speed."
)
FORMULA_ID = "=1+1|cmd"
ESC_ID = "l\x1b[31m\u202eesc"
HOSTILE = {
    # learner -> (cell sources by grade id, reflection)
    "clean": ({}, "I choose to opt out"),
    "xss": (
        {"first-words-answer": 'answer_1 = "<script>alert(1)</script>"'},
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))\n\n"
        "<svg onload=alert(4)>",
    ),
    "bomb": (
        {
            "first-words-answer": "answer_1 = [" + "0," * 600_000 + "]",
            "red-flags-answer": "answer_2 = " + "9" * 5000,
            "escalation-order-answer": "answer_3 = " + "(" * 30 + '"A"' + ")" * 30,
            "rewrite-regular-answer": f'answer_4 = """{MODEL} {"x" * 15_000}"""',
        },
        "",
    ),
    FORMULA_ID: (
        {
            "first-words-answer": 'answer_1 = "my password is hunter2"',
            "red-flags-answer": 'answer_2 = "\\ud800"',
            "escalation-order-answer": 'answer_3 = "=HYPERLINK(\\"http://evil.example\\")"',
        },
        "",
    ),
    ESC_ID: ({}, "I choose to opt out"),
}
# Hand-computed automatic scores: a solved cell is worth 2 + 3 + 3 + 3 = 11.
EXPECTED_TOTALS = {"clean": 11.0, "xss": 9.0, "bomb": 3.0, FORMULA_ID: 3.0, ESC_ID: 11.0}


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    import shutil

    from tests.conftest import FIXTURE, make_course
    from tic_course.grading.pipeline import pipeline_config, run
    from tic_course.notebook.release import build_sources, release
    from tic_course.scenario.catalogue import load_all
    from tools.submissions import fill_answers, solved_answers, write_submission

    tmp = tmp_path_factory.mktemp("hostile")
    course = make_course(tmp / "course")
    exercises = tmp / "exercises"
    (exercises / "triage-pain").mkdir(parents=True)
    shutil.copy(FIXTURE, exercises / "triage-pain" / "scenario.yml")
    [scenario] = load_all([exercises / "triage-pain" / "scenario.yml"])
    release(build_sources([scenario], course), course, None)
    released = nbformat.read(course / "release" / "triage-pain" / "triage-pain.ipynb", as_version=4)
    for learner, (sources, reflection) in HOSTILE.items():
        nb = fill_answers(released, scenario, solved_answers(scenario) | {"reflection": reflection})
        for c in nb.cells:
            gid = c.metadata.get("nbgrader", {}).get("grade_id")
            c.source = sources.get(gid, c.source)
        write_submission(course, learner, "triage-pain", nb)
    config = pipeline_config(workers=2)
    first = run(course / "submitted", course, config=config, exercises=exercises)
    second = run(course / "submitted", course, config=config, exercises=exercises)
    return course, first, second


def _totals(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions("triage-pain")}


@pytest.mark.slow
def test_clean_learner_keeps_full_score_beside_hostile_ones(hostile_batch):
    course, first, second = hostile_batch
    assert (first.graded, first.failed, first.exit_code) == (5, [], 0)
    assert _totals(course) == EXPECTED_TOTALS
    assert (second.graded, second.unchanged, second.failed, second.exit_code) == (0, 5, [], 0)  # the next run works


@pytest.mark.slow
def test_resource_bombs_are_refused_with_notes(hostile_batch):
    _, first, _ = hostile_batch
    notes = {o.job.learner: o.notes for o in first.notes}
    assert notes["bomb"] == [
        "answer cell 'first-words-answer': too long (1200013 characters; limit 20000), so it was marked as unanswered",
        "answer cell 'red-flags-answer': holds a number too long to read (line 1), so it was marked as unanswered",
        "answer cell 'escalation-order-answer': brackets nested too deeply (30 levels; limit 20), so it was marked "
        "as unanswered",
    ]
    assert notes[FORMULA_ID] == [
        "answer cell 'red-flags-answer': characters that cannot be shown (such as control characters) were "
        "replaced with \ufffd"
    ]
    assert "clean" not in notes and ESC_ID not in notes


@pytest.mark.slow
def test_long_rewrite_is_cut_in_the_learners_feedback(hostile_batch):
    course, *_ = hostile_batch
    html = (course / "feedback" / "bomb" / "triage-pain" / "triage-pain.html").read_text(encoding="utf-8")
    assert f"Your rewrite has {len(MODEL) + 15_001} characters; only the first 2000 were checked." in html
    assert "Rubric check: 3 of 3 points." in html


@pytest.mark.slow
def test_feedback_page_shows_hostile_markup_as_text(hostile_batch):
    course, *_ = hostile_batch
    html = (course / "feedback" / "xss" / "triage-pain" / "triage-pain.html").read_text(encoding="utf-8")
    for raw in ("<script>alert(1)", "<img src=x", "<svg onload", 'href="javascript'):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the reflection, as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "[x](javascript:alert(3))" in html


@pytest.mark.slow
def test_exports_hold_only_option_keys_or_the_marker(hostile_batch):
    course, *_ = hostile_batch
    results = pd.read_csv(course / "reports" / "data" / "results.csv", dtype=str, keep_default_na=False)
    lettered = results[~results["item_type"].isin(["rewrite", "reflection"])]
    answers = {(r.learner_id, r.item_id): r.answer for r in lettered.itertuples()}
    assert answers[("xss", "first-words")] == INVALID_ANSWER
    assert answers[("'" + FORMULA_ID, "first-words")] == INVALID_ANSWER  # the id itself is neutralised
    assert answers[("'" + FORMULA_ID, "red-flags")] == INVALID_ANSWER
    assert answers[("'" + FORMULA_ID, "escalation-order")] == INVALID_ANSWER
    assert answers[("bomb", "first-words")] == ""  # refused cells are unanswered
    assert answers[("clean", "red-flags")] == "A,B,D"
    text = "\n".join(p.read_text(encoding="utf-8") for p in (course / "reports").rglob("*.*") if p.is_file())
    assert "hunter2" not in text and "HYPERLINK" not in text and "I choose to opt out" not in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "l\ufffd[31m\ufffdesc" in text  # the ESC id, cleaned


@pytest.mark.slow
def test_console_summary_escapes_the_learner_id(hostile_batch, capsys):
    _, first, _ = hostile_batch
    _print_summary(first)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "    NOTE =1+1|cmd/triage-pain: answer cell 'red-flags-answer'" in out
