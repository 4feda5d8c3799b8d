"""Fonts for the printed plan: any script a person types, without vendored font files.

The main font comes from the system (DejaVu Sans, Liberation Sans, Noto Sans, Arial, found by
searching the usual font folders) or, failing that, from reportlab itself (Bitstream Vera).
Characters the main font lacks are drawn with a system font that has them (looked for by the
script's name first, then broad fallbacks such as FreeSans or Droid Sans Fallback), and Chinese,
Japanese and Korean text without such a font uses reportlab's built-in CID fonts, which every
PDF reader supplies. What no font can draw is never a blank box: emoji and pictographs are
left out, other characters become U+FFFD.

`FontSet.markup` turns typed text into escaped reportlab Paragraph markup with `<font>` runs;
`FontSet.pieces` gives the same runs for text drawn on a canvas or in a chart.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

REGULAR = "CoachSans"
BOLD = "CoachSans-Bold"

# (regular, bold) file names, best first; found anywhere under the font folders.
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
    """The main font family's files: a system family, else reportlab's own Vera."""
    files = _font_files()
    for regular, bold in FAMILIES:
        if regular.lower() in files and bold.lower() in files:
            return files[regular.lower()], files[bold.lower()]
    here = _reportlab_fonts()
    return here / "Vera.ttf", here / "VeraBd.ttf"


def script_of(char: str) -> str:
    """The first word of a character's Unicode name: 'DEVANAGARI', 'CJK', 'HIRAGANA', ..."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else ""


DROPPED_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn", "Cf", "Mn"}
# Code point ranges drawn by the CID fonts: (first, last, language) with language one of
# "ko", "ja" or "" (any of the three: Han ideographs, CJK punctuation, full-width forms).
CJK_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x1100, 0x11FF, "ko"),
    (0x2E80, 0x2FFF, ""),
    (0x3000, 0x303F, ""),
    (0x3040, 0x30FF, "ja"),
    (0x3100, 0x312F, ""),
    (0x3130, 0x318F, "ko"),
    (0x31F0, 0x31FF, "ja"),
    (0x3200, 0x33FF, ""),
    (0x3400, 0x4DBF, ""),
    (0x4E00, 0x9FFF, ""),
    (0xA960, 0xA97F, "ko"),
    (0xAC00, 0xD7AF, "ko"),
    (0xD7B0, 0xD7FF, "ko"),
    (0xF900, 0xFAFF, ""),
    (0xFE30, 0xFE4F, ""),
    (0xFF00, 0xFFEF, ""),
    (0x20000, 0x2FA1F, ""),
)
CID_FONTS = {"zh": CID_CHINESE, "ja": CID_JAPANESE, "ko": CID_KOREAN}


def cjk_language(char: str) -> str | None:
    """'ko' or 'ja' for Hangul or kana, '' for other CJK characters, None outside CJK."""
    point = ord(char)
    return next((lang for first, last, lang in CJK_RANGES if first <= point <= last), None)


def text_language(text: str) -> str:
    """Which CID font suits a text's CJK characters: 'ja' with kana, 'ko' with Hangul, else 'zh'."""
    found = {cjk_language(c) for c in text}
    if "ja" in found:
        return "ja"
    return "ko" if "ko" in found else "zh"


def is_droppable(char: str) -> bool:
    """Emoji, pictographs, joiners and variation selectors: left out when nothing draws them."""
    return unicodedata.category(char) in DROPPED_CATEGORIES


@dataclass
class Font:
    """A registered font and the characters it can draw (None: a CID font, by language)."""

    name: str
    chars: frozenset[int] | None = None
    language: str = ""

    def covers(self, char: str) -> bool:
        """Whether this font draws `char`."""
        if self.chars is not None:
            return ord(char) in self.chars
        found = cjk_language(char)
        return char.isascii() or (found is not None and found in ("", self.language))


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
        for path in _candidates(script_of(char)):
            if str(path) in self.tried:
                continue
            self.tried.add(str(path))
            font = _register_file(path)
            if font is None:
                continue
            self.fallbacks.append(font)
            if font.covers(char):
                return font
        return None

    def runs(self, text: str) -> Iterator[tuple[Font | None, str]]:
        """`text` cut into runs of one font each (None: the style's own font)."""
        text = _clean(text)
        main = self.main.chars
        if main is not None and not set(map(ord, text)) - main - _BREAKS:
            yield None, text  # the common case: the main font draws all of it
            return
        language = text_language(text)
        current: Font | None = None
        buffer: list[str] = []
        for char in text:
            if char in " \n":
                buffer.append(char)  # spaces stay in the run they are in
                continue
            font = self.font_of(char, language)
            if font is None:
                if is_droppable(char):
                    continue
                font, char = self.main, REPLACEMENT if self.main.covers(REPLACEMENT) else "?"
            chosen = None if font is self.main else font
            if chosen is not current and buffer:
                yield current, "".join(buffer)
                buffer = []
            current = chosen
            buffer.append(char)
        if buffer:
            yield current, "".join(buffer)

    def markup(self, text: str) -> str:
        """Escaped Paragraph markup for typed text; line breaks kept."""
        out = []
        for font, run in self.runs(text):
            escaped = escape(run).replace("\n", "<br/>")
            out.append(f'<font name="{font.name}">{escaped}</font>' if font else escaped)
        return "".join(out)

    def pieces(self, text: str, default: str = REGULAR) -> list[tuple[str, str]]:
        """`text` as (font name, run) pairs for drawing on a canvas or in a chart."""
        return [(f.name if f else default, r) for f, r in self.runs(text.replace("\n", " "))]


_BREAKS = frozenset({10, 32})
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def _candidates(script: str) -> list[Path]:
    files = _font_files()
    word = script.lower()
    named = [p for n, p in files.items() if word and word in n.replace("-", "").replace("_", "")]
    broad = [files[n.lower()] for n in BROAD if n.lower() in files]
    return named[:MAX_SCRIPT_FILES] + broad


@cache
def _register_file(path: Path) -> Font | None:
    """Register a TrueType file as a fallback font, or None when reportlab cannot embed it."""
    from reportlab.pdfbase import pdfmetrics
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
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    name = CID_FONTS.get(language, CID_CHINESE)
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return Font(name, None, language if language in ("ja", "ko") else "zh")


@cache
def _main_font() -> Font:
    """Register the main family (regular and bold) once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular_file, bold_file = find_family()
    regular, bold = TTFont(REGULAR, str(regular_file)), TTFont(BOLD, str(bold_file))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    # <b> in markup switches to the bold face; there is no italic (none is needed).
    for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(REGULAR, is_bold, is_italic, BOLD if is_bold else REGULAR)
    return Font(REGULAR, frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph))


def font_set() -> FontSet:
    """The fonts of one rendering (registration is done once per process)."""
    return FontSet(main=_main_font())
