"""The client-visible model: what a client portal is allowed to start from.

Everything internal is removed here, before any template runs: documents under
internal/, documents, milestones, risks and versions of a deliverable marked
``visibility: internal``, every ``internal:`` mapping, the files under assets/
that only internal documents and versions name, the agency's measures of the relationship
(survey answers), and the relationship (relationship.yml and how the contract ended or
came about) but for the proposals shared with the client. ``client_status`` then keeps
only the health reasons about the work (``status.RELATIONSHIP_REASONS`` stay with the
agency).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

from aeportal import model
from aeportal.derive.status import AccountStatus, derive_status

R = TypeVar("R")


def _public(record: R) -> R:
    """The record without its ``internal:`` fields."""
    if getattr(record, "internal", None):
        return dataclasses.replace(record, internal={})  # type: ignore[type-var]
    return record


def _visible(records: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_public(r) for r in records if getattr(r, "visibility", "client") == "client")


D = TypeVar("D", model.Brief, model.ChangeRequest)
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)


def _client_versions(doc: D) -> D:
    """``doc`` without its internal versions (an internal review round, say).

    The versions keep their numbers: a decision names the number the agency wrote.
    Feedback done in an internal version counts as done in the next version the
    client saw (or open, until there is one).
    """
    if all(v.visibility == "client" for v in doc.versions):
        return doc
    shown = tuple(v for v in doc.versions if v.visibility == "client")
    numbers = sorted(v.version for v in shown)

    def seen(point: model.Feedback) -> model.Feedback:
        if point.done_in is None or point.done_in in numbers:
            return point
        later = next((n for n in numbers if n > point.done_in), None)
        return dataclasses.replace(point, done_in=later)

    versions = tuple(
        dataclasses.replace(v, feedback=tuple(seen(f) for f in v.feedback)) for v in shown
    )
    return dataclasses.replace(doc, versions=versions)


def _client_files(
    files: Mapping[str, model.VersionFile],
    versioned: Iterable[model.Brief | model.ChangeRequest],
    others: Iterable[model.Document],
) -> dict[str, model.VersionFile]:
    """The files under assets/ that the client's versions name or the client's bodies mention.

    Bodies are not parsed here (that is the build's Markdown parser's work): a file
    is kept when its path inside assets/ occurs in a visible body outside the AE's
    notes, as written or percent-encoded. A page publishes only the files it links, so
    a file kept for a mere mention is never published; one only internal documents
    and versions name is not kept.
    """
    versioned = list(versioned)
    named = model.named_files(versioned)
    # The AE's notes (HTML comments) are not shown to the client: a file named there is not.
    bodies = _COMMENT.sub("", "\n".join(doc.body for doc in (*versioned, *others)))
    kept = {}
    for key, found in files.items():
        inside = key.removeprefix(model.ASSETS + "/")
        if key in named or inside in bodies or quote(inside) in bodies:
            kept[key] = found
    return kept


def _client_account(account: model.Account | None) -> model.Account | None:
    """The account without its internal fields, its survey answers and how its contract
    ended or came about."""
    if account is None:
        return None
    contract = dataclasses.replace(account.contract, renews=None, outcome=None, lost_to=None)
    # Satisfaction, loyalty and effort answers are how the agency rates the relationship.
    return dataclasses.replace(_public(account), contract=contract, surveys=())


def _client_relationship(rel: model.Relationship | None) -> model.Relationship | None:
    """Only the proposals marked ``visibility: client``: the rest of the relationship
    (earlier contracts, complaints, referrals, expansions) is the agency's alone."""
    if rel is None:
        return None
    shown = _visible(rel.proposals)
    if not shown:
        return None
    return model.Relationship(proposals=shown, loc=rel.loc)


def client_view(bundle: model.AccountBundle) -> model.AccountBundle:
    """The account as its client may see it."""
    changes = tuple(_client_versions(c) for c in _visible(bundle.changes))
    change_ids = {c.id for c in changes}
    # A brief may rely on an internal change request: its id is internal too.
    briefs = tuple(
        _client_versions(
            dataclasses.replace(b, change=None) if b.change and b.change not in change_ids else b
        )
        for b in _visible(bundle.briefs)
    )
    visible_docs = {b.id for b in briefs} | change_ids
    meetings = tuple(
        dataclasses.replace(
            m, approvals=tuple(a for a in m.approvals if a.document in visible_docs)
        )
        for m in _visible(bundle.meetings)
    )
    timeline = bundle.timeline
    if timeline is not None:
        milestones = _visible(timeline.milestones)
        brief_ids = {b.id for b in briefs}
        milestone_ids = {m.id for m in milestones}
        # Ids of internal briefs and milestones are internal too.
        milestones = tuple(
            dataclasses.replace(
                m,
                deliverables=tuple(d for d in m.deliverables if d in brief_ids),
                depends_on=tuple(d for d in m.depends_on if d in milestone_ids),
            )
            for m in milestones
        )
        timeline = dataclasses.replace(
            timeline, milestones=milestones, risks=_visible(timeline.risks)
        )
    reports = _visible(bundle.reports)
    return dataclasses.replace(
        bundle,
        account=_client_account(bundle.account),
        timeline=timeline,
        relationship=_client_relationship(bundle.relationship),
        briefs=briefs,
        changes=changes,
        meetings=meetings,
        reports=reports,
        notes=(),
        files=_client_files(bundle.files, (*briefs, *changes), (*meetings, *reports)),
        # Team members' leave is internal: no figure a client sees may move with it.
        calendar=dataclasses.replace(bundle.calendar, leave=()) if bundle.calendar else None,
    )


def client_status(bundle: model.AccountBundle, today: dt.date) -> AccountStatus:
    """The status a client's portal and e-mail show: its visible work, delivery reasons only."""
    return derive_status(client_view(bundle), today).for_client()


# The folder of each kind of document in a portal (notes come from internal/ but are
# shown under notes/, in the agency's portals only).
PAGE_FOLDERS: tuple[tuple[str, type], ...] = (
    ("briefs", model.Brief),
    ("changes", model.ChangeRequest),
    ("meetings", model.Meeting),
    ("reports", model.Report),
    ("notes", model.Note),
)
# Files every account portal holds besides its documents (render.render_account).
ACCOUNT_PAGES = ("index.md", "timeline.md", "scope.md")
INTERNAL_PAGES = ("kpis.md", "relationship/index.md", "trends/index.md")
ACCOUNT_ASSETS = (
    "assets/aeportal.css",
    "assets/aeportal.js",
    "assets/search.css",
    "assets/search.js",
    "calendar.ics",
)


def page_path(doc: model.Document) -> str:
    """Where a document's page is in a portal, e.g. ``briefs/launch-post.md``."""
    folder = next(name for name, kind in PAGE_FOLDERS if isinstance(doc, kind))
    return f"{folder}/{doc.id}.md"


def portal_files(bundle: model.AccountBundle, internal: bool) -> frozenset[str]:
    """Every file of an account's portal for the agency (``internal``) or the client."""
    shown = bundle if internal else client_view(bundle)
    docs: list[model.Document] = [
        *shown.briefs,
        *shown.changes,
        *shown.meetings,
        *shown.reports,
        *(shown.notes if internal else ()),
    ]
    files = {*ACCOUNT_PAGES, *ACCOUNT_ASSETS, *(INTERNAL_PAGES if internal else ())}
    for doc in docs:
        files.add(page_path(doc))
        files.add(page_path(doc).rsplit("/", 1)[0] + "/index.md")
    return frozenset(files)
