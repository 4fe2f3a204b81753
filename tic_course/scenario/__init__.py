"""Scenario files: loading, validation and the headless conversation engine."""

from tic_course.scenario.load import Problem, ScenarioError, load_scenario

__all__ = ["Problem", "ScenarioError", "load_scenario"]
