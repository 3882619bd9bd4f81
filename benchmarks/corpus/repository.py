"""Putting it together: plan, history, ``git fast-import`` into a new repository."""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path
from typing import Any

from .common import KINDS, TODAY
from .deliverables import FILES_PER_ACCOUNT, add_deliverables
from .history import account_steps, build_history
from .plan import plan_account
from .text import between, days
from .versions import account_docs, append_log, log_entry


def git(repo: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True)
    if done.returncode:
        raise RuntimeError(f"git {args[0]} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode().strip()


def make_corpus(
    out: Path, accounts: int, docs: int, commits: int, seed: int, files: bool = False
) -> dict[str, Any]:
    """Write the corpus into a new git repository at ``out``; return a summary.

    With ``files``, the last of the ``commits`` adds versions with files (two images and a
    PDF) to the first brief of every account (see ``deliverables``).
    """
    started = time.perf_counter()
    if accounts < 1 or docs < 5 or commits < 2 + files:
        raise ValueError(
            f"need at least 1 account, 5 documents per account and {2 + files} commits"
        )
    if files:
        commits -= 1  # the deliverables' commit comes last
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"{out} exists and is not an empty folder")
    rng = random.Random(seed)
    languages = ["vi"] * ((accounts + 1) // 2) + ["en"] * (accounts // 2)
    rng.shuffle(languages)
    names: set[str] = set()
    plans = [plan_account(i, lang, seed, names, docs) for i, lang in enumerate(languages)]
    all_docs = {a.slug: account_docs(a) for a in plans}
    # A long history over few documents: more entries in each account plan's log.
    total = sum(len(account_steps(a, all_docs[a.slug])) for a in plans)
    wanted = int((commits - 1) * 1.1)
    if total < wanted:
        share = -(-(wanted - total) // len(plans))
        for a in plans:
            doc = next(d for d in all_docs[a.slug] if d.kind == "internal")
            log_rng = random.Random(seed * 31 + a.index)
            for day in sorted(between(log_rng, a.created + days(1), TODAY) for _ in range(share)):
                append_log(doc, day, log_entry(a, log_rng))
    history = build_history(plans, all_docs, commits, rng)
    out.mkdir(parents=True, exist_ok=True)
    git(out, "init", "-q", "-b", "main")
    git(out, "fast-import", "--quiet", data=history.stream())
    git(out, "reset", "-q", "--hard", "main")
    written = add_deliverables(out, seed) if files else 0
    tree = [p for p in out.rglob("*") if p.is_file() and ".git" not in p.relative_to(out).parts]
    return {
        "out": str(out),
        "accounts": len(plans),
        "languages": {lang: languages.count(lang) for lang in ("vi", "en")},
        "documents": sum(1 for p in tree if p.suffix == ".md" and p.parent.name in KINDS),
        "files": len(tree),
        "bytes": sum(p.stat().st_size for p in tree),
        "commits": int(git(out, "rev-list", "--count", "HEAD")),
        "pr_merges": history.kinds["merge"],
        "branch_commits": history.kinds["branch"],
        "squash_merges": history.kinds["squash"],
        "direct_commits": history.kinds["direct"],
        "renames": history.renames,
        "approvals": history.approvals,
        "deliverables": FILES_PER_ACCOUNT * len(plans) if files else 0,
        "deliverable_bytes": written,
        "head": git(out, "rev-parse", "HEAD"),
        "seconds": time.perf_counter() - started,
    }
