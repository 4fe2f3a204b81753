"""The overall reading of a rewrite: a small model that weighs everything the checker found.

The criteria and detectors (:mod:`tic_course.checkpoints.rubric`, :mod:`tic_course.checkpoints.detectors`)
each look at one thing. Educators weigh them together: a reply that meets three criteria but is
mostly a list of orders reads differently from one that meets three and asks the person a question.
This module holds that weighing, learnt from the development half of the labelled set
(``tools/data/rewrites/``, never the frozen test half) by ``python -m tools.train_band_model``, and
shipped as plain numbers in ``band_model.json`` (no pickle, nothing downloaded). It learns from
each reply as the checker read it *before* its patterns were widened on that reply (the untouched
readings), because that is how the checker reads a new learner's reply.

It is deliberately limited, so the checker still explains itself by criterion:

* it reads only numbers an educator can look up (:data:`FEATURES`): the criteria met, which
  detectors fired, length, how often the reply speaks to the person, questions, words kept from
  the original, and how close the reply is in meaning to the model answer and to the original
  (:mod:`tic_course.checkpoints.meaning`, static word vectors shipped in a wheel); never a word
  list of its own;
* it may move the overall band **one step** up or down from what the criteria give, only when it is
  sure enough (``move_at``, chosen by cross-validation with the weights), and never above a cap a
  finding sets (a sarcastic reply stays poor whatever the model says);
* its probability for the band it settles on is the checker's confidence, which orders the
  educator's review queue (least sure first): on the development set, cross-validated, it tells a
  right reading from a wrong one far better than counting criteria to the next band did. The
  tiers (``sure``, ``fairly_sure``) are where the cross-validated readings were right 90% and 80%
  of the time;
* the learner is told the criteria met and missed as before, and in one line that the overall
  reading moved the band, and why the educator still decides.

Inference is a multinomial logistic regression written out in plain Python (a few dozen
multiplications), so a reply costs well under a millisecond beyond the criteria themselves.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

from tic_course.checkpoints import detectors, meaning
from tic_course.checkpoints.detectors import Finding
from tic_course.runtime.answers import words

BANDS = ("poor", "partial", "good")  # ordered, worst first
MODEL_FILE = "band_model.json"

# The model's inputs, in the order the shipped coefficients use. Each is a number an educator can
# look up in the checker's own output or count in the reply.
FEATURES = (
    "criteria_fraction",  # points from the criteria, before any cap, as a fraction of the rubric
    "capped_fraction",  # the same after the detectors' caps
    "criteria_good",  # 1 when the capped score is in the good band
    "criteria_partial",  # 1 when it is in the partial band
    "essential_missing",  # essential criteria not met
    "copied_original",  # each detector: 1 when it fired
    "false_reassurance",
    "dismissed_harmful",  # validation taken back, with the original's harm after the "but"
    "dismissed_limit",  # validation taken back, with a legitimate limit after the "but"
    "sarcasm",
    "pressure",  # a push to agree, attend or talk at the end
    "keyword_stuffing",
    "incoherent",
    "harms_found",  # criteria lost because the reply says something the scenario rules out
    "log_words",  # natural log of the number of words
    "you_rate",  # share of words that speak to the person: you, your, you're ...
    "questions",  # question marks, at most 3
    "original_overlap",  # share of the original's content words the reply keeps
    "function_ratio",  # share of the small words that make sentences
    "contrasts",  # but, however, though, at the end of the day
    "dismissals",  # the course's dismissing phrases anywhere in the reply
    "negation_rate",  # not, never, no, can't ... per word
    "commitments",  # I'll, we'll, let me, I'm going to ...
    "sentences",
    "exclamations",
    "meaning_model_answer",  # closeness in meaning to the scenario's model answer (meaning.py)
    "meaning_original",  # closeness in meaning to the original reply it replaces
)

_YOU = frozenset(("you", "your", "you're", "yourself", "you'll", "you've", "you'd"))
_CONTRAST = re.compile(r"\b(but|however|though|although|at the end of the day)\b", re.IGNORECASE)
_DISMISSAL = re.compile(detectors._DISMISSAL, re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|never|no|can't|cannot|won't|don't|isn't)\b", re.IGNORECASE)
_COMMITMENT = re.compile(r"\b(I'll|I will|we'll|we will|let me|I'm going to|we're going to)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](\s|$)")


class CriteriaReading(Protocol):
    """What the overall reading needs of the criteria's result (rubric.RubricResult has it all)."""

    raw_score: float
    score: float
    max_points: int
    findings: list[Finding]
    checks: list[Any]  # each with .earned and .evidence


class BandModelError(Exception):
    """The shipped model file cannot be used; the message names the file and the field."""


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in detectors.FUNCTION_WORDS and len(w) > 2}


def reply_features(
    result: CriteriaReading, band: str, text: str, original: str, model_answer: str
) -> dict[str, float]:
    """The numbers the overall reading weighs, for a reply the criteria have read.

    ``result`` must be the criteria's own result (with checks, not a note or a routed reply),
    ``band`` the band its capped score is in, and ``text`` the reply as it was checked (cut,
    apostrophes made plain); ``original`` and ``model_answer`` are the scenario's.
    """
    tokens = words(text)
    n = max(1, len(tokens))
    found = {f.id: f for f in result.findings}
    dismissed = found.get("validate-then-dismiss")
    kept = _content(original)
    values = {
        "criteria_fraction": result.raw_score / result.max_points,
        "capped_fraction": result.score / result.max_points,
        "criteria_good": band == "good",
        "criteria_partial": band == "partial",
        "essential_missing": sum(f.id == "essential-missing" for f in result.findings),
        "copied_original": "copied-original" in found,
        "false_reassurance": "false-reassurance" in found,
        "dismissed_harmful": bool(dismissed and dismissed.cap == detectors.POOR),
        "dismissed_limit": bool(dismissed and dismissed.cap == detectors.PARTIAL),
        "sarcasm": "sarcasm" in found,
        "pressure": "pressure" in found,
        "keyword_stuffing": "keyword-stuffing" in found,
        "incoherent": "incoherent" in found,
        "harms_found": sum(1 for c in result.checks if not c.earned and c.evidence),
        "log_words": math.log(n),
        "you_rate": sum(t in _YOU for t in tokens) / n,
        "questions": min(text.count("?"), 3),
        "original_overlap": len(_content(text) & kept) / max(1, len(kept)),
        "function_ratio": sum(t in detectors.FUNCTION_WORDS for t in tokens) / n,
        "contrasts": len(_CONTRAST.findall(text)),
        "dismissals": len(_DISMISSAL.findall(text)),
        "negation_rate": len(_NEGATION.findall(text)) / n,
        "commitments": len(_COMMITMENT.findall(text)),
        "sentences": len(_SENTENCE_END.findall(text)),
        "exclamations": text.count("!"),
        "meaning_model_answer": meaning.closeness(text, model_answer),
        "meaning_original": meaning.closeness(text, original),
    }
    return {k: float(values[k]) for k in FEATURES}


@dataclass(frozen=True)
class BandModel:
    """A multinomial logistic regression over standardised :data:`FEATURES`."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: dict[str, tuple[float, ...]]  # band -> one weight per feature
    intercept: dict[str, float]
    move_at: float  # the least probability at which the model's choice may move the band
    sure: float  # confidence "high" from this probability for the band given
    fairly_sure: float  # "medium" from this one; "low" below

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """band -> probability that an educator would give this reply that band."""
        z = [(features[k] - m) / s for k, m, s in zip(FEATURES, self.mean, self.scale, strict=True)]
        logits = {b: self.intercept[b] + sum(w * x for w, x in zip(self.coef[b], z, strict=True)) for b in BANDS}
        top = max(logits.values())
        exp = {b: math.exp(v - top) for b, v in logits.items()}
        total = sum(exp.values())
        return {b: exp[b] / total for b in BANDS}


def model_from_json(data: Any, source: str) -> BandModel:
    """Check a model's JSON and build it; raise BandModelError naming ``source`` and the field."""

    def fail(field: str, problem: str) -> BandModelError:
        return BandModelError(f"{source}: {field}: {problem}")

    if not isinstance(data, dict):
        raise fail("(top level)", "must be a JSON object")
    if data.get("features") != list(FEATURES):
        raise fail("features", f"must list exactly the checker's features in order: {', '.join(FEATURES)}")
    if data.get("classes") != list(BANDS):
        raise fail("classes", f"must be {list(BANDS)}")

    def numbers(field: str, value: Any, length: int) -> tuple[float, ...]:
        if not isinstance(value, list) or len(value) != length:
            raise fail(field, f"must be a list of {length} numbers")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in value):
            raise fail(field, "every value must be a finite number")
        return tuple(float(v) for v in value)

    mean = numbers("mean", data.get("mean"), len(FEATURES))
    scale = numbers("scale", data.get("scale"), len(FEATURES))
    if any(s <= 0 for s in scale):
        raise fail("scale", "every value must be above 0")
    coef = data.get("coef")
    if not isinstance(coef, list) or len(coef) != len(BANDS):
        raise fail("coef", f"must be {len(BANDS)} lists, one per class")
    weights = {b: numbers(f"coef[{i}]", row, len(FEATURES)) for i, (b, row) in enumerate(zip(BANDS, coef, strict=True))}
    intercept = numbers("intercept", data.get("intercept"), len(BANDS))
    probability = {}
    for name in ("move_at", "sure", "fairly_sure"):
        (probability[name],) = numbers(name, [data.get(name)], 1)
        if not 0 <= probability[name] <= 1:
            raise fail(name, "must be a probability between 0 and 1")
    if probability["fairly_sure"] > probability["sure"]:
        raise fail("fairly_sure", "must not be above sure")
    return BandModel(mean, scale, weights, dict(zip(BANDS, intercept, strict=True)), **probability)


@cache
def shipped_model() -> BandModel:
    """The model shipped with the package (read once per process)."""
    file = resources.files("tic_course.checkpoints").joinpath(MODEL_FILE)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BandModelError(f"tic_course/checkpoints/{MODEL_FILE}: cannot be read: {exc}") from None
    return model_from_json(data, f"tic_course/checkpoints/{MODEL_FILE}")


@dataclass(frozen=True)
class OverallReading:
    """What the model made of a reply: the band it settled on and how sure it was."""

    band: str  # after the threshold, the one-step limit and the findings' caps
    probability: float  # the model's probability for that band: the checker's confidence
    model_band: str  # the model's own first choice, before the limits


def overall_reading(
    criteria_band: str, cap: str, probabilities: dict[str, float], move_at: float
) -> OverallReading:
    """The band the overall reading settles on.

    The model's first choice, if its probability is at least ``move_at``; then at most one step
    from the criteria's band and never above ``cap`` (the tightest cap a finding set, or ``good``).
    """
    choice = max(BANDS, key=lambda b: (probabilities[b], -BANDS.index(b)))  # ties go to the lower band
    here = BANDS.index(criteria_band)
    if probabilities[choice] < move_at:
        return OverallReading(criteria_band, probabilities[criteria_band], choice)
    step = max(here - 1, min(here + 1, BANDS.index(choice)))
    band = BANDS[min(step, max(here, BANDS.index(cap)))]
    return OverallReading(band, probabilities[band], choice)
