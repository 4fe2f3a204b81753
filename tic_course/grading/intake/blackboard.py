"""Blackboard Learn: the file names in an "Assignment File Download" zip.

Example: ``Years of dismissal_jsmith_attempt_2026-03-01-14-05-09_years-of-dismissal.ipynb``: the
assignment's name, the learner's Blackboard username, the attempt's date and time (year, month,
day, hour, minute, second: used as the submission time) and the name the learner uploaded.

Where Blackboard shows it: in the download itself, made from the Grade Center (Original Course
View: the assignment column's menu, "Assignment File Download"). Blackboard Learn is not open
source, and we found no page of its help that spells the names out; this form is what such
downloads contain and what tools that sort them match (e.g. vangef's BBGradebookOrganiser).
"""

from __future__ import annotations

from tic_course.grading.intake.lms_patterns import LmsPattern

BLACKBOARD = LmsPattern("blackboard", r"(?P<assignment_name>[^/]+)_(?P<learner>[^_/]+)_attempt_"
                                      r"(?P<attempt>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_(?P<filename>[^/]+)")
