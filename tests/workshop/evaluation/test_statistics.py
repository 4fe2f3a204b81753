"""Exact statistics from the fixed export, checked against values worked out here from the definitions.

Independently of scipy: ranks are averaged by hand, the rank-biserial correlation is Kerby's
(R+ - R-) / (R+ + R-), and the two-sided p-value is the share of all 2**m sign assignments of the
m non-zero ranks whose positive-rank sum is at least as extreme as the one observed (doubled, at
most 1): the exact null distribution of the signed-rank statistic, ties included.
"""

from __future__ import annotations

from itertools import product

import pytest

from tests.workshop.evaluation.test_forms import RESPONSES
from tic_course.workshop.evaluation.forms import read_responses
from tic_course.workshop.evaluation.statistics import evaluate, paired_change, rank_biserial


def average_ranks(values: list[float]) -> list[float]:
    ordered = sorted(values)
    return [sum(i + 1 for i, v in enumerate(ordered) if v == x) / ordered.count(x) for x in values]


def by_definition(pre: list[float], post: list[float]) -> tuple[float, float, float]:
    """(W, p, r) for paired values, from the definitions."""
    d = [b - a for a, b in zip(pre, post, strict=True) if b != a]
    ranks = average_ranks([abs(x) for x in d])
    r_plus = sum(r for r, x in zip(ranks, d, strict=True) if x > 0)
    total = sum(ranks)
    sums = [sum(r for r, s in zip(ranks, signs, strict=True) if s) for signs in product((0, 1), repeat=len(d))]
    low = sum(s <= r_plus + 1e-9 for s in sums)
    high = sum(s >= r_plus - 1e-9 for s in sums)
    return min(r_plus, total - r_plus), min(1.0, 2 * min(low, high) / len(sums)), (2 * r_plus - total) / total


@pytest.fixture
def evaluation(questionnaire):
    return evaluate(questionnaire, read_responses(RESPONSES, questionnaire))


def test_pairing_and_unmatched_forms(evaluation):
    assert evaluation.paired_codes == ["BLUE5", "FERN2024", "MOON88", "OAK7", "RIVER11", "SEASIDE42"]
    assert [(r.code, r.row) for r in evaluation.only_before] == [("LAKE99", 8)]
    assert [(r.code, r.row) for r in evaluation.only_after] == [("HILL33", 15)]


def test_knowledge_score_change_is_exact(evaluation):
    # Right answers (of 3) before -> after, by code: SEASIDE42 0->3, OAK7 1->2, RIVER11 0->1,
    # MOON88 3->2, FERN2024 1->2, BLUE5 0->2; differences +3 +1 +1 -1 +1 +2.
    assert [(c, round(a, 6), round(b, 6)) for c, a, b in evaluation.knowledge_scores] == [
        ("BLUE5", 0.0, 66.666667), ("FERN2024", 33.333333, 66.666667), ("MOON88", 100.0, 66.666667),
        ("OAK7", 33.333333, 66.666667), ("RIVER11", 0.0, 33.333333), ("SEASIDE42", 0.0, 100.0),
    ]  # fmt: skip
    k = evaluation.knowledge
    assert (k.n_pairs, k.n_changed) == (6, 6)
    # |d| = 3,1,1,1,1,2: the four 1s share rank (1+2+3+4)/4 = 2.5, 2 has rank 5, 3 has rank 6.
    # R+ = 6 + 2.5 + 2.5 + 2.5 + 5 = 18.5, R- = 2.5, so W = 2.5 and r = 16/21.
    assert k.w == 2.5
    assert k.r_rb == pytest.approx(16 / 21, abs=1e-12)
    w, p, r = by_definition([0, 1, 0, 3, 1, 0], [3, 2, 1, 2, 2, 2])
    assert (w, round(r, 6)) == (2.5, round(16 / 21, 6))
    assert round(k.p, 6) == round(p, 6) == 0.15625  # 5 of the 64 sign assignments give R+ <= 2.5, doubled
    assert (k.pre_median, k.post_median) == pytest.approx((100 / 6, 200 / 3))  # medians 0.5 and 2 of 3
    assert k.median_change == pytest.approx(100 / 3)
    assert k.method == "exact, by every sign permutation (ties or no-change pairs present)"


def test_each_rating_change_is_exact(evaluation):
    changes = {q.id: c for q, c in evaluation.ratings}
    assert list(changes) == ["c1", "c2", "a1"]
    c1 = changes["c1"]  # 1->3, 2->3, 2->5, 3->3, 4->3, 1->5: d = +2 +1 +3 0 -1 +4
    assert (c1.n_pairs, c1.n_changed, c1.pre_median, c1.post_median, c1.median_change) == (6, 5, 2.0, 3.0, 1.5)
    # non-zero |d| = 2,1,3,1,4: ranks 3, 1.5, 4, 1.5, 5; R+ = 13.5, R- = 1.5.
    assert (c1.w, c1.r_rb) == (1.5, 0.8)
    assert round(c1.p, 6) == round(by_definition([1, 2, 2, 3, 4, 1], [3, 3, 5, 3, 3, 5])[1], 6) == 0.1875
    assert not c1.can_reach_significance

    c2 = changes["c2"]  # nobody's rating moved; RIVER11 left it blank after, so 5 pairs
    assert (c2.n_pairs, c2.n_changed, c2.w, c2.p, c2.r_rb, c2.method) == (
        5, 0, None, None, None, "not computed: no pair changed",
    )  # fmt: skip

    a1 = changes["a1"]  # 1->5, 2->5, 4->2, 2->3 (FERN2024 and BLUE5 each left one blank): d = +4 +3 -2 +1
    assert (a1.n_pairs, a1.n_changed, a1.method) == (4, 4, "exact")
    w, p, r = by_definition([1, 2, 4, 2], [5, 5, 2, 3])
    assert (a1.w, a1.r_rb) == (w, r) == (2.0, 0.6)
    assert round(a1.p, 6) == round(p, 6) == 0.375  # {}, {1}, {2}: 3 of 16 sums <= 2, doubled


def test_knowledge_items_satisfaction_and_comments(evaluation):
    items = {
        k.question.id: (k.n_pairs, k.right_before, k.right_after, k.gained, k.lost) for k in evaluation.knowledge_items
    }
    assert items == {
        "t-kc-1": (6, 2, 5, 3, 0),
        "triage-pain-red-flags": (6, 2, 4, 2, 0),
        "triage-pain-first-words": (6, 1, 3, 3, 1),
    }
    s1, s2 = evaluation.satisfaction  # every after form, HILL33's included
    assert (s1.n, s1.median, s1.counts) == (7, 4.0, {1: 0, 2: 1, 3: 1, 4: 2, 5: 3})
    assert (s2.n, s2.median, s2.counts) == (6, 4.5, {1: 0, 2: 0, 3: 1, 4: 2, 5: 3})
    [(question, texts)] = evaluation.comments
    assert question.id == "m1"
    assert texts == [
        "<script>alert('x')</script> Loved it",
        '=HYPERLINK("http://evil.example","click")',
        "Too short & rushed",
        "More role play, please",
    ]


def test_paired_change_edge_cases():
    assert paired_change([], []).method == "not computed: no pairs"
    with pytest.raises(ValueError, match="paired values differ in length: 2 before, 1 after"):
        paired_change([1, 2], [3])
    assert rank_biserial([0, 0]) is None
    assert rank_biserial([1, 2, 3]) == 1.0 and rank_biserial([-1, -2]) == -1.0
    many = paired_change([1.0] * 60, [2.0] * 30 + [1.0] * 30)
    assert many.method == "normal approximation" and many.can_reach_significance


def test_an_export_with_no_pairs_still_reports_honestly(questionnaire, tmp_path):
    lines = RESPONSES.read_text(encoding="utf-8").splitlines(keepends=True)
    only_before = tmp_path / "before.csv"
    only_before.write_text("".join(lines[:8]), encoding="utf-8")  # the header and the seven before forms
    evaluation = evaluate(questionnaire, read_responses(only_before, questionnaire))
    assert evaluation.paired_codes == [] and len(evaluation.only_before) == 7 and evaluation.only_after == []
    assert (evaluation.knowledge.n_pairs, evaluation.knowledge.method) == (0, "not computed: no pairs")
    assert [(s.n, s.median) for s in evaluation.satisfaction] == [(0, None), (0, None)]
    assert [texts for _, texts in evaluation.comments] == [[]]
