"""Rendering the files: account.yml, timeline.yml, relationship.yml and each kind of document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .bodies import change_body, meeting_body, report_body, sections_text
from .common import SCHEMA, TODAY
from .records import Account, Brief, Change, Meeting, Note, Report
from .text import block_map, day_month, flow_list, flow_map, q


def front(kind: str, lines: list[str], body: str) -> str:
    return "---\n" + SCHEMA.format(kind) + "\n" + "".join(lines) + "---\n\n" + body


def internal_block(mapping: dict[str, object]) -> list[str]:
    return ["internal:\n", block_map(mapping)] if mapping else []


def item(pairs: Iterable[tuple[str, object]], indent: int = 2) -> str:
    return " " * indent + "- " + flow_map(pairs) + "\n"


def render_account(acct: Account, st: dict[str, Any]) -> str:
    out = [
        "# yaml-language-server: $schema=../../docs/schemas/account.schema.json\n",
        f"name: {q(acct.name, False)}\nlanguage: {acct.lang}\n\nclient:\n",
        f"  company: {q(acct.company, False)}\n  website: https://{acct.domain}\n  contacts:\n",
    ]
    for p in acct.contacts:
        approver = True if p.approver else None
        out.append(
            item(
                [
                    ("id", p.id),
                    ("name", p.name),
                    ("role", p.role),
                    ("email", p.email),
                    ("phone", p.phone),
                    ("approver", approver),
                ],
                4,
            )
        )
    out.append("\nteam:\n")
    for p in acct.team:
        out.append(item([("id", p.id), ("name", p.name), ("role", p.role), ("email", p.email)]))
    out.append(
        f"\naccount_executive: {acct.ae().id}\naccount_lead: {acct.lead().id}\n"
        f"\ncontract:\n  id: {acct.contract_id}\n  start: {acct.start}\n  end: {acct.end}\n"
        f"  value: {acct.value}\n  currency: {acct.currency}\n  renewal: {st['renewal']}\n"
        f"  renews: {earlier_contracts(acct)[-1][0]}\n"
        f"\napproval:\n  approvers: {flow_list(acct.approvers)}\n  sla_days: {acct.sla_days}\n"
        f"  channel: {q(acct.channel, False)}\n\nobjectives:\n"
    )
    out.extend(item(o.items()) for o in acct.objectives)
    out.append("\nscope:\n")
    out.extend(item(s.items()) for s in acct.scope)
    out.append("\ninputs:\n")
    for k, (what, owner, due, received) in enumerate(acct.inputs):
        got = received if k in st["received"] else None
        out.append(item([("item", what), ("owner", owner), ("due", due), ("received", got)]))
    surveys = [s for _, pair in acct.surveys[: st["surveys"]] for s in pair]
    out.append("\nsurveys:\n" if surveys else "\nsurveys: []\n")
    out.extend(item(s.items()) for s in surveys)
    out.append("\n")
    out.extend(internal_block(acct.internal))
    return "".join(out)


def render_timeline(acct: Account, st: dict[str, Any]) -> str:
    out = [
        "# yaml-language-server: $schema=../../docs/schemas/timeline.schema.json\n",
        "milestones:\n",
    ]
    for k, m in enumerate(acct.milestones):
        seen = st["milestones"].get(m.id, {})
        if k == 0:  # short enough for one line
            out.append(
                item(
                    [
                        ("id", m.id),
                        ("title", m.title),
                        ("phase", m.phase),
                        ("owner", m.owner),
                        ("start", m.start),
                        ("due", m.due),
                        ("done", seen.get("done")),
                    ]
                )
                + "\n"
            )
            continue
        out.append(
            f"  - id: {m.id}\n    title: {q(m.title, False)}\n    phase: {m.phase}\n"
            f"    owner: {m.owner}\n    start: {m.start}\n    due: {m.due}\n"
        )
        if seen.get("done"):
            out.append(f"    done: {seen['done']}\n")
        if m.depends_on:
            out.append(f"    depends_on: {flow_list(m.depends_on)}\n")
        if m.deliverables:
            out.append(f"    deliverables: {flow_list(m.deliverables)}\n")
        if m.approver:
            approval = [
                ("by", m.approver),
                ("sent", seen.get("sent")),
                ("approved", seen.get("approved")),
            ]
            out.append(f"    approval: {flow_map(approval)}\n")
        if m.internal:
            out.append(f"    internal: {flow_map(m.internal.items())}\n")
        out.append("\n")
    risks = [r for r in acct.risks if r.id in st["risks"]]
    out.append("risks:\n" if risks else "risks: []\n")
    for r in risks:
        out.append(
            f"  - id: {r.id}\n    title: {q(r.title, False)}\n    impact: {r.impact}\n"
            f"    owner: {r.owner}\n    mitigation: {q(r.mitigation, False)}\n"
            f"    status: {st['risks'][r.id]}\n    raised: {r.raised}\n"
        )
        if r.visibility != "client":
            out.append(f"    visibility: {r.visibility}\n")
        if r.internal:
            out.append(f"    internal: {flow_map(r.internal.items())}\n")
        out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


def render_brief(acct: Account, st: dict[str, Any]) -> str:
    b: Brief = st["brief"]
    lines = [f"title: {q(b.title, False)}\n"]
    if b.scope:
        lines.append(f"scope: {b.scope}\nquantity: {b.quantity}\n")
    if b.change:
        lines.append(f"change: {b.change}\n")
    lines.append(f"status: {st['status']}\nowner: {b.owner}\ndue: {b.due}\n")
    if st["delivered_on"]:
        lines.append(f"delivered_on: {st['delivered_on']}\n")
    lines.append(f"objectives: {flow_list(b.objectives)}\n")
    if st["revisions"]:
        lines.append("revisions:\n")
        for k, (day, summary) in enumerate(st["revisions"], 1):
            lines.append(item([("round", k), ("date", day), ("summary", summary)]))
    if st["approved_on"]:
        lines.append(f"approved_by: {b.approved_by}\napproved_on: {st['approved_on']}\n")
    if b.visibility != "client":
        lines.append(f"visibility: {b.visibility}\n")
    lines.extend(internal_block(b.internal))
    return front("brief", lines, sections_text(st["sections"], st["choice"]) + "\n")


def render_change(acct: Account, st: dict[str, Any]) -> str:
    c: Change = st["change"]
    lines = [
        f"title: {q(c.title, False)}\nrequested_by: {c.requested_by}\n",
        f"requested_on: {c.requested_on}\nadds:\n",
        item([("scope", c.scope), ("quantity", c.quantity)]),
        f"cost: {c.cost}\ncurrency: {acct.currency}\ntimeline_impact_days: {c.impact}\n",
        f"status: {st['status']}\n",
    ]
    if st["status"] in ("approved", "rejected"):
        lines.append(f"decided_by: {c.decided_by}\ndecided_on: {c.decided_on}\n")
    if c.visibility != "client":
        lines.append(f"visibility: {c.visibility}\n")
    lines.extend(internal_block(c.internal))
    return front("change", lines, change_body(acct, c))


def render_meeting(acct: Account, st: dict[str, Any]) -> str:
    m: Meeting = st["meeting"]
    lines = [f"title: {q(m.title, False)}\ndate: {m.date}\n"]
    if m.visibility != "client":
        lines.append(f"visibility: {m.visibility}\n")
    lines.append(f"attendees: {flow_list(m.attendees)}\ndecisions:\n")
    lines.extend(f"  - {q(d, False)}\n" for d in m.decisions)
    if m.approvals:
        lines.append("approvals:\n")
        lines.extend(item([("document", d), ("by", by)]) for d, by in m.approvals)
    if m.questions:
        lines.append("open_questions:\n")
        for k, x in enumerate(m.questions):
            answered = x.answered if k in st["answered"] else None
            lines.append(
                item(
                    [
                        ("question", x.question),
                        ("owner", x.owner),
                        ("due", x.due),
                        ("answered", answered),
                    ]
                )
            )
    lines.append("actions:\n")
    for k, a in enumerate(m.actions):
        done = a.done if k in st["done"] else None
        lines.append(item([("task", a.task), ("owner", a.owner), ("due", a.due), ("done", done)]))
    lines.extend(internal_block(m.internal))
    return front("meeting", lines, meeting_body(acct, m, st["extra"]))


def render_report(acct: Account, st: dict[str, Any]) -> str:
    r: Report = st["report"]
    lines = [f"title: {q(r.title, False)}\ndate: {r.date}\n"]
    if r.visibility != "client":
        lines.append(f"visibility: {r.visibility}\n")
    lines.append(f"period_start: {r.period_start}\nperiod_end: {r.period_end}\nresults:\n")
    for objective, actual, note in r.results:
        note_or_none = note if st["final"] else None
        lines.append(item([("objective", objective), ("actual", actual), ("note", note_or_none)]))
    return front("report", lines, report_body(acct, r, st["final"]))


def render_note(acct: Account, st: dict[str, Any]) -> str:
    n: Note = st["note"]
    lines = [f"title: {q(n.title, False)}\ndate: {n.date}\nauthor: {n.author}\n"]
    lines.extend(internal_block(n.internal))
    body = (n.heading + "\n\n" if n.heading else "") + "".join(f"- {b}\n" for b in n.bullets)
    if st["log"]:
        body += "\n## Nhật ký\n\n" if acct.lang == "vi" else "\n## Log\n\n"
        body += "".join(f"- {day_month(d, acct.lang)}: {text}\n" for d, text in st["log"])
    return front("note", lines, body)


def earlier_contracts(acct: Account) -> list[tuple[str, dt.date, dt.date, int]]:
    """(id, start, end, value) of the two yearly contracts before the current one, each
    renewed on a larger value: the history relationship.yml records."""
    first = (acct.start - dt.timedelta(days=730), acct.start - dt.timedelta(days=366))
    second = (acct.start - dt.timedelta(days=365), acct.start - dt.timedelta(days=1))
    return [
        (f"{acct.contract_id}-Y1", *first, acct.value * 8 // 10),
        (f"{acct.contract_id}-Y2", *second, acct.value * 9 // 10),
    ]


def render_relationship(acct: Account, st: dict[str, Any]) -> str:
    """relationship.yml: the earlier contracts, a resolved complaint, an open escalation,
    a referral and two proposals, all derived from the account (no random draw, so the
    rest of the corpus stays as it was)."""
    (id1, s1, e1, v1), (id2, s2, e2, v2) = earlier_contracts(acct)
    contact, ae, lead = acct.contacts[0].id, acct.ae().id, acct.lead().id
    raised = min(acct.start + dt.timedelta(days=20), TODAY - dt.timedelta(days=30))
    return "".join(
        [
            "# yaml-language-server: $schema=../../docs/schemas/relationship.schema.json\n",
            "contracts:\n",
            item(
                [
                    ("id", id1),
                    ("start", s1),
                    ("end", e1),
                    ("value", v1),
                    ("currency", acct.currency),
                    ("outcome", "expanded"),
                ]
            ),
            item(
                [
                    ("id", id2),
                    ("start", s2),
                    ("end", e2),
                    ("value", v2),
                    ("currency", acct.currency),
                    ("renews", id1),
                    ("outcome", "expanded"),
                ]
            ),
            "\ncomplaints:\n",
            item(
                [
                    ("id", "late-delivery"),
                    ("date", s2 + dt.timedelta(days=40)),
                    ("by", contact),
                    ("channel", "email"),
                    ("severity", "medium"),
                    ("about", f"{acct.name}: a delivery arrived two days late"),
                    ("owner", ae),
                    ("resolved_on", s2 + dt.timedelta(days=44)),
                    ("resolution", "Delivery plan shared every Monday"),
                ]
            ),
            item(
                [
                    ("id", "budget-escalation"),
                    ("kind", "escalation"),
                    ("date", raised),
                    ("by", contact),
                    ("channel", "meeting"),
                    ("severity", "high"),
                    ("about", f"{acct.name}: production costs above the estimate"),
                    ("owner", lead),
                ]
            ),
            "\nreferrals:\n",
            item(
                [
                    ("date", s2 + dt.timedelta(days=90)),
                    ("by", contact),
                    ("referred", f"A partner of {acct.name}"),
                ]
            ),
            "\nproposals:\n",
            item(
                [
                    ("id", "always-on"),
                    ("date", s2 + dt.timedelta(days=100)),
                    ("title", "Always-on social between campaigns"),
                    ("by", lead),
                    ("value", v1 // 4),
                    ("currency", acct.currency),
                    ("status", "declined"),
                    ("decided_on", s2 + dt.timedelta(days=120)),
                ]
            ),
            item(
                [
                    ("id", "next-season"),
                    ("date", raised),
                    ("title", "The next season's campaign"),
                    ("by", ae),
                    ("value", v2),
                    ("currency", acct.currency),
                    ("sent", False),
                ]
            ),
        ]
    )
