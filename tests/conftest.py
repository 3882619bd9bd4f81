"""Tiny repositories in tmp dirs, a valid account to start from, and a way to validate them."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from aeportal.cli.commands import main

TODAY = "2026-11-23"

ACCOUNT = "accounts/acme/account.yml"
TIMELINE = "accounts/acme/timeline.yml"
BRIEF = "accounts/acme/briefs/launch-post.md"
MEETING = "accounts/acme/meetings/kickoff.md"

# A minimal account that validates clean on TODAY. Tests copy it and change one thing;
# the line numbers in their assertions count from these texts, so edit with care.
VALID: dict[str, str] = {
    ACCOUNT: """\
name: Acme Coffee
language: en
client:
  company: Acme Coffee Ltd
  website: https://acme.example
  contacts:
    - id: lan
      name: Lan Nguyen
      role: Marketing Director
      email: lan@acme.example
      approver: true
    - id: hoa
      name: Hoa Pham
      role: Brand Manager
team:
  - id: minh
    name: Minh Tran
    role: Account Executive
    email: minh@agency.example
contract:
  id: C-2026-01
  start: 2026-01-01
  end: 2026-12-31
  value: 12000
  currency: USD
  renewal: in_discussion
approval:
  approvers: [lan]
  sla_days: 2
  channel: e-mail
objectives:
  - id: reach
    text: Reach more coffee drinkers in Hanoi
    metric: reach
    target: 50000
    unit: people
scope:
  - id: social-post
    name: Social media post
    unit: post
    quantity: 10
    revision_rounds: 2
  - id: video
    name: Short video
    unit: video
    quantity: 2
    revision_rounds: 1
""",
    TIMELINE: """\
milestones:
  - id: kickoff
    title: Kickoff workshop
    phase: kickoff
    owner: minh
    start: 2026-01-05
    due: 2026-01-10
    done: 2026-01-09
  - id: launch
    title: Campaign launch
    owner: minh
    start: 2026-11-01
    due: 2026-12-01
    depends_on: [kickoff]
    deliverables: [launch-post]
    approval:
      by: lan
      sent: 2026-11-10
risks:
  - id: late-assets
    title: Brand assets arrive late
    impact: medium
    owner: hoa
    mitigation: Weekly reminder
""",
    BRIEF: """\
---
title: Launch post
scope: social-post
quantity: 1
status: in_review
owner: minh
due: 2026-12-01
objectives: [reach]
revisions:
  - round: 1
    date: 2026-11-15
    summary: Shorter headline
---
# Launch post

One post announcing the new cold brew.
""",
    MEETING: """\
---
title: Kickoff workshop
date: 2026-01-09
attendees: [lan, hoa, minh]
decisions:
  - Start with social posts
actions:
  - task: Send the brand guide
    owner: lan
    due: 2026-01-20
    done: 2026-01-19
---
Notes from the workshop.
""",
}

# (code, severity, path, line, col) of one diagnostic, as the JSON output gives it.
Found = tuple[str, str, str, int, int]


def md(**front: str) -> str:
    """A Markdown document whose front matter holds ``front`` in order, from line 2 on.

    Values are YAML text, written as given: ``md(title="X", owner="minh")``.
    """
    lines = ["---", *(f"{key}: {value}" for key, value in front.items()), "---", "Body.", ""]
    return "\n".join(lines)


def edit(path: str, old: str, new: str) -> dict[str, str]:
    """VALID's text of ``path`` with ``old`` (which must occur once) replaced by ``new``."""
    text = VALID[path]
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    return {path: text.replace(old, new)}


def found(doc: Mapping[str, Any]) -> list[Found]:
    """The diagnostics of a JSON report, reduced to what tests compare."""
    return [(d["code"], d["severity"], d["path"], d["line"], d["col"]) for d in doc["diagnostics"]]


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """Write ``{relative path: text or bytes}`` under a fresh folder and return it.

    Text is written byte for byte (no newline translation), so tests can use CRLF.
    """

    def make(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            path.write_bytes(data)
        return root

    return make


@pytest.fixture
def validate(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, dict[str, Any]]]:
    """Run ``aeportal validate ROOT --today TODAY --format json`` from inside ROOT.

    Returns (exit status, parsed JSON); fails if anything looks like a traceback.
    """

    def run(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
        monkeypatch.chdir(root)
        status = main(["validate", str(root), "--today", TODAY, "--format", "json", *extra])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert err == ""
        return status, json.loads(out)

    return run


@pytest.fixture
def check(
    make_repo: Callable[[Mapping[str, str | bytes]], Path],
    validate: Callable[..., tuple[int, dict[str, Any]]],
) -> Callable[..., tuple[int, list[Found]]]:
    """Write VALID with ``changes`` on top, validate it: (exit status, diagnostics found)."""

    def run(changes: Mapping[str, str | bytes], *extra: str) -> tuple[int, list[Found]]:
        status, doc = validate(make_repo({**VALID, **changes}), *extra)
        return status, found(doc)

    return run
