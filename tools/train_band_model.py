"""Train the rewrite checker's overall reading on the development set, and measure it honestly.

``python -m tools.train_band_model [--check]``. The overall reading
(:mod:`tic_course.checkpoints.band_model`) is a multinomial logistic regression over the checker's
transparent features. This fits it with scikit-learn on the **development split only** of the
labelled set (``tools/data/rewrites/``; the frozen test split is never read here) and writes its
numbers to ``tic_course/checkpoints/band_model.json``, rounded so the file is the same on any
machine. ``--check`` writes nothing and exits 1 if the shipped file is not what this script
produces (a test runs it).

**Trained on untouched readings.** The scenario patterns were widened while reading the
development replies, so today's checker reads them far better (kappa about 0.8) than it reads a
new reply (0.6 to 0.66 on each new batch, before tuning). A model trained on today's readings
learns to trust the criteria too much. So each development reply of batches 2 on is read as the
checker read it before it was tuned on that batch (``tools/data/rewrites/untouched.json``, made by
:mod:`tools.untouched_readings`), scored by today's rules (:func:`rubric.scored`), and the model
learns from those: the position a new learner's reply is in. The first batch has no untouched
reading and is not used.

**Choosing the settings without the test set.** The regularisation strength ``C`` (from
``C_GRID``) and the least probability at which the model may move a band, ``move_at`` (from
``MOVE_GRID``), are chosen together by cross-validation grouped by batch (``GroupKFold``): each
fold's replies come from writers the fold's model never saw. On a tie the stronger regularisation
and the higher threshold win (the more cautious model). The same cross-validated predictions, with
the one-step limit and the findings' caps the checker applies, are the "dev untouched" figures
``tools.rubric_agreement`` prints: the development set's honest estimate for new replies. Only the
frozen test set is a fair measure of the checker as shipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tic_course.checkpoints.band_model import BANDS, FEATURES, MODEL_FILE, overall_reading, reply_features
from tic_course.checkpoints.detectors import Finding
from tic_course.checkpoints.rubric import (
    MAX_REWRITE_CHARS,
    CheckResult,
    RubricResult,
    band_of,
    scored,
)
from tic_course.layout import CourseLayout
from tools.generated_file import write_or_check
from tools.rewrite_set import DEFAULT_SET, LabelledReply, LabelsError, load_set
from tools.untouched_readings import UNTOUCHED_NAME, UntouchedError, load_untouched

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
MOVE_GRID = (0.5, 0.6, 0.7, 0.8)
# Confidence for educators: "high" from the least probability above which the cross-validated
# readings were right at least HIGH_RIGHT of the time, "medium" likewise for MEDIUM_RIGHT.
HIGH_RIGHT, MEDIUM_RIGHT = 0.9, 0.8
TIER_GRID = tuple(round(0.4 + 0.05 * i, 2) for i in range(12))  # 0.40 ... 0.95
DIGITS = 6  # decimals kept in the JSON: enough for the model, few enough to be the same everywhere
SHIPPED = Path("tic_course") / "checkpoints" / MODEL_FILE  # relative to the course root


@dataclass(frozen=True)
class Row:
    """One development reply as the criteria read it."""

    reply: LabelledReply
    result: RubricResult
    features: dict[str, float] | None  # None when the criteria did not read it (too short, routed)


def untouched_reading(reply: LabelledReply, item: dict[str, Any], reading: dict[str, Any]) -> Row:
    """The reply as the checker read it before it was tuned on it, scored by today's rules.

    The old reading's criteria must be today's criteria, in order: a renamed or added criterion
    would make its points mean something else, so it is refused rather than guessed.
    """
    points = {c["id"]: int(c["points"]) for c in item["rubric"]}
    max_points = sum(points.values())
    if reading["review"] or reading["note"]:
        return Row(reply, RubricResult(0.0, max_points, note=reading["note"], review=reading["review"]), None)
    ids = [c[0] for c in reading["checks"]]
    if ids != list(points):
        raise UntouchedError(
            f"{reply.id}: its untouched reading has criteria {ids}, but the scenario now has {list(points)}"
        )
    checks = [CheckResult(cid, "", points[cid], int(got), evidence, "") for cid, got, evidence in reading["checks"]]
    found = [Finding(fid, fid, evidence, cap, "") for fid, cap, evidence in reading["findings"]]
    result = scored(checks, found, max_points)
    text = reply.text[:MAX_REWRITE_CHARS].replace("\u2019", "'").replace("\u2018", "'")
    band = band_of(result.score, max_points)
    return Row(reply, result, reply_features(result, band, text, item["original"], item["model_answer"]))


def development_rows(
    entries: Sequence[LabelledReply],
    checkpoints: dict[str, dict[str, Any]],
    untouched: dict[str, dict[str, Any]],
) -> list[Row]:
    """The development replies the overall reading learns from: each one with an untouched reading
    (``load_untouched``: batches 2 on), as read before tuning. Test replies are refused, not skipped
    silently."""
    rows = []
    for e in entries:
        if e.split != "dev":
            raise ValueError(f"{e.id}: the overall reading is trained on the development split only")
        if e.id in untouched:
            rows.append(untouched_reading(e, checkpoints[e.scenario], untouched[e.id]))
    return rows


def fit(rows: Sequence[Row], c: float, move_at: float, tiers: tuple[float, float] = (1.0, 1.0)) -> dict[str, Any]:
    """The model's JSON (see band_model.model_from_json) fitted on ``rows`` with strength ``c``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    read = [r for r in rows if r.features is not None]
    x = np.array([[r.features[k] for k in FEATURES] for r in read])
    y = np.array([r.reply.label for r in read])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)  # a feature constant in training
    model = LogisticRegression(C=c, max_iter=5000).fit((x - scaler.mean_) / scale, y)
    order = [list(model.classes_).index(b) for b in BANDS]

    def rounded(values: Any) -> list[float]:
        return [round(float(v), DIGITS) + 0.0 for v in values]  # + 0.0: never "-0.0"

    return {
        "about": (
            "The rewrite checker's overall reading (tic_course/checkpoints/band_model.py). Written by "
            "python -m tools.train_band_model from the development split of tools/data/rewrites only."
        ),
        "trained_on": f"{len(read)} development replies as the criteria read them before tuning (untouched.json)",
        "C": c,
        "move_at": move_at,
        "sure": tiers[0],
        "fairly_sure": tiers[1],
        "features": list(FEATURES),
        "classes": list(BANDS),
        "mean": rounded(scaler.mean_),
        "scale": rounded(scale),
        "coef": [rounded(model.coef_[i]) for i in order],
        "intercept": rounded(model.intercept_[order]),
    }


def model_text(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=1) + "\n"


def criteria_band(row: Row) -> str:
    """The band the criteria and caps alone give (``review`` for a routed reply)."""
    return "review" if row.result.review else band_of(row.result.score, row.result.max_points)


def cross_validated_probabilities(rows: Sequence[Row], c: float) -> dict[int, dict[str, float]]:
    """Row index -> the overall reading's probabilities from a model that never saw the row's batch."""
    from sklearn.model_selection import GroupKFold

    from tic_course.checkpoints.band_model import model_from_json

    read = [i for i, r in enumerate(rows) if r.features is not None]
    groups = [rows[i].reply.batch for i in read]
    out: dict[int, dict[str, float]] = {}
    for train, held in GroupKFold(n_splits=len(set(groups))).split(read, groups=groups):
        model = model_from_json(fit([rows[read[j]] for j in train], c, 0.5), "cross-validation fold")
        out.update({read[j]: model.probabilities(rows[read[j]].features) for j in held})
    return out


def cross_validated(
    rows: Sequence[Row], probabilities: dict[int, dict[str, float]], move_at: float
) -> tuple[list[str], list[float]]:
    """Every row's band and the overall reading's probability for it (NaN where not read)."""
    bands, sure = [], []
    for i, r in enumerate(rows):
        band = criteria_band(r)
        if i in probabilities:
            cap = min((f.cap for f in r.result.findings), key=BANDS.index, default="good")
            reading = overall_reading(band, cap, probabilities[i], move_at)
            band = reading.band
            sure.append(reading.probability)
        else:
            sure.append(float("nan"))
        bands.append(band)
    return bands, sure


def confidence_tiers(right: Sequence[bool], sure: Sequence[float]) -> tuple[float, float]:
    """(sure, fairly_sure): the least probabilities in ``TIER_GRID`` from which the readings were
    right at least ``HIGH_RIGHT`` and ``MEDIUM_RIGHT`` of the time (1.0 when none is)."""

    def least(share: float) -> float:
        for p in TIER_GRID:
            above = [ok for ok, s in zip(right, sure, strict=True) if s >= p]
            if above and sum(above) / len(above) >= share:
                return p
        return 1.0

    return least(HIGH_RIGHT), least(MEDIUM_RIGHT)


@dataclass(frozen=True)
class Choice:
    """The settings the grouped cross-validation chose, and every kappa it compared."""

    c: float
    move_at: float
    kappas: dict[tuple[float, float], float]
    tiers: tuple[float, float]  # (sure, fairly_sure)


def choose(rows: Sequence[Row]) -> Choice:
    """C and move_at with the best batch-grouped cross-validated kappa (the cautious on a tie)."""
    from tools.rubric_agreement import agreement

    human = [r.reply.label for r in rows]
    kappas = {}
    for c in C_GRID:
        probabilities = cross_validated_probabilities(rows, c)
        for move_at in MOVE_GRID:
            kappas[(c, move_at)] = round(agreement(human, cross_validated(rows, probabilities, move_at)[0]).kappa, 4)
    c, move_at = max(kappas, key=lambda k: (kappas[k], -k[0], k[1]))
    bands, sure = cross_validated(rows, cross_validated_probabilities(rows, c), move_at)
    read = [i for i, p in enumerate(sure) if p == p]  # not NaN: the overall reading ran
    tiers = confidence_tiers([bands[i] == rows[i].reply.label for i in read], [sure[i] for i in read])
    return Choice(c, move_at, kappas, tiers)


def train(rows: Sequence[Row]) -> dict[str, Any]:
    """Choose the settings by grouped cross-validation, then fit on every development reply."""
    choice = choose(rows)
    return fit(rows, choice.c, choice.move_at, choice.tiers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.train_band_model",
        description="Train the rewrite checker's overall reading on the development split (never the test split).",
    )
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help=f"labelled set folder (default: {DEFAULT_SET})")
    parser.add_argument("--root", type=Path, default=None, help="course root (default: found from the current folder)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the shipped model differs")
    args = parser.parse_args(argv)

    from tic_course.scenario import ScenarioError
    from tools.rubric_agreement import load_rewrite_checkpoints

    layout = CourseLayout.at(args.root)
    try:
        checkpoints = load_rewrite_checkpoints(layout.exercises)
        entries = [e for e in load_set(args.set, set(checkpoints)) if e.split == "dev"]
    except ScenarioError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except LabelsError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        rows = development_rows(entries, checkpoints, load_untouched(args.set / UNTOUCHED_NAME, entries))
    except UntouchedError as exc:
        print(exc, file=sys.stderr)
        return 2
    choice = choose(rows)
    text = model_text(fit(rows, choice.c, choice.move_at, choice.tiers))
    print(f"trained on {sum(r.features is not None for r in rows)} development replies, as read before tuning")
    print("batch-grouped CV kappa (C, move_at):")
    for c in C_GRID:
        print(f"  C={c:<5g} " + "  ".join(f"{m:g}: {choice.kappas[(c, m)]:.3f}" for m in MOVE_GRID))
    print(f"chosen C={choice.c:g}, move_at={choice.move_at:g}; confidence high from {choice.tiers[0]:g}, "
          f"medium from {choice.tiers[1]:g}")
    target = layout.root / SHIPPED
    return write_or_check(target, text, args.check, "the development set", "python -m tools.train_band_model")


if __name__ == "__main__":
    sys.exit(main())
