"""History is per account: commits, pull requests and renames that span accounts, in real git.

One commit may record approvals of two clients (one `Approved-by:` trailer each), a squash
merge may span accounts, a file may move from one account to another, and git may pair two
accounts' similar files as a rename. Each account's pages show only what concerns it, and
the build (whose privacy audit refuses any other client's name) succeeds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from aeportal.build import search
from aeportal.check.rules import check
from aeportal.cli.commands import main
from aeportal.trail.approve import set_front_matter
from aeportal.trail.history import HistoryIndex
from aeportal.trail.report import circle, doc_trail, read_history
from portal_fixtures import TODAY, account_files, write_repo
from test_corpus import load
from test_history import TODAY as DAY
from test_history import Git

ALPHA_BRIEF = "accounts/alpha-co/briefs/alpha-launch-post.md"
BETA_BRIEF = "accounts/beta-co/briefs/beta-launch-post.md"
ALPHA_CHANGE = "accounts/alpha-co/changes/cr-001.md"
BETA_CHANGE = "accounts/beta-co/changes/cr-001.md"
# Each client's approver as its trailer names it: planted markers of that client only.
ALPHA_WHO = "Alphaperson Contact <cmo@alpha.example>"
BETA_WHO = "Betaperson Contact <cmo@beta.example>"
STRANGER = "Quinn Outsider <quinn@elsewhere.example>"


def two_accounts(root: Path) -> Git:
    """Alpha and Beta, whose briefs and change requests wait for their clients."""
    files = {**account_files("alpha-co", "ALPHA"), **account_files("beta-co", "BETA", "vi")}
    write_repo(root, files)
    git = Git(root)
    git("init", "-q", "-b", "main")
    for brief in (ALPHA_BRIEF, BETA_BRIEF):
        git.edit(brief, "status: in_production", "status: in_review")
    for change, who in ((ALPHA_CHANGE, "alpha"), (BETA_CHANGE, "beta")):
        git.edit(change, decision(who), "status: proposed")
    git.commit("Import the Alpha and Beta accounts")
    return git


def approve(git: Git, brief: str, who: str) -> None:
    git.edit(brief, "status: in_review", f"status: approved\napproved_by: {who}-cmo")
    git.edit(brief, "due: ", "approved_on: 2026-11-20\ndue: ")


def decision(who: str) -> str:
    return f"status: approved\ndecided_by: {who}-cmo\ndecided_on: 2026-10-03"


def decide(git: Git, change: str, who: str) -> None:
    git.edit(change, "status: proposed", decision(who))


@pytest.fixture(scope="module")
def spanning(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One direct commit approving both clients' briefs, one squash merge deciding both
    clients' change requests; the repository and its built site."""
    root = tmp_path_factory.mktemp("spanning") / "repo"
    root.mkdir()
    git = two_accounts(root)
    approve(git, ALPHA_BRIEF, "alpha")
    approve(git, BETA_BRIEF, "beta")
    git.commit(
        "Record the e-mailed approvals of both launch posts\n\n"
        f"Approved-by: {ALPHA_WHO}\nApproved-by: {BETA_WHO}\nReviewed-by: {STRANGER}\n"
        "Approval-via: email\n"
    )
    decide(git, ALPHA_CHANGE, "alpha")
    decide(git, BETA_CHANGE, "beta")
    git.commit(
        "Decide the extra posts of Alpha and Beta (#7)\n\n"
        f"* Alpha extra posts\n* Beta extra posts\n\nApproved-by: {BETA_WHO}\n"
        f"Approved-by: {ALPHA_WHO}\n"
    )
    site = root.parent / "site"
    args = ["build", str(root), "--today", TODAY, "--out", str(site), "--quiet", "--jobs", "1"]
    assert main(args) == 0
    return root, site


def site_text(folder: Path) -> str:
    """Every built file of a site as text; the search index read back."""
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in search.COMPRESSED:
            parts.append(search.read_compressed(path).decode("utf-8", errors="ignore"))
        else:
            parts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def search_text(site: Path, slug: str, location: str) -> str:
    """The search index's text of one page of a client portal."""
    pages = search.indexed_pages(site / "clients" / slug)
    return "\n".join(text for url, text in pages.items() if url.startswith("/" + location))


@pytest.mark.parametrize(
    ("slug", "own", "other"),
    [("alpha-co", ALPHA_WHO, BETA_WHO), ("beta-co", BETA_WHO, ALPHA_WHO)],
)
def test_each_client_sees_its_own_approver_of_a_commit_that_spans_accounts(
    spanning: tuple[Path, Path], slug: str, own: str, other: str
) -> None:
    _, site = spanning
    mark = slug.split("-")[0]
    brief = f"briefs/{mark}-launch-post/"
    own_name, own_email = own[:-1].split(" <")
    page = (site / f"clients/{slug}" / brief / "index.html").read_text("utf-8")
    assert f"{own_name} &lt;{own_email}&gt;" in page
    assert own_email in search_text(site, slug, brief)
    change = search_text(site, slug, "changes/cr-001/")
    assert "#7" in change and own_email in change
    everything = site_text(site / "clients" / slug)
    other_name, other_email = other[:-1].split(" <")
    for marker in (other_name, other_email, "Quinn Outsider", "quinn@elsewhere.example"):
        assert marker not in everything, (slug, marker)


def test_internal_pages_of_an_account_follow_the_same_rule(spanning: tuple[Path, Path]) -> None:
    _, site = spanning
    page = (site / "internal/accounts/alpha-co/briefs/alpha-launch-post/index.html").read_text(
        "utf-8"
    )
    assert "Approved-By: Alphaperson Contact &lt;cmo@alpha.example&gt;" in page
    assert "Approval-Via: email" in page
    assert "Record the e-mailed approvals of both launch posts" in page
    for marker in ("Betaperson Contact", "cmo@beta.example", "Quinn Outsider"):
        assert marker not in page


def test_a_client_trail_holds_nothing_a_template_could_leak(spanning: tuple[Path, Path]) -> None:
    root, _ = spanning
    checked = check(root, DAY)
    index = read_history(root, checked.portfolio)
    alpha = checked.portfolio.get("alpha-co")
    assert alpha is not None
    brief = next(b for b in alpha.briefs if b.id == "alpha-launch-post")
    client = doc_trail(index, brief, "", circle(alpha.account), "client")
    assert [(e.subject, e.author, e.pr, e.trailers) for e in client.entries] == [
        ("", "", None, (("Approved-By", ALPHA_WHO),)),
        ("", "", None, ()),
    ]
    (approval,) = client.approvals
    assert (approval.trailer_by, approval.commit.trailers) == (
        (ALPHA_WHO,),
        (("Approved-By", ALPHA_WHO),),
    )
    assert (approval.commit.subject, approval.commit.author, approval.commit.email) == ("", "", "")
    internal = doc_trail(index, brief, "", circle(alpha.account), "internal")
    assert internal.entries[0].trailers == (
        ("Approved-By", ALPHA_WHO),
        ("Approval-Via", "email"),
    )
    assert internal.entries[0].author == "Sam AE"


def test_validate_counts_only_the_accounts_own_trailer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = two_accounts(root)
    git.edit(ALPHA_BRIEF, "the launch post.", "the launch post, reviewed.")
    git.commit("Review the Alpha post (#2)")  # the repository takes pull requests from here
    approve(git, ALPHA_BRIEF, "alpha")
    approve(git, BETA_BRIEF, "beta")
    # Only Beta's approval was written down: Alpha's approval has no trailer of its own.
    git.commit(f"Record the approvals of both launch posts\n\nApproved-by: {BETA_WHO}\n")
    monkeypatch.chdir(root)
    assert main(["validate", "--today", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    shown = [line for line in out.splitlines() if " HIST" in line]
    assert shown == [
        f"{ALPHA_BRIEF}:4:9: warning HIST002 approved on 2026-11-01 in commit "
        f"{git('rev-parse', '--short=7', 'HEAD')}, which reached the main line without a "
        "pull request or an Approved-by: trailer",
        f"{ALPHA_BRIEF}:4:9: warning HIST004 approved on 2026-11-01 in commit "
        f"{git('rev-parse', '--short=7', 'HEAD')}, whose trailer names nobody of this account "
        f"({BETA_WHO})",
    ]


def touches(index: HistoryIndex, path: str) -> list[tuple[str, str, str]]:
    return [(t.commit.subject, t.change, t.path) for t in index.touches.get(path, [])]


def briefs_changed(git: Git) -> list[list[str]]:
    """The last commit's changes to briefs as git shows them (renames detected)."""
    shown = git("show", "--format=", "--name-status", "-M", "HEAD").splitlines()
    return [line.split("\t") for line in shown if "/briefs/" in line]


def history_of(root: Path) -> HistoryIndex:
    checked = check(root, DAY)
    assert not checked.report.errors, [str(d) for d in checked.report.errors]
    return read_history(root, checked.portfolio)


def into_beta(git: Git, brief: str) -> None:
    """An Alpha brief now in Beta's folder, made valid there (Beta's approver)."""
    git.edit(brief, "approved_by: alpha-cmo", "approved_by: beta-cmo")
    git.edit("accounts/alpha-co/timeline.yml", "[alpha-launch-post]", "[]")


def test_history_never_follows_a_file_moved_to_another_account(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = two_accounts(root)
    approve(git, ALPHA_BRIEF, "alpha")
    git.commit(f"Approve the Alpha post\n\nApproved-by: {ALPHA_WHO}\n")
    moved = "accounts/beta-co/briefs/moved-post.md"
    git("mv", ALPHA_BRIEF, moved)
    into_beta(git, moved)
    git.commit("Move the post to Beta (#5)")
    assert briefs_changed(git) == [["R092", ALPHA_BRIEF, moved]]
    index = history_of(root)
    assert touches(index, moved) == [("Move the post to Beta (#5)", "A", moved)]
    assert touches(index, ALPHA_BRIEF) == [
        ("Move the post to Beta (#5)", "D", ALPHA_BRIEF),
        ("Approve the Alpha post", "M", ALPHA_BRIEF),
        ("Import the Alpha and Beta accounts", "A", ALPHA_BRIEF),
    ]
    (approval,) = index.approvals[moved]
    assert (approval.commit.subject, approval.landing.pr, approval.trailer_by) == (
        "Move the post to Beta (#5)",
        "#5",
        (),
    )
    # Within one account a rename still keeps the history.
    renamed = "accounts/beta-co/briefs/renamed-post.md"
    git("mv", moved, renamed)
    git.commit("Rename the post")
    assert [t[:2] for t in touches(history_of(root), renamed)] == [
        ("Rename the post", "R"),
        ("Move the post to Beta (#5)", "A"),
    ]


def test_git_pairing_two_accounts_similar_files_carries_no_history(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = two_accounts(root)
    approve(git, ALPHA_BRIEF, "alpha")
    git.commit(f"Approve the Alpha post\n\nApproved-by: {ALPHA_WHO}\n")
    # Alpha's brief is withdrawn and Beta gets a near copy of it, in one commit.
    copy = "accounts/beta-co/briefs/beta-copy-post.md"
    (root / copy).write_text((root / ALPHA_BRIEF).read_text("utf-8"), "utf-8")
    into_beta(git, copy)
    git("rm", "-q", ALPHA_BRIEF)
    git.commit("Withdraw the Alpha post; Beta gets a similar one")
    assert briefs_changed(git) == [["R092", ALPHA_BRIEF, copy]]  # git pairs them
    index = history_of(root)
    assert touches(index, copy) == [
        ("Withdraw the Alpha post; Beta gets a similar one", "A", copy),
    ]
    assert [a.commit.subject for a in index.approvals[copy]] == [
        "Withdraw the Alpha post; Beta gets a similar one"
    ]


def test_an_account_removed_and_a_similar_one_added_are_two_accounts(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = two_accounts(root)
    # Gamma's files, and in one commit Gamma leaves and Delta (another company, near
    # identical files) arrives: git pairs every file, account.yml too.
    write_repo(root, account_files("gamma-co", "GAMMA"))
    git.commit("Add Gamma")
    delta = {
        k.replace("gamma-co", "delta-co"): v.replace("Gamma Holdings", "Delta Holdings")
        for k, v in account_files("gamma-co", "GAMMA").items()
    }
    git("rm", "-r", "-q", "accounts/gamma-co")
    write_repo(root, delta)
    git.commit("Replace Gamma with Delta")
    status = git("show", "--format=", "--name-status", "-M", "HEAD").splitlines()
    assert "accounts/gamma-co/account.yml\taccounts/delta-co/account.yml" in "\n".join(status)
    assert all(line.startswith("R") for line in status)
    index = history_of(root)
    for path in delta:
        assert [t[:2] for t in touches(index, path)] == [("Replace Gamma with Delta", "A")]


def spanning_commits(repo: Path) -> list[str]:
    """Subjects of the main line's commits that change files of more than one account."""
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "-m", "--first-parent", "--name-only", "--format=%x1e%s"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = []
    for record in log.split("\x1e")[1:]:
        subject, *files = record.strip().split("\n")
        if len({f.split("/")[1] for f in files if f.startswith("accounts/")}) > 1:
            found.append(subject)
    return found


def test_a_generated_corpus_with_approvals_of_two_accounts_in_one_commit_builds(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "corpus"
    load().make_corpus(repo, 3, 6, 150, 2)
    assert spanning_commits(repo)  # the generator mixes accounts in one commit
    # The generator records two clients' approvals in one commit only in large corpora:
    # add one, as an AE recording two e-mailed approvals at once would.
    checked = check(repo, DAY)
    approvers: list[tuple[str, str]] = []
    for bundle in checked.portfolio.accounts[:2]:
        assert bundle.account is not None
        contact = next(c for c in bundle.account.client.contacts if c.approver and c.email)
        brief = next(b for b in bundle.briefs if b.status in ("draft", "in_review"))
        path = Path(brief.path)
        text = path.read_text("utf-8")
        fields = {"status": "approved", "approved_by": contact.id, "approved_on": "2026-11-20"}
        path.write_text(set_front_matter(text, fields), "utf-8")
        approvers.append((contact.name, contact.email))
    git = Git(repo)
    git.clock = git.clock.replace(day=22)
    trailers = "".join(f"Approved-by: {name} <{email}>\n" for name, email in approvers)
    git.commit(f"Record two clients' e-mailed approvals\n\n{trailers}")
    assert len(spanning_commits(repo)) >= 2
    site = tmp_path / "site"
    args = ["build", str(repo), "--today", TODAY, "--out", str(site), "--quiet", "--jobs", "2"]
    assert main(args) == 0
    for bundle, (own, other) in zip(
        checked.portfolio.accounts[:2], (approvers, approvers[::-1]), strict=True
    ):
        shown = site_text(site / "clients" / bundle.slug)
        assert f"{own[0]} &lt;{own[1]}&gt;" in shown
        assert other[0] not in shown and other[1] not in shown
