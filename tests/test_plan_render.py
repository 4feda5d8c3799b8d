"""The printed plan: what it holds, and the PDF, HTML and Markdown made from it."""

from __future__ import annotations

import io
import re
from datetime import date
from html import escape
from pathlib import Path

import pytest
from pypdf import PdfReader
from store_helpers import plan_item
from test_review_support import TODAY, content, heads_down, reviewed  # noqa: F401 - fixtures

from coach.content.bundle import Content
from coach.model.plan import PlanItem, PreviousPlan, PrintedPlan
from coach.model.results import Result
from coach.render import default_file_name, render_plan
from coach.render.markdown import md
from coach.review.printed import PlanInputs, build_printed_plan, day_text

PERSON = "Zoë Ångström-Nakamura 山田"
NOTE = "Sleep first.\n<script>alert('x')</script> & cap the hours 🎉"


@pytest.fixture(scope="module")
def result(heads_down: tuple[dict[str, object], Result]) -> Result:  # noqa: F811
    return heads_down[1]


def previous() -> PreviousPlan:
    return PreviousPlan(
        quarter="2025-Q4",
        items=(
            PlanItem(
                uid="a",
                title="Write the brag document",
                owner="engineer",
                due=date(2025, 11, 3),
                success_check="x",
                status="done",
            ),
            PlanItem(
                uid="b",
                title="Ask for the promotion case",
                owner="manager",
                owner_name="Dana",
                due=date(2025, 12, 1),
                success_check="y",
                status="partly",
                note="Waiting on calibration",
            ),
        ),
    )


@pytest.fixture(scope="module")
def plan(result: Result, content: Content) -> PrintedPlan:  # noqa: F811
    inputs = PlanInputs(
        person=PERSON,
        quarter="2026-Q1",
        result=result,
        sources=content.pack.sources,
        printed_on=date(2026, 3, 14),
        review=reviewed(result, note=NOTE),
        previous=previous(),
        assessed_on=date(2026, 3, 10),
    )
    return build_printed_plan(inputs)


@pytest.fixture(scope="module")
def suggested(result: Result, content: Content) -> PrintedPlan:  # noqa: F811
    inputs = PlanInputs(
        person="Kim",
        quarter="2026-Q1",
        result=result,
        sources=content.pack.sources,
        printed_on=TODAY,
    )
    return build_printed_plan(inputs)


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def flat(text: str) -> str:
    return " ".join(text.split())


# What the plan holds -------------------------------------------------------------------------


def test_the_plan_follows_the_review(plan: PrintedPlan, result: Result) -> None:
    assert plan.reviewed
    assert plan.review_closed
    assert plan.coach == "Ana Lucía Pérez"
    verdicts = [d.verdict for d in plan.diagnoses]
    assert verdicts[-1] == "dismiss"  # dismissed diagnoses go last
    assert plan.diagnoses[-1].final is None
    assert [p.mistake for p in plan.profile] == [p.mistake for p in result.profile]
    assert any(a.custom for a in plan.actions)
    assert [a.due for a in plan.actions] == sorted(a.due for a in plan.actions)
    assert [a.number for a in plan.actions] == list(range(1, len(plan.actions) + 1))
    assert {s.role for s in plan.signatures} == {"Engineer", "Coach", "Manager"}
    assert plan.follow_through is not None
    assert (
        plan.follow_through.done,
        plan.follow_through.total,
    ) == (1, 2)


def test_an_action_done_last_quarter_and_planned_again_says_so(
    result: Result,
    content: Content,  # noqa: F811
) -> None:
    again, other = result.actions[0], "not-in-this-plan"
    assert other not in {a.id for a in result.actions}
    items = (
        plan_item("a" * 32, again.id, again.title, status="done"),
        plan_item("b" * 32, other, "Something else", status="done"),
    )
    inputs = PlanInputs(
        person="Kim",
        quarter="2026-Q1",
        result=result,
        sources=content.pack.sources,
        printed_on=TODAY,
        previous=PreviousPlan(quarter="2025-Q4", items=items),
    )
    plan = build_printed_plan(inputs)
    assert plan.follow_through is not None
    words = [row.status_words for row in plan.follow_through.rows]
    assert words == [
        "done; in this plan again, as this quarter's answers still point to it",
        "done",
    ]
    assert again.title in [row.title for row in plan.actions]
    markdown = flat(render_plan(plan, "md").decode())
    # said before the new plan, as in the terminal report
    assert markdown.index("Last quarter's follow-through") < markdown.index("Action plan")


def test_the_timeline_windows(plan: PrintedPlan) -> None:
    windows = {w.label: w.actions for w in plan.timeline}
    due = {a.number: (a.due - plan.plan_start).days for a in plan.actions}
    assert set(windows) == {"Days 1–30", "Days 31–60", "Days 61–90", "After day 90"}
    assert all(due[n] <= 30 for n in windows["Days 1–30"])
    assert all(60 < due[n] <= 90 for n in windows["Days 61–90"])
    assert sorted(n for ns in windows.values() for n in ns) == [a.number for a in plan.actions]


def test_without_a_review_the_suggested_actions_are_the_plan(
    suggested: PrintedPlan, result: Result
) -> None:
    assert not suggested.reviewed
    assert suggested.coach is None
    assert [a.title for a in suggested.actions] == [a.title for a in result.actions]
    assert {a.owner for a in suggested.actions} == {"Engineer"}
    assert all(d.verdict is None for d in suggested.diagnoses)


def test_without_a_review_each_action_prints_its_suggested_success_check(
    suggested: PrintedPlan, result: Result
) -> None:
    checks = [a.success_check for a in result.actions]
    assert all(checks)  # every shipped action has one
    assert [a.success_check for a in suggested.actions] == checks
    _, text = pdf_text(render_plan(suggested, "pdf", "a4"))
    page = render_plan(suggested, "html", "a4").decode()
    markdown = render_plan(suggested, "md").decode()
    assert "Suggested success check" in text
    assert "<th>Suggested success check</th>" in page
    assert "| # | When | Action | First step | Owner | Due | Suggested success check |" in markdown
    for check in checks:
        assert check is not None
        assert flat(check) in text
        assert escape(check) in page
        assert md(check) in markdown
    assert "To agree with your coach" not in text


def test_an_action_with_no_success_check_leaves_it_to_the_coach(
    result: Result,
    content: Content,  # noqa: F811
) -> None:
    bare = result.model_copy(
        update={"actions": tuple(a.replace(success_check=None) for a in result.actions)}
    )
    inputs = PlanInputs(
        person="Kim", quarter="2026-Q1", result=bare, sources=content.pack.sources, printed_on=TODAY
    )
    plan = build_printed_plan(inputs)
    assert {a.success_check for a in plan.actions} == {"To agree with your coach"}


def test_only_cited_works_are_listed(plan: PrintedPlan, result: Result) -> None:
    cited = {
        s for d in result.diagnoses for s in (*d.sources, *(n for r in d.rules for n in r.sources))
    }
    assert {s.number for s in plan.sources} >= cited
    assert [s.number for s in plan.sources] == sorted(s.number for s in plan.sources)


# The PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_the_pdf_holds_every_action_owner_and_due_date(
    plan: PrintedPlan, paper: str, size: tuple[int, int]
) -> None:
    reader, text = pdf_text(render_plan(plan, "pdf", paper))
    assert tuple(round(float(v)) for v in reader.pages[0].mediabox[2:]) == size
    for action in plan.actions:
        assert flat(action.title).replace("🎉", "").strip() in text
        assert flat(action.owner) in text
        assert day_text(action.due) in text
        assert flat(action.success_check) in text
    for needle in (
        PERSON,
        "Ana Lucía Pérez",
        "2026-Q1",
        "14 Mar 2026",
        "Signatures",
        "Sources",
        "30/60/90-day timeline",
        "Last quarter's follow-through",
        "Waiting on calibration",
    ):
        assert needle in text
    assert "<script>alert('x')</script> & cap the hours" in text  # typed text, exactly
    assert "🎉" not in text  # emoji: left out, never a blank box


def test_the_cover_counts_in_words(plan: PrintedPlan) -> None:
    _, text = pdf_text(render_plan(plan, "pdf"))
    kept = sum(1 for d in plan.diagnoses if d.final is not None)
    assert kept > 1
    assert len(plan.diagnoses) == kept + 1  # the Diagnoses pages number all of them
    words = f"{kept} diagnoses (and 1 more, dismissed by the coach), {len(plan.actions)} actions"
    assert words in text
    one = plan.model_copy(update={"diagnoses": plan.diagnoses[:1], "actions": plan.actions[:1]})
    assert "1 diagnosis, 1 action;" in pdf_text(render_plan(one, "pdf"))[1]


def test_the_pdf_shows_the_notices_where_they_apply(content: Content) -> None:  # noqa: F811
    from test_review_support import persona

    _, result = persona(content, "hero")
    assert result.notices
    inputs = PlanInputs(
        person="Sam",
        quarter="2026-Q1",
        result=result,
        sources=content.pack.sources,
        printed_on=TODAY,
    )
    _, text = pdf_text(render_plan(build_printed_plan(inputs), "pdf"))
    for notice in result.notices:
        assert flat(notice.text) in text
        for line in notice.help:
            assert flat(line) in text


def test_the_charts_are_vector_drawings(plan: PrintedPlan) -> None:
    reader, _ = pdf_text(render_plan(plan, "pdf"))
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        assert not [o for o in objects.values() if o.get_object().get("/Subtype") == "/Image"]


def test_an_empty_plan_still_prints(result: Result, content: Content) -> None:  # noqa: F811
    nothing = result.model_copy(update={"diagnoses": (), "actions": (), "notices": ()})
    inputs = PlanInputs(
        person="Lee",
        quarter="2026-Q2",
        result=nothing,
        sources=content.pack.sources,
        printed_on=TODAY,
    )
    _, text = pdf_text(render_plan(build_printed_plan(inputs), "pdf"))
    assert "No mistake was diagnosed" in text
    assert "No actions in the plan yet" in text


# HTML and Markdown ---------------------------------------------------------------------------


def test_the_html_escapes_typed_text_and_prints_on_the_paper(plan: PrintedPlan) -> None:
    page = render_plan(plan, "html", "letter").decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; cap the hours 🎉" in page
    assert "size: letter" in page
    assert "@media print" in page
    assert "break-inside: avoid" in page
    assert "<svg" in page  # the profile, as vector graphics
    for action in plan.actions:
        assert f"{action.number}</td>" in page
    assert page.count("<tr>") >= len(plan.actions) * 2


def test_the_markdown_reads_well_and_escapes(plan: PrintedPlan) -> None:
    text = render_plan(plan, "md").decode()
    assert text.startswith(f"# Career plan: {PERSON}\n")
    assert "&lt;script&gt;" in text
    assert "<script>" not in text
    assert "| # | When | Action | First step | Owner | Due | Success check |" in text
    assert "Suggested success check" not in text  # agreed in the review
    for action in plan.actions:
        assert action.due_words in text
    assert len(re.findall(r"^- \*\*\[\d+\]\*\* ", text, re.MULTILINE)) == len(plan.sources)


def test_default_file_names_are_safe() -> None:
    assert (
        default_file_name("Zoë Ångström", "2026-Q1", "pdf")
        == "career-plan-Zoë-Ångström-2026-Q1.pdf"
    )
    assert (
        default_file_name("../../etc/passwd", "2026-Q1", "md")
        == "career-plan-etc-passwd-2026-Q1.md"
    )
    assert default_file_name(" / ", "2026-Q1", "html") == "career-plan-person-2026-Q1.html"


def test_the_works_cited_are_read_from_the_shipped_pack(content: Content) -> None:  # noqa: F811
    from coach.session import review as service

    assert service.works_cited() == content.pack.sources


def test_every_result_keeps_the_works_it_cites(content: Content) -> None:  # noqa: F811
    from test_review_support import persona

    from coach.content.bundle import SHIPPED_EXAMPLES

    for example in sorted(SHIPPED_EXAMPLES.glob("*.yaml")):
        _, result = persona(content, example.stem)
        cited = {n for d in result.diagnoses for n in d.sources}
        cited |= {n for d in result.diagnoses for r in d.rules for n in r.sources}
        cited |= {n for a in result.actions for n in a.sources}
        assert [w.number for w in result.works] == sorted(cited), example.name
        for work in result.works:
            source = content.pack.sources[work.number]
            assert (work.title, work.url) == (source.title, source.url)


def test_a_broken_sources_file_is_a_located_content_error(tmp_path: Path) -> None:
    from coach.errors import ContentError
    from coach.session.review import works_cited

    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: one\n    title: x\n", encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"sources.yaml:2:\d+: sources\[0\]"):
        works_cited(tmp_path)
    with pytest.raises(ContentError, match="no sources.yaml"):
        works_cited(tmp_path / "nowhere")


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_the_first_diagnoses_come_with_their_evidence_the_others_with_their_rules(
    suggested: PrintedPlan, fmt: str
) -> None:
    # a plan to take home puts first what matters most: beyond pack.yaml's `plan.primary`
    # diagnoses, the rules that found one are named and its evidence is left to the report
    first = [v for v in suggested.diagnoses if v.primary]
    others = [v for v in suggested.diagnoses if not v.primary and v.final is not None]
    assert first
    assert others
    data = render_plan(suggested, fmt)
    text = flat(pdf_text(data)[1]) if fmt == "pdf" else flat(data.decode("utf-8"))
    answer = first[0].rules[0].evidence[0].answer
    assert flat(answer) in text
    # a question a diagnosis given in full also reads (months in the role) is shown there
    shown = {line.question for view in first for rule in view.rules for line in rule.evidence}
    for view in others:
        titles = "; ".join(rule.title for rule in view.rules)
        assert flat(f"Found by: {titles}.") in text
        for rule in view.rules:
            for line in rule.evidence:
                if line.question not in shown:
                    assert flat(f"{line.question} → ") not in text, line.question
