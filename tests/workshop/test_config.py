"""WORKSHOP.yml: the shipped examples load; bad files are rejected with exact, located messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tic_course.layout import CourseLayout
from tic_course.workshop.config import WorkshopError, load_workshop
from tic_course.workshop.plan import cpd_minutes

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = CourseLayout(ROOT)
EXAMPLES = ROOT / "workshops"


@pytest.mark.parametrize(
    ("name", "length", "start", "end", "cpd"),
    [
        ("ward-huddle", "huddle-1h", "14:00", "15:00", 60),
        ("half-day", "half-day", "09:00", "12:30", 195),
        ("full-day", "full-day", "09:00", "16:00", 345),
    ],
)
def test_the_three_examples_load_and_fit_their_length(name, length, start, end, cpd):
    w = load_workshop(EXAMPLES / f"{name}.yml", LAYOUT)
    assert w.data["length"] == length
    assert (w.start.strftime("%H:%M"), w.end.strftime("%H:%M")) == (start, end)
    assert w.cpd_minutes == cpd
    ids = [m.chapter.id for m in w.modules]
    assert sum(cpd_minutes(w.slots, ids).values()) == cpd
    # The running order is continuous: each slot starts when the one before ends.
    assert all(a.end == b.start for a, b in zip(w.slots, w.slots[1:], strict=False))


def test_half_day_plan_is_timed_from_the_scenarios_minutes():
    w = load_workshop(EXAMPLES / "half-day.yml", LAYOUT)
    rows = [(s.start.strftime("%H:%M"), s.minutes, s.activity.split(":")[0]) for s in w.slots]
    assert rows == [
        ("09:00", 20, "Welcome, ground rules and setting the container"),
        ("09:20", 15, "Input"),
        ("09:35", 5, "Pre-brief for role play"),
        ("09:40", 20, "Role play in threes"),
        ("10:00", 20, "Debrief in stages"),
        ("10:20", 15, "Break"),
        ("10:35", 15, "Input"),
        ("10:50", 5, "Pre-brief for role play"),
        ("10:55", 20, "Role play in threes"),
        ("11:15", 20, "Debrief in stages"),
        ("11:35", 40, "Open discussion"),
        ("12:15", 15, "Close"),
    ]
    assert [len(w.roster), w.roster[1].name] == [6, "ليلى حداد"]


def write(tmp_path: Path, change, name: str = "WORKSHOP.yml") -> Path:
    data = yaml.safe_load((EXAMPLES / "ward-huddle.yml").read_text(encoding="utf-8"))
    data["date"] = "2027-03-04"
    change(data)
    file = tmp_path / name
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return file


def messages(file: Path) -> list[str]:
    with pytest.raises(WorkshopError) as info:
        load_workshop(file, LAYOUT)
    return [line.split(": ", 1)[1] for line in str(info.value).splitlines()]


def test_schema_errors_name_the_field(tmp_path):
    def change(d):
        del d["venue"]
        d["length"] = "weekend"
        d["start_time"] = 810  # what YAML makes of an unquoted 13:30
        d["course_code"] = "TIC WS"
        d["contacts"]["chaplaincy"]["phone"] = "call the desk"
        d["contacts"]["safeguarding_lead"]["name"] = " "
        d["course_url"] = "learning.example/tic"
        d["modules"][0]["colour"] = "red"

    assert messages(write(tmp_path, change)) == [
        "(top level): 'venue' is missing (required field)",
        "contacts.chaplaincy.phone: 'call the desk' is not a telephone number or extension",
        "contacts.safeguarding_lead.name: must not be empty",
        "course_code: 'TIC WS' is not a valid code: letters, digits, '.', '_' or '-', at most 40",
        "course_url: 'learning.example/tic' is not a web address ending in / (for example https://learning.example.org/tic/)",
        "length: 'weekend' is not a length: use one of huddle-1h, half-day, full-day",
        "modules[0]: unknown field ('colour' was unexpected)",
        'start_time: 810 is not a time: write it as HH:MM in quotes, for example "13:30"',
    ]


def test_errors_carry_the_line_number(tmp_path):
    file = write(tmp_path, lambda d: d.update(length="weekend"))
    with pytest.raises(WorkshopError) as info:
        load_workshop(file, LAYOUT)
    line = file.read_text(encoding="utf-8").splitlines().index("length: weekend") + 1
    expected = "length: 'weekend' is not a length: use one of huddle-1h, half-day, full-day"
    assert str(info.value) == f"{file}:{line}: {expected}"


def test_course_rules(tmp_path):
    def change(d):
        d["date"] = "2027-02-30"
        d["timezone"] = "Europe/Atlantis"
        d["modules"] = [
            {"chapter": "clinician-wellbeing", "code": "TIC-WS", "scenarios": ["after-resuscitation", "no-such-one"]},
            {"chapter": "consent", "code": "C1", "scenarios": ["after-resuscitation", "years-of-dismissal"]},
            {"chapter": "no-chapter", "code": "C2", "scenarios": []},
        ]

    assert messages(write(tmp_path, change)) == [
        "date: '2027-02-30' is not a date: write it as YYYY-MM-DD",
        "modules[0].code: code 'TIC-WS' is already used",
        f"modules[0].scenarios[1]: no scenario 'no-such-one' in {ROOT / 'exercises'}",
        "modules[1].scenarios[0]: scenario 'after-resuscitation' is already used in another module",
        "modules[1].scenarios[1]: scenario 'years-of-dismissal' belongs to chapter 'clinician-associated-trauma', "
        "not 'consent'",
        f"modules[2].chapter: no chapter 'no-chapter' in {ROOT / 'book' / 'chapters'}",
        "timezone: 'Europe/Atlantis' is not a time zone (for example Europe/London)",
    ]


def test_a_plan_longer_than_the_session_is_rejected(tmp_path):
    def change(d):
        d["modules"].append({"chapter": "consent", "code": "C1", "scenarios": ["intimate-exam-consent"]})

    assert messages(write(tmp_path, change)) == [
        "length: the modules and scenarios need 96 minutes but a 1-hour ward huddle allows 60: "
        "choose fewer scenarios or a longer session"
    ]


def test_no_scenario_at_all_is_rejected(tmp_path):
    assert messages(write(tmp_path, lambda d: d["modules"][0].update(scenarios=[]))) == [
        "modules: no scenario is chosen: a workshop needs at least one role play"
    ]


@pytest.mark.parametrize(
    ("csv", "problem"),
    [
        ("learner_id,name\nx1,Ann\n", "missing column(s) email (the header must be learner_id,name,email)"),
        ("learner_id,name,email\nx1,Ann,a@b.example\nx1,Bob,b@b.example\n", "learner_id 'x1' appears twice"),
        ("learner_id,name,email\nx1,,a@b.example\n", "name is empty"),
        ("learner_id,name,email\nx1,Ann,not-an-address\n", "email 'not-an-address' is not an e-mail address"),
    ],
)
def test_bad_rosters_are_rejected_naming_file_and_line(tmp_path, csv, problem):
    (tmp_path / "roster.csv").write_text(csv, encoding="utf-8")
    found = messages(write(tmp_path, lambda d: d.update(roster="roster.csv")))
    assert len(found) == 1
    assert found[0].startswith(f"roster: {tmp_path / 'roster.csv'}:")
    assert found[0].endswith(problem)


def test_unreadable_files(tmp_path):
    assert messages(tmp_path / "absent.yml") == ["(top level): file not found"]
    bad = tmp_path / "bad.yml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    assert messages(bad)[0].startswith("(top level): invalid YAML")
    bad.write_text("- a list\n", encoding="utf-8")
    assert messages(bad) == ["(top level): the file must be a mapping of fields (title, date, modules, ...)"]
