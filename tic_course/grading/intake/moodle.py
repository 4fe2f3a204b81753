"""Moodle: the file names in an assignment's "Download all submissions" zip.

Three shapes, all made of the learner's *prefix* (full name, ``_``, the participant id Moodle
gives the learner in this assignment; ``Participant`` instead of the name under blind marking),
the submission plugin (``assignsubmission`` and ``file``) and the name the learner uploaded:

- ``Jane Smith_4321_assignsubmission_file_years-of-dismissal.ipynb``: every file in one folder
  (the "Download submissions in folders" option off);
- ``Jane Smith_4321_assignsubmission_file_/years-of-dismissal.ipynb``: a folder per learner,
  Moodle 3.1 to 4.0 (``assign::download_submissions()`` in ``mod/assign/locallib.php``);
- ``Jane Smith_4321_assignsubmission_file/years-of-dismissal.ipynb``: a folder per learner,
  Moodle 4.1 on (``mod/assign/classes/downloader.php``, ``load_submissionplugin_filelist()``:
  ``clean_filename($prefix . '_' . $subtype . '_' . $type) . $file->get_filepath() . $name``).

Where Moodle writes it: moodle/moodle, ``get_student_prefix()`` in the same files:
``str_replace('_', ' ', $fullname)`` then ``clean_filename($prefix . '_' . uniqueid)``. Moodle
turns every ``_`` of the name into a space, so the name has no ``_``: the prefix is read from the
left up to the first ``_``, the id is the digits after it, and nothing the learner writes in the
file name (``x_999_assignsubmission_file_y.ipynb``) can move the id. A file in a sub-folder of
the learner's submission is not one of these shapes and is rejected.
"""

from __future__ import annotations

from tic_course.grading.intake.lms_patterns import LmsPattern

MOODLE = LmsPattern("moodle", r"(?P<name>[^_/]+)_(?P<learner>\d+)_assignsubmission_file"
                              r"(?:_|_/|/)(?P<filename>[^/]+)")
