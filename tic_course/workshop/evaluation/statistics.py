"""Paired before/after change, honestly sized: the numbers behind the evaluation report.

Only people who answered both times (same participant code) are compared. For the knowledge score
and each confidence or attitude statement the report gives the medians before and after, the
Wilcoxon signed-rank test (``scipy.stats.wilcoxon``, its default ``method="auto"``; pairs with no
change are dropped, as Wilcoxon proposed) and an effect size, the matched-pairs rank-biserial
correlation. Everything a reader needs to judge the result goes with it: how many pairs, how many
of them changed, and which p-value method scipy used.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.stats import rankdata, wilcoxon

from tic_course.workshop.evaluation.forms import Response, Responses
from tic_course.workshop.evaluation.questionnaire import SCALE, Question, Questionnaire


@dataclass(frozen=True)
class PairedChange:
    """Before/after values of one measure for the people who answered it both times."""

    n_pairs: int
    n_changed: int  # pairs whose value differs (the ones the test uses)
    pre_median: float | None
    post_median: float | None
    median_change: float | None
    w: float | None  # scipy's statistic: the smaller of the two signed rank sums
    p: float | None
    r_rb: float | None  # matched-pairs rank-biserial correlation, positive when values rose
    method: str  # how scipy computed p, in words

    @property
    def can_reach_significance(self) -> bool:
        """With fewer than 6 pairs that changed, no two-sided p can fall below 0.05 (2/2**5)."""
        return self.n_changed >= 6


def rank_biserial(differences: list[float]) -> float | None:
    """The matched-pairs rank-biserial correlation of paired differences (post minus pre).

    Kerby (2014), "The simple difference formula: an approach to teaching nonparametric
    correlation", Comprehensive Psychology 3, 11.IT.3.1, doi:10.2466/11.IT.3.1:
    rank the absolute non-zero differences (ties share the average rank), then

        r = (R+ - R-) / (R+ + R-)

    where R+ and R- are the sums of the ranks of the positive and of the negative differences.
    It runs from -1 (everyone went down) to +1 (everyone went up); zero differences are dropped,
    as in the Wilcoxon test beside it. None when no pair changed.
    """
    d = np.asarray([x for x in differences if x != 0], dtype=float)
    if d.size == 0:
        return None
    ranks = rankdata(np.abs(d))
    r_plus, r_minus = ranks[d > 0].sum(), ranks[d < 0].sum()
    return float((r_plus - r_minus) / (r_plus + r_minus))


def p_method(differences: list[float]) -> str:
    """Which p-value scipy 1.17's ``wilcoxon(method="auto")`` computes for these differences."""
    n = len(differences)
    nonzero = [abs(x) for x in differences if x != 0]
    ties_or_zeros = len(nonzero) < n or len(set(nonzero)) < len(nonzero)
    if n <= 50 and not ties_or_zeros:
        return "exact"
    if n <= 13:
        return "exact, by every sign permutation (ties or no-change pairs present)"
    return "normal approximation"


def paired_change(pre: list[float], post: list[float]) -> PairedChange:
    """Medians, Wilcoxon signed-rank test and rank-biserial correlation for paired values."""
    if len(pre) != len(post):
        raise ValueError(f"paired values differ in length: {len(pre)} before, {len(post)} after")
    n = len(pre)
    if n == 0:
        return PairedChange(0, 0, None, None, None, None, None, None, "not computed: no pairs")
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    changed = sum(d != 0 for d in diffs)
    medians = (float(statistics.median(pre)), float(statistics.median(post)), float(statistics.median(diffs)))
    if changed == 0:
        return PairedChange(n, 0, *medians, None, None, None, "not computed: no pair changed")
    result = wilcoxon(post, pre, zero_method="wilcox", alternative="two-sided", method="auto")
    return PairedChange(
        n, changed, *medians, float(result.statistic), float(result.pvalue), rank_biserial(diffs), p_method(diffs)
    )


@dataclass(frozen=True)
class KnowledgeItem:
    """One knowledge question across the pairs: how many got it right before and after."""

    question: Question
    n_pairs: int
    right_before: int
    right_after: int
    gained: int  # wrong (or skipped) before, right after
    lost: int  # right before, wrong (or skipped) after


@dataclass(frozen=True)
class Satisfaction:
    """One satisfaction statement over every after-the-session form (paired or not)."""

    question: Question
    n: int
    median: float | None
    counts: dict[int, int]  # rating -> how many gave it


@dataclass
class Evaluation:
    """Everything the report shows, computed once so the tests can check the exact figures."""

    questionnaire: Questionnaire
    responses: Responses
    paired_codes: list[str]
    only_before: list[Response]
    only_after: list[Response]
    knowledge: PairedChange
    knowledge_scores: list[tuple[str, float, float]]  # (code, % before, % after) per pair
    knowledge_items: list[KnowledgeItem]
    ratings: list[tuple[Question, PairedChange]]
    satisfaction: list[Satisfaction]
    comments: list[tuple[Question, list[str]]]
    notes: list[str] = field(default_factory=list)


def knowledge_right(questionnaire: Questionnaire, response: Response) -> int:
    """How many knowledge questions were answered exactly right: all the right options and no
    others (a skipped question counts as not right)."""
    return sum(response.answers.get(q.id) == q.correct for q in questionnaire.section("knowledge"))


def _scaled(change: PairedChange, factor: float) -> PairedChange:
    """The same change with its medians in other units (W, p and r do not change with scale)."""

    def times(v: float | None) -> float | None:
        return None if v is None else v * factor

    return replace(
        change,
        pre_median=times(change.pre_median),
        post_median=times(change.post_median),
        median_change=times(change.median_change),
    )


def evaluate(questionnaire: Questionnaire, responses: Responses) -> Evaluation:
    """Pair the before and after forms by participant code and compute every figure of the report."""
    pre = {r.code: r for r in responses.rows if r.phase == "pre"}
    post = {r.code: r for r in responses.rows if r.phase == "post"}
    codes = sorted(pre.keys() & post.keys())
    pairs = [(pre[c], post[c]) for c in codes]

    # Tested on counts of right answers, not percentages: 100 - 200/3 and 200/3 - 100/3 differ in
    # the last bit as floats, which would break the ties the ranks must see. Medians are then shown
    # as percentages (a linear rescaling changes neither W, p nor r).
    k = len(questionnaire.section("knowledge"))
    right = [
        (c, knowledge_right(questionnaire, a), knowledge_right(questionnaire, b))
        for c, (a, b) in zip(codes, pairs, strict=True)
    ]
    knowledge = _scaled(paired_change([float(x) for _, x, _ in right], [float(y) for _, _, y in right]), 100.0 / k)
    scores = [(c, 100.0 * x / k, 100.0 * y / k) for c, x, y in right]
    items = []
    for q in questionnaire.section("knowledge"):
        before = [a.answers.get(q.id) == q.correct for a, _ in pairs]
        after = [b.answers.get(q.id) == q.correct for _, b in pairs]
        items.append(
            KnowledgeItem(
                q,
                len(pairs),
                sum(before),
                sum(after),
                sum(not x and y for x, y in zip(before, after, strict=True)),
                sum(x and not y for x, y in zip(before, after, strict=True)),
            )
        )
    ratings = []
    for q in questionnaire.questions:
        if q.rated and q.paired:
            both = [
                (a.answers[q.id], b.answers[q.id])
                for a, b in pairs
                if a.answers.get(q.id) is not None and b.answers.get(q.id) is not None
            ]
            ratings.append((q, paired_change([float(x) for x, _ in both], [float(y) for _, y in both])))
    after_forms = [r for r in responses.rows if r.phase == "post"]
    satisfaction = []
    for q in questionnaire.section("satisfaction"):
        given = [r.answers[q.id] for r in after_forms if r.answers.get(q.id) is not None]
        counts = Counter(given)
        satisfaction.append(
            Satisfaction(
                q, len(given), float(statistics.median(given)) if given else None, {k: counts.get(k, 0) for k in SCALE}
            )
        )
    comments = [
        (q, [r.answers[q.id] for r in after_forms if r.answers.get(q.id)]) for q in questionnaire.section("comments")
    ]
    return Evaluation(
        questionnaire,
        responses,
        codes,
        [pre[c] for c in sorted(pre.keys() - post.keys())],
        [post[c] for c in sorted(post.keys() - pre.keys())],
        knowledge,
        scores,
        items,
        ratings,
        satisfaction,
        comments,
        list(responses.notes),
    )
