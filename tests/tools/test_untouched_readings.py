"""The untouched readings (tools/untouched_readings.py): the stored file covers exactly the
development replies of batches 2 on, each read at its batch's commit and of its current text, and
a file that reads a test reply, misses a reply or reads an edited one is refused by name."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from tools.rewrite_set import DEFAULT_SET, load_set
from tools.rubric_agreement import load_rewrite_checkpoints
from tools.untouched_readings import (
    BATCH_COMMITS,
    UNTOUCHED_FILE,
    UntouchedError,
    file_text,
    load_untouched,
    text_hash,
)


@pytest.fixture(scope="module")
def replies() -> list:
    return load_set(DEFAULT_SET, set(load_rewrite_checkpoints(ROOT / "exercises")))


@pytest.fixture(scope="module")
def dev(replies) -> list:
    return [r for r in replies if r.split == "dev"]


@pytest.fixture(scope="module")
def stored() -> dict:
    return json.loads(UNTOUCHED_FILE.read_text(encoding="utf-8"))


def test_the_stored_file_reads_each_development_reply_of_batches_2_on_at_its_batchs_commit(dev, stored):
    readings = load_untouched(UNTOUCHED_FILE, dev)
    by_id = {r.id: r for r in dev}
    assert len(readings) == 899
    for rid, reading in readings.items():
        assert reading["commit"] == BATCH_COMMITS[by_id[rid].batch][:12], rid
    assert {by_id[rid].batch for rid in readings} == {2, 3, 4, 5, 6}
    assert UNTOUCHED_FILE.read_text(encoding="utf-8") == file_text(stored)  # one reading per line


def test_the_untouched_criteria_read_worse_than_todays(dev, stored, replies):
    """Sanity: the old patterns met fewer criteria than today's, which were widened on these replies."""
    from tic_course.checkpoints.rubric import check_rewrite

    items = load_rewrite_checkpoints(ROOT / "exercises")
    old = new = 0
    for r in dev:
        if r.id in stored["readings"] and not stored["readings"][r.id]["note"]:
            old += sum(c[1] for c in stored["readings"][r.id]["checks"])
            item = items[r.scenario]
            now = check_rewrite(r.text, item["rubric"], original=item["original"], min_words=item.get("min_words", 8))
            new += now.raw_score
    assert old < new


def _write(tmp_path, readings: dict) -> object:
    file = tmp_path / "untouched.json"
    file.write_text(file_text({"about": "test", "readings": readings}), encoding="utf-8")
    return file


def test_a_reading_of_a_test_reply_is_refused(tmp_path, dev, stored, replies):
    test_reply = next(r for r in replies if r.split == "test" and r.batch == 6)
    some = next(iter(stored["readings"].values()))
    file = _write(tmp_path, {**stored["readings"], test_reply.id: some})
    with pytest.raises(UntouchedError, match=f"not development replies of batches 2 on: \\['{test_reply.id}'\\]"):
        load_untouched(file, dev)


def test_a_missing_reading_is_refused(tmp_path, dev, stored):
    gone = sorted(stored["readings"])[0]
    file = _write(tmp_path, {k: v for k, v in stored["readings"].items() if k != gone})
    with pytest.raises(UntouchedError, match=f"no reading for \\['{gone}'\\]"):
        load_untouched(file, dev)


def test_a_reading_of_an_edited_reply_is_refused(tmp_path, dev, stored):
    edited = sorted(stored["readings"])[5]
    changed = {**stored["readings"], edited: {**stored["readings"][edited], "text": text_hash("something else")}}
    with pytest.raises(UntouchedError, match=f"the reply text changed since it was read: \\['{edited}'\\]"):
        load_untouched(_write(tmp_path, changed), dev)


def test_an_unreadable_file_is_refused_naming_it(tmp_path, dev):
    file = tmp_path / "untouched.json"
    file.write_text("{not json", encoding="utf-8")
    with pytest.raises(UntouchedError, match="untouched.json: cannot be read"):
        load_untouched(file, dev)


def test_a_commits_checker_runs_in_its_own_folder_and_reads_as_that_commit_did(replies):
    """The mechanism, on HEAD (present in any clone): the commit's package and scenarios are
    extracted and run in a separate Python; its reading of a reply is what HEAD's checker gives."""
    from tic_course.checkpoints.rubric import check_rewrite
    from tools.untouched_readings import read_at

    items = load_rewrite_checkpoints(ROOT / "exercises")
    some = [r for r in replies if r.split == "dev" and r.batch == 6][:5]
    found = read_at(ROOT, "HEAD", some)
    assert sorted(found) == sorted(r.id for r in some)
    for r in some:
        item = items[r.scenario]
        now = check_rewrite(r.text, item["rubric"], original=item["original"], min_words=item.get("min_words", 8))
        assert found[r.id]["checks"] == [[c.id, c.earned, c.evidence] for c in now.checks], r.id
        assert found[r.id]["findings"] == [[f.id, f.cap, f.evidence] for f in now.findings], r.id


def test_an_unknown_commit_is_named(replies):
    from tools.untouched_readings import read_at

    with pytest.raises(UntouchedError, match="git archive"):
        read_at(ROOT, "0" * 40, replies[:1])
