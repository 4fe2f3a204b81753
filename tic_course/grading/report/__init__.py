"""The educators' cohort report: completion, mastery, item analysis and distractors.

Educators get one self-contained HTML page (inline CSS, charts as inline PNG, no scripts, no
external URLs, so it can be e-mailed or archived with a training record and still open years
later) plus CSV files for spreadsheets and the hospital's training-record system.

Privacy is designed in rather than checked afterwards: the input tables are cut down to their
documented columns before anything else runs, so a column that should never have been exported
(a name, reflection text) cannot reach a report; learners appear by id only; and every value that
came from learners or scenario files is HTML-escaped by the templates.

The data flows through the modules in order: :mod:`.inputs` (read and type the exported tables)
-> :mod:`.tables` (completion, page rows; statistics from
:mod:`tic_course.grading.item_analysis`) -> :mod:`.charts` -> :mod:`.render` (Jinja2 templates)
-> :mod:`.writer` (the folder, swapped in whole). The command line is ``tic-course report``.
"""

from tic_course.grading.report.charts import bar_chart
from tic_course.grading.report.inputs import (
    ASSIGNMENTS_COLUMNS,
    INPUT_FILES,
    ITEMS_COLUMNS,
    RESULTS_COLUMNS,
    ReportError,
    ReportInputError,
    ReportOutputError,
    load_folder,
    prepare_assignments,
    prepare_items,
    prepare_results,
    read_table,
)
from tic_course.grading.report.palette import GRAPHIC_PAIRS, TEXT_PAIRS
from tic_course.grading.report.render import render_html
from tic_course.grading.report.tables import (
    COMPLETION_COLUMNS,
    completion_table,
)
from tic_course.grading.report.writer import REPORT_HTML, write_report

__all__ = [
    "ASSIGNMENTS_COLUMNS",
    "COMPLETION_COLUMNS",
    "GRAPHIC_PAIRS",
    "INPUT_FILES",
    "ITEMS_COLUMNS",
    "REPORT_HTML",
    "RESULTS_COLUMNS",
    "TEXT_PAIRS",
    "ReportError",
    "ReportInputError",
    "ReportOutputError",
    "bar_chart",
    "completion_table",
    "load_folder",
    "prepare_assignments",
    "prepare_items",
    "prepare_results",
    "read_table",
    "render_html",
    "write_report",
]
