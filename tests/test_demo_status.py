"""The demo accounts on 2026-11-23, derived by the code and checked against hand arithmetic.

Every expected value below was worked out from accounts/*/ by hand; the comments carry the
arithmetic. 2026-11-23 is a Monday: 11-13 and 11-20 are Fridays, 12-01 and 12-08 Tuesdays.
Business days count the weekdays after the first date up to and including the second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from aeportal.check.rules import check
from aeportal.derive import status as derive
from aeportal.derive.visibility import client_status
from aeportal.model import Portfolio

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
LOTUS, NORTHWIND, HARBOR = "lotus-tea-house", "northwind-outdoors", "harbor-city-bank"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    checked = check(REPO, TODAY)
    assert checked.report.errors == []
    return checked.portfolio


@pytest.fixture(scope="module")
def internal(portfolio: Portfolio) -> dict[str, derive.AccountStatus]:
    return {b.slug: derive.derive_status(b, TODAY) for b in portfolio.accounts}


@pytest.fixture(scope="module")
def client(portfolio: Portfolio) -> dict[str, derive.AccountStatus]:
    return {b.slug: client_status(b, TODAY) for b in portfolio.accounts}


def test_the_demo_repository_validates(portfolio: Portfolio) -> None:
    assert [b.slug for b in portfolio.accounts] == [HARBOR, LOTUS, NORTHWIND]
    warnings = [(w.code, Path(w.loc.path).parts[-2:]) for w in check(REPO, TODAY).report.warnings]
    # 18 + 10 of 30 social posts used at Harbor: 93% is past the 90% line. Northwind's
    # retailer e-mail kit is due 2027-02-05, Lunar New Year's Eve, a public holiday of the
    # agency (calendar.yml: VN) that must deliver it.
    assert warnings == [
        ("SCOPE004", (HARBOR, "account.yml")),
        ("CAL002", ("briefs", "retailer-email-kit.md")),
    ]


# --- health and its reasons ------------------------------------------------------------

HARBOR_CLIENT_REASONS = [
    # Sorted by milestone due date first: explainer videos due 11-13, 10 days late (> 7: red).
    (
        "red",
        "milestone_overdue",
        {"title": "App explainer videos delivered", "days": 10, "due": d("2026-11-13")},
    ),
    # Savings page due Fri 11-20: 3 days late (≤ 7: amber).
    (
        "amber",
        "milestone_overdue",
        {"title": "Year-end savings landing page live", "days": 3, "due": d("2026-11-20")},
    ),
    # Sent Fri 11-13, not approved: Mon 16 … Fri 20, Mon 23 = 6 business days > SLA 3.
    (
        "amber",
        "approval_past_sla",
        {"title": "Year-end savings landing page live", "days": 6, "sla": 3},
    ),
    # Rates and disclaimers from Grace, due 11-13, not received: 10 days.
    (
        "amber",
        "input_late",
        {"item": "Compliance-approved savings rates and disclaimers", "days": 10},
    ),
    (
        "red",
        "risk_escalated",
        {
            "title": "Compliance review takes two weeks per asset and is blocking the savings "
            "campaign"
        },
    ),
    (
        "amber",
        "risk_high",
        {
            "title": "Explainer videos are late because the screen recordings needed the new "
            "app build"
        },
    ),
    # 18 (app launch) + 10 (year-end savings) = 28 of 30 posts, 93% ≥ 90%; the 12
    # branch-opening posts wait on proposed cr-002 and are not counted.
    ("amber", "scope_nearly_used", {"name": "Social posts", "used": 28, "contracted": 30}),
]
# How the agency rates the relationship: on its own portal only, after the delivery reasons.
HARBOR_RELATIONSHIP_REASONS = [
    # Contract ends 12-15: 7 days left in November + 15 = 22 ≤ 30, renewal still in discussion.
    (
        "amber",
        "contract_ending",
        {"days": 22, "end": d("2026-12-15"), "renewal": "in_discussion"},
    ),
    # Latest CSAT 3.2 < 0.7 × 5 = 3.5 (csat_low wins over csat_falling).
    ("red", "csat_low", {"score": 3.2, "scale": 5}),
]
# The internal view adds the internal high-impact renewal risk, after the client's risks.
HARBOR_INTERNAL_REASONS = [
    *HARBOR_CLIENT_REASONS[:6],
    ("amber", "risk_high", {"title": "Renewal at risk — Victor has met another agency about 2027"}),
    *HARBOR_CLIENT_REASONS[6:],
    *HARBOR_RELATIONSHIP_REASONS,
]
ON_TRACK = [("green", "on_track", {})]


@pytest.mark.parametrize(
    ("slug", "audience", "health", "reasons"),
    [
        # Nothing overdue, no approval waiting, the open input is due 11-27, risks medium or
        # mitigated (the internal one is medium), no scope item at 90% (32/40 posts is the
        # most), contract ends in 97 days, CSAT 4.4 → 4.6.
        (LOTUS, "client", "green", ON_TRACK),
        (LOTUS, "internal", "green", ON_TRACK),
        # Every done milestone on time, open risks medium, the internal one mitigated, inputs
        # due in December, 30/36 posts and 10/12 e-mails (83%), 158 days left, CSAT 4.5 → 4.7.
        (NORTHWIND, "client", "green", ON_TRACK),
        (NORTHWIND, "internal", "green", ON_TRACK),
        (HARBOR, "client", "red", HARBOR_CLIENT_REASONS),
        (HARBOR, "internal", "red", HARBOR_INTERNAL_REASONS),
    ],
)
def test_health_and_reasons(
    client: dict[str, derive.AccountStatus],
    internal: dict[str, derive.AccountStatus],
    slug: str,
    audience: str,
    health: str,
    reasons: list[tuple[str, str, dict[str, Any]]],
) -> None:
    status = (client if audience == "client" else internal)[slug]
    assert status.health == health
    assert [(r.level, r.code, dict(r.params)) for r in status.reasons] == reasons


# --- milestones ---------------------------------------------------------------------------


def test_overdue(
    client: dict[str, derive.AccountStatus], internal: dict[str, derive.AccountStatus]
) -> None:
    for statuses in (client, internal):
        assert statuses[LOTUS].overdue == ()
        assert statuses[NORTHWIND].overdue == ()
        # Due 11-13 and 11-20, neither done: 10 and 3 days late, by due date.
        assert [(i.ref, i.date, i.late_days) for i in statuses[HARBOR].overdue] == [
            ("explainer-videos", d("2026-11-13"), 10),
            ("savings-page", d("2026-11-20"), 3),
        ]


def _states(status: derive.AccountStatus) -> dict[str, tuple[str, int, bool | None]]:
    return {k: (s.status, s.late_days, s.on_time) for k, s in status.milestones.items()}


def test_milestone_states(internal: dict[str, derive.AccountStatus]) -> None:
    # Open: due < today → overdue; due ≤ today + 7 (11-30) → due soon; started → in progress.
    assert _states(internal[LOTUS]) == {
        "khoi-dong": ("done", 0, True),  # done 09-04, due 09-05
        "nghien-cuu": ("done", 0, True),
        "chot-key-visual": ("done", 0, True),
        "duyet-file-in-hop-qua": ("done", 0, True),
        "noi-dung-thang-11": ("done", 0, True),  # done 10-29, due 10-30
        "san-sang-thang-12": ("in_progress", 0, None),  # due 12-04 > 11-30, started 11-02
        "posm-tai-cua-hang": ("in_progress", 0, None),  # started 11-16
        "cao-diem-tet": ("planned", 0, None),
        "ban-giao": ("planned", 0, None),
    }
    assert _states(internal[NORTHWIND]) == {
        "kickoff": ("done", 0, True),
        "consumer-research": ("done", 0, True),
        "first-look": ("done", 0, True),
        "campaign-concept": ("done", 0, True),
        "production": ("in_progress", 0, None),
        "launch-assets": ("planned", 0, None),
        "handover": ("planned", 0, None),
    }
    assert _states(internal[HARBOR]) == {
        "kickoff": ("done", 0, True),
        "journey-audit": ("done", 4, False),  # done 07-21, due 07-17
        "app-relaunch": ("done", 3, False),  # done 09-28, due 09-25
        "explainer-videos": ("overdue", 10, None),
        "savings-page": ("overdue", 3, None),
        # Due Tuesday 12-01: five of the agency's working days away, since Tuesday 11-24 is
        # Vietnam Cultural Day (six weekdays, eight days): inside the due-soon window.
        "savings-campaign": ("due_soon", 0, None),
        "results-review": ("planned", 0, None),
        "handover": ("planned", 0, None),
    }
    page = internal[HARBOR].milestones["savings-page"]
    assert (page.waiting_on_client, page.waiting_days, page.past_sla) == (True, 6, True)


def test_projected_dates_without_slip(internal: dict[str, derive.AccountStatus]) -> None:
    harbor = internal[HARBOR].milestones
    # An open milestone past its due date is projected to finish today at the earliest.
    assert (harbor["explainer-videos"].projected_due, harbor["explainer-videos"].slip_days) == (
        TODAY,
        10,
    )
    assert (harbor["savings-page"].projected_due, harbor["savings-page"].slip_days) == (TODAY, 3)
    # Lotus: every dependency finished before its dependants were planned to start.
    lotus = internal[LOTUS].milestones
    open_ids = ["san-sang-thang-12", "posm-tai-cua-hang", "cao-diem-tet", "ban-giao"]
    assert {k: lotus[k].slip_days for k in open_ids} == dict.fromkeys(open_ids, 0)
    # Northwind: production starts 11-16, campaign concept done 11-13.
    assert internal[NORTHWIND].milestones["production"].projected_due == d("2027-01-29")


def test_projected_dates_carry_only_the_delay_of_dependencies(
    internal: dict[str, derive.AccountStatus],
) -> None:
    harbor = internal[HARBOR].milestones
    projected = {k: (harbor[k].projected_due, harbor[k].slip_days) for k in harbor}
    # savings-page is due Friday 11-20 and projected Monday 11-23: one working day late.
    # savings-campaign was planned to start 11-16, four days before the page is due: only
    # that working day of delay pushes it, Tuesday 12-01 + 1 working day = 12-02.
    # results-review starts 12-01, the day savings-campaign is due: 12-08 + 1 = 12-09
    # (explainer videos, 10 days late, still end 11-23, before 12-01).
    # handover starts 12-08, the day results-review is due: 12-15 + 1 = 12-16.
    assert projected["savings-campaign"] == (d("2026-12-02"), 1)
    assert projected["results-review"] == (d("2026-12-09"), 1)
    assert projected["handover"] == (d("2026-12-16"), 1)
    # Northwind: nothing is late; launch assets were planned to overlap production
    # (start 2027-01-18, production due 01-29) and stay due 2027-02-26.
    launch = internal[NORTHWIND].milestones["launch-assets"]
    assert (launch.projected_due, launch.slip_days) == (d("2027-02-26"), 0)


def test_a_plan_on_schedule_projects_its_due_dates(portfolio: Portfolio) -> None:
    # On 11-01 nothing of Harbor's is late yet: the overlaps in the plan (savings campaign
    # from 11-16, results review from 12-01, handover from 12-08) are no slip.
    bundle = portfolio.get(HARBOR)
    assert bundle is not None
    states = derive.derive_status(bundle, d("2026-11-01")).milestones
    slips = {k: s.slip_days for k, s in states.items() if s.status != "done"}
    assert slips == dict.fromkeys(
        ["explainer-videos", "savings-page", "savings-campaign", "results-review", "handover"], 0
    )


# --- what the client must do -------------------------------------------------------------

LOTUS_NEEDS = [
    # None late; by due date, then text.
    ("question", "Hộp quà có giao tỉnh ngoài Hà Nội và TP.HCM không?", "lan", d("2026-11-25")),
    ("action", "Xác nhận danh sách khách doanh nghiệp nhận hộp quà mẫu", "lan", d("2026-11-25")),
    ("approval", "Bộ POSM Tết cho 18 cửa hàng", None, d("2026-11-27")),  # brief in review
    (
        "action",
        "Gửi lịch quay tại đồi chè Tân Cương và người liên hệ tại xưởng",
        "quan",
        d("2026-11-27"),
    ),
    (
        "input",
        "Lịch quay tại đồi chè Tân Cương (Thái Nguyên) và người liên hệ tại xưởng",
        "quan",
        d("2026-11-27"),
    ),
]
NORTHWIND_NEEDS = [
    ("action", "Send feedback on the landing page wireframe", "marco", d("2026-11-24")),
    ("action", "Confirm the shipping date of the production samples", "owen", d("2026-11-27")),
    (
        "question",
        "Should the film show the Ridgeline pack or only the jacket?",
        "owen",
        d("2026-12-01"),
    ),
    ("action", "Decide on CR-002 (French-Canadian posts)", "dana", d("2026-12-04")),
    ("question", "Will Quebec retailers need French packaging shots?", "priya", d("2026-12-04")),
    (
        "input",
        "Production samples of the Ridgeline shell (sizes M and L, three colors)",
        "owen",
        d("2026-12-11"),
    ),
    ("input", "Launch pricing and retailer list", "priya", d("2026-12-18")),
    ("approval", "Ridgeline launch landing page", None, d("2027-02-12")),  # brief in review
]
HARBOR_LATE_NEEDS = [
    # Late ones first, then by due date and text.
    ("question", "Can the promotional rate be shown in paid social ads?", "grace", d("2026-11-13")),
    ("input", "Compliance-approved savings rates and disclaimers", "grace", d("2026-11-13")),
    (
        "action",
        "Send the compliance-approved savings rates and disclaimers",
        "grace",
        d("2026-11-13"),
    ),
    # Milestone approval sent Fri 11-13 + 3 business days = Wed 11-18.
    ("approval", "Year-end savings landing page live", "elaine", d("2026-11-18")),
    ("action", "Give a decision on the savings landing page", "elaine", d("2026-11-20")),
    ("action", "Name a compliance reviewer with a three-day turnaround", "victor", d("2026-11-20")),
    ("approval", "Year-end Harbor Saver landing page", None, d("2026-11-20")),  # brief in review
]
HARBOR_OPEN_NEEDS = [
    (
        "question",
        "Should the savings campaign start later if the rates are not approved by November 25?",
        "elaine",
        d("2026-11-25"),
    ),
    ("input", "Branch opening dates and addresses for December", "tom", d("2026-12-04")),
    ("action", "Send branch opening dates and addresses", "tom", d("2026-12-04")),
    ("question", "Will the bank extend the contract past December 15?", "victor", d("2026-12-08")),
]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        (LOTUS, [(*n, False) for n in LOTUS_NEEDS]),
        (NORTHWIND, [(*n, False) for n in NORTHWIND_NEEDS]),
        (
            HARBOR,
            [(*n, True) for n in HARBOR_LATE_NEEDS] + [(*n, False) for n in HARBOR_OPEN_NEEDS],
        ),
    ],
)
def test_needed_from_the_client(
    client: dict[str, derive.AccountStatus],
    internal: dict[str, derive.AccountStatus],
    slug: str,
    expected: list[tuple[str, str, str | None, dt.date, bool]],
) -> None:
    needs = [(n.kind, n.text, n.owner, n.due, n.late) for n in client[slug].needs]
    assert needs == expected
    # Internal meetings hold only agency owners: the internal view asks the client the same.
    assert internal[slug].needs == client[slug].needs


# --- scope ----------------------------------------------------------------------------------

Scope = tuple[str, int, int, int, int, int, int, int, int]  # see _scope


def _scope(status: derive.AccountStatus) -> list[Scope]:
    return [
        (
            u.item.id,
            u.contracted,
            u.added,
            u.used,
            u.pending,
            u.proposed,
            u.remaining,
            u.overrun,
            u.revision_rounds_used,
        )
        for u in status.scope
    ]


SCOPE: dict[str, list[Scope]] = {
    # (item, contracted, added, used, pending, proposed, remaining, overrun, rounds used)
    LOTUS: [
        ("kv", 2, 0, 1, 0, 0, 1, 0, 2),  # tet-key-visual 1, two rounds
        # 12 + 14 + 6 posts; cr-002 (+10) was rejected, so it adds nothing.
        ("social-post", 40, 0, 32, 0, 0, 8, 0, 1),
        # 6 + 2 from approved cr-001; 4 (về nhà uống trà) + 2 (nghệ nhân, under cr-001).
        ("video-ngan", 8, 2, 6, 0, 0, 2, 0, 1),
        ("posm", 8, 0, 6, 0, 0, 2, 0, 1),  # round 2 of the POSM proof
        ("bao-bi", 3, 0, 2, 0, 0, 1, 0, 3),  # hộp quà: 3 rounds, within the 3 included
    ],
    NORTHWIND: [
        ("video", 6, 0, 4, 0, 0, 2, 0, 1),
        ("photo", 60, 0, 45, 0, 0, 15, 0, 0),
        # 12 (first look) + 18 (launch, in scope); holiday gift guide (4) cancelled;
        # proposed cr-002 adds 18 French-Canadian posts that no brief uses yet.
        ("social-post", 36, 0, 30, 0, 18, 6, 0, 2),
        ("landing-page", 2, 0, 1, 0, 0, 1, 0, 0),
        ("email", 12, 4, 10, 0, 0, 2, 0, 0),  # 8 + 4 (cr-001); 6 launch + 4 retailer kit
    ],
    HARBOR: [
        ("landing-page", 3, 0, 2, 0, 0, 1, 0, 1),
        # 18 + 10 posts (branch-opening-social, 12, waits on proposed cr-002).
        ("social-post", 30, 0, 28, 12, 12, 2, 0, 2),
        ("video", 3, 0, 2, 0, 0, 1, 0, 1),
        ("email", 8, 2, 6, 0, 0, 2, 0, 1),  # 6 + 2 (cr-001); 4 relaunch + 2 Spanish
    ],
}


@pytest.mark.parametrize("slug", [LOTUS, NORTHWIND, HARBOR])
def test_scope(
    client: dict[str, derive.AccountStatus], internal: dict[str, derive.AccountStatus], slug: str
) -> None:
    # No brief or change request of the demo is internal: both views count the same.
    assert _scope(client[slug]) == SCOPE[slug]
    assert _scope(internal[slug]) == SCOPE[slug]


# --- KPIs -------------------------------------------------------------------------------------

KPIS: dict[str, dict[str, Any]] = {
    LOTUS: {
        "milestones_done": 5,
        "milestones_on_time": 5,
        "on_time_rate": 1.0,
        # Delivered: hộp quà 3, social đợt 1 1, key visual 2, thực đơn Tết 1 → 7 / 4.
        "mean_revision_rounds": 1.75,
        "deliverables_counted": 4,
        # Key visual Wed 09-30 → Fri 10-02: 2; hộp quà Fri 10-16 → Mon 10-19: 1;
        # tháng 11 Tue 10-27 → Wed 10-28: 1. Mean 4 / 3, all within SLA 2.
        "approvals_measured": 3,
        "mean_approval_days": 4 / 3,
        "approvals_within_sla": 3,
        "sla_days": 2,
        "changes_total": 2,
        "changes_approved": 1,
        "changes_proposed": 0,  # cr-002 was rejected
        "approved_change_value": 60_000_000,
        "proposed_change_value": 0,
        "currency": "VND",
        "open_risks": 1,  # printer risk mitigated; the video-approval risk open
        "escalations": 0,
        # Each respondent's latest answer of the year (docs/metrics.md): Lan's CSAT 4.6,
        # against 4.4 the day before; NPS of Lan 8 (passive) and Hùng 9 (promoter) = 50,
        # against Lan's 8 alone (0); Thư's CES 6 of 7.
        "csat": 4.6,
        "csat_scale": 5,
        "csat_trend": 0.2,
        "nps": 50,
        "nps_trend": 50,
        "ces": 6,
        "ces_scale": 7,
        "days_to_contract_end": 97,  # 7 (Nov) + 31 + 31 + 28 to 2027-02-28
        "renewal": "not_started",
    },
    NORTHWIND: {
        "milestones_done": 4,
        "milestones_on_time": 4,
        "on_time_rate": 1.0,
        "mean_revision_rounds": 2.0,  # only first-look-social is delivered: 2 rounds
        "deliverables_counted": 1,
        # first look Wed 11-04 → Thu 11-05: 1; concept Wed 11-11 → Fri 11-13: 2.
        "approvals_measured": 2,
        "mean_approval_days": 1.5,
        "approvals_within_sla": 2,
        "sla_days": 2,
        "changes_total": 2,
        "changes_approved": 1,
        "changes_proposed": 1,
        "approved_change_value": 6400,
        "proposed_change_value": 9500,
        "currency": "USD",
        "open_risks": 2,  # weather, samples (creative capacity is internal and mitigated)
        "escalations": 0,
        # CSAT of Dana 4.5 and Marco 4.7 = 4.6, against Dana's 4.5 alone; NPS of Dana's 9
        # = 100, against her 8 (0) before; Marco's CES 6 of 7.
        "csat": 4.6,
        "csat_scale": 5,
        "csat_trend": 0.1,
        "nps": 100,
        "nps_trend": 100,
        "ces": 6,
        "ces_scale": 7,
        "days_to_contract_end": 158,  # 7 + 31 + 31 + 28 + 31 + 30 to 2027-04-30
        "renewal": "not_started",
    },
    HARBOR: {
        "milestones_done": 3,
        "milestones_on_time": 1,  # journey audit 4 and relaunch 3 days late
        "on_time_rate": 1 / 3,
        # Delivered: landing page 1, social 2, e-mails 1, Spanish e-mails 0 → 4 / 4.
        "mean_revision_rounds": 1.0,
        "deliverables_counted": 4,
        # Relaunch: Tue 09-15 → Fri 09-18 = 3 business days, SLA 3.
        "approvals_measured": 1,
        "mean_approval_days": 3.0,
        "approvals_within_sla": 1,
        "sla_days": 3,
        "changes_total": 2,
        "changes_approved": 1,
        "changes_proposed": 1,
        "approved_change_value": 4800,
        "proposed_change_value": 7200,
        "currency": "USD",
        "open_risks": 3,  # compliance (escalated), video delay, social allowance
        "escalations": 1,
        "csat": 3.2,
        "csat_scale": 5,
        "csat_trend": -0.7,  # 3.2 − 3.9
        "nps": -100,  # Victor's 5: a detractor, as his 6 was before
        "nps_trend": 0,
        "ces": None,
        "ces_scale": 7,
        "days_to_contract_end": 22,
        "renewal": "in_discussion",
    },
}
# Internal risks are open risks too: Lotus's video-hours overrun, Harbor's renewal risk.
INTERNAL_OPEN_RISKS = {LOTUS: 2, NORTHWIND: 2, HARBOR: 4}


@pytest.mark.parametrize("slug", [LOTUS, NORTHWIND, HARBOR])
def test_kpis(
    client: dict[str, derive.AccountStatus], internal: dict[str, derive.AccountStatus], slug: str
) -> None:
    # The client's view holds no survey answer: no CSAT or NPS is derived from it.
    no_surveys = {
        **dict.fromkeys(("csat", "csat_trend", "nps", "nps_trend", "ces"), None),
        "csat_scale": 5,
        "ces_scale": 7,
    }
    assert dataclasses.asdict(client[slug].kpis) == pytest.approx({**KPIS[slug], **no_surveys})
    expected = {**KPIS[slug], "open_risks": INTERNAL_OPEN_RISKS[slug]}
    assert dataclasses.asdict(internal[slug].kpis) == pytest.approx(expected)


# --- portfolio ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def portfolio_status(internal: dict[str, derive.AccountStatus]) -> derive.PortfolioStatus:
    # As the internal home is built: from the full (internal) status of every account.
    return derive.derive_portfolio([internal[s] for s in (HARBOR, LOTUS, NORTHWIND)], TODAY)


def test_portfolio_kpis(portfolio_status: derive.PortfolioStatus) -> None:
    p = portfolio_status
    assert (p.on_time_rate, p.mean_revision_rounds, p.approvals_within_sla_rate) == (
        pytest.approx(10 / 12),  # (1 + 5 + 4) on time of (3 + 5 + 4) done
        pytest.approx(13 / 9),  # rounds 4 (Harbor) + 7 (Lotus) + 2 (Northwind) over 4 + 4 + 1
        1.0,  # 1 + 3 + 2 of 1 + 3 + 2 measured
    )
    assert (p.changes_total, dict(p.approved_change_value)) == (
        6,
        {"USD": 4800 + 6400, "VND": 60_000_000},
    )
    assert (p.open_risks, p.escalations) == (4 + 2 + 2, 1)
    # Each respondent's latest CSAT: Elaine 3.2, Lan 4.6, Dana 4.5, Marco 4.7.
    assert p.mean_csat_share == pytest.approx((3.2 + 4.6 + 4.5 + 4.7) / 5 / 4)
    # Latest answers: Victor 5 (detractor), Lan 8 (passive), Hùng 9 and Dana 9 (promoters).
    assert (p.net_promoter_score, p.nps_answers) == (pytest.approx(25.0), 4)
    # Within 90 days of their end: only Harbor (22 days); Lotus 97, Northwind 158.
    assert [s.bundle.slug for s in p.renewals] == [HARBOR]
    assert [(slug, i.ref, i.late_days) for slug, i in p.overdue] == [
        (HARBOR, "explainer-videos", 10),
        (HARBOR, "savings-page", 3),
    ]


def test_deadlines_per_team_member(portfolio_status: derive.PortfolioStatus) -> None:
    # Not done, owned by a team member, due by 12-07 (overdue ones included); briefs not
    # delivered or cancelled; open actions of every meeting, internal ones included.
    # Harbor's results review (12-08) and branch posts (12-11), Lotus's POSM in stores
    # (12-18) and all of Northwind's briefs and milestones (2027) fall outside.
    deadlines = {
        who: [(x.account, x.kind, x.ref, x.due) for x in found]
        for who, found in portfolio_status.deadlines.items()
    }
    assert deadlines == {
        "chris": [(HARBOR, "brief", "year-end-savings-page", d("2026-11-20"))],
        "ivan": [
            # Same day and account: “App explainer …” sorts before “HarborGo explainer …”.
            (HARBOR, "milestone", "explainer-videos", d("2026-11-13")),
            (HARBOR, "brief", "app-explainer-videos", d("2026-11-13")),
            (HARBOR, "action", "2026-11-06-savings-campaign-review", d("2026-11-20")),
            (HARBOR, "action", "2026-11-18-escalation-call", d("2026-11-27")),
        ],
        "jordan": [
            (HARBOR, "milestone", "savings-page", d("2026-11-20")),
            (HARBOR, "brief", "year-end-savings-social", d("2026-11-27")),
            (HARBOR, "milestone", "savings-campaign", d("2026-12-01")),
        ],
        "khoa": [
            (LOTUS, "action", "2026-11-18-hop-tien-do", d("2026-11-24")),
            (LOTUS, "brief", "posm-cua-hang", d("2026-11-27")),
        ],
        "leo": [(NORTHWIND, "action", "2026-11-13-concept-review", d("2026-11-25"))],
        "maya": [
            (HARBOR, "action", "2026-11-19-internal-account-review", d("2026-12-01")),
            (HARBOR, "action", "2026-11-18-escalation-call", d("2026-12-04")),
        ],
        "minh": [
            (LOTUS, "action", "2026-11-18-hop-tien-do", d("2026-11-26")),
            # Same day: “Chuỗi video …” (brief) before “Video và bài đăng …” (milestone).
            (LOTUS, "brief", "video-ve-nha-uong-tra", d("2026-12-04")),
            (LOTUS, "milestone", "san-sang-thang-12", d("2026-12-04")),
        ],
        "nina": [
            (NORTHWIND, "action", "2026-11-17-internal-resourcing", d("2026-12-02")),
            (NORTHWIND, "action", "2026-11-20-weekly-status", d("2026-12-04")),
        ],
        "sam": [(NORTHWIND, "action", "2026-11-20-weekly-status", d("2026-11-30"))],
        "tuan": [(LOTUS, "brief", "social-dot-2", d("2026-12-04"))],
    }
