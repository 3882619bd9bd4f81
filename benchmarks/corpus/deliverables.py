"""Deliverables: versions with files (images and a PDF) on the first brief of every account."""

from __future__ import annotations

import io
import os
import random
import subprocess
from pathlib import Path

from .common import TZ

# The commit that adds the files: after the last day of the history, the same every time.
COMMIT_DATE = f"2026-11-23T18:00:00{TZ}"
COMMIT_AUTHOR = ("Studio", "studio@example.com")
FILES_PER_ACCOUNT = 3


def image(seed: int) -> bytes:
    """A 1600 × 1000 PNG with a gradient and noise: about the weight of a real design."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    picture = Image.linear_gradient("L").resize((1600, 1000)).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for _ in range(300):
        x, y = rng.randrange(1600), rng.randrange(1000)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(10, 200), y + rng.randrange(10, 120)), colour)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def pdf(seed: int) -> bytes:
    """A three-page PDF of images (Pillow writes it), dated so that it is the same each time."""
    import time

    from PIL import Image

    when = time.strptime("2026-11-09 09:00", "%Y-%m-%d %H:%M")
    dated = {"creationDate": when, "modDate": when}
    pages = [Image.open(io.BytesIO(image(seed * 10 + n))).convert("RGB") for n in range(3)]
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], **dated)
    return out.getvalue()


def add_deliverables(root: Path, seed: int) -> int:
    """Two versions with files on the first brief of every account, committed: bytes written.

    Version 1 has one image, version 2 another image and a three-page PDF, under
    ``assets/<brief>/``; every account's files differ, and the same seed gives the same
    files and the same commit.
    """
    written = 0
    base = seed * 1_000_000
    for number, account in enumerate(sorted((root / "accounts").iterdir())):
        brief = sorted((account / "briefs").glob("*.md"))[0]
        folder = account / "assets" / brief.stem
        folder.mkdir(parents=True)
        files = {
            "design-v1.png": image(base + number * 100 + 1),
            "design-v2.png": image(base + number * 100 + 2),
            "print-v2.pdf": pdf(base + number * 100 + 3),
        }
        for name, data in files.items():
            (folder / name).write_bytes(data)
            written += len(data)
        rel = f"assets/{brief.stem}"
        versions = (
            "versions:\n"
            f"  - {{version: 1, date: 2026-11-02, changes: First design, "
            f"files: [{rel}/design-v1.png]}}\n"
            f"  - {{version: 2, date: 2026-11-09, changes: Larger headline, "
            f"files: [{rel}/design-v2.png, {rel}/print-v2.pdf]}}\n"
        )
        text = brief.read_text("utf-8")
        end = text.index("\n---\n", 4) + 1
        brief.write_text(text[:end] + versions + text[end:], "utf-8")
    name, email = COMMIT_AUTHOR
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": COMMIT_DATE,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": COMMIT_DATE,
    }
    for args in (["add", "-A", "accounts"], ["commit", "-q", "-m", "Add the design deliverables"]):
        cmd = ["git", "-C", str(root), "-c", "commit.gpgsign=false", *args]
        subprocess.run(cmd, check=True, env=env, capture_output=True)
    return written
