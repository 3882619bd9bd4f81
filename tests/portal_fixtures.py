"""Small repositories with planted markers, for the build and privacy tests."""

from __future__ import annotations

from pathlib import Path

TODAY = "2026-11-23"


def account_files(slug: str, mark: str, language: str = "en") -> dict[str, str]:
    """One account whose every place holds a marker: `{mark}-CLIENT-…` or `{mark}-INT-…`."""
    low = mark.lower()
    return {
        f"accounts/{slug}/account.yml": f"""\
name: {mark.title()} Client Co
language: {language}
client:
  company: {mark.title()} Holdings {mark}-CLIENT-COMPANY
  contacts:
    - {{id: {low}-cmo, name: {mark.title()}person Contact, email: cmo@{low}.example,
       approver: true}}
team:
  - {{id: sam, name: Sam Agency, role: Account Executive, email: sam@agency.example}}
contract: {{id: {mark}-2026, start: 2026-09-01, end: 2027-03-31, value: 90000, currency: USD}}
approval: {{approvers: [{low}-cmo], sla_days: 2}}
objectives:
  - {{id: reach, text: {mark}-CLIENT-OBJECTIVE reach more people, metric: reach, target: 1000}}
scope:
  - {{id: post, name: Social post, unit: post, quantity: 10, revision_rounds: 2}}
inputs:
  - {{item: {mark}-CLIENT-INPUT logo files, owner: {low}-cmo, due: 2026-09-05}}
surveys:
  - {{date: 2026-10-01, type: csat, score: 4.0, scale: 5}}
  - {{date: 2026-11-01, type: csat, score: 4.5, scale: 5}}
internal:
  margin_target: "0.35"
  note: {mark}-INT-ACCOUNT margin is thin
""",
        f"accounts/{slug}/timeline.yml": f"""\
milestones:
  - {{id: kickoff, title: {mark}-CLIENT-MILESTONE kickoff, phase: kickoff, owner: sam,
     start: 2026-09-01, due: 2026-09-05, done: 2026-09-05}}
  - {{id: staffing, title: {mark}-INT-MILESTONE staffing, owner: sam, due: 2026-09-10,
     visibility: internal}}
  - id: posts
    title: {mark}-CLIENT-POSTS first posts
    owner: sam
    start: 2026-11-01
    due: 2026-12-10
    depends_on: [kickoff]
    deliverables: [{low}-launch-post]
    internal: {{pricing: {mark}-INT-MILESTONE-FIELD}}
risks:
  - {{id: late, title: {mark}-CLIENT-RISK late feedback, impact: medium, owner: sam,
     mitigation: Weekly review call, status: open}}
  - {{id: margin, title: {mark}-INT-RISK margin squeeze, impact: high, owner: sam,
     mitigation: {mark}-INT-MITIGATION renegotiate, status: open, visibility: internal}}
""",
        f"accounts/{slug}/briefs/{low}-launch-post.md": f"""\
---
title: {mark}-CLIENT-BRIEF launch post
scope: post
status: in_production
owner: sam
due: 2026-12-01
objectives: [reach]
internal: {{cost_note: {mark}-INT-BRIEF-FIELD}}
---
## Background

{mark}-CLIENT-BODY the launch post.

<!-- {mark}-INT-COMMENT do not show the client -->
""",
        f"accounts/{slug}/briefs/{low}-secret-pitch.md": f"""\
---
title: {mark}-INT-BRIEF-DOC secret pitch
scope: post
status: draft
owner: sam
visibility: internal
---
{mark}-INT-BRIEF-BODY upsell plan.
""",
        f"accounts/{slug}/meetings/2026-09-01-kickoff.md": f"""\
---
title: {mark}-CLIENT-MEETING kickoff
date: 2026-09-01
attendees: [{low}-cmo, sam]
decisions: [{mark}-CLIENT-DECISION go ahead]
actions:
  - {{task: {mark}-CLIENT-ACTION send logo, owner: {low}-cmo, due: 2026-09-05,
     done: 2026-09-04}}
internal: {{mood: {mark}-INT-MEETING-FIELD}}
---
Notes.
""",
        f"accounts/{slug}/meetings/2026-09-02-staffing.md": f"""\
---
title: {mark}-INT-MEETING staffing
date: 2026-09-02
attendees: [sam]
decisions: [{mark}-INT-DECISION move designer]
visibility: internal
---
{mark}-INT-MEETING-BODY.
""",
        f"accounts/{slug}/changes/cr-001.md": f"""\
---
title: {mark}-CLIENT-CHANGE extra posts
requested_by: {low}-cmo
requested_on: 2026-10-01
adds: [{{scope: post, quantity: 2}}]
cost: 2000
status: approved
decided_by: {low}-cmo
decided_on: 2026-10-03
internal: {{margin: {mark}-INT-CHANGE-FIELD}}
---
Two more posts.
""",
        f"accounts/{slug}/reports/2026-11-results.md": f"""\
---
title: {mark}-CLIENT-REPORT November results
date: 2026-11-20
results: [{{objective: reach, actual: 800}}]
---
Results so far.
""",
        f"accounts/{slug}/internal/relationship.md": f"""\
---
title: {mark}-INT-NOTE relationship
author: sam
---
{mark}-INT-NOTE-BODY the CMO prefers calls.
""",
    }


def write_repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


MARKS = {"alpha-co": ("ALPHA", "en"), "beta-co": ("BETA", "vi"), "gamma-co": ("GAMMA", "en")}


def relationship_files(slug: str, mark: str) -> dict[str, str]:
    """The account's relationship.yml, every entry internal (`{mark}-INT-…`) but a proposal
    shared with the client (`{mark}-CLIENT-PROPOSAL`)."""
    low = mark.lower()
    return {
        f"accounts/{slug}/relationship.yml": f"""\
contracts:
  - {{id: {mark}-INT-CONTRACT-OLD, start: 2025-01-01, end: 2025-12-31, value: 50000,
     currency: USD, outcome: lost, lost_to: {mark}-INT-COMPETITOR agency,
     internal: {{why: {mark}-INT-CONTRACT-FIELD}}}}
complaints:
  - {{id: late, date: 2026-10-02, by: {low}-cmo, channel: email, severity: high,
     about: {mark}-INT-COMPLAINT late posts, owner: sam, resolved_on: 2026-10-09,
     resolution: {mark}-INT-RESOLUTION new schedule}}
  - {{id: escalated, kind: escalation, date: 2026-11-02, by: {low}-cmo, channel: phone,
     about: {mark}-INT-ESCALATION budget overrun}}
referrals:
  - {{date: 2026-10-20, by: {low}-cmo, referred: {mark}-INT-REFERRAL friend company}}
expansions:
  - {{date: 2026-10-21, contract: {mark}-2026, value: 900, currency: USD,
     what: {mark}-INT-EXPANSION second city}}
proposals:
  - {{id: shared, date: 2026-10-01, title: {mark}-CLIENT-PROPOSAL video series, value: 500,
     currency: USD, visibility: client, internal: {{margin: {mark}-INT-PROPOSAL-FIELD}}}}
  - {{id: idea, date: 2026-11-20, title: {mark}-INT-PROPOSAL-IDEA loyalty app, value: 800,
     currency: USD, sent: false}}
""",
    }


def leak_repo(root: Path) -> Path:
    files: dict[str, str] = {}
    for slug, (mark, lang) in MARKS.items():
        files.update(account_files(slug, mark, lang))
        # Not in account_files: the internal portal's pages of the relationship are checked
        # where they are made; here, that none of it reaches a client portal.
        files.update(relationship_files(slug, mark))
    return write_repo(root, files)
