"""The cue audit: can a learner find the key without reading? Measured on what learners see.

A hospital counts these grades as evidence of training, so a test-wise habit (always the first
reply, always B, always the longest) must not pay. The audit takes every item as displayed (the
presented order and the displayed text) and measures, per item type and over the whole bank:

* **key positions**: how many keys sit at each displayed position, against the position's *fair
  share* (the sum over items of k/n, for items with more than p options, where k of the n
  options are keys). A position FAILS when it holds more than ``POSITION_LIMIT`` times its fair
  share *and* more than the whole number just above its fair share: a perfectly balanced bank
  cannot do better than that rounding (five items over four positions put two keys somewhere);
* **key longest**: the share of items whose longest displayed option (by characters) is a key
  (ties share the credit), against chance (the mean of k/n). FAILS above ``LONGEST_LIMIT`` times
  chance. Ordering steps are all part of the answer, so they have no length cue and are left out;
* **key first**: the share of items whose first displayed option is a key, against chance.
  FAILS above ``FIRST_LIMIT`` times chance.

Every rule applies to each item type and to the whole bank; ``tic-course validate`` prints the
table and exits non-zero, naming the items, when any rule fails.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tic_course.checkpoints import kind_of
from tic_course.checkpoints.lettered import OPTION_LETTERS, LetteredKind, option_id
from tic_course.scenario.presentation import CONVERSATION, Presentation, present

POSITION_LIMIT = 1.5  # a position may hold at most 1.5x its fair share of keys
LONGEST_LIMIT = 1.5  # the key may be the longest option at most 1.5x as often as chance
FIRST_LIMIT = 1.5  # the key (or helpful reply) may be shown first at most 1.5x as often as chance
ALL = "whole bank"
NAMED = 8  # how many items a failure names before "and N more"


@dataclass(frozen=True)
class Shown:
    """One item as displayed: its option texts in order and which of them are keys."""

    group: str  # item type: a checkpoint kind, "conversation", a knowledge-check kind
    label: str  # "scenario: checkpoint" or "chapter: check", for messages
    texts: tuple[str, ...]
    keyed: tuple[bool, ...]
    length_cue: bool = True  # False when every option belongs in the answer (ordering)

    @property
    def chance(self) -> float:
        return sum(self.keyed) / len(self.keyed)

    def longest_share(self) -> float:
        lengths = [len(t) for t in self.texts]
        tied = [i for i, n in enumerate(lengths) if n == max(lengths)]
        return sum(self.keyed[i] for i in tied) / len(tied)


@dataclass
class Row:
    """The figures of one item type (or the whole bank)."""

    group: str
    items: list[Shown]
    counts: list[int] = field(default_factory=list)
    fair: list[float] = field(default_factory=list)
    longest: float = math.nan
    longest_chance: float = math.nan
    first: float = math.nan
    first_chance: float = math.nan

    def __post_init__(self) -> None:
        width = max(len(s.texts) for s in self.items)
        self.counts = [sum(s.keyed[p] for s in self.items if p < len(s.texts)) for p in range(width)]
        self.fair = [sum(s.chance for s in self.items if p < len(s.texts)) for p in range(width)]
        lengthy = [s for s in self.items if s.length_cue]
        if lengthy:
            self.longest = sum(s.longest_share() for s in lengthy) / len(lengthy)
            self.longest_chance = sum(s.chance for s in lengthy) / len(lengthy)
        self.first = sum(s.keyed[0] for s in self.items) / len(self.items)
        self.first_chance = sum(s.chance for s in self.items) / len(self.items)

    def over_share(self) -> list[int]:
        """Positions holding too many keys (see the module docstring)."""
        return [
            p
            for p, (n, fair) in enumerate(zip(self.counts, self.fair, strict=True))
            if n > POSITION_LIMIT * fair and n > math.ceil(fair)
        ]


@dataclass
class Audit:
    rows: list[Row]
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures


def _names(items: Iterable[Shown]) -> str:
    labels = [s.label for s in items]
    more = f" and {len(labels) - NAMED} more" if len(labels) > NAMED else ""
    return ", ".join(labels[:NAMED]) + more


def audit(shown: list[Shown]) -> Audit:
    """Figures per item type and over the whole bank, and every rule that fails."""
    groups = sorted({s.group for s in shown})
    rows = [Row(g, [s for s in shown if s.group == g]) for g in groups]
    if len(rows) > 1:
        rows.append(Row(ALL, list(shown)))
    failures = []
    for row in rows:
        for p in row.over_share():
            at = [s for s in row.items if p < len(s.texts) and s.keyed[p]]
            failures.append(
                f"{row.group}: position {OPTION_LETTERS[p]} holds {row.counts[p]} keys, more than "
                f"{POSITION_LIMIT}x its fair share of {row.fair[p]:.1f}: {_names(at)}"
            )
        if not math.isnan(row.longest) and row.longest > LONGEST_LIMIT * row.longest_chance:
            longest = [s for s in row.items if s.length_cue and s.longest_share() > 0]
            failures.append(
                f"{row.group}: the key is the longest option in {row.longest:.0%} of items, more than "
                f"{LONGEST_LIMIT}x chance ({row.longest_chance:.0%}): {_names(longest)}"
            )
        if row.first > FIRST_LIMIT * row.first_chance:
            first = [s for s in row.items if s.keyed[0]]
            failures.append(
                f"{row.group}: the key is shown first in {row.first:.0%} of items, more than "
                f"{FIRST_LIMIT}x chance ({row.first_chance:.0%}): {_names(first)}"
            )
    return Audit(rows, failures)


def table(result: Audit) -> str:
    """The figures as a plain-text table (console output; learner text never appears in it)."""
    spread = "keys by position A, B, C... (fair share)"
    head = f"{'item type':<30} {'items':>5}  {spread:<58} {'longest':>13} {'first':>13}"
    lines = [head, "-" * len(head)]
    for r in result.rows:
        spread = " ".join(f"{n}({f:.1f})" for n, f in zip(r.counts, r.fair, strict=True))
        longest = "n/a" if math.isnan(r.longest) else f"{r.longest:.0%} ({r.longest_chance:.0%})"
        first = f"{r.first:.0%} ({r.first_chance:.0%})"
        lines.append(f"{r.group:<30} {len(r.items):>5}  {spread:<58} {longest:>13} {first:>13}")
    lines.append("longest/first: share of items whose key is the longest/first option (chance in brackets)")
    return "\n".join(lines)


def scenario_shown(scenarios: Iterable[dict[str, Any]], presentation: Presentation | None) -> list[Shown]:
    """Every lettered checkpoint and every reply turn of the scenarios, as displayed."""
    out = []
    for scenario in scenarios:
        shown = present(scenario, presentation)
        sid = shown["id"]
        for item in shown["checkpoints"]:
            kind = kind_of(item)
            if not isinstance(kind, LetteredKind):
                continue
            entries = item[kind.listed]
            keys = set(kind.keyed(item))
            out.append(
                Shown(
                    item["type"],
                    f"{sid}: {item['id']}",
                    tuple(e["text"].strip() for e in entries),
                    tuple(option_id(e) in keys for e in entries),
                    length_cue=kind.distractor_analysis,
                )
            )
        for node in shown["conversation"]["nodes"]:
            replies = node.get("responses", [])
            if len(replies) >= 2:
                out.append(
                    Shown(
                        CONVERSATION,
                        f"{sid}: {node['id']}",
                        tuple(r["say"].strip() for r in replies),
                        tuple(r["quality"] == "helpful" for r in replies),
                    )
                )
    return out
