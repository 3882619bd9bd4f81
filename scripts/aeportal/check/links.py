"""Links and images in a body, found as the build finds them, and where each is written.

MkDocs checks every ``<a href>`` and ``<img src>`` of a page against the portal's
files, after Python-Markdown has made the page: a link Markdown does not see (in
code, in a tag the sanitiser showed as text) is no link, and a reference link
takes its address from a definition elsewhere. So the addresses are read from
the tree Python-Markdown makes, with the build's own extensions, and only then
placed in the source, where they are written.
"""

from __future__ import annotations

import bisect
import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

# What MkDocs' link check reads (mkdocs.structure.pages._RelativePathTreeprocessor).
_LINKED = {"a": "href", "img": "src"}
# Python-Markdown puts this in the address of an obfuscated e-mail link; MkDocs skips those.
_AMP_SUBSTITUTE = "\x02amp\x03"
# The address after `](` or a definition's `]:`, as far as it can reach: up to a space, or
# within angle brackets (a title in quotes follows a space).
_WRITTEN = re.compile(r"(?:\]\(|\]:)[ \t]*\n?[ \t>]*(<[^<>\n]*>|[^\s]+)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_MAY_LINK = re.compile(r"\][(:]|[\x02\x03]|<!--")
BASE_CONFIG = Path(__file__).parents[1] / "render" / "templates" / "mkdocs.yml"
# Kinds of account files by extension, as portals show them: images and videos inline
# (a preview, a poster), and files that can carry scripts only ever as a download.
IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "webp"})
VIDEO_TYPES = frozenset({"mp4", "mov", "webm"})
DOWNLOAD_ONLY = frozenset({"svg", "html", "htm"})


@dataclass(frozen=True)
class Link:
    url: str
    image: bool
    line: int  # 1-based, within the body (0: not found in the source)
    col: int


def build_markdown() -> Any:
    """A Python-Markdown converter with the Markdown extensions of the packaged MkDocs base."""
    import markdown

    config = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    names: list[str] = []
    options: dict[str, Any] = {}
    for item in config.get("markdown_extensions", []):
        name = next(iter(item)) if isinstance(item, dict) else item
        names.append(name)
        if isinstance(item, dict):
            options[name] = item[name] or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


class _Collect:
    """A Markdown converter with the build's extensions that keeps the links it makes."""

    def __init__(self) -> None:
        from markdown.treeprocessors import Treeprocessor

        self.found: list[tuple[str, bool]] = []
        found = self.found

        class Collect(Treeprocessor):
            def run(self, root: Any) -> None:
                for element in root.iter():
                    key = _LINKED.get(element.tag)
                    if key is not None and element.get(key) is not None:
                        found.append((element.get(key), element.tag == "img"))

        self.md = build_markdown()
        self.md.treeprocessors.register(Collect(self.md), "aeportal_links", 0)  # as MkDocs

    def links(self, text: str) -> list[tuple[str, bool]]:
        self.found.clear()
        self.md.reset().convert(text)
        return list(self.found)


@functools.cache
def _collector() -> _Collect:
    return _Collect()


def may_link(body: str) -> bool:
    """Whether a body can hold a link or an image at all (most do not: no Markdown run)."""
    return _MAY_LINK.search(body) is not None


def find_links(body: str, text: str) -> list[Link]:
    """The links and images of ``text`` (the Markdown a page is made of ``body``), in order."""
    places = list(_places(body))
    used: set[int] = set()
    links = []
    for url, image in _collector().links(text):
        line, col = _place_of(url, places, used)
        links.append(Link(url, image, line, col))
    return links


def rewrite_links(text: str, new_url: Callable[[str], str | None]) -> str:
    """``text`` with the address of each link and image Markdown sees replaced by
    ``new_url(address)`` where that gives one (a reference definition is replaced where
    it is defined)."""
    if not may_link(text):
        return text
    wanted: dict[str, str] = {}
    for url, _image in _collector().links(text):
        replaced = new_url(url)
        if replaced is not None:
            wanted[_plain(url)] = replaced

    def swap(m: re.Match[str]) -> str:
        written = m.group(1)
        address = written if written.startswith("<") else _balanced(written)
        replaced = wanted.get(_plain(address))
        if replaced is None:
            return m.group(0)
        start = m.start(1) - m.start(0)
        return m.group(0)[:start] + replaced + m.group(0)[start + len(address) :]

    return _WRITTEN.sub(swap, text) if wanted else text


def _places(body: str) -> Iterator[tuple[str, int, int]]:
    """(address as written, line, column) of everything written like a link's address."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    for m in _WRITTEN.finditer(body):
        written = m.group(1)
        if not written.startswith("<"):
            written = _balanced(written)
        at = m.start(1)
        line = bisect.bisect_right(line_starts, at)
        yield _plain(written), line, at - line_starts[line - 1] + 1


def _balanced(written: str) -> str:
    """An address up to the parenthesis that closes the link, as Markdown reads it."""
    depth = 0
    for index, char in enumerate(written):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return written[:index]
            depth -= 1
    return written


def _plain(written: str) -> str:
    """An address as written or as Markdown hands it on, reduced to compare the two.

    The sanitiser shows `<` as `&lt;`, so ``<a.md>`` reaches the page as ``&lt;a.md>``.
    """
    return _ESCAPED.sub(r"\1", html.unescape(written).strip().strip("<>")).strip()


def _place_of(url: str, places: list[tuple[str, int, int]], used: set[int]) -> tuple[int, int]:
    """Where ``url`` is written: the first unused place with that address, else the first."""
    plain = _plain(url)
    matching = [i for i, (written, _, _) in enumerate(places) if written == plain]
    if not matching:
        return 0, 0
    index = next((i for i in matching if i not in used), matching[0])
    used.add(index)
    return places[index][1], places[index][2]


@dataclass(frozen=True)
class Target:
    """Where a relative address leads in a portal, as MkDocs resolves it."""

    path: str  # the portal file it names, e.g. briefs/launch.md
    unrecognized: bool  # no file extension: MkDocs leaves it as it is, a broken link


def resolve(url: str, page: str) -> Target | None:
    """The portal file a link on ``page`` needs, or None for a link MkDocs does not check.

    External links, e-mail, links within the page and absolute links (``/x``, left as
    they are) need no file.
    """
    if _AMP_SUBSTITUTE in url:
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or not parts.path:
        return None
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)).lstrip("/")
    return Target(target, not posixpath.splitext(path)[1])


def is_absolute(url: str) -> bool:
    """Whether ``url`` starts with / (or \\): MkDocs leaves it as it is, for the server."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith(("/", "\\"))
