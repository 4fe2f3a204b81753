"""Render the learner's page through Jinja2 with autoescaping (every value is text, never markup)."""

from __future__ import annotations

import functools

from jinja2 import Environment

from tic_course.grading import states
from tic_course.grading.feedback.page import PageView
from tic_course.grading.report.palette import PALETTE
from tic_course.html_templates import html_environment


@functools.cache
def environment() -> Environment:
    """Autoescape everything, the stylesheet included; a misspelt variable is an error, not a blank."""
    env = html_environment("tic_course.grading.feedback")
    env.globals["states"] = states
    env.globals["palette"] = PALETTE
    return env


def render_page(view: PageView) -> str:
    """The page as one self-contained HTML document."""
    return environment().get_template("page.html.j2").render(page=view)
