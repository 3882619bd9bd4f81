"""The cache of loaded accounts: the same answer as reading the files, or no answer."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

import pytest

from aeportal.check.rules import check
from aeportal.load import cache as loadcache
from aeportal.load import loader
from aeportal.load.cache import LoadCache
from portal_fixtures import account_files, write_repo

DAY = dt.date(2026, 11, 23)
LONG_AGO = time.time() - 3600


def _settle(root: Path) -> None:
    """Date every file of the accounts an hour back, as if written long ago."""
    for path in [root / "accounts", *(root / "accounts").rglob("*")]:
        os.utime(path, (LONG_AGO, LONG_AGO), follow_symlinks=False)


@pytest.fixture(autouse=True)
def _short_settling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loadcache, "SETTLE_NS", 200_000_000)


def _wait_for_ctime() -> None:
    # The change time cannot be set back: let it age past the settling window.
    time.sleep(0.25)


def _repo(tmp_path: Path) -> Path:
    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA", "vi")
    # One broken document, so that the loader has diagnostics of its own to keep.
    files["accounts/beta-co/briefs/broken.md"] = "---\ntitle: [unclosed\n---\nbody\n"
    root = write_repo(tmp_path, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    _settle(root)
    return root


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The account folders the loader really reads."""
    seen: list[str] = []
    original = loader.load_account

    def spy(folder: Path, report: loader.Report) -> loader.model.AccountBundle | None:
        seen.append(folder.name)
        return original(folder, report)

    monkeypatch.setattr(loader, "load_account", spy)
    return seen


def _answer(root: Path) -> tuple[object, list[str], list[object]]:
    checked = check(root, DAY)
    # Records compare without their places: those are compared apart, as the whole
    # diagnostics are (place, severity, hint).
    places: list[object] = []
    for bundle in checked.portfolio.accounts:
        for record in (bundle.account, bundle.timeline, *bundle.briefs, *bundle.meetings):
            if record is not None:
                places += [record.loc, dict(record.locs)]
    return (
        checked.portfolio,
        [f"{d.loc.path}:{d.loc.line}: {d.code} {d.message}" for d in checked.report.sorted()],
        [*checked.report.sorted(), *places],
    )


def test_an_unchanged_repository_is_answered_from_the_cache(
    tmp_path: Path, loads: list[str]
) -> None:
    root = _repo(tmp_path)
    _wait_for_ctime()
    first = _answer(root)
    assert sorted(loads) == ["alpha-co", "beta-co"]
    assert (root / ".git/aeportal").is_dir()
    second = _answer(root)
    assert sorted(loads) == ["alpha-co", "beta-co"]  # nothing read again
    assert second == first
    assert any("broken.md" in line for line in second[1])  # the loader's own diagnostics


def test_an_edit_of_the_same_size_and_time_is_read_again(tmp_path: Path, loads: list[str]) -> None:
    root = _repo(tmp_path)
    _wait_for_ctime()
    _answer(root)
    brief = root / "accounts/alpha-co/briefs/alpha-launch-post.md"
    text = brief.read_text("utf-8")
    edited = text.replace("the launch post.", "the launch pots.")
    assert len(edited) == len(text) and edited != text
    brief.write_text(edited, "utf-8")
    os.utime(brief, (LONG_AGO, LONG_AGO))  # the same modification time as before
    loads.clear()
    portfolio, *_ = _answer(root)
    assert loads == ["alpha-co"]  # its change time moved: read again; beta from the cache
    alpha = portfolio.get("alpha-co")  # type: ignore[attr-defined]
    assert alpha is not None and "launch pots" in alpha.briefs[0].body


def test_recent_writes_and_links_are_never_taken_from_the_cache(
    tmp_path: Path, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Everything counts as just written, however slow the machine is today.
    monkeypatch.setattr(loadcache, "SETTLE_NS", 3600 * 10**9)
    root = _repo(tmp_path)
    (root / "accounts/beta-co/assets").mkdir()
    (root / "accounts/beta-co/assets/logo.txt").symlink_to(root / "README.md")
    (root / "README.md").write_text("shared\n")
    for _ in range(2):
        _answer(root)
    # alpha was written just now, beta holds a link: both read on every run.
    assert sorted(loads) == ["alpha-co", "alpha-co", "beta-co", "beta-co"]
    monkeypatch.setattr(loadcache, "SETTLE_NS", 200_000_000)
    _wait_for_ctime()
    loads.clear()
    for _ in range(2):
        _answer(root)
    assert sorted(loads) == ["alpha-co", "beta-co", "beta-co"]


def test_no_git_folder_no_cache_and_the_switch_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(tmp_path, account_files("alpha-co", "ALPHA"))
    assert LoadCache(root).folder is None
    _answer(root)
    assert not (root / ".git").exists()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert LoadCache(root).folder is not None
    monkeypatch.setenv("AEPORTAL_NO_CACHE", "1")
    assert LoadCache(root).folder is None


def test_diagnostics_name_files_from_where_they_are_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path)
    _wait_for_ctime()
    monkeypatch.chdir(root)
    here = _answer(Path())[1]
    monkeypatch.chdir(root / "accounts")
    there = _answer(Path(".."))[1]
    assert any(line.startswith("accounts/beta-co/briefs/broken.md:") for line in here)
    assert any(line.startswith("beta-co/briefs/broken.md:") for line in there)


def test_many_accounts_are_read_by_workers_with_the_same_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str] = {}
    for n in range(loader.PARALLEL_FROM + 2):
        files |= account_files(f"acct-{n:02d}", f"MARK{n:02d}", ("en", "vi")[n % 2])
    files["accounts/acct-03/briefs/broken.md"] = "---\ntitle: [unclosed\n---\nbody\n"
    root = write_repo(tmp_path, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    _settle(root)
    _wait_for_ctime()
    readers = tmp_path / "readers"
    original = loader.load_account

    def spy(folder: Path, report: loader.Report) -> loader.model.AccountBundle | None:
        with readers.open("a") as fh:  # a file: the workers' memory is their own
            fh.write(f"{os.getpid()}\n")
        return original(folder, report)

    def pids() -> list[int]:
        found = [int(line) for line in readers.read_text().split()]
        readers.unlink()
        return found

    monkeypatch.setattr(loader, "load_account", spy)
    with monkeypatch.context() as serial:
        serial.setenv("AEPORTAL_NO_CACHE", "1")
        serial.setattr(loader, "PARALLEL_FROM", 10**6)
        alone = _answer(root)
    assert pids() == [os.getpid()] * (loader.PARALLEL_FROM + 2)  # here, one by one
    together = _answer(root)  # read by workers, which keep what they read
    workers = pids()
    assert len(workers) == loader.PARALLEL_FROM + 2 and os.getpid() not in workers
    assert together == alone
    assert any("acct-03/briefs/broken.md" in line for line in together[1])
    kept = sorted(p.stem for p in (root / ".git/aeportal/accounts-1").glob("*.pickle"))
    assert kept == sorted(f"acct-{n:02d}" for n in range(loader.PARALLEL_FROM + 2))
    assert _answer(root) == alone  # and now from the cache
