"""The one link policy: which addresses coach may write as a link, in any output.

A link is written as a link only when it is an absolute `http` or `https` address that parses
cleanly: a host, no user name or password, a valid port, well-formed `%` escapes, and no control,
space, invisible formatting or bidirectional-override character (which could hide where the link
really goes). Anything else (`javascript:`, `data:`, `vbscript:`, a relative path, text with a
quote or angle bracket in it) is printed as plain text. sources.yaml, `coach import` and every
renderer (HTML, Markdown, PDF, terminal) ask the same function, so they cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

MAX_URL_CHARS = 2083
"""Longest address written as a link (the longest that every browser accepts)."""

# RFC 3986 characters an address may hold as written; anything else (quotes, angle brackets,
# backslashes, braces, spaces) must be %-escaped by whoever wrote the address.
_ASCII_ALLOWED = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def link_problem(url: str) -> str | None:
    """Why `url` may not be written as a link, or None when it may."""
    if not url:
        return "is empty"
    if len(url) > MAX_URL_CHARS:
        return f"is {len(url)} characters long; a link has at most {MAX_URL_CHARS}"
    if not url.lower().startswith(("http://", "https://")):
        return "does not start with https:// (or http://)"
    return _characters_problem(url) or _parts_problem(url)


def _characters_problem(url: str) -> str | None:
    ascii_part = url
    if not url.isascii():
        for char in url:
            if ord(char) >= 128 and unicodedata.category(char)[0] in "CZ":
                return f"holds the invisible character U+{ord(char):04X}"  # bidi, zero-width
        ascii_part = "".join(c for c in url if ord(c) < 128)
    if not _ASCII_ALLOWED.fullmatch(ascii_part):
        bad = next(c for c in ascii_part if not _ASCII_ALLOWED.fullmatch(c))
        return f"holds {bad!r}, which a web address must write %-escaped"
    if _BAD_ESCAPE.search(url):
        return "holds a '%' that does not start a %-escape"
    return None


def _parts_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"does not parse as a web address ({error})"
    if not parts.hostname:
        return "has no host name"
    if "@" in parts.netloc:
        return "holds a user name before its host name, which hides where it leads"
    if port == 0:
        return "has port 0"
    return None


def link_target(url: str) -> str | None:
    """`url` when it may be written as a link, else None (print it as plain text)."""
    return url if isinstance(url, str) and link_problem(url) is None else None
