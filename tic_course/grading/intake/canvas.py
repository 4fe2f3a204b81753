"""Canvas: the file names in an assignment's "Download Submissions" zip.

Example: ``smithjane_12345_678901_years-of-dismissal.ipynb``, and for a late submission
``smithjane_LATE_12345_678901_years-of-dismissal.ipynb``: the learner's sortable name (lower
case, everything but letters, digits and ``_`` removed), ``LATE`` when handed in after the due
date, the Canvas user id, the id Canvas gave the uploaded file (the ``submission`` group) and the
name the learner uploaded. Every file sits at the top of the zip: Canvas adds no folder.

Where Canvas writes it: instructure/canvas-lms, ``lib/content_zipper.rb``:
``get_filename`` joins ``[users_name, "LATE" if late, id]`` with ``_`` and keeps only word
characters; ``add_upload_submission`` appends ``_#{file.id}_#{display_name}``;
``sanitize_user_name`` turns ``_123_`` inside a name into ``123`` "because we use /_\\d+_/ to
infer the user/attachment ids". So the first ``_<digits>_<digits>_`` from the left is the
LMS's. A name can still end in ``_<digits>`` (``jane_12``), and the learner chooses the file
name, so the name is also read from the right (``rival``); when the two readings give different
learners the file is rejected as ambiguous instead of being guessed.

Anonymous grading: Canvas writes no name and ``anon_<anonymous id>`` instead of the user id
(``get_filename``), e.g. ``anon_Xy3kP_678901_years-of-dismissal.ipynb`` or
``LATE_anon_Xy3kP_...``. The learner id is then ``anon_Xy3kP``: the same learner has the same id
in every download of that assignment, and their name never reaches the course.
"""

from __future__ import annotations

from tic_course.grading.intake.lms_patterns import LmsPattern


def _canvas(name: str) -> str:
    """The Canvas pattern with the given name group (non-greedy from the left, or greedy)."""
    return (r"(?:(?!(?:LATE_)?anon_)(?P<name>" + name + r")_(?:(?P<late>LATE)_)?(?=\d+_\d+_)"
            r"|(?:(?P<anon_late>LATE)_)?(?=anon_[0-9A-Za-z]+_\d+_))"
            r"(?P<learner>anon_[0-9A-Za-z]+|\d+)_(?P<submission>\d+)_(?P<filename>[^/]+)")


CANVAS = LmsPattern("canvas", _canvas(r"[^/]*?"), rival=_canvas(r"[^/]*"))
