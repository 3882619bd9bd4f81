"""The contract users rely on, as a property: what validates builds, and nothing crashes.

For any account tree, `aeportal validate` and `aeportal build` end with a status (never a
traceback, never the internal-error status), and when validate says the tree is clean
(status 0), the build succeeds (status 0), and so do `aeportal status` and `aeportal
email` (or they refuse an account they cannot serve, with status 2). Every command runs
under a hang guard (``GUARD``): a generous bound that fails the test instead of stalling
CI, not a timing.

The trees start from the valid account of ``conftest`` (so that many of them get as far
as a build) and from the generators of ``test_hostile`` (random and hostile trees), and
are widened to the classes of input that broke the contract before: extreme numbers and
dates, deep and pathological Markdown (nested lists and quotes, unclosed brackets),
Unicode line separators, attribute lists in titles, and links and images to files that
exist and files that do not.

In CI the examples are derandomized (the same on every run, no example database) and few
enough to take about a minute. To search longer, with new random examples on each run:

    AEPORTAL_CONTRACT_EXAMPLES=500 python3 -m pytest -q tests/test_contract.py

A failure prints the smallest tree hypothesis found, and how to reproduce it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from conftest import ACCOUNT, BRIEF, MEETING, TIMELINE, TODAY, VALID
from test_hostile import (
    FUZZ,
    account_trees,
    fresh_folder,
    hostile_accounts,
    run,
    write_tree,
    yaml_quoted,
)

GUARD = 300.0  # seconds for one command; a build of one of these trees takes a few
EXAMPLES = int(os.environ.get("AEPORTAL_CONTRACT_EXAMPLES", "0"))
CONTRACT = settings(
    FUZZ, max_examples=EXAMPLES or 24, derandomize=not EXAMPLES, print_blob=bool(EXAMPLES)
)
BUILD = ["--no-history", "--jobs", "1", "--quiet"]
CHANGE = "accounts/acme/changes/cr-001.md"
REPORT = "accounts/acme/reports/october.md"
Files = dict[str, str | bytes]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
Edit = Callable[[Files], None]


def replace(path: str, old: str, new: str) -> Edit:
    """An edit of one file: ``old`` replaced by ``new`` (nothing if an earlier edit took it)."""

    def apply(files: Files) -> None:
        text = files.get(path)
        if isinstance(text, str) and old in text:
            files[path] = text.replace(old, new, 1)

    return apply


def add(path: str, text: str) -> Edit:
    def apply(files: Files) -> None:
        files[path] = text

    return apply


# --- extreme numbers and dates ---------------------------------------------------------------

NUMBER_LINES = [
    (ACCOUNT, "quantity: 10"),
    (ACCOUNT, "revision_rounds: 1"),
    (ACCOUNT, "sla_days: 2"),
    (ACCOUNT, "value: 12000"),
    (ACCOUNT, "target: 50000"),
    (BRIEF, "quantity: 1"),
    (BRIEF, "round: 1"),
    (CHANGE, "cost: 100"),
    (CHANGE, "timeline_impact_days: 3"),
    (CHANGE, "quantity: 1"),
    (ACCOUNT, "score: 4"),
    (REPORT, "actual: 1000"),
]
numbers = st.one_of(
    st.sampled_from([0, 1, -1, 2**31, 2**53 + 1, 2**63, 10**18, 10**100, 10**299, -(10**299)]),
    st.integers(-(10**40), 10**40),
    st.integers(301, 6000).map(lambda n: "9" * n),
    st.integers(1, 5000).map(lambda n: "0x" + "f" * n),
    st.sampled_from(["1.7976931348623157e+308", "1e400", "-1e400", "0.0", "1." + "5" * 400]),
    st.integers(300, 400).map(lambda n: "1" * n + ".5"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
).map(str)

DATE_LINES = [
    (ACCOUNT, "start: 2026-01-01"),
    (ACCOUNT, "end: 2026-12-31"),
    (TIMELINE, "start: 2026-01-05"),
    (TIMELINE, "due: 2026-01-10"),
    (TIMELINE, "done: 2026-01-09"),
    (TIMELINE, "start: 2026-11-01"),
    (TIMELINE, "due: 2026-12-01"),
    (TIMELINE, "sent: 2026-11-10"),
    (BRIEF, "due: 2026-12-01"),
    (BRIEF, "date: 2026-11-15"),
    (MEETING, "date: 2026-01-09"),
    (MEETING, "due: 2026-01-20"),
    (MEETING, "done: 2026-01-19"),
    (CHANGE, "requested_on: 2026-11-02"),
    (ACCOUNT, "date: 2026-10-01"),
    (REPORT, "period_start: 2026-10-01"),
]
dates = st.one_of(
    st.sampled_from(
        [
            "0001-01-01", "0001-01-02", "0001-12-31", "1900-02-28", "1970-01-01", "2000-02-29",
            "2026-11-22", "2026-11-23", "2026-11-24", "9998-12-31", "9999-01-01", "9999-12-30",
            "9999-12-31", "10000-01-01", "0000-01-01", "2026-02-29",
        ]
    ),
    st.dates().map(str),
)  # fmt: skip


@st.composite
def number_edits(draw: st.DrawFn) -> Edit:
    path, line = draw(st.sampled_from(NUMBER_LINES))
    key = line.split(":")[0]
    return replace(path, line, f"{key}: {draw(numbers)}")


@st.composite
def date_edits(draw: st.DrawFn) -> Edit:
    path, line = draw(st.sampled_from(DATE_LINES))
    key = line.split(":")[0]
    return replace(path, line, f"{key}: {draw(dates)}")


@st.composite
def all_dates_edits(draw: st.DrawFn) -> Edit:
    """Every date of every file moved to one day, so that they stay in order."""
    day = draw(dates)

    def apply(files: Files) -> None:
        for path, text in files.items():
            if isinstance(text, str):
                files[path] = ISO_DATE.sub(day, text)

    return apply


# --- titles and values -----------------------------------------------------------------------

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\r\n"]
ATTRIBUTE_LISTS = [
    "{#__search}", "{#__drawer}", "{: #__primary }", '{style="display: none"}', "{.md-typeset}",
    "{: .md-header data-md-component=header }", "{#x .y z=1}", "{:}", "{",
]  # fmt: skip
TITLE_LINES = [
    (BRIEF, "title: Launch post"),
    (TIMELINE, "title: Campaign launch"),
    (TIMELINE, "title: Brand assets arrive late"),
    (MEETING, "title: Kickoff workshop"),
    (ACCOUNT, "name: Acme Coffee"),
    (ACCOUNT, "name: Social media post"),
    (ACCOUNT, "text: Reach more coffee drinkers in Hanoi"),
    (TIMELINE, "mitigation: Weekly reminder"),
    (BRIEF, "summary: Shorter headline"),
    (MEETING, "task: Send the brand guide"),
    (MEETING, "- Start with social posts"),
]
value_text = st.lists(
    st.sampled_from(ATTRIBUTE_LISTS)
    | st.sampled_from(SEPARATORS)
    | st.sampled_from(["Launch", " ", "*x*", "[a](b.md)", "![i](missing.png)", "`c`", "&amp;"])
    | st.text(max_size=8),
    min_size=1,
    max_size=5,
).map("".join)


@st.composite
def value_edits(draw: st.DrawFn) -> Edit:
    path, line = draw(st.sampled_from(TITLE_LINES))
    key, _, value = line.partition(": ")
    text = draw(value_text)
    # Quoted, any character escaped where YAML needs it; or as written, separators raw.
    quoted = draw(st.booleans())
    written = yaml_quoted(f"{value} {text}") if quoted else f"{value} {text}"
    return replace(path, line, f"{key}: {written}")


# --- bodies ----------------------------------------------------------------------------------


def nested_list(depth: int) -> str:
    return "\n".join("  " * level + "- item" for level in range(depth))


def nested_quote(depth: int) -> str:
    return ">" * depth + " quoted"


LINKS = [
    "[brief](launch-post.md)",
    "[meeting](../meetings/kickoff.md)",
    "[missing](missing.md)",
    "[missing](../meetings/missing.md)",
    "[outside](../../../README.md)",
    "[anchor](#nowhere)",
    "[web](https://example.com/x)",
    "![logo](../assets/logo.png)",
    "![missing](missing.png)",
    "![missing](../assets/missing.png)",
    "[ref][r]\n\n[r]: missing.md",
    "<https://example.com>",
    "[empty]()",
    "[x](<missing file.md>)",
]
UNCLOSED = ["[", "![", "(", "*", "_", "<", "`", "[x](", "{", "*a_", "<!--", "```\n"]
body_piece = st.one_of(
    st.integers(1, 300).map(nested_list),
    st.integers(1, 300).map(nested_quote),
    st.tuples(
        st.sampled_from(["[", "![", "(", "*", "_", "<", "`", "[x](", "{", "*a_"]),
        st.integers(1, 1000),
    ).map(lambda p: p[0] * p[1]),
    st.sampled_from(LINKS),
    st.sampled_from(SEPARATORS).map(lambda s: f"line{s}break"),
    st.sampled_from(ATTRIBUTE_LISTS).map(lambda a: f"# Heading {a}"),
    st.text(max_size=40),
)
bodies = st.lists(body_piece, min_size=1, max_size=4).map("\n\n".join)


@st.composite
def body_edits(draw: st.DrawFn) -> Edit:
    body = draw(bodies)
    path = draw(st.sampled_from([BRIEF, MEETING, CHANGE, REPORT]))
    edits = [
        replace(path, "One post announcing the new cold brew.\n", body + "\n"),
        replace(path, "Notes from the workshop.\n", body + "\n"),
        replace(path, "---\nBody.\n", f"---\n{body}\n"),
    ]

    def apply(files: Files) -> None:
        for e in edits:
            e(files)

    return apply


# Documents that the valid account lacks, so that their numbers and dates can be edited.
EXTRA: Files = {
    CHANGE: (
        "---\ntitle: More posts\nrequested_by: lan\nrequested_on: 2026-11-02\nadds:\n"
        "  - scope: social-post\n    quantity: 1\ncost: 100\ntimeline_impact_days: 3\n"
        "status: approved\ndecided_by: lan\ndecided_on: 2026-11-03\n---\nBody.\n"
    ),
    REPORT: (
        "---\ntitle: October\ndate: 2026-11-01\nperiod_start: 2026-10-01\n"
        "period_end: 2026-10-31\nresults:\n  - objective: reach\n    actual: 1000\n---\nBody.\n"
    ),
    "accounts/acme/assets/logo.png": b"\x89PNG\r\n\x1a\n",
}
SURVEY = "surveys:\n  - date: 2026-10-01\n    type: csat\n    score: 4\n    by: lan\n"


@st.composite
def contract_trees(draw: st.DrawFn) -> Files:
    """The valid account (or a hostile or random one) with edits of the classes above."""
    base = draw(st.sampled_from(["valid", "valid", "valid", "hostile", "random"]), label="base")
    if base == "random":
        return dict(draw(account_trees()))
    files: Files = dict(draw(hostile_accounts()) if base == "hostile" else VALID)
    files.update(EXTRA)
    account = files[ACCOUNT]
    assert isinstance(account, str)
    files[ACCOUNT] = account + SURVEY
    edits = st.one_of(number_edits(), date_edits(), all_dates_edits(), value_edits(), body_edits())
    for edit in draw(st.lists(edits, min_size=1, max_size=4)):
        edit(files)
    return files


# The day the commands take for today: mostly the one the trees are written for, else the
# edges of the years the format allows (1970–2200), or a day beyond them (a usage error).
EDGES = ["1970-01-01", "1970-01-15", "2200-12-17", "2200-12-31"]
todays = st.sampled_from([TODAY] * 4 + EDGES + ["0001-01-01", "9999-12-31"])


@CONTRACT
@given(tree=contract_trees(), today=todays)
def test_what_validates_builds_and_nothing_crashes(
    tree: Files, today: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = write_tree(fresh_folder(tmp_path_factory.getbasetemp()) / "repo", tree)
    checked = run(["validate", ".", "--today", today, "--no-history"], root, GUARD)
    if not "1970" <= today[:4] <= "2200":
        assert checked.status == 2 and "is outside the years 1970–2200" in checked.err
        assert run(["build", ".", "--today", today, *BUILD], root, GUARD).status == 2
        assert not (root / "site").exists()
        return
    assert checked.status in (0, 1), checked.err
    assert checked.err == ""
    built = run(["build", ".", "--today", today, *BUILD], root, GUARD)
    event("validated clean" if checked.status == 0 else "refused by validate")
    if checked.status == 0:
        assert built.status == 0, built.err
        # The status update and its e-mail read the same model: they may refuse (no such
        # account, no address to send from: status 2), never crash.
        for command in (["status", "acme"], ["email", "acme"]):
            done = run([*command, "--today", today], root, GUARD)
            assert done.status in (0, 2), done.err
    else:
        assert built.status == 1, built.err
        assert not (root / "site").exists()


def test_the_valid_account_with_every_extra_document_builds(tmp_path: Path) -> None:
    # The start of most examples: were it not clean, no example would reach a build.
    account = VALID[ACCOUNT] + SURVEY
    root = write_tree(tmp_path / "repo", {**VALID, **EXTRA, ACCOUNT: account})
    assert run(["validate", ".", "--today", TODAY, "--no-history"], root).status == 0
    assert run(["build", ".", "--today", TODAY, *BUILD], root).status == 0
