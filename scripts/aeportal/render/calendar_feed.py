"""Milestones as an iCalendar feed (RFC 5545), for calendar apps to subscribe to.

Each milestone is an all-day event on its due date. The UID depends only on
the account and the milestone, so a subscribed calendar updates the event in
place when a date moves; DTSTAMP is the build's ``today``, so two builds of the
same content on the same day give the same file. A client's feed is made from
the status derived from ``visibility.client_view``, like the rest of its portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from aeportal.check.markup import one_line
from aeportal.derive.status import AccountStatus, MilestoneState, PortfolioStatus
from aeportal.render.i18n import words

PRODID = "-//AE Portal//aeportal//EN"


def milestone_uid(slug: str, milestone_id: str) -> str:
    """The stable UID of a milestone's event."""
    return f"{slug}.{milestone_id}@aeportal"


def _description(status: AccountStatus, state: MilestoneState) -> str:
    w = words(status.account.language)
    m = state.milestone
    people = status.bundle.people()
    owner = people[m.owner].name if m.owner in people else m.owner
    lines = [
        f"{w('owner')}: {owner}",
        f"{w('phase')}: {w('p_' + m.phase)}",
        f"{w('status')}: {w.state(state.status)}",
    ]
    if state.status == "done":
        timing = w("on_time") if state.late_days == 0 else w("late_by", days=state.late_days)
        lines.append(f"{w('done')}: {w.date(m.done)} ({timing})")
    elif state.slip_days > 0:
        lines.append(f"{w('projected')}: {w.date(state.projected_due)}")
    return "\n".join(lines)


def milestone_events(status: AccountStatus, prefix: bool = False) -> list[Event]:
    """One all-day event per milestone of the account, by due date.

    With ``prefix`` the summary starts with the account name, for a feed of
    several accounts.
    """
    w = words(status.account.language)
    stamp = f"{status.today:%Y%m%d}T000000Z"
    events = []
    states = sorted(status.milestones.values(), key=lambda s: (s.milestone.due, s.milestone.id))
    for state in states:
        m = state.milestone
        summary = m.title
        if m.visibility == "internal":
            summary += f" ({w('internal')})"
        if prefix:
            summary = f"{status.account.name} — {summary}"
        uid = milestone_uid(status.bundle.slug, m.id)
        lines = [
            "BEGIN:VEVENT",
            f"SUMMARY:{_text(summary)}",
            f"DTSTART;VALUE=DATE:{m.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{m.due + dt.timedelta(days=1):%Y%m%d}",
            f"DTSTAMP:{stamp}",
            f"UID:{_text(uid)}",
            # VEVENT has no COMPLETED status (that is VTODO's): the state goes in CATEGORIES.
            f"CATEGORIES:{_text(w.state(state.status))}",
            f"DESCRIPTION:{_text(_description(status, state))}",
            "STATUS:CONFIRMED",
            "TRANSP:TRANSPARENT",  # a deadline, not time the reader is busy
            "END:VEVENT",
        ]
        events.append(Event(m.due, uid, lines))
    return events


@dataclass(frozen=True)
class Event:
    """One VEVENT: its date and UID (to sort by) and its unfolded content lines."""

    due: dt.date
    uid: str
    lines: list[str]


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped.

    TEXT holds no control characters, and calendar apps split lines at more than CR
    and LF: any other line break or control character in a value becomes a space.
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return one_line(value)


def _fold(line: str) -> str:
    """A content line folded into pieces of at most 74 octets (RFC 5545 3.1: 75 with the
    space that starts each continuation), never inside a character or an escape (some
    calendar apps unescape before they unfold)."""
    data = line.encode("utf-8")
    parts = []
    start = 0
    while True:
        end = min(start + 74, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # a continuation byte: fold before the character it belongs to
        if end < len(data) and end - start > 1 and data[end - 1 : end] in (b"\\", b"^"):
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        if end >= len(data):
            return "\r\n ".join(parts) + "\r\n"
        start = end


def _calendar(name: str, events: Iterable[Event]) -> str:
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    lines = head + [line for event in events for line in event.lines] + ["END:VCALENDAR"]
    return "".join(_fold(line) for line in lines)


def account_calendar(status: AccountStatus) -> str:
    """The ``calendar.ics`` of one account's portal (its milestones as ``status`` has them)."""
    return _calendar(status.account.name, milestone_events(status))


def portfolio_calendar(portfolio: PortfolioStatus) -> str:
    """The ``calendar.ics`` of the internal dashboard: every account's milestones."""
    events = [e for s in portfolio.accounts for e in milestone_events(s, prefix=True)]
    events.sort(key=lambda e: (e.due, e.uid))
    return _calendar("Portfolio milestones", events)
