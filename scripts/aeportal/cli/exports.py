"""`aeportal metrics`: every relationship metric per account and period, for BI tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aeportal.cli.options import EXIT_OK, Subparsers, as_of, day, load_checked


def add_metrics(sub: Subparsers) -> None:
    p = sub.add_parser(
        "metrics",
        help="export every relationship metric per account and period (CSV or JSON)",
    )
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument("--format", choices=["csv", "json"], default="csv", help="csv (default) or json")
    p.add_argument(
        "--period",
        choices=["month", "quarter"],
        default="month",
        help="month (default) or quarter",
    )
    p.add_argument(
        "--out", type=Path, default=None, help="file to write (default: standard output)"
    )
    p.add_argument("--today", type=day, default=None, help="date of the figures (YYYY-MM-DD)")
    p.set_defaults(run=cmd_metrics)


def cmd_metrics(args: argparse.Namespace) -> int:
    from aeportal.derive.metrics import metric_rows, metric_series
    from aeportal.render.metricsexport import metrics_csv, metrics_json

    today = as_of(args, args.repo)
    checked = load_checked(args.repo, today)
    rows = metric_rows(metric_series(checked.portfolio.accounts, args.period, today))
    text = metrics_csv(rows) if args.format == "csv" else metrics_json(rows, today, args.period)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(rows)} rows)")
    return EXIT_OK
