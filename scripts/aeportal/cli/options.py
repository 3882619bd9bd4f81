"""What the commands share: exit statuses, option types, the day a command works as of."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from aeportal import clock
from aeportal.diagnostics import Report
from aeportal.errors import AEPortalError, UsageError

if TYPE_CHECKING:
    from aeportal.check.rules import Checked
    from aeportal.model import AccountBundle

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# An internal error, a bug of AE Portal: EX_SOFTWARE of sysexits.h, so that a script or CI
# tells it from problems found in the accounts (1).
EXIT_INTERNAL = 70


def day(text: str) -> dt.date:
    try:
        return clock.parse_day(text)
    except ValueError as e:
        # The clock's own reasons name the text; the calendar's (a 13th month) do not.
        reason = str(e) if str(e).startswith(repr(text)) else ""
        raise argparse.ArgumentTypeError(
            reason or f"{text!r} is not a date in the form YYYY-MM-DD"
        ) from None


def shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"{text!r} is not I/N with 1 <= I <= N, e.g. 2/4")
    return int(index), int(count)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # main() prefixes "aeportal: "; name the subcommand only.
        command = self.prog.removeprefix("aeportal").strip()
        raise UsageError(f"{command}: {message}" if command else message)


# The subcommands of `aeportal` (and of `aeportal new`), each a Parser. Only the type checker
# sees the alias: argparse's class takes no subscript at run time.
if TYPE_CHECKING:
    from typing import TypeAlias

    Subparsers: TypeAlias = argparse._SubParsersAction[Parser]
else:
    Subparsers = argparse._SubParsersAction


def history_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-history",
        dest="history",
        action="store_false",
        help="do not read git history (no approval trail checks)",
    )
    p.add_argument(
        "--require-review",
        action="store_true",
        help="an approval that reached the main line without a pull request or "
        "an Approved-by: trailer is an error, not a warning "
        "(also: AEPORTAL_REQUIRE_REVIEW=1)",
    )


def require_review(args: argparse.Namespace) -> bool:
    import os

    return bool(args.require_review or os.environ.get("AEPORTAL_REQUIRE_REVIEW") == "1")


def today_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", type=day, default=None, help="date to take as today (YYYY-MM-DD)")


def as_of(args: argparse.Namespace, path: Path) -> dt.date:
    """The day a command works as of: --today, else the repository's as_of, else today."""
    from aeportal.load.loader import read_as_of

    if args.today is not None:
        return args.today  # type: ignore[no-any-return]
    fixed = read_as_of(path)
    if fixed is None:
        return clock.today()
    # Said every time, so that a frozen date is never taken for today's status.
    print(
        f"aeportal: as of {fixed.isoformat()}, the date [tool.aeportal] as_of in pyproject.toml "
        "fixes for this repository (--today DATE to change it)",
        file=sys.stderr,
    )
    return fixed


def print_report(report: Report, accounts: int) -> None:
    from aeportal.cli.output import as_text

    sys.stderr.write(as_text(report.sorted(), accounts))


def load_checked(repo: Path, today: dt.date, history: bool = False) -> Checked:
    from aeportal.check.rules import check

    checked = check(repo, today, history=history)
    if checked.report.errors:
        print_report(checked.report, len(checked.portfolio.accounts))
        raise AEPortalError("the accounts have errors; fix them first (aeportal validate)")
    return checked


def account(checked: Checked, slug: str) -> AccountBundle:
    bundle = checked.portfolio.get(slug)
    if bundle is None:
        known = ", ".join(a.slug for a in checked.portfolio.accounts)
        raise UsageError(f"no account `{slug}` (accounts: {known})")
    return bundle
