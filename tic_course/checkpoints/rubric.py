"""Transparent rubric checks for free-text rewrites.

The checker looks for observable features of a reply (does it name the feeling? does it avoid
minimising words?) with regular expressions an educator can read in the scenario file. It is a
first pass, not a judge: it cannot tell sincere from sarcastic, and it can miss the right idea in
unusual words. So every result says what was found, what was missing, and that the educator's
own reading decides the mark. An optional overall reading (:mod:`tic_course.checkpoints.band_model`,
a small model over these same findings) may then move the band one step and gives the educator's
confidence; the criteria are still listed one by one, and the learner is told when it moved.

The reply is the learner's, so its cost is bounded: only the first ``MAX_REWRITE_CHARS`` (2,000)
characters are checked, with a note (a 2 MB reply took 18.5 s before), and every pattern must
pass :func:`pattern_cost_problem` when the scenario is validated, so no pattern can backtrack
exponentially (``(a+)+``) or polynomially without bound (``.*a.*b``) on hostile text.
"""

from __future__ import annotations

import math
import re
import re._parser as re_parser  # the parser re.compile itself uses, so patterns are read exactly as run
from dataclasses import dataclass, field, replace
from re._constants import (
    ASSERT,
    ASSERT_NOT,
    ATOMIC_GROUP,
    BRANCH,
    GROUPREF_EXISTS,
    MAX_REPEAT,
    MAXREPEAT,
    MIN_REPEAT,
    POSSESSIVE_REPEAT,
    SUBPATTERN,
)
from typing import Any

from tic_course.checkpoints import band_model, detectors
from tic_course.checkpoints.band_model import OverallReading
from tic_course.checkpoints.detectors import PARTIAL, POOR, Finding
from tic_course.runtime.answers import words

CAVEAT = (
    "This is an automatic first reading. It looks for patterns, so it can miss a good reply "
    "written in unusual words, and it cannot hear tone. Your educator reads every rewrite "
    "and decides the final mark."
)

MAX_REWRITE_CHARS = 2_000  # a reply to a patient is a few sentences; the rest is not checked
MAX_BOUNDED_REPEAT = 200  # the widest bounded repeat a rubric pattern may use, e.g. .{0,200}

# Bands of the fraction of rubric points, as the labelling guide reads them (tools/data/rewrites/
# guide.md): good "does everything important the prompt asks", so every criterion is met; a reply
# that misses one is partial, and one feature of three or four is poor. Three of four was good until
# 2026-12-07: on replies written after the patterns (the second labelled batch), three of four was
# more often partial (13) than good (8), and requiring all four raised that batch's development
# kappa from 0.55 to 0.67 (tools/data/rewrites/figures.md). A detector's cap (detectors.POOR or
# PARTIAL) keeps the score below the next band up.
GOOD_FRACTION = 1.0
PARTIAL_FRACTION = 0.34

NOT_ENGLISH = (
    "Your reply is not in English, so the automatic reading cannot judge it (it reads English only); "
    "your educator will read it and decide the mark."
)

@dataclass(frozen=True)
class CheckResult:
    """The outcome of one rubric check."""

    id: str
    description: str
    points: int
    earned: int
    evidence: str  # the words that matched, or "" when nothing did
    hint: str


@dataclass
class RubricResult:
    """Score plus everything needed to explain it."""

    score: float
    max_points: int
    checks: list[CheckResult] = field(default_factory=list)
    note: str = ""  # why no check was run, when that happened
    cut_from: int = 0  # the reply's length when only its first MAX_REWRITE_CHARS were checked
    findings: list[Finding] = field(default_factory=list)  # what the detectors found, in order
    raw_score: float = 0.0  # the criteria's points before any detector's cap
    review: bool = False  # not scored: routed to the educator (a reply not in English)
    advice: dict[str, str] = field(default_factory=dict)  # the scenario's better wording, by detector id
    overall: OverallReading | None = None  # the overall reading, when it was asked for (band_model.py)
    criteria_score: float = 0.0  # the score from the criteria and caps, before the overall reading

    @property
    def band(self) -> str:
        """poor, partial or good: the score as an educator would read it (``review`` if not scored)."""
        if self.review:
            return "review"
        if self.overall:
            return self.overall.band
        return band_of(self.score, self.max_points)

    def confidence(self) -> tuple[str, str]:
        """(low, medium or high, why) for the educator: how near the reading is to another band.

        The margin is how many criteria would have to change to move the reply into another band;
        a detector that pulled the score down means the criteria and the detector disagree, so it
        lowers confidence by one step. Replies the checker did not read come first, as "none".
        """
        if self.review:
            return "none", "not in English: not assessed"
        if self.note:
            return "high", self.note
        if self.overall:
            return self._overall_confidence()
        margin = _margin(self.score, self.max_points)
        why = [f"{margin} criterion from another band" if margin == 1 else f"{margin} criteria from another band"]
        if self.criteria_score < self.raw_score:
            margin -= 1
            why.append("capped by " + ", ".join(f.title.lower() for f in self.findings))
        elif self.findings:
            why.append("found " + ", ".join(f.title.lower() for f in self.findings))
        return ("low", "medium", "high")[max(0, min(margin, 2))], "; ".join(why)

    def _overall_confidence(self) -> tuple[str, str]:
        """Confidence from the overall reading's probability for the band it gave."""
        assert self.overall is not None
        p, model = self.overall.probability, band_model.shipped_model()
        level = "high" if p >= model.sure else "medium" if p >= model.fairly_sure else "low"
        why = [f"overall reading {p:.0%} sure of {self.overall.band}"]
        if band_of(self.criteria_score, self.max_points) != self.overall.band:
            why.append(f"moved from {band_of(self.criteria_score, self.max_points)} by the overall reading")
        if self.findings:
            why.append("found " + ", ".join(f.title.lower() for f in self.findings))
        return level, "; ".join(why)

    def report(self) -> str:
        """Feedback for the learner: what was found, what was missing, and the caveat."""
        lines = [f"Rubric check: {self.score:g} of {self.max_points} points."]
        if self.cut_from:
            lines.append(
                f"Your rewrite has {self.cut_from} characters; only the first {MAX_REWRITE_CHARS} were checked."
            )
        if self.note:
            lines.append(self.note)
        if self.criteria_score < self.raw_score:
            lines.append(
                f"The criteria below add up to {self.raw_score:g}, but what was found caps the score at "
                f"{self.criteria_score:g}:"
            )
        for f in self.findings:
            seen = f"found: \u201c{f.evidence}\u201d" if f.quoted else f.evidence
            lines.append(f"  ! {f.title} ({seen}): {f.why}.")
            if f.id in self.advice:
                lines.append(f"    Instead: {self.advice[f.id]}")
        for c in self.checks:
            if c.earned:
                seen = f" (found: \u201c{c.evidence}\u201d)" if c.evidence else ""
                lines.append(f"  \u2713 {c.description}{seen}")
            else:
                why = f" (found: \u201c{c.evidence}\u201d)" if c.evidence else ""
                lines.append(f"  \u2717 {c.description}{why}. {c.hint}")
        if self.overall_note():
            lines.append(self.overall_note())
        lines.append(CAVEAT)
        return "\n".join(lines)


    def overall_note(self) -> str:
        """One line for the learner when the overall reading moved the band, else ""."""
        if not self.overall or self.score == self.criteria_score:
            return ""
        way = "up" if self.score > self.criteria_score else "down"
        return (
            f"Overall reading: the criteria give {self.criteria_score:g} of {self.max_points} points, but read as a "
            f"whole (length, speaking to the person, closeness in meaning to a good reply, what was found) replies "
            f"like yours were usually marked {self.overall.band}, so the score is moved {way} to {self.score:g}."
        )


def band_of(score: float, max_points: int) -> str:
    """The band of a score: good from ``GOOD_FRACTION`` of the points, partial from ``PARTIAL_FRACTION``."""
    fraction = score / max_points if max_points else 0.0
    if fraction >= GOOD_FRACTION:
        return "good"
    if fraction >= PARTIAL_FRACTION:
        return "partial"
    return "poor"


def cap_points(max_points: int, cap: str) -> int:
    """The most points a reply capped at ``cap`` (poor or partial) can keep: just below the next band."""
    fraction = PARTIAL_FRACTION if cap == POOR else GOOD_FRACTION
    return math.ceil(fraction * max_points) - 1


def _margin(score: float, max_points: int) -> int:
    """How many one-point criteria would have to change to move the score into another band."""
    band = band_of(score, max_points)
    steps = [k for k in range(1, max_points + 1) if band_of(score + k, max_points) != band and score + k <= max_points]
    steps += [k for k in range(1, max_points + 1) if score - k >= 0 and band_of(score - k, max_points) != band]
    return min(steps, default=max_points)


def check_rewrite(
    text: str,
    rubric: list[dict[str, Any]],
    original: str = "",
    min_words: int = 8,
    advice: dict[str, str] | None = None,
    overall: bool = False,
    model_answer: str = "",
) -> RubricResult:
    """Run every rubric check against a plain-text reply, then the detectors, and cap the score.

    Typographic apostrophes (as phones and word processors type them) are read as plain ones, so
    "I’m" counts as one word and matches the same patterns as "I'm". A reply longer than
    ``MAX_REWRITE_CHARS`` is cut to that length first (the comparison with the original reply is
    quadratic in the length, and each pattern is run over the whole reply). A reply not in English
    is not scored: it is routed to the educator (``review``), because English patterns would call
    a good reply in Welsh poor. Each detector that fires (:mod:`tic_course.checkpoints.detectors`)
    is listed with its evidence and caps the score below the next band; ``advice`` is the
    scenario's better wording for a detector, shown with its finding.

    With ``overall``, the overall reading (:mod:`tic_course.checkpoints.band_model`, which also
    weighs closeness in meaning to ``model_answer``) may then move the band one step, never above a
    finding's cap; the score moves to the nearest points inside that band, and the report says so.
    The scenario validator's calibration leaves it off: it checks the criteria themselves.
    """
    if overall and not model_answer.strip():
        raise ValueError("the overall reading needs the scenario's model answer (model_answer)")
    cut_from = len(text) if len(text) > MAX_REWRITE_CHARS else 0
    text = text[:MAX_REWRITE_CHARS].replace("\u2019", "'").replace("\u2018", "'")
    max_points = sum(int(c["points"]) for c in rubric)
    tokens = words(text)
    if len(tokens) < min_words:
        note = f"Your rewrite has {len(tokens)} word(s); write at least {min_words} so there is enough to assess."
        return RubricResult(0.0, max_points, note=note, cut_from=cut_from)
    if not detectors.reads_as_english(text):
        return RubricResult(0.0, max_points, note=NOT_ENGLISH, cut_from=cut_from, review=True)
    checks = []
    for c in rubric:
        evidence, earned = "", 0
        if "any_of" in c:
            hit = _first_match(c["any_of"], text)
            evidence, earned = (hit, int(c["points"])) if hit else ("", 0)
        if "none_of" in c and ("any_of" not in c or earned):
            bad = _first_match(c["none_of"], text, skip_negated=True)
            if bad:
                evidence, earned = bad, 0
            elif "any_of" not in c:
                earned = int(c["points"])
        checks.append(CheckResult(c["id"], c["description"], int(c["points"]), earned, evidence, c["hint"]))
    harms = [p for c in rubric for p in c.get("none_of", [])]
    essential = [
        Finding(
            "essential-missing",
            "An essential point is missing",
            c.description,
            PARTIAL,
            "the scenario marks this point as essential, so without it the reply cannot count as good",
            quoted=False,
        )
        for c, spec in zip(checks, rubric, strict=True)
        if spec.get("essential") and not c.earned
    ]
    found = essential + [
        f
        for f in (
            detectors.copied_original(text, original),
            detectors.false_reassurance(text),
            detectors.validate_then_dismiss(text, harms),
            detectors.sarcasm(text),
            detectors.pressure(text),
            detectors.keyword_stuffing(text),
            detectors.incoherent(text),
        )
        if f
    ]
    result = scored(checks, found, max_points, cut_from=cut_from, advice=advice)
    if overall:
        _apply_overall(result, text, original, model_answer)
    return result


def scored(
    checks: list[CheckResult],
    found: list[Finding],
    max_points: int,
    cut_from: int = 0,
    advice: dict[str, str] | None = None,
) -> RubricResult:
    """The score from what the criteria and detectors found, by today's rules: the points earned,
    capped below the next band by each finding. Kept apart from the matching so the overall
    reading can be trained on old readings scored by the same rules (tools.train_band_model)."""
    raw = float(sum(c.earned for c in checks))
    # False reassurance is a minor add-on when the rest of the reply does the job (the guide's
    # partial): every criterion, or all but one, met. With more missing, it is what the person
    # hears (poor). On the development replies with false reassurance and one criterion missing,
    # educators said partial 15 times and poor 13 (2026-12-07), so one missing no longer makes it poor.
    found = [replace(f, cap=POOR) if f.id == "false-reassurance" and raw < max_points - 1 else f for f in found]
    score = min([raw, *(float(cap_points(max_points, f.cap)) for f in found)])
    return RubricResult(
        score, max_points, checks, cut_from=cut_from, findings=found, raw_score=raw, advice=advice or {},
        criteria_score=score,
    )


def _apply_overall(result: RubricResult, text: str, original: str, model_answer: str) -> None:
    """Let the overall reading move the band (one step, never above a cap) and the score with it."""
    cap = min((f.cap for f in result.findings), key=band_model.BANDS.index, default="good")
    criteria_band = band_of(result.score, result.max_points)
    model = band_model.shipped_model()
    probabilities = model.probabilities(band_model.reply_features(result, criteria_band, text, original, model_answer))
    result.overall = band_model.overall_reading(criteria_band, cap, probabilities, model.move_at)
    result.score = float(points_in_band(result.score, result.max_points, result.overall.band))


def points_in_band(score: float, max_points: int, band: str) -> float:
    """``score`` if it is already in ``band``, else the nearest whole points inside it."""
    if band_of(score, max_points) == band:
        return score
    lowest = {
        "poor": 0,
        "partial": math.ceil(PARTIAL_FRACTION * max_points),
        "good": math.ceil(GOOD_FRACTION * max_points),
    }
    highest = {"poor": cap_points(max_points, POOR), "partial": cap_points(max_points, PARTIAL), "good": max_points}
    return float(lowest[band] if score < lowest[band] else highest[band])


# A word that negates what follows it in the same clause, within five words: "I can't promise
# it stays between us" is honest, "it stays between us" is a promise nobody can keep.
NEGATED = re.compile(
    r"\b(not|never|no one|nobody(?:'s)?|can'?t|cannot|won'?t|wouldn'?t|don'?t|isn'?t|without)(\s+[\w']+){0,5}\s*$",
    flags=re.IGNORECASE,
)


def _first_match(patterns: list[str], text: str, skip_negated: bool = False) -> str:
    """The first words matching any pattern; with ``skip_negated``, a negated match does not count."""
    for pattern in patterns:
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            if skip_negated and NEGATED.search(text[max(0, m.start() - 60) : m.start()]):
                continue
            return m.group(0).strip()
    return ""


def pattern_cost_problem(pattern: str) -> str:
    """Why ``pattern`` could take too long on a hostile reply, or "" when its cost is bounded.

    Python's regular expressions backtrack, so a pattern's worst case depends on its shape, not
    on the reply. Refused: a repeat inside a repeat (``(a+)+``) and a repeated group of
    alternatives (``(a|ab)+``), both exponential; more than one open-ended repeat on one path
    through the pattern (``.*a.*b``, a higher power of the reply's length); and a bounded repeat
    wider than ``MAX_BOUNDED_REPEAT``. What remains costs at most about length x length x the
    product of the bounds, which on a reply cut to ``MAX_REWRITE_CHARS`` is milliseconds.
    Write ``.{0,40}`` rather than ``.*``. Raises ``re.error`` for a pattern that is not valid.
    """
    problem, unbounded = _walk(re_parser.parse(pattern), in_repeat=False)
    if not problem and unbounded > 1:
        problem = (
            f"{unbounded} open-ended repeats (*, + or {{n,}}) in a row; keep one and bound the others, e.g. .{{0,40}}"
        )
    return problem


def _walk(items: Any, *, in_repeat: bool) -> tuple[str, int]:
    """(problem, the most open-ended repeats on one path) for a parsed (sub)pattern."""
    total = 0
    for op, av in items:
        problem, count = "", 0
        if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
            _, high, body = av
            if in_repeat and high > 1:
                return "a repeat inside a repeat (such as (a+)+) can take exponential time; remove one of them", 0
            if high > MAX_BOUNDED_REPEAT and high != MAXREPEAT:
                return f"a repeat of up to {high} is too wide; use at most {{0,{MAX_BOUNDED_REPEAT}}}", 0
            if high > 1 and _has_branch(body):
                return "a repeated group of alternatives (such as (a|ab)+) can take exponential time", 0
            problem, count = _walk(body, in_repeat=high > 1)
            count += high == MAXREPEAT
        elif op is SUBPATTERN:
            problem, count = _walk(av[3], in_repeat=in_repeat)
        elif op is BRANCH:
            found = [_walk(b, in_repeat=in_repeat) for b in av[1]]
            problem = next((p for p, _ in found if p), "")
            count = max(c for _, c in found)
        elif op in (ASSERT, ASSERT_NOT):
            problem, count = _walk(av[1], in_repeat=in_repeat)
        elif op is ATOMIC_GROUP:
            problem, count = _walk(av, in_repeat=in_repeat)
        elif op is GROUPREF_EXISTS:
            found = [_walk(b, in_repeat=in_repeat) for b in av[1:] if b is not None]
            problem = next((p for p, _ in found if p), "")
            count = max(c for _, c in found)
        if problem:
            return problem, 0
        total += count
    return "", total


def _has_branch(items: Any) -> bool:
    for op, av in items:
        if op is BRANCH:
            return True
        if op is SUBPATTERN and _has_branch(av[3]):
            return True
    return False
