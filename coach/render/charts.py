"""Vector drawings for the PDF (reportlab.graphics): the seven-mistake profile and timeline tracks.

Drawings are shapes and text in the PDF, not pictures: they print sharp at any size and their
words can be searched and copied.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from coach.model.plan import ProfileRow
from coach.model.rules import SEVERITIES, severity_rank
from coach.render.fonts import REGULAR, FontSet
from coach.review.printed import DayScale

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
FAINT = colors.HexColor("#E4E8EE")
STRIPE = colors.HexColor("#F5F7FA")
ACCENT = colors.HexColor("#2B5C8A")
SEVERITY_COLOURS = {
    "low": colors.HexColor("#6FA8DC"),
    "medium": colors.HexColor("#E8A33D"),
    "high": colors.HexColor("#D9622B"),
    "critical": colors.HexColor("#B3261E"),
}
ROW = 21.0
BAR = 11.0
HEAD = 16.0


def profile_chart(rows: tuple[ProfileRow, ...], width: float, fonts: FontSet) -> Drawing:
    """Horizontal bars, one per mistake: severity after the review, the assessed one dashed."""
    reviewed = any(r.verdict for r in rows)
    legend = 16.0 if reviewed else 0.0
    height = HEAD + ROW * len(rows) + legend
    drawing = Drawing(width, height)
    size = 9.0
    longest = max(
        (text_width(f"{i}. {r.title}", size, fonts) for i, r in enumerate(rows, 1)), default=0
    )
    label_w = min(longest + 10, width * 0.5)
    if longest + 10 > label_w:
        size *= label_w / (longest + 10)
    x0, area = label_w + 6, width - label_w - 6 - 70
    top = height - HEAD
    for level, name in enumerate(SEVERITIES):
        left = x0 + area * level / 4
        drawing.add(_text(left + area / 8, top + 5, name, 7.5, MUTED, fonts, anchor="middle"))
    for index in range(0, len(rows), 2):
        y = top - ROW * (index + 1)
        drawing.add(Rect(0, y, width, ROW, fillColor=STRIPE, strokeColor=None))
    for level in range(5):
        x = x0 + area * level / 4
        drawing.add(Line(x, top - ROW * len(rows), x, top, strokeColor=FAINT, strokeWidth=0.6))
    for index, row in enumerate(rows):
        y = top - ROW * (index + 1)
        drawing.add(_text(4, y + 7, f"{index + 1}. {row.title}", size, INK, fonts))
        _bar(drawing, row, x0, area, y + (ROW - BAR) / 2, fonts)
    if reviewed:
        _legend(drawing, x0, fonts)
    return drawing


def _bar(drawing: Drawing, row: ProfileRow, x0: float, area: float, y: float, f: FontSet) -> None:
    assessed, final = severity_rank(row.assessed), severity_rank(row.final)
    if final:
        colour = SEVERITY_COLOURS[str(row.final)]
        drawing.add(Rect(x0, y, area * final / 4, BAR, fillColor=colour, strokeColor=None))
    if assessed and assessed != final:
        drawing.add(
            Rect(
                x0,
                y,
                area * assessed / 4,
                BAR,
                fillColor=None,
                strokeColor=MUTED,
                strokeWidth=0.8,
                strokeDashArray=[2, 2],
            )
        )
    end = x0 + area * max(assessed, final) / 4 + 5
    if row.verdict == "dismiss":
        drawing.add(_text(end, y + 2.5, "dismissed", 8, MUTED, f))
    elif final:
        word = str(row.final) + (" (adjusted)" if row.verdict == "adjust" else "")
        drawing.add(_text(end, y + 2.5, word, 8, INK, f))
    else:
        word = "not assessed" if row.not_assessed else "not found"
        drawing.add(_text(x0 + 4, y + 2.5, word, 8, MUTED, f))


def _legend(drawing: Drawing, x0: float, fonts: FontSet) -> None:
    drawing.add(Rect(x0, 3, 14, 8, fillColor=SEVERITY_COLOURS["medium"], strokeColor=None))
    drawing.add(_text(x0 + 18, 4, "after the review", 7.5, MUTED, fonts))
    left = x0 + 90
    drawing.add(
        Rect(
            left,
            3,
            14,
            8,
            fillColor=None,
            strokeColor=MUTED,
            strokeWidth=0.8,
            strokeDashArray=[2, 2],
        )
    )
    drawing.add(_text(left + 18, 4, "as assessed (before the coach changed it)", 7.5, MUTED, fonts))


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    colour: Any,
    fonts: FontSet,
    *,
    anchor: str = "start",
) -> Group:
    """Text in a drawing, one String per font run, so every script is drawn."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = fonts.pieces(text, REGULAR)
    widths = [stringWidth(run, name, size) for name, run in pieces]
    left = x - sum(widths) / 2 if anchor == "middle" else x
    group = Group()
    for (name, run), width in zip(pieces, widths, strict=True):
        group.add(String(left, y, run, fontName=name, fontSize=size, fillColor=colour))
        left += width
    return group


def text_width(text: str, size: float, fonts: FontSet) -> float:
    """The width of `text` as `_text` draws it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(run, name, size) for name, run in fonts.pieces(text)))


WINDOW_SHADES = (colors.HexColor("#EAF1F8"), colors.HexColor("#F6F8FB"))


def timeline_axis(scale: DayScale, width: float, fonts: FontSet) -> Drawing:
    """The heading of the timeline: the windows and their day ranges."""
    drawing = Drawing(width, 14)
    for index, (start, end, label) in enumerate(scale.windows()):
        left, right = start * width, end * width
        shade = WINDOW_SHADES[index % 2]
        drawing.add(Rect(left, 0, right - left, 14, fillColor=shade, strokeColor=None))
        drawing.add(_text((left + right) / 2, 4, label, 7.5, ACCENT, fonts, anchor="middle"))
    return drawing


def timeline_track(scale: DayScale, width: float, due_day: int) -> Drawing:
    """One action's track: the windows, a line from the start to the due day, a diamond on it."""
    height = 12.0
    drawing = Drawing(width, height)
    for index, (start, end, _) in enumerate(scale.windows()):
        left, right = start * width, end * width
        shade = WINDOW_SHADES[index % 2]
        drawing.add(Rect(left, 0, right - left, height, fillColor=shade, strokeColor=None))
    x, mid = scale.x(due_day) * width, height / 2
    drawing.add(Line(0, mid, x, mid, strokeColor=ACCENT, strokeWidth=1.4))
    size = 4.2
    diamond = [x - size, mid, x, mid + size, x + size, mid, x, mid - size]
    drawing.add(Polygon(diamond, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.5))
    return drawing
