"""Charts go round the site engine: the pages written are byte for byte the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aeportal.build import engines, fragments
from aeportal.check.rules import Checked, check
from aeportal.derive.status import derive_status
from aeportal.errors import BuildError
from aeportal.render.pages import Portal, client_portal, internal_account_portal, make_env

REPO = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo() -> Checked:
    checked = check(REPO, DAY)
    assert checked.report.errors == []
    return checked


def _portals(demo: Checked) -> list[Portal]:
    """Portals with every kind of chart: Gantt and scope, report results, trends."""
    env = make_env()
    harbor = demo.portfolio.get("harbor-city-bank")
    lotus = demo.portfolio.get("lotus-tea-house")
    assert harbor is not None and lotus is not None
    return [
        internal_account_portal(env, derive_status(harbor, DAY), demo.history),
        client_portal(env, lotus, DAY, demo.history),
    ]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("name", ["mkdocs", "zensical"])
def test_a_portal_built_with_its_charts_lifted_is_the_same_byte_for_byte(
    demo: Checked, tmp_path: Path, name: str
) -> None:
    engine = engines.get(name)
    base = engine.load_base_config(REPO / "mkdocs.yml")
    engine.prepare(base)
    for n, portal in enumerate(_portals(demo)):
        lifted, charts = fragments.lift(portal)
        # Every chart is lifted (none left for the engine's Markdown), each once.
        assert len(charts) >= 3
        assert not any("<svg" in text for text in lifted.pages.values())
        direct, round_ = tmp_path / f"direct-{n}", tmp_path / f"round-{n}"
        engine.build_portal(portal, direct, base, REPO / "mkdocs.yml")
        engine.build_portal(lifted, round_, base, REPO / "mkdocs.yml")
        fragments.fill(round_, charts)
        assert _files(round_) == _files(direct), portal.key
        assert all("data-aep-fragment" not in p.read_text("utf-8") for p in round_.rglob("*.html"))


def test_the_same_chart_gets_the_same_key_in_every_build(demo: Checked) -> None:
    first = [fragments.lift(p) for p in _portals(demo)]
    again = [fragments.lift(p) for p in _portals(demo)]
    assert [(p.pages, c) for p, c in first] == [(p.pages, c) for p, c in again]


def test_a_chart_the_engine_did_not_write_stops_the_build(tmp_path: Path) -> None:
    page = tmp_path / "site" / "scope" / "index.html"
    page.parent.mkdir(parents=True)
    portal = Portal(
        key="clients/x",
        title="X",
        language="en",
        pages={"scope.md": '# Scope\n\n<div class="aep-chart"><svg role="img"></svg></div>\n'},
    )
    lifted, charts = fragments.lift(portal)
    (key,) = charts
    # Written without its placeholder: the chart would be missing from the page.
    page.write_text("<h1>Scope</h1>\n", encoding="utf-8")
    with pytest.raises(BuildError, match="did not write 1 chart"):
        fragments.fill(tmp_path / "site", charts)
    # A placeholder whose chart is unknown is no better.
    page.write_text(lifted.pages["scope.md"].replace(key, "0" * 24), encoding="utf-8")
    with pytest.raises(BuildError, match="without its chart"):
        fragments.fill(tmp_path / "site", charts)
    page.write_text(lifted.pages["scope.md"], encoding="utf-8")
    fragments.fill(tmp_path / "site", charts)
    assert page.read_text("utf-8") == portal.pages["scope.md"]
