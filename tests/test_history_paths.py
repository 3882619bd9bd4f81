"""A document's history is its own: it starts where the document started, a deletion
ends it, a rename carries it, and a path used again holds a new document (real git)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.cli.commands import main
from aeportal.trail.history import HistoryIndex, Touch
from aeportal.trail.report import read_history
from portal_fixtures import account_files, write_repo
from test_history import TODAY, Git

BRIEF = "accounts/alpha-co/briefs/alpha-launch-post.md"
HOLIDAY = "accounts/alpha-co/briefs/holiday-post.md"
WHO = "Alphaperson Contact <cmo@alpha.example>"
HOLIDAY_TEXT = """\
---
title: Holiday post
scope: post
status: in_production
owner: sam
due: 2026-12-20
---
The holiday post.
"""


def alpha(tmp_path: Path) -> tuple[Path, Git]:
    """The Alpha account, its launch post approved by the client (with a trailer)."""
    root = tmp_path / "repo"
    write_repo(root, account_files("alpha-co", "ALPHA"))
    git = Git(root)
    git("init", "-q", "-b", "main")
    git.edit(BRIEF, "status: in_production", "status: in_review")
    git.commit("Import the Alpha account")
    git.edit(BRIEF, "status: in_review", "status: approved\napproved_by: alpha-cmo")
    git.edit(BRIEF, "due: ", "approved_on: 2026-11-20\ndue: ")
    git.commit(f"Approve the launch post\n\nApproved-by: {WHO}\n")
    return root, git


def history(root: Path) -> HistoryIndex:
    checked = check(root, TODAY)
    assert not checked.report.errors, [str(d) for d in checked.report.errors]
    return read_history(root, checked.portfolio)


def shown(touches: list[Touch]) -> list[tuple[str, str, str]]:
    return [(t.commit.subject, t.change, t.path.rsplit("/", 1)[-1]) for t in touches]


# The launch post's own commits, newest first, once it is gone.
LAUNCH_POST = [
    ("Withdraw the launch post", "D", "alpha-launch-post.md"),
    ("Approve the launch post", "M", "alpha-launch-post.md"),
    ("Import the Alpha account", "A", "alpha-launch-post.md"),
]


def test_a_new_brief_moved_onto_a_deleted_briefs_path_has_none_of_its_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repro of issue 14: approve, `git rm`, then `git mv` another brief onto the path."""
    root, git = alpha(tmp_path)
    git("rm", "-q", BRIEF)
    git.commit("Withdraw the launch post")
    write_repo(root, {HOLIDAY: HOLIDAY_TEXT})
    git.commit("Add the holiday post")
    git("mv", HOLIDAY, BRIEF)
    git.commit("Publish the holiday post as the launch post")
    index = history(root)
    assert shown(index.touches[BRIEF]) == [
        ("Publish the holiday post as the launch post", "R", "alpha-launch-post.md"),
        ("Add the holiday post", "A", "holiday-post.md"),
    ]
    assert BRIEF not in index.approvals and index.latest_approval(root / BRIEF) is None
    assert [shown(h) for h in index.earlier[BRIEF]] == [LAUNCH_POST]
    assert HOLIDAY not in index.touches and HOLIDAY not in index.earlier
    # Validate judges no approval of it; its client page shows only its own commits.
    assert main(["validate", str(root), "--today", TODAY.isoformat()]) == 0
    assert "HIST" not in capsys.readouterr().out
    site = tmp_path / "site"
    args = ["build", str(root), "--today", TODAY.isoformat(), "--out", str(site), "--quiet"]
    assert main([*args, "--jobs", "1"]) == 0
    page = (site / "clients/alpha-co/briefs/alpha-launch-post/index.html").read_text("utf-8")
    assert "Holiday post" in page and "Changed since approved" not in page
    # One row per commit of its own: the rename, then its addition.
    table = page.split('id="history-and-approvals"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td>(\w{3} \d+, \d{4})</td>", table) == [
        f"{t.commit.date:%b} {t.commit.date.day}, {t.commit.date.year}"
        for t in index.touches[BRIEF]
    ]


def test_a_path_deleted_and_added_again_in_two_commits_holds_two_documents(
    tmp_path: Path,
) -> None:
    root, git = alpha(tmp_path)
    approved = (root / BRIEF).read_text("utf-8")
    git("rm", "-q", BRIEF)
    git.commit("Withdraw the launch post")
    # The same text again, approval fields and all: a new document all the same, whose
    # approval is the commit that brought it back.
    write_repo(root, {BRIEF: approved})
    git.commit("Bring the launch post back")
    index = history(root)
    assert shown(index.touches[BRIEF]) == [
        ("Bring the launch post back", "A", "alpha-launch-post.md"),
    ]
    assert [a.commit.subject for a in index.approvals[BRIEF]] == ["Bring the launch post back"]
    assert [shown(h) for h in index.earlier[BRIEF]] == [LAUNCH_POST]


def test_a_path_deleted_and_added_again_in_one_commit_is_one_document(tmp_path: Path) -> None:
    root, git = alpha(tmp_path)
    # git records no deletion when a commit replaces a file: the content changed, and the
    # approval of the old content is stale.
    git("rm", "-q", BRIEF)
    write_repo(root, {BRIEF: HOLIDAY_TEXT.replace("in_production", "approved")})
    git.edit(BRIEF, "due: ", "approved_by: alpha-cmo\napproved_on: 2026-11-20\ndue: ")
    git.commit("Replace the launch post")
    index = history(root)
    assert shown(index.touches[BRIEF]) == [
        ("Replace the launch post", "M", "alpha-launch-post.md"),
        ("Approve the launch post", "M", "alpha-launch-post.md"),
        ("Import the Alpha account", "A", "alpha-launch-post.md"),
    ]
    (approval,) = index.approvals[BRIEF]
    assert (approval.commit.subject, approval.stale) == ("Approve the launch post", True)
    assert BRIEF not in index.earlier


def test_a_rename_chain_carries_the_history_and_each_path_reused_starts_afresh(
    tmp_path: Path,
) -> None:
    root, git = alpha(tmp_path)
    second = "accounts/alpha-co/briefs/second-name.md"
    third = "accounts/alpha-co/briefs/third-name.md"
    git("mv", BRIEF, second)
    git.edit("accounts/alpha-co/timeline.yml", "[alpha-launch-post]", "[third-name]")
    git.commit("Rename to second")
    # The first path gets a new brief while the approved one moves on.
    write_repo(root, {BRIEF: HOLIDAY_TEXT})
    git("mv", second, third)
    git.commit("Rename to third; a new brief at the first path")
    index = history(root)
    assert shown(index.touches[third]) == [
        ("Rename to third; a new brief at the first path", "R", "third-name.md"),
        ("Rename to second", "R", "second-name.md"),
        ("Approve the launch post", "M", "alpha-launch-post.md"),
        ("Import the Alpha account", "A", "alpha-launch-post.md"),
    ]
    assert [a.commit.subject for a in index.approvals[third]] == ["Approve the launch post"]
    assert shown(index.touches[BRIEF]) == [
        ("Rename to third; a new brief at the first path", "A", "alpha-launch-post.md"),
    ]
    assert second not in index.touches and index.earlier == {}
