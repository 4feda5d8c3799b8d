"""`coach plan`: from the history to a private file, in each format."""

from __future__ import annotations

import io
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from test_review_support import content, heads_down, reviewed, store_assessment  # noqa: F401 - fixtures

from coach.model.results import Result
from coach.store import open_store, save_review

PERSON = "Zoë Ångström"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def saved(home: Path, heads_down: tuple[dict[str, Any], Result]) -> tuple[int, Result]:  # noqa: F811
    answers, result = heads_down
    return store_assessment(home, PERSON, answers, result, "2026-Q1").id, result


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_without_a_review_the_suggested_actions_print(
    run_cli: Callable[..., Any], saved: tuple[int, Result], tmp_path: Path
) -> None:
    _, result = saved
    done = run_cli("plan", "--person", PERSON)
    assert done.code == 0, done.err
    target = tmp_path / "career-plan-Zoë-Ångström-2026-Q1.pdf"
    assert f"Wrote {target.name}: the suggested plan (not yet reviewed)" in done.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = text_of(target)
    for action in result.actions:
        assert " ".join(action.title.split()) in text
    assert "not yet reviewed with a coach" in text


def test_the_reviewed_plan_prints(
    run_cli: Callable[..., Any], saved: tuple[int, Result], home: Path, tmp_path: Path
) -> None:
    assessment_id, result = saved
    review = reviewed(result).model_copy(update={"assessment_id": assessment_id})
    with open_store(home) as store:
        save_review(store, review)
    out = tmp_path / "out" / "plan.pdf"
    done = run_cli("plan", "--person", PERSON, "--paper", "letter", "-o", str(out))
    assert done.code == 0, done.err
    assert "plan agreed in review" in done.err
    text = text_of(out)
    for item in review.items:
        assert " ".join(item.title.split()) in text
    assert "Dana Kowalczyk" in text
    assert "Ana Lucía Pérez" in text


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (("plan",), "--output"),
        (("export",), "--output"),
        (("brag", "export"), "--output"),
        (("remind",), "--ics"),
    ],
)
def test_a_file_that_cannot_be_written_is_a_bad_value_not_a_bug(
    run_cli: Callable[..., Any],
    saved: tuple[int, Result],
    tmp_path: Path,
    command: tuple[str, ...],
    option: str,
) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    target = tmp_path / "taken" / "out"
    done = run_cli(*command, "--person", PERSON, option, str(target))
    assert done.code == 2
    assert done.err.splitlines()[-1] == (
        f"Error: Invalid value for {option}: cannot write '{target}': File exists "
        f"('{tmp_path / 'taken'}')"
    )


@pytest.mark.parametrize(
    ("fmt", "first"), [("md", "# Career plan: Zoë Ångström"), ("html", "<!doctype html>")]
)
def test_text_formats_to_standard_output(
    run_cli: Callable[..., Any], saved: tuple[int, Result], fmt: str, first: str
) -> None:
    done = run_cli("plan", "--person", PERSON, "--format", fmt, "-o", "-")
    assert done.code == 0, done.err
    assert done.out.startswith(first)


def test_html_file_is_private(
    run_cli: Callable[..., Any], saved: tuple[int, Result], tmp_path: Path
) -> None:
    done = run_cli("plan", "--person", PERSON, "--format", "html")
    assert done.code == 0, done.err
    target = tmp_path / "career-plan-Zoë-Ångström-2026-Q1.html"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def _pack_with_renamed_sources(tmp_path: Path) -> Path:
    """A copy of the shipped pack whose works cited all carry other titles."""
    import shutil

    from coach.content.places import SHIPPED_RULES

    pack = tmp_path / "renamed-pack"
    shutil.copytree(SHIPPED_RULES, pack)
    sources = pack / "sources.yaml"
    data = yaml.safe_load(sources.read_text(encoding="utf-8"))
    for source in data["sources"]:
        source["title"] = f"RENAMED {source['title']}"
    sources.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pack


def test_a_plan_cites_the_works_as_they_were_when_assessed(
    run_cli: Callable[..., Any], saved: tuple[int, Result], tmp_path: Path
) -> None:
    _, result = saved
    assert result.works  # titles and links kept with the result
    pack = _pack_with_renamed_sources(tmp_path)
    done = run_cli("plan", "--person", PERSON, "--format", "md", "-o", "-", "--rules", str(pack))
    assert done.code == 0, done.err
    assert "RENAMED" not in done.out  # the pack changed since; the plan cites what was cited
    for work in result.works:
        assert f"**[{work.number}]**" in done.out
        assert f"<{work.url}>" in done.out


def test_an_older_result_without_works_cites_the_pack(
    run_cli: Callable[..., Any],
    home: Path,
    heads_down: tuple[dict[str, Any], Result],  # noqa: F811
    tmp_path: Path,
) -> None:
    answers, result = heads_down
    older = result.model_copy(update={"works": ()})  # as saved before coach kept them
    store_assessment(home, PERSON, answers, older, "2026-Q1")
    shipped = run_cli("plan", "--person", PERSON, "--format", "md", "-o", "-")
    assert shipped.code == 0, shipped.err
    assert f"<{result.works[0].url}>" in shipped.out
    assert "RENAMED" not in shipped.out
    pack = _pack_with_renamed_sources(tmp_path)
    renamed = run_cli("plan", "--person", PERSON, "--format", "md", "-o", "-", "--rules", str(pack))
    assert renamed.code == 0, renamed.err
    assert renamed.out.count("RENAMED") == len(result.works)  # read from the pack given


def test_no_assessment_points_to_coach_assess(run_cli: Callable[..., Any], home: Path) -> None:
    done = run_cli("plan")
    assert done.code == 4
    assert "run `coach assess` first" in done.err


@pytest.mark.parametrize("command", ["plan", "review"])
def test_help_loads_nothing_heavy(command: str) -> None:
    import json
    import subprocess
    import sys

    code = (
        "import sys, json\nfrom coach.cli import main\n"
        f"main([{command!r}, '--help'])\nsys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stderr))
    assert not {"reportlab", "sqlalchemy", "questionary", "pydantic", "rich.console"} & loaded


def test_last_quarters_follow_through_names_the_coach_of_that_review(
    run_cli: Callable[..., Any],
    saved: tuple[int, Result],
    home: Path,
    heads_down: tuple[dict[str, Any], Result],  # noqa: F811
) -> None:
    earlier_id, result = saved
    review = reviewed(result).model_copy(update={"assessment_id": earlier_id})
    with open_store(home) as store:
        save_review(store, review)
    store_assessment(home, PERSON, heads_down[0], result, "2026-Q2")  # not reviewed yet
    done = run_cli("plan", "--person", PERSON, "--format", "md", "-o", "-")
    assert done.code == 0, done.err
    coached = next(item for item in review.items if item.owner == "coach")
    assert f"{coached.title} | Coach (Ana Lucía Pérez) |" in done.out
