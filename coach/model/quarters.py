"""Quarters (`2026-Q4`), the default person, and when the next check-in is due.

Light on purpose: the CLI imports it at `--help` time to validate `--quarter`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

DEFAULT_PERSON = "me"
MAX_NAME = 200
_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


def quarter_of(day: date) -> str:
    """The quarter a date falls in, e.g. `2026-Q4` for 2026-11-26."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def parse_quarter(text: str) -> str:
    """The canonical form of a quarter typed by a person (`2026-q4`, `2026Q4` -> `2026-Q4`).

    Raises:
        ValueError: when `text` is not a quarter; the message says what is expected.
    """
    match = _QUARTER.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a quarter; write it like 2026-Q4")
    return f"{match.group(1)}-Q{match.group(2)}"


def quarter_end(quarter: str) -> date:
    """The last day of a quarter (`2026-Q2` -> 2026-06-30)."""
    year, number = parse_quarter(quarter).split("-Q")
    month = 3 * int(number)
    return date(int(year), month, calendar.monthrange(int(year), month)[1])


def quarters_from(first: str, last: str) -> list[str]:
    """Every quarter from `first` to `last`, both included (`2026-Q3`, `2026-Q4`, `2027-Q1`)."""
    year, number = (int(part) for part in parse_quarter(first).split("-Q"))
    end = parse_quarter(last)
    out = [f"{year}-Q{number}"]
    while out[-1] < end:
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
        out.append(f"{year}-Q{number}")
    return out


def is_quarter(text: str) -> bool:
    """Whether `text` reads as a quarter."""
    return _QUARTER.match(text) is not None


def check_person(name: str) -> str:
    """A person's name as stored: surrounding spaces removed, never empty.

    Raises:
        ValueError: when the name is empty or too long.
    """
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("a person's name cannot be empty")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"a person's name is at most {MAX_NAME} characters")
    return cleaned


def month_in_role(whole_months: int) -> int:
    """The month one is in after `whole_months` whole months in a role (the first is month 1).

    The questionnaire's months in role and `coach job` count whole months; the six-month
    verdict's phases (months 1-3, 4-6) and every sentence that says "month N" count this way.
    """
    return whole_months + 1


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, the day clamped to the month's length (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def next_checkin(last: date | None, today: date) -> date:
    """When the next quarterly check-in is due: three months after the last one, or today."""
    if last is None:
        return today
    return add_months(last, 3)
