"""Deliverables through Git LFS, with real git-lfs: a clone without the LFS content holds
pointers, which validate reports with the fix (`git lfs pull`); after the pull it validates."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.cli.commands import main
from aeportal.trail.report import read_history
from portal_fixtures import account_files, write_repo
from proof_fixtures import clone_without_lfs_content
from test_history import TODAY, Git

pytestmark = pytest.mark.skipif(
    shutil.which("git-lfs") is None, reason="git-lfs is not installed (CI installs it)"
)

BRIEF = "accounts/alpha-co/briefs/alpha-launch-post.md"
KV = "assets/launch/kv.png"
# Not a real image: what matters here is that LFS stores it.
CONTENT = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
VERSIONS = f"""\
versions:
  - version: 1
    date: 2026-11-10
    changes: First key visual
    files: [{KV}]
"""


def lfs_origin(root: Path) -> Git:
    """A repository whose key visual git-lfs stores, as an agency's would be."""
    files = account_files("alpha-co", "ALPHA")
    files[BRIEF] = files[BRIEF].replace("internal: {", VERSIONS + "internal: {", 1)
    write_repo(root, files)
    (root / "accounts/alpha-co" / KV).parent.mkdir(parents=True)
    (root / "accounts/alpha-co" / KV).write_bytes(CONTENT)
    git = Git(root)
    git("init", "-q", "-b", "main")
    git("lfs", "install", "--local")
    git("lfs", "track", "*.png")
    git.commit("The launch post's first key visual, through Git LFS")
    assert git("lfs", "ls-files", "--name-only") == f"accounts/alpha-co/{KV}"
    return git


def lfs_clone(tmp_path: Path) -> Path:
    """A clone of an LFS repository made without its LFS content: the file is a pointer."""
    origin = tmp_path / "origin"
    lfs_origin(origin)
    return clone_without_lfs_content(origin, tmp_path / "clone")


DIGEST = hashlib.sha256(CONTENT).hexdigest()


def test_an_lfs_pointer_carries_the_files_hash_and_git_lfs_pull_brings_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = lfs_clone(tmp_path)
    kv = clone / "accounts/alpha-co" / KV
    assert kv.read_bytes().startswith(b"version https://git-lfs.github.com/spec/v1\n")
    assert f"oid sha256:{DIGEST}" in kv.read_text("ascii")
    # The loader takes size and hash from the pointer, and the trail agrees with it.
    checked = check(clone, TODAY)
    (bundle,) = [b for b in checked.portfolio.accounts if b.slug == "alpha-co"]
    found = bundle.files[KV]
    assert (found.size, found.sha256, found.lfs_pointer) == (len(CONTENT), DIGEST, True)
    (change,) = read_history(clone, checked.portfolio).file_changes(kv)
    assert (change.sha256, change.size, change.lfs) == (DIGEST, len(CONTENT), True)
    # Fetched: the file is the image itself, and the account validates.
    Git(clone)("lfs", "pull")
    assert kv.read_bytes() == CONTENT
    assert main(["validate", str(clone), "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out == "1 account checked: no problems\n"
    checked = check(clone, TODAY)
    (bundle,) = [b for b in checked.portfolio.accounts if b.slug == "alpha-co"]
    assert (bundle.files[KV].lfs_pointer, bundle.files[KV].sha256) == (False, DIGEST)


def test_validate_reports_an_lfs_file_not_fetched_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("aeportal.check.proofs", reason="the rules of versions' files")
    monkeypatch.chdir(lfs_clone(tmp_path))
    assert main(["validate", ".", "--today", TODAY.isoformat()]) == 1
    assert capsys.readouterr().out.splitlines()[:3] == [
        f"{BRIEF}:12:13: error PROOF006 `{KV}` is a Git LFS pointer: the file's content is "
        "not fetched",
        "    hint: run `git lfs pull` (and `git lfs install` once) where you build",
        "1 account checked: 1 error, 0 warnings in 1 file",
    ]
