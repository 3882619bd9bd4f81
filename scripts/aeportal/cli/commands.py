"""The ``aeportal`` command: the parser of every command group, and ``main``."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from aeportal.cli import approvals, checks, exports, portals, reviews, starting, updates
from aeportal.cli.options import EXIT_INTERNAL, EXIT_USAGE, Parser
from aeportal.errors import AEPortalError


class _VersionAction(argparse.Action):
    """`--version`, read only when asked (it looks at the installed distribution)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from aeportal.cli.provenance import find_provenance

        found = find_provenance()
        print(f"aeportal {found.version} ({found.origin})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="aeportal",
        description="Validate client accounts kept as Markdown and YAML, and build their "
        "private portals.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="print the version and where it was installed from"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    # In the order `aeportal --help` lists them.
    checks.add_validate(sub)
    portals.add_build(sub)
    updates.add_status(sub)
    updates.add_email(sub)
    updates.add_send(sub)
    exports.add_metrics(sub)
    checks.add_audit(sub)
    portals.add_serve(sub)
    portals.add_publish(sub)
    approvals.add_approve(sub)
    reviews.add_reviews(sub)
    checks.add_schema(sub)
    starting.add_new(sub)
    starting.add_init(sub)
    return parser


def _internal_error(exc: Exception, argv: Sequence[str] | None) -> int:
    """Report a bug in a few lines (the traceback under AEPORTAL_DEBUG=1) and return 70."""
    import shlex
    import traceback

    if os.environ.get("AEPORTAL_DEBUG") == "1":
        traceback.print_exception(exc, file=sys.stderr)
    words = list(sys.argv[1:] if argv is None else argv)
    command = shlex.join(["aeportal", *words])
    detail = " ".join(str(exc).split())
    detail = detail if len(detail) <= 200 else detail[:199] + "…"
    print(
        f"aeportal: internal error: {type(exc).__name__}{': ' if detail else ''}{detail}\n"
        f"aeportal: this is a bug in AE Portal, not a problem in your files; please report it"
        f" with the command `{command}` and this message (AEPORTAL_DEBUG=1 shows the traceback)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def run() -> NoReturn:
    """The ``aeportal`` command: ``main``, then the process ends without freeing what it
    loaded, one object at a time.

    Freeing a large portfolio's objects took 0.4 s of a 3-second rebuild of 100 accounts,
    for nothing: the process is ending. The exit handlers still run (they close the search
    indexer, and multiprocessing's and logging's own), and the output is flushed.
    """
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone, a stream closed
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status.

    0 ok, 1 problems found, 2 usage or input, 3 a forge that could not be read
    (``reviews record``), 70 an internal error (a bug).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        return args.run(args)  # type: ignore[no-any-return]
    except AEPortalError as exc:
        print(f"aeportal: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("aeportal: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`aeportal schema | head -1`): stop quietly, as cat would.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # anything else is a bug: never exit 1, which means findings
        return _internal_error(exc, argv)
