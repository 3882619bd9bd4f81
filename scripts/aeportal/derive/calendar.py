"""Working calendars: weekends, public holidays, the agency's closures and its people's leave.

Business days are counted by arithmetic, never by walking the days: weekdays between two
dates come from whole weeks and a remainder, and the days off that fall on weekdays are a
sorted list counted with ``bisect``. A count over a century takes as long as one over a week.

Public holidays come from the ``holidays`` library, for the years an account spans. Whose
calendar counts for which figure is stated in docs/portals.md: a client's approval wait and
inputs count on the client's calendar, agency work on the agency's (and its owner's leave).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import holidays

from aeportal import model

# Holidays are known for the years around an account's contract and ``today``: enough for
# every date the account shows, and cheap (a year of Vietnam's lunar calendar is ~1 ms).
YEARS_AROUND = 2

DayOffKind = Literal["holiday", "closure", "leave"]
Side = Literal["agency", "client"]


def _weekdays_through(day: dt.date) -> int:
    """Weekdays from 0001-01-01 (a Monday) up to and including ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(n: int) -> dt.date:
    """The ``n``-th weekday since 0001-01-01, counting from 1."""
    weeks, rest = divmod(n - 1, 5)
    return dt.date.fromordinal(weeks * 7 + rest + 1)


@dataclass(frozen=True)
class DayOff:
    """A day nobody on one side works, or one person does not, with why (for charts and feeds)."""

    day: dt.date
    side: Side
    kind: DayOffKind
    name: str
    who: str = ""  # the team member on leave (kind "leave" only)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: Monday to Friday except the days off in ``off``."""

    off: tuple[int, ...] = ()  # ordinals of days off on weekdays, sorted, unique

    @classmethod
    def of(cls, days: Iterable[dt.date]) -> WorkCalendar:
        return cls(tuple(sorted({d.toordinal() for d in days if d.weekday() < 5})))

    def union(self, other: WorkCalendar) -> WorkCalendar:
        """Days on which both calendars work (a day off in either is off)."""
        if not other.off or other.off == self.off:
            return self
        return WorkCalendar(tuple(sorted(set(self.off) | set(other.off))))

    def _off_through(self, day: dt.date) -> int:
        return bisect.bisect_right(self.off, day.toordinal())

    def is_working(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        i = bisect.bisect_left(self.off, day.toordinal())
        return i == len(self.off) or self.off[i] != day.toordinal()

    def business_days(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        if end <= start:
            return 0
        weekdays = _weekdays_through(end) - _weekdays_through(start)
        return weekdays - (self._off_through(end) - self._off_through(start))

    def add(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself for 0 or fewer)."""
        if days <= 0:
            return start
        base = _weekdays_through(start)
        before = self._off_through(start)
        # Each pass moves the candidate past the days off it has crossed; the count of days
        # off only grows, so this ends, after one pass per run of days off in the way (the
        # first candidate whose days off are all counted is a working day: see the test).
        crossed = 0
        while True:
            candidate = _nth_weekday(base + days + crossed)
            now = self._off_through(candidate) - before
            if now == crossed:
                return candidate
            crossed = now

    def last_working_before(self, day: dt.date) -> dt.date:
        """The last working day before ``day``, stepping over weekdays off one run at a time."""
        candidate = _nth_weekday(_weekdays_through(day - dt.timedelta(days=1)))
        while not self.is_working(candidate):
            candidate = _nth_weekday(_weekdays_through(candidate) - 1)
        return candidate

    def next_working(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        if self.is_working(day):
            return day
        return self.add(day, 1)


@dataclass(frozen=True)
class Calendars:
    """The working calendars of one account: the agency's, the client's and each team member's."""

    agency: WorkCalendar = field(default_factory=WorkCalendar)
    client: WorkCalendar = field(default_factory=WorkCalendar)
    people: Mapping[str, WorkCalendar] = field(default_factory=dict)  # agency + own leave
    days_off: tuple[DayOff, ...] = ()  # every day off, weekends included, by date
    agency_country: str | None = None
    client_country: str | None = None
    clients: frozenset[str] = frozenset()  # ids of the client's contacts

    @property
    def both(self) -> WorkCalendar:
        """Days both sides work: for what the agency and the client do together."""
        return self.agency.union(self.client)

    def of(self, person: str | None) -> WorkCalendar:
        """The calendar of whoever must act: a client contact, a team member or the agency."""
        if person is not None and person in self.clients:
            return self.client
        return self.people.get(person or "", self.agency)

    @functools.cached_property
    def _by_day(self) -> dict[dt.date, list[DayOff]]:
        found: dict[dt.date, list[DayOff]] = {}
        for off in self.days_off:
            found.setdefault(off.day, []).append(off)
        return found

    def why_off(self, day: dt.date, side: Side, person: str | None = None) -> DayOff | None:
        """Why ``day`` is no working day for ``side`` (and ``person``'s leave), if it is not."""
        for off in self._by_day.get(day, ()):
            if off.side == side and (off.kind != "leave" or off.who == person):
                return off
        return None


@functools.lru_cache(maxsize=64)
def public_holidays(
    country: str, first_year: int, last_year: int, language: str
) -> tuple[tuple[dt.date, str], ...]:
    """(date, name) of a country's public holidays in a span of years, in the portal's language
    where the library has it."""
    try:
        found = holidays.country_holidays(
            country, years=range(first_year, last_year + 1), language=language
        )
    except NotImplementedError:  # unknown country: reported by validate (CAL001)
        return ()
    if not found:  # the library's language list varies by country: fall back to its default
        found = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    return tuple(sorted(found.items()))


@functools.cache
def supported_countries() -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes the holiday library knows."""
    return tuple(sorted(c for c in holidays.list_supported_countries() if len(c) == 2))


@functools.cache
def country_names() -> dict[str, str]:
    """Country name (lowercase, letters only) or three-letter code (lowercase) → two-letter
    code, for suggestions on a mistyped code."""
    from holidays.registry import COUNTRIES

    names = {
        "".join(ch for ch in entry[0].lower() if ch.isalpha()): entry[1]
        for entry in COUNTRIES.values()
    }
    names.update({entry[2].lower(): entry[1] for entry in COUNTRIES.values()})
    return names


def _span(start: dt.date, end: dt.date | None) -> Iterable[dt.date]:
    last = end if end is not None and end >= start else start
    # Bounded by the model's date range; a closure of years would be a typo, reported elsewhere.
    for n in range(min((last - start).days, 3660) + 1):
        yield start + dt.timedelta(days=n)


def account_calendars(bundle: model.AccountBundle, today: dt.date) -> Calendars:
    """The calendars an account's figures count on (weekends only where nothing is set)."""
    a = bundle.account
    setting = bundle.calendar
    agency_country = setting.country if setting else None
    client_country = (a.client.country if a else None) or agency_country
    language = a.language if a else "en"
    first = min(today, a.contract.start if a else today).year - YEARS_AROUND
    last = max(today, a.contract.end if a else today).year + YEARS_AROUND
    first, last = max(first, model.FIRST_YEAR), min(last, model.LAST_YEAR)
    days_off: list[DayOff] = []
    for side, country in (("agency", agency_country), ("client", client_country)):
        if country:
            days_off.extend(
                DayOff(d, side, "holiday", name)  # type: ignore[arg-type]
                for d, name in public_holidays(country, first, last, language)
            )
    team = {m.id for m in a.team} if a else set()
    leave: dict[str, list[dt.date]] = {}
    if setting is not None:
        for c in setting.closures:
            days_off.extend(DayOff(d, "agency", "closure", c.name) for d in _span(c.start, c.end))
        for lv in setting.leave:
            if lv.who in team:
                days = list(_span(lv.start, lv.end))
                leave.setdefault(lv.who, []).extend(days)
                days_off.extend(DayOff(d, "agency", "leave", "", lv.who) for d in days)
    agency = WorkCalendar.of(o.day for o in days_off if o.side == "agency" and o.kind != "leave")
    client = WorkCalendar.of(o.day for o in days_off if o.side == "client")
    people = {who: agency.union(WorkCalendar.of(days)) for who, days in leave.items()}
    days_off.sort(key=lambda o: (o.day, o.side, o.kind, o.who))
    clients = frozenset(c.id for c in a.client.contacts) if a else frozenset()
    return Calendars(
        agency, client, people, tuple(days_off), agency_country, client_country, clients
    )
