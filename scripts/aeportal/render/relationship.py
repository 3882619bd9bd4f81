"""An account's relationship log: the internal Relationship page, and the proposals that a
client's portal shows.

The page reads the account's relationship.yml and current contract as the AE wrote them
(every value printed as text by the page environment) and sums them up with the formulas
of ``derive/metrics.py`` over the whole relationship, so a figure here reads as it does on
the portfolio's trend pages. A client sees only ``shared_proposals``: the proposals marked
``visibility: client`` that were sent (``derive/visibility.py client_view`` keeps no other).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aeportal import model
from aeportal.derive import metrics
from aeportal.derive.status import AccountStatus


@dataclass(frozen=True)
class ContractRow:
    """One contract of the history; the current one (account.yml) has no outcome yet."""

    contract: metrics.AnyContract
    current: bool


@dataclass(frozen=True)
class ComplaintRow:
    complaint: model.Complaint
    days: int  # to resolve it, or open so far


@dataclass(frozen=True)
class Summary:
    """The relationship's figures over its whole life, as of today."""

    first_day: dt.date | None
    figures: metrics.Figures | None
    renewal_chance: float | None
    expected_renewals: float | None


def whole_relationship(
    bundle: model.AccountBundle, today: dt.date, renewal_chance: float | None
) -> Summary:
    """``metrics.account_figures`` over one period from the first contract to today."""
    contracts = bundle.contracts()
    if not contracts:
        return Summary(None, None, renewal_chance, None)
    first = min(c.start for c in contracts)
    # Every contract that ended, whatever the day: a period from the first day to the last.
    last = max(today, *(c.end for c in contracts))
    figures = metrics.account_figures(bundle, metrics.Period(first, last), today, renewal_chance)
    expected = metrics.expected_renewals(renewal_chance) if renewal_chance is not None else None
    return Summary(first, figures, renewal_chance, expected)


def complaint_rows(complaints: Sequence[model.Complaint], today: dt.date) -> list[ComplaintRow]:
    """Open ones first, then the latest raised first."""
    ordered = sorted(complaints, key=lambda c: (c.resolved_on is not None, -c.date.toordinal()))
    return [ComplaintRow(c, ((c.resolved_on or today) - c.date).days) for c in ordered]


def shared_proposals(bundle: model.AccountBundle) -> tuple[model.Proposal, ...]:
    """The proposals the client has and may see, latest first (none on an internal one)."""
    rel = bundle.relationship
    shown = [p for p in (rel.proposals if rel else ()) if p.visibility == "client" and p.sent]
    return tuple(sorted(shown, key=lambda p: (p.date, p.id), reverse=True))


def relationship_values(status: AccountStatus, renewal_chance: float | None) -> dict[str, Any]:
    """What pages/relationship.md.j2 prints for one account (its internal portal only)."""
    b = status.bundle
    rel = b.relationship or model.Relationship()
    contracts = b.contracts()
    current = b.account.contract if b.account else None
    return {
        "summary": whole_relationship(b, status.today, renewal_chance),
        "contracts": [ContractRow(c, c is current) for c in contracts],
        "complaints": complaint_rows(rel.complaints, status.today),
        "referrals": sorted(rel.referrals, key=lambda r: r.date),
        "expansions": sorted(rel.expansions, key=lambda e: e.date),
        "proposals": sorted(rel.proposals, key=lambda p: (p.date, p.id)),
        "change_ids": {c.id for c in b.changes},
        "most_renewals": metrics.MAX_PROJECTED_RENEWALS,
    }
