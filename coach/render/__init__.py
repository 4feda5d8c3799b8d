"""Renderers of the printed plan: PDF (reportlab), HTML (print CSS) and Markdown.

Each renderer takes a `PrintedPlan` and returns its bytes; they lay out the same data, decided
in `coach.review.printed`. reportlab is imported only when a PDF is made.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.model.plan import PrintedPlan

FORMATS = ("pdf", "html", "md")


def render_plan(plan: PrintedPlan, fmt: str, paper: str = "a4") -> bytes:
    """The plan in a format: 'pdf', 'html' or 'md'."""
    if fmt == "pdf":
        from coach.render.pdf import render_pdf

        return render_pdf(plan, "letter" if paper == "letter" else "a4")
    if fmt == "html":
        from coach.render.html import render_html

        return render_html(plan, paper).encode("utf-8")
    if fmt == "md":
        from coach.render.markdown import render_markdown

        return render_markdown(plan).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def default_file_name(person: str, quarter: str, fmt: str) -> str:
    """`career-plan-<person>-<quarter>.<ext>`, safe as a file name in any script."""
    slug = re.sub(r"[^\w.-]+", "-", person.strip(), flags=re.UNICODE).strip("-.") or "person"
    return f"career-plan-{slug[:60]}-{quarter}.{fmt}"
