"""The demo accounts' deliverables: drawn by benchmarks/demo_assets.py, pinned by the briefs."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from aeportal.diagnostics import Report
from aeportal.load.loader import load_portfolio

ROOT = Path(__file__).resolve().parent.parent
MAX_DEMO_BYTES = 3 * 1024 * 1024


@pytest.fixture(scope="module")
def demo() -> dict[str, object]:
    report = Report()
    portfolio = load_portfolio(ROOT, report)
    assert report.errors == []
    return {b.slug: b for b in portfolio.accounts}


def test_every_demo_account_shows_rounds_of_real_files(demo: dict[str, object]) -> None:
    rounds = {
        slug: {b.id: len(b.versions) for b in bundle.briefs if b.versions}  # type: ignore[attr-defined]
        for slug, bundle in demo.items()
    }
    assert rounds == {
        "harbor-city-bank": {"year-end-savings-page": 3},
        "lotus-tea-house": {"posm-cua-hang": 2, "tet-key-visual": 3},
        "northwind-outdoors": {"first-look-social": 3},
    }
    harbor = demo["harbor-city-bank"]
    (page,) = [b for b in harbor.briefs if b.id == "year-end-savings-page"]  # type: ignore[attr-defined]
    assert page.title == "Year-end Harbor Saver landing page"
    latest = page.versions[-1]
    assert [f.path for f in harbor.version_files(latest)] == [  # type: ignore[attr-defined]
        "assets/year-end-savings-page/landing-v3-desktop.png",
        "assets/year-end-savings-page/landing-v3-mobile.png",
    ]
    assert [v.visibility for v in page.versions] == ["internal", "client", "client"]
    pdfs = [k for bundle in demo.values() for k in bundle.files if k.endswith(".pdf")]  # type: ignore[attr-defined]
    assert pdfs == ["assets/posm-cua-hang/posm-v1.pdf", "assets/posm-cua-hang/posm-v2.pdf"]


def test_every_file_is_named_and_every_decision_pins_the_committed_bytes(
    demo: dict[str, object],
) -> None:
    for bundle in demo.values():
        named = set()
        people = bundle.people()  # type: ignore[attr-defined]
        approvers = set(bundle.account.approval.approvers)  # type: ignore[attr-defined]
        contacts = {c.id for c in bundle.account.client.contacts}  # type: ignore[attr-defined]
        for brief in bundle.briefs:  # type: ignore[attr-defined]
            for version in brief.versions:
                files = bundle.version_files(version)  # type: ignore[attr-defined]
                assert [f.path for f in files] == list(version.files), (brief.id, version.version)
                named.update(version.files)
                if version.decision is not None:
                    assert version.decision.by in approvers and version.decision.by in people
                    assert dict(version.decision.files) == {f.path: f.sha256 for f in files}
                for point in version.feedback:
                    assert point.by in contacts, (brief.id, point.by)
                    assert (point.done_in is None) != (point.declined is None)
        assert named == set(bundle.files), bundle.slug  # type: ignore[attr-defined]


def test_the_whole_demo_stays_small() -> None:
    size = sum(p.stat().st_size for p in (ROOT / "accounts").rglob("*") if p.is_file())
    assert size < MAX_DEMO_BYTES


def test_the_files_are_drawn_again_byte_for_byte() -> None:
    pil = pytest.importorskip("PIL")
    locked = re.search(
        r"^pillow==(\S+)", (ROOT / ".ci/requirements.txt").read_text("utf-8"), re.MULTILINE
    )
    if locked is None or locked.group(1) != pil.__version__:
        pytest.skip(f"the drawings are the bytes of the locked Pillow, not {pil.__version__}")
    spec = importlib.util.spec_from_file_location("demo_assets", ROOT / "benchmarks/demo_assets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["demo_assets"] = module
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
