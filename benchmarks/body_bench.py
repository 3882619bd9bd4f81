"""How long the build's Markdown takes on the worst bodies, beyond and within validate's limits.

For each pathological construct, a body of 10, 20, 40 and 80 KB is sanitised and
converted as a page is built (the packaged Markdown extensions, AE Portal's inline
shortcuts), once as the construct comes (``beyond``: what validate now refuses with
BODY001-BODY003) and once at the limits (``within``: the worst that validates, the
construct repeated in paragraphs as large as allowed). Within the limits the time
should grow with the size, no faster:

    python3 benchmarks/body_bench.py [--timeout 20] [--only "unclosed ["]

Each conversion runs in a child process, stopped after ``--timeout`` seconds of wall
time (shown as ``> N s``); the figures are its CPU time, so that other work on the
machine does not bend the curve. A RecursionError is shown as such. Nothing asserts
on the time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Callable

from aeportal.build.engines.mkdocs import speedups
from aeportal.check.links import build_markdown
from aeportal.check.markup import (
    MAX_DEPTH,
    MAX_MARKS_TIMES_LENGTH,
    MAX_UNCLOSED,
    find_too_complex,
    sanitize,
)

SIZES = (10_000, 20_000, 40_000, 80_000)
LONGEST = int(MAX_MARKS_TIMES_LENGTH**0.5) - 10  # a paragraph of marks only, within BODY003


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _paragraphs(unit: str, per_paragraph: int, size: int) -> str:
    return _repeat(unit * per_paragraph + "\n\n", size)


def _nested_list(levels: int, indent: str = "    ") -> str:
    return "".join(indent * depth + "- item\n" for depth in range(levels)) + "\n"


# name: (beyond the limits, within them), each a body of about the given size.
CONSTRUCTS: dict[str, tuple[Callable[[int], str], Callable[[int], str]]] = {
    "unclosed [": (
        lambda n: "[" * n,
        lambda n: _paragraphs("[", MAX_UNCLOSED, n),
    ),
    "unclosed ![": (
        lambda n: "![" * (n // 2),
        lambda n: _paragraphs("![", MAX_UNCLOSED, n),
    ),
    "[a]( unclosed": (
        lambda n: "[a](" * (n // 4),
        lambda n: _paragraphs("[a](", MAX_UNCLOSED, n),
    ),
    "unclosed <": (
        lambda n: "<a " * (n // 3),
        lambda n: _paragraphs("<a ", MAX_UNCLOSED, n),
    ),
    "backslashes": (
        lambda n: "\\" * n,
        lambda n: _paragraphs("\\", LONGEST, n),
    ),
    "closed links": (
        lambda n: "[x](y.md) " * (n // 10),
        lambda n: _paragraphs("[x](y.md) ", LONGEST // 10, n),
    ),
    "nested list": (
        lambda n: _nested_list(int((2 * n) ** 0.5), "\t"),  # a tab indents a level too
        lambda n: _repeat(_nested_list(MAX_DEPTH), n),
    ),
    "nested quote": (
        lambda n: ">" * n + " a\n",
        lambda n: _repeat(">" * MAX_DEPTH + " a\n\n", n),
    ),
}


def _convert(body: str, out: multiprocessing.Queue[str]) -> None:
    speedups.install()
    md = build_markdown()
    started = time.process_time()  # CPU time: a busy machine delays, but adds no work
    try:
        md.convert(sanitize(body))
    except RecursionError:
        out.put("RecursionError")
        return
    out.put(f"{time.process_time() - started:.2f} s")


def timed(body: str, timeout: float) -> str:
    out: multiprocessing.Queue[str] = multiprocessing.Queue()
    child = multiprocessing.Process(target=_convert, args=(body, out))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"> {timeout:g} s"
    return out.get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    print("| construct | " + " | ".join(f"{size // 1000} KB" for size in SIZES) + " |")
    print("|---|" + "---|" * len(SIZES))
    for name, (beyond, within) in CONSTRUCTS.items():
        if args.only and args.only != name:
            continue
        for label, make in (("beyond", beyond), ("within", within)):
            cells = []
            for size in SIZES:
                body = make(size)
                refused = bool(find_too_complex(body))
                assert refused == (label == "beyond"), (name, label, size)
                cells.append(timed(body, args.timeout))
                if cells[-1].startswith(">"):
                    cells += ["—"] * (len(SIZES) - len(cells))
                    break
            print(f"| {name}, {label} the limits | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
