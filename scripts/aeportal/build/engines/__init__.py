"""The site engines behind one interface: a rendered portal in, a static site out.

Page assembly (``render/``) and the builder (``build/sites.py``) know no engine: they
ask this module for one by name and call the methods of ``Engine``. Each engine is a
module (or small folder) of this package, and only it imports its engine's packages
(``tests/test_architecture.py``). The builder runs ``build_portal`` in forked worker
processes, one portal at a time, each into its own empty folder.

The engine is chosen by ``aeportal build --engine NAME``, else by the repository's
``mkdocs.yml`` (the options of the ``aeportal`` plugin: ``engine: zensical``), else it is
``mkdocs``. docs/engines.md tells what each supports.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any, Protocol

import yaml

from aeportal.errors import BuildError, UsageError
from aeportal.render.pages import Portal

NAMES = ("mkdocs", "zensical")
DEFAULT = "mkdocs"
ENGINE_SEARCH = frozenset({"search", "material/search"})  # plugins a portal goes without
# The base configuration of a repository without its own mkdocs.yml.
PACKAGE_BASE_CONFIG = Path(__file__).parents[2] / "render" / "templates" / "mkdocs.yml"


class Engine(Protocol):
    """What the builder needs of a site engine."""

    name: str

    def load_base_config(self, path: Path | None) -> dict[str, Any]:
        """The shared base configuration: the repository's mkdocs.yml, else the packaged one."""
        ...

    def prepare(self, base: dict[str, Any]) -> None:
        """Check, before any portal is built, that the engine can run (BuildError if not).

        Called once in the builder's process, before the workers are forked: what it
        loads is inherited by every worker.
        """
        ...

    def fingerprint(self) -> dict[str, str]:
        """What a built site depends on besides its pages (versions, the build date).

        It goes into each portal's fingerprint: a portal built by another engine or
        version is built again, never carried over.
        """
        ...

    def build_portal(
        self,
        portal: Portal,
        site_dir: Path,
        base: dict[str, Any],
        config_path: Path | None = None,
        cache_root: Path | None = None,
    ) -> None:
        """Build one portal into the empty folder ``site_dir``; BuildError on any problem.

        ``cache_root`` is the repository whose cache (``.git/aeportal/``) may keep
        what the next build can reuse.
        """
        ...

    def theme_files(self) -> dict[str, Path]:
        """The theme's own static files, by their path in a site (they hold no account data)."""
        ...

    def serve(self, repo: Path, portal: str, addr: str) -> None:
        """Preview one portal (an account slug or ``internal``) until interrupted."""
        ...


def get(name: str) -> Engine:
    """The engine called ``name``."""
    if name == "mkdocs":
        from aeportal.build.engines import mkdocs

        return mkdocs.ENGINE
    if name == "zensical":
        from aeportal.build.engines import zensical

        return zensical.ENGINE
    raise UsageError(f"no site engine `{name}` (engines: {', '.join(NAMES)})")


def choose(name: str | None, config_path: Path) -> Engine:
    """The engine asked for on the command line, else the one ``config_path`` names."""
    return get(name or configured(config_path) or DEFAULT)


def configured(config_path: Path) -> str | None:
    """The engine a repository's mkdocs.yml names: ``plugins: [{aeportal: {engine: NAME}}]``."""
    if not config_path.is_file():
        return None
    data = read_config(config_path)
    plugins = data.get("plugins")
    for entry in plugins if isinstance(plugins, list) else []:
        options = entry.get("aeportal") if isinstance(entry, dict) else None
        if not isinstance(options, dict) or options.get("engine") is None:
            continue
        value = options["engine"]
        if value not in NAMES:
            raise UsageError(
                f"{config_path}: plugins: aeportal: engine: {value!r} is not a site engine; "
                f"write one of {', '.join(NAMES)}"
            )
        return str(value)
    return None


def portal_config(
    base: dict[str, Any], portal: Portal, site_dir: Path, docs_dir: Path
) -> dict[str, Any]:
    """The mkdocs.yml of one portal, as a plain mapping (both engines read this format)."""
    cfg = copy.deepcopy(base)
    cfg["site_name"] = portal.title
    cfg["docs_dir"] = str(docs_dir)
    cfg["site_dir"] = str(site_dir)
    cfg["nav"] = portal.nav
    cfg.pop("site_url", None)  # portals are served under paths chosen at publish time
    theme = cfg.setdefault("theme", {"name": "material"})
    if isinstance(theme, str):
        theme = cfg["theme"] = {"name": theme}
    theme["language"] = portal.language
    theme["font"] = False  # no web fonts from a CDN
    extra_css = [c for c in cfg.get("extra_css", []) if c not in portal.assets]
    cfg["extra_css"] = extra_css + [p for p in portal.assets if p.endswith(".css")]
    extra_js = [j for j in cfg.get("extra_javascript", []) if j not in portal.assets]
    cfg["extra_javascript"] = extra_js + [p for p in portal.assets if p.endswith(".js")]
    # Search is the portal's Pagefind index (build/search.py), made after the engine:
    # the engine's own search would only add a second index, unused.
    plugins = [
        p
        for p in cfg.get("plugins") or ["aeportal"]
        if (p if isinstance(p, str) else next(iter(p))) not in ENGINE_SEARCH
    ]
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    if "aeportal" not in names:
        plugins.append("aeportal")
    cfg["plugins"] = plugins
    extra = cfg.setdefault("extra", {})
    extra["generator"] = False
    return cfg


def theme_files() -> dict[str, Path]:
    """Every known engine's theme files (an engine that is not installed has none)."""
    found: dict[str, Path] = {}
    for name in NAMES:
        found.update(get(name).theme_files())
    return found


def read_config(path: Path) -> dict[str, Any]:
    """A mkdocs.yml as a mapping, MkDocs' own tags read without MkDocs.

    ``!ENV NAME`` and ``!ENV [NAME, …, default]`` take the environment's value;
    ``!!python/name:module.attr`` becomes the text ``module.attr`` (an engine that
    takes such names resolves the text); any other tag keeps its plain value.
    """
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_TagLoader)  # a SafeLoader, see below
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise BuildError(f"{path}: cannot read the site configuration: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BuildError(f"{path}: the site configuration is not a mapping")
    return data


class _TagLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' tags as plain values (see ``read_config``)."""


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


def _any_tag(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    return _plain(loader, node)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    value = _plain(loader, node)
    names = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return yaml.safe_load(names[-1]) if len(names) > 1 else None


_TagLoader.add_constructor("!ENV", _env_tag)
_TagLoader.add_multi_constructor("!", _any_tag)
_TagLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _any_tag)
_TagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)
