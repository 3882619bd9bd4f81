"""The demo built with both site engines: the same portals, page by page.

What matters to a reader is compared: the set of pages, each page's text (whitespace and
Unicode normalised), its headings with their anchors, its links and images, the
navigation, and the files beside the pages (calendars, published files, previews). What
each engine does its own way is left out: the theme's assets, sitemaps. The search index,
written after either engine by the same step, holds the same pages with the same text.
The Zensical site also passes the privacy audit, its search index included.
"""

from __future__ import annotations

import datetime as dt
import gzip
import posixpath
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aeportal.build import engines, search
from aeportal.build.audit import audit_site
from aeportal.build.engines import zensical
from aeportal.build.sites import build_sites
from aeportal.check.rules import check
from aeportal.cli.commands import main
from aeportal.errors import BuildError

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"
DAY = dt.date(2026, 11, 23)
ENGINES = ("mkdocs", "zensical")
# Files an engine makes its own way, or that only one engine makes: not compared.
ENGINE_OWN = re.compile(
    r"(^|/)(assets/(javascripts|stylesheets|images)/|pagefind/|sitemap\.xml(\.gz)?$)"
)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Page:
    """What a reader gets from one page: its article and its navigation."""

    text: list[str] = field(default_factory=list)
    headings: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, id, text)
    links: list[str] = field(default_factory=list)  # href of links, src of images
    nav: list[tuple[str, str]] = field(default_factory=list)  # (target, label)


class _Reader(HTMLParser):
    """Reads the ``<article>`` and the primary ``<nav>`` of a page."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url  # the page's folder in the site, to resolve its relative links
        self.page = Page()
        self.article = 0  # element depth inside <article>, 0 outside
        self.nav = 0  # element depth inside the primary <nav>, 0 outside
        self.permalink = 0  # depth of the heading's permalink (¶), whose text is no content
        self.heading: tuple[str, str, list[str]] | None = None
        self.label: tuple[str, list[str]] | None = None

    def resolve(self, href: str) -> str:
        if re.match(r"^[a-z]+:|^#", href):
            return href
        path, _, anchor = href.partition("#")
        target = posixpath.normpath(posixpath.join(self.url, path))
        if path.endswith("/") and not target.endswith("/"):
            target += "/"
        return target + ("#" + anchor if anchor else "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if self.nav and tag not in VOID:
            self.nav += 1
        if self.nav and tag == "a" and "md-nav__link" in classes and a.get("href") is not None:
            self.label = (self.resolve(a["href"] or ""), [])
        if tag == "nav" and "md-nav--primary" in classes and not self.nav:
            self.nav = 1
        if not self.article:
            self.article = 1 if tag == "article" else 0
            return
        if tag not in VOID:
            self.article += 1
        if tag in HEADINGS:
            self.heading = (tag, a.get("id") or "", [])
        if tag == "a" and "headerlink" in classes:
            self.permalink = self.article
        elif tag == "a" and a.get("href") is not None:
            self.page.links.append(self.resolve(a["href"] or ""))
        elif tag == "img":
            self.page.links.append(self.resolve(a.get("src") or ""))

    def handle_endtag(self, tag: str) -> None:
        if self.nav:
            if tag == "a" and self.label is not None:
                self.page.nav.append((self.label[0], normalised("".join(self.label[1]))))
                self.label = None
            self.nav -= 1
        if not self.article:
            return
        if self.permalink == self.article:
            self.permalink = 0
        if tag in HEADINGS and self.heading is not None:
            tag_name, anchor, words = self.heading
            self.page.headings.append((tag_name, anchor, normalised("".join(words))))
            self.heading = None
        self.article -= 1

    def handle_data(self, data: str) -> None:
        if self.label is not None:
            self.label[1].append(data)
        if self.article and not self.permalink:
            self.page.text.append(data)
            if self.heading is not None:
                self.heading[2].append(data)


def read_page(site: Path, relative: str) -> Page:
    reader = _Reader("/" + posixpath.dirname(relative))
    reader.feed((site / relative).read_text(encoding="utf-8"))
    page = reader.page
    page.text = [normalised(" ".join(page.text))]
    return page


def pages_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def files_of(site: Path) -> dict[str, bytes]:
    """Every file that is not a page nor the engine's own, with its bytes."""
    return {
        rel: p.read_bytes()
        for p in site.rglob("*")
        if p.is_file()
        and not (rel := p.relative_to(site).as_posix()).endswith(".html")
        and not ENGINE_OWN.search(rel)
        and not rel.startswith(".aeportal/")
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo built once with each engine, through the command line."""
    built = {}
    for engine in ENGINES:
        out = tmp_path_factory.mktemp(engine) / "site"
        argv = ["build", str(REPO), "--today", TODAY, "--out", str(out), "--quiet"]
        assert main([*argv, "--no-history", "--jobs", "2", "--engine", engine]) == 0
        built[engine] = out
    return built


def test_both_engines_build_the_same_pages(sites: dict[str, Path]) -> None:
    mkdocs, zensical_pages = pages_of(sites["mkdocs"]), pages_of(sites["zensical"])
    assert len(mkdocs) > 100
    assert sorted(mkdocs ^ zensical_pages) == []
    assert "clients/lotus-tea-house/briefs/hop-qua-tet/index.html" in mkdocs


def test_every_page_has_the_same_text_headings_links_and_navigation(
    sites: dict[str, Path],
) -> None:
    different = []
    checked = 0
    for relative in sorted(pages_of(sites["mkdocs"])):
        one, other = read_page(sites["mkdocs"], relative), read_page(sites["zensical"], relative)
        for what in ("text", "headings", "links", "nav"):
            if getattr(one, what) != getattr(other, what):
                different.append(f"{relative}: {what}")
        checked += bool(one.text[0])
    assert different == []
    assert checked > 100  # the pages were read, not compared empty


def test_the_reader_sees_what_it_compares(sites: dict[str, Path]) -> None:
    """The comparison reads real content: a Vietnamese portal's headings, text and links."""
    brief = read_page(sites["zensical"], "clients/lotus-tea-house/briefs/hop-qua-tet/index.html")
    assert brief.headings[0][0] == "h1"
    assert "Hộp quà" in brief.text[0]
    assert ("/clients/lotus-tea-house/briefs/", "Brief") in brief.nav
    briefs = read_page(sites["zensical"], "clients/lotus-tea-house/briefs/index.html")
    assert "/clients/lotus-tea-house/briefs/hop-qua-tet/" in briefs.links
    home = read_page(sites["mkdocs"], "clients/lotus-tea-house/index.html")
    assert ("/clients/lotus-tea-house", "Tổng quan") in home.nav  # the page itself


def test_calendars_and_published_files_are_the_same_bytes(sites: dict[str, Path]) -> None:
    mkdocs, zensical_files = files_of(sites["mkdocs"]), files_of(sites["zensical"])
    assert sorted(mkdocs) == sorted(zensical_files)
    assert [rel for rel in mkdocs if mkdocs[rel] != zensical_files[rel]] == []
    assert "clients/lotus-tea-house/calendar.ics" in mkdocs
    assert any("/files/" in rel for rel in mkdocs)


def test_the_zensical_site_passes_the_audit_and_its_search_index_is_audited(
    sites: dict[str, Path], tmp_path: Path
) -> None:
    portfolio = check(REPO, DAY).portfolio
    assert audit_site(sites["zensical"], portfolio) == []
    # The same site with another client's name planted in one portal's search index.
    copy = tmp_path / "site"
    shutil.copytree(sites["zensical"], copy)
    fragment = sorted((copy / "clients/lotus-tea-house/pagefind/fragment").iterdir())[0]
    data = search.read_compressed(fragment).replace(b'"content":"', b'"content":"Harbor City Bank ')
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + data))
    hits = audit_site(copy, portfolio)
    assert [h.path for h in hits] == [fragment.relative_to(copy).as_posix()]


def test_both_engines_index_the_same_pages_with_the_same_text(sites: dict[str, Path]) -> None:
    portals = sorted({p.parent.parent for p in sites["mkdocs"].rglob("pagefind/pagefind.js")})
    assert len(portals) == 7  # three client portals, three internal ones, the dashboard
    for portal in portals:
        key = portal.relative_to(sites["mkdocs"])
        one = search.indexed_pages(portal)
        other = search.indexed_pages(sites["zensical"] / key)
        assert one, key
        assert {u: normalised(t) for u, t in one.items()} == {
            u: normalised(t) for u, t in other.items()
        }, key
    # Neither engine publishes its own index beside it.
    for site in sites.values():
        assert list(site.rglob("search.json")) + list(site.rglob("search_index.json")) == []


def test_a_zensical_problem_is_one_clear_line_naming_the_page(tmp_path: Path) -> None:
    """Real Zensical on a page with a broken link and a broken anchor."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "bad.md").write_text("# Bad\n\n[x](nowhere.md) [y](#nope)\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        zensical.run("clients/test", tmp_path)
    message = str(caught.value)
    assert message.startswith(f"clients/test: Zensical {zensical.version()} could not build")
    assert "bad.md:3:5: page does not exist" in message
    assert re.search(r"bad\.md:3:\d+: anchor does not exist", message)
    assert "Traceback" not in message and "\x1b" not in message


def test_a_failed_zensical_build_leaves_the_previous_site_whole(
    sites: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "accounts", root / "accounts")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    base = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    out = tmp_path / "site"
    shutil.copytree(sites["mkdocs"], out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    # An extension Python-Markdown cannot import: Zensical stops with a traceback of its own.
    broken = base.replace(
        "  - pymdownx.superfences\n", "  - pymdownx.superfences\n  - nosuch.ext\n"
    )
    assert broken != base
    (root / "mkdocs.yml").write_text(broken, encoding="utf-8")
    argv = ["build", str(root), "--out", str(out), "--engine", "zensical", "--no-history"]
    assert main([*argv, "--jobs", "2", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "could not build the portal" in err
    assert "No module named 'nosuch'" in err
    assert "Traceback" not in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert not list(tmp_path.glob(".site.*")) and not list(tmp_path.rglob(".zensical-*"))


def test_without_zensical_installed_the_build_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zensical, "_package_folder", lambda: None)
    with pytest.raises(BuildError, match=re.escape("pip install 'aeportal[zensical]'")):
        build_sites(REPO, DAY, out=tmp_path / "s", engine="zensical", history=False)
    assert not (tmp_path / "s").exists()


def test_mkdocs_yml_chooses_zensical(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins:\n  - search\n  - aeportal:\n      engine: zensical\n", "utf-8")
    assert engines.choose(None, config).name == "zensical"
    assert engines.choose("mkdocs", config).name == "mkdocs"  # the command line wins


def test_zensical_runs_in_a_child_process() -> None:
    """The engine never imports Zensical: a failure in it cannot end the builder's process."""
    source = Path(zensical.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import zensical|from zensical)", source, re.M)
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == zensical.version() != ""


def test_serve_with_zensical_says_how_to_preview(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["serve", "lotus-tea-house", "--repo", str(REPO), "--engine", "zensical"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "aeportal serve lotus-tea-house --engine mkdocs" in err
    assert "Traceback" not in err
