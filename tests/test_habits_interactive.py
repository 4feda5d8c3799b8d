"""`coach assess` in a terminal with a brag document and a job in the history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_interactive import ENTER, Keeper, drive

from coach.content.choose import choose_questionnaire
from coach.habits import NewEntry, add_brag
from coach.model.quarters import add_months
from coach.store import open_store
from coach.store.habits import start_job

TENURE = """\
id: tenure
version: 1
title: Tenure
sections:
  - id: culture
    title: Culture
    questions:
      - id: months_in_role
        type: number
        text: How many months have you been in your current role?
        help: Count from your start.
        min: 0
        max: 600
        integer: true
        remember: false
"""


def test_the_welcome_names_the_habits_and_the_job_answers_months_in_role(tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "tenure.yaml").write_text(TENURE, encoding="utf-8")
    chosen = choose_questionnaire(str(folder / "tenure.yaml"), None, None)
    home = tmp_path / "home"
    today = date.today()
    with open_store(home) as store:
        start_job(store, "me", add_months(today, -4), "Acme")
        add_brag(store, "me", [NewEntry("shipped", "Billing v2")], today)
    keeper = Keeper(home, chosen.questionnaire)
    try:
        done = drive(keeper, chosen, ENTER, ENTER, ENTER)
    finally:
        keeper.close()
    screen = " ".join(done.screen.split())
    assert "Job at Acme: month 5, test phase of the six-month verdict." in screen
    assert "Brag document: 1 of" in screen
    assert "from your job (coach job): 4" in screen
    assert "last time" not in screen
    saved = next((home / "answers").glob("*.yaml")).read_text()
    assert "culture.months_in_role: 4" in saved
