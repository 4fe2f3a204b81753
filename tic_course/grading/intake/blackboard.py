"""Blackboard Learn: the file names in an "Assignment File Download" zip.

Example: ``Years of dismissal_jsmith_attempt_2026-03-01-14-05-09_years-of-dismissal.ipynb``: the
assignment's name, the learner's Blackboard username, the attempt's date and time (year, month,
day, hour, minute, second: used as the submission time) and the name the learner uploaded.

Where Blackboard shows it: Grade Center, the assignment column's menu, "Assignment File Download"
(Original Course View; help.blackboard.com, "Download assignments"). Blackboard is not open source
and its help does not spell the names out; this form is what the downloads contain, and what
tools that sort them (e.g. the BBGradebookOrganiser scripts) parse.
"""

from __future__ import annotations

from tic_course.grading.intake.lms_patterns import LmsPattern

BLACKBOARD = LmsPattern("blackboard", r"(?P<assignment_name>[^/]+)_(?P<learner>[^_/]+)_attempt_"
                                      r"(?P<attempt>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_(?P<filename>[^/]+)")
