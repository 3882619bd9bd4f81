"""The agency's trend, people and renewal pages of the demo on 2026-11-23, from the library."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.derive import metrics
from aeportal.derive.status import PortfolioStatus, derive_portfolio, derive_status
from aeportal.model import Portfolio
from aeportal.render.pages import (
    client_portal,
    internal_account_portal,
    internal_home,
    make_env,
)
from aeportal.render.trends import person_kpis

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
SLUGS = ("harbor-city-bank", "lotus-tea-house", "northwind-outdoors")


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    checked = check(REPO, TODAY)
    assert checked.report.errors == []
    return checked.portfolio


@pytest.fixture(scope="module")
def status(portfolio: Portfolio) -> PortfolioStatus:
    return derive_portfolio([derive_status(b, TODAY) for b in portfolio.accounts], TODAY)


@pytest.fixture(scope="module")
def pages(status: PortfolioStatus) -> dict[str, str]:
    # As the reader gets them: the Markdown writes some punctuation as entities (`&#46;`).
    return {
        path: html.unescape(text) for path, text in internal_home(make_env(), status).pages.items()
    }


def _table(page: str, heading: str) -> dict[str, list[str]]:
    """The numbers table under ``heading``: first cell → the other cells."""
    section = page.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d{4}-(?:Q\d|\d\d)) \| (.*) \|$", section, re.MULTILINE)
    return {period: [c.strip() for c in rest.split(" | ")] for period, rest in rows}


def test_the_pages_and_their_navigation(pages: dict[str, str], status: PortfolioStatus) -> None:
    people = {
        "people/account-executive-jordan/index.md",
        "people/account-executive-minh/index.md",
        "people/account-executive-sam/index.md",
        "people/account-lead-ha/index.md",
        "people/account-lead-maya/index.md",
        "people/account-lead-rachel/index.md",
    }
    expected = {
        "trends/index.md",
        "trends/monthly/index.md",
        "people/index.md",
        "renewals/index.md",
    }
    assert expected | people <= set(pages)
    # An account's trends are in its own internal portal, linked from the quarterly page.
    assert not any(p.startswith(tuple(f"trends/{s}/" for s in SLUGS)) for p in pages)
    for slug in SLUGS:
        assert f'<a href="../accounts/{slug}/trends/">' in pages["trends/index.md"]
    nav = internal_home(make_env(), status).nav
    titles = [next(iter(entry)) for entry in nav]
    assert titles[-3:] == ["Trends", "People", "Renewal pipeline"]
    assert nav[-3]["Trends"] == [
        {"By quarter": "trends/index.md"},
        {"By month": "trends/monthly/index.md"},
    ]


def test_an_account_s_trends_are_in_its_internal_portal(
    portfolio: Portfolio, status: PortfolioStatus
) -> None:
    env = make_env()
    series = {
        s.key: s.figures
        for s in metrics.metric_series(list(portfolio.accounts), "quarter", TODAY)
        if s.level == "account"
    }
    for account in status.accounts:
        portal = internal_account_portal(env, account)
        page = html.unescape(portal.pages["trends/index.md"])
        title = "Xu hướng" if account.account.language == "vi" else "Trends"
        assert {title: "trends/index.md"} in portal.nav
        # From the account's own first contract: the portfolio's series has the same
        # figures for those quarters (and zeros before it).
        rows = series[account.bundle.slug]
        first = min(c.start for c in account.bundle.contracts())
        mine = [f for f in rows if f.period.end >= first]
        table = _table(page, "Complaints")
        assert list(table) == [f.period.label for f in mine]
        for f in mine:
            raised = table[f.period.label][0]
            assert raised == str(f.complaints.raised), (account.bundle.slug, f.period.label)
        assert not any(f.complaints.raised for f in rows if f.period.end < first)
        assert '<a href="../trends/">' in portal.pages["relationship/index.md"]


def test_money_is_charted_per_currency_never_added_across(pages: dict[str, str]) -> None:
    page = pages["trends/index.md"]
    headings = re.findall(r"^## (.*)$", page, re.MULTILINE)
    # Harbor and Northwind are in USD, Lotus in VND: a chart of each, none of both.
    assert "Revenue retention (USD)" in headings and "Revenue retention (VND)" in headings
    assert "Expansion and proposals (USD)" in headings
    assert "Expansion and proposals (VND)" in headings
    # Each currency's expansion is what metrics.py gives for that currency, summed over the
    # accounts in it only.
    bundles = list(check(REPO, TODAY).portfolio.accounts)
    for currency in ("USD", "VND"):
        table = _table(page, f"Expansion and proposals ({currency})")
        assert len(table) == 10  # 2024-Q3 (Lotus's first contract) to 2026-Q4
        for period in metrics.periods(dt.date(2024, 9, 1), TODAY, "quarter"):
            expected = sum(metrics.expansion_revenue(b, period).get(currency, 0.0) for b in bundles)
            shown = float(table[period.label][0].replace(",", ""))
            assert shown == pytest.approx(expected), (currency, period.label)
    vnd = _table(page, "Expansion and proposals (VND)")
    usd = _table(page, "Expansion and proposals (USD)")
    assert any(v[0] != "0" for v in vnd.values()) and any(v[0] != "0" for v in usd.values())


def test_monthly_trends_have_a_row_per_month(pages: dict[str, str]) -> None:
    table = _table(pages["trends/monthly/index.md"], "Complaints")
    # September 2024 to November 2026: 4 + 12 + 11 months.
    assert len(table) == 27
    assert next(iter(table)) == "2024-09" and list(table)[-1] == "2026-11"


def test_the_renewal_pipeline(pages: dict[str, str]) -> None:
    page = pages["renewals/index.md"]
    within_30 = page.split("## Within 30 days", 1)[1].split("## Within 60 days", 1)[0]
    assert "Harbor City Bank" in within_30
    assert "Dec 15, 2026 (22 days)" in within_30
    assert "CSAT 3.2/5 (Oct 30, 2026)" in within_30
    assert "Missed video dates and slow compliance turnaround" in within_30  # open escalation
    assert "The explainer videos keep slipping" not in within_30  # resolved on 11-06
    assert "account executive Jordan Ellis, account lead Maya Patel" in within_30
    assert page.split("## Within 60 days", 1)[1].split("## Within 90 days")[0].strip() == "None."


def test_the_kpis_of_an_account_executive(status: PortfolioStatus, pages: dict[str, str]) -> None:
    k = person_kpis(status.accounts, "account_executive", "jordan", "Jordan Ellis")
    # Harbor City Bank only: 1 of 3 milestones done on time, 4 deliverables in 4 rounds,
    # one approval in 3 business days (SLA 3), cr-001 approved ($4,800), cr-002 proposed.
    assert [s.bundle.slug for s in k.accounts] == ["harbor-city-bank"]
    assert k.on_time_rate == pytest.approx(1 / 3)
    assert k.mean_revision_rounds == pytest.approx(1.0)
    assert k.mean_approval_days == pytest.approx(3.0)
    assert k.approvals_within_sla == pytest.approx(1.0)
    assert (k.changes_approved, k.changes_proposed) == (1, 1)
    assert k.change_value == {"USD": 4800}
    assert k.health == {"red": 1, "amber": 0, "green": 0}
    page = pages["people/account-executive-jordan/index.md"]
    assert "| On-time delivery | 33% |" in page
    assert "| Client approval time | 3 business days |" in page
    assert "approved: 1 ($4,800.00); proposed: 1" in page


def test_no_trend_page_in_a_client_portal(portfolio: Portfolio) -> None:
    env = make_env()
    for bundle in portfolio.accounts:
        shown = client_portal(env, bundle, TODAY).pages
        assert not any(p.startswith(("trends/", "people/", "renewals")) for p in shown)
        assert not any(
            "Revenue retention" in text or "aep-trend" in text for text in shown.values()
        )
