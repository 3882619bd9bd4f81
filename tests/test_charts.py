"""Trend charts: SVG structure, the numbers they draw, no colour-only encoding, their table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from aeportal.render.charts import Chart, Series, chart_block, chart_svg, chart_table

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")


def percent(v: float) -> str:
    return f"{v:.0f}%"


LINE = Chart(
    "Retention by month",
    "Gross and net revenue retention, January to May 2026.",
    MONTHS,
    (Series("GRR", (90, 85, None, 80, 95)), Series("NRR", (100, 110, 105, 98, 120))),
    fmt=percent,
)
BAR = Chart(
    "Expansion by quarter (USD)",
    "Expansion revenue and losses per quarter, in USD.",
    ("2026 Q1", "2026 Q2", "2026 Q3"),
    (Series("Expansion", (12000, 0, 8000)), Series("Lost", (-3000, None, -1000))),
    kind="bar",
    fmt=lambda v: f"{v:,.0f}",
)


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart_svg(chart))


def test_the_chart_has_a_title_and_a_description_for_screen_readers() -> None:
    root = parse(LINE)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text == "Retention by month"
    assert desc.text == "Gross and net revenue retention, January to May 2026."
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_a_line_has_a_marker_per_value_and_a_gap_where_there_is_none() -> None:
    root = parse(LINE)
    paths = {p.get("data-series"): p.get("d") for p in root.iter(f"{SVG}path")}
    # GRR has no March value: its line is lifted there (a second M), NRR is one stroke.
    assert paths["GRR"] is not None and paths["GRR"].count("M") == 2
    assert paths["NRR"] is not None and paths["NRR"].count("M") == 1
    tips = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert [t for t in tips if t and t.startswith("GRR, ")] == [
        "GRR, 2026-01: 90%",
        "GRR, 2026-02: 85%",
        "GRR, 2026-04: 80%",
        "GRR, 2026-05: 95%",
    ]
    assert len([t for t in tips if t and t.startswith("NRR, ")]) == 5


def test_line_positions_follow_the_values() -> None:
    root = parse(LINE)
    d = next(p.get("d") for p in root.iter(f"{SVG}path") if p.get("data-series") == "NRR")
    assert d is not None
    ys = [float(y) for y in re.findall(r"[ML][\d.]+,([\d.]+)", d)]
    # Higher values are drawn higher (smaller y): 110 > 105 > 100 > 98, and 120 the highest.
    order = sorted(range(5), key=lambda i: ys[i])
    assert order == [4, 1, 2, 0, 3]
    # The y axis is labelled with the chart's format, from 0 past the largest value.
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels[0] == "0%" and labels[-1] is not None and float(labels[-1][:-1]) >= 120


def test_series_differ_by_more_than_colour() -> None:
    root = parse(LINE)
    shapes = {
        el.get("class")
        for el in root.iter()
        if (el.get("class") or "").startswith("aep-marker")
        and el.find(f"{SVG}title") is not None
        and (el.find(f"{SVG}title").text or "").startswith("GRR")  # type: ignore[union-attr]
    }
    other = {
        el.get("class")
        for el in root.iter()
        if (el.get("class") or "").startswith("aep-marker")
        and (el.find(f"{SVG}title").text or "").startswith("NRR")  # type: ignore[union-attr]
    }
    assert len(shapes) == 1 and len(other) == 1 and shapes != other  # a shape per series
    dashes = [p.get("stroke-dasharray") for p in root.iter(f"{SVG}path")]
    assert len(set(dashes)) == 2  # and a dash pattern per series
    # Each line is named at its end with its latest value: no legend to match by colour.
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "aep-label"]
    assert sorted(labels) == ["GRR: 95%", "NRR: 120%"]


def test_bars_have_a_pattern_each_a_value_each_and_a_legend() -> None:
    root = parse(BAR)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "aep-bar"]
    assert len(bars) == 5  # 3 expansions and 2 losses (Q2's loss is missing)
    fills = {b.get("data-series"): b.get("fill") for b in bars}
    assert fills["Expansion"] != fills["Lost"]
    patterns = root.findall(f"{SVG}defs/{SVG}pattern")
    assert len(patterns) == 2
    # The patterns differ in shape (not only in colour): a solid fill and a hatch.
    bodies = [re.sub(r'"#[0-9a-f]{6}"', "C", ET.tostring(p, encoding="unicode")) for p in patterns]
    assert bodies[0].replace("-p0", "") != bodies[1].replace("-p1", "")
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "aep-value"]
    # Every bar but a zero one (a flat bar, its 0 in the table) says its value.
    assert values == ["12,000", "8,000", "-3,000", "-1,000"]
    # A loss is drawn below the zero line, an expansion above it.
    zero_line = next(
        float(line.get("y1") or 0)
        for line in root.iter(f"{SVG}line")
        if line.get("stroke") == "#455a64"
    )
    lost = next(b for b in bars if b.get("data-series") == "Lost")
    gain = next(b for b in bars if b.get("data-series") == "Expansion")
    assert float(lost.get("y") or 0) == pytest.approx(zero_line, abs=0.11)
    top = float(gain.get("y") or 0) + float(gain.get("height") or 0)
    assert top == pytest.approx(zero_line, abs=0.11)
    legend = [t.text for t in root.iter(f"{SVG}text") if t.get("class") is None]
    assert "Expansion" in legend and "Lost" in legend
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "aep-swatch"]) == 2


def test_the_table_holds_every_number_of_the_chart() -> None:
    assert chart_table(LINE) == (
        "| Period | GRR | NRR |\n"
        "|---|---:|---:|\n"
        "| 2026-01 | 90% | 100% |\n"
        "| 2026-02 | 85% | 110% |\n"
        "| 2026-03 | — | 105% |\n"
        "| 2026-04 | 80% | 98% |\n"
        "| 2026-05 | 95% | 120% |\n"
    )
    block = chart_block(BAR)
    assert block.startswith('<div class="aep-chart"><svg ')
    # A minus sign is written as an entity, so that Markdown never reads a list item.
    assert block.endswith("| 2026 Q3 | 8,000 | &#45;1,000 |\n\n</details>\n")
    assert '<details class="aep-numbers" markdown>\n<summary>The numbers</summary>' in block


def test_the_same_chart_gives_the_same_bytes_and_ids_differ_between_charts() -> None:
    assert chart_svg(LINE) == chart_svg(LINE)
    assert LINE.key != BAR.key
    # Pattern ids carry the chart's key: two bar charts on a page do not share patterns.
    assert f'id="{BAR.key}-p0"' in chart_svg(BAR)


def test_many_periods_label_every_other_from_the_latest() -> None:
    months = (*(f"2026-{m:02d}" for m in range(1, 13)), "2027-01", "2027-02")
    chart = Chart("t", "d", months, (Series("A", tuple(range(14))),))
    labels = [t.text for t in parse(chart).iter(f"{SVG}text") if t.get("class") == "aep-period"]
    assert labels == list(months[1::2])  # 14 periods, 12 labels at most: every other one
    # Longer labels are fewer: only as many as fit side by side.
    quarters = tuple(f"{y} quarter {q}" for y in (2025, 2026) for q in (1, 2, 3, 4))
    wide = Chart("t", "d", quarters, (Series("A", tuple(range(8))),))
    shown = [t.text for t in parse(wide).iter(f"{SVG}text") if t.get("class") == "aep-period"]
    assert shown == list(quarters[1::2])


def test_no_data_says_so_and_a_short_series_is_an_error() -> None:
    empty = Chart("t", "d", ("2026-01",), (Series("A", (None,)),), no_data="no data yet")
    assert "no data yet" in chart_svg(empty)
    with pytest.raises(ValueError, match="series 'A' has 1 values for 2 periods"):
        Chart("t", "d", ("2026-01", "2026-02"), (Series("A", (1,)),))


def test_text_is_escaped() -> None:
    chart = Chart("<b>&</b>", "a < b", ("Q1",), (Series("x|y", (1,)),), kind="bar")
    svg = chart_svg(chart)
    assert "<b>" not in svg and "&lt;b&gt;&amp;&lt;/b&gt;" in svg
    ET.fromstring(svg)  # still well-formed
    assert "| x&#124;y |" in chart_table(chart)


def test_long_axis_labels_have_room_on_the_left() -> None:
    """VND amounts: the plot moves right so that "400,000,000" is not cut at the edge."""
    chart = Chart(
        "t", "d", ("Q1", "Q2"), (Series("A", (120_000_000, 380_000_000)),), kind="bar",
        fmt=lambda v: f"{v:,.0f}",
    )  # fmt: skip
    labels = [t for t in parse(chart).iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels[-1].text == "400,000,000"
    for label in labels:
        # About 7.2 pixels a character at 12 pixels: the label starts inside the image.
        assert float(label.get("x") or 0) - 7.2 * len(label.text or "") >= 0


def test_values_that_do_not_fit_their_bars_are_left_to_the_table() -> None:
    quarters = tuple(f"2026-Q{q}" for q in range(1, 5)) * 3
    chart = Chart(
        "t", "d", quarters, (Series("A", (60_000_000,) * 12), Series("B", (1,) * 12)),
        kind="bar", fmt=lambda v: f"{v:,.0f}",
    )  # fmt: skip
    root = parse(chart)
    assert [t for t in root.iter(f"{SVG}text") if t.get("class") == "aep-value"] == []
    assert chart_table(chart).count("60,000,000") == 12
