"""The printed plan as a PDF (reportlab platypus), on A4 or Letter.

Only this package imports reportlab, and only when a PDF is made: the CLI imports this module
inside `coach plan`, so `coach --help` never loads it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, Literal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from coach.model.plan import PrintedPlan
from coach.render import pdf_sections as parts
from coach.render.charts import ACCENT, MUTED
from coach.render.common import (
    NOTHING_DIAGNOSED,
    SECTIONS,
    SUGGESTED_ACTIONS_INTRO,
    diagnosis_groups,
)
from coach.render.fonts import REGULAR, font_set
from coach.review.printed import day_text

Paper = Literal["a4", "letter"]
PAPERS: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
KEEP_TIMELINE_WHOLE = 12  # actions; a timeline this short moves to the next page whole
Section = Callable[[PrintedPlan, parts.Kit], list[Flowable]]


def render_pdf(plan: PrintedPlan, paper: Paper = "a4") -> bytes:
    """The plan as PDF bytes."""
    fonts = font_set()
    size = PAPERS[paper]
    width = size[0] - 2 * MARGIN
    kit = parts.Kit(fonts=fonts, width=width, styles=parts.make_styles())
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Career plan: {plan.person}, {plan.quarter}",
        author=plan.coach or "coach",
        subject="Quarterly career check-up",
        creator="coach",
        pageCompression=1,
    )
    footer = _Footer(plan)
    # No frame padding: `width` is exactly what tables and long links may use.
    flush = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    cover_frame = Frame(MARGIN, MARGIN, width, size[1] - 2 * MARGIN, id="cover", **flush)
    body_height = size[1] - 2 * MARGIN - 12 * mm
    body_frame = Frame(MARGIN, MARGIN + 6 * mm, width, body_height, id="body", **flush)
    doc.addPageTemplates(
        [
            PageTemplate("cover", [cover_frame], onPage=footer.cover),
            PageTemplate("body", [body_frame], onPage=footer.body),
        ]
    )
    doc.build(story(plan, kit), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def story(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    """Everything the PDF shows, section by section in the order all formats share."""
    flow: list[Flowable] = []
    for name in SECTIONS:
        flow += _SECTIONS[name](plan, kit)
    return flow


def _cover(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    return [*parts.cover(plan, kit), NextPageTemplate("body"), PageBreak()]


def _diagnoses(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    flow: list[Flowable] = [kit.p("Diagnoses", "h1")]
    for notice in plan.notices:
        flow.append(parts.notice_box(notice, kit))
    if not plan.diagnoses:
        flow.append(kit.p(NOTHING_DIAGNOSED))
    for group in diagnosis_groups(plan):
        if group.label:
            lead = [kit.p(group.label, "h2")] + ([kit.p(group.line, "muted")] if group.line else [])
            flow += [CondPageBreak(35 * mm), *lead]
        for number, view in group.items:
            flow += parts.diagnosis_block(view, number, kit)
    return flow


def _keep_doing(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    keep = parts.keep_doing(plan, kit)
    return [Spacer(1, 8), KeepTogether(keep)] if keep else []


def _actions(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    flow: list[Flowable] = [CondPageBreak(50 * mm), kit.p("Action plan", "h1")]
    if not plan.reviewed:
        flow.append(kit.p(SUGGESTED_ACTIONS_INTRO, "muted"))
        flow.append(Spacer(1, 4))
    flow.append(parts.action_table(plan, kit))
    if plan.judgement.left_out:
        flow.append(Spacer(1, 4))
    flow += [kit.p(f"Left out of the plan: {line}", "muted") for line in plan.judgement.left_out]
    return flow


def _timeline(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    timeline = [kit.p("30/60/90-day timeline", "h1"), *parts.timeline(plan, kit)]
    if len(plan.actions) <= KEEP_TIMELINE_WHOLE:
        return [Spacer(1, 10), KeepTogether(timeline)]
    # a long one may break across pages rather than leave most of one empty
    return [Spacer(1, 10), CondPageBreak(60 * mm), *timeline]


def _spaced(section: Callable[[PrintedPlan, parts.Kit], list[Flowable]]) -> Section:
    def spaced(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
        flow = section(plan, kit)
        return [Spacer(1, 10), *flow] if flow else []

    return spaced


def _notes(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    if not plan.review_notes:
        return []
    return [kit.p("Notes on the review", "h1"), kit.p(plan.review_notes)]


# Signatures close the plan; the works cited follow as its appendix.
def _signatures(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    return [Spacer(1, 14), parts.signatures(plan, kit)]


def _sources(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    return [Spacer(1, 10), CondPageBreak(45 * mm), *parts.sources(plan, kit)]


_SECTIONS: dict[str, Section] = {
    "cover": _cover,
    "judgement": parts.judgement,
    "diagnoses": _diagnoses,
    "keep_doing": _keep_doing,
    "actions": _actions,
    "timeline": _timeline,
    "follow_through": _spaced(parts.follow_through),
    "brag": _spaced(parts.brag),
    "job": _spaced(parts.job),
    "notes": _notes,
    "signatures": _signatures,
    "sources": _sources,
}


class _Footer:
    """The running footer: whose plan, which quarter, and the page number."""

    def __init__(self, plan: PrintedPlan) -> None:
        text = f"Career plan · {plan.person} · {plan.quarter} · printed {day_text(plan.printed_on)}"
        self.pieces = font_set().pieces(text)

    def cover(self, canvas: Canvas, doc: Any) -> None:
        """The cover has only the 'private' line."""
        del doc
        self._private(canvas)

    def body(self, canvas: Canvas, doc: Any) -> None:
        """Pages after the cover: who, what, and a rule above the footer."""
        canvas.saveState()
        width = doc.pagesize[0]
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 3 * mm, width - MARGIN, MARGIN + 3 * mm)
        canvas.setFillColor(MUTED)
        x = MARGIN
        for name, run in self.pieces:
            canvas.setFont(name, 7.5)
            canvas.drawString(x, MARGIN, run)
            x += canvas.stringWidth(run, name, 7.5)
        canvas.restoreState()

    def _private(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(MARGIN, MARGIN - 4 * mm, "Private: personal career information.")
        canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes 'page N of M' once the number of pages is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        """Keep the page's state; it is drawn in `save`."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Draw every page with its number, then write the file."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self.setFont(REGULAR, 7.5)
                self.setFillColor(MUTED)
                right = self._pagesize[0] - MARGIN
                self.drawRightString(right, MARGIN, f"page {self._pageNumber} of {total}")
            super().showPage()
        super().save()
