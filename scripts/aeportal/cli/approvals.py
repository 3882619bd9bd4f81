"""`aeportal approve`: a client's e-mailed approval, recorded in git."""

from __future__ import annotations

import argparse
from pathlib import Path

from aeportal import clock
from aeportal.cli.options import EXIT_OK, Subparsers, day, load_checked
from aeportal.errors import UsageError


def add_approve(sub: Subparsers) -> None:
    p = sub.add_parser("approve", help="record a client's approval and commit it with a trailer")
    p.add_argument("slug", help="the account")
    p.add_argument("document", help="id of the brief or change request (file name without .md)")
    p.add_argument(
        "--by",
        required=True,
        metavar="CONTACT",
        help="the client approver (a contact id in approval.approvers)",
    )
    p.add_argument("--via", default="email", help="how the approval came (default: email)")
    p.add_argument("--on", type=day, default=None, help="approval date (default: today)")
    p.add_argument(
        "--hash",
        default=None,
        metavar="CONTENT",
        help="content hash named in the client's message; refused if it differs",
    )
    p.add_argument("--reject", action="store_true", help="record a rejected change request")
    p.add_argument("--no-commit", dest="commit", action="store_false", help="update the file only")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.set_defaults(run=cmd_approve)


def cmd_approve(args: argparse.Namespace) -> int:
    from aeportal.trail.approve import record_approval

    checked = load_checked(args.repo, clock.today())
    bundle = checked.portfolio.get(args.slug)
    if bundle is None:
        known = ", ".join(a.slug for a in checked.portfolio.accounts)
        raise UsageError(f"no account `{args.slug}` (accounts: {known})")
    done = record_approval(
        bundle,
        args.document,
        args.by,
        args.on or clock.today(),
        via=args.via,
        expected_hash=args.hash,
        reject=args.reject,
        commit=args.commit,
    )
    state = "rejected" if args.reject else "approved"
    where = f" in commit {done.commit[:7]}" if done.commit else " (not committed)"
    print(f"{done.path}: {state} by {args.by}{where}; content {done.content_hash}")
    return EXIT_OK
