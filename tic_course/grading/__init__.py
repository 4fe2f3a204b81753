"""Grading: scoring code called by hidden tests, the rubric checker and the release step."""
