"""nbgrader configuration for the course (the course root is this folder).

Layout, following nbgrader's own conventions:
    source/<scenario-id>/<scenario-id>.ipynb      instructor notebooks, built from exercises/
    release/<scenario-id>/<scenario-id>.ipynb     student notebooks (solutions and hidden tests removed)
    submitted/<learner-id>/<scenario-id>/...      learners' submissions
    autograded/, feedback/, gradebook.db          nbgrader's outputs
"""

from pathlib import Path

from tic_course.checkpoints.reflection import REFLECTION_STUB

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.root = str(Path(__file__).resolve().parent)
c.CourseDirectory.course_id = "trauma-informed-care"

# Learners have never programmed: the answer line itself ("answer_1 = ''  # type A, B or C")
# is the stub, so nbgrader must not add "raise NotImplementedError()" or "YOUR CODE HERE".
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = REFLECTION_STUB

# A scenario notebook runs in seconds; anything slower is a runaway answer cell.
c.ExecutePreprocessor.timeout = 60

# Every submission is rebuilt from the released notebook before it runs: only the text the
# learner typed is kept, so no learner code is ever executed (tic_course/grading/sanitise.py).
from nbgrader.preprocessors import (  # noqa: E402
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    OverwriteCells,
    OverwriteKernelspec,
)

from tic_course.grading.sanitise import RebuildFromRelease  # noqa: E402

c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    RebuildFromRelease,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadata,
]
# Defence in depth, should anything slow ever run: stop a cell after 60 s and cap output.
c.Execute.timeout = 60
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Deadlines. Each scenario's due date is nbgrader's own: the gradebook assignment's duedate, set
# with `nbgrader db assignment add <scenario-id> --duedate="2027-03-01 17:00:00 Europe/London"`
# (or in formgrader). A submission at the due date exactly is on time; a Canvas download's LATE
# marker counts (Canvas knows each learner's extensions). The late policy is one of
#   "accept"  - lateness is recorded only;
#   "flag"    - late work is marked late in results.csv, the report and the gradebook exports;
#   "penalty" - percent_per_day of the score per day or part day late, at most max_percent.
# It runs as nbgrader's own late-submission plugin, so `nbgrader autograde` records it too; the
# exports apply it to the final total, after your manual marks. Any other value stops
# `tic-course grade` with a message naming the setting.
c.AssignLatePenalties.plugin_class = "tic_course.grading.late_policy.LatePolicy"
c.LatePolicy.policy = "flag"
c.LatePolicy.percent_per_day = 10.0
c.LatePolicy.max_percent = 100.0
