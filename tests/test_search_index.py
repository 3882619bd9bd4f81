"""The search index of each portal, written by one Pagefind service per process."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from aeportal.build import search
from aeportal.build.sites import build_sites
from aeportal.errors import BuildError

REPO = Path(__file__).resolve().parents[1]
PORTALS = (
    "clients/harbor-city-bank",
    "clients/lotus-tea-house",
    "internal/accounts/lotus-tea-house",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    build_sites(REPO, dt.date(2026, 11, 23), out=out, jobs=1)
    return out


def _copy(site: Path, key: str, to: Path) -> Path:
    folder = to / key.replace("/", "-")
    shutil.copytree(site / key, folder, ignore=shutil.ignore_patterns(search.FOLDER))
    return folder


def _service_pid() -> int:
    return search._indexer().process.pid


def test_one_service_writes_the_index_of_portal_after_portal(site: Path, tmp_path: Path) -> None:
    pid = _service_pid()
    for key in PORTALS:
        folder = _copy(site, key, tmp_path)
        language = "vi" if "lotus" in key else "en"
        search.index_portal(folder, language)
        # Each index holds its own portal's pages, the same as the build wrote.
        assert search.indexed_pages(folder) == search.indexed_pages(site / key)
        assert sorted(p.name for p in (folder / search.FOLDER).iterdir()) == sorted(
            p.name for p in (site / key / search.FOLDER).iterdir()
        )
    assert _service_pid() == pid


def test_a_failed_index_names_the_portal_and_the_next_starts_afresh(
    site: Path, tmp_path: Path
) -> None:
    folder = _copy(site, PORTALS[0], tmp_path)
    # A file where the index goes: Pagefind cannot write it, and its service stops.
    (folder / search.FOLDER).write_text("not a folder", encoding="utf-8")
    with pytest.raises(BuildError, match="clients-harbor-city-bank: the search index was not"):
        search.index_portal(folder, "en")
    (folder / search.FOLDER).unlink()
    search.index_portal(folder, "en")
    assert search.indexed_pages(folder) == search.indexed_pages(site / PORTALS[0])


def _in_a_fork(folder: str) -> int:
    search.index_portal(Path(folder), "en")
    return search._indexer().process.pid


def test_a_forked_worker_has_its_own_service_and_ends_it(site: Path, tmp_path: Path) -> None:
    mine = _service_pid()
    folder = _copy(site, PORTALS[0], tmp_path)
    # As the builder runs its workers: forked, ended when the pool shuts down.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        theirs = pool.submit(_in_a_fork, str(folder)).result()
    assert theirs != mine
    assert search.indexed_pages(folder) == search.indexed_pages(site / PORTALS[0])
    # The worker waited for its service as it ended: no process is left behind.
    assert not Path(f"/proc/{theirs}").exists()
    assert _service_pid() == mine
