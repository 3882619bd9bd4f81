"""The MkDocs adapter: one portal in, one static site out, in this process.

This is the only module that knows MkDocs. The base configuration (theme,
palette, Markdown extensions) comes from the repository's ``mkdocs.yml``; each
portal overrides its name, language, navigation and folders.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from aeportal.build import files
from aeportal.build.engines import PACKAGE_BASE_CONFIG, portal_config
from aeportal.build.engines.mkdocs import patches, speedups
from aeportal.errors import BuildError
from aeportal.render.pages import Portal


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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
    import mkdocs
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    patches.apply()
    collect = _Collect()
    # MkDocs logs under "mkdocs"; ProperDocs logs its own messages under "properdocs", and
    # Material's and the plugins' under "mkdocs".
    logs = [logging.getLogger(name) for name in dict.fromkeys(["mkdocs", mkdocs.__name__])]
    previous = [log.level for log in logs]
    for log in logs:
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
                speedups.building_in.append(cache_root)
            try:
                mkdocs_build.build(cfg)
            finally:
                if cache_root is not None:
                    speedups.building_in.pop()
                cfg.plugins.on_shutdown()
    except MkDocsException as exc:
        raise BuildError(f"{portal.key}: {exc}") from exc
    finally:
        for log, level in zip(logs, previous, strict=True):
            log.removeHandler(collect)
            log.setLevel(level)
    if collect.messages:
        # A warning means a broken link or page in generated content: never publish that.
        raise BuildError(f"{portal.key}: " + "; ".join(collect.messages))
