"""The hostile-answer benchmark measures the real code paths (its figures are printed, not tested)."""

from __future__ import annotations

from tools.bench_hostile import CELLS, case_names, measure


def test_every_case_runs_the_real_rebuild_and_reports_its_outcome():
    figures = measure("1.2 MB crafted answer cell")
    assert figures["outcome"] == (
        "answer cell 'first-words-answer': too long (1200013 characters; limit 20000), so it was marked as unanswered"
    )
    assert set(figures) == {"case", "seconds", "traced_peak_mb", "rss_growth_mb", "outcome"}


def test_the_rubric_cases_score_every_real_rewrite_rubric():
    from tests.conftest import EXERCISES
    from tic_course.scenario import load_scenario

    items = [i for f in EXERCISES for i in load_scenario(f)["checkpoints"] if i["type"] == "rewrite"]
    checks = sum(len(i["rubric"]) for i in items)
    figures = measure("rubric: 2 MB reply of letters")
    assert figures["outcome"] == f"{len(items)} rubrics, {checks} checks, total 0 points"


def test_the_case_list():
    assert case_names(before=False)[: len(CELLS)] == list(CELLS)
    assert case_names(before=True)[-1] == "BEFORE: unbounded rubric, 2 MB reply"
