"""The site engine is chosen on the command line, else in mkdocs.yml, else it is MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeportal.build import engines
from aeportal.errors import UsageError

CONFIG = """\
site_name: !ENV [SITE_NAME, "AE Portal"]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - aeportal:
      engine: {engine}
"""


def test_the_default_is_mkdocs(tmp_path: Path) -> None:
    assert engines.choose(None, tmp_path / "mkdocs.yml").name == "mkdocs"
    (tmp_path / "mkdocs.yml").write_text("plugins: [search, aeportal]\n", encoding="utf-8")
    assert engines.configured(tmp_path / "mkdocs.yml") is None


def test_mkdocs_yml_names_the_engine_beside_mkdocs_own_tags(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.format(engine="mkdocs"), encoding="utf-8")
    assert engines.configured(config) == "mkdocs"
    assert engines.choose(None, config).name == "mkdocs"


def test_an_unknown_engine_in_mkdocs_yml_is_named_with_the_fix(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.format(engine="hugo"), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        engines.choose(None, config)
    message = str(caught.value)
    assert "plugins: aeportal: engine: 'hugo' is not a site engine" in message
    assert "write one of mkdocs" in message


def test_an_unknown_engine_name_lists_the_engines() -> None:
    with pytest.raises(UsageError, match=r"no site engine `hugo` \(engines: mkdocs"):
        engines.get("hugo")
