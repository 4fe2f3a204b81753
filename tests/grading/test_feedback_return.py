"""Feedback return: intake keeps the LMS's own names, and the zips match each LMS's import rules.

Real Canvas and Moodle downloads are taken in (intake keeps the prefix the LMS wrote); pages are
then put where the feedback step writes them, and the return is read back: exact member names,
checked with the rule each LMS's importer applies (Canvas: the first two all-digit parts of the
name; Moodle: PHP ``explode('_', $name, 5)``), and never a name the learner chose.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.grading.test_intake import A, course, make_zip, notebooks  # noqa: F401 (fixtures)
from tic_course.grading.feedback_return import MARKER, ReturnError, export_feedback, return_name
from tic_course.grading.intake import intake
from tic_course.grading.intake.placement import read_record


def pages(root: Path, learners: list[str]) -> dict[str, bytes]:
    """A page per learner where the feedback step writes it, with its fingerprint file beside it."""
    out = {}
    for learner in learners:
        folder = root / "learner_feedback" / learner
        folder.mkdir(parents=True, exist_ok=True)
        out[learner] = f"<!DOCTYPE html><p>Feedback for {learner}</p>".encode()
        (folder / f"{A}.html").write_bytes(out[learner])
        (folder / f".{A}.fingerprint").write_text("x")
    (root / "feedback" / "12345" / A).mkdir(parents=True)  # nbgrader's own: shows hidden tests
    (root / "feedback" / "12345" / A / f"{A}.html").write_text("HIDDEN TESTS")
    return out


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_canvas_return_names_match_canvas_reupload_rule(course, notebooks, tmp_path):  # noqa: F811
    download = make_zip(tmp_path / "canvas.zip", [
        (f"smithjane_LATE_12345_678901_{A}.ipynb", notebooks[A]),
        (f"doejohn_23456_678902_{A}-1.ipynb", notebooks[A]),  # the learner's own name for the file
        (f"anon_Xy3kP_678903_{A}.ipynb", notebooks[A]),
    ])
    assert len(intake(download, course, {A}).placed) == 3
    record = read_record(course, "12345", A)
    assert (record["lms"], record["lms_id"], record["lms_prefix"], record["lms_late"]) == (
        "canvas", "12345", "smithjane_LATE_12345_678901_", True)
    assert read_record(course, "23456", A)["lms_late"] is False
    sent = pages(course, ["12345", "23456", "anon_Xy3kP"])
    result = export_feedback(course, "canvas", tmp_path / "out")
    got = members(tmp_path / "out" / f"{A}.zip")
    assert sorted(got) == [f"doejohn_23456_678902_{A}-feedback.html", f"smithjane_LATE_12345_678901_{A}-feedback.html"]
    for name, data in got.items():
        user, attachment = [p for p in name.split("_") if p.isdigit()][:2]  # infer_comment_context_from_filename
        assert data == sent[user] and attachment in ("678901", "678902")
    assert [where for where, _ in result.skipped] == [f"anon_Xy3kP/{A}"]
    assert "anonymously graded in Canvas" in result.skipped[0][1]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [MARKER, f"{A}.zip"]


def test_moodle_return_names_match_moodle_import_rule(course, notebooks, tmp_path):  # noqa: F811
    download = make_zip(tmp_path / "moodle.zip", [
        (f"Jane Smith_4321_assignsubmission_file/{A}.ipynb", notebooks[A]),
        (f"Bob O Neil_4322_assignsubmission_file_{A} (1).ipynb", notebooks[A]),
    ])
    assert len(intake(download, course, {A}).placed) == 2
    sent = pages(course, ["4321", "4322", "tree-learner"])
    result = export_feedback(course, "moodle", tmp_path / "out")
    got = members(tmp_path / "out" / f"{A}.zip")
    assert sorted(got) == [f"Bob O Neil_4322_assignsubmission_file_{A}-feedback.html",
                           f"Jane Smith_4321_assignsubmission_file_{A}-feedback.html"]
    for name, data in got.items():
        info = name.split("_", 4)  # PHP explode('_', $pathpart, 5)
        assert info[2:4] == ["assignsubmission", "file"] and info[4] == f"{A}-feedback.html"
        assert data == sent[info[1]]
    assert result.skipped == [(f"tree-learner/{A}", "taken in from no LMS download, so moodle cannot match it "
                                                    "to a learner")]
    # The same course asked for Canvas: these are Moodle submissions, so nothing can be matched.
    other = export_feedback(course, "canvas", tmp_path / "other")
    assert other.written == {} and len(other.skipped) == 3
    assert "taken in from a moodle download, so canvas cannot match it" in other.skipped[0][1]


def test_plain_folders_and_the_output_folder_rules(course, tmp_path):  # noqa: F811
    sent = pages(course, ["L1", "L2"])
    out = tmp_path / "out"
    result = export_feedback(course, "folders", out)
    assert result.written == {"L1": [f"{A}.html"], "L2": [f"{A}.html"]}
    assert (out / "L2" / f"{A}.html").read_bytes() == sent["L2"]
    assert not list(out.rglob("*.fingerprint")) and not list(out.rglob("HIDDEN*"))
    (course / "learner_feedback" / "L2" / f"{A}.html").unlink()
    export_feedback(course, "folders", out)  # replaced whole: L2 is gone
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "L1"]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    with pytest.raises(ReturnError, match="exists and is not an earlier feedback return"):
        export_feedback(course, "folders", mine)
    assert (mine / "notes.txt").read_text() == "keep"
    with pytest.raises(ReturnError, match="unknown feedback return 'sakai'"):
        export_feedback(course, "sakai", tmp_path / "x")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"lms": "moodle", "lms_id": "4321", "lms_prefix": "Jane\x1b[2JSmith_4321_assignsubmission_file_"},
         "characters a zip cannot carry safely"),
        ({"lms": "moodle", "lms_id": "9999", "lms_prefix": "Jane Smith_4321_assignsubmission_file_"},
         "no participant id"),
        ({"lms": "canvas", "lms_id": "12345", "lms_prefix": "../12345_678901_"}, "not in Canvas's form"),
    ],
)
def test_names_not_written_by_the_lms_are_refused(record, reason):
    with pytest.raises(ValueError, match=reason):
        return_name(record["lms"], record, A)


def test_a_record_from_before_lms_names_were_kept_is_upgraded_on_the_next_intake(course, notebooks, tmp_path):  # noqa: F811
    download = make_zip(tmp_path / "canvas.zip", [(f"smithjane_12345_678901_{A}.ipynb", notebooks[A])])
    intake(download, course, {A})
    path = course / ".tic-intake" / "12345" / f"{A}.json"
    old = json.loads(path.read_text())
    path.write_text(json.dumps({k: old[k] for k in ("kind", "key", "order", "source")}))
    again = intake(download, course, {A})
    assert again.skipped_unchanged == 1 and read_record(course, "12345", A)["lms_prefix"] == "smithjane_12345_678901_"


def test_blackboard_attempt_time_decides_lateness(course, notebooks, tmp_path):  # noqa: F811
    """Blackboard writes no late marker: its attempt time becomes timestamp.txt, and nbgrader's
    seconds late (timestamp minus due date) decide, under the course's policy."""
    from nbgrader.utils import parse_utc

    from tic_course.grading.late_policy import Lateness, LatePolicy

    download = make_zip(tmp_path / "bb.zip", [
        (f"Pain at triage_jdoe_attempt_2026-03-02-13-00-00_{A}.ipynb", notebooks[A]),
        (f"Pain at triage_kroe_attempt_2026-03-01-12-00-00_{A}.ipynb", notebooks[A]),
    ])
    assert len(intake(download, course, {A}).placed) == 2
    due = parse_utc("2026-03-01 12:00:00 UTC")
    policy = LatePolicy()
    policy.policy = "penalty"
    found = {}
    for learner in ("jdoe", "kroe"):
        record = read_record(course, learner, A)
        when = "2026-03-02-13-00-00" if learner == "jdoe" else "2026-03-01-12-00-00"
        expected = ("blackboard", None, f"Pain at triage_{learner}_attempt_{when}_")
        assert (record["lms"], record["lms_late"], record["lms_prefix"]) == expected
        stamp = parse_utc((course / "submitted" / learner / A / "timestamp.txt").read_text())
        found[learner] = policy.lateness((stamp - due).total_seconds(), record["lms_late"])
    assert found == {"jdoe": Lateness(True, 2, 20.0), "kroe": Lateness(False, 0, 0.0)}  # 25 hours; exactly on time
