"""Scenario files: the authored source of every assignment (``exercises/<id>/scenario.yml``).

:mod:`~tic_course.scenario.load` reads and validates one file (JSON Schema assembled from the
checkpoint kinds, then whole-file rules), :mod:`~tic_course.scenario.catalogue` a whole course's
set. The branching conversation engine lives in the learner runtime
(:mod:`tic_course.runtime.conversation`), because learners' notebooks run it.
"""

from tic_course.scenario.load import load_scenario
from tic_course.scenario.problems import Problem, ScenarioError

__all__ = ["Problem", "ScenarioError", "load_scenario"]
