"""Canvas: the file names in an assignment's "Download Submissions" zip.

Example: ``smithjane_12345_678901_years-of-dismissal.ipynb``, and for a late submission
``smithjane_LATE_12345_678901_years-of-dismissal.ipynb``: the learner's sortable name (lower
case, punctuation removed), ``LATE`` when handed in after the due date, the Canvas user id, the
id of the uploaded file (the ``submission`` group), and the name the learner uploaded.

Where Canvas shows it: the names are built by ``ContentZipper#get_filename`` and
``#add_upload_submission`` in instructure/canvas-lms, ``lib/content_zipper.rb``. With anonymous
grading Canvas writes ``anon_<id>`` instead of the user id, which this pattern does not match.
"""

from __future__ import annotations

from tic_course.grading.intake.lms_patterns import LmsPattern

CANVAS = LmsPattern("canvas", r"(?P<name>[^_/]+)_(?:(?P<late>LATE)_)?(?P<learner>\d+)_"
                              r"(?P<submission>\d+)_(?P<filename>[^/]+)")
