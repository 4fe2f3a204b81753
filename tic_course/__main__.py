"""``python -m tic_course`` runs the ``tic-course`` command."""

import sys

from tic_course.cli import main

sys.exit(main())
