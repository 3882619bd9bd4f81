"""The ``aeportal`` command: parse options, call one library function, print the result."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aeportal import clock
from aeportal.check.rules import Checked
from aeportal.diagnostics import Report
from aeportal.errors import AEPortalError, UsageError
from aeportal.model import AccountBundle

if TYPE_CHECKING:
    from aeportal.cli.scaffold import Created

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# An internal error, a bug of AE Portal: EX_SOFTWARE of sysexits.h, so that a script or CI
# tells it from problems found in the accounts (1).
EXIT_INTERNAL = 70


def _day(text: str) -> dt.date:
    try:
        return clock.parse_day(text)
    except ValueError as e:
        # The clock's own reasons name the text; the calendar's (a 13th month) do not.
        reason = str(e) if str(e).startswith(repr(text)) else ""
        raise argparse.ArgumentTypeError(
            reason or f"{text!r} is not a date in the form YYYY-MM-DD"
        ) from None


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"{text!r} is not I/N with 1 <= I <= N, e.g. 2/4")
    return int(index), int(count)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # main() prefixes "aeportal: "; name the subcommand only.
        command = self.prog.removeprefix("aeportal").strip()
        raise UsageError(f"{command}: {message}" if command else message)


def _history_options(p: argparse.ArgumentParser) -> None:
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


def _require_review(args: argparse.Namespace) -> bool:
    import os

    return bool(args.require_review or os.environ.get("AEPORTAL_REQUIRE_REVIEW") == "1")


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
    parser = _Parser(
        prog="aeportal",
        description="Validate client accounts kept as Markdown and YAML, and build their "
        "private portals.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="print the version and where it was installed from"
    )
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
    _history_options(p)
    p.add_argument("--today", type=_day, default=None, help="date to check against (YYYY-MM-DD)")

    p = sub.add_parser("build", help="validate, then build every portal into site/")
    p.add_argument("path", nargs="?", default=".", type=Path, help="the repository (default: .)")
    p.add_argument("--account", metavar="SLUG", help="rebuild only this account's portals")
    p.add_argument("--today", type=_day, default=None, help="date of the status (YYYY-MM-DD)")
    p.add_argument(
        "--jobs", type=int, default=0, help="portals built at once (default: the number of cores)"
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default: PATH/site)")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")
    p.add_argument(
        "--shard",
        type=_shard,
        default=None,
        metavar="I/N",
        help="build only the I-th of N disjoint sets of portals (for a CI matrix)",
    )
    _history_options(p)

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
    p.add_argument("--today", type=_day, default=None, help="date of the status (YYYY-MM-DD)")

    p = sub.add_parser("email", help="write one account's client status update as an e-mail")
    p.add_argument("slug", help="the account (folder name under accounts/)")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument(
        "--out", type=Path, default=None, help="file to write (.eml; default: standard output)"
    )
    p.add_argument("--today", type=_day, default=None, help="date of the status (YYYY-MM-DD)")
    p.add_argument("--portal-url", metavar="URL", default=None, help="link to the client's portal")

    p = sub.add_parser("audit", help="check built client sites for leaks")
    p.add_argument(
        "site", nargs="?", default=None, type=Path, help="the built site (default: REPO/site)"
    )
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")

    p = sub.add_parser("serve", help="preview one portal with live reload")
    p.add_argument("portal", help="an account slug (its client portal) or `internal`")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")

    p = sub.add_parser(
        "publish", help="make a deploy tree: the portals, a server config, one password per client"
    )
    p.add_argument("--server", required=True, choices=["nginx"], help="the web server to configure")
    p.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    p.add_argument(
        "--out", type=Path, default=None, help="the deploy tree (default: publish/ beside the site)"
    )
    p.add_argument(
        "--credentials",
        type=Path,
        default=None,
        metavar="FILE",
        help="YAML or NAME:PASSWORD lines, kept outside the repository (default: environment)",
    )
    p.add_argument(
        "--listen", default="127.0.0.1:8080", help="PORT or HOST:PORT (default: 127.0.0.1:8080)"
    )
    p.add_argument("--server-name", default="_", help="host names of the server (default: _)")
    p.add_argument("--tls-cert", type=Path, default=None, metavar="FILE", help="TLS certificate")
    p.add_argument("--tls-key", type=Path, default=None, metavar="FILE", help="TLS private key")

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
    p.add_argument("--on", type=_day, default=None, help="approval date (default: today)")
    p.add_argument(
        "--hash",
        default=None,
        metavar="CONTENT",
        help="content hash named in the client's message; refused if it differs",
    )
    p.add_argument("--reject", action="store_true", help="record a rejected change request")
    p.add_argument("--no-commit", dest="commit", action="store_false", help="update the file only")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")

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
    _scaffold_parsers(sub)
    return parser


def _scaffold_parsers(sub: argparse._SubParsersAction[_Parser]) -> None:
    """`aeportal new KIND …` and `aeportal init DIR`."""

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
        _today_option(p)

    new = sub.add_parser("new", help="start an account, a brief, a meeting summary or a change")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=_Parser)
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
    p.add_argument("--due", type=_day, default=None, metavar="DATE", help="due date (YYYY-MM-DD)")
    common(p)
    p = kinds.add_parser("meeting", help="meetings/DATE-TITLE.md")
    p.add_argument("slug", help="the account")
    p.add_argument("title", nargs="?", help="what the meeting was (default: a status meeting)")
    p.add_argument(
        "--date", type=_day, default=None, help="meeting date (YYYY-MM-DD; default: today)"
    )
    common(p)
    p = kinds.add_parser("change", help="changes/cr-NNN-TITLE.md")
    p.add_argument("slug", help="the account")
    p.add_argument("title", nargs="?", help="what the client asks for")
    p.add_argument("--scope", metavar="ID", help="scope item it adds to")
    p.add_argument("--quantity", type=int, default=None, metavar="N", help="how many it adds")
    common(p)

    p = sub.add_parser("init", help="start an agency repository that validates and builds")
    p.add_argument("dir", type=Path, help="a new or empty folder")
    p.add_argument(
        "--language",
        choices=["vi", "en"],
        default="en",
        help="the example account's language (default: en)",
    )
    p.add_argument("--no-git", dest="git", action="store_false", help="do not run git init")
    _today_option(p)


def _today_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", type=_day, default=None, help="date to take as today (YYYY-MM-DD)")


def _as_of(args: argparse.Namespace, path: Path) -> dt.date:
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


def cmd_validate(args: argparse.Namespace) -> int:
    from aeportal.check.rules import check
    from aeportal.cli.output import FORMATS

    today = _as_of(args, args.path)
    result = check(args.path, today, history=args.history, require_review=_require_review(args))
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


def _print_report(report: Report, accounts: int) -> None:
    from aeportal.cli.output import as_text

    sys.stderr.write(as_text(report.sorted(), accounts))


def cmd_build(args: argparse.Namespace) -> int:
    import os

    from aeportal.build.sites import ValidationFailed, build_sites, stderr_progress

    today = _as_of(args, args.path)
    jobs = args.jobs or os.cpu_count() or 1
    try:
        result = build_sites(
            args.path,
            today,
            out=args.out,
            account=args.account,
            jobs=jobs,
            progress=None if args.quiet else stderr_progress,
            history=args.history,
            require_review=_require_review(args),
            shard=args.shard,
        )
    except ValidationFailed as exc:
        _print_report(exc.report, exc.accounts)
        print("aeportal: not built; the previous site is untouched", file=sys.stderr)
        return EXIT_PROBLEMS
    warnings = result.checked.report.warnings
    if warnings:
        _print_report(Report(warnings), len(result.checked.portfolio.accounts))
    site = result.site
    print(
        f"built {len(result.built)} portals in {result.seconds:.1f} s"
        + (f" (kept {len(result.kept)} unchanged)" if result.kept else "")
    )
    if not args.quiet:
        # Only what changed: an agency with a hundred clients keeps most portals each time.
        for key in sorted(result.built):
            print(f"  {key:<44} {site / key / 'index.html'}")
        _print_how_to_open(args.path, site, sorted(result.built) or sorted(result.kept))
    return EXIT_OK


def _print_how_to_open(repo: Path, site: Path, keys: Sequence[str]) -> None:
    """How to look at a portal: through a web server, since search fetches its index."""
    from aeportal.load.loader import display_path

    key = next((k for k in keys if k.startswith("clients/")), "internal")
    slug = key.removeprefix("clients/")
    if repo.resolve() != Path.cwd().resolve():
        slug += f" --repo {display_path(repo)}"
    print()
    print("open a portal through a web server (from the file system, search does not work):")
    print(f"  aeportal serve {slug:<28} a live preview at http://127.0.0.1:8000/")
    print(
        f"  python3 -m http.server -d {display_path(site)} 8000"
        f"    then http://127.0.0.1:8000/{key}/"
    )


def _load_checked(repo: Path, today: dt.date, history: bool = False) -> Checked:
    from aeportal.check.rules import check

    checked = check(repo, today, history=history)
    if checked.report.errors:
        _print_report(checked.report, len(checked.portfolio.accounts))
        raise AEPortalError("the accounts have errors; fix them first (aeportal validate)")
    return checked


def _account(checked: Checked, slug: str) -> AccountBundle:
    bundle = checked.portfolio.get(slug)
    if bundle is None:
        known = ", ".join(a.slug for a in checked.portfolio.accounts)
        raise UsageError(f"no account `{slug}` (accounts: {known})")
    return bundle


def cmd_status(args: argparse.Namespace) -> int:
    from aeportal.render.statusreport import status_report

    today = _as_of(args, args.repo)
    checked = _load_checked(args.repo, today, history=True)
    bundle = _account(checked, args.slug)
    sys.stdout.write(
        status_report(
            bundle, today, args.format, args.audience, args.repo / "templates", checked.history
        )
    )
    return EXIT_OK


def cmd_email(args: argparse.Namespace) -> int:
    from aeportal.check.rules import check
    from aeportal.render.statusmail import status_email

    today = _as_of(args, args.repo)
    checked = check(args.repo, today)
    if checked.report.errors:
        _print_report(checked.report, len(checked.portfolio.accounts))
        print(
            "aeportal: no e-mail written; fix the errors first (aeportal validate)", file=sys.stderr
        )
        return EXIT_PROBLEMS
    bundle = _account(checked, args.slug)
    msg = status_email(bundle, today, args.repo / "templates", args.portal_url)
    if args.out is None:
        sys.stdout.write(msg.as_string(policy=msg.policy.clone(linesep="\n")))
    else:
        args.out.write_bytes(msg.as_bytes())
        print(f"wrote {args.out}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from aeportal.build.audit import audit_site

    checked = _load_checked(args.repo, clock.today())
    site = args.site or args.repo / "site"
    if not (site / "clients").is_dir():
        raise UsageError(f"{site}: no built client sites here (run aeportal build)")
    hits = audit_site(site.absolute(), checked.portfolio)
    for hit in hits:
        print(hit)
    clients = sum(1 for p in (site / "clients").iterdir() if p.is_dir())
    print(
        f"{clients} client sites audited: "
        + (f"{len(hits)} leak{'' if len(hits) == 1 else 's'} found" if hits else "no leaks")
    )
    return EXIT_PROBLEMS if hits else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from aeportal.build.serve import serve

    serve(args.repo, args.portal, args.addr)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from aeportal.publish.nginx import Listen, publish

    listen = Listen(args.listen, args.server_name, args.tls_cert, args.tls_key)
    result = publish(args.site, args.out, args.credentials, listen=listen, server=args.server)
    for warning in result.warnings:
        print(f"aeportal: warning: {warning}", file=sys.stderr)
    print(f"published {len(result.targets)} portals for {result.server} into {result.out}")
    for target in result.targets:
        print(f"  /{target.key + '/':<43} user {result.users[target.key]}")
    print(f"include {result.out / 'nginx.conf'} in nginx's http {{ }} block")
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    from aeportal.trail.approve import record_approval

    checked = _load_checked(args.repo, clock.today())
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
        _print_report(Report(list(created.problems)), 1)
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


COMMANDS = {
    "approve": cmd_approve,
    "validate": cmd_validate,
    "build": cmd_build,
    "status": cmd_status,
    "email": cmd_email,
    "audit": cmd_audit,
    "serve": cmd_serve,
    "publish": cmd_publish,
    "schema": cmd_schema,
    "new": cmd_new,
    "init": cmd_init,
}


def _internal_error(exc: Exception, argv: Sequence[str] | None) -> int:
    """Report a bug in a few lines (the traceback under AEPORTAL_DEBUG=1) and return 70."""
    import os
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status.

    0 ok, 1 problems found, 2 usage or input, 70 an internal error (a bug).
    """
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
    except BrokenPipeError:
        # The reader went away (`aeportal schema | head -1`): stop quietly, as cat would.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # anything else is a bug: never exit 1, which means findings
        return _internal_error(exc, argv)
