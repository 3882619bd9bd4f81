"""The bytes of the account files a portal publishes: images stripped, previews made.

A published image is decoded and encoded again with Pillow, so nothing but its pixels
reaches a portal: no EXIF (camera, GPS, dates), no XMP (editing history), no ICC
profile or PNG text chunk. A PDF is published as it is; its first pages become a
preview image (pypdfium2), a video's first second a poster (ffmpeg, when installed).

What is made is kept in ``.git/aeportal/previews/``, named by the file's SHA-256 and
what was made of it, so an unchanged file is never decoded twice, in any portal or
build; ``AEPORTAL_NO_CACHE=1`` keeps nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from aeportal import cachefile
from aeportal.render.proofs import PublishedFile

# Part of every cached name: a change to how files are made starts a new set.
MAKER_VERSION = "1"
# Pages of a PDF stacked into its large preview (the small one shows the first only).
PDF_PAGES = 3
PDF_GAP = 16  # pixels of grey between two pages
JPEG_QUALITY = 85
# Image decoders refuse more pixels than this (a "decompression bomb" is a tiny file).
MAX_PIXELS = 80_000_000
_FFMPEG_SECONDS = 60


def cache_folder(root: Path | None) -> Path | None:
    """Where made files are kept for the repository at ``root``; None with the cache off."""
    base = cachefile.folder(root) if root is not None else None
    return base / "previews" if base is not None else None


def published_bytes(file: PublishedFile, cache: Path | None) -> bytes:
    """The bytes a portal publishes for ``file``, from the cache when made before."""
    if file.make == "copy":
        return Path(file.source).read_bytes()
    name = f"{file.sha256}-{file.make}-{file.width}-v{MAKER_VERSION}"
    kept = cache / name if cache is not None else None
    if kept is not None:
        with contextlib.suppress(OSError):
            return kept.read_bytes()
    data = _make(file)
    if kept is not None:
        with contextlib.suppress(OSError):  # a read-only repository simply keeps nothing
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_name(f".{name}.{os.getpid()}")
            partial.write_bytes(data)
            partial.replace(kept)
    return data


def _make(file: PublishedFile) -> bytes:
    source = Path(file.source)
    try:
        if file.make == "image":
            return strip_image(source.read_bytes())
        if file.make == "preview":
            return image_preview(source.read_bytes(), file.width)
        if file.make == "pdf_preview":
            return pdf_preview(source, file.width, PDF_PAGES if file.width > 600 else 1)
        if file.make == "poster":
            return video_poster(source, file.width)
    except (OSError, ValueError, SyntaxError, RuntimeError, subprocess.SubprocessError):
        pass  # below: a file that cannot be read is shown as such, never as it is
    return placeholder(file.width or 400)


def _open(data: bytes) -> object:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except Image.DecompressionBombWarning as exc:
            raise ValueError(str(exc)) from exc
    return image


def strip_image(data: bytes) -> bytes:
    """An image encoded again from its pixels alone, in its own format.

    Only what drawing needs survives from the file's own information: transparency,
    and the timing of an animation.
    """
    from PIL import Image, ImageOps, ImageSequence

    image = _open(data)
    assert isinstance(image, Image.Image)
    kind = image.format or "PNG"
    frames = []
    for frame in ImageSequence.Iterator(image):
        # Turned as the camera meant it, since the orientation tag goes with the rest.
        upright = ImageOps.exif_transpose(frame.copy()) or frame.copy()
        upright.info = {k: v for k, v in frame.info.items() if k in ("transparency", "duration")}
        frames.append(upright)
    first = frames[0]
    out = io.BytesIO()
    options: dict[str, object] = {}
    if kind == "JPEG":
        first = first.convert("RGB") if first.mode not in ("RGB", "L") else first
        options = {"quality": 92}
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:], loop=image.info.get("loop", 0))
    first.save(out, kind, **options)
    return out.getvalue()


def _flat(image: object) -> object:
    """An image on white, in RGB: what a JPEG preview can hold."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        back = Image.new("RGB", rgba.size, "white")
        back.paste(rgba, mask=rgba.getchannel("A"))
        return back
    return image.convert("RGB")


def _jpeg(image: object) -> bytes:
    from PIL import Image

    assert isinstance(image, Image.Image)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def image_preview(data: bytes, width: int) -> bytes:
    """A JPEG at most ``width`` pixels wide (never enlarged), upright, without metadata."""
    from PIL import Image, ImageOps

    image = _open(data)
    assert isinstance(image, Image.Image)
    image = ImageOps.exif_transpose(image) or image
    flat = _flat(image)
    assert isinstance(flat, Image.Image)
    if flat.width > width:
        flat = flat.resize(
            (width, max(1, round(flat.height * width / flat.width))), Image.Resampling.LANCZOS
        )
    return _jpeg(flat)


def pdf_preview(path: Path, width: int, pages: int) -> bytes:
    """The first ``pages`` pages of a PDF, ``width`` pixels wide, one under the other."""
    import pypdfium2
    from PIL import Image

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        shown = []
        for index in range(min(pages, len(pdf))):
            page = pdf[index]
            scale = width / max(page.get_width(), 1.0)
            shown.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
    finally:
        pdf.close()
    if not shown:
        raise ValueError("a PDF without pages")
    height = sum(p.height for p in shown) + PDF_GAP * (len(shown) - 1)
    sheet = Image.new("RGB", (width, height), "#9e9e9e")
    top = 0
    for page_image in shown:
        sheet.paste(page_image, (0, top))
        top += page_image.height + PDF_GAP
    return _jpeg(sheet)


def video_poster(path: Path, width: int) -> bytes:
    """A frame of the video's first second, by ffmpeg (only asked for when it is installed)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not installed")
    with tempfile.TemporaryDirectory(prefix="aeportal-poster-") as tmp:
        frame = Path(tmp) / "frame.png"
        subprocess.run(
            [ffmpeg, "-v", "error", "-ss", "1", "-i", str(path), "-frames:v", "1", str(frame)],
            check=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=_FFMPEG_SECONDS,
        )
        return image_preview(frame.read_bytes(), width)


def placeholder(width: int) -> bytes:
    """A plain grey picture, for a file whose preview could not be made."""
    from PIL import Image

    return _jpeg(Image.new("RGB", (width, max(1, width * 9 // 16)), "#cfd8dc"))
