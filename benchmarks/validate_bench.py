"""How long `aeportal validate` takes on a large repository.

Generates, in a temporary folder, 100 accounts of 30 Markdown documents each
(3,000 documents, plus an account.yml and a timeline.yml per account, of
realistic size and all valid), then times ``aeportal.check.rules.check`` and
prints the median of 5 runs:

    python3 benchmarks/validate_bench.py [--accounts 100] [--runs 5]

Nothing asserts on the time; the figure is for comparing changes by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from aeportal.check.rules import check

TODAY = dt.date(2026, 11, 23)
SCOPE = ["social-post", "video", "landing-page", "newsletter", "banner", "event"]
# Documents per account: 30 in all.
KINDS = {"briefs": 15, "changes": 4, "meetings": 7, "reports": 3, "internal": 1}

LOREM = (
    "The campaign speaks to office workers who buy their first coffee on the way in. "
    "Every piece leads with the product, shows the price, and ends with the store finder. "
    "Tone: warm, direct, a little playful; no jargon, no superlatives the client cannot prove."
)


def day(offset: int) -> str:
    return (dt.date(2026, 1, 5) + dt.timedelta(days=offset)).isoformat()


def account_yml(n: int) -> str:
    contacts = "".join(
        f"    - id: client-{i}\n      name: Client Person {i}\n      role: Manager {i}\n"
        f'      email: person{i}@client{n}.example\n      phone: "+84 90 000 00{i}{i}"\n'
        f"      approver: {'true' if i < 2 else 'false'}\n"
        for i in range(4)
    )
    team = "".join(
        f"  - id: team-{i}\n    name: Agency Person {i}\n    role: Account Executive\n"
        f"    email: team{i}@agency.example\n"
        for i in range(3)
    )
    objectives = "".join(
        f"  - id: objective-{i}\n    text: Grow measure {i} among young professionals\n"
        f"    metric: reach\n    target: {(i + 1) * 10000}\n    unit: people\n"
        for i in range(3)
    )
    scope = "".join(
        f"  - id: {item}\n    name: {item.replace('-', ' ').title()}\n    unit: piece\n"
        f"    quantity: 12\n    revision_rounds: 2\n"
        for item in SCOPE
    )
    inputs = "".join(
        f"  - item: Brand asset pack {i}\n    owner: client-{i}\n    due: {day(10 + i)}\n"
        f"    received: {day(12 + i)}\n"
        for i in range(3)
    )
    surveys = "".join(
        f"  - date: {day(60 * i + 30)}\n    type: csat\n    score: 4\n    by: client-0\n"
        f"    comment: Clear updates, fast turnaround\n"
        for i in range(3)
    )
    return (
        f"name: Client {n}\nlanguage: en\nclient:\n  company: Client {n} Trading Co\n"
        f"  website: https://client{n}.example\n  contacts:\n{contacts}team:\n{team}"
        f"contract:\n  id: C-2026-{n:03d}\n  start: 2026-01-01\n  end: 2026-12-31\n"
        f"  value: 120000\n  currency: USD\n  renewal: in_discussion\n"
        f"approval:\n  approvers: [client-0, client-1]\n  sla_days: 2\n  channel: e-mail\n"
        f"objectives:\n{objectives}scope:\n{scope}inputs:\n{inputs}surveys:\n{surveys}"
        f"internal:\n  margin: 0.32\n  notes: Renewal looks likely\n"
    )


def timeline_yml() -> str:
    milestones = []
    for i in range(12):
        depends = f"    depends_on: [m-{i - 1}]\n" if i else ""
        done = f"    done: {day(25 * i + 20)}\n" if i < 8 else ""
        deliverables = f"    deliverables: [brief-{i:02d}]\n"
        milestones.append(
            f"  - id: m-{i}\n    title: Milestone {i} of the campaign\n    phase: execution\n"
            f"    owner: team-{i % 3}\n    start: {day(25 * i)}\n    due: {day(25 * i + 21)}\n"
            f"{done}{depends}{deliverables}"
            f"    approval:\n      by: client-0\n      sent: {day(25 * i + 15)}\n"
            + (f"      approved: {day(25 * i + 17)}\n" if i < 8 else "")
        )
    risks = "".join(
        f"  - id: risk-{i}\n    title: Assets arrive late ({i})\n    impact: medium\n"
        f"    owner: team-0\n    mitigation: Weekly reminder to the client\n    raised: {day(i)}\n"
        for i in range(4)
    )
    return "milestones:\n" + "".join(milestones) + "risks:\n" + risks


def body(title: str, paragraphs: int) -> str:
    return f"# {title}\n\n" + "\n\n".join(LOREM for _ in range(paragraphs)) + "\n"


def brief(i: int) -> str:
    revisions = "".join(
        f"  - round: {r}\n    date: {day(20 * i + r)}\n    summary: Tighter copy, round {r}\n"
        for r in (1, 2)
    )
    return (
        f"---\ntitle: Brief {i} for the autumn campaign\nscope: {SCOPE[i % len(SCOPE)]}\n"
        f"quantity: 1\nstatus: {'delivered' if i < 8 else 'in_review'}\nowner: team-{i % 3}\n"
        f"due: {day(20 * i + 10)}\n"
        + (f"delivered_on: {day(20 * i + 9)}\n" if i < 8 else "")
        + f"objectives: [objective-{i % 3}]\nrevisions:\n{revisions}"
        + (f"approved_by: client-0\napproved_on: {day(20 * i + 5)}\n" if i < 8 else "")
        + "---\n"
        + body(f"Brief {i}", 6)
    )


def change(i: int) -> str:
    approved = i % 2 == 0
    return (
        f"---\ntitle: Extra pieces {i}\nrequested_by: client-1\nrequested_on: {day(40 * i)}\n"
        f"adds:\n  - scope: {SCOPE[i]}\n    quantity: 2\ncost: 1500\ncurrency: USD\n"
        f"timeline_impact_days: 3\nstatus: {'approved' if approved else 'proposed'}\n"
        + (f"decided_by: client-0\ndecided_on: {day(40 * i + 3)}\n" if approved else "")
        + "---\n"
        + body(f"Change {i}", 2)
    )


def meeting(i: int) -> str:
    actions = "".join(
        f"  - task: Follow-up task {a} from meeting {i}\n    owner: team-{a % 3}\n"
        f"    due: {day(30 * i + a + 3)}\n    done: {day(30 * i + a + 2)}\n"
        for a in range(4)
    )
    return (
        f"---\ntitle: Weekly status {i}\ndate: {day(30 * i)}\n"
        f"attendees: [client-0, client-1, team-0, team-1]\n"
        f"decisions:\n  - Go ahead with option A\n  - Move the shoot by one week\n"
        f"open_questions:\n  - question: Which store opens first?\n    owner: client-1\n"
        f"    due: {day(30 * i + 7)}\nactions:\n{actions}"
        f"approvals:\n  - document: brief-{i:02d}\n    by: client-0\n---\n"
        + body(f"Meeting {i}", 3)
    )


def report(i: int) -> str:
    results = "".join(
        f"  - objective: objective-{o}\n    actual: {(o + 1) * 4000 + i}\n    note: On track\n"
        for o in range(3)
    )
    return (
        f"---\ntitle: Monthly report {i}\ndate: {day(90 * i + 30)}\n"
        f"period_start: {day(90 * i)}\nperiod_end: {day(90 * i + 29)}\nresults:\n{results}---\n"
        + body(f"Report {i}", 4)
    )


def note(i: int) -> str:
    return f"---\ntitle: Internal note {i}\ndate: {day(i)}\nauthor: team-0\n---\n" + body("Note", 2)


MAKERS = {"briefs": brief, "changes": change, "meetings": meeting, "reports": report}


def generate(root: Path, accounts: int) -> int:
    """Write the repository; return the number of Markdown documents."""
    documents = 0
    for n in range(accounts):
        folder = root / "accounts" / f"client-{n:03d}"
        folder.mkdir(parents=True)
        (folder / "account.yml").write_text(account_yml(n), encoding="utf-8")
        (folder / "timeline.yml").write_text(timeline_yml(), encoding="utf-8")
        for kind, count in KINDS.items():
            (folder / kind).mkdir()
            make = MAKERS.get(kind, note)
            prefix = {"briefs": "brief", "changes": "cr", "meetings": "meeting"}.get(kind, kind)
            for i in range(count):
                (folder / kind / f"{prefix}-{i:02d}.md").write_text(make(i), encoding="utf-8")
                documents += 1
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        documents = generate(root, args.accounts)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = check(root, TODAY)
            times.append(time.perf_counter() - start)
        problems = result.report.sorted()
        if problems:  # the figure is only meaningful for a clean repository
            for d in problems[:20]:
                print(f"{d.loc}: {d.severity} {d.code} {d.message}")
            raise SystemExit(f"the generated repository has {len(problems)} problems")
        print(
            f"{len(result.portfolio.accounts)} accounts, {documents} documents "
            f"(+{2 * args.accounts} YAML files, {size / 1e6:.1f} MB): "
            f"median {statistics.median(times):.3f} s over {args.runs} runs "
            f"(min {min(times):.3f} s, max {max(times):.3f} s)"
        )


if __name__ == "__main__":
    main()
