"""What AE Portal keeps between runs, in ``.git/aeportal/`` (never committed).

Every kept thing is keyed by what it was made from, so a stale entry is never used:
the loaded accounts (``load/cache.py``), the parsed history (``trail/history.py``, keyed by
``HEAD``), the compiled templates (``template_cache``) and the previews and stripped images
of account files (``build/files.py``, keyed by the file's SHA-256). ``AEPORTAL_NO_CACHE=1``
turns off the accounts, the templates and the previews (``folder``); the history is always
kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket


def folder(root: Path) -> Path | None:
    """``.git/aeportal`` of the repository at ``root``; None without one or with the cache off."""
    git = root / ".git"
    if not git.is_dir() or os.environ.get("AEPORTAL_NO_CACHE", "") not in ("", "0"):
        return None
    return git / "aeportal"


@cache
def code_digest() -> str:
    """A hash of AE Portal's own code and packaged templates: a new version starts afresh."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js", ".yml", ".json"):
            digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def read(path: Path) -> dict[str, Any]:
    """What was kept in ``path``; empty when there is nothing usable."""
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)  # written by write() only, inside .git
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write(path: Path, data: dict[str, Any]) -> None:
    """Keep ``data`` in ``path``, whole or not at all (a partial file, then a rename)."""
    with contextlib.suppress(OSError):  # a read-only repository simply gets no cache
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with partial.open("wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, which a folder it cannot write turns off."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(root: Path, kind: str) -> jinja2.BytecodeCache | None:
    """Compiled templates of one Jinja environment (``kind``), kept between runs.

    Compiling the page and theme templates is most of the first portal a process
    builds. Jinja keys each template by its file and checks its source; the folder
    adds what the compiled code depends on besides: the code that sets up the
    environment and the versions of Jinja, MkDocs and the theme.
    """
    base = folder(root)
    if base is None:
        return None
    import material
    import mkdocs

    versions = [jinja2.__version__, mkdocs.__version__, getattr(material, "__version__", "")]
    key = hashlib.sha256((code_digest() + " ".join(versions)).encode()).hexdigest()[:16]
    where = base / f"templates-{key}" / kind
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for old in base.glob("templates-*"):
        if old != where.parent:  # another version's: never read again
            shutil.rmtree(old, ignore_errors=True)
    return TemplateCache(str(where))
