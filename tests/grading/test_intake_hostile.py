"""Hostile downloads (issue #11, part 1): each input fails only its own file, with this exact reason.

Attack classes: identity (a learner named as someone else through file and folder names, mixed
LMS downloads, forged dates), one value that used to crash the batch, resource bombs in the
download, and operator mistakes (grading the course's own folders, a read-only or full disk).
Each hostile file sits beside a clean submission, which must still be placed exactly. The sandbox sweep
of ``parallel.py`` is tested in tests/grading/test_parallel_sandboxes.py.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

import tic_course.atomic as atomic_module
import tic_course.grading.intake.unpack_safety as unpack_safety_module
from tests.grading import test_intake as base
from tests.grading.test_intake import ASSIGNMENTS, A, B, make_zip
from tic_course.grading.intake import IntakeError, LmsPattern, Rejected, intake

course, notebooks = base.course, base.notebooks  # the released course of test_intake, reused

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
CLEAN = "cleanlearner_5000_9000_triage-pain.ipynb"  # one clean Canvas submission in every batch
WRONG = ("is not a notebook for any assignment in this course (expected one of triage-pain, "
         "triage-pain-b); its cells are those of triage-pain: ask the learner to resubmit it as "
         "triage-pain.ipynb, or rename the file and run intake again")


def take(course: Path, source: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(placed learner/assignment pairs, {rejected file: reason}) of one intake run at NOW."""
    result = intake(source, course, ASSIGNMENTS, now=NOW)
    return ([(learner, a) for learner, a, _ in result.placed],
            {r.source: r.reason for r in result.rejected})


def learners(course: Path) -> list[str]:
    return sorted(p.name for p in (course / "submitted").iterdir())


def ambiguous(pattern: str, one: str, other: str) -> str:
    return (f"ambiguous name: under the {pattern} naming it could belong to learner {one!r} or "
            f"to learner {other!r}, so it was not used (intake never guesses). Rename it by hand "
            "to the LMS's form, or give this course a pattern that reads it one way "
            "(c.GradingPipeline.lms_patterns)")


# ---------------------------------------------------------------------------------------------
# 1. Identity: names the learner chose cannot make them someone else

IDENTITY = {
    # Moodle reads the prefix from the left: the learner's file name cannot move the id
    "moodle-flat-forged-id": (
        "Jane Smith_4321_assignsubmission_file_x_999_assignsubmission_file_triage-pain.ipynb",
        f"x_999_assignsubmission_file_triage-pain.ipynb {WRONG}"),
    "moodle-folder-forged-id": (
        "Jane Smith_4322_assignsubmission_file/x_999_assignsubmission_file_triage-pain.ipynb",
        f"x_999_assignsubmission_file_triage-pain.ipynb {WRONG}"),
    "moodle-in-a-subfolder": (
        "Jane Smith_4323_assignsubmission_file/999/triage-pain.ipynb",
        "this is a moodle download, and the file name does not have the moodle form, so the "
        "learner is unknown"),
    "moodle-under-a-made-up-top-folder": (
        "L999/Jane Smith_4324_assignsubmission_file_triage-pain.ipynb",
        "this is a moodle download, and the file name does not have the moodle form, so the "
        "learner is unknown"),
}


@pytest.mark.parametrize("name, reason", IDENTITY.values(), ids=IDENTITY.keys())
def test_moodle_names_cannot_be_forged(course, notebooks, tmp_path, name, reason):
    clean = "Clean Learner_4000_assignsubmission_file_triage-pain.ipynb"
    zf = make_zip(tmp_path / "moodle.zip", [(clean, notebooks[A]), (name, notebooks[A])])
    assert take(course, zf) == ([("4000", A)], {name: reason})
    assert learners(course) == ["4000"]


@pytest.mark.parametrize("name, reason", [
    # the learner's file name carries a second, later "attempt": the first (the LMS's) counts
    ("Pain_jdoe_attempt_2026-03-01-14-05-09_x_attempt_2026-05-01-00-00-00_triage-pain.ipynb",
     f"x_attempt_2026-05-01-00-00-00_triage-pain.ipynb {WRONG}"),
    ("Pain_jdoe_attempt_2026-06-02-09-00-00_triage-pain.ipynb",
     "the attempt time in the name, 2026-06-02-09-00-00, is later than now: impossible for a "
     "real submission, so the file was not used"),
    ("Pain_jdoe_attempt_2026-13-45-25-61-61_triage-pain.ipynb",
     "the attempt time in the name, 2026-13-45-25-61-61, is not a real date and time, so the "
     "file was not used"),
    ("Pain_j_doe_attempt_2026-03-01-14-05-09_triage-pain.ipynb",
     ambiguous("blackboard", "doe", "j_doe")),
], ids=["forged-second-attempt", "future-attempt", "impossible-date", "underscore-username"])
def test_blackboard_names_cannot_be_forged(course, notebooks, tmp_path, name, reason):
    clean = "Pain_clean_attempt_2026-03-01-10-00-00_triage-pain.ipynb"
    zf = make_zip(tmp_path / "bb.zip", [(clean, notebooks[A]), (name, notebooks[A])])
    assert take(course, zf) == ([("clean", A)], {name: reason})


@pytest.mark.parametrize("name, reason", [
    ("jane_12_1001_2001_triage-pain.ipynb", ambiguous("canvas", "12", "1001")),
    ("x_1001_2002_y_999_5_triage-pain.ipynb", ambiguous("canvas", "1001", "999")),
    ("evil/x_999_2003_triage-pain.ipynb",
     "this is a canvas download, and the file name does not have the canvas form, so the "
     "learner is unknown"),
    # shaped like Blackboard at its end, but Canvas from the left: read as Canvas, not a mix
    ("x_1004_2004_a_attempt_2026-03-01-00-00-00_triage-pain.ipynb",
     f"a_attempt_2026-03-01-00-00-00_triage-pain.ipynb {WRONG}"),
], ids=["name-ending-in-digits", "file-name-with-ids", "top-folder", "blackboard-shaped-end"])
def test_canvas_names_cannot_be_forged(course, notebooks, tmp_path, name, reason):
    zf = make_zip(tmp_path / "canvas.zip", [(CLEAN, notebooks[A]), (name, notebooks[A])])
    assert take(course, zf) == ([("5000", A)], {name: reason})


def test_a_course_pattern_with_a_non_numeric_file_number_rejects_only_that_file(course, notebooks,
                                                                             tmp_path):
    mine = LmsPattern("mylms", r"(?P<learner>\d+)--(?P<submission>[^-/]+)--(?P<filename>[^/]+)")
    zf = make_zip(tmp_path / "m.zip", [("77--12--triage-pain.ipynb", notebooks[A]),
                                       ("78--x9--triage-pain.ipynb", notebooks[A])])
    result = intake(zf, course, ASSIGNMENTS, [mine], now=NOW)
    assert [(p[0], p[1]) for p in result.placed] == [("77", A)]
    assert result.rejected == [Rejected("78--x9--triage-pain.ipynb",
                                        "the mylms file number in the name, 'x9', is not a number")]


def test_canvas_anonymous_grading_ids_are_kept_as_anon_ids(course, notebooks, tmp_path):
    zf = make_zip(tmp_path / "anon.zip", [("anon_Xy3kP_678901_triage-pain.ipynb", notebooks[A]),
                                          ("LATE_anon_Q8rTz_678902_triage-pain-b.ipynb",
                                           notebooks[B])])
    assert take(course, zf) == ([("anon_Q8rTz", B), ("anon_Xy3kP", A)], {})


def test_a_download_mixing_two_lms_is_refused_whole(course, notebooks, tmp_path):
    zf = make_zip(tmp_path / "mixed.zip", [
        (CLEAN, notebooks[A]),
        ("Jane Smith_4321_assignsubmission_file_triage-pain.ipynb", notebooks[A]),
        ("Pain_jdoe_attempt_2026-03-01-14-05-09_triage-pain.ipynb", notebooks[A])])
    with pytest.raises(IntakeError) as exc:
        intake(zf, course, ASSIGNMENTS, now=NOW)
    assert str(exc.value) == (
        "this download mixes the file names of 3 LMSs (blackboard: "
        "Pain_jdoe_attempt_2026-03-01-14-05-09_triage-pain.ipynb; canvas: " + CLEAN + "; moodle: "
        "Jane Smith_4321_assignsubmission_file_triage-pain.ipynb). One download comes from one "
        "LMS, so nothing was placed: take in each LMS's download on its own")
    assert not (course / "submitted").exists() or learners(course) == []


def test_two_files_with_no_lms_order_are_both_rejected(course, notebooks, tmp_path):
    # "-1" (Canvas style) and " (1)" (Moodle's) are both duplicate number 1: no order between them
    one = "Jane Smith_4321_assignsubmission_file_triage-pain-1.ipynb"
    other = "Jane Smith_4321_assignsubmission_file_triage-pain (1).ipynb"
    clean = "Clean Learner_4000_assignsubmission_file_triage-pain.ipynb"
    zf = make_zip(tmp_path / "moodle.zip", [(one, notebooks[A]), (other, notebooks["blank"]),
                                            (clean, notebooks[A])],
                  times=[(2030, 1, 1, 0, 0, 0), (2026, 1, 1, 0, 0, 0), (2026, 1, 1, 0, 0, 0)])
    reason = (f"ambiguous: 2 files claim learner 4321's triage-pain ({other}, {one}) and the LMS "
              "gives no order between them, so none was placed (intake never guesses): ask the "
              "learner which to grade and take in only that")
    assert take(course, zf) == ([("4000", A)], {one: reason, other: reason})


def test_moodle_duplicate_number_orders_uploads_never_the_zip_date(course, notebooks, tmp_path):
    first = "Jane Smith_4321_assignsubmission_file_triage-pain.ipynb"
    second = "Jane Smith_4321_assignsubmission_file_triage-pain (1).ipynb"
    zf = make_zip(tmp_path / "moodle.zip", [(first, notebooks["blank"]), (second, notebooks[A])],
                  times=[(2030, 1, 1, 0, 0, 0), (2026, 1, 1, 0, 0, 0)])
    assert take(course, zf) == ([("4321", A)], {first: (
        f"older attempt (duplicate number 0); kept {second} (duplicate number 1)")})
    # a later Moodle download carries no order against this one: never replaced by a guess
    again = make_zip(tmp_path / "again.zip", [(first, notebooks["blank"])])
    folder = course / "submitted" / "4321" / A
    assert take(course, again) == ([], {first: (
        f"a different submission is already in {folder} and the LMS gives no order between the "
        f"two (intake never guesses), so it was not replaced: to grade this file instead, delete "
        f"{folder} and run intake again")})
    assert (folder / f"{A}.ipynb").read_bytes() == notebooks[A]


def test_a_later_download_replaces_only_by_canvas_order_never_by_zip_date(course, notebooks,
                                                                          tmp_path):
    first = make_zip(tmp_path / "1.zip", [("la_1001_2005_triage-pain.ipynb", notebooks[A])])
    forged = make_zip(tmp_path / "2.zip", [("la_1001_2004_triage-pain.ipynb", notebooks["blank"])],
                      times=[(2030, 1, 1, 0, 0, 0)])
    newer = make_zip(tmp_path / "3.zip", [("la_1001_2006_triage-pain-1.ipynb", notebooks["blank"])],
                     times=[(1990, 1, 1, 0, 0, 0)])
    folder = course / "submitted" / "1001" / A
    assert take(course, first) == ([("1001", A)], {})
    assert take(course, forged) == ([], {"la_1001_2004_triage-pain.ipynb": (
        f"older attempt (canvas file id 2004); kept the submission already in {folder} "
        "(canvas file id 2005)")})
    assert (folder / f"{A}.ipynb").read_bytes() == notebooks[A]
    assert take(course, newer) == ([("1001", A)], {})
    assert (folder / f"{A}.ipynb").read_bytes() == notebooks["blank"]
    assert sorted(p.name for p in folder.iterdir()) == ["timestamp.txt", f"{A}.ipynb"]


TREE = {
    "deeper-path": ("evil/L0001/triage-pain/triage-pain.ipynb",
                    "the file name matches none of the LMS naming patterns (canvas, moodle, "
                    "blackboard) and it is not exactly at <learner>/<assignment>/<assignment>.ipynb, "
                    "so the learner is unknown"),
    "partial-folder-name": ("L0002/triage-pain-old/triage-pain.ipynb",
                            "the file name matches none of the LMS naming patterns (canvas, "
                            "moodle, blackboard) and it is not exactly at "
                            "<learner>/<assignment>/<assignment>.ipynb, so the learner is unknown"),
    "unsafe-learner-folder": ("L 0003;rm/triage-pain/triage-pain.ipynb",
                              "learner id 'L 0003;rm' cannot be used as a folder name"),
}


@pytest.mark.parametrize("name, reason", TREE.values(), ids=TREE.keys())
def test_tree_layout_is_matched_exactly(course, notebooks, tmp_path, name, reason):
    zf = make_zip(tmp_path / "tree.zip", [("L0000/triage-pain/triage-pain.ipynb", notebooks[A]),
                                          (name, notebooks[A])])
    assert take(course, zf) == ([("L0000", A)], {name: reason})
    assert learners(course) == ["L0000"]


# ---------------------------------------------------------------------------------------------
# 2. One value used to crash the batch: now it rejects only its own file


def _edited(nb_bytes: bytes, edit) -> bytes:
    nb = json.loads(nb_bytes)
    edit(nb)
    return json.dumps(nb).encode()


def _answer_cell(nb: dict) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution"))


VALUES = {
    "grade-id-list": (lambda nb: _answer_cell(nb)["metadata"]["nbgrader"].update(grade_id=["x"]),
                      "its nbgrader grade_id is list, not text"),
    "grade-id-dict": (lambda nb: _answer_cell(nb)["metadata"]["nbgrader"].update(grade_id={}),
                      "its nbgrader grade_id is dict, not text"),
    "solution-flag-number": (lambda nb: _answer_cell(nb)["metadata"]["nbgrader"].update(solution=7),
                             "its nbgrader 'solution' is int, not true or false"),
    "source-number": (lambda nb: _answer_cell(nb).update(source=12),
                      "its source is not text"),
    "points-text": (lambda nb: _answer_cell(nb)["metadata"]["nbgrader"].update(points="9"),
                    "its nbgrader points are '9', not a number of points"),
}


@pytest.mark.parametrize("edit, problem", VALUES.values(), ids=VALUES.keys())
def test_a_value_of_the_wrong_type_rejects_only_its_file(course, notebooks, tmp_path, edit, problem):
    bad = _edited(notebooks[A], edit)
    cells = json.loads(notebooks[A])["cells"]
    number = 1 + cells.index(_answer_cell({"cells": cells}))
    name = "hostile_1001_2001_triage-pain.ipynb"
    zf = make_zip(tmp_path / "x.zip", [(CLEAN, notebooks[A]), (name, bad)])
    assert take(course, zf) == ([("5000", A)], {
        name: f"cell {number}: {problem}; the notebook was edited outside Jupyter"})


def _cell_type_list(nb: dict) -> None:
    nb["cells"][0]["cell_type"] = ["code"]


RAW = {
    "cell-type-list": (lambda a: _edited(a, _cell_type_list),
                       "not a valid nbformat 4 notebook: 'cells' must be a list of code, markdown "
                       "or raw cells"),
    "5000-digit-integer": (lambda a: a.replace(b'"nbformat": 4', b'"nbformat": ' + b"9" * 5000, 1),
                           "not usable JSON: it holds an integer of thousands of digits, far "
                           "larger than any value a notebook holds"),
    "huge-integer-under-python-limit": (
        lambda a: a.replace(b'"nbformat": 4', b'"nbformat": ' + b"9" * 40, 1),
        "not usable JSON: an integer of 40 digits, far larger than any value a notebook holds"),
    "nested-100-deep": (lambda a: a.replace(b'"metadata": {', b'"deep": ' + b"[" * 100
                                            + b"]" * 100 + b', "metadata": {', 1),
                        "not usable JSON: nested more than 64 levels deep"),
    "nested-100000-deep": (lambda a: b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                           "not valid JSON: it is nested too deeply to read"),
    "invalid-utf8": (lambda a: b'{"cells": [], "x": "\xff"}',
                     "not a notebook: the file is not UTF-8 text (bad byte at position 20)"),
    "lone-surrogate": (lambda a: a.replace(b'"cells"', b'"x": "\\ud800", "cells"', 1),
                       "not usable JSON: it holds a lone UTF-16 surrogate (an escape such as "
                       "\\ud800 with no partner), which is not a character"),
}


@pytest.mark.parametrize("make, reason", RAW.values(), ids=RAW.keys())
def test_a_crashing_value_rejects_only_its_file(course, notebooks, tmp_path, make, reason):
    name = "hostile_1001_2001_triage-pain.ipynb"
    zf = make_zip(tmp_path / "x.zip", [(CLEAN, notebooks[A]), (name, make(notebooks[A]))])
    assert take(course, zf) == ([("5000", A)], {name: reason})


def _stored_with_method(path: Path, name: str, method: int) -> None:
    """Mark one entry of a zip as compressed with ``method`` (both headers), as odd tools do."""
    data = bytearray(path.read_bytes())
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            header = 30 if sig == b"PK\x03\x04" else 46
            size_at = 26 if sig == b"PK\x03\x04" else 28
            length = int.from_bytes(data[at + size_at:at + size_at + 2], "little")
            if data[at + header:at + header + length] == name.encode():
                data[at + offset:at + offset + 2] = method.to_bytes(2, "little")
            at += 4
    path.write_bytes(bytes(data))


STAMPS = {
    "year-99999": (b"99999-01-01 00:00:00.000000 UTC",
                   "its timestamp.txt does not hold a date and time nbgrader can read "
                   "('99999-01-01 00:00:00.000000 UTC'), so the submission time is unknown"),
    "10**30-seconds": (str(10**30).encode(),
                       "its timestamp.txt does not hold a date and time nbgrader can read "
                       "('1000000000000000000000000000000'), so the submission time is unknown"),
    "future": (b"2026-06-02 12:00:00.000000 UTC",
               "its timestamp.txt says 2026-06-02 12:00:00.000000 UTC, later than now: "
               "impossible for a real submission"),
    "huge": (b"2026-03-01 " + b" " * 5_000_000,
             "its timestamp.txt is over 100 bytes: not a timestamp, so the submission time is "
             "unknown"),
    "binary": (b"\x1f\x8b\x08\x00\xff\xfe",
               "its timestamp.txt is not text, so the submission time is unknown"),
    "unsupported-compression": (b"2026-03-01 10:00:00.000000 UTC",
                                "its timestamp.txt could not be read (That compression method is "
                                "not supported), so the submission time is unknown"),
}


@pytest.mark.parametrize("text, reason", STAMPS.values(), ids=STAMPS.keys())
def test_a_bad_timestamp_rejects_only_its_notebook(course, notebooks, tmp_path, text, reason):
    name = "L0001/triage-pain/triage-pain.ipynb"
    zf = make_zip(tmp_path / "tree.zip", [
        ("L0000/triage-pain/triage-pain.ipynb", notebooks[A]),
        ("L0000/triage-pain/timestamp.txt", b"2026-03-01 10:00:00.000000 UTC"),
        (name, notebooks[A]), ("L0001/triage-pain/timestamp.txt", text)])
    if "compression" in reason:
        _stored_with_method(zf, "L0001/triage-pain/timestamp.txt", 97)
    assert take(course, zf) == ([("L0000", A)], {name: reason})
    assert (course / "submitted" / "L0000" / A / "timestamp.txt").read_text() == (
        "2026-03-01 10:00:00.000000 UTC")


# ---------------------------------------------------------------------------------------------
# 3. Resource bombs


def test_a_fifo_and_a_socket_in_a_folder_are_never_opened(course, notebooks, tmp_path):
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / CLEAN).write_bytes(notebooks[A])
    os.mkfifo(folder / "pipe_1001_2001_triage-pain.ipynb")  # opening it would block forever
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock_1002_2002_triage-pain.ipynb"))
        os.symlink("/etc/passwd", folder / "link_1003_2003_triage-pain.ipynb")
        assert take(course, folder) == ([("5000", A)], {
            "link_1003_2003_triage-pain.ipynb": "a symbolic link; links are not followed",
            "pipe_1001_2001_triage-pain.ipynb": "not a regular file (a named pipe (FIFO)); not opened",
            "sock_1002_2002_triage-pain.ipynb": "not a regular file (a socket); not opened"})


def test_a_zip_bomb_entry_is_rejected_by_its_compression_ratio(course, notebooks, tmp_path):
    # bzip2 squeezes 20 MB of one byte far past anything deflate (at most ~1,032 times) can do
    name = "bomb_1001_2001_triage-pain.ipynb"
    zf = make_zip(tmp_path / "x.zip", [(CLEAN, notebooks[A])])
    with zipfile.ZipFile(zf, "a", zipfile.ZIP_BZIP2) as archive:
        archive.writestr(name, b" " * (20 * 1024 * 1024))
    info = zipfile.ZipFile(zf).getinfo(name)
    shown = f"{info.file_size / info.compress_size:.0f}"
    assert int(shown) > 1100
    assert take(course, zf) == ([("5000", A)], {name: (
        f"compressed {shown} times, over the limit of 1100: a zip bomb or a damaged entry; "
        "not read")})


def test_an_over_long_name_is_rejected(course, notebooks, tmp_path):
    name = "x" * 400 + "_1001_2001_triage-pain.ipynb"
    zf = make_zip(tmp_path / "x.zip", [(CLEAN, notebooks[A]), (name, notebooks[A])])
    assert take(course, zf) == ([("5000", A)], {name: (
        "the path is over 400 characters or 6 folders deep: not an LMS name; not used")})


def test_too_many_entries_refuse_the_download(course, notebooks, tmp_path, monkeypatch):
    monkeypatch.setattr(unpack_safety_module, "MAX_ENTRIES", 3)
    zf = make_zip(tmp_path / "x.zip", [(CLEAN, notebooks[A])] + [
        (f"l_{1000 + i}_{2000 + i}_triage-pain.ipynb", notebooks[A]) for i in range(3)])
    assert take(course, zf) == ([], {str(zf): (
        "the zip file was refused: it holds 4 files, over the limit of 3: not a submission "
        "download; nothing was read")})


def test_too_many_bytes_refuse_the_download(course, notebooks, tmp_path, monkeypatch):
    monkeypatch.setattr(unpack_safety_module, "MAX_DOWNLOAD_BYTES", 2**30)
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / CLEAN).write_bytes(notebooks[A])
    with (folder / "big_1001_2001_triage-pain.ipynb").open("wb") as fh:
        fh.truncate(2**30)  # sparse: no disk used
    assert take(course, folder) == ([], {str(folder): (
        "the folder was refused: its files add up to 1.0 GiB, over the limit of 1 GiB; nothing "
        "was read")})


# ---------------------------------------------------------------------------------------------
# 4. Operator mistakes and faults


@pytest.mark.parametrize("where", ["", "source", "release", "submitted", "autograded", "feedback",
                                   "release/triage-pain"])
def test_the_course_own_folders_are_refused(course, tmp_path, where):
    source = course / where
    source.mkdir(parents=True, exist_ok=True)
    with pytest.raises(IntakeError) as exc:
        intake(source, course, ASSIGNMENTS, now=NOW)
    if where:
        name = where.split("/")[0]
        assert str(exc.value) == (
            f"{source} is the course's own {name}/ folder: intake reads an LMS download, never "
            "the course's own notebooks or outputs; give the path of the downloaded .zip or folder")
    else:
        assert str(exc.value) == (
            f"{source} is the course folder {course} (or holds it): intake reads an LMS "
            "download, never the course's own notebooks; give the path of the downloaded .zip "
            "or folder")
    assert list((course / "submitted").rglob("*.ipynb")) == []


def test_a_folder_holding_the_course_and_protected_folders_are_refused(course, tmp_path):
    with pytest.raises(IntakeError, match="is the course folder"):
        intake(course.parent, course, ASSIGNMENTS)
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    with pytest.raises(IntakeError) as exc:
        intake(exercises, course, ASSIGNMENTS, protected=[exercises])
    assert str(exc.value).startswith(f"{exercises} is the course's own exercises/ folder")


@pytest.mark.parametrize("error", [
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EROFS, "Read-only file system"),
    OSError(errno.ENOSPC, "No space left on device"),
], ids=["permission", "read-only", "disk-full"])
def test_an_unwritable_course_is_named_before_anything_is_placed(course, notebooks, tmp_path,
                                                                 monkeypatch, error):
    def refuse(dest, data, *, mode=0o644):
        raise error

    monkeypatch.setattr(atomic_module, "write_bytes", refuse)
    zf = make_zip(tmp_path / "x.zip", [(CLEAN, notebooks[A])])
    with pytest.raises(IntakeError) as exc:
        intake(zf, course, ASSIGNMENTS, now=NOW)
    assert str(exc.value) == (
        f"cannot write in {course / 'submitted'}: {error.strerror}. Nothing was written; make "
        "the folder writable (or free disk space) and run again")
    assert list((course / "submitted").rglob("*")) == []


def test_a_disk_that_fills_mid_batch_leaves_whole_submissions_only(course, notebooks, tmp_path,
                                                                  monkeypatch):
    real = atomic_module.write_bytes
    calls = {"n": 0}

    def fill_up(dest, data, *, mode=0o644):
        calls["n"] += 1
        if calls["n"] > 4:  # the probe, then notebook, stamp and record of the first learner
            raise OSError(errno.ENOSPC, "No space left on device")
        real(dest, data, mode=mode)

    monkeypatch.setattr(atomic_module, "write_bytes", fill_up)
    zf = make_zip(tmp_path / "x.zip", [("a_1001_2001_triage-pain.ipynb", notebooks[A]),
                                       ("b_1002_2002_triage-pain.ipynb", notebooks[A])])
    with pytest.raises(IntakeError) as exc:
        intake(zf, course, ASSIGNMENTS, now=NOW)
    assert str(exc.value) == (
        f"cannot write {course / 'submitted' / '1002' / A}: No space left on device. 1 "
        "submission(s) were placed before this and none is half-written; make the course "
        "folder writable (or free disk space) and run intake again")
    files = sorted(str(p.relative_to(course)) for p in course.rglob("*") if p.is_file())
    assert files == sorted([".tic-intake/1001/triage-pain.json", "nbgrader_config.py",
                            f"release/{A}/{A}.ipynb", f"release/{B}/{B}.ipynb",
                            f"submitted/1001/{A}/timestamp.txt", f"submitted/1001/{A}/{A}.ipynb"])
    assert (course / "submitted" / "1001" / A / f"{A}.ipynb").read_bytes() == notebooks[A]
    assert [p.name for p in (course / "submitted" / "1002").iterdir()] == []


# ---------------------------------------------------------------------------------------------
# Everything at once: one clean submission among the hostile files of one download


def test_the_clean_submission_is_placed_exactly_among_hostile_files(course, notebooks, tmp_path):
    hostile = {
        "jane_12_1001_2001_triage-pain.ipynb": (notebooks[A], ambiguous("canvas", "12", "1001")),
        "evil/x_999_2003_triage-pain.ipynb": (notebooks[A], (
            "this is a canvas download, and the file name does not have the canvas form, so the "
            "learner is unknown")),
        "../x_998_2004_triage-pain.ipynb": (notebooks[A], (
            "unsafe path: it points outside the download (absolute or '..'); not used")),
        "n_1005_2005_triage-pain.ipynb": (_edited(notebooks[A], lambda nb: _answer_cell(nb)[
            "metadata"]["nbgrader"].update(grade_id=["x"])), None),
        "d_1006_2006_triage-pain.ipynb": (
            notebooks[A].replace(b'"nbformat": 4', b'"nbformat": ' + b"9" * 5000, 1),
            RAW["5000-digit-integer"][1]),
        "s_1007_2007_triage-pain.ipynb": (
            notebooks[A].replace(b'"cells"', b'"x": "\\ud800", "cells"', 1),
            RAW["lone-surrogate"][1]),
        "r_1008_2008_triage-pain.ipynb": (b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                                          "not valid JSON: it is nested too deeply to read"),
        "w_1009_2009_triage-pain.ipynb": (notebooks[B],
                                          "this notebook belongs to assignment triage-pain-b, "
                                          "not triage-pain"),
        "x_1010_2010_a_attempt_2026-03-01-00-00-00_triage-pain.ipynb": (notebooks[A], (
            f"a_attempt_2026-03-01-00-00-00_triage-pain.ipynb {WRONG}")),
        "p_1011_2011_triage-pain.ipynb": (b"9" * 5000, RAW["5000-digit-integer"][1]),
    }
    cells = json.loads(notebooks[A])["cells"]
    number = 1 + cells.index(_answer_cell({"cells": cells}))
    hostile["n_1005_2005_triage-pain.ipynb"] = (hostile["n_1005_2005_triage-pain.ipynb"][0], (
        f"cell {number}: its nbgrader grade_id is list, not text; the notebook was edited "
        "outside Jupyter"))
    zf = make_zip(tmp_path / "batch.zip",
                  [(CLEAN, notebooks[A])] + [(n, data) for n, (data, _) in hostile.items()])
    result = intake(zf, course, ASSIGNMENTS, now=NOW)
    dest = course / "submitted" / "5000" / A / f"{A}.ipynb"
    assert result.placed == [("5000", A, dest)]
    assert dest.read_bytes() == notebooks[A]
    assert result.rejected == sorted((Rejected(n, reason) for n, (_, reason) in hostile.items()),
                                     key=lambda r: r.source)
    assert learners(course) == ["5000"]
