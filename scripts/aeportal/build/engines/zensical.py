"""The Zensical engine: each portal built by ``zensical build`` in a process of its own.

Zensical (the successor of Material for MkDocs, by its authors) reads ``mkdocs.yml``,
renders with Python-Markdown and its extensions, and keeps Material's look; it has no
plugin system, so the portal's pages are written to a folder for it to read. Its build
runs in Rust and can end the process that runs it on an error: it is always a child
process here, whose failure becomes a ``BuildError``. It writes into its output folder
as it goes and leaves it half-written when it stops, so it builds into a temporary
folder beside ``site_dir`` that is renamed into place only when the build succeeded.

docs/engines.md lists what it does not do yet and what the portals do about it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from aeportal.build import files
from aeportal.build.engines import PACKAGE_BASE_CONFIG, portal_config, read_config
from aeportal.errors import BuildError, UsageError
from aeportal.render.pages import Portal

INSTALL = "pip install 'aeportal[zensical]'"
# Zensical's "classic" look is Material for MkDocs' own, which the portal's stylesheet
# (render/templates/assets/aeportal.css) is written for; a mkdocs.yml may choose another.
VARIANT = "classic"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# A problem Zensical reports: "Warning: page does not exist", then "╭─[ briefs/x.md:3:5 ]".
_PROBLEM = re.compile(r"^(?:Warning|Error): (?P<what>.+)$")
_WHERE = re.compile(r"\[ (?P<where>[^\]]+:\d+:\d+) \]")
# The last line of a Python traceback: "RuntimeError: Aborted because --strict flag is set".
_EXCEPTION = re.compile(r"^(?:[A-Za-z_.]+(?:Error|Exception)): (?P<what>.+)$")


class ZensicalEngine:
    """The ``Engine`` of Zensical, driven as a subprocess."""

    name = "zensical"

    def load_base_config(self, path: Path | None) -> dict[str, Any]:
        source = path if path is not None and path.is_file() else PACKAGE_BASE_CONFIG
        return read_config(source)

    def prepare(self, base: dict[str, Any]) -> None:
        if _package_folder() is None:
            raise BuildError(f"the zensical engine is not installed here: {INSTALL}")

    def fingerprint(self) -> dict[str, str]:
        return {"zensical": version()}

    def build_portal(
        self,
        portal: Portal,
        site_dir: Path,
        base: dict[str, Any],
        config_path: Path | None = None,
        cache_root: Path | None = None,
    ) -> None:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        # Beside site_dir, on the same file system: the finished site is renamed into place.
        work = Path(tempfile.mkdtemp(prefix=".zensical-", dir=site_dir.parent))
        try:
            write_docs(portal, work / "docs", files.cache_folder(cache_root))
            config = zensical_config(base, portal)
            (work / "mkdocs.yml").write_text(
                yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            run(portal.key, work)
            # Written even with its search off, with no entries: not published.
            (work / "site" / "search.json").unlink(missing_ok=True)
            (work / "site").replace(site_dir)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def theme_files(self) -> dict[str, Path]:
        folder = _package_folder()
        if folder is None:
            return {}
        base = folder / "templates"
        return {p.relative_to(base).as_posix(): p for p in base.glob("assets/**/*") if p.is_file()}

    def serve(self, repo: Path, portal: str, addr: str) -> None:
        raise UsageError(
            "the zensical engine has no live preview of a portal (it has no plugins to "
            "render the pages as they change): preview with `aeportal serve "
            f"{portal} --engine mkdocs`, or build with `aeportal build --engine zensical`"
        )


ENGINE = ZensicalEngine()


def version() -> str:
    """The installed Zensical's version ("" when it is not installed)."""
    try:
        return importlib.metadata.version("zensical")
    except importlib.metadata.PackageNotFoundError:
        return ""


def _package_folder() -> Path | None:
    spec = importlib.util.find_spec("zensical")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def zensical_config(base: dict[str, Any], portal: Portal) -> dict[str, Any]:
    """The mkdocs.yml Zensical reads for one portal: folders relative to it."""
    config = portal_config(base, portal, Path("site"), Path("docs"))
    # Zensical has no plugins of its own kind; the `aeportal` one is MkDocs'.
    config["plugins"] = [
        p for p in config["plugins"] if (p if isinstance(p, str) else next(iter(p))) != "aeportal"
    ]
    # Zensical searches by default, with its own index and box; the portal's search is the
    # Pagefind index written after the engine (build/search.py), the same for every engine.
    config["plugins"].append({"search": {"enabled": False}})
    config["theme"].setdefault("variant", VARIANT)
    return config


def write_docs(portal: Portal, docs: Path, cache: Path | None) -> None:
    """Every page, asset and published file of ``portal`` as files under ``docs``."""
    texts = {**portal.pages, **portal.assets}
    for path, text in texts.items():
        _target(docs, path).write_text(text, encoding="utf-8")
    for path, published in portal.files.items():
        if path in texts:
            continue
        if published.make == "copy":  # a copy, never a link to the account's own file
            shutil.copyfile(published.source, _target(docs, path))
        else:
            _target(docs, path).write_bytes(files.published_bytes(published, cache))


def _target(docs: Path, path: str) -> Path:
    target = docs / path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def run(key: str, work: Path) -> None:
    """``zensical build --strict`` in ``work``; a BuildError saying what went wrong."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"],
            cwd=work,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError as exc:
        raise BuildError(f"{key}: cannot start Zensical: {exc}") from exc
    problems = problems_in(done.stderr + "\n" + done.stdout)
    if done.returncode == 0 and not problems:
        return
    if done.returncode < 0:
        problems.append(f"Zensical was stopped by signal {-done.returncode}")
    elif not problems:
        problems.append(f"Zensical ended with exit status {done.returncode} and no message")
    # A warning means a broken link or page in generated content: never publish that.
    raise BuildError(
        f"{key}: Zensical {version()} could not build the portal (in its generated pages): "
        + "; ".join(problems)
    )


def problems_in(output: str) -> list[str]:
    """What Zensical's output reports, one line each: ``briefs/x.md:3:5: page does not exist``."""
    lines = [_ANSI.sub("", line).strip() for line in output.splitlines()]
    found: list[str] = []
    for i, line in enumerate(lines):
        problem = _PROBLEM.match(line)
        if problem is None:
            continue
        where = _WHERE.search(lines[i + 1]) if i + 1 < len(lines) else None
        what = problem.group("what")
        found.append(f"{where.group('where')}: {what}" if where else what)
    if not found:
        # No report of its own: the last line of the traceback is what it stopped on.
        found += [m.group("what") for m in map(_EXCEPTION.match, lines) if m][-1:]
    return found
