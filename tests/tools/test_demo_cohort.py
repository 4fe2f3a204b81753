"""The synthetic demo cohort: deterministic, the promised mix, and usable by intake.

Uses the session's released fixture course from test_intake (one nbgrader run in all).
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.grading.test_intake import A, B, released_course
from tic_course.checkpoints.reflection import OPT_OUT_PHRASE, REFLECTION_STUB
from tic_course.grading.intake import intake
from tic_course.scenario import load_scenario
from tools.demo_cohort import (
    MALFORMED_KINDS,
    REFLECTIONS,
    REJECTED_BY_INTAKE,
    DemoError,
    main,
    make_demo_cohort,
    rewrite_bank,
)

LEARNERS = 40
NAME = re.compile(r"learnerl(\d{4})(\\xe9)?_(LATE_)?(\d+)_(\d+)_(triage-pain(?:-b)?)(-\d)?\.ipynb")


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> tuple[Path, Path]:
    return released_course(tmp_path_factory)


@pytest.fixture(scope="module")
def demo(setup, tmp_path_factory):
    course, exercises = setup
    out = tmp_path_factory.mktemp("demo") / "lms-download.zip"
    summary = make_demo_cohort(course, out, learners=LEARNERS, seed=7, exercises=exercises)
    return summary, out


def entry_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [i.orig_filename for i in zf.infolist()]


def test_same_seed_same_zip_and_counts(setup, demo, tmp_path):
    course, exercises = setup
    summary, first = demo
    again = make_demo_cohort(course, tmp_path / "again.zip", learners=LEARNERS, seed=7,
                             exercises=exercises)
    assert entry_names(again.zip_path) == entry_names(first)
    assert again.zip_path.read_bytes() == first.read_bytes()
    assert (again.counts, again.late, again.reflections, again.expected_malformed) == (
        summary.counts, summary.late, summary.reflections, summary.expected_malformed)
    other = make_demo_cohort(course, tmp_path / "other.zip", learners=LEARNERS, seed=8,
                             exercises=exercises)
    assert entry_names(other.zip_path) != entry_names(first)
    assert [p.name for p in tmp_path.iterdir()] and not list(tmp_path.glob(".*.tmp"))


def test_the_mix(demo):
    summary, path = demo
    assert summary.assignments == [A, B] and summary.learners == LEARNERS
    assert summary.files == sum(summary.counts.values()) == len(entry_names(path))
    assert summary.files < LEARNERS * 2  # not everyone attempts every module
    assert all(summary.counts[k] > 0 for k in ("strong", "partial", "blank"))
    assert summary.counts["partial"] > summary.counts["blank"]
    assert {k: summary.counts[k] for k in MALFORMED_KINDS} == dict.fromkeys(MALFORMED_KINDS, 1)
    assert sorted(kind for _, kind in summary.expected_malformed) == sorted(MALFORMED_KINDS)
    assert 0 < summary.late < summary.files / 3
    assert sum(summary.reflections.values()) == summary.files
    assert all(summary.reflections[k] > 0 for k in ("written", "opt-out", "blank"))
    assert summary.due_date == datetime(2026, 3, 16, 17, 0, tzinfo=UTC)
    assert summary.learner_map["100001"] == "L0001"


def test_names_are_ids_only_and_late_entries_are_after_the_due_date(demo):
    summary, path = demo
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    late = 0
    for info in infos:
        name = info.orig_filename.encode("cp437").decode("utf-8", "backslashreplace")
        found = NAME.fullmatch(name)
        assert found, name
        assert int(found.group(4)) == 100_000 + int(found.group(1))
        when = datetime(*info.date_time, tzinfo=UTC)
        assert (when > summary.due_date) == bool(found.group(3)), name
        late += bool(found.group(3))
    assert late == summary.late
    raw = [i for i in infos if not i.orig_filename.isascii()]
    assert len(raw) == 1 and not raw[0].flag_bits & 0x800  # Latin-1 bytes, no UTF-8 flag


def test_contents_blank_partial_reflections_and_malformed(setup, demo):
    course, exercises = setup
    summary, path = demo
    released = {a: json.loads((course / "release" / a / f"{a}.ipynb").read_text("utf-8"))
                for a in (A, B)}
    malformed = dict(summary.expected_malformed)
    answers, reflections, blank = set(), set(), 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            shown = info.orig_filename.encode("cp437").decode("utf-8", "backslashreplace")
            text = zf.read(info).decode("utf-8")
            kind = malformed.get(shown)
            if kind == "invalid-json":
                with pytest.raises(json.JSONDecodeError):
                    json.loads(text)
                continue
            nb = json.loads(text)
            blank += nb == released[NAME.fullmatch(shown).group(6)]
            for cell in nb["cells"]:
                gid = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
                source = "".join(cell["source"])  # saved as a list of lines, as Jupyter does
                if gid == "first-words-answer" and kind is None:
                    answers.add(source.splitlines()[-1])
                if gid == "reflection":
                    reflections.add(source)
            if kind == "huge-output":
                assert len(text) > 5_000_000
            if kind == "os-exit":
                assert "import os; os._exit(1)" in text
            if kind == "reads-other-file":
                assert "../../../source/" in text
    assert blank == summary.counts["blank"]  # opened and saved, nothing typed
    assert {'answer_1 = "B"', 'answer_1 = ""'} <= answers and len(answers) >= 3  # right, wrong
    assert REFLECTION_STUB in reflections and OPT_OUT_PHRASE in reflections
    written = reflections - {REFLECTION_STUB, "", OPT_OUT_PHRASE, OPT_OUT_PHRASE + "."}
    assert written and all(any(s in r for s in REFLECTIONS) for r in written)


def test_rewrite_bank_is_built_from_the_scenario(setup):
    _, exercises = setup
    item = next(i for i in load_scenario(exercises / A / "scenario.yml")["checkpoints"]
                if i["type"] == "rewrite")
    bank = rewrite_bank(item)
    assert bank["good"][0] == item["model_answer"].strip()
    assert item["original"].strip() in bank["poor"]
    assert all(len(bank[tier]) >= 2 for tier in ("good", "partial", "poor"))


def test_intake_takes_the_demo_zip_and_rejects_exactly_the_broken_files(setup, demo, tmp_path):
    course, _ = setup
    summary, path = demo
    fresh = tmp_path / "course"
    (fresh / "release").mkdir(parents=True)
    for a in (A, B):
        (fresh / "release" / a).symlink_to(course / "release" / a)
    result = intake(path, fresh, {A, B}, learner_map=summary.learner_map)
    expected = {name for name, kind in summary.expected_malformed if kind in REJECTED_BY_INTAKE}
    assert {r.source for r in result.rejected} == expected
    assert len(result.placed) == summary.files - len(expected)
    assert {learner for learner, _, _ in result.placed} <= set(summary.learner_map.values())
    non_utf8 = next(n for n, k in summary.expected_malformed if k == "non-utf8-name")
    assert "\\xe9" in non_utf8


def test_cli_and_errors(setup, tmp_path, capsys):
    course, exercises = setup
    out, roster = tmp_path / "d" / "lms.zip", tmp_path / "d" / "roster.csv"
    assert main(["--course", str(course), "--exercises", str(exercises), "--out", str(out),
                 "--learners", "5", "--assignment", A, "--roster", str(roster)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out}:" in printed and "malformed" in printed
    assert roster.read_text().splitlines()[:2] == ["lms_id,learner_id", "100001,L0001"]
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0 and "Canvas" in capsys.readouterr().out
    assert main(["--course", str(tmp_path), "--exercises", str(exercises),
                 "--out", str(tmp_path / "x.zip")]) == 2
    assert "tic-course release" in capsys.readouterr().err
    with pytest.raises(DemoError, match="not found"):
        make_demo_cohort(course, tmp_path / "y.zip", assignments=["nope"], exercises=exercises)
    assert not (tmp_path / "x.zip").exists() and not (tmp_path / "y.zip").exists()
