"""Files as chains of versions: what each file held on which day."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .bodies import brief_sections
from .common import TODAY
from .files import (
    render_account,
    render_brief,
    render_change,
    render_meeting,
    render_note,
    render_relationship,
    render_report,
    render_timeline,
)
from .records import Account, Brief, Change, Meeting, Note, Person, Report
from .text import between, days, lower_first
from .words_documents import EDIT_MESSAGES, LOG_ENTRIES


@dataclass
class Version:
    date: dt.date
    prio: int  # order of versions of different files on the same day (references first)
    message: str
    author: str
    state: dict[str, Any] | None  # None: the file is renamed
    approval: Person | None = None  # the client approver this version records
    rejected: bool = False
    create: bool = False  # part of the commit that adds the account


Event = tuple[dt.date, int, int, tuple[Any, ...]]  # date, prio, rank on the same day, what


class Doc:
    """One file of an account and its versions, oldest first."""

    def __init__(
        self,
        acct: Account,
        kind: str,
        ident: str,
        render: Callable[[Account, dict[str, Any]], str],
        old: str | None = None,
    ) -> None:
        self.acct, self.kind, self.id, self.render, self.old = acct, kind, ident, render, old
        self.versions: list[Version] = []
        self.rename_at: int | None = None

    def path(self, ident: str) -> str:
        base = f"accounts/{self.acct.slug}"
        if self.kind in ("account", "timeline", "relationship"):
            return f"{base}/{self.kind}.yml"
        return f"{base}/{self.kind}/{ident}.md"

    def path_at(self, k: int) -> str:
        if self.old and self.rename_at is not None and k < self.rename_at:
            return self.path(self.old)
        return self.path(self.id)

    def add(self, date: dt.date, prio: int, message: str, author: str, **kw: Any) -> None:
        if self.versions:
            last = self.versions[-1]
            date = max(date, last.date)
            if date == last.date:
                prio = max(prio, last.prio)
        if "state" in kw and kw["state"] is None:
            self.rename_at = len(self.versions)
        self.versions.append(Version(date, prio, message, author, **kw))

    def text(self, k: int) -> str:
        state = self.versions[k].state
        assert state is not None
        return self.render(self.acct, state)


def in_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e[0], e[2]))


def account_docs(acct: Account) -> list[Doc]:
    """Every file of the account as a chain of versions in date order."""
    docs = [account_yml_doc(acct), timeline_doc(acct), relationship_doc(acct)]
    docs += [brief_doc(acct, b) for b in acct.briefs]
    docs += [change_doc(acct, c) for c in acct.changes]
    docs += [meeting_doc(acct, m) for m in acct.meetings]
    docs += [report_doc(acct, r) for r in acct.reports]
    docs += [note_doc(acct, n) for n in acct.notes]
    return docs


def account_yml_doc(acct: Account) -> Doc:
    doc = Doc(acct, "account", "account", render_account)
    author = acct.ae().id
    st: dict[str, Any] = {"received": frozenset(), "surveys": 0, "renewal": "not_started"}
    doc.add(acct.created, 0, "", acct.lead().id, state=st, create=True)
    events: list[Event] = []
    for k, (what, _owner, _due, received) in enumerate(acct.inputs):
        if received:
            events.append((received, 6, 0, ("input", k, what)))
    for k, (day, _pair) in enumerate(acct.surveys):
        events.append((day, 6, 1, ("survey", k + 1, day)))
    if acct.renewal_on:
        events.append((max(acct.renewal_on, acct.created + days(1)), 6, 2, ("renewal",)))
    for day, prio, _, ev in in_order(events):
        st = dict(st)
        if ev[0] == "input":
            st["received"] = st["received"] | {ev[1]}
            message = f"{acct.name}: client input received ({lower_first(ev[2])})"
        elif ev[0] == "survey":
            st["surveys"] = ev[1]
            message = f"{acct.name}: CSAT and NPS of {ev[2].isoformat()}"
        else:
            st["renewal"] = acct.renewal
            message = f"{acct.name}: renewal {acct.renewal.replace('_', ' ')}"
        doc.add(day, prio, message, author, state=st)
    return doc


def relationship_doc(acct: Account) -> Doc:
    """relationship.yml, written with the account and not changed after."""
    doc = Doc(acct, "relationship", "relationship", render_relationship)
    doc.add(acct.created, 0, "", acct.lead().id, state={}, create=True)
    return doc


def timeline_doc(acct: Account) -> Doc:
    doc = Doc(acct, "timeline", "timeline", render_timeline)
    author = acct.ae().id
    people = acct.people
    st: dict[str, Any] = {"milestones": {}, "risks": {}}
    doc.add(acct.created, 0, "", acct.lead().id, state=st, create=True)
    events: list[Event] = []
    for m in acct.milestones:
        for rank, what in enumerate(("sent", "approved", "done")):
            if getattr(m, what):
                events.append((getattr(m, what), 6, rank, (what, m)))
    for r in acct.risks:
        events.append((r.raised, 6, 3, ("risk", r)))
        if r.changed:
            events.append((r.changed, 6, 4, ("risk-status", r)))
    for day, prio, _, (what, x) in in_order(events):
        st = {"milestones": dict(st["milestones"]), "risks": dict(st["risks"])}
        approval = None
        if what in ("sent", "approved", "done"):
            st["milestones"][x.id] = {**st["milestones"].get(x.id, {}), what: getattr(x, what)}
            if what == "sent":
                message = f"Send milestone {x.id} for approval"
            elif what == "approved":
                approval = people[str(x.approver)]
                message = f"Milestone {x.id} approved by {approval.name}"
            else:
                message = f"Mark milestone {x.id} done"
        elif what == "risk":
            st["risks"][x.id] = "open"
            message = f"Add risk {x.id}"
        else:
            st["risks"][x.id] = x.status
            message = f"Risk {x.id}: {x.status}"
        doc.add(day, prio, message, author, state=st, approval=approval)
    return doc


def brief_doc(acct: Account, b: Brief) -> Doc:
    doc = Doc(acct, "briefs", b.id, render_brief, b.old_id)
    rng = random.Random(b.template * 7 + 1)
    sections = brief_sections(acct, b)
    shown = min(3, len(sections))  # a first draft has the first sections only
    st: dict[str, Any] = {
        "brief": b,
        "status": "draft",
        "revisions": (),
        "sections": sections,
        "choice": tuple([0] * shown + [-1] * (len(sections) - shown)),
        "approved_on": None,
        "delivered_on": None,
    }
    events: list[Event] = [(b.created, 2, 0, ("create",))]
    if b.review:
        events.append((b.review, 4, 1, ("review",)))
    events += [(day, 4, 2, ("revision", k, s)) for k, (day, s) in enumerate(b.revisions, 1)]
    events += [(day, 4, 3, ("edit",)) for day in b.edits]
    if b.first_approval and b.reopened:
        events.append((b.first_approval, 4, 4, ("approve", b.first_approval)))
        events.append((b.reopened, 4, 5, ("reopen",)))
    if b.approved_on:
        events.append((b.approved_on, 4, 6, ("approve", b.approved_on)))
    if b.produced:
        events.append((b.produced, 5, 7, ("status", "in_production")))
    if b.delivered_on:
        events.append((b.delivered_on, 5, 8, ("status", "delivered")))
    if b.cancelled:
        events.append((b.cancelled, 5, 8, ("status", "cancelled")))
    if b.stale_edit:
        events.append((b.stale_edit, 5, 9, ("edit",)))
    if b.renamed:
        events.append((b.renamed, 5, 10, ("rename",)))
    for day, prio, _, ev in in_order(events):
        what = ev[0]
        if what == "rename":
            doc.add(day, prio, f"Rename brief {b.old_id} to {b.id}", b.owner, state=None)
            continue
        st = dict(st)
        approval = None
        if what == "create":
            message = f"Add brief {b.id}"
        elif what == "review":
            st["status"], st["choice"] = "in_review", tuple([0] * len(sections))
            message = f"Send {b.id} for client review"
        elif what == "revision":
            st["revisions"] = (*st["revisions"], (day, ev[2]))
            st["choice"] = tweak(rng, st["choice"], sections)
            message = f"Revise {b.id} (round {ev[1]}): {lower_first(ev[2])}"
        elif what == "edit":
            before = tuple(max(c, 0) for c in st["choice"])
            st["choice"] = tweak(rng, before, sections)
            changed = next((i for i, c in enumerate(before) if c != st["choice"][i]), 0)
            message = EDIT_MESSAGES[changed % len(EDIT_MESSAGES)].format(id=b.id)
        elif what == "approve":
            st["status"], st["approved_on"] = "approved", ev[1]
            approval = acct.people[str(b.approved_by)]
            message = f"Approve brief {b.id}: {b.title}"
        elif what == "reopen":
            st["status"], st["approved_on"] = "in_review", None
            st["choice"] = tweak(rng, st["choice"], sections)
            message = f"Rework {b.id} after the client's comments; back to review"
        else:
            st["status"] = ev[1]
            if ev[1] == "delivered":
                st["delivered_on"] = b.delivered_on
            message = {
                "in_production": f"Move {b.id} to production",
                "delivered": f"Mark {b.id} delivered",
                "cancelled": f"Cancel {b.id}",
            }[ev[1]]
        create = what == "create" and b.deliverable
        doc.add(day, prio, message, b.owner, state=st, approval=approval, create=create)
    return doc


def tweak(
    rng: random.Random, choice: tuple[int, ...], sections: list[tuple[str, list[str]]]
) -> tuple[int, ...]:
    """The same body with one section switched to another of its texts."""
    options = [k for k, (_, texts) in enumerate(sections) if len(texts) > 1 and choice[k] >= 0]
    if not options:
        return choice
    k = rng.choice(options)
    out = list(choice)
    out[k] = (out[k] + 1) % len(sections[k][1])
    return tuple(out)


def change_doc(acct: Account, c: Change) -> Doc:
    doc = Doc(acct, "changes", c.id, render_change, c.old_id)
    author = acct.ae().id
    st: dict[str, Any] = {"change": c, "status": "proposed"}
    events: list[Event] = [(c.requested_on, 1, 0, ("create",))]
    if c.decided_on:
        events.append((c.decided_on, 3, 1, ("decide",)))
    if c.renamed:
        events.append((c.renamed, 3, 2, ("rename",)))
    for day, prio, _, ev in in_order(events):
        if ev[0] == "rename":
            doc.add(day, prio, f"Rename change request {c.old_id} to {c.id}", author, state=None)
        elif ev[0] == "create":
            doc.add(day, prio, f"Add change request {c.id}", author, state=st)
        elif c.status == "withdrawn":
            st = {**st, "status": c.status}
            doc.add(day, prio, f"Withdraw change request {c.id}", author, state=st)
        else:
            st = {**st, "status": c.status}
            verb = "Approve" if c.status == "approved" else "Reject"
            doc.add(
                day,
                prio,
                f"{verb} change request {c.id}: {c.title}",
                author,
                state=st,
                approval=acct.people[str(c.decided_by)],
                rejected=c.status == "rejected",
            )
    return doc


def meeting_doc(acct: Account, m: Meeting) -> Doc:
    doc = Doc(acct, "meetings", m.id, render_meeting, m.old_id)
    author = acct.ae().id
    written = min(m.date + days(1), TODAY)
    done = frozenset(k for k, a in enumerate(m.actions) if a.done and a.done <= written)
    answered = frozenset(
        k for k, x in enumerate(m.questions) if x.answered and x.answered <= written
    )
    st: dict[str, Any] = {"meeting": m, "done": done, "answered": answered, "extra": 0}
    events: list[Event] = [(written, 6, 0, ("create",))]
    events += [
        (a.done, 7, 1, ("done", k)) for k, a in enumerate(m.actions) if a.done and k not in done
    ]
    events += [
        (x.answered, 7, 1, ("answered", k))
        for k, x in enumerate(m.questions)
        if x.answered and k not in answered
    ]
    if len(m.notes) > 2 and written < TODAY:
        later = between(random.Random(m.id), written + days(1), TODAY)
        events.append((later, 7, 2, ("note",)))
    if m.renamed:
        events.append((max(m.renamed, written), 7, 3, ("rename",)))
    for day, prio, _, ev in in_order(events):
        if ev[0] == "rename":
            doc.add(day, prio, f"Rename meeting notes {m.old_id} to {m.id}", author, state=None)
            continue
        if ev[0] == "create":
            doc.add(day, prio, f"Add meeting notes {m.id}", author, state=st)
            continue
        st = dict(st)
        if ev[0] == "done":
            st["done"] = st["done"] | {ev[1]}
            message = f"Close an action item in {m.id}"
        elif ev[0] == "answered":
            st["answered"] = st["answered"] | {ev[1]}
            message = f"Record the answer to the open question in {m.id}"
        else:
            st["extra"] = 1
            message = f"Add a note to {m.id}"
        doc.add(day, prio, message, author, state=st)
    return doc


def report_doc(acct: Account, r: Report) -> Doc:
    doc = Doc(acct, "reports", r.id, render_report, r.old_id)
    author = acct.ae().id
    events: list[Event] = [(r.date, 6, 0, ("create",))]
    if r.final:
        events.append((r.final, 7, 1, ("final",)))
    if r.renamed:
        events.append((r.renamed, 7, 2, ("rename",)))
    for day, prio, _, ev in in_order(events):
        if ev[0] == "rename":
            doc.add(day, prio, f"Rename report {r.old_id} to {r.id}", author, state=None)
        elif ev[0] == "create":
            doc.add(day, prio, f"Add report {r.id}", author, state={"report": r, "final": False})
        else:
            st = {"report": r, "final": True}
            doc.add(day, prio, f"Finalize report {r.id} with notes per objective", author, state=st)
    return doc


def note_doc(acct: Account, n: Note) -> Doc:
    doc = Doc(acct, "internal", n.id, render_note)
    st: dict[str, Any] = {"note": n, "log": ()}
    create = n.date == acct.created
    doc.add(n.date, 6, f"Add internal note {n.id}", n.author, state=st, create=create)
    for day, entry in n.updates:
        append_log(doc, day, entry)
    return doc


def append_log(doc: Doc, day: dt.date, entry: str) -> None:
    last = doc.versions[-1].state
    assert last is not None
    n: Note = last["note"]
    state = {"note": n, "log": (*last["log"], (day, entry))}
    doc.add(day, 7, f"Update internal note {n.id}", n.author, state=state)


def log_entry(acct: Account, rng: random.Random) -> str:
    contact = acct.contacts[0].ref(acct.lang)
    return rng.choice(LOG_ENTRIES[acct.lang]).format(**acct.cx, contact=contact)
