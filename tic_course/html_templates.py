"""The one way the course renders HTML from Jinja2 templates: everything escaped, nothing silent.

Learners' ids and words reach the cohort report, their own feedback pages and the workshop
evaluation report, so every environment autoescapes every template (stylesheets included, since
they end up inside the page) and uses StrictUndefined, so a misspelt variable is an error instead
of a silently empty cell. Each package adds its own filters, tests and globals to what this returns.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def html_environment(package: str, folder: str = "templates") -> Environment:
    """A Jinja2 environment for ``package``'s ``folder`` of templates, escaping everything."""
    return Environment(
        loader=PackageLoader(package, folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
