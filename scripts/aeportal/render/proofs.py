"""What a portal shows of the work itself: the versions of a deliverable and their files.

Each file a page shows or links is published at ``files/<sha256[:16]>/<name>``: the
address changes with the content, so a new version never overwrites an old one and a
browser's cache is never wrong. Previews sit beside it (``preview-<width>.jpg``). Only
the files that the pages of a portal name are published in it: a file that only an
internal document or an internal round names never reaches a client portal.

Nothing here reads a file: the loader hashed them (``AccountBundle.files``), and
``build/files.py`` makes the bytes.
"""

from __future__ import annotations

import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from aeportal import model
from aeportal.check.links import IMAGE_TYPES, VIDEO_TYPES, resolve, rewrite_links

Make = Literal["copy", "image", "preview", "pdf_preview", "poster"]
Kind = Literal["image", "pdf", "video", "file"]

LARGE = 1200  # width of the preview of the latest version, in pixels
SMALL = 400  # width of the previews of older versions


@dataclass(frozen=True)
class PublishedFile:
    """One file of a portal that comes from an account file: how ``build/`` makes it."""

    source: str  # the account file, absolute
    sha256: str  # of the account file: the name of everything made from it
    make: Make
    width: int = 0  # of a preview


@dataclass(frozen=True)
class ShownFile:
    """A file of a version as a page shows it; addresses are relative to the portal."""

    path: str  # under the account folder: assets/kv/round-1.png
    name: str
    size: int
    sha256: str
    kind: Kind
    url: str  # the published file (for an image: its pixels, without metadata)
    large: str | None  # preview addresses; None where no preview can be made
    small: str | None


@dataclass(frozen=True)
class ShownVersion:
    version: model.Version
    files: tuple[ShownFile, ...]
    missing: tuple[str, ...]  # paths the version names that are not in assets/
    latest: bool
    changed_after: tuple[str, ...]  # files whose content differs from what the decision covered

    @property
    def images(self) -> tuple[ShownFile, ...]:
        return tuple(f for f in self.files if f.kind == "image")


@dataclass
class PortalFiles:
    """The account files one portal publishes, collected while its pages are rendered."""

    bundle: model.AccountBundle
    files: dict[str, PublishedFile] = field(default_factory=dict)

    def add(self, found: model.VersionFile) -> ShownFile:
        """Publish ``found`` (and its previews) in this portal; how a page shows it."""
        name = posixpath.basename(found.path)
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        folder = f"files/{found.sha256[:16]}"
        source = str(Path(self.bundle.root) / found.path)
        kind: Kind = "file"
        large = small = None
        if ext in IMAGE_TYPES:
            kind = "image"
            self.files[f"{folder}/{name}"] = PublishedFile(source, found.sha256, "image")
            large, small = self._previews(folder, source, found.sha256, "preview")
        else:
            self.files[f"{folder}/{name}"] = PublishedFile(source, found.sha256, "copy")
            if ext == "pdf":
                kind = "pdf"
                large, small = self._previews(folder, source, found.sha256, "pdf_preview")
            elif ext in VIDEO_TYPES:
                kind = "video"
                if shutil.which("ffmpeg"):  # a poster frame only where it can be made
                    large, small = self._previews(folder, source, found.sha256, "poster")
        return ShownFile(
            found.path, name, found.size, found.sha256, kind, f"{folder}/{name}", large, small
        )

    def _previews(self, folder: str, source: str, sha: str, make: Make) -> tuple[str, str]:
        shown: list[str] = []
        for width in (LARGE, SMALL):
            path = f"{folder}/preview-{width}.jpg"
            self.files[path] = PublishedFile(source, sha, make, width)
            shown.append(path)
        return shown[0], shown[1]

    def versions(self, doc: model.Brief | model.ChangeRequest, client: bool) -> list[ShownVersion]:
        """The versions a page shows, latest first; a client never sees an internal round."""
        versions = [v for v in doc.versions if not (client and v.visibility == "internal")]
        shown: list[ShownVersion] = []
        for v in sorted(versions, key=lambda v: v.version, reverse=True):
            files = []
            missing = []
            for written in v.files:
                key = model.asset_key(written)
                found = self.bundle.files.get(key) if key is not None else None
                if found is None or found.lfs_pointer:
                    missing.append(written)
                else:
                    files.append(self.add(found))
            changed: list[str] = []
            if v.decision is not None:
                now = {f.path: f.sha256 for f in files}
                changed = [
                    p
                    for p, sha in v.decision.files.items()
                    if now.get(model.asset_key(p) or p, sha) != sha
                ]
            shown.append(ShownVersion(v, tuple(files), tuple(missing), not shown, tuple(changed)))
        return shown

    def body(self, text: str, page: str) -> str:
        """A body with its links and images to account files leading to their published copies."""

        def published(url: str) -> str | None:
            target = resolve(url, page)
            if target is None or model.asset_key(target.path) != target.path:
                return None
            found = self.bundle.files.get(target.path)
            if found is None or found.lfs_pointer:
                return None  # validate reports it; the build's link check refuses it
            shown = self.add(found)
            return posixpath.relpath(posixpath.dirname(shown.url), posixpath.dirname(page)) + (
                "/" + quote(shown.name)
            )

        return rewrite_links(text, published)


def hashes_line(files: tuple[ShownFile, ...]) -> str:
    """The files of a version and their SHA-256, one per line, for an e-mail."""
    return "\n".join(f"{f.path} sha256:{f.sha256}" for f in files)


def size_text(size: int, number: object) -> str:
    """A file size in the largest unit that keeps it at or above 1 (``number`` formats)."""
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{number(value) if unit != 'B' else int(value)} {unit}"  # type: ignore[operator]
        value /= 1000
    return f"{number(value)} GB"  # type: ignore[operator]
