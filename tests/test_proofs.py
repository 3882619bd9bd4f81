"""Versions of a deliverable: the format, the rules, the client view and recorded decisions."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from aeportal import model
from aeportal.cli.commands import main
from aeportal.derive.visibility import client_view
from aeportal.diagnostics import Report
from aeportal.load import cache as loadcache
from aeportal.load import loader
from aeportal.load.loader import load_portfolio
from aeportal.trail.history import content_hash
from conftest import BRIEF, VALID, found
from proof_fixtures import (
    FILES,
    H1,
    H2,
    HPDF,
    KV2,
    PDF1,
    PNG1,
    PNG2,
    VERSIONS,
    clone_without_lfs_content,
)

MakeRepo = Callable[[Mapping[str, str | bytes]], Path]


def load(root: Path) -> tuple[model.AccountBundle, Report]:
    report = Report()
    portfolio = load_portfolio(root, report)
    bundle = portfolio.get("acme")
    assert bundle is not None
    return bundle, report


# --- the format ----------------------------------------------------------------------


def test_versions_load_with_positions_and_hashed_files(make_repo: MakeRepo) -> None:
    bundle, report = load(make_repo({**VALID, **FILES}))
    assert report.items == []
    brief = bundle.briefs[0]
    one, two = brief.versions
    assert (one.version, one.date.isoformat(), one.changes) == (1, "2026-11-10", "First design")
    assert one.files == ("assets/launch/kv-1.png", "assets/launch/kv-1.pdf")
    assert one.links == (
        model.ProofLink(title="Figma prototype", url="https://www.figma.com/file/abc"),
    )
    assert one.decision is not None
    assert (one.decision.status, one.decision.by, one.decision.on.isoformat()) == (
        "changes_required",
        "lan",
        "2026-11-12",
    )
    assert dict(one.decision.files) == {
        "assets/launch/kv-1.png": H1,
        "assets/launch/kv-1.pdf": HPDF,
    }
    assert [(f.by, f.done_in, f.declined) for f in one.feedback] == [
        ("lan", 2, None),
        ("hoa", None, "The brand guide asks for blue on this channel"),
    ]
    assert one.at("files", 1).line == 15
    assert one.feedback[1].at("declined").line == 32
    assert two.visibility == "client" and two.decision is None
    assert bundle.files == {
        "assets/launch/kv-1.pdf": model.VersionFile("assets/launch/kv-1.pdf", len(PDF1), HPDF),
        "assets/launch/kv-1.png": model.VersionFile("assets/launch/kv-1.png", len(PNG1), H1),
        "assets/launch/kv-2.png": model.VersionFile("assets/launch/kv-2.png", len(PNG2), H2),
    }
    assert bundle.version_files(two) == (bundle.files["assets/launch/kv-2.png"],)


def test_an_lfs_pointer_carries_the_real_files_size_and_hash(make_repo: MakeRepo) -> None:
    oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 12345\n"
    bundle, _ = load(make_repo({**VALID, **FILES, KV2: pointer}))
    found = bundle.files["assets/launch/kv-2.png"]
    assert found == model.VersionFile("assets/launch/kv-2.png", 12345, oid, True, True)


def test_hidden_files_under_assets_are_no_assets(make_repo: MakeRepo) -> None:
    bundle, _ = load(make_repo({**VALID, **FILES, "accounts/acme/assets/.DS_Store": b"x"}))
    assert ".DS_Store" not in " ".join(bundle.files)


def test_a_decision_hash_that_is_no_sha256_is_located(
    check: Callable[..., tuple[int, list[tuple[str, str, str, int, int]]]],
) -> None:
    status, found = check({**FILES, BRIEF: VERSIONS.replace(f": {HPDF}", ": 1234abc")})
    assert status == 1
    assert found == [("SCHEMA003", "error", BRIEF, 24, 33)]


# --- the rules -----------------------------------------------------------------------

Check = Callable[..., tuple[int, list[tuple[str, str, str, int, int]]]]


def test_versions_with_their_files_validate_clean(check: Check) -> None:
    assert check(FILES) == (0, [])


# --- the client view -----------------------------------------------------------------

INTERNAL_ROUND = """\
  - version: 3
    date: 2026-11-18
    changes: MARKER-CHANGES agency review of the rate
    visibility: internal
    files:
      - assets/launch/review-3.png
    links:
      - {title: MARKER-LINK, url: "https://www.figma.com/file/marker"}
    feedback:
      - {by: lan, text: MARKER-FEEDBACK, where: MARKER-WHERE}
"""
REVIEW = b"\x89PNG\r\n\x1a\n MARKER-BYTES"


def test_an_internal_version_never_reaches_the_client_view(make_repo: MakeRepo) -> None:
    brief = VERSIONS.replace(
        "      - assets/launch/kv-2.png\n", "      - assets/launch/kv-2.png\n" + INTERNAL_ROUND
    )
    note = "accounts/acme/internal/review.md"
    files = {
        **VALID,
        **FILES,
        BRIEF: brief,
        "accounts/acme/assets/launch/review-3.png": REVIEW,
        # named by an internal note only: not the client's
        note: "---\ntitle: Review\n---\n![MARKER](../assets/launch/note-only.png)\n",
        "accounts/acme/assets/launch/note-only.png": b"\x89PNG note",
    }
    bundle, report = load(make_repo(files))
    assert report.items == []
    assert [v.version for v in bundle.briefs[0].versions] == [1, 2, 3]
    view = client_view(bundle)
    assert [v.version for v in view.briefs[0].versions] == [1, 2]
    assert sorted(view.files) == [
        "assets/launch/kv-1.pdf",
        "assets/launch/kv-1.png",
        "assets/launch/kv-2.png",
    ]
    everything = pickle.dumps(view)
    for marker in (
        b"MARKER",
        b"review-3",
        b"note-only",
        hashlib.sha256(REVIEW).hexdigest().encode(),
    ):
        assert marker not in everything, marker
    # The planted markers are in the agency's view: the test would see them if they leaked.
    agency = pickle.dumps(bundle)
    assert b"MARKER-CHANGES" in agency and b"review-3" in agency and b"note-only" in agency


def test_feedback_done_in_an_internal_version_is_done_in_the_next_one_the_client_sees(
    make_repo: MakeRepo,
) -> None:
    # Version 2 becomes an internal review; the client's second round is version 3.
    internal = "  - version: 2\n    date: 2026-11-14\n    visibility: internal\n"
    brief = VERSIONS.replace("  - version: 2\n", internal + "  - version: 3\n")
    bundle, _ = load(make_repo({**VALID, **FILES, BRIEF: brief}))
    assert [(v.version, v.visibility) for v in bundle.briefs[0].versions] == [
        (1, "client"),
        (2, "internal"),
        (3, "client"),
    ]
    view = client_view(bundle)
    assert [v.version for v in view.briefs[0].versions] == [1, 3]
    assert [f.done_in for f in view.briefs[0].versions[0].feedback] == [3, None]


# --- decisions recorded with `aeportal approve --version` ------------------------------


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Minh Tran",
        "GIT_AUTHOR_EMAIL": "minh@agency.example",
        "GIT_COMMITTER_NAME": "Minh Tran",
        "GIT_COMMITTER_EMAIL": "minh@agency.example",
        "GIT_AUTHOR_DATE": "2026-11-20T09:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-11-20T09:00:00+00:00",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=True)
    return done.stdout.decode().strip()


@pytest.fixture
def proofs_repo(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> Path:
    """VALID with the two versions, committed in a real git repository."""
    root = make_repo({**VALID, **FILES})
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Launch post, versions 1 and 2")
    # The day the decision is recorded, as git's raw `<seconds> <zone>` (gitpython reads it).
    monkeypatch.setenv("GIT_AUTHOR_DATE", "1795251600 +0000")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "1795251600 +0000")
    monkeypatch.chdir(root)
    return root


APPROVE = ["approve", "acme", "launch-post", "--by", "lan", "--on", "2026-11-21"]


def test_approve_a_version_pins_the_decision_to_its_files(
    proofs_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = content_hash(VERSIONS)
    status = main([*APPROVE, "--version", "2", "--hash", seen, "--hash", H2[:16]])
    assert status == 0, capsys.readouterr().err
    commit = _git(proofs_repo, "rev-parse", "--short=7", "HEAD")
    assert capsys.readouterr().out == (
        f"{BRIEF}: version 2 approved by lan in commit {commit}; content {seen}\n"
    )
    expected = VERSIONS.replace("status: in_review", "status: approved").replace(
        "      - assets/launch/kv-2.png\n",
        "      - assets/launch/kv-2.png\n"
        "    decision:\n"
        "      status: approved\n"
        "      by: lan\n"
        "      on: 2026-11-21\n"
        "      files:\n"
        f"        assets/launch/kv-2.png: {H2}\n",
    )
    expected = expected.replace(
        "---\n# Launch", "approved_by: lan\napproved_on: 2026-11-21\n---\n# Launch"
    )
    assert (proofs_repo / BRIEF).read_text(encoding="utf-8") == expected
    assert _git(proofs_repo, "log", "-1", "--format=%B").splitlines() == [
        "Approve brief launch-post version 2: Launch post",
        "",
        "Approved-by: Lan Nguyen <lan@acme.example>",
        "Approval-via: email",
        f"Content-hash: {seen}",
        "Version: 2",
        "Decision: approved",
        f"File-sha256: {H2} assets/launch/kv-2.png",
    ]
    assert _git(proofs_repo, "status", "--porcelain") == ""
    # What was recorded validates, and the trail sees an approval of the current content.
    assert main(["validate", ".", "--today", "2026-11-23"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 account checked: no problems"


def test_changes_required_replaces_no_status_and_names_who_asked(
    proofs_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*APPROVE, "--version", "2", "--decision", "changes_required"]) == 0
    text = (proofs_repo / BRIEF).read_text(encoding="utf-8")
    assert "status: in_review\n" in text and "approved_by" not in text
    assert "    decision:\n      status: changes_required\n      by: lan\n" in text
    message = _git(proofs_repo, "log", "-1", "--format=%B").splitlines()
    assert message[:3] == [
        "Changes requested to brief launch-post version 2: Launch post",
        "",
        "Changes-requested-by: Lan Nguyen <lan@acme.example>",
    ]
    assert "Decision: changes_required" in message


def test_a_new_decision_on_a_version_replaces_the_old_one(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only version 1, which has a decision (changes required) and feedback after it.
    one = VERSIONS[: VERSIONS.index("  - version: 2")] + VERSIONS[VERSIONS.index("---\n# Launch") :]
    one = one.replace("        done_in: 2\n", "        declined: Agreed on the call\n")
    root = make_repo({**VALID, **FILES, BRIEF: one, KV2: b""})
    (root / KV2).unlink()
    monkeypatch.chdir(root)
    assert (
        main([*APPROVE, "--version", "1", "--decision", "approved_with_changes", "--no-commit"])
        == 0
    )
    text = (root / BRIEF).read_text(encoding="utf-8")
    decision = (
        "    decision:\n"
        "      status: approved_with_changes\n"
        "      by: lan\n"
        "      on: 2026-11-21\n"
        "      files:\n"
        f"        assets/launch/kv-1.png: {H1}\n"
        f"        assets/launch/kv-1.pdf: {HPDF}\n"
        "    feedback:\n"
    )
    assert decision in text
    assert text.count("decision:") == 1
    assert "(not committed)" in capsys.readouterr().out


def test_a_decision_on_a_version_that_is_not_the_latest_is_refused(
    proofs_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*APPROVE, "--version", "1"]) == 1
    assert capsys.readouterr().err == (
        "aeportal: version 1 of launch-post is no longer the latest: version 2 was sent on "
        "2026-11-16; ask the client to decide on version 2\n"
    )
    assert _git(proofs_repo, "status", "--porcelain") == ""


def test_a_decision_on_files_that_changed_since_the_client_saw_them_is_refused(
    proofs_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (proofs_repo / KV2).write_bytes(PNG2 + b" retouched")
    _git(proofs_repo, "commit", "-q", "-am", "Retouch version 2 in place")
    assert main([*APPROVE, "--version", "2", "--hash", H2]) == 1
    now = hashlib.sha256(PNG2 + b" retouched").hexdigest()
    assert capsys.readouterr().err == (
        f"aeportal: the client decided on a file {H2[:16]}… that version 2 of launch-post no "
        f"longer has (assets/launch/kv-2.png is {now[:16]}…): a file changed since the client "
        "saw it; send the version as it is now for a decision again\n"
    )
    assert _git(proofs_repo, "status", "--porcelain") == ""


def test_a_decision_naming_fewer_files_than_the_version_has_is_refused(
    proofs_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = proofs_repo / BRIEF
    brief.write_text(
        VERSIONS.replace(
            "      - assets/launch/kv-2.png\n",
            "      - assets/launch/kv-2.png\n      - assets/launch/kv-1.pdf\n",
        ),
        encoding="utf-8",
    )
    _git(proofs_repo, "commit", "-q", "-am", "Add the PDF to version 2")
    assert main([*APPROVE, "--version", "2", "--hash", H2]) == 1
    assert "does not name assets/launch/kv-1.pdf of version 2" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--decision", "approved"], "--decision needs --version"),
        (["--version", "2", "--reject"], "--reject is for a change request as a whole"),
        (["--version", "7"], f"{BRIEF} has no version 7 (versions: 1, 2)"),
        (["--version", "2", "--hash", "xyz"], "`--hash xyz` is neither a content hash"),
    ],
)
def test_approve_version_usage_errors(
    proofs_repo: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main([*APPROVE, *extra]) == 2
    assert message in capsys.readouterr().err
    assert _git(proofs_repo, "status", "--porcelain") == ""


# --- more rules over versions ---------------------------------------------------------


def test_decision_dates_are_after_the_version_and_not_after_today(check: Check) -> None:
    early = check({**FILES, BRIEF: VERSIONS.replace("on: 2026-11-12", "on: 2026-11-09")})
    assert early == (1, [("TIME005", "error", BRIEF, 21, 11)])
    future = check({**FILES, BRIEF: VERSIONS.replace("on: 2026-11-12", "on: 2026-11-24")})
    assert future == (1, [("APPR003", "error", BRIEF, 21, 11)])


def test_feedback_both_done_and_declined(check: Check) -> None:
    both = VERSIONS.replace(
        "        done_in: 2\n", "        done_in: 2\n        declined: Not in the budget\n"
    )
    assert check({**FILES, BRIEF: both}) == (1, [("PROOF014", "error", BRIEF, 30, 19)])


def test_resolved_feedback_of_two_contacts_on_one_place_is_no_longer_flagged(
    check: Check,
) -> None:
    same_place = VERSIONS.replace(
        "        text: Use the green", "        where: Hero,  DESKTOP\n        text: Use the green"
    )
    assert check({**FILES, BRIEF: same_place}) == (0, [])  # both are done or declined


def test_versions_the_client_saw_count_as_revision_rounds(check: Check) -> None:
    # The video scope item includes one revision round; three client versions are two.
    third = "  - version: 3\n    date: 2026-11-18\n    files: [assets/launch/kv-2.png]\n"
    brief = VERSIONS.replace("scope: social-post", "scope: video").replace(
        "---\n# Launch", third + "---\n# Launch"
    )
    assert check({**FILES, BRIEF: brief}) == (0, [("SCOPE003", "warning", BRIEF, 10, 3)])
    internal = third.replace("    files:", "    visibility: internal\n    files:")
    brief = brief.replace(third, internal)
    assert check({**FILES, BRIEF: brief}) == (0, [])


def test_a_file_a_body_shows_is_referenced(check: Check) -> None:
    shown = "accounts/acme/assets/launch/mood.png"
    brief = VERSIONS + "\n![Mood](../assets/launch/mood.png)\n"
    status, found = check({**FILES, BRIEF: brief, shown: PNG1})
    # Published with the page: no LINK004 any more, and never PROOF007
    assert (status, found) == (0, [])


def test_a_link_under_assets_that_leaves_the_account_is_refused(
    make_repo: MakeRepo, validate: Callable[..., tuple[int, dict[str, object]]]
) -> None:
    root = make_repo({**VALID, **FILES})
    (root / "secret.png").write_bytes(PNG1)
    (root / "accounts/acme/assets/launch/secret.png").symlink_to(root / "secret.png")
    status, doc = validate(root)
    assert status == 1
    assert found(doc) == [("FILE005", "error", "accounts/acme/assets/launch/secret.png", 0, 0)]


def test_a_large_file_stored_with_lfs_has_the_lfs_limit(make_repo: MakeRepo, check: Check) -> None:
    video = "accounts/acme/assets/launch/teaser.mp4"
    brief = VERSIONS.replace(
        "      - assets/launch/kv-2.png\n",
        "      - assets/launch/kv-2.png\n      - assets/launch/teaser.mp4\n",
    )
    changes = {
        **FILES,
        BRIEF: brief,
        video: b"",
        ".gitattributes": "*.mp4 filter=lfs diff=lfs merge=lfs -text\n",
    }
    root = make_repo({**VALID, **changes})
    _git(root, "init", "-q")
    os.truncate(root / video, model.MAX_ASSET_BYTES + 1)  # sparse: quick to make
    del changes[video]  # written once, above
    assert check(changes) == (0, [])
    bundle, _ = load(root)
    assert bundle.files["assets/launch/teaser.mp4"].lfs_tracked is True
    (root / ".gitattributes").unlink()
    del changes[".gitattributes"]
    assert check(changes) == (1, [("PROOF005", "error", BRIEF, 38, 9)])


@pytest.mark.skipif(shutil.which("git-lfs") is None, reason="git-lfs is not installed")
def test_a_clone_without_lfs_content_is_refused_until_git_lfs_pull(
    make_repo: MakeRepo, validate: Callable[..., tuple[int, dict[str, object]]], tmp_path: Path
) -> None:
    origin = make_repo({**VALID, **FILES})
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "lfs", "install", "--local")
    _git(origin, "lfs", "track", "*.png")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "Launch post, its images in Git LFS")
    clone = clone_without_lfs_content(origin, tmp_path / "clone")
    assert (clone / KV2).read_bytes().startswith(b"version https://git-lfs.github.com/spec/v1")
    bundle, _ = load(clone)
    # The pointer names the real file: a decision is pinned to the same hash either way.
    assert bundle.files["assets/launch/kv-2.png"] == model.VersionFile(
        "assets/launch/kv-2.png", len(PNG2), H2, True, True
    )
    status, doc = validate(clone)
    assert (status, found(doc)) == (
        1,
        [("PROOF006", "error", BRIEF, 14, 9), ("PROOF006", "error", BRIEF, 37, 9)],
    )
    _git(clone, "lfs", "install", "--local")
    _git(clone, "lfs", "pull")
    status, doc = validate(clone)
    assert (status, found(doc)) == (0, [])


def test_hashes_come_from_the_load_cache_until_a_file_changes(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loadcache, "SETTLE_NS", 0)  # files written just now may be kept
    root = make_repo({**VALID, **FILES})
    _git(root, "init", "-q")
    reads: list[str] = []
    original = loader.load_account

    def spy(folder: Path, report: Report) -> model.AccountBundle | None:
        reads.append(folder.name)
        return original(folder, report)

    monkeypatch.setattr(loader, "load_account", spy)
    first, _ = load(root)
    second, _ = load(root)
    assert reads == ["acme"]  # the second load came from the cache, hashes and all
    assert second.files == first.files
    retouched = PNG2[:-1] + b"!"  # the same size
    (root / KV2).write_bytes(retouched)
    third, _ = load(root)
    assert reads == ["acme", "acme"]
    assert third.files["assets/launch/kv-2.png"].sha256 == hashlib.sha256(retouched).hexdigest()


def test_what_validates_with_versions_builds(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = VERSIONS.replace(
        "      - assets/launch/kv-2.png\n", "      - assets/launch/kv-2.png\n" + INTERNAL_ROUND
    )
    files = {**VALID, **FILES, BRIEF: brief, "accounts/acme/assets/launch/review-3.png": REVIEW}
    root = make_repo(files)
    assert main(["validate", str(root), "--today", "2026-11-23", "--no-history"]) == 0
    assert main(["build", str(root), "--today", "2026-11-23", "--jobs", "1"]) == 0
    capsys.readouterr()
    client = root / "site/clients/acme"
    assert (client / "briefs/launch-post/index.html").is_file()
    leaked = [p for p in client.rglob("*") if p.is_file() and b"MARKER" in p.read_bytes()]
    assert leaked == []


def test_approving_a_version_of_a_change_request_decides_it(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    change = "accounts/acme/changes/cr-001-extra-video.md"
    text = (
        "---\n"
        "title: One more video\n"
        "requested_by: lan\n"
        "requested_on: 2026-11-01\n"
        "adds: [{scope: video, quantity: 1}]\n"
        "versions:\n"
        "  - version: 1\n"
        "    date: 2026-11-05\n"
        "    files: [assets/launch/kv-1.pdf]\n"
        "---\n"
        "The storyboard of the extra video.\n"
    )
    root = make_repo({**VALID, **FILES, change: text})
    monkeypatch.chdir(root)
    args = ["approve", "acme", "cr-001-extra-video", "--by", "lan", "--on", "2026-11-21"]
    assert main([*args, "--version", "1", "--hash", HPDF, "--no-commit"]) == 0
    assert (root / change).read_text(encoding="utf-8") == text.replace(
        "    files: [assets/launch/kv-1.pdf]\n",
        "    files: [assets/launch/kv-1.pdf]\n"
        "    decision:\n"
        "      status: approved\n"
        "      by: lan\n"
        "      on: 2026-11-21\n"
        "      files:\n"
        f"        assets/launch/kv-1.pdf: {HPDF}\n"
        "status: approved\n"
        "decided_by: lan\n"
        "decided_on: 2026-11-21\n",
    )
    assert capsys.readouterr().out == (
        f"accounts/acme/changes/cr-001-extra-video.md: version 1 approved by lan "
        f"(not committed); content {content_hash(text)}\n"
    )


def test_a_version_written_on_one_line_is_refused_with_the_reason(
    proofs_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (proofs_repo / BRIEF).write_text(
        VERSIONS.replace(
            "  - version: 2\n    date: 2026-11-16\n    changes: Larger rate\n    files:\n"
            "      - assets/launch/kv-2.png\n",
            "  - {version: 2, date: 2026-11-16, files: [assets/launch/kv-2.png]}\n",
        ),
        encoding="utf-8",
    )
    assert main([*APPROVE, "--version", "2", "--no-commit"]) == 1
    assert capsys.readouterr().err == (
        f"aeportal: version 2 of {BRIEF} is written on one line ({{…}}); write it as a block "
        "of `key: value` lines to record a decision in it\n"
    )
