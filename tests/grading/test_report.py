"""The educators' cohort report: exact statistics on a hand-built cohort, CSV rows, privacy,
HTML escaping and accessibility, atomic replacement, and the command line.

The cohort (5 learners, 2 modules, 6 items) is small enough that every expected number below is
worked out by hand in a comment, so a wrong formula fails a test instead of passing silently.
"""

from __future__ import annotations

import base64
import math
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from tic_course.cli import main as tic_course
from tic_course.grading import report
from tic_course.grading.item_analysis import item_statistics
from tic_course.grading.report import (
    RESULTS_COLUMNS,
    ReportInputError,
    ReportOutputError,
    prepare_assignments,
    prepare_items,
    prepare_results,
    write_report,
)
from tic_course.grading.states import AWAITING, SCORED

NOW = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)
LEARNERS = ["L1", "L2", "L3", "L4", "L5"]

# assignment, item_id, item_type, max_score, objectives, skills, options, correct
ITEMS = [
    ("m1", "q1", "single_choice", 2, "o1", "s-a", "ABCD", "B"),
    ("m1", "q2", "multiple_select", 4, "o1;o2", "s-a;s-b", "ABCDE", "A,B,C,D"),
    ("m1", "q3", "ordering", 2, "o2", "s-b", "ABC", "A,B,C"),
    ("m1", "q4", "single_choice", 1, "o3", "", "AB", "A"),
    ("m1", "r1", "reflection", 1, "o3", "s-c", "", ""),
    ("m2", "s1", "single_choice", 1, "o1", "s-b", "ABC", "C"),
]
# item -> {learner: (score, answer)}; None score = reflection awaiting manual grading
RESPONSES = {
    "q1": {"L1": (2, "B"), "L2": (2, "B"), "L3": (2, "B"), "L4": (0, "A"), "L5": (0, "D")},
    "q2": {"L1": (4, "A,B,C,D"), "L2": (2, "A,B"), "L3": (3, "A,B,C"), "L4": (1, "A"),
           "L5": (2, "A,C")},
    "q3": {"L1": (0, "B,A,C"), "L2": (0, "B,A,C"), "L3": (0, "C,B,A"), "L4": (0, "B,A,C"),
           "L5": (2, "A,B,C")},
    "q4": {k: (1, "A") for k in LEARNERS},
    "r1": {"L1": (1, ""), "L2": (1, ""), "L3": (1, ""), "L4": (1, ""), "L5": (None, "")},
    "s1": {"L1": (1, "C"), "L2": (0, "A"), "L3": (0, "A&B"), "L5": (1, "C")},
}
SUBMITTED = {  # (learner, assignment) -> (submitted_at, late); L4 never submitted m2
    ("L1", "m1"): ("2024-03-01T09:00:00Z", False), ("L2", "m1"): ("2024-03-01T10:00:00Z", False),
    ("L3", "m1"): ("2024-03-02T11:30:00Z", False), ("L4", "m1"): ("2024-03-02T23:59:59Z", False),
    ("L5", "m1"): ("2024-03-03T08:00:00Z", False), ("L1", "m2"): ("2024-03-10T12:00:00Z", True),
    ("L2", "m2"): ("2024-03-05T09:00:00Z", False), ("L3", "m2"): ("2024-03-04T16:45:00Z", False),
    ("L5", "m2"): ("2024-03-06T07:15:00Z", False),
}


def make_items() -> pd.DataFrame:
    return pd.DataFrame(ITEMS, columns=["assignment", "item_id", "item_type", "max_score",
                                        "objectives", "skills", "options", "correct"])


def make_assignments(title: str = "Module one") -> pd.DataFrame:
    return pd.DataFrame({"assignment": ["m1", "m2"], "title": [title, "Module two"],
                         "chapter": ["ch-1", "ch-2"], "minutes": [20, 15],
                         "total_points": [10, 1]})


def make_results() -> pd.DataFrame:
    rows = []
    for assignment, item_id, item_type, max_score, objectives, skills, _, _ in ITEMS:
        for learner, (score, answer) in RESPONSES[item_id].items():
            at, late = SUBMITTED[(learner, assignment)]
            rows.append({"learner_id": learner, "assignment": assignment, "item_id": item_id,
                         "item_type": item_type,
                         "score": math.nan if score is None else float(score),
                         "max_score": float(max_score), "needs_manual": score is None,
                         "answer": answer, "submitted_at": pd.Timestamp(at), "late": late,
                         "objectives": objectives, "skills": skills,
                         "state": AWAITING if score is None else SCORED})
    return pd.DataFrame(rows, columns=RESULTS_COLUMNS)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("cohort") / "report"
    return write_report(make_results(), make_items(), make_assignments(), out,
                        cohort_name="Spring cohort", generated_at=NOW)


def read_csv(path: Path) -> list[dict[str, str]]:
    return pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")


def stats_by_item() -> dict[str, dict]:
    stats = item_statistics(prepare_results(make_results()), prepare_items(make_items()))
    return {r["item_id"]: r for r in stats.to_dict("records")}


# ---------------------------------------------------------------------------------------------
# Item analysis: exact numbers worked by hand.
#
# Module m1, auto-graded items q1..q4 (r1 is a reflection, excluded). Raw points per learner:
#            q1  q2  q3  q4 | total T
#       L1    2   4   0   1 |  7
#       L2    2   2   0   1 |  5
#       L3    2   3   0   1 |  6
#       L4    0   1   0   1 |  2
#       L5    0   2   2   1 |  5
# n = 5, g = max(1, round(0.27 * 5)) = round(1.35) = 1. Ranked by T (ties by id):
# L1 7, L3 6, L2 5, L5 5, L4 2 -> top group {L1}, bottom group {L4}.


def test_difficulty_is_mean_score_fraction():
    stats = stats_by_item()
    # q1: fractions 1,1,1,0,0 -> 3/5; q2: 1,.5,.75,.25,.5 -> 3/5; q3: 0,0,0,0,1 -> 1/5
    assert stats["q1"]["difficulty"] == pytest.approx(0.6, abs=1e-12)
    assert stats["q2"]["difficulty"] == pytest.approx(0.6, abs=1e-12)
    assert stats["q3"]["difficulty"] == pytest.approx(0.2, abs=1e-12)
    assert stats["q4"]["difficulty"] == pytest.approx(1.0, abs=1e-12)
    # r1: the four graded reflections (1 each); L5's awaits manual grading and is left out
    assert stats["r1"]["difficulty"] == pytest.approx(1.0, abs=1e-12)
    assert stats["r1"]["n"] == 4
    # s1 (module m2): 1,0,0,1 over four submissions
    assert stats["s1"]["difficulty"] == pytest.approx(0.5, abs=1e-12)
    assert [stats[i]["n"] for i in ("q1", "q2", "q3", "q4", "s1")] == [5, 5, 5, 5, 4]


def test_corrected_point_biserial_by_hand():
    stats = stats_by_item()
    # q1: x = 1,1,1,0,0 (mean .6); rest R = T - q1 = 5,3,4,2,5 (mean 3.8)
    #   dx = .4,.4,.4,-.6,-.6   dR = 1.2,-.8,.2,-1.8,1.2
    #   sum dx*dR = .4*(1.2-.8+.2) + (-.6)*(-1.8+1.2) = .24 + .36 = .6
    #   sum dx^2 = 3*.16 + 2*.36 = 1.2    sum dR^2 = 1.44+.64+.04+3.24+1.44 = 6.8
    #   r = .6 / sqrt(1.2 * 6.8) = .6 / sqrt(8.16) = 0.2100420...
    assert stats["q1"]["point_biserial"] == pytest.approx(0.6 / math.sqrt(8.16), abs=1e-9)
    assert stats["q1"]["point_biserial"] == pytest.approx(0.210042, abs=1e-6)
    # q2: x = 1,.5,.75,.25,.5 (mean .6); R = T - q2 = 3,3,3,1,3 (mean 2.6)
    #   dx = .4,-.1,.15,-.35,-.1   dR = .4,.4,.4,-1.6,.4
    #   sum dx*dR = .4*(.4-.1+.15-.1) + (-.35)*(-1.6) = .14 + .56 = .7
    #   sum dx^2 = .16+.01+.0225+.1225+.01 = .325    sum dR^2 = 4*.16 + 2.56 = 3.2
    #   r = .7 / sqrt(.325 * 3.2) = .7 / sqrt(1.04) = 0.6864064...
    assert stats["q2"]["point_biserial"] == pytest.approx(0.7 / math.sqrt(1.04), abs=1e-9)
    assert stats["q2"]["point_biserial"] == pytest.approx(0.686406, abs=1e-6)
    # q3: x = 0,0,0,0,1 (mean .2); R = T - q3 = 7,5,6,2,3 (mean 4.6)
    #   dx = -.2,-.2,-.2,-.2,.8    dR = 2.4,.4,1.4,-2.6,-1.6
    #   sum dx*dR = -.2*(2.4+.4+1.4-2.6) + .8*(-1.6) = -.32 - 1.28 = -1.6
    #   sum dx^2 = 4*.04 + .64 = .8    sum dR^2 = 5.76+.16+1.96+6.76+2.56 = 17.2
    #   r = -1.6 / sqrt(.8 * 17.2) = -1.6 / sqrt(13.76) = -0.4313310...
    assert stats["q3"]["point_biserial"] == pytest.approx(-1.6 / math.sqrt(13.76), abs=1e-9)
    assert stats["q3"]["point_biserial"] == pytest.approx(-0.431331, abs=1e-6)
    # q4: everyone scored 1, zero variance -> undefined
    assert math.isnan(stats["q4"]["point_biserial"])
    # r1: reflection, excluded; s1: the only auto-graded item of m2, so no "other items"
    assert math.isnan(stats["r1"]["point_biserial"])
    assert math.isnan(stats["s1"]["point_biserial"])


def test_upper_lower_index_by_hand():
    stats = stats_by_item()
    # top {L1}, bottom {L4}: q1 1-0 = 1; q2 1-.25 = .75; q3 0-0 = 0; q4 1-1 = 0
    assert stats["q1"]["upper_lower_d"] == pytest.approx(1.0, abs=1e-12)
    assert stats["q2"]["upper_lower_d"] == pytest.approx(0.75, abs=1e-12)
    assert stats["q3"]["upper_lower_d"] == pytest.approx(0.0, abs=1e-12)
    assert stats["q4"]["upper_lower_d"] == pytest.approx(0.0, abs=1e-12)
    assert [stats[i]["group_size"] for i in ("q1", "q2", "q3", "q4")] == [1, 1, 1, 1]
    assert [stats[i]["discrimination_n"] for i in ("q1", "q2", "q3", "q4")] == [5, 5, 5, 5]
    # m2: n = 4, g = round(1.08) = 1; T = s1: L1 1, L5 1, L2 0, L3 0 -> top L1, bottom L3: 1-0
    assert stats["s1"]["upper_lower_d"] == pytest.approx(1.0, abs=1e-12)
    assert stats["s1"]["discrimination_n"] == 4
    assert math.isnan(stats["r1"]["upper_lower_d"])
    assert stats["r1"]["discrimination_excluded"] == "reflection"


def test_flags():
    stats = stats_by_item()
    assert stats["q1"]["flags"] == ""
    assert stats["q2"]["flags"] == ""
    assert stats["q3"]["flags"] == "too hard; negative discrimination"  # p .2, r < 0
    assert stats["q4"]["flags"] == "too easy"  # p 1.0 > .9; r NaN and D 0 do not flag
    assert stats["r1"]["flags"] == ""  # reflections are never flagged
    assert stats["s1"]["flags"] == ""


def test_item_analysis_csv(written):
    rows = {r["item_id"]: r for r in read_csv(written["item_analysis.csv"])}
    assert list(rows) == ["q1", "q2", "q3", "q4", "r1", "s1"]
    assert rows["q3"]["difficulty"] == "0.2"
    assert rows["q3"]["point_biserial"] == "-0.4313"
    assert rows["q2"]["upper_lower_d"] == "0.75"
    assert rows["q4"]["point_biserial"] == ""
    assert rows["q3"]["flags"] == "too hard; negative discrimination"


# ---------------------------------------------------------------------------------------------
# Completion, mastery, distractors


def test_completion_rows_exact(written):
    rows = [tuple(r.values()) for r in read_csv(written["completion.csv"])]
    assert list(read_csv(written["completion.csv"])[0]) == [
        "learner_id", "assignment", "submitted", "complete", "score", "max_score", "percent",
        "late", "submitted_at"]
    assert rows == [
        # m1 max 10 = 2+4+2+1+1; L1 8 = 7 auto + 1 reflection
        ("L1", "m1", "True", "True", "8.0", "10.0", "80.0", "False", "2024-03-01T09:00:00Z"),
        ("L1", "m2", "True", "True", "1.0", "1.0", "100.0", "True", "2024-03-10T12:00:00Z"),
        ("L2", "m1", "True", "True", "6.0", "10.0", "60.0", "False", "2024-03-01T10:00:00Z"),
        ("L2", "m2", "True", "True", "0.0", "1.0", "0.0", "False", "2024-03-05T09:00:00Z"),
        ("L3", "m1", "True", "True", "7.0", "10.0", "70.0", "False", "2024-03-02T11:30:00Z"),
        ("L3", "m2", "True", "True", "0.0", "1.0", "0.0", "False", "2024-03-04T16:45:00Z"),
        ("L4", "m1", "True", "True", "3.0", "10.0", "30.0", "False", "2024-03-02T23:59:59Z"),
        ("L4", "m2", "False", "False", "", "", "", "False", ""),
        # reflection awaiting manual grading: incomplete, 5 of the 9 graded points = 55.56 %
        ("L5", "m1", "True", "False", "5.0", "9.0", "55.56", "False", "2024-03-03T08:00:00Z"),
        ("L5", "m2", "True", "True", "1.0", "1.0", "100.0", "False", "2024-03-06T07:15:00Z"),
    ]


def test_mastery_per_objective_and_skill(written):
    # o1: q1 6/10 + q2 12/20 + s1 2/4 = 20/34; o2: q2 12/20 + q3 2/10 = 14/30;
    # o3: q4 5/5 + r1 4/4 (L5's ungraded reflection excluded) = 9/9
    assert read_csv(written["mastery_objectives.csv"]) == [
        {"objective": "o1", "score": "20.0", "max_score": "34.0", "percent": "58.82",
         "learners": "5", "items": "3"},
        {"objective": "o2", "score": "14.0", "max_score": "30.0", "percent": "46.67",
         "learners": "5", "items": "2"},
        {"objective": "o3", "score": "9.0", "max_score": "9.0", "percent": "100.0",
         "learners": "5", "items": "2"},
    ]
    # s-a: q1 + q2 = 18/30; s-b: q2 + q3 + s1 = 16/34; s-c: r1 4/4 from 4 learners
    assert read_csv(written["mastery_skills.csv"]) == [
        {"skill": "s-a", "score": "18.0", "max_score": "30.0", "percent": "60.0",
         "learners": "5", "items": "2"},
        {"skill": "s-b", "score": "16.0", "max_score": "34.0", "percent": "47.06",
         "learners": "5", "items": "3"},
        {"skill": "s-c", "score": "4.0", "max_score": "4.0", "percent": "100.0",
         "learners": "4", "items": "1"},
    ]


def test_distractor_counts(written):
    rows = read_csv(written["distractors.csv"])
    got = {(r["item_id"], r["option"]): (r["count"], r["percent"], r["correct"]) for r in rows}
    assert got == {
        ("q1", "A"): ("1", "20.0", "False"), ("q1", "B"): ("3", "60.0", "True"),
        ("q1", "C"): ("0", "0.0", "False"), ("q1", "D"): ("1", "20.0", "False"),
        ("q2", "A"): ("5", "100.0", "True"), ("q2", "B"): ("3", "60.0", "True"),
        ("q2", "C"): ("3", "60.0", "True"), ("q2", "D"): ("1", "20.0", "True"),
        ("q2", "E"): ("0", "0.0", "False"),
        ("q4", "A"): ("5", "100.0", "True"), ("q4", "B"): ("0", "0.0", "False"),
        # four submissions of s1; "A&B" is not an option and is listed separately in the page
        ("s1", "A"): ("1", "25.0", "False"), ("s1", "B"): ("0", "0.0", "False"),
        ("s1", "C"): ("2", "50.0", "True"),
    }
    assert {r["submissions"] for r in rows if r["item_id"] == "s1"} == {"4"}


def test_returned_paths(written):
    assert set(written) == {"report.html", "completion.csv", "mastery_objectives.csv",
                            "mastery_skills.csv", "item_analysis.csv", "distractors.csv"}
    assert all(p.is_file() and p.parent.name == "report" for p in written.values())


# ---------------------------------------------------------------------------------------------
# The page: sections, accessibility, no external resources


class PageParser(HTMLParser):
    """Collects tables (with their first child), header cells and images."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[str | None] = []
        self.th: list[dict] = []
        self.img: list[dict] = []
        self.tags: set[str] = set()
        self._after_table = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if self._after_table:
            self.tables[-1] = tag
            self._after_table = False
        if tag == "table":
            self.tables.append(None)
            self._after_table = True
        elif tag == "th":
            self.th.append(dict(attrs))
        elif tag == "img":
            self.img.append(dict(attrs))


def test_page_sections_and_structure(written):
    page = written["report.html"].read_text(encoding="utf-8")
    for heading in ("Summary", "Completion and score per learner and module",
                    "Mastery per learning objective and skill", "Item analysis",
                    "Distractor frequencies", "How to read these figures"):
        assert f"<h2>{heading}</h2>" in page
    assert "Spring cohort" in page and "2024-04-01 12:00 UTC" in page
    assert "A module is <strong>complete</strong> when" in page
    assert "g = max(1, round(0.27 × n))" in page and "<em>other</em> auto-graded" in page
    assert "manual grades decide" in page and "small cohort" in page
    assert "not submitted" in page and '<span class="late">late</span>' in page
    assert "provisional<br>awaiting your educator (1 item)" in page
    parser = PageParser()
    parser.feed(page)
    assert parser.tables and all(first == "caption" for first in parser.tables)
    assert parser.th and all(th.get("scope") in ("col", "row") for th in parser.th)
    assert len(parser.img) == 2  # objectives and skills charts
    for img in parser.img:
        assert img["alt"].startswith("Mastery per ") and "%" in img["alt"]
        data = img["src"].removeprefix("data:image/png;base64,")
        assert data != img["src"]
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    assert "o1: 59%" in parser.img[0]["alt"]
    assert not parser.tags & {"script", "link", "iframe", "object", "embed"}
    assert "http://" not in page and "https://" not in page and "url(" not in page


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_meet_wcag_aa():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)  # the formula itself
    for fg, bg in report.TEXT_PAIRS:
        assert _contrast(fg, bg) >= 4.5, (fg, bg)
    for fg, bg in report.GRAPHIC_PAIRS:
        assert _contrast(fg, bg) >= 3.0, (fg, bg)


# ---------------------------------------------------------------------------------------------
# Privacy


def test_learner_values_and_titles_are_escaped(tmp_path):
    evil = "<script>alert(1)</script>"
    results = make_results()
    results["learner_id"] = results["learner_id"].replace("L1", evil)
    paths = write_report(results, make_items(), make_assignments("Consent & <b>care</b>"),
                         tmp_path / "out", cohort_name="Ward <7> & co", generated_at=NOW)
    page = paths["report.html"].read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # L3 typed "A&B" for s1: not a list of option keys, so neither the text nor its escaped form
    # reaches the page (issue #11: free text typed into a choice cell is never copied), only the marker
    assert "A&B" not in page and "A&amp;B" not in page
    assert "Entries that are not options: \u201cinvalid answer\u201d (1)." in page
    assert "Consent &amp; &lt;b&gt;care&lt;/b&gt;" in page and "<b>care" not in page
    assert "Ward &lt;7&gt; &amp; co" in page


def test_undocumented_columns_and_free_text_never_reach_outputs(tmp_path):
    results = make_results()
    results["learner_name"] = "Jane SECRETNAME Doe"
    results["reflection_text"] = "SECRETREFLECTION about my own trauma"
    # an upstream bug putting reflection text into the answer column must not leak either
    results.loc[results["item_id"] == "r1", "answer"] = "SECRETANSWER I felt"
    prepared = prepare_results(results)
    assert list(prepared.columns) == RESULTS_COLUMNS
    assert set(prepared.loc[prepared["item_id"] == "r1", "answer"]) == {""}
    paths = write_report(results, make_items(), make_assignments(), tmp_path / "out",
                         generated_at=NOW)
    for path in paths.values():
        text = path.read_text(encoding="utf-8")
        for secret in ("SECRETNAME", "SECRETREFLECTION", "SECRETANSWER",
                       "learner_name", "reflection_text"):
            assert secret not in text, (path.name, secret)


# ---------------------------------------------------------------------------------------------
# Atomic replacement


def test_older_report_is_replaced_whole(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "report.html").write_text("OLD REPORT", encoding="utf-8")
    (out / "stale.csv").write_text("old", encoding="utf-8")
    write_report(make_results(), make_items(), make_assignments(), out, generated_at=NOW)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["report.html", "completion.csv", "mastery_objectives.csv", "mastery_skills.csv",
         "item_analysis.csv", "distractors.csv"])
    assert "OLD REPORT" not in (out / "report.html").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no temp or backup left


def test_replacement_keeps_the_folder_permissions(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "report.html").write_text("OLD REPORT", encoding="utf-8")
    out.chmod(0o750)
    write_report(make_results(), make_items(), make_assignments(), out, generated_at=NOW)
    assert out.stat().st_mode & 0o777 == 0o750


def test_failure_midway_keeps_old_report_and_leaves_no_partial_files(tmp_path, monkeypatch):
    out = tmp_path / "report"
    out.mkdir()
    (out / "report.html").write_text("OLD REPORT", encoding="utf-8")
    real_to_csv = pd.DataFrame.to_csv
    calls = []

    def failing_to_csv(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_to_csv(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", failing_to_csv)
    with pytest.raises(OSError):
        write_report(make_results(), make_items(), make_assignments(), out, generated_at=NOW)
    assert len(calls) == 3
    assert [p.name for p in out.iterdir()] == ["report.html"]
    assert (out / "report.html").read_text(encoding="utf-8") == "OLD REPORT"
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


def test_refuses_to_replace_a_folder_that_is_not_a_report(tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ReportOutputError, match="holds no report.html"):
        write_report(make_results(), make_items(), make_assignments(), out, generated_at=NOW)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


# ---------------------------------------------------------------------------------------------
# Bad input and edge cases


def test_missing_column_names_table_and_column(tmp_path):
    with pytest.raises(ReportInputError, match=r"results: missing column\(s\): late"):
        write_report(make_results().drop(columns="late"), make_items(), make_assignments(),
                     tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_result_for_unknown_item_is_an_error(tmp_path):
    results = make_results()
    results.loc[0, "item_id"] = "q9"
    with pytest.raises(ReportInputError, match="item 'q9' of assignment 'm1' is not in items"):
        write_report(results, make_items(), make_assignments(), tmp_path / "out")


def test_empty_cohort_still_writes_a_report(tmp_path):
    empty = make_results().iloc[0:0]
    paths = write_report(empty, make_items(), make_assignments(), tmp_path / "out",
                         generated_at=NOW)
    assert read_csv(paths["completion.csv"]) == []
    assert "No data yet." in paths["report.html"].read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Command line


def export(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    make_results().to_csv(folder / "results.csv", index=False)
    make_items().to_csv(folder / "items.csv", index=False)
    make_assignments().to_csv(folder / "assignments.csv", index=False)
    return folder


def test_cli_round_trip_matches_api(tmp_path, capsys, written):
    folder = export(tmp_path / "export")
    assert tic_course(["report", str(folder), "--out", str(tmp_path / "cli-report")]) == 0
    assert "Wrote 6 files" in capsys.readouterr().out
    for name in written:
        if name.endswith(".csv"):
            assert (tmp_path / "cli-report" / name).read_bytes() == written[name].read_bytes()


def test_cli_counts_the_class_list_and_names_scenarios_not_modules(tmp_path, capsys):
    folder = export(tmp_path / "export")
    (tmp_path / "class.csv").write_text("learner_id,name\nL1,A\nL2,B\nL3,C\nL4,D\nL5,E\nL6,Never Started\n",
                                        encoding="utf-8")
    assert tic_course(["report", str(folder), "--roster", str(tmp_path / "class.csv")]) == 0
    assert "Writing report for 6 learners, 2 scenarios, 6 items ..." in capsys.readouterr().out


def test_cli_default_out_is_report_inside_the_folder(tmp_path, capsys):
    folder = export(tmp_path / "export")
    assert tic_course(["report", str(folder)]) == 0
    assert (folder / "report" / "report.html").is_file()


def test_cli_missing_column_is_a_clear_error(tmp_path, capsys):
    folder = export(tmp_path / "export")
    pd.read_csv(folder / "results.csv").drop(columns="late").to_csv(folder / "results.csv",
                                                                     index=False)
    assert tic_course(["report", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "results.csv: missing column(s): late" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_missing_file_and_bad_value(tmp_path, capsys):
    folder = export(tmp_path / "export")
    (folder / "items.csv").unlink()
    assert tic_course(["report", str(folder), "--out", str(tmp_path / "out")]) == 2
    assert "items.csv: file not found" in capsys.readouterr().err
    folder = export(tmp_path / "export2")
    results = pd.read_csv(folder / "results.csv", dtype=str, keep_default_na=False)
    results.loc[2, "score"] = "two"
    results.to_csv(folder / "results.csv", index=False)
    assert tic_course(["report", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "results.csv: column 'score', data row 3: expected a number, got 'two'" in err


def test_cli_refuses_out_that_would_replace_the_input(tmp_path, capsys):
    folder = export(tmp_path / "export")
    assert tic_course(["report", str(folder), "--out", str(folder)]) == 2
    assert "must not be the input folder" in capsys.readouterr().err
    assert (folder / "results.csv").is_file()


def test_cli_help_as_module():
    done = subprocess.run([sys.executable, "-m", "tic_course", "report", "--help"],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0
    assert "--out" in done.stdout and "results.csv" in done.stdout


def test_prepare_accepts_csv_text_types():
    """The CLI reads every CSV cell as text; typed and text inputs must give the same table."""
    text = make_results().astype(str).replace("nan", "")
    typed = prepare_results(make_results())
    pd.testing.assert_frame_equal(prepare_results(text), typed)
    assert prepare_items(make_items().astype(str))["max_score"].tolist() == [2, 4, 2, 1, 1, 1]
    assert prepare_assignments(make_assignments().astype(str))["minutes"].tolist() == [20, 15]


def test_write_is_deterministic_for_fixed_time(tmp_path):
    a = write_report(make_results(), make_items(), make_assignments(), tmp_path / "a",
                     generated_at=NOW)
    b = write_report(make_results(), make_items(), make_assignments(), tmp_path / "b",
                     generated_at=NOW)
    assert a["report.html"].read_bytes() == b["report.html"].read_bytes()


def test_cli_takes_each_modules_pass_mark_from_the_course_config(tmp_path, capsys):
    """`--course` reads c.TrainingRecord, so the report and the training record agree on who passed."""
    from tests.grading.test_report_first_screen import rows_of

    folder = export(tmp_path / "export")
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.TrainingRecord.pass_marks = {'ch-2': 100}\n", encoding="utf-8")
    assert tic_course(["report", str(folder), "--course", str(course), "--out", str(tmp_path / "r")]) == 0
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    # m1 (chapter ch-1) keeps the default 80 %: only L1 passes; m2 (ch-2) at 100 %: L1 and L5.
    assert rows_of(page, "Completion and pass rate per module") == [
        ["Module one", "5", "5", "4", "80%", "80%", "1", "20%"],
        ["Module two", "5", "4", "4", "80%", "100%", "2", "40%"],
    ]
    # --pass-mark sets one mark for every module, whatever the config says.
    assert tic_course(["report", str(folder), "--course", str(course), "--pass-mark", "60",
                       "--out", str(tmp_path / "r60")]) == 0
    page = (tmp_path / "r60" / "report.html").read_text(encoding="utf-8")
    assert [row[5] for row in rows_of(page, "Completion and pass rate per module")] == ["60%", "60%"]


def test_cli_bad_course_config_is_refused_naming_the_file(tmp_path, capsys):
    folder = export(tmp_path / "export")
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.TrainingRecord.pass_marks = 'high'\n",
                                               encoding="utf-8")
    assert tic_course(["report", str(folder), "--course", str(course), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert f"{course / 'nbgrader_config.py'}:" in err and "pass_marks" in err
    assert not (tmp_path / "r").exists()
    assert tic_course(["report", str(folder), "--course", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r")]) == 2
    assert "no nbgrader_config.py" in capsys.readouterr().err
