"""Benchmark: how far the automatic rubric check agrees with an educator's reading of rewrites.

``python -m tools.rubric_agreement [--labels PATH]``. The rubric check
(:func:`tic_course.checkpoints.rubric.check_rewrite`) is shown to learners as a first reading, so the
course should say honestly how often that reading matches what an educator would conclude. This
module runs the check on a labelled set of learner-style rewrites (``tools/data/rewrite_labels.yml``:
each reply labelled good, partial or poor by meaning and tone, before the checker was run) and
reports the agreement. It is a measurement, not a gate: it exits 0 whatever the figures are, and
non-zero only when its input cannot be read.

The checker's points become a label with two thresholds on the fraction of the rubric's points:

* ``GOOD_THRESHOLD`` = 0.75: at least three quarters of the points is "good". Every rubric in the
  course has four one-point checks, so good means three or four of the four features; an educator
  would usually still call a reply good when one minor feature is missing.
* ``PARTIAL_THRESHOLD`` = 0.34: from just over a third up to good is "partial", below is "poor".
  It sits above 1/3 on purpose, so that a single feature out of three (0.333...) or four (0.25)
  counts as poor: one observable feature is not enough to call a rewrite partly right, while two
  of four (0.5) or two of three (0.667) are.

Agreement is reported as:

* **accuracy**: the share of replies where the checker's label equals the educator's;
* **Cohen's kappa** (unweighted): agreement corrected for chance,
  kappa = (po - pe) / (1 - pe), with po the observed agreement and pe the agreement expected if
  both raters labelled independently with their own label frequencies (Cohen 1960);
* **linearly weighted kappa**: the same with partial credit for near misses, because the labels
  are ordered (poor < partial < good): calling a good reply partial is a smaller error than
  calling it poor. Weights w_ij = 1 - |i - j| / (k - 1) (Cohen 1968);
* a 3x3 **confusion matrix** (rows: educator, columns: checker), **per-scenario accuracy**, and
  the same figures for the **hard cases** (sarcasm, other languages, keyword stuffing, ...) apart
  from the ordinary replies, because the two groups fail for different reasons.

The report ends with ``rubric_accuracy=0.XX`` and ``rubric_kappa=0.XX`` for scripts to read.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from tic_course.checkpoints.rewrite import Rewrite
from tic_course.checkpoints.rubric import check_rewrite
from tic_course.layout import CourseLayout

DEFAULT_LABELS = Path(__file__).resolve().parent / "data" / "rewrite_labels.yml"  # beside this tool

GOOD_THRESHOLD = 0.75
PARTIAL_THRESHOLD = 0.34
LABELS = ("poor", "partial", "good")  # ordinal order, worst first: weighted kappa depends on it

# Kinds of reply. Ordinary ones are what most learners write; hard ones probe what pattern
# matching cannot see (tone, intent, language, whether the text is a reply at all). A closed list,
# so that a mistyped tag is reported instead of silently leaving an entry out of the hard cases.
ORDINARY_CASES = frozenset({"good-plain", "good-unusual", "partial", "poor"})
HARD_CASES = frozenset(
    {
        "validating-but-dismissive",
        "sarcasm",
        "keyword-stuffing",
        "other-language",
        "copied-original",
        "too-short",
        "false-reassurance",
    }
)
FIELDS = ("scenario", "case", "label", "text", "why")


class LabelsError(Exception):
    """The labels file cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class LabelledRewrite:
    """One learner-style rewrite and the educator's label for it."""

    index: int  # position in the file's entries list, for messages
    scenario: str
    case: str
    label: str
    text: str
    why: str

    @property
    def hard(self) -> bool:
        return self.case in HARD_CASES


def score_to_label(fraction: float) -> str:
    """The checker's label for a fraction of the rubric's points (see the module docstring)."""
    if fraction >= GOOD_THRESHOLD:
        return "good"
    if fraction >= PARTIAL_THRESHOLD:
        return "partial"
    return "poor"


def _entry(file: Path, i: int, raw: Any, scenario_ids: set[str]) -> LabelledRewrite:
    where = f"{file}: entries[{i}]"
    if not isinstance(raw, dict):
        raise LabelsError(f"{where}: must be a mapping with fields {', '.join(FIELDS)}")
    if isinstance(raw.get("scenario"), str):
        where += f" (scenario {raw['scenario']!r})"
    missing = [f for f in FIELDS if f not in raw]
    if missing:
        raise LabelsError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - set(FIELDS), key=str)
    if unknown:
        raise LabelsError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
    for f in FIELDS:
        if not isinstance(raw[f], str) or not raw[f].strip():
            raise LabelsError(f"{where}: {f} must be non-empty text")
    if raw["scenario"] not in scenario_ids:
        raise LabelsError(f"{where}: unknown scenario {raw['scenario']!r} (known: {', '.join(sorted(scenario_ids))})")
    if raw["label"] not in LABELS:
        raise LabelsError(f"{where}: label {raw['label']!r} is not one of {', '.join(LABELS)}")
    if raw["case"] not in ORDINARY_CASES | HARD_CASES:
        known = ", ".join(sorted(ORDINARY_CASES | HARD_CASES))
        raise LabelsError(f"{where}: unknown case {raw['case']!r} (known: {known})")
    return LabelledRewrite(i, raw["scenario"], raw["case"], raw["label"], raw["text"].strip(), raw["why"].strip())


def load_labels(file: Path, scenario_ids: set[str]) -> list[LabelledRewrite]:
    """Read and check the labels file; raise LabelsError naming the file and entry on any fault."""
    file = Path(file)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelsError(f"{file}: file not found") from None
    except yaml.YAMLError as exc:
        raise LabelsError(f"{file}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list) or not data["entries"]:
        raise LabelsError(f"{file}: expected a mapping with a non-empty list under 'entries'")
    return [_entry(file, i, raw, scenario_ids) for i, raw in enumerate(data["entries"])]


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


def predict(entries: Sequence[LabelledRewrite], checkpoints: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Run the checker on every entry, as the autograder would, and put both labels side by side."""
    rows = []
    for e in entries:
        item = checkpoints[e.scenario]
        result = check_rewrite(e.text, item["rubric"], original=item["original"], min_words=item.get("min_words", 8))
        fraction = result.score / result.max_points
        rows.append(
            {
                "index": e.index,
                "scenario": e.scenario,
                "case": e.case,
                "hard": e.hard,
                "human": e.label,
                "checker": score_to_label(fraction),
                "score": result.score,
                "max_points": result.max_points,
                "note": result.note,
                "text": e.text,
            }
        )
    return pd.DataFrame(rows)


def confusion_matrix(human: Sequence[str], checker: Sequence[str]) -> pd.DataFrame:
    """Counts of (educator label, checker label), every label present, in ordinal order."""
    matrix = pd.DataFrame(0, index=pd.Index(LABELS, name="human"), columns=pd.Index(LABELS, name="checker"))
    for h, c in zip(human, checker, strict=True):
        matrix.loc[h, c] += 1
    return matrix


def cohen_kappa(
    rater_a: Sequence[str],
    rater_b: Sequence[str],
    categories: Sequence[str] = LABELS,
    weighting: Literal["none", "linear"] = "none",
) -> float:
    """Cohen's kappa between two raters; ``weighting="linear"`` for ordered categories.

    ``categories`` must be in their natural order when weighting is linear. Returns NaN when
    kappa is undefined: no ratings, or chance agreement of 1 (both raters used one same label
    throughout), where the formula divides by zero.
    """
    if len(rater_a) != len(rater_b):
        raise ValueError("both raters must rate the same items")
    n, k = len(rater_a), len(categories)
    if n == 0:
        return math.nan
    pos = {c: i for i, c in enumerate(categories)}
    p = [[0.0] * k for _ in range(k)]  # p[i][j]: share of items rater a put in i and rater b in j
    for a, b in zip(rater_a, rater_b, strict=True):
        p[pos[a]][pos[b]] += 1 / n
    row = [sum(p[i]) for i in range(k)]
    col = [sum(p[i][j] for i in range(k)) for j in range(k)]
    if weighting == "linear":
        w = [[1 - abs(i - j) / (k - 1) for j in range(k)] for i in range(k)]
    else:
        w = [[1.0 if i == j else 0.0 for j in range(k)] for i in range(k)]
    # Cohen (1960; weighted form 1968): kappa = (po - pe) / (1 - pe), where
    # po = sum_ij w_ij * p_ij (observed agreement) and pe = sum_ij w_ij * p_i. * p_.j (chance).
    po = sum(w[i][j] * p[i][j] for i in range(k) for j in range(k))
    pe = sum(w[i][j] * row[i] * col[j] for i in range(k) for j in range(k))
    if math.isclose(pe, 1.0):
        return math.nan
    return (po - pe) / (1 - pe)


@dataclass(frozen=True)
class Agreement:
    """Agreement figures for one set of replies."""

    n: int
    accuracy: float
    kappa: float
    weighted_kappa: float


def agreement(df: pd.DataFrame) -> Agreement:
    """Accuracy, kappa and linearly weighted kappa of the checker against the educator."""
    human, checker = list(df["human"]), list(df["checker"])
    n = len(human)
    accuracy = sum(h == c for h, c in zip(human, checker, strict=True)) / n if n else math.nan
    return Agreement(n, accuracy, cohen_kappa(human, checker), cohen_kappa(human, checker, weighting="linear"))


def _fmt(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.2f}"


def _agreement_line(name: str, a: Agreement) -> str:
    return (
        f"  {name:<16} n={a.n:<4} accuracy={_fmt(a.accuracy)}  kappa={_fmt(a.kappa)}  "
        f"weighted kappa={_fmt(a.weighted_kappa)}"
    )


def _group_table(df: pd.DataFrame, by: str) -> list[str]:
    lines = []
    for key, group in df.groupby(by, sort=True):
        agree = int((group["human"] == group["checker"]).sum())
        lines.append(f"  {key:<28} {agree:>3}/{len(group):<3} {agree / len(group):.2f}")
    return lines


def format_report(df: pd.DataFrame, labels_file: Path, show_disagreements: bool = False) -> str:
    """The readable report; the last two lines are ``rubric_accuracy=`` and ``rubric_kappa=``."""
    overall = agreement(df)
    matrix = confusion_matrix(df["human"], df["checker"])
    lines = [
        "Rubric check against educator labels",
        f"labels: {labels_file} ({len(df)} replies, {df['scenario'].nunique()} scenarios)",
        f"checker label: poor < {PARTIAL_THRESHOLD} <= partial < {GOOD_THRESHOLD} <= good (fraction of rubric points)",
        "",
        "Agreement",
        _agreement_line("all replies", overall),
        _agreement_line("ordinary", agreement(df[~df["hard"]])),
        _agreement_line("hard cases", agreement(df[df["hard"]])),
        "",
        "Confusion matrix (rows: educator, columns: checker)",
        *("  " + line for line in matrix.to_string().splitlines()),
        "",
        "Accuracy per scenario",
        *_group_table(df, "scenario"),
        "",
        "Accuracy per kind of reply (hard cases marked *)",
        *_group_table(df.assign(kind=[f"{c}{' *' if h else ''}" for c, h in zip(df["case"], df["hard"], strict=True)]),
                      "kind"),
    ]
    declined = df[df["note"] != ""]
    if len(declined):
        lines += ["", f"Replies the checker did not assess (scored 0): {len(declined)}"]
        for note, group in declined.groupby("note", sort=True):
            lines.append(f"  {len(group):>3}  {note}")
    if show_disagreements:
        lines += ["", "Disagreements (educator -> checker, points)"]
        for r in df[df["human"] != df["checker"]].itertuples():
            snippet = r.text if len(r.text) <= 90 else r.text[:87] + "..."
            lines.append(
                f"  [{r.index}] {r.scenario} / {r.case}: {r.human} -> {r.checker} "
                f"({r.score:g}/{r.max_points}) {snippet}"
            )
    lines += ["", f"rubric_accuracy={overall.accuracy:.2f}", f"rubric_kappa={_fmt(overall.kappa)}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.rubric_agreement",
        description=(
            "Measure how far the automatic rubric check of rewrites agrees with an educator's labels: "
            "accuracy, Cohen's kappa, linearly weighted kappa, confusion matrix, per-scenario accuracy "
            "and the hard cases apart. A benchmark: exits 0 whatever the figures."
        ),
    )
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help=f"labels file (default: {DEFAULT_LABELS})")
    parser.add_argument(
        "--exercises", type=Path, default=None, help="folder of <id>/scenario.yml (default: exercises/)"
    )
    parser.add_argument(
        "--disagreements", action="store_true", help="also list every reply where the checker and educator differ"
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
        entries = load_labels(args.labels, set(checkpoints))
    except LabelsError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(format_report(predict(entries, checkpoints), args.labels, args.disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
