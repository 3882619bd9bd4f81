"""The bytes a portal publishes of an account's files: metadata stripped, previews made once."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from aeportal.build.files import (
    cache_folder,
    image_preview,
    pdf_preview,
    published_bytes,
    strip_image,
)
from aeportal.render.proofs import PublishedFile
from proof_fixtures import jpeg_with_metadata, pdf_with_text, png_with_metadata

MARK = "XMARKX"


def _all_text(data: bytes) -> bytes:
    """The bytes of a file and of every zlib stream in it (compressed PNG text chunks)."""
    found = [data]
    for start in range(len(data) - 2):
        if data[start] == 0x78 and data[start + 1] in (0x01, 0x5E, 0x9C, 0xDA):
            try:
                found.append(zlib.decompressobj().decompress(data[start:]))
            except zlib.error:
                continue
    return b"\n".join(found)


def test_a_jpeg_loses_exif_gps_xmp_and_icc_and_keeps_its_pixels() -> None:
    original = jpeg_with_metadata(MARK)
    assert original.count(MARK.encode()) == 4  # Make, Software, XMP, ICC
    stripped = strip_image(original)
    image = Image.open(io.BytesIO(stripped))
    assert image.format == "JPEG"
    assert image.size == (1600, 900)
    assert MARK.encode() not in _all_text(stripped)
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    assert dict(image.getexif()) == {}
    assert image.getpixel((10, 10)) == pytest.approx((200, 40, 40), abs=3)


def test_a_png_loses_its_text_chunks_exif_and_icc_and_keeps_its_pixels_exactly() -> None:
    original = png_with_metadata(MARK)
    assert MARK.encode() in _all_text(original)
    stripped = strip_image(original)
    image = Image.open(io.BytesIO(stripped))
    assert image.format == "PNG"
    assert MARK.encode() not in _all_text(stripped)
    assert set(image.info) <= {"dpi", "transparency"}
    assert image.tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_previews_are_jpegs_of_the_asked_width_never_enlarged() -> None:
    large = Image.open(io.BytesIO(image_preview(jpeg_with_metadata(MARK), 1200)))
    assert (large.format, large.size) == ("JPEG", (1200, 675))
    assert "exif" not in large.info
    small = Image.open(io.BytesIO(image_preview(png_with_metadata(MARK, (300, 200)), 400)))
    assert small.size == (300, 200)  # smaller than asked: as it is


def test_a_pdf_preview_shows_its_first_pages_one_under_the_other(tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(pdf_with_text("Hello", pages=5))
    page = 567  # an A4 page 400 pixels wide: 842 × 400 / 595 = 566.05, which pdfium rounds up
    one = Image.open(io.BytesIO(pdf_preview(pdf, 400, 1)))
    assert one.size == (400, page)
    three = Image.open(io.BytesIO(pdf_preview(pdf, 400, 3)))
    assert three.size == (400, 3 * page + 2 * 16)
    assert len(pypdfium2.PdfDocument(str(pdf))) == 5


def test_a_file_that_cannot_be_read_becomes_a_grey_placeholder(tmp_path: Path) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + MARK.encode() * 10)
    made = published_bytes(PublishedFile(str(bad), "0" * 64, "preview", 400), None)
    image = Image.open(io.BytesIO(made))
    assert image.size == (400, 225)
    assert MARK.encode() not in made


def test_made_files_are_kept_by_hash_and_read_back(tmp_path: Path) -> None:
    source = tmp_path / "kv.jpg"
    source.write_bytes(jpeg_with_metadata(MARK))
    cache = tmp_path / "cache"
    wanted = PublishedFile(str(source), "ab" * 32, "preview", 400)
    first = published_bytes(wanted, cache)
    kept = sorted(p.name for p in cache.iterdir())
    assert kept == [f"{'ab' * 32}-preview-400-v1"]
    # The kept file is what is read next time: changing it shows it was used.
    (cache / kept[0]).write_bytes(b"kept")
    assert published_bytes(wanted, cache) == b"kept"
    assert first != b"kept"


def test_no_cache_folder_without_git_or_with_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache_folder(tmp_path) is None
    (tmp_path / ".git").mkdir()
    assert cache_folder(tmp_path) == tmp_path / ".git" / "aeportal" / "previews"
    monkeypatch.setenv("AEPORTAL_NO_CACHE", "1")
    assert cache_folder(tmp_path) is None
