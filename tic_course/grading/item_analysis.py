"""Classical test statistics for the educators' cohort report: difficulty, discrimination,
mastery per tag and distractor frequencies.

The functions take the *prepared* results and items tables (see ``tic_course.grading.report``:
documented columns only, typed, one row per learner x checkpoint) and return plain DataFrames, so
the statistics can be tested with hand-computed numbers apart from any HTML.

Definitions (the report page repeats them, because educators need to know what a number means
before they act on it):

* A response is **graded** when it does not need manual grading and has a score. Responses
  awaiting manual grading are left out of every statistic instead of being counted as zero,
  which would make a slow marking queue look like weak learners.
* **Difficulty** p of an item = mean over graded responses of score / max_score (0..1; higher is
  easier).
* An item is **eligible for discrimination** when it is not a reflection (learners may opt out
  of a reflection for the same credit, so its score says nothing about skill) and none of its
  responses needs manual grading (a half-marked item would be compared on a biased subset).
  Discrimination uses the learners with a graded response to every eligible item of the module.
* **Corrected point-biserial** r of item i = Pearson correlation, across those learners, between
  x = the learner's score fraction on item i and R = the learner's total points on the *other*
  eligible items of the same module. Leaving item i out of R stops the item correlating with
  itself, which inflates r in short modules. r is NaN when it is undefined: fewer than two
  learners, no other eligible item, or zero variance in x or R. (With partial-credit items this
  is the item-rest correlation; for 0/1 items it is the classical point-biserial.)
* **Upper-lower index** D of item i = mean x in the top group minus mean x in the bottom group,
  where learners are ranked by module total T (points on all eligible items of the module,
  item i included, as in Kelley's index), n is the number of ranked learners, and each group
  holds g = max(1, round(0.27 * n)) learners (halves round up, computed in integers as
  (27 * n + 50) // 100, so the result never depends on floating point). Ties are broken by
  learner id so the index is reproducible. D is NaN for fewer than two learners.
* **Flags**: "too easy" when p > 0.90, "too hard" when p < 0.30, "negative discrimination" when
  r < 0 or D < 0 (NaN never flags). Reflections get no flags: their score is not a measure of
  difficulty.
* **Mastery** of a tag (objective or skill) = sum(score) / sum(max_score) over graded responses
  to items carrying the tag.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from tic_course.checkpoints import names

TOO_EASY = 0.90
TOO_HARD = 0.30
UPPER_LOWER_SHARE = 27  # percent of learners in each of the upper and lower groups
# Which kinds get distractor counts, and which are marked by hand (no difficulty flags, no
# discrimination): asked of the checkpoint kinds, not listed here.
CHOICE_TYPES = names(distractor_analysis=True)
HAND_MARKED_TYPES = names(hand_marked=True)
FLAG_EASY = "too easy"
FLAG_HARD = "too hard"
FLAG_NEGATIVE = "negative discrimination"

ITEM_COLUMNS = ["assignment", "item_id", "item_type", "max_score", "n", "difficulty",
                "point_biserial", "upper_lower_d", "group_size", "discrimination_n",
                "discrimination_excluded", "flags"]
MASTERY_COLUMNS = ["score", "max_score", "percent", "learners", "items"]
DISTRACTOR_COLUMNS = ["assignment", "item_id", "item_type", "option", "text", "correct", "count",
                      "percent", "submissions"]  # option: the option id (the scenario file's letter)


def graded_mask(results: pd.DataFrame) -> pd.Series:
    """Rows whose score counts: not awaiting manual grading, and scored."""
    return ~results["needs_manual"].astype(bool) & results["score"].notna()


def score_fraction(results: pd.DataFrame) -> pd.Series:
    """score / max_score per row; NaN where max_score is not positive (no meaningful fraction)."""
    maxima = results["max_score"].where(results["max_score"] > 0)
    return results["score"] / maxima


def group_size(n: int) -> int:
    """Size of each upper/lower group for n ranked learners: max(1, round-half-up(0.27 n))."""
    return max(1, (UPPER_LOWER_SHARE * n + 50) // 100)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation, NaN when undefined (n < 2 or either variable constant).

    Constancy is tested exactly (max == min) rather than by a variance threshold, and the result
    is rounded to 12 decimals so that a true zero does not come out as -1e-17 and raise a
    spurious "negative discrimination" flag.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(x) < 2 or x.max() == x.min() or y.max() == y.min():
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    r = float((dx * dy).sum() / math.sqrt((dx * dx).sum() * (dy * dy).sum()))
    return round(max(-1.0, min(1.0, r)), 12) + 0.0  # + 0.0 turns -0.0 into 0.0


def upper_lower_index(fractions: pd.Series, totals: pd.Series) -> tuple[float, int]:
    """D and the group size for one item; both Series are indexed by learner id."""
    n = len(totals)
    if n < 2:
        return math.nan, 0
    g = group_size(n)
    ranked = pd.DataFrame({"total": totals.to_numpy(), "learner": totals.index.astype(str)},
                          index=totals.index)
    ranked = ranked.sort_values(["total", "learner"], ascending=[False, True], kind="mergesort")
    top, bottom = ranked.index[:g], ranked.index[-g:]
    d = float(fractions.loc[top].mean() - fractions.loc[bottom].mean())
    return round(d, 12) + 0.0, g


def item_flags(p: float, r: float, d: float, item_type: str) -> list[str]:
    """The review flags of one item (see the module docstring for the thresholds)."""
    if item_type in HAND_MARKED_TYPES:
        return []
    flags = []
    if not math.isnan(p) and p > TOO_EASY:
        flags.append(FLAG_EASY)
    if not math.isnan(p) and p < TOO_HARD:
        flags.append(FLAG_HARD)
    if (not math.isnan(r) and r < 0) or (not math.isnan(d) and d < 0):
        flags.append(FLAG_NEGATIVE)
    return flags


def _exclusion_reasons(items: pd.DataFrame, results: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(assignment, item_id) -> why the item gets no discrimination ("" when it is eligible)."""
    graded = graded_mask(results)
    ungraded = set(zip(results.loc[~graded, "assignment"], results.loc[~graded, "item_id"],
                       strict=True))
    answered = set(zip(results.loc[graded, "assignment"], results.loc[graded, "item_id"],
                       strict=True))
    reasons = {}
    for assignment, item_id, item_type in zip(items["assignment"], items["item_id"],
                                              items["item_type"], strict=True):
        key = (assignment, item_id)
        if item_type in HAND_MARKED_TYPES:
            reasons[key] = item_type
        elif key in ungraded:
            reasons[key] = "awaiting manual grading"
        elif key not in answered:
            reasons[key] = "no graded responses"
        else:
            reasons[key] = ""
    return reasons


def item_statistics(results: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """One row per item of ``items`` (in its order) with n, difficulty, discrimination, flags."""
    results = results.assign(fraction=score_fraction(results))
    graded = results[graded_mask(results) & results["fraction"].notna()]
    reasons = _exclusion_reasons(items, results)
    eligible = {key for key, reason in reasons.items() if not reason}
    rows = []
    for assignment, module_items in items.groupby("assignment", sort=False):
        module_eligible = [i for i in module_items["item_id"] if (assignment, i) in eligible]
        module = graded[(graded["assignment"] == assignment)
                        & graded["item_id"].isin(module_eligible)]
        points = module.pivot(index="learner_id", columns="item_id", values="score")
        fractions = module.pivot(index="learner_id", columns="item_id", values="fraction")
        complete = points.reindex(columns=module_eligible).dropna(how="any").index
        points, fractions = points.loc[complete], fractions.loc[complete]
        totals = points.sum(axis=1)
        for item in module_items.itertuples(index=False):
            answers = graded[(graded["assignment"] == assignment)
                             & (graded["item_id"] == item.item_id)]["fraction"]
            n = int(len(answers))
            p = float(answers.mean()) if n else math.nan
            r = d = math.nan
            g = used = 0
            if item.item_id in module_eligible and len(complete):
                x = fractions[item.item_id]
                rest = totals - points[item.item_id]
                if len(module_eligible) > 1:
                    r = pearson(x.to_numpy(), rest.to_numpy())
                d, g = upper_lower_index(x, totals)
                used = len(complete)
            rows.append({"assignment": assignment, "item_id": item.item_id,
                         "item_type": item.item_type, "max_score": float(item.max_score),
                         "n": n, "difficulty": p, "point_biserial": r, "upper_lower_d": d,
                         "group_size": g, "discrimination_n": used,
                         "discrimination_excluded": reasons[(assignment, item.item_id)],
                         "flags": "; ".join(item_flags(p, r, d, item.item_type))})
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def split_tags(value: str) -> list[str]:
    """Semicolon-separated tags, stripped, empties dropped, duplicates removed in order."""
    return list(dict.fromkeys(t.strip() for t in str(value).split(";") if t.strip()))


def mastery(results: pd.DataFrame, tag_column: str, label: str) -> pd.DataFrame:
    """Mastery per tag in ``tag_column``: sum(score)/sum(max) over graded responses.

    Returns columns [label, score, max_score, percent, learners, items], sorted by tag, where
    learners and items count the distinct learners and items behind the figure, so an educator
    can see when a percentage rests on one learner or one question.
    """
    graded = results[graded_mask(results)]
    rows = []
    for row in graded.itertuples(index=False):
        for tag in split_tags(getattr(row, tag_column)):
            rows.append((tag, row.score, row.max_score, row.learner_id,
                         f"{row.assignment}\x1f{row.item_id}"))
    long = pd.DataFrame(rows, columns=[label, "score", "max_score", "learner", "item"])
    if long.empty:
        return pd.DataFrame(columns=[label, *MASTERY_COLUMNS])
    table = long.groupby(label, sort=True).agg(
        score=("score", "sum"), max_score=("max_score", "sum"),
        learners=("learner", "nunique"), items=("item", "nunique")).reset_index()
    table["percent"] = 100 * table["score"] / table["max_score"].where(table["max_score"] > 0)
    return table[[label, *MASTERY_COLUMNS]]


def answer_tokens(answer: str) -> list[str]:
    """The distinct keys of one answer ("A,C" -> ["A", "C"]); a learner counts once per key."""
    return list(dict.fromkeys(t.strip() for t in str(answer).split(",") if t.strip()))


def distractors(results: pd.DataFrame, items: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Option frequencies for choice items, and the entries that are not options.

    The denominator is every submission of the item (blank answers included), because an option
    nobody chose is as informative as a popular wrong one. Returns (options, others): ``options``
    has one row per item x option key (columns DISTRACTOR_COLUMNS); ``others`` lists typed keys
    that are not options (assignment, item_id, entry, count), which usually point to an unclear
    prompt or an answer-format problem.
    """
    rows, other_rows = [], []
    for item in items.itertuples(index=False):
        if item.item_type not in CHOICE_TYPES:
            continue
        options = list(dict.fromkeys(str(item.options)))
        texts = json.loads(item.option_texts) if getattr(item, "option_texts", "") else {}
        correct = set(answer_tokens(item.correct))
        answers = results.loc[(results["assignment"] == item.assignment)
                              & (results["item_id"] == item.item_id), "answer"]
        submissions = int(len(answers))
        chosen = [answer_tokens(a) for a in answers]
        for key in options:
            count = sum(key in tokens for tokens in chosen)
            rows.append({"assignment": item.assignment, "item_id": item.item_id,
                         "item_type": item.item_type, "option": key,
                         "text": texts.get(key, ""), "correct": key in correct,
                         "count": count,
                         "percent": 100 * count / submissions if submissions else math.nan,
                         "submissions": submissions})
        others: dict[str, int] = {}
        for tokens in chosen:
            for token in tokens:
                if token not in options:
                    others[token] = others.get(token, 0) + 1
        other_rows += [{"assignment": item.assignment, "item_id": item.item_id, "entry": k,
                        "count": v} for k, v in sorted(others.items())]
    return (pd.DataFrame(rows, columns=DISTRACTOR_COLUMNS),
            pd.DataFrame(other_rows, columns=["assignment", "item_id", "entry", "count"]))
