"""Faster paths through MkDocs and Python-Markdown, same output.

A portfolio build converts tens of thousands of small pages, and Python-Markdown
spends much of that time on work whose result is known in advance: it tries every
inline pattern on every run of text, even on text without the character that any
match of the pattern starts with. A shortcut skips such a pattern, and falls back to
the original loop whenever it cannot be sure (an inline pattern of an extension is
always tried). ``tests/test_speedups.py`` compares both ways on every page of the demo
and a generated portfolio, and a whole site byte for byte. MkDocs also
redoes per site what a process building hundreds of sites can do once: listing the
theme's files and the installed entry points, compiling the theme's templates, and
loading every Markdown extension for every page.

Each function below that replaces third-party code is the ``apply`` of one entry of
``patches.py``, which alone calls them, after checking the installed version: it
replaces through ``_replace`` and returns what puts the upstream code back.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aeportal import cachefile

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
Undo = Callable[[], None]
# The repository whose portal is being built: its compiled theme templates are kept there.
building_in: list[Path] = []
_THEME_FILES: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, str]]] = {}
_THEME_ENVS: dict[tuple[tuple[str, ...], str], Any] = {}


def _replace(owner: Any, name: str, new: Any) -> Undo:
    """Put ``new`` in place of ``owner.name``; what puts the original back.

    The one place that changes third-party code (``tests/test_patches.py`` holds it so).
    """
    original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    setattr(owner, name, new)
    return lambda: setattr(owner, name, original)


def _undo_all(*undos: Undo) -> Undo:
    def undo() -> None:
        for each in reversed(undos):
            each()

    return undo


@functools.cache
def _template_cache(root: Path, kind: str) -> Any:
    return cachefile.template_cache(root, kind.replace("/", "-"))


def theme_files_listed_once() -> Undo:
    """The theme's files listed once per theme and process, not once per site."""
    from mkdocs.structure.files import File, Files

    original = Files.add_files_from_theme

    def add_files_from_theme(self: Files, env: Any, config: Any) -> None:
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        found = _THEME_FILES.get(key)
        if found is None:
            probe = Files([])
            original(probe, env, config)
            found = _THEME_FILES[key] = [(f.src_uri, f.abs_src_path or "") for f in probe]
        for src_uri, abs_path in found:
            if self.get_file_from_path(src_uri) is None:
                base = abs_path[: -len(src_uri)]
                self.append(File(src_uri, base, config.site_dir, config.use_directory_urls))

    return _replace(Files, "add_files_from_theme", add_files_from_theme)


def theme_environment_once() -> Undo:
    """One Jinja environment per theme and language, its compiled templates kept on disk."""
    from mkdocs.theme import Theme

    original_env = Theme.get_env

    def get_env(self: Theme) -> Any:
        # One environment per theme and language: its loaded templates are reused.
        # Nothing else in it is per site: MkDocs passes the site through the context.
        # The language (Material's own option) is in the key because Material's search
        # plugin, which portals no longer use, kept the module of `partials/language.html`
        # in the environment; one per language shares nothing between languages.
        key = (tuple(self.dirs), f"{self.locale}/{self.get('language')}")
        env = _THEME_ENVS.get(key)
        if env is None:
            env = _THEME_ENVS[key] = original_env(self)
        # Set on every use: the environment outlives one repository's build.
        env.bytecode_cache = (
            _template_cache(building_in[-1], f"theme-{key[1]}") if building_in else None
        )
        return env

    return _replace(Theme, "get_env", get_env)


def entry_points_listed_once() -> Undo:
    """Installed themes and plugins, listed once per process instead of once per site.

    MkDocs reads every installed distribution's entry points for each configuration
    (and empties its own cache of themes each time a theme loads); nothing gets
    installed while a portfolio builds.
    """
    from mkdocs import plugins, utils

    themes = functools.cache(utils.get_themes.__wrapped__)
    themes.cache_clear = lambda: None  # type: ignore[method-assign]
    return _undo_all(
        _replace(utils, "get_themes", themes),
        _replace(plugins, "get_plugins", functools.cache(plugins.get_plugins)),
    )


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


def inline_patterns_skipped() -> Undo:
    """Python-Markdown's inline loop, skipping its own patterns on text they cannot match."""
    from markdown import treeprocessors, util

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

    return _replace(treeprocessors.InlineProcessor, "_InlineProcessor__handleInline", handle_inline)


def page_converter_reused() -> Undo:
    """MkDocs' ``Page.render`` with one Markdown converter per configuration, reset per page.

    MkDocs makes a new converter, loading every extension anew, for every page. The
    copy below is MkDocs 1.6.1's own, but for where the converter comes from; ProperDocs
    1.6.7's differs in one line, marked.
    """
    import mkdocs
    from mkdocs.structure import pages
    from mkdocs.structure.toc import get_toc

    # ProperDocs keeps the links to anchors at every log level; MkDocs 1.6.1 above DEBUG.
    links_always = mkdocs.__name__ == "properdocs"
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
        if links_always or pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors

    return _replace(pages.Page, "render", render)
