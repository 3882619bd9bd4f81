"""A brief page with versions in real headless Chromium: previews, side by side, downloads.

Built from a tiny repository (``test_proof_pages.proofs_repo``) and served on 127.0.0.1
with the fixtures of ``test_browser``: no request leaves the host, no console error, and
a screenshot of every page is kept under ``test-artifacts/browser/``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from aeportal.build.files import strip_image
from aeportal.cli.commands import main
from test_browser import (  # the fixtures are used by name
    ARTIFACTS,
    CHROMIUM,
    PHONE,
    TODAY,
    Tab,
    _no_serious_findings,
    base_url,
    browser,
    engine,
    record,
    tab,
    viewport,
)
from test_proof_pages import KV1, KV3, PDF, SVG, proofs_repo

__all__ = ["base_url", "browser", "engine", "record", "tab", "viewport"]
PAGE = "/clients/alpha-co/briefs/alpha-launch-post/"
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """The proofs repository, built with each site engine in turn (see ``engine``)."""
    root = proofs_repo(tmp_path_factory.mktemp("browser-proofs"))
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--engine", engine]) == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return root / "site"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_preview_loads_and_the_older_versions_open(
    tab: Tab, viewport: dict[str, int]
) -> None:
    page = tab.open(PAGE)
    article = page.locator("article")
    expect(article.locator(".aep-latest h3")).to_have_text(re.compile(r"^Version 3 · .* latest"))
    older = article.locator("details.aep-superseded")
    expect(older).to_have_count(1)
    expect(older.locator("summary")).to_have_text("Version 1 · Nov 10, 2026 · superseded")
    older.locator("summary").click()
    images = article.locator(".aep-version img, .aep-compare img")
    expect(images).to_have_count(5)  # v3 large, v1 and v3 side by side, v1's PNG and PDF
    for image in images.all():
        image.scroll_into_view_if_needed()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image.element_handle())
    widths = [i.evaluate("i => i.naturalWidth") for i in images.all()]
    assert widths == [1200, 1200, 1200, 400, 400]
    tab.shot("versions-open")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_two_versions_side_by_side(tab: Tab, viewport: dict[str, int]) -> None:
    page = tab.open(PAGE)
    figures = page.locator("article .aep-compare figure")
    expect(figures).to_have_count(2)
    expect(figures.nth(0).locator("figcaption")).to_have_text("Version 1 · kv-1.png")
    expect(figures.nth(1).locator("figcaption")).to_have_text("Version 3 · kv-3.jpg")
    figures.nth(0).scroll_into_view_if_needed()
    left, right = (f.bounding_box() for f in figures.all())
    assert left is not None and right is not None
    assert left["y"] == right["y"]  # one row, even on a phone
    assert left["x"] + left["width"] <= right["x"]
    assert right["x"] + right["width"] <= viewport["width"]
    tab.shot("side-by-side")


def test_downloads_are_the_published_files(tab: Tab) -> None:
    page = tab.open(PAGE)
    expected = {
        "kv-3.jpg": strip_image(KV3),
        "logo.svg": SVG,
    }
    latest = page.locator("article .aep-latest")
    for name, data in expected.items():
        with page.expect_download() as info:
            latest.locator("a[download]", has_text=name).click()
        download = info.value
        assert download.suggested_filename == name
        assert Path(download.path()).read_bytes() == data
    page.locator("details.aep-superseded summary").click()
    with page.expect_download() as info:
        page.locator("details.aep-superseded a[download]", has_text="kv-1.pdf").click()
    assert Path(info.value.path()).read_bytes() == PDF
    # The page names each file's hash next to its link; the SVG is never an image.
    expect(latest).to_contain_text(f"SHA-256 {_sha(KV3)}")
    expect(page.locator("article img[src$='.svg']")).to_have_count(0)


def test_the_approve_email_names_the_version_and_the_hashes(tab: Tab) -> None:
    page = tab.open(PAGE)
    href = page.locator("article a", has_text="Approve").get_attribute("href")
    assert href is not None and href.startswith("mailto:sam@agency.example?")
    text = unquote(href)
    assert "[brief alpha-launch-post v3 " in text
    assert f"assets/launch/kv-3.jpg sha256:{_sha(KV3)}" in text
    assert f"assets/launch/logo.svg sha256:{_sha(SVG)}" in text
    assert _sha(KV1) not in text  # an older version's file is not what is approved


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_serious_on_a_brief_with_versions(
    tab: Tab, viewport: dict[str, int]
) -> None:
    _no_serious_findings(tab, PAGE)
