"""A brief with two versions of a deliverable and the files they name, to start tests from."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

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


def clone_without_lfs_content(origin: Path, clone: Path) -> Path:
    """A clone of ``origin`` made without its Git LFS content: each LFS file is a pointer,
    as on a CI runner whose checkout does not fetch LFS."""
    subprocess.run(
        ["git", "clone", "-q", f"file://{origin}", str(clone)],
        env={**os.environ, "GIT_LFS_SKIP_SMUDGE": "1"},
        check=True,
        capture_output=True,
    )
    return clone
