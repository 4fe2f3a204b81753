"""``tic-course grade`` refuses operator mistakes before touching anything (issue #11).

Pointing it at the course itself, one of nbgrader's folders in it, the report folder or the
scenario sources must not grade the instructor's own notebooks; a read-only course or a full
disk must be named, with exit status 1, no traceback and nothing written.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

import tic_course.atomic as atomic_module
from tests.conftest import make_course
from tests.grading.test_intake import A, released_course
from tic_course.cli import main as tic_course


@pytest.fixture
def grade_course(tmp_path_factory, tmp_path) -> tuple[Path, Path]:
    """(a course with assignment A released and in its gradebook, the exercises folder)."""
    template, exercises = released_course(tmp_path_factory)
    course = make_course(tmp_path / "course")
    shutil.copytree(template / "release" / A, course / "release" / A)
    shutil.copy(template / "gradebook.db", course / "gradebook.db")
    return course, exercises


def outputs(course: Path) -> list[str]:
    """Everything grading writes: submissions, autograded copies, feedback, reports."""
    return sorted(str(p.relative_to(course)) for p in course.rglob("*") if p.is_file()
                  and p.parts[len(course.parts)] in {"submitted", "autograded", "feedback",
                                                     "reports", ".tic-intake"})


@pytest.mark.parametrize("where", ["", "source", "release", "autograded", "feedback", "reports",
                                   "exercises", "release/triage-pain"])
def test_grading_the_course_own_folders_is_refused(grade_course, capsys, where):
    course, exercises = grade_course
    source = exercises if where == "exercises" else course / where
    source.mkdir(parents=True, exist_ok=True)
    code = tic_course(["grade", str(source), "--course", str(course), "--exercises", str(exercises),
                       "--workers", "1"])
    err = capsys.readouterr().err
    if where:
        name = exercises.name if where == "exercises" else where.split("/")[0]
        assert err == (f"error: {source} is the "
                       f"course's own {name}/ folder: intake reads an LMS download, never the "
                       "course's own notebooks or outputs; give the path of the downloaded .zip or "
                       "folder\n")
    else:
        assert err == (f"error: {source} is the course folder {course.resolve()} (or holds it): "
                       "intake reads an LMS download, never the course's own notebooks; give the "
                       "path of the downloaded .zip or folder\n")
    assert code == 1 and outputs(course) == []


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"),
                                   OSError(errno.ENOSPC, "No space left on device")],
                         ids=["read-only", "disk-full"])
def test_an_unwritable_course_stops_grading_with_its_name(grade_course, tmp_path, capsys,
                                                          monkeypatch, error):
    course, exercises = grade_course
    download = tmp_path / "download"
    download.mkdir()

    def refuse(dest, data, *, mode=0o644):
        raise error

    monkeypatch.setattr(atomic_module, "write_bytes", refuse)
    code = tic_course(["grade", str(download), "--course", str(course), "--exercises",
                       str(exercises), "--workers", "1"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err + captured.out
    assert captured.err == (f"error: cannot write in {course.resolve()}: {error.strerror}. Nothing "
                            "was written; make the folder writable (or free disk space) and run "
                            "again\n")
    assert outputs(course) == []
