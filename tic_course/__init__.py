"""Trauma-informed care course: the code behind the book, the scenarios and the grading.

The subpackages follow the data flow of the course:

* :mod:`tic_course.scenario` reads and validates the plain-text scenario files in ``exercises/``
  and runs their branching conversations;
* :mod:`tic_course.notebook` turns a scenario into an nbgrader *source* notebook and provides the
  ipywidgets player that learners use inside it;
* :mod:`tic_course.grading` holds the scoring code that hidden tests call and the release step;
* :mod:`tic_course.book` holds the Sphinx extensions the Jupyter Book uses.
"""

__version__ = "0.1.0"
