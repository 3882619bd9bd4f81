"""`aeportal build`, `serve` and `publish`: the portals, built, previewed and deployed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aeportal.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Subparsers,
    as_of,
    day,
    history_options,
    print_report,
    require_review,
    shard,
)
from aeportal.diagnostics import Report


def add_build(sub: Subparsers) -> None:
    p = sub.add_parser("build", help="validate, then build every portal into site/")
    p.add_argument("path", nargs="?", default=".", type=Path, help="the repository (default: .)")
    p.add_argument("--account", metavar="SLUG", help="rebuild only this account's portals")
    p.add_argument("--today", type=day, default=None, help="date of the status (YYYY-MM-DD)")
    p.add_argument(
        "--jobs", type=int, default=0, help="portals built at once (default: the number of cores)"
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default: PATH/site)")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")
    p.add_argument(
        "--shard",
        type=shard,
        default=None,
        metavar="I/N",
        help="build only the I-th of N disjoint sets of portals (for a CI matrix)",
    )
    engine_option(p)
    history_options(p)
    p.set_defaults(run=cmd_build)


def add_serve(sub: Subparsers) -> None:
    p = sub.add_parser("serve", help="preview one portal with live reload")
    p.add_argument("portal", help="an account slug (its client portal) or `internal`")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
    engine_option(p)
    p.set_defaults(run=cmd_serve)


def engine_option(p: argparse.ArgumentParser) -> None:
    from aeportal.build.engines import NAMES

    p.add_argument(
        "--engine",
        choices=NAMES,
        default=None,
        metavar="NAME",
        help=f"the site engine: {', '.join(NAMES)} (default: as mkdocs.yml says, else mkdocs)",
    )


def add_publish(sub: Subparsers) -> None:
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
    p.set_defaults(run=cmd_publish)


def cmd_build(args: argparse.Namespace) -> int:
    import os

    from aeportal.build.sites import ValidationFailed, build_sites, stderr_progress

    today = as_of(args, args.path)
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
            require_review=require_review(args),
            shard=args.shard,
            engine=args.engine,
        )
    except ValidationFailed as exc:
        print_report(exc.report, exc.accounts)
        print("aeportal: not built; the previous site is untouched", file=sys.stderr)
        return EXIT_PROBLEMS
    warnings = result.checked.report.warnings
    if warnings:
        print_report(Report(warnings), len(result.checked.portfolio.accounts))
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


def cmd_serve(args: argparse.Namespace) -> int:
    from aeportal.build import engines

    engines.choose(args.engine, args.repo / "mkdocs.yml").serve(args.repo, args.portal, args.addr)
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
