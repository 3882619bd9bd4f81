"""Milestones and days off as an iCalendar feed (RFC 5545), for calendar apps to subscribe to.

Each milestone is an all-day event on its due date. The UID depends only on
the account and the milestone, so a subscribed calendar updates the event in
place when a date moves; DTSTAMP is the build's ``today``, so two builds of the
same content on the same day give the same file. A client's feed is made from
the status derived from ``visibility.client_view``, like the rest of its portal.

Days off are events too, one per run of consecutive days: in every feed the days the
agency is closed (its public holidays and closures), in the agency's feeds also the
client's public holidays and team members' leave (a client's feed never has leave: the
client view holds none). The ``icalendar`` library writes the file: escaping, folding
at 75 octets, line endings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import icalendar

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
    stamp = _stamp(status.today)
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
        event = _all_day(uid, summary, m.due, m.due, stamp)
        # VEVENT has no COMPLETED status (that is VTODO's): the state goes in CATEGORIES.
        event.add("categories", [_text(w.state(state.status))])
        event.add("description", _text(_description(status, state), lines=True))
        event.add("status", "CONFIRMED")
        events.append(Event(m.due, uid, event))
    return events


def _stamp(today: dt.date) -> dt.datetime:
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)


def _all_day(uid: str, summary: str, first: dt.date, last: dt.date, stamp: dt.datetime) -> Any:
    event = icalendar.Event()
    event.add("summary", _text(summary))
    event.add("dtstart", first)
    event.add("dtend", last + dt.timedelta(days=1))
    event.add("dtstamp", stamp)
    event.add("uid", uid)
    event.add("transp", "TRANSPARENT")  # a deadline or a day off, not time the reader is busy
    return event


def day_off_events(
    status: AccountStatus,
    sides: Sequence[str] = ("agency",),
    leave: bool = False,
    uid_scope: str | None = None,
) -> list[Event]:
    """One all-day event per run of days off of ``sides`` (and team members' ``leave``):
    runs of consecutive days, each with at least one weekday (a holiday on a Sunday changes
    nobody's plans)."""
    w = words(status.account.language)
    people = status.bundle.people()
    stamp = _stamp(status.today)
    grouped: dict[tuple[str, str], list[tuple[dt.date, str]]] = {}
    for off in status.calendars.days_off:
        if off.kind == "leave" and not leave:
            continue
        if off.kind != "leave" and off.side not in sides:
            continue
        key = ("leave", off.who) if off.kind == "leave" else (off.side, "")
        grouped.setdefault(key, []).append((off.day, off.name))
    events = []
    for (side, who), days in grouped.items():
        for first, last, names in _runs(days):
            if (last - first).days < 2 and all(d.weekday() >= 5 for d in (first, last)):
                continue
            if side == "leave":
                person = people[who].name if who in people else who
                summary, label, tag = f"{person}: {w('off_leave')}", w("off_leave"), f"leave-{who}"
            else:
                label = w(f"off_{side}")
                summary, tag = f"{label}: {', '.join(names)}", f"{side}-off"
            uid = f"{uid_scope or status.bundle.slug}.{tag}.{first:%Y%m%d}@aeportal"
            event = _all_day(uid, summary, first, last, stamp)
            event.add("categories", [_text(label)])
            events.append(Event(first, uid, event))
    return events


def _runs(days: Iterable[tuple[dt.date, str]]) -> list[tuple[dt.date, dt.date, list[str]]]:
    runs: list[tuple[dt.date, dt.date, list[str]]] = []
    for day, name in sorted(set(days)):
        if runs and runs[-1][1] + dt.timedelta(days=1) >= day:
            first, _, names = runs[-1]
            runs[-1] = (first, day, names if not name or name in names else [*names, name])
        else:
            runs.append((day, day, [name] if name else []))
    return runs


@dataclass(frozen=True)
class Event:
    """One VEVENT with its date and UID, to sort by."""

    due: dt.date
    uid: str
    component: Any


def _text(value: str, lines: bool = False) -> str:
    """A TEXT value as calendar apps read it: TEXT holds no control characters, and apps
    split lines at more than CR and LF, so any other line break or control character
    becomes a space (line breaks are kept where ``lines`` allows them). The library
    escapes backslashes, semicolons, commas and line breaks."""
    if not lines:
        return one_line(value)
    return "\n".join(one_line(line) for line in value.replace("\r\n", "\n").split("\n"))


def _calendar(name: str, events: Iterable[Event]) -> str:
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text(name))
    for event in events:
        cal.add_component(event.component)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def account_calendar(status: AccountStatus, internal: bool = False) -> str:
    """The ``calendar.ics`` of one account's portal: its milestones as ``status`` has them,
    the agency's days off and, in the agency's portal, the client's holidays and leave."""
    sides = ("agency", "client") if internal else ("agency",)
    events = [*milestone_events(status), *day_off_events(status, sides, leave=internal)]
    events.sort(key=lambda e: (e.due, e.uid))
    return _calendar(status.account.name, events)


def portfolio_calendar(portfolio: PortfolioStatus) -> str:
    """The ``calendar.ics`` of the internal dashboard: every account's milestones, the
    agency's days off and team members' leave (each once)."""
    events = [e for s in portfolio.accounts for e in milestone_events(s, prefix=True)]
    seen: set[str] = set()
    for s in portfolio.accounts:
        # The agency's days off and a person's leave show in every account they work on:
        # each is kept once, with a UID of the agency's rather than of an account.
        for e in day_off_events(s, ("agency",), leave=True, uid_scope="agency"):
            if e.uid not in seen:
                seen.add(e.uid)
                events.append(e)
    events.sort(key=lambda e: (e.due, e.uid))
    return _calendar("Portfolio milestones", events)
