"""Status, scope usage and KPIs: pure functions of the model and ``today``.

Nothing here reads files or formats text for people; words come from
``render/i18n.py`` so that the same facts read in Vietnamese and English.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from aeportal import model
from aeportal.derive import metrics
from aeportal.derive.calendar import Calendars, WorkCalendar, account_calendars

DUE_SOON_BUSINESS_DAYS = 5  # a working week of the side that must act
RECENT_DAYS = 14
NEXT_DAYS = 21
RED_OVERDUE_BUSINESS_DAYS = 5  # a working week late turns an account red
RENEWAL_HORIZON_DAYS = 90
CONTRACT_WARNING_DAYS = 30
LOW_CSAT_SHARE = 0.7  # below 70% of the scale (3.5 of 5) a CSAT is a red flag
# Reasons that judge the relationship rather than report the work: the agency's view of
# satisfaction and renewal. They count in the agency's health only; a client's portal
# speaks of milestones, approvals, inputs, shared risks and scope (docs/portals.md).
RELATIONSHIP_REASONS = frozenset({"contract_ending", "csat_low", "csat_falling"})

MilestoneStatus = Literal["done", "overdue", "due_soon", "in_progress", "planned"]
Health = Literal["green", "amber", "red"]


def revision_rounds(brief: model.Brief | model.ChangeRequest) -> int:
    """Revision rounds a deliverable has taken: each version the client saw after the
    first is one, and so is each round of ``revisions:`` (the older way to count them)."""
    written = max((r.round for r in getattr(brief, "revisions", ())), default=0)
    shown = sum(1 for v in brief.versions if v.visibility == "client")
    return max(written, shown - 1)


def business_days(start: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start), on
    ``calendar`` (weekdays only when none is given)."""
    return (calendar or WorkCalendar()).business_days(start, end)


@dataclass(frozen=True)
class MilestoneState:
    milestone: model.Milestone
    status: MilestoneStatus
    late_days: int  # done: days after due (0 = on time); open: days past due
    projected_due: dt.date
    slip_days: int  # projected_due - due, from its own delay or its dependencies'
    waiting_on_client: bool = False
    waiting_days: int = 0  # the client's working days since the approval request
    past_sla: bool = False
    late_business_days: int = 0  # open and overdue: the owner's working days past due

    @property
    def on_time(self) -> bool | None:
        return None if self.status != "done" else self.late_days == 0


def milestone_states(
    milestones: Sequence[model.Milestone],
    today: dt.date,
    sla_days: int,
    calendars: Calendars | None = None,
) -> dict[str, MilestoneState]:
    """The state of every milestone, with slips carried through dependencies.

    Agency work counts on its owner's calendar (the agency's, with the owner's leave): the
    due-soon window and the working days a late dependency pushes a milestone by. An
    approval's wait counts on the client's calendar. Without ``calendars``, weekdays only.
    """
    cals = calendars or Calendars()
    by_id = {m.id: m for m in milestones}
    states: dict[str, MilestoneState] = {}

    def state(m: model.Milestone, trail: frozenset[str]) -> MilestoneState:
        if m.id in states:
            return states[m.id]
        if m.done is not None:
            late = max(0, (m.done - m.due).days)
            result = MilestoneState(m, "done", late, m.done, (m.done - m.due).days)
            states[m.id] = result
            return result
        own_slip = max(0, (today - m.due).days)
        work = cals.of(m.owner)
        # An overdue milestone can be done on the owner's next working day at the earliest.
        projected = work.next_working(today) if own_slip else m.due
        for dep_id in m.depends_on:
            dep = by_id.get(dep_id)
            if dep is None or dep_id in trail:  # cycles are reported by validate
                continue
            dep_state = state(dep, trail | {m.id})
            # Work is planned to start the day after `ready`; only the dependency's delay
            # beyond that plan (and beyond its own due date: planned overlap is no delay)
            # pushes this milestone.
            # The delay is counted in working days and carried over the owner's calendar: a
            # week of holidays in the way moves the projected date by more than a week.
            ready = m.start - dt.timedelta(days=1) if m.start else dep.due
            pushed = work.business_days(max(ready, dep.due), dep_state.projected_due)
            projected = max(projected, work.add(m.due, pushed))
        slip = (projected - m.due).days
        if m.due < today:
            status: MilestoneStatus = "overdue"
        elif work.business_days(today, m.due) <= DUE_SOON_BUSINESS_DAYS:
            status = "due_soon"
        elif m.start is not None and m.start <= today:
            status = "in_progress"
        else:
            status = "planned"
        waiting = waited = 0
        ap = m.approval
        if ap is not None and ap.sent is not None and ap.approved is None:
            waiting = 1
            waited = cals.client.business_days(ap.sent, today)
        result = MilestoneState(
            m,
            status,
            own_slip,
            projected,
            slip,
            waiting_on_client=bool(waiting),
            waiting_days=waited,
            past_sla=waited > sla_days,
            late_business_days=work.business_days(m.due, today),
        )
        states[m.id] = result
        return result

    for m in milestones:
        state(m, frozenset())
    return states


@dataclass(frozen=True)
class ScopeUsage:
    item: model.ScopeItem
    contracted: int  # contract quantity plus approved additions
    added: int  # from approved change requests
    used: int  # non-cancelled briefs, pending ones excluded
    pending: int  # briefs waiting on a proposed change request
    proposed: int  # quantity in proposed change requests
    revision_rounds_used: int  # the most rounds any brief of this item took
    briefs_over_rounds: tuple[str, ...] = ()

    @property
    def remaining(self) -> int:
        return max(0, self.contracted - self.used)

    @property
    def overrun(self) -> int:
        return max(0, self.used - self.contracted)

    @property
    def share(self) -> float:
        return self.used / self.contracted if self.contracted else 0.0


def scope_usage(bundle: model.AccountBundle) -> list[ScopeUsage]:
    """Contracted, added, used and remaining quantity per scope item."""
    assert bundle.account is not None
    changes = {c.id: c for c in bundle.changes}
    added: dict[str, int] = {}
    proposed: dict[str, int] = {}
    for c in bundle.changes:
        target = added if c.status == "approved" else proposed if c.status == "proposed" else None
        if target is not None:
            for add in c.adds:
                target[add.scope] = target.get(add.scope, 0) + add.quantity
    out = []
    for item in bundle.account.scope:
        used = pending = rounds = 0
        over: list[str] = []
        for b in bundle.briefs:
            if b.scope != item.id or b.status == "cancelled":
                continue
            change = changes.get(b.change) if b.change else None
            if change is not None and change.status == "proposed":
                pending += b.quantity
            elif change is None or change.status == "approved":
                used += b.quantity
            brief_rounds = revision_rounds(b)
            rounds = max(rounds, brief_rounds)
            if brief_rounds > item.revision_rounds:
                over.append(b.id)
        out.append(
            ScopeUsage(
                item,
                item.quantity + added.get(item.id, 0),
                added.get(item.id, 0),
                used,
                pending,
                proposed.get(item.id, 0),
                rounds,
                tuple(over),
            )
        )
    return out


# --- what the client must do -------------------------------------------------


@dataclass(frozen=True)
class Need:
    """Something the agency is waiting for from the client."""

    kind: Literal["action", "input", "approval", "question"]
    text: str
    owner: str | None
    due: dt.date | None
    since: dt.date | None = None  # when it was asked, for approvals
    late: bool = False
    ref: str = ""  # id of the document or milestone it is about


@dataclass(frozen=True)
class Item:
    """A dated line of a status update (done, in progress, next)."""

    kind: Literal["milestone", "brief", "action"]
    ref: str
    text: str
    owner: str | None
    date: dt.date | None
    status: str = ""
    late_days: int = 0


@dataclass(frozen=True)
class Reason:
    """Why an account has its health, as a code and its facts (worded by i18n)."""

    level: Health
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def delivery(self) -> bool:
        """Whether this reason is about the work (shown to the client), not the relationship."""
        return self.code not in RELATIONSHIP_REASONS


@dataclass(frozen=True)
class Kpis:
    milestones_done: int
    milestones_on_time: int
    on_time_rate: float | None
    mean_revision_rounds: float | None
    deliverables_counted: int
    approvals_measured: int
    mean_approval_days: float | None
    approvals_within_sla: int
    sla_days: int
    changes_total: int
    changes_approved: int
    changes_proposed: int
    approved_change_value: float
    proposed_change_value: float
    currency: str
    open_risks: int
    escalations: int
    csat: float | None  # metrics.current_score: each respondent's latest answer this year
    csat_scale: float
    csat_trend: float | None
    nps: float | None  # -100 to 100, metrics.net_promoter_score of the same answers
    nps_trend: float | None
    ces: float | None
    ces_scale: float
    days_to_contract_end: int
    renewal: str


@dataclass(frozen=True)
class AccountStatus:
    """Everything derived for one account on one day."""

    bundle: model.AccountBundle
    today: dt.date
    health: Health
    reasons: tuple[Reason, ...]
    milestones: Mapping[str, MilestoneState]
    done: tuple[Item, ...]
    in_progress: tuple[Item, ...]
    next_steps: tuple[Item, ...]
    overdue: tuple[Item, ...]
    risks: tuple[model.Risk, ...]
    needs: tuple[Need, ...]
    scope: tuple[ScopeUsage, ...]
    kpis: Kpis
    calendars: Calendars = field(default_factory=Calendars)  # whose days count, and days off
    # The health from delivery reasons only: what the client's portal shows.
    delivery_health: Health = "green"
    delivery_reasons: tuple[Reason, ...] = ()

    @property
    def account(self) -> model.Account:
        assert self.bundle.account is not None
        return self.bundle.account

    def for_client(self) -> AccountStatus:
        """This status as a client sees it: health and reasons of the work only.

        The colour comes from the delivery reasons too: a red badge over amber reasons
        would tell the client that a judgement it cannot read is behind it.
        """
        return dataclasses.replace(self, health=self.delivery_health, reasons=self.delivery_reasons)


def kpis(
    bundle: model.AccountBundle,
    states: Mapping[str, MilestoneState],
    today: dt.date,
    calendars: Calendars | None = None,
) -> Kpis:
    """Per-account KPIs; approval turnaround in the client's working days."""
    a = bundle.account
    assert a is not None
    client_days = (calendars or Calendars()).client
    done = [s for s in states.values() if s.status == "done"]
    on_time = sum(1 for s in done if s.on_time)
    delivered = [b for b in bundle.briefs if b.status == "delivered"]
    rounds = [revision_rounds(b) for b in delivered]
    turnarounds = [
        client_days.business_days(m.approval.sent, m.approval.approved)
        for m in (s.milestone for s in states.values())
        if m.approval and m.approval.sent and m.approval.approved
    ]
    sla = a.approval.sla_days
    csat = metrics.current_score(a.surveys, "csat", today)
    nps = metrics.current_score(a.surveys, "nps", today)
    ces = metrics.current_score(a.surveys, "ces", today)
    risks = bundle.timeline.risks if bundle.timeline else ()
    return Kpis(
        milestones_done=len(done),
        milestones_on_time=on_time,
        on_time_rate=on_time / len(done) if done else None,
        mean_revision_rounds=statistics.fmean(rounds) if rounds else None,
        deliverables_counted=len(rounds),
        approvals_measured=len(turnarounds),
        mean_approval_days=statistics.fmean(turnarounds) if turnarounds else None,
        approvals_within_sla=sum(1 for t in turnarounds if t <= sla),
        sla_days=sla,
        changes_total=len(bundle.changes),
        changes_approved=sum(1 for c in bundle.changes if c.status == "approved"),
        changes_proposed=sum(1 for c in bundle.changes if c.status == "proposed"),
        approved_change_value=sum(c.cost for c in bundle.changes if c.status == "approved"),
        proposed_change_value=sum(c.cost for c in bundle.changes if c.status == "proposed"),
        currency=a.contract.currency,
        open_risks=sum(1 for r in risks if r.status in ("open", "escalated")),
        escalations=sum(1 for r in risks if r.status == "escalated"),
        csat=csat.value,
        csat_scale=csat.scale,
        csat_trend=csat.trend,
        nps=nps.value,
        nps_trend=nps.trend,
        ces=ces.value,
        ces_scale=ces.scale,
        days_to_contract_end=(a.contract.end - today).days,
        renewal=a.contract.renewal,
    )


def _needs(
    bundle: model.AccountBundle,
    states: Mapping[str, MilestoneState],
    today: dt.date,
    calendars: Calendars,
) -> list[Need]:
    a = bundle.account
    assert a is not None
    contacts = {c.id for c in a.client.contacts}
    needs: list[Need] = []
    for s in states.values():
        m = s.milestone
        if s.waiting_on_client and m.approval:
            sent = m.approval.sent
            due = calendars.client.add(sent, a.approval.sla_days) if sent else None
            needs.append(Need("approval", m.title, m.approval.by, due, sent, s.past_sla, m.id))
    for b in bundle.briefs:
        if b.status == "in_review":
            needs.append(
                Need("approval", b.title, None, b.due, None, bool(b.due and b.due < today), b.id)
            )
    for item in a.inputs:
        if item.received is None:
            needs.append(Need("input", item.item, item.owner, item.due, None, item.due < today))
    for meeting in bundle.meetings:
        for action in meeting.actions:
            if action.done is None and action.owner in contacts:
                late = bool(action.due and action.due < today)
                needs.append(
                    Need(
                        "action",
                        action.task,
                        action.owner,
                        action.due,
                        meeting.date,
                        late,
                        meeting.id,
                    )
                )
        for q in meeting.open_questions:
            if q.answered is None and q.owner in contacts:
                late = bool(q.due and q.due < today)
                needs.append(
                    Need("question", q.question, q.owner, q.due, meeting.date, late, meeting.id)
                )
    needs.sort(key=lambda n: (not n.late, n.due or dt.date.max, n.text))
    return needs


def _health(
    status_parts: dict[str, Any], bundle: model.AccountBundle, today: dt.date
) -> list[Reason]:
    """Every reason the account is not on track, delivery and relationship alike."""
    a = bundle.account
    assert a is not None
    reasons: list[Reason] = []
    states: Mapping[str, MilestoneState] = status_parts["states"]
    for s in sorted(states.values(), key=lambda s: s.milestone.due):
        if s.status == "overdue":
            # Working days late, on the owner's calendar: a week of Tết is no week of delay.
            late = s.late_business_days > RED_OVERDUE_BUSINESS_DAYS
            level: Health = "red" if late else "amber"
            reasons.append(
                Reason(
                    level,
                    "milestone_overdue",
                    {"title": s.milestone.title, "days": s.late_days, "due": s.milestone.due},
                )
            )
        if s.past_sla:
            reasons.append(
                Reason(
                    "amber",
                    "approval_past_sla",
                    {
                        "title": s.milestone.title,
                        "days": s.waiting_days,
                        "sla": a.approval.sla_days,
                    },
                )
            )
    for item in a.inputs:
        if item.received is None and item.due < today:
            reasons.append(
                Reason("amber", "input_late", {"item": item.item, "days": (today - item.due).days})
            )
    risks = bundle.timeline.risks if bundle.timeline else ()
    for r in risks:
        if r.status == "escalated":
            reasons.append(Reason("red", "risk_escalated", {"title": r.title}))
        elif r.status == "open" and r.impact == "high":
            reasons.append(Reason("amber", "risk_high", {"title": r.title}))
    for u in status_parts["scope"]:
        if u.overrun:
            reasons.append(Reason("red", "scope_overrun", {"name": u.item.name, "over": u.overrun}))
        elif u.contracted and u.share >= 0.9:
            reasons.append(
                Reason(
                    "amber",
                    "scope_nearly_used",
                    {"name": u.item.name, "used": u.used, "contracted": u.contracted},
                )
            )
    days_left = (a.contract.end - today).days
    if 0 <= days_left <= CONTRACT_WARNING_DAYS and a.contract.renewal not in ("renewed",):
        reasons.append(
            Reason(
                "amber",
                "contract_ending",
                {"days": days_left, "end": a.contract.end, "renewal": a.contract.renewal},
            )
        )
    k: Kpis = status_parts["kpis"]
    if k.csat is not None and k.csat < LOW_CSAT_SHARE * k.csat_scale:
        reasons.append(Reason("red", "csat_low", {"score": k.csat, "scale": k.csat_scale}))
    elif k.csat_trend is not None and k.csat_trend < 0:
        reasons.append(Reason("amber", "csat_falling", {"score": k.csat, "trend": k.csat_trend}))
    return reasons


def _rated(reasons: list[Reason]) -> tuple[Health, list[Reason]]:
    """The health that ``reasons`` give: red if any is red, amber if any, else green."""
    if any(r.level == "red" for r in reasons):
        return "red", reasons
    if reasons:
        return "amber", reasons
    return "green", [Reason("green", "on_track")]


def derive_status(bundle: model.AccountBundle, today: dt.date) -> AccountStatus:
    """The status of one account on ``today``."""
    a = bundle.account
    assert a is not None, "derive_status needs a loaded account.yml"
    milestones = bundle.timeline.milestones if bundle.timeline else ()
    calendars = account_calendars(bundle, today)
    states = milestone_states(milestones, today, a.approval.sla_days, calendars)
    usage = scope_usage(bundle)
    k = kpis(bundle, states, today, calendars)
    recent = today - dt.timedelta(days=RECENT_DAYS)
    done: list[Item] = []
    in_progress: list[Item] = []
    next_steps: list[Item] = []
    overdue: list[Item] = []
    planned: list[Item] = []
    for s in states.values():
        m = s.milestone
        item = Item("milestone", m.id, m.title, m.owner, m.done or m.due, s.status, s.late_days)
        if s.status == "done":
            if m.done and m.done >= recent:
                done.append(item)
        elif s.status == "overdue":
            overdue.append(item)
            in_progress.append(item)
        elif s.status in ("due_soon", "in_progress"):
            in_progress.append(item)
        else:
            planned.append(item)
    # Next steps: what is planned in the coming weeks, or at least the next milestone.
    planned.sort(key=lambda i: (i.date or dt.date.max, i.text))
    horizon = today + dt.timedelta(days=NEXT_DAYS)
    next_steps.extend(i for i in planned if i.date and i.date <= horizon)
    if not next_steps and planned:
        next_steps.append(planned[0])
    for b in bundle.briefs:
        if b.status == "delivered" and b.delivered_on and b.delivered_on >= recent:
            done.append(Item("brief", b.id, b.title, b.owner, b.delivered_on, b.status))
        elif b.status in ("in_production", "in_review"):
            late = (today - b.due).days if b.due and b.due < today else 0
            in_progress.append(Item("brief", b.id, b.title, b.owner, b.due, b.status, late))
        elif (
            b.status in ("draft", "approved")
            and b.due
            and b.due <= today + dt.timedelta(days=NEXT_DAYS)
        ):
            next_steps.append(Item("brief", b.id, b.title, b.owner, b.due, b.status))
    team = {t.id for t in a.team}
    for meeting in bundle.meetings:
        for action in meeting.actions:
            if action.done is None and action.owner in team:
                late = (today - action.due).days if action.due and action.due < today else 0
                next_steps.append(
                    Item("action", meeting.id, action.task, action.owner, action.due, "open", late)
                )
    by_date = lambda i: (i.date or dt.date.max, i.text)  # noqa: E731
    risks = tuple(
        r
        for r in (bundle.timeline.risks if bundle.timeline else ())
        if r.status in ("open", "escalated")
    )
    found = _health({"states": states, "scope": usage, "kpis": k}, bundle, today)
    health, reasons = _rated(found)
    delivery_health, delivery_reasons = _rated([r for r in found if r.delivery])
    return AccountStatus(
        bundle=bundle,
        today=today,
        health=health,
        reasons=tuple(reasons),
        milestones=states,
        done=tuple(sorted(done, key=by_date, reverse=True)),
        in_progress=tuple(sorted(in_progress, key=by_date)),
        next_steps=tuple(sorted(next_steps, key=by_date)),
        overdue=tuple(sorted(overdue, key=by_date)),
        risks=tuple(
            sorted(
                risks,
                key=lambda r: (r.status != "escalated", ("high", "medium", "low").index(r.impact)),
            )
        ),
        needs=tuple(_needs(bundle, states, today, calendars)),
        scope=tuple(usage),
        kpis=k,
        calendars=calendars,
        delivery_health=delivery_health,
        delivery_reasons=tuple(delivery_reasons),
    )


# --- portfolio ---------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    account: str
    person: str
    kind: str
    text: str
    due: dt.date
    ref: str


@dataclass(frozen=True)
class PortfolioStatus:
    today: dt.date
    accounts: tuple[AccountStatus, ...]
    on_time_rate: float | None
    mean_revision_rounds: float | None
    approvals_within_sla_rate: float | None
    changes_total: int
    approved_change_value: Mapping[str, float]
    open_risks: int
    escalations: int
    mean_csat_share: float | None
    net_promoter_score: float | None  # -100 to 100, see metrics.net_promoter_score()
    nps_answers: int
    renewals: tuple[AccountStatus, ...]
    overdue: tuple[tuple[str, Item], ...]
    deadlines: Mapping[str, tuple[Deadline, ...]]


def derive_portfolio(statuses: Sequence[AccountStatus], today: dt.date) -> PortfolioStatus:
    """Portfolio KPIs, renewals, overdue items and deadlines per team member."""
    done = sum(s.kpis.milestones_done for s in statuses)
    on_time = sum(s.kpis.milestones_on_time for s in statuses)
    rounds_n = sum(s.kpis.deliverables_counted for s in statuses)
    rounds_sum = sum(
        (s.kpis.mean_revision_rounds or 0) * s.kpis.deliverables_counted for s in statuses
    )
    measured = sum(s.kpis.approvals_measured for s in statuses)
    within = sum(s.kpis.approvals_within_sla for s in statuses)
    value: dict[str, float] = {}
    for s in statuses:
        if s.kpis.approved_change_value:
            value[s.kpis.currency] = value.get(s.kpis.currency, 0) + s.kpis.approved_change_value

    # The same answers as each account's KPIs, pooled: each respondent's latest this year.
    def pooled(kind: model.SurveyType) -> list[metrics.Answer]:
        return [
            answer
            for s in statuses
            for answer in metrics.current_answers(s.account.surveys, kind, today, s.bundle.slug)
        ]

    csat = metrics.mean_score(pooled("csat"))
    nps_answers = pooled("nps")
    renewals = tuple(
        sorted(
            (s for s in statuses if 0 <= s.kpis.days_to_contract_end <= RENEWAL_HORIZON_DAYS),
            key=lambda s: s.kpis.days_to_contract_end,
        )
    )
    overdue = tuple((s.bundle.slug, i) for s in statuses for i in s.overdue)
    horizon = today + dt.timedelta(days=RECENT_DAYS)
    per_person: dict[str, list[Deadline]] = {}
    for s in statuses:
        team = {t.id: t.name for t in s.account.team}
        for st in s.milestones.values():
            m = st.milestone
            if st.status != "done" and m.owner in team and m.due <= horizon:
                per_person.setdefault(m.owner, []).append(
                    Deadline(s.bundle.slug, m.owner, "milestone", m.title, m.due, m.id)
                )
        for b in s.bundle.briefs:
            if (
                b.status not in ("delivered", "cancelled")
                and b.owner in team
                and b.due
                and b.due <= horizon
            ):
                per_person.setdefault(b.owner, []).append(
                    Deadline(s.bundle.slug, b.owner, "brief", b.title, b.due, b.id)
                )
        for meeting in s.bundle.meetings:
            for action in meeting.actions:
                if (
                    action.done is None
                    and action.owner in team
                    and action.due
                    and action.due <= horizon
                ):
                    per_person.setdefault(action.owner, []).append(
                        Deadline(
                            s.bundle.slug,
                            action.owner,
                            "action",
                            action.task,
                            action.due,
                            meeting.id,
                        )
                    )
    return PortfolioStatus(
        today=today,
        accounts=tuple(statuses),
        on_time_rate=on_time / done if done else None,
        mean_revision_rounds=rounds_sum / rounds_n if rounds_n else None,
        approvals_within_sla_rate=within / measured if measured else None,
        changes_total=sum(s.kpis.changes_total for s in statuses),
        approved_change_value=value,
        open_risks=sum(s.kpis.open_risks for s in statuses),
        escalations=sum(s.kpis.escalations for s in statuses),
        mean_csat_share=csat.share if csat else None,
        net_promoter_score=metrics.net_promoter_score(nps_answers),
        nps_answers=len(nps_answers),
        renewals=renewals,
        overdue=overdue,
        deadlines={
            p: tuple(sorted(d, key=lambda d: (d.due, d.account, d.text)))
            for p, d in sorted(per_person.items())
        },
    )
