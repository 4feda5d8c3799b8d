"""Fonts for the printed plan: any script a person types, without vendored font files.

The main font is the PDF base-14 Helvetica (bold: Helvetica-Bold): the PDF reader supplies it and
reportlab has its metrics built in, so a plan in Western European text parses no font file. It
draws what its WinAnsi encoding (cp1252) holds. Other characters are drawn with the system's sans
family (DejaVu Sans, Liberation Sans, Noto Sans, Arial, found by searching the usual font
folders; else reportlab's own Bitstream Vera), read on first need and registered with its bold
face so bold text stays bold; then with a system font that has them (looked for by the script's
name first, then broad fallbacks such as FreeSans or Droid Sans Fallback); and Chinese, Japanese
and Korean text without such a font uses reportlab's built-in CID fonts, which every PDF reader
supplies. A text that needs a fallback font is drawn all in it when that font has all of it (a
name is one typeface), else word by word the same way ("Łódź" is never two fonts). What no font
can draw is never a blank box: emoji and pictographs are left out, other characters become
U+FFFD (or "?").

`FontSet.markup` turns typed text into escaped reportlab Paragraph markup with `<font>` runs;
`FontSet.pieces` gives the same runs for text drawn on a canvas or in a chart.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from html import escape
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics

from coach.render.scripts import (
    cjk_language,
    is_droppable,
    script_of,
    text_language,
    winansi_chars,
)

# The main font: base-14 Helvetica and Helvetica-Bold (so named in the PDF: nothing to parse or
# embed), registered under coach's own names to measure text faster (see `MeasuredT1`).
REGULAR = "CoachHelvetica"
BOLD = "CoachHelvetica-Bold"
FACES = {REGULAR: "Helvetica", BOLD: "Helvetica-Bold"}
# The system sans family, registered on first need as the first fallback.
SANS = "CoachSans"
SANS_BOLD = "CoachSans-Bold"

# The sans family's (regular, bold) file names, best first; found anywhere under the font folders.
FAMILIES: tuple[tuple[str, str], ...] = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
)
# Broad-coverage fonts tried after the ones named for a script.
BROAD: tuple[str, ...] = (
    "FreeSans.ttf",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "uming.ttc",
    "ukai.ttc",
    "unifont.ttf",
    "Arial Unicode.ttf",
)
# reportlab's built-in CID fonts: no file, the PDF reader supplies the glyphs.
CID_CHINESE = "STSong-Light"
CID_JAPANESE = "HeiseiKakuGo-W5"
CID_KOREAN = "HYGothic-Medium"
CID_FONTS = {"zh": CID_CHINESE, "ja": CID_JAPANESE, "ko": CID_KOREAN}
MAX_SCRIPT_FILES = 12
REPLACEMENT = "\ufffd"


def font_dirs() -> list[Path]:
    """The folders searched for fonts on this system, in order."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
    ]
    if sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts")
    extra = os.environ.get("COACH_FONT_DIRS", "")
    return [Path(p) for p in extra.split(os.pathsep) if p] + dirs


@cache
def _font_files() -> dict[str, Path]:
    """Every .ttf/.ttc file under the font folders by lower-case name (first found wins)."""
    found: dict[str, Path] = {}
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".ttf", ".ttc"):
                found.setdefault(path.name.lower(), path)
    return found


def _reportlab_fonts() -> Path:
    import reportlab

    return Path(reportlab.__file__).parent / "fonts"


def find_family() -> tuple[Path, Path]:
    """The sans family's files (the first fallback): a system family, else reportlab's Vera."""
    files = _font_files()
    for regular, bold in FAMILIES:
        if regular.lower() in files and bold.lower() in files:
            return files[regular.lower()], files[bold.lower()]
    here = _reportlab_fonts()
    return here / "Vera.ttf", here / "VeraBd.ttf"


@dataclass
class Font:
    """A registered font and the characters it can draw (None: a CID font, by language)."""

    name: str
    chars: frozenset[int] | None = None
    language: str = ""
    bold: str = ""  # the name of its bold face, when it has one

    def covers(self, char: str) -> bool:
        """Whether this font draws `char`."""
        if self.chars is not None:
            return ord(char) in self.chars
        found = cjk_language(char)
        return char.isascii() or (found is not None and found in ("", self.language))

    def face(self, bold: bool) -> str:
        """The name to draw with: the bold face for bold text, when there is one."""
        return self.bold if bold and self.bold else self.name


class MeasuredT1(pdfmetrics.Font):  # type: ignore[misc]
    """A base-14 font measured through Python's cp1252 codec: reportlab's widths, sooner.

    reportlab measures Type 1 text through its own WinAnsi codec, written in Python: 4.5 us a
    word here against 1.8 us for a TrueType font, and a plan measures some 14,000 words. cp1252
    is the same encoding and Python's codec is C. What cp1252 cannot encode (the → of the
    evidence lines, drawn from Symbol) reportlab measures itself.
    """

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        """The width of `text` at `size` points."""
        try:
            data = text.encode("cp1252")
        except (UnicodeEncodeError, AttributeError):
            return float(super().stringWidth(text, size, encoding))
        return float(sum(map(self.widths.__getitem__, data))) * 0.001 * size


@dataclass
class FontSet:
    """The fonts of one rendering, with the choice of font for each character."""

    main: Font
    fallbacks: list[Font] = field(default_factory=list)
    tried: set[str] = field(default_factory=set)
    cache: dict[tuple[str, str], Font | None] = field(default_factory=dict)

    def font_of(self, char: str, language: str = "zh") -> Font | None:
        """The font that draws `char`: the main one, a fallback, or None (nothing can).

        `language` picks the CID font for Han characters when no system font has them.
        """
        key = (char, language)
        if key in self.cache:
            return self.cache[key]
        found: Font | None = self.main if self.main.covers(char) else None
        if found is None:
            found = next((f for f in self.fallbacks if f.chars and f.covers(char)), None)
        if found is None:
            found = self._load_for(char)
        if found is None and cjk_language(char) is not None:
            own = cjk_language(char) or language
            found = _cid_font(own)
        self.cache[key] = found
        return found

    def _load_for(self, char: str) -> Font | None:
        for key, load in _sources(char):
            if key in self.tried:
                continue
            self.tried.add(key)
            font = load()
            if font is None:
                continue
            self.fallbacks.append(font)
            if font.covers(char):
                return font
        return None

    def runs(self, text: str) -> Iterator[tuple[Font | None, str]]:
        """`text` cut into runs of one font each (None: the style's own font).

        A text the main font cannot draw all of is drawn all in one fallback font when that
        font has all of it (a name is one typeface), else word by word the same way ("Łódź"
        is never two fonts), else character by character.
        """
        text = _clean(text)
        if not self._missing(text):
            yield None, text  # the common case: the main font draws all of it
            return
        language = text_language(text)
        whole = self._one_font(text, language)
        if whole is not None:
            yield whole, text
            return
        current: Font | None = None
        buffer: list[str] = []
        for word in _WORDS.findall(text):
            spaces = word[0] in " \n"  # spaces stay in the run they are in
            for font, run in [(current, word)] if spaces else self._word_runs(word, language):
                if font is not current and buffer:
                    yield current, "".join(buffer)
                    buffer = []
                current = font
                buffer.append(run)
        if buffer:
            yield current, "".join(buffer)

    def _missing(self, text: str) -> set[int]:
        """The characters of `text` the main font lacks (spaces and line breaks aside)."""
        return set(map(ord, text)) - _BREAKS - (self.main.chars or frozenset())

    def _one_font(self, text: str, language: str) -> Font | None:
        """The fallback font for the first character the main font lacks, if it draws all."""
        missing = self._missing(text)
        font = self.font_of(next(c for c in text if ord(c) in missing), language)
        if font is None or font.chars is None or set(map(ord, text)) - _BREAKS - font.chars:
            return None
        return font

    def _word_runs(self, word: str, language: str) -> list[tuple[Font | None, str]]:
        if not self._missing(word):
            return [(None, word)]
        font = self._one_font(word, language)
        if font is not None:
            return [(font, word)]
        drawn = (self._draw(char, language) for char in word)
        return [d for d in drawn if d is not None]

    def _draw(self, char: str, language: str) -> tuple[Font | None, str] | None:
        """The font (None: the main one) and character that draw `char`; None leaves it out."""
        font = self.font_of(char, language)
        if font is None:
            if is_droppable(char):
                return None
            font = self.font_of(REPLACEMENT)
            char = "?" if font is None else REPLACEMENT
        return (None if font is None or font is self.main else font), char

    def markup(self, text: str, *, bold: bool = False) -> str:
        """Escaped Paragraph markup for typed text; line breaks kept.

        `bold` says the text is drawn bold (a bold style, or inside `<b>`): reportlab's `<font>`
        tag drops the bold of its context, so runs in a fallback font name its bold face.
        """
        out = []
        for font, run in self.runs(text):
            escaped = escape(run, quote=False).replace("\n", "<br/>")  # as typed
            out.append(f'<font name="{font.face(bold)}">{escaped}</font>' if font else escaped)
        return "".join(out)

    def pieces(self, text: str, default: str = REGULAR) -> list[tuple[str, str]]:
        """`text` as (font name, run) pairs for drawing on a canvas or in a chart.

        `default` is the main font's face for the text (REGULAR or BOLD); with BOLD, runs in
        a fallback font with a bold face are drawn with it.
        """
        bold = default == BOLD
        runs = self.runs(text.replace("\n", " "))
        return [(f.face(bold) if f else default, r) for f, r in runs]


_BREAKS = frozenset({10, 32})
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_WORDS = re.compile(r"[ \n]+|[^ \n]+")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def _sources(char: str) -> Iterator[tuple[str, Callable[[], Font | None]]]:
    """Where to look for a font that draws `char`, best first: (key, loader) pairs."""
    family = find_family()
    if cjk_language(char) is None:  # the sans families have no CJK: not worth parsing for it
        yield SANS, sans_family
    for path in _candidates(script_of(char)):
        if path not in family:
            yield str(path), partial(_register_file, path)


def _candidates(script: str) -> list[Path]:
    files = _font_files()
    word = script.lower()
    named = [p for n, p in files.items() if word and word in n.replace("-", "").replace("_", "")]
    broad = [files[n.lower()] for n in BROAD if n.lower() in files]
    return named[:MAX_SCRIPT_FILES] + broad


@cache
def _register_file(path: Path) -> Font | None:
    """Register a TrueType file as a fallback font, or None when reportlab cannot embed it."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = f"Fallback-{path.stem}"
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return None  # e.g. PostScript (CFF) outlines, which reportlab cannot embed
    pdfmetrics.registerFont(font)
    return Font(name, frozenset(font.face.charToGlyph))


@cache
def _cid_font(language: str) -> Font:
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    name = CID_FONTS.get(language, CID_CHINESE)
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return Font(name, None, language if language in ("ja", "ko") else "zh")


@cache
def _main_font() -> Font:
    """Register the main font (regular and bold) once per process: no file, metrics built in."""
    from reportlab.lib.fonts import addMapping

    for name, face in FACES.items():
        pdfmetrics.registerFont(MeasuredT1(name, face, "WinAnsiEncoding"))
    # <b> in markup switches to the bold face; there is no italic (none is needed).
    for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(REGULAR, is_bold, is_italic, BOLD if is_bold else REGULAR)
    return Font(REGULAR, winansi_chars(), bold=BOLD)


@cache
def sans_family() -> Font | None:
    """The system sans family as a fallback font, its bold face too; None if unreadable.

    Registered once per process, when a text first needs it.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    regular_file, bold_file = find_family()
    try:
        regular, bold = TTFont(SANS, str(regular_file)), TTFont(SANS_BOLD, str(bold_file))
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return None
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    # <b> inside a <font name="CoachSans"> run switches to the bold face; there is no italic.
    for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(SANS, is_bold, is_italic, SANS_BOLD if is_bold else SANS)
    chars = frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)
    return Font(SANS, chars, bold=SANS_BOLD)


def font_set() -> FontSet:
    """The fonts of one rendering: Helvetica, and fallbacks registered once per process."""
    return FontSet(main=_main_font())
