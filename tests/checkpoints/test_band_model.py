"""The overall reading of a rewrite (band_model.py): the shipped numbers load and are checked, the
limits hold exactly (one step, never past a finding's cap, only when sure), the learner is told
when it moved the score, and on fixed replies it must leave good and poor readings alone and
flag a list of fragments for the educator first."""

from __future__ import annotations

import json
import math

import pytest

from tests.conftest import ROOT
from tic_course.checkpoints import band_model
from tic_course.checkpoints.band_model import (
    BANDS,
    FEATURES,
    BandModelError,
    model_from_json,
    overall_reading,
    reply_features,
    shipped_model,
)
from tic_course.checkpoints.rubric import check_rewrite, points_in_band
from tic_course.scenario import load_scenario

SHIPPED = json.loads((ROOT / "tic_course" / "checkpoints" / "band_model.json").read_text(encoding="utf-8"))


def _rewrite(scenario: str) -> dict:
    data = load_scenario(ROOT / "exercises" / scenario / "scenario.yml")
    return next(c for c in data["checkpoints"] if c["type"] == "rewrite")


def _model(intercepts: tuple[float, float, float], move_at: float = 0.5) -> band_model.BandModel:
    """A model that ignores the reply and always prefers the same band (weights all zero)."""
    data = {
        **SHIPPED,
        "coef": [[0.0] * len(FEATURES) for _ in BANDS],
        "intercept": list(intercepts),
        "move_at": move_at,
    }
    return model_from_json(data, "test model")


# --- the shipped file ---------------------------------------------------------------------------


def test_the_shipped_model_is_plain_numbers_over_the_checkers_features():
    model = shipped_model()
    assert SHIPPED["features"] == list(FEATURES) and SHIPPED["classes"] == list(BANDS)
    assert 0 <= model.fairly_sure <= model.sure <= 1 and 0 <= model.move_at <= 1
    probabilities = model.probabilities(dict.fromkeys(FEATURES, 0.0))
    assert set(probabilities) == set(BANDS) and math.isclose(sum(probabilities.values()), 1.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"features": list(reversed(FEATURES))},
         "features: must list exactly the checker's features in order: " + ", ".join(FEATURES)),
        ({"classes": ["good", "partial", "poor"]}, "classes: must be ['poor', 'partial', 'good']"),
        ({"mean": [0.0] * 3}, f"mean: must be a list of {len(FEATURES)} numbers"),
        ({"scale": [0.0] * len(FEATURES)}, "scale: every value must be above 0"),
        ({"coef": [[0.0] * len(FEATURES)] * 2}, "coef: must be 3 lists, one per class"),
        ({"coef": [[float("nan")] * len(FEATURES)] * 3}, "coef[0]: every value must be a finite number"),
        ({"intercept": [0, 0, "1"]}, "intercept: every value must be a finite number"),
        ({"move_at": 1.5}, "move_at: must be a probability between 0 and 1"),
        ({"move_at": True}, "move_at: every value must be a finite number"),
        ({"sure": 0.5, "fairly_sure": 0.7}, "fairly_sure: must not be above sure"),
    ],
)
def test_a_broken_model_file_is_refused_naming_the_field(change, message):
    with pytest.raises(BandModelError) as exc:
        model_from_json({**SHIPPED, **change}, "band_model.json")
    assert str(exc.value) == f"band_model.json: {message}"


def test_a_model_file_that_is_not_an_object_is_refused():
    with pytest.raises(BandModelError, match=r"^x.json: \(top level\): must be a JSON object$"):
        model_from_json([], "x.json")


# --- the limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "cap", "wants", "band"),
    [
        ("poor", "good", "good", "partial"),  # one step at most
        ("good", "good", "poor", "partial"),
        ("partial", "good", "good", "good"),
        ("partial", "partial", "good", "partial"),  # never past a finding's cap
        ("poor", "poor", "good", "poor"),
        ("good", "good", "good", "good"),
    ],
)
def test_the_overall_reading_moves_one_step_and_never_past_a_cap(criteria, cap, wants, band):
    intercepts = tuple(5.0 if b == wants else 0.0 for b in BANDS)
    model = _model(intercepts)
    reading = overall_reading(criteria, cap, model.probabilities(dict.fromkeys(FEATURES, 0.0)), model.move_at)
    assert (reading.band, reading.model_band) == (band, wants)


def test_the_overall_reading_moves_nothing_when_not_sure_enough():
    probabilities = {"poor": 0.2, "partial": 0.25, "good": 0.55}
    assert overall_reading("partial", "good", probabilities, 0.6).band == "partial"
    assert overall_reading("partial", "good", probabilities, 0.6).probability == 0.25
    assert overall_reading("partial", "good", probabilities, 0.55).band == "good"


@pytest.mark.parametrize(
    ("score", "points", "band", "moved"),
    [(2, 4, "good", 4), (3, 4, "partial", 3), (3, 4, "good", 4), (1, 4, "partial", 2), (2, 4, "poor", 1),
     (4, 4, "partial", 3), (0, 3, "partial", 2), (2, 3, "good", 3), (2, 3, "partial", 2)],
)
def test_points_move_to_the_nearest_whole_points_inside_the_band(score, points, band, moved):
    assert points_in_band(score, points, band) == moved


RUBRIC = [
    {"id": "names", "description": "Names the feeling", "points": 1, "hint": "Say it must be frightening.",
     "any_of": [r"(frighten|scar)"]},
    {"id": "cream", "description": "Mentions the cream", "points": 1, "hint": "Mention the numbing cream.",
     "any_of": ["cream"]},
    {"id": "lap", "description": "Offers a cuddle", "points": 1, "hint": "Offer Mum's lap.", "any_of": ["lap|cuddle"]},
    {"id": "choice", "description": "Offers a choice", "points": 1, "hint": "Let him choose.", "any_of": ["choose"]},
]
TWO_OF_FOUR = "It must be frightening, Oscar. We'll put the numbing cream on your hand and wait for it to work."
MODEL_ANSWER = "It's OK to be scared. The cream numbs your hand, then a cuddle on Mum's lap, and you choose the hand."


def test_a_moved_score_is_explained_to_the_learner(monkeypatch):
    monkeypatch.setattr(band_model, "shipped_model", lambda: _model((0.0, 0.0, 5.0)))
    result = check_rewrite(TWO_OF_FOUR, RUBRIC, overall=True, model_answer=MODEL_ANSWER)
    assert (result.criteria_score, result.score, result.band) == (2.0, 4.0, "good")
    report = result.report()
    assert report.splitlines()[0] == "Rubric check: 4 of 4 points."
    assert (
        "Overall reading: the criteria give 2 of 4 points, but read as a whole (length, speaking to the person, "
        "closeness in meaning to a good reply, what was found) replies like yours were usually marked good, so the "
        "score is moved up to 4."
    ) in report
    # Every criterion is still listed, met or missed.
    assert "  \u2717 Offers a cuddle. Offer Mum's lap." in report and "  \u2713 Mentions the cream" in report
    level, why = result.confidence()
    assert level == "high" and why.startswith("overall reading 99% sure of good; moved from partial")


def test_a_sarcastic_reply_stays_poor_whatever_the_model_says(monkeypatch):
    monkeypatch.setattr(band_model, "shipped_model", lambda: _model((0.0, 0.0, 9.0)))
    text = "Oh wonderful, it's frightening, so we'll use the cream, then a cuddle on Mum's lap, and you choose."
    result = check_rewrite(text, RUBRIC, overall=True, model_answer=MODEL_ANSWER)
    assert (result.raw_score, result.score, result.band) == (4.0, 1.0, "poor")
    assert result.overall_note() == ""


def test_the_overall_reading_needs_the_model_answer():
    with pytest.raises(ValueError, match="model_answer"):
        check_rewrite(TWO_OF_FOUR, RUBRIC, overall=True)
    with pytest.raises(ValueError, match="model_answer"):
        check_rewrite(TWO_OF_FOUR, RUBRIC, overall=True, model_answer="   ")


def test_without_overall_nothing_changes():
    result = check_rewrite(TWO_OF_FOUR, RUBRIC)
    assert (result.overall, result.score, result.criteria_score, result.band) == (None, 2.0, 2.0, "partial")


# --- features --------------------------------------------------------------------------------------


def test_features_are_the_numbers_an_educator_can_count():
    text = "I know it's scary, but you can't stop now! Do you want the cream? I'll stay."
    result = check_rewrite(text, RUBRIC, original="Big boys don't cry, hold still.")
    f = reply_features(result, "partial", text, "Big boys don't cry, hold still.", MODEL_ANSWER)
    assert list(f) == list(FEATURES)
    n = 16  # words: i know it's scary but you can't stop now do you want the cream i'll stay
    assert f["criteria_fraction"] == 0.5 and f["criteria_partial"] == 1.0 and f["criteria_good"] == 0.0
    assert f["log_words"] == pytest.approx(math.log(n))
    assert f["you_rate"] == pytest.approx(2 / n) and f["questions"] == 1.0 and f["exclamations"] == 1.0
    assert f["contrasts"] == 1.0 and f["commitments"] == 1.0 and f["sentences"] == 3.0
    assert f["negation_rate"] == pytest.approx(1 / n)  # can't
    assert f["dismissed_harmful"] == 1.0 and f["dismissed_limit"] == 0.0  # "but you can't"
    assert f["original_overlap"] == 0.0  # nothing kept of big, boys, cry, hold, still
    # Closeness in meaning (meaning.py): nearer the model answer than the original it replaces.
    assert f["meaning_model_answer"] == pytest.approx(0.195, abs=5e-4)
    assert f["meaning_original"] == pytest.approx(0.0608, abs=5e-4)
    assert f["meaning_model_answer"] > f["meaning_original"]


# --- the shipped model on fixed replies --------------------------------------------------------------

SCENARIOS = sorted(p.parent.name for p in (ROOT / "exercises").glob("*/scenario.yml"))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_it_must_not_move_a_model_answer_or_an_original(scenario):
    item = _rewrite(scenario)
    model = check_rewrite(
        item["model_answer"], item["rubric"], original=item["original"], overall=True, model_answer=item["model_answer"]
    )
    assert (model.band, model.score, model.overall.band) == ("good", float(item["points"]), "good")
    original = check_rewrite(
        item["original"], item["rubric"], original=item["original"], min_words=1, overall=True,
        model_answer=item["model_answer"],
    )
    assert original.band == "poor"


def test_a_list_of_fragments_the_detector_misses_is_read_as_poor():
    """Three criteria of four are met by fragments too sentence-like for the keyword detector: the
    criteria say partial (one missing); the overall reading reads it as the guide's list of phrases
    (short, clipped, few words that make sentences) and moves it to poor, at high confidence (87%)."""
    item = _rewrite("intimate-exam-consent")
    text = (
        "Stopping now. Your body, your choice. Not your fault. Speculum out, sit up and get dressed whenever. "
        "No pressure"
    )
    result = check_rewrite(
        text, item["rubric"], original=item["original"], overall=True, model_answer=item["model_answer"]
    )
    assert (result.criteria_score, result.findings, result.band) == (3.0, [], "poor")
    assert result.confidence()[0] == "high"
