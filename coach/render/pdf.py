"""The printed plan as a PDF (reportlab platypus), on A4 or Letter.

Only this package imports reportlab, and only when a PDF is made: the CLI imports this module
inside `coach plan`, so `coach --help` never loads it.
"""

from __future__ import annotations

import io
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
from coach.render.common import NOTHING_DIAGNOSED
from coach.render.fonts import REGULAR, font_set
from coach.review.printed import day_text

Paper = Literal["a4", "letter"]
PAPERS: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
KEEP_TIMELINE_WHOLE = 12  # actions; a timeline this short moves to the next page whole


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
    """Everything the PDF shows, in order."""
    flow: list[Flowable] = parts.cover(plan, kit)
    flow += [NextPageTemplate("body"), PageBreak()]
    flow += parts.judgement(plan, kit)
    flow += _diagnoses(plan, kit)
    keep = parts.keep_doing(plan, kit)
    if keep:
        flow += [Spacer(1, 8), KeepTogether(keep)]
    flow += [CondPageBreak(50 * mm), kit.p("Action plan", "h1")]
    if not plan.reviewed:
        flow.append(
            kit.p(
                "Suggested actions from the assessment, best first. Owners, due dates and success "
                "checks are proposals until you agree them with a coach (coach review).",
                "muted",
            )
        )
        flow.append(Spacer(1, 4))
    flow.append(parts.action_table(plan, kit))
    flow += [kit.p(f"Left out of the plan: {line}", "muted") for line in plan.judgement.left_out]
    timeline = [kit.p("30/60/90-day timeline", "h1"), *parts.timeline(plan, kit)]
    if len(plan.actions) <= KEEP_TIMELINE_WHOLE:
        flow += [Spacer(1, 10), KeepTogether(timeline)]
    else:  # a long one may break across pages rather than leave most of one empty
        flow += [Spacer(1, 10), CondPageBreak(60 * mm), *timeline]
    if plan.follow_through is not None:
        flow += [Spacer(1, 10), *parts.follow_through(plan, kit)]
    if plan.brag is not None:
        flow += [Spacer(1, 10), *parts.brag(plan, kit)]
    if plan.job is not None:
        flow += [Spacer(1, 10), *parts.job(plan, kit)]
    if plan.review_notes:
        flow += [kit.p("Notes on the review", "h1"), kit.p(plan.review_notes)]
    # Signatures close the plan; the works cited follow as its appendix.
    flow += [Spacer(1, 14), parts.signatures(plan, kit)]
    flow += [Spacer(1, 10), CondPageBreak(45 * mm), *parts.sources(plan, kit)]
    return flow


def _diagnoses(plan: PrintedPlan, kit: parts.Kit) -> list[Flowable]:
    flow: list[Flowable] = [kit.p("Diagnoses", "h1")]
    for notice in plan.notices:
        flow.append(parts.notice_box(notice, kit))
    if not plan.diagnoses:
        flow.append(kit.p(NOTHING_DIAGNOSED))
    for number, view in enumerate(plan.diagnoses, start=1):
        flow += parts.diagnosis_block(view, number, kit)
    if plan.judgement.also_worth_a_look:
        also = "; ".join(plan.judgement.also_worth_a_look)
        flow.append(kit.p(f"Also worth a look (after the first three): {also}.", "muted"))
    return flow


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
