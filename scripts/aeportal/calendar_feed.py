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

from icalendar import Calendar, Event

from aeportal.derive import AccountStatus, MilestoneState, PortfolioStatus
from aeportal.i18n import words

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
    stamp = dt.datetime.combine(status.today, dt.time(), tzinfo=dt.UTC)
    events = []
    states = sorted(status.milestones.values(), key=lambda s: (s.milestone.due, s.milestone.id))
    for state in states:
        m = state.milestone
        summary = m.title
        if m.visibility == "internal":
            summary += f" ({w('internal')})"
        if prefix:
            summary = f"{status.account.name} — {summary}"
        event = Event()
        event.add("uid", milestone_uid(status.bundle.slug, m.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", m.due)
        event.add("dtend", m.due + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", _description(status, state))
        # VEVENT has no COMPLETED status (that is VTODO's): the state goes in CATEGORIES.
        event.add("status", "CONFIRMED")
        event.add("categories", [w.state(state.status)])
        event.add("transp", "TRANSPARENT")  # a deadline, not time the reader is busy
        events.append(event)
    return events


def _calendar(name: str, events: Iterable[Event]) -> str:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def account_calendar(status: AccountStatus) -> str:
    """The ``calendar.ics`` of one account's portal (its milestones as ``status`` has them)."""
    return _calendar(status.account.name, milestone_events(status))


def portfolio_calendar(portfolio: PortfolioStatus) -> str:
    """The ``calendar.ics`` of the internal dashboard: every account's milestones."""
    events = [e for s in portfolio.accounts for e in milestone_events(s, prefix=True)]
    events.sort(key=lambda e: (e.decoded("dtstart"), str(e["uid"])))
    return _calendar("Portfolio milestones", events)
