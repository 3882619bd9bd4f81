"""Benchmark of the history index: one pass over a generated repository vs `git log` per file.

    python3 benchmarks/history_bench.py [--commits 10000] [--files 3000] [--runs 5] [--sample 60]

The repository is generated with `git fast-import` (deterministic: fixed seed and dates):
100 accounts of briefs, pull-request merges with GitHub-style subjects, squash merges, direct
commits with Approved-by: trailers, renames and status changes. The baseline runs
`git log --follow` for a random sample of files and scales its time to all files (a full
baseline of 3,000 processes would take minutes and measures the same thing).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from aeportal.trail.history import build_index

STATUSES = ["draft", "in_review", "approved", "in_production", "delivered"]


def brief(title: str, status: int, revision: int) -> bytes:
    approved = "approved_by: lan\napproved_on: 2026-10-01\n" if status >= 2 else ""
    text = (
        f"---\ntitle: {title}\nscope: post\nstatus: {STATUSES[status]}\nowner: minh\n"
        f"{approved}---\n# {title}\n\nRevision {revision}.\n"
    )
    return text.encode()


def generate(root: Path, commits: int, files: int, seed: int) -> list[str]:
    """A repository of ``commits`` commits over ``files`` briefs; returns the current paths."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    paths = [f"accounts/acct-{i % 100:03d}/briefs/brief-{i:04d}.md" for i in range(files)]
    state = {p: [0, 0] for p in paths}  # status index, revision
    out: list[bytes] = []
    mark = 0
    when = 1_760_000_000

    def commit(
        branch: str,
        subject: str,
        changes: list[bytes],
        parent: int | None,
        merge: int | None = None,
    ) -> int:
        nonlocal mark, when
        mark += 1
        when += 60
        message = subject.encode()
        out.append(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        out.append(f"author Sam AE <sam@agency.example> {when} +0000\n".encode())
        out.append(f"committer Sam AE <sam@agency.example> {when} +0000\n".encode())
        out.append(f"data {len(message)}\n".encode() + message + b"\n")
        if parent is not None:
            out.append(f"from :{parent}\n".encode())
        if merge is not None:
            out.append(f"merge :{merge}\n".encode())
        out.extend(changes)
        return mark

    def modify(path: str) -> bytes:
        s = state[path]
        s[1] += 1
        if rng.random() < 0.3 and s[0] < len(STATUSES) - 1:
            s[0] += 1
        data = brief(path.rsplit("/", 1)[-1], s[0], s[1])
        return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"

    initial = [modify(p) for p in paths]
    main = commit("main", "Add the accounts", initial, None)
    made = 1
    pr = 0
    while made < commits:
        kind = rng.random()
        if kind < 0.5 and made + 3 <= commits:  # a pull request of two commits, merged --no-ff
            pr += 1
            first = commit(f"pr-{pr}", "Work on briefs", [modify(rng.choice(paths))], main)
            second = commit(f"pr-{pr}", "Review fixes", [modify(rng.choice(paths))], first)
            main = commit("main", f"Merge pull request #{pr} from agency/pr-{pr}", [], main, second)
            made += 3
        elif kind < 0.8:  # a squash merge
            pr += 1
            main = commit(
                "main",
                f"Update briefs (#{pr})",
                [modify(rng.choice(paths)) for _ in range(2)],
                main,
            )
            made += 1
        elif kind < 0.85:  # a rename
            old = rng.choice(paths)
            new = old.replace(".md", f"-v{made}.md")
            paths[paths.index(old)] = new
            state[new] = state.pop(old)
            main = commit("main", f"Rename {old}", [f"R {old} {new}\n".encode()], main)
            made += 1
        else:  # approved directly with a trailer
            main = commit(
                "main",
                "Record approval\n\nApproved-by: Lan <lan@client.example>",
                [modify(rng.choice(paths))],
                main,
            )
            made += 1
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aeportal-history-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        paths = generate(root, args.commits, args.files, args.seed)
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"],
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(
            f"repository: {count} commits, {len(paths)} files "
            f"(generated in {time.perf_counter() - started:.1f} s)"
        )
        documents = [root / p for p in paths]
        index_times, full_times = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            index = build_index(root)
            index_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            full = build_index(root, documents)
            full_times.append(time.perf_counter() - t0)
        approvals = sum(len(v) for v in full.approvals.values())
        print(
            f"history index (commits, PRs, renames):  median {statistics.median(index_times):.2f} s"
            f"  ({len(index.commits)} commits, {len(index.touches)} documents)"
        )
        print(
            f"  + approvals of every brief:           median {statistics.median(full_times):.2f} s"
            f"  ({approvals} approval events)"
        )
        # Later runs read the cache in .git/aeportal/ (the log of this HEAD, decisions by blob).
        print(
            f"first run, cache empty:                 {index_times[0]:.2f} s, "
            f"then {full_times[0]:.2f} s with the approvals"
        )
        rng = random.Random(args.seed)
        sample = rng.sample(paths, min(args.sample, len(paths)))
        t0 = time.perf_counter()
        for path in sample:
            subprocess.run(
                ["git", "log", "--follow", "--format=%H%x1f%an%x1f%aI%x1f%s", "--", path],
                cwd=root,
                check=True,
                capture_output=True,
            )
        per_file = (time.perf_counter() - t0) / len(sample)
        baseline = per_file * len(paths)
        print(
            f"baseline `git log --follow` per file:   {per_file * 1000:.0f} ms a file, "
            f"{baseline:.1f} s for {len(paths)} files (measured on {len(sample)})"
        )
        print(
            f"ratio: the one-pass index is {baseline / statistics.median(full_times):.0f}x "
            "faster than the per-file baseline"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
