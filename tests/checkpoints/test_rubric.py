"""The rubric checker reads words, says what it found, and knows its limits."""

from __future__ import annotations

from tic_course.checkpoints.rubric import CAVEAT, check_rewrite

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
    assert check_rewrite(blames, item["rubric"], item["original"]).score == 3
