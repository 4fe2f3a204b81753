"""Blackboard Learn: the file names in an "Assignment File Download" zip.

Example: ``Years of dismissal_jsmith_attempt_2026-03-01-14-05-09_years-of-dismissal.ipynb``: the
assignment's name, the learner's Blackboard username, the attempt's date and time (year, month,
day, hour, minute, second: the submission time, which orders a learner's attempts) and the name
the learner uploaded. Every file sits at the top of the zip.

Where Blackboard shows it: in the download itself, made from the Grade Center (Original Course
View: the assignment column's menu, "Assignment File Download"). Blackboard Learn is not open
source, and we found no page of its help that spells the names out; this form is what such
downloads contain and what tools that sort them match (e.g. vangef's BBGradebookOrganiser).

Reading it: the learner chooses only the file name at the end, so the name is read from the
left, and the first ``_attempt_<six numbers>_`` is the anchor (non-greedy: a learner's file
called ``x_attempt_2030-01-01-00-00-00_y.ipynb`` stays part of the file name). The username is
the part just before the anchor. When the assignment name or the username itself holds ``_``,
the split between them is unknown: the name is also read with the assignment name ending at the
first ``_`` (``rival``), and a file the two readings give to different learners is rejected as
ambiguous. Such a course needs its own pattern with the assignment name written out, e.g.
``c.GradingPipeline.lms_patterns = {"bb": r"Week_1_(?P<learner>[^/]+?)_attempt_..."}``.
"""

from __future__ import annotations

from tic_course.grading.intake.lms_patterns import LmsPattern

_TAIL = r"_attempt_(?P<attempt>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_(?P<filename>[^/]+)"
BLACKBOARD = LmsPattern(
    "blackboard",
    r"(?P<assignment_name>[^/]+?)_(?P<learner>[^_/]+)" + _TAIL,
    rival=r"(?P<assignment_name>[^_/]+)_(?P<learner>[^/]+?)" + _TAIL,
)
