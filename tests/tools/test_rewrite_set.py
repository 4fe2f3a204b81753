"""The labelled rewrite set: the committed set is complete and consistent, and every kind of fault
in a copy of it is rejected with the file and the entry named."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tools.rewrite_set import CASES, DEFAULT_SET, LABELS, LabelsError, expected_test_ids, load_set

SCENARIOS = {p.parent.name for p in (ROOT / "exercises").glob("*/scenario.yml")}


def test_the_committed_set_is_complete_and_consistent():
    replies = load_set(DEFAULT_SET, SCENARIOS)
    assert len(replies) == 1802
    assert Counter(r.split for r in replies) == {"dev": 1200, "test": 602}  # a third is test, in every batch
    assert Counter((r.batch, r.split) for r in replies) == {
        (1, "dev"): 301, (1, "test"): 151, (2, "dev"): 99, (2, "test"): 51,
        (3, "dev"): 200, (3, "test"): 100, (4, "dev"): 200, (4, "test"): 100, (5, "dev"): 200, (5, "test"): 100,
        (6, "dev"): 200, (6, "test"): 100,
    }
    per_scenario = Counter(r.scenario for r in replies)
    assert set(per_scenario) == SCENARIOS and min(per_scenario.values()) == 120
    assert {r.case for r in replies} == set(CASES), "every kind of reply is represented"
    assert {r.label for r in replies} == set(LABELS)
    assert sum(r.rater_a != r.rater_b for r in replies) == 40  # each one resolved in adjudication.yml
    texts = [r.text for r in replies]
    assert len(set(texts)) == len(texts), "a duplicate reply would count twice"


def _small_set(folder: Path) -> dict[str, list[dict]]:
    """Six real replies with their split recomputed for this subset; raters disagree on one."""
    real = yaml.safe_load((DEFAULT_SET / "replies.yml").read_text(encoding="utf-8"))["replies"]
    replies = [dict(r) for r in real if r["scenario"] == "icu-family-meeting"][:6]
    test = expected_test_ids(replies)
    for r in replies:
        r["split"] = "test" if r["id"] in test else "dev"
    a = [{"id": r["id"], "label": r["label"], "why": "a"} for r in replies]
    b = [{"id": r["id"], "label": r["label"], "why": "b"} for r in replies]
    other = next(x for x in LABELS if x != replies[0]["label"])
    b[0]["label"] = other
    data = {
        "replies.yml": {"replies": replies},
        "rater-a.yml": {"labels": a},
        "rater-b.yml": {"labels": b},
        "adjudication.yml": {"resolved": [{"id": replies[0]["id"], "label": replies[0]["label"], "why": "resolved"}]},
    }
    _write(folder, data)
    return data


def _write(folder: Path, data: dict[str, dict]) -> None:
    for name, content in data.items():
        (folder / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_small_consistent_set_loads(tmp_path):
    data = _small_set(tmp_path)
    replies = load_set(tmp_path, SCENARIOS)
    assert [r.id for r in replies] == [r["id"] for r in data["replies.yml"]["replies"]]
    assert replies[0].rater_a != replies[0].rater_b and replies[0].label == replies[0].rater_a


def _mutate(data, file, index, **change):
    key = next(iter(data[file]))
    data[file][key][index] = {**data[file][key][index], **change}


@pytest.mark.parametrize(
    ("file", "index", "change", "message"),
    [
        ("replies.yml", 1, {"scenario": "nowhere"}, r"replies\[1\].*id must be <scenario>-eNN"),
        ("replies.yml", 1, {"case": "sarcastic"}, r"replies\[1\].*unknown case 'sarcastic'"),
        ("replies.yml", 1, {"split": "train"}, r"replies\[1\].*split 'train' is not one of dev, test"),
        ("replies.yml", 1, {"label": "excellent"}, r"replies\[1\].*label 'excellent' is not one of poor, partial"),
        ("replies.yml", 1, {"text": "  "}, r"replies\[1\].*text must be non-empty text"),
        ("replies.yml", 1, {"lable": "good"}, r"replies\[1\].*unknown field\(s\) lable"),
        ("rater-a.yml", 2, {"id": "icu-family-meeting-e99"}, r"labels\[2\].*no reply with this id"),
        ("adjudication.yml", 0, {"label": "poor", "id": "icu-family-meeting-e99"}, r"no reply with this id"),
    ],
)
def test_a_fault_is_named_with_file_and_entry(tmp_path, file, index, change, message):
    data = _small_set(tmp_path)
    _mutate(data, file, index, **change)
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match=re.escape(str(tmp_path / file)) + ".*" + message):
        load_set(tmp_path, SCENARIOS)


def test_a_reply_moved_between_splits_is_caught(tmp_path):
    data = _small_set(tmp_path)
    first = data["replies.yml"]["replies"][0]
    first["split"] = "dev" if first["split"] == "test" else "test"
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match=r"replies\[0\].*the frozen recipe puts it in.*never move between splits"):
        load_set(tmp_path, SCENARIOS)


def test_labels_must_follow_the_raters_and_the_adjudication(tmp_path):
    data = _small_set(tmp_path)
    replies = data["replies.yml"]["replies"]
    # A final label that is neither the raters' agreed label ...
    replies[1]["label"] = next(x for x in LABELS if x != replies[1]["label"])
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match=r"replies\[1\].*is not the raters' agreed label"):
        load_set(tmp_path, SCENARIOS)
    # ... nor the adjudicated one, an unresolved disagreement, and a resolution of an agreement.
    data = _small_set(tmp_path)
    data["adjudication.yml"]["resolved"][0]["label"] = data["rater-b.yml"]["labels"][0]["label"]
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match="is not the adjudicated label in adjudication.yml"):
        load_set(tmp_path, SCENARIOS)
    data = _small_set(tmp_path)
    data["adjudication.yml"]["resolved"][0]["id"] = data["replies.yml"]["replies"][1]["id"]
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match="both raters said .*nothing to resolve"):
        load_set(tmp_path, SCENARIOS)
    data = _small_set(tmp_path)
    data["adjudication.yml"]["resolved"].append({"id": "x", "label": "good", "why": "y"})
    data["adjudication.yml"]["resolved"].pop(0)
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match="no reply with this id"):
        load_set(tmp_path, SCENARIOS)
    data = _small_set(tmp_path)
    third = data["replies.yml"]["replies"][2]["id"]
    data["adjudication.yml"]["resolved"] = [{"id": third, "label": "good", "why": "y"}]
    data["rater-b.yml"]["labels"][2]["label"] = next(
        x for x in LABELS if x != data["rater-a.yml"]["labels"][2]["label"]
    )
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match="raters disagree .* and no resolution is recorded"):
        load_set(tmp_path, SCENARIOS)


def test_missing_and_duplicate_entries(tmp_path):
    data = _small_set(tmp_path)
    data["rater-b.yml"]["labels"].pop()
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match=r"rater-b.yml: no label for 1 repl\(ies\)"):
        load_set(tmp_path, SCENARIOS)
    data = _small_set(tmp_path)
    data["replies.yml"]["replies"].append(dict(data["replies.yml"]["replies"][0]))
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match=r"replies\[6\].*duplicate id"):
        load_set(tmp_path, SCENARIOS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("replies: [\n  - id: x\n", "invalid YAML"),
        ("- a list\n", "expected a mapping with a non-empty list under 'replies'"),
        ("replies:\n  - a plain string\n", r"replies\[0\]: must be a mapping"),
    ],
)
def test_a_malformed_file_is_rejected(tmp_path, content, message):
    _small_set(tmp_path)
    (tmp_path / "replies.yml").write_text(content, encoding="utf-8")
    with pytest.raises(LabelsError, match=message):
        load_set(tmp_path, SCENARIOS)
    with pytest.raises(LabelsError, match="file not found"):
        load_set(tmp_path / "missing", SCENARIOS)


def test_each_batch_is_split_by_its_own_salt_so_a_new_batch_moves_no_earlier_reply():
    real = yaml.safe_load((DEFAULT_SET / "replies.yml").read_text(encoding="utf-8"))["replies"]
    first = [r for r in real if r["id"][-3] in "en"]
    assert expected_test_ids(real) & {r["id"] for r in first} == expected_test_ids(first)
    # Within a batch and a case, the first third (rounded up) by sha256 is test: 10 made-up
    # second-batch replies of one case put exactly 4 in test, whatever the first batch holds.
    extra = [{"id": f"icu-family-meeting-f{i:02d}", "case": "poor"} for i in range(40, 50)]
    assert len(expected_test_ids(extra)) == 4
    assert expected_test_ids(first + extra) == expected_test_ids(first) | expected_test_ids(extra)


def test_the_batch_comes_from_the_id_and_an_unknown_batch_letter_is_refused(tmp_path):
    replies = load_set(DEFAULT_SET, SCENARIOS)
    assert {r.batch for r in replies if r.id.endswith(("-e01", "-n11"))} == {1}
    assert {r.batch for r in replies if "-f" in r.id[-4:]} == {2}
    data = _small_set(tmp_path)
    _mutate(data, "replies.yml", 1, id="icu-family-meeting-x01")
    _write(tmp_path, data)
    with pytest.raises(LabelsError, match=r"replies\[1\].*id must be <scenario>-eNN, -nNN or -fNN to -jNN"):
        load_set(tmp_path, SCENARIOS)
