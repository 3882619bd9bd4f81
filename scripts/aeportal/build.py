"""Validate, derive, render and build every portal into ``site/``, atomically.

The new site is built next to the old one and swapped in only when every
portal built and the privacy audit passed: a failed or interrupted build
leaves the previous site whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from aeportal import engine
from aeportal.audit import audit_site
from aeportal.derive import derive_portfolio, derive_status
from aeportal.diagnostics import Report
from aeportal.errors import BuildError
from aeportal.render import (
    Portal,
    client_portal,
    internal_account_portal,
    internal_home,
    make_env,
)
from aeportal.validate import Checked, check

Progress = Callable[[str], None]


class ValidationFailed(BuildError):
    """The content has errors; nothing was built."""

    def __init__(self, report: Report, accounts: int) -> None:
        super().__init__("validation failed")
        self.report = report
        self.accounts = accounts


@dataclass(frozen=True)
class BuildResult:
    site: Path
    built: tuple[str, ...]  # portal keys, e.g. clients/acme
    kept: tuple[str, ...]  # portals copied unchanged from the previous site
    seconds: float
    checked: Checked


def portals_for(
    checked: Checked, today: dt.date, templates: Path | None, only: str | None = None
) -> list[Portal]:
    """Every portal of the portfolio (or of one account plus the dashboard)."""
    env = make_env(templates)
    bundles = [b for b in checked.portfolio.accounts if b.account is not None]
    statuses = [derive_status(b, today) for b in bundles]
    portals: list[Portal] = []
    for bundle, status in zip(bundles, statuses, strict=True):
        if only is None or bundle.slug == only:
            portals.append(client_portal(env, bundle, today, checked.history))
            portals.append(internal_account_portal(env, status, checked.history))
    portals.append(internal_home(env, derive_portfolio(statuses, today), checked.history))
    return portals


def render_portals(root: Path, today: dt.date) -> list[Portal]:
    """Portals of a repository, for the MkDocs plugin's preview; errors raise."""
    checked = check(root, today)
    if checked.report.errors:
        raise ValidationFailed(checked.report, len(checked.portfolio.accounts))
    return portals_for(checked, today, root / "templates")


def _build_one(args: tuple[Portal, str, dict[str, object], str | None]) -> tuple[str, float]:
    portal, site_dir, base, config_path = args
    started = time.perf_counter()
    engine.build_portal(portal, Path(site_dir), base, Path(config_path) if config_path else None)
    return portal.key, time.perf_counter() - started


def _staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.staging-{os.getpid()}"


def _clean_stale(out: Path) -> None:
    # Left behind by an interrupted build: never part of the published site.
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def build_sites(
    root: Path,
    today: dt.date,
    out: Path | None = None,
    account: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    history: bool = True,
    require_review: bool = False,
    shard: tuple[int, int] | None = None,
) -> BuildResult:
    """Build every portal of the repository at ``root`` into ``out`` (default root/site).

    A portal whose inputs did not change since the previous build into ``out``
    is carried over (hard-linked) instead of rebuilt. ``account`` rebuilds one
    account's portals (and the dashboard) and keeps the rest; ``shard=(i, n)``
    builds only the i-th of n disjoint sets of portals.
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    out = (out or root / "site").absolute()
    checked = check(root, today, history=history, require_review=require_review)
    if checked.report.errors:
        raise ValidationFailed(checked.report, len(checked.portfolio.accounts))
    if not checked.history.available or checked.history.shallow:
        say(f"history: {checked.history.reason}")
    if account is not None and checked.portfolio.get(account) is None:
        known = ", ".join(a.slug for a in checked.portfolio.accounts)
        raise BuildError(f"no account `{account}` (accounts: {known})")
    portals = portals_for(checked, today, root / "templates", only=account)
    if shard is not None:
        portals = [p for p in portals if in_shard(p.key, *shard)]
    base_path = root / "mkdocs.yml"
    base = engine.load_base_config(base_path)
    config_path = str(base_path) if base_path.is_file() else None
    out.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(out)
    previous = _read_manifest(out)
    prints = {p.key: fingerprint(p, base) for p in portals}
    staging = _staging_dir(out)
    staging.mkdir()
    try:
        reuse = [
            p
            for p in portals
            if previous.get(_manifest_key(p.key)) == prints[p.key] and (out / p.key).is_dir()
        ]
        rebuild = [p for p in portals if p not in reuse]
        parts = staging / ".parts"
        tasks = [(p, str(parts / str(i)), base, config_path) for i, p in enumerate(rebuild)]
        built = _run(tasks, jobs, say)
        # MkDocs empties its site folder first, so portals nested in another portal's
        # folder (internal/accounts/… inside internal/) are built apart and moved in after.
        placed = [(parts / str(i), p.key) for i, p in enumerate(rebuild)]
        placed += [(out / p.key, p.key) for p in reuse]
        for source, key in sorted(placed, key=lambda sk: sk[1].count("/")):
            target = staging / key
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.parent == parts:
                source.replace(target)
            else:
                _link_tree(source, target, nested=key == "internal")
        if parts.exists():
            parts.rmdir()
        kept = [p.key for p in reuse]
        kept += _keep_unchanged(out, staging, account, checked)
        hits = audit_site(staging, checked.portfolio)
        if hits:
            lines = "\n".join(f"  {h}" for h in hits[:50])
            raise BuildError(f"privacy audit failed; the previous site is untouched:\n{lines}")
        manifest = {_manifest_key(k): v for k, v in prints.items()}
        if account is not None:  # the carried-over portals keep their fingerprints
            manifest = {**previous, **manifest}
        _write_manifest(staging, manifest)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out, tuple(built), tuple(kept), time.perf_counter() - started, checked)


def in_shard(key: str, index: int, count: int) -> bool:
    """Whether portal ``key`` belongs to shard ``index`` (1-based) of ``count``.

    An account's client and internal portals go to the same shard (by a stable
    hash of its slug); the portfolio dashboard goes to shard 1.
    """
    slug = key.rsplit("/", 1)[-1] if key != "internal" else ""
    if not slug:
        return index == 1
    digest = int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16)
    return digest % count == index - 1


def fingerprint(portal: Portal, base: dict[str, object]) -> str:
    """A hash of everything a portal's output depends on."""
    import material
    import mkdocs
    from mkdocs.utils import get_build_date

    from aeportal import __version__

    data = {
        "versions": [__version__, mkdocs.__version__, getattr(material, "__version__", "")],
        "build_date": get_build_date(),
        "base": base,
        "key": portal.key,
        "title": portal.title,
        "language": portal.language,
        "nav": portal.nav,
        "pages": portal.pages,
        "assets": portal.assets,
    }
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


MANIFEST = ".aeportal/manifest.json"


def _manifest_key(key: str) -> str:
    # Hashed, so that the file names no client even if site/ itself were served.
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _read_manifest(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_manifest(site: Path, manifest: dict[str, str]) -> None:
    path = site / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def _link_tree(source: Path, target: Path, nested: bool) -> None:
    """Copy a built portal by hard links (cheap, and byte-identical by construction).

    With ``nested``, the portal's ``accounts/`` folder holds other portals
    (internal/accounts/<slug>), which are placed on their own: leave it out.
    """

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {"accounts"} & set(names) if nested and Path(folder) == source else set()

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another file system: fall back to a copy
            shutil.copy2(src, dst)

    shutil.copytree(source, target, ignore=ignore, copy_function=link)


def _run(
    tasks: Sequence[tuple[Portal, str, dict[str, object], str | None]], jobs: int, say: Progress
) -> list[str]:
    built = []
    total = len(tasks)
    if jobs <= 1 or total <= 1:
        for index, task in enumerate(tasks, 1):
            key, seconds = _build_one(task)
            say(f"[{index}/{total}] {key} ({seconds:.1f} s)")
            built.append(key)
        return built
    with ProcessPoolExecutor(max_workers=min(jobs, total)) as pool:
        for index, (key, seconds) in enumerate(pool.map(_build_one, tasks), 1):
            say(f"[{index}/{total}] {key} ({seconds:.1f} s)")
            built.append(key)
    return built


def _keep_unchanged(out: Path, staging: Path, account: str | None, checked: Checked) -> list[str]:
    """With --account, carry the other portals over from the previous site."""
    if account is None or not out.is_dir():
        return []
    kept = []
    for bundle in checked.portfolio.accounts:
        if bundle.slug == account:
            continue
        for key in (f"clients/{bundle.slug}", f"internal/accounts/{bundle.slug}"):
            if (out / key).is_dir() and not (staging / key).exists():
                shutil.copytree(out / key, staging / key)
                kept.append(key)
    return kept


def _swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    if out.exists():
        out.replace(old)
    staging.replace(out)
    shutil.rmtree(old, ignore_errors=True)


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
