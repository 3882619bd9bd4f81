"""Versions of a deliverable: the format, the rules, the client view and recorded decisions."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from aeportal import model
from aeportal.diagnostics import Report
from aeportal.load.loader import load_portfolio
from conftest import BRIEF, VALID

PNG1 = b"\x89PNG\r\n\x1a\n round one"
PNG2 = b"\x89PNG\r\n\x1a\n round two"
PDF1 = b"%PDF-1.4 round one"
H1 = hashlib.sha256(PNG1).hexdigest()
H2 = hashlib.sha256(PNG2).hexdigest()
HPDF = hashlib.sha256(PDF1).hexdigest()
KV1 = "accounts/acme/assets/launch/kv-1.png"
KV2 = "accounts/acme/assets/launch/kv-2.png"
PDF = "accounts/acme/assets/launch/kv-1.pdf"

# The brief of VALID with two versions instead of its revisions (from line 9 on); a test
# replaces one line of it. Line numbers in assertions count from this text.
VERSIONS = VALID[BRIEF].replace(
    """\
revisions:
  - round: 1
    date: 2026-11-15
    summary: Shorter headline
""",
    f"""\
versions:
  - version: 1
    date: 2026-11-10
    changes: First design
    files:
      - assets/launch/kv-1.png
      - assets/launch/kv-1.pdf
    links:
      - {{title: Figma prototype, url: "https://www.figma.com/file/abc"}}
    decision:
      status: changes_required
      by: lan
      on: 2026-11-12
      files:
        assets/launch/kv-1.png: {H1}
        assets/launch/kv-1.pdf: {HPDF}
    feedback:
      - by: lan
        text: Make the rate twice as large
        where: hero, desktop
        done_in: 2
      - by: hoa
        text: Use the green of the brand guide
        declined: The brand guide asks for blue on this channel
  - version: 2
    date: 2026-11-16
    changes: Larger rate
    files:
      - assets/launch/kv-2.png
""",
)

FILES: dict[str, str | bytes] = {BRIEF: VERSIONS, KV1: PNG1, KV2: PNG2, PDF: PDF1}

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
