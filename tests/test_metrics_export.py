"""`aeportal metrics`: the export's documented shape, and figures of the demo accounts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from aeportal.cli.commands import main
from aeportal.derive.metrics import EXPORTED
from aeportal.render.metricsexport import COLUMNS, SCHEMA
from conftest import TODAY, VALID

REPO = Path(__file__).resolve().parents[1]
UNITS = {"count", "ratio", "money", "days", "nps", "points"}


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["metrics", "--repo", str(REPO), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out


@pytest.fixture(scope="module")
def quarters() -> list[dict[str, str]]:
    capture = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(capture):
        assert main(["metrics", "--repo", str(REPO), "--today", TODAY, "--period", "quarter"]) == 0
    return list(csv.DictReader(io.StringIO(capture.getvalue())))


def value(
    rows: list[dict[str, str]], period: str, level: str, key: str, metric: str, currency: str = ""
) -> str:
    found = [
        r["value"]
        for r in rows
        if (r["period"], r["level"], r["key"], r["metric"], r["currency"])
        == (period, level, key, metric, currency)
    ]
    assert len(found) == 1, (period, level, key, metric, currency, found)
    return found[0]


def test_csv_has_the_documented_columns_units_and_metrics(quarters) -> None:
    assert (
        tuple(quarters[0])
        == COLUMNS
        == (
            "period_type",
            "period",
            "period_start",
            "period_end",
            "level",
            "key",
            "metric",
            "value",
            "unit",
            "currency",
        )
    )
    assert {r["unit"] for r in quarters} <= UNITS
    assert {r["metric"] for r in quarters} == {name for name, *_ in EXPORTED}
    # Money always names its currency; counts never do.
    assert all(r["currency"] for r in quarters if r["unit"] == "money")
    assert not any(r["currency"] for r in quarters if r["unit"] == "count")
    # From Lotus's first contract (2024-09) to today's quarter.
    assert quarters[0]["period"] == "2024-Q3" and quarters[-1]["period"] == "2026-Q4"
    levels = {(r["level"], r["key"]) for r in quarters}
    assert levels == {
        ("account", "harbor-city-bank"),
        ("account", "lotus-tea-house"),
        ("account", "northwind-outdoors"),
        ("portfolio", ""),
        ("account_executive", "jordan"),
        ("account_executive", "minh"),
        ("account_executive", "sam"),
        ("account_lead", "maya"),
        ("account_lead", "ha"),
        ("account_lead", "rachel"),
    }


def test_demo_figures(quarters) -> None:
    rows = quarters
    # Northwind's NW-2025-10 (220000) ended in Q3 2026, renewed smaller at 185000.
    assert value(rows, "2026-Q3", "account", "northwind-outdoors", "renewal_rate") == "1"
    assert (
        value(rows, "2026-Q3", "account", "northwind-outdoors", "gross_revenue_retention", "USD")
        == "0.840909"
    )  # 185000 / 220000
    # Harbor's pilot (90000) renewed by the 240000 contract starting 2026-06-15.
    assert (
        value(rows, "2026-Q2", "account", "harbor-city-bank", "contract_value_growth", "USD")
        == "1.666667"
    )
    assert (
        value(rows, "2026-Q2", "account", "harbor-city-bank", "expansion_revenue", "USD")
        == "150000"
    )
    # Lotus in Q4 2026: cr-001 (60000000 VND) approved; Hùng's NPS 9 the only answer.
    assert value(rows, "2026-Q4", "account", "lotus-tea-house", "expansion_revenue", "VND") == (
        "60000000"
    )
    assert value(rows, "2026-Q4", "account", "lotus-tea-house", "nps") == "100"
    # Harbor's complaint resolved in 7 days in Q4; the escalation is still open.
    assert value(rows, "2026-Q4", "account", "harbor-city-bank", "mean_days_to_resolve") == "7"
    assert value(rows, "2026-Q4", "account", "harbor-city-bank", "open_complaints") == "1"
    # Per account executive: Minh has Lotus only, whose two proposals were decided in Q2.
    assert value(rows, "2026-Q2", "account_executive", "minh", "proposal_conversion_rate") == ("0")
    # No ratio without a whole: nothing ended at Lotus in Q4 2026.
    assert value(rows, "2026-Q4", "account", "lotus-tea-house", "renewal_rate") == ""


def test_json_has_a_schema_version_and_the_same_rows(capsys, quarters) -> None:
    status, out = export(capsys, "--format", "json", "--period", "quarter")
    doc = json.loads(out)
    assert status == 0
    assert (doc["schema"], doc["as_of"], doc["period_type"]) == (SCHEMA, TODAY, "quarter")
    assert doc["columns"] == list(COLUMNS)
    assert len(doc["rows"]) == len(quarters)
    first = doc["rows"][0]
    assert list(first) == list(COLUMNS)
    renewal = next(r for r in doc["rows"] if r["metric"] == "renewal_rate")
    assert renewal["value"] is None  # empty in CSV, null in JSON


def test_months_and_a_file(capsys, tmp_path: Path) -> None:
    out = tmp_path / "metrics.csv"
    status, printed = export(capsys, "--out", str(out))
    assert status == 0 and printed.startswith(f"wrote {out} (")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["period_type"] for r in rows} == {"month"}
    assert rows[-1]["period"] == "2026-11"


def test_nothing_is_written_when_the_accounts_have_errors(make_repo, monkeypatch, capsys) -> None:
    bad = {**VALID, "accounts/acme/relationship.yml": "proposals:\n  - {id: x}\n"}
    root = make_repo(bad)
    monkeypatch.chdir(root)
    status = main(["metrics", "--repo", str(root), "--today", TODAY, "--out", "m.csv"])
    assert status != 0
    assert not (root / "m.csv").exists()
    assert "error SCHEMA002" in capsys.readouterr().err
