"""`aeportal validate`, `aeportal schema` and `aeportal audit`: checking accounts and sites."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aeportal.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Subparsers,
    as_of,
    day,
    history_options,
    load_checked,
    require_review,
)
from aeportal.errors import UsageError


def add_validate(sub: Subparsers) -> None:
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
    history_options(p)
    p.add_argument("--today", type=day, default=None, help="date to check against (YYYY-MM-DD)")
    p.set_defaults(run=cmd_validate)


def add_schema(sub: Subparsers) -> None:
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
    p.set_defaults(run=cmd_schema)


def add_audit(sub: Subparsers) -> None:
    p = sub.add_parser("audit", help="check built client sites for leaks")
    p.add_argument(
        "site", nargs="?", default=None, type=Path, help="the built site (default: REPO/site)"
    )
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument(
        "--today",
        type=day,
        default=None,
        help="the day the sites were built for (YYYY-MM-DD; default: as aeportal build)",
    )
    p.set_defaults(run=cmd_audit)


def cmd_validate(args: argparse.Namespace) -> int:
    from aeportal.check.rules import check
    from aeportal.cli.output import FORMATS

    today = as_of(args, args.path)
    result = check(args.path, today, history=args.history, require_review=require_review(args))
    diags = result.report.sorted()
    sys.stdout.write(FORMATS[args.format](diags, len(result.portfolio.accounts)))
    if result.report.errors or (args.strict and result.report.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from aeportal.load.schemafiles import check_schemas, write_schemas

    if args.out is None and args.check:
        raise UsageError("schema: --check needs --out DIR (the folder to compare)")
    if args.out is None:
        from aeportal.load.schemafiles import render_schemas

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


def cmd_audit(args: argparse.Namespace) -> int:
    from aeportal.build.audit import audit_site

    # The day the sites were built for: their health reasons, as the agency words them, are
    # searched for in the client sites.
    today = as_of(args, args.repo)
    checked = load_checked(args.repo, today)
    site = args.site or args.repo / "site"
    if not (site / "clients").is_dir():
        raise UsageError(f"{site}: no built client sites here (run aeportal build)")
    hits = audit_site(site.absolute(), checked.portfolio, today=today)
    for hit in hits:
        print(hit)
    clients = sum(1 for p in (site / "clients").iterdir() if p.is_dir())
    print(
        f"{clients} client sites audited: "
        + (f"{len(hits)} leak{'' if len(hits) == 1 else 's'} found" if hits else "no leaks")
    )
    return EXIT_PROBLEMS if hits else EXIT_OK
