"""Scenario files: loading, validation and the headless conversation engine.

``load_scenario``, ``ScenarioError`` and ``Problem`` are imported lazily: the conversation engine
runs inside learners' notebooks (and during autograding), where loading the validator's
dependencies (jsonschema) would cost about a second for nothing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Problem", "ScenarioError", "load_scenario"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tic_course.scenario import load

        return getattr(load, name)
    raise AttributeError(f"module 'tic_course.scenario' has no attribute {name!r}")
