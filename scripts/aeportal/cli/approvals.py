"""`aeportal approve`: a client's e-mailed approval, recorded in git."""

from __future__ import annotations

import argparse
import typing
from pathlib import Path

from aeportal import clock
from aeportal.cli.options import EXIT_OK, Subparsers, account, day, load_checked
from aeportal.errors import UsageError
from aeportal.model import DecisionStatus


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
        action="append",
        default=None,
        metavar="HASH",
        help="a hash named in the client's message: the content hash, or with --version a "
        "file's SHA-256 (repeat it for each file); refused if it differs",
    )
    p.add_argument(
        "--version",
        dest="proof_version",
        type=int,
        default=None,
        metavar="N",
        help="record the client's decision on version N of the deliverable (the latest sent)",
    )
    p.add_argument(
        "--decision",
        choices=typing.get_args(DecisionStatus),
        default=None,
        help="with --version: approved (the default), approved_with_changes or changes_required",
    )
    p.add_argument("--reject", action="store_true", help="record a rejected change request")
    p.add_argument("--no-commit", dest="commit", action="store_false", help="update the file only")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.set_defaults(run=cmd_approve)


def cmd_approve(args: argparse.Namespace) -> int:
    from aeportal.trail.approve import record_approval, record_decision

    hashes: list[str] = args.hash or []
    if args.proof_version is None and args.decision is not None:
        raise UsageError("--decision needs --version: the version the client decided on")
    if args.proof_version is not None and args.reject:
        raise UsageError(
            "--reject is for a change request as a whole; a version's decision "
            "is --decision changes_required"
        )
    if args.proof_version is None and len(hashes) > 1:
        raise UsageError("give one --hash (the content hash), or --version N for files' hashes")
    checked = load_checked(args.repo, clock.today())
    bundle = account(checked, args.slug)
    on = args.on or clock.today()
    if args.proof_version is not None:
        decision = args.decision or "approved"
        done = record_decision(
            bundle,
            args.document,
            args.proof_version,
            decision,
            args.by,
            on,
            via=args.via,
            hashes=tuple(hashes),
            commit=args.commit,
        )
        state = f"version {args.proof_version} {decision.replace('_', ' ')}"
    else:
        done = record_approval(
            bundle,
            args.document,
            args.by,
            on,
            via=args.via,
            expected_hash=hashes[0] if hashes else None,
            reject=args.reject,
            commit=args.commit,
        )
        state = "rejected" if args.reject else "approved"
    where = f" in commit {done.commit[:7]}" if done.commit else " (not committed)"
    print(f"{done.path}: {state} by {args.by}{where}; content {done.content_hash}")
    return EXIT_OK
