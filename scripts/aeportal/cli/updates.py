"""`aeportal status` and `aeportal email`: one account's status update."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aeportal.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Subparsers,
    account,
    as_of,
    day,
    load_checked,
    print_report,
)


def add_status(sub: Subparsers) -> None:
    p = sub.add_parser("status", help="print one account's status update")
    p.add_argument("slug", help="the account (folder name under accounts/)")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument(
        "--format",
        choices=["text", "md", "json"],
        default="text",
        help="text (default), md (as on the portal) or json",
    )
    p.add_argument(
        "--audience",
        choices=["client", "internal"],
        default="client",
        help="client (default: what the client may see) or internal",
    )
    p.add_argument("--today", type=day, default=None, help="date of the status (YYYY-MM-DD)")
    p.set_defaults(run=cmd_status)


def add_email(sub: Subparsers) -> None:
    p = sub.add_parser("email", help="write one account's client status update as an e-mail")
    p.add_argument("slug", help="the account (folder name under accounts/)")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument(
        "--out", type=Path, default=None, help="file to write (.eml; default: standard output)"
    )
    p.add_argument("--today", type=day, default=None, help="date of the status (YYYY-MM-DD)")
    p.add_argument("--portal-url", metavar="URL", default=None, help="link to the client's portal")
    p.set_defaults(run=cmd_email)


def cmd_status(args: argparse.Namespace) -> int:
    from aeportal.render.statusreport import status_report

    today = as_of(args, args.repo)
    checked = load_checked(args.repo, today, history=True)
    bundle = account(checked, args.slug)
    sys.stdout.write(
        status_report(
            bundle, today, args.format, args.audience, args.repo / "templates", checked.history
        )
    )
    return EXIT_OK


def cmd_email(args: argparse.Namespace) -> int:
    from aeportal.check.rules import check
    from aeportal.render.statusmail import status_email

    today = as_of(args, args.repo)
    checked = check(args.repo, today)
    if checked.report.errors:
        print_report(checked.report, len(checked.portfolio.accounts))
        print(
            "aeportal: no e-mail written; fix the errors first (aeportal validate)", file=sys.stderr
        )
        return EXIT_PROBLEMS
    bundle = account(checked, args.slug)
    msg = status_email(bundle, today, args.repo / "templates", args.portal_url)
    if args.out is None:
        sys.stdout.write(msg.as_string(policy=msg.policy.clone(linesep="\n")))
    else:
        args.out.write_bytes(msg.as_bytes())
        print(f"wrote {args.out}")
    return EXIT_OK
