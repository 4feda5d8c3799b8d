"""The quarter's brag document as Markdown or HTML, ready to bring to a review.

Grouped by business impact (value mapping [8]), each entry dated and labelled shipped,
unblocked or prevented (the weekly snapshot [17]). Typed text is escaped: it can never become
markup, a link or a script; the HTML has no scripts and forbids them by its CSP.
"""

from __future__ import annotations

from coach.history.brag import KIND_WORDS, BragDocument
from coach.render.html import e, html_page
from coach.render.markdown import md
from coach.review.printed import day_text

_CSS = (
    "body{font-family:Helvetica,Arial,sans-serif;max-width:46em;margin:2em auto;color:#1d2733}"
    "h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #ccd;margin-top:1.6em}"
    ".when{color:#5a6672;white-space:nowrap}.impact{color:#1f5f99}"
)


def _summary(document: BragDocument) -> str:
    return document.summary.sentence()


def brag_markdown(document: BragDocument) -> str:
    """The document as Markdown."""
    lines = [
        f"# Brag document: {md(document.person)}, {document.quarter}",
        "",
        md(_summary(document)),
    ]
    if not document.groups:
        lines += ["", "Nothing recorded this quarter."]
    for group in document.groups:
        lines += ["", f"## {group.title}", ""]
        for entry in group.entries:
            impact = f" — *{md(entry.impact)}*" if entry.impact else ""
            lines.append(
                f"- {day_text(entry.entry_date)} ({entry.week}), "
                f"**{KIND_WORDS[entry.kind]}**: {md(entry.text)}{impact}"
            )
    return "\n".join(lines) + "\n"


def brag_html(document: BragDocument) -> str:
    """The document as a complete HTML page (no scripts, no remote resources)."""
    heading = e(f"Brag document: {document.person}, {document.quarter}")
    parts = [f"<h1>{heading}</h1>", f"<p>{e(_summary(document))}</p>"]
    if not document.groups:
        parts.append("<p>Nothing recorded this quarter.</p>")
    for group in document.groups:
        items = []
        for entry in group.entries:
            impact = f' <span class="impact">— {e(entry.impact)}</span>' if entry.impact else ""
            items.append(
                f'<li><span class="when">{e(day_text(entry.entry_date))} ({e(entry.week)})</span>'
                f" <strong>{e(KIND_WORDS[entry.kind])}</strong>: {e(entry.text)}{impact}</li>"
            )
        parts.append(f"<h2>{e(group.title)}</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>")
    return html_page(
        f"Brag document: {document.person}, {document.quarter}", _CSS, "\n".join(parts)
    )
