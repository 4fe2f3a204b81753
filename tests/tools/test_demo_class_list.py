"""The demo's class list names every learner plus those who never submit, and reads as a roster."""

from __future__ import annotations

from tic_course.grading.roster import read_roster
from tools.demo_class_list import write_class_list


def test_class_list_reads_back_with_absent_learners(tmp_path):
    write_class_list(tmp_path / "class-list.csv", learners=3, absent=2)
    frame = read_roster(tmp_path / "class-list.csv").frame()
    assert frame.values.tolist() == [
        ["L0001", "100001", "Learner 0001", "learner0001@example.org", "", "Ward A", "plain"],
        ["L0002", "100002", "Learner 0002", "learner0002@example.org", "", "Ward B", "plain"],
        ["L0003", "100003", "Learner 0003", "learner0003@example.org", "", "Ward A", "plain"],
        ["L0004", "100004", "Learner 0004", "learner0004@example.org", "", "Ward B", "plain"],
        ["L0005", "100005", "Learner 0005", "learner0005@example.org", "", "Ward A", "plain"],
    ]
