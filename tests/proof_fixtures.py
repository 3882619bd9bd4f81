"""Small real files for proofs tests: images carrying metadata, and a PDF with text."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin


def jpeg_with_metadata(marker: str, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A JPEG whose EXIF (camera, GPS), XMP and ICC profile all carry ``marker``."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = f"{marker} camera maker"  # Make
    exif[0x0131] = f"{marker} editing software"  # Software
    gps = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.0)}
    exif[0x8825] = gps  # GPSInfo
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        f'22-rdf-syntax-ns#"><rdf:Description>{marker} history</rdf:Description></rdf:RDF>'
        "</x:xmpmeta>"
    ).encode()
    out = io.BytesIO()
    icc = b"\0" * 128 + marker.encode()  # never parsed: carried as it is
    image.save(out, "JPEG", exif=exif.tobytes(), xmp=xmp, icc_profile=icc, quality=90)
    return out.getvalue()


def png_with_metadata(
    marker: str, size: tuple[int, int] = (800, 600), colour: str = "navy"
) -> bytes:
    """A PNG with a tEXt, a zTXt and an iTXt chunk, EXIF and an ICC profile naming ``marker``."""
    image = Image.new("RGBA", size, colour)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"{marker} text chunk")
    info.add_text("Author", f"{marker} compressed", zip=True)
    info.add_itxt("Description", f"{marker} international")
    exif = Image.Exif()
    exif[0x0131] = f"{marker} editing software"
    out = io.BytesIO()
    image.save(
        out, "PNG", pnginfo=info, exif=exif.tobytes(), icc_profile=b"\0" * 128 + marker.encode()
    )
    return out.getvalue()


def pdf_with_text(text: str, pages: int = 1) -> bytes:
    """A PDF of ``pages`` A4 pages each showing ``text`` in Helvetica (readable by pypdfium2)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for n in range(pages):
        page_no = len(objects) + 1
        stream = f"BT /F1 24 Tf 72 720 Td ({text} page {n + 1}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {page_no + 1} 0 R "
            f"/Resources << /Font << /F1 {3 + 2 * pages} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(f"{page_no} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
