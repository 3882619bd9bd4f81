"""A realistic corpus of accounts in a real git repository, for benchmarks and manual tests.

    python3 benchmarks/make_corpus.py --accounts 100 --docs 30 --commits 5000 --seed 1 \\
        --out /tmp/corpus100

Writes ``--accounts`` client accounts under ``accounts/`` of a new git repository at ``--out``
(which must not exist or be empty): about half in Vietnamese (``language: vi``), half in
English, each with an account.yml (naming its account executive and lead), a timeline.yml, a
relationship.yml (two earlier yearly contracts, each renewed on a larger value, a resolved
complaint, an open escalation, a referral, a declined proposal and one never sent) and
``--docs`` Markdown documents (about half briefs, the rest change requests, meetings, reports
and internal notes). Everything validates with ``aeportal validate OUT --today 2026-11-23``.

The history has exactly ``--commits`` commits, written with ``git fast-import``: an initial
import (the accounts as they stood on some date), then every later change of every document
in date order, as GitHub pull-request merges (two parents), squash merges ``Subject (#N)``,
direct commits (approvals there carry ``Approved-by:`` trailers) and renames. Every version
of every file is valid. Approvals land through reviewed commits; a few briefs are edited
after their approval (HIST001 warnings), some are sent back and approved again. The same
seed gives the same commits, byte for byte.

With ``--files``, the last of the commits gives the first brief of every account two
versions with files: two 1600 × 1000 PNG designs and a three-page PDF under
``accounts/<slug>/assets/<brief>/``, different in every account, the same for a seed.

Also importable: ``make_corpus(out, accounts, docs, commits, seed, files=False)`` returns a
summary dict.
The generators are in ``benchmarks/corpus/``, one part per module (see its ``__init__.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus.repository import make_corpus

__all__ = ["main", "make_corpus"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--docs", type=int, default=30, help="Markdown documents per account")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    parser.add_argument(
        "--files",
        action="store_true",
        help="give the first brief of every account versions with files (images, a PDF)",
    )
    args = parser.parse_args(argv)
    try:
        s = make_corpus(
            args.out, args.accounts, args.docs, args.commits, args.seed, files=args.files
        )
    except ValueError as exc:
        parser.error(str(exc))
    deliverables = (
        f", {s['deliverables']} deliverable files ({s['deliverable_bytes']:,} bytes)"
        if s["deliverables"]
        else ""
    )
    print(
        f"{s['accounts']} accounts ({s['languages']['vi']} vi, {s['languages']['en']} en), "
        f"{s['documents']} documents, {s['commits']} commits ({s['pr_merges']} PR merges, "
        f"{s['squash_merges']} squash merges, {s['direct_commits']} direct, {s['renames']} "
        f"renames){deliverables}, {s['bytes']:,} bytes in {s['files']} files, "
        f"{s['seconds']:.1f} s: "
        f"{s['out']} (HEAD {s['head'][:12]})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
