"""Faster paths through Python-Markdown and Material's search indexing, same output.

A portfolio build converts and indexes tens of thousands of small pages, and
two steps spend most of their time on work whose result is known in advance:

* Python-Markdown tries every inline pattern on every run of text, even on text
  without the character that any match of the pattern starts with;
* Material's search plugin splits each page into sections with Python's
  ``HTMLParser``, whose tokenizer is a loop of regular expressions in Python.

Both are replaced by shortcuts that give the same result, and fall back to the
original code whenever they cannot be sure (an inline pattern of an extension,
which is always tried; HTML they do not tokenize). ``tests/test_speedups.py``
compares both ways on every page of the demo and a generated portfolio.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html import escape, unescape
from typing import Any

# Python-Markdown's own inline patterns, across its versions: the name it registers each
# under, the regular expression it is made with (a name in ``markdown.inlinepatterns`` or
# the expression itself), and what any match of it must hold. A pattern under one of these
# names but with another expression (an extension's) gets no trigger. A delimiter
# processor (``*`` and ``_`` since 3.9) says its own characters.
_INLINE_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": ("BACKTICK_RE", ("`",)),
    "escape": ("ESCAPE_RE", ("\\",)),
    "reference": ("REFERENCE_RE", ("[",)),
    "link": ("LINK_RE", ("[",)),
    "image_link": ("IMAGE_LINK_RE", ("!",)),
    "image_reference": ("IMAGE_REFERENCE_RE", ("!",)),
    "short_reference": ("REFERENCE_RE", ("[",)),
    "short_image_ref": ("IMAGE_REFERENCE_RE", ("!",)),
    "autolink": ("AUTOLINK_RE", ("<",)),
    "automail": ("AUTOMAIL_RE", ("<",)),
    "linebreak": ("LINE_BREAK_RE", ("  \n",)),  # two spaces before a newline
    "html": ("HTML_RE", ("<",)),
    "entity": ("ENTITY_RE", ("&",)),
    "not_strong": ("NOT_STRONG_RE", ("*", "_")),
    "em_strong": (r"\*", ("*",)),  # before 3.9: AsteriskProcessor
    "em_strong2": ("_", ("_",)),  # before 3.9: UnderscoreProcessor
    "strong": ("STRONG_RE", ("*",)),
    "emphasis": ("EMPHASIS_RE", ("*",)),
    "strong2": ("SMART_STRONG_RE", ("_",)),
    "emphasis2": ("SMART_EMPHASIS_RE", ("_",)),
}
_ORIGINALS: dict[str, Any] = {}


def install() -> None:
    """Put the shortcuts in place (once per process)."""
    if not _ORIGINALS:
        _install_inline_shortcut()
        _install_search_tokenizer()
        _install_page_converter()


def uninstall() -> None:
    """Put the original code back (to compare both ways)."""
    from markdown import treeprocessors
    from material.plugins.search import plugin as search
    from mkdocs.structure.pages import Page

    if _ORIGINALS:
        treeprocessors.InlineProcessor._InlineProcessor__handleInline = _ORIGINALS.pop("inline")  # type: ignore[attr-defined]
        search.Parser = _ORIGINALS.pop("parser")
        Page.render = _ORIGINALS.pop("render")  # type: ignore[method-assign]


def _trigger(name: str, pattern: Any) -> tuple[str, ...] | None:
    """What text must hold for ``pattern`` to match in it; None when that is not known."""
    from markdown import inlinepatterns

    if type(pattern).__module__ != inlinepatterns.__name__:
        return None  # an extension's own class
    if type(pattern).__name__ == "DelimiterProcessor":
        return tuple(pattern.tokens)
    known = _INLINE_TRIGGERS.get(name)
    if known is None:
        return None
    regex, needs = known
    if getattr(pattern, "pattern", None) != getattr(inlinepatterns, regex, regex):
        return None  # a core class made with another expression, as extensions do
    return needs


def _install_inline_shortcut() -> None:
    import markdown
    from markdown import treeprocessors, util

    processor = treeprocessors.InlineProcessor
    original: Callable[..., str] = processor._InlineProcessor__handleInline  # type: ignore[attr-defined]
    _ORIGINALS["inline"] = original
    if markdown.__version_info__[0] != 3:
        return  # the loop below is Python-Markdown 3's; another version keeps its own

    def triggers(self: Any) -> list[tuple[str, ...] | None]:
        # Per converter, worked out again whenever a pattern is added, replaced or removed
        # (each registration makes a new entry in the registry's priority list).
        patterns = self.inlinePatterns
        patterns._sort()
        entries = tuple(map(id, patterns._priority))
        kept = self.__dict__.get("_aeportal_triggers")
        if kept is None or kept[0] != entries:
            found = [_trigger(item.name, patterns[item.name]) for item in patterns._priority]
            kept = self._aeportal_triggers = (entries, found)
        needs: list[tuple[str, ...] | None] = kept[1]
        return needs

    def handle_inline(self: Any, data: str, pattern_index: int = 0) -> str:
        # The original loop, but for patterns that cannot match: the original tries
        # each pattern in turn, and one that does not match leaves the text as it was.
        if isinstance(data, util.AtomicString):
            return data
        needs = triggers(self)
        patterns = self.inlinePatterns
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(patterns)
        while pattern_index < count:
            wanted = needs[pattern_index]
            if start == 0 and wanted is not None and not any(w in data for w in wanted):
                pattern_index += 1
                continue
            data, matched, start = apply(patterns[pattern_index], data, pattern_index, start)
            if not matched:
                pattern_index += 1
        return data

    processor._InlineProcessor__handleInline = handle_inline  # type: ignore[attr-defined]


# What Python-Markdown writes: tags with double- or single-quoted or bare attribute
# values, and text with entities. Anything else (comments, declarations, script
# or style content) goes to HTMLParser.
_TAG = re.compile(
    r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)"""
    r"""((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"'=`<]+))?)*)\s*(/?)>"""
)
_ATTR = re.compile(r"""\s+([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'=`<]+)))?""")
_RAW_TEXT = re.compile(r"<(?:script|style)\b", re.IGNORECASE)

Token = tuple[str, Any, Any]


def tokenize(html: str) -> list[Token] | None:
    """The start tags, end tags and text of ``html`` as HTMLParser reports them, or None.

    None when the HTML holds anything this tokenizer does not read the way
    HTMLParser does.
    """
    if _RAW_TEXT.search(html):
        return None
    tokens: list[Token] = []
    pos, end = 0, len(html)
    while pos < end:
        lt = html.find("<", pos)
        if lt < 0:
            lt = end
        if lt > pos:
            tokens.append(("data", unescape(html[pos:lt]), None))
        if lt == end:
            break
        m = _TAG.match(html, lt)
        if m is None:
            return None
        closing, name, attrs, slash = m.groups()
        name = name.lower()
        if closing:
            if attrs or slash:
                return None
            tokens.append(("end", name, None))
        else:
            pairs = [
                (
                    a.group(1).lower(),
                    None
                    if a.group(2) is None and a.group(3) is None and a.group(4) is None
                    else unescape(a.group(2) or a.group(3) or a.group(4) or ""),
                )
                for a in _ATTR.finditer(attrs)
            ]
            tokens.append(("startend" if slash else "start", name, pairs))
        pos = m.end()
    return tokens


def _install_search_tokenizer() -> None:
    from material.plugins.search import plugin as search

    base = _ORIGINALS["parser"] = search.Parser

    class Parser(base):  # type: ignore[misc, valid-type]
        """Material's section parser, fed by ``tokenize`` when it can read the page."""

        def feed(self, data: str) -> None:
            tokens = tokenize(data) if not self.rawdata else None
            if tokens is None:
                super().feed(data)
            elif _plain(tokens):
                self.data = _sections(tokens, search)
            else:
                for kind, value, attrs in tokens:
                    if kind == "data":
                        self.handle_data(value)
                    elif kind == "start":
                        self.handle_starttag(value, attrs)
                    elif kind == "end":
                        self.handle_endtag(value)
                    else:
                        self.handle_startendtag(value, attrs)

    search.Parser = Parser


_SKIPPED_TAGS = frozenset({"object", "script", "style"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})


def _plain(tokens: list[Token]) -> bool:
    """Whether nothing in the page is left out of the index (the parser's skip list)."""
    for kind, value, attrs in tokens:
        if kind == "data":
            continue
        if value in _SKIPPED_TAGS:
            return False
        for key, attr in attrs or ():
            if key == "data-search-exclude" or (key == "class" and attr == "linenodiv"):
                return False
    return True


def _sections(tokens: list[Token], search: Any) -> list[Any]:
    """The sections Material's ``Parser`` finds in a page with nothing to skip.

    Its handlers, step for step, with what they look up in the list of open
    elements kept as counts: an element there matches by tag, so "the section's
    heading is open" means "an element with its tag is open".
    """
    element, section_of, void = search.Element, search.Section, search.void
    context: list[tuple[str, bool]] = []  # open elements: tag, is a permalink
    open_tags: dict[str, int] = {}
    permalinks = 0
    data: list[Any] = []
    section: Any = None

    def start(tag: str, attrs: list[tuple[str, str | None]]) -> None:
        nonlocal section, permalinks
        if tag in void:
            return
        named = dict(attrs)
        permalink = tag == "a" and named.get("class") == "headerlink"
        context.append((tag, permalink))
        open_tags[tag] = open_tags.get(tag, 0) + 1
        permalinks += permalink
        if tag in _HEADINGS and "id" in named:
            depth = len(context)
            if tag != "h1" and not data:
                data.append(section_of(element("hx"), depth))
            section = section_of(element(tag, named), depth)
            if data:
                section.id = named["id"]
            data.append(section)
        if section is None:
            section = section_of(element("hx"))
            data.append(section)
        if tag in _KEPT:
            into = section.title if open_tags.get(section.el.tag) else section.text
            into.append(f"<{tag}>")

    def end(tag: str) -> None:
        nonlocal section, permalinks
        if not context or context[-1][0] != tag:
            return
        if section.depth > len(context):
            for earlier in reversed(data):
                if earlier.depth <= len(context):
                    section.depth = float("inf")
                    section = earlier
                    break
        _, permalink = context.pop()
        open_tags[tag] -= 1
        permalinks -= permalink
        if tag in _KEPT:
            into = section.title if open_tags.get(section.el.tag) else section.text
            index = into.index(f"<{tag}>")
            for i in range(index + 1, len(into)):
                if not into[i].isspace():
                    index = len(into)
                    break
            if len(into) > index:
                del into[index:]
            else:
                into.append(f"</{tag}>")

    def text(value: str) -> None:
        nonlocal section
        in_pre = bool(open_tags.get("pre"))
        if not in_pre:
            value = " " if value.isspace() else value.replace("\n", " ")
        if section is None:
            section = section_of(element("hx"))
            data.append(section)
        if open_tags.get(section.el.tag):
            if not permalinks:
                section.title.append(escape(value, quote=False))
        elif value.isspace():
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(value)
        else:
            section.text.append(escape(value, quote=False))

    for kind, value, attrs in tokens:
        if kind == "data":
            text(value)
        elif kind == "start":
            start(value, attrs)
        elif kind == "end":
            end(value)
        else:
            start(value, attrs)
            end(value)
    return data


def _install_page_converter() -> None:
    """MkDocs' ``Page.render`` with one Markdown converter per configuration, reset per page.

    MkDocs makes a new converter, loading every extension anew, for every page. The
    copy below is MkDocs 1.6's own, but for where the converter comes from; another
    MkDocs version keeps its own code.
    """
    import mkdocs
    from mkdocs.structure import pages
    from mkdocs.structure.toc import get_toc

    _ORIGINALS["render"] = pages.Page.render
    if not mkdocs.__version__.startswith("1.6."):
        return
    converters: dict[str, Any] = {}

    def converter(config: Any) -> Any:
        import json

        import markdown

        key = json.dumps(
            [config["markdown_extensions"], config["mdx_configs"]], sort_keys=True, default=repr
        )
        md = converters.get(key)
        if md is None:
            md = converters[key] = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
        md.reset()
        return md

    def render(self: Any, config: Any, files: Any) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = converter(config)
        # The page's own processors replace the previous page's: one per name.
        raw_html_ext = pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = pages._RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = (
            extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        )
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors

    pages.Page.render = render  # type: ignore[method-assign]
