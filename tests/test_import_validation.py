"""`coach import` treats the file as untrusted: checked whole, every problem at its JSON path.

Nothing is written unless the whole file is valid; then a crafted but valid export (markup and
bidi overrides in names and notes) prints in all three formats with nothing unescaped.
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser import chromium_or_skip, visit
from markdown_it import MarkdownIt
from pypdf import PdfReader
from test_review_support import content, heads_down, store_assessment  # noqa: F401 - fixtures

from coach.model.results import Result

PERSON = "Robin"
UID = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def exported(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    heads_down: tuple[dict[str, Any], Result],  # noqa: F811
) -> dict[str, Any]:
    answers, result = heads_down
    store_assessment(tmp_path / "source", PERSON, answers, result, "2026-Q1")
    done = run_cli("--home", str(tmp_path / "source"), "export", "--person", PERSON)
    assert done.code == 0, done.err
    data: dict[str, Any] = json.loads(done.out)
    assert data["assessments"][0]["result"]["works"]  # the works the result cites, with URLs
    return data


@pytest.fixture
def importing(run_cli: Callable[..., Any], tmp_path: Path) -> Callable[..., Any]:
    """Write a document (or raw text) to a file and import it into an empty home."""
    home = tmp_path / "target"

    def run(document: Any, name: str = "export.json") -> Any:
        path = tmp_path / name
        text = document if isinstance(document, str) else json.dumps(document)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return run_cli("--home", str(home), "import", str(path))

    run.home = home  # type: ignore[attr-defined]
    return run


def _errors(result: Any, tmp_path: Path) -> list[str]:
    """The problems as `file: $.path: message`, sorted: where each was written is checked apart
    (test_problems_are_located_at_their_line), and the order follows the lines."""
    assert result.code == 3, (result.code, result.out, result.err)
    lines = result.err.replace(str(tmp_path) + "/", "").splitlines()
    return sorted(
        re.sub(r"^(export\.json):\d+:\d+: \$", r"\1: $", line.removeprefix("coach: "))
        for line in lines
    )


def _nothing_written(run_cli: Callable[..., Any], home: Path) -> None:
    listed = run_cli("--home", str(home), "history", "--person", PERSON)
    assert listed.code != 0 or "No assessments saved" in listed.out + listed.err


def test_hostile_links_in_cited_works_are_refused_whole(
    exported: dict[str, Any],
    importing: Callable[..., Any],
    run_cli: Callable[..., Any],
    tmp_path: Path,
) -> None:
    works = exported["assessments"][0]["result"]["works"]
    assert len(works) >= 4
    works[0]["url"] = "javascript:document.body.setAttribute('data-pwned','url')"
    works[1]["url"] = "data:text/html,<script>alert(1)</script>"
    works[2]["url"] = "vbscript:msgbox(1)"
    works[3]["url"] = 'https://example.org/"><script>alert(1)</script>'
    errors = _errors(importing(exported), tmp_path)
    at = "export.json: $.assessments[0].result.works"
    assert errors == sorted(
        [
            f"{at}[0].url: the address does not start with https:// (or http://)",
            f"{at}[1].url: the address does not start with https:// (or http://)",
            f"{at}[2].url: the address does not start with https:// (or http://)",
            f"{at}[3].url: the address holds '\"', which a web address must write %-escaped",
        ]
    )
    _nothing_written(run_cli, importing.home)  # type: ignore[attr-defined]


def test_every_problem_is_reported_at_its_json_path(
    exported: dict[str, Any],
    importing: Callable[..., Any],
    run_cli: Callable[..., Any],
    tmp_path: Path,
) -> None:
    first = exported["assessments"][0]
    first["created_at"] = "2026-01-31T09:30:00"  # naive
    first["answers"][0]["answered_at"] = 1767225600  # a number, not a date
    del first["questionnaire"]["hash"]  # missing key
    first["quarter"] = 2026  # wrong type
    first["status"] = "Complete"
    first["result"]["profile"][0]["rules_fired"] = "3"  # "3" is not 3
    first["answers"][1]["value"] = {"a": 1}
    first["uid"] = "not-a-uid"
    exported["person"]["nmae"] = "x"
    errors = _errors(importing(exported), tmp_path)
    at = "export.json: $.assessments[0]"
    assert errors == sorted(
        [
            "export.json: $.person.nmae: unknown key \"nmae\" (did you mean 'name'?)",
            f'{at}.uid: the text "not-a-uid" is not a uid: 32 lowercase hexadecimal digits',
            f'{at}.status: the text "Complete" is not one of: draft, complete (did you mean '
            "'complete'?)",
            f"{at}.quarter: expected text, got the number 2026",
            f'{at}.created_at: the text "2026-01-31T09:30:00" has no time zone: write it like '
            "2026-01-31T09:30:00+00:00",
            f"{at}.questionnaire: missing required key 'hash'",
            f"{at}.answers[0].answered_at: expected a date and time like 2026-01-31T09:30:00+00:00, "
            "got the number 1767225600",
            f'{at}.result.profile[0].rules_fired: expected a whole number, got the text "3"',
            f"{at}.answers[1].value: expected a whole number, a number, true or false, text or a "
            "list of texts, got an object",
        ]
    )
    _nothing_written(run_cli, importing.home)  # type: ignore[attr-defined]


def test_problems_are_located_at_their_line(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    heads_down: tuple[dict[str, Any], Result],  # noqa: F811
) -> None:
    """An export edited by hand says file:line:col like every other file coach reads (it gave
    the JSON path alone)."""
    answers, result = heads_down
    store_assessment(tmp_path / "source", PERSON, answers, result, "2026-Q1")
    text = run_cli("--home", str(tmp_path / "source"), "export", "--person", PERSON).out
    assert '"status": "complete"' in text
    edited = text.replace('"status": "complete"', '"status": "Complete"', 1)
    path = tmp_path / "edited.json"
    path.write_text(edited, encoding="utf-8")
    line = next(i for i, t in enumerate(edited.splitlines(), 1) if '"Complete"' in t)
    column = edited.splitlines()[line - 1].index('"Complete"') + 1
    shown = run_cli("--home", str(tmp_path / "target"), "import", str(path))
    assert shown.code == 3
    assert f'edited.json:{line}:{column}: $.assessments[0].status: the text "Complete"' in (
        shown.err
    ), shown.err


def test_a_bad_content_stamp_is_refused_at_its_json_path(
    exported: dict[str, Any], importing: Callable[..., Any], tmp_path: Path
) -> None:
    """The questionnaire and pack stamps are checked alike beside the result and inside it."""
    first = exported["assessments"][0]
    first["questionnaire"]["hash"] = "abc def"
    first["pack"]["id"] = "Hero Pack"
    first["result"]["questionnaire"]["version"] = "1" * 51
    first["result"]["pack"]["hash"] = "f" * 65
    at = "export.json: $.assessments[0]"
    assert _errors(importing(exported), tmp_path) == sorted(
        [
            f'{at}.questionnaire.hash: the text "abc def" is not a content hash: letters, digits, '
            "'_', '.', ':' and '-'",
            f"{at}.pack.id: the text \"Hero Pack\" is not an id: lowercase letters, digits, '_' and "
            "'-', starting with a letter",
            f"{at}.result.questionnaire.version: is 51 characters long: the limit is 50",
            f"{at}.result.pack.hash: is 65 characters long: the limit is 64",
        ]
    )


def test_huge_numbers_and_lone_surrogates_are_located_not_crashes(
    exported: dict[str, Any], importing: Callable[..., Any], tmp_path: Path
) -> None:
    document = copy.deepcopy(exported)
    document["person"]["name"] = "PLACEHOLDER_NAME"
    document["assessments"][0]["result"]["profile"][0]["rules_total"] = 10**30
    raw = json.dumps(document)
    raw = raw.replace('"PLACEHOLDER_NAME"', '"Robin \\ud800"')
    raw = raw.replace(str(10**30), "9" * 5000)
    errors = _errors(importing(raw), tmp_path)
    assert errors == [
        "export.json: $.assessments[0].result.profile[0].rules_total: the number "
        "999999999999… (5000 digits) is out of range: whole numbers go up to ±9007199254740991",
        "export.json: $.person.name: holds a lone surrogate (U+D800), which is not a character",
    ]
    document["assessments"][0]["result"]["profile"][0]["rules_total"] = 2**60
    document["person"]["name"] = PERSON
    errors = _errors(importing(document), tmp_path)
    assert errors == [
        "export.json: $.assessments[0].result.profile[0].rules_total: the number "
        "1152921504606846976 is out of range: whole numbers go up to ±9007199254740991",
    ]


def test_deep_nesting_is_refused_before_parsing(
    exported: dict[str, Any], importing: Callable[..., Any], tmp_path: Path
) -> None:
    exported["assessments"][0]["session"] = {"x": "[" * 100}  # brackets in text do not count
    assert importing(exported).code == 0
    text = json.dumps(exported)[:-1] + ', "deep": ' + "[" * 100_000 + "]" * 100_000 + "}"
    errors = _errors(importing(text), tmp_path)
    assert len(errors) == 1
    assert re.fullmatch(
        r"export\.json:1:\d+: is not a JSON export: lists and objects nest more than 64 "
        r"deep here \(MAX_DEPTH\)",
        errors[0],
    )
    unclosed = _errors(importing('{"a": ' + "{" * 200_000), tmp_path)
    assert unclosed == [
        "export.json:1:70: is not a JSON export: lists and objects nest more than 64 "
        "deep here (MAX_DEPTH)"
    ]


def test_a_reference_to_a_row_the_file_does_not_hold_is_located(
    exported: dict[str, Any], importing: Callable[..., Any], tmp_path: Path
) -> None:
    exported["reviews"] = [_review(exported, assessment=UID)]
    assert _errors(importing(exported), tmp_path) == [
        f"export.json: $.reviews[0].assessment: refers to assessment {UID}, which the "
        "file does not hold"
    ]


# A crafted export that IS valid: markup and bidi overrides in names and notes. ---------------

NAME = "Mallory <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> \u202eevil"
NOTE = "</style><script>document.body.setAttribute('data-pwned','note')</script> [x](javascript:a)"


def _review(exported: dict[str, Any], assessment: str | None = None) -> dict[str, Any]:
    stamp = exported["assessments"][0]["created_at"]
    return {
        "uid": "f" * 32,
        "assessment": assessment or exported["assessments"][0]["uid"],
        "coach": "Eve \u202e<b>x</b>",
        "status": "closed",
        "notes": NOTE,
        "created_at": stamp,
        "updated_at": stamp,
        "decisions": [],
        "items": [
            {
                "uid": "e" * 32,
                "position": 0,
                "title": "<img src=x onerror=alert(1)> Ship it",
                "first_step": "[click](javascript:alert(1))",
                "owner": "engineer",
                "due": "2026-05-01",
                "success_check": "<a href='javascript:alert(1)'>done</a>",
                "status": "not_started",
                "note": NOTE,
                "created_at": stamp,
                "updated_at": stamp,
                "followups": [],
            }
        ],
    }


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _web_only(tags: list[tuple[str, dict[str, str | None]]]) -> None:
    names = {tag for tag, _ in tags}
    assert not names & {"script", "img", "iframe", "object", "embed"}
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]
    hrefs = [str(attrs.get("href")) for tag, attrs in tags if tag == "a"]
    assert hrefs
    assert all(h.startswith("https://") for h in hrefs), hrefs


@pytest.fixture
def printed(
    exported: dict[str, Any],
    importing: Callable[..., Any],
    run_cli: Callable[..., Any],
    tmp_path: Path,
) -> dict[str, Path]:
    """The crafted export imported into an empty home, and its plan printed in each format."""
    document = copy.deepcopy(exported)
    document["person"]["name"] = NAME
    document["reviews"] = [_review(document)]
    done = importing(document)
    assert done.code == 0, done.err
    home = str(importing.home)  # type: ignore[attr-defined]
    files = {}
    for fmt in ("html", "md", "pdf"):
        out = tmp_path / f"plan.{fmt}"
        made = run_cli("--home", home, "plan", "--person", NAME, "--format", fmt, "-o", str(out))
        assert made.code == 0, made.err
        files[fmt] = out
    return files


def test_a_crafted_valid_export_prints_safely_in_every_format(printed: dict[str, Path]) -> None:
    page = printed["html"].read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    _web_only(parser.tags)
    assert "default-src 'none'" in page
    assert "&lt;/style&gt;&lt;script&gt;" in page
    assert "[U+202E]evil" in page
    assert "\u202e" not in page
    text = printed["md"].read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(MarkdownIt("commonmark").render(text))
    _web_only(parser.tags)
    assert "\u202e" not in text
    reader = PdfReader(io.BytesIO(printed["pdf"].read_bytes()))
    uris = [
        str(annot.get_object()["/A"].get("/URI"))
        for pdf_page in reader.pages
        for annot in pdf_page.get("/Annots") or []
        if "/A" in annot.get_object()
    ]
    assert uris
    assert all(u.startswith("https://") for u in uris), uris


def test_the_crafted_export_plan_runs_nothing_in_chromium(printed: dict[str, Path]) -> None:
    seen = visit(printed["html"], chromium_or_skip())
    assert seen.links  # the cited works, clicked one by one
    assert not seen.pwned
    assert seen.scripts == 0
    assert seen.loads == []
    assert all(r.url.startswith("https://") and r.kind == "Document" for r in seen.requests)
