"""The files under an account's assets/: each hashed once, when the account is loaded.

Versions of a deliverable name these files, and decisions are pinned to their
SHA-256; pages, rules and the approval trail take size and hash from the model and
never read a file again. A file whose content is a Git LFS pointer (the repository
was cloned without its LFS content) is recorded with the size and hash the pointer
names, those of the real file, and marked: the rules ask for `git lfs pull`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from aeportal import model

LFS_PREFIX = b"version https://git-lfs.github.com/spec/v1"
# A pointer is a few short lines; git-lfs itself reads no more than this to recognise one.
_LFS_POINTER_MAX = 1024
_LFS_OID = re.compile(rb"^oid sha256:([0-9a-f]{64})$", re.MULTILINE)
_LFS_SIZE = re.compile(rb"^size ([0-9]{1,20})$", re.MULTILINE)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class AssetProblem:
    """A file under assets/ that could not be hashed: the loader reports it."""

    path: Path
    code: str  # FILE005 (a link leaving the account) or FILE008 (unreadable)
    reason: str


def hash_assets(
    folder: Path, folder_real: str, large_from: int
) -> tuple[dict[str, model.VersionFile], list[AssetProblem]]:
    """Every file under ``folder``/assets/, keyed by its path relative to ``folder``.

    Hidden files and folders (`.DS_Store`, `.gitkeep`) are no assets. Files of more
    than ``large_from`` bytes are asked of git whether LFS stores them (their limit
    is higher); git is run only when there is such a file.
    """
    top = folder / model.ASSETS
    found: dict[str, model.VersionFile] = {}
    problems: list[AssetProblem] = []
    if not top.is_dir() or (top.is_symlink() and not _inside(top, folder_real)):
        return found, problems
    large: list[str] = []
    for path, key in _files(top, f"{model.ASSETS}/"):
        if path.is_symlink():
            if not _inside(path, folder_real):
                problems.append(AssetProblem(path, "FILE005", os.fspath(path.readlink())))
                continue
            if not path.is_file():
                continue  # a linked folder is not entered, a dangling link names nothing
        try:
            with path.open("rb") as fh:
                info = os.fstat(fh.fileno())
                if not stat.S_ISREG(info.st_mode):
                    continue
                head = fh.read(_LFS_POINTER_MAX)
                pointer = _lfs_pointer(head) if info.st_size <= _LFS_POINTER_MAX else None
                if pointer is not None:
                    oid, size = pointer
                    found[key] = model.VersionFile(key, size, oid, True, True)
                    continue
                digest = hashlib.sha256(head)
                while chunk := fh.read(_CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            problems.append(AssetProblem(path, "FILE008", exc.strerror or str(exc)))
            continue
        found[key] = model.VersionFile(key, info.st_size, digest.hexdigest())
        if info.st_size > large_from:
            large.append(key)
    for key in _lfs_tracked(folder, large):
        found[key] = model.VersionFile(key, found[key].size, found[key].sha256, False, True)
    return dict(sorted(found.items())), problems


def _files(top: Path, prefix: str) -> list[tuple[Path, str]]:
    """(path, key) of every file under ``top``, not inside hidden or linked folders."""
    out: list[tuple[Path, str]] = []
    try:
        with os.scandir(top) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        key = prefix + entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            out.extend(_files(path, key + "/"))
        else:
            out.append((path, key))
    return out


def _lfs_pointer(head: bytes) -> tuple[str, int] | None:
    """(sha256, size) named by a Git LFS pointer, if ``head`` is one."""
    if not head.startswith(LFS_PREFIX):
        return None
    oid, size = _LFS_OID.search(head), _LFS_SIZE.search(head)
    if oid is None or size is None:
        return None
    return oid.group(1).decode(), int(size.group(1))


def _lfs_tracked(folder: Path, keys: list[str]) -> list[str]:
    """Which of ``keys`` git stores through LFS (attribute `filter=lfs`)."""
    if not keys:
        return []
    try:
        done = subprocess.run(
            ["git", "check-attr", "-z", "filter", "--", *keys],
            cwd=folder,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []  # no git: the plain limit applies
    if done.returncode != 0:
        return []
    parts = done.stdout.split(b"\0")
    # -z output: path, attribute, value, repeated.
    return [
        os.fsdecode(parts[i])
        for i in range(0, len(parts) - 2, 3)
        if parts[i + 2] == b"lfs" and os.fsdecode(parts[i]) in keys
    ]


def _inside(path: Path, folder_real: str) -> bool:
    real = os.path.realpath(path)
    return real == folder_real or real.startswith(folder_real + os.sep)
