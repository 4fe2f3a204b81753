"""Benchmark: how far the automatic rewrite checker agrees with the labelled set.

``python -m tools.rubric_agreement [--set FOLDER] [--disagreements]``. The checker
(:func:`tic_course.checkpoints.rubric.check_rewrite`) is shown to learners as a first reading, so
the course should say honestly how often that reading matches an educator's. This runs it on the
labelled set in ``tools/data/rewrites/`` (read and checked by :mod:`tools.rewrite_set`) and prints
the development and the frozen test set side by side. It is a measurement, not a gate: it exits 0
whatever the figures, and 2 only when its input cannot be read.

**The test set is frozen.** It is never used to tune the checker; ``--disagreements`` lists
development-set replies only, so tuning cannot see a test reply's error.

The checker's points become a label with two thresholds on the fraction of the rubric's points:
``GOOD_THRESHOLD`` 1.0 (every criterion: the guide's good does everything important the prompt
asks) and ``PARTIAL_THRESHOLD`` 0.34
(above a third, so one feature of three or four is poor, two of four is partial). A detector that
caps the score (false reassurance, sarcasm, ...) therefore caps the label too.

**Replies routed to the educator.** The checker reads English only; a reply in another language
gets no score and is labelled ``review`` (the learner is told their educator will read it). No
reply is left out: a routed reply counts as a disagreement in the headline accuracy and kappa
(``review`` is a fourth category that agrees with no label, weight 0 against every label in the
weighted kappa), and the figures over the assessed replies only are printed beside them with the
number routed, so both readings are visible.

Agreement is reported as accuracy, Cohen's kappa, kappa = (po - pe) / (1 - pe) (Cohen 1960), and
linearly weighted kappa with w_ij = 1 - |i - j| / (k - 1) on the ordered labels poor < partial <
good (Cohen 1968); a confusion matrix; agreement per case and per scenario as "k of n"; and the
inter-rater agreement of the two raters before adjudication, computed from their files.
The report ends with ``key=value`` lines for scripts.

**Dev untouched.** The scenario patterns were widened while reading the development replies, so
the "dev" column flatters the checker. The "dev untouched" column is the development set's honest
estimate for a new reply: each development reply of batches 2 on as the checker read it before it
was tuned on that batch (``tools/data/rewrites/untouched.json``), with the overall reading trained
without that batch (batch-grouped cross-validation, the settings ``tools.train_band_model``
chose). The first batch has no untouched reading and is not in that column. The "criteria only"
rows are the checker without its overall reading.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from tic_course.checkpoints.rewrite import Rewrite
from tic_course.checkpoints.rubric import GOOD_FRACTION, PARTIAL_FRACTION, band_of, check_rewrite
from tic_course.layout import CourseLayout
from tools.rewrite_set import CASES, DEFAULT_SET, LABELS, SPLITS, LabelledReply, LabelsError, load_set
from tools.untouched_readings import UNTOUCHED_NAME, UntouchedError

GOOD_THRESHOLD = GOOD_FRACTION  # the checker's own bands (tic_course/checkpoints/rubric.py)
PARTIAL_THRESHOLD = PARTIAL_FRACTION
REVIEW = "review"  # the checker declined to score and routed the reply to the educator
CHECKER_LABELS = (*LABELS, REVIEW)


def score_to_label(fraction: float) -> str:
    """The checker's label for a fraction of the rubric's points (see the module docstring)."""
    return band_of(fraction, 1)


def load_rewrite_checkpoints(exercises: Path) -> dict[str, dict[str, Any]]:
    """The rewrite checkpoint of every scenario in ``exercises/*/scenario.yml``, by scenario id.

    Scenarios are loaded with the validator, so a broken scenario stops the benchmark with the
    validator's message instead of producing figures from a rubric the course would reject.
    """
    from tic_course.scenario import load_scenario

    checkpoints = {}
    for file in sorted(Path(exercises).glob("*/scenario.yml")):
        data = load_scenario(file)
        rewrites = [c for c in data["checkpoints"] if c["type"] == Rewrite.name]
        if rewrites:
            checkpoints[data["id"]] = rewrites[0]
    return checkpoints


def predict(
    entries: Sequence[LabelledReply], checkpoints: dict[str, dict[str, Any]], untouched: Path | None = None
) -> pd.DataFrame:
    """Run the checker on every reply, as the autograder would, and put the labels side by side.

    Also: ``criteria``, the band without the overall reading; ``confidence``, the educator's
    confidence level; and, with ``untouched`` (the set's untouched readings, which need the whole
    development set), ``cv`` and ``cv_criteria``: each development reply's untouched band, with
    and without the overall reading (see the module docstring; empty for the first batch and the
    test replies).
    """
    from tic_course.checkpoints import meaning

    # The word vectors load once per process (an autograded notebook is one process), not per reply:
    # timed on their own so the per-reply figures are the replies' cost.
    start = time.perf_counter()
    meaning.closeness("load", "the word vectors")
    load_seconds = time.perf_counter() - start
    rows = []
    for e in entries:
        item = checkpoints[e.scenario]
        start, cpu = time.perf_counter(), time.process_time()
        result = check_rewrite(
            e.text, item["rubric"], original=item["original"], min_words=item.get("min_words", 8), overall=True,
            model_answer=item["model_answer"],
        )
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        label = result.band  # poor, partial, good or review
        rows.append(
            {
                "id": e.id,
                "scenario": e.scenario,
                "case": e.case,
                "split": e.split,
                "human": e.label,
                "checker": label,
                "criteria": REVIEW if result.review else band_of(result.criteria_score, result.max_points),
                "confidence": result.confidence()[0],
                "score": result.score,
                "raw_score": result.raw_score,
                "findings": ", ".join(f.id for f in result.findings),
                "max_points": result.max_points,
                "batch": e.batch,
                "rater_a": e.rater_a,
                "rater_b": e.rater_b,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "text": e.text,
            }
        )
    df = pd.DataFrame(rows)
    dev = [e for e in entries if e.split == "dev"]
    bands = dev_untouched_bands(dev, checkpoints, untouched) if dev and untouched else {}
    df["cv"] = df["id"].map(lambda rid: bands.get(rid, ("", ""))[0])
    df["cv_criteria"] = df["id"].map(lambda rid: bands.get(rid, ("", ""))[1])
    df.attrs["load_seconds"] = load_seconds
    return df


def dev_untouched_bands(
    dev: Sequence[LabelledReply], checkpoints: dict[str, dict[str, Any]], untouched: Path
) -> dict[str, tuple[str, str]]:
    """Reply id -> (band, criteria-only band) for each development reply with an untouched reading,
    the band from an overall reading that never saw the reply's batch."""
    import json
    from importlib import resources

    from tools.train_band_model import criteria_band, cross_validated, cross_validated_probabilities, development_rows
    from tools.untouched_readings import load_untouched

    shipped = json.loads(resources.files("tic_course.checkpoints").joinpath("band_model.json").read_text("utf-8"))
    rows = development_rows(dev, checkpoints, load_untouched(untouched, dev))
    bands = cross_validated(rows, cross_validated_probabilities(rows, shipped["C"]), shipped["move_at"])[0]
    return {r.reply.id: (band, criteria_band(r)) for r, band in zip(rows, bands, strict=True)}


def confusion_matrix(human: Sequence[str], checker: Sequence[str]) -> pd.DataFrame:
    """Counts of (final label, checker label), every label present, in order (``review`` last)."""
    matrix = pd.DataFrame(
        0, index=pd.Index(LABELS, name="human"), columns=pd.Index(CHECKER_LABELS, name="checker")
    )
    for h, c in zip(human, checker, strict=True):
        matrix.loc[h, c] += 1
    return matrix


def cohen_kappa(
    rater_a: Sequence[str],
    rater_b: Sequence[str],
    categories: Sequence[str] = LABELS,
    weighting: Literal["none", "linear"] = "none",
    ordered: Sequence[str] | None = None,
) -> float:
    """Cohen's kappa between two raters; ``weighting="linear"`` for ordered categories.

    With linear weighting, ``ordered`` (default: all of ``categories``, in their natural order)
    are the ordered ones; any other category (the checker's ``review``) agrees only with itself.
    Returns NaN when kappa is undefined: no ratings, or chance agreement of 1.
    """
    if len(rater_a) != len(rater_b):
        raise ValueError("both raters must rate the same items")
    n, k = len(rater_a), len(categories)
    if n == 0:
        return math.nan
    pos = {c: i for i, c in enumerate(categories)}
    rank = {c: i for i, c in enumerate(categories if ordered is None else ordered)}
    p = [[0.0] * k for _ in range(k)]  # p[i][j]: share of items rater a put in i and rater b in j
    for a, b in zip(rater_a, rater_b, strict=True):
        p[pos[a]][pos[b]] += 1 / n
    row = [sum(p[i]) for i in range(k)]
    col = [sum(p[i][j] for i in range(k)) for j in range(k)]

    def weight(i: int, j: int) -> float:
        if i == j:
            return 1.0
        ci, cj = categories[i], categories[j]
        if weighting == "none" or ci not in rank or cj not in rank or len(rank) < 2:
            return 0.0
        return 1 - abs(rank[ci] - rank[cj]) / (len(rank) - 1)

    # Cohen (1960; weighted form 1968): kappa = (po - pe) / (1 - pe), where
    # po = sum_ij w_ij * p_ij (observed agreement) and pe = sum_ij w_ij * p_i. * p_.j (chance).
    po = sum(weight(i, j) * p[i][j] for i in range(k) for j in range(k))
    pe = sum(weight(i, j) * row[i] * col[j] for i in range(k) for j in range(k))
    if math.isclose(pe, 1.0):
        return math.nan
    return (po - pe) / (1 - pe)


@dataclass(frozen=True)
class Agreement:
    """Agreement figures for one set of replies."""

    n: int
    agree: int
    accuracy: float
    kappa: float
    weighted_kappa: float


def agreement(human: Sequence[str], other: Sequence[str], categories: Sequence[str] = CHECKER_LABELS) -> Agreement:
    """Accuracy, kappa and linearly weighted kappa of ``other`` against ``human``."""
    human, other = list(human), list(other)
    n = len(human)
    agree = sum(h == c for h, c in zip(human, other, strict=True))
    return Agreement(
        n,
        agree,
        agree / n if n else math.nan,
        cohen_kappa(human, other, categories),
        cohen_kappa(human, other, categories, weighting="linear", ordered=LABELS),
    )


def _fmt(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.2f}"


COLUMNS = ("dev", "dev untouched", "test")  # the report's columns: in-sample, before tuning, frozen test


def _split_of(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """The replies of one report column, with ``checker`` as that column reads them."""
    if column == "dev untouched":
        d = df[(df["split"] == "dev") & (df["cv"] != "")]
        return d.assign(checker=d["cv"], criteria=d["cv_criteria"])
    return df[df["split"] == column]


def _side_by_side(
    title: str,
    rows: list[tuple[str, list[str]]],
    width: int = 30,
    columns: Sequence[str] = COLUMNS,
    column_width: int = 16,
) -> list[str]:
    lines = [f"{title:<{width}}" + "".join(f"{s:>{column_width}}" for s in columns)]
    lines += [f"  {name:<{width - 2}}" + "".join(f"{v:>{column_width}}" for v in values) for name, values in rows]
    return lines


def _k_of_n(group: pd.DataFrame) -> str:
    if not len(group):
        return "-"
    agree = int((group["human"] == group["checker"]).sum())
    routed = int((group["checker"] == REVIEW).sum())
    return f"{agree} of {len(group)}" + (f" ({routed}r)" if routed else "")


def _by(df: pd.DataFrame, column: str, keys: Sequence[str]) -> list[tuple[str, list[str]]]:
    parts = {c: _split_of(df, c) for c in COLUMNS}
    return [(key, [_k_of_n(parts[c][parts[c][column] == key]) for c in COLUMNS]) for key in keys]


def _confidence_rows(splits: dict[str, pd.DataFrame]) -> list[tuple[str, list[str]]]:
    """For each confidence level: how many of the checker's readings at that level were right."""
    levels = ("none", "low", "medium", "high")
    return [(level, [_k_of_n(splits[s][splits[s]["confidence"] == level]) for s in SPLITS]) for level in levels]


def _batch_rows(df: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Each batch of the set on its own, so a batch measured before any tuning stays visible."""
    rows = []
    for batch in sorted(df["batch"].unique()):
        values = []
        for s in SPLITS:
            d = df[(df["batch"] == batch) & (df["split"] == s)]
            a = agreement(d["human"], d["checker"])
            values.append(f"{a.n}: {_fmt(a.accuracy)} / {_fmt(a.kappa)} / {_fmt(a.weighted_kappa)}" if a.n else "-")
        rows.append((f"batch {batch}", values))
    return rows


def format_report(df: pd.DataFrame, folder: Path, show_disagreements: bool = False) -> str:
    """The readable report: dev and test side by side, then ``key=value`` lines for scripts."""
    splits = {s: df[df["split"] == s] for s in SPLITS}
    parts = {c: _split_of(df, c) for c in COLUMNS}
    full = {c: agreement(d["human"], d["checker"]) for c, d in parts.items()}
    assessed = {c: agreement(d[d["checker"] != REVIEW]["human"], d[d["checker"] != REVIEW]["checker"])
                for c, d in parts.items()}
    criteria = {c: agreement(d["human"], d["criteria"]) for c, d in parts.items()}
    sizes = ", ".join(f"{s} {len(d)}" for s, d in splits.items())
    lines = [
        "Rewrite checker against the labelled set",
        f"set: {folder} ({len(df)} replies: {sizes}; the test set is frozen and never used for tuning)",
        f"checker label: poor < {PARTIAL_THRESHOLD} <= partial < {GOOD_THRESHOLD} <= good (fraction of "
        "rubric points); review = not scored, routed to the educator",
        "",
        *_side_by_side("Agreement with the final labels", [
            ("replies", [str(full[c].n) for c in COLUMNS]),
            ("accuracy", [_fmt(full[c].accuracy) for c in COLUMNS]),
            ("Cohen's kappa", [_fmt(full[c].kappa) for c in COLUMNS]),
            ("weighted kappa (linear)", [_fmt(full[c].weighted_kappa) for c in COLUMNS]),
            ("routed to educator (review)", [str(full[c].n - assessed[c].n) for c in COLUMNS]),
            ("assessed only: accuracy", [_fmt(assessed[c].accuracy) for c in COLUMNS]),
            ("assessed only: kappa", [_fmt(assessed[c].kappa) for c in COLUMNS]),
            ("assessed only: weighted kappa", [_fmt(assessed[c].weighted_kappa) for c in COLUMNS]),
            ("criteria only: accuracy", [_fmt(criteria[c].accuracy) for c in COLUMNS]),
            ("criteria only: kappa", [_fmt(criteria[c].kappa) for c in COLUMNS]),
        ]),
        "  (headline figures count a routed reply as a disagreement; 'assessed only' leaves them out;",
        "   'criteria only' is the checker without its overall reading; dev untouched: batches 2 on as read",
        "   before tuning on them, overall reading trained without the reply's batch)",
        "",
    ]
    lines += _side_by_side("Agreement by batch (n: accuracy / kappa / weighted kappa)", _batch_rows(df),
                           width=16, columns=SPLITS, column_width=24) + [
        "  (batch 2, ids -fNN, was written after the checker's patterns and never read while tuning them",
        "   before it was first measured; see tools/data/rewrites/figures.md)",
        "",
    ]
    for s, d in splits.items():
        matrix = confusion_matrix(d["human"], d["checker"])
        lines += [f"Confusion matrix, {s} (rows: final label, columns: checker)"]
        lines += ["  " + line for line in matrix.to_string().splitlines()] + [""]
    lines += _side_by_side("Agreement per case (k of n; r = routed)", _by(df, "case", CASES)) + [""]
    lines += _side_by_side("Agreement per scenario", _by(df, "scenario", sorted(df["scenario"].unique()))) + [""]
    lines += _side_by_side("Right at each confidence level", _confidence_rows(splits), columns=SPLITS) + [""]
    raters = {s: agreement(d["rater_a"], d["rater_b"], LABELS) for s, d in {"all": df, **splits}.items()}
    lines += ["Inter-rater agreement (rater A against rater B, before adjudication)"]
    for s, a in raters.items():
        lines.append(
            f"  {s:<5} raw agreement {a.agree} of {a.n} ({_fmt(a.accuracy)})  kappa={_fmt(a.kappa)}  "
            f"weighted kappa={_fmt(a.weighted_kappa)}"
        )
    cpu, wall = df["cpu_seconds"] * 1000, df["seconds"] * 1000
    lines += [
        "",
        "Checker time per reply (criteria, detectors and overall reading, one core):",
        f"  CPU time   mean {cpu.mean():.2f} ms, median {cpu.median():.2f} ms, 95th percentile "
        f"{cpu.quantile(0.95):.2f} ms, max {cpu.max():.2f} ms",
        f"  wall clock mean {wall.mean():.2f} ms, median {wall.median():.2f} ms, max {wall.max():.2f} ms "
        "(includes waiting for a busy machine)",
        f"  once per process, not per reply: loading the word vectors {df.attrs.get('load_seconds', 0) * 1000:.0f} ms "
        "(wall clock; an autograded notebook pays it once)",
    ]
    if show_disagreements:
        dev = splits["dev"]
        lines += ["", "Disagreements, development set only (final -> checker, points)"]
        for r in dev[dev["human"] != dev["checker"]].itertuples():
            snippet = r.text if len(r.text) <= 90 else r.text[:87] + "..."
            found = f" [{r.findings}]" if r.findings else ""
            lines.append(
                f"  [{r.id}] {r.case}: {r.human} -> {r.checker} ({r.score:g}/{r.max_points}){found} {snippet}"
            )
    lines += [""]
    for c in COLUMNS:
        k = c.replace(" ", "_").lower()
        lines += [f"rubric_{k}_accuracy={full[c].accuracy:.2f}", f"rubric_{k}_kappa={_fmt(full[c].kappa)}",
                  f"rubric_{k}_weighted_kappa={_fmt(full[c].weighted_kappa)}"]
    for batch in sorted(df["batch"].unique()):
        for s in SPLITS:
            d = df[(df["batch"] == batch) & (df["split"] == s)]
            if len(d):
                lines.append(f"rubric_{s}_batch{batch}_kappa={_fmt(agreement(d['human'], d['checker']).kappa)}")
    lines.append(f"inter_rater_kappa={_fmt(raters['all'].kappa)}")
    lines.append(f"rubric_cpu_ms_per_reply_max={cpu.max():.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.rubric_agreement",
        description=(
            "Measure how far the automatic rewrite checker agrees with the labelled set: accuracy, Cohen's "
            "kappa, weighted kappa, confusion matrix, agreement per case and per scenario, for the development "
            "and the frozen test set, and the raters' own agreement. A benchmark: exits 0 whatever the figures."
        ),
    )
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help=f"labelled set folder (default: {DEFAULT_SET})")
    parser.add_argument(
        "--exercises", type=Path, default=None, help="folder of <id>/scenario.yml (default: exercises/)"
    )
    parser.add_argument(
        "--disagreements", action="store_true",
        help="also list the development-set replies where the checker and the label differ (never the test set)",
    )
    args = parser.parse_args(argv)

    from tic_course.scenario import ScenarioError

    try:
        exercises = args.exercises or CourseLayout.find().exercises
        checkpoints = load_rewrite_checkpoints(exercises)
    except ScenarioError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    if not checkpoints:
        print(f"{exercises}: no scenario with a rewrite checkpoint found", file=sys.stderr)
        return 2
    try:
        entries = load_set(args.set, set(checkpoints))
    except LabelsError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        df = predict(entries, checkpoints, untouched=args.set / UNTOUCHED_NAME)
    except UntouchedError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(format_report(df, args.set, args.disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
