"""HR's team report: each mistake's share of each team per quarter, and its trend.

Built only from the database's aggregates (`coach.store.team.TeamCount`): counts of people per
team, quarter and mistake, for groups of at least the minimum size; smaller groups arrive marked
suppressed and are shown as such, without any number. HTML carries its charts as inline SVG
(no script, the same Content-Security-Policy as every coach page); Markdown and JSON carry the
same figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.store.team import TeamCount


@dataclass(frozen=True)
class QuarterView:
    """One team's quarter: suppressed, or how many people were assessed and had each mistake.

    `assessed` counts, per mistake, the people whose answers assessed it: someone who skipped
    every question on a mistake is neither counted as having it nor as free of it.
    """

    quarter: str
    suppressed: bool
    people: int | None = None
    mistakes: dict[str, int] = field(default_factory=dict)
    assessed: dict[str, int] = field(default_factory=dict)

    def share(self, mistake: str) -> float | None:
        """The share of those assessed on `mistake` who had it (None: suppressed, too few)."""
        if self.suppressed or not self.assessed.get(mistake):
            return None
        return self.mistakes.get(mistake, 0) / self.assessed[mistake]


@dataclass(frozen=True)
class TeamView:
    """One team over the quarters."""

    team: str
    quarters: tuple[QuarterView, ...]


@dataclass(frozen=True)
class TeamReport:
    """Every team, the mistakes seen anywhere, and the minimum group size applied."""

    teams: tuple[TeamView, ...]
    mistakes: tuple[str, ...]
    min_group_size: int


def build_report(rows: list[TeamCount], minimum: int) -> TeamReport:
    """Group the view's rows by team and quarter."""
    by_team: dict[str, dict[str, QuarterView]] = {}
    mistakes: set[str] = set()
    for row in rows:
        quarters = by_team.setdefault(row.team, {})
        view = quarters.get(row.quarter) or QuarterView(row.quarter, row.suppressed, row.group_size)
        if row.mistake is not None and not row.suppressed:
            mistakes.add(row.mistake)
            if row.people is not None and row.assessed is not None:
                view.mistakes[row.mistake] = row.people
                view.assessed[row.mistake] = row.assessed
        quarters[row.quarter] = view
    teams = tuple(
        TeamView(team, tuple(quarters[q] for q in sorted(quarters)))
        for team, quarters in sorted(by_team.items())
    )
    return TeamReport(teams, tuple(sorted(mistakes)), minimum)


def trend(team: TeamView, mistake: str) -> float | None:
    """The change in share (percentage points) from the first shown quarter to the last."""
    shares = [s for q in team.quarters if (s := q.share(mistake)) is not None]
    if len(shares) < 2:
        return None
    return round(100 * (shares[-1] - shares[0]), 1)


def render_team(report: TeamReport, fmt: str) -> str:
    """The report as `html`, `md` or `json`."""
    if fmt == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return _markdown(report)
    return _html(report)


def to_json(report: TeamReport) -> dict[str, Any]:
    """The report as plain data."""
    return {
        "min_group_size": report.min_group_size,
        "teams": [
            {
                "team": team.team,
                "quarters": [
                    {"quarter": q.quarter, "suppressed": True}
                    if q.suppressed
                    else {
                        "quarter": q.quarter,
                        "suppressed": False,
                        "people": q.people,
                        "mistakes": {m: q.mistakes[m] for m in report.mistakes if m in q.assessed},
                        "assessed": {m: q.assessed[m] for m in report.mistakes if m in q.assessed},
                    }
                    for q in team.quarters
                ],
                "trend_points": {m: trend(team, m) for m in report.mistakes},
            }
            for team in report.teams
        ],
    }


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(100 * share)}%"


def _trend_words(points: float | None) -> str:
    if points is None:
        return "—"
    return "no change" if points == 0 else f"{points:+.1f} points"


def _explained(minimum: int) -> str:
    return (
        "Per quarter, the share of each team's people assessed on a mistake (who answered its "
        "questions) who had it; someone who skipped them counts neither way. Groups of fewer "
        f"than {minimum} people are suppressed, and so is a mistake fewer than {minimum} were "
        "assessed on (—); no individual's answers are shown."
    )


def _suppressed_note(minimum: int) -> str:
    return f"fewer than {minimum} people assessed: not shown"


def _markdown(report: TeamReport) -> str:
    from coach.render.markdown import cell, md

    lines = [
        "# Team report",
        "",
        f"{_explained(report.min_group_size)}",
    ]
    if not report.teams:
        lines += ["", "No team has a complete assessment yet."]
    for team in report.teams:
        lines += ["", f"## {md(team.team)}", ""]
        lines.append("| quarter | people | " + " | ".join(cell(m) for m in report.mistakes) + " |")
        lines.append("|---|---:|" + "---:|" * len(report.mistakes))
        for q in team.quarters:
            if q.suppressed:
                lines.append(f"| {q.quarter} | {_suppressed_note(report.min_group_size)} |")
                continue
            shares = " | ".join(_percent(q.share(m)) for m in report.mistakes)
            lines.append(f"| {q.quarter} | {q.people} | {shares} |")
        trends = " | ".join(_trend_words(trend(team, m)) for m in report.mistakes)
        lines.append(f"| trend | | {trends} |")
    return "\n".join(lines) + "\n"


CSS = """
body { font-family: system-ui, sans-serif; color: #1F2933; max-width: 60rem; margin: 2rem auto; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #E4E8EE; padding: .3rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.suppressed { color: #5F6B7A; font-style: italic; }
figure { display: inline-block; margin: 0 1rem 1rem 0; }
figcaption { font-size: .85rem; color: #5F6B7A; }
"""


def _chart(team: TeamView, mistake: str) -> str:
    """Bars of one mistake's share per quarter (a gap, labelled, where a group is suppressed)."""
    from coach.render.html import e

    width, height, bar, gap = 40 + 46 * len(team.quarters), 120, 30, 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{e(mistake)} in {e(team.team)}">',
        f'<line x1="30" y1="90" x2="{width}" y2="90" stroke="#5F6B7A"/>',
        '<text x="0" y="14" font-size="10" fill="#5F6B7A">100%</text>',
    ]
    for index, q in enumerate(team.quarters):
        x = 36 + index * (bar + gap)
        share = q.share(mistake)
        label = f'<text x="{x}" y="104" font-size="9" fill="#1F2933">{e(q.quarter[2:])}</text>'
        if share is None:
            parts.append(f'<text x="{x}" y="84" font-size="9" fill="#5F6B7A">hidden</text>')
        else:
            tall = round(76 * share)
            parts.append(
                f'<rect x="{x}" y="{90 - tall}" width="{bar}" height="{tall}" fill="#2B5C8A">'
                f"<title>{e(q.quarter)}: {_percent(share)}</title></rect>"
                f'<text x="{x}" y="{86 - tall}" font-size="9">{_percent(share)}</text>'
            )
        parts.append(label)
    parts.append("</svg>")
    return "".join(parts)


def _html(report: TeamReport) -> str:
    from coach.render.html import e, html_page

    body = [
        "<h1>Team report</h1>",
        f"<p>{e(_explained(report.min_group_size))}</p>",
    ]
    if not report.teams:
        body.append("<p>No team has a complete assessment yet.</p>")
    for team in report.teams:
        body.append(f'<section class="team"><h2>{e(team.team)}</h2>')
        head = "".join(f"<th>{e(m)}</th>" for m in report.mistakes)
        rows = []
        for q in team.quarters:
            if q.suppressed:
                rows.append(
                    f'<tr class="suppressed"><td>{e(q.quarter)}</td><td colspan="'
                    f'{1 + len(report.mistakes)}">{e(_suppressed_note(report.min_group_size))}'
                    "</td></tr>"
                )
                continue
            cells = "".join(f"<td>{_percent(q.share(m))}</td>" for m in report.mistakes)
            rows.append(f"<tr><td>{e(q.quarter)}</td><td>{q.people}</td>{cells}</tr>")
        trends = "".join(f"<td>{e(_trend_words(trend(team, m)))}</td>" for m in report.mistakes)
        rows.append(f"<tr><td>trend</td><td></td>{trends}</tr>")
        body.append(
            f"<table><thead><tr><th>quarter</th><th>people</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        for mistake in report.mistakes:
            body.append(
                f"<figure>{_chart(team, mistake)}<figcaption>{e(mistake)}</figcaption></figure>"
            )
        body.append("</section>")
    return html_page("Team report", CSS, "\n".join(body))
