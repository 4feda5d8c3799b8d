"""The one error tree of coach, with structured fields and exit codes.

Core code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


def suggest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest known name, for "did you mean"; None when nothing is close enough.

    A name cut short comes first: 'workload.hours' means 'workload.hours_per_week', the one
    name it begins, though 'workload.out_of_hours' is closer letter by letter.
    """
    import difflib  # only when a name was not found

    names = list(known)
    longer = [k for k in names if k.startswith(name) and k != name] if len(name) >= 3 else []
    if len(longer) == 1:
        return longer[0]
    close = difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
    return close[0] if close else None


def suggest_by_title(name: str, titles: Mapping[str, str]) -> str | None:
    """The id whose title holds every word of `name`, for an id written from memory.

    'say-no' finds 'strategic-no', titled "Say a strategic no", and 'brag-doc' the action titled
    "Start a brag document", where the ids are too far apart for `suggest`. The shortest such
    title wins; None when there is none or two tie.
    """
    words = {w for w in name.lower().replace("_", "-").split("-") if w}
    if all(len(w) < 3 for w in words):
        return None  # 'a' or 'no' alone would find too much
    found = sorted(
        (len(title.split()), item_id)
        for item_id, title in titles.items()
        if words and _holds(_WORD.findall(title.lower()), words)
    )
    if not found or (len(found) > 1 and found[0][0] == found[1][0]):
        return None
    return found[0][1]


_WORD = re.compile(r"[a-z0-9]+")


def _holds(title: list[str], words: set[str]) -> bool:
    """Every word is a word of the title, or begins one ('doc' in 'document') from 3 letters."""
    return all(w in title or (len(w) >= 3 and any(t.startswith(w) for t in title)) for w in words)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """The words " (did you mean 'x'?)" for the closest known name; empty when none is close."""
    close = suggest(name, known)
    return f" (did you mean '{close}'?)" if close else ""


class ExitCode(enum.IntEnum):
    """Process exit codes, documented in docs/cli.md."""

    OK = 0
    FAILED = 1  # a check found problems (validate, rules test, lint)
    USAGE = 2  # bad command-line usage (click's own code)
    CONTENT = 3  # questionnaire, rules or answers files are invalid
    STORE = 4  # the history database cannot be used
    NO_TERMINAL = 5  # an interactive command was run without a terminal
    SYSTEM = 6  # the system refused a read or write: a full disk, a read-only one, an I/O error
    BUG = 70  # an unexpected error: a bug in coach
    INTERRUPTED = 130  # Ctrl-C


EXIT_MEANINGS = {
    ExitCode.OK: "done; `validate` and `rules lint` found nothing, every rule test passed",
    ExitCode.FAILED: "a check found problems: `validate`, `rules lint` (errors; warnings too "
    "with --strict), `rules test` (a case failed, or coverage is below --min-coverage), "
    "`rules impact` (an answer set could not be replayed)",
    ExitCode.USAGE: "the command line is wrong: an unknown command or option, or an option "
    "value refused (a folder where a file goes, a NUL byte, NaN, a day after today, a job test "
    "dated before the job started); click's own code",
    ExitCode.CONTENT: "a content, answers or import file has problems, so the command could not "
    "run: `assess`, `rules explain`, `rules test` (a test file or the pack does not load), "
    "`import` and every other command that reads content; each problem is listed",
    ExitCode.STORE: "the history database cannot be used (damaged, newer, busy, or no such "
    "person or assessment)",
    ExitCode.NO_TERMINAL: "an interactive command was run without a terminal (`assess` without "
    "--answers, `review`, `rules new` without --yes)",
    ExitCode.SYSTEM: "the system refused a read or write: the disk is full or over quota, "
    "read-only, or failing (an I/O error); nothing is wrong with coach or your files",
    ExitCode.BUG: "an unexpected error: a bug in coach (--debug shows the traceback)",
    ExitCode.INTERRUPTED: "Ctrl-C",
}
"""What each exit code means, for docs/cli.md (generated from this table)."""


@dataclass(frozen=True)
class Problem:
    """One located problem in a content file."""

    path: str
    line: int | None
    column: int | None
    key_path: str
    message: str
    suggestion: str | None = None
    severity: str = "error"  # or "warning" (lint), or "note": what is checked once fixed

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = (
            f"{where}: {self.key_path}: {self.message}"
            if self.key_path
            else f"{where}: {self.message}"
        )
        if self.suggestion:
            text += f" (did you mean '{self.suggestion}'?)"
        return text


FIX_FIRST = "fix the problems above first: "


def checked_later(path: str | Path, what: str) -> Problem:
    """A note after a stage's errors: what is checked only once they are fixed.

    Reported instead of checking further against content that did not load, which would give
    follow-on errors that are not real ("unknown action" for every action of an unreadable
    actions.yaml); the author learns that more problems may follow.
    """
    message = f"{FIX_FIRST}{what} only once those are fixed, so more problems may follow"
    return Problem(str(path), None, None, "", message, severity="note")


class CoachError(Exception):
    """Base of every error coach reports to a user."""

    exit_code: ExitCode = ExitCode.BUG

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ContentError(CoachError):
    """One or more problems in content files, all reported together."""

    exit_code = ExitCode.CONTENT

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        key_path: str = "",
        suggestion: str | None = None,
    ) -> ContentError:
        """Build an error holding a single problem."""
        return cls([Problem(str(path), line, column, key_path, message, suggestion)])


class AnswerError(CoachError):
    """An answer that its question does not accept."""

    exit_code = ExitCode.CONTENT


class StoreError(CoachError):
    """The history store cannot be opened or written."""

    exit_code = ExitCode.STORE


class StoreCorruptError(StoreError):
    """The history database file is damaged or is not a coach database; it is left as it is."""


class StoreVersionError(StoreError):
    """The history database was written by a newer coach; it is left as it is."""


class StoreBusyError(StoreError):
    """Another coach process held the history database for too long."""


class NotInHistoryError(StoreError):
    """A person, assessment or plan item the history does not hold."""


class RefusedValueError(CoachError):
    """A value on the command line that the history shows cannot be right.

    A job test dated before the job started; it exits like a refused option.
    """

    exit_code = ExitCode.USAGE


class EngineError(CoachError):
    """The rules engine refused a pack or failed while running it."""

    exit_code = ExitCode.CONTENT


class NoTerminalError(CoachError):
    """An interactive command was started without a terminal."""

    exit_code = ExitCode.NO_TERMINAL


def problem_order(problem: Problem) -> tuple[bool, str, int, int]:
    """Sort key: by file, line and column; notes after every problem."""
    # notes (what is checked once these are fixed) come after every problem
    return (problem.severity == "note", problem.path, problem.line or 0, problem.column or 0)


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise a ContentError holding every error-level problem (and notes), if there is one."""
    problems = list(problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors + [p for p in problems if p.severity == "note"])
