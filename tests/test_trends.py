"""The agency's trend, people and renewal pages of the demo on 2026-11-23, from the library."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.derive import metrics
from aeportal.derive.status import AccountStatus, PortfolioStatus, derive_portfolio, derive_status
from aeportal.model import Portfolio
from aeportal.render.i18n import words
from aeportal.render.pages import (
    client_portal,
    internal_account_portal,
    internal_home,
    make_env,
)
from aeportal.render.trends import person_kpis, trend_sections

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
        table = _table(page, words(account.account.language)("tr_complaints"))
        assert list(table) == [f.period.label for f in mine]
        for f in mine:
            raised = table[f.period.label][0]
            assert raised == str(f.complaints.raised), (account.bundle.slug, f.period.label)
        assert not any(f.complaints.raised for f in rows if f.period.end < first)
        assert '<a href="../trends/">' in portal.pages["relationship/index.md"]


# The English words of the charts (series, periods, table): none is left on a page in
# another language. CSAT, CES and NPS are the names in both languages.
ENGLISH = (
    "Renewal rate", "Churn", "GRR", "NRR", "Expansion", "Proposals accepted", "Conversion",
    "Complaints", "Escalations", "Open at end", "quarter", "month", "The numbers",
)  # fmt: skip


def _chart_words(page: str) -> dict[str, list[str]]:
    """The words a reader meets on a trend page, by where they are, as the reader gets them."""
    found = {
        "headings": re.findall(r"^## (.*)$", page, re.MULTILINE),
        # A section's note is the line after its heading.
        "notes": re.findall(r"^## .*\n\n(.*)$", page, re.MULTILINE),
        "titles": re.findall(r"<title[^>]*>(.*?)</title>", page),  # charts' and markers'
        "descriptions": re.findall(r"<desc[^>]*>(.*?)</desc>", page),
        "labels": re.findall(r"<text[^>]*>([^<]*)</text>", page),  # line ends, legends
        "summaries": re.findall(r"<summary>(.*?)</summary>", page),
        "table headers": re.findall(r"^(\|.*)\n\|---", page, re.MULTILINE),
    }
    return {where: [html.unescape(t) for t in texts] for where, texts in found.items()}


def _account_trends(status: PortfolioStatus, slug: str) -> tuple[AccountStatus, str]:
    account = next(s for s in status.accounts if s.bundle.slug == slug)
    return account, internal_account_portal(make_env(), account).pages["trends/index.md"]


def test_a_vietnamese_account_s_trends_are_all_in_vietnamese(status: PortfolioStatus) -> None:
    account, page = _account_trends(status, "lotus-tea-house")
    assert account.account.language == "vi"
    found = _chart_words(page)
    assert found["headings"] == [
        "Gia hạn và mất khách",
        "Giữ chân doanh thu (VND)",
        "Mở rộng và đề xuất (VND)",
        "Tỷ lệ chuyển đổi đề xuất",
        "NPS",
        "CSAT và CES",
        "Khiếu nại",
    ]
    assert len(found["notes"]) == len(found["headings"])
    assert found["summaries"] == ["Số liệu"] * 7
    assert found["table headers"][0] == "| Quý | Tỷ lệ gia hạn | Mất khách |"
    assert found["table headers"][-1] == "| Quý | Khiếu nại | Báo cấp trên | Còn mở cuối kỳ |"
    assert found["titles"][0] == "Lotus Tea House: tỷ lệ gia hạn và mất khách theo quý"
    assert found["descriptions"][0] == (
        "Tỷ lệ gia hạn và tỷ lệ mất khách của Lotus Tea House theo quý, "
        "từ 2024-Q3 đến 2026-Q4, tính theo phần trăm."
    )
    assert "Giữ chân gộp: 100%" in found["labels"]  # a line's name at its end
    assert "Đề xuất được chấp nhận" in found["labels"]  # a bar chart's legend
    # Neither the English words of the charts nor any other word of the English charts of
    # the same figures: a Vietnamese word written without marks ("theo") is none of theirs.
    rows = metrics.account_series(account.bundle, "quarter", TODAY)
    english_page = "\n".join(
        f"## {s.title}\n\n{s.note}\n\n{s.chart}"
        for s in trend_sections(rows, "Lotus Tea House", words("en"))
    )
    shared = {"Lotus", "Tea", "House", "VND", "NPS", "CSAT", "CES", "Q"}
    english_words = {
        word
        for texts in _chart_words(english_page).values()
        for text in texts
        for word in re.findall(r"[^\W\d_]+", text)
    } - shared
    assert {"churn", "quarter", "numbers", "Conversion", "to"} <= english_words
    for where, texts in found.items():
        for text in texts:
            for english in ENGLISH:
                assert not re.search(rf"\b{english}\b", text, re.IGNORECASE), (where, text)
            assert not english_words & set(re.findall(r"[^\W\d_]+", text)), (where, text)


def test_an_english_account_s_trends_keep_their_words(status: PortfolioStatus) -> None:
    _, page = _account_trends(status, "harbor-city-bank")
    found = _chart_words(page)
    assert found["headings"] == [
        "Renewals and churn",
        "Revenue retention (USD)",
        "Expansion and proposals (USD)",
        "Proposal conversion",
        "NPS",
        "CSAT and CES",
        "Complaints",
    ]
    assert found["notes"][-1] == (
        "Complaints and escalations raised in the period, and those still open at its end."
    )
    assert found["summaries"] == ["The numbers"] * 7
    assert found["table headers"][0] == "| Quarter | Renewal rate | Churn |"
    assert found["table headers"][1] == "| Quarter | GRR | NRR |"
    assert found["table headers"][-1] == "| Quarter | Complaints | Escalations | Open at end |"
    assert found["titles"][0] == "Harbor City Bank: renewal rate and churn by quarter"
    assert found["descriptions"][1] == (
        "Gross and net revenue retention of Harbor City Bank's USD contracts by quarter, "
        "2025-Q4 to 2026-Q4, in percent."
    )


def test_the_portfolio_s_trends_stay_in_english(pages: dict[str, str]) -> None:
    monthly = _chart_words(pages["trends/monthly/index.md"])
    assert monthly["headings"][0] == "Renewals and churn"
    assert monthly["titles"][0] == "Portfolio: renewal rate and churn by month"
    assert monthly["descriptions"][0] == (
        "Renewal rate and churn rate of Portfolio by month, 2024-09 to 2026-11, in percent."
    )
    assert monthly["table headers"][0] == "| Month | Renewal rate | Churn |"
    assert set(monthly["summaries"]) == {"The numbers"}


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "No contract has started yet: nothing to draw."),
        ("vi", "Chưa có hợp đồng nào bắt đầu: chưa có gì để vẽ biểu đồ."),
    ],
)
def test_a_trend_page_without_contracts_says_so_in_its_language(lang: str, sentence: str) -> None:
    page = (
        make_env()
        .get_template("pages/trends.md.j2")
        .render(
            w=words(lang),
            title="t",
            intro="i",
            sections=trend_sections((), "x", words(lang)),
            extra={},
        )
    )
    assert sentence in html.unescape(page)


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
