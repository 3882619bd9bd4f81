"""The ``aeportal`` command: parse options, call one library function, print the result."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from aeportal import __version__, clock
from aeportal.errors import AEPortalError, UsageError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _day(text: str) -> dt.date:
    try:
        return clock.parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aeportal",
        description="Validate client accounts kept as Markdown and YAML, and build their "
        "private portals.",
    )
    parser.add_argument("--version", action="version", version=f"aeportal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", help="check every account and report problems with file:line")
    p.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        help="repository, accounts/ folder or one account folder (default: .)",
    )
    p.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text (default), json, or github workflow annotations",
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--today", type=_day, default=None, help="date to check against (YYYY-MM-DD)")

    p = sub.add_parser("schema", help="write the JSON Schemas of the file formats")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write *.schema.json into (default: print the list)",
    )
    p.add_argument(
        "--check", action="store_true", help="exit 1 if the files in --out differ from the model"
    )
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    from aeportal.output import FORMATS
    from aeportal.validate import check

    today = args.today or clock.today()
    result = check(args.path, today)
    diags = result.report.sorted()
    sys.stdout.write(FORMATS[args.format](diags, len(result.portfolio.accounts)))
    if result.report.errors or (args.strict and result.report.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from aeportal.schemafiles import check_schemas, write_schemas

    if args.out is None:
        from aeportal.schemafiles import render_schemas

        for name in render_schemas():
            print(name)
        return EXIT_OK
    if args.check:
        stale = check_schemas(args.out)
        for name in stale:
            print(f"{args.out / name}: out of date; run `aeportal schema --out {args.out}`")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(args.out):
        print(f"wrote {path}")
    return EXIT_OK


COMMANDS = {"validate": cmd_validate, "schema": cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (0 ok, 1 problems found, 2 usage or input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except AEPortalError as exc:
        print(f"aeportal: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("aeportal: interrupted", file=sys.stderr)
        return 130
