"""What a portal shows of the work: versions, previews, downloads, and what it never shows."""

from __future__ import annotations

import hashlib
import html
import io
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from aeportal.build.audit import Auditor
from aeportal.build.files import strip_image
from aeportal.cli.commands import main
from aeportal.diagnostics import Report
from aeportal.load.loader import load_portfolio
from portal_fixtures import TODAY, account_files, write_repo
from sample_files import jpeg_with_metadata, pdf_with_text, png_with_metadata

ALPHA = "accounts/alpha-co"
KV1 = png_with_metadata("ALPHA-INT-META-KV1", (1600, 1000), "navy")
KV3 = jpeg_with_metadata("ALPHA-INT-META-KV3", (1800, 1200))
INTERNAL_KV = png_with_metadata("ALPHA-INT-META-ROUND", (640, 480), "orange")
SECRET = png_with_metadata("ALPHA-INT-META-SECRET", (300, 300), "black")
PDF = pdf_with_text("Alpha key visual")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
BETA_KV = png_with_metadata("BETA-CLIENT-META", (500, 500), "green")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


BRIEF = f"""\
---
title: ALPHA-CLIENT-BRIEF launch post
scope: post
status: in_review
owner: sam
due: 2026-12-01
objectives: [reach]
versions:
  - version: 1
    date: 2026-11-10
    changes: First design
    files: [assets/launch/kv-1.png, assets/launch/kv-1.pdf]
    links:
      - {{title: Figma prototype, url: "https://www.figma.com/file/abc"}}
    decision:
      status: changes_required
      by: alpha-cmo
      on: 2026-11-12
      files: {{assets/launch/kv-1.png: {sha(KV1)}, assets/launch/kv-1.pdf: {sha(PDF)}}}
    feedback:
      - {{by: alpha-cmo, text: Make the rate twice as large, where: hero, done_in: 3}}
  - version: 2
    date: 2026-11-14
    visibility: internal
    changes: ALPHA-INT-ROUND checked by the studio lead
    files: [assets/launch/kv-internal.png]
  - version: 3
    date: 2026-11-16
    changes: Larger rate
    files: [assets/launch/kv-3.jpg, assets/launch/logo.svg]
---
## Background

ALPHA-CLIENT-BODY the launch post.

![The key visual](../assets/launch/kv-3.jpg) and [the PDF](../assets/launch/kv-1.pdf).
"""

SECRET_BRIEF = """\
---
title: ALPHA-INT-BRIEF-DOC secret pitch
scope: post
status: draft
owner: sam
visibility: internal
---
ALPHA-INT-BRIEF-BODY upsell plan. ![Mock-up](../assets/ALPHA-INT-ASSET-mockup.png)
"""


def proofs_repo(root: Path) -> Path:
    files = {**account_files("alpha-co", "ALPHA"), **account_files("beta-co", "BETA")}
    files[f"{ALPHA}/briefs/alpha-launch-post.md"] = BRIEF
    files[f"{ALPHA}/briefs/alpha-secret-pitch.md"] = SECRET_BRIEF
    beta_brief = "accounts/beta-co/briefs/beta-launch-post.md"
    files[beta_brief] = files[beta_brief].replace(
        "BETA-CLIENT-BODY the launch post.",
        "BETA-CLIENT-BODY the launch post. ![KV](../assets/BETA-CLIENT-ASSET-kv.png)",
    )
    write_repo(root, files)
    for path, data in {
        f"{ALPHA}/assets/launch/kv-1.png": KV1,
        f"{ALPHA}/assets/launch/kv-1.pdf": PDF,
        f"{ALPHA}/assets/launch/kv-internal.png": INTERNAL_KV,
        f"{ALPHA}/assets/launch/kv-3.jpg": KV3,
        f"{ALPHA}/assets/launch/logo.svg": SVG,
        f"{ALPHA}/assets/ALPHA-INT-ASSET-mockup.png": SECRET,
        "accounts/beta-co/assets/BETA-CLIENT-ASSET-kv.png": BETA_KV,
    }.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    git = ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "accounts"], check=True)
    return root


def build(root: Path) -> None:
    assert main(["build", str(root), "--today", TODAY, "--quiet"]) == 0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = proofs_repo(tmp_path_factory.mktemp("proofs"))
    build(root)
    return root / "site"


def size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def published(folder: Path) -> list[str]:
    return sorted(p for p in files_of(folder) if p.startswith("files/"))


def test_a_client_portal_publishes_exactly_the_files_its_pages_name(site: Path) -> None:
    client = site / "clients" / "alpha-co"
    kv1, kv3, pdf = sha(KV1)[:16], sha(KV3)[:16], sha(PDF)[:16]
    previews = ["preview-1200.jpg", "preview-400.jpg"]
    assert published(client) == sorted(
        [
            *(f"files/{kv1}/{n}" for n in ["kv-1.png", *previews]),
            *(f"files/{kv3}/{n}" for n in ["kv-3.jpg", *previews]),
            *(f"files/{pdf}/{n}" for n in ["kv-1.pdf", *previews]),
            f"files/{sha(SVG)[:16]}/logo.svg",
        ]
    )
    # The internal round's file and the file only an internal brief shows are in the
    # agency's portal only.
    internal = published(site / "internal" / "accounts" / "alpha-co")
    assert f"files/{sha(INTERNAL_KV)[:16]}/kv-internal.png" in internal
    assert f"files/{sha(SECRET)[:16]}/ALPHA-INT-ASSET-mockup.png" in internal


def test_published_images_carry_their_pixels_only_and_a_pdf_is_as_it_was(site: Path) -> None:
    folder = site / "clients" / "alpha-co" / "files"
    kv3 = (folder / sha(KV3)[:16] / "kv-3.jpg").read_bytes()
    assert kv3 == strip_image(KV3)
    assert b"ALPHA" not in kv3
    assert "exif" not in Image.open(io.BytesIO(kv3)).info
    large = size(folder / sha(KV3)[:16] / "preview-1200.jpg")
    small = size(folder / sha(KV3)[:16] / "preview-400.jpg")
    assert (large, small) == ((1200, 800), (400, 267))
    assert (folder / sha(PDF)[:16] / "kv-1.pdf").read_bytes() == PDF
    assert size(folder / sha(PDF)[:16] / "preview-400.jpg") == (400, 567)


def test_no_marker_of_another_client_or_of_anything_internal_in_any_client_file(
    site: Path,
) -> None:
    for slug, own in (("alpha-co", "ALPHA-CLIENT-"), ("beta-co", "BETA-CLIENT-")):
        for name, data in files_of(site / "clients" / slug).items():
            found = set(re.findall(rb"(?:ALPHA|BETA)-[A-Z-]*[A-Z]", data))
            assert {m for m in found if not m.startswith(own.encode())} == set(), name
            assert b"-META" not in data, name  # no image metadata, even a client's own
    # Beta's own image is published, under a name that is Beta's own.
    assert published(site / "clients" / "beta-co")[0].endswith("/BETA-CLIENT-ASSET-kv.png")


def _page(site: Path, portal: str) -> str:
    return (site / portal / "briefs" / "alpha-launch-post" / "index.html").read_text("utf-8")


def test_the_brief_page_shows_the_latest_version_first_and_the_older_ones_superseded(
    site: Path,
) -> None:
    page = _page(site, "clients/alpha-co")
    latest = page.index("Version 3")
    assert latest < page.index("Version 1")
    assert "Version 2" not in page and "ALPHA-INT-ROUND" not in page
    assert re.search(r"Version 1 · Nov 10, 2026 · superseded</summary>", page)
    kv3 = sha(KV3)[:16]
    assert f'src="../../files/{kv3}/preview-1200.jpg"' in page
    size = f"{len(KV3) / 1000:.1f} kB"
    assert (
        f'<a download="" href="../../files/{kv3}/kv-3.jpg">kv-3.jpg</a> · {size} · '
        f'<span class="aep-hash">SHA-256 {sha(KV3)}</span>'
    ) in html.unescape(page)
    # The image offered is a copy without its metadata: the page says the size and hash are
    # the original's (which decisions name); a PDF is published as it is and says nothing.
    lines = html.unescape(page).splitlines()
    (kv3_line,) = [line for line in lines if f">kv-3.jpg</a> · {size} · " in line]
    assert kv3_line.endswith(
        f"SHA-256 {sha(KV3)}</span> · a copy without metadata; size and SHA-256 are the "
        "original's</li>"
    ), kv3_line
    pdf_lines = [line for line in lines if ">kv-1.pdf</a> · " in line]
    assert pdf_lines and not any("without metadata" in line for line in pdf_lines)
    # The side-by-side view: version 1 and version 3, as images, next to each other.
    compare = page[page.index('class="aep-compare"') :]
    compare = compare[: compare.index("</div>")]
    assert re.findall(r'src="../../files/(\w+)/preview-1200.jpg"', compare) == [
        sha(KV1)[:16],
        kv3,
    ]
    # The SVG is a download, never an image.
    assert not re.search(r"<img[^>]+\.svg", page)
    assert f'<a download="" href="../../files/{sha(SVG)[:16]}/logo.svg">logo.svg</a>' in page
    # External work is a link, never embedded.
    assert '<a href="https://www.figma.com/file/abc" rel="noopener noreferrer">' in page
    assert "<iframe" not in page
    # The decision and the feedback of version 1.
    assert "changes required</span> — Alphaperson Contact, Nov 12, 2026" in page
    assert "Make the rate twice as large" in page and "done in version 3" in page
    # The body's image and link lead to the published files.
    assert f'<img alt="The key visual" src="../../files/{kv3}/kv-3.jpg"' in page
    assert f'href="../../files/{sha(PDF)[:16]}/kv-1.pdf">the PDF</a>' in page


def test_the_approve_email_names_the_latest_version_and_its_files_hashes(site: Path) -> None:
    page = _page(site, "clients/alpha-co")
    link = re.search(r'href="(mailto:[^"]+)"[^>]*>Approve<', page)
    assert link is not None
    text = unquote(link.group(1).replace("&amp;", "&"))
    assert "[brief alpha-launch-post v3 " in text
    assert "Version 3\n" in text
    assert f"assets/launch/kv-3.jpg sha256:{sha(KV3)}\n" in text
    assert f"assets/launch/logo.svg sha256:{sha(SVG)}\n" in text
    assert (
        "the message names version 3, the SHA-256 of each of its files and this document's content"
    ) in html.unescape(page)


def test_the_agency_portal_also_shows_the_internal_round(site: Path) -> None:
    page = _page(site, "internal/accounts/alpha-co")
    assert "Version 2" in page and "ALPHA-INT-ROUND checked by the studio lead" in page
    assert "internal review" in page


def _previews(root: Path) -> dict[str, int]:
    folder = root / ".git" / "aeportal" / "previews"
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir())}


def test_previews_are_made_once_per_file_and_never_again(tmp_path: Path) -> None:
    root = proofs_repo(tmp_path)
    build(root)
    first = _previews(root)
    # Per file: the stripped image and two previews; PDF: two previews; once for both portals.
    assert len(first) == 2 * 3 + 2 + 3 + 3 + 3  # kv-1, kv-3, pdf, internal round, secret, beta
    brief = root / ALPHA / "briefs" / "alpha-launch-post.md"
    brief.write_text(brief.read_text("utf-8").replace("First design", "First design, A"), "utf-8")
    build(root)
    assert _previews(root) == first  # the portals were built again, no file was made again


def test_no_previews_are_kept_with_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AEPORTAL_NO_CACHE", "1")
    root = proofs_repo(tmp_path)
    build(root)
    assert not (root / ".git" / "aeportal" / "previews").exists()
    kv3 = sha(KV3)[:16]
    assert (root / "site" / "clients" / "alpha-co" / "files" / kv3 / "preview-400.jpg").is_file()


def _auditor(site: Path) -> Auditor:
    return Auditor(load_portfolio(site.parent, Report()))


def test_the_audit_passes_the_client_portals_with_their_files(site: Path) -> None:
    auditor = _auditor(site)
    for slug in ("alpha-co", "beta-co"):
        assert auditor.audit_folder(site / "clients" / slug, slug, slug) == []


def test_the_audit_finds_internal_rounds_and_files_in_what_a_client_would_get(
    site: Path,
) -> None:
    # The agency's portal holds everything; audited as if it were the client's, every
    # internal round and internal-only file in it is found, by its text, folder and name.
    hits = _auditor(site).audit_folder(site / "internal" / "accounts" / "alpha-co", "alpha-co", "x")
    found = {(h.marker, h.why) for h in hits}
    brief = site.parent / ALPHA / "briefs" / "alpha-launch-post.md"
    assert ("ALPHA-INT-ROUND checked by the studio lead", f"internal version 2 of {brief}") in found
    for data, name in (
        (INTERNAL_KV, "launch/kv-internal.png"),
        (SECRET, "ALPHA-INT-ASSET-mockup.png"),
    ):
        folder = f"files/{sha(data)[:16]}/"
        assert (folder, f"internal file assets/{name}") in found
        file = f"x/{folder}{name.rsplit('/', 1)[-1]}"
        assert file in {h.path for h in hits if h.marker == folder}
    assert (
        "ALPHA-INT-ASSET-mockup.png",
        "name of the internal file assets/ALPHA-INT-ASSET-mockup.png",
    ) in found


def test_the_audit_reads_the_text_inside_pdfs_and_svgs_and_image_metadata(
    site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "alpha-co"
    (folder / "files" / "a").mkdir(parents=True)
    pdf = pdf_with_text("Beta Holdings BETA-CLIENT-COMPANY", compress=True)
    assert b"BETA" not in pdf  # only a PDF reader finds it
    (folder / "files" / "a" / "brief.pdf").write_bytes(pdf)
    (folder / "files" / "a" / "logo.svg").write_text(
        "<svg><text>ALPHA-INT-ROUND checked by the studio lead</text></svg>", "utf-8"
    )
    (folder / "files" / "a" / "kv.jpg").write_bytes(jpeg_with_metadata("Beta Client Co"))
    hits = _auditor(site).audit_folder(folder, "alpha-co", "alpha-co")
    assert sorted((h.path, h.marker) for h in hits) == [
        ("alpha-co/files/a/brief.pdf", "Beta Holdings BETA-CLIENT-COMPANY"),
        ("alpha-co/files/a/kv.jpg", "Beta Client Co"),
        ("alpha-co/files/a/logo.svg", "ALPHA-INT-ROUND checked by the studio lead"),
    ]


def test_a_video_is_a_file_link_without_ffmpeg_and_a_changed_file_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # git, and no ffmpeg
    assert shutil.which("ffmpeg") is None
    root = proofs_repo(tmp_path)
    video = b"\x00\x00\x00\x18ftypmp42 not really a film"
    (root / ALPHA / "assets" / "launch" / "cut.mp4").write_bytes(video)
    brief = root / ALPHA / "briefs" / "alpha-launch-post.md"
    text = brief.read_text("utf-8").replace(
        "files: [assets/launch/kv-3.jpg, assets/launch/logo.svg]",
        "files: [assets/launch/kv-3.jpg, assets/launch/logo.svg, assets/launch/cut.mp4]",
    )
    brief.write_text(text, "utf-8")
    # Version 1's image is retouched after the client's decision on it.
    (root / ALPHA / "assets" / "launch" / "kv-1.png").write_bytes(
        png_with_metadata("X", (1600, 1000), "teal")
    )
    build(root)
    client = root / "site" / "clients" / "alpha-co"
    folder = f"files/{sha(video)[:16]}"
    assert [p for p in published(client) if p.startswith(folder)] == [f"{folder}/cut.mp4"]
    page = html.unescape(_page(root / "site", "clients/alpha-co"))
    assert f'<a download="" href="../../{folder}/cut.mp4">cut.mp4</a>' in page
    assert "<video" not in page
    assert "Changed after the decision: these files differ from the ones decided on" in page
    warning = page[page.index("Changed after the decision") :]
    assert warning.index("assets/launch/kv-1.png") < warning.index("</div>")


def test_a_change_request_shows_its_versions_too(tmp_path: Path) -> None:
    root = proofs_repo(tmp_path)
    change = root / ALPHA / "changes" / "cr-001.md"
    change.write_text(
        change.read_text("utf-8").replace(
            "status: approved\n",
            "status: approved\nversions:\n  - {version: 1, date: 2026-10-02, "
            "changes: Two more posts, files: [assets/launch/kv-1.pdf]}\n",
        ),
        "utf-8",
    )
    build(root)
    page = (root / "site/clients/alpha-co/changes/cr-001/index.html").read_text("utf-8")
    assert re.search(r'<h3 id="version-1">Version 1 · Oct 2, 2026 <span[^>]*>latest</span>', page)
    assert f'src="../../files/{sha(PDF)[:16]}/preview-1200.jpg"' in page
