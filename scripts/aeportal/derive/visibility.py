"""The client-visible model: what a client portal is allowed to start from.

Everything internal is removed here, before any template runs: documents under
internal/, documents, milestones and risks marked ``visibility: internal``, and
every ``internal:`` mapping.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from aeportal import model

R = TypeVar("R")


def _public(record: R) -> R:
    """The record without its ``internal:`` fields."""
    if getattr(record, "internal", None):
        return dataclasses.replace(record, internal={})  # type: ignore[type-var]
    return record


def _visible(records: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_public(r) for r in records if getattr(r, "visibility", "client") == "client")


def client_view(bundle: model.AccountBundle) -> model.AccountBundle:
    """The account as its client may see it."""
    changes = _visible(bundle.changes)
    change_ids = {c.id for c in changes}
    # A brief may rely on an internal change request: its id is internal too.
    briefs = tuple(
        dataclasses.replace(b, change=None) if b.change and b.change not in change_ids else b
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
    return dataclasses.replace(
        bundle,
        account=_public(bundle.account),
        timeline=timeline,
        briefs=briefs,
        changes=changes,
        meetings=meetings,
        reports=_visible(bundle.reports),
        notes=(),
    )


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
INTERNAL_PAGES = ("kpis.md",)
ACCOUNT_ASSETS = ("assets/aeportal.css", "assets/aeportal.js", "calendar.ics")


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
