"""Intake of LMS bulk downloads into nbgrader's submitted/ tree: naming styles, every rejection
reason, odd zips and idempotent reruns.

One real nbgrader release of the fixture scenario is made per session (``released_course``,
shared with test_demo_cohort). A second assignment, ``triage-pain-b``, is derived from it by
renaming the checkpoint ids, so "a notebook for the wrong assignment" can be tested without a
second nbgrader run.
"""

from __future__ import annotations

import copy
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

import tic_course.grading.intake.unpack_safety as unpack_safety_module
from tests.conftest import FIXTURE, make_course
from tic_course.cli import main as tic_course
from tic_course.grading.intake import (
    DEFAULT_PATTERNS,
    IntakeError,
    LmsPattern,
    Rejected,
    intake,
)
from tic_course.notebook.release import build_sources, release
from tic_course.scenario import load_scenario
from tic_course.scenario.catalogue import load_all
from tools.submissions import fill_answers, solved_answers

A, B = "triage-pain", "triage-pain-b"
ASSIGNMENTS = {A, B}
_SESSION: dict[str, tuple[Path, Path]] = {}


def released_course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(course with release/ for A and B, exercises folder with their scenario files), made once."""
    if "course" not in _SESSION:
        course = make_course(tmp_path_factory.mktemp("released-course"))
        release(build_sources(load_all([FIXTURE]), course), course, None)
        exercises = tmp_path_factory.mktemp("exercises")
        data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
        (exercises / A).mkdir()
        (exercises / A / "scenario.yml").write_text(FIXTURE.read_text(encoding="utf-8"), "utf-8")
        variant = copy.deepcopy(data)
        variant["id"] = B
        ids = [item["id"] for item in variant["checkpoints"]]
        for item in variant["checkpoints"]:
            item["id"] = f"b-{item['id']}"
        (exercises / B).mkdir()
        (exercises / B / "scenario.yml").write_text(yaml.safe_dump(variant), "utf-8")
        nb = json.loads((course / "release" / A / f"{A}.ipynb").read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if any(meta.get("grade_id", "").startswith(i) for i in ids):
                meta["grade_id"] = f"b-{meta['grade_id']}"
        (course / "release" / B).mkdir()
        (course / "release" / B / f"{B}.ipynb").write_text(json.dumps(nb, indent=1), "utf-8")
        _SESSION["course"] = (course, exercises)
    return _SESSION["course"]


@pytest.fixture
def course(tmp_path_factory, tmp_path) -> Path:
    """A fresh course (empty submitted/) with the session's released notebooks."""
    template, _ = released_course(tmp_path_factory)
    fresh = make_course(tmp_path / "course")
    shutil.copytree(template / "release", fresh / "release")
    return fresh


@pytest.fixture(scope="session")
def notebooks(tmp_path_factory) -> dict[str, bytes]:
    """Submission bytes: a solved notebook of each assignment, and A's blank release."""
    template, exercises = released_course(tmp_path_factory)
    out = {}
    for a in (A, B):
        released = nbformat.read(template / "release" / a / f"{a}.ipynb", as_version=4)
        scenario = load_scenario(exercises / a / "scenario.yml")
        solved = fill_answers(released, scenario, solved_answers(scenario))
        out[a] = nbformat.writes(solved).encode()
    out["blank"] = (template / "release" / A / f"{A}.ipynb").read_bytes()
    return out


class _FlaggedRawName(zipfile.ZipInfo):
    """An entry whose name bytes are written as given, with or without the UTF-8 flag."""

    def __init__(self, raw: bytes, date_time: tuple[int, ...], utf8_flag: bool):
        super().__init__(raw.decode("cp437"), date_time)
        self.raw, self.utf8_flag = raw, utf8_flag

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.raw, (self.flag_bits | 0x800) if self.utf8_flag else (self.flag_bits & ~0x800)


def make_zip(path: Path, entries: list[tuple[str | bytes, bytes]],
             times: list[tuple[int, ...]] | None = None, utf8_flag: bool = False) -> Path:
    """A zip with fixed entry times (default 2026-03-01 09:00 plus one minute per entry)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(entries):
            when = times[i] if times else (2026, 3, 1, 9, i, 0)
            info = (zipfile.ZipInfo(name, when) if isinstance(name, str)
                    else _FlaggedRawName(name, when, utf8_flag))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def placed(result) -> list[tuple[str, str]]:
    return [(learner, assignment) for learner, assignment, _ in result.placed]


def reasons(result) -> dict[str, str]:
    return {r.source: r.reason for r in result.rejected}


def stamp(course: Path, learner: str, assignment: str) -> str:
    return (course / "submitted" / learner / assignment / "timestamp.txt").read_text()


# ---------------------------------------------------------------------------------------------
# LMS naming styles


def test_canvas_names_give_user_ids_assignments_and_entry_times(course, notebooks, tmp_path):
    zf = make_zip(tmp_path / "canvas.zip", [
        ("smithjane_12345_678901_triage-pain.ipynb", notebooks[A]),
        ("learnerb_LATE_1002_2002_triage-pain-1.ipynb", notebooks[A]),
        ("learnerc_1003_2003_triage-pain-b.ipynb", notebooks[B]),
    ], times=[(2026, 3, 1, 9, 30, 0), (2026, 3, 20, 23, 58, 2), (2026, 3, 2, 8, 0, 0)])
    result = intake(zf, course, ASSIGNMENTS)
    assert placed(result) == [("1002", A), ("1003", B), ("12345", A)]
    assert result.rejected == [] and result.skipped_unchanged == 0
    dest = course / "submitted" / "12345" / A / f"{A}.ipynb"
    assert result.placed[2][2] == dest and dest.read_bytes() == notebooks[A]
    assert stamp(course, "12345", A) == "2026-03-01 09:30:00.000000 UTC"
    # LATE changes nothing but the timestamp nbgrader compares with the due date
    assert stamp(course, "1002", A) == "2026-03-20 23:58:02.000000 UTC"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["timestamp.txt", f"{A}.ipynb"]
    assert not any("smith" in str(p) for p in (course / "submitted").rglob("*"))


def test_moodle_folders_give_participant_ids(course, notebooks, tmp_path):
    source = tmp_path / "moodle"
    for folder, name in [("Learner One_4321_assignsubmission_file_", f"{A}.ipynb"),
                         ("Learner Two_4322_assignsubmission_file_", f"{B} (1).ipynb")]:
        (source / folder).mkdir(parents=True)
        (source / folder / name).write_bytes(notebooks[A if name.startswith(f"{A}.") else B])
    flat = "Learner Three_4323_assignsubmission_file_triage-pain.ipynb"  # "no folders" option
    (source / flat).write_bytes(notebooks[A])
    result = intake(source, course, ASSIGNMENTS)
    assert placed(result) == [("4321", A), ("4322", B), ("4323", A)]
    assert result.rejected == []


def test_blackboard_keeps_the_latest_attempt_by_its_timestamp(course, notebooks, tmp_path):
    older = "Pain at triage_jdoe_attempt_2026-03-01-14-05-09_triage-pain.ipynb"
    newer = "Pain at triage_jdoe_attempt_2026-03-02-08-00-00_triage-pain (1).ipynb"
    # the zip entry times say the opposite: the attempt time in the name wins
    zf = make_zip(tmp_path / "bb.zip", [(older, notebooks["blank"]), (newer, notebooks[A]),
                                        ("Pain at triage_kroe_attempt_2026-03-01-10-00-00_"
                                         "triage-pain-b.ipynb", notebooks[B])],
                  times=[(2026, 3, 5, 0, 0, 0), (2026, 3, 1, 0, 0, 0), (2026, 3, 1, 0, 0, 0)])
    result = intake(zf, course, ASSIGNMENTS)
    assert placed(result) == [("jdoe", A), ("kroe", B)]
    assert result.rejected == [Rejected(older, (
        f"older attempt (attempt 2026-03-01 14:05:09.000000 UTC); kept {newer} (attempt "
        "2026-03-02 08:00:00.000000 UTC, duplicate number 1)"))]
    assert stamp(course, "jdoe", A) == "2026-03-02 08:00:00.000000 UTC"
    assert (course / "submitted" / "jdoe" / A / f"{A}.ipynb").read_bytes() == notebooks[A]


def test_canvas_older_attempt_by_file_id_never_zip_date(course, notebooks, tmp_path):
    # Canvas's file id orders uploads; the zip entry dates (any clock) say the opposite and lose
    zf = make_zip(tmp_path / "canvas.zip", [
        ("learnera_1001_2001_triage-pain.ipynb", notebooks["blank"]),
        ("learnera_LATE_1001_2002_triage-pain-1.ipynb", notebooks[A]),
    ], times=[(2030, 3, 1, 9, 0, 0), (2026, 3, 3, 9, 0, 0)])
    result = intake(zf, course, ASSIGNMENTS)
    assert placed(result) == [("1001", A)]
    assert reasons(result) == {"learnera_1001_2001_triage-pain.ipynb": (
        "older attempt (canvas file id 2001); kept learnera_LATE_1001_2002_triage-pain-1.ipynb "
        "(canvas file id 2002)")}
    assert (course / "submitted" / "1001" / A / f"{A}.ipynb").read_bytes() == notebooks[A]


def test_nbgrader_tree_is_detected_and_keeps_its_timestamps(course, notebooks, tmp_path):
    tree = tmp_path / "tree"
    for learner, a in [("L0001", A), ("L0002", B)]:
        (tree / learner / a).mkdir(parents=True)
        (tree / learner / a / f"{a}.ipynb").write_bytes(notebooks[a])
    (tree / "L0001" / A / "timestamp.txt").write_text("2026-03-04 10:11:12.000000 UTC")
    result = intake(tree, course, ASSIGNMENTS)
    assert placed(result) == [("L0001", A), ("L0002", B)]
    assert result.rejected == []
    assert stamp(course, "L0001", A) == "2026-03-04 10:11:12.000000 UTC"


def test_learner_map_and_custom_patterns(course, notebooks, tmp_path):
    # one download is one LMS, so the course's own LMS and Canvas come as two downloads
    canvas = make_zip(tmp_path / "c.zip", [("learnera_1001_2001_triage-pain.ipynb", notebooks[A])])
    mine = make_zip(tmp_path / "m.zip", [("sub-77--triage-pain-b.ipynb", notebooks[B])])
    custom = LmsPattern("mylms", r"sub-(?P<learner>\d+)--(?P<filename>.+)")
    first = intake(canvas, course, ASSIGNMENTS, [custom, *DEFAULT_PATTERNS],
                   learner_map={"1001": "L0001"})
    second = intake(mine, course, ASSIGNMENTS, [custom, *DEFAULT_PATTERNS],
                    learner_map={"1001": "L0001"})
    assert placed(first) == [("L0001", A)] and placed(second) == [("77", B)]
    assert first.rejected == second.rejected == []
    with pytest.raises(ValueError, match="needs the named group"):
        LmsPattern("bad", r"(?P<student>\d+)_(?P<filename>.+)")


# ---------------------------------------------------------------------------------------------
# Rejections


def test_notebook_of_another_assignment_is_rejected(course, notebooks, tmp_path):
    zf = make_zip(tmp_path / "x.zip", [("learnera_1001_2001_triage-pain.ipynb", notebooks[B]),
                                       ("learnerb_1002_2002_triage-pain.ipynb", notebooks[A])])
    result = intake(zf, course, ASSIGNMENTS)
    assert placed(result) == [("1002", A)]
    assert reasons(result) == {"learnera_1001_2001_triage-pain.ipynb":
                               "this notebook belongs to assignment triage-pain-b, not triage-pain"}


def test_invalid_json_and_non_notebooks_are_rejected(course, notebooks, tmp_path):
    text = notebooks[A].decode()
    not_v4 = json.dumps({"nbformat": 3, "cells": [], "worksheets": []})
    foreign = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]))
    zf = make_zip(tmp_path / "x.zip", [
        ("learnera_1001_2001_triage-pain.ipynb", text[: len(text) // 2].encode()),
        ("learnerb_1002_2002_triage-pain.ipynb", not_v4.encode()),
        ("learnerc_1003_2003_triage-pain.ipynb", foreign.encode()),
        ("learnerd_1004_2004_essay.pdf", b"%PDF-1.4"),
        ("learnere_1005_2005_homework.ipynb", notebooks[A]),
        ("learnerf_1006_2006_triage-pain.ipynb", notebooks[A]),
        ("learnerg_1007_2007_notes.ipynb", b'{"cells": 3}'),
    ])
    got = reasons(intake(zf, course, ASSIGNMENTS))
    broken = got.pop("learnera_1001_2001_triage-pain.ipynb")
    assert broken.startswith("not valid JSON (line ") and ", column " in broken
    assert got == {
        "learnerb_1002_2002_triage-pain.ipynb": "not an nbformat 4 notebook (nbformat is 3)",
        "learnerc_1003_2003_triage-pain.ipynb": (
            "none of its cells are the answer cells of triage-pain (no matching nbgrader grade "
            "ids): it is not the notebook released for this assignment"),
        "learnerd_1004_2004_essay.pdf": "not a notebook (only .ipynb files are graded)",
        "learnere_1005_2005_homework.ipynb": (
            "homework.ipynb is not a notebook for any assignment in this course (expected one of "
            "triage-pain, triage-pain-b); its cells are those of triage-pain: ask the learner to "
            "resubmit it as triage-pain.ipynb, or rename the file and run intake again"),
        "learnerg_1007_2007_notes.ipynb": (
            "notes.ipynb is not a notebook for any assignment in this course (expected one of "
            "triage-pain, triage-pain-b)"),
    }


def test_path_traversal_rejected_and_junk_ignored(course, notebooks, tmp_path):
    zf = make_zip(tmp_path / "x.zip", [
        ("../../etc/learnera_1001_2001_triage-pain.ipynb", notebooks[A]),
        ("/abs/learnerb_1002_2002_triage-pain.ipynb", notebooks[A]),
        ("..\\..\\learnerc_1003_2003_triage-pain.ipynb", notebooks[A]),
        ("__MACOSX/._learnerd_1004_2004_triage-pain.ipynb", b"\x00\x05\x16\x07"),
        ("sub/.DS_Store", b"\x00\x00\x00\x01Bud1"),
        ("learnerd_1004_2004_triage-pain.ipynb", notebooks[A]),
    ])
    result = intake(zf, course, ASSIGNMENTS)
    assert placed(result) == [("1004", A)]
    unsafe = "unsafe path: it points outside the download (absolute or '..'); not used"
    assert reasons(result) == {"../../etc/learnera_1001_2001_triage-pain.ipynb": unsafe,
                               "/abs/learnerb_1002_2002_triage-pain.ipynb": unsafe,
                               "..\\..\\learnerc_1003_2003_triage-pain.ipynb": unsafe}
    assert not (tmp_path / "etc").exists()


def test_empty_zip_gives_a_rejection_not_an_exception(course, tmp_path, capsys):
    zf = make_zip(tmp_path / "empty.zip", [])
    result = intake(zf, course, ASSIGNMENTS)
    assert result.placed == [] and result.skipped_unchanged == 0
    assert result.rejected == [Rejected(str(zf), "the zip file is empty: no submissions found")]
    assert tic_course(["intake", str(zf), "--course", str(course), "--quiet"]) == 1
    assert f"REJECTED {zf}: the zip file is empty" in capsys.readouterr().out
    only_junk = make_zip(tmp_path / "junk.zip", [("__MACOSX/._a", b"x"), (".DS_Store", b"x")])
    assert "only system files" in intake(only_junk, course, ASSIGNMENTS).rejected[0].reason


def test_corrupt_zip_gives_a_rejection(course, notebooks, tmp_path):
    good = make_zip(tmp_path / "good.zip", [("learnera_1001_2001_triage-pain.ipynb", notebooks[A])])
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(good.read_bytes()[:200])
    result = intake(corrupt, course, ASSIGNMENTS)
    assert result.placed == []
    [rejected] = result.rejected
    assert rejected.source == str(corrupt)
    assert rejected.reason.startswith("not a readable zip file (")
    # a damaged entry inside an otherwise readable zip is rejected on its own
    data = bytearray(good.read_bytes())
    start = data.index(b"triage-pain.ipynb") + len("triage-pain.ipynb") + 40
    data[start:start + 20] = b"\xff" * 20
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    [entry] = intake(damaged, course, ASSIGNMENTS).rejected
    assert entry.source == "learnera_1001_2001_triage-pain.ipynb"
    assert entry.reason.startswith("could not be read from the download")


def test_non_utf8_names_never_crash(course, notebooks, tmp_path):
    # Latin-1 bytes without the UTF-8 flag (zipfile decodes them as cp437)
    zf = make_zip(tmp_path / "latin1.zip", [
        (b"learnerl0042\xe9_1042_2042_triage-pain.ipynb", notebooks[A]),
        (b"r\xe9sum\xe9_1043_2043_notes.txt", b"notes"),
    ])
    result = intake(zf, course, ASSIGNMENTS)
    assert placed(result) == [("1042", A)]
    assert reasons(result) == {"r\\xe9sum\\xe9_1043_2043_notes.txt":
                               "not a notebook (only .ipynb files are graded)"}
    # UTF-8 written without the flag (common) is read as UTF-8, not as cp437 mojibake
    zf = make_zip(tmp_path / "utf8-noflag.zip", [("caf\u00e9_1044_2044_x.txt".encode(), b"x")])
    assert intake(zf, course, ASSIGNMENTS).rejected[0].source == "caf\u00e9_1044_2044_x.txt"
    # the UTF-8 flag set on bytes that are not UTF-8: Python's zipfile refuses the whole zip
    zf = make_zip(tmp_path / "flagged.zip", [
        (b"learner\xff_1045_2045_triage-pain.ipynb", notebooks[A]),
        (b"learnerb_1046_2046_triage-pain.ipynb", notebooks[A]),
    ], utf8_flag=True)
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(zf)
    result = intake(zf, course, ASSIGNMENTS)
    assert placed(result) == [("1045", A), ("1046", A)] and result.rejected == []


def test_files_over_the_size_limit_are_rejected(course, notebooks, tmp_path, monkeypatch):
    monkeypatch.setattr(unpack_safety_module, "MAX_NOTEBOOK_BYTES", len(notebooks[A]) - 1)
    zf = make_zip(tmp_path / "x.zip", [("learnera_1001_2001_triage-pain.ipynb", notebooks[A])])
    [rejected] = intake(zf, course, ASSIGNMENTS).rejected
    assert "over the" in rejected.reason and "limit for a notebook" in rejected.reason


# ---------------------------------------------------------------------------------------------
# Reruns, the command line and setup errors


def test_rerun_changes_nothing(course, notebooks, tmp_path):
    zf = make_zip(tmp_path / "x.zip", [("learnera_1001_2001_triage-pain.ipynb", notebooks[A]),
                                       ("learnerb_1002_2002_triage-pain-b.ipynb", notebooks[B]),
                                       ("learnerc_1003_2003_notes.txt", b"x")])
    first = intake(zf, course, ASSIGNMENTS)
    files = sorted((course / "submitted").rglob("*"))
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files if p.is_file()}
    second = intake(zf, course, ASSIGNMENTS)
    assert len(first.placed) == 2 and second.placed == [] and second.skipped_unchanged == 2
    assert second.rejected == first.rejected
    assert sorted((course / "submitted").rglob("*")) == files
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in before} == before
    assert not list((course / "submitted").rglob("*.tmp"))


def test_older_download_does_not_replace_a_newer_submission(course, notebooks, tmp_path):
    newer = make_zip(tmp_path / "friday.zip", [("la_1001_2002_triage-pain.ipynb", notebooks[A])],
                     times=[(2026, 3, 6, 9, 0, 0)])
    older = make_zip(tmp_path / "monday.zip", [("la_1001_2001_triage-pain.ipynb",
                                                notebooks["blank"])], times=[(2026, 3, 2, 9, 0, 0)])
    intake(newer, course, ASSIGNMENTS)
    result = intake(older, course, ASSIGNMENTS)
    assert result.placed == []
    folder = course / "submitted" / "1001" / A
    assert result.rejected == [Rejected("la_1001_2001_triage-pain.ipynb", (
        f"older attempt (canvas file id 2001); kept the submission already in {folder} "
        "(canvas file id 2002)"))]
    assert (course / "submitted" / "1001" / A / f"{A}.ipynb").read_bytes() == notebooks[A]


def test_cli_summary_rejections_and_exit_codes(course, notebooks, tmp_path, capsys):
    zf = make_zip(tmp_path / "x.zip", [("learnera_1001_2001_triage-pain.ipynb", notebooks[A]),
                                       ("learnerb_1002_2002_essay.docx", b"PK")])
    roster = tmp_path / "roster.csv"
    roster.write_text("lms_id,learner_id\n1001,L0001\n")
    assert tic_course(["intake", str(zf), "--course", str(course), "--learner-map", str(roster)]) == 0
    out = capsys.readouterr()
    assert "placed 1 notebook(s) for 1 learner(s)" in out.out
    assert ("REJECTED learnerb_1002_2002_essay.docx: not a notebook (only .ipynb files are "
            "graded)") in out.out
    assert "checked 2 of 2 files" in out.err
    assert (course / "submitted" / "L0001" / A / f"{A}.ipynb").is_file()
    assert tic_course(["intake", str(zf), "--course", str(course), "--learner-map", str(roster)]) == 0  # unchanged
    assert "1 unchanged" in capsys.readouterr().out
    nothing = make_zip(tmp_path / "n.zip", [("learnerb_1002_2002_essay.docx", b"PK")])
    assert tic_course(["intake", str(nothing), "--course", str(course), "--quiet"]) == 1
    with pytest.raises(SystemExit) as exc:
        tic_course(["intake", "--help"])
    assert exc.value.code == 0 and "LMS bulk download" in capsys.readouterr().out


def test_setup_errors_are_messages_not_tracebacks(course, tmp_path, capsys):
    download = tmp_path / "download"
    download.mkdir()
    with pytest.raises(IntakeError, match="no released notebook for nope"):
        intake(download, course, {"nope"})
    assert tic_course(["intake", str(tmp_path / "missing.zip"), "--course", str(course)]) == 2
    assert "missing.zip: no such file or folder" in capsys.readouterr().err
    assert tic_course(["intake", str(tmp_path), "--course", str(tmp_path / "no-course")]) == 2
    assert "run `tic-course release` first" in capsys.readouterr().err
