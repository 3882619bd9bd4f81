"""The worked examples of docs/metrics.md, number for number, computed by hand there.

The accounts are built as records (no files): Acme, three contracts renewed twice, and
Beta, lost to a competitor. Every figure asserted here is written out in docs/metrics.md;
a test below checks that the page still shows each one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from aeportal import model
from aeportal.derive import metrics
from aeportal.derive.metrics import Period, period_of

D = dt.date
TODAY = D(2026, 3, 31)
Q2_2025 = period_of(D(2025, 4, 1), "quarter")
Q3_2025 = period_of(D(2025, 7, 1), "quarter")
Q4_2025 = period_of(D(2025, 10, 1), "quarter")
Q1_2026 = period_of(D(2026, 1, 1), "quarter")
METRICS_DOC = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"


def survey(day: dt.date, kind: model.SurveyType, score: float, by: str | None = None, scale=None):
    return model.Survey(date=day, type=kind, score=score, by=by, scale=scale)


def proposal(ident: str, day: dt.date, value: float, **more) -> model.Proposal:
    return model.Proposal(id=ident, date=day, title=ident, value=value, **more)


def complaint(ident: str, day: dt.date, resolved: dt.date | None = None, **more):
    return model.Complaint(
        id=ident,
        date=day,
        by="lan",
        channel="email",
        about=ident,
        resolved_on=resolved,
        resolution="done" if resolved else "",
        **more,
    )


def account(contract: model.Contract, surveys=()) -> model.Account:
    return model.Account(
        name="x",
        client=model.Client(company="x"),
        contract=contract,
        approval=model.ApprovalPolicy(),
        surveys=tuple(surveys),
        account_executive="minh",
    )


ACME = model.AccountBundle(
    slug="acme",
    root="accounts/acme",
    account=account(
        model.Contract(id="A3", start=D(2026, 1, 1), end=D(2026, 12, 31), value=73000, renews="A2"),
        [
            survey(D(2025, 10, 5), "nps", 6, "lan"),
            survey(D(2025, 12, 1), "nps", 9, "lan"),
            survey(D(2025, 11, 10), "nps", 7, "hoa"),
            survey(D(2025, 11, 20), "nps", 3),
            survey(D(2025, 12, 15), "nps", 10),
            survey(D(2025, 10, 5), "csat", 4, "lan"),
            survey(D(2025, 12, 1), "csat", 5, "lan"),
            survey(D(2025, 11, 10), "csat", 8, "hoa", scale=10),
            survey(D(2025, 11, 10), "ces", 6, "lan"),
            survey(D(2025, 12, 2), "ces", 5, "hoa"),
        ],
    ),
    relationship=model.Relationship(
        contracts=(
            model.PastContract(
                id="A1", start=D(2025, 1, 1), end=D(2025, 6, 30), value=80000, outcome="expanded"
            ),
            model.PastContract(
                id="A2",
                start=D(2025, 7, 1),
                end=D(2025, 12, 31),
                value=100000,
                renews="A1",
                outcome="reduced",
            ),
        ),
        expansions=(
            model.Expansion(date=D(2025, 9, 1), contract="A2", value=2000, what="A second city"),
        ),
        proposals=(
            proposal("p1", D(2025, 7, 10), 10000, status="accepted", decided_on=D(2025, 8, 15)),
            proposal("p2", D(2025, 8, 1), 4000, status="declined", decided_on=D(2025, 9, 10)),
            proposal("p3", D(2025, 9, 20), 50000, sent=False),
            proposal("p4", D(2025, 9, 25), 6000),
        ),
        complaints=(
            complaint("c1", D(2025, 10, 3), D(2025, 10, 13)),
            complaint("c2", D(2025, 11, 20), D(2026, 1, 9), kind="escalation"),
            complaint("c3", D(2025, 12, 20)),
        ),
        referrals=(model.Referral(date=D(2025, 11, 2), by="lan", referred="Bean There"),),
    ),
    changes=(
        model.ChangeRequest(
            id="cr-001",
            title="p1",
            requested_by="lan",
            requested_on=D(2025, 8, 1),
            cost=10000,
            status="approved",
            decided_by="lan",
            decided_on=D(2025, 8, 15),
        ),
    ),
)
BETA = model.AccountBundle(
    slug="beta",
    root="accounts/beta",
    account=account(
        model.Contract(
            id="B1",
            start=D(2025, 1, 1),
            end=D(2025, 11, 30),
            value=50000,
            outcome="lost",
            lost_to="Rival",
        )
    ),
)
ACME_CONTRACTS = ACME.contracts()


def test_periods() -> None:
    assert (Q4_2025.start, Q4_2025.end, Q4_2025.label) == (
        D(2025, 10, 1),
        D(2025, 12, 31),
        "2025-Q4",
    )
    november = period_of(D(2025, 11, 17), "month")
    assert (november.start, november.end, november.label) == (
        D(2025, 11, 1),
        D(2025, 11, 30),
        "2025-11",
    )
    assert [p.label for p in metrics.periods(D(2025, 11, 17), D(2026, 2, 1), "month")] == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    assert Q1_2026.previous == Q4_2025
    assert period_of(D(2024, 2, 10), "month").end == D(2024, 2, 29)


def test_renewal_rate_and_tenure() -> None:
    assert metrics.renewal_rate(ACME_CONTRACTS, Q2_2025).value == 1.0
    assert metrics.renewal_rate(ACME_CONTRACTS, Q3_2025).value is None  # nothing ended
    # The portfolio in Q4 2025: A2 renewed (reduced), B1 lost: 1 of 2.
    both = [*ACME_CONTRACTS, *BETA.contracts()]
    assert metrics.renewal_rate(both, Q4_2025) == metrics.Ratio(1, 2)
    assert metrics.tenure_days(ACME_CONTRACTS, TODAY) == 455  # 365 + 90
    assert metrics.tenure_days(BETA.contracts(), TODAY) == 334  # to its end, 2025-11-30


def test_revenue_retention() -> None:
    q2 = metrics.revenue_retention(ACME_CONTRACTS, Q2_2025)
    assert (q2.gross_rate, q2.net_rate) == ({"USD": 1.0}, {"USD": 1.25})
    both = [*ACME_CONTRACTS, *BETA.contracts()]
    q4 = metrics.revenue_retention(both, Q4_2025)
    assert dict(q4.base) == {"USD": 150000}
    assert (dict(q4.kept), dict(q4.net)) == ({"USD": 73000}, {"USD": 73000})
    assert q4.gross_rate == {"USD": pytest.approx(73000 / 150000)}


def test_churn() -> None:
    figures = [metrics.account_figures(b, Q4_2025, TODAY) for b in (ACME, BETA)]
    group = metrics.combine(Q4_2025, figures)
    assert (group.churned, group.active_at_start, group.churn.value) == (1, 2, 0.5)
    assert metrics.churned(BETA.contracts(), Q4_2025)
    assert not metrics.churned(ACME_CONTRACTS, Q4_2025)


def test_value_growth_and_expansion_revenue() -> None:
    assert metrics.value_growth(ACME_CONTRACTS, Q3_2025).rate == {"USD": pytest.approx(0.25)}
    assert metrics.value_growth(ACME_CONTRACTS, Q1_2026).rate == {"USD": pytest.approx(-0.27)}
    # Q3 2025: A2's rise 20000 + cr-001 10000 + the expansion 2000.
    assert metrics.expansion_revenue(ACME, Q3_2025) == {"USD": 32000}
    assert metrics.expansion_revenue(ACME, Q1_2026) == {}  # a reduced renewal adds nothing


def test_proposal_conversion() -> None:
    assert ACME.relationship is not None
    p = metrics.proposal_figures(ACME.relationship.proposals, Q3_2025)
    assert (p.made, dict(p.made_value)) == (3, {"USD": 20000})
    assert (p.decided, p.accepted, p.conversion.value) == (2, 1, 0.5)
    assert dict(p.accepted_value) == {"USD": 10000}


def test_lifetime_value() -> None:
    # 80000 + 100000 + 73000 × 90 / 365 + 10000 + 2000.
    assert metrics.realised_revenue(ACME, TODAY) == {"USD": pytest.approx(210000)}
    assert metrics.expected_renewals(0.75) == 3
    assert metrics.expected_renewals(1.0) == metrics.MAX_PROJECTED_RENEWALS
    # 210000 + (73000 - 18000) + 73000 × 3.
    assert metrics.projected_lifetime_value(ACME, TODAY, 0.75) == {"USD": pytest.approx(484000)}
    assert metrics.projected_lifetime_value(ACME, TODAY, None) is None
    # A lost account's projection is what it brought.
    assert metrics.projected_lifetime_value(BETA, TODAY, 0.75) == {"USD": 50000}
    # A1 expanded, A2 reduced, B1 lost: 2 of 3 renewed.
    assert metrics.renewal_probability([ACME, BETA], TODAY) == pytest.approx(2 / 3)


def test_nps_csat_ces() -> None:
    f = metrics.account_figures(ACME, Q4_2025, TODAY)
    assert f.nps == 25.0  # Lan 9 and an anonymous 10 promote, an anonymous 3 detracts, of 4
    assert f.csat is not None and f.ces is not None
    assert (f.csat.share, f.csat.score, f.csat.scale) == (pytest.approx(0.9), 4.5, 5)
    assert (f.ces.share, f.ces.score, f.ces.answers) == (pytest.approx(11 / 14), 5.5, 2)


def test_complaints_and_escalations() -> None:
    assert ACME.relationship is not None
    q4 = metrics.complaint_figures(ACME.relationship.complaints, Q4_2025, TODAY)
    assert (q4.raised, q4.escalations, q4.resolved, q4.open_at_end) == (2, 1, 1, 2)
    assert q4.mean_days_to_resolve == 10
    q1 = metrics.complaint_figures(ACME.relationship.complaints, Q1_2026, TODAY)
    assert (q1.raised, q1.resolved, q1.mean_days_to_resolve, q1.open_at_end) == (0, 1, 50, 1)


def test_series_per_account_portfolio_and_person() -> None:
    series = metrics.metric_series([ACME, BETA], "quarter", TODAY)
    assert [(s.level, s.key) for s in series] == [
        ("account", "acme"),
        ("account", "beta"),
        ("portfolio", ""),
        ("account_executive", "minh"),
    ]
    assert [f.period.label for f in series[0].figures] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
    ]
    portfolio = series[2].figures[3]
    assert (portfolio.churned, portfolio.renewals.value, portfolio.nps) == (1, 0.5, 25.0)


def test_renewal_pipeline() -> None:
    day = D(2026, 11, 20)  # Acme's contract ends in 41 days
    entries = metrics.renewal_pipeline([ACME, BETA], day)
    assert [(e.account, e.days_left, e.horizon) for e in entries] == [("acme", 41, 60)]
    assert entries[0].last_surveys["nps"].score == 10
    assert [c.id for c in entries[0].open_complaints] == ["c3"]


@pytest.mark.parametrize(
    "figure",
    [
        "**1.25**",
        "**0.5**",
        "**455**",
        "**334**",
        "(**73000 / 150000**",
        "**0.25**",
        "**−0.27**",
        "**32000**",
        "**20000**",
        "**210000**",
        "**484000**",
        "**25**",
        "**4.5**",
        "**5.5**",
        "**10** days",
    ],
)
def test_the_worked_examples_are_in_the_docs(figure: str) -> None:
    assert figure in METRICS_DOC.read_text(encoding="utf-8")


def test_every_exported_metric_is_documented_with_its_unit() -> None:
    text = METRICS_DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| ([a-z]+) \| (yes )?\|", text, re.MULTILINE)
    documented = [(name, unit, bool(per)) for name, unit, per in rows]
    assert documented == [(name, unit, per) for name, unit, per, _ in metrics.EXPORTED]


def test_a_period_contains_its_days_only() -> None:
    assert D(2025, 12, 31) in Q4_2025 and D(2026, 1, 1) not in Q4_2025
    assert Period(D(2025, 1, 1), D(2025, 1, 31)).label == "2025-01"
