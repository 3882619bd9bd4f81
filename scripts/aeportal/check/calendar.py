"""Calendar checks: country codes, calendar.yml's entries, and dates due on a day off."""

from __future__ import annotations

import datetime as dt

from aeportal import model
from aeportal.derive.calendar import (
    Calendars,
    Side,
    account_calendars,
    country_names,
    supported_countries,
)
from aeportal.diagnostics import Loc, Report


def check_country(code: str | None, at: Loc, what: str, report: Report) -> None:
    """CAL001 for a country code the holiday library does not know, with close matches."""
    if code is None or code in supported_countries():
        return
    report.add(
        "CAL001",
        at,
        f"{what} `{code}` is not a country code the holiday calendar knows",
        f"{_suggest(code)}write the two-letter ISO 3166 code, e.g. VN, US or SG",
    )


def _suggest(code: str) -> str:
    known = supported_countries()
    letters = "".join(ch for ch in code.lower() if ch.isalpha())
    exact = code.upper() if code.upper() in known else country_names().get(letters)
    if exact is not None:  # vn, or Vietnam, for VN
        return f"did you mean {exact}? "
    close = []
    if len(code) == 2:  # one letter off (VM for VN), the same first letter first
        upper = code.upper()
        close = [k for k in known if sum(a != b for a, b in zip(k, upper, strict=True)) == 1]
        close.sort(key=lambda k: (k[0] != upper[0], k))
    return f"did you mean {' or '.join(close[:8])}? " if close else ""


def check_calendar_file(portfolio: model.Portfolio, report: Report) -> None:
    """The repository's calendar.yml: its country, reversed spans, overlaps, unknown people."""
    cal = portfolio.calendar
    if cal is None:
        return
    check_country(cal.country, cal.at("country"), "country", report)
    team = {m.id for b in portfolio.accounts if b.account for m in b.account.team}
    spans: list[tuple[str, model.Closure | model.Leave]] = [
        *(("the agency", c) for c in cal.closures),
        *((lv.who, lv) for lv in cal.leave),
    ]
    for _, entry in spans:
        if entry.end is not None and entry.end < entry.start:
            report.add(
                "CAL003",
                entry.at("end"),
                f"the span ends ({entry.end}) before it starts ({entry.start})",
                "swap the dates or fix the year; leave `end` out for a single day",
            )
    seen: dict[str, list[model.Closure | model.Leave]] = {}
    for who, entry in spans:
        end = max(entry.start, entry.end or entry.start)
        for other in seen.get(who, ()):
            other_end = max(other.start, other.end or other.start)
            if entry.start <= other_end and other.start <= end:
                report.add(
                    "CAL004",
                    entry.at("start"),
                    f"{who}'s days off from {entry.start} overlap the entry of line "
                    f"{other.loc.line} ({other.start} to {other_end})",
                    "merge the two entries into one, or correct one of the dates",
                )
                break
        seen.setdefault(who, []).append(entry)
    for lv in cal.leave:
        if lv.who not in team:
            report.add(
                "CAL005",
                lv.at("who"),
                f"leave of `{lv.who}`, who is on no account's team, counts nowhere",
                "use a team member's id of account.yml `team:`"
                + (f" ({', '.join(sorted(team))})" if team else ""),
            )


def check_days_off(bundle: model.AccountBundle, today: dt.date, report: Report) -> None:
    """CAL001 for the client's country; CAL002 for an open date due on a day off of whoever
    must act on it: agency work on the agency's (and its owner's leave), client work on the
    client's."""
    a = bundle.account
    if a is None:
        return
    check_country(a.client.country, a.client.at("country"), "client.country", report)
    cals = account_calendars(bundle, today)
    clients = {c.id for c in a.client.contacts}
    for m in bundle.timeline.milestones if bundle.timeline else ():
        if m.done is None:
            what = f"milestone `{m.id}`"
            _due_on_day_off(cals, clients, what, m.owner, m.due, m.at("due"), report)
    for b in bundle.briefs:
        if b.due is not None and b.status not in ("delivered", "cancelled"):
            _due_on_day_off(cals, clients, f"brief `{b.id}`", b.owner, b.due, b.at("due"), report)
    for i, item in enumerate(a.inputs):
        if item.received is None:
            at = a.inputs[i].at("due")
            _due_on_day_off(cals, clients, "client input", item.owner, item.due, at, report)


def _due_on_day_off(
    cals: Calendars,
    clients: set[str],
    what: str,
    owner: str | None,
    due: dt.date,
    at: Loc,
    report: Report,
) -> None:
    side: Side = "client" if owner in clients else "agency"
    work = cals.of(owner)
    if work.is_working(due):
        return
    off = cals.why_off(due, side, owner)
    if off is None:  # a weekend: people choose those knowingly, and often
        return
    who = {
        "holiday": f"a public holiday of the {side} ({off.name})",
        "closure": f"a day the agency is closed ({off.name})",
        "leave": f"a day {owner} is on leave",
    }[off.kind]
    after = work.next_working(due)
    before = work.last_working_before(due)
    report.add(
        "CAL002",
        at,
        f"{what} is due {due}, {who}",
        f"move it to the next working day, {after} ({after:%A}), "
        f"or the last one before, {before} ({before:%A})",
    )
