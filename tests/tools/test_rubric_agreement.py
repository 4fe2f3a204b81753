"""Tests for the rubric-agreement benchmark: the statistics against hand-computed values, the
score-to-label thresholds, how a reply routed to the educator counts, the side-by-side report and
the command line. The labelled set's own checks are in test_rewrite_set.py. No test asserts a
minimum agreement: that is measured, not gated."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.rewrite_set import LABELS, LabelledReply
from tools.rubric_agreement import (
    CHECKER_LABELS,
    REVIEW,
    agreement,
    cohen_kappa,
    confusion_matrix,
    load_rewrite_checkpoints,
    main,
    predict,
    score_to_label,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def checkpoints() -> dict:
    return load_rewrite_checkpoints(ROOT / "exercises")


def _pairs(matrix: list[list[int]], categories: list[str]) -> tuple[list[str], list[str]]:
    """Two raters' labels that produce the given confusion matrix (rows: rater a)."""
    a, b = [], []
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            a += [categories[i]] * count
            b += [categories[j]] * count
    return a, b


def test_kappa_2x2_by_hand():
    #            b: yes  no
    # a: yes         4    2     row 6
    #    no          1    3     row 4
    #    columns     5    5     n = 10
    # po = (4 + 3) / 10 = 0.7;  pe = 0.6 * 0.5 + 0.4 * 0.5 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    a, b = _pairs([[4, 2], [1, 3]], ["yes", "no"])
    assert cohen_kappa(a, b, ["yes", "no"]) == pytest.approx(0.4, abs=1e-9)
    # With two categories, linear weights are 1 on the diagonal and 0 off it: the same kappa.
    assert cohen_kappa(a, b, ["yes", "no"], weighting="linear") == pytest.approx(0.4, abs=1e-9)


def test_kappa_3x3_by_hand():
    #            b: poor partial good
    # a: poor         5     2     0     row 7
    #    partial      1     4     2     row 7
    #    good         0     1     5     row 6
    #    columns      6     7     7     n = 20
    # Unweighted: po = 14/20 = 0.7; pe = (7*6 + 7*7 + 6*7) / 400 = 133/400
    #   kappa = (0.7 - 0.3325) / (1 - 0.3325) = 0.3675 / 0.6675 = 49/89
    # Linear weights 1, 0.5, 0 (|i - j| = 0, 1, 2):
    #   po_w = (14 + 0.5 * (2 + 1 + 2 + 1)) / 20 = 17/20
    #   pe_w = (133 + 0.5 * (7*7 + 7*6 + 7*7 + 6*7)) / 400 = (133 + 91) / 400 = 224/400
    #   kappa_w = (0.85 - 0.56) / (1 - 0.56) = 29/44
    a, b = _pairs([[5, 2, 0], [1, 4, 2], [0, 1, 5]], list(LABELS))
    assert cohen_kappa(a, b) == pytest.approx(49 / 89, abs=1e-9)
    assert cohen_kappa(a, b, weighting="linear") == pytest.approx(29 / 44, abs=1e-9)


def test_kappa_edge_cases():
    assert cohen_kappa(["good", "poor", "partial"], ["good", "poor", "partial"]) == pytest.approx(1.0)
    # Systematic disagreement is worse than chance.
    assert cohen_kappa(["good", "poor"] * 3, ["poor", "good"] * 3) == pytest.approx(-1.0)
    # Both raters always say "good": chance agreement is 1 and kappa is undefined.
    assert math.isnan(cohen_kappa(["good"] * 4, ["good"] * 4))
    assert math.isnan(cohen_kappa([], []))
    with pytest.raises(ValueError):
        cohen_kappa(["good"], ["good", "poor"])


def test_confusion_matrix_lists_every_label_in_order():
    m = confusion_matrix(["good", "good", "poor", "good"], ["good", "partial", "good", REVIEW])
    assert list(m.index) == list(LABELS) and list(m.columns) == [*LABELS, REVIEW]
    assert m.loc["good", "good"] == 1 and m.loc["good", "partial"] == 1 and m.loc["poor", "good"] == 1
    assert m.loc["good", REVIEW] == 1
    assert int(m.to_numpy().sum()) == 4 and m.loc["partial"].sum() == 0


def test_a_routed_reply_counts_as_a_disagreement_that_earns_no_partial_credit():
    #            checker: poor partial good review
    # human: poor           1     0      0     0
    #        good           0     0      1     1        n = 3
    # Unweighted: po = 2/3; rows (1/3, 0, 2/3); columns (1/3, 0, 1/3, 1/3)
    #   pe = 1/3*1/3 + 2/3*1/3 = 1/3;  kappa = (2/3 - 1/3) / (2/3) = 0.5
    # Weighted (review has weight 0 against every label, poor-good has weight 0 too): the same.
    human, checker = ["poor", "good", "good"], ["poor", "good", REVIEW]
    a = agreement(human, checker)
    assert (a.n, a.agree) == (3, 2) and a.accuracy == pytest.approx(2 / 3)
    assert a.kappa == pytest.approx(0.5) and a.weighted_kappa == pytest.approx(0.5)
    # Were the routed reply called "partial" instead, it would earn half credit in weighted kappa:
    # a routed reply is never treated as a near miss.
    near = cohen_kappa(human, ["poor", "good", "partial"], CHECKER_LABELS, weighting="linear", ordered=LABELS)
    assert near > a.weighted_kappa


@pytest.mark.parametrize(
    ("fraction", "label"),
    [
        (1.0, "good"),  # every criterion: the only good
        (0.9999, "partial"),
        (0.75, "partial"),  # 3 of 4: one element missing is partial (the labelling guide)
        (2 / 3, "partial"),  # 2 of 3
        (0.5, "partial"),  # 2 of 4
        (0.34, "partial"),
        (0.3399, "poor"),
        (1 / 3, "poor"),  # 1 of 3: below 0.34 on purpose
        (0.25, "poor"),  # 1 of 4
        (0.0, "poor"),
    ],
)
def test_score_to_label_thresholds(fraction, label):
    assert score_to_label(fraction) == label


CHECKPOINT_SCENARIO = "breaking-bad-news"


def _reply(i: int, text: str, label: str, split: str = "dev", case: str = "good-plain") -> LabelledReply:
    return LabelledReply(f"{CHECKPOINT_SCENARIO}-n9{i}", CHECKPOINT_SCENARIO, case, split, label, text, label, label)


def test_predict_runs_the_checker_with_the_scenario_settings(checkpoints):
    # The model answer must be rated good and the original poor (it is passed as `original`):
    # the same calibration the scenario validator enforces. Another language is routed.
    item = checkpoints[CHECKPOINT_SCENARIO]
    entries = [
        _reply(1, item["model_answer"], "good"),
        _reply(2, item["original"], "poor", case="copied-original"),
        _reply(3, "Lo siento muchísimo, Martin. Tengo malas noticias: es un cáncer de pulmón.", "good", "test"),
    ]
    df = predict(entries, checkpoints)
    assert list(df["checker"]) == ["good", "poor", REVIEW]
    assert list(df["criteria"]) == ["good", "poor", REVIEW]
    assert list(df["confidence"]) == ["high", "high", "none"]
    assert "copied-original" in df["findings"].iloc[1].split(", ")
    assert list(df["split"]) == ["dev", "dev", "test"]
    # No untouched column unless asked (it needs the whole development set and its untouched readings).
    assert list(df["cv"]) == ["", "", ""] and list(df["cv_criteria"]) == ["", "", ""]


def test_cli_prints_dev_and_test_side_by_side_with_every_section(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    lines = out.rstrip("\n").splitlines()
    keys = [line.split("=")[0] for line in lines[-23:]]
    assert keys == [
        "rubric_dev_accuracy", "rubric_dev_kappa", "rubric_dev_weighted_kappa",
        "rubric_dev_untouched_accuracy", "rubric_dev_untouched_kappa", "rubric_dev_untouched_weighted_kappa",
        "rubric_test_accuracy", "rubric_test_kappa", "rubric_test_weighted_kappa",
        *(f"rubric_{s}_batch{b}_kappa" for b in (1, 2, 3, 4, 5, 6) for s in ("dev", "test")),
        "inter_rater_kappa", "rubric_cpu_ms_per_reply_max",
    ]
    assert all(re.fullmatch(r"[a-z0-9_]+=(-?[01]\.\d\d|n/a)", line) for line in lines[-23:-1])
    assert re.fullmatch(r"rubric_cpu_ms_per_reply_max=\d+\.\d\d", lines[-1])
    assert re.search(r"^Agreement with the final labels\s+dev\s+dev untouched\s+test$", out, flags=re.MULTILINE)
    # dev untouched: the 899 development replies of batches 2 to 6, read before tuning on them.
    assert re.search(r"^  replies\s+1200\s+899\s+602$", out, flags=re.MULTILINE)
    # Each batch on its own, dev and test side by side, as "n: accuracy / kappa / weighted kappa".
    for batch, dev, test in ((1, 301, 151), (2, 99, 51), (3, 200, 100), (4, 200, 100), (5, 200, 100), (6, 200, 100)):
        figures = r"(-?[01]\.\d\d / ){2}-?[01]\.\d\d"
        assert re.search(rf"^  batch {batch}\s+{dev}: {figures}\s*{test}: {figures}$", out, flags=re.MULTILINE)
    for heading in ("Confusion matrix, dev", "Confusion matrix, test", "Agreement per case", "Agreement per scenario",
                    "routed to educator (review)", "assessed only: kappa", "criteria only: kappa",
                    "Right at each confidence level", "CPU time   mean", "loading the word vectors"):
        assert heading in out
    # Per case and per scenario as "k of n" in every column; the raters' agreement is computed.
    # Other languages are all in batch 1, which has no untouched reading ("-").
    assert re.search(r"^  other-language\s+\d+ of 10 \(10r\)\s+-\s+\d+ of 5 \(5r\)$", out, flags=re.MULTILINE)
    assert re.search(r"^  icu-family-meeting\s+\d+ of 79( \(1r\))?\s+\d+ of 61\s+\d+ of 41( \(1r\))?$", out,
                     flags=re.MULTILINE)
    # Every routed reply is at confidence "none", and no other reading is.
    assert re.search(r"^  none\s+0 of 10 \(10r\)\s+0 of 5 \(5r\)$", out, flags=re.MULTILINE)
    assert "  all   raw agreement 1762 of 1802 (0.98)  kappa=0.97" in out
    assert "Disagreements" not in out


def test_disagreements_list_the_development_set_only(capsys):
    assert main(["--disagreements"]) == 0
    out = capsys.readouterr().out
    section = out.split("Disagreements, development set only")[1]
    listed = re.findall(r"^  \[([a-z0-9-]+)\] ", section, flags=re.MULTILINE)
    assert listed
    from tools.rewrite_set import DEFAULT_SET, load_set

    replies = load_set(DEFAULT_SET, set(load_rewrite_checkpoints(ROOT / "exercises")))
    test_ids = {r.id for r in replies if r.split == "test"}
    assert not set(listed) & test_ids, "the frozen test set must never be shown reply by reply"


def test_cli_rejects_a_malformed_set_with_a_clear_message(tmp_path, capsys):
    (tmp_path / "replies.yml").write_text("replies: []\n", encoding="utf-8")
    assert main(["--set", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "replies.yml") in err and "non-empty list under 'replies'" in err


def test_module_help():
    result = subprocess.run(
        [sys.executable, "-m", "tools.rubric_agreement", "--help"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0
    assert "--set" in result.stdout and "kappa" in result.stdout and "never the test set" in result.stdout
