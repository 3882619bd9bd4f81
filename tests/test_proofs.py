"""Versions of a deliverable: the format, the rules, the client view and recorded decisions."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path

from aeportal import model
from aeportal.derive.visibility import client_view
from aeportal.diagnostics import Report
from aeportal.load.loader import load_portfolio
from conftest import BRIEF, VALID
from proof_fixtures import FILES, H1, H2, HPDF, KV2, PDF1, PNG1, PNG2, VERSIONS

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
