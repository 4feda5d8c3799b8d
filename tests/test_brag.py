"""The weekly brag document: filing by ISO week, gaps, facts, the review-ready export."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.history.brag import (
    brag_document,
    brag_facts,
    iso_week,
    parse_week,
    quarter_summary,
    quarter_weeks,
    week_monday,
    weeks_listing,
)
from coach.render.brag import brag_html, brag_markdown
from coach.store.records import BragEntry, BragShare

Q4_END = date(2026, 12, 31)
SKIPPED = {"2026-W43", "2026-W47", "2026-W50"}


def entry(
    week: str, kind: str = "shipped", impact: str | None = None, text: str = "x"
) -> BragEntry:
    day = week_monday(week) + timedelta(days=4)
    return BragEntry(0, f"{week}{kind}", week, kind, text, impact, "words" if impact else None, day)


def quarter_with_gaps() -> list[BragEntry]:
    weeks = [w for w in quarter_weeks("2026-Q4") if w not in SKIPPED]
    entries = [entry(w) for w in weeks]
    entries[0] = entry(weeks[0], impact="revenue")
    return entries


def test_a_quarter_of_weekly_entries_shows_its_gaps() -> None:
    entries = quarter_with_gaps()
    rows = weeks_listing(entries, Q4_END)
    assert rows[0].week == "2026-W53"
    assert rows[-1].week == "2026-W40"
    assert {r.week for r in rows if r.gap} == SKIPPED
    summary = quarter_summary(entries, [], "2026-Q4", Q4_END)
    assert (summary.weeks, summary.weeks_with_entry, summary.entries) == (14, 11, 11)
    assert summary.gaps == ("2026-W43", "2026-W47", "2026-W50")
    assert summary.impact_percent == 9
    assert "11 of 14 weeks with an entry" in summary.sentence()


def test_weeks_belong_to_the_quarter_of_their_thursday() -> None:
    assert iso_week(date(2026, 12, 31)) == "2026-W53"
    assert quarter_weeks("2027-Q1")[0] == "2027-W01"  # 2027-W01 starts on 4 January
    assert quarter_weeks("2026-Q4", until=date(2026, 10, 11))[-1] == "2026-W41"
    assert parse_week("2026w5") == "2026-W05"
    with pytest.raises(ValueError, match="2025 has no week 53"):
        parse_week("2025-W53")


def test_facts_for_someone_who_keeps_it_weekly() -> None:
    today = date(2026, 12, 31)
    entries = quarter_with_gaps()
    facts = brag_facts(entries, [BragShare("u", date(2026, 12, 1), "manager")], today)
    assert facts == {
        "brag.weeks": 10,  # the last 13 weeks: W41-W53 less three gaps
        "brag.shared": True,
        "brag.weeks_since_last": 0,
        "brag.impact_share": 0,  # the one entry with an impact is in W40, outside the window
    }


def test_facts_for_someone_who_stopped() -> None:
    entries = [entry(w) for w in quarter_weeks("2026-Q3")]
    facts = brag_facts(entries, [BragShare("u", date(2026, 7, 1), None)], date(2026, 11, 26))
    assert facts["brag.weeks_since_last"] == 9
    assert facts["brag.weeks"] == 4
    assert facts["brag.shared"] is False  # shared, but more than 13 weeks ago
    assert brag_facts([], [], date(2026, 11, 26)) == {}  # never used: no facts at all


def test_the_export_is_grouped_by_impact_and_every_entry_is_dated() -> None:
    entries = [
        entry("2026-W45", "prevented", "risk_avoided", "Stopped a bad migration"),
        entry("2026-W41", "shipped", None, "Docs"),
        entry("2026-W42", "unblocked", "time_saved", "Ana's deploys"),
        entry("2026-W44", "shipped", "revenue", "Billing v2"),
    ]
    document = brag_document("Sam", entries, [], "2026-Q4", Q4_END)
    assert [g.title for g in document.groups] == [
        "Revenue",
        "Time saved",
        "Risk avoided",
        "No business impact written down yet",
    ]
    text = brag_markdown(document)
    assert "- 6 Nov 2026 (2026-W45), **Prevented**: Stopped a bad migration — *words*" in text
    assert text.index("## Revenue") < text.index("## Time saved") < text.index("## Risk avoided")


def test_typed_text_cannot_become_markup() -> None:
    hostile = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="y">'
    document = brag_document("Sam", [entry("2026-W45", text=hostile)], [], "2026-Q4", Q4_END)
    page = brag_html(document)
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in page  # the CSP forbids scripts even if one slipped in
    text = brag_markdown(document)
    assert "<script" not in text
    assert "\\[x\\]" in text


@pytest.fixture
def coach(run_cli, tmp_path: Path):
    home = tmp_path / "home"
    return lambda *args: run_cli("--home", str(home), *args)


def test_brag_add_list_share_export_from_the_command_line(coach, tmp_path: Path) -> None:
    today = date.today()
    three_weeks_ago = (today - timedelta(weeks=3)).isoformat()
    done = coach(
        "brag", "add", "--shipped", "Billing v2", "--shipped-impact", "revenue: +2% sign-ups",
        "--prevented", "Caught a data-loss bug", "--date", three_weeks_ago,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert f"Recorded 2 entries for {iso_week(today - timedelta(weeks=3))}." in done.out
    assert coach("brag", "add", "--unblocked", "Paired with Ana").code == 0
    listing = coach("brag")
    assert listing.out.count("gap: nothing recorded") == 2
    assert "Shipped: Billing v2 [Revenue]" in listing.out
    assert coach("brag", "share", "--with", "manager").code == 0
    out = tmp_path / "brag.html"
    exported = coach("brag", "export", "--format", "html", "-o", str(out))
    assert exported.code == 0, exported.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "+2% sign-ups" in out.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--shipped", "x", "--shipped-impact", "money"), "the impact is one of time_saved"),
        (("--shipped", "x", "--week", "2026-W60"), "2026 has no week 60"),
        ((), "without one, pass --shipped"),
    ],
)
def test_bad_brag_input_is_a_message_not_a_traceback(coach, args, message) -> None:
    done = coach("brag", "add", *args)
    assert done.code != 0
    assert message in done.err
    assert "Traceback" not in done.err


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("add", "--week", "2026-W99"), "'--week': 2026 has no week 99"),
        (
            ("export", "--quarter", "2026-Q9"),
            "'--quarter': '2026-Q9' is not a quarter; write it like 2026-Q4",
        ),
    ],
)
def test_a_week_or_quarter_that_does_not_exist_is_a_bad_value(coach, args, error) -> None:
    done = coach("brag", *args)
    assert done.code == 2
    assert done.err.splitlines()[-1] == f"Error: Invalid value for {error}"


def test_brag_and_job_travel_with_export_import_and_go_with_forget(coach, tmp_path: Path) -> None:
    coach("brag", "add", "--shipped", "Billing v2", "--shipped-impact", "revenue")
    coach("brag", "share")
    coach("job", "start", "2026-01-05", "--company", "Acme")
    coach("job", "test", "stretch", "welcomed", "--date", "2026-05-01")
    exported = tmp_path / "me.json"
    assert coach("export", "-o", str(exported)).code == 0
    text = exported.read_text()
    assert '"Billing v2"' in text
    assert '"Acme"' in text
    assert '"welcomed"' in text
    assert coach("forget", "--person", "me", "--yes").code == 0
    assert "No brag entries yet" in coach("brag").out
    imported = coach("import", str(exported))
    assert "and 4 brag or job record(s)" in imported.out, imported.out
    assert coach("import", str(exported)).code == 0  # twice: nothing added, nothing doubled
    assert coach("brag").out.count("Billing v2") == 1
    assert "Asked for stretch work: welcomed" in coach("job").out


def test_brag_add_asks_each_bullet_and_its_impact() -> None:
    from coach.habits import NewEntry
    from coach.ui.habits import ask_entries

    replies = iter(["Billing v2", "revenue", "+2% sign-ups", "", "  Caught a bug  ", None])
    asked: list[str] = []

    def ask(spec):
        asked.append(spec.message)
        return next(replies)

    entries = ask_entries(ask)
    assert entries == [
        NewEntry("shipped", "Billing v2", "revenue", "+2% sign-ups"),
        NewEntry("prevented", "Caught a bug", None, None),
    ]
    assert asked == [
        "What did you ship this week?",
        "Business impact of what you shipped?",
        "Revenue, in words and figures (e.g. 'about 6 hours a week')",
        "Whom or what did you unblock?",
        "What problem did you prevent?",
        "Business impact of what you prevented?",
    ]


def test_the_review_opens_with_the_quarters_brag_summary(tmp_path: Path) -> None:
    from coach.habits import NewEntry, add_brag, review_lines
    from coach.store import open_store
    from coach.store.habits import start_job

    today = date(2026, 11, 26)
    with open_store(tmp_path) as store:
        assert review_lines(store, "me", "2026-Q4", today) == []
        add_brag(store, "me", [NewEntry("shipped", "x", "revenue")], date(2026, 11, 2))
        start_job(store, "me", date(2026, 10, 1))
        lines = review_lines(store, "me", "2026-Q4", today)
    assert lines == [
        "Brag document 2026-Q4: 1 of 9 weeks with an entry, 1 entry, 100% with a business "
        "impact, not shared yet.",
        "Job: month 2, observe phase of the six-month verdict.",
    ]
