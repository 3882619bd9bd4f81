"""`aeportal new` and `aeportal init`: starting an account, a document or a repository."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aeportal import clock
from aeportal.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Parser,
    Subparsers,
    day,
    print_report,
    today_option,
)
from aeportal.diagnostics import Report
from aeportal.errors import UsageError

if TYPE_CHECKING:
    from aeportal.cli.scaffold import Created


def add_new(sub: Subparsers) -> None:

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
        today_option(p)

    new = sub.add_parser("new", help="start an account, a brief, a meeting summary or a change")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=Parser)
    p = kinds.add_parser("account", help="accounts/SLUG/account.yml and timeline.yml")
    p.add_argument("name", nargs="?", help="the client's name")
    p.add_argument("--slug", help="the account's id (default: made from NAME)")
    p.add_argument("--language", choices=["vi", "en"], help="the portal's language (default: en)")
    common(p)
    p = kinds.add_parser("brief", help="briefs/TITLE.md")
    p.add_argument("slug", help="the account")
    p.add_argument("title", nargs="?", help="the deliverable")
    p.add_argument("--scope", metavar="ID", help="scope item (default: the first)")
    p.add_argument("--owner", metavar="ID", help="who answers for it (default: the AE)")
    p.add_argument("--due", type=day, default=None, metavar="DATE", help="due date (YYYY-MM-DD)")
    common(p)
    p = kinds.add_parser("meeting", help="meetings/DATE-TITLE.md")
    p.add_argument("slug", help="the account")
    p.add_argument("title", nargs="?", help="what the meeting was (default: a status meeting)")
    p.add_argument(
        "--date", type=day, default=None, help="meeting date (YYYY-MM-DD; default: today)"
    )
    common(p)
    p = kinds.add_parser("change", help="changes/cr-NNN-TITLE.md")
    p.add_argument("slug", help="the account")
    p.add_argument("title", nargs="?", help="what the client asks for")
    p.add_argument("--scope", metavar="ID", help="scope item it adds to")
    p.add_argument("--quantity", type=int, default=None, metavar="N", help="how many it adds")
    common(p)

    new.set_defaults(run=cmd_new)


def add_init(sub: Subparsers) -> None:
    p = sub.add_parser("init", help="start an agency repository that validates and builds")
    p.add_argument("dir", type=Path, help="a new or empty folder")
    p.add_argument(
        "--language",
        choices=["vi", "en"],
        default="en",
        help="the example account's language (default: en)",
    )
    p.add_argument("--no-git", dest="git", action="store_false", help="do not run git init")
    today_option(p)
    p.set_defaults(run=cmd_init)


def _terminal_ask() -> Callable[[str, str], str] | None:
    """Ask for missing values only when a person is at the keyboard."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None

    def ask(question: str, default: str) -> str:
        sys.stderr.write(f"{question}{f' [{default}]' if default else ''}: ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise UsageError("no answer (end of input)")
        return line.strip()

    return ask


def _print_created(created: Created, head: Sequence[str]) -> int:
    """What a scaffolding command wrote, what the rules say about it, and what comes next."""
    for line in head:
        print(line)
    if created.problems:
        print_report(Report(list(created.problems)), 1)
    if created.errors:
        print("aeportal: written, but it does not validate: fix the lines above", file=sys.stderr)
        return EXIT_PROBLEMS
    print("next:")
    for step in created.next_steps:
        print(f"  {step}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from aeportal.cli import scaffold
    from aeportal.load.loader import display_path

    today = args.today or clock.today()
    ask = _terminal_ask()
    if args.kind == "account":
        created = scaffold.new_account(
            args.repo, args.name, slug=args.slug, language=args.language, today=today, ask=ask
        )
    elif args.kind == "brief":
        created = scaffold.new_brief(
            args.repo,
            args.slug,
            args.title,
            scope=args.scope,
            owner=args.owner,
            due=args.due,
            today=today,
            ask=ask,
        )
    elif args.kind == "meeting":
        created = scaffold.new_meeting(
            args.repo, args.slug, args.title, date=args.date, today=today, ask=ask
        )
    else:
        created = scaffold.new_change(
            args.repo,
            args.slug,
            args.title,
            scope=args.scope,
            quantity=args.quantity,
            today=today,
            ask=ask,
        )
    return _print_created(created, [f"wrote {display_path(path)}" for path in created.paths])


def cmd_init(args: argparse.Namespace) -> int:
    from aeportal.cli.scaffold import init_repository
    from aeportal.load.loader import display_path

    created = init_repository(
        args.dir, language=args.language, today=args.today or clock.today(), git=args.git
    )
    head = f"created an AE Portal repository in {display_path(args.dir)}"
    return _print_created(
        created,
        [f"{head} ({len(created.paths)} files)", *(f"  {note}" for note in created.notes)],
    )
