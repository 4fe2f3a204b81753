"""Tests for the rubric-agreement benchmark: the statistics against hand-computed values, the
score-to-label thresholds, the labelled data set itself, rejection of malformed label files and
the command line. No test asserts a minimum agreement: that is measured, not gated."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tools.rubric_agreement import (
    DEFAULT_LABELS,
    HARD_CASES,
    LABELS,
    LabelsError,
    cohen_kappa,
    confusion_matrix,
    load_labels,
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
    m = confusion_matrix(["good", "good", "poor"], ["good", "partial", "good"])
    assert list(m.index) == list(LABELS) == list(m.columns)
    assert m.loc["good", "good"] == 1 and m.loc["good", "partial"] == 1 and m.loc["poor", "good"] == 1
    assert int(m.to_numpy().sum()) == 3 and m.loc["partial"].sum() == 0


@pytest.mark.parametrize(
    ("fraction", "label"),
    [
        (1.0, "good"),
        (0.75, "good"),  # 3 of 4: exactly the threshold
        (0.7499, "partial"),
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


def test_labels_file_is_valid_and_balanced(checkpoints):
    entries = load_labels(DEFAULT_LABELS, set(checkpoints))
    assert len(entries) >= 84
    per_scenario: dict[str, Counter] = {}
    for e in entries:
        per_scenario.setdefault(e.scenario, Counter())[e.label] += 1
    assert set(per_scenario) == set(checkpoints), "every scenario with a rewrite needs labelled replies"
    for scenario, counts in per_scenario.items():
        assert sum(counts.values()) >= 7, scenario
        assert all(counts[label] >= 1 for label in LABELS), (scenario, counts)
    hard = [e for e in entries if e.hard]
    assert len(hard) >= 15
    assert {e.case for e in hard} == HARD_CASES, "every kind of hard case should be represented"
    texts = [e.text for e in entries]
    assert len(set(texts)) == len(texts), "duplicate replies would count twice"


def _write(tmp_path: Path, entries: object) -> Path:
    file = tmp_path / "labels.yml"
    file.write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    return file


GOOD_ENTRY = {
    "scenario": "icu-family-meeting",
    "case": "good-plain",
    "label": "good",
    "text": "I'm so sorry. We don't know yet; we'll do a brain scan and talk again when the results are in.",
    "why": "Honest, kind and gives a next step.",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"scenario": "no-such-scenario"}, r"entries\[1\] \(scenario 'no-such-scenario'\): unknown scenario"),
        ({"label": "excellent"}, r"entries\[1\].*label 'excellent' is not one of poor, partial, good"),
        ({"label": None}, r"entries\[1\].*label must be non-empty text"),
        ({"case": "sarcastic"}, r"entries\[1\].*unknown case 'sarcastic'"),
        ({"lable": "good"}, r"entries\[1\].*unknown field\(s\) lable"),
        ({"text": "   "}, r"entries\[1\].*text must be non-empty text"),
    ],
)
def test_malformed_entry_is_rejected_with_file_and_entry(tmp_path, checkpoints, change, message):
    bad = {**GOOD_ENTRY, **change}
    file = _write(tmp_path, [GOOD_ENTRY, bad])
    with pytest.raises(LabelsError, match=re.escape(str(file)) + ".*" + message):
        load_labels(file, set(checkpoints))


def test_missing_field_is_named(tmp_path, checkpoints):
    bad = {k: v for k, v in GOOD_ENTRY.items() if k not in {"why", "case"}}
    file = _write(tmp_path, [bad])
    expected = r"entries\[0\] \(scenario 'icu-family-meeting'\): missing field\(s\) case, why"
    with pytest.raises(LabelsError, match=expected):
        load_labels(file, set(checkpoints))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("entries: [\n  - scenario: x\n", "invalid YAML"),
        ("- just a list\n", "expected a mapping with a non-empty list under 'entries'"),
        ("entries: []\n", "expected a mapping with a non-empty list under 'entries'"),
        ("entries:\n  - a plain string\n", r"entries\[0\]: must be a mapping"),
    ],
)
def test_malformed_file_is_rejected(tmp_path, checkpoints, content, message):
    file = tmp_path / "labels.yml"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(LabelsError, match=message):
        load_labels(file, set(checkpoints))
    with pytest.raises(LabelsError, match="file not found"):
        load_labels(tmp_path / "missing.yml", set(checkpoints))


def test_predict_runs_the_checker_with_the_scenario_settings(tmp_path, checkpoints):
    # The model answer must be rated good and the original poor (it is passed as `original`,
    # so a verbatim copy scores 0): the same calibration the scenario validator enforces.
    item = checkpoints["breaking-bad-news"]
    entries = [
        {**GOOD_ENTRY, "scenario": "breaking-bad-news", "text": item["model_answer"]},
        {**GOOD_ENTRY, "scenario": "breaking-bad-news", "case": "copied-original", "label": "poor",
         "text": item["original"]},
    ]
    df = predict(load_labels(_write(tmp_path, entries), set(checkpoints)), checkpoints)
    assert list(df["checker"]) == ["good", "poor"]
    assert list(df["hard"]) == [False, True]
    assert df["note"].iloc[1] == "Your rewrite is almost the same as the original reply."


def test_cli_prints_report_ending_with_the_two_figures(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    lines = out.rstrip("\n").splitlines()
    assert re.fullmatch(r"rubric_accuracy=[01]\.\d\d", lines[-2])
    assert re.fullmatch(r"rubric_kappa=(-?[01]\.\d\d|n/a)", lines[-1])
    for heading in ("Confusion matrix", "Accuracy per scenario", "hard cases"):
        assert heading in out


def test_cli_rejects_malformed_labels_with_a_clear_message(tmp_path, capsys):
    file = _write(tmp_path, [{**GOOD_ENTRY, "scenario": "nowhere"}])
    assert main(["--labels", str(file)]) == 2
    err = capsys.readouterr().err
    assert str(file) in err and "unknown scenario 'nowhere'" in err


def test_module_help():
    result = subprocess.run(
        [sys.executable, "-m", "tools.rubric_agreement", "--help"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0
    assert "--labels" in result.stdout and "kappa" in result.stdout
