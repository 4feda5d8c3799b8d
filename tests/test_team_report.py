"""HR's team report from the database's aggregates: figures, suppression, trend, a real browser."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from browser import chromium_or_skip, visit

from coach.render.team import build_report, render_team, trend
from coach.store.team import TeamCount

ROWS = [
    TeamCount("platform", "2026-Q2", False, 5, "overload", 1, 5),
    TeamCount("platform", "2026-Q2", False, 5, "invisible", 2, 5),
    TeamCount("platform", "2026-Q3", False, 6, "overload", 3, 6),
    TeamCount("platform", "2026-Q3", False, 6, "invisible", 0, 6),
    TeamCount("platform", "2026-Q4", True, None, None, None),
    TeamCount("data <&>", "2026-Q3", True, None, None, None),
]


def test_shares_trend_and_suppressed_groups_in_json_and_markdown() -> None:
    report = build_report(ROWS, 5)
    platform = report.teams[1]
    assert [q.quarter for q in platform.quarters] == ["2026-Q2", "2026-Q3", "2026-Q4"]
    assert trend(platform, "overload") == 30.0  # 20% -> 50%
    assert trend(platform, "invisible") == -40.0  # 40% -> 0%
    data = json.loads(render_team(report, "json"))
    by_team = {t["team"]: t for t in data["teams"]}
    assert by_team["platform"]["quarters"][2] == {"quarter": "2026-Q4", "suppressed": True}
    assert by_team["platform"]["quarters"][1]["mistakes"] == {"invisible": 0, "overload": 3}
    assert by_team["data <&>"]["quarters"] == [{"quarter": "2026-Q3", "suppressed": True}]
    text = render_team(report, "md")
    assert "| 2026-Q3 | 6 | 0% | 50% |" in text
    assert "| 2026-Q4 | fewer than 5 people assessed: not shown |" in text
    assert "| trend | | -40.0 points | +30.0 points |" in text


def test_the_html_report_draws_its_charts_in_chromium_with_no_script(tmp_path: Path) -> None:
    chromium = chromium_or_skip()
    path = tmp_path / "team.html"
    path.write_text(render_team(build_report(ROWS, 5), "html"), encoding="utf-8")
    seen = visit(path, chromium)
    assert seen.scripts == 0
    assert seen.loads == []  # charts are inline SVG: nothing fetched
    assert not [m for m in seen.console if "Content Security Policy" in m]
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    # The browser built the charts: one figure per team and mistake, a bar per shown quarter
    # (platform Q2 and Q3, both mistakes), "hidden" where a group is suppressed (platform Q4 and
    # data Q3, both mistakes).
    assert dom.count("<figure>") == 4
    assert dom.count("<rect ") == 4
    assert dom.count(">hidden</text>") == 4
    assert "data &lt;&amp;&gt;" in dom


def test_a_quarter_that_does_not_exist_is_a_bad_value_like_elsewhere(
    run_cli, tmp_path: Path
) -> None:
    done = run_cli("--home", str(tmp_path), "team", "report", "--quarter", "2026-Q9")
    assert done.code == 2
    assert done.err.splitlines()[-1] == (
        "Error: Invalid value for '--quarter': '2026-Q9' is not a quarter; write it like 2026-Q4"
    )


def test_people_who_skipped_a_mistakes_questions_count_neither_way(
    pg_url: str, run_cli, tmp_path: Path
) -> None:
    # Six engineers on one team: three answer everything, three only the workload section. For
    # hero all six count; for the other mistakes only the three who were asked, under the
    # minimum of five, so HR sees no share for them rather than a share diluted by people who
    # were never asked (the view before 0004 said 0% exit where nobody had been asked).
    from coach import store as st
    from coach.content.answers_file import load_answers
    from coach.content.bundle import SHIPPED_EXAMPLES, load_content
    from coach.engine.assess import Assessor
    from coach.store.team import grant_role, min_group_size, team_counts

    assert run_cli("--db", pg_url, "db", "upgrade").code == 0
    content = load_content()
    assessor = Assessor.reference(content)
    people = {f"p{i}": ("hero" if i < 3 else "workload-only") for i in range(6)}
    with st.open_store(tmp_path, pg_url) as store:
        for who, example in people.items():
            grant_role(store, who, "engineer", team="platform")
            path = SHIPPED_EXAMPLES / f"{example}.yaml"
            answers = load_answers(path, content.questionnaire).answers
            st.save_assessment(store, who, answers, assessor.assess(answers), quarter="2026-Q4")
        report = build_report(team_counts(store), min_group_size(store))
    (quarter,) = report.teams[0].quarters
    assert quarter.people == 6
    assert quarter.assessed["hero"] == 6
    assert quarter.share("hero") == 1.0  # all six are heroes in these answers
    assert "exit" in report.mistakes
    assert quarter.share("exit") is None  # three were asked: under the minimum, not 0%
    assert "exit" not in quarter.assessed
    text = render_team(report, "md")
    assert "who answered its questions" in text
