"""`aeportal status`, `aeportal email`: one account's status update; `aeportal send`: the
scheduled status e-mails and reminders."""

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
from aeportal.errors import AEPortalError


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


def add_send(sub: Subparsers) -> None:
    p = sub.add_parser(
        "send",
        help="send the status e-mails and reminders due today, and the agency's digest",
        description="Send, by SMTP (AEPORTAL_SMTP_* variables), the weekly status e-mails and "
        "the reminders that account.yml's `updates:` make due today, then one digest of what "
        "was sent to the agency. What was sent is recorded in the git notes "
        "refs/notes/aeportal-sent: a second run sends nothing.",
    )
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument("--today", type=day, default=None, help="date to send as of (YYYY-MM-DD)")
    p.add_argument(
        "--dry-run",
        metavar="DIR",
        type=Path,
        default=None,
        help="write the messages as .eml files into DIR instead of sending (records nothing)",
    )
    p.add_argument(
        "--portal-url",
        metavar="URL",
        default=None,
        help="address the portals are published under; each client's link is "
        "URL/clients/<slug>/ (default: AEPORTAL_PORTAL_URL; none: no link)",
    )
    p.set_defaults(run=cmd_send)


def cmd_send(args: argparse.Namespace) -> int:
    import os
    from email.headerregistry import Address

    from aeportal.publish.mail import send_updates, smtp_settings

    today = as_of(args, args.repo)
    checked = load_checked(args.repo, today)
    if args.dry_run is None:
        settings = smtp_settings(os.environ)
        sender = settings.sender
    else:
        settings = None
        try:
            sender = smtp_settings(os.environ).sender
        except AEPortalError:  # a dry run needs no server: a stand-in sender will do
            sender = Address("AE Portal", "aeportal", "localhost")
    outcome = send_updates(
        checked.portfolio,
        args.repo,
        today,
        settings=settings,
        sender=sender,
        out_dir=args.dry_run,
        templates=args.repo / "templates",
        portal_base=args.portal_url or os.environ.get("AEPORTAL_PORTAL_URL") or None,
        progress=lambda line: print(line, file=sys.stderr),
    )
    if not outcome.sent:
        print(f"nothing to send on {today.isoformat()} (every e-mail due is sent already)")
        return EXIT_OK
    for line in outcome.sent:
        print(f"{line.kind}: {line.subject} → {', '.join(line.to)}")
    if outcome.digest is not None:
        print(f"digest: {outcome.digest.subject} → {', '.join(outcome.digest.to) or '(file)'}")
    if args.dry_run is not None:
        print(f"wrote {len(outcome.written)} messages to {args.dry_run} (nothing sent)")
    return EXIT_OK
