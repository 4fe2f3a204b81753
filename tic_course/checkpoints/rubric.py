"""Transparent rubric checks for free-text rewrites.

The checker looks for observable features of a reply (does it name the feeling? does it avoid
minimising words?) with regular expressions an educator can read in the scenario file. It is a
first pass, not a judge: it cannot tell sincere from sarcastic, and it can miss the right idea in
unusual words. So every result says what was found, what was missing, and that the educator's
own reading decides the mark.

The reply is the learner's, so its cost is bounded: only the first ``MAX_REWRITE_CHARS`` (2,000)
characters are checked, with a note (a 2 MB reply took 18.5 s before), and every pattern must
pass :func:`pattern_cost_problem` when the scenario is validated, so no pattern can backtrack
exponentially (``(a+)+``) or polynomially without bound (``.*a.*b``) on hostile text.
"""

from __future__ import annotations

import difflib
import re
import re._parser as re_parser  # the parser re.compile itself uses, so patterns are read exactly as run
from dataclasses import dataclass, field
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

from tic_course.runtime.answers import words

CAVEAT = (
    "This is an automatic first reading. It looks for patterns, so it can miss a good reply "
    "written in unusual words, and it cannot hear tone. Your educator reads every rewrite "
    "and decides the final mark."
)

MAX_REWRITE_CHARS = 2_000  # a reply to a patient is a few sentences; the rest is not checked
MAX_BOUNDED_REPEAT = 200  # the widest bounded repeat a rubric pattern may use, e.g. .{0,200}

# Frequent English function words: if almost none appear, the reply is probably in another
# language and the pattern checks would be meaningless.
ENGLISH_MARKERS = frozenset(
    [
        "i",
        "you",
        "we",
        "it",
        "is",
        "are",
        "was",
        "the",
        "a",
        "an",
        "and",
        "to",
        "of",
        "that",
        "this",
        "what",
        "how",
        "can",
        "would",
        "will",
        "with",
        "for",
        "your",
        "my",
        "me",
        "be",
        "do",
        "not",
        "have",
        "about",
        "so",
        "if",
        "there",
        "here",
    ]
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

    def report(self) -> str:
        """Feedback for the learner: what was found, what was missing, and the caveat."""
        lines = [f"Rubric check: {self.score:g} of {self.max_points} points."]
        if self.cut_from:
            lines.append(
                f"Your rewrite has {self.cut_from} characters; only the first {MAX_REWRITE_CHARS} were checked."
            )
        if self.note:
            lines.append(self.note)
        for c in self.checks:
            if c.earned:
                seen = f" (found: \u201c{c.evidence}\u201d)" if c.evidence else ""
                lines.append(f"  \u2713 {c.description}{seen}")
            else:
                why = f" (found: \u201c{c.evidence}\u201d)" if c.evidence else ""
                lines.append(f"  \u2717 {c.description}{why}. {c.hint}")
        lines.append(CAVEAT)
        return "\n".join(lines)


def check_rewrite(text: str, rubric: list[dict[str, Any]], original: str = "", min_words: int = 8) -> RubricResult:
    """Run every rubric check against a plain-text reply.

    Typographic apostrophes (as phones and word processors type them) are read as plain ones, so
    "I’m" counts as one word and matches the same patterns as "I'm". A reply longer than
    ``MAX_REWRITE_CHARS`` is cut to that length first (the comparison with the original reply is
    quadratic in the length, and each pattern is run over the whole reply).
    """
    cut_from = len(text) if len(text) > MAX_REWRITE_CHARS else 0
    text = text[:MAX_REWRITE_CHARS].replace("\u2019", "'").replace("\u2018", "'")
    max_points = sum(int(c["points"]) for c in rubric)
    tokens = words(text)
    if len(tokens) < min_words:
        note = f"Your rewrite has {len(tokens)} word(s); write at least {min_words} so there is enough to assess."
        return RubricResult(0.0, max_points, note=note, cut_from=cut_from)
    if original and difflib.SequenceMatcher(None, text.lower().strip(), original.lower().strip()).ratio() > 0.85:
        note = "Your rewrite is almost the same as the original reply."
        return RubricResult(0.0, max_points, note=note, cut_from=cut_from)
    if sum(w in ENGLISH_MARKERS for w in tokens) / len(tokens) < 0.12:
        note = "The automatic check reads English only and could not assess this reply; your educator will read it."
        return RubricResult(0.0, max_points, note=note, cut_from=cut_from)
    checks = []
    for c in rubric:
        evidence, earned = "", 0
        if "any_of" in c:
            hit = _first_match(c["any_of"], text)
            evidence, earned = (hit, int(c["points"])) if hit else ("", 0)
        if "none_of" in c and ("any_of" not in c or earned):
            bad = _first_match(c["none_of"], text)
            if bad:
                evidence, earned = bad, 0
            elif "any_of" not in c:
                earned = int(c["points"])
        checks.append(CheckResult(c["id"], c["description"], int(c["points"]), earned, evidence, c["hint"]))
    return RubricResult(float(sum(c.earned for c in checks)), max_points, checks, cut_from=cut_from)


def _first_match(patterns: list[str], text: str) -> str:
    for pattern in patterns:
        m = re.search(pattern, text, flags=re.IGNORECASE)
        if m:
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
