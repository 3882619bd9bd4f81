"""The calendar feeds of real builds: valid iCalendar, stable UIDs, only what the reader may see."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from aeportal.cli.commands import main
from portal_fixtures import MARKS, TODAY, leak_repo

LATER = "2026-12-05"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = leak_repo(tmp_path_factory.mktemp("calendar"))
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "2"]) == 0
    # A later build of one account (and the dashboard), for what must not change with the day.
    later = ["--today", LATER, "--out", str(root / "later"), "--account", "beta-co"]
    assert main(["build", str(root), *later, "--quiet", "--jobs", "2"]) == 0
    return root


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(path: Path) -> dict[str, Event]:
    """The events of a built calendar by UID."""
    return {str(e["uid"]): e for e in read(path).walk("VEVENT")}


def text(event: Event, key: str) -> str:
    return str(event[key])


def test_every_portal_has_its_calendar(repo: Path) -> None:
    site = repo / "site"
    for slug in MARKS:
        assert (site / "clients" / slug / "calendar.ics").is_file()
        assert (site / "internal" / "accounts" / slug / "calendar.ics").is_file()
    assert (site / "internal" / "calendar.ics").is_file()


def test_calendar_is_valid_icalendar(repo: Path) -> None:
    path = repo / "site" / "clients" / "alpha-co" / "calendar.ics"
    data = path.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert all(line.endswith(b"\r") for line in data.split(b"\n")[:-1])  # CRLF only
    assert all(len(line) <= 76 for line in data.split(b"\n"))  # 75 octets and CR
    cal = read(path)
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]) == "-//AE Portal//aeportal//EN"
    assert str(cal["x-wr-calname"]) == "Alpha Client Co"


def test_client_calendar_has_one_all_day_event_per_client_milestone(repo: Path) -> None:
    found = events(repo / "site" / "clients" / "alpha-co" / "calendar.ics")
    assert sorted(found) == ["alpha-co.kickoff@aeportal", "alpha-co.posts@aeportal"]
    posts = found["alpha-co.posts@aeportal"]
    assert text(posts, "summary") == "ALPHA-CLIENT-POSTS first posts"
    assert posts.decoded("dtstart") == dt.date(2026, 12, 10)
    assert posts.decoded("dtend") == dt.date(2026, 12, 11)
    assert posts["dtstart"].params["VALUE"] == "DATE"
    assert posts.decoded("dtstamp") == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    assert text(posts, "status") == "CONFIRMED"
    assert posts["categories"].cats == ["in progress"]
    assert text(posts, "description") == "Owner: Sam Agency\nPhase: execution\nStatus: in progress"
    kickoff = found["alpha-co.kickoff@aeportal"]
    assert kickoff["categories"].cats == ["done"]
    assert text(kickoff, "description").endswith("\nDone: Sep 5, 2026 (on time)")


@pytest.mark.parametrize("slug", sorted(MARKS))
def test_client_calendar_holds_no_internal_milestone_and_no_other_client(
    repo: Path, slug: str
) -> None:
    mark = MARKS[slug][0]
    path = repo / "site" / "clients" / slug / "calendar.ics"
    # Unfolded (RFC 5545 3.1), so that a marker cut by a line fold is found too.
    values = path.read_text("utf-8").replace("\r\n ", "")
    assert "-INT-" not in values
    assert f"{slug}.staffing@aeportal" not in values
    others = [m for s, (m, _) in MARKS.items() if s != slug] + [s for s in MARKS if s != slug]
    assert [o for o in others if o in values] == []
    assert f"{mark}-CLIENT-MILESTONE" in values


def test_internal_account_calendar_has_internal_milestones_marked(repo: Path) -> None:
    found = events(repo / "site" / "internal" / "accounts" / "alpha-co" / "calendar.ics")
    assert len(found) == 3
    staffing = found["alpha-co.staffing@aeportal"]
    assert text(staffing, "summary") == "ALPHA-INT-MILESTONE staffing (Internal)"
    assert staffing["categories"].cats == ["overdue"]
    assert text(staffing, "description").endswith("\nProjected: Nov 23, 2026")


def test_internal_home_calendar_has_every_account(repo: Path) -> None:
    cal = read(repo / "site" / "internal" / "calendar.ics")
    found = list(cal.walk("VEVENT"))
    assert len(found) == 9
    uids = {str(e["uid"]) for e in found}
    for slug in MARKS:
        assert {f"{slug}.{m}@aeportal" for m in ("kickoff", "staffing", "posts")} <= uids
    summaries = {str(e["summary"]) for e in found}
    assert "Beta Client Co — BETA-CLIENT-POSTS first posts" in summaries
    assert "Alpha Client Co — ALPHA-INT-MILESTONE staffing (Internal)" in summaries
    assert [e.decoded("dtstart") for e in found] == sorted(e.decoded("dtstart") for e in found)


@pytest.mark.parametrize(
    "path",
    ["clients/beta-co", "internal/accounts/beta-co", "internal"],
)
def test_uids_are_stable_across_builds_and_stamp_is_the_build_day(repo: Path, path: str) -> None:
    first = events(repo / "site" / path / "calendar.ics")
    later = events(repo / "later" / path / "calendar.ics")
    assert sorted(first) == sorted(later)
    stamps = {e.decoded("dtstamp") for e in later.values()}
    assert stamps == {dt.datetime(2026, 12, 5, tzinfo=dt.UTC)}


def test_a_later_build_updates_the_same_event(repo: Path) -> None:
    path = "clients/beta-co/calendar.ics"
    first = events(repo / "site" / path)["beta-co.posts@aeportal"]
    later = events(repo / "later" / path)["beta-co.posts@aeportal"]
    assert (first["categories"].cats, later["categories"].cats) == (["đang làm"], ["sắp đến hạn"])
    assert first.decoded("dtstart") == later.decoded("dtstart") == dt.date(2026, 12, 10)


def test_vietnamese_account_calendar_is_in_vietnamese(repo: Path) -> None:
    found = events(repo / "site" / "clients" / "beta-co" / "calendar.ics")
    posts = found["beta-co.posts@aeportal"]
    assert text(posts, "description") == (
        "Phụ trách: Sam Agency\nGiai đoạn: triển khai\nTrạng thái: đang làm"
    )
    assert posts["categories"].cats == ["đang làm"]
    kickoff = found["beta-co.kickoff@aeportal"]
    assert text(kickoff, "description").endswith("\nĐã xong: 5 thg 9, 2026 (đúng hạn)")


def test_timeline_and_dashboard_link_the_calendar(repo: Path) -> None:
    site = repo / "site"
    client = (site / "clients" / "beta-co" / "timeline" / "index.html").read_text("utf-8")
    assert '<a href="../calendar.ics">calendar.ics</a>' in client
    assert "Lịch: " in client
    internal = (site / "internal" / "accounts" / "alpha-co" / "timeline" / "index.html").read_text(
        "utf-8"
    )
    assert '<a href="../calendar.ics">calendar.ics</a>' in internal
    home = (site / "internal" / "index.html").read_text("utf-8")
    assert '<a href="calendar.ics">calendar.ics</a>' in home


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "x" * 200,
        "Họp duyệt, kế hoạch; tháng 12 \\ và tiếp theo\nDòng hai " * 6,
        "a" * 72 + "\\,b" * 40,
        "€" * 60 + "^" * 80,
        "ế" * 25 + "\n" * 40,
    ],
)
def test_a_text_value_is_folded_and_escaped_as_calendar_apps_read_it(text: str) -> None:
    # The feed is written by the icalendar library: each content line at most 75 octets,
    # continuations start with a space, never inside a character, and read back the same.
    import icalendar

    from aeportal.render.calendar_feed import Event as FeedEvent
    from aeportal.render.calendar_feed import _calendar, _text

    event = icalendar.Event()
    event.add("uid", "x@aeportal")
    event.add("description", _text(text, lines=True))
    written = _calendar("Feed", [FeedEvent(dt.date(2026, 11, 23), "x@aeportal", event)])
    data = written.encode("utf-8")
    assert data.endswith(b"END:VCALENDAR\r\n")
    pieces = data[:-2].split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    for piece in pieces:
        piece.decode("utf-8")  # never inside a character
    found = next(iter(Calendar.from_ical(data).walk("VEVENT")))
    assert str(found["description"]) == text
