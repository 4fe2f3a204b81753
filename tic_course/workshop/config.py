"""Read and check a ``WORKSHOP.yml``: one session, validated like a scenario file.

A facilitator edits this file by hand, usually the week before the session, so every mistake
comes back as ``file:line: field: what is wrong`` (the scenario loader's format and machinery)
and nothing is printed until the whole file, the chapters and scenarios it names, its roster and
its timings are all usable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema

from tic_course.layout import CourseLayout
from tic_course.scenario.load import _schema_message, parse_yaml
from tic_course.scenario.problems import Problem, ScenarioError, sort_problems
from tic_course.workshop.course import SAFEGUARDING_CHAPTER, Chapter, read_chapter
from tic_course.workshop.plan import LENGTHS, PlanError, Slot, running_order
from tic_course.workshop.records import Learner, RecordsError, read_roster


class WorkshopError(ScenarioError):
    """A workshop file could not be used; ``str()`` lists every problem as file:line: field: message."""


@dataclass
class Module:
    """A chapter and the scenarios played from it, with the code the training record uses."""

    chapter: Chapter
    code: str
    scenarios: list[dict[str, Any]]


@dataclass
class Workshop:
    """A validated workshop: the file's fields plus the course material they name."""

    file: Path
    data: dict[str, Any]
    modules: list[Module]
    slots: list[Slot]
    roster: list[Learner] = field(default_factory=list)
    safeguarding_chapter: str = "the course's safeguarding chapter"  # its title, for the protocol

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def day(self) -> date:
        return date.fromisoformat(self.data["date"])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.data.get("timezone", "Europe/London"))

    @property
    def start(self) -> datetime:
        return self.slots[0].start

    @property
    def end(self) -> datetime:
        return self.slots[-1].end

    @property
    def scenarios(self) -> list[dict[str, Any]]:
        return [s for m in self.modules for s in m.scenarios]

    @property
    def cpd_minutes(self) -> int:
        return sum(s.minutes for s in self.slots if s.learning)


@cache
def schema() -> dict[str, Any]:
    text = resources.files("tic_course.workshop").joinpath("workshop.schema.json").read_text("utf-8")
    return json.loads(text)


def _message(error: jsonschema.ValidationError) -> str:
    """The scenario loader's plain wording, plus the workshop file's own patterns."""
    pattern = error.schema.get("pattern", "") if error.validator == "pattern" else ""
    if pattern.startswith("^([01]"):
        return f"{error.instance!r} is not a time: write it as HH:MM in quotes, for example \"09:30\""
    if pattern.startswith("^https?"):
        return f"{error.instance!r} is not a web address ending in / (for example https://learning.example.org/tic/)"
    if pattern.startswith("^[A-Za-z0-9]["):
        return f"{error.instance!r} is not a valid code: letters, digits, '.', '_' or '-', at most 40"
    if pattern.startswith("^(ext"):
        return f"{error.instance!r} is not a telephone number or extension"
    if pattern == "\\.csv$":
        return f"{error.instance!r} is not a .csv file"
    if error.validator == "type" and error.absolute_path and error.absolute_path[-1] == "start_time":
        return f"{error.instance!r} is not a time: write it as HH:MM in quotes, for example \"13:30\""
    if error.validator == "enum" and error.absolute_path and error.absolute_path[-1] == "length":
        return f"{error.instance!r} is not a length: use one of {', '.join(LENGTHS)}"
    return _schema_message(error)


def _structure(data: Any) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem((), "the file must be a mapping of fields (title, date, modules, ...)")]
    validator = jsonschema.Draft202012Validator(schema())
    return sort_problems([Problem(tuple(e.absolute_path), _message(e)) for e in validator.iter_errors(data)])


def _course_problems(data: dict[str, Any], layout: CourseLayout, file: Path) -> tuple[list[Problem], list[Module]]:
    """Rules that need the course: the chapters and scenarios exist and belong together."""
    from tic_course.scenario import load_scenario

    problems: list[Problem] = []
    try:
        date.fromisoformat(data["date"])
    except ValueError:
        problems.append(Problem(("date",), f"{data['date']!r} is not a date: write it as YYYY-MM-DD"))
    try:
        ZoneInfo(data.get("timezone", "Europe/London"))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Problem(("timezone",), f"{data['timezone']!r} is not a time zone (for example Europe/London)"))
    modules, seen_chapters, seen_codes, seen_scenarios = [], set(), {data["course_code"]}, set()
    for i, mod in enumerate(data["modules"]):
        where = ("modules", i)
        chapter_file = layout.chapters / f"{mod['chapter']}.md"
        if mod["chapter"] in seen_chapters:
            problems.append(Problem((*where, "chapter"), f"chapter {mod['chapter']!r} is listed twice"))
        seen_chapters.add(mod["chapter"])
        if mod["code"] in seen_codes:
            problems.append(Problem((*where, "code"), f"code {mod['code']!r} is already used"))
        seen_codes.add(mod["code"])
        if not chapter_file.is_file():
            problems.append(Problem((*where, "chapter"), f"no chapter {mod['chapter']!r} in {layout.chapters}"))
            continue
        try:
            chapter = read_chapter(chapter_file)
        except ValueError as exc:
            problems.append(Problem((*where, "chapter"), f"chapter {mod['chapter']!r} {exc}"))
            continue
        scenarios = []
        for j, sid in enumerate(mod["scenarios"]):
            spot = (*where, "scenarios", j)
            if sid in seen_scenarios:
                problems.append(Problem(spot, f"scenario {sid!r} is already used in another module"))
                continue
            seen_scenarios.add(sid)
            scenario_file = layout.scenario_file(sid)
            if not scenario_file.is_file():
                problems.append(Problem(spot, f"no scenario {sid!r} in {layout.exercises}"))
                continue
            try:
                scenario = load_scenario(scenario_file)
            except ScenarioError as exc:
                problems.append(Problem(spot, f"scenario {sid!r} is not valid ({exc.report().splitlines()[0]})"))
                continue
            if scenario["chapter"] != mod["chapter"]:
                owner = scenario["chapter"]
                problems.append(Problem(spot, f"scenario {sid!r} belongs to chapter {owner!r}, not {mod['chapter']!r}"))
                continue
            scenarios.append(scenario)
        modules.append(Module(chapter, mod["code"], scenarios))
    if not seen_scenarios:
        problems.append(Problem(("modules",), "no scenario is chosen: a workshop needs at least one role play"))
    return problems, modules


def _plan(data: dict[str, Any], modules: list[Module]) -> list[tuple[str, str, list[tuple[str, int]]]]:
    return [(m.chapter.id, m.chapter.title, [(s["title"], s["minutes"]) for s in m.scenarios]) for m in modules]


def load_workshop(file: str | Path, layout: CourseLayout) -> Workshop:
    """Read, parse and check a workshop file against the course; raise WorkshopError otherwise."""
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        raise WorkshopError(file, [Problem((), "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise WorkshopError(file, [Problem((), f"not UTF-8 text ({exc.reason})")]) from None
    try:
        data, lines = parse_yaml(file, text)
    except ScenarioError as exc:
        raise WorkshopError(file, exc.problems, exc.lines) from None
    if isinstance(data, dict) and isinstance(data.get("date"), date):
        data["date"] = data["date"].isoformat()  # YAML reads an unquoted date as a date
    problems = _structure(data)
    if problems:
        raise WorkshopError(file, problems, lines)
    problems, modules = _course_problems(data, layout, file)
    roster: list[Learner] = []
    if "roster" in data:
        try:
            roster = read_roster(file.parent / data["roster"])
        except RecordsError as exc:
            problems.append(Problem(("roster",), str(exc)))
    if problems:
        raise WorkshopError(file, sort_problems(problems), lines)
    plan = _plan(data, modules)
    hour, minute = map(int, data["start_time"].split(":"))
    zone = ZoneInfo(data.get("timezone", "Europe/London"))
    start = datetime.combine(date.fromisoformat(data["date"]), time(hour, minute), zone)
    try:
        slots = running_order(start, data["length"], plan)
    except PlanError as exc:
        raise WorkshopError(file, [Problem(("length",), str(exc))], lines) from None
    workshop = Workshop(file, data, modules, slots, roster)
    safeguarding = layout.chapters / f"{SAFEGUARDING_CHAPTER}.md"
    if safeguarding.is_file():
        workshop.safeguarding_chapter = read_chapter(safeguarding).title
    return workshop
