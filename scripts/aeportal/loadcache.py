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
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from aeportal import cachefile, model
from aeportal.diagnostics import Report

VERSION = 1
SETTLE_NS = 2_000_000_000  # younger entries may still change within the same clock tick

Loader = Callable[[Path, Report], "model.AccountBundle | None"]


class LoadCache:
    """The cache of one repository (a no-op without a ``.git`` folder)."""

    def __init__(self, root: Path) -> None:
        base = cachefile.folder(root)
        self.folder = base / f"accounts-{VERSION}" if base is not None else None
        self.hits = 0

    def load(self, folder: Path, report: Report, load: Loader) -> model.AccountBundle | None:
        """``load(folder, report)``, or what it gave last time if nothing has changed."""
        if self.folder is None:
            return load(folder, report)
        stamp = _stamp(folder)
        if stamp is None:
            return load(folder, report)
        key = hashlib.sha256((_common() + str(Path.cwd()) + "\0" + stamp).encode()).hexdigest()
        path = self.folder / f"{folder.name}.pickle"
        kept = cachefile.read(path)
        if kept.get("key") == key:
            self.hits += 1
            report.extend(kept["diagnostics"])
            bundle: model.AccountBundle | None = kept["bundle"]
            return bundle
        start = len(report.items)
        bundle = load(folder, report)
        cachefile.write(path, {"key": key, "bundle": bundle, "diagnostics": report.items[start:]})
        return bundle


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
