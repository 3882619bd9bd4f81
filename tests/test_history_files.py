"""The history of an account's asset files: each content with the commit that brought it,
and the client decisions recorded on it (real git)."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from aeportal.check.rules import check
from aeportal.trail.history import CACHE_VERSION, HistoryIndex, build_index
from aeportal.trail.report import circle, file_trail, read_history
from portal_fixtures import account_files, write_repo
from test_history import TODAY, Git

KV = "accounts/alpha-co/assets/launch/kv.png"
KV_NEW = "accounts/alpha-co/assets/launch/key-visual.png"
BETA_KV = "accounts/beta-co/assets/kv.png"
ROUND1 = b"\x89PNG round 1" * 100
ROUND2 = b"\x89PNG round 2" * 100


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def approval_message(version: int, digest: str) -> str:
    return (
        f"Approve brief alpha-launch-post version {version}\n\n"
        "Approved-by: Alphaperson Contact <cmo@alpha.example>\n"
        f"Version: {version}\nDecision: approved\n"
        f"File-sha256: {digest} assets/launch/kv.png\n"
    )


def rounds(tmp_path: Path) -> tuple[Path, Git]:
    """Round 1 of a key visual, a decision on it, round 2, a rename; Beta has round 1 too."""
    root = tmp_path / "repo"
    write_repo(root, {**account_files("alpha-co", "ALPHA"), **account_files("beta-co", "BETA")})
    git = Git(root)
    git("init", "-q", "-b", "main")
    git.commit("Import the accounts")
    put(root, KV, ROUND1)
    put(root, BETA_KV, ROUND1)
    git.commit("Key visual, round 1 (#2)")
    brief = "accounts/alpha-co/briefs/alpha-launch-post.md"
    git.edit(brief, "status: in_production", "status: approved")
    git.commit(approval_message(1, sha(ROUND1)))
    put(root, KV, ROUND2)
    git.commit("Key visual, round 2")
    git("mv", KV, KV_NEW)
    git.commit("Name the key visual")
    return root, git


def changes(index: HistoryIndex, path: str) -> list[tuple[str, str, str | None, int | None]]:
    return [(c.commit.subject, c.change, c.sha256, c.size) for c in index.file_changes(path)]


def test_each_content_of_a_file_has_the_commit_that_brought_it(tmp_path: Path) -> None:
    root, _ = rounds(tmp_path)
    index = build_index(root, files=[root / KV_NEW, root / BETA_KV])
    assert changes(index, KV_NEW) == [
        ("Name the key visual", "R", sha(ROUND2), len(ROUND2)),
        ("Key visual, round 2", "M", sha(ROUND2), len(ROUND2)),
        ("Key visual, round 1 (#2)", "A", sha(ROUND1), len(ROUND1)),
    ]
    first = index.brought(root / KV_NEW, sha(ROUND1))
    second = index.brought(KV_NEW, sha(ROUND2))
    assert first is not None and second is not None
    assert (first.commit.subject, first.path, index.landing(first.commit.sha).pr) == (
        "Key visual, round 1 (#2)",
        KV,
        "#2",
    )
    assert (second.commit.subject, second.path) == ("Key visual, round 2", KV)
    assert index.brought(KV_NEW, sha(b"never committed")) is None
    assert index.file_changes("accounts/alpha-co/assets/unknown.png") == []


def test_a_decision_is_found_by_the_content_it_named_in_its_own_account(tmp_path: Path) -> None:
    root, git = rounds(tmp_path)
    index = build_index(root, files=[root / KV_NEW, root / BETA_KV])
    (decision,) = index.decisions_on(KV_NEW, sha(ROUND1))
    assert (decision.version, decision.decision, decision.files) == (
        "1",
        "approved",
        ((sha(ROUND1), "assets/launch/kv.png"),),
    )
    assert decision.commit.trailer("Approved-by") == ["Alphaperson Contact <cmo@alpha.example>"]
    assert decision.accounts == frozenset({"accounts/alpha-co"})
    assert index.decisions_on(KV_NEW, sha(ROUND2)) == []
    # Beta's file has the same content, but the decision was Alpha's.
    assert index.decisions_on(BETA_KV, sha(ROUND1)) == []
    # The cache keeps each content's hash by blob; a new commit reads the log again.
    cache = root / ".git" / "aeportal" / f"history-{CACHE_VERSION}.pickle"
    kept = pickle.loads(cache.read_bytes())["contents"]
    assert sorted(kept.values()) == sorted(
        [(sha(ROUND1), len(ROUND1), False), (sha(ROUND2), len(ROUND2), False)]
    )
    assert changes(build_index(root, files=[root / KV_NEW]), KV_NEW) == changes(index, KV_NEW)
    git("rm", "-q", KV_NEW)
    git.commit("Withdraw the key visual")
    put(root, KV_NEW, ROUND1)
    git.commit("A new key visual at the same path")
    again = build_index(root, files=[root / KV_NEW])
    assert changes(again, KV_NEW) == [
        ("A new key visual at the same path", "A", sha(ROUND1), len(ROUND1)),
    ]
    # The decision named this content in this account, whichever file holds it now.
    assert [d.version for d in again.decisions_on(KV_NEW, sha(ROUND1))] == ["1"]


def test_an_lfs_pointer_is_hashed_as_the_content_it_names(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write_repo(root, account_files("alpha-co", "ALPHA"))
    git = Git(root)
    git("init", "-q", "-b", "main")
    content = b"a large video" * 1000
    pointer = (
        "version https://git-lfs.github.com/spec/v1\n"
        f"oid sha256:{sha(content)}\nsize {len(content)}\n"
    )
    put(root, "accounts/alpha-co/assets/cut.mp4", pointer.encode())
    git.commit("The video cut, through LFS")
    index = build_index(root, files=[root / "accounts/alpha-co/assets/cut.mp4"])
    (change,) = index.file_changes("accounts/alpha-co/assets/cut.mp4")
    assert (change.change, change.sha256, change.size, change.lfs) == (
        "A",
        sha(content),
        len(content),
        True,
    )


def test_a_files_trail_for_the_client_and_the_agency(tmp_path: Path) -> None:
    root, _ = rounds(tmp_path)
    # As a build reads it: every file of every account's assets/ traced.
    checked = check(root, TODAY)
    index = read_history(root, checked.portfolio)
    (bundle,) = [b for b in checked.portfolio.accounts if b.slug == "alpha-co"]
    people = circle(bundle.account)
    key = "assets/launch/key-visual.png"
    assert bundle.files[key].sha256 == sha(ROUND2)
    client = file_trail(index, bundle, key, people, "client", sha(ROUND1))
    internal = file_trail(index, bundle, key, people, "internal", sha(ROUND1))
    assert [(e.change, e.path, e.pr, e.subject, e.author) for e in client.entries] == [
        ("R", KV_NEW, None, "", ""),
        ("M", KV, None, "", ""),
        ("A", KV, "#2", "", ""),
    ]
    assert [(e.subject, e.author) for e in internal.entries][-1] == (
        "Key visual, round 1 (#2)",
        "Sam AE",
    )
    assert client.brought == client.entries[-1]
    (seen,) = client.decisions
    assert seen.commit.trailers == (("Approved-By", "Alphaperson Contact <cmo@alpha.example>"),)
    (kept,) = internal.decisions
    assert kept.commit.trailers == (
        ("Approved-By", "Alphaperson Contact <cmo@alpha.example>"),
        ("Version", "1"),
        ("Decision", "approved"),
        ("File-sha256", f"{sha(ROUND1)} assets/launch/kv.png"),
    )
    # By default, the file's content now: round 2, on which nothing was decided yet.
    now = file_trail(index, bundle, key, people, "client")
    assert (now.brought and now.brought.change, now.decisions) == ("M", ())
    assert file_trail(index, bundle, key, people, "client", sha(b"other")).brought is None
