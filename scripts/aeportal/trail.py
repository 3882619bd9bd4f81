"""The approval trail as users see it: diagnostics, and per-document history for pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from aeportal import model
from aeportal.diagnostics import Loc, Report, Severity
from aeportal.history import Approval, HistoryIndex, build_index
from aeportal.loader import find_accounts_dir


def read_history(path: Path, portfolio: model.Portfolio) -> HistoryIndex:
    """The history index of the repository at ``path``, with its briefs' and changes' approvals."""
    root, _folders = find_accounts_dir(path)
    documents = [
        Path(doc.path) for bundle in portfolio.accounts for doc in (*bundle.briefs, *bundle.changes)
    ]
    return build_index(root, documents)


def review_start(index: HistoryIndex) -> dt.datetime | None:
    """When the main line started taking pull requests: the review policy applies from then."""
    merged = [
        index.commits[sha].date
        for sha, landing in index.landings.items()
        if landing.via == sha and landing.pr is not None
    ]
    return min(merged) if merged else None


def history_diagnostics(
    index: HistoryIndex, portfolio: model.Portfolio, report: Report, require_review: bool
) -> None:
    """Stale approvals, approvals without review, and a shallow clone."""
    if not index.available:
        return
    if index.shallow:
        report.add(
            "HIST003",
            Loc(portfolio.root),
            "the repository is a shallow clone",
            "fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` "
            "in actions/checkout",
        )
        return  # with part of the history missing, approvals cannot be judged
    start = review_start(index)
    for bundle in portfolio.accounts:
        for doc in (*bundle.briefs, *bundle.changes):
            approval = index.latest_approval(doc.path)
            if approval is None:
                continue
            loc = doc.at("status")
            when = approval.commit.date.date().isoformat()
            if approval.stale:
                report.add(
                    "HIST001",
                    loc,
                    f"changed since it was {approval.status} on {when} "
                    f"(commit {approval.commit.short}{_through(approval)})",
                    "ask for approval again (status: in_review) or undo the change; the "
                    "approved content hash was " + approval.content_hash,
                )
            if not approval.reviewed and start is not None and approval.commit.date >= start:
                report.add(
                    "HIST002",
                    loc,
                    f"{approval.status} on {when} in commit {approval.commit.short}, which "
                    "reached the main line without a pull request or an Approved-by: trailer",
                    "approve through a pull request, or record the client's approval with "
                    "`aeportal approve`, which adds the trailer",
                    Severity.ERROR if require_review else None,
                )


def _through(approval: Approval) -> str:
    if approval.landing.pr:
        return f", {approval.landing.pr}"
    if approval.trailer_by:
        return ", Approved-by: " + ", ".join(approval.trailer_by)
    return ""


@dataclass(frozen=True)
class Entry:
    """One line of a page's "History and approvals" section."""

    date: dt.date
    sha: str
    subject: str
    author: str
    pr: str | None
    trailers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DocTrail:
    available: bool
    reason: str
    entries: tuple[Entry, ...]
    approvals: tuple[Approval, ...]
    content_hash: str

    @property
    def latest(self) -> Approval | None:
        return self.approvals[-1] if self.approvals else None


def doc_trail(index: HistoryIndex, doc: model.Document, current_hash: str) -> DocTrail:
    """What the history says about one document."""
    if not index.available:
        return DocTrail(False, index.reason, (), (), current_hash)
    entries = tuple(
        Entry(
            t.commit.date.date(),
            t.commit.short,
            t.commit.subject,
            t.commit.author,
            index.landing(t.commit.sha).pr,
            t.commit.trailers,
        )
        for t in index.of(doc.path)
    )
    approvals = tuple(index.approvals.get(index.key(doc.path), ()))
    return DocTrail(True, index.reason, entries, approvals, current_hash)


LAST_UPDATE_DAYS = 7  # status updates go out weekly


@dataclass(frozen=True)
class Changed:
    kind: str  # briefs, changes, meetings, reports
    id: str
    title: str
    date: dt.date


def recent_changes(
    index: HistoryIndex | None, bundle: model.AccountBundle, today: dt.date
) -> tuple[dt.date, tuple[Changed, ...]]:
    """Documents of ``bundle`` changed since the last weekly update, newest first."""
    since = today - dt.timedelta(days=LAST_UPDATE_DAYS)
    if index is None or not index.available:
        return since, ()
    found = []
    kinds = {
        "briefs": bundle.briefs,
        "changes": bundle.changes,
        "meetings": bundle.meetings,
        "reports": bundle.reports,
    }
    for kind, docs in kinds.items():
        for doc in docs:
            dates = [t.commit.date.date() for t in index.of(doc.path)]
            recent = [d for d in dates if since < d <= today]
            if recent:
                found.append(Changed(kind, doc.id, getattr(doc, "title", doc.id), max(recent)))
    found.sort(key=lambda c: (c.date, c.title), reverse=True)
    return since, tuple(found)


@dataclass(frozen=True)
class ApprovalRow:
    account: str
    document: str  # e.g. briefs/launch-post
    title: str
    detail: str
    date: dt.date | None


@dataclass(frozen=True)
class ApprovalsOverview:
    available: bool
    reason: str
    waiting: tuple[ApprovalRow, ...]
    stale: tuple[ApprovalRow, ...]
    unreviewed: tuple[ApprovalRow, ...]


def approvals_overview(
    index: HistoryIndex, portfolio: model.Portfolio, today: dt.date
) -> ApprovalsOverview:
    """Across accounts: what waits on clients, stale approvals, approvals without review."""
    waiting: list[ApprovalRow] = []
    stale: list[ApprovalRow] = []
    unreviewed: list[ApprovalRow] = []
    start = review_start(index) if index.available else None
    for bundle in portfolio.accounts:
        for brief in bundle.briefs:
            if brief.status == "in_review":
                waiting.append(
                    ApprovalRow(
                        bundle.slug, f"briefs/{brief.id}", brief.title, "brief in review", brief.due
                    )
                )
        for change in bundle.changes:
            if change.status == "proposed":
                waiting.append(
                    ApprovalRow(
                        bundle.slug,
                        f"changes/{change.id}",
                        change.title,
                        "change request proposed",
                        change.requested_on,
                    )
                )
        for m in bundle.timeline.milestones if bundle.timeline else ():
            if m.approval and m.approval.sent and not m.approval.approved and not m.done:
                days = business_days_since(m.approval.sent, today)
                waiting.append(
                    ApprovalRow(
                        bundle.slug,
                        "timeline",
                        m.title,
                        f"milestone sent {days} business days ago",
                        m.approval.sent,
                    )
                )
        if not index.available:
            continue
        docs: list[model.Brief | model.ChangeRequest] = [*bundle.briefs, *bundle.changes]
        for doc in docs:
            approval = index.latest_approval(doc.path)
            if approval is None:
                continue
            folder = "briefs" if isinstance(doc, model.Brief) else "changes"
            when = approval.commit.date.date()
            if approval.stale:
                stale.append(
                    ApprovalRow(
                        bundle.slug,
                        f"{folder}/{doc.id}",
                        doc.title,
                        f"{approval.status} {approval.content_hash}, now {approval.current_hash}",
                        when,
                    )
                )
            if not approval.reviewed and start is not None and approval.commit.date >= start:
                unreviewed.append(
                    ApprovalRow(
                        bundle.slug,
                        f"{folder}/{doc.id}",
                        doc.title,
                        f"commit {approval.commit.short}",
                        when,
                    )
                )
    order = lambda r: (r.date or dt.date.max, r.account, r.title)  # noqa: E731
    return ApprovalsOverview(
        index.available,
        index.reason,
        tuple(sorted(waiting, key=order)),
        tuple(sorted(stale, key=order)),
        tuple(sorted(unreviewed, key=order)),
    )


def business_days_since(start: dt.date, today: dt.date) -> int:
    from aeportal.derive import business_days

    return business_days(start, today)
