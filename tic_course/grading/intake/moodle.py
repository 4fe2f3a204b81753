"""Moodle: the file names in an assignment's "Download all submissions" zip.

Example: ``Jane Smith_4321_assignsubmission_file_years-of-dismissal.ipynb`` (every file in one
folder) or ``Jane Smith_4321_assignsubmission_file_/years-of-dismissal.ipynb`` (a folder per
learner): the learner's full name (``Participant`` under blind marking), the participant id
Moodle gives the learner in this assignment, the submission plugin (``assignsubmission`` and
``file``) and the name the learner uploaded.

Where Moodle shows it: moodle/moodle, ``mod/assign/classes/downloader.php`` (Moodle 4.1 on;
``assign::download_submissions()`` in ``mod/assign/locallib.php`` before): ``get_student_prefix()``
joins the name and ``get_uniqueid_for_user()``, ``load_submissionplugin_filelist()`` adds the
plugin and the file name. Note that 4.1's folder form, ``Jane Smith_4321_assignsubmission_file/
years-of-dismissal.ipynb`` (no ``_`` before the ``/``), is not matched by this pattern.
"""

from __future__ import annotations

from tic_course.grading.intake.lms_patterns import LmsPattern

MOODLE = LmsPattern("moodle", r"(?P<name>[^/]+)_(?P<learner>\d+)_assignsubmission_file_/?"
                              r"(?P<filename>[^/]+)")
