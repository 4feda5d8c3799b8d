"""When the next quarterly check-in is due, and a calendar file that repeats it every quarter."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from coach.model.quarters import next_checkin, quarter_of

PRODID = "-//coach//quarterly career check-in//EN"


@dataclass(frozen=True)
class Reminder:
    """The last check-in (if any) and when the next one is due."""

    person: str
    last: date | None
    last_quarter: str | None
    due: date
    today: date

    @property
    def overdue_days(self) -> int:
        """Days past the due date (0 when not yet due)."""
        return max(0, (self.today - self.due).days)

    @property
    def due_quarter(self) -> str:
        """The quarter the next check-in falls in."""
        return quarter_of(self.due)


def reminder(person: str, last: date | None, last_quarter: str | None, today: date) -> Reminder:
    """The reminder for a person whose last complete check-in was on `last`."""
    return Reminder(person, last, last_quarter, next_checkin(last, today), today)


def reminder_text(due: Reminder) -> str:
    """The reminder in a sentence or two."""
    if due.last is None:
        return (
            f"No check-in saved for {due.person} yet: the first one is due today. "
            "Run `coach assess`."
        )
    said = f"Last check-in for {due.person}: {due.last} ({due.last_quarter})."
    if due.overdue_days:
        return (
            f"{said} The next was due on {due.due}, {due.overdue_days} day(s) ago: "
            "run `coach assess`."
        )
    if due.due == due.today:
        return f"{said} The next is due today."
    days = (due.due - due.today).days
    return f"{said} The next is due on {due.due} ({due.due_quarter}), in {days} day(s)."


def event_uid(person: str) -> str:
    """The same UID for the same person every time, so re-importing updates the event."""
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, 'coach:checkin:' + person)}@coach"


CHECKIN_WORDS = {
    3: "Job check-in, month 3: observing ends, testing starts",
    6: "Job check-in, month 6: the verdict",
}
CHECKIN_TEXT = {
    3: (
        "Months 1-3 of the six-month verdict were for observing the reward structure. From now "
        "on, test it: ask for stretch work, propose an improvement, set a boundary, and record "
        "each outcome"
    ),
    6: ("Six months in the role: time for a definitive decision on the evidence of your tests"),
}


@dataclass(frozen=True)
class JobCheckin:
    """A one-off check-in of the six-month verdict (month 3 or month 6 of a job)."""

    month: int
    day: date
    started: date


def ahead_of(checkins: Sequence[JobCheckin], today: date) -> list[JobCheckin]:
    """The check-ins still to come (today's included): a passed one is neither said nor sent."""
    return [c for c in checkins if c.day >= today]


def checkin_lines(checkins: Sequence[JobCheckin], today: date) -> list[str]:
    """What `coach remind` says of a job's check-ins: those still ahead, each with its date.

    One that has passed is not listed as if it were coming; once all have, one line says when
    the last (the verdict) was, and how to get it.
    """
    ahead = ahead_of(checkins, today)
    if ahead:
        return [
            f"Job check-in, month {c.month}: {c.day}, "
            + ("today." if c.day == today else f"in {(c.day - today).days} day(s).")
            for c in ahead
        ]
    if not checkins:
        return []
    last = checkins[-1]
    return [
        f"Your job's check-ins are behind you: month {last.month}, the verdict, was on "
        f"{last.day}. `coach job verdict` gives it on the tests you recorded."
    ]


def job_checkin_uid(person: str, checkin: JobCheckin) -> str:
    """The same UID for the same job's check-in every time (re-importing updates it)."""
    key = f"coach:job:{person}:{checkin.started.isoformat()}:{checkin.month}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@coach"


def _job_event(person: str, checkin: JobCheckin, who: str) -> Any:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", job_checkin_uid(person, checkin))
    event.add("dtstamp", datetime.now(UTC))
    event.add("summary", CHECKIN_WORDS[checkin.month])
    event.add(
        "description",
        f"{CHECKIN_TEXT[checkin.month]}.\nRun: coach job{who}"
        + (f"\nThen: coach job verdict{who}" if checkin.month == 6 else ""),
    )
    event.add("dtstart", checkin.day)
    event.add("dtend", checkin.day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", CHECKIN_WORDS[checkin.month])
    alarm.add("trigger", timedelta(hours=9))
    event.add_component(alarm)
    return event


def quarterly_rule(start: date) -> dict[str, Any]:
    """Every three months from `start`, on its day of the month or the month's last day.

    A plain monthly rule from the 29th-31st skips the months without that day (RFC 5545), so a
    check-in due on 31 January would never come in April: as `add_months` does, it is then
    held to the month's last day (the last of 28..day that the month has).
    """
    rule: dict[str, Any] = {"FREQ": "MONTHLY", "INTERVAL": 3}
    if start.day > 28:
        rule.update({"BYMONTHDAY": list(range(28, start.day + 1)), "BYSETPOS": -1})
    return rule


def calendar_file(
    reminder: Reminder, *, who: str = "", checkins: Sequence[JobCheckin] = ()
) -> bytes:
    """An iCalendar file with an all-day event repeating every three months from the due date.

    An overdue check-in starts the series today. `who` is added to the commands it suggests
    (e.g. ` --person Sam`). `checkins` adds the month-3 and month-6 check-ins of a job still
    to come, each a one-off all-day event (a passed one would sit in the calendar's past).
    """
    from icalendar import Alarm, Calendar, Event

    start = max(reminder.due, reminder.today)
    event = Event()
    event.add("uid", event_uid(reminder.person))
    event.add("dtstamp", datetime.now(UTC))
    event.add("summary", "Quarterly career check-in")
    event.add(
        "description",
        "Twenty minutes with coach: answer this quarter's questions and see what changed.\n"
        f"Run: coach assess{who}\nThen: coach compare{who}",
    )
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=1))
    event.add("rrule", quarterly_rule(start))
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Quarterly career check-in with coach")
    alarm.add("trigger", timedelta(hours=9))  # 09:00 on the day
    event.add_component(alarm)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    for checkin in ahead_of(checkins, reminder.today):
        calendar.add_component(_job_event(reminder.person, checkin, who))
    data: bytes = calendar.to_ical()
    return data
