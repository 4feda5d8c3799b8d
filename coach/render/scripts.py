"""What the font choice needs to know of Unicode text: scripts, CJK languages, WinAnsi.

Pure functions of characters; `coach.render.fonts` picks and registers the fonts.
"""

from __future__ import annotations

import unicodedata


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


def winansi_chars() -> frozenset[int]:
    """What Helvetica draws: the printable characters of WinAnsi (cp1252).

    Five cp1252 bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are no character, so decoding drops them.
    """
    drawn = bytes(range(0x20, 0x100)).decode("cp1252", errors="ignore")
    return frozenset(map(ord, drawn)) - {0x7F}
