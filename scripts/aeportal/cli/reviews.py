"""`aeportal reviews record`: a pull request's reviews, from the forge into git notes."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from aeportal.cli.options import EXIT_OK, Subparsers
from aeportal.errors import UsageError


def add_reviews(sub: Subparsers) -> None:
    p = sub.add_parser(
        "reviews", help="record pull-request reviews from GitHub or GitLab in git notes"
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    r = actions.add_parser(
        "record",
        help="read the reviews of merged pull requests and store them on their merge commits",
        description="Read a merged pull request's reviews from GitHub (GITHUB_API_URL, "
        "GITHUB_REPOSITORY, GITHUB_TOKEN) or GitLab (CI_API_V4_URL, CI_PROJECT_ID, "
        "AEPORTAL_GITLAB_TOKEN or CI_JOB_TOKEN) and store them as a note under "
        "refs/notes/aeportal-reviews on its merge commit. Exit status: 0 recorded (or nothing "
        "to record), 2 usage (no forge, no token, no such commit), 3 the forge could not be "
        "read.",
    )
    which = r.add_mutually_exclusive_group()
    which.add_argument(
        "--pr", type=int, metavar="N", help="the pull request (merge request) number"
    )
    which.add_argument(
        "--all-merged",
        action="store_true",
        help="every pull request merged into the main line (by its merge or squash subject)",
    )
    r.add_argument(
        "--commit",
        metavar="SHA",
        help="the merge commit (default: HEAD; with --pr, the pull request's own merge commit)",
    )
    r.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    r.set_defaults(run=cmd_record)


def cmd_record(args: argparse.Namespace) -> int:
    from aeportal.trail.forge import forge_from_env, record_reviews

    if args.all_merged and args.commit:
        raise UsageError("--all-merged records every merge of the main line: give no --commit")
    forge = forge_from_env(os.environ)
    done = record_reviews(
        args.repo, forge, pr=args.pr, commit=args.commit, all_merged=args.all_merged
    )
    if not done:
        print(f"{args.commit or 'HEAD'} merged no pull request: nothing to record")
    for item in done:
        states = ", ".join(
            f"{r.login} {r.state.lower().replace('_', ' ')}" for r in item.note.verdicts().values()
        )
        what = "recorded" if item.changed else "unchanged"
        print(
            f"{item.sha[:7]} {item.note.pr}: {len(item.note.reviews)} reviews {what}"
            + (f" ({states})" if states else "")
        )
    return EXIT_OK
