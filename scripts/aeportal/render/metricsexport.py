"""The metrics export as CSV or JSON: the stable shape docs/metrics.md describes.

The rows come from ``derive.metrics.metric_rows``; this module only writes them out. A new
metric adds rows, never a column, so a BI tool's import keeps working.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from aeportal.derive.metrics import MetricRow

SCHEMA = "aeportal-metrics/1"
COLUMNS = tuple(f.name for f in dataclasses.fields(MetricRow))


# Money to the cent, everything else to six decimals: enough for any share or mean, and
# the same text on every machine.
_DECIMALS = {"money": 2}


def _values(row: MetricRow) -> list[Any]:
    """The row's cells: dates as ISO text, numbers rounded, whole numbers without `.0`."""
    cells: list[Any] = []
    for value in dataclasses.astuple(row):
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, float):
            value = round(value, _DECIMALS.get(row.unit, 6))
            value = int(value) if value.is_integer() else value
        cells.append(value)
    return cells


def metrics_csv(rows: Sequence[MetricRow]) -> str:
    """One line per row under a header of ``COLUMNS``; an unknown value is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else v for v in _values(row)])
    return out.getvalue()


def metrics_json(rows: Sequence[MetricRow], as_of: dt.date, period_type: str) -> str:
    """``{"schema", "as_of", "period_type", "columns", "rows": [{column: value}]}``."""
    doc = {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "period_type": period_type,
        "columns": list(COLUMNS),
        "rows": [dict(zip(COLUMNS, _values(row), strict=True)) for row in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
