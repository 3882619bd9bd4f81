"""The approval trail as users see it: diagnostics, and per-document history for pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aeportal import model
from aeportal.derive.calendar import account_calendars
from aeportal.diagnostics import Loc, Report, Severity
from aeportal.load.loader import find_accounts_dir
from aeportal.trail.history import (
    Approval,
    Commit,
    FileChange,
    FileDecision,
    HistoryIndex,
    Review,
    ReviewNote,
    build_index,
)


def read_history(path: Path, portfolio: model.Portfolio) -> HistoryIndex:
    """The history index of the repository at ``path``, with its briefs' and changes' approvals."""
    root, _folders = find_accounts_dir(path)
    documents = [
        Path(doc.path) for bundle in portfolio.accounts for doc in (*bundle.briefs, *bundle.changes)
    ]
    files = [Path(bundle.root, key) for bundle in portfolio.accounts for key in bundle.files]
    return build_index(root, documents, files)


# Trailers that name a person: shown only where that person belongs (see `concerning`).
PERSON_TRAILERS = frozenset({"approved-by", "rejected-by", "reviewed-by", "co-authored-by"})


@dataclass(frozen=True)
class Circle:
    """The people of one account as a trailer may name them: contacts and team."""

    emails: frozenset[str]
    names: frozenset[str]  # names and ids, folded
    # The team by forge login: (forge, folded login) → (name, role).
    logins: Mapping[tuple[str, str], tuple[str, str]] = dataclasses.field(default_factory=dict)

    def names_one(self, value: str) -> bool:
        """Whether a trailer value (``Name <e-mail>``, a name or an id) is one of these people.

        A value with an e-mail address is matched by the address only: a name alone
        could be another client's namesake.
        """
        value = value.strip()
        if value.endswith(">") and "<" in value:
            return value[value.rindex("<") + 1 : -1].strip().casefold() in self.emails
        return _fold(value) in self.names


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def circle(account: model.Account | None) -> Circle:
    """Who a trailer on this account's pages may name."""
    people: list[model.Contact | model.TeamMember] = (
        [*account.client.contacts, *account.team] if account is not None else []
    )
    logins = {
        (forge, login.casefold()): (t.name, t.role)
        for t in (account.team if account is not None else ())
        for forge, login in (("github", t.github), ("gitlab", t.gitlab))
        if login
    }
    return Circle(
        frozenset(p.email.casefold() for p in people if p.email),
        frozenset(_fold(n) for p in people for n in (p.name, p.id)),
        logins,
    )


@dataclass(frozen=True)
class ShownReview:
    """One reviewer's standing review of an approval's pull request, as a page shows it."""

    name: str  # the team member's name; internally, `@login` for anybody else
    role: str
    state: str  # APPROVED or CHANGES_REQUESTED
    date: dt.date | None


def shown_reviews(
    note: ReviewNote | None, people: Circle, audience: Literal["client", "internal"]
) -> tuple[ShownReview, ...]:
    """The reviews a page shows: a client sees approvals by the account's team only.

    The team's names and roles are on the client's overview page already; a login, a
    request for changes and anybody outside the team are agency matters.
    """
    if note is None:
        return ()
    shown = []
    for review in note.verdicts().values():
        member = people.logins.get((note.forge, review.login.casefold()))
        if audience == "client" and (member is None or review.state != "APPROVED"):
            continue
        name, role = member or (f"@{review.login}", "")
        shown.append(ShownReview(name, role, review.state, _day(review)))
    return tuple(sorted(shown, key=lambda r: (r.date or dt.date.min, r.name)))


def _day(review: Review) -> dt.date | None:
    return review.date.date() if review.date else None


def concerning(
    trailers: tuple[tuple[str, str], ...], people: Circle, keep_other: bool
) -> tuple[tuple[str, str], ...]:
    """The trailers of a commit that concern one account.

    A trailer naming a person is kept when the person is one of the account's; one
    commit may record approvals of several accounts, one trailer per client, and each
    account sees its own. ``keep_other`` keeps the trailers that name nobody
    (``Approval-via:``, ``Content-hash:``).
    """
    return tuple(
        (key, value)
        for key, value in trailers
        if (people.names_one(value) if key.lower() in PERSON_TRAILERS else keep_other)
    )


def account_approval(approval: Approval, people: Circle) -> Approval:
    """An approval with only the Approved-by:/Rejected-by: trailers naming the account's people."""
    own = tuple(v for v in approval.trailer_by if people.names_one(v))
    return approval if own == approval.trailer_by else dataclasses.replace(approval, trailer_by=own)


def review_start(index: HistoryIndex) -> dt.datetime | None:
    """When the main line started taking pull requests: the review policy applies from then."""
    merged = [
        index.commits[sha].date
        for sha, landing in index.landings.items()
        if landing.via == sha and landing.pr is not None
    ]
    return min(merged) if merged else None


@dataclass(frozen=True)
class ReviewProblem:
    """What the recorded reviews of an approval's pull request say against it."""

    code: str  # HIST002, HIST005 or HIST006
    message: str  # after "approved on DATE in commit SHA, "
    hint: str


def _states(note: ReviewNote) -> str:
    shown = [f"{r.login} {r.state.lower().replace('_', ' ')}" for r in note.verdicts().values()]
    return ", ".join(shown) or "none"


def review_problem(index: HistoryIndex, approval: Approval) -> ReviewProblem | None:
    """HIST002/005/006 from the review note of the pull request an approval landed through.

    Only an approval whose record is the pull request alone is judged: an ``Approved-by:``
    trailer of the account is the client's own word, whatever the review. Without a note
    (no reviews recorded, an unknown forge) nothing is said, as before notes existed.
    """
    note = index.review_note(approval.landing)
    if note is None or approval.trailer_by:
        return None
    approvals = note.approvals()
    if not approvals:
        return ReviewProblem(
            "HIST002",
            f"merged through {note.pr} without an approving review (reviews: {_states(note)})",
            "have the pull request reviewed and approved before it is merged; protect the "
            "main branch so that a merge needs an approving review",
        )
    author = (note.author or "").casefold()
    others = [r for r in approvals if r.login.casefold() != author]
    if not others:
        return ReviewProblem(
            "HIST005",
            f"merged through {note.pr}, approved only by its author {note.author}",
            "have someone other than the author approve; forbid authors approving their own "
            "merge requests in the project's approval settings",
        )
    head = note.head
    if head is None:  # the forge named no last commit: a merge's second parent is it
        merge = index.commits.get(approval.landing.via or "")
        head = merge.parents[1] if merge is not None and len(merge.parents) > 1 else None
    if head and all(r.commit and r.commit != head for r in others):
        seen = ", ".join(sorted({(r.commit or "")[:7] for r in others}))
        return ReviewProblem(
            "HIST006",
            f"merged through {note.pr} at commit {head[:7]}, but approved at {seen}",
            "ask for a new approving review after the last push; dismiss stale approvals "
            "when new commits are pushed (branch protection)",
        )
    return None


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
        people = circle(bundle.account)
        for doc in (*bundle.briefs, *bundle.changes):
            recorded = index.latest_approval(doc.path)
            if recorded is None:
                continue
            approval = account_approval(recorded, people)
            loc = doc.at("status")
            when = approval.commit.date.date().isoformat()
            if recorded.trailer_by and not approval.trailer_by:
                names = ", ".join(recorded.trailer_by)
                report.add(
                    "HIST004",
                    loc,
                    f"{approval.status} on {when} in commit {approval.commit.short}, whose "
                    f"trailer names nobody of this account ({names})",
                    "the trailer is not shown on this account's pages and does not count as "
                    "review; name the approver in client.contacts of account.yml, or record "
                    "each client's approval in a commit of its own with `aeportal approve`",
                )
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
            # A pull request's merge is on or after the start of the policy by definition.
            elif problem := review_problem(index, approval):
                report.add(
                    problem.code,
                    loc,
                    f"{approval.status} on {when} in commit {approval.commit.short}, "
                    + problem.message,
                    problem.hint,
                    # Approving one's own work is no review either.
                    Severity.ERROR if require_review and problem.code != "HIST006" else None,
                )


def _through(approval: Approval) -> str:
    if approval.landing.pr:
        return f", {approval.landing.pr}"
    if approval.trailer_by:
        return ", Approved-by: " + ", ".join(approval.trailer_by)
    return ""


class _Shown:
    """Commits as one account's audience may see them (see `doc_trail`), each made once."""

    def __init__(self, people: Circle, audience: Literal["client", "internal"]) -> None:
        self.people, self.internal = people, audience == "internal"
        self.shown: dict[str, Commit] = {}

    def __call__(self, commit: Commit) -> Commit:
        found = self.shown.get(commit.sha)
        if found is None:
            trailers = concerning(commit.trailers, self.people, keep_other=self.internal)
            found = self.shown[commit.sha] = (
                dataclasses.replace(commit, trailers=trailers)
                if self.internal
                else dataclasses.replace(commit, subject="", author="", email="", trailers=trailers)
            )
        return found


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
    # Per approval (by its commit): the reviews of the pull request it landed through.
    reviews: Mapping[str, tuple[ShownReview, ...]] = dataclasses.field(default_factory=dict)

    @property
    def latest(self) -> Approval | None:
        return self.approvals[-1] if self.approvals else None


def doc_trail(
    index: HistoryIndex,
    doc: model.Document,
    current_hash: str,
    people: Circle,
    audience: Literal["client", "internal"],
) -> DocTrail:
    """What the history says about one document of the account of ``people``, for an audience.

    Every commit in it (of its entries and approvals) keeps only the trailers naming
    the account's people; for the agency also the trailers that name no person, and
    for the client no subject and no author. A template cannot print what is not there.
    """
    if not index.available:
        return DocTrail(False, index.reason, (), (), current_hash)
    show = _Shown(people, audience)
    entries = tuple(
        Entry(c.date.date(), c.short, c.subject, c.author, index.landing(c.sha).pr, c.trailers)
        for c in (show(t.commit) for t in index.of(doc.path))
    )
    recorded = index.approvals.get(index.key(doc.path), ())
    approvals = tuple(
        dataclasses.replace(account_approval(a, people), commit=show(a.commit)) for a in recorded
    )
    reviews = {
        a.commit.sha: found
        for a in recorded
        if (found := shown_reviews(index.review_note(a.landing), people, audience))
    }
    return DocTrail(True, index.reason, entries, approvals, current_hash, reviews)


@dataclass(frozen=True)
class FileEntry:
    """One commit of a version's file: when that file was added, changed or renamed."""

    date: dt.date
    sha: str
    subject: str  # empty for a client
    author: str  # empty for a client
    pr: str | None
    change: str  # A, M, R (D: deleted)
    path: str  # the file's path in that commit
    sha256: str | None  # the content that commit brought
    size: int | None


@dataclass(frozen=True)
class FileTrail:
    """What the history says about one file of a version, for one audience."""

    available: bool
    reason: str
    entries: tuple[FileEntry, ...]  # newest first
    brought: FileEntry | None  # the commit that brought the content asked about
    decisions: tuple[FileDecision, ...]  # recorded decisions naming that content, oldest first


def file_trail(
    index: HistoryIndex,
    bundle: model.AccountBundle,
    key: str,
    people: Circle,
    audience: Literal["client", "internal"],
    sha256: str | None = None,
) -> FileTrail:
    """The commits of one asset file, and the commit and decisions of one of its contents.

    ``key`` is the file's key in ``bundle.files`` (``assets/kv/round-1.png``); ``sha256``
    the content asked about (a decision's hash of it), by default the file's current one.
    Commits are shown as in `doc_trail`: a client sees no subject, author or trailer
    naming anybody outside the account.
    """
    if not index.available:
        return FileTrail(False, index.reason, (), None, ())
    path = Path(bundle.root, key)
    if sha256 is None:
        found = bundle.files.get(key)
        sha256 = found.sha256 if found else ""
    show = _Shown(people, audience)

    def entry(change: FileChange) -> FileEntry:
        commit = show(change.commit)
        return FileEntry(
            commit.date.date(),
            commit.short,
            commit.subject,
            commit.author,
            index.landing(commit.sha).pr,
            change.change,
            change.path,
            change.sha256,
            change.size,
        )

    brought = index.brought(path, sha256)
    # Of each decision, only this content's line: a commit recording decisions of two
    # accounts names the other account's files too.
    decisions = tuple(
        dataclasses.replace(
            d, commit=show(d.commit), files=tuple(f for f in d.files if f[0] == sha256)
        )
        for d in index.decisions_on(path, sha256)
    )
    return FileTrail(
        True,
        index.reason,
        tuple(entry(c) for c in index.file_changes(path)),
        entry(brought) if brought else None,
        decisions,
    )


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
class ReviewRow:
    """An approval that landed through a pull request whose reviews are recorded."""

    account: str
    document: str
    title: str
    pr: str
    reviews: tuple[ShownReview, ...]
    problem: ReviewProblem | None
    date: dt.date


@dataclass(frozen=True)
class ApprovalsOverview:
    available: bool
    reason: str
    waiting: tuple[ApprovalRow, ...]
    stale: tuple[ApprovalRow, ...]
    unreviewed: tuple[ApprovalRow, ...]
    reviewed: tuple[ReviewRow, ...] = ()


def approvals_overview(
    index: HistoryIndex, portfolio: model.Portfolio, today: dt.date
) -> ApprovalsOverview:
    """Across accounts: what waits on clients, stale approvals, approvals without review."""
    waiting: list[ApprovalRow] = []
    stale: list[ApprovalRow] = []
    unreviewed: list[ApprovalRow] = []
    reviewed: list[ReviewRow] = []
    start = review_start(index) if index.available else None
    for bundle in portfolio.accounts:
        # A client's wait counts on the client's working days (holidays included).
        client_days = account_calendars(bundle, today).client
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
                days = client_days.business_days(m.approval.sent, today)
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
        people = circle(bundle.account)
        for doc in docs:
            recorded = index.latest_approval(doc.path)
            if recorded is None:
                continue
            approval = account_approval(recorded, people)
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
            note = index.review_note(approval.landing)
            if note is not None:
                reviewed.append(
                    ReviewRow(
                        bundle.slug,
                        f"{folder}/{doc.id}",
                        doc.title,
                        note.pr,
                        shown_reviews(note, people, "internal"),
                        review_problem(index, approval),
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
        tuple(sorted(reviewed, key=order)),
    )
