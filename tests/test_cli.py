"""The tic-course command: help, exit codes, messages, and nothing half-written."""

from __future__ import annotations

import subprocess
import sys

import yaml

from tests.conftest import FIXTURE, make_course

CMD = [sys.executable, "-m", "tic_course"]


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*CMD, *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_help_lists_subcommands():
    proc = run("--help")
    assert proc.returncode == 0
    assert "validate" in proc.stdout and "build" in proc.stdout
    assert "--release            also release student versions with nbgrader" in run("build", "--help").stdout


def test_validate_ok():
    proc = run("validate", str(FIXTURE))
    assert proc.returncode == 0
    assert proc.stdout == f"ok  {FIXTURE}  (6 conversation nodes, 5 checkpoints, 13 points)\n"


def test_validate_bad_file_names_file_field_and_problem(tmp_path, fixture_data):
    fixture_data["conversation"]["start"] = "lobby"
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(fixture_data), encoding="utf-8")
    proc = run("validate", str(bad))
    assert proc.returncode == 1
    assert f"{bad}:" in proc.stderr and "conversation.start: unknown node 'lobby'" in proc.stderr
    assert "1 of 1 scenario file(s) have problems; nothing was written." in proc.stderr


def test_build_writes_nothing_when_any_file_is_bad(tmp_path, fixture_data):
    course = make_course(tmp_path / "course")
    del fixture_data["checkpoints"]
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(fixture_data), encoding="utf-8")
    proc = run("build", str(FIXTURE), str(bad), "--course", str(course))
    assert proc.returncode == 1
    assert "'checkpoints' is missing (required field)" in proc.stderr
    assert "No notebooks were written." in proc.stderr
    assert not (course / "source").exists()


def test_build_writes_the_source_notebook(tmp_path):
    course = make_course(tmp_path / "course")
    proc = run("build", str(FIXTURE), "--course", str(course))
    assert proc.returncode == 0, proc.stderr
    assert (course / "source" / "triage-pain" / "triage-pain.ipynb").exists()
    assert "[1/1] built" in proc.stdout


def test_a_release_is_reproducible(tmp_path):
    """Two releases of one scenario, in two courses, give byte-identical student notebooks and pages."""
    outputs = []
    for name in ("one", "two"):
        course = make_course(tmp_path / name / "course")
        book = tmp_path / name / "book"
        proc = run("build", str(FIXTURE), "--release", "--course", str(course), "--book-dir", str(book))
        assert proc.returncode == 0, proc.stderr
        outputs.append(
            [
                (course / "release" / "triage-pain" / "triage-pain.ipynb").read_bytes(),
                (book / "triage-pain-notebook.ipynb").read_bytes(),
                (book / "triage-pain.md").read_bytes(),
            ]
        )
    assert outputs[0] == outputs[1]


def test_intake_rejects_a_malformed_pattern_option(tmp_path):
    course = make_course(tmp_path / "course")
    proc = run("intake", str(tmp_path), "--course", str(course), "--pattern", "canvas-like")
    assert proc.returncode == 2
    assert proc.stderr == "error: --pattern 'canvas-like': write NAME=REGEX\n"
    proc = run("intake", str(tmp_path), "--course", str(course), "--pattern", r"mine=(?P<learner>\d+)\.ipynb")
    assert proc.returncode == 2
    assert "LMS pattern 'mine' needs the named group(s) filename" in proc.stderr


def test_intake_refuses_the_course_scenario_sources(tmp_path):
    """`tic-course intake exercises` is an operator slip: refused like `grade` refuses it, nothing placed."""
    course = make_course(tmp_path / "course")
    proc = run("intake", "exercises", "--course", str(course), "--assignment", "triage-pain")
    assert proc.returncode == 2
    assert proc.stderr == (
        "error: exercises is the course's own exercises/ folder: intake reads an LMS download, never the "
        "course's own notebooks or outputs; give the path of the downloaded .zip or folder\n"
    )
    assert not (course / "submitted").exists()


def test_commands_outside_a_course_say_so(tmp_path):
    proc = run("validate", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {tmp_path.resolve()} is not inside a course")


def test_check_chapters_checks_every_teaching_chapter_and_names_problems(tmp_path):
    proc = run("check-chapters")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.endswith("13 chapter(s) checked, 0 problem(s)\n")
    bad = tmp_path / "bad.md"
    bad.write_text("# A chapter\n\nNo structure at all.\n", encoding="utf-8")
    proc = run("check-chapters", str(bad))
    assert proc.returncode == 1
    assert f"{bad}: missing heading '## Learning objectives'" in proc.stdout


KC_LONG_KEY = """```{{knowledge-check}} kc-{i}
objectives: [a-1]
question: "Question {i}?"
options:
  - text: "The right answer, which is also by far the longest option here"
    correct: true
    feedback: "Yes."
  - text: "Wrong"
    correct: false
    feedback: "No."
  - text: "Also wrong"
    correct: false
    feedback: "No."
```
"""


def small_course(tmp_path, chapter: str):
    (tmp_path / "exercises" / "triage-pain").mkdir(parents=True)
    (tmp_path / "exercises" / "triage-pain" / "scenario.yml").write_bytes(FIXTURE.read_bytes())
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    tic_presentation_seed: cli-seed\n", "utf-8")
    (tmp_path / "book" / "chapters").mkdir(parents=True)
    (tmp_path / "book" / "chapters" / "c.md").write_text(chapter, encoding="utf-8")
    return tmp_path


def test_validate_runs_the_cue_audit_over_what_learners_see(tmp_path):
    course = small_course(tmp_path, "# C\n\n" + "\n".join(KC_LONG_KEY.format(i=i) for i in range(4)))
    proc = run("--root", str(course), "validate")
    assert proc.returncode == 1
    assert "Cue audit (display order from seed 'cli-seed'):" in proc.stdout
    assert "keys by position A, B, C... (fair share)" in proc.stdout
    assert "knowledge-check                    4" in proc.stdout
    assert (
        "CUE knowledge-check: the key is the longest option in 100% of items, more than 1.5x chance (33%): "
        "c: kc-0, c: kc-1, c: kc-2, c: kc-3\n"
    ) in proc.stderr
    assert "CUE knowledge-check: the key is shown first" not in proc.stderr  # the display order is shuffled
    assert "cue(s) a test-wise learner could use" in proc.stderr
    # Named files are checked on their own unless --audit asks for the course's audit too.
    named = course / "exercises" / "triage-pain" / "scenario.yml"
    assert "Cue audit" not in run("--root", str(course), "validate", str(named)).stdout
    assert "Cue audit" in run("--root", str(course), "validate", str(named), "--audit").stdout


def test_the_audit_names_a_broken_knowledge_check(tmp_path):
    course = small_course(tmp_path, "# C\n\n```{knowledge-check} kc-9\nquestion: 1\n```\n")
    proc = run("--root", str(course), "validate")
    assert proc.returncode == 1
    assert "c.md:3: knowledge-check 'kc-9':" in proc.stderr


def test_build_shows_the_course_presentation(tmp_path):
    import json

    import nbformat

    from tests.conftest import ROOT
    from tic_course.notebook.source import build_source_notebook
    from tic_course.scenario import load_scenario
    from tic_course.scenario.presentation import course_presentation, present

    course = make_course(tmp_path / "course")
    proc = run("--root", str(ROOT), "build", str(FIXTURE), "--course", str(course))
    assert proc.returncode == 0, proc.stderr
    built = (course / "source" / "triage-pain" / "triage-pain.ipynb").read_text(encoding="utf-8")
    scenario = load_scenario(FIXTURE)
    expected = build_source_notebook(present(scenario, course_presentation(ROOT, [scenario])))
    assert built == nbformat.writes(expected) + "\n"
    assert json.loads(built) != json.loads(nbformat.writes(build_source_notebook(scenario)))
