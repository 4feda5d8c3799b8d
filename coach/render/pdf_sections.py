"""The sections of the PDF plan as platypus flowables: cover, diagnoses, tables, signatures.

Every piece of text goes through `FontSet.markup`, which escapes it for Paragraph markup and
switches fonts for scripts the main font lacks; nothing typed is ever parsed as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from coach.model.links import link_target
from coach.model.plan import DiagnosisView, PrintedPlan, RuleView
from coach.model.results import NoticeOut
from coach.render.charts import (
    ACCENT,
    FAINT,
    INK,
    MUTED,
    SEVERITY_COLOURS,
    STRIPE,
    profile_chart,
    timeline_axis,
    timeline_track,
)
from coach.render.common import (
    SOURCES_INTRO,
    check_heading,
    cover_facts,
    follow_through_summary,
    found_by,
    keep_doing_lines,
    signatures_intro,
    verdict_words,
)
from coach.render.fonts import BOLD, REGULAR, FontSet
from coach.review.printed import DayScale, day_text

NOTICE_BG = colors.HexColor("#FFF4E5")
NOTICE_EDGE = colors.HexColor("#C77700")
NOTE_BG = colors.HexColor("#EEF4FA")


@dataclass
class Kit:
    """What every section needs: the fonts, the styles and the usable width."""

    fonts: FontSet
    width: float
    styles: dict[str, ParagraphStyle]

    def p(self, text: str, style: str = "body", *, raw: str = "") -> Paragraph:
        """A paragraph of `text` (escaped, fonts switched), with optional trusted markup after."""
        chosen = self.styles[style]
        return Paragraph(self.fonts.markup(text, bold=chosen.fontName == BOLD) + raw, chosen)

    def m(self, text: str, *, bold: bool = False) -> str:
        """`text` as Paragraph markup; `bold` when it is drawn bold (style or `<b>`)."""
        return self.fonts.markup(text, bold=bold)


def make_styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the plan."""
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13, textColor=INK)

    def style(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "body": base,
        "small": style("small", fontSize=8, leading=10.5),
        "muted": style("muted", fontSize=8, leading=10.5, textColor=MUTED),
        "cell": style("cell", fontSize=8, leading=10, alignment=TA_LEFT),
        "cell-bold": style("cell-bold", fontName=BOLD, fontSize=8, leading=10),
        "head-cell": style(
            "head-cell", fontName=BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "h1": style(
            "h1",
            fontName=BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=4,
            spaceAfter=8,
            textColor=ACCENT,
        ),
        "h2": style("h2", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4),
        "h3": style("h3", fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=5, spaceAfter=1),
        "cover-kicker": style("cover-kicker", fontSize=11, leading=14, textColor=colors.white),
        "cover-title": style(
            "cover-title", fontName=BOLD, fontSize=26, leading=31, textColor=colors.white
        ),
        "cover-name": style("cover-name", fontName=BOLD, fontSize=22, leading=28, spaceBefore=18),
        "cover-fact": style("cover-fact", fontSize=10.5, leading=14),
        "cover-label": style("cover-label", fontSize=9, leading=14, textColor=MUTED),
        "note": style("note", fontSize=9, leading=12.5),
        "bullet": style("bullet", fontSize=8.5, leading=11, leftIndent=10, bulletIndent=2),
        "verdict": style("verdict", fontSize=8, leading=10.5, textColor=MUTED, alignment=TA_RIGHT),
        # A work cited is never cut to one line on either page (title here, link over there).
        "source": style("source", fontSize=7.5, leading=9.5, spaceBefore=2, allowWidows=0),
        "sign": style("sign", fontSize=9, leading=12, textColor=MUTED),
    }


# The cover ---------------------------------------------------------------------------------


def cover(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """Name, quarter, date and coach, what the plan is, and the profile chart."""
    band = Table(
        [
            [kit.p("Quarterly career check-up", "cover-kicker")],
            [kit.p("Career plan", "cover-title")],
        ],
        colWidths=[kit.width],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, 0), 16),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 16),
            ]
        ),
    )
    rows = [
        [kit.p(label, "cover-label"), kit.p(value, "cover-fact")]
        for label, value in cover_facts(plan)
    ]
    table = Table(rows, colWidths=[28 * mm, kit.width - 28 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    counts = _cover_counts(plan)
    return [
        band,
        kit.p(plan.person, "cover-name"),
        Spacer(1, 4),
        table,
        Spacer(1, 8),
        kit.p(counts, "muted"),
        Spacer(1, 16),
        kit.p("Your profile across the seven mistakes", "h2"),
        profile_chart(plan.profile, kit.width, kit.fonts),
        Spacer(1, 6),
        kit.p(plan.content_line, "muted"),
        Spacer(1, 18),
        kit.p("How to use this plan", "h2"),
        kit.p(
            "Start with the first action this week. Keep the plan where you will see it, note "
            "when each action is done, and bring it to your next check-up: it starts by looking "
            "at how this plan went. The diagnoses explain why each action is here; the numbers "
            "in brackets point to the sources at the end."
        ),
    ]


def _cover_counts(plan: PrintedPlan) -> str:
    kept = sum(1 for d in plan.diagnoses if d.final is not None)
    dismissed = len(plan.diagnoses) - kept
    words = f"{kept} " + ("diagnosis" if kept == 1 else "diagnoses")
    if dismissed:
        # the Diagnoses pages number them all: "4 diagnoses" alone would read as all of them
        words += f" (and {dismissed} more, dismissed by the coach)"
    words += f", {len(plan.actions)} action" + ("" if len(plan.actions) == 1 else "s")
    if plan.actions:
        first = min(a.due for a in plan.actions)
        words += f"; the first is due on {day_text(first)}"
    return words + "."


# Notices and diagnoses -----------------------------------------------------------------------


def notice_box(notice: NoticeOut, kit: Kit) -> Flowable:
    """A 'not a diagnosis' notice with where to get help, kept on one page."""
    body: list[Flowable] = [kit.p(notice.title, "h3"), kit.p(notice.text, "note"), Spacer(1, 3)]
    body += [Paragraph(kit.m(line), kit.styles["bullet"], bulletText="•") for line in notice.help]
    box = Table([[body]], colWidths=[kit.width])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), NOTICE_BG),
                ("LINEBEFORE", (0, 0), (0, -1), 3, NOTICE_EDGE),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return KeepTogether([box, Spacer(1, 8)])


def diagnosis_block(view: DiagnosisView, number: int, kit: Kit) -> list[Flowable]:
    """One diagnosis: heading with severity, summary, the coach's note, each rule's reasons."""
    colour = SEVERITY_COLOURS[view.final] if view.final else MUTED
    head = Table(
        [[kit.p(f"{number}. {view.title}", "h3"), kit.p(verdict_words(view), "verdict")]],
        colWidths=[kit.width * 0.55, kit.width * 0.45],
        style=TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, 0), 3, colour),
                ("LEFTPADDING", (0, 0), (0, 0), 7),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )
    parts: list[Flowable] = [CondPageBreak(40 * mm if view.final else 25 * mm), head]
    parts.append(kit.p(view.summary, "small"))
    if view.reason:
        parts.append(_note_box("Why the coach dismissed it", view.reason, kit))
    if view.note:
        parts.append(_note_box("Coach's notes", view.note, kit))
    if view.final is not None and view.primary:
        for rule in view.rules:
            parts += _rule(rule, kit)
    elif view.final is not None:
        parts.append(kit.p(found_by(view), "small"))
    parts.append(Spacer(1, 8))
    return parts


def _note_box(label: str, text: str, kit: Kit) -> Flowable:
    cell = [kit.p(label, "cell-bold"), kit.p(text, "note")]
    return Table(
        [[cell]],
        colWidths=[kit.width],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), NOTE_BG),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
        spaceBefore=4,
    )


def _rule(rule: RuleView, kit: Kit) -> list[Flowable]:
    sources = ", ".join(str(s) for s in rule.sources)
    head = (
        kit.m(rule.title, bold=True)
        + f' <font color="#5F6B7A" size="7.5">({rule.severity}; sources {sources})</font>'
    )
    # The rule's title never ends a page alone: it stays with its reasoning.
    lines: list[Flowable] = [
        KeepTogether([Paragraph(head, kit.styles["cell-bold"]), kit.p(rule.because, "small")])
    ]
    for evidence in rule.evidence:
        # → is not in Helvetica's encoding: reportlab draws it from the base-14 Symbol font.
        arrow = " → includes <b>" if evidence.ticked else " → <b>"
        text = kit.m(evidence.question) + arrow + kit.m(evidence.answer, bold=True) + "</b>"
        if evidence.tests:
            text += f' <font color="#5F6B7A">({kit.m("; ".join(evidence.tests))})</font>'
        lines.append(Paragraph(text, kit.styles["bullet"], bulletText="•"))
    return [Spacer(1, 3), *lines]


# The action plan and the timeline ----------------------------------------------------------

TABLE_LOOK = [
    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 1), (-1, -1), 0.4, FAINT),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
]


def action_table(plan: PrintedPlan, kit: Kit) -> Flowable:
    """The action plan: action, first step, owner, due date, success check."""
    widths = [0.04, 0.08, 0.16, 0.27, 0.10, 0.11, 0.24]
    head = ["#", "When", "Action", "First step", "Owner", "Due", check_heading(plan)]
    rows: list[list[Any]] = [[kit.p(h, "head-cell") for h in head]]
    for row in plan.actions:
        title = kit.m(row.title, bold=True) + (
            ' <font color="#5F6B7A" size="7">(custom)</font>' if row.custom else ""
        )
        step = row.first_step or "—"
        rows.append(
            [
                kit.p(str(row.number), "cell"),
                kit.p(row.stage or "—", "cell"),
                Paragraph(title, kit.styles["cell-bold"]),
                Paragraph(
                    kit.m(step)
                    + (f' <font color="#5F6B7A">({kit.m(row.note)})</font>' if row.note else ""),
                    kit.styles["cell"],
                ),
                kit.p(row.owner, "cell"),
                kit.p(row.due_words.replace(" (", "\n(", 1), "cell"),  # "(in" never ends a line
                kit.p(row.success_check, "cell"),
            ]
        )
    table = Table(rows, colWidths=[kit.width * w for w in widths], repeatRows=1)
    stripes = [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(rows), 2)]
    table.setStyle(TableStyle(TABLE_LOOK + stripes))
    return table


def timeline(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """The 30/60/90-day timeline: one track per action, a diamond on its due day."""
    if not plan.actions:
        return [kit.p("No actions in the plan yet.", "muted")]
    pad = 4.0
    number_w, title_w, due_w = kit.width * 0.05, kit.width * 0.33, kit.width * 0.13
    track_w = kit.width - number_w - title_w - due_w - 4 * 2 * pad
    days = {a.number: (a.due - plan.plan_start).days for a in plan.actions}
    scale = DayScale(max(days.values()))
    start = kit.p(f"from {day_text(plan.plan_start)}", "muted")
    axis = timeline_axis(scale, track_w, kit.fonts)
    rows: list[list[Any]] = [["", start, axis, kit.p("Due", "muted")]]
    for action in plan.actions:
        rows.append(
            [
                kit.p(str(action.number), "cell"),
                kit.p(action.title, "cell"),
                timeline_track(scale, track_w, days[action.number]),
                kit.p(day_text(action.due), "cell"),
            ]
        )
    widths = [w + 2 * pad for w in (number_w, title_w, track_w, due_w)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, FAINT),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [table]


def follow_through(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """Last quarter's plan and how each action went."""
    done = plan.follow_through
    if done is None:
        return []
    head = ["Action", "Owner", "Due", "How it went", "Note"]
    rows: list[list[Any]] = [[kit.p(h, "head-cell") for h in head]]
    for row in done.rows:
        rows.append(
            [
                kit.p(row.title, "cell-bold"),
                kit.p(row.owner, "cell"),
                kit.p(day_text(row.due), "cell"),
                kit.p(row.status_words, "cell"),
                kit.p(row.note or "", "cell"),
            ]
        )
    widths = [0.26, 0.13, 0.12, 0.24, 0.25]
    table = Table(rows, colWidths=[kit.width * w for w in widths], repeatRows=1)
    table.setStyle(TableStyle(TABLE_LOOK))
    heading = kit.p(f"Last quarter's follow-through ({done.quarter})", "h1")
    return [KeepTogether([heading, kit.p(follow_through_summary(done)), Spacer(1, 4), table])]


def brag(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """The quarter's brag document in figures, and its empty weeks."""
    view = plan.brag
    if view is None:
        return []
    flow: list[Flowable] = [kit.p(f"Brag document ({view.quarter})", "h1"), kit.p(view.sentence)]
    if view.gaps:
        flow.append(kit.p(f"Weeks with no entry: {', '.join(view.gaps)}.", "muted"))
    return [KeepTogether(flow)]


def job(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """The six-month verdict: phases with their start dates, the tests, the verdict."""
    view = plan.job
    if view is None:
        return []
    at = f" at {view.company}" if view.company else ""
    rows: list[list[Any]] = [
        [kit.p(h, "head-cell") for h in ("Phase", "Months", "From", "What to do")]
    ]
    for step in view.steps:
        title = f"{step.title} (now)" if step.current else step.title
        rows.append(
            [
                kit.p(title, "cell-bold" if step.current else "cell"),
                kit.p(step.months, "cell"),
                kit.p(day_text(step.starts), "cell"),
                kit.p(step.what, "cell"),
            ]
        )
    table = Table(rows, colWidths=[kit.width * w for w in (0.16, 0.1, 0.14, 0.6)])
    table.setStyle(TableStyle(TABLE_LOOK))
    tests = "; ".join(f"{test}: {outcome}" for test, outcome in view.tests)
    flow: list[Flowable] = [
        kit.p("Six-month verdict", "h1"),
        kit.p(f"Started{at} on {day_text(view.started)}; now in month {view.month}."),
        Spacer(1, 4),
        table,
        Spacer(1, 4),
        kit.p(f"Tests of months 4-6: {tests}."),
    ]
    if view.verdict:
        flow.append(kit.p(f"Verdict: {view.verdict}", "cell-bold"))
    return [KeepTogether(flow)]


# Sources and signatures ----------------------------------------------------------------------


def sources(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """The works cited, by their numbers in the research's list, with links."""
    parts: list[Flowable] = [kit.p("Sources", "h1")]
    parts.append(kit.p(SOURCES_INTRO, "muted"))
    for source in plan.sources:
        target = link_target(source.url)  # the one link policy: anything else is plain text
        lines = [kit.m(line) for line in url_lines(source.url, kit.width - 2, 7.5)]
        links = "<br/>".join(
            f'<link href="{escape(target)}" color="#2B5C8A">{line}</link>' if target else line
            for line in lines
        )
        text = f"<b>[{source.number}]</b> {kit.m(source.title)}<br/>{links}"
        parts.append(Paragraph(text, kit.styles["source"]))
    return parts


def url_lines(url: str, width: float, size: float) -> list[str]:
    """A long URL cut into lines that fit `width`, after a '/', '-', '?' or '&' where possible."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = re.findall(r"[^/?&-]*[/?&-]?", url)
    lines, line = [], ""
    for piece in (p for p in pieces if p):
        if line and stringWidth(line + piece, REGULAR, size) > width:
            lines.append(line)
            line = ""
        line += piece
    return [*lines, line] if line else lines


def signatures(plan: PrintedPlan, kit: Kit) -> Flowable:
    """Signature lines: the engineer, the coach and (owning an action) the manager."""
    rows = []
    for signature in plan.signatures:
        who = signature.role + (f" — {signature.name}" if signature.name else "")
        rows.append(["", "", ""])
        rows.append([kit.p(who, "sign"), "", kit.p("Date", "sign")])
    table = Table(
        rows,
        colWidths=[kit.width * 0.6, kit.width * 0.1, kit.width * 0.3],
        rowHeights=[24, 14] * len(plan.signatures),
    )
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
    for index in range(len(plan.signatures)):
        style.append(("LINEBELOW", (0, index * 2), (0, index * 2), 0.7, INK))
        style.append(("LINEBELOW", (2, index * 2), (2, index * 2), 0.7, INK))
    table.setStyle(TableStyle(style))
    intro = kit.p(signatures_intro(plan), "body")
    return KeepTogether([kit.p("Signatures", "h1"), intro, Spacer(1, 6), table])


def judgement(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """Where the person is in the role, answers to check, and what was not assessed."""
    j = plan.judgement
    flow: list[Flowable] = []
    if j.tenure:
        flow += [
            Paragraph(f"<b>{kit.m(j.tenure, bold=True)}</b>", kit.styles["body"]),
            Spacer(1, 6),
        ]
    if j.consistency:
        flow.append(kit.p("Answers to check", "h2"))
        flow.append(
            kit.p("Some answers contradict each other, so read the findings with lower confidence.")
        )
        for item in j.consistency:
            flow.append(
                Paragraph(
                    f"<b>{kit.m(item.title, bold=True)}</b>: {kit.m(item.text)}", kit.styles["body"]
                )
            )
            flow += [kit.p(f"• {answer}", "muted") for answer in item.answers]
        flow.append(Spacer(1, 6))
    if j.not_assessed:
        names = ", ".join(j.not_assessed)
        flow.append(
            Paragraph(
                f"<b>Not assessed:</b> {kit.m(names)}. No question on these was answered, so "
                "nothing is known about them: this is not the same as all fine.",
                kit.styles["body"],
            )
        )
        flow.append(Spacer(1, 6))
    return flow


def keep_doing(plan: PrintedPlan, kit: Kit) -> list[Flowable]:
    """What the person already does well."""
    lines = keep_doing_lines(plan)
    if not lines:
        return []
    return [kit.p("Keep doing", "h1"), *(kit.p(f"• {t}") for t in lines)]
