"""What intake reports: notebooks placed, files rejected with a reason, or an IntakeError.

These types live apart from ``intake()`` so that every step (reading the download, resolving
learners, checking notebooks, placing them) can raise or record them without importing the
orchestration that calls it, which would be an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IntakeError(Exception):
    """Intake cannot start at all (no such source, no released notebooks): a user error."""


class Unusable(Exception):
    """One file (or the whole download) cannot be used; the message is the reason shown.

    A step raises it instead of returning a reason so that the checks can be written in the
    order they must run, each stopping the file at the first problem it finds.
    """

    @property
    def reason(self) -> str:
        return str(self.args[0])


@dataclass
class Rejected:
    """A file that was not placed, and why, in words the educator can act on."""

    source: str
    reason: str


@dataclass
class IntakeResult:
    """Everything one intake run did, so the CLI and the pipeline can report it in full."""

    placed: list[tuple[str, str, Path]] = field(default_factory=list)  # learner, assignment, dest
    rejected: list[Rejected] = field(default_factory=list)
    skipped_unchanged: int = 0
