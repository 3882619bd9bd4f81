"""What validates, builds: links, ranges and bodies at their limits, in real MkDocs builds.

Each bad case was a tree that ``aeportal validate`` passed and the build then failed
(MkDocs' own link warning, an overflow in the calendar feed, a RecursionError inside
Python-Markdown) or took minutes; now validate reports it with its code and place, and
the build refuses it with the same diagnostic before MkDocs runs.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.cli.commands import main
from aeportal.derive.status import derive_status
from aeportal.derive.visibility import portal_files
from aeportal.render import pages as render
from portal_fixtures import TODAY, account_files, write_repo

SLUG = "alpha-co"
BRIEF = f"accounts/{SLUG}/briefs/alpha-launch-post.md"
NOTE = f"accounts/{SLUG}/internal/relationship.md"
TIMELINE = f"accounts/{SLUG}/timeline.yml"
ACCOUNT = f"accounts/{SLUG}/account.yml"
BODY_LINE = 12  # the brief's body line that holds "the launch post."


def _files(**edits: tuple[str, str]) -> dict[str, str]:
    """The alpha account, with ``path=(old, new)`` replacements (old must occur once)."""
    files = account_files(SLUG, "ALPHA")
    for path, (old, new) in edits.items():
        assert files[path].count(old) == 1, (path, old)
        files[path] = files[path].replace(old, new)
    return files


def _brief_body(text: str) -> dict[str, str]:
    files = account_files(SLUG, "ALPHA")
    files[BRIEF] = files[BRIEF].replace("ALPHA-CLIENT-BODY the launch post.", text)
    return files


def _validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[tuple]]:
    status = main(["validate", str(root), "--today", TODAY, "--no-history", "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    found = [
        (d["code"], Path(d["path"]).relative_to(root).as_posix(), d["line"], d["col"])
        for d in json.loads(out)["diagnostics"]
    ]
    return status, found


def _build(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["build", str(root), "--today", TODAY, "--no-history", "--jobs", "1"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out + err


# Bodies and values that validate and build: every link the build resolves, and every
# range and limit at its edge.
GOOD_BODY = "\n".join(
    [
        "ALPHA-CLIENT-BODY the launch post, as agreed in [the kickoff]"
        "(../meetings/2026-09-01-kickoff.md#notes), priced in [the change](../changes/cr-001.md).",
        "",
        "See [the timeline](../timeline.md), [scope](../scope.md), [all briefs](index.md),"
        " [this page](alpha-launch-post.md), [the top](#background), [the feed](../calendar.ics),"
        " [our site](https://alpha.example) and [mail](mailto:cmo@alpha.example).",
        "",
        "[Results][r] too.",
        "",
        "[r]: ../reports/2026-11-results.md",
        "",
        "".join("    " * depth + "- level\n" for depth in range(16)),
        "[" * 50 + " fifty open brackets, the most one paragraph may hold",
    ]
)


def _at_the_limits(body: str) -> dict[str, str]:
    """The alpha account with ``body`` in its brief and every range at its widest."""
    files = _brief_body(body)
    # The widest ranges: a milestone at each end of the years, an approval that waits
    # 365 business days since 1970, and the largest quantities and amounts.
    files[TIMELINE] = files[TIMELINE].replace(
        "start: 2026-09-01, due: 2026-09-05, done: 2026-09-05",
        "start: 1970-01-01, due: 1970-01-05, done: 1970-01-05",
    )
    files[TIMELINE] = files[TIMELINE].replace(
        "due: 2026-12-10\n",
        "due: 2200-12-31\n    approval: {by: alpha-cmo, sent: 1970-01-02}\n",
    )
    files[ACCOUNT] = (
        files[ACCOUNT]
        .replace("sla_days: 2", "sla_days: 365")
        .replace("quantity: 10, revision_rounds: 2", "quantity: 1000000, revision_rounds: 1000000")
        .replace("value: 90000", "value: 1000000000000000")
        .replace("start: 2026-09-01, end: 2027-03-31", "start: 1970-01-01, end: 2200-12-31")
    )
    files[NOTE] += "\nAbout [the launch post](../briefs/alpha-launch-post.md).\n"
    return files


def test_a_tree_at_every_limit_validates_and_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_repo(tmp_path, _at_the_limits(GOOD_BODY))
    assert _validate(root, capsys) == (0, [])
    assert _build(root, capsys)[0] == 0
    page = (root / f"site/clients/{SLUG}/briefs/alpha-launch-post/index.html").read_text("utf-8")
    assert 'href="../../meetings/2026-09-01-kickoff/#notes"' in page
    assert 'href="../../reports/2026-11-results/"' in page
    feed = (root / f"site/clients/{SLUG}/calendar.ics").read_text("utf-8")
    assert "DTEND;VALUE=DATE:22010101" in feed


@pytest.mark.parametrize("today", [dt.date(1970, 1, 1), dt.date(2200, 12, 31)])
def test_every_derived_date_of_the_widest_ranges_fits(tmp_path: Path, today: dt.date) -> None:
    # Status, slips through dependencies, the SLA's due date, the Gantt chart and the
    # calendar feed, on both days at the ends of the years --today takes.
    root = write_repo(tmp_path, _at_the_limits("Body."))
    checked = check(root, today)
    # In 1970 the tree's done dates are in the future, which is all that is wrong with it.
    assert {d.code for d in checked.report.errors} <= {"TIME004", "APPR003"}
    (bundle,) = checked.portfolio.accounts
    env = render.make_env()
    client = render.client_portal(env, bundle, today)
    internal = render.internal_account_portal(env, derive_status(bundle, today))
    assert "DTEND;VALUE=DATE:22010101" in client.assets["calendar.ics"]
    assert "<svg" in internal.pages["timeline.md"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (_brief_body("See [x](missing.md)."), ("LINK001", BRIEF, BODY_LINE, 9)),
        (
            _brief_body("![kv](../assets/kv-round1.png)"),
            ("LINK001", BRIEF, BODY_LINE, 7),
        ),
        (
            _brief_body("Pitched in [the pitch](alpha-secret-pitch.md)."),
            ("LINK002", BRIEF, BODY_LINE, 24),
        ),
        (
            _brief_body("[Notes](../internal/relationship.md)"),
            ("LINK005", BRIEF, BODY_LINE, 9),
        ),
        (
            _files(**{TIMELINE: ("due: 2026-12-10", "due: 9999-12-31")}),
            ("SCHEMA010", TIMELINE, 10, 10),
        ),
        (
            _files(**{ACCOUNT: ("sla_days: 2", "sla_days: 3000000")}),
            ("SCHEMA007", ACCOUNT, 11, 46),
        ),
        (
            _brief_body("".join("    " * depth + "- level\n" for depth in range(400))),
            ("BODY001", BRIEF, BODY_LINE + 16, 65),
        ),
        (_brief_body("[" * 20_000), ("BODY002", BRIEF, BODY_LINE, 51)),
        (_brief_body("\\" * 80_000), ("BODY003", BRIEF, BODY_LINE, 1)),
    ],
    ids=["missing", "asset", "internal", "note", "year", "sla", "nesting", "brackets", "marks"],
)
def test_what_the_build_cannot_make_is_reported_by_validate_and_refused_by_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], expected: tuple
) -> None:
    root = write_repo(tmp_path, files)
    status, found = _validate(root, capsys)
    assert (status, found) == (1, [expected])
    started = time.perf_counter()
    status, out = _build(root, capsys)
    assert status == 1
    code, path, line, col = expected
    assert f"{path}:{line}:{col}: error {code}" in out
    assert "MkDocs" not in out and "Doc file" not in out
    assert time.perf_counter() - started < 60  # a hang guard: the body is never converted


def test_the_files_links_are_checked_against_are_the_files_of_each_portal(tmp_path: Path) -> None:
    # validate looks links up in visibility.portal_files; render makes the portals.
    root = write_repo(tmp_path, account_files(SLUG, "ALPHA"))
    (bundle,) = check(root, dt.date(2026, 11, 23)).portfolio.accounts
    env = render.make_env()
    today = dt.date(2026, 11, 23)
    client = render.client_portal(env, bundle, today)
    internal = render.internal_account_portal(env, derive_status(bundle, today))
    assert portal_files(bundle, internal=False) == {*client.pages, *client.assets}
    assert portal_files(bundle, internal=True) == {*internal.pages, *internal.assets}
    assert "notes/relationship.md" in internal.pages
