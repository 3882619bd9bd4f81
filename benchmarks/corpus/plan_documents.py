"""An account's plan, its documents: changes, briefs, meetings, reports, notes, risks."""

from __future__ import annotations

import datetime as dt
import random

from .common import TODAY, split
from .records import Account, Action, Brief, Change, Meeting, Note, Question, Report, Risk
from .text import between, cap, clamp, counted, days, lower_first, month_word, slugify, unique_id
from .words_clients import MONTHS_EN
from .words_documents import (
    ACTIONS,
    CHANGE_REASONS,
    DECISIONS,
    LOG_ENTRIES,
    MEETING_NOTES,
    NOTES,
    PLAN_BULLETS,
    QUESTIONS,
    RESULT_NOTES,
    REVISIONS,
    RISKS,
)
from .words_scope import NOUNS, OWNER_FUNCTION, SCOPE


def plan_changes(acct: Account, rng: random.Random, count: int) -> None:
    low = acct.start + days(14)
    high = max(low, min(TODAY - days(2), acct.end))
    taken: set[str] = set()
    for n, requested in enumerate(sorted(between(rng, low, high) for _ in range(count)), 1):
        requested = min(requested, TODAY - days(1))
        item = rng.choice(acct.scope)
        spec = SCOPE[item["id"]]
        qlow, qhigh = spec["qty"]
        quantity = rng.randint(qlow, max(qlow, qhigh // 2 + 1))
        reason = rng.choice(CHANGE_REASONS[acct.lang])
        if (TODAY - requested).days < 6:
            status = "proposed"
        else:
            options = ["approved", "rejected", "withdrawn", "proposed"]
            status = rng.choices(options, [0.55, 0.18, 0.12, 0.15])[0]
        what = counted(item["id"], quantity, acct.lang)
        if acct.lang == "vi":
            title = f"Bổ sung {what} cho {reason}"
            slug = f"them-{slugify(NOUNS[item['id']][0], 3)}"
            cost = rng.randint(3, 24) * 5_000_000
        else:
            title = f"Add {what} for {reason}"
            slug = f"extra-{slugify(NOUNS[item['id']][2], 3)}"
            cost = rng.randint(4, 50) * 400
        change = Change(
            unique_id(f"cr-{n:03d}-{slug}", taken),
            title,
            rng.choice(acct.contacts).id,
            requested,
            item["id"],
            quantity,
            cost,
            rng.choice([0, 0, 3, 5, 7, 10]),
            status,
            reason,
        )
        if status in ("approved", "rejected"):
            change.decided_by = rng.choice(acct.approvers)
            change.decided_on = clamp(requested + days(rng.randint(3, 12)), requested, TODAY)
        elif status == "withdrawn":
            change.decided_on = clamp(requested + days(rng.randint(3, 15)), requested, TODAY)
        if status == "proposed" and rng.random() < 0.3:
            change.visibility = "internal"  # still being priced
        change.internal = {"estimated_margin": round(rng.uniform(0.25, 0.45), 2)}
        acct.changes.append(change)


def brief_title(
    acct: Account, rng: random.Random, scope: str, due: dt.date, taken: set[str]
) -> tuple[str, str, str]:
    """Title, id and the product a brief is about."""
    product = rng.choice([acct.cx["product"], acct.cx["product2"]])
    values = {
        "m": str(due.month),
        "month": MONTHS_EN[due.month - 1].lower(),
        "Month": MONTHS_EN[due.month - 1],
        "campaign": acct.cx["campaign"],
        "cslug": slugify(acct.cx["campaign"], 3),
        "product": product,
        "pslug": slugify(product, 3),
        "season": acct.cx["season"],
        "Season": cap(acct.cx["season"]),
        "sslug": acct.cx["sslug"],
    }
    templates = [t.split(" | ") for t in SCOPE[scope]["titles"][acct.lang]]
    rng.shuffle(templates)
    free = [t for t in templates if t[1].format(**values) not in taken]
    title, ident = (free or templates)[0]
    return title.format(**values), unique_id(ident.format(**values), taken), product


def brief_dates(
    acct: Account, rng: random.Random, b: Brief, status: str, earliest: dt.date | None = None
) -> None:
    """Set a brief's status and the dates of the steps that led to it."""
    b.status = status
    last = TODAY
    if status in ("approved", "in_production", "delivered"):
        low = min(max(b.created + days(2), earliest or b.created), TODAY)
        if b.approved_on is None:
            wanted = min(b.due - days(rng.randint(4, 14)), TODAY - days(rng.randint(0, 6)))
            b.approved_on = clamp(wanted, low, TODAY)
        b.approved_on = max(b.approved_on, low)
        b.approved_by = b.approved_by or rng.choice(acct.approvers)
        last = b.approved_on
        if status in ("in_production", "delivered"):
            top = b.delivered_on or TODAY
            b.produced = clamp(b.approved_on + days(rng.randint(0, 4)), b.approved_on, top)
        if status == "delivered":
            assert b.produced is not None
            if b.delivered_on is None:
                b.delivered_on = clamp(b.due + days(rng.randint(-2, 1)), b.produced, TODAY)
            b.delivered_on = max(b.delivered_on, b.produced)
    if status == "cancelled":
        b.cancelled = clamp(b.due - days(rng.randint(5, 20)), b.created + days(2), TODAY)
        last = b.cancelled
    if status != "draft":
        wanted = max(b.created + days(rng.randint(1, 6)), b.due - days(rng.randint(20, 45)))
        b.review = wanted if wanted <= last else between(rng, b.created, last)
    rounds = 2
    if b.scope:
        rounds = next(s["revision_rounds"] for s in acct.scope if s["id"] == b.scope)
    if b.review and (last - b.review).days >= 3:
        k = rng.choices([0, 1, 2, 3], [0.35, 0.35, 0.2, 0.1])[0]
        k = min(k, rounds, (last - b.review).days // 2)
        spots = sorted(rng.sample(range(1, (last - b.review).days), k))
        b.revisions = [(b.review + days(d), rng.choice(REVISIONS[acct.lang])) for d in spots]
    if rng.random() < 0.35:
        begin, end = b.review or b.created, last
        if (end - begin).days >= 2:
            b.edits = [begin + days(rng.randint(1, (end - begin).days - 1))]
    if b.approved_on and status in ("approved", "in_production", "delivered"):
        roll = rng.random()
        if roll < 0.03 and b.approved_on < TODAY:
            b.stale_edit = b.approved_on + days(rng.randint(1, (TODAY - b.approved_on).days))
        elif roll < 0.08 and b.review and (b.approved_on - b.review).days >= 4:
            gap = (b.approved_on - b.review).days
            b.first_approval = b.review + days(rng.randint(1, gap - 3))
            rest = (b.approved_on - b.first_approval).days
            b.reopened = b.first_approval + days(rng.randint(1, rest - 1))
            b.revisions = [r for r in b.revisions if r[0] <= b.first_approval]
            b.edits = [d for d in b.edits if d <= b.first_approval]


def status_by_due(rng: random.Random, due: dt.date, allow_cancel: bool) -> str:
    ahead = (due - TODAY).days
    if ahead < -5:
        options, weights = ["delivered", "in_production", "cancelled"], [0.88, 0.07, 0.05]
    elif ahead < 0:
        options, weights = ["delivered", "in_production"], [0.5, 0.5]
    elif ahead < 10:
        options, weights = ["in_production", "approved", "in_review"], [0.45, 0.3, 0.25]
    elif ahead < 30:
        options = ["approved", "in_review", "draft", "in_production"]
        weights = [0.3, 0.4, 0.2, 0.1]
    else:
        options, weights = ["draft", "in_review", "approved"], [0.5, 0.4, 0.1]
    status = rng.choices(options, weights)[0]
    return "delivered" if status == "cancelled" and not allow_cancel else status


def plan_briefs(acct: Account, rng: random.Random, count: int) -> None:
    taken: set[str] = set()
    scope_ids = [s["id"] for s in acct.scope]
    objective_ids = [o["id"] for o in acct.objectives]
    executions = [m for m in acct.milestones if m.phase == "execution"]
    internal = 1 if count >= 8 else 0
    slots = min(len(executions), max(1, count // 2))
    seconds = min(2, slots, count // 2 - slots) if count >= 12 else 0
    linked = [c for c in acct.changes if c.status == "approved"]
    linked += [c for c in acct.changes if c.status == "proposed" and rng.random() < 0.5]
    linked = linked[: max(0, count - internal - slots - seconds)]

    def new_brief(scope: str, due: dt.date, created: dt.date) -> Brief:
        title, ident, product = brief_title(acct, rng, scope, due, taken)
        low, high = SCOPE[scope]["qty"]
        owner = acct.member(OWNER_FUNCTION[scope]).id
        chosen = sorted(rng.sample(objective_ids, rng.randint(1, min(2, len(objective_ids)))))
        created = min(created, TODAY - days(2))
        b = Brief(
            ident,
            title,
            scope,
            rng.randint(low, high),
            owner,
            due,
            chosen,
            created,
            rng.randrange(1_000_000),
            product,
        )
        if rng.random() < 0.3:
            partners = (
                ["Phim Mộc", "Studio Lam", "In Bao Bì Hưng Phát"]
                if acct.lang == "vi"
                else ["Northlight Films", "Pressworks", "Tidewater Studio"]
            )
            b.internal = {
                "production_partner": rng.choice(partners),
                "shoot_days": rng.randint(1, 3),
            }
        acct.briefs.append(b)
        return b

    # Deliverables of execution milestones exist from the start: the timeline names them.
    chosen = sorted(rng.sample(executions, slots), key=lambda m: m.due)
    doubles = set(rng.sample(range(len(chosen)), seconds))
    for k, m in enumerate(chosen):
        for _ in range(2 if k in doubles else 1):
            due = clamp(m.due - days(rng.randint(0, 4)), m.start, m.due)
            b = new_brief(rng.choice(scope_ids), due, acct.created)
            b.created = acct.created
            b.deliverable = b.referenced = True
            m.deliverables.append(b.id)
            if m.done:
                b.approved_on, b.approved_by, b.delivered_on = m.approved, m.approver, m.done
                brief_dates(acct, rng, b, "delivered")
            elif m.due < TODAY:
                brief_dates(acct, rng, b, "in_production")
            elif m.sent:
                brief_dates(acct, rng, b, "in_review")
            elif m.start > TODAY:
                brief_dates(acct, rng, b, rng.choice(["draft", "in_review"]))
            else:
                brief_dates(acct, rng, b, status_by_due(rng, due, allow_cancel=False))
    ids = {x.id for x in acct.milestones}
    renamed: dict[str, str] = {}
    titles = {b.id: b.title for b in acct.briefs}
    vi = acct.lang == "vi"
    for m in chosen:
        title = titles[m.deliverables[0]]
        m.title = f"Hoàn thành {lower_first(title)}" if vi else f"{title} delivered"
        wanted = f"xong-{m.deliverables[0]}" if vi else f"{m.deliverables[0]}-done"
        new = unique_id(wanted, ids)
        renamed[m.id], m.id = new, new
    generic = split(
        "Nội dung tháng {m} sẵn sàng đăng|Chốt kế hoạch truyền thông tháng {m}|"
        "Nghiệm thu sản phẩm tháng {m}"
        if vi
        else "{Month} content ready to post|{Month} media plan signed off|"
        "{Month} deliverables accepted"
    )
    for m in acct.milestones:
        if not m.title:
            m.title = rng.choice(generic).format(m=m.due.month, Month=MONTHS_EN[m.due.month - 1])
            new = unique_id(slugify(m.title, 5), ids)
            renamed[m.id], m.id = new, new
    for m in acct.milestones:
        m.depends_on = [renamed.get(d, d) for d in m.depends_on]
    # Briefs on a change request's extra scope.
    for c in linked:
        created = clamp(c.requested_on + days(rng.randint(1, 3)), c.requested_on, TODAY - days(1))
        if c.decided_on:
            due = c.decided_on + days(rng.randint(14, 40))
        else:
            due = c.requested_on + days(rng.randint(20, 45))
        b = new_brief(c.scope, due, created)
        b.created = max(b.created, c.requested_on)
        b.change = c.id
        b.quantity = rng.randint(1, c.quantity)
        c.referenced = True
        status = status_by_due(rng, due, allow_cancel=False)
        if c.status == "proposed" and status in ("in_production", "delivered"):
            status = "approved"  # approved while the client decides on the change request
        brief_dates(acct, rng, b, status, earliest=c.decided_on)
    # The other briefs, due anywhere in the contract.
    last_due = min(acct.end, TODAY + days(75))
    for _ in range(count - internal - len(acct.briefs)):
        due = between(rng, acct.start + days(12), max(acct.start + days(12), last_due))
        created = max(acct.created, due - days(rng.randint(18, 40)))
        b = new_brief(rng.choice(scope_ids), due, created)
        brief_dates(acct, rng, b, status_by_due(rng, due, allow_cancel=True))
    if internal:  # agency-only work, outside the contract's scope
        title, ident = rng.choice(
            [
                ("Hồ sơ đề xuất gia hạn hợp đồng", "de-xuat-gia-han"),
                ("Case study chiến dịch cho website agency", "case-study"),
            ]
            if vi
            else [
                ("Renewal proposal deck", "renewal-proposal"),
                ("Campaign case study for the agency website", "case-study"),
            ]
        )
        created = max(acct.created, TODAY - days(rng.randint(5, 30)))
        b = Brief(
            unique_id(ident, taken),
            title,
            None,
            1,
            acct.lead().id,
            TODAY + days(rng.randint(10, 40)),
            [objective_ids[0]],
            created,
            rng.randrange(1_000_000),
        )
        b.visibility = "internal"
        b.internal = {"note": "Chưa chia sẻ với khách hàng" if vi else "Not shared with the client"}
        acct.briefs.append(b)
        brief_dates(acct, rng, b, rng.choice(["draft", "in_review"]))


def plan_meetings(acct: Account, rng: random.Random, count: int) -> None:
    vi = acct.lang == "vi"
    contacts = [p.id for p in acct.contacts]
    team = [p.id for p in acct.team]
    used: set[dt.date] = set()
    kickoff = min(acct.start + days(rng.randint(0, 3)), TODAY - days(1))
    specs: list[tuple[str, dt.date, Brief | None]] = [("kickoff", kickoff, None)]
    used.add(kickoff)
    if count >= 3:
        day = between(rng, acct.start + days(10), TODAY - days(1))
        if day not in used:
            specs.append(("internal", day, None))
            used.add(day)
    approved = [b for b in acct.briefs if b.approved_on and b.visibility == "client"]
    rng.shuffle(approved)
    for b in approved[: max(0, (count - len(specs)) // 2)]:
        assert b.approved_on is not None
        if b.approved_on not in used and b.first_approval is None:
            specs.append(("review", b.approved_on, b))
            used.add(b.approved_on)
            b.referenced = True
    for _ in range(500):
        if len(specs) >= count:
            break
        day = between(rng, acct.start + days(7), TODAY - days(1))
        if day not in used:
            specs.append(("status", day, None))
            used.add(day)
    taken: set[str] = set()
    approver = acct.people[acct.approvers[0]]
    for kind, day, brief in sorted(specs, key=lambda s: s[1]):
        fmt = {
            **acct.cx,
            "m": day.month,
            "Month": MONTHS_EN[day.month - 1],
            "approver": cap(approver.ref(acct.lang)),
        }
        campaign = acct.cx["campaign"]
        if kind == "kickoff":
            title = f"Họp khởi động chiến dịch “{campaign}”" if vi else f"Kickoff — “{campaign}”"
            slug = "hop-khoi-dong" if vi else "kickoff"
        elif kind == "internal":
            title = (
                f"Họp nội bộ — nhân sự và tiến độ tháng {day.month}"
                if vi
                else f"Internal — staffing and margin, {MONTHS_EN[day.month - 1]}"
            )
            slug = "noi-bo-nhan-su" if vi else "internal-staffing"
        elif kind == "review":
            assert brief is not None
            title = f"Họp duyệt {lower_first(brief.title)}" if vi else f"Review — {brief.title}"
            slug = f"duyet-{brief.id}" if vi else f"{brief.id}-review"
        else:
            week = day.isocalendar().week
            title = f"Họp tiến độ tuần {week}" if vi else f"Weekly status — week {week}"
            slug = "hop-tien-do" if vi else "weekly-status"
        ident = unique_id(f"{day.isoformat()}-{slug}"[:56], taken)
        people = []
        if kind != "internal":
            people = rng.sample(contacts, rng.randint(1, min(3, len(contacts))))
        attendees = people + rng.sample(team, rng.randint(2, min(4, len(team))))
        decisions = [d.format(**fmt) for d in rng.sample(DECISIONS[acct.lang], rng.randint(2, 3))]
        if brief is not None:
            decisions.insert(
                0, f"Duyệt {lower_first(brief.title)}" if vi else f"{brief.title} is approved"
            )
        actions = []
        for _ in range(rng.randint(2, 4)):
            client_side = bool(people) and rng.random() < 0.4
            task = rng.choice(ACTIONS[acct.lang]["client" if client_side else "agency"])
            due = day + days(rng.randint(2, 14))
            done = None
            if due <= TODAY + days(3) and rng.random() < 0.85:
                done = clamp(due + days(rng.randint(-4, 1)), day, TODAY)
            owner = rng.choice(people if client_side else team)
            actions.append(Action(task.format(**fmt), owner, due, done))
        questions = []
        if people and rng.random() < 0.7:
            due = day + days(rng.randint(5, 14))
            answered = None
            if due <= TODAY and rng.random() < 0.7:
                answered = clamp(due - days(rng.randint(0, 4)), day, TODAY)
            text = rng.choice(QUESTIONS[acct.lang])
            questions.append(Question(text, rng.choice(people), due, answered))
        notes = rng.sample(MEETING_NOTES[acct.lang], rng.randint(2, 3))
        meeting = Meeting(
            ident,
            title,
            day,
            kind,
            attendees,
            decisions,
            questions,
            actions,
            [(brief.id, str(brief.approved_by))] if brief else [],
            [n.format(**fmt) for n in notes],
        )
        if kind == "internal":
            meeting.visibility = "internal"
            budget = rng.randint(12, 40) * 10
            meeting.internal = {
                "hours_budget": budget,
                "hours_forecast": round(budget * rng.uniform(0.9, 1.25)),
            }
        acct.meetings.append(meeting)


def plan_reports(acct: Account, rng: random.Random, count: int) -> None:
    vi = acct.lang == "vi"
    taken: set[str] = set()
    first = min(acct.start + days(25), TODAY - days(3))
    pool = sorted({between(rng, first, TODAY - days(1)) for _ in range(count * 3)})
    dates = sorted(rng.sample(pool, min(count, len(pool))))
    while len(dates) < count:
        dates.append(TODAY - days(len(dates) + 1))
    span = max(1, (acct.end - acct.start).days)
    for k, day in enumerate(sorted(dates)):
        progress = min(1.1, (day - acct.start).days / span * rng.uniform(0.9, 1.6))
        results = []
        for o in acct.objectives:
            actual: float = o["target"] * progress
            actual = round(actual, 1) if o["unit"] == "%" else int(round(actual, -2) or 100)
            pct = round(100 * actual / o["target"])
            note = rng.choice(RESULT_NOTES[acct.lang]).format(pct=pct, **acct.cx)
            results.append((o["id"], actual, note))
        mid = k % 3 == 2
        if vi:
            title = "Báo cáo giữa kỳ" if mid else f"Báo cáo tháng {day.month}/{day.year}"
            slug = f"{day.year}-{day.month:02d}-bao-cao" + ("-giua-ky" if mid else "")
        else:
            title = "Mid-campaign report" if mid else f"Monthly report — {month_word(day, 'en')}"
            slug = f"{day.year}-{day.month:02d}-" + ("mid-campaign" if mid else "monthly-report")
        period_start = max(acct.start, day - days(rng.randint(25, 35)))
        period_end = max(period_start, day - days(rng.randint(1, 3)))
        final = day + days(rng.randint(1, 4))
        report = Report(
            unique_id(slug, taken),
            title,
            day,
            period_start,
            period_end,
            results,
            final if final <= TODAY else None,
        )
        if count >= 3 and k == 0:
            report.visibility = "internal"
            report.title = ("Dự báo nội bộ — " if vi else "Internal forecast — ") + report.title
        acct.reports.append(report)


def plan_notes(acct: Account, rng: random.Random, count: int) -> None:
    vi = acct.lang == "vi"
    lead = acct.lead()
    contact = acct.contacts[0].ref(acct.lang)
    acct.notes.append(
        Note(
            "ke-hoach-tai-khoan" if vi else "account-plan",
            "Kế hoạch tài khoản" if vi else "Account plan",
            acct.created,
            lead.id,
            [b.format(**acct.cx, contact=contact) for b in PLAN_BULLETS[acct.lang]],
            internal={"margin_target": acct.internal["margin_target"]},
            heading="## Mục tiêu tài khoản" if vi else "## Account goals",
        )
    )
    templates = list(NOTES[acct.lang])
    rng.shuffle(templates)
    taken = {acct.notes[0].id}
    for k in range(count - 1):
        head, *bullets = templates[k % len(templates)]
        title, ident = head.split(" | ")
        day = between(rng, acct.start + days(10), TODAY - days(1))
        fmt = {
            **acct.cx,
            "m": day.month,
            "month": MONTHS_EN[day.month - 1].lower(),
            "Month": MONTHS_EN[day.month - 1],
            "contact": contact,
            "contact_cap": cap(contact),
            "member": acct.member("creative").given,
            "margin": round(100 * float(str(acct.internal["margin_target"]))),
        }
        note = Note(
            unique_id(ident.format(**fmt), taken),
            title.format(**fmt),
            day,
            rng.choice([lead.id, acct.ae().id]),
            [b.format(**fmt) for b in bullets],
        )
        if k % 2 == 0:
            note.internal = {"margin_forecast": round(rng.uniform(0.22, 0.42), 2)}
        if day < TODAY:
            later = sorted(between(rng, day + days(1), TODAY) for _ in range(rng.randint(0, 2)))
            note.updates = [(d, rng.choice(LOG_ENTRIES[acct.lang]).format(**fmt)) for d in later]
        acct.notes.append(note)


def plan_risks(acct: Account, rng: random.Random) -> None:
    vi = acct.lang == "vi"
    rows = RISKS[acct.lang]
    catalog = [(*rows[i].split(" | "), rows[i + 1]) for i in range(0, len(rows), 2)]
    team = [p.id for p in acct.team]
    taken: set[str] = set()
    for ident, title, mitigation in rng.sample(catalog, rng.randint(1, 3)):
        raised = between(rng, acct.start + days(3), TODAY - days(1))
        options = ["open", "mitigated", "closed", "escalated"]
        status = rng.choices(options, [0.5, 0.25, 0.15, 0.1])[0]
        changed = between(rng, raised + days(1), TODAY) if status != "open" else None
        acct.risks.append(
            Risk(
                unique_id(ident, taken),
                title,
                rng.choice(["low", "medium", "high"]),
                rng.choice(team),
                mitigation,
                raised,
                status,
                changed,
            )
        )
    pct = rng.randint(8, 25)
    title = (
        f"Giờ làm phần sản xuất đang vượt dự toán khoảng {pct}%"
        if vi
        else f"Production hours are running about {pct}% over budget"
    )
    mitigation = (
        "Gộp lịch quay và dùng chung ê-kíp; báo lại nếu vượt 20%"
        if vi
        else "Combine shoot days and share the crew; flag it if it passes 20%"
    )
    budget = rng.randint(15, 60) * 10
    acct.risks.append(
        Risk(
            unique_id("vuot-gio-san-xuat" if vi else "production-hours", taken),
            title,
            "medium",
            acct.lead().id,
            mitigation,
            between(rng, acct.start + days(10), TODAY - days(1)),
            "open",
            None,
            "internal",
            {"hours_budget": budget, "hours_forecast": round(budget * (1 + pct / 100))},
        )
    )


def size_scope(acct: Account, rng: random.Random) -> None:
    """Contract quantities large enough for every version of every brief, cancelled included."""
    near = rng.random() < 0.06  # a few accounts are close to the limit (SCOPE004)
    decided = {c.id: c.status for c in acct.changes}
    added: dict[str, int] = {}
    for c in acct.changes:
        if c.status == "approved":
            added[c.scope] = added.get(c.scope, 0) + c.quantity
    for k, item in enumerate(acct.scope):
        base = [b for b in acct.briefs if b.scope == item["id"] and b.change is None]
        ever = sum(b.quantity for b in base)
        if not ever:
            item["quantity"] = rng.randint(2, 12)
            continue
        used = sum(b.quantity for b in base if b.status != "cancelled")
        if near and k == 0:
            item["quantity"] = max(ever, -(-used * 100 // rng.randint(90, 100)))
            continue
        quantity = -(-ever * 100 // rng.randint(55, 85)) + rng.randint(0, 2)
        used += sum(
            b.quantity
            for b in acct.briefs
            if b.scope == item["id"] and b.change and decided[b.change] == "approved"
        )
        while used >= 0.9 * (quantity + added.get(item["id"], 0)):
            quantity += 1
        item["quantity"] = quantity


def plan_renames(acct: Account, rng: random.Random) -> None:
    """Some files got their final name later (naming conventions, numbering, dates)."""
    suffix = "nhap" if acct.lang == "vi" else "draft"
    folders: dict[str, set[str]] = {
        "briefs": {b.id for b in acct.briefs},
        "changes": {c.id for c in acct.changes},
        "meetings": {m.id for m in acct.meetings},
        "reports": {r.id for r in acct.reports},
    }

    def rename(kind: str, doc: Brief | Change | Meeting | Report, old: str, created: dt.date):
        if rng.random() < 0.1 and old not in folders[kind] and created < TODAY:
            doc.old_id, doc.renamed = old, between(rng, created + days(1), TODAY)
            folders[kind].add(old)

    for b in acct.briefs:
        if not b.referenced and not b.deliverable:
            rename("briefs", b, f"{b.id}-{suffix}", b.created)
    for c in acct.changes:
        if not c.referenced:
            rename("changes", c, c.id.split("-", 2)[2], c.requested_on)
    for m in acct.meetings:
        rename("meetings", m, m.id[11:], min(m.date + days(1), TODAY))
    for r in acct.reports:
        rename("reports", r, r.id[8:], r.date)
