"""Every text field of the model reaches every page as text, whatever it holds.

The pages are Markdown, so a title ending in `{#__search}` would give the page heading
the id of one of the theme's own elements, `*x*` would become emphasis and
`[x](https://…)` a link. Each text field (found by reading the dataclasses of
`model.py`, so that a new field cannot be missed) gets a value that tries all of it at
once; the built portals, the search index, the calendar feed and the status e-mail must
show it as written and nothing in them may carry what it tries to inject.
"""

from __future__ import annotations

import base64
import dataclasses
import email
import html
import json
import re
import types
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aeportal import model
from aeportal.build import search
from aeportal.check.markup import plain_text
from aeportal.cli.commands import main
from conftest import ACCOUNT, BRIEF, MEETING, TIMELINE, TODAY, VALID
from test_hostile import portal_markdown

BUILD = ["--today", TODAY, "--no-history", "--jobs", "1", "--quiet"]
# A real image for the brief's version: its page shows a preview of it.
KV_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/jVZKOQAAAABJRU5ErkJggg=="
)


def text_fields() -> set[str]:
    """`Class.field` of every field of the model that holds free text (or a list of it)."""
    found = set()
    for cls in vars(model).values():
        if not (isinstance(cls, type) and issubclass(cls, model.Record)):
            continue
        hints = typing.get_type_hints(cls, include_extras=True)
        for f in dataclasses.fields(cls):
            if f.metadata.get("derived") or f.name in ("loc", "locs"):
                continue
            tp = hints[f.name]
            if typing.get_origin(tp) in (typing.Union, types.UnionType):
                tp = next(a for a in typing.get_args(tp) if a is not type(None))
            if typing.get_origin(tp) is tuple:
                tp = typing.get_args(tp)[0]
            if tp is str:  # Annotated ids, people and e-mail addresses are not `str` itself
                found.add(f"{cls.__name__}.{f.name}")
    return found


def hostile(field: str) -> str:
    """A value that tries Markdown, an attribute list, HTML and entities, marked by field."""
    tag = field.replace(".", "-")
    return (
        f'{tag} *em-{tag}* _u_ [lnk](https://x.example/{tag}) <b class="inj">b</b> '
        f'&amp; &#123; | `code` {{: #aep-inj-{tag} .aep-injected style="color: red" }}'
    )


def q(field: str) -> str:
    """The hostile value of ``field`` as a YAML double-quoted scalar."""
    return json.dumps(hostile(field), ensure_ascii=False)


FILES = {
    ACCOUNT: f"""\
name: {q("Account.name")}
language: en
client:
  company: {q("Client.company")}
  website: {q("Client.website")}
  contacts:
    - id: lan
      name: {q("Contact.name")}
      role: {q("Contact.role")}
      email: lan@acme.example
      phone: {q("Contact.phone")}
      approver: true
team:
  - id: minh
    name: {q("TeamMember.name")}
    role: {q("TeamMember.role")}
    email: minh@agency.example
contract:
  id: {q("Contract.id")}
  start: 2026-01-01
  end: 2026-12-31
  value: 12000
  currency: {q("Contract.currency")}
  renews: pilot
  outcome: lost
  lost_to: {q("Contract.lost_to")}
approval:
  approvers: [lan]
  channel: {q("ApprovalPolicy.channel")}
objectives:
  - id: reach
    text: {q("Objective.text")}
    metric: {q("Objective.metric")}
    target: 50000
    unit: {q("Objective.unit")}
scope:
  - id: social-post
    name: {q("ScopeItem.name")}
    unit: {q("ScopeItem.unit")}
    quantity: 10
inputs:
  - item: {q("ClientInput.item")}
    owner: lan
    due: 2026-11-30
surveys:
  - date: 2026-10-01
    type: csat
    score: 4
    by: lan
    comment: {q("Survey.comment")}
""",
    TIMELINE: f"""\
milestones:
  - id: launch
    title: {q("Milestone.title")}
    owner: minh
    start: 2026-11-01
    due: 2026-12-01
risks:
  - id: late-assets
    title: {q("Risk.title")}
    owner: minh
    mitigation: {q("Risk.mitigation")}
""",
    BRIEF: f"""\
---
title: {q("Brief.title")}
scope: social-post
owner: minh
due: 2026-12-01
revisions:
  - round: 1
    date: 2026-11-15
    summary: {q("Revision.summary")}
versions:
  - version: 1
    date: 2026-11-10
    changes: {q("Version.changes")}
    files: [assets/kv.png]
    links:
      - title: {q("ProofLink.title")}
        url: {json.dumps("https://figma.example/" + hostile("ProofLink.url"))}
    feedback:
      - by: lan
        text: {q("Feedback.text")}
        where: {q("Feedback.where")}
        declined: {q("Feedback.declined")}
---
Body.
""",
    "accounts/acme/relationship.yml": f"""\
contracts:
  - id: {q("PastContract.id")}
    start: 2025-01-01
    end: 2025-06-30
    value: 9000
    currency: {q("Contract.currency")}
    outcome: lost
    lost_to: {q("PastContract.lost_to")}
  - id: pilot
    start: 2025-07-01
    end: 2025-12-31
    value: 10000
    currency: {q("Contract.currency")}
    outcome: expanded
complaints:
  - id: late
    kind: complaint
    date: 2026-10-02
    by: lan
    channel: email
    severity: high
    about: {q("Complaint.about")}
    owner: minh
    resolved_on: 2026-10-09
    resolution: {q("Complaint.resolution")}
referrals:
  - date: 2026-10-03
    by: lan
    referred: {q("Referral.referred")}
    note: {q("Referral.note")}
expansions:
  - date: 2026-10-04
    contract: pilot
    value: 500
    currency: {q("Contract.currency")}
    what: {q("Expansion.what")}
proposals:
  - id: always-on
    date: 2026-10-05
    title: {q("Proposal.title")}
    by: minh
    value: 3000
    currency: {q("Contract.currency")}
    status: accepted
    decided_on: 2026-10-10
    contract: pilot
    visibility: client
""",
    "accounts/acme/assets/kv.png": KV_PNG,
    "accounts/acme/changes/cr-001.md": f"""\
---
title: {q("ChangeRequest.title")}
requested_by: lan
requested_on: 2026-11-02
adds:
  - scope: social-post
    quantity: 1
cost: 100
currency: {q("Contract.currency")}
---
Body.
""",
    MEETING: f"""\
---
title: {q("Meeting.title")}
date: 2026-11-09
attendees: [lan, minh]
decisions:
  - {q("Meeting.decisions")}
open_questions:
  - question: {q("OpenQuestion.question")}
    owner: lan
actions:
  - task: {q("Action.task")}
    owner: minh
    due: 2026-11-30
---
Body.
""",
    "accounts/acme/reports/october.md": f"""\
---
title: {q("Report.title")}
date: 2026-11-01
results:
  - objective: reach
    actual: 1000
    note: {q("Result.note")}
---
Body.
""",
    "accounts/acme/internal/plan.md": f"""\
---
title: {q("Note.title")}
author: minh
---
Body.
""",
    # The agency's closure on a day of the Gantt chart's span: its name is the title of the
    # shaded days and the summary of the calendar feeds' event.
    "calendar.yml": f"""\
closures:
  - start: 2026-11-27
    name: {q("Closure.name")}
leave:
  - who: minh
    start: 2026-11-30
    note: {q("Leave.note")}
""",
}
# Text fields the fixture cannot give a hostile value: validation holds them to a real
# value, so they are not looked for on the pages (they are shown as text all the same).
UNWRITABLE = {
    "ChangeRequest.currency",  # must be the contract's (SCOPE007)
    "Version.files",  # paths of files that must exist: shown by their names
    "ProofLink.url",  # an https:// address
    "Client.country",  # a country code the holiday library knows (CAL001)
    "AgencyCalendar.country",
    # References to a contract by its id, and currencies, which must match the contract's.
    "Contract.renews",
    "PastContract.renews",
    "Expansion.contract",
    "Proposal.contract",
    "PastContract.currency",
    "Expansion.currency",
    "Proposal.currency",
}
# Text fields the portals do not show anywhere: every other one must be found on a page.
NOT_SHOWN = {
    "Client.website",
    "ProofLink.url",  # the address of a link, never its text
    "Contact.phone",
    "ApprovalPolicy.channel",
    "Survey.comment",
    "Leave.note",  # the agency's own note on a person's leave
}
# What only the agency's portals show: the internal notes, and the relationship log of the
# Relationship page (how the contracts ended or came about, complaints, referrals,
# expansions). Of relationship.yml the client sees only the title of a proposal shared with
# it (`visibility: client`, sent): its value, status, date and the change request it became
# are numbers, dates and references.
INTERNAL_ONLY = {
    "Note.title",
    "Contract.lost_to",
    "PastContract.id",
    "PastContract.lost_to",
    "Complaint.about",
    "Complaint.resolution",
    "Referral.referred",
    "Referral.note",
    "Expansion.what",
}


# Where a value would have become markup: what its attribute list asks for (an id, a class,
# a style), its link, or text of its own inside emphasis, bold or code (no page template
# puts a value in those). A title attribute or a heading's anchor may hold the value's text.
TAGS = re.compile("|".join(re.escape(f.replace(".", "-")) for f in sorted(text_fields())))


def injected(attrs: list[tuple[str, str | None]]) -> bool:
    values = {k: v or "" for k, v in attrs}
    return (
        values.get("id", "").startswith("aep-inj-")
        or "aep-injected" in values.get("class", "").split()
        or "color: red" in values.get("style", "")
        or values.get("href", "").startswith("https://x.example/")
    )


class Page(HTMLParser):
    """The text of a page, and the elements that a value must not have become."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.injected: list[str] = []
        self.markup = 0  # how many em, b and code elements are open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if injected(attrs):
            self.injected.append(f"<{tag} {attrs}>")
        self.markup += tag in ("em", "b", "code")
        self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.markup -= tag in ("em", "b", "code") and self.markup > 0
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self.markup and TAGS.search(data):
            self.injected.append(f"markup around {data!r}")
        self.text.append(data)


def read_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def shown_literally(text: str) -> set[str]:
    """The fields whose whole value is in ``text``, as written."""
    flat = " ".join(text.split())
    return {f for f in text_fields() if hostile(f) in flat}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plain") / "repo"
    for rel, text in {**VALID, **FILES}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / rel).write_bytes(data)
    assert main(["validate", str(root), "--today", TODAY, "--no-history"]) == 0
    assert main(["build", str(root), *BUILD]) == 0
    return root


def test_every_text_field_of_the_model_is_in_the_fixture() -> None:
    written = set(re.findall(r'q\("([A-Za-z]+\.[a-z_]+)"\)', Path(__file__).read_text()))
    assert written | UNWRITABLE == text_fields()
    assert not written & UNWRITABLE
    assert len(written) >= 30


def test_no_page_turns_a_value_into_markup(built: Path) -> None:
    site = built / "site"
    seen: set[str] = set()
    problems: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        page = read_page(path.read_text(encoding="utf-8"))
        if page.injected:
            problems[str(path.relative_to(site))] = page.injected
        seen |= shown_literally("".join(page.text))
    assert problems == {}
    assert seen == text_fields() - UNWRITABLE - NOT_SHOWN


def test_no_heading_of_the_search_index_has_an_injected_anchor(built: Path) -> None:
    fragments = sorted((built / "site").rglob("*.pf_fragment"))
    assert fragments
    anchors = [
        anchor.get("id", "")
        for path in fragments
        for anchor in json.loads(search.read_compressed(path))["anchors"]
    ]
    assert anchors and [a for a in anchors if re.search("^aep-inj-[^-]*-[^-]*$", a)] == []


def test_the_client_portal_shows_the_client_fields_as_written(built: Path) -> None:
    client = built / "site/clients/acme"
    text = " ".join(
        "".join(read_page(p.read_text(encoding="utf-8")).text) for p in client.rglob("*.html")
    )
    assert shown_literally(text) == text_fields() - UNWRITABLE - NOT_SHOWN - INTERNAL_ONLY
    assert "Proposal.title" in shown_literally(text)


def _ics_text(ics: str) -> str:
    unfolded = re.sub(r"\r\n[ \t]", "", ics)
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), unfolded)


def test_the_calendar_feed_has_the_milestone_title_as_written(built: Path) -> None:
    ics = (built / "site/clients/acme/calendar.ics").read_bytes().decode("utf-8")
    assert f"SUMMARY:{hostile('Milestone.title')}" in _ics_text(ics).splitlines()


def test_the_status_e_mail_shows_values_as_written(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "status.eml"
    assert main(["email", "acme", "--repo", str(built), "--today", TODAY, "--out", str(out)]) == 0
    capsys.readouterr()
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["Subject"].startswith(hostile("Account.name"))
    parts = {p.get_content_type(): p.get_content() for p in message.walk() if not p.is_multipart()}
    page = read_page(parts["text/html"])
    assert page.injected == []
    expected = {"Account.name", "Milestone.title", "Risk.title", "Risk.mitigation"}
    assert expected <= shown_literally("".join(page.text))
    assert expected <= shown_literally(parts["text/plain"])


# Every character that some reader takes for a line break, and control characters, which a
# YAML escape writes into a value ("\u000b"). Each one becomes a space.
BREAKS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e\x02\x03\x00\x1b\x7f"


def spelled(text: str) -> str:
    """``text`` with one of BREAKS after each word, as a YAML double-quoted scalar."""
    words = text.split(" ")
    joined = "".join(w + BREAKS[i % len(BREAKS)] for i, w in enumerate(words[:-1])) + words[-1]
    return json.dumps(joined)


def test_line_breaks_and_control_characters_in_values_are_spaces_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, member, title = "Acme Coffee House of Hanoi", "Minh Van Tran", "Campaign launch day one"
    files = {
        **VALID,
        ACCOUNT: VALID[ACCOUNT]
        .replace("name: Acme Coffee", f"name: {spelled(name)}")
        .replace("name: Minh Tran", f"name: {spelled(member)}")
        .replace("name: Lan Nguyen", f"name: {spelled('Lan Thi Nguyen')}"),
        TIMELINE: VALID[TIMELINE].replace("title: Campaign launch", f"title: {spelled(title)}"),
    }
    root = tmp_path / "repo"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    assert main(["validate", str(root), "--today", TODAY, "--no-history"]) == 0
    assert main(["build", str(root), *BUILD]) == 0
    out = tmp_path / "status.eml"
    assert main(["email", "acme", "--repo", str(root), "--today", TODAY, "--out", str(out)]) == 0
    capsys.readouterr()
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == f"{name} — status update, Nov 23, 2026"
    assert message["From"] == f"{member} <minh@agency.example>"
    assert message["To"] == "Lan Thi Nguyen <lan@acme.example>"
    ics = (root / "site/clients/acme/calendar.ics").read_bytes().decode("utf-8")
    assert f"SUMMARY:{title}" in _ics_text(ics).split("\r\n")
    assert f"X-WR-CALNAME:{name}" in _ics_text(ics).split("\r\n")
    assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", ics) is None
    overview = (root / "site/clients/acme/index.html").read_text(encoding="utf-8")
    assert f">{name}<" in re.sub(r"<a [^>]*></a>", "", overview)
    assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", overview) is None


@pytest.mark.parametrize(
    ("value", "markdown"),
    [
        ("Launch {#__search}", "Launch &#123;&#35;&#95;&#95;search&#125;"),
        ("in_review a_b _x_ __y", "in_review a_b &#95;x&#95; &#95;&#95;y"),
        ("- item", "&#45; item"),
        ("1. first", "1&#46; first"),
        ("    code", "   &#32;code"),
        ("a\u2028b\nc\x02d", "a b c d"),
        ('<b>&amp;</b> "q"', "&lt;b&gt;&amp;amp;&lt;/b&gt; &#34;q&#34;"),
        ("2026-11-23, 12.5 %", "2026-11-23, 12.5 %"),
        ("*" * 300, "&#42;" * 300),  # longer than the cached ones: the same answer
    ],
)
def test_plain_text_writes_what_markdown_shows_as_typed(value: str, markdown: str) -> None:
    assert plain_text(value) == markdown
    page = portal_markdown().convert(f"# {plain_text(value)}")
    page = re.sub(r'<a class="headerlink".*?</a>', "", page)  # the heading's permalink
    assert re.fullmatch(r'<h1 id="[^"]*">[^<]*</h1>', page), page
    shown = html.unescape(re.sub("<[^>]+>", "", page)).strip()
    assert shown == re.sub(r"[\n\u2028\x02]", " ", value).strip()
