"""Pre/post evaluation of a workshop: the questionnaire, form exports, paired statistics and the report.

The flow: :mod:`~.questionnaire` reads ``questionnaire.yml`` and takes each knowledge question
from the course's own item bank; :mod:`~.report` prints it and :mod:`~.forms` writes CSV templates
that match a Microsoft Forms or Google Forms export; after the session :mod:`~.forms` reads the
export, :mod:`~.statistics` pairs the before and after forms by participant code and computes the
change, and :mod:`~.report` writes the evaluation report.
"""
