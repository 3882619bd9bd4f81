"""Drawings that go round the site engine: the SVG charts of a page, put in after it.

The pages carry their charts (Gantt, scope, results, trends) as inline SVG in a raw HTML
block, ``<div class="aep-chart"><svg …>…</svg></div>``. A site engine has nothing to do
with them but pass them through, yet Python-Markdown reads every tag of a raw HTML block
with its HTML parser to find where the block ends: the charts of an account's trend page,
some 40 KB of SVG, took longer to pass through than the rest of the page to render.

So before a portal goes to the engine, each chart is lifted out of its page and replaced by
an empty placeholder of the same block (``lift``); once the engine has written the portal,
the placeholder in each written page is replaced by the chart (``fill``). The page written
is the page the engine would have written with the chart in it: the engine passes a raw
HTML block through as it is (``tests/test_fragments.py`` compares both ways, byte for
byte, with each engine). Every chart's SVG comes from ``render/`` (``render/svg.py``,
``render/charts.py``): the text of the account is escaped before it gets into a page, so
no page holds a raw ``<svg`` written by a person.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from aeportal.errors import BuildError
from aeportal.render.pages import Portal

_CHART = re.compile(r'<div class="aep-chart">(<svg\b.*?</svg>)</div>', re.DOTALL)
_PLACEHOLDER = re.compile(r'<div class="aep-chart" data-aep-fragment="([0-9a-f]{24})"></div>')


def _placeholder(key: str) -> str:
    return f'<div class="aep-chart" data-aep-fragment="{key}"></div>'


def lift(portal: Portal) -> tuple[Portal, dict[str, str]]:
    """The portal with each chart replaced by a placeholder, and the charts by their key."""
    charts: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        drawing = match.group(1)
        # Named by its content: the same chart gets the same key in every build, so a
        # portal's pages (and its fingerprint) do not change from one build to the next.
        key = hashlib.sha256(drawing.encode("utf-8")).hexdigest()[:24]
        charts[key] = drawing
        return _placeholder(key)

    pages = {path: _CHART.sub(swap, text) for path, text in portal.pages.items()}
    if not charts:
        return portal, charts
    return dataclasses.replace(portal, pages=pages), charts


def fill(site_dir: Path, charts: dict[str, str]) -> None:
    """Put each chart back where the engine wrote its placeholder; BuildError when a
    chart is missing from the written pages (a page without its chart is a wrong page)."""
    if not charts:
        return
    found: set[str] = set()

    def chart(match: re.Match[str]) -> str:
        key = match.group(1)
        drawing = charts.get(key)
        if drawing is None:
            raise BuildError(f"{site_dir.name}: a chart placeholder without its chart ({key})")
        found.add(key)
        return f'<div class="aep-chart">{drawing}</div>'

    for page in sorted(site_dir.rglob("*.html")):
        # newline="": the page's bytes stay as the engine wrote them, line ends included.
        with page.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        if "data-aep-fragment=" not in text:
            continue
        with page.open("w", encoding="utf-8", newline="") as fh:
            fh.write(_PLACEHOLDER.sub(chart, text))
    missing = sorted(set(charts) - found)
    if missing:
        raise BuildError(
            f"{site_dir.name}: the site engine did not write {len(missing)} chart(s) of the "
            "pages where they belong; the portal is not published"
        )
