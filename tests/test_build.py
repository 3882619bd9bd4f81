"""Real MkDocs builds of small repositories: privacy, language, atomicity, audit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aeportal.build import audit, search
from aeportal.build import sites as build
from aeportal.cli.commands import main
from aeportal.errors import BuildError
from portal_fixtures import MARKS, TODAY, account_files, leak_repo, write_repo

MARKER = re.compile(r"\b(ALPHA|BETA|GAMMA)-(CLIENT|INT)-[A-Z-]*[A-Z]")
# A URL a browser would fetch on its own: src=, href= of a stylesheet/icon/script, url(), @import.
FETCHED = re.compile(
    r"""(?:\bsrc\s*=\s*["']|<link[^>]+href\s*=\s*["']|url\(\s*["']?|@import\s+["'])"""
    r"""\s*((?:https?:)?//[^"')\s]+)""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = leak_repo(tmp_path_factory.mktemp("leak"))
    code = main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "2"])
    assert code == 0
    return root / "site"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _text(path: Path) -> str:
    """A built file's text; the search index's compressed files decompressed."""
    if path.suffix in search.COMPRESSED:
        return search.read_compressed(path).decode("utf-8", errors="ignore")
    return path.read_bytes().decode("utf-8", errors="ignore")


def _markers(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in _files(folder):
        found.update(m.group(0) for m in MARKER.finditer(_text(path)))
    return found


def _planted(mark: str, kind: str) -> set[str]:
    text = "\n".join(account_files("x", mark).values())
    return {m.group(0) for m in MARKER.finditer(text) if m.group(2) == kind}


def test_every_portal_is_built(built: Path) -> None:
    for slug in MARKS:
        assert (built / "clients" / slug / "index.html").is_file()
        assert (built / "clients" / slug / "pagefind" / "pagefind.js").is_file()
        assert not (built / "clients" / slug / "search").exists()  # no second, unused index
        assert (built / "internal" / "accounts" / slug / "index.html").is_file()
    assert (built / "internal" / "index.html").is_file()
    assert (built / "internal" / "deadlines" / "index.html").is_file()


@pytest.mark.parametrize("slug", sorted(MARKS))
def test_client_site_holds_only_its_own_client_markers(built: Path, slug: str) -> None:
    mark = MARKS[slug][0]
    found = _markers(built / "clients" / slug)
    leaked = {m for m in found if not m.startswith(mark + "-CLIENT-")}
    assert leaked == set()
    # The site does show this client's own content (so the scan is looking at real pages).
    assert {f"{mark}-CLIENT-BRIEF", f"{mark}-CLIENT-MEETING", f"{mark}-CLIENT-BODY"} <= found
    # So does its search index, read apart: the scan above reads the compressed index too.
    index = _markers(built / "clients" / slug / "pagefind")
    assert {f"{mark}-CLIENT-BRIEF", f"{mark}-CLIENT-BODY"} <= index
    assert {m for m in index if not m.startswith(mark + "-CLIENT-")} == set()


def test_each_portal_indexes_only_its_own_pages(built: Path) -> None:
    """The index of a portal lists the pages of that portal, every one of them."""
    portals = [built / "clients" / slug for slug in MARKS]
    portals += [built / "internal", *(built / "internal" / "accounts" / slug for slug in MARKS)]
    for portal in portals:
        urls = set(search.indexed_pages(portal))
        pages = {
            "/" + p.parent.relative_to(portal).as_posix() + "/"
            for p in portal.rglob("index.html")
            if p.relative_to(portal).parts[0] not in ("files", "accounts")
        }
        assert urls == {u.replace("/./", "/") for u in pages}, portal


def test_internal_site_holds_every_marker(built: Path) -> None:
    found = _markers(built / "internal")
    for mark, _lang in MARKS.values():
        expected = _planted(mark, "INT") | _planted(mark, "CLIENT")
        assert expected - found == set()


def test_internal_documents_have_no_client_page(built: Path) -> None:
    for slug in MARKS:
        client = built / "clients" / slug
        low = MARKS[slug][0].lower()
        assert not (client / "briefs" / f"{low}-secret-pitch").exists()
        assert not (client / "notes").exists()
        assert not (client / "meetings" / "2026-09-02-staffing").exists()
        assert (built / "internal" / "accounts" / slug / "notes" / "relationship").is_dir()


def test_vietnamese_portal_is_vietnamese(built: Path) -> None:
    html = (built / "clients" / "beta-co" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    assert "Cập nhật tình hình" in html
    assert "Chúng tôi cần anh/chị" in html
    assert "23 thg 11, 2026" in html  # Babel's Vietnamese date
    english = (built / "clients" / "alpha-co" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english
    assert "What we need from you" in english
    assert "Nov 23, 2026" in english


def test_no_page_loads_anything_from_another_host(built: Path) -> None:
    offenders = []
    for path in _files(built):
        if path.suffix not in (".html", ".css", ".js", ".svg"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [f"{path.relative_to(built)}: {u}" for u in FETCHED.findall(text)]
    assert offenders == []


def test_timeline_has_an_svg_gantt(built: Path) -> None:
    html = (built / "clients" / "alpha-co" / "timeline" / "index.html").read_text("utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="aep-gantt"' in html
    assert "ALPHA-CLIENT-POSTS first posts" in html
    assert "ALPHA-INT-MILESTONE" not in html


def test_audit_passes_on_a_clean_build(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["audit", str(built), "--repo", str(built.parent)])
    out = capsys.readouterr().out
    assert code == 0
    assert "3 client sites audited: no leaks" in out


def test_audit_names_file_and_string_of_a_leak(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built, site)
    page = site / "clients" / "alpha-co" / "404.html"
    page.write_text(page.read_text("utf-8") + "cmo@beta.example BETA-INT-NOTE relationship")
    code = main(["audit", str(site), "--repo", str(built.parent)])
    out = capsys.readouterr().out
    assert code == 1
    assert "clients/alpha-co/404.html: “cmo@beta.example” (contact e-mail of beta-co)" in out
    assert "1 leaks found" not in out and "leaks found" in out


def _plant_in_index(site: Path, slug: str, text: str) -> str:
    """Add ``text`` to one compressed page fragment of a portal's index; its path."""
    fragment = sorted((site / "clients" / slug / "pagefind" / "fragment").iterdir())[0]
    data = search.read_compressed(fragment).replace(b'"content":"', f'"content":"{text} '.encode())
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + data))
    return fragment.relative_to(site).as_posix()


def test_audit_reads_the_compressed_search_index(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built, site)
    where = _plant_in_index(site, "alpha-co", "cmo@beta.example")
    code = main(["audit", str(site), "--repo", str(built.parent)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{where}: “cmo@beta.example” (contact e-mail of beta-co)" in out
    # The index holds đ as the indexer was given it (d + U+0345): read back as written,
    # so that a marker with đ in it is found there too.
    planted = _plant_in_index(site, "beta-co", search.fold("Đợt hai: đồng ý"))
    assert "Đợt hai: đồng ý" in audit._file_text(site / planted)


def test_failed_validation_leaves_previous_site_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_repo(tmp_path, account_files("alpha-co", "ALPHA"))
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    before = {p: p.read_bytes() for p in _files(root / "site")}
    brief = root / "accounts/alpha-co/briefs/alpha-launch-post.md"
    brief.write_text(brief.read_text("utf-8").replace("scope: post", "scope: postz"))
    capsys.readouterr()
    assert main(["build", str(root), "--today", TODAY, "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "briefs/alpha-launch-post.md:3:8: error REF003 `postz` is not a known scope item" in err
    assert "previous site is untouched" in err
    after = {p: p.read_bytes() for p in _files(root / "site")}
    assert after == before
    assert list(tmp_path.glob(".site.staging-*")) == []


def test_leak_in_a_template_fails_the_build_and_keeps_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA")
    root = write_repo(tmp_path, files)
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    before = {p: p.read_bytes() for p in _files(root / "site")}
    # An agency template override that leaks the internal margin note into every page.
    override = root / "templates" / "pages" / "scope.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# Scope\n\nALPHA-INT-ACCOUNT margin is thin\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "privacy audit failed" in err
    assert "clients/alpha-co/scope/index.html: “ALPHA-INT-ACCOUNT margin is thin”" in err
    assert {p: p.read_bytes() for p in _files(root / "site")} == before


def test_build_lists_what_it_built_and_counts_what_it_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA")
    root = write_repo(tmp_path, files)
    assert main(["build", str(root), "--today", TODAY, "--jobs", "1"]) == 0
    out = capsys.readouterr().out.split("\n\n")[0].splitlines()  # the list, not how to open
    assert out[0].startswith("built 5 portals in ")
    assert [line.split()[0] for line in out[1:]] == [
        "clients/alpha-co",
        "clients/beta-co",
        "internal",
        "internal/accounts/alpha-co",
        "internal/accounts/beta-co",
    ]
    assert out[1].split()[1] == str(root / "site/clients/alpha-co/index.html")
    brief = root / "accounts/beta-co/briefs/beta-launch-post.md"
    brief.write_text(brief.read_text("utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert main(["build", str(root), "--today", TODAY, "--jobs", "1"]) == 0
    out = capsys.readouterr().out.split("\n\n")[0].splitlines()
    # The body of a brief is not on the dashboard: that stays as it was, too.
    assert out[0].endswith(" (kept 3 unchanged)") and out[0].startswith("built 2 portals")
    assert [line.split()[0] for line in out[1:]] == ["clients/beta-co", "internal/accounts/beta-co"]
    brief.write_text(brief.read_text("utf-8") + "\nAnd another.\n", encoding="utf-8")
    assert main(["build", str(root), "--today", TODAY, "--jobs", "1", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1 and captured.out.startswith("built 2 portals")
    assert "[1/2]" not in captured.err


def test_build_one_account_keeps_the_others(tmp_path: Path) -> None:
    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA")
    root = write_repo(tmp_path, files)
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    beta = {p.relative_to(root): p.read_bytes() for p in _files(root / "site/clients/beta-co")}
    brief = root / "accounts/alpha-co/briefs/alpha-launch-post.md"
    brief.write_text(brief.read_text("utf-8").replace("launch post", "launch post v2"))
    assert main(["build", str(root), "--account", "alpha-co", "--today", TODAY, "--quiet"]) == 0
    assert "launch post v2" in (root / "site/clients/alpha-co/index.html").read_text("utf-8") or (
        "launch post v2"
        in (root / "site/clients/alpha-co/briefs/alpha-launch-post/index.html").read_text("utf-8")
    )
    after = {p.relative_to(root): p.read_bytes() for p in _files(root / "site/clients/beta-co")}
    assert after == beta


def test_audit_reads_calendar_files_unfolded(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built, site)
    ics = site / "clients" / "alpha-co" / "calendar.ics"
    # RFC 5545 folds lines at 75 octets and escapes commas: the leak is split and escaped.
    leak = "DESCRIPTION:see BETA-INT-NOTE rela\r\n tionship\\, cmo@bet\r\n a.example\r\n"
    ics.write_bytes(ics.read_bytes().replace(b"END:VCALENDAR", leak.encode() + b"END:VCALENDAR"))
    assert main(["audit", str(site), "--repo", str(built.parent)]) == 1
    out = capsys.readouterr().out
    assert "clients/alpha-co/calendar.ics: “cmo@beta.example” (contact e-mail of beta-co)" in out


def test_incremental_build_rebuilds_only_what_an_edit_touches(tmp_path: Path) -> None:
    from aeportal.build.sites import build_sites
    from aeportal.check.rules import check  # noqa: F401  (the build validates first)

    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA", "vi")
    root = write_repo(tmp_path, files)
    import datetime as dt

    day = dt.date(2026, 11, 23)
    first = build_sites(root, day, history=False)
    assert sorted(first.built) == [
        "clients/alpha-co",
        "clients/beta-co",
        "internal",
        "internal/accounts/alpha-co",
        "internal/accounts/beta-co",
    ]
    before = {p: p.read_bytes() for p in _files(root / "site")}
    inodes = {p: p.stat().st_ino for p in _files(root / "site/clients/beta-co")}
    again = build_sites(root, day, history=False)
    assert (again.built, sorted(again.kept)) == ((), sorted(first.built))
    assert {p: p.read_bytes() for p in _files(root / "site")} == before
    brief = root / "accounts/alpha-co/briefs/alpha-launch-post.md"
    # The body only: the dashboard (which lists titles due soon) stays as it was.
    dashboard = (root / "site/internal/index.html").stat().st_ino
    brief.write_text(brief.read_text("utf-8").replace("the launch post.", "launch post v2."))
    third = build_sites(root, day, history=False)
    assert sorted(third.built) == ["clients/alpha-co", "internal/accounts/alpha-co"]
    # Its worker rendered the dashboard, found it as before, and left the built one.
    assert "internal" in third.kept
    assert (root / "site/internal/index.html").stat().st_ino == dashboard
    # Untouched portals are the very same files (hard links), byte for byte.
    assert {p: p.stat().st_ino for p in _files(root / "site/clients/beta-co")} == inodes
    page = root / "site/clients/alpha-co/briefs/alpha-launch-post/index.html"
    assert "launch post v2" in page.read_text("utf-8")


def test_shards_are_disjoint_and_cover_every_portal(tmp_path: Path) -> None:
    from aeportal.build.sites import in_shard

    keys = ["internal"] + [
        f"{kind}/{slug}"
        for slug in (f"client-{n:02d}" for n in range(40))
        for kind in ("clients", "internal/accounts")
    ]
    shards = [{k for k in keys if in_shard(k, i, 4)} for i in range(1, 5)]
    assert set().union(*shards) == set(keys)
    assert sum(len(s) for s in shards) == len(keys)
    assert "internal" in shards[0]
    for shard in shards:  # an account's two portals stay together
        slugs = [k.rsplit("/", 1)[1] for k in shard if k != "internal"]
        assert all(slugs.count(s) == 2 for s in slugs)
    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA")
    root = write_repo(tmp_path, files)
    built = set()
    for index in (1, 2):
        out = tmp_path / f"shard-{index}"
        assert (
            main(
                [
                    "build",
                    str(root),
                    "--today",
                    TODAY,
                    "--quiet",
                    "--shard",
                    f"{index}/2",
                    "--out",
                    str(out),
                    "--no-history",
                ]
            )
            == 0
        )
        here = {
            str(p.parent.relative_to(out))
            for p in out.glob("**/index.html")
            if p.parent.parent.name in ("clients", "accounts") or p.parent == out / "internal"
        }
        assert built.isdisjoint(here)
        built |= here
    assert built == {
        "clients/alpha-co",
        "clients/beta-co",
        "internal",
        "internal/accounts/alpha-co",
        "internal/accounts/beta-co",
    }


def test_a_brief_relying_on_an_internal_change_request_does_not_name_it(tmp_path: Path) -> None:
    files = account_files("alpha-co", "ALPHA")
    files["accounts/alpha-co/changes/cr-hidden-upsell.md"] = (
        "---\ntitle: ALPHA-INT-CHANGE-DOC upsell\nrequested_by: alpha-cmo\n"
        "requested_on: 2026-10-01\nadds: [{scope: post, quantity: 1}]\ncost: 100\n"
        "status: approved\ndecided_by: alpha-cmo\ndecided_on: 2026-10-02\n"
        "visibility: internal\n---\nUpsell.\n"
    )
    files["accounts/alpha-co/briefs/alpha-extra.md"] = (
        "---\ntitle: ALPHA-CLIENT-EXTRA post\nscope: post\nstatus: draft\nowner: sam\n"
        "change: cr-hidden-upsell\n---\nExtra.\n"
    )
    files["accounts/alpha-co/meetings/2026-10-02-call.md"] = (
        "---\ntitle: ALPHA-CLIENT-CALL call\ndate: 2026-10-02\n"
        "approvals: [{document: cr-hidden-upsell, by: alpha-cmo}]\n---\nCall.\n"
    )
    root = write_repo(tmp_path, files)
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--no-history"]) == 0
    client = root / "site/clients/alpha-co"
    for path in _files(client):
        assert b"cr-hidden-upsell" not in path.read_bytes(), path
    internal = root / "site/internal/accounts/alpha-co/briefs/alpha-extra/index.html"
    assert "cr-hidden-upsell" in internal.read_text("utf-8")


def _inodes(folder: Path) -> dict[Path, int]:
    return {p.relative_to(folder): p.stat().st_ino for p in _files(folder)}


def _two_accounts(tmp_path: Path) -> Path:
    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA", "vi")
    return write_repo(tmp_path, files)


def _three_accounts(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path, {k: v for s in MARKS for k, v in account_files(s, MARKS[s][0]).items()}
    )


DAY = dt.date(2026, 11, 23)


def _built_then_edited(tmp_path: Path) -> Path:
    """Two accounts built once, then a word of alpha's brief body changed."""
    root = _two_accounts(tmp_path)
    build.build_sites(root, DAY, history=False)
    brief = root / "accounts/alpha-co/briefs/alpha-launch-post.md"
    brief.write_text(brief.read_text("utf-8").replace("the launch post.", "launch post v2."))
    return root


def test_a_rebuild_swaps_portals_in_place_and_keeps_nested_ones(tmp_path: Path) -> None:
    import datetime as dt

    from aeportal.build.sites import build_sites

    root = _two_accounts(tmp_path)
    day = dt.date(2026, 11, 23)
    build_sites(root, day, history=False)
    beta_internal = _inodes(root / "site/internal/accounts/beta-co")
    beta_client = _inodes(root / "site/clients/beta-co")
    # A new title changes alpha's portals and the dashboard (which lists titles).
    brief = root / "accounts/alpha-co/briefs/alpha-launch-post.md"
    brief.write_text(brief.read_text("utf-8").replace("title: ", "title: Renamed ", 1))
    again = build_sites(root, day, history=False)
    assert sorted(again.built) == ["clients/alpha-co", "internal", "internal/accounts/alpha-co"]
    assert sorted(again.kept) == ["clients/beta-co", "internal/accounts/beta-co"]
    # The dashboard was replaced around the account portals nested in it.
    assert _inodes(root / "site/internal/accounts/beta-co") == beta_internal
    assert _inodes(root / "site/clients/beta-co") == beta_client
    assert "Renamed" in (root / "site/internal/index.html").read_text("utf-8") or any(
        "Renamed" in p.read_text("utf-8") for p in (root / "site/internal").glob("*/index.html")
    )
    assert "Renamed" in (root / "site/clients/alpha-co/index.html").read_text("utf-8") or any(
        "Renamed" in p.read_text("utf-8")
        for p in (root / "site/clients/alpha-co").rglob("index.html")
    )
    # Once swapped in, the new portals are vouched for by the manifest.
    third = build_sites(root, day, history=False)
    assert third.built == ()


def test_a_leak_found_in_a_rebuild_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _built_then_edited(tmp_path)
    before = {p: p.read_bytes() for p in _files(root / "site")}
    render = build._render_job

    def faulty(job: build.Job) -> build.Portal:
        # A rendering fault that puts beta's contact on alpha's client scope page.
        portal = render(job)
        if job.key != "clients/alpha-co":
            return portal
        pages = dict(portal.pages)
        pages["scope.md"] += "\nWrite to cmo@beta.example.\n"
        return dataclasses.replace(portal, pages=pages)

    monkeypatch.setattr(build, "_render_job", faulty)
    # Only alpha's portals are rebuilt; the audit of the rebuilt client portal stops
    # the build before anything is swapped in.
    with pytest.raises(BuildError) as failed:
        build.build_sites(root, DAY, history=False)
    assert "clients/alpha-co/scope/index.html: “cmo@beta.example” (contact e-mail of beta-co)" in (
        str(failed.value)
    )
    assert {p: p.read_bytes() for p in _files(root / "site")} == before
    assert not list(root.glob(".site.staging-*"))


def test_the_portals_of_a_removed_account_leave_the_site(tmp_path: Path) -> None:
    import datetime as dt

    from aeportal.build.sites import build_sites

    root = _three_accounts(tmp_path)
    day = dt.date(2026, 11, 23)
    build_sites(root, day, history=False)
    shutil.rmtree(root / "accounts/gamma-co")
    again = build_sites(root, day, history=False)
    assert "internal" in again.built  # the dashboard lists the accounts
    assert not (root / "site/clients/gamma-co").exists()
    assert not (root / "site/internal/accounts/gamma-co").exists()
    assert sorted((root / "site/clients").iterdir()) == [
        root / "site/clients/alpha-co",
        root / "site/clients/beta-co",
    ]
    assert "GAMMA" not in "".join(p.read_text("utf-8") for p in (root / "site").rglob("*.html"))


def test_an_interrupted_update_is_redone_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _built_then_edited(tmp_path)
    swapped: list[Path] = []
    exchange = build._exchange

    def crash_after_the_first(new: Path, target: Path, spare: Path) -> None:
        if swapped:
            raise KeyboardInterrupt
        exchange(new, target, spare)
        swapped.append(target)

    monkeypatch.setattr(build, "_exchange", crash_after_the_first)
    with pytest.raises(KeyboardInterrupt):
        build.build_sites(root, DAY, history=False)
    assert len(swapped) == 1
    monkeypatch.setattr(build, "_exchange", exchange)
    # Whichever portal was swapped before the crash, the manifest no longer vouches
    # for it or the other one: both are built again, and then agree with the sources.
    again = build.build_sites(root, DAY, history=False)
    assert sorted(again.built) == ["clients/alpha-co", "internal/accounts/alpha-co"]
    for key in again.built:
        page = root / "site" / key / "briefs/alpha-launch-post/index.html"
        assert "launch post v2" in page.read_text("utf-8")


def test_each_language_keeps_its_own_search_and_labels_in_one_process(tmp_path: Path) -> None:
    import json

    # Both portals built by the same process, English first: nothing of the English
    # theme environment may carry over to the Vietnamese portal.
    root = _two_accounts(tmp_path)
    build.build_sites(root, DAY, history=False, jobs=1)
    for slug, lang, label in (("alpha-co", "en", "Search"), ("beta-co", "vi", "Tìm kiếm")):
        portal = root / "site" / "clients" / slug
        entry = json.loads((portal / "pagefind/pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == [lang]
        script = (portal / "assets/search.js").read_text("utf-8")
        assert f'"search": "{label}"' in script
        page = (portal / "index.html").read_text("utf-8")
        assert 'src="assets/search.js"' in page


def test_a_shard_without_the_dashboard_keeps_its_portals_when_rebuilt(tmp_path: Path) -> None:
    root = _three_accounts(tmp_path)
    # A shard other than the first (which has the dashboard) that has an account.
    count, index = next(
        (n, i)
        for n in range(2, 8)
        for i in range(2, n + 1)
        if any(build.in_shard(f"clients/{slug}", i, n) for slug in MARKS)
    )
    out = tmp_path / "shard"
    first = build.build_sites(root, DAY, out=out, history=False, shard=(index, count))
    assert first.built and "internal" not in first.built
    before = {p: p.read_bytes() for p in _files(out)}
    again = build.build_sites(root, DAY, out=out, history=False, shard=(index, count))
    assert again.built == ()
    assert sorted(again.kept) == sorted(first.built)
    assert {p: p.read_bytes() for p in _files(out)} == before


def test_compiled_templates_are_kept_and_an_edited_override_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    files = account_files("alpha-co", "ALPHA")
    root = write_repo(tmp_path, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    override = root / "templates/pages/kpis.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# KPIs\n\nFIRST-VERSION\n", encoding="utf-8")
    _forget_compiled_templates(monkeypatch)
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    kept = list((root / ".git/aeportal").glob("templates-*/*"))
    assert sorted(p.name for p in kept) == ["pages", "theme-en-en"]
    assert all(list(folder.glob("__jinja2_*.cache")) for folder in kept)
    # A new process compiles nothing that is kept: every template comes from the cache.
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def compile_(self: jinja2.Environment, source: Any, name: str | None = None, *a: Any) -> Any:
        compiled.append(name)
        return original(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    _forget_compiled_templates(monkeypatch)
    (root / "accounts/alpha-co/briefs/alpha-launch-post.md").write_text(
        (root / "accounts/alpha-co/briefs/alpha-launch-post.md").read_text("utf-8") + "\nMore.\n",
        encoding="utf-8",
    )
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    assert [n for n in compiled if n is not None and not n.startswith("<")] == []
    # The agency edits its override: Jinja sees the new source and compiles it again.
    override.write_text("# KPIs\n\nSECOND-VERSION\n", encoding="utf-8")
    _forget_compiled_templates(monkeypatch)
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    assert "pages/kpis.md.j2" in compiled
    page = (root / "site/internal/accounts/alpha-co/kpis/index.html").read_text("utf-8")
    assert "SECOND-VERSION" in page and "FIRST-VERSION" not in page


def test_no_template_cache_without_git_or_when_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(tmp_path / "plain", account_files("alpha-co", "ALPHA"))
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    assert not (root / ".git").exists()
    other = write_repo(tmp_path / "off", account_files("alpha-co", "ALPHA"))
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    monkeypatch.setenv("AEPORTAL_NO_CACHE", "1")
    assert main(["build", str(other), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    assert not (other / ".git/aeportal").exists()


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(tmp_path, account_files("alpha-co", "ALPHA"))
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    _forget_compiled_templates(monkeypatch)
    # Each kind's folder exists but refuses new files (as a read-only checkout would).
    import jinja2

    def refuse(self: jinja2.FileSystemBytecodeCache, bucket: Any) -> None:
        raise PermissionError(13, "read-only", self.directory)

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", refuse)
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    assert (root / "site/clients/alpha-co/index.html").is_file()
    assert not list((root / ".git/aeportal").glob("templates-*/*/__jinja2_*"))


def _forget_compiled_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: no theme environment, no template loaded yet."""
    from aeportal.build.engines.mkdocs import speedups

    monkeypatch.setattr(speedups, "_THEME_ENVS", {})
    speedups._template_cache.cache_clear()


def test_templates_compiled_by_another_version_are_removed(tmp_path: Path) -> None:
    from aeportal import cachefile

    root = write_repo(tmp_path, account_files("alpha-co", "ALPHA"))
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    stale = root / ".git/aeportal/templates-0123456789abcdef/pages"
    stale.mkdir(parents=True)
    (stale / "__jinja2_old.cache").write_bytes(b"old")
    assert cachefile.template_cache(root, "pages") is not None
    assert [p.name for p in (root / ".git/aeportal").glob("templates-*")] != [stale.parent.name]
    assert not stale.parent.exists()


def test_build_ends_with_a_way_to_open_a_portal_that_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import shlex
    import socket
    import sys
    import time
    import urllib.request

    root = write_repo(tmp_path, account_files("alpha-co", "ALPHA"))
    monkeypatch.chdir(root)
    assert main(["build", "--today", TODAY, "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    how = out.split("\n\n")[1].splitlines()
    assert (
        how[0] == "open a portal through a web server (from the file system, search does not work):"
    )
    assert how[1].split()[:3] == ["aeportal", "serve", "alpha-co"]
    # The printed static server, run as printed (on a free port), serves the portal and the
    # search index its page fetches: what a file:// URL cannot do.
    command, url = how[2].split("    then ")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    argv = [sys.executable if a == "python3" else a for a in shlex.split(command)]
    argv = [port if a == "8000" else a for a in argv] + ["--bind", "127.0.0.1"]
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = url.strip().replace(":8000/", f":{port}/")
        assert base.endswith("/clients/alpha-co/")
        for _ in range(100):
            try:
                with urllib.request.urlopen(base, timeout=5) as page:
                    assert "alpha" in page.read().decode("utf-8").lower()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"{command} did not serve {base}")
        with urllib.request.urlopen(base + "pagefind/pagefind-entry.json", timeout=5) as index:
            assert json.load(index)["languages"]["en"]["page_count"] > 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_search_script_override_without_its_words_line_is_a_clear_error(tmp_path: Path) -> None:
    from aeportal.render.pages import make_env, theme_assets

    assets = tmp_path / "templates" / "assets"
    assets.mkdir(parents=True)
    (assets / "search.js").write_text("// the agency's own search\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"templates/assets/search\.js: the line `var WORDS"):
        theme_assets(make_env(tmp_path / "templates"), "vi")
    # The packaged script gets the portal's words in that line.
    script = theme_assets(make_env(None), "vi")["assets/search.js"]
    assert 'var WORDS = {"search": "Tìm kiếm",' in script
