"""relationship.yml is the agency's: the client view and the privacy audit keep it out of
client portals (the full build of the planted accounts is in test_build.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aeportal.build.audit import audit_site, internal_markers
from aeportal.check.rules import check
from aeportal.derive.visibility import client_view
from aeportal.model import Portfolio
from portal_fixtures import MARKS, TODAY, leak_repo

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    root = leak_repo(tmp_path_factory.mktemp("relationship"))
    checked = check(root, DAY)
    assert checked.report.errors == []
    return checked.portfolio


def test_the_planted_relationship_is_loaded(portfolio: Portfolio) -> None:
    bundle = portfolio.get("alpha-co")
    assert bundle is not None and bundle.relationship is not None
    rel = bundle.relationship
    assert (len(rel.contracts), len(rel.complaints), len(rel.proposals)) == (1, 2, 2)


def test_the_client_view_keeps_only_the_shared_proposal(portfolio: Portfolio) -> None:
    bundle = portfolio.get("alpha-co")
    assert bundle is not None
    view = client_view(bundle)
    assert view.relationship is not None
    assert [p.title for p in view.relationship.proposals] == ["ALPHA-CLIENT-PROPOSAL video series"]
    assert dict(view.relationship.proposals[0].internal) == {}
    rel = view.relationship
    assert (rel.contracts, rel.complaints, rel.referrals, rel.expansions) == ((), (), (), ())
    assert view.account is not None
    contract = view.account.contract
    assert (contract.renews, contract.outcome, contract.lost_to) == (None, None, None)


def test_every_internal_entry_is_a_marker_for_the_audit(portfolio: Portfolio) -> None:
    bundle = portfolio.get("beta-co")
    assert bundle is not None
    markers = internal_markers(bundle)
    for planted in (
        "BETA-INT-CONTRACT-OLD",
        "BETA-INT-COMPETITOR agency",
        "BETA-INT-CONTRACT-FIELD",
        "BETA-INT-COMPLAINT late posts",
        "BETA-INT-RESOLUTION new schedule",
        "BETA-INT-ESCALATION budget overrun",
        "BETA-INT-REFERRAL friend company",
        "BETA-INT-EXPANSION second city",
        "BETA-INT-PROPOSAL-FIELD",
        "BETA-INT-PROPOSAL-IDEA loyalty app",
    ):
        assert planted in markers, planted
    assert "BETA-CLIENT-PROPOSAL video series" not in markers


def test_the_audit_finds_a_complaint_in_a_client_site(portfolio: Portfolio, tmp_path: Path) -> None:
    site = tmp_path / "site"
    for slug in MARKS:
        (site / "clients" / slug).mkdir(parents=True)
        (site / "clients" / slug / "index.html").write_text("<p>Status</p>", encoding="utf-8")
    assert audit_site(site, portfolio) == []
    page = site / "clients" / "gamma-co" / "index.html"
    page.write_text("<p>GAMMA-INT-ESCALATION budget overrun</p>", encoding="utf-8")
    hits = audit_site(site, portfolio)
    assert [(h.marker, h.why) for h in hits] == [
        ("GAMMA-INT-ESCALATION budget overrun", "escalation in relationship.yml")
    ]
