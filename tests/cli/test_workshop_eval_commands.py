"""``tic-course workshop questionnaire`` and ``workshop evaluate``: files, exit codes, nothing half-written."""

from __future__ import annotations

import subprocess
import sys

from tests.workshop.evaluation.conftest import QUESTIONNAIRE, make_course
from tests.workshop.evaluation.test_forms import RESPONSES

CMD = [sys.executable, "-m", "tic_course"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CMD, *args], capture_output=True, text=True, check=False)


def test_questionnaire_writes_the_pages_and_templates(tmp_path):
    proc = run("workshop", "questionnaire", "--out", str(tmp_path / "kit"))
    assert proc.returncode == 0, proc.stderr
    names = ["questionnaire.html", "form-setup.html", "responses-microsoft-forms.csv", "responses-google-forms.csv"]
    assert proc.stdout.splitlines() == [str(tmp_path / "kit" / n) for n in names]


def test_evaluate_writes_the_report(tmp_path):
    course = make_course(tmp_path / "course")
    (tmp_path / "q.yml").write_text(QUESTIONNAIRE, encoding="utf-8")
    proc = run(
        "--root", str(course.root), "workshop", "evaluate", str(RESPONSES),
        "--questionnaire", str(tmp_path / "q.yml"), "--out", str(tmp_path / "report"),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = tmp_path / "report" / "evaluation-report.html"
    assert proc.stdout == f"6 paired, 1 before only, 1 after only\n{report}\n"
    assert "Workshop evaluation" in report.read_text(encoding="utf-8")


def test_evaluate_a_bad_export_writes_nothing(tmp_path):
    course = make_course(tmp_path / "course")
    (tmp_path / "q.yml").write_text(QUESTIONNAIRE, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(RESPONSES.read_text(encoding="utf-8").replace(",OAK7,Before,", ",OAK7,Lunch,", 1), encoding="utf-8")
    proc = run(
        "--root", str(course.root), "workshop", "evaluate", str(bad),
        "--questionnaire", str(tmp_path / "q.yml"), "--out", str(tmp_path / "report"),
    )  # fmt: skip
    assert proc.returncode == 1
    assert (
        proc.stderr == f"{bad}: row 3, column 'When?': 'Lunch' is neither 'Before' nor 'After'\nNothing was written.\n"
    )
    assert not (tmp_path / "report").exists()


def test_a_bad_questionnaire_is_named(tmp_path):
    (tmp_path / "q.yml").write_text(
        QUESTIONNAIRE.replace("validated: false}", "validated: maybe}", 1), encoding="utf-8"
    )
    course = make_course(tmp_path / "course")
    proc = run(
        "--root",
        str(course.root),
        "workshop",
        "questionnaire",
        "--questionnaire",
        str(tmp_path / "q.yml"),
        "--out",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 1
    assert f"{tmp_path / 'q.yml'}:16: confidence.items[0].validated: must be false" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_an_unwritable_folder_is_an_error_not_a_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    proc = run("workshop", "questionnaire", "--out", str(blocker))
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: cannot write into {blocker}: ") and "Traceback" not in proc.stderr
