"""The printed plan's fonts: Helvetica for Western European text, fallbacks for other scripts."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from test_review_support import NOW, TODAY, content, heads_down  # noqa: F401 - fixtures

from coach.content.bundle import Content
from coach.model.plan import PrintedPlan
from coach.model.results import Result
from coach.render import fonts, render_plan
from coach.render.fonts import BOLD, REGULAR, SANS, SANS_BOLD, FontSet, font_set
from coach.render.scripts import winansi_chars
from coach.review import decide
from coach.review.printed import PlanInputs, build_printed_plan

WESTERN = {
    "person": "Zoë Ångström-Nakamura",
    "note": "Café first — “no” is a full answer… €0 spent; naïve œuvre ß",
    "action": "Présenter la démo à l'équipe",
    "owner": "François Müller",
}
POLISH_CYRILLIC = {
    "person": "Łukasz Wiśniewski",
    "note": "Встреча с Марией в Łódź",
    "action": "Доклад для команды в Łódź",
    "owner": "Agnieszka Żółć",
}


def typed_plan(result: Result, content: Content, typed: dict[str, str]) -> PrintedPlan:  # noqa: F811
    """A reviewed plan with typed text: the person, a coach's note, a custom action, its owner."""
    review = decide.new_review(1, now=NOW, coach="Ana Lucía Pérez")
    first = decide.diagnosis_order(result)[0]
    review = decide.decide(review, first, "agree", note=typed["note"], now=NOW)
    review, _ = decide.add_item(
        review,
        now=NOW,
        title=typed["action"],
        owner="other",
        owner_name=typed["owner"],
        due=date(2026, 5, 1),
        success_check="Done",
    )
    inputs = PlanInputs(
        person=typed["person"],
        quarter="2026-Q1",
        result=result,
        sources=content.pack.sources,
        printed_on=TODAY,
        review=decide.close(review, now=NOW),
    )
    return build_printed_plan(inputs)


@pytest.fixture(scope="module")
def result(heads_down: tuple[dict[str, object], Result]) -> Result:  # noqa: F811
    return heads_down[1]


def text_by_font(data: bytes) -> dict[str, str]:
    """The PDF's text by the font that draws it (its BaseFont, e.g. /AAAAAA+DejaVuSans-Bold)."""
    found: dict[str, str] = defaultdict(str)

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        del cm, tm, size
        if font is not None and text.strip():
            found[str(font["/BaseFont"])] += text + "\n"

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def sans() -> None:
    """Skip where the system has no sans family with Polish and Cyrillic (Vera has neither)."""
    family = fonts.sans_family()
    needed = set("".join(POLISH_CYRILLIC.values())) - {" "}
    if family is None or not all(family.covers(char) for char in needed):
        pytest.skip("no system sans family with Polish and Cyrillic letters")


# Which font draws what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "drawn"),
    [
        ("é", True),
        ("Å", True),
        ("€", True),
        ("…", True),
        ("“", True),
        ("Ÿ", True),
        ("œ", True),
        ("Ł", False),
        ("ź", False),
        ("Ж", False),
        ("Ω", False),
        ("山", False),
        ("\x81", False),  # one of the five bytes cp1252 leaves undefined
        ("\x7f", False),
        ("\x01", False),
    ],
)
def test_helvetica_draws_what_its_winansi_encoding_holds(char: str, drawn: bool) -> None:
    main = font_set().main
    assert pdfmetrics.getFont(main.name).face.name == "Helvetica"
    assert main.covers(char) is drawn


@pytest.mark.parametrize("name", [REGULAR, BOLD])
def test_the_main_font_measures_text_as_reportlab_does(name: str) -> None:
    font_set()
    face = fonts.FACES[name]
    texts = [chr(c) for c in winansi_chars()] + ["Zoë → “Łódź” …", "plain words"]
    for text in texts:
        assert pdfmetrics.stringWidth(text, name, 9.5) == pytest.approx(
            pdfmetrics.stringWidth(text, face, 9.5), abs=1e-9
        ), text


def test_western_european_text_is_one_run_in_the_main_font() -> None:
    text = "Zoë Ångström: “café” — 5 € … naïve"
    assert list(font_set().runs(text)) == [(None, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agnieszka Żółć", [(SANS, "Agnieszka Żółć")]),  # a name is one typeface
        ("Мария Иванова", [(SANS, "Мария Иванова")]),
        ("Łódź — 山田", [(SANS, "Łódź "), (None, "— "), (fonts.CID_CHINESE, "山田")]),
    ],
)
@pytest.mark.usefixtures("sans")
def test_what_helvetica_lacks_is_drawn_in_the_sans_family_first(
    text: str, expected: list[tuple[str | None, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "_candidates", lambda _script: [])  # no CJK system font
    assert [
        (f.name if f else None, r) for f, r in FontSet(main=font_set().main).runs(text)
    ] == expected


@pytest.mark.usefixtures("sans")
def test_bold_text_stays_bold_in_the_sans_family() -> None:
    fonts_ = font_set()
    assert fonts_.markup("Łódź <b>") == '<font name="CoachSans">Łódź &lt;b&gt;</font>'
    assert fonts_.markup("Łódź", bold=True) == '<font name="CoachSans-Bold">Łódź</font>'
    assert fonts_.pieces("Łódź") == [(SANS, "Łódź")]
    assert fonts_.pieces("Łódź", BOLD) == [(SANS_BOLD, "Łódź")]
    assert fonts_.pieces("Zoë", BOLD) == [(BOLD, "Zoë")]
    from reportlab.lib.fonts import tt2ps

    assert tt2ps(SANS, 1, 0) == SANS_BOLD  # <b> inside a CoachSans run


def test_typed_text_becomes_escaped_markup_with_font_runs() -> None:
    fonts_ = font_set()
    markup = fonts_.markup("Ana <b>&</b> 山田さくら 김민준")
    assert markup.startswith("Ana &lt;b&gt;&amp;&lt;/b&gt; ")
    runs = [(f.name if f else None, r) for f, r in fonts_.runs("Ana 山田さくら 김민준")]
    assert runs[0] == (None, "Ana ")
    assert "".join(r for _, r in runs) == "Ana 山田さくら 김민준"
    assert all(name is not None for name, _ in runs[1:])  # a system CJK font, or a CID one


def test_cjk_falls_back_to_reportlabs_cid_fonts_without_system_fonts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "_candidates", lambda _script: [])
    lonely = FontSet(main=font_set().main)

    def names(text: str) -> set[str | None]:
        return {f.name if f else None for f, _ in lonely.runs(text)}

    assert names("中文") == {fonts.CID_CHINESE}
    assert names("山田さくら") == {fonts.CID_JAPANESE}  # Han with kana: Japanese glyphs
    assert names("한글 漢字") == {fonts.CID_KOREAN}


def test_what_no_font_draws_is_never_a_blank_box() -> None:
    runs = "".join(r for _, r in font_set().runs("ok 🎉👍🏽 done"))
    assert runs == "ok  done"


# The PDF -------------------------------------------------------------------------------------

BASE_14 = {"/Helvetica", "/Helvetica-Bold", "/Symbol"}  # Symbol: the → of the evidence lines


def test_a_western_european_plan_uses_only_fonts_the_reader_supplies(
    result: Result,
    content: Content,  # noqa: F811
) -> None:
    data = render_plan(typed_plan(result, content, WESTERN), "pdf")
    drawn = text_by_font(data)
    assert set(drawn) <= BASE_14
    text = flat(" ".join(drawn.values()))
    for typed in WESTERN.values():
        assert typed in text


READ_FONTS = """
import json, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from coach.model.plan import PrintedPlan
from coach.render import render_plan
for plan in json.load(sys.stdin):
    render_plan(PrintedPlan.model_validate_json(plan), "pdf")
    names = pdfmetrics.getRegisteredFontNames()
    print(sorted(n for n in names if isinstance(pdfmetrics.getFont(n), TTFont)))
"""


def test_a_plan_in_western_european_text_parses_no_font_file(
    result: Result,
    content: Content,  # noqa: F811
) -> None:
    western = typed_plan(result, content, WESTERN)
    japanese = typed_plan(result, content, {**WESTERN, "action": "山田さくらと一緒に"})
    plans = json.dumps([western.model_dump_json(), japanese.model_dump_json()])
    done = subprocess.run(
        [sys.executable, "-c", READ_FONTS], input=plans, capture_output=True, text=True, check=True
    )
    first, second = done.stdout.splitlines()
    assert first == "[]"  # a fresh process: no TrueType file was parsed
    assert SANS not in second  # CJK alone never parses the sans family (it has no CJK)


@pytest.mark.usefixtures("sans")
def test_polish_and_cyrillic_are_drawn_and_bold_stays_bold(
    result: Result,
    content: Content,  # noqa: F811
) -> None:
    plan = typed_plan(result, content, POLISH_CYRILLIC)
    drawn = text_by_font(render_plan(plan, "pdf"))
    embedded = {name: flat(text) for name, text in drawn.items() if name not in BASE_14}
    bold = " ".join(text for name, text in embedded.items() if "Bold" in name)
    regular = " ".join(text for name, text in embedded.items() if "Bold" not in name)
    assert POLISH_CYRILLIC["person"] in bold  # the cover's name
    assert POLISH_CYRILLIC["action"] in bold  # the action table's title column
    assert POLISH_CYRILLIC["note"] in regular
    assert POLISH_CYRILLIC["owner"] in regular
    assert POLISH_CYRILLIC["note"] not in bold
