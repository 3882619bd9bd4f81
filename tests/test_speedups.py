"""The shortcuts in build/engines/mkdocs/speedups.py give what the code they replace gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest

from aeportal.build.engines.mkdocs import engine, patches, speedups
from aeportal.build.sites import portals_for
from aeportal.check.rules import check
from portal_fixtures import leak_repo

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 23)

# Markdown that the generated pages rarely hold, each a trap for a shortcut.
MARKDOWN = [
    "plain words only",
    "two spaces make a break  \nhere",
    "only _underscores_ here, __strong__ and a_snake_case_name",
    "a [link](x) then *stars* and `code`: every pattern after the first match",
    "*em* _em_ **strong** __strong__ ***both*** a * lone star _ and underscore",
    "`code` and \\*escaped\\* and &amp; &copy; &#169; &#xA9; & alone",
    "[link](https://example.com) ![image](x.png) [ref][r] [short] <https://auto.link> "
    "<mail@example.com>\n\n[r]: https://example.com",
    "| a | b |\n|---|---|\n| *x* | plain |\n| 3 | `y` |",
    "# Title {: #custom }\n\ntext {: .cls }\n\n## Ünïcödé — tiêu đề\n\nđoạn văn",
    '!!! note "Note"\n    body with *em*\n\n??? tip "Details"\n    hidden',
    "```python\nx = '<b>' & 1\n```\n\n    indented <code>\n",
    "<div markdown>\n*inside* html\n</div>",
]


def _extensions() -> tuple[list[str], dict[str, Any]]:
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in engine.load_base_config(ROOT / "mkdocs.yml")["markdown_extensions"]:
        if isinstance(entry, str):
            names.append(entry)
        else:
            (name, config), *_ = entry.items()
            names.append(name)
            configs[name] = config or {}
    return names, configs


def _pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every generated page of the demo and of a repository with planted markers."""
    leak = leak_repo(tmp_path_factory.mktemp("speedups"))
    for root in (ROOT, leak):
        checked = check(root, DAY)
        for portal in portals_for(checked, DAY, root / "templates"):
            yield from (text for path, text in portal.pages.items() if path.endswith(".md"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    found = [*_pages(tmp_path_factory), *MARKDOWN]
    assert len(found) > 150
    return found


def _both_ways(work: Any) -> tuple[Any, Any]:
    """``work()`` with the original code, then with the shortcuts (left installed)."""
    patches.remove()
    try:
        before = work()
    finally:
        patches.apply()
    return before, work()


def _convert(pages: list[str]) -> list[str]:
    names, configs = _extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    out = []
    for text in pages:
        md.reset()
        out.append(md.convert(text))
    return out


def test_markdown_gives_the_same_html_with_the_inline_shortcut(pages: list[str]) -> None:
    before, after = _both_ways(lambda: _convert(pages))
    assert after == before
    assert any("<em>" in page for page in after) and any("<br />" in page for page in after)


def test_every_inline_pattern_of_the_base_configuration_has_a_trigger() -> None:
    # A pattern without one is tried on every run of text: a Python-Markdown release
    # that renames or adds a pattern shows up here rather than as a slower build.
    names, configs = _extensions()
    patterns = markdown.Markdown(extensions=names, extension_configs=configs).inlinePatterns
    assert len(patterns) >= 10
    unknown = [
        item.name
        for item in patterns._priority
        if speedups._trigger(item.name, patterns[item.name]) is None
    ]
    assert unknown == []


def test_an_unknown_inline_pattern_is_always_tried() -> None:
    # An extension's pattern (here ~~strike~~ as <del>) that no trigger knows of.
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    patches.apply()
    md = markdown.Markdown()
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "strike", 40)
    assert md.convert("a ~~gone~~ word") == "<p>a <del>gone</del> word</p>"


def test_patterns_changed_after_a_conversion_are_seen() -> None:
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    patches.apply()
    md = markdown.Markdown()
    assert md.convert("a ~~kept~~ *word*") == "<p>a ~~kept~~ <em>word</em></p>"
    md.reset()
    # Registered under a core name: an extension's processor, tried on every text.
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "entity", 80)
    assert md.convert("a ~~gone~~ word") == "<p>a <del>gone</del> word</p>"
    md.reset()
    md.inlinePatterns.deregister("entity")
    assert md.convert("a ~~kept~~ word") == "<p>a ~~kept~~ word</p>"


def test_a_whole_site_is_the_same_with_and_without_the_shortcuts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aeportal.build.sites import build_sites

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*"))
            if p.is_file() and ".aeportal" not in p.parts
        }

    build_sites(ROOT, DAY, out=tmp_path / "fast", history=False)
    with monkeypatch.context() as patch:
        patches.remove()
        patch.setattr(patches, "apply", lambda: [])
        build_sites(ROOT, DAY, out=tmp_path / "plain", history=False)
    patches.apply()
    fast, plain = files(tmp_path / "fast"), files(tmp_path / "plain")
    assert len(fast) > 200
    assert fast.keys() == plain.keys()
    assert [name for name in fast if fast[name] != plain[name]] == []
