"""The hospital workshop kit: print-ready material for a face-to-face session, and its records.

A ``WORKSHOP.yml`` (:mod:`.config`) names the session, its modules and scenarios and the local
contacts; :mod:`.plan` times it; :mod:`.course` reads what is printed from the chapters and
scenarios; :mod:`.typeset` turns data into PDFs with Typst and the vendored fonts (:mod:`.fonts`);
:mod:`.records` turns the roster and attendance into the training record; :mod:`.build` writes
the folder. ``tic-course workshop build`` (``tic_course/cli/workshop_commands.py``) drives it.
The pre/post evaluation lives in :mod:`.evaluation` (``workshop questionnaire`` and ``workshop evaluate``).
"""
