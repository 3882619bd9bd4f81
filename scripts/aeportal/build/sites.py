"""Validate, derive, render and build every portal into ``site/``, atomically.

The new site is built next to the old one and swapped in only when every
portal built and the privacy audit passed: a failed or interrupted build
leaves the previous site whole.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from aeportal import cachefile
from aeportal.build import engines, fragments, search
from aeportal.build.audit import Auditor, Hit, audit_site
from aeportal.check.rules import Checked, check
from aeportal.derive import metrics
from aeportal.derive.status import derive_portfolio, derive_status
from aeportal.diagnostics import Report
from aeportal.errors import BuildError
from aeportal.render.pages import (
    Portal,
    client_portal,
    internal_account_portal,
    internal_home,
    make_env,
)

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
    """Every portal of the portfolio (or of one account plus the dashboard), rendered."""
    env = make_env(templates)
    chance = renewal_chance(checked, today)
    portals: list[Portal] = []
    for bundle in checked.portfolio.accounts:
        if bundle.account is None or (only is not None and bundle.slug != only):
            continue
        portals.append(client_portal(env, bundle, today, checked.history))
        status = derive_status(bundle, today)
        portals.append(internal_account_portal(env, status, checked.history, chance))
    portals.append(dashboard(checked, today, env))
    return portals


def render_portals(root: Path, today: dt.date) -> list[Portal]:
    """Portals of a repository, for the MkDocs plugin's preview; errors raise."""
    checked = check(root, today)
    if checked.report.errors:
        raise ValidationFailed(checked.report, len(checked.portfolio.accounts))
    return portals_for(checked, today, root / "templates")


@dataclass(frozen=True)
class Job:
    """One portal to build: its key, and what it is rendered from."""

    key: str
    slug: str  # the account, or "" for the portfolio dashboard
    # Of everything the portal's output depends on; "" for the dashboard, whose worker
    # renders it first and fingerprints what it rendered.
    fingerprint: str


@dataclass(frozen=True)
class Done:
    """What a worker did with one job."""

    key: str
    seconds: float
    hits: list[Hit]
    fingerprint: str
    built: bool  # False: the dashboard rendered as before, and the built one stays


# What every worker renders from. Set before the worker processes are forked, so
# that they inherit it instead of receiving the whole portfolio with every job.
_SHARED: dict[str, Any] = {}


def _render_job(job: Job) -> Portal:
    checked: Checked = _SHARED["checked"]
    today: dt.date = _SHARED["today"]
    env: jinja2.Environment = _SHARED["env"]
    if job.key == "internal":
        return dashboard(checked, today, env)
    bundle = checked.portfolio.get(job.slug)
    assert bundle is not None
    if job.key.startswith("clients/"):
        return client_portal(env, bundle, today, checked.history)
    return internal_account_portal(
        env, derive_status(bundle, today), checked.history, _SHARED["chance"]
    )


def dashboard(checked: Checked, today: dt.date, env: jinja2.Environment) -> Portal:
    """The portfolio dashboard: it depends on every account."""
    bundles = [b for b in checked.portfolio.accounts if b.account is not None]
    statuses = [derive_status(b, today) for b in bundles]
    return internal_home(env, derive_portfolio(statuses, today), checked.history)


def renewal_chance(checked: Checked, today: dt.date) -> float | None:
    """The portfolio's renewal rate, which projects each account's lifetime value: an
    account's internal portal depends on it, so its fingerprint does too."""
    return metrics.renewal_probability(
        (b for b in checked.portfolio.accounts if b.account is not None), today
    )


def _build_job(args: tuple[Job, str]) -> Done:
    """Render and build one portal; a client portal is audited right here, in the worker.

    The dashboard is rendered here too, in parallel with the account portals, and built
    only when what it rendered differs from the dashboard of the previous build.
    """
    job, site_dir = args
    started = time.perf_counter()
    portal = _render_job(job)
    print_ = job.fingerprint or fingerprint(portal, _SHARED["common"])
    if not job.fingerprint and _SHARED["previous"].get(_manifest_key(job.key)) == print_:
        return Done(job.key, time.perf_counter() - started, [], print_, built=False)
    config_path = _SHARED["config_path"]
    site_engine: engines.Engine = _SHARED["engine"]
    # The charts go round the engine, which would only pass them through, slowly.
    lifted, charts = fragments.lift(portal)
    site_engine.build_portal(
        lifted,
        Path(site_dir),
        _SHARED["base"],
        Path(config_path) if config_path else None,
        cache_root=_SHARED["root"],
    )
    fragments.fill(Path(site_dir), charts)
    # After the engine, whichever it is; before the audit, which reads the index too.
    search.index_portal(Path(site_dir), portal.language)
    hits: list[Hit] = []
    if job.key.startswith("clients/"):
        # Made in the worker that first needs it: a rebuild of one account's portals
        # then makes it alongside the other portals instead of before them.
        auditor = _SHARED.get("auditor") or _SHARED.setdefault(
            "auditor", Auditor(_SHARED["checked"].portfolio, _SHARED["today"])
        )
        hits = auditor.audit_folder(Path(site_dir), job.slug, job.key)
    return Done(job.key, time.perf_counter() - started, hits, print_, built=True)


def _templates_digest(templates: Path) -> str:
    digest = hashlib.sha256()
    if templates.is_dir():
        for path in sorted(templates.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(templates).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _history_digests(checked: Checked) -> dict[str, str]:
    """Per account: a hash of its documents' commits and approvals (shown on its pages)."""
    index = checked.history
    if not index.available:
        return {}
    parts: dict[str, list[str]] = {}
    for path, touches in index.touches.items():
        bits = path.split("/")
        if len(bits) < 3 or bits[0] != "accounts":
            continue
        line = path + ":" + ",".join(t.commit.sha for t in touches)
        approvals = index.approvals.get(path, [])
        line += ":" + ",".join(f"{a.commit.sha}{a.content_hash}{a.current_hash}" for a in approvals)
        parts.setdefault(bits[1], []).append(line)
    return {
        slug: hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
        for slug, lines in parts.items()
    }


def plan_jobs(
    checked: Checked,
    today: dt.date,
    templates: Path,
    base: dict[str, object],
    engine: engines.Engine,
    only: str | None = None,
    shard: tuple[int, int] | None = None,
) -> tuple[list[Job], str]:
    """The portals to have, each with a fingerprint of everything its output depends on,
    and what every portal depends on (``common``), the dashboard first.

    An account's portals are fingerprinted from their inputs (the account folder's
    files, its history, the templates, the code, the date), so an unchanged account
    is neither rendered nor built again. The dashboard depends on every account: its
    worker renders it and fingerprints its pages (``Job.fingerprint`` is "").
    """
    bundles = [b for b in checked.portfolio.accounts if b.account is not None]
    common = json.dumps(
        {
            "engine": [engine.name, engine.fingerprint()],
            "code": cachefile.code_digest(),
            "templates": _templates_digest(templates),
            "today": today.isoformat(),
            "base": base,
            "history": [checked.history.available, checked.history.shallow],
        },
        sort_keys=True,
        default=str,
    )
    history = _history_digests(checked)
    chance = repr(renewal_chance(checked, today))
    # The dashboard first: its rendering, which reads every account, is the longest job,
    # and runs while the other worker builds account portals.
    jobs = [Job("internal", "", "")]
    for bundle in bundles:
        if only is not None and bundle.slug != only:
            continue
        for key in (f"clients/{bundle.slug}", f"internal/accounts/{bundle.slug}"):
            parts = [common, key, bundle.digest, history.get(bundle.slug, "")]
            if key.startswith("internal/"):
                parts.append(chance)
            text = "\n".join(parts)
            jobs.append(Job(key, bundle.slug, hashlib.sha256(text.encode()).hexdigest()))
    if shard is not None:
        jobs = [j for j in jobs if in_shard(j.key, *shard)]
    return jobs, common


def _staging_dir(out: Path) -> Path:
    # Unique per build: the folder of a previous build may still be being removed.
    return out.parent / f".{out.name}.staging-{os.getpid()}-{secrets.token_hex(4)}"


def _clean_stale(out: Path) -> None:
    # Left behind by an interrupted build, or still being removed: never part of
    # the published site.
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        _remove_later(stale)
    for stale in out.parent.glob(f".{out.name}.old*"):
        _remove_later(stale)


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
    engine: str | None = None,
) -> BuildResult:
    """Build every portal of the repository at ``root`` into ``out`` (default root/site).

    A portal whose inputs did not change since the previous build into ``out``
    is carried over (hard-linked) instead of rebuilt. ``account`` rebuilds one
    account's portals (and the dashboard) and keeps the rest; ``shard=(i, n)``
    builds only the i-th of n disjoint sets of portals. ``engine`` names the site
    engine (default: the one the repository's mkdocs.yml names, else MkDocs).
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
    base_path = root / "mkdocs.yml"
    site_engine = engines.choose(engine, base_path)
    base = site_engine.load_base_config(base_path)
    site_engine.prepare(base)
    # One page environment for the dashboard and every worker (forked: they inherit
    # the templates it compiled), its compiled templates kept for the next run.
    env = make_env(root / "templates", cachefile.template_cache(root, "pages"))
    planned, common = plan_jobs(
        checked, today, root / "templates", base, site_engine, account, shard
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(out)
    previous = _read_manifest(out)
    staging = _staging_dir(out)
    staging.mkdir()
    try:
        reuse = [
            j
            for j in planned
            if j.fingerprint
            and previous.get(_manifest_key(j.key)) == j.fingerprint
            and (out / j.key).is_dir()
        ]
        rebuild = [j for j in planned if j not in reuse]
        parts = staging / ".parts"
        # What the dashboard's worker compares its rendering with: the previous build's,
        # if that dashboard is still there.
        comparable = dict(previous)
        if not (out / "internal" / "index.html").is_file():
            comparable.pop(_manifest_key("internal"), None)
        _SHARED.update(
            checked=checked,
            today=today,
            root=root,
            env=env,
            common=common,
            chance=renewal_chance(checked, today),
            previous=comparable,
            base=base,
            engine=site_engine,
            config_path=str(base_path) if base_path.is_file() else None,
        )
        _SHARED.pop("auditor", None)
        # The portfolio is read-only from here on: the collector need not walk it again
        # (in forked workers, walking it would also copy every page of it). No
        # collection first: loading made next to no garbage, and it would walk it all.
        gc.freeze()
        try:
            done = _run([(j, str(parts / str(i))) for i, j in enumerate(rebuild)], jobs, say)
        finally:
            gc.unfreeze()
        # Each rebuilt client portal was audited by its worker; portals carried over
        # unchanged were audited when they were built.
        hits = [h for d in done for h in d.hits]
        if hits:
            raise _audit_failed(hits)
        prints = {j.key: j.fingerprint for j in reuse} | {d.key: d.fingerprint for d in done}
        built = [d.key for d in done if d.built]
        made = [(parts / str(i), j) for i, j in enumerate(rebuild) if j.key in built]
        if reuse or len(made) < len(rebuild) or (account is not None and previous):
            # Most of the site stays: swap the rebuilt portals in one by one.
            kept = _update_in_place(out, staging, made, planned, prints, previous, account, checked)
        else:
            kept = _assemble(out, staging, parts, made, account, checked)
            hits += audit_site(staging, checked.portfolio, only=(), today=today)
            if hits:
                raise _audit_failed(hits)
            manifest = {_manifest_key(j.key): prints[j.key] for j in planned}
            if account is not None:  # the carried-over portals keep their fingerprints
                manifest = {**previous, **manifest}
            _write_manifest(staging, manifest)
            _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out, tuple(built), tuple(kept), time.perf_counter() - started, checked)


def _audit_failed(hits: list[Hit]) -> BuildError:
    lines = "\n".join(f"  {h}" for h in sorted(hits)[:50])
    return BuildError(f"privacy audit failed; the previous site is untouched:\n{lines}")


def _outermost_first(made: list[tuple[Path, Job]]) -> list[tuple[Path, Job]]:
    """The built portals, the dashboard before the account portals nested in it."""
    return sorted(made, key=lambda m: m[1].key.count("/"))


def _assemble(
    out: Path,
    staging: Path,
    parts: Path,
    made: list[tuple[Path, Job]],
    account: str | None,
    checked: Checked,
) -> list[str]:
    """Put a whole new site together in ``staging``; the portals carried over (--account)."""
    # MkDocs empties its site folder first, so portals nested in another portal's
    # folder (internal/accounts/… inside internal/) are built apart and moved in after.
    for part, job in _outermost_first(made):
        target = staging / job.key
        target.parent.mkdir(parents=True, exist_ok=True)
        part.replace(target)
    if parts.exists():
        parts.rmdir()
    return _keep_unchanged(out, staging, account, checked)


def _update_in_place(
    out: Path,
    staging: Path,
    made: list[tuple[Path, Job]],
    planned: list[Job],
    prints: dict[str, str],
    previous: dict[str, str],
    account: str | None,
    checked: Checked,
) -> list[str]:
    """Swap the rebuilt portals into ``out`` one by one; the portals carried over.

    Each portal is exchanged in one step (``renameat2``), so a reader sees either
    its old or its new version, never a mix. The manifest first forgets every
    portal about to change, so an interrupted update is redone by the next build.
    """
    wanted = {j.key for j in planned}
    known = {b.slug for b in checked.portfolio.accounts}
    # Folders of accounts that are gone, and (unless one account is rebuilt) of
    # portals this build does not have (another shard's).
    stale = [
        k
        for k in _portal_folders(out)
        if (k != "internal" and k.rsplit("/", 1)[-1] not in known)
        or (account is None and k not in wanted)
    ]
    changing = {_manifest_key(j.key) for _, j in made} | {_manifest_key(k) for k in stale}
    _write_manifest(out, {k: v for k, v in previous.items() if k not in changing})
    trash = staging / ".trash"
    trash.mkdir()
    for n, (new, job) in enumerate(_outermost_first(made)):
        target = out / job.key
        if job.key == "internal" and (target / "accounts").is_dir():
            if (new / "accounts").exists():
                raise BuildError("the dashboard must not have pages under accounts/")
            (target / "accounts").replace(new / "accounts")  # the account portals stay
        target.parent.mkdir(parents=True, exist_ok=True)
        _exchange(new, target, trash / str(n))
    for n, key in enumerate(stale):
        _remove_portal(out, key, trash / f"stale-{n}")
    manifest = {_manifest_key(j.key): prints[j.key] for j in planned}
    if account is not None:  # the other portals keep their fingerprints
        manifest = {**{k: v for k, v in previous.items() if k not in changing}, **manifest}
    _write_manifest(out, manifest)
    _remove_later(staging)
    rebuilt = {j.key for _, j in made}
    return [k for k in _portal_folders(out) if k not in rebuilt]


def _remove_portal(site: Path, key: str, spare: Path) -> None:
    """Move a portal out of ``site``; the dashboard leaves the account portals inside it."""
    folder = site / key
    if key != "internal":
        folder.replace(spare)
        return
    spare.mkdir()
    for child in folder.iterdir():
        if child.name != "accounts":
            child.replace(spare / child.name)


def _portal_folders(site: Path) -> list[str]:
    """The keys of the portals in a built site."""
    # internal/ may only hold the account portals (a shard without the dashboard).
    keys = ["internal"] if (site / "internal" / "index.html").is_file() else []
    for group in ("clients", "internal/accounts"):
        folder = site / group
        if folder.is_dir():
            keys += sorted(f"{group}/{p.name}" for p in folder.iterdir() if p.is_dir())
    return keys


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(new: Path, target: Path, spare: Path) -> None:
    """Put ``new`` at ``target`` in one step; the old ``target`` ends up at ``spare``."""
    if not target.exists():
        new.replace(target)
        return
    if _renameat2(new, target):
        new.replace(spare)  # `new` now names the old portal
        return
    # No atomic exchange here (not Linux, or a file system without it): two renames.
    target.replace(spare)
    new.replace(target)


def _renameat2(a: Path, b: Path) -> bool:
    """Linux's atomic exchange of two paths; False where it is not available."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


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


def fingerprint(portal: Portal, common: str) -> str:
    """A hash of a rendered portal and everything shared by every portal (``common``)."""
    data = [portal.key, portal.title, portal.language, portal.nav, portal.pages, portal.assets]
    data.append({path: (f.sha256, f.make, f.width) for path, f in portal.files.items()})
    text = common + json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
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
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(path)


def _link_tree(source: Path, target: Path) -> None:
    """Copy a built portal by hard links (cheap, and byte-identical by construction)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another file system: fall back to a copy
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def _run(tasks: Sequence[tuple[Job, str]], jobs: int, say: Progress) -> list[Done]:
    """Build the portals of ``tasks``: what became of each."""
    total = len(tasks)
    if jobs <= 1 or total <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_said(say, i, total, d) for i, d in enumerate(map(_build_job, tasks), 1)]
    # Forked workers inherit _SHARED (the whole portfolio) instead of receiving it.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=context) as pool:
        return [_said(say, i, total, d) for i, d in enumerate(pool.map(_build_job, tasks), 1)]


def _said(say: Progress, index: int, total: int, done: Done) -> Done:
    what = "" if done.built else "unchanged, "
    say(f"[{index}/{total}] {done.key} ({what}{done.seconds:.1f} s)")
    return done


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
                _link_tree(out / key, staging / key)
                kept.append(key)
    return kept


def _swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.replace(old)
    staging.replace(out)
    _remove_later(old)


def _remove_later(folder: Path) -> None:
    """Delete a replaced site without waiting for it (thousands of files on a large portfolio).

    A separate process does it; if it never runs, the next build removes the folder first.
    """
    if not folder.exists():
        return
    if ".gone-" not in folder.name:
        # Renamed first, so that no later build can make a folder by that name
        # while it is being removed.
        doomed = folder.with_name(f"{folder.name}.gone-{secrets.token_hex(4)}")
        try:
            folder.replace(doomed)
        except OSError:
            return
        folder = doomed
    sh = shutil.which("sh")
    if sh is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    # The shell starts rm in the background and returns at once: rm outlives us.
    subprocess.run(
        [sh, "-c", 'rm -rf -- "$1" >/dev/null 2>&1 &', "sh", str(folder)],
        stdin=subprocess.DEVNULL,
        check=False,
    )


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
