"""The late policy: exact days and penalties for fixed times, the LMS's marker, bad settings refused."""

from __future__ import annotations

import pytest
from traitlets import TraitError
from traitlets.config import Config

from tic_course.grading.late_policy import DAY_SECONDS, Lateness, LatePolicy
from tic_course.grading.pipeline import GradingError, late_policy


def policy(**settings) -> LatePolicy:
    config = Config()
    for name, value in settings.items():
        setattr(config.LatePolicy, name, value)
    return LatePolicy(config=config)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, Lateness(False, 0, 0.0)),  # handed in exactly at the due date: on time
        (-3600, Lateness(False, 0, 0.0)),  # early
        (None, Lateness(False, 0, 0.0)),  # no due date
        (1, Lateness(True, 1, 10.0)),  # one second late is a part day
        (DAY_SECONDS, Lateness(True, 1, 10.0)),
        (DAY_SECONDS + 1, Lateness(True, 2, 20.0)),
        (4 * DAY_SECONDS + 7, Lateness(True, 5, 50.0)),
        (30 * DAY_SECONDS, Lateness(True, 30, 50.0)),  # capped at max_percent
    ],
)
def test_penalty_per_day_or_part_day_capped(seconds, expected):
    assert policy(policy="penalty", percent_per_day=10, max_percent=50).lateness(seconds) == expected


def test_the_lms_marker_wins_over_the_timestamp():
    rule = policy(policy="penalty", percent_per_day=15)
    assert rule.lateness(0, lms_late=True) == Lateness(True, 1, 15.0)  # Canvas LATE, no measurable delay
    assert rule.lateness(3 * DAY_SECONDS, lms_late=True) == Lateness(True, 3, 45.0)
    assert rule.lateness(3 * DAY_SECONDS, lms_late=False) == Lateness(False, 0, 0.0)  # Canvas knows the extension


def test_flag_and_accept_record_lateness_without_a_penalty():
    assert policy(policy="flag").lateness(DAY_SECONDS * 2) == Lateness(True, 2, 0.0)
    assert policy(policy="accept").lateness(5) == Lateness(True, 1, 0.0)
    assert LatePolicy().policy == "flag"


def test_nbgrader_plugin_call_and_applying_the_penalty():
    rule = policy(policy="penalty", percent_per_day=10, max_percent=100)
    assert rule.late_submission_penalty("L1", 12.0, DAY_SECONDS + 60) == 2.4
    assert policy(policy="flag").late_submission_penalty("L1", 12.0, DAY_SECONDS) is None
    assert Lateness(True, 2, 20.0).apply(12.5) == 10.0
    assert rule.describe() == "Late work loses 10% of its score for each day or part of a day late, up to 100%."


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"policy": "sometimes"},
         r"The 'policy' trait of a LatePolicy instance expected any of \['accept', 'flag', 'penalty'\]"),
        ({"percent_per_day": 150}, r"c.LatePolicy.percent_per_day must be a percentage from 0 to 100, not 150"),
        ({"max_percent": -5}, r"c.LatePolicy.max_percent must be a percentage from 0 to 100, not -5"),
    ],
)
def test_bad_settings_are_refused_with_the_setting_named(settings, message, tmp_path):
    with pytest.raises(TraitError, match=message):
        policy(**settings)
    config = Config()
    for name, value in settings.items():
        setattr(config.LatePolicy, name, value)
    with pytest.raises(GradingError, match=f"{tmp_path / 'nbgrader_config.py'}: .*{message}"):
        late_policy(tmp_path, config)
