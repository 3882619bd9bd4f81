"""The MkDocs adapter: one portal in, one static site out, in this process.

This is the only module that knows MkDocs. The base configuration (theme,
palette, Markdown extensions) comes from the repository's ``mkdocs.yml``; each
portal overrides its name, language, navigation and folders.
"""

from __future__ import annotations

import functools
import logging
import tempfile
from pathlib import Path
from typing import Any

from aeportal import cachefile
from aeportal.build import files
from aeportal.build.engines import PACKAGE_BASE_CONFIG, portal_config
from aeportal.build.engines.mkdocs import speedups
from aeportal.errors import BuildError
from aeportal.render.pages import Portal

_THEME_FILES: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, str]]] = {}
_THEME_ENVS: dict[tuple[tuple[str, ...], str], Any] = {}
_installed = False
# The repository whose portal is being built: its compiled theme templates are kept there.
_building_in: list[Path] = []


def install_speedups() -> None:
    """Make repeated in-process builds cheap: theme files listed once, templates compiled once.

    MkDocs lists every file of the theme (Material ships thousands of icons) and
    compiles every Jinja template anew for each site; a portfolio builds hundreds
    of sites with the same theme in one process.
    """
    global _installed
    if _installed:
        return
    from mkdocs.structure.files import File, Files
    from mkdocs.theme import Theme

    original = Files.add_files_from_theme
    original_env = Theme.get_env

    def get_env(self: Theme) -> Any:
        # One environment per theme and language: its loaded templates (and the
        # macros Material's search plugin evaluates for every site) are reused.
        # Nothing else in it is per site: MkDocs passes the site through the context.
        # The language is Material's own option: the search plugin keeps the module of
        # `partials/language.html`, which imports the language's labels.
        key = (tuple(self.dirs), f"{self.locale}/{self.get('language')}")
        env = _THEME_ENVS.get(key)
        if env is None:
            env = _THEME_ENVS[key] = original_env(self)
        # Set on every use: the environment outlives one repository's build.
        env.bytecode_cache = (
            _template_cache(_building_in[-1], f"theme-{key[1]}") if _building_in else None
        )
        return env

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

    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
    Theme.get_env = get_env  # type: ignore[method-assign]
    _list_entry_points_once()
    speedups.install()
    _installed = True


def _list_entry_points_once() -> None:
    """Installed themes and plugins, listed once per process instead of once per site.

    MkDocs reads every installed distribution's entry points for each configuration
    (and empties its own cache of themes each time a theme loads); nothing gets
    installed while a portfolio builds.
    """
    from mkdocs import plugins, utils

    themes = functools.cache(utils.get_themes.__wrapped__)
    themes.cache_clear = lambda: None  # type: ignore[method-assign]
    utils.get_themes = themes
    plugins.get_plugins = functools.cache(plugins.get_plugins)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@functools.cache
def _template_cache(root: Path, kind: str) -> Any:
    return cachefile.template_cache(root, kind.replace("/", "-"))


def load_base_config(path: Path | None) -> dict[str, Any]:
    """The shared base configuration: the repository's mkdocs.yml, else the packaged one."""
    from mkdocs.utils.yaml import yaml_load

    source = path if path is not None and path.is_file() else PACKAGE_BASE_CONFIG
    with source.open(encoding="utf-8") as fh:
        data = yaml_load(fh) or {}
    if not isinstance(data, dict):
        raise BuildError(f"{source}: the MkDocs configuration is not a mapping")
    return data


def build_portal(
    portal: Portal,
    site_dir: Path,
    base: dict[str, Any],
    config_path: Path | None = None,
    cache_root: Path | None = None,
) -> None:
    """Build one portal into ``site_dir`` with MkDocs, in this process.

    With ``cache_root``, the theme's compiled templates are kept in that repository's
    cache (see ``cachefile.template_cache``) for the next process.
    """
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    install_speedups()
    collect = _Collect()
    log = logging.getLogger("mkdocs")
    previous = log.level
    log.setLevel(logging.WARNING)
    log.addHandler(collect)
    try:
        with tempfile.TemporaryDirectory(prefix="aeportal-docs-") as docs:
            cfg = MkDocsConfig(config_file_path=str(config_path or PACKAGE_BASE_CONFIG))
            cfg.load_dict(portal_config(base, portal, site_dir, Path(docs)))
            errors, warnings = cfg.validate()
            problems = [f"{k}: {e}" for k, e in errors] + [f"{k}: {e}" for k, e in warnings]
            if errors:
                raise BuildError(f"{portal.key}: MkDocs configuration: " + "; ".join(problems))
            cfg.plugins["aeportal"].portal = portal  # type: ignore[attr-defined]
            cfg.plugins["aeportal"].cache = files.cache_folder(cache_root)  # type: ignore[attr-defined]
            cfg.plugins.on_startup(command="build", dirty=False)
            if cache_root is not None:
                _building_in.append(cache_root)
            try:
                mkdocs_build.build(cfg)
            finally:
                if cache_root is not None:
                    _building_in.pop()
                cfg.plugins.on_shutdown()
    except MkDocsException as exc:
        raise BuildError(f"{portal.key}: {exc}") from exc
    finally:
        log.removeHandler(collect)
        log.setLevel(previous)
    if collect.messages:
        # A warning means a broken link or page in generated content: never publish that.
        raise BuildError(f"{portal.key}: " + "; ".join(collect.messages))
