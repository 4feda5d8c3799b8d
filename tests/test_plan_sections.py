"""The printed plan's diagnoses section and the order of its sections, in every format.

What a reader of the printed page notices: each diagnosis named once, one line saying how many
came in full (the pack's `plan.primary`, never a number written in the code), and the sections
in the same order in the PDF, the HTML and the Markdown.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_review_support import TODAY, content, heads_down, persona, reviewed  # noqa: F401

from coach.content.bundle import Content, load_content
from coach.content.places import SHIPPED_RULES
from coach.model.plan import PlanItem, PreviousPlan, PrintedPlan
from coach.model.results import Result
from coach.render import render_plan
from coach.review.printed import PlanInputs, build_printed_plan

FORMATS = ["pdf", "html", "md"]


def text_of(plan: PrintedPlan, fmt: str) -> str:
    """The plan's text as a reader sees it, spaces collapsed (the PDF's as pypdf reads it)."""
    data = render_plan(plan, fmt)
    if fmt == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    else:
        text = data.decode("utf-8").replace("&#x27;", "'").replace("\\", "")
    return " ".join(text.split())


def diagnoses_section(text: str, plan: PrintedPlan) -> str:
    """From the first diagnosis's heading to the action plan."""
    start = text.index(f"1. {plan.diagnoses[0].title}")
    return text[start : text.index("Action plan", start)]


def printed(result: Result, content: Content, **more: object) -> PrintedPlan:  # noqa: F811
    inputs = PlanInputs(
        person="Kim",
        quarter="2026-Q1",
        result=result,
        sources=content.pack.sources,
        printed_on=TODAY,
        **more,  # type: ignore[arg-type]
    )
    return build_printed_plan(inputs)


def pack_with_primary(tmp_path: Path, primary: int) -> Content:
    """A copy of the shipped pack that gives `primary` diagnoses in full."""
    pack = tmp_path / f"primary-{primary}"
    shutil.copytree(SHIPPED_RULES, pack)
    manifest = pack / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "\n  primary: 3\n" in text
    manifest.write_text(text.replace("\n  primary: 3\n", f"\n  primary: {primary}\n"))
    return load_content(pack)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_folded_diagnosis_is_named_once(
    heads_down: tuple[dict[str, object], Result],  # noqa: F811
    content: Content,  # noqa: F811
    fmt: str,
) -> None:
    plan = printed(heads_down[1], content)
    folded = [v for v in plan.diagnoses if not v.primary]
    assert len(folded) == 2  # heads-down: five diagnoses, the shipped pack gives three in full
    section = diagnoses_section(text_of(plan, fmt), plan)
    for view in plan.diagnoses:
        assert section.count(view.title) == 1, view.title
    assert section.count("Also worth a look") == 1
    assert section.count("Beyond the first 3 diagnoses") == 1
    assert section.count("coach show --all") == 1  # said once, not under each diagnosis
    # "three months" is in answers shown as evidence (the months in role, the hours question
    # that the short-week exit rules read since 1.9.0), not the number of diagnoses in full
    assert "three" not in section.replace("three months", "")
    # the folded ones come after the line, numbered on from those in full
    line = section.index("Beyond the first 3 diagnoses")
    assert all(section.index(f"{n}. {v.title}") > line for n, v in enumerate(folded, start=4))


@pytest.mark.parametrize(
    ("primary", "line"),
    [(1, "Beyond the first diagnosis,"), (2, "Beyond the first 2 diagnoses,")],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_pack_says_how_many_diagnoses_come_in_full(
    tmp_path: Path, fmt: str, primary: int, line: str
) -> None:
    pack = pack_with_primary(tmp_path, primary)
    _, result = persona(pack, "heads-down")
    plan = printed(result, pack)
    section = diagnoses_section(text_of(plan, fmt), plan)
    assert section.count(line) == 1
    shown, hidden = plan.diagnoses[primary - 1], plan.diagnoses[primary]
    assert shown.rules[0].evidence[0].question in section  # in full, with its answers
    titles = "; ".join(rule.title for rule in hidden.rules)
    assert f"Found by: {titles}." in section  # folded: the rules that found it, no answers
    assert hidden.rules[0].evidence[0].question not in section
    assert section.index(line) < section.index(f"{primary + 1}. {hidden.title}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_dismissed_diagnosis_gives_its_place_in_full_to_the_next(
    heads_down: tuple[dict[str, object], Result],  # noqa: F811
    content: Content,  # noqa: F811
    fmt: str,
) -> None:
    # the review dismisses the third of three in full: the fourth takes its place, with its
    # answers; the dismissed one goes last, on its own
    result = heads_down[1]
    assert [d.primary for d in result.diagnoses] == [True, True, True, False, False]
    plan = printed(result, content, review=reviewed(result))
    section = diagnoses_section(text_of(plan, fmt), plan)
    assert section.count("Beyond the first 3 diagnoses,") == 1
    promoted = plan.diagnoses[2]
    assert promoted.primary
    assert promoted.mistake not in {d.mistake for d in result.diagnoses if d.primary}
    assert promoted.rules[0].evidence[0].question in section
    assert section.index(f"3. {promoted.title}") < section.index("Beyond the first 3 diagnoses,")
    dismissed = plan.diagnoses[-1]
    assert dismissed.final is None
    assert not dismissed.primary
    label = section.index("Dismissed in the review")
    assert section.index("Beyond the first 3 diagnoses,") < label
    assert section.index(f"5. {dismissed.title}") > label
    assert section.count(dismissed.title) == 1


HEADINGS = {  # what each section prints first, when it prints anything
    "diagnoses": "Diagnoses",
    "keep_doing": "Keep doing",
    "actions": "Action plan",
    "timeline": "30/60/90-day timeline",
    "follow_through": "Last quarter's follow-through",
    "notes": "Notes on the review",
    "signatures": "Signatures",
    "sources": "Sources",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_prints_the_sections_in_one_order(
    heads_down: tuple[dict[str, object], Result],  # noqa: F811
    content: Content,  # noqa: F811
    fmt: str,
) -> None:
    from coach.render.common import SECTIONS

    result = heads_down[1]
    previous = PreviousPlan(
        quarter="2025-Q4",
        items=(
            PlanItem(
                uid="a", title="Old", owner="engineer", due=date(2025, 11, 3), success_check="x"
            ),
        ),
    )
    review = reviewed(result).model_copy(update={"notes": "Talk again in May."})
    plan = printed(result, content, review=review, previous=previous)
    assert plan.judgement.keep_doing
    text = text_of(plan, fmt)
    at = text.index(plan.person)  # the cover comes first
    for name in SECTIONS:
        if name in HEADINGS:
            found = text.find(HEADINGS[name], at)
            assert found > at, f"{name} is missing or out of order in the {fmt}"
            at = found


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_rules_title_never_ends_a_page_without_its_reasoning(
    content: Content,  # noqa: F811
    paper: str,
) -> None:
    # Dana's plan: on A4 a rule's title once closed page 2 and its reasoning opened page 3
    _, result = persona(content, "hero-bullying-team")
    reader = PdfReader(io.BytesIO(render_plan(printed(result, content), "pdf", paper)))
    for number, page in enumerate(reader.pages, start=1):
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        last = lines[-2] if lines[-1].startswith("page ") else lines[-1]
        assert not re.search(r"\((low|medium|high|critical); sources [\d, ]+\)$", last), (
            f"page {number} ends with {last!r}"
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_an_agreed_plan_says_it_was_agreed_above_the_signatures(
    heads_down: tuple[dict[str, object], Result],  # noqa: F811
    content: Content,  # noqa: F811
    fmt: str,
) -> None:
    result = heads_down[1]
    suggested = text_of(printed(result, content), fmt)
    assert "We have agreed this plan" not in suggested
    assert "Sign once you have agreed this plan with a coach (coach review)." in suggested
    agreed = text_of(printed(result, content, review=reviewed(result)), fmt)
    assert "We have agreed this plan and will review it at the next check-up." in agreed


def printed_from_the_browser(html: bytes, tmp_path: Path) -> list[str]:
    """The HTML plan printed to PDF by headless Chromium: each page's text, spaces collapsed."""
    from browser import FLAGS, chromium_or_skip

    page, pdf = tmp_path / "plan.html", tmp_path / "plan.pdf"
    page.write_bytes(html)
    flags = [f for f in FLAGS if f != "--remote-debugging-pipe"]
    subprocess.run(
        [
            chromium_or_skip(),
            *flags,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]


def test_the_printed_html_gives_no_short_section_a_page_of_its_own(
    content: Content,  # noqa: F811
    tmp_path: Path,
) -> None:
    # Sasha's answers contradict each other: "Answers to check" opens the page of the
    # diagnoses, and "Keep doing" follows the last diagnosis, as in the PDF
    _, result = persona(content, "contradictory")
    plan = printed(result, content)
    assert plan.judgement.consistency
    assert plan.judgement.keep_doing
    pages = printed_from_the_browser(render_plan(plan, "html"), tmp_path)
    checks = next(p for p in pages if "Answers to check" in p)
    assert "Diagnoses" in checks
    keep = next(p for p in pages if "Keep doing" in p)
    assert not keep.startswith("Keep doing"), keep[:80]


@pytest.mark.parametrize("stage", ["observe", "test", "decide"])
def test_the_phase_in_the_role_is_said_once(
    heads_down: tuple[dict[str, object], Result],  # noqa: F811
    content: Content,  # noqa: F811
    stage: str,
) -> None:
    from coach.engine.judgement import tenure_now

    found = next(s for s in content.pack.manifest.plan.tenure if s.id == stage)
    whole = found.months[1]
    month = whole + 1  # whole months in the role, said as the month one is in
    result = heads_down[1].model_copy(update={"tenure": tenure_now((found, whole))})
    plan = printed(result, content)
    assert plan.judgement.tenure is not None
    assert plan.judgement.tenure.startswith(f"Month {month} in the role: {found.title} phase. ")
    for fmt in FORMATS:
        text = text_of(plan, fmt)
        head = text[: text.index("Diagnoses", text.index(f"Month {month} in the role"))]
        line = head[head.index(f"Month {month} in the role") :]
        assert line.count(f"Month {month}") == 1, line
        assert line.count("six-month verdict") == 1, line
