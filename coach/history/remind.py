"""When the next quarterly check-in is due, and a calendar file that repeats it every quarter."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coach.history.quarters import next_checkin, quarter_of

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


def calendar_file(reminder: Reminder, *, who: str = "") -> bytes:
    """An iCalendar file with an all-day event repeating every three months from the due date.

    An overdue check-in starts the series today. `who` is added to the commands it suggests
    (e.g. ` --person Sam`).
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
    event.add("rrule", {"FREQ": "MONTHLY", "INTERVAL": 3})
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
    data: bytes = calendar.to_ical()
    return data
