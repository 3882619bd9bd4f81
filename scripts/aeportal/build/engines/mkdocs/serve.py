"""Preview one portal with MkDocs' live-reloading server, rebuilt on edits under accounts/."""

from __future__ import annotations

import tempfile
from pathlib import Path

from aeportal.build.engines import portal_config
from aeportal.build.engines.mkdocs import engine
from aeportal.errors import UsageError
from aeportal.render.pages import Portal


def serve(repo: Path, portal: str, addr: str) -> None:
    """Serve ``portal`` (an account slug or ``internal``) until interrupted."""
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.utils.yaml import yaml_load  # noqa: F401  (keeps MkDocs' YAML tags available)

    key = "internal" if portal == "internal" else f"clients/{portal}"
    if key != "internal" and not (repo / "accounts" / portal).is_dir():
        raise UsageError(f"no account `{portal}` under {repo / 'accounts'}")
    base = engine.load_base_config(repo / "mkdocs.yml")
    with tempfile.TemporaryDirectory(prefix="aeportal-serve-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        cfg = portal_config(base, _placeholder(key), Path(tmp) / "site", docs)
        cfg["nav"] = None
        plugins = [p for p in cfg["plugins"] if p != "aeportal"]
        plugins.append({"aeportal": {"repo": str(repo.absolute()), "portal": key}})
        cfg["plugins"] = plugins
        cfg["watch"] = [str((repo / "accounts").absolute())]
        cfg["dev_addr"] = addr
        config_file = Path(tmp) / "mkdocs.yml"
        import yaml

        config_file.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
        mkdocs_serve.serve(config_file=str(config_file), livereload=True)


def _placeholder(key: str) -> Portal:
    return Portal(
        key=key,
        title="AE Portal",
        language="en",
        pages={},
        nav=[],
        assets={"assets/aeportal.css": ""},
    )
