"""Working calendars: the arithmetic against a walk, and every business-day figure across
Tết 2027 (a Vietnamese client) and US Thanksgiving 2026 (an American client), checked by hand.

The demo's calendar.yml gives the agency Vietnam's public holidays and one closure, Thursday
2027-02-11. The holidays library gives Vietnam's Tết 2027 as Thursday 02-04 (29 Tết) to
Wednesday 02-10 (mùng 5): on weekdays 02-04, 02-05, 02-08, 02-09 and 02-10. Vietnam Cultural
Day is Tuesday 2026-11-24. US Thanksgiving 2026 is Thursday 11-26.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from aeportal.derive import status as derive
from aeportal.derive.calendar import WorkCalendar, account_calendars
from aeportal.derive.visibility import client_view
from aeportal.diagnostics import Report
from aeportal.load.loader import load_portfolio
from aeportal.model import AccountBundle, MilestoneApproval, Portfolio
from aeportal.render.calendar_feed import account_calendar, portfolio_calendar
from aeportal.render.statusmail import status_email
from aeportal.trail.history import unavailable
from aeportal.trail.report import approvals_overview

REPO = Path(__file__).resolve().parent.parent
d = dt.date.fromisoformat


# --- the arithmetic, against the definition walked one day at a time -------------------


def _walk_count(cal: set[dt.date], start: dt.date, end: dt.date) -> int:
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += day.weekday() < 5 and day not in cal
    return count


def _walk_add(cal: set[dt.date], start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5 and day not in cal
    return day


BASE = dt.date(2026, 12, 1)
offsets = st.integers(min_value=-200, max_value=200)


# The explain phase imports a module that warns (warnings are errors here): left out.
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
@given(
    off=st.sets(offsets, max_size=80),
    runs=st.lists(st.tuples(offsets, st.integers(0, 12)), max_size=4),
    start=offsets,
    span=st.integers(-10, 260),
    days=st.integers(-2, 120),
)
def test_calendar_arithmetic_is_the_walk(
    off: set[int], runs: list[tuple[int, int]], start: int, span: int, days: int
) -> None:
    # Scattered days off and long runs of them (a Tết, a closure), weekends included.
    holidays = {BASE + dt.timedelta(days=n) for n in off}
    holidays |= {BASE + dt.timedelta(days=a + k) for a, length in runs for k in range(length)}
    cal = WorkCalendar.of(holidays)
    first = BASE + dt.timedelta(days=start)
    end = first + dt.timedelta(days=span)
    assert cal.business_days(first, end) == _walk_count(holidays, first, end)
    added = cal.add(first, days)
    assert added == _walk_add(holidays, first, days)
    assert days <= 0 or cal.is_working(added)
    nxt = cal.next_working(first)
    assert nxt == (first if cal.is_working(first) else _walk_add(holidays, first, 1))
    before = cal.last_working_before(first)
    assert before < first and cal.is_working(before)
    assert _walk_count(holidays, before, first - dt.timedelta(days=1)) == 0


def test_the_arithmetic_does_not_walk_the_days() -> None:
    # Every Monday off for three thousand years: a million working days would take seconds
    # one day at a time.
    first_monday = dt.date(2000, 1, 3)
    cal = WorkCalendar.of(first_monday + dt.timedelta(weeks=n) for n in range(160_000))
    start, end = dt.date(2000, 1, 1), dt.date(4999, 12, 31)
    mondays = (end - first_monday).days // 7 + 1
    assert cal.business_days(start, end) == derive.business_days(start, end) - mondays
    assert cal.add(start, 4) == dt.date(2000, 1, 7)  # Monday 01-03 is off: Tue to Fri
    far = cal.add(start, 700_000)  # past the last Monday off, in 5,000s
    assert cal.is_working(far) and cal.business_days(start, far) == 700_000


# --- the demo, across Tết 2027 and Thanksgiving 2026 -------------------------------------


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    report = Report()
    found = load_portfolio(REPO, report)
    assert not report.errors
    return found


def _bundle(portfolio: Portfolio, slug: str) -> AccountBundle:
    bundle = portfolio.get(slug)
    assert bundle is not None
    return bundle


def _with_milestone(bundle: AccountBundle, milestone_id: str, **changes: object) -> AccountBundle:
    assert bundle.timeline is not None
    milestones = tuple(
        dataclasses.replace(m, **changes) if m.id == milestone_id else m  # type: ignore[arg-type]
        for m in bundle.timeline.milestones
    )
    return dataclasses.replace(
        bundle, timeline=dataclasses.replace(bundle.timeline, milestones=milestones)
    )


def _approval(sent: str, approved: str | None = None, by: str = "lan") -> MilestoneApproval:
    return MilestoneApproval(by=by, sent=d(sent), approved=d(approved) if approved else None)


def test_whose_calendar_is_which(portfolio: Portfolio) -> None:
    lotus = account_calendars(_bundle(portfolio, "lotus-tea-house"), d("2026-11-23"))
    feb = [d("2027-02-01") + dt.timedelta(days=n) for n in range(14)]
    assert [x for x in feb if not lotus.client.is_working(x) and x.weekday() < 5] == [
        d("2027-02-04"), d("2027-02-05"), d("2027-02-08"), d("2027-02-09"), d("2027-02-10"),
    ]  # fmt: skip
    agency_off = [x for x in feb if not lotus.agency.is_working(x) and x.weekday() < 5]
    assert agency_off == [
        d("2027-02-04"), d("2027-02-05"), d("2027-02-08"), d("2027-02-09"), d("2027-02-10"),
        d("2027-02-11"),
    ]  # fmt: skip
    # khoa's leave (calendar.yml) is his own: the agency works those days.
    assert not lotus.of("khoa").is_working(d("2026-12-22"))
    assert lotus.agency.is_working(d("2026-12-22"))
    harbor = account_calendars(_bundle(portfolio, "harbor-city-bank"), d("2026-11-23"))
    assert not harbor.client.is_working(d("2026-11-26"))  # Thanksgiving: the client's
    assert harbor.agency.is_working(d("2026-11-26"))
    assert not harbor.agency.is_working(d("2026-11-24"))  # Vietnam Cultural Day: the agency's
    assert harbor.client.is_working(d("2026-11-24"))


def test_an_approval_sent_before_tet_is_not_late_after_it(portfolio: Portfolio) -> None:
    # Sent Wednesday 02-03, the last working day before Tết. On Thursday 02-11, the client's
    # first day back, it has waited one working day (not six weekdays): within the 2-day SLA.
    bundle = _with_milestone(
        _bundle(portfolio, "lotus-tea-house"), "cao-diem-tet", approval=_approval("2027-02-03")
    )
    for today, waited, past in [("2027-02-11", 1, False), ("2027-02-12", 2, False),
                                ("2027-02-15", 3, True)]:  # fmt: skip
        status = derive.derive_status(bundle, d(today))
        s = status.milestones["cao-diem-tet"]
        assert (s.waiting_days, s.past_sla) == (waited, past), today
        codes = {r.code for r in status.reasons}
        assert ("approval_past_sla" in codes) is past
    # The client owes its answer by 02-12 (two of its working days after 02-03), not 02-05.
    need = next(
        n for n in derive.derive_status(bundle, d("2027-02-11")).needs if n.ref == "cao-diem-tet"
    )
    assert (need.since, need.due, need.late) == (d("2027-02-03"), d("2027-02-12"), False)
    # Weekdays alone would have said six days, past the SLA.
    assert derive.business_days(d("2027-02-03"), d("2027-02-11")) == 6


def test_the_status_mail_and_trail_across_tet(portfolio: Portfolio) -> None:
    bundle = _with_milestone(
        _bundle(portfolio, "lotus-tea-house"), "cao-diem-tet", approval=_approval("2027-02-03")
    )
    mail = status_email(bundle, d("2027-02-11"))
    plain = mail.get_body(("plain",))
    assert plain is not None
    text = plain.get_content()
    assert "đã chờ" not in text  # the words of "approval has waited N business days, past SLA"
    late = status_email(bundle, d("2027-02-15")).get_body(("plain",))
    assert late is not None
    assert "đã chờ 3 ngày làm việc" in late.get_content()
    folio = dataclasses.replace(portfolio, accounts=(bundle,))
    overview = approvals_overview(unavailable("test"), folio, d("2027-02-11"))
    row = next(r for r in overview.waiting if r.document == "timeline")
    assert row.detail == "milestone sent 1 business days ago"


def test_approval_turnaround_counts_the_clients_working_days(portfolio: Portfolio) -> None:
    # Lotus's three approvals took 2, 1 and 1 working days (09-30→10-02, Fri 10-16→Mon 10-19,
    # 10-27→10-28); one sent 02-03 and answered 02-11 took 1, not 6: mean 5/4.
    bundle = _with_milestone(
        _bundle(portfolio, "lotus-tea-house"),
        "cao-diem-tet",
        approval=_approval("2027-02-03", "2027-02-11"),
    )
    k = derive.derive_status(bundle, d("2027-02-12")).kpis
    assert (k.approvals_measured, k.mean_approval_days, k.approvals_within_sla) == (4, 1.25, 4)
    # Harbor's client is American: sent Wednesday 11-25, answered Monday 11-30 is two of its
    # working days (Friday 11-27 and Monday), Thanksgiving 11-26 not among them.
    harbor = _with_milestone(
        _bundle(portfolio, "harbor-city-bank"),
        "app-relaunch",
        approval=_approval("2026-11-25", "2026-11-30", by="elaine"),
    )
    k = derive.derive_status(harbor, d("2026-12-01")).kpis
    assert (k.approvals_measured, k.mean_approval_days) == (1, 2.0)


def test_a_wait_across_thanksgiving(portfolio: Portfolio) -> None:
    # Harbor's savings page went to Elaine on Friday 11-13. On Friday 11-27 she has had nine
    # of her working days (11-16..20, 23, 24, 25, 27), not ten: Thanksgiving is hers; the
    # agency's Vietnam Cultural Day (11-24) is no day off for her.
    bundle = _bundle(portfolio, "harbor-city-bank")
    s = derive.derive_status(bundle, d("2026-11-27")).milestones["savings-page"]
    assert (s.waiting_days, s.past_sla) == (9, True)
    # Sent Wednesday 11-25 with Harbor's 3-day SLA: due Tuesday 12-01 (Friday 11-27, Monday
    # 11-30, Tuesday), not Monday 11-30; on Friday 11-27 it has waited one day.
    moved = _with_milestone(bundle, "savings-page", approval=_approval("2026-11-25", by="elaine"))
    status = derive.derive_status(moved, d("2026-11-27"))
    assert status.milestones["savings-page"].waiting_days == 1
    need = next(n for n in status.needs if n.ref == "savings-page")
    assert need.due == d("2026-12-01")
    # A milestone the client owns counts on the client's days: due Thursday 12-03 is five of
    # Elaine's working days from Wednesday 11-25 (Thanksgiving out): due soon; six of the
    # agency's, for which it would not be.
    owned = _with_milestone(
        bundle, "results-review", owner="elaine", start=None, due=d("2026-12-03"), depends_on=()
    )
    assert derive.derive_status(owned, d("2026-11-25")).milestones["results-review"].status == (
        "due_soon"
    )
    mine = _with_milestone(owned, "results-review", owner="maya")
    assert derive.derive_status(mine, d("2026-11-25")).milestones["results-review"].status == (
        "planned"
    )


def test_projected_dates_and_due_soon_across_tet(portfolio: Portfolio) -> None:
    # The December milestones the peak week depends on, done on time.
    lotus = _bundle(portfolio, "lotus-tea-house")
    for done in ("san-sang-thang-12", "posm-tai-cua-hang"):
        assert lotus.timeline is not None
        due = next(m.due for m in lotus.timeline.milestones if m.id == done)
        lotus = _with_milestone(lotus, done, done=due)
    # On 02-04 the Tết peak week (due Wednesday 02-03, not done) is late: its owner's next
    # working day is Friday 02-12 (Tết to 02-10, the agency closed 02-11), not 02-04.
    s = derive.derive_status(lotus, d("2027-02-04")).milestones["cao-diem-tet"]
    assert (s.status, s.projected_due, s.slip_days) == ("overdue", d("2027-02-12"), 9)
    # A milestone due Friday 02-12 is three of the agency's working days from Monday 02-01
    # (02-02, 02-03, 02-12): due soon, though nine weekdays away.
    short = _with_milestone(lotus, "ban-giao", start=None, due=d("2027-02-12"), depends_on=())
    s = derive.derive_status(short, d("2027-02-01")).milestones["ban-giao"]
    assert s.status == "due_soon"
    assert derive.business_days(d("2027-02-01"), d("2027-02-12")) == 9
    # On Friday 02-12 it is nine days late but one of its owner's working days (Tết and the
    # closure in between): amber, where seven weekdays would have turned the account red.
    status = derive.derive_status(lotus, d("2027-02-12"))
    s = status.milestones["cao-diem-tet"]
    assert (s.late_days, s.late_business_days) == (9, 1)
    overdue = [r for r in status.reasons if r.code == "milestone_overdue"]
    assert [(r.level, r.params["days"]) for r in overdue] == [("amber", 9)]
    # The handover starts 02-15, after the projected 02-12: the delay pushes nothing.
    assert derive.derive_status(lotus, d("2027-02-04")).milestones["ban-giao"].slip_days == 0
    # Planned to start 02-04, the day after the peak week is due, the handover is pushed by
    # the peak week's delay in working days: 02-03 to 02-12 is one (Tết and the closure are
    # none), so 02-26 + 1 working day = Monday 03-01, not nine days later.
    tight = _with_milestone(lotus, "ban-giao", start=d("2027-02-04"))
    s = derive.derive_status(tight, d("2027-02-04")).milestones["ban-giao"]
    assert (s.projected_due, s.slip_days) == (d("2027-03-01"), 3)


def test_the_feeds_mark_days_off_and_keep_leave_internal(portfolio: Portfolio) -> None:
    from icalendar import Calendar

    lotus = _bundle(portfolio, "lotus-tea-house")
    today = d("2026-11-23")

    def events(text: str) -> dict[str, tuple[dt.date, dt.date, str]]:
        cal = Calendar.from_ical(text.encode())
        return {
            str(e["uid"]): (e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"]))
            for e in cal.walk("VEVENT")
        }

    # The client's view holds no leave: no figure of its portal can move with one.
    seen = client_view(lotus)
    assert seen.calendar is not None and lotus.calendar is not None
    assert (len(lotus.calendar.leave), seen.calendar.leave) == (2, ())
    assert derive.derive_status(seen, today).calendars.people == {}
    client = events(account_calendar(derive.derive_status(seen, today)))
    # Tết and the agency's closure, one run: Thursday 02-04 to Thursday 02-11.
    tet = client["lotus-tea-house.agency-off.20270204@aeportal"]
    assert tet[:2] == (d("2027-02-04"), d("2027-02-12"))
    assert tet[2].startswith("Agency nghỉ: ") and "Agency closed after Tết" in tet[2]
    assert not any("leave" in uid or "nghỉ phép" in s for uid, (_, _, s) in client.items())
    # khoa's leave, 12-21 to 12-23, is in no event of the client's feed.
    assert not any(start <= d("2026-12-23") < end for start, end, _ in client.values())
    internal = events(account_calendar(derive.derive_status(lotus, today), internal=True))
    leave = internal["lotus-tea-house.leave-khoa.20261221@aeportal"]
    assert leave == (d("2026-12-21"), d("2026-12-24"), "Nguyễn Đăng Khoa: nghỉ phép")
    statuses = [derive.derive_status(b, today) for b in portfolio.accounts]
    folio = events(portfolio_calendar(derive.derive_portfolio(statuses, today)))
    assert "agency.agency-off.20270204@aeportal" in folio
    assert "agency.leave-jordan.20261224@aeportal" in folio
