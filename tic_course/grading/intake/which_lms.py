"""One download is one LMS: which one, decided from the files before any file is used.

Every LMS writes every name of its download one way. A download whose files fit two LMSs is two
downloads mixed by hand, or a learner's file built to look like another LMS's name; either way
reading it file by file would let one name decide another learner's identity. So the whole
download is refused, naming the files that fit each LMS, and nothing is placed.

A file whose name fits more than one LMS (a Canvas file whose learner-chosen end looks like a
Blackboard attempt, say) says nothing about the download: it does not vote, and it is read with
the LMS the other files agree on. Only when no file decides is such a name ambiguous, and it is
rejected rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tic_course.grading.intake.download import Entry
from tic_course.grading.intake.lms_patterns import LmsPattern
from tic_course.grading.intake.outcome import IntakeError

SHOWN_NAMES = 5  # file names listed per LMS when a mixed download is refused


@dataclass
class LmsChoice:
    """The download's LMS (None: not LMS-named, read as an nbgrader tree) and undecided files."""

    pattern: LmsPattern | None
    fits: dict[tuple[str, ...], list[LmsPattern]] = field(default_factory=dict)

    def fitting(self, parts: tuple[str, ...]) -> list[LmsPattern]:
        """Every pattern this file's name fits (empty when none)."""
        return self.fits.get(parts, [])


def choose_lms(entries: list[Entry], patterns: list[LmsPattern]) -> LmsChoice:
    """Decide the download's LMS, or raise IntakeError for a download mixing two LMSs."""
    fits: dict[tuple[str, ...], list[LmsPattern]] = {}
    deciding: dict[str, list[str]] = {}
    for entry in entries:
        if entry.unsafe or not entry.parts:
            continue
        matched = [p for p in patterns if p.match(entry.parts)]
        if not matched:
            continue
        fits[entry.parts] = matched
        if len({p.name for p in matched}) == 1:
            deciding.setdefault(matched[0].name, []).append(entry.display)
    if len(deciding) > 1:
        listed = "; ".join(
            f"{name}: {', '.join(names[:SHOWN_NAMES])}"
            + (f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else "")
            for name, names in sorted(deciding.items()))
        raise IntakeError(
            f"this download mixes the file names of {len(deciding)} LMSs ({listed}). One "
            "download comes from one LMS, so nothing was placed: take in each LMS's download "
            "on its own")
    if deciding:
        [name] = deciding
        return LmsChoice(next(p for p in patterns if p.name == name), fits)
    return LmsChoice(None, fits)
