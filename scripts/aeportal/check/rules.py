"""Rules over the loaded model: references, scope, timeline, meetings and approvals.

Each rule appends to a ``Report``; nothing stops at the first problem.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from aeportal import model
from aeportal.check.links import (
    DOWNLOAD_ONLY,
    Link,
    find_links,
    is_absolute,
    may_link,
    resolve,
)
from aeportal.check.markup import (
    MAX_DEPTH,
    MAX_UNCLOSED,
    audience_text,
    find_too_complex,
    find_unsafe,
)
from aeportal.check.proofs import (
    asset_problem,
    body_asset,
    check_unreferenced,
    check_versions,
    file_type,
)
from aeportal.derive.status import revision_rounds
from aeportal.derive.visibility import page_path, portal_files
from aeportal.diagnostics import Loc, Report, Severity
from aeportal.load.loader import load_portfolio
from aeportal.trail.history import HistoryIndex, unavailable
from aeportal.trail.report import history_diagnostics, read_history

NEARLY_USED = 0.9
IN_PRODUCTION = ("in_production", "delivered")
DEAD_CHANGES = ("rejected", "withdrawn")
# A value is placed inside a line of a page; a line of its own that opens a code fence would
# turn the rest of the page, a document's text and its code blocks included, inside out.
_FENCE_IN_VALUE = re.compile(r"\n[ \t>]*(```|~~~)")
_MAYBE_MARKUP = re.compile(r"\]\(|\]:|[{<]|on[a-z]*\s*=", re.IGNORECASE)
# `x" onmouseover="…`: ends the attribute a value is written into, then adds a handler.
_QUOTED_HANDLER = re.compile(r"[\"'][\s/]*on[a-z]+\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class Checked:
    """A loaded portfolio, its approval trail and everything found wrong with it."""

    portfolio: model.Portfolio
    report: Report
    history: HistoryIndex = field(default_factory=lambda: unavailable("history not read"))


def check(
    path: Path, today: dt.date, history: bool = False, require_review: bool = False
) -> Checked:
    """Load and validate the repository (or accounts folder, or account) at ``path``.

    With ``history``, the git history is read too: stale approvals and
    approvals that skipped review are reported (errors with ``require_review``).
    """
    report = Report()
    with _collector_paused():
        portfolio = load_portfolio(path, report)
        for bundle in portfolio.accounts:
            validate_account(bundle, today, report)
        index = unavailable("history not read")
        if history:
            index = read_history(path, portfolio)
            history_diagnostics(index, portfolio, report, require_review)
    return Checked(portfolio, report, index)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a repository is read and checked.

    Loading makes hundreds of thousands of objects (YAML nodes, which die by reference
    count, and records, which live on) and no cycles among them; yet every collection
    walks them all, and on a large repository that took a sixth of the run.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            if not gc.get_freeze_count():  # unfreeze would undo someone else's freeze
                # What was made meanwhile lives on or is gone already. Move it to the oldest
                # generation, as surviving collections would, instead of having the first
                # young collection walk all of it (70 ms on a large repository).
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def validate_account(bundle: model.AccountBundle, today: dt.date, report: Report) -> None:
    """Run every rule on one account."""
    if bundle.account is None:
        return  # account.yml itself is broken: its diagnostics are already reported
    rules = _Rules(bundle, today, report)
    rules.check_account()
    rules.check_timeline()
    rules.check_briefs()
    rules.check_changes()
    rules.check_meetings()
    rules.check_reports()
    rules.check_notes()
    rules.check_relationship()
    rules.check_scope()
    rules.check_values()
    rules.check_bodies()
    rules.check_links()
    check_versions(bundle, today, report)
    check_unreferenced(bundle, rules.body_assets, report)


class _Rules:
    def __init__(self, bundle: model.AccountBundle, today: dt.date, report: Report) -> None:
        assert bundle.account is not None
        self.b = bundle
        self.a: model.Account = bundle.account
        self.today = today
        self.report = report
        self.people = bundle.people()
        self.contacts = {c.id for c in self.a.client.contacts}
        self.approvers = set(self.a.approval.approvers)
        self.objectives = {o.id for o in self.a.objectives}
        self.scope_items = {s.id: s for s in self.a.scope}
        self.brief_ids = {b.id for b in bundle.briefs}
        self.changes = {c.id: c for c in bundle.changes}
        milestones = bundle.timeline.milestones if bundle.timeline else ()
        self.milestones = {m.id: m for m in milestones}
        # Where the loader already reported a value it could not read.
        self.unreadable = {d.loc for d in report}
        # Files that exist but could not be loaded: referring to them is not an unknown
        # reference or a broken link (their own diagnostics say what is wrong).
        self.failed = {Path(d.loc.path) for d in report if d.severity is Severity.ERROR}
        self.broken_briefs = self._unloaded("briefs")
        self.broken_changes = self._unloaded("changes")
        # Documents whose bodies are refused already (too complex to build, or scripts in
        # them): their links are not looked at, and Markdown is not run on them.
        self.refused: set[str] = set()
        # Files under assets/ that a body links or shows (found by check_links).
        self.body_assets: set[str] = set()

    # -- helpers --------------------------------------------------------------

    def _unloaded(self, kind: str) -> set[str]:
        folder = Path(self.b.root, kind)
        return {p.stem for p in self.failed if p.suffix == ".md" and p.parent == folder}

    def person(self, record: model.Record, key: str, value: str | None) -> bool:
        if value is None or value in self.people:
            return True
        known = ", ".join(sorted(self.people)) or "none yet"
        self.report.add(
            "REF001",
            record.at(key),
            f"`{value}` is not a contact or team member",
            f"use one of: {known}; or add the person to account.yml",
        )
        return False

    def side(self, record: model.Record, key: str, value: str | None, client: bool) -> None:
        """``value`` names a client contact (``client``) or a team member (not ``client``)."""
        if value is None or not self.person(record, key, value):
            return
        if (value in self.contacts) != client:
            want, other = ("client contact", "team member")[:: 1 if client else -1]
            known = self.contacts if client else {m.id for m in self.a.team}
            self.report.add(
                "HEALTH010",
                record.at(key),
                f"`{value}` is a {other}, but `{key}` names a {want}",
                f"use one of: {', '.join(sorted(known)) or 'none yet'}",
            )

    def ref(
        self, code: str, loc: Loc, value: str, known: Iterable[str], what: str, where: str
    ) -> None:
        names = sorted(known)
        listed = ", ".join(names[:12]) + (" …" if len(names) > 12 else "") if names else "none"
        self.report.add(
            code,
            loc,
            f"`{value}` is not a known {what}",
            f"use one of: {listed}; or add it to {where}",
        )

    def approver(self, record: model.Record, key: str, value: str | None) -> None:
        if value is None or not self.person(record, key, value):
            return
        if value not in self.approvers:
            allowed = ", ".join(sorted(self.approvers)) or "nobody yet"
            self.report.add(
                "APPR001",
                record.at(key),
                f"`{value}` is not an approver in the account's approval policy",
                f"approvers are: {allowed}; add `{value}` to `approval.approvers` "
                "in account.yml if the contract allows it",
            )

    def not_given(self, record: model.Record, key: str, value: object) -> bool:
        """Whether ``key`` is absent or empty (not: written, but reported as unreadable)."""
        return value is None and (key not in record.locs or record.at(key) not in self.unreadable)

    def not_future(
        self, record: model.Record, key: str, day: dt.date | None, code: str, what: str
    ) -> None:
        if day is not None and day > self.today:
            self.report.add(
                code,
                record.at(key),
                f"{what} {day.isoformat()} is after today ({self.today.isoformat()})",
                "record it once it has happened, or check the year",
            )

    def unique(self, records: Sequence[model.Record], ids: Sequence[str], what: str) -> None:
        first: dict[str, model.Record] = {}
        for record, ident in zip(records, ids, strict=True):
            if ident in first:
                self.report.add(
                    "REF006",
                    record.at("id"),
                    f"{what} id `{ident}` is used twice",
                    f"the first is on line {first[ident].at('id').line}; give each a different id",
                )
            else:
                first[ident] = record

    # -- account.yml ----------------------------------------------------------

    def check_account(self) -> None:
        a = self.a
        people: list[model.Record] = [*a.client.contacts, *a.team]
        self.unique(people, [p.id for p in a.client.contacts] + [m.id for m in a.team], "person")
        self.unique(a.objectives, [o.id for o in a.objectives], "objective")
        self.unique(a.scope, [s.id for s in a.scope], "scope item")
        if a.contract.start > a.contract.end:
            self.report.add(
                "TIME006",
                a.contract.at("end"),
                f"the contract ends ({a.contract.end}) before it starts ({a.contract.start})",
                "swap the dates or fix the year",
            )
        for index, approver in enumerate(a.approval.approvers):
            if approver not in self.contacts:
                self.report.add(
                    "REF001",
                    a.approval.at("approvers", index),
                    f"approver `{approver}` is not a client contact",
                    "approvers are client contacts: use one of "
                    + (", ".join(sorted(self.contacts)) or "(none yet)"),
                )
        self.check_approval_path()
        self.side(a, "account_executive", a.account_executive, client=False)
        self.side(a, "account_lead", a.account_lead, client=False)
        for item in a.inputs:
            self.person(item, "owner", item.owner)
            self.not_future(item, "received", item.received, "TIME004", "received date")
        for survey in a.surveys:
            self.side(survey, "by", survey.by, client=True)
            self.not_future(survey, "date", survey.date, "TIME004", "survey date")
            top = survey.top
            if survey.score > top:
                self.report.add(
                    "SCHEMA007",
                    survey.at("score"),
                    f"score {survey.score:g} is above the scale's top ({top:g})",
                    "check the score, or give `scale:`",
                )

    def check_approval_path(self) -> None:
        """Report what leaves the client without a working way to approve, which the pages
        would otherwise show only by the buttons they lack."""
        a = self.a
        # An address written but unreadable is reported already (SCHEMA008), not again here.
        addressed = [m for m in a.team if not self.not_given(m, "email", m.email)]
        if a.approval.approvers and not addressed:
            self.report.add(
                "APPR004",
                a.at("team"),
                "nobody on the agency team has an e-mail address, so client pages offer no "
                "Approve or Request changes buttons (they write an e-mail to the team)",
                "add `email:` to the Account Executive in `team:`",
            )
        contacts = {c.id: c for c in a.client.contacts}
        for index, approver in enumerate(a.approval.approvers):
            contact = contacts.get(approver)
            if contact is not None and self.not_given(contact, "email", contact.email):
                self.report.add(
                    "APPR005",
                    a.approval.at("approvers", index),
                    f"approver `{approver}` has no e-mail address: an e-mailed decision "
                    "cannot be checked against it, and the `Approved-by:` trailer that "
                    "`aeportal approve` records names them without one",
                    f"add `email:` to the contact `{approver}` under `client.contacts`",
                )

    # -- timeline.yml ---------------------------------------------------------

    def check_timeline(self) -> None:
        t = self.b.timeline
        if t is None:
            return
        self.unique(t.milestones, [m.id for m in t.milestones], "milestone")
        self.unique(t.risks, [r.id for r in t.risks], "risk")
        for m in t.milestones:
            self.person(m, "owner", m.owner)
            if m.start and m.start > m.due:
                self.report.add(
                    "TIME001",
                    m.at("start"),
                    f"milestone `{m.id}` starts {m.start} but is due {m.due}",
                    "move the start before the due date, or the due date later",
                )
            self.not_future(m, "done", m.done, "TIME004", "done date")
            for i, dep in enumerate(m.depends_on):
                target = self.milestones.get(dep)
                if target is None:
                    self.ref(
                        "REF005",
                        m.at("depends_on", i),
                        dep,
                        self.milestones,
                        "milestone",
                        "timeline.yml",
                    )
                elif target.due > m.due:
                    self.report.add(
                        "TIME003",
                        m.at("depends_on", i),
                        f"`{m.id}` (due {m.due}) depends on `{dep}`, which is due "
                        f"later ({target.due})",
                        f"move `{dep}` before {m.due} or `{m.id}` after {target.due}",
                    )
            for i, brief in enumerate(m.deliverables):
                if brief not in self.brief_ids and brief not in self.broken_briefs:
                    self.ref(
                        "REF004", m.at("deliverables", i), brief, self.brief_ids, "brief", "briefs/"
                    )
            if m.approval:
                ap = m.approval
                self.approver(ap, "by", ap.by)
                if ap.sent and ap.approved and ap.approved < ap.sent:
                    self.report.add(
                        "TIME005",
                        ap.at("approved"),
                        f"approved {ap.approved} before it was sent ({ap.sent})",
                        "check both dates",
                    )
                self.not_future(ap, "sent", ap.sent, "APPR003", "approval request date")
                self.not_future(ap, "approved", ap.approved, "APPR003", "approval date")
        self._cycles(t.milestones)
        for r in t.risks:
            self.person(r, "owner", r.owner)

    def _cycles(self, milestones: Sequence[model.Milestone]) -> None:
        graph = {m.id: [d for d in m.depends_on if d in self.milestones] for m in milestones}
        state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
        reported: set[frozenset[str]] = set()

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            path.append(node)
            for dep in graph.get(node, ()):
                if state.get(dep) == 1:
                    cycle = [*path[path.index(dep) :], dep]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        self.report.add(
                            "TIME002",
                            self.milestones[node].at("depends_on"),
                            "dependency cycle: " + " → ".join(cycle),
                            f"remove one of these dependencies, e.g. `{dep}` from `{node}`",
                        )
                elif dep not in state:
                    visit(dep, path)
            path.pop()
            state[node] = 2

        for ident in graph:
            if ident not in state:
                visit(ident, [])

    # -- documents ------------------------------------------------------------

    def check_briefs(self) -> None:
        for b in self.b.briefs:
            self.person(b, "owner", b.owner)
            if b.scope is not None and b.scope not in self.scope_items:
                self.ref(
                    "REF003",
                    b.at("scope"),
                    b.scope,
                    self.scope_items,
                    "scope item",
                    "`scope:` in account.yml",
                )
            for i, objective in enumerate(b.objectives):
                if objective not in self.objectives:
                    self.ref(
                        "REF002",
                        b.at("objectives", i),
                        objective,
                        self.objectives,
                        "objective",
                        "`objectives:` in account.yml",
                    )
            if (
                b.change is not None
                and b.change not in self.changes
                and b.change not in self.broken_changes
            ):
                self.ref(
                    "REF007", b.at("change"), b.change, self.changes, "change request", "changes/"
                )
            self.approver(b, "approved_by", b.approved_by)
            if (b.approved_by is None) != (b.approved_on is None):
                missing = "approved_on" if b.approved_on is None else "approved_by"
                self.report.add(
                    "APPR002",
                    b.at("approved_by" if b.approved_by else "approved_on"),
                    "the approval gives only one of approved_by and approved_on",
                    f"add `{missing}:`",
                )
            self.not_future(b, "approved_on", b.approved_on, "APPR003", "approval date")
            self.not_future(b, "delivered_on", b.delivered_on, "TIME004", "delivery date")

    def check_changes(self) -> None:
        for c in self.b.changes:
            self.person(c, "requested_by", c.requested_by)
            for add in c.adds:
                if add.scope not in self.scope_items:
                    self.ref(
                        "REF003",
                        add.at("scope"),
                        add.scope,
                        self.scope_items,
                        "scope item",
                        "`scope:` in account.yml",
                    )
            contract = self.a.contract.currency
            if c.currency is not None and c.currency != contract:
                # Costs are added up in the contract's currency (scope, KPIs, renewals);
                # a cost in another one would be summed as if it were the same money.
                self.report.add(
                    "SCOPE007",
                    c.at("currency"),
                    f"the change request costs {c.currency}, the contract is in {contract}",
                    f"give the cost in {contract} (or leave `currency:` out); amounts in "
                    "different currencies cannot be added up",
                )
            self.approver(c, "decided_by", c.decided_by)
            if c.status in ("approved", "rejected") and (
                c.decided_by is None or c.decided_on is None
            ):
                missing = "decided_by" if c.decided_by is None else "decided_on"
                self.report.add(
                    "APPR002",
                    c.at("status"),
                    f"change request is {c.status} but has no `{missing}`",
                    f"add `{missing}:` (who decided, and when)",
                )
            self.not_future(c, "decided_on", c.decided_on, "APPR003", "decision date")

    def check_meetings(self) -> None:
        for m in self.b.meetings:
            for i, attendee in enumerate(m.attendees):
                if attendee not in self.people:
                    self.person(m, f"attendees[{i}]", attendee)
            for q in m.open_questions:
                self.person(q, "owner", q.owner)
            for action in m.actions:
                if self.not_given(action, "owner", action.owner):
                    self.report.add(
                        "MEET001",
                        action.at("owner"),
                        f"action “{action.task}” has no owner",
                        "add `owner:` with a contact or team member id",
                    )
                else:
                    self.person(action, "owner", action.owner)
                if self.not_given(action, "due", action.due):
                    self.report.add(
                        "MEET002",
                        action.at("due"),
                        f"action “{action.task}” has no due date",
                        "add `due: YYYY-MM-DD`",
                    )
                self.not_future(action, "done", action.done, "TIME004", "done date")
            for approval in m.approvals:
                if approval.document not in (
                    self.brief_ids | self.changes.keys() | self.broken_briefs | self.broken_changes
                ):
                    self.ref(
                        "REF004",
                        approval.at("document"),
                        approval.document,
                        [*self.brief_ids, *self.changes],
                        "brief or change request",
                        "briefs/ or changes/",
                    )
                self.approver(approval, "by", approval.by)

    def check_reports(self) -> None:
        for r in self.b.reports:
            for result in r.results:
                if result.objective not in self.objectives:
                    self.ref(
                        "REF002",
                        result.at("objective"),
                        result.objective,
                        self.objectives,
                        "objective",
                        "`objectives:` in account.yml",
                    )

    def check_notes(self) -> None:
        for n in self.b.notes:
            self.person(n, "author", n.author)

    # -- relationship.yml -----------------------------------------------------

    def check_relationship(self) -> None:
        rel = self.b.relationship
        contracts = self.b.contracts()
        self.unique(contracts, [c.id for c in contracts], "contract")
        by_id = {c.id: c for c in contracts}
        current = self.a.contract
        for c in contracts:
            if c is not current and c.start > c.end:
                self.report.add(
                    "TIME006",
                    c.at("end"),
                    f"the contract ends ({c.end}) before it starts ({c.start})",
                    "swap the dates or fix the year",
                )
        self._contract_chain(contracts, by_id)
        if rel is None:
            return
        self.unique(rel.complaints, [c.id for c in rel.complaints], "complaint")
        self.unique(rel.proposals, [p.id for p in rel.proposals], "proposal")
        for complaint in rel.complaints:
            self.side(complaint, "by", complaint.by, client=True)
            self.side(complaint, "owner", complaint.owner, client=False)
            self.not_future(complaint, "date", complaint.date, "TIME004", "complaint date")
            self.not_future(complaint, "resolved_on", complaint.resolved_on, "TIME004", "date")
            self._not_before(complaint, "resolved_on", complaint.resolved_on, "resolved", "raised")
            if (complaint.resolved_on is None) != (not complaint.resolution):
                missing = "resolved_on" if complaint.resolved_on is None else "resolution"
                self.report.add(
                    "HEALTH007",
                    complaint.at("resolution" if complaint.resolution else "resolved_on"),
                    f"`{complaint.id}` gives only one of `resolved_on` and `resolution`",
                    f"add `{missing}:` (an open {complaint.kind} has neither)",
                )
        for referral in rel.referrals:
            self.side(referral, "by", referral.by, client=True)
            self.not_future(referral, "date", referral.date, "TIME004", "referral date")
        for expansion in rel.expansions:
            self.not_future(expansion, "date", expansion.date, "TIME004", "expansion date")
            target = by_id.get(expansion.contract)
            if target is None:
                self._unknown_contract(expansion, "contract", expansion.contract, by_id)
            else:
                self._same_currency(expansion, expansion.currency, target)
        for proposal in rel.proposals:
            self._check_proposal(proposal, by_id)

    def _not_before(
        self,
        record: model.Complaint | model.Proposal,
        key: str,
        day: dt.date | None,
        done: str,
        raised: str,
    ) -> None:
        """``day`` (a resolution or a decision) is not before the record's own ``date``."""
        if day is not None and day < record.date:
            self.report.add(
                "HEALTH006",
                record.at(key),
                f"`{record.id}` was {done} on {day}, before it was {raised} ({record.date})",
                "check both dates",
            )

    def _unknown_contract(
        self, record: model.Record, key: str, value: str, known: Mapping[str, object]
    ) -> None:
        self.ref(
            "HEALTH003",
            record.at(key),
            value,
            known,
            "contract",
            "`contracts:` in relationship.yml (or `contract:` in account.yml)",
        )

    def _same_currency(
        self, record: model.Record, currency: str, contract: model.Contract | model.PastContract
    ) -> None:
        if currency != contract.currency:
            # Amounts are added up per currency and compared along a contract's history;
            # money in another currency would be summed as if it were the same.
            self.report.add(
                "HEALTH005",
                record.at("currency"),
                f"the amount is in {currency}, its contract `{contract.id}` in {contract.currency}",
                f"give it in {contract.currency}: amounts in different currencies are never "
                "added up or compared",
            )

    def _contract_chain(
        self,
        contracts: Sequence[model.Contract | model.PastContract],
        by_id: Mapping[str, model.Contract | model.PastContract],
    ) -> None:
        """Overlaps, renewals and outcomes along the account's contracts."""
        ordered = sorted(contracts, key=lambda c: (c.start, c.end))
        # Each against the one that runs longest of those before it: a long contract can
        # overlap more than its next neighbour.
        for index, later in enumerate(ordered[1:], 1):
            earlier = max(ordered[:index], key=lambda c: c.end)
            if later.start <= earlier.end:
                self.report.add(
                    "HEALTH001",
                    later.at("start"),
                    f"contract `{later.id}` starts {later.start}, while `{earlier.id}` runs "
                    f"until {earlier.end}",
                    f"start it after {earlier.end}, or end `{earlier.id}` earlier: an account "
                    "has one contract at a time (extra work is a change request or an "
                    "expansion)",
                )
        successors: dict[str, list[model.Contract | model.PastContract]] = {}
        for c in contracts:
            if c.renews is None:
                continue
            renewed = by_id.get(c.renews)
            if renewed is None or renewed is c:
                self._unknown_contract(c, "renews", c.renews, by_id)
                continue
            successors.setdefault(renewed.id, []).append(c)
            if c.start <= renewed.start:
                self.report.add(
                    "HEALTH002",
                    c.at("renews"),
                    f"`{c.id}` (from {c.start}) renews `{renewed.id}`, which starts later "
                    f"({renewed.start})",
                    "check the dates, or name the contract it really renews",
                )
            self._same_currency(c, c.currency, renewed)
        for c in contracts:
            self._check_outcome(c, successors.get(c.id, []))

    def _check_outcome(
        self,
        c: model.Contract | model.PastContract,
        following: Sequence[model.Contract | model.PastContract],
    ) -> None:
        def wrong(key: str, message: str, hint: str) -> None:
            self.report.add("HEALTH004", c.at(key), message, hint)

        if len(following) > 1:
            wrong(
                "id",
                f"`{c.id}` is renewed by {len(following)} contracts: "
                + ", ".join(f"`{f.id}`" for f in following),
                "a contract is renewed once; give each renewal the `renews:` of the one before",
            )
            return
        if c.lost_to and c.outcome != "lost":
            wrong("lost_to", f"`{c.id}` names a competitor but its outcome is not `lost`", "")
        renewed = c.outcome in model.RENEWED_OUTCOMES
        if following and not renewed:
            wrong(
                "outcome" if c.outcome else "id",
                f"`{c.id}` is renewed by `{following[0].id}` but its outcome is "
                f"{c.outcome or 'not given'}",
                "write `outcome: renewed`, `expanded` or `reduced`",
            )
        elif renewed and not following:
            wrong(
                "outcome",
                f"`{c.id}` is {c.outcome}, but no contract renews it",
                "add the renewal with `renews: " + c.id + "` (the current contract goes in "
                "account.yml, earlier ones in relationship.yml), or change the outcome",
            )
        elif following and c.value is not None and following[0].value is not None:
            new = following[0].value
            expected = "renewed" if new == c.value else "expanded" if new > c.value else "reduced"
            if expected != c.outcome and following[0].currency == c.currency:
                wrong(
                    "outcome",
                    f"`{c.id}` ({c.value:g} {c.currency}) is {c.outcome}, but its renewal "
                    f"`{following[0].id}` is worth {new:g}",
                    f"write `outcome: {expected}`",
                )

    def _check_proposal(
        self, p: model.Proposal, contracts: Mapping[str, model.Contract | model.PastContract]
    ) -> None:
        self.side(p, "by", p.by, client=False)
        self.not_future(p, "date", p.date, "TIME004", "proposal date")
        self.not_future(p, "decided_on", p.decided_on, "APPR003", "decision date")
        self._not_before(p, "decided_on", p.decided_on, "decided", "proposed")
        decided = p.status != "proposed"
        if decided and p.decided_on is None:
            self.report.add(
                "HEALTH008",
                p.at("status"),
                f"proposal `{p.id}` is {p.status} but has no `decided_on`",
                "add `decided_on:` (when the client answered)",
            )
        if not decided and p.decided_on is not None:
            self.report.add(
                "HEALTH008",
                p.at("decided_on"),
                f"proposal `{p.id}` is still proposed, yet has a `decided_on`",
                "write what the client decided: `status: accepted` or `declined`",
            )
        if p.status == "accepted" and p.change is None and p.contract is None:
            self.report.add(
                "HEALTH008",
                p.at("status"),
                f"proposal `{p.id}` is accepted but names no work it became",
                "add `change:` (the change request) or `contract:` (the contract) it became",
            )
        for key, value in (("change", p.change), ("contract", p.contract)):
            if value is not None and p.status != "accepted":
                self.report.add(
                    "HEALTH008",
                    p.at(key),
                    f"proposal `{p.id}` is {p.status}, yet names the {key} it became",
                    "set `status: accepted` with `decided_on:`, or remove `" + key + ":`",
                )
        if p.change is not None:
            change = self.changes.get(p.change)
            if change is None and p.change not in self.broken_changes:
                self.ref(
                    "REF007", p.at("change"), p.change, self.changes, "change request", "changes/"
                )
            elif change is not None:
                if p.status == "accepted" and change.status != "approved":
                    self.report.add(
                        "HEALTH008",
                        p.at("change"),
                        f"proposal `{p.id}` is accepted, but `{change.id}` is {change.status}",
                        f"approve `{change.id}` (status, decided_by, decided_on) or set the "
                        "proposal's status to what the client decided",
                    )
                self._same_currency(p, p.currency, self.a.contract)
        if p.contract is not None:
            target = contracts.get(p.contract)
            if target is None:
                self._unknown_contract(p, "contract", p.contract, contracts)
            else:
                self._same_currency(p, p.currency, target)
        if not p.sent and (decided or p.visibility == "client"):
            why = f"is {p.status}" if decided else "is shown to the client"
            self.report.add(
                "HEALTH009",
                p.at("status" if decided else "visibility"),
                f"proposal `{p.id}` {why}, but was never sent (`sent: false`)",
                "set `sent: true` once the client has it; an unsent idea stays internal "
                "and proposed",
            )

    def check_values(self) -> None:
        """Scripts, handlers and script links in YAML values (titles, names, decisions …).

        The page templates print values as text (``render._as_text``), but the account's
        name and the documents' titles also reach the theme (the site name, the menu), the
        calendar and mail programs, and an agency's own templates, where a tag may be live
        and a `"` ends the attribute the name is written into: such values are refused
        wherever they are. Names and titles are one line.
        """
        b = self.b
        records: list[model.Record | None] = [
            b.account,
            b.timeline,
            b.relationship,
            *b.briefs,
            *b.changes,
            *b.meetings,
            *b.reports,
            *b.notes,
        ]
        for record in records:
            if record is None:
                continue
            for text, holder, key, index in _text_values(record):
                if key in ("name", "title") and ("\n" in text or "\r" in text):
                    # Shown in headings and menus, and written into calendar feeds and e-mail
                    # headers, which refuse a line break (and must: it would start a new one).
                    self.report.add(
                        "SCHEMA009",
                        holder.at(key, index),
                        f"`{key}` holds a line break: a {key} is one line",
                        "write it on one line",
                    )
                if _FENCE_IN_VALUE.search(text):
                    self.report.add(
                        "HTML003",
                        holder.at(key, index),
                        f"a line of `{key}` starts a code fence (``` or ~~~)",
                        "write the value on one line, or keep ``` inside the line",
                    )
                if not _MAYBE_MARKUP.search(text):
                    continue  # the usual case, and far cheaper than find_unsafe
                # No code spans in values: the theme makes a title of a heading's text, code
                # and all, and writes it out as HTML.
                problems = [f.what for f in find_unsafe(text.replace("`", "")) if f.dangerous]
                if _QUOTED_HANDLER.search(text):
                    problems.append("an event handler after a quote")
                for what in problems:
                    self.report.add(
                        "HTML001",
                        holder.at(key, index),
                        f"{what} in `{key}`: portals never run it",
                        "remove it; write links as [text](https://…)",
                    )

    def check_bodies(self) -> None:
        b = self.b
        docs: list[model.Document] = [*b.briefs, *b.changes, *b.meetings, *b.reports, *b.notes]
        for doc in docs:
            for limit in find_too_complex(doc.body):
                loc = Loc(doc.path, doc.body_line + limit.line - 1, limit.col)
                self.refused.add(doc.path)
                if limit.code == "BODY001":
                    self.report.add(
                        "BODY001",
                        loc,
                        f"lists or quotes nested {limit.count} levels deep; "
                        f"at most {MAX_DEPTH} can be built",
                        "flatten the list, or split it into sections with headings",
                    )
                elif limit.code == "BODY003":
                    self.report.add(
                        "BODY003",
                        loc,
                        f"a paragraph of {limit.length} characters with {limit.count} Markdown "
                        "marks (\\ ` [ ! < & * _): the build would take time growing with both",
                        "split it with blank lines, or put it in a code block (```)",
                    )
                else:
                    self.report.add(
                        "BODY002",
                        loc,
                        f"more than {MAX_UNCLOSED} unclosed brackets in one paragraph; "
                        "the build would take minutes",
                        "close the brackets, put the text in a code block (```), "
                        "or escape them as \\[",
                    )
            for found in find_unsafe(doc.body):
                loc = Loc(doc.path, doc.body_line + found.line - 1, found.col)
                if found.dangerous:
                    self.refused.add(doc.path)
                    self.report.add(
                        "HTML001",
                        loc,
                        f"{found.what} in the text: portals never run it",
                        "remove it; write Markdown (links as [text](https://…)), and put "
                        "embeds in the portal's templates instead",
                    )
                else:
                    self.report.add(
                        "HTML002",
                        loc,
                        f"raw HTML {found.what} in the text is shown as text on the portal",
                        "write it in Markdown (**bold**, *italic*, lists, tables) instead",
                    )

    def check_links(self) -> None:
        """Every link and image of a body leads to a file of each portal that shows it."""
        b = self.b
        docs: list[model.Document] = [*b.briefs, *b.changes, *b.meetings, *b.reports, *b.notes]
        docs = [d for d in docs if may_link(d.body) and d.path not in self.refused]
        if not docs:
            return
        internal_files = portal_files(b, internal=True)
        client_files = portal_files(b, internal=False)
        for doc in docs:
            page = page_path(doc)
            portals = [(True, internal_files)]
            if page in client_files:  # shown to the client too: checked in both portals
                portals.append((False, client_files))
            reported: set[tuple[str, str, int, int]] = set()
            for internal, files in portals:
                for link in find_links(doc.body, audience_text(doc.body, internal)):
                    self._note_asset(doc, link)
                    found = self._link_problem(doc, page, link, files, internal_files)
                    if found is None:
                        continue
                    code, message, hint = found
                    key = (code, link.url, link.line, link.col)
                    if key not in reported:
                        reported.add(key)
                        line = doc.body_line + link.line - 1 if link.line else doc.body_line
                        self.report.add(code, Loc(doc.path, line, link.col or 1), message, hint)

    def _note_asset(self, doc: model.Document, link: Link) -> None:
        parts = urlsplit(link.url)
        if parts.scheme or parts.netloc or not parts.path:
            return
        key = body_asset(self.b, doc.path, unquote(parts.path))
        if key is not None:
            self.body_assets.add(key)

    def _link_problem(
        self,
        doc: model.Document,
        page: str,
        link: Link,
        files: frozenset[str],
        internal_files: frozenset[str],
    ) -> tuple[str, str, str] | None:
        """(code, message, hint) of a link the portal of ``files`` cannot resolve."""
        what = "image" if link.image else "link"
        url = link.url
        target = resolve(url, page)
        if target is None:
            if is_absolute(url):
                return (
                    "LINK006",
                    f"the {what} `{url}` is absolute: it leads outside the portal",
                    "link pages of the portal relatively (../briefs/<id>.md), "
                    "and other sites with https://",
                )
            return None
        if target.path in files:
            return None
        if model.asset_key(target.path) == target.path and target.path in self.b.files:
            return self._asset_problem(link, target.path)
        pages = "link a document as ../briefs/<id>.md (or changes/, meetings/, reports/)"
        if target.unrecognized:
            return (
                "LINK007",
                f"the {what} `{url}` names no file: the portal leaves it as it is, broken",
                pages,
            )
        if files is not internal_files and target.path in internal_files:
            return (
                "LINK002",
                f"the {what} `{url}` leads to an internal page: the client portal does not have it",
                "remove the link, or make the target visible to the client",
            )
        written = Path(os.path.normpath(Path(doc.path).parent / unquote(urlsplit(url).path)))
        if written in self.failed:
            return None  # a document that could not be loaded: its own diagnostics say why
        exists = written.exists()
        inside = os.path.relpath(written, self.b.root).replace(os.sep, "/")
        if inside.startswith("../"):
            if exists:
                return (
                    "LINK003",
                    f"the {what} `{url}` leads out of the account folder: each portal holds "
                    "one account only",
                    "copy what the client needs into this account, or remove the link",
                )
        elif exists:
            return (
                "LINK005",
                f"the {what} `{url}` is a file of the account, but no page of the portal",
                pages,
            )
        return (
            "LINK001",
            f"the {what} `{url}` leads to `{target.path}`, which the portal does not have",
            f"check the name; {pages}",
        )

    def _asset_problem(self, link: Link, key: str) -> tuple[str, str, str] | None:
        """Why a file in assets/ cannot be shown or linked from a body, or None: published.

        The checks of a version's files first (type, size, Git LFS), so that a body can
        publish nothing a version could not.
        """
        found = asset_problem(self.b, key)
        if found is not None:
            return found
        ext = file_type(key)
        if link.image and ext in DOWNLOAD_ONLY:
            return (
                "LINK004",
                f"the image `{link.url}` is a .{ext} file, which can carry scripts: portals "
                "offer it as a download only, never shown in a page",
                f"link it instead ([{ext.upper()} file]({link.url})), or export it as PNG",
            )
        return None

    # -- scope ----------------------------------------------------------------

    def check_scope(self) -> None:
        added: dict[str, int] = {}
        for c in self.b.changes:
            if c.status == "approved":
                for add in c.adds:
                    added[add.scope] = added.get(add.scope, 0) + add.quantity
        committed: dict[str, list[model.Brief]] = {}
        for b in self.b.briefs:
            if b.status == "cancelled" or b.scope not in self.scope_items:
                continue
            item = self.scope_items[b.scope]
            rounds = revision_rounds(b)
            if rounds > item.revision_rounds:
                by_versions = rounds > max((r.round for r in b.revisions), default=0)
                self.report.add(
                    "SCOPE003",
                    b.at("versions" if by_versions else "revisions"),
                    f"{rounds} revision rounds, but the contract includes "
                    f"{item.revision_rounds} for {item.name}",
                    "raise a change request for the extra rounds, or agree them in writing",
                )
            change = self.changes.get(b.change) if b.change else None
            if change is not None:
                if b.scope not in {a.scope for a in change.adds}:
                    self.report.add(
                        "SCOPE006",
                        b.at("change"),
                        f"`{change.id}` adds nothing to `{b.scope}`",
                        f"link the change request that adds `{b.scope}`, "
                        f"or add `{b.scope}` to its `adds:`",
                    )
                if change.status in DEAD_CHANGES:
                    self.report.add(
                        "SCOPE005",
                        b.at("change"),
                        f"the brief relies on `{change.id}`, which was {change.status}",
                        "cancel the brief (status: cancelled) or raise a new change request",
                    )
                    continue
                if change.status == "proposed":
                    if b.status in IN_PRODUCTION:
                        self.report.add(
                            "SCOPE002",
                            b.at("status"),
                            f"the brief is {b.status.replace('_', ' ')}, but "
                            f"`{change.id}` that covers it is only proposed",
                            f"get `{change.id}` approved before production, or "
                            "set the brief back to draft",
                        )
                    continue  # pending on the proposal: not yet committed work
            committed.setdefault(b.scope, []).append(b)
        for item_id, briefs in committed.items():
            item = self.scope_items[item_id]
            contracted = item.quantity + added.get(item_id, 0)
            # Briefs on approved change requests use the added part, so they come last.
            briefs.sort(key=lambda b: (b.change is not None, b.due or dt.date.max, b.id))
            used = 0
            for b in briefs:
                used += b.quantity
                if used > contracted:
                    self.report.add(
                        "SCOPE001",
                        b.at("scope"),
                        f"`{item_id}` is used {used} times, but the contract covers "
                        f"{contracted} ({item.quantity} + {added.get(item_id, 0)} from "
                        "approved change requests)",
                        "raise a change request (changes/) and link it with `change:`, "
                        "or cancel another brief",
                    )
            if contracted and used <= contracted and used / contracted >= NEARLY_USED:
                self.report.add(
                    "SCOPE004",
                    item.at("quantity"),
                    f"`{item_id}` is {used / contracted:.0%} used: {used} of {contracted} "
                    f"(unit: {item.unit})",
                    "warn the client early and prepare a change request for further work",
                )


def _text_values(
    record: model.Record,
) -> Iterator[tuple[str, model.Record, str, int | None]]:
    """(text, record, key, index) of every text value in a record, nested ones too.

    The record, key and index give the place (``record.at(key, index)``), worked out
    only for a value that has a problem.
    """
    cls: type = type(record)  # plain `type`: mypy takes a frozen record's class for unhashable
    for name in _checked_fields(cls):
        value = getattr(record, name)
        if isinstance(value, str):
            yield value, record, name, None
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, model.Record):
                    yield from _text_values(item)
                elif isinstance(item, str):
                    yield item, record, name, index
        elif isinstance(value, model.Record):
            yield from _text_values(value)
        elif isinstance(value, Mapping):
            for text in _free_texts(value):
                yield text, record, name, None


@functools.cache
def _checked_fields(cls: type) -> tuple[str, ...]:
    """The fields of a record class whose values ``_text_values`` looks into."""
    # ids are slugs; the body is checked as Markdown (check_bodies)
    skipped = ("loc", "locs", "id", "path", "body", "body_line")
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in skipped)


def _free_texts(value: Any) -> Iterator[str]:
    """Every key and text in free-form data (``internal:``)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _free_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _free_texts(item)
