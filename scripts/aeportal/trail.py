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
