"""Loaded accounts kept between runs, so that an unchanged account folder is not parsed again.

Reading and converting an account's files is most of what ``aeportal validate``
does, and a push usually changes one account of a hundred. Each loaded account
(its records and the loader's diagnostics about it) is kept in
``.git/aeportal/accounts-<version>/<slug>.pickle`` with a key made of:

* every entry of the folder: its path, type, size, inode and modification and
  change times (the change time moves on every write, and no program can set it);
* AE Portal's code, Python's and PyYAML's versions, and the working folder (the
  diagnostics name files relative to it).

An account is neither kept nor taken from the cache when its folder holds a
symbolic link (what it points to can change without the link changing) or was
written less than two seconds ago (two writes within one tick of the file system's
clock can leave the same times). ``AEPORTAL_NO_CACHE=1`` turns the cache off.
Validation rules, which depend on the day and on other accounts, run every time.
"""

from __future__ import annotations

import hashlib
import os
import platform
import stat
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from aeportal import cachefile, model
from aeportal.diagnostics import Diagnostic

VERSION = 1
SETTLE_NS = 2_000_000_000  # younger entries may still change within the same clock tick


class LoadCache:
    """The cache of one repository (a no-op without a ``.git`` folder)."""

    def __init__(self, root: Path) -> None:
        base = cachefile.folder(root)
        self.folder = base / f"accounts-{VERSION}" if base is not None else None
        self.hits = 0

    def lookup(self, folder: Path) -> Lookup:
        """What was kept for ``folder``, if nothing in it has changed since."""
        if self.folder is None:
            return Lookup(None, "")
        stamp = _stamp(folder)
        if stamp is None:
            return Lookup(None, "")
        key = hashlib.sha256((_common() + str(Path.cwd()) + "\0" + stamp).encode()).hexdigest()
        path = self.folder / f"{folder.name}.pickle"
        kept = cachefile.read(path)
        if kept.get("key") != key:
            return Lookup(path, key)
        self.hits += 1
        return Lookup(path, key, True, kept["bundle"], kept["diagnostics"])

    def keep(
        self, found: Lookup, bundle: model.AccountBundle | None, diagnostics: list[Diagnostic]
    ) -> None:
        """Keep what loading the folder of ``found`` gave (its stamp is from before loading)."""
        if found.path is not None:
            data = {"key": found.key, "bundle": bundle, "diagnostics": diagnostics}
            cachefile.write(found.path, data)


@dataclass(frozen=True)
class Lookup:
    """The answer of the cache for one account folder."""

    path: Path | None  # where the folder's account is kept; None: never kept
    key: str
    hit: bool = False
    bundle: model.AccountBundle | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _stamp(folder: Path) -> str | None:
    """What identifies the folder's present content; None when it cannot be trusted."""
    lines: list[str] = []
    newest = 0
    pending = [(os.fspath(folder), "")]
    try:
        while pending:
            top, rel = pending.pop()
            with os.scandir(top) as found:
                entries = sorted(found, key=lambda e: e.name)
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(info.st_mode):
                    return None
                name = f"{rel}/{entry.name}"
                lines.append(
                    f"{name!r} {info.st_mode} {info.st_size} {info.st_ino} "
                    f"{info.st_mtime_ns} {info.st_ctime_ns}"
                )
                newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
                if stat.S_ISDIR(info.st_mode):
                    pending.append((entry.path, name))
        info = folder.stat()
    except OSError:
        return None  # the loader reports what cannot be read
    newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
    if newest > time.time_ns() - SETTLE_NS:
        return None
    return "\n".join(lines)


@cache
def _common() -> str:
    """What every key shares: the code that loads, and the versions it depends on."""
    versions = [platform.python_version(), yaml.__version__, str(yaml.__with_libyaml__)]
    return f"{VERSION} {cachefile.code_digest()} {' '.join(versions)}\0"
