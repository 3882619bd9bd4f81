"""Derived state: pure functions of the model and today, checked against hand-computed values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.derive import metrics
from aeportal.derive import status as derive
from aeportal.derive.visibility import client_view
from aeportal.model import AccountBundle
from portal_fixtures import account_files, write_repo

TODAY = dt.date(2026, 11, 23)  # a Monday

ACCOUNT = """\
name: Acme
client:
  company: Acme Ltd
  contacts:
    - {id: jo, name: Jo Client, approver: true}
team:
  - {id: sam, name: Sam Agency}
  - {id: kim, name: Kim Agency}
contract: {id: A-1, start: 2026-09-01, end: 2026-12-15, value: 1000, currency: USD,
           renewal: in_discussion}
approval: {approvers: [jo], sla_days: 2}
objectives:
  - {id: reach, text: Reach, target: 1000}
scope:
  - {id: post, name: Social post, unit: post, quantity: 10, revision_rounds: 2}
  - {id: video, name: Video, unit: video, quantity: 2, revision_rounds: 1}
inputs:
  - {item: Logo files, owner: jo, due: 2026-11-13}
  - {item: Price list, owner: jo, due: 2026-11-01, received: 2026-10-30}
surveys:
  - {date: 2026-10-01, type: csat, score: 4.5, scale: 5}
  - {date: 2026-11-01, type: csat, score: 4.0, scale: 5}
  - {date: 2026-11-01, type: nps, score: 8}
"""

TIMELINE = """\
milestones:
  - {id: kickoff, title: Kickoff, owner: sam, start: 2026-09-01, due: 2026-09-05,
     done: 2026-09-05}
  - {id: research, title: Research, owner: sam, start: 2026-09-06, due: 2026-09-20,
     done: 2026-09-22, depends_on: [kickoff],
     approval: {by: jo, sent: 2026-09-18, approved: 2026-09-23}}
  - {id: design, title: Design, owner: kim, start: 2026-11-01, due: 2026-11-20,
     depends_on: [research], approval: {by: jo, sent: 2026-11-18}}
  - {id: build, title: Build, owner: sam, start: 2026-11-21, due: 2026-11-30,
     depends_on: [design]}
  - {id: launch, title: Launch, owner: sam, start: 2026-12-10, due: 2026-12-12,
     depends_on: [build]}
  - {id: report, title: Report, owner: sam, start: 2027-01-20, due: 2027-01-30,
     depends_on: [launch]}
risks:
  - {id: r1, title: Late feedback, impact: high, owner: sam, status: open}
  - {id: r2, title: Budget cut, impact: medium, owner: sam, status: escalated}
  - {id: r3, title: Old one, impact: low, owner: sam, status: closed}
"""


def brief(title: str, scope: str, qty: int, status: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\nscope: {scope}\nquantity: {qty}\nstatus: {status}\n"
        f"owner: sam\n{extra}---\nBody.\n"
    )


FILES = {
    "accounts/acme/account.yml": ACCOUNT,
    "accounts/acme/timeline.yml": TIMELINE,
    "accounts/acme/briefs/a.md": brief(
        "Posts A",
        "post",
        5,
        "delivered",
        "due: 2026-10-01\ndelivered_on: 2026-11-16\n"
        "revisions: [{round: 1, date: 2026-09-20}, {round: 2, date: 2026-09-25}]\n",
    ),
    "accounts/acme/briefs/b.md": brief(
        "Posts B", "post", 4, "in_production", "due: 2026-11-20\nchange: cr-1\n"
    ),
    "accounts/acme/briefs/c.md": brief("Posts C", "post", 3, "cancelled"),
    "accounts/acme/briefs/d.md": brief("Posts D", "post", 1, "draft", "change: cr-2\n"),
    "accounts/acme/briefs/v.md": brief(
        "Video",
        "video",
        1,
        "delivered",
        "delivered_on: 2026-10-10\nrevisions: [{round: 1, date: 2026-10-01}]\n",
    ),
    "accounts/acme/changes/cr-1.md": (
        "---\ntitle: Two more posts\nrequested_by: jo\nrequested_on: 2026-10-01\n"
        "adds: [{scope: post, quantity: 2}]\ncost: 300\nstatus: approved\n"
        "decided_by: jo\ndecided_on: 2026-10-02\n---\n"
    ),
    "accounts/acme/changes/cr-2.md": (
        "---\ntitle: One more post\nrequested_by: jo\nrequested_on: 2026-11-10\n"
        "adds: [{scope: post, quantity: 1}]\ncost: 150\nstatus: proposed\n---\n"
    ),
    "accounts/acme/meetings/m1.md": (
        "---\ntitle: Weekly\ndate: 2026-11-16\nattendees: [jo, sam]\n"
        "actions:\n"
        "  - {task: Send photos, owner: jo, due: 2026-11-20}\n"
        "  - {task: Draft copy, owner: kim, due: 2026-12-01}\n"
        "  - {task: Old task, owner: jo, due: 2026-11-01, done: 2026-10-30}\n"
        "open_questions:\n"
        "  - {question: Which store opens first?, owner: jo, due: 2026-11-30}\n---\n"
    ),
}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> AccountBundle:
    root = write_repo(tmp_path_factory.mktemp("derive"), FILES)
    checked = check(root, TODAY)
    assert [d.code for d in checked.report.errors] == []
    found = checked.portfolio.get("acme")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def status(bundle: AccountBundle) -> derive.AccountStatus:
    return derive.derive_status(bundle, TODAY)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-11-20", "2026-11-23", 1),  # Friday to Monday
        ("2026-11-16", "2026-11-23", 5),  # a whole week
        ("2026-11-23", "2026-11-23", 0),
        ("2026-11-18", "2026-11-23", 3),  # Thu, Fri, Mon
        ("2026-11-23", "2026-11-20", 0),
    ],
)
def test_business_days(start: str, end: str, expected: int) -> None:
    assert derive.business_days(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == (
        expected
    )


def test_milestone_states(status: derive.AccountStatus) -> None:
    s = status.milestones
    assert (s["kickoff"].status, s["kickoff"].late_days, s["kickoff"].on_time) == ("done", 0, True)
    assert (s["research"].status, s["research"].late_days, s["research"].on_time) == (
        "done",
        2,
        False,
    )
    design = s["design"]
    assert (design.status, design.late_days, design.slip_days) == ("overdue", 3, 3)
    assert design.projected_due == TODAY
    assert (design.waiting_on_client, design.waiting_days, design.past_sla) == (True, 3, True)
    # build starts 11-21, the day after design's due date: design now ends 11-23, so +3 days.
    assert (s["build"].status, s["build"].slip_days) == ("due_soon", 3)
    assert s["build"].projected_due == dt.date(2026, 12, 3)
    # launch starts 12-10: build's projected 12-03 still fits, no slip.
    assert (s["launch"].status, s["launch"].slip_days) == ("planned", 0)
    assert s["report"].status == "planned"


def test_scope_usage(status: derive.AccountStatus) -> None:
    post, video = status.scope
    assert (post.contracted, post.added, post.used, post.pending, post.proposed) == (
        12,
        2,
        9,
        1,
        1,
    )
    assert (post.remaining, post.overrun, post.revision_rounds_used) == (3, 0, 2)
    assert (video.contracted, video.used, video.remaining, video.revision_rounds_used) == (
        2,
        1,
        1,
        1,
    )


def test_kpis(status: derive.AccountStatus) -> None:
    k = status.kpis
    assert (k.milestones_done, k.milestones_on_time, k.on_time_rate) == (2, 1, 0.5)
    assert (k.mean_revision_rounds, k.deliverables_counted) == (1.5, 2)
    # research: sent Fri 09-18, approved Wed 09-23 → 3 business days, SLA 2.
    assert (k.approvals_measured, k.mean_approval_days, k.approvals_within_sla) == (1, 3.0, 0)
    assert (k.changes_total, k.changes_approved, k.changes_proposed) == (2, 1, 1)
    assert (k.approved_change_value, k.proposed_change_value) == (300.0, 150.0)
    assert (k.open_risks, k.escalations) == (2, 1)
    # No respondent named: each answer of the year counts on its own (docs/metrics.md).
    # CSAT (4.5 + 4.0) / 2, against 4.5 before the latest answer; NPS: one passive, 0.
    assert (k.csat, k.csat_trend, k.nps, k.nps_trend) == (4.25, -0.25, 0.0, None)
    assert (k.days_to_contract_end, k.renewal) == (22, "in_discussion")


def test_health_and_reasons(status: derive.AccountStatus) -> None:
    assert status.health == "red"  # an escalated risk
    codes = [(r.level, r.code) for r in status.reasons]
    assert codes == [
        ("amber", "milestone_overdue"),
        ("amber", "approval_past_sla"),
        ("amber", "input_late"),
        ("amber", "risk_high"),
        ("red", "risk_escalated"),
        ("amber", "contract_ending"),
        ("amber", "csat_falling"),
    ]
    overdue = status.reasons[0]
    assert dict(overdue.params) == {"title": "Design", "days": 3, "due": dt.date(2026, 11, 20)}


def test_needed_from_the_client(status: derive.AccountStatus) -> None:
    needs = [(n.kind, n.text, n.due, n.late) for n in status.needs]
    assert needs == [
        ("input", "Logo files", dt.date(2026, 11, 13), True),
        # sent Wed 11-18 + 2 business days; late ones first, then by date and text
        ("approval", "Design", dt.date(2026, 11, 20), True),
        ("action", "Send photos", dt.date(2026, 11, 20), True),
        ("question", "Which store opens first?", dt.date(2026, 11, 30), False),
    ]


def test_done_in_progress_next(status: derive.AccountStatus) -> None:
    assert [(i.kind, i.ref) for i in status.done] == [("brief", "a")]
    assert [(i.kind, i.ref, i.late_days) for i in status.in_progress] == [
        ("milestone", "design", 3),
        ("brief", "b", 3),
        ("milestone", "build", 0),
    ]
    assert [(i.kind, i.text) for i in status.next_steps] == [
        ("action", "Draft copy"),
        ("milestone", "Launch"),
    ]
    assert [i.ref for i in status.overdue] == ["design"]
    assert [r.id for r in status.risks] == ["r2", "r1"]


def test_green_when_nothing_is_wrong(tmp_path: Path) -> None:
    files = account_files("calm-co", "CALM")
    root = write_repo(tmp_path, files)
    day = dt.date(2026, 9, 5)
    checked = check(root, TODAY)
    bundle = checked.portfolio.get("calm-co")
    assert bundle is not None
    # As seen by the client: the internal high risk is not theirs to see.
    status = derive.derive_status(client_view(bundle), day)
    assert (status.health, [r.code for r in status.reasons]) == ("green", ["on_track"])
    internal = derive.derive_status(bundle, day)
    assert (internal.health, [r.code for r in internal.reasons]) == ("amber", ["risk_high"])


def test_red_when_a_milestone_is_over_a_week_late(bundle: AccountBundle) -> None:
    later = derive.derive_status(bundle, dt.date(2026, 11, 30))
    first = later.reasons[0]
    assert (first.level, first.code, first.params["days"]) == ("red", "milestone_overdue", 10)


def test_portfolio(status: derive.AccountStatus) -> None:
    p = derive.derive_portfolio([status], TODAY)
    assert (p.on_time_rate, p.mean_revision_rounds, p.approvals_within_sla_rate) == (0.5, 1.5, 0)
    assert (p.changes_total, dict(p.approved_change_value)) == (2, {"USD": 300.0})
    # The same answers as the account's CSAT: (4.5 / 5 + 4.0 / 5) / 2.
    assert (p.open_risks, p.escalations) == (2, 1)
    assert p.mean_csat_share == pytest.approx(0.85)
    assert [s.bundle.slug for s in p.renewals] == ["acme"]
    assert [(slug, i.ref) for slug, i in p.overdue] == [("acme", "design")]
    deadlines = {
        who: [(d.kind, d.ref, d.due.isoformat()) for d in ds] for who, ds in p.deadlines.items()
    }
    assert deadlines == {
        "kim": [("milestone", "design", "2026-11-20"), ("action", "m1", "2026-12-01")],
        "sam": [("brief", "b", "2026-11-20"), ("milestone", "build", "2026-11-30")],
    }


def test_client_view_removes_everything_internal(tmp_path: Path) -> None:
    root = write_repo(tmp_path, account_files("alpha-co", "ALPHA"))
    bundle = check(root, TODAY).portfolio.get("alpha-co")
    assert bundle is not None and bundle.account is not None
    view = client_view(bundle)
    assert view.account is not None and dict(view.account.internal) == {}
    assert view.notes == ()
    assert [b.id for b in view.briefs] == ["alpha-launch-post"]
    assert all(dict(b.internal) == {} for b in view.briefs)
    assert [m.title for m in view.meetings] == ["ALPHA-CLIENT-MEETING kickoff"]
    assert view.timeline is not None
    assert [m.id for m in view.timeline.milestones] == ["kickoff", "posts"]
    assert [r.id for r in view.timeline.risks] == ["late"]
    assert all(dict(m.internal) == {} for m in view.timeline.milestones)


def test_net_promoter_score_counts_each_respondents_latest_answer() -> None:
    from aeportal.model import Survey

    def answer(day: int, score: float, by: str | None = None, scale: float | None = None) -> Survey:
        return Survey(date=dt.date(2026, 10, day), type="nps", score=score, by=by, scale=scale)

    csat = Survey(date=dt.date(2026, 10, 30), type="csat", score=1.0)
    surveys = [
        answer(1, 3, "lan"),  # lan's earlier answer: replaced by the one below
        answer(20, 9, "lan"),  # promoter
        answer(5, 6, "hoa"),  # detractor
        answer(7, 8),  # passive, no respondent named: counts on its own
        answer(8, 5, scale=5),  # 10 out of 10: promoter
        csat,
    ]
    latest = metrics.latest_answers(surveys, "nps")
    assert sorted((str(a.respondent[1]), a.score) for a in latest) == [
        ("2", 8),
        ("3", 5),
        ("hoa", 6),
        ("lan", 9),
    ]
    # 2 promoters, 1 detractor, 1 passive of 4 answers.
    assert metrics.net_promoter_score(latest) == pytest.approx(25.0)
    two = metrics.latest_answers([answer(1, 2), answer(2, 6)], "nps")
    assert metrics.net_promoter_score(two) == -100
    assert metrics.net_promoter_score([]) is None
    assert metrics.latest_answers([csat], "nps") == []


def _walked_business_days(start: dt.date, end: dt.date) -> int:
    """The definition, one day at a time: weekdays after ``start`` up to ``end``."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += day.weekday() < 5
    return count


def _walked_add(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5
    return day


def test_business_day_arithmetic_is_the_walk() -> None:
    # Every start day of a fortnight (weekends included) against every span of ten weeks,
    # and a few far apart, in both directions.
    starts = [dt.date(2026, 11, 14) + dt.timedelta(days=n) for n in range(14)]
    starts += [dt.date(1970, 1, 1), dt.date(2000, 2, 29), dt.date(2199, 12, 31)]
    for start in starts:
        for span in [*range(-3, 71), 365, 1000, 3653]:
            end = start + dt.timedelta(days=span)
            assert derive.business_days(start, end) == _walked_business_days(start, end), (
                start,
                end,
            )
        for days in [*range(-2, 51), 261, 365, 2609]:
            assert derive._add_business_days(start, days) == _walked_add(start, days), (
                start,
                days,
            )


def test_business_day_arithmetic_takes_no_time_per_day() -> None:
    # An SLA of a million business days was walked one day at a time (seconds); now it is
    # one step. The expected days were worked out by the walk above.
    start = dt.date(1970, 1, 2)
    assert derive._add_business_days(start, 1_000_000) == dt.date(5803, 1, 28)
    assert derive.business_days(start, dt.date(9999, 12, 31)) == 2_094_925
