"""The approval trail on real git repositories built in tmp dirs."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.cli.commands import main
from aeportal.trail.history import build_index, content_hash
from aeportal.trail.report import read_history
from portal_fixtures import account_files, write_repo

TODAY = dt.date(2026, 11, 23)
BRIEF = "accounts/alpha-co/briefs/alpha-launch-post.md"
CHANGE = "accounts/alpha-co/changes/cr-001-extra-posts.md"
MEETING = "accounts/alpha-co/meetings/2026-09-01-kickoff.md"


class Git:
    """Runs real git in a work tree, with fixed dates so that the trail is exact."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self, *args: str, input: bytes | None = None) -> str:
        self.clock += dt.timedelta(hours=1)
        stamp = self.clock.isoformat()
        env = {
            **os.environ,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_AUTHOR_NAME": "Sam AE",
            "GIT_AUTHOR_EMAIL": "sam@agency.example",
            "GIT_COMMITTER_NAME": "Sam AE",
            "GIT_COMMITTER_EMAIL": "sam@agency.example",
        }
        out = subprocess.run(
            ["git", *args], cwd=self.root, env=env, input=input, capture_output=True, check=True
        )
        return out.stdout.decode("utf-8", errors="replace").strip()

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str) -> str:
        self("add", "-A")
        self("commit", "-q", "-m", message)
        return self("rev-parse", "HEAD")


def make_history(root: Path) -> Git:
    files = {
        k.replace("accounts/alpha-co/", "accounts/alpha/"): v
        for k, v in account_files("alpha-co", "ALPHA").items()
    }
    write_repo(root, files)
    git = Git(root)
    git("init", "-q", "-b", "main")
    old_brief = BRIEF.replace("alpha-co", "alpha")
    git.edit(old_brief, "status: in_production", "status: draft")
    git.commit("Add the Alpha account")
    # A feature branch approved through pull request #3, merged with --no-ff.
    git("checkout", "-q", "-b", "approve-launch")
    git.edit(
        old_brief,
        "status: draft",
        "status: approved\napproved_by: alpha-cmo\napproved_on: 2026-11-02",
    )
    git.commit("Approve the launch post")
    git("checkout", "-q", "main")
    git(
        "merge",
        "-q",
        "--no-ff",
        "approve-launch",
        "-m",
        "Merge pull request #3 from agency/approve-launch",
    )
    # A squash merge of pull request #4 that renames the account folder (files move
    # between folders) and the change request.
    git("mv", "accounts/alpha", "accounts/alpha-co")
    git("mv", "accounts/alpha-co/changes/cr-001.md", CHANGE)
    git.commit("Rename the Alpha account folder (#4)")
    # A GitLab merge request.
    git("checkout", "-q", "-b", "notes")
    git.edit(MEETING, "Notes.", "Notes, with the agreed next steps.")
    git.commit("Kickoff notes")
    git("checkout", "-q", "main")
    git(
        "merge",
        "-q",
        "--no-ff",
        "notes",
        "-m",
        "Merge branch 'notes' into 'main'\n\nSee merge request agency/portal!12",
    )
    # An empty commit and a commit message that is not UTF-8.
    git("commit", "-q", "--allow-empty", "-m", "Empty")
    git.edit("accounts/alpha-co/reports/2026-11-results.md", "so far", "so far, in Jalapeño")
    git("add", "-A")
    git(
        "-c",
        "i18n.commitEncoding=latin-1",
        "commit",
        "-q",
        "-F",
        "-",
        input="Résumé des résultats\n".encode("latin-1"),
    )
    # Pushed straight to main after approval: the brief is now stale.
    git.edit(BRIEF, "the launch post.", "the launch post, with a discount code.")
    git.commit("Tweak the launch copy")
    return git


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    root.mkdir()
    make_history(root)
    return root


def _trail(root: Path) -> tuple[dict[str, list[tuple[str, str, str | None]]], object]:
    checked = check(root, TODAY)
    index = read_history(root, checked.portfolio)
    touches = {
        path: [(t.commit.subject, t.change, index.landing(t.commit.sha).pr) for t in found]
        for path, found in index.touches.items()
    }
    return touches, index


def test_every_commit_of_a_document_with_its_pull_request(repo: Path) -> None:
    touches, _ = _trail(repo)
    assert touches[BRIEF] == [
        ("Tweak the launch copy", "M", None),
        ("Rename the Alpha account folder (#4)", "R", "#4"),
        ("Approve the launch post", "M", "#3"),
        ("Add the Alpha account", "A", None),
    ]
    assert touches[CHANGE] == [
        ("Rename the Alpha account folder (#4)", "R", "#4"),
        ("Add the Alpha account", "A", None),
    ]
    assert touches[MEETING] == [
        ("Kickoff notes", "M", "agency/portal!12"),
        ("Rename the Alpha account folder (#4)", "R", "#4"),
        ("Add the Alpha account", "A", None),
    ]
    report = touches["accounts/alpha-co/reports/2026-11-results.md"]
    assert report[0] == ("R\ufffdsum\ufffd des r\ufffdsultats", "M", None) or report[0] == (
        "Résumé des résultats",
        "M",
        None,
    )


def test_approvals_with_who_when_how_and_content(repo: Path) -> None:
    _, index = _trail(repo)
    brief = index.approvals[BRIEF]  # type: ignore[attr-defined]
    assert [(a.status, a.by, a.landing.pr, a.trailer_by, a.commit.subject) for a in brief] == [
        ("approved", "alpha-cmo", "#3", (), "Approve the launch post"),
    ]
    approved = brief[0]
    current = content_hash((repo / BRIEF).read_text(encoding="utf-8"))
    assert approved.current_hash == current
    assert approved.stale and approved.content_hash != current
    change = index.approvals[CHANGE]  # type: ignore[attr-defined]
    assert [(a.status, a.by, a.landing.pr, a.stale) for a in change] == [
        ("approved", "alpha-cmo", None, False),
    ]


def test_content_hash_ignores_decisions_only() -> None:
    text = "---\ntitle: X\nstatus: draft\nowner: sam\n---\nBody.\n"
    approved = text.replace(
        "status: draft", "status: approved\napproved_by: jo\napproved_on: 2026-11-02"
    )
    assert content_hash(approved) == content_hash(text)
    assert content_hash(text.replace("Body.", "Body!")) != content_hash(text)
    assert content_hash(text.replace("owner: sam", "owner: kim")) != content_hash(text)
    assert content_hash(text.replace("\n", "\r\n")) == content_hash(text)


def test_validate_reports_stale_and_unreviewed_approvals(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    assert main(["validate", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert (
        f"{BRIEF}:4:9: warning HIST001 changed since it was approved on 2026-11-01 (commit " in out
    )
    # The change request was approved in the first commit, before the main line took
    # pull requests (from #3 on): the review policy does not reach back.
    assert "HIST002" not in out
    assert main(["validate", "--today", "2026-11-23", "--no-history"]) == 0
    assert "HIST" not in capsys.readouterr().out


def test_unreviewed_approval_is_flagged_and_an_error_when_review_is_required(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = make_history(root)
    # Approve a second change request straight on main: no PR, no trailer.
    git.edit(CHANGE, "status: approved", "status: approved")
    new = "accounts/alpha-co/changes/cr-002.md"
    shutil.copy(root / CHANGE, root / new)
    git.edit(new, "status: approved", "status: proposed")
    git.commit("Propose cr-002 (#5)")
    git.edit(new, "status: proposed", "status: approved")
    git.commit("Approve cr-002")
    monkeypatch.chdir(root)
    assert main(["validate", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert f"{new}:7:9: warning HIST002 approved on 2026-11-02 in commit " in out
    assert main(["validate", "--today", "2026-11-23", "--require-review"]) == 1
    assert f"{new}:7:9: error HIST002" in capsys.readouterr().out


def test_aeportal_approve_commits_with_a_trailer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = make_history(root)
    digest = content_hash((root / BRIEF).read_text(encoding="utf-8"))
    args = ["approve", "alpha-co", "alpha-launch-post", "--repo", str(root), "--on", "2026-11-20"]
    # Refused: not an approver; a hash the client never saw.
    assert main([*args, "--by", "sam", "--hash", digest]) == 1
    assert "`sam` is not an approver of alpha-co" in capsys.readouterr().err
    assert main([*args, "--by", "alpha-cmo", "--hash", "000000000000"]) == 1
    assert "changed since the client saw it" in capsys.readouterr().err
    assert git("status", "--porcelain") == ""
    assert main([*args, "--by", "alpha-cmo", "--hash", digest]) == 0
    message = git("log", "-1", "--format=%B")
    assert message.splitlines() == [
        "Approve brief alpha-launch-post: ALPHA-CLIENT-BRIEF launch post",
        "",
        "Approved-by: Alphaperson Contact <cmo@alpha.example>",
        "Approval-via: email",
        f"Content-hash: {digest}",
    ]
    text = (root / BRIEF).read_text(encoding="utf-8")
    assert "approved_by: alpha-cmo\napproved_on: 2026-11-20\n" in text
    checked = check(root, TODAY)
    index = read_history(root, checked.portfolio)
    latest = index.latest_approval(root / BRIEF)
    assert latest is not None
    assert (latest.stale, latest.trailer_by, latest.reviewed) == (
        False,
        ("Alphaperson Contact <cmo@alpha.example>",),
        True,
    )


def test_detached_head_still_reads_the_trail(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = make_history(root)
    git("checkout", "-q", "--detach", "HEAD~1")
    touches, _ = _trail(root)
    assert touches[BRIEF][0] == ("Rename the Alpha account folder (#4)", "R", "#4")


def test_shallow_clone_is_detected_and_explained(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
        check=True,
        capture_output=True,
    )
    index = build_index(shallow)
    assert (index.available, index.shallow) == (True, True)
    assert "fetch-depth: 0" in index.reason
    monkeypatch.chdir(shallow)
    assert main(["validate", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert ".:0:0: warning HIST003 the repository is a shallow clone" in out
    assert "HIST001" not in out


def test_a_folder_without_git_builds_and_says_history_is_unavailable(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo / "accounts", plain / "accounts")
    index = build_index(plain)
    assert index.available is False
    assert "not a git repository" in index.reason
    assert main(["build", str(plain), "--today", "2026-11-23", "--jobs", "1"]) == 0
    assert "history: not a git repository" in capsys.readouterr().err
    page = plain / "site/clients/alpha-co/briefs/alpha-launch-post/index.html"
    assert "History is not available for this portal." in page.read_text(encoding="utf-8")


def test_portals_show_history_and_the_client_approve_links(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert (
        main(
            [
                "build",
                str(repo),
                "--today",
                "2026-11-23",
                "--out",
                str(site),
                "--quiet",
                "--jobs",
                "1",
            ]
        )
        == 0
    )
    client = (site / "clients/alpha-co/briefs/alpha-launch-post/index.html").read_text("utf-8")
    internal = (site / "internal/accounts/alpha-co/briefs/alpha-launch-post/index.html").read_text(
        "utf-8"
    )
    digest = content_hash((repo / BRIEF).read_text(encoding="utf-8"))
    assert "History and approvals" in client and "History and approvals" in internal
    assert "Changed since approved on Nov 1, 2026" in client
    assert (
        f"mailto:sam@agency.example?subject=Approve%3A%20ALPHA-CLIENT-BRIEF%20launch%20post%20%5Bbrief%20alpha-launch-post%20{digest}%5D"
        in client
    )
    # The client sees dates and pull requests; commit subjects and authors stay internal.
    assert "#3" in client and "Tweak the launch copy" not in client and "Sam AE" not in client
    assert "Tweak the launch copy" in internal and "Sam AE" in internal
    assert "mailto:" not in internal


def test_the_cache_in_git_dir_follows_head_and_survives_damage(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = make_history(root)
    first, index = _trail(root)
    cache = root / ".git" / "aeportal"
    assert [p.suffix for p in cache.iterdir()] == [".pickle"]
    again, _ = _trail(root)  # from the cache: the same trail
    assert again == first
    git.edit(BRIEF, "discount code", "discount code and a QR code")
    git.commit("Add a QR code (#9)")
    after, _ = _trail(root)  # HEAD moved: the log is read again
    assert after[BRIEF][0] == ("Add a QR code (#9)", "M", "#9")
    assert after[BRIEF][1:] == first[BRIEF]
    for path in cache.iterdir():
        path.write_bytes(b"not a pickle")
    damaged, _ = _trail(root)
    assert damaged == after
    del index
