"""Every unusable class list is refused with the file and line, and nothing is read from it."""

from __future__ import annotations

import re

import pytest

from tic_course.grading.roster import RosterError, read_roster

CASES = {
    "empty file": (b"", ":1: the class list is empty"),
    "only blank lines": (b"\r\n\r\n", ":1: the class list is empty"),
    "header, no learners": (b"learner_id,name\n", ":1: the class list has a header row but no learners"),
    "unknown header": (b"who,what\nx,y\n", ":1: the header matches no class-list format"),
    "missing name": (b"learner_id,email\nL1,a@b.example\n", ":1: a plain class list needs a 'name' column"),
    "duplicate id": (b"learner_id,name\nL1,Ann\nL2,Bea\nL1,Cat\n",
                     ":4: learner id 'L1' is already on line 2; each learner must appear once"),
    "duplicate id differing in case": (b"learner_id,name\nann.lee@nhs.example,Ann\nAnn.Lee@nhs.example,Ann\n",
                                       ":3: learner id 'Ann.Lee@nhs.example' is already on line 2 "
                                       "(as 'ann.lee@nhs.example': ids differ only in case)"),
    "duplicate id differing in spaces": (b"learner_id,name\nL1,Ann\n  L1 ,Bea\n",
                                         ":3: learner id 'L1' is already on line 2; each learner"),
    "duplicate column": (b"learner_id,name,name\nL1,Ann,Ann\n", ":1: the column 'name' appears twice"),
    "cp1252 name": ("learner_id,name\nL1,Ann\nL2,Zo\u00eb\n".encode("cp1252"),
                    ":3: not UTF-8 text (byte 0xeb); save the class list"),
    "formula as id": (b"learner_id,name\n=cmd|' /C calc'!A0,Ann\n", ":2: \"=cmd|' /C calc'!A0\" cannot be used"),
    "id with a slash": (b"learner_id,name\n../etc,Ann\n", ":2: '../etc' cannot be used as a learner id"),
    "empty id": (b"learner_id,name\n,Ann\n", ":2: the learner's id is empty"),
    "bad email": (b"learner_id,name,email\nL1,Ann,ann at nhs\n", ":2: 'ann at nhs' is not an e-mail address"),
    "too many cells": (b"learner_id,name\nL1,Smith, Ann\n", ":2: 3 cells but the header has 2 columns"),
    "unclosed quote": (b'learner_id,name\nL1,"Ann\n', "not a readable CSV row"),
    "canvas bad id": (b"Student,ID,Section\n\"Smith, Jane\",abc,A\n", ":2: ID 'abc' is not a Canvas user id"),
    "moodle bad identifier": (b"Identifier,Full name\nUser 12,Ann\n",
                              ":2: Identifier 'User 12' is not 'Participant <number>'"),
    "moodle no email": (b"First name,Last name,Email address\nAnn,Lee,\n", ":2: Email address is empty"),
    "only staff": (b"First name,Last name,Email address,Roles\nTom,T,t@x.example,Teacher\n", "no learners"),
}


@pytest.mark.parametrize("case", CASES)
def test_refused_with_file_and_line(tmp_path, case):
    data, message = CASES[case]
    path = tmp_path / "class list.csv"
    path.write_bytes(data)
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    text = str(caught.value)
    assert text.startswith(str(path)), text
    assert message in text, text


def test_missing_file(tmp_path):
    with pytest.raises(RosterError, match=re.escape(f"{tmp_path / 'nope.csv'}: cannot read the class list")):
        read_roster(tmp_path / "nope.csv")


@pytest.mark.parametrize("fmt", [None, "canvas"])
def test_header_cells_in_a_message_cannot_drive_the_terminal(tmp_path, fmt):
    """The header is quoted back to the educator: ESC sequences and bidi overrides come out as escapes."""
    path = tmp_path / "class.csv"
    path.write_bytes("who\x1b[2J\x1b[31m,what\u202e\nx,y\n".encode())
    with pytest.raises(RosterError) as caught:
        read_roster(path, fmt)
    text = str(caught.value)
    assert text.endswith("(found: who\\x1b[2J\\x1b[31m, what\\u202e)"), text
    assert "\x1b" not in text and "\u202e" not in text
