"""The rubric checker reads words, says what it found, and knows its limits."""

from __future__ import annotations

import pytest

from tic_course.checkpoints.rubric import CAVEAT, check_rewrite, pattern_cost_problem

RUBRIC = [
    {"id": "names", "description": "Names the feeling", "points": 1, "hint": "Say what it must feel like.",
     "any_of": ["(sounds|must be) .{0,20}(hard|frightening)"]},
    {"id": "calm", "description": "Avoids minimising", "points": 1, "hint": "Leave out 'just'.",
     "any_of": ["\\bI\\b"], "none_of": ["\\bjust\\b", "I'm sure"]},
]


def test_typographic_apostrophes_read_like_plain_ones():
    plain = check_rewrite("I'm sure it must be frightening to wait here on your own tonight.", RUBRIC)
    curly = check_rewrite("I\u2019m sure it must be frightening to wait here on your own tonight.", RUBRIC)
    assert plain.score == curly.score == 1.0
    assert [c.evidence for c in curly.checks] == ["must be frightening", "I'm sure"]


def test_report_lists_found_and_missing_with_the_caveat():
    result = check_rewrite("I can see it must be hard, and I will stay with you while we wait.", RUBRIC)
    report = result.report()
    assert report.splitlines()[0] == "Rubric check: 2 of 2 points."
    assert "\u2713 Names the feeling (found: \u201cmust be hard\u201d)" in report
    assert report.endswith(CAVEAT)


def test_a_short_kind_reply_is_not_assessed():
    result = check_rewrite("I'm stopping now.", RUBRIC)
    assert result.score == 0.0 and result.checks == []
    assert result.note == "Your rewrite has 3 word(s); write at least 8 so there is enough to assess."


def test_fetching_the_nurse_in_charge_by_name_is_not_an_attack_on_her():
    """colleague-remark: naming Lorraine to fetch her keeps the point; blaming her in public loses it."""
    from tests.conftest import ROOT
    from tic_course.scenario import load_scenario

    scenario = load_scenario(ROOT / "exercises" / "colleague-remark" / "scenario.yml")
    item = next(c for c in scenario["checkpoints"] if c["type"] == "rewrite")
    fetches = (
        "Oh gosh, I'm going for Lorraine this second. I appreciate you coming over. What you overheard "
        "earlier was unfair on her, and I'll make sure it gets passed on."
    )
    blames = "Thank you. I'll get a nurse now. Sorry you heard that, Lorraine is always like that, it wasn't OK."
    assert check_rewrite(fetches, item["rubric"], item["original"]).score == 4
    blamed = check_rewrite(blames, item["rubric"], item["original"])
    assert blamed.raw_score == 3
    lost = next(c for c in blamed.checks if c.id == "acknowledges-remark")
    assert (lost.earned, lost.evidence) == (0, "Lorraine is always")
    # The acknowledgement is essential (the prompt asks for it), so losing it also keeps the reply below good.
    assert blamed.score == 3 and blamed.band == "partial" and [f.id for f in blamed.findings] == ["essential-missing"]


def test_a_long_rewrite_is_cut_before_scoring_and_says_so():
    """Only the first 2,000 characters are checked; the learner is told how long the reply was."""
    from tic_course.checkpoints.rubric import MAX_REWRITE_CHARS

    reply = "I can see it must be hard, and I will stay with you while we wait. "
    long_reply = reply + "x" * 2_000_000 + " I'm sure"  # the minimising phrase lies beyond the cut
    result = check_rewrite(long_reply, RUBRIC)
    assert MAX_REWRITE_CHARS == 2_000
    assert result.score == 2.0 and result.cut_from == len(long_reply)
    assert result.report().splitlines()[1] == (
        f"Your rewrite has {len(long_reply)} characters; only the first 2000 were checked."
    )


def test_a_reply_within_the_limit_is_not_cut():
    result = check_rewrite("I can see it must be hard, and I will stay with you while we wait.", RUBRIC)
    assert result.cut_from == 0
    assert "were checked" not in result.report()


@pytest.mark.parametrize(
    "pattern, problem",
    [
        ("(a+)+", "a repeat inside a repeat (such as (a+)+) can take exponential time; remove one of them"),
        ("(\\w+\\s?)*$", "a repeat inside a repeat (such as (a+)+) can take exponential time; remove one of them"),
        ("(a|ab)*c", "a repeated group of alternatives (such as (a|ab)+) can take exponential time"),
        (".*sorry.*wait", "2 open-ended repeats (*, + or {n,}) in a row; keep one and bound the others, e.g. .{0,40}"),
        ("sorry.{0,1000}wait", "a repeat of up to 1000 is too wide; use at most {0,200}"),
        ("(sounds|must be) .{0,40}(hard|frightening)", ""),
        ("(^|[.!?]\\s*|\\b(but|so)\\s+)(that|it)'s autis", ""),  # one open-ended repeat per alternative
        ("\\bterrif\\w*", ""),
    ],
)
def test_pattern_cost(pattern, problem):
    assert pattern_cost_problem(pattern) == problem


def test_every_real_rubric_pattern_has_a_bounded_cost():
    from tests.conftest import EXERCISES
    from tic_course.scenario import load_scenario

    patterns = [
        p
        for f in EXERCISES
        for item in load_scenario(f)["checkpoints"]
        for check in item.get("rubric", [])
        for p in check.get("any_of", []) + check.get("none_of", [])
    ]
    assert len(patterns) > 400
    assert [p for p in patterns if pattern_cost_problem(p)] == []
