"""The demo accounts' deliverables: mock designs drawn with Pillow, the same bytes every time.

    python3 benchmarks/demo_assets.py            # write them under accounts/*/assets/
    python3 benchmarks/demo_assets.py --check    # exit 1 if a file differs from what is drawn

Each demo account shows two or three rounds of real work on one or two briefs: a landing
page (Harbor City Bank), a key visual and a POSM proof in PDF (Lotus Tea House), a social
post (Northwind Outdoors). The briefs' ``versions:`` name these files and their decisions
pin them by SHA-256, which this script prints; a drawing changed here must be re-hashed in
the briefs (``aeportal validate`` says which hash no longer matches).

Drawn with shapes and Pillow's built-in font (Aileron, no system font), saved without a
timestamp, so the bytes depend on the Pillow version only (the one in .ci/requirements.txt).
The built-in font has no Vietnamese letters: the Lotus Tea House mocks carry only words
without diacritics.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
# PDF dates are the only time Pillow writes; a fixed one keeps the bytes the same.
PDF_DATE = time.struct_time((2026, 11, 17, 9, 0, 0, 1, 321, 0))

Color = tuple[int, int, int]


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


def text(
    draw: ImageDraw.ImageDraw, xy: tuple[int, int], words: str, size: int, fill: Color
) -> None:
    draw.text(xy, words, font=font(size), fill=fill)


def button(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], label: str, bg: Color, fg: Color
) -> None:
    draw.rounded_rectangle(box, radius=(box[3] - box[1]) // 2, fill=bg)
    size = (box[3] - box[1]) * 2 // 5
    width = draw.textlength(label, font=font(size))
    x = (box[0] + box[2] - width) // 2
    text(draw, (int(x), box[1] + (box[3] - box[1] - size) // 2 - 2), label, size, fg)


def lines(draw: ImageDraw.ImageDraw, x: int, y: int, width: int, count: int, gap: int) -> None:
    """Grey bars standing for body copy."""
    for i in range(count):
        end = x + (width if i < count - 1 else width * 3 // 5)
        draw.rounded_rectangle((x, y + i * gap, end, y + i * gap + gap // 3), 3, (214, 220, 228))


# --- Harbor City Bank: the year-end Harbor Saver landing page -----------------------

NAVY: Color = (13, 45, 82)
TEAL: Color = (0, 133, 124)
GOLD: Color = (242, 181, 50)
WHITE: Color = (255, 255, 255)
INK: Color = (33, 37, 41)


def harbor_desktop(version: int) -> Image.Image:
    """1440 wide; version 1 and 2 carry the rate small and low, version 3 large, above the fold."""
    im = Image.new("RGB", (1440, 1220), WHITE)
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, 1440, 72), NAVY)
    text(d, (48, 20), "HARBOR CITY BANK", 28, WHITE)
    for i, item in enumerate(("Personal", "Business", "HarborGo app", "Locations")):
        text(d, (760 + i * 150, 26), item, 20, (200, 214, 230))
    d.rectangle((0, 72, 1440, 560), (232, 243, 246))
    d.ellipse((980, 120, 1360, 500), (198, 228, 232))
    d.polygon([(1040, 420), (1300, 420), (1250, 470), (1090, 470)], NAVY)  # a hull
    d.rectangle((1165, 230, 1175, 420), NAVY)
    d.polygon([(1180, 240), (1180, 400), (1290, 400)], WHITE)
    text(d, (96, 130), "Save more before", 52, NAVY)
    text(d, (96, 192), "the year is out.", 52, NAVY)
    if version >= 3:
        text(d, (96, 280), "4.25% APY", 120, TEAL)
        text(d, (100, 420), "Harbor Saver, opened online by December 31.*", 24, INK)
        button(d, (96, 470, 396, 530), "Open in 5 minutes", TEAL, WHITE)
    else:
        text(d, (96, 280), "A better rate on a new Harbor Saver account,", 26, INK)
        text(d, (96, 318), "opened online by December 31.", 26, INK)
        button(d, (96, 380, 396, 440), "Open an account", TEAL, WHITE)
    # Below the fold: the rate table (version 3 moved it up into the hero) and the form.
    top = 600
    if version < 3:
        text(d, (96, top), "Rates", 36, NAVY)
        d.rectangle((96, top + 60, 700, top + 220), outline=(190, 200, 210), width=2)
        for i, (term, rate) in enumerate(
            (("Harbor Saver", "4.25% APY*"), ("Standard", "0.50% APY"))
        ):
            y = top + 80 + i * 70
            text(d, (120, y), term, 26, INK)
            text(d, (480, y), rate, 26, TEAL if i == 0 else INK)
    else:
        text(d, (96, top), "Why Harbor Saver", 36, NAVY)
        for i, point in enumerate(("No monthly fee", "Member FDIC", "Move money in the app")):
            d.ellipse((96, top + 70 + i * 60, 126, top + 100 + i * 60), TEAL)
            text(d, (144, top + 72 + i * 60), point, 24, INK)
    fields = 6 if version < 3 else 3
    text(d, (800, top), "Open your account", 36, NAVY)
    for i in range(fields):
        y = top + 64 + i * 62
        d.rounded_rectangle((800, y, 1340, y + 46), 6, outline=(170, 180, 190), width=2)
    button(d, (800, top + 80 + fields * 62, 1100, top + 136 + fields * 62), "Continue", NAVY, WHITE)
    d.rectangle((0, 1130, 1440, 1220), (240, 242, 245))
    text(
        d,
        (96, 1160),
        "*APY accurate as of Nov 1, 2026. Member FDIC. Truth in Savings disclosures.",
        18,
        INK,
    )
    if version == 1:  # the agency's own draft: a placeholder the internal review caught
        d.rectangle((800, 140, 940, 200), (255, 235, 238))
        text(d, (810, 158), "TODO legal", 20, (200, 30, 50))
    return im


def harbor_mobile(version: int) -> Image.Image:
    im = Image.new("RGB", (390, 844), WHITE)
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, 390, 56), NAVY)
    text(d, (20, 16), "HARBOR CITY BANK", 20, WHITE)
    d.rectangle((0, 56, 390, 420), (232, 243, 246))
    text(d, (20, 80), "Save more before", 30, NAVY)
    text(d, (20, 116), "the year is out.", 30, NAVY)
    if version >= 3:
        text(d, (20, 170), "4.25% APY", 64, TEAL)
        button(d, (20, 340, 370, 392), "Open in 5 minutes", TEAL, WHITE)
    else:
        lines(d, 20, 180, 330, 3, 30)
        button(d, (20, 340, 370, 392), "Open an account", TEAL, WHITE)
    fields = 6 if version < 3 else 3
    for i in range(fields):
        y = 450 + i * 52
        d.rounded_rectangle((20, y, 370, y + 40), 6, outline=(170, 180, 190), width=2)
    if version >= 3:  # the three fields left room for the reasons to open one
        button(d, (20, 616, 220, 660), "Continue", NAVY, WHITE)
        for i, point in enumerate(("No monthly fee", "Member FDIC", "Move money in the app")):
            d.ellipse((20, 690 + i * 34, 40, 710 + i * 34), TEAL)
            text(d, (52, 690 + i * 34), point, 18, INK)
    text(d, (20, 800), "Member FDIC", 16, INK)
    return im


# --- Lotus Tea House: the Tet key visual and the POSM proof -----------------------

RED_BRIGHT: Color = (200, 16, 46)
RED_WARM: Color = (164, 38, 44)  # "do son": the warmer red of rounds 2 and 3
CREAM: Color = (250, 240, 220)
LOTUS: Color = (238, 150, 170)
JADE: Color = (46, 110, 90)
BLUE_GLAZE: Color = (52, 96, 156)
CLAY: Color = (140, 74, 52)


def lotus_flower(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int) -> None:
    for dx, dy in (
        (-r, 0),
        (r, 0),
        (0, -r),
        (-r // 2, -r // 2 - r // 4),
        (r // 2, -r // 2 - r // 4),
    ):
        d.ellipse((cx + dx - r // 2, cy + dy - r, cx + dx + r // 2, cy + dy + r // 3), LOTUS)
    d.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), (250, 214, 120))


def teapot(d: ImageDraw.ImageDraw, cx: int, cy: int, color: Color) -> None:
    d.ellipse((cx - 150, cy - 110, cx + 150, cy + 110), color)
    d.rectangle((cx - 40, cy - 150, cx + 40, cy - 100), color)
    d.polygon(
        [(cx + 140, cy - 20), (cx + 250, cy - 90), (cx + 260, cy - 70), (cx + 150, cy + 30)], color
    )
    d.arc((cx - 230, cy - 70, cx - 110, cy + 60), 90, 270, fill=color, width=18)
    if color == BLUE_GLAZE:  # the glaze pattern
        for i in range(5):
            d.arc((cx - 120 + i * 40, cy - 40, cx - 60 + i * 40, cy + 20), 0, 180, WHITE, 4)


def lotus_kv(version: int) -> Image.Image:
    """1200 × 1500 portrait; round 1 bright red and a large logo, round 2 warm red and a
    smaller logo, round 3 a blue-glaze teapot and dry lotus stems."""
    red = RED_BRIGHT if version == 1 else RED_WARM
    im = Image.new("RGB", (1200, 1500), red)
    d = ImageDraw.Draw(im)
    d.ellipse((150, 250, 1050, 1150), CREAM)
    teapot(d, 560, 760, BLUE_GLAZE if version >= 3 else CLAY)
    for i in range(3):
        d.ellipse((780 + i * 70, 880, 840 + i * 70, 940), (240, 236, 228))
    lotus_flower(d, 320, 520, 60)
    lotus_flower(d, 880, 470, 48)
    if version >= 3:
        for x in (200, 260, 960):
            d.line((x, 1150, x + 40, 700), (120, 96, 60), 6)
            d.ellipse((x + 20, 660, x + 70, 710), (150, 120, 80))
    text(d, (180, 1220), "VE NHA UONG TRA", 84, CREAM)
    text(d, (180, 1330), "Tet Dinh Mui 2027", 44, (250, 214, 120))
    logo = 140 if version == 1 else 90
    d.ellipse((1160 - logo, 40, 1160, 40 + logo), CREAM)
    text(d, (1160 - logo + logo // 5, 40 + logo * 2 // 5), "LTH", logo // 4, red)
    return im


def lotus_standee(version: int) -> Image.Image:
    """A standee at scale: 60 × 160 cm in round 1, 50 × 140 cm for the small stores in round 2."""
    width, height = (600, 1600) if version == 1 else (500, 1400)
    im = Image.new("RGB", (width, height), RED_WARM)
    d = ImageDraw.Draw(im)
    d.ellipse((40, 200, width - 40, 200 + width - 80), CREAM)
    teapot(d, width // 2 - 20, 200 + (width - 80) // 2, BLUE_GLAZE)
    lotus_flower(d, 120, 260, 36)
    text(d, (40, 80), "LOTUS TEA HOUSE", width // 13, CREAM)
    text(d, (40, height - 520), "VE NHA", width // 7, CREAM)
    text(d, (40, height - 430), "UONG TRA", width // 7, CREAM)
    text(d, (40, height - 300), "Hop qua Tet 2027", width // 16, (250, 214, 120))
    margin = 20 if version == 1 else 50  # round 2: the logo 5 mm from the edge
    d.ellipse((width - 100 - margin, height - 100 - margin, width - margin, height - margin), CREAM)
    label = f"{width // 10} x {height // 10} cm"
    text(d, (40, height - 60), label, 22, CREAM)
    return im


def lotus_wobbler(version: int) -> Image.Image:
    im = Image.new("RGB", (600, 600), CREAM)
    d = ImageDraw.Draw(im)
    d.ellipse((40, 40, 560, 560), RED_WARM)
    lotus_flower(d, 300, 250, 70)
    text(d, (150, 380), "TRA SEN", 56, CREAM)
    margin = 60 if version == 1 else 110
    d.ellipse((300 - 30, 600 - margin - 60, 330, 600 - margin), CREAM)
    return im


def lotus_posm_pdf(version: int) -> bytes:
    """The POSM proof: a cover and one page per item, A4 landscape at 72 dpi."""
    pages = []
    for title, art in (
        ("Standee", lotus_standee(version)),
        ("Wobbler", lotus_wobbler(version)),
    ):
        page = Image.new("RGB", (842, 595), WHITE)
        d = ImageDraw.Draw(page)
        text(d, (40, 30), f"Lotus Tea House - POSM Tet 2027 - {title} - v{version}", 22, INK)
        art.thumbnail((700, 480))
        page.paste(art, (40, 80))
        text(d, (560, 90), "Proof - not for print", 18, RED_WARM)
        lines(d, 560, 130, 240, 6, 28)
        pages.append(page)
    out = io.BytesIO()
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=72.0,
        quality=80,
        title=f"POSM Tet 2027 v{version}",
        author="",
        creator="",
        producer="",
        creationDate=PDF_DATE,
        modDate=PDF_DATE,
    )
    return out.getvalue()


# --- Northwind Outdoors: the first-look social post --------------------------------

FOREST: Color = (34, 62, 46)
MOSS: Color = (96, 128, 72)
FOG: Color = (214, 222, 214)
ORANGE: Color = (232, 110, 40)


def northwind_post(version: int) -> Image.Image:
    """1080 square; round 1 a studio shot, rounds 2 and 3 the field test in the rain
    forest, round 3 with the waitlist call to action."""
    im = Image.new("RGB", (1080, 1080), FOG if version >= 2 else (236, 236, 232))
    d = ImageDraw.Draw(im)
    if version >= 2:
        for i, x in enumerate(range(-40, 1100, 120)):  # mossy trunks in the fog
            d.rectangle((x, 0, x + 36 + (i % 3) * 10, 1080), MOSS if i % 2 else FOREST)
        for y in range(40, 700, 90):  # rain
            for x in range(30 + (y % 60), 1080, 140):
                d.line((x, y, x - 14, y + 40), (180, 196, 200), 3)
    else:
        d.rectangle((0, 760, 1080, 1080), (210, 210, 204))  # the studio floor
    # The jacket: a shell with a hood, the same shape in every round.
    d.polygon([(440, 300), (640, 300), (760, 420), (720, 780), (360, 780), (320, 420)], ORANGE)
    d.ellipse((470, 220, 610, 340), ORANGE)
    d.line((540, 330, 540, 780), (150, 60, 20), 6)
    d.rectangle((0, 0, 1080, 110), FOREST)
    text(d, (40, 34), "NORTHWIND OUTDOORS", 40, WHITE)
    if version >= 2:
        d.rectangle((0, 810, 1080, 1080), FOREST)  # a band under the words, for contrast
    text(d, (40, 840), "Tested in the Hoh.", 64, WHITE if version >= 2 else FOREST)
    text(
        d,
        (40, 920),
        "140 inches of rain a year. Four prototypes.",
        30,
        WHITE if version >= 2 else FOREST,
    )
    if version >= 3:
        button(d, (700, 980, 1040, 1050), "Join the waitlist", ORANGE, WHITE)
    return im


# --- the files -----------------------------------------------------------------------

Make = Callable[[], bytes]


def png(draw: Callable[[int], Image.Image], version: int) -> Make:
    def make() -> bytes:
        out = io.BytesIO()
        draw(version).save(out, "PNG", optimize=True)
        return out.getvalue()

    return make


HARBOR = "accounts/harbor-city-bank/assets/year-end-savings-page"
LOTUS_KV = "accounts/lotus-tea-house/assets/tet-key-visual"
LOTUS_POSM = "accounts/lotus-tea-house/assets/posm-cua-hang"
NORTHWIND = "accounts/northwind-outdoors/assets/first-look-social"

FILES: dict[str, Make] = {
    f"{HARBOR}/landing-v1-desktop.png": png(harbor_desktop, 1),
    f"{HARBOR}/landing-v2-desktop.png": png(harbor_desktop, 2),
    f"{HARBOR}/landing-v2-mobile.png": png(harbor_mobile, 2),
    f"{HARBOR}/landing-v3-desktop.png": png(harbor_desktop, 3),
    f"{HARBOR}/landing-v3-mobile.png": png(harbor_mobile, 3),
    f"{LOTUS_KV}/kv-v1.png": png(lotus_kv, 1),
    f"{LOTUS_KV}/kv-v2.png": png(lotus_kv, 2),
    f"{LOTUS_KV}/kv-v3.png": png(lotus_kv, 3),
    f"{LOTUS_POSM}/posm-v1.pdf": lambda: lotus_posm_pdf(1),
    f"{LOTUS_POSM}/standee-v1.png": png(lotus_standee, 1),
    f"{LOTUS_POSM}/posm-v2.pdf": lambda: lotus_posm_pdf(2),
    f"{LOTUS_POSM}/standee-v2.png": png(lotus_standee, 2),
    f"{NORTHWIND}/post-v1.png": png(northwind_post, 1),
    f"{NORTHWIND}/post-v2.png": png(northwind_post, 2),
    f"{NORTHWIND}/post-v3.png": png(northwind_post, 3),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the repository (default: this one)"
    )
    args = parser.parse_args(argv)
    differ = 0
    for rel, make in FILES.items():
        data = make()
        path = args.root / rel
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                differ += 1
                print(f"differs: {rel}", file=sys.stderr)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{hashlib.sha256(data).hexdigest()}  {len(data):>7}  {rel}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
