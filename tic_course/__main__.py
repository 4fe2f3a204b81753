"""``python -m tic_course`` runs the command-line tool."""

import sys

from tic_course.cli import main

sys.exit(main())
