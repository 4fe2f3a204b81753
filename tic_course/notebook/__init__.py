"""Notebooks: the nbgrader source notebook built from a scenario, and the widget player."""
