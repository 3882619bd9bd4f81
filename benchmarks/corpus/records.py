"""The records of a plan: people, milestones, documents, the account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .text import slugify
from .words_people import AGENCY


@dataclass
class Person:
    id: str
    name: str
    given: str
    female: bool
    email: str
    role: str = ""
    phone: str | None = None
    approver: bool = False
    function: str = ""

    def ref(self, lang: str) -> str:
        """How the team speaks of this person: "chị Lan", "anh Hùng", "Dana"."""
        if lang == "vi":
            return f"{'chị' if self.female else 'anh'} {self.given}"
        return self.given

    @property
    def ident(self) -> str:
        return f"{self.name} <{self.email}>"


def _staff(ident: str, name: str, female: bool, function: str, vi: bool) -> Person:
    words = name.split()
    given, family = (words[-1], words[0]) if vi else (words[0], words[-1])
    email = f"{slugify(given)}.{slugify(family)}@agency.example"
    return Person(ident, name, given, female, email, function=function)


STAFF = {row[0]: _staff(*row) for row in AGENCY}
VI_STAFF = [row[0] for row in AGENCY if row[4]]


@dataclass
class Milestone:
    id: str
    title: str
    phase: str
    owner: str
    start: dt.date
    due: dt.date
    depends_on: list[str] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)
    approver: str | None = None
    sent: dt.date | None = None
    approved: dt.date | None = None
    done: dt.date | None = None
    internal: dict[str, object] = field(default_factory=dict)


@dataclass
class Brief:
    id: str
    title: str
    scope: str | None
    quantity: int
    owner: str
    due: dt.date
    objectives: list[str]
    created: dt.date
    template: int
    product: str = ""
    status: str = "draft"
    change: str | None = None
    deliverable: bool = False
    review: dt.date | None = None
    revisions: list[tuple[dt.date, str]] = field(default_factory=list)
    edits: list[dt.date] = field(default_factory=list)
    approved_by: str | None = None
    approved_on: dt.date | None = None
    first_approval: dt.date | None = None  # approved once, reworked, approved again
    reopened: dt.date | None = None
    produced: dt.date | None = None
    delivered_on: dt.date | None = None
    cancelled: dt.date | None = None
    stale_edit: dt.date | None = None  # changed after its approval, not approved again
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)
    old_id: str | None = None
    renamed: dt.date | None = None
    referenced: bool = False


@dataclass
class Change:
    id: str
    title: str
    requested_by: str
    requested_on: dt.date
    scope: str
    quantity: int
    cost: int
    impact: int
    status: str
    reason: str
    decided_by: str | None = None
    decided_on: dt.date | None = None
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)
    old_id: str | None = None
    renamed: dt.date | None = None
    referenced: bool = False


@dataclass
class Action:
    task: str
    owner: str
    due: dt.date
    done: dt.date | None


@dataclass
class Question:
    question: str
    owner: str
    due: dt.date
    answered: dt.date | None


@dataclass
class Meeting:
    id: str
    title: str
    date: dt.date
    kind: str  # kickoff, status, review, internal
    attendees: list[str]
    decisions: list[str]
    questions: list[Question]
    actions: list[Action]
    approvals: list[tuple[str, str]]
    notes: list[str]
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)
    old_id: str | None = None
    renamed: dt.date | None = None


@dataclass
class Report:
    id: str
    title: str
    date: dt.date
    period_start: dt.date
    period_end: dt.date
    results: list[tuple[str, float, str]]
    final: dt.date | None
    visibility: str = "client"
    old_id: str | None = None
    renamed: dt.date | None = None


@dataclass
class Note:
    id: str
    title: str
    date: dt.date
    author: str
    bullets: list[str]
    updates: list[tuple[dt.date, str]] = field(default_factory=list)
    internal: dict[str, object] = field(default_factory=dict)
    heading: str = ""


@dataclass
class Risk:
    id: str
    title: str
    impact: str
    owner: str
    mitigation: str
    raised: dt.date
    status: str
    changed: dt.date | None
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)


@dataclass
class Account:
    index: int
    slug: str
    lang: str
    name: str
    company: str
    domain: str
    cx: dict[str, str]
    contacts: list[Person]
    team: list[Person]
    approvers: list[str]
    sla_days: int
    contract_id: str
    start: dt.date
    end: dt.date
    value: int
    currency: str
    renewal: str
    renewal_on: dt.date | None
    created: dt.date
    channel: str = ""
    objectives: list[dict[str, Any]] = field(default_factory=list)
    scope: list[dict[str, Any]] = field(default_factory=list)
    inputs: list[tuple[str, str, dt.date, dt.date | None]] = field(default_factory=list)
    surveys: list[tuple[dt.date, list[dict[str, object]]]] = field(default_factory=list)
    internal: dict[str, object] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def people(self) -> dict[str, Person]:
        return {p.id: p for p in (*self.contacts, *self.team)}

    def member(self, function: str) -> Person:
        found = [p for p in self.team if p.function == function]
        return found[0] if found else self.member("ae")

    def lead(self) -> Person:
        return self.member("lead")

    def ae(self) -> Person:
        return self.member("ae")
