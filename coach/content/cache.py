"""A per-user cache of content that read clean, so a command does not parse it again.

Reading the shipped pack and its questionnaires (YAML with line marks, then pydantic with every
cross-check) takes about 65 ms; the cached copy takes about 12 ms. Every command that assesses,
reviews or prints a plan reads it first, so the saving comes before the first question too.

What makes a cached copy valid, all checked before it is used:

- the same request: the rules and questionnaires folders asked for, and the current folder
  (problems and rule places name files relative to it);
- the same code: Python's and pydantic's versions, and the size and modification time of every
  module of the installed coach (so an edited or upgraded coach never reads an old copy);
- the same files: the SHA-256 of every file the first read opened (through the one read path,
  `coach.content.files.read_bytes`), and the names in every folder they were in and in those
  folders' parents (a rules file added, or a `questionnaires` folder beside the pack, is seen).

Only content without errors is kept: a broken file is read, and reported, every time. The copy
is a pickle of trusted, validated models, so it is read only from a folder that this user owns
and nobody else can write to, and only from files written by coach (0600, atomically). The
cache is a saving and never a reason to fail: any problem with it (no such folder, a full disk,
a damaged file) means reading the content as if there were no cache.

`COACH_CACHE_DIR` moves the cache (the tests use a folder of their own); `COACH_NO_CACHE=1`
turns it off; so does a system without `os.getuid` (where ownership cannot be checked). The
default is the platform's user cache folder (`platformdirs`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from coach.content import files

ENV_DIR = "COACH_CACHE_DIR"
ENV_OFF = "COACH_NO_CACHE"
KEEP = 16  # entries kept; the oldest go first
_FORMAT = b"coach-content-cache 1\n"

T = TypeVar("T")


def cached(request: tuple[str, ...], read: Callable[[], tuple[T, bool]]) -> T:
    """What `read()` returns, from the cache when its files have not changed since.

    `read()` returns the value and whether it may be kept (content without errors). `request`
    names what was asked for (the folders given), so different requests never share a copy.
    """
    folder = _folder()
    if folder is None:
        return read()[0]
    name = _entry_name(request)
    found = _load(folder / name)
    if found is not None:
        return found  # type: ignore[no-any-return]
    with files.recording() as opened:
        value, keep = read()
    if keep:
        try:
            _store(folder, name, _signature(opened), value)
        except Exception:  # noqa: BLE001 - never a reason to fail: the value is returned anyway
            pass
    return value


def _folder() -> Path | None:
    if os.environ.get(ENV_OFF) or not hasattr(os, "getuid"):
        return None  # off, or a system where who owns a file cannot be checked
    configured = os.environ.get(ENV_DIR)
    if configured:
        folder = Path(configured).expanduser()
    else:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("coach", appauthor=False))
    return folder / "content"


def _entry_name(request: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for part in (*request, str(Path.cwd()), sys.version, _pydantic_version(), _code_signature()):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()[:32] + ".pickle"


def _pydantic_version() -> str:
    from pydantic import VERSION

    return VERSION


@functools.cache
def _code_signature() -> str:
    """Size and modification time of every module of coach: a changed coach is another cache."""
    digest = hashlib.sha256()
    folders = [str(Path(__file__).resolve().parent.parent)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _signature(opened: list[tuple[Path, bytes]]) -> dict[str, Any]:
    """The files opened (path -> SHA-256), and the names in their folders and their parents.

    The names show a rules file, or a folder beside the pack, added or removed.
    """
    digests = {str(path): hashlib.sha256(data).hexdigest() for path, data in opened}
    folders = {path.parent for path, _ in opened}
    folders |= {folder.parent for folder in folders}
    return {"files": digests, "folders": {str(f): _names(f) for f in sorted(folders)}}


def _names(folder: Path) -> list[str] | None:
    try:
        return sorted(entry.name for entry in folder.iterdir())
    except OSError:
        return None


def _unchanged(signature: dict[str, Any]) -> bool:
    for path, digest in signature["files"].items():
        data, problem = files.read_bytes(Path(path), path)
        if data is None or problem is not None or hashlib.sha256(data).hexdigest() != digest:
            return False
    return all(_names(Path(folder)) == names for folder, names in signature["folders"].items())


def _trusted(path: Path) -> bool:
    """A file we wrote: ours, a regular file, in a folder of ours, neither writable by others."""
    try:
        for info in (path.stat(follow_symlinks=False), path.parent.stat()):
            if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _load(path: Path) -> Any | None:
    if not _trusted(path):
        return None
    try:
        with path.open("rb") as handle:
            if handle.readline() != _FORMAT:
                return None
            if not _unchanged(pickle.load(handle)):
                return None
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a damaged or old copy is read again from the files
        return None


def _store(folder: Path, name: str, signature: dict[str, Any], value: Any) -> None:
    from coach.home import write_private

    data = (
        _FORMAT
        + pickle.dumps(signature, pickle.HIGHEST_PROTOCOL)
        + pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    )
    write_private(folder / name, data, durable=False)
    _prune(folder)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
