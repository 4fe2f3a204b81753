"""The numbers every LMS file carries, and the inputs that must be refused."""

from __future__ import annotations

import pytest

from tests.grading.lms_export.cohort import assignments, results, roster
from tic_course.grading.lms_export import ExportError, export_gradebook, format_points
from tic_course.grading.lms_export.grades import check_roster, gradebook


def test_scores_are_honest_totals_scaled_to_module_points_less_the_late_penalty():
    book = gradebook(results(), assignments(), check_roster(roster(), "Canvas", "lms_id"))
    assert book.points == {("L1", "triage-pain"): 12.5, ("L1", "years-of-dismissal"): 6.4,
                           ("L2", "triage-pain"): 10.64}
    assert book.held_back == ["L2/years-of-dismissal: 1 item(s) still to be marked"]
    assert book.not_in_roster == ["L9/triage-pain"]
    assert [book.cell("L3", "triage-pain"), book.cell("L1", "triage-pain")] == ["", "12.5"]


@pytest.mark.parametrize(("value", "text"), [(12.5, "12.5"), (13.0, "13"), (10.636, "10.64"), (0.0, "0"),
                                             (-0.001, "0"), (6.4, "6.4")])
def test_points_are_written_with_a_full_stop_and_no_trailing_zeros(value, text):
    assert format_points(value) == text


def test_a_roster_without_the_matching_column_is_refused(tmp_path):
    frame = roster().drop(columns=["email"])
    with pytest.raises(ExportError, match=r"the roster lacks the column\(s\) email"):
        export_gradebook("moodle", results(), assignments(), frame, tmp_path / "m.csv")
    blank = roster()
    blank.loc[2, "email"] = " "
    with pytest.raises(ExportError, match="matches learners by email, and the roster has none for: L3"):
        export_gradebook("moodle", results(), assignments(), blank, tmp_path / "m.csv")
    assert not (tmp_path / "m.csv").exists()


def test_duplicate_learners_unknown_lms_modules_and_points_are_refused(tmp_path):
    twice = roster()
    twice.loc[2, "learner_id"] = "L1"
    with pytest.raises(ExportError, match="the roster lists learner 'L1' twice"):
        export_gradebook("canvas", results(), assignments(), twice, tmp_path / "c.csv")
    with pytest.raises(ExportError, match="unknown LMS 'sakai'"):
        export_gradebook("sakai", results(), assignments(), roster(), tmp_path / "c.csv")
    with pytest.raises(ExportError, match="no module nope in this course"):
        export_gradebook("canvas", results(), assignments(), roster(), tmp_path / "c.csv", headers={"nope": "X (1)"})
    with pytest.raises(ExportError, match="points for triage-pain must be more than 0"):
        export_gradebook("canvas", results(), assignments(), roster(), tmp_path / "c.csv", points={"triage-pain": 0})
    with pytest.raises(ExportError, match="two modules would share the moodle column 'Same'"):
        export_gradebook("moodle", results(), assignments(), roster(), tmp_path / "m.csv",
                         headers={"triage-pain": "Same", "years-of-dismissal": "Same"})
    assert list(tmp_path.iterdir()) == []


def test_points_rescale_to_what_the_lms_column_is_out_of(tmp_path):
    book = export_gradebook("moodle", results(), assignments(), roster(), tmp_path / "m.csv",
                            points={"triage-pain": 100})
    assert book.points[("L1", "triage-pain")] == 96.15  # 12.5 of 13
