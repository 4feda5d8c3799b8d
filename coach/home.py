"""Where coach keeps personal data, and how it writes files nobody else may read.

The data is personal (burnout, bullying): the folder is created 0700 and every file 0600,
written atomically (temporary file, fsync, rename) so a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

ENV_HOME = "COACH_HOME"


def resolve_home(explicit: Path | None = None) -> Path:
    """The data folder: `--home`, else $COACH_HOME, else the platform's user data folder."""
    if explicit is not None:
        home = explicit
    elif os.environ.get(ENV_HOME):
        home = Path(os.environ[ENV_HOME])
    else:
        import platformdirs

        home = Path(platformdirs.user_data_dir("coach", appauthor=False))
    home = home.expanduser()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home


def write_private(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Atomically replace `path` with `data`, readable by its owner only.

    `durable=False` skips the two fsyncs, for a cache: a copy lost in a crash is made again.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise
    if durable:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def private_umask() -> contextlib.AbstractContextManager[None]:
    """A context in which new files are created 0600 and folders 0700 (e.g. SQLite's own files)."""
    return _Umask(0o077)


class _Umask(contextlib.AbstractContextManager[None]):
    def __init__(self, mask: int) -> None:
        self.mask = mask
        self.old = 0

    def __enter__(self) -> None:
        self.old = os.umask(self.mask)

    def __exit__(self, *exc: object) -> None:
        os.umask(self.old)
