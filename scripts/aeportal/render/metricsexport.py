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


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def metrics_csv(rows: Sequence[MetricRow]) -> str:
    """One line per row under a header of ``COLUMNS``; an unknown value is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in dataclasses.astuple(row)])
    return out.getvalue()


def metrics_json(rows: Sequence[MetricRow], as_of: dt.date, period_type: str) -> str:
    """``{"schema", "as_of", "period_type", "columns", "rows": [{column: value}]}``."""
    doc = {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "period_type": period_type,
        "columns": list(COLUMNS),
        "rows": [
            {
                name: _cell(value)
                for name, value in zip(COLUMNS, dataclasses.astuple(row), strict=True)
            }
            for row in rows
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
