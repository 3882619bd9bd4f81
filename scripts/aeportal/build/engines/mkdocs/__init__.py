"""The MkDocs engine: MkDocs 1.x with Material for MkDocs, in the worker's own process.

``engine.py`` builds one portal, ``plugin.py`` is the ``aeportal`` MkDocs plugin that
hands it the pages, ``speedups.py`` the faster paths through MkDocs and Python-Markdown,
put in place only by ``patches.py``, the registry of every patch of
third-party code with the versions it was checked against; ``serve.py`` is the
live-reloading preview. ``provider.py`` lets ProperDocs provide ``mkdocs``; it runs
before any module of this folder imports ``mkdocs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aeportal.build.engines.mkdocs.provider import use_properdocs
from aeportal.render.pages import Portal

use_properdocs()


class MkDocsEngine:
    """The ``Engine`` of MkDocs and Material for MkDocs."""

    name = "mkdocs"

    def load_base_config(self, path: Path | None) -> dict[str, Any]:
        from aeportal.build.engines.mkdocs import engine

        return engine.load_base_config(path)

    def prepare(self, base: dict[str, Any]) -> None:
        """The patches of ``patches.py`` that fit what is installed, inherited by every worker.

        A patch checked against other versions is left out with a notice (a warning).
        """
        from aeportal.build.engines.mkdocs import patches

        patches.apply()

    def fingerprint(self) -> dict[str, str]:
        import material
        import mkdocs
        from mkdocs.utils import get_build_date

        return {
            # "properdocs 1.6.7" or "mkdocs 1.6.1": a site one built is built again by the other.
            "mkdocs": f"{mkdocs.__name__} {mkdocs.__version__}",
            "material": getattr(material, "__version__", ""),
            "build_date": get_build_date(),
        }

    def build_portal(
        self,
        portal: Portal,
        site_dir: Path,
        base: dict[str, Any],
        config_path: Path | None = None,
        cache_root: Path | None = None,
    ) -> None:
        from aeportal.build.engines.mkdocs import engine

        engine.build_portal(portal, site_dir, base, config_path, cache_root)

    def theme_files(self) -> dict[str, Path]:
        try:
            import material
        except ImportError:  # pragma: no cover - a declared dependency
            return {}
        base = Path(material.__file__).parent / "templates"
        return {p.relative_to(base).as_posix(): p for p in base.glob("assets/**/*") if p.is_file()}

    def serve(self, repo: Path, portal: str, addr: str) -> None:
        from aeportal.build.engines.mkdocs import serve

        serve.serve(repo, portal, addr)


ENGINE = MkDocsEngine()
