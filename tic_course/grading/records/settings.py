"""The training record's settings, as nbgrader-style traitlets in the course's nbgrader_config.py.

A hospital's learning-management system matches rows by its own course and module codes and
decides "passed" by its own threshold, so these are the educator's to set, e.g.::

    c.TrainingRecord.course_code = "TIC-2027"
    c.TrainingRecord.module_codes = {"consent": "TIC-CONSENT"}
    c.TrainingRecord.pass_marks = {"consent": 90}
    c.TrainingRecord.timezone = "Europe/London"
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from traitlets import Dict, Float, TraitError, Unicode, validate
from traitlets.config import Configurable

from tic_course.grading.report.writer import DEFAULT_PASS_MARK  # one default for the report and the record

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""A course or module code: it names a file (``not_submitted/<code>.csv``) and an HR field."""


class TrainingRecord(Configurable):
    """Codes, pass marks and time zone of the training record (``tic-course records``)."""

    course_code = Unicode(
        "", help="The course code in every row; empty means nbgrader's c.CourseDirectory.course_id."
    ).tag(config=True)
    module_codes = Dict(
        {}, help="{chapter id: module code}; a chapter not named here is recorded under its own id."
    ).tag(config=True)
    pass_marks = Dict({}, help="{chapter id: pass mark in percent} for modules that differ from the default.").tag(
        config=True
    )
    default_pass_mark = Float(
        DEFAULT_PASS_MARK, help="The pass mark in percent of a module not named in pass_marks."
    ).tag(config=True)
    timezone = Unicode(
        "Europe/London", help="IANA time zone of 'date_completed' (written in ISO 8601 with its offset)."
    ).tag(config=True)

    @validate("module_codes")
    def _codes(self, proposal: dict) -> dict:
        for chapter, code in proposal["value"].items():
            if not isinstance(code, str) or not CODE.fullmatch(code):
                raise TraitError(f"c.TrainingRecord.module_codes[{chapter!r}] = {code!r}: use letters, digits, "
                                 "'.', '_' or '-' (up to 64), starting with a letter or digit")
        return proposal["value"]

    @validate("pass_marks")
    def _marks(self, proposal: dict) -> dict:
        for chapter, mark in proposal["value"].items():
            if isinstance(mark, bool) or not isinstance(mark, int | float) or not 0 <= mark <= 100:
                raise TraitError(f"c.TrainingRecord.pass_marks[{chapter!r}] = {mark!r}: a percentage from 0 to 100")
        return proposal["value"]

    @validate("default_pass_mark")
    def _default_mark(self, proposal: dict) -> float:
        if not 0 <= proposal["value"] <= 100:
            raise TraitError(f"c.TrainingRecord.default_pass_mark = {proposal['value']}: a percentage from 0 to 100")
        return proposal["value"]

    @validate("timezone")
    def _zone(self, proposal: dict) -> str:
        try:
            ZoneInfo(proposal["value"])
        except (ZoneInfoNotFoundError, ValueError):
            raise TraitError(f"c.TrainingRecord.timezone = {proposal['value']!r}: not an IANA time zone "
                             "such as 'Europe/London'") from None
        return proposal["value"]

    @validate("course_code")
    def _course(self, proposal: dict) -> str:
        if proposal["value"] and not CODE.fullmatch(proposal["value"]):
            raise TraitError(f"c.TrainingRecord.course_code = {proposal['value']!r}: use letters, digits, '.', '_' "
                             "or '-'")
        return proposal["value"]

    def code(self, chapter: str) -> str:
        return self.module_codes.get(chapter, chapter)

    def pass_mark(self, chapter: str) -> float:
        return float(self.pass_marks.get(chapter, self.default_pass_mark))
