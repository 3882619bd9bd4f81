"""The MkDocs engine: MkDocs 1.x with Material for MkDocs, in the worker's own process.

``engine.py`` builds one portal, ``plugin.py`` is the ``aeportal`` MkDocs plugin that
hands it the pages, ``speedups.py`` the faster paths through MkDocs, Python-Markdown and
Material's search, ``serve.py`` the live-reloading preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aeportal.render.pages import Portal


class MkDocsEngine:
    """The ``Engine`` of MkDocs and Material for MkDocs."""

    name = "mkdocs"

    def load_base_config(self, path: Path | None) -> dict[str, Any]:
        from aeportal.build.engines.mkdocs import engine

        return engine.load_base_config(path)

    def prepare(self, base: dict[str, Any]) -> None:
        """Nothing to check: MkDocs is a dependency; each worker loads it when it builds."""

    def fingerprint(self) -> dict[str, str]:
        import material
        import mkdocs
        from mkdocs.utils import get_build_date

        return {
            "mkdocs": mkdocs.__version__,
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
