"""Hostile text and links in a printed plan: one link policy, escaping, CSP, a real browser.

The plan here is built from the shipped pack, then given what a hostile export or rule pack
could carry (links that run scripts, markup in names and notes, bidi overrides), straight at the
render layer: imports refuse such links (test_import_validation.py), so this proves the renderers
would not make them links even if one got through.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import chromium_or_skip, visit
from markdown_it import MarkdownIt
from pypdf import PdfReader
from test_plan_render import plan, previous, result  # noqa: F401 - fixtures
from test_review_support import content, heads_down  # noqa: F401 - fixtures

from coach.model.links import link_problem, link_target
from coach.model.plan import CitedSource, PrintedPlan
from coach.render import render_plan
from coach.render.html import CSP

PWN = "document.body.setAttribute('data-pwned','url')"
HOSTILE_URLS = (
    f"javascript:{PWN}",
    f"javascript:{PWN}//https://a",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    'https://example.org/"><script>alert(1)</script>',
    "https://exa\u202emple.org/gnp.exe",
    "https://trusted.example@evil.example/",
    "//evil.example/x",
    "file:///etc/passwd",
)
GOOD = "https://example.org/works/1?a=b&c=d"
NAME = "Mallory <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> \u202eevil"
NOTE = "</style><script>document.body.setAttribute('data-pwned','note')</script> [x](javascript:a)"


@pytest.fixture(scope="module")
def hostile(plan: PrintedPlan) -> PrintedPlan:  # noqa: F811
    sources = [CitedSource(number=1, title="A good work", url=GOOD)]
    sources += [
        CitedSource(number=n, title=f"Work <b>{n}</b> ![i](x)", url=url)
        for n, url in enumerate(HOSTILE_URLS, start=2)
    ]
    return plan.model_copy(
        update={"person": NAME, "coach": NAME, "review_notes": NOTE, "sources": tuple(sources)}
    )


def test_the_link_policy_allows_only_clean_web_addresses() -> None:
    assert link_target(GOOD) == GOOD
    assert link_target("http://localhost:8080/a%20b") == "http://localhost:8080/a%20b"
    for url in HOSTILE_URLS:
        assert link_target(url) is None, url
    assert link_problem(f"javascript:{PWN}") == "does not start with https:// (or http://)"
    assert link_problem("https://exa\u202emple.org/") == "holds the invisible character U+202E"
    assert link_problem(HOSTILE_URLS[6]) == "holds '\"', which a web address must write %-escaped"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_writes_only_web_links_and_no_markup_from_data(hostile: PrintedPlan) -> None:
    page = render_plan(hostile, "html").decode()
    parser = _Tags()
    parser.feed(page)
    names = {tag for tag, _ in parser.tags}
    assert "script" not in names
    assert "img" not in names
    assert "iframe" not in names
    assert not [a for _, attrs in parser.tags for a in attrs if a.startswith("on")]
    hrefs = [attrs["href"] for tag, attrs in parser.tags if tag == "a"]
    assert hrefs == [GOOD]  # the hostile ones are printed as text
    assert page.count("<style>") == 1
    assert page.count("</style>") == 1
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "script-src 'none'" in CSP
    assert "default-src 'none'" in CSP
    assert "Mallory &lt;img src=x onerror=&quot;" in page
    assert "[U+202E]evil" in page
    assert "\u202e" not in page
    assert "&lt;/style&gt;&lt;script&gt;" in page
    assert '<span class="url">javascript:document.body.setAttribute(&#x27;data-pwned' in page


def test_markdown_writes_only_web_links_and_no_html_from_data(hostile: PrintedPlan) -> None:
    text = render_plan(hostile, "md").decode()
    # The only tags are the line breaks of table cells; the only autolink is the good one.
    assert set(re.findall(r"<[^>\s]*", text)) <= {"<br", f"<{GOOD}"}
    assert f"<{GOOD}>" in text
    assert "](" not in text.replace("\\](", "")  # no link syntax survives unescaped
    assert re.search(r"(?<!\\)\[x(?<!\\)\]", text) is None
    assert "Mallory &lt;img src=x onerror=" in text
    assert "&lt;/style&gt;&lt;script&gt;" in text
    assert "javascript:document.body" in text  # shown, as text
    assert "\\[U+202E\\]evil" in text
    assert "\u202e" not in text
    assert "https\\://trusted.example@evil.example/" in text  # not a bare link either
    # Rendered as CommonMark does (raw HTML passed through): one link, no markup from data.
    parser = _Tags()
    parser.feed(MarkdownIt("commonmark").render(text))
    assert [attrs["href"] for tag, attrs in parser.tags if tag == "a"] == [GOOD]
    assert not {tag for tag, _ in parser.tags} & {"script", "img", "style", "b"}


def test_pdf_link_annotations_are_only_web_links(hostile: PrintedPlan) -> None:
    reader = PdfReader(io.BytesIO(render_plan(hostile, "pdf")))
    uris, actions = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                actions.append(str(action.get("/S")))
                uris.append(str(action.get("/URI")))
    assert set(actions) == {"/URI"}  # no /JavaScript or /Launch actions
    assert set(uris) == {GOOD}
    text = "".join(page.extract_text() for page in reader.pages)
    assert "vbscript:msgbox(1)" in " ".join(text.split())  # printed, as text


def test_the_html_plan_runs_no_script_and_loads_nothing_in_chromium(
    hostile: PrintedPlan, tmp_path: Path
) -> None:
    chromium = chromium_or_skip()
    path = tmp_path / "plan.html"
    path.write_bytes(render_plan(hostile, "html"))
    seen = visit(path, chromium)
    assert seen.links == [GOOD]
    assert not seen.pwned
    assert seen.scripts == 0
    assert seen.loads == []  # no image, style, script or font asked for from anywhere
    assert [r.url for r in seen.requests] == [GOOD]  # the click, aborted before it left


def test_the_csp_stops_a_missed_escape_in_chromium(plan: PrintedPlan, tmp_path: Path) -> None:  # noqa: F811
    chromium = chromium_or_skip()
    # A renderer that forgot to escape: raw markup pasted into the real page's body.
    page = render_plan(plan, "html").decode()
    payload = (
        f'<a href="javascript:{PWN}">click</a>'
        "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
        "<script>document.body.setAttribute('data-pwned','script')</script>"
        '<img src="https://example.org/beacon.png">'
    )
    path = tmp_path / "missed.html"
    path.write_text(page.replace("<body>\n", f"<body>\n{payload}", 1), encoding="utf-8")
    seen = visit(path, chromium)
    assert not seen.pwned
    assert seen.loads == []
    blocked = [m for m in seen.console if "Content Security Policy" in m]
    assert len(blocked) >= 3  # the handler, the inline script, the javascript: link
