"""A small course (one chapter, the fixture scenario) and a questionnaire drawn from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE
from tic_course.layout import CourseLayout
from tic_course.workshop.evaluation.questionnaire import Questionnaire, load_questionnaire

CHAPTER = """# A test chapter

```{knowledge-check} t-kc-1
objectives: [t-1]
question: "Which reply keeps the patient's choice?"
options:
  - text: "Would you like to go ahead now, or wait?"
    correct: true
    feedback: "It offers a real choice."
  - text: "We'll just get this done."
    correct: false
    feedback: "No choice is offered."
  - text: "You have to have it, I'm afraid."
    correct: false
    feedback: "It removes the choice."
```

```{knowledge-check} t-kc-2
objectives: [t-1]
multiple: true
question: "Which of these help? Choose all that apply."
options:
  - text: "Agreeing a stop signal"
    correct: true
    feedback: "Yes."
  - text: "Explaining each step, then checking"
    correct: true
    feedback: "Yes."
  - text: "Saying 'nearly done' and carrying on"
    correct: false
    feedback: "No."
```
"""

QUESTIONNAIRE = """\
title: "Test workshop"
participant_code:
  question: "Your code"
  guidance: "Make one up."
phase:
  question: "When?"
  pre: "Before"
  post: "After"
knowledge:
  - knowledge_check: t-kc-1
  - checkpoint: triage-pain/red-flags
  - checkpoint: triage-pain/first-words
confidence:
  scale: {low: "Not at all", high: "Very"}
  items:
    - {id: c1, text: "Confident to offer choice?", validated: false}
    - {id: c2, text: "Confident to stop?", validated: false}
attitude:
  scale: {low: "Disagree", high: "Agree"}
  items:
    - {id: a1, text: "Routines matter.", validated: false}
satisfaction:
  scale: {low: "Disagree", high: "Agree"}
  items:
    - {id: s1, text: "Relevant to my work."}
    - {id: s2, text: "Felt safe."}
comments:
  - {id: m1, text: "Any comments?"}
"""


def make_course(root: Path) -> CourseLayout:
    layout = CourseLayout(root)
    layout.chapters.mkdir(parents=True)
    (layout.chapters / "test.md").write_text(CHAPTER, encoding="utf-8")
    layout.scenario_file("triage-pain").parent.mkdir(parents=True)
    shutil.copy(FIXTURE, layout.scenario_file("triage-pain"))
    return layout


@pytest.fixture
def course(tmp_path: Path) -> CourseLayout:
    return make_course(tmp_path / "course")


@pytest.fixture
def write_questionnaire(tmp_path: Path):
    def write(text: str = QUESTIONNAIRE) -> Path:
        path = tmp_path / "questionnaire.yml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def questionnaire(course: CourseLayout, write_questionnaire) -> Questionnaire:
    return load_questionnaire(write_questionnaire(), course)
