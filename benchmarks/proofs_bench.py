"""Builds with deliverables: previews made once per file, and again only for a replaced one.

    python3 benchmarks/proofs_bench.py [--accounts 20] [--docs 10] [--commits 300] [--jobs 2]

Generates the corpus with `benchmarks/make_corpus.py --files`: the first brief of every
account has two versions with files (two 1600 × 1000 images and a three-page PDF, generated,
different in every account). Then, in one run:

- a full `aeportal build` with no preview kept (`.git/aeportal/previews/` emptied);
- a full build again from an empty output folder, the previews kept from the first;
- a rebuild after replacing one image of one account.

For each it prints the seconds and how many files were made (stripped images and previews
written into `.git/aeportal/previews/`): the second build makes none, the rebuild only the
replaced image's.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "scripts"))

from corpus.deliverables import FILES_PER_ACCOUNT, image  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

TODAY = "2026-11-23"


def timed_build(root: Path, jobs: int) -> tuple[float, int, str]:
    """(seconds, files made into the preview cache, the build's first line)."""
    previews = root / ".git" / "aeportal" / "previews"
    before = set(previews.iterdir()) if previews.is_dir() else set()
    cmd = [sys.executable, "-m", "aeportal", "build", ".", "--today", TODAY, "--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"build failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
        )
    made = set(previews.iterdir()) - before if previews.is_dir() else set()
    lines = (done.stdout + done.stderr).strip().splitlines()
    return seconds, len(made), lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus in this folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aeportal-proofs-bench-"))
    root = args.keep or work / "corpus"
    try:
        summary = make_corpus(root, args.accounts, args.docs, args.commits, args.seed, files=True)
        written = summary["deliverable_bytes"]
        shutil.rmtree(root / ".git" / "aeportal" / "previews", ignore_errors=True)
        cold = timed_build(root, args.jobs)
        shutil.rmtree(root / "site")
        warm = timed_build(root, args.jobs)
        replaced = sorted((root / "accounts").glob("*/assets/*/design-v2.png"))[0]
        replaced.write_bytes(image(999_999))
        rebuild = timed_build(root, args.jobs)
        site = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        kept = root / ".git" / "aeportal" / "previews"
        cache = sum(p.stat().st_size for p in kept.iterdir())
        digest = hashlib.sha256(replaced.read_bytes()).hexdigest()[:16]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    mb = 1_000_000
    print(
        f"{args.accounts} accounts, {FILES_PER_ACCOUNT * args.accounts} files "
        f"({written / mb:.1f} MB) in versions"
    )
    print(f"{'build':<48} {'seconds':>8} {'files made':>11}")
    for name, (seconds, made, _) in (
        ("full build, no preview kept", cold),
        ("full build again (empty site/), previews kept", warm),
        (f"rebuild after replacing one image ({digest})", rebuild),
    ):
        print(f"{name:<48} {seconds:>8.1f} {made:>11}")
    print(f"site {site / mb:.1f} MB; previews kept {cache / mb:.1f} MB; last build: {rebuild[2]}")
    return 0 if warm[1] == 0 and rebuild[1] == 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
