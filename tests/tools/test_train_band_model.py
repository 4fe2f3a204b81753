"""The overall reading's training (tools/train_band_model.py): the shipped model is exactly what the
development set produces, training refuses test replies, the confidence tiers follow the rule on
hand-made data, and the frozen test split is byte-for-byte the one the figures were measured on."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from tests.conftest import ROOT
from tools import train_band_model as train
from tools.rewrite_set import DEFAULT_SET, load_set
from tools.rubric_agreement import load_rewrite_checkpoints
from tools.untouched_readings import BATCH_COMMITS, UNTOUCHED_FILE, UntouchedError, load_untouched

# sha256 over each batch's sorted test replies, one "id<TAB>label<TAB>text" line each, with their
# number. The test split is frozen: if one changes, a test reply, its label or its split was edited,
# and every recorded test figure is void. A new batch adds a line; an earlier line never changes.
TEST_SPLIT_SHA256 = {
    1: (151, "a0b531b1663cc9c9f35e9af9c98b5360a7d49301494cc2b1dc768620d950b4e3"),
    2: (51, "076068c7ad62a8d100f6b583ea72879c171b6ee46d4a4b87bf97404c477827b3"),
    3: (100, "b91ab7c68114d4868f99ead51597e86bc9a5d0b03034d716e6dee3cbb3c7a334"),
    4: (100, "0c145c77c87d66cc992007dafec6e415b4ab1685c4fd40e46db5f609578fc80b"),
    5: (100, "9c45d2c2dcbeff2f479ec74b6a8dc361753aeb3bf990e42a112125b48c3d9d30"),
    6: (100, "8f2090c0bd74ffb154bdc876c5896e35d0a2ac7271d9a959aa4caad773b7a20e"),
}


@pytest.fixture(scope="module")
def checkpoints() -> dict:
    return load_rewrite_checkpoints(ROOT / "exercises")


@pytest.fixture(scope="module")
def replies(checkpoints) -> list:
    return load_set(DEFAULT_SET, set(checkpoints))


@pytest.fixture(scope="module")
def rows(replies, checkpoints) -> list:
    dev = [r for r in replies if r.split == "dev"]
    return train.development_rows(dev, checkpoints, load_untouched(UNTOUCHED_FILE, dev))


@pytest.fixture(scope="module")
def choice(rows) -> train.Choice:
    """The settings the grouped cross-validation chooses (one search for the whole module)."""
    return train.choose(rows)


@pytest.fixture(scope="module")
def trained(rows, choice) -> str:
    """The model JSON the development set produces."""
    return train.model_text(train.fit(rows, choice.c, choice.move_at, choice.tiers))


def test_the_frozen_test_split_is_untouched(replies):
    assert {r.batch for r in replies} == set(TEST_SPLIT_SHA256)
    for batch, (size, sha256) in TEST_SPLIT_SHA256.items():
        test = sorted((r.id, r.label, r.text) for r in replies if r.split == "test" and r.batch == batch)
        assert len(test) == size, f"batch {batch}"
        digest = hashlib.sha256("\n".join("\t".join(t) for t in test).encode()).hexdigest()
        assert digest == sha256, f"batch {batch}"


def test_the_settings_are_chosen_from_the_grids(choice):
    assert choice.c in train.C_GRID and choice.move_at in train.MOVE_GRID
    assert set(choice.kappas) == {(c, m) for c in train.C_GRID for m in train.MOVE_GRID}
    assert choice.kappas[(choice.c, choice.move_at)] == max(choice.kappas.values())


def test_the_shipped_model_is_what_the_development_set_produces(trained):
    shipped = (ROOT / train.SHIPPED).read_text(encoding="utf-8")
    assert shipped == trained, "retrain with: python -m tools.train_band_model"


def test_check_reports_a_model_that_differs_and_writes_nothing(tmp_path, trained, choice, monkeypatch, capsys):
    (tmp_path / "tic_course" / "checkpoints").mkdir(parents=True)
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    target = tmp_path / train.SHIPPED
    target.write_text(trained.replace('"C": ', '"C": 9'), encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    monkeypatch.setattr(train, "choose", lambda rows: choice)  # the module's search, not a second one
    assert train.main(["--check", "--root", str(tmp_path)]) == 1
    assert "differs from what the development set produces" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == before
    assert train.main(["--root", str(tmp_path)]) == 0
    assert target.read_text(encoding="utf-8") == trained


def test_training_refuses_a_test_reply(replies, checkpoints):
    one_test = next(r for r in replies if r.split == "test")
    message = f"^{one_test.id}: the overall reading is trained on the development split only$"
    with pytest.raises(ValueError, match=message):
        train.development_rows([one_test], checkpoints, {one_test.id: {}})


def test_it_learns_from_the_untouched_readings_of_batches_2_on(rows):
    """899 development replies (batch 1 has no untouched reading), each read by its batch's commit."""
    assert len(rows) == 899 and {r.reply.batch for r in rows} == set(BATCH_COMMITS)
    assert all(r.reply.split == "dev" for r in rows)
    # Other languages, too-short and copied replies are all in batch 1, so every one of these is read.
    assert all(r.features is not None for r in rows)


def test_an_untouched_reading_is_scored_by_todays_rules(replies, checkpoints):
    """The old reading gives what matched; the caps are today's: false reassurance with two criteria
    missing is poor (1 of 4 points), with one missing partial (3 of 4)."""
    reply = next(r for r in replies if r.split == "dev" and r.scenario == "child-cannula-def" and r.batch == 3)
    item = checkpoints["child-cannula-def"]
    ids = [c["id"] for c in item["rubric"]]
    finding = [["false-reassurance", "partial", "don't worry"]]
    two_missing = {"note": "", "review": False, "findings": finding,
                   "checks": [[ids[0], 1, "ok to be scared"], [ids[1], 1, "lap"], [ids[2], 0, ""], [ids[3], 0, ""]]}
    row = train.untouched_reading(reply, item, two_missing)
    assert (row.result.raw_score, row.result.score, row.result.findings[0].cap) == (2.0, 1.0, "poor")
    one_missing = {**two_missing, "checks": [*two_missing["checks"][:3], [ids[3], 1, "cream"]]}
    row = train.untouched_reading(reply, item, one_missing)
    assert (row.result.raw_score, row.result.score, row.result.findings[0].cap) == (3.0, 3.0, "partial")
    assert row.features is not None and row.features["false_reassurance"] == 1.0


def test_an_untouched_reading_of_other_criteria_is_refused(replies, checkpoints):
    reply = next(r for r in replies if r.split == "dev" and r.scenario == "child-cannula-def" and r.batch == 3)
    item = checkpoints["child-cannula-def"]
    renamed = {"note": "", "review": False, "findings": [],
               "checks": [["old-name", 1, "x"]] + [[c["id"], 0, ""] for c in item["rubric"][1:]]}
    with pytest.raises(UntouchedError, match=f"^{reply.id}: its untouched reading has criteria .*old-name"):
        train.untouched_reading(reply, item, renamed)


def test_confidence_tiers_follow_the_share_right_above_each_threshold():
    # Probabilities and whether the reading was right:
    #   0.95 0.9 0.85 0.8 0.75  right;  0.7 wrong;  0.65 0.6 right;  0.55 0.5 wrong;  0.45 right
    sure = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45]
    right = [True] * 5 + [False] + [True] * 2 + [False] * 2 + [True]
    # Share right from each threshold: >= 0.75: 5/5; >= 0.7: 5/6 = 0.83; >= 0.6: 7/8 = 0.875;
    # >= 0.55: 7/9 = 0.78; >= 0.5: 7/10; >= 0.45: 8/11 = 0.73. High needs 0.9, medium 0.8.
    assert train.confidence_tiers(right, sure) == (0.75, 0.6)
    assert train.confidence_tiers([False, False], [0.9, 0.95]) == (1.0, 1.0)
