"""The plan of an account: everything it holds at the end, with the dates of things."""

from __future__ import annotations

import datetime as dt
import random

from .common import TODAY
from .plan_documents import (
    plan_briefs,
    plan_changes,
    plan_meetings,
    plan_notes,
    plan_renames,
    plan_reports,
    plan_risks,
    size_scope,
)
from .records import STAFF, VI_STAFF, Account, Milestone, Person
from .text import between, cap, clamp, days, slugify, unique_id
from .words_clients import CAMPAIGNS, CTAS, EN_BRANDS, INDUSTRIES, SEASONS, TAGLINES, VI_BRANDS
from .words_documents import ACCOUNT_NOTES, BILLING, INPUTS, OBJECTIVES, SURVEY_COMMENTS
from .words_people import (
    CLIENT_ROLES,
    EN_GIVEN,
    EN_SURNAMES,
    ROLES,
    VI_GIVEN,
    VI_MIDDLE,
    VI_SURNAMES,
)
from .words_scope import SCOPE


def counts(docs: int) -> dict[str, int]:
    """Documents per kind: about half briefs, at least one of every kind."""
    briefs = min(max(1, round(docs * 0.5)), docs - 4)
    weights = {"changes": 0.3, "meetings": 0.4, "reports": 0.15, "internal": 0.15}
    extra = docs - briefs - len(weights)
    shares = {k: w * extra for k, w in weights.items()}
    out = {"briefs": briefs, **{k: 1 + int(shares[k]) for k in weights}}
    left = docs - sum(out.values())
    for k in sorted(weights, key=lambda k: shares[k] - int(shares[k]), reverse=True)[:left]:
        out[k] += 1
    return out


def make_person(rng: random.Random, lang: str, taken: set[str], domain: str) -> Person:
    female = rng.random() < 0.55
    if lang == "vi":
        surname, middle = rng.choice(VI_SURNAMES), rng.choice(VI_MIDDLE[female])
        given = rng.choice(VI_GIVEN[female])
        name = f"{surname} {middle} {given}"
    else:
        given, surname = rng.choice(EN_GIVEN[female]), rng.choice(EN_SURNAMES)
        name = f"{given} {surname}"
    ident = slugify(given)
    if ident in taken:
        ident = f"{ident}-{slugify(surname)}"
    ident = unique_id(ident, taken)
    email = f"{slugify(given)}.{slugify(surname).replace('-', '')}@{domain}"
    return Person(ident, name, given, female, email)


def plan_account(index: int, lang: str, seed: int, names: set[str], docs: int) -> Account:
    rng = random.Random(seed * 1_000_003 + index)
    industry = rng.choice(INDUSTRIES)
    words = industry[lang]
    brands = VI_BRANDS if lang == "vi" else EN_BRANDS
    for attempt in range(400):
        brand = rng.choice(brands)
        name = words["name"].format(b=brand)
        if attempt >= 100:
            name += f" {attempt // 100 + 1}"
        if name not in names:
            break
    names.add(name)
    slug = slugify(name)
    season, season_slug = rng.choice(SEASONS[lang])
    product = rng.choice(words["products"])
    audience = rng.choice(words["audiences"])
    cx = {
        "brand": brand,
        "product": product,
        "product2": rng.choice([p for p in words["products"] if p != product]),
        "audience": audience,
        "audience2": next(a for a in words["audiences"] if a != audience),
        "destination": words["destination"],
        "outlets": words["outlets"].format(n=rng.choice([6, 9, 12, 18, 24, 35, 42, 60])),
        "channel": words["channel"],
        "channel1": words["channel"].split(",")[0],
        "campaign": rng.choice(CAMPAIGNS[lang]),
        "season": season,
        "sslug": season_slug,
        "tagline": rng.choice(TAGLINES[lang]),
        "cta": rng.choice(CTAS[lang]),
    }
    domain = slug + ".example"
    taken = set(STAFF)
    contacts = [make_person(rng, lang, taken, domain) for _ in range(rng.randint(3, 5))]
    senior, others = CLIENT_ROLES[lang][:3], CLIENT_ROLES[lang][3:]  # approvers are senior
    roles = rng.sample(senior, 2) + rng.sample(others, len(contacts) - 2)
    for person, role in zip(contacts, roles, strict=True):
        person.role = role
        if rng.random() < 0.5:
            person.phone = (
                f"09{rng.randint(0, 9)}{rng.randint(1, 9)} {rng.randint(100, 999)} "
                f"{rng.randint(100, 999)}"
                if lang == "vi"
                else f"+1 {rng.randint(201, 989)} 555 0{rng.randint(100, 199)}"
            )
    approvers = [contacts[0].id] + ([contacts[1].id] if rng.random() < 0.6 else [])
    for person in contacts:
        person.approver = person.id in approvers
    pool = VI_STAFF if lang == "vi" else list(STAFF)
    team_ids = [
        rng.choice([i for i in pool if STAFF[i].function == function])
        for function in ("lead", "ae", "creative")
    ]
    extras = [i for i in pool if STAFF[i].function not in ("lead", "ae", "creative")]
    team_ids += rng.sample(extras, rng.randint(1, min(3, len(extras))))
    team = []
    for ident in team_ids:
        staff = STAFF[ident]
        role = ROLES[staff.function][0 if lang == "vi" else 1]
        team.append(
            Person(
                ident,
                staff.name,
                staff.given,
                staff.female,
                staff.email,
                role,
                function=staff.function,
            )
        )

    # The contract: most run past today; some end within 90 days; a few have ended.
    first_start, last_start = dt.date(2025, 11, 1), dt.date(2026, 10, 5)
    start = first_start + days(rng.randint(0, (last_start - first_start).days))
    roll = rng.random()
    if roll < 0.25 and (TODAY + days(88) - start).days >= 120:
        end = TODAY + days(rng.randint(5, 88))
    elif roll < 0.33 and (TODAY - start).days >= 200:
        end = TODAY - days(rng.randint(3, 40))
    else:
        end = max(start + days(rng.randint(150, 400)), TODAY + days(rng.randint(95, 200)))
    renewal_on: dt.date | None = end - days(rng.randint(60, 80))
    assert renewal_on is not None
    if start < renewal_on <= TODAY:
        options = ["in_discussion", "proposal_sent", "renewed"]
        if end <= TODAY:
            options = ["renewed", "not_renewing", "in_discussion"]
        renewal = rng.choice(options)
    else:
        renewal, renewal_on = "not_started", None
    initials = "".join(w[0] for w in slug.split("-"))[:3].upper()
    acct = Account(
        index=index,
        slug=slug,
        lang=lang,
        name=name,
        company=words["company"].format(b=brand),
        domain=domain,
        cx=cx,
        contacts=contacts,
        team=team,
        approvers=approvers,
        sla_days=rng.choice([2, 2, 3, 5]),
        contract_id=f"{initials}-{start.year}-{start.month:02d}",
        start=start,
        end=end,
        value=rng.randint(30, 250) * 10_000_000 if lang == "vi" else rng.randint(60, 400) * 1000,
        currency="VND" if lang == "vi" else "USD",
        renewal=renewal,
        renewal_on=renewal_on,
        created=start - days(rng.randint(2, 10)),
    )
    first = contacts[0]
    if lang == "vi":
        acct.channel = rng.choice(
            [
                f"{cap(first.ref(lang))} duyệt trên portal",
                f"{cap(first.ref(lang))} duyệt qua email; chi phí phát sinh cần ban giám đốc duyệt",
                "Duyệt trên portal, xác nhận lại qua Zalo",
            ]
        )
    else:
        acct.channel = rng.choice(
            [
                f"{first.given} approves in the portal",
                f"Comments in the portal; final sign-off by {first.given} by email",
                "Approval by email from the portal link",
            ]
        )
    n = counts(docs)
    plan_objectives(acct, rng)
    plan_scope_items(acct, rng, industry["scope"])
    plan_inputs_surveys(acct, rng)
    plan_timeline(acct, rng)
    plan_changes(acct, rng, n["changes"])
    plan_briefs(acct, rng, n["briefs"])
    plan_meetings(acct, rng, n["meetings"])
    plan_reports(acct, rng, n["reports"])
    plan_notes(acct, rng, n["internal"])
    plan_risks(acct, rng)
    size_scope(acct, rng)
    plan_renames(acct, rng)
    return acct


def plan_objectives(acct: Account, rng: random.Random) -> None:
    for ident, text, metric, (low, high), unit, step in rng.sample(
        OBJECTIVES[acct.lang], rng.randint(2, 4)
    ):
        acct.objectives.append(
            {
                "id": ident,
                "text": text.format(**acct.cx),
                "metric": metric,
                "target": rng.randint(low // step, high // step) * step,
                "unit": unit,
            }
        )


def plan_scope_items(acct: Account, rng: random.Random, preferred: list[str]) -> None:
    for ident in rng.sample(preferred, min(len(preferred), rng.randint(4, 6))):
        spec = SCOPE[ident]
        acct.scope.append(
            {
                "id": ident,
                "name": spec[acct.lang][0],
                "unit": spec[acct.lang][1],
                "quantity": 0,  # sized once the briefs are known
                "revision_rounds": spec["rounds"],
            }
        )


def plan_inputs_surveys(acct: Account, rng: random.Random) -> None:
    items = rng.sample(INPUTS[acct.lang], rng.randint(3, 5))
    dues = sorted(
        between(rng, acct.start - days(3), min(acct.end, TODAY + days(40))) for _ in items
    )
    for item, due in zip(items, dues, strict=True):
        received = None
        if due <= TODAY + days(5) and rng.random() < 0.85:
            received = clamp(due + days(rng.randint(-4, 2)), acct.created + days(1), TODAY)
        acct.inputs.append((item, rng.choice(acct.contacts).id, due, received))
    window = (TODAY - acct.start).days
    count = max(2, min(5, window // 40))
    first = acct.start + days(min(25, window // 3))
    approvers = [p for p in acct.contacts if p.approver]
    for k in range(count):
        day = first + days(round(k * (TODAY - first).days / (count - 1)))
        day = clamp(day - days(rng.randint(0, 3)), acct.start + days(1), TODAY)
        if acct.surveys and day <= acct.surveys[-1][0]:
            continue
        csat: dict[str, object] = {
            "date": day,
            "type": "csat",
            "score": round(rng.uniform(3.8, 4.9), 1),
            "scale": 5,
            "by": rng.choice(approvers).id,
        }
        if rng.random() < 0.6:
            csat["comment"] = rng.choice(SURVEY_COMMENTS[acct.lang])
        nps = {"date": day, "type": "nps", "score": rng.randint(6, 10), "by": csat["by"]}
        acct.surveys.append((day, [csat, nps]))
    acct.internal = {
        "margin_target": round(rng.uniform(0.28, 0.4), 2),
        "billing": rng.choice(BILLING[acct.lang]),
        "notes": rng.choice(ACCOUNT_NOTES[acct.lang]).format(
            contact=acct.contacts[0].ref(acct.lang)
        ),
    }


def plan_timeline(acct: Account, rng: random.Random) -> None:
    """6–9 milestones from kickoff to handover, due dates in order, dependencies backwards."""
    total = rng.randint(6, 9)
    review = total >= 7 and rng.random() < 0.7
    executions = total - 3 - (1 if review else 0)
    span = (acct.end - acct.start).days
    vi = acct.lang == "vi"
    s = acct.start
    plan: list[tuple[str, str, str, dt.date, dt.date]] = [
        (
            "khoi-dong" if vi else "kickoff",
            "Họp khởi động và chốt brief tổng" if vi else "Kickoff and brief sign-off",
            "kickoff",
            s,
            s + days(4),
        ),
        (
            "nghien-cuu" if vi else "research",
            "Nghiên cứu khách hàng và insight" if vi else "Audience research and insights",
            "discovery",
            s + days(5),
            s + days(5 + max(10, span // 12)),
        ),
    ]
    last_due = plan[-1][4]
    for j in range(executions):
        due = s + days(round(span * (0.2 + 0.62 * (j + 1) / executions)) + rng.randint(-4, 4))
        due = max(due, last_due + days(3))
        begin = max(s + days(5), due - days(rng.randint(14, 35)))
        # Execution milestones are named after their deliverables, once the briefs exist.
        plan.append((f"#{len(plan)}", "", "execution", begin, due))
        last_due = due
    if review:
        due = max(s + days(round(span * 0.93)), last_due + days(3))
        title = "Theo dõi và tối ưu giai đoạn cao điểm" if vi else "Peak weeks: monitor and tune"
        plan.append(
            ("theo-doi-toi-uu" if vi else "peak-tuning", title, "review", due - days(14), due)
        )
        last_due = due
    due = max(acct.end - days(rng.randint(0, 4)), last_due + days(2))
    title = "Báo cáo tổng kết và bàn giao" if vi else "Wrap report and handover"
    plan.append(("ban-giao" if vi else "handover", title, "handover", due - days(12), due))
    owners = [p.id for p in acct.team]
    milestones: list[Milestone] = []
    for k, (ident, title, phase, begin, due) in enumerate(plan):
        m = Milestone(ident, title, phase, rng.choice(owners), min(begin, due), due)
        if phase == "kickoff":
            m.owner = acct.ae().id
        elif phase in ("discovery", "handover"):
            m.owner = acct.lead().id
        if k:
            earlier = milestones[max(0, k - 3) : k]
            deps = {earlier[-1].id}
            if phase == "execution" and len(earlier) > 1 and rng.random() < 0.4:
                deps = {rng.choice(earlier[:-1]).id}
            if phase in ("review", "handover") and len(earlier) > 1 and rng.random() < 0.5:
                deps.add(earlier[-2].id)
            m.depends_on = [x.id for x in milestones if x.id in deps]
        if phase in ("execution", "review"):
            m.approver = rng.choice(acct.approvers)
        milestones.append(m)
    acct.milestones = milestones
    # Done: everything due before today, except (in some accounts) one overdue milestone and
    # what depends on it.
    past = [m for m in milestones if m.due < TODAY]
    overdue = past[-1] if past and rng.random() < 0.45 and past[-1].phase != "kickoff" else None
    for m in milestones:
        deps = [x for x in milestones if x.id in m.depends_on]
        if m.due < TODAY and m is not overdue and all(x.done for x in deps):
            low = max([m.start, *(x.done for x in deps if x.done)])
            m.done = clamp(m.due + days(rng.randint(-3, 2)), low, TODAY)
            if m.approver:
                m.approved = clamp(m.done - days(rng.randint(0, 3)), m.start, m.done)
                m.sent = clamp(m.approved - days(rng.randint(1, 4)), m.start, m.approved)
        elif m.approver and m.start <= TODAY and (m.due - TODAY).days <= 12:
            wanted = min(TODAY - days(rng.randint(0, 6)), m.due - days(rng.randint(1, 5)))
            m.sent = clamp(wanted, m.start, TODAY)
        if m.phase == "execution" and rng.random() < 0.25:
            unit = 10_000_000 if acct.lang == "vi" else 1000
            m.internal = {"production_budget": rng.randint(5, 60) * unit}
