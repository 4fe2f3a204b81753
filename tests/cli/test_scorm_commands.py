"""``tic-course scorm build`` options."""

from __future__ import annotations

import argparse

import pytest

from tic_course.cli import build_parser
from tic_course.cli.scorm_commands import parse_pass_marks


def test_pass_marks_for_every_module_and_one():
    assert parse_pass_marks(["75", "consent=90"]) == {"*": 75, "consent": 90}
    assert parse_pass_marks([]) == {}


def test_a_pass_mark_that_is_not_a_whole_number_is_rejected():
    with pytest.raises(argparse.ArgumentTypeError, match="--pass-mark 'consent=high': the mark must be a whole number"):
        parse_pass_marks(["consent=high"])


def test_scorm_build_is_a_subcommand():
    args = build_parser().parse_args(["scorm", "build", "--out", "x", "--pass-mark", "70"])
    assert args.out == "x" and args.pass_mark == ["70"] and args.func.__name__ == "cmd_scorm_build"
