"""The ``aeportal`` MkDocs plugin: hands the generated pages to MkDocs.

Pages never come from the docs folder: every file MkDocs found there is
dropped and the portal's pages are added from memory. So a portal holds what
``render/pages.py`` produced for its audience, and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from aeportal.build import search
from aeportal.build.files import cache_folder, published_bytes
from aeportal.errors import AEPortalError


class _Options(Config):  # type: ignore[no-untyped-call]
    repo = config_options.Type(str, default=".")
    portal = config_options.Type(str, default="internal")
    # Read by `aeportal build` to choose the site engine (build/engines/); nothing here.
    engine = config_options.Choice(("mkdocs", "zensical"), default="mkdocs")


class AEPortalPlugin(BasePlugin[_Options]):  # type: ignore[no-untyped-call]
    """Supplies pages; ``portal`` is set by ``engine.build_portal`` or rendered here."""

    def __init__(self) -> None:
        self.portal: Any = None  # render.Portal, set before the build by the engine
        self.cache: Path | None = None  # where previews are kept (build/files.py)
        # Rendered here (`aeportal serve`, `mkdocs build`): the search index is written here
        # too; `aeportal build` writes it after the engine, whichever engine it is.
        self.standalone = False

    def on_config(self, config: Any) -> Any:
        if self.portal is None:  # `mkdocs serve` / `mkdocs build` on a repository's mkdocs.yml
            portal = self.portal = self._render_from_repo(config)
            self.standalone = True
            config["site_name"] = portal.title
            config["nav"] = portal.nav
            css = [path for path in portal.assets if path.endswith(".css")]
            config["extra_css"] = list(dict.fromkeys([*config["extra_css"], *css]))
            js = [path for path in portal.assets if path.endswith(".js")]
            config["extra_javascript"] = list(dict.fromkeys([*config["extra_javascript"], *js]))
            config["theme"]["language"] = portal.language
        return config

    def on_post_build(self, *, config: Any) -> None:
        if self.standalone:
            try:
                search.index_portal(Path(config["site_dir"]), self.portal.language)
            except AEPortalError as exc:
                raise PluginError(str(exc)) from exc

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        # Compiled templates are kept on disk, shared by every site and process: in the
        # repository's cache when `aeportal build` set one (build/engine.py), else per user.
        if env.bytecode_cache is None:
            env.bytecode_cache = _bytecode_cache()
        return env

    def on_files(self, files: Files, *, config: Any) -> Files:
        portal = self.portal
        docs_dir = Path(config["docs_dir"]).resolve()
        kept = Files([])
        for file in files:
            source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            # Keep the theme's static files; drop everything found in the docs folder.
            from_docs = source is not None and source.is_relative_to(docs_dir)
            if not from_docs and _unneeded(file.src_uri, portal.language):
                continue
            replaced = file.src_uri in portal.pages or file.src_uri in portal.assets
            if not from_docs and not replaced:
                kept.append(file)
        for path, text in {**portal.pages, **portal.assets}.items():
            kept.append(File.generated(config, path, content=text))
        for path, made in portal.files.items():
            if path in portal.pages or path in portal.assets:
                continue
            if made.make == "copy":  # as it is: read by MkDocs when it copies it, not before
                kept.append(File.generated(config, path, abs_src_path=made.source))
            else:
                kept.append(File.generated(config, path, content=published_bytes(made, self.cache)))
        return kept

    def _render_from_repo(self, config: Any) -> Any:
        from aeportal import clock
        from aeportal.build.sites import render_portals
        from aeportal.load.loader import read_as_of

        root = Path(config["config_file_path"]).parent / self.config.repo
        self.cache = cache_folder(root)
        try:
            portals = render_portals(root, read_as_of(root) or clock.today())
        except AEPortalError as exc:
            raise PluginError(str(exc)) from exc
        wanted = self.config.portal
        for portal in portals:
            if portal.key == wanted:
                return portal
        raise PluginError(f"aeportal: no portal `{wanted}` (use internal or clients/<slug>)")


def _bytecode_cache() -> Any:
    global _CACHE
    if _CACHE is None:
        from aeportal.cachefile import TemplateCache

        # Jinja's per-user folder; one that cannot be written is not used, as in a repository.
        _CACHE = TemplateCache()
    return _CACHE


_CACHE: Any = None
# Material's own search (lunr, its worker), unused: a portal searches its Pagefind index
# (build/search.py). And source maps. 2 MB of a 3 MB site.
_THEME_SEARCH = re.compile(r"assets/javascripts/(?:lunr/|workers/search\.)")


def _unneeded(src_uri: str, language: str) -> bool:
    """Whether a theme file is dead weight in a portal (in any ``language``)."""
    return src_uri.endswith(".map") or _THEME_SEARCH.match(src_uri) is not None
