"""The timed running order of a workshop, from the chosen modules' and scenarios' minutes.

A role play needs a pre-brief, the scenario's own playing time and a debrief at least as long as
the play (a rushed debrief is where learning and safety are lost), so the plan is computed, not
typed: change the scenarios and the timings follow. A plan that does not fit its length is an
error, never a silently squeezed debrief.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

#: Minutes available, and the fixed blocks, for each length of session.
LENGTHS = {
    "huddle-1h": {"label": "1-hour ward huddle", "minutes": 60, "opening": 5, "input": 5, "brief": 3, "close": 5,
                  "min_debrief": 10, "breaks": []},
    "half-day": {"label": "half day", "minutes": 210, "opening": 20, "input": 15, "brief": 5, "close": 15,
                 "min_debrief": 15, "breaks": [("Break", 15)]},
    "full-day": {"label": "full day", "minutes": 420, "opening": 25, "input": 25, "brief": 5, "close": 20,
                 "min_debrief": 20, "breaks": [("Break", 15), ("Lunch", 45), ("Break", 15)]},
}


@dataclass(frozen=True)
class Slot:
    """One line of the running order."""

    start: datetime
    minutes: int
    activity: str
    module: str | None  # chapter id whose CPD time this slot counts towards; None: shared or break
    learning: bool  # counts towards CPD time (breaks do not)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


class PlanError(ValueError):
    """The chosen modules and scenarios do not fit the session's length."""


def _module_blocks(length: str, modules: list[tuple[str, str, list[tuple[str, int]]]]) -> list[list[tuple]]:
    """Per module: (minutes, activity, module) rows for its input and each scenario's role play."""
    spec = LENGTHS[length]
    out = []
    for chapter_id, chapter_title, scenarios in modules:
        rows = [(spec["input"], f"Input: {chapter_title}", chapter_id)]
        for title, minutes in scenarios:
            rows.append((spec["brief"], f"Pre-brief for role play: {title}", chapter_id))
            rows.append((minutes, f"Role play in threes: {title}", chapter_id))
            rows.append((max(spec["min_debrief"], minutes), f"Debrief in stages: {title}", chapter_id))
        out.append(rows)
    return out


def needed_minutes(length: str, modules: list[tuple[str, str, list[tuple[str, int]]]]) -> int:
    """Minutes the plan needs, breaks included."""
    spec = LENGTHS[length]
    body = sum(m for rows in _module_blocks(length, modules) for m, _, _ in rows)
    return spec["opening"] + body + spec["close"] + sum(m for _, m in spec["breaks"])


def running_order(start: datetime, length: str, modules: list[tuple[str, str, list[tuple[str, int]]]]) -> list[Slot]:
    """The timed plan. ``modules`` is [(chapter id, chapter title, [(scenario title, minutes)])].

    Breaks are placed between modules (or between role plays when there is one module) as close
    as possible to evenly through the session; spare minutes become a final open-discussion slot.
    """
    spec = LENGTHS[length]
    need = needed_minutes(length, modules)
    if need > spec["minutes"]:
        raise PlanError(
            f"the modules and scenarios need {need} minutes but a {spec['label']} allows {spec['minutes']}: "
            "choose fewer scenarios or a longer session"
        )
    rows: list[tuple] = [(spec["opening"], "Welcome, ground rules and setting the container", None)]
    chunks = _module_blocks(length, modules)
    # Split at module boundaries, or after each debrief when a single module fills the session.
    first = chunks[0]
    units = chunks if len(chunks) > 1 else [first[:4], *[first[i : i + 3] for i in range(4, len(first), 3)]]
    breaks = list(spec["breaks"])
    gaps = len(units) - 1
    places = {round((i + 1) * (gaps + 1) / (len(breaks) + 1)) for i in range(len(breaks))} if breaks and gaps else set()
    for i, unit in enumerate(units):
        rows.extend(unit)
        if i + 1 in places and breaks:
            name, minutes = breaks.pop(0)
            rows.append((minutes, name, "break"))
    for name, minutes in breaks:  # more breaks than gaps: before the close
        rows.append((minutes, name, "break"))
    spare = spec["minutes"] - need
    if spare:
        rows.append((spare, "Open discussion: questions, phrases to use and to avoid (handouts)", None))
    rows.append((spec["close"], "Close: one change each, where to find support, feedback", None))
    slots, at = [], start
    for minutes, activity, module in rows:
        slot = Slot(at, minutes, activity, None if module == "break" else module, module != "break")
        slots.append(slot)
        at = slot.end
    return slots


def cpd_minutes(slots: list[Slot], module_ids: list[str]) -> dict[str, int]:
    """Learning minutes per module; shared time (opening, discussion, close) is shared evenly.

    The figures add up to the whole session's learning time, so a training record summed over
    modules matches the certificate's CPD hours.
    """
    own = {m: sum(s.minutes for s in slots if s.module == m) for m in module_ids}
    shared = sum(s.minutes for s in slots if s.learning and s.module is None)
    share, extra = divmod(shared, len(module_ids))
    return {m: own[m] + share + (1 if i < extra else 0) for i, m in enumerate(module_ids)}
