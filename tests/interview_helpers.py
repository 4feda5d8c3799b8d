"""A small questionnaire with every question type, optional questions and skip logic.

It keeps the id `mini` and the questions the mini rule pack reads, so the pack assesses it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from coach.content.questionnaires import load_questionnaire
from coach.model.questionnaire import Questionnaire

INTERVIEW_YAML = """
id: mini
version: 2
title: Mini check-up
description: A tiny questionnaire for tests.
minutes: 2
sections:
  - id: workload
    title: Workload
    intro: About your week.
    questions:
      - id: hours_per_week
        type: number
        text: Hours?
        help: Count evenings.
        min: 0
        max: 120
        unit: hours
      - id: on_call
        type: boolean
        text: On call?
        help: The rota counts.
      - id: paged
        type: scale
        text: Paged?
        help: How often you were paged.
        scale: {min: 1, max: 5, labels: {1: Never, 5: Always}}
        when: {workload.on_call: true}
      - id: work
        type: multi
        text: Work?
        help: Kinds of work.
        options:
          - {value: mentoring, label: Mentoring}
          - {value: reviews, label: Reviews}
  - id: about
    title: About you
    questions:
      - id: level
        type: single
        text: Level?
        help: Your level.
        options:
          - {value: junior, label: Junior}
          - {value: senior, label: Senior}
      - id: win
        type: text
        text: A recent win?
        help: Anything you are proud of.
        required: false
      - id: avoid
        type: multi
        text: Avoided?
        help: Things you avoid.
        required: false
        options:
          - {value: meetings, label: Meetings}
          - {value: email, label: Email}
"""


def write_interview(folder: Path) -> Path:
    """Write the test questionnaire into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mini.yaml"
    path.write_text(textwrap.dedent(INTERVIEW_YAML).lstrip(), encoding="utf-8")
    return path


def interview_questionnaire(folder: Path) -> Questionnaire:
    """The test questionnaire, loaded."""
    return load_questionnaire(write_interview(folder))
