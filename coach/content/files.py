"""Reading a content, answers or export file as UTF-8 text, safely.

Only regular files are read: a folder, a named pipe, a device (/dev/zero), a socket, a dangling
symbolic link or a symbolic link loop is refused by name after `os.stat`, before anything is
opened for reading, so nothing can hang. A file over its size limit is refused before it is read.
Text that is not UTF-8 is refused with what it looks like instead (UTF-16, Latin-1, a binary).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from coach.content.limits import MAX_FILE_BYTES, size_text
from coach.errors import ContentError, Problem

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_MAGIC = (
    (b"\x7fELF", "an ELF program"),
    (b"MZ", "a Windows program"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx or .docx file is one: save it as CSV or YAML)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
UTF8 = "coach reads UTF-8 text: save the file as UTF-8"

_RECORDERS: list[list[tuple[Path, bytes]]] = []  # open `recording()` blocks, innermost last


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file: coach reads only regular files"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file: coach reads only regular files"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file: coach reads only regular files"
    return "is not a regular file: coach reads only regular files"


def holds_pack(folder: Path) -> bool:
    """Whether `folder` is one `coach rules init` made: a rules/ folder with pack.yaml in it."""
    try:
        return (folder / "rules" / "pack.yaml").is_file()
    except OSError:  # a name too long, a folder that cannot be read: not one
        return False


def check_regular(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> Problem | None:
    """Why `path` cannot be read as a content file (None if it can): checked without opening it."""
    if "\x00" in str(path):
        return Problem(
            shown.replace("\x00", "\\0"), None, None, "", "a file name cannot hold a NUL byte"
        )
    try:
        info = path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Problem(shown, None, None, "", "is a symbolic link loop: it leads to itself")
        if error.errno == errno.ENOENT and path.is_symlink():
            target = path.readlink()
            return Problem(
                shown, None, None, "", f"is a symbolic link to '{target}', which does not exist"
            )
        if error.errno == errno.ENOENT:
            return Problem(shown, None, None, "", "does not exist")
        return Problem(shown, None, None, "", f"cannot be read: {error.strerror}")
    kind = _kind(info.st_mode)
    if kind:
        return Problem(shown, None, None, "", kind)
    if info.st_size > limit:
        return Problem(
            shown,
            None,
            None,
            "",
            f"is {size_text(info.st_size)}: the limit is {size_text(limit)} "
            "(MAX_FILE_BYTES in docs/yaml-contract.md)",
        )
    return None


def read_bytes(
    path: Path, shown: str, limit: int = MAX_FILE_BYTES
) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most `limit` bytes, or why not."""
    refused = check_regular(path, shown, limit)
    if refused:
        return None, refused
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return None, Problem(shown, None, None, "", f"cannot be read: {error.strerror}")
    try:
        kind = _kind(os.fstat(fd).st_mode)  # replaced between the check and the open
        if kind:
            return None, Problem(shown, None, None, "", kind)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        return None, Problem(shown, None, None, "", f"cannot be read: {error.strerror}")
    finally:
        os.close(fd)
    if total > limit:
        return None, Problem(
            shown, None, None, "", f"is over the limit of {size_text(limit)} (MAX_FILE_BYTES)"
        )
    data = b"".join(chunks)
    for opened in _RECORDERS:
        opened.append((path.absolute(), data))
    return data, None


@contextlib.contextmanager
def recording() -> Iterator[list[tuple[Path, bytes]]]:
    """Every file `read_bytes` reads inside the block, with its bytes (for the content cache)."""
    opened: list[tuple[Path, bytes]] = []
    _RECORDERS.append(opened)
    try:
        yield opened
    finally:
        _RECORDERS.pop()


def decode(data: bytes, shown: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a UTF-8 byte order mark is dropped), or what the bytes look like instead."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return None, Problem(
                shown,
                None,
                None,
                "",
                f"is {name} text (it starts with a {name} byte order mark); {UTF8}",
            )
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return None, Problem(shown, None, None, "", f"is {name}, not text; {UTF8}")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        odd = data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4
        if odd:
            return None, Problem(
                shown, None, None, "", f"looks like UTF-16 text (every other byte is NUL); {UTF8}"
            )
        line, column = _line_column(data, nul)
        return None, Problem(
            shown, line, column, "", f"holds a NUL byte, so it is binary, not text; {UTF8}"
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        byte = data[error.start]
        guess = (
            "the file looks like Latin-1 (ISO-8859-1) or Windows-1252 text"
            if _looks_latin1(data)
            else "the file is not UTF-8 text"
        )
        return None, Problem(
            shown, line, column, "", f"byte 0x{byte:02x} is not UTF-8: {guess}; {UTF8}"
        )


def _looks_latin1(data: bytes) -> bool:
    high = [b for b in data if b >= 0x80]
    return bool(high) and sum(1 for b in high if b >= 0xA0) >= len(high) * 0.8


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    return line, len(before[start:].decode("utf-8", errors="replace")) + 1


def read_text(
    path: Path, shown: str, limit: int = MAX_FILE_BYTES
) -> tuple[str | None, Problem | None]:
    """A regular file's UTF-8 text, or the one problem that stops it being read (never raises)."""
    data, problem = read_bytes(path, shown, limit)
    if data is None:
        return None, problem
    return decode(data, shown)


def read_text_or_raise(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file's UTF-8 text, or a ContentError saying why it cannot be read."""
    text, problem = read_text(path, shown, limit)
    if text is None:
        assert problem is not None
        raise ContentError([problem])
    return text


def copy_regular_tree(source: Path, target: Path) -> None:
    """Copy a folder, leaving out whatever is neither a folder nor a regular file.

    A named pipe or /dev/zero in a pack would otherwise block or fill the disk when copied; the
    loaders report it by name in the original folder.
    """

    def skipped(folder: str, names: list[str]) -> list[str]:
        here = Path(folder)
        return [n for n in names if not (here / n).is_dir() and not (here / n).is_file()]

    shutil.copytree(source, target, ignore=skipped)
