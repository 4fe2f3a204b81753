"""Transparent rubric checks for free-text rewrites.

The checker looks for observable features of a reply (does it name the feeling? does it avoid
minimising words?) with regular expressions an educator can read in the scenario file. It is a
first pass, not a judge: it cannot tell sincere from sarcastic, and it can miss the right idea in
unusual words. So every result says what was found, what was missing, and that the educator's
own reading decides the mark.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from tic_course.runtime.answers import words

CAVEAT = (
    "This is an automatic first reading. It looks for patterns, so it can miss a good reply "
    "written in unusual words, and it cannot hear tone. Your educator reads every rewrite "
    "and decides the final mark."
)

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

    def report(self) -> str:
        """Feedback for the learner: what was found, what was missing, and the caveat."""
        lines = [f"Rubric check: {self.score:g} of {self.max_points} points."]
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
    "I’m" counts as one word and matches the same patterns as "I'm".
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    max_points = sum(int(c["points"]) for c in rubric)
    tokens = words(text)
    if len(tokens) < min_words:
        note = f"Your rewrite has {len(tokens)} word(s); write at least {min_words} so there is enough to assess."
        return RubricResult(0.0, max_points, note=note)
    if original and difflib.SequenceMatcher(None, text.lower().strip(), original.lower().strip()).ratio() > 0.85:
        return RubricResult(0.0, max_points, note="Your rewrite is almost the same as the original reply.")
    if sum(w in ENGLISH_MARKERS for w in tokens) / len(tokens) < 0.12:
        note = "The automatic check reads English only and could not assess this reply; your educator will read it."
        return RubricResult(0.0, max_points, note=note)
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
    return RubricResult(float(sum(c.earned for c in checks)), max_points, checks)


def _first_match(patterns: list[str], text: str) -> str:
    for pattern in patterns:
        m = re.search(pattern, text, flags=re.IGNORECASE)
        if m:
            return m.group(0).strip()
    return ""
